//! The result tables' row structs: one per table, flat, with serde derives. The CSV writers and
//! readers and the DataFrames (feature `polars`) all go through them. Interval ends are `None`
//! where unbounded (an empty CSV cell, a null in a DataFrame).

use serde::{Deserialize, Serialize};

use crate::audit::{Check, Finding, GrowthReading, Verdict};
use crate::data::{Corridor, Country, Estimate, FigureId, Interval, Period, Unit};
use crate::error::{Error, Result};
use crate::growth::{Series, TargetOutlook};
use crate::scenario::{PathSummary, ScenarioResult};
use crate::schema::Schema;

/// A finite number, or `None` for an unbounded end.
fn bounded(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// An estimate as point, lower and upper end.
fn parts(e: Estimate) -> (f64, Option<f64>, Option<f64>) {
    (
        e.point(),
        bounded(e.interval().lo()),
        bounded(e.interval().hi()),
    )
}

/// An optional estimate as point, lower and upper end, all empty without one.
fn optional_parts(e: Option<Estimate>) -> (Option<f64>, Option<f64>, Option<f64>) {
    e.map_or((None, None, None), |e| {
        let (p, lo, hi) = parts(e);
        (Some(p), lo, hi)
    })
}

/// The estimate from its parts (missing ends unbounded).
fn estimate(point: f64, lo: Option<f64>, hi: Option<f64>) -> Result<Estimate> {
    Estimate::new(
        point,
        Interval::new(lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY))?,
    )
}

/// Ids joined by `;`.
fn join_ids(ids: &[FigureId]) -> String {
    ids.iter()
        .map(FigureId::as_str)
        .collect::<Vec<_>>()
        .join(";")
}

fn split_ids(text: &str) -> Result<Vec<FigureId>> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(FigureId::new)
        .collect()
}

/// One audit finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FindingRow {
    pub id: String,
    pub check: Check,
    pub corridor: Option<Corridor>,
    pub period: Option<Period>,
    pub side: Option<Country>,
    pub reading: Option<GrowthReading>,
    /// The figure ids, `;`-separated.
    pub figures: String,
    pub derived_point: f64,
    pub derived_lo: Option<f64>,
    pub derived_hi: Option<f64>,
    pub compared_point: Option<f64>,
    pub compared_lo: Option<f64>,
    pub compared_hi: Option<f64>,
    pub unit: Unit,
    pub verdict: Verdict,
    pub explanation: String,
}

impl Schema for FindingRow {
    const REQUIRED: &'static [&'static str] =
        &["id", "check", "figures", "derived_point", "unit", "verdict"];
}

impl From<&Finding> for FindingRow {
    fn from(f: &Finding) -> FindingRow {
        let (derived_point, derived_lo, derived_hi) = parts(f.derived);
        let (compared_point, compared_lo, compared_hi) = optional_parts(f.compared);
        FindingRow {
            id: f.id.clone(),
            check: f.check,
            corridor: f.corridor,
            period: f.period,
            side: f.side,
            reading: f.reading,
            figures: join_ids(&f.figures),
            derived_point,
            derived_lo,
            derived_hi,
            compared_point,
            compared_lo,
            compared_hi,
            unit: f.unit,
            verdict: f.verdict,
            explanation: f.explanation.clone(),
        }
    }
}

impl FindingRow {
    /// The finding, with every interval checked.
    pub(crate) fn into_finding(self, file: &str, line: u64) -> Result<Finding> {
        let compared = match (self.compared_point, self.compared_lo, self.compared_hi) {
            (None, None, None) => None,
            (Some(p), lo, hi) => {
                Some(estimate(p, lo, hi).map_err(|e| e.at(file, line, "compared_point"))?)
            }
            (None, _, _) => return Err(Error::EmptyField.at(file, line, "compared_point")),
        };
        Ok(Finding {
            id: self.id,
            check: self.check,
            corridor: self.corridor,
            period: self.period,
            side: self.side,
            reading: self.reading,
            figures: split_ids(&self.figures).map_err(|e| e.at(file, line, "figures"))?,
            derived: estimate(self.derived_point, self.derived_lo, self.derived_hi)
                .map_err(|e| e.at(file, line, "derived_point"))?,
            compared,
            unit: self.unit,
            verdict: self.verdict,
            explanation: self.explanation,
        })
    }
}

