//! A series as a table: one row per year with its interval, the figures it rests on and how a
//! partial year was annualised; and its text form.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Annualised, Series, SeriesPoint, SeriesSpec};
use crate::data::{Corridor, Estimate, FigureId, Flow};
use crate::error::{DataError, Error, FileError, Result};
use crate::table::{FromTable, Record, Row, Scale, Table, TextTable};

/// One year of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesRow {
    /// The corridor.
    pub corridor: Corridor,
    /// The flow.
    pub flow: Flow,
    /// The calendar year.
    pub year: i32,
    /// The value (annualised for a partial year), in US dollars.
    pub point: f64,
    /// Its lower end (empty when unbounded).
    pub lo: Option<f64>,
    /// Its upper end (empty when unbounded).
    pub hi: Option<f64>,
    /// The figure ids, `;`-separated.
    pub figures: String,
    /// `pro_rata` or `seasonal_share` for an annualised partial year.
    pub annualised: Option<String>,
    /// Months covered, for an annualised partial year.
    pub months: Option<u32>,
    /// The covered months' seasonal share, for `seasonal_share`.
    pub share: Option<f64>,
}

impl Row for SeriesRow {
    const REQUIRED: &'static [&'static str] = &["corridor", "flow", "year", "point", "figures"];
}

impl SeriesRow {
    fn from_point(spec: &SeriesSpec, p: &SeriesPoint) -> SeriesRow {
        let (point, lo, hi) = p.estimate.parts();
        let (annualised, months, share) = match p.annualised {
            None => (None, None, None),
            Some(Annualised::ProRata { months }) => (Some("pro_rata"), Some(months), None),
            Some(Annualised::SeasonalShare { months, share }) => {
                (Some("seasonal_share"), Some(months), Some(share))
            }
        };
        SeriesRow {
            corridor: spec.corridor,
            flow: spec.flow,
            year: p.year,
            point,
            lo,
            hi,
            figures: FigureId::join(&p.figures),
            annualised: annualised.map(str::to_owned),
            months,
            share,
        }
    }

    /// The series point, with its interval and annualisation checked.
    fn into_point(self, file: &str, line: u64) -> Result<SeriesPoint> {
        let annualised = match (self.annualised.as_deref(), self.months, self.share) {
            (None, _, _) => None,
            (Some("pro_rata"), Some(months), _) => Some(Annualised::ProRata { months }),
            (Some("seasonal_share"), Some(months), Some(share)) => {
                Some(Annualised::SeasonalShare { months, share })
            }
            (Some(other), _, _) => {
                return Err(Error::Data(DataError::UnknownKeyword {
                    what: "annualisation".into(),
                    text: other.to_owned(),
                    expected: "pro_rata (with months), seasonal_share (with months and share)"
                        .into(),
                })
                .at(file, line, "annualised"));
            }
        };
        Ok(SeriesPoint {
            year: self.year,
            estimate: Estimate::from_parts(self.point, self.lo, self.hi)
                .map_err(|e| e.at(file, line, "point"))?,
            figures: FigureId::split(&self.figures).map_err(|e| e.at(file, line, "figures"))?,
            annualised,
        })
    }
}

impl Table for Series {
    type Row = SeriesRow;
    const WHAT: &'static str = "a series";
    fn rows(&self) -> Result<Vec<SeriesRow>> {
        Ok(self
            .points()
            .iter()
            .map(|p| SeriesRow::from_point(self.spec(), p))
            .collect())
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        vec![
            crate::table::ColumnUnit::usd("point", "value_usd"),
            crate::table::ColumnUnit::usd("lo", "low_usd"),
            crate::table::ColumnUnit::usd("hi", "high_usd"),
        ]
    }
}

/// A series read back takes its corridor and flow from the rows, its other rules at their
/// defaults; a file holds one corridor and flow.
impl FromTable for Series {
    fn from_rows(file: &str, records: Vec<Record<SeriesRow>>) -> Result<Series> {
        let mut key: Option<(Corridor, Flow)> = None;
        let mut points = Vec::with_capacity(records.len());
        for Record { line, row, .. } in records {
            match key {
                None => key = Some((row.corridor, row.flow)),
                Some(k) if k != (row.corridor, row.flow) => {
                    return Err(Error::File(FileError::Csv {
                        file: file.to_owned(),
                        line,
                        message: "a series file holds one corridor and flow".into(),
                    }));
                }
                Some(_) => {}
            }
            points.push(row.into_point(file, line)?);
        }
        let (corridor, flow) = key.ok_or(Error::File(FileError::NoRecords {
            file: file.to_owned(),
        }))?;
        Series::from_points(SeriesSpec::new(corridor, flow), points)
    }
}

/// Year, value with its range, and the figures; then what was left out and why.
impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = TextTable::new(["year", "value [range]", "from"]).limit(2, 70);
        let scale = Scale::for_values(self.points().iter().flat_map(|p| {
            let iv = p.estimate.interval();
            [iv.lo(), iv.hi()]
        }));
        for p in self.points() {
            let iv = p.estimate.interval();
            t.row([
                p.year.to_string(),
                scale.fmt_range(p.estimate.point(), iv.lo(), iv.hi()),
                p.figures
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        writeln!(f, "{t}{}", scale.note())?;
        for k in self.skipped() {
            writeln!(f, "left out: {} ({})", k.figure, k.reason)?;
        }
        Ok(())
    }
}