/// One year of one component of a scenario result: `baseline`, each layer, `total`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ScenarioRow {
    pub scenario: String,
    pub year: i32,
    pub component: String,
    pub kind: String,
    pub value: f64,
    pub target: Option<f64>,
}

impl Schema for ScenarioRow {
    const REQUIRED: &'static [&'static str] = &["scenario", "year", "component", "kind", "value"];
}

/// The rows of a scenario result, component by component.
pub(crate) fn scenario_rows(r: &ScenarioResult) -> Vec<ScenarioRow> {
    let parts = std::iter::once(("baseline", "baseline", &r.baseline))
        .chain(
            r.contributions
                .iter()
                .map(|c| (c.layer.as_str(), c.kind.as_str(), &c.values)),
        )
        .chain(std::iter::once(("total", "total", &r.total)));
    let mut rows = Vec::new();
    for (component, kind, values) in parts {
        for (year, value) in r.years.iter().zip(values) {
            rows.push(ScenarioRow {
                scenario: r.scenario.clone(),
                year: *year,
                component: component.to_owned(),
                kind: kind.to_owned(),
                value: *value,
                target: r.target,
            });
        }
    }
    rows
}

/// One year of one sweep run; the axis values are the columns between `run` and `year`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SweepRow {
    pub run: usize,
    pub year: i32,
    pub total: f64,
}

impl Schema for SweepRow {
    const REQUIRED: &'static [&'static str] = &["run", "year", "total"];
}

keyword_enum! {
    /// What a summary row holds.
    pub(crate) enum Statistic: "summary statistic" {
        /// A quantile of the level (its level in `level`).
        Quantile = "quantile",
        /// The share of paths at or above the target by the year.
        ReachedBy = "reached_by",
    }
}

/// One row of a path summary: a quantile for a year, or the share reaching the target by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SummaryRow {
    pub year: i32,
    pub statistic: Statistic,
    pub level: Option<f64>,
    pub value: f64,
    pub paths: usize,
    pub target: f64,
    pub final_at_least_target: f64,
}

impl Schema for SummaryRow {
    const REQUIRED: &'static [&'static str] = &[
        "year",
        "statistic",
        "level",
        "value",
        "paths",
        "target",
        "final_at_least_target",
    ];
}

/// The rows of a path summary: quantile rows level by level, then `reached_by` rows.
pub(crate) fn summary_rows(s: &PathSummary) -> Vec<SummaryRow> {
    let row = |year: i32, statistic, level, value| SummaryRow {
        year,
        statistic,
        level,
        value,
        paths: s.paths,
        target: s.target,
        final_at_least_target: s.final_at_least_target,
    };
    let mut rows = Vec::new();
    for (q, fan) in s.quantile_levels.iter().zip(&s.fan) {
        for (y, v) in s.years.iter().zip(fan) {
            rows.push(row(*y, Statistic::Quantile, Some(*q), *v));
        }
    }
    for (y, v) in s.years.iter().zip(&s.reached_by) {
        rows.push(row(*y, Statistic::ReachedBy, None, *v));
    }
    rows
}

/// A path summary from its rows, checking that every quantile level covers the same years.
pub(crate) fn summary_from_rows(file: &str, rows: Vec<(u64, SummaryRow)>) -> Result<PathSummary> {
    let mut s = PathSummary {
        years: Vec::new(),
        paths: 0,
        target: 0.0,
        quantile_levels: Vec::new(),
        fan: Vec::new(),
        reached_by: Vec::new(),
        final_at_least_target: 0.0,
    };
    let mut reach_years = Vec::new();
    for (line, r) in rows {
        s.paths = r.paths;
        s.target = r.target;
        s.final_at_least_target = r.final_at_least_target;
        match (r.statistic, r.level) {
            (Statistic::ReachedBy, _) => {
                reach_years.push(r.year);
                s.reached_by.push(r.value);
            }
            (Statistic::Quantile, None) => {
                return Err(Error::EmptyField.at(file, line, "level"));
            }
            (Statistic::Quantile, Some(level)) => {
                match s.quantile_levels.iter().position(|q| *q == level) {
                    Some(i) => {
                        if let Some(f) = s.fan.get_mut(i) {
                            f.push(r.value);
                        }
                    }
                    None => {
                        s.quantile_levels.push(level);
                        s.fan.push(vec![r.value]);
                    }
                }
                if s.quantile_levels.len() == 1 {
                    s.years.push(r.year);
                }
            }
        }
    }
    if s.years.is_empty() {
        s.years = reach_years.clone();
    }
    let ragged = s.fan.iter().any(|f| f.len() != s.years.len())
        || (!s.reached_by.is_empty() && reach_years != s.years);
    if ragged {
        return Err(Error::Csv {
            file: file.to_owned(),
            line: 0,
            message: "the summary's quantile and reached_by rows do not cover the same years"
                .into(),
        });
    }
    Ok(s)
}

/// One year of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SeriesRow {
    pub corridor: Corridor,
    pub flow: crate::data::Flow,
    pub year: i32,
    pub point: f64,
    pub lo: Option<f64>,
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

impl Schema for SeriesRow {
    const REQUIRED: &'static [&'static str] = &["corridor", "flow", "year", "point", "figures"];
}

/// The rows of a series.
pub(crate) fn series_rows(s: &Series) -> Vec<SeriesRow> {
    use crate::growth::Annualised;
    s.points()
        .iter()
        .map(|p| {
            let (point, lo, hi) = parts(p.estimate);
            let (annualised, months, share) = match p.annualised {
                None => (None, None, None),
                Some(Annualised::ProRata { months }) => (Some("pro_rata"), Some(months), None),
                Some(Annualised::SeasonalShare { months, share }) => {
                    (Some("seasonal_share"), Some(months), Some(share))
                }
            };
            SeriesRow {
                corridor: s.spec().corridor,
                flow: s.spec().flow,
                year: p.year,
                point,
                lo,
                hi,
                figures: join_ids(&p.figures),
                annualised: annualised.map(str::to_owned),
                months,
                share,
            }
        })
        .collect()
}

impl SeriesRow {
    /// The series point, with its interval and annualisation checked.
    pub(crate) fn into_point(self, file: &str, line: u64) -> Result<crate::growth::SeriesPoint> {
        use crate::growth::Annualised;
        let annualised = match (self.annualised.as_deref(), self.months, self.share) {
            (None, _, _) => None,
            (Some("pro_rata"), Some(months), _) => Some(Annualised::ProRata { months }),
            (Some("seasonal_share"), Some(months), Some(share)) => {
                Some(Annualised::SeasonalShare { months, share })
            }
            (Some(other), _, _) => {
                return Err(Error::UnknownKeyword {
                    what: "annualisation".into(),
                    text: other.to_owned(),
                    expected: "pro_rata (with months), seasonal_share (with months and share)"
                        .into(),
                }
                .at(file, line, "annualised"));
            }
        };
        Ok(crate::growth::SeriesPoint {
            year: self.year,
            estimate: estimate(self.point, self.lo, self.hi)
                .map_err(|e| e.at(file, line, "point"))?,
            figures: split_ids(&self.figures).map_err(|e| e.at(file, line, "figures"))?,
            annualised,
        })
    }
}

/// One target year of an outlook against one historical rate (long format: a row per year and
/// rate; with no rates, one row per year with the rate columns empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TargetTableRow {
    pub year: i32,
    pub horizon: u32,
    pub required_point: f64,
    pub required_lo: Option<f64>,
    pub required_hi: Option<f64>,
    /// Empty when the series is too short for a trend, as are the trend's other columns.
    pub trend_point: Option<f64>,
    pub trend_lo: Option<f64>,
    pub trend_hi: Option<f64>,
    pub trend_probability: Option<f64>,
    /// The calibrated forecast's median, interval ends, and probability of the target with
    /// the range the inputs allow; empty without a forecast.
    pub forecast_point: Option<f64>,
    pub forecast_lo: Option<f64>,
    pub forecast_hi: Option<f64>,
    pub forecast_probability: Option<f64>,
    pub forecast_probability_lo: Option<f64>,
    pub forecast_probability_hi: Option<f64>,
    /// The historical rate's label.
    pub rate: Option<String>,
    /// The rate as a fraction.
    pub rate_value: Option<f64>,
    /// Whether that rate has reached the target by the year.
    pub reached: Option<bool>,
}

impl Schema for TargetTableRow {
    const REQUIRED: &'static [&'static str] = &["year", "horizon", "required_point"];
}

/// The rows of an outlook's target table.
pub(crate) fn target_rows(o: &TargetOutlook) -> Vec<TargetTableRow> {
    let mut rows = Vec::new();
    for r in &o.rows {
        let (required_point, required_lo, required_hi) = parts(r.required);
        let (trend_point, trend_lo, trend_hi) = optional_parts(r.trend_level);
        let (forecast_point, forecast_lo, forecast_hi) = optional_parts(r.forecast_level);
        let (forecast_probability, forecast_probability_lo, forecast_probability_hi) =
            optional_parts(r.forecast_probability);
        let row = |rate: Option<(&crate::growth::HistoricalRate, bool)>| TargetTableRow {
            year: r.year,
            horizon: r.horizon,
            required_point,
            required_lo,
            required_hi,
            trend_point,
            trend_lo,
            trend_hi,
            trend_probability: r.trend_probability,
            forecast_point,
            forecast_lo,
            forecast_hi,
            forecast_probability,
            forecast_probability_lo,
            forecast_probability_hi,
            rate: rate.map(|(h, _)| h.label.clone()),
            rate_value: rate.map(|(h, _)| h.rate.point()),
            reached: rate.map(|(_, b)| b),
        };
        if o.historical.is_empty() {
            rows.push(row(None));
        }
        for (h, reached) in o.historical.iter().zip(&r.reached) {
            rows.push(row(Some((h, *reached))));
        }
    }
    rows
}

/// One Comtrade total over commodity codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TradeTotalRow {
    pub year: i32,
    pub reporter: String,
    pub partner: String,
    pub flow: String,
    pub value: f64,
    pub basis: String,
    pub months: u8,
    pub rows: u64,
    pub file: String,
    pub line: u64,
}

impl From<&crate::data::TradeTotal> for TradeTotalRow {
    fn from(t: &crate::data::TradeTotal) -> TradeTotalRow {
        TradeTotalRow {
            year: t.year,
            reporter: t.reporter.to_string(),
            partner: t.partner.to_string(),
            flow: t.flow.to_string(),
            value: t.value,
            basis: t.basis.to_string(),
            months: t.months,
            rows: t.rows,
            file: t.origin.file.clone(),
            line: t.origin.line,
        }
    }
}

/// One mirror pair: a flow as its exporter and its importer report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MirrorRow {
    pub year: i32,
    pub exporter: crate::data::Country,
    pub importer: crate::data::Country,
    pub exporter_point: f64,
    pub exporter_lo: Option<f64>,
    pub exporter_hi: Option<f64>,
    pub importer_point: f64,
    pub importer_lo: Option<f64>,
    pub importer_hi: Option<f64>,
    pub ratio_point: Option<f64>,
    pub ratio_lo: Option<f64>,
    pub ratio_hi: Option<f64>,
    pub verdict: Verdict,
    pub reconciled: f64,
    pub rule: String,
}

impl From<&crate::audit::MirrorPair> for MirrorRow {
    fn from(m: &crate::audit::MirrorPair) -> MirrorRow {
        let (exporter_point, exporter_lo, exporter_hi) = parts(m.exporter_reports);
        let (importer_point, importer_lo, importer_hi) = parts(m.importer_reports);
        let (ratio_point, ratio_lo, ratio_hi) = optional_parts(m.ratio);
        MirrorRow {
            year: m.year,
            exporter: m.exporter,
            importer: m.importer,
            exporter_point,
            exporter_lo,
            exporter_hi,
            importer_point,
            importer_lo,
            importer_hi,
            ratio_point,
            ratio_lo,
            ratio_hi,
            verdict: m.verdict,
            reconciled: m.reconciled.point(),
            rule: m.rule.clone(),
        }
    }
}
