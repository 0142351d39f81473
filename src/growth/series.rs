//! Annual series built from a dataset's published figures: one value per year for one corridor,
//! flow and reporting side, with stated rules for repeated and partial-year figures.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::Country;
use crate::data::Dataset;
use crate::data::Estimate;
use crate::data::{Corridor, Flow};
use crate::data::{Figure, FigureId};
use crate::error::{DataError, Error, GrowthError, InputError, Result, finite};
use crate::growth::{TrendFit, TrendModel};

/// What to do when one year has several published values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duplicates {
    /// Keep them all: the point is the mean of their points, the interval the hull of theirs.
    /// The default: it hides no disagreement.
    Hull,
    /// The most recently published (figures without a publication date count as older; among
    /// equals, the one later in the dataset).
    Latest,
    /// The values reported by this side; the hull of all values when that side published none
    /// for the year.
    Prefer(Country),
}

/// What to do with figures covering part of a year (January–April 2024).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartialYears {
    /// Leave them out. The default: a partial year is not an annual value.
    Exclude,
    /// Scale to a year by months: value × 12 / months.
    ProRata,
    /// Divide by the share of the annual total the covered months carry, from twelve monthly
    /// shares (January first) that sum to one.
    SeasonalShare([f64; 12]),
}

/// How a point was annualised from a partial-year figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Annualised {
    /// Scaled by 12 / months.
    ProRata {
        /// Months covered.
        months: u32,
    },
    /// Divided by the covered months' seasonal share.
    SeasonalShare {
        /// Months covered.
        months: u32,
        /// Their share of the annual total.
        share: f64,
    },
}

/// Which figures make a series, and how.
///
/// Defaults ([`SeriesSpec::new`]): any reporting side, [`Duplicates::Hull`],
/// [`PartialYears::Exclude`]. Figures whose interval is unbounded ("more than $1.2 billion") never
/// become points: their printed value is only a bound.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeriesSpec {
    /// The corridor, from the side the flow is named from: `UZB->KAZ` exports are Uzbekistan's
    /// exports to Kazakhstan, read from figures stored either way (see [`Dataset::flow_levels`]).
    pub corridor: Corridor,
    /// The flow.
    pub flow: Flow,
    /// Only figures reported by this side; `None` for any side.
    pub side: Option<Country>,
    /// The rule for years with several values.
    pub duplicates: Duplicates,
    /// The rule for partial-year figures.
    pub partial_years: PartialYears,
}

impl SeriesSpec {
    /// A spec with the defaults: any side, [`Duplicates::Hull`], [`PartialYears::Exclude`].
    pub fn new(corridor: Corridor, flow: Flow) -> SeriesSpec {
        SeriesSpec {
            corridor,
            flow,
            side: None,
            duplicates: Duplicates::Hull,
            partial_years: PartialYears::Exclude,
        }
    }

    /// Only figures reported by `side`.
    pub fn side(mut self, side: Country) -> SeriesSpec {
        self.side = Some(side);
        self
    }

    /// Sets the rule for years with several values.
    pub fn duplicates(mut self, rule: Duplicates) -> SeriesSpec {
        self.duplicates = rule;
        self
    }

    /// Sets the rule for partial-year figures.
    pub fn partial_years(mut self, rule: PartialYears) -> SeriesSpec {
        self.partial_years = rule;
        self
    }
}

/// One year of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// The calendar year.
    pub year: i32,
    /// The value (annualised if `annualised` says so) with its interval.
    pub estimate: Estimate,
    /// The figures it was built from.
    pub figures: Vec<FigureId>,
    /// How it was annualised, if it came from a partial year.
    pub annualised: Option<Annualised>,
}

/// An annual series with the rules that built it.
///
/// # Examples
/// ```
/// use bilateral::{Corridor, Dataset, Flow, Series};
/// use bilateral::growth::SeriesSpec;
/// let data = Dataset::builtin()?;
/// let s = Series::from_dataset(&data, SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover))?;
/// let years: Vec<i32> = s.points().iter().map(|p| p.year).collect();
/// assert_eq!(years, [2017, 2018, 2022, 2023]); // full years only, by default
/// // 2023 was published as both $4.4 and $4.5 billion: the default keeps both as one interval.
/// let y2023 = &s.points()[3];
/// assert!((y2023.estimate.interval().lo() - 4.35e9).abs() < 1.0);
/// assert!((y2023.estimate.interval().hi() - 4.55e9).abs() < 1.0);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SeriesRepr")]
pub struct Series {
    spec: SeriesSpec,
    points: Vec<SeriesPoint>,
    skipped: Vec<Skipped>,
}

keyword_enum! {
    /// Why a figure of the corridor's flow did not become (part of) a series point.
    pub enum SkipReason: "skip reason" {
        /// Its interval is open-ended ("more than $1.2 billion"): a bound, not a level.
        OpenEnded = "open_ended" ("open-ended: a bound, not a level"),
        /// A partial year, and the spec excludes partial years.
        PartialYearExcluded = "partial_year_excluded" ("a partial year, and partial years are excluded"),
        /// A partial year, and the full year is published.
        FullYearPublished = "full_year_published" ("a partial year, and the full year is published"),
        /// A partial year shorter than another published for the same year.
        ShorterPartialYear = "shorter_partial_year" ("a shorter partial year than another for the same year"),
        /// Another figure for the year was chosen by the duplicates rule.
        NotChosen = "not_chosen" ("not chosen by the duplicates rule"),
        /// A period that is not within one calendar year, or not of whole months.
        NotOneYear = "not_one_year" ("not within one calendar year"),
    }
}

/// A figure the series builder left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    /// The figure.
    pub figure: FigureId,
    /// Why.
    pub reason: SkipReason,
}

/// A series as written, checked by [`Series::from_points`] (one point a year) when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesRepr {
    spec: SeriesSpec,
    points: Vec<SeriesPoint>,
    #[serde(default)]
    skipped: Vec<Skipped>,
}

impl TryFrom<SeriesRepr> for Series {
    type Error = Error;
    fn try_from(r: SeriesRepr) -> Result<Series> {
        let mut s = Series::from_points(r.spec, r.points)?;
        s.skipped = r.skipped;
        Ok(s)
    }
}

fn hull(figures: &[(&Figure, Estimate)]) -> Result<Estimate> {
    let n = figures.len() as f64;
    let mut iter = figures.iter().map(|(_, e)| *e);
    let first = iter
        .next()
        .ok_or(Error::Growth(GrowthError::SeriesTooShort {
            what: "a series point",
            needed: 1,
            got: 0,
        }))?;
    let (sum, range) = iter.fold((first.point(), first.interval()), |(s, r), e| {
        (s + e.point(), r.hull(e.interval()))
    });
    // Points near f64's limit (two of 1e308) overflow the sum: then the mean of shares.
    let mean = if sum.is_finite() {
        sum / n
    } else {
        figures.iter().map(|(_, e)| e.point() / n).sum()
    };
    Estimate::new(mean, range)
}

pub(crate) fn seasonal_share(shares: &[f64; 12], first_month: u32, months: u32) -> Result<f64> {
    let mut total = 0.0;
    for s in shares {
        let s = finite("seasonal share", *s)?;
        if s < 0.0 {
            return Err(Error::Input(InputError::OutOfRange {
                what: "seasonal share",
                value: s,
                expected: "at least zero",
            }));
        }
        total += s;
    }
    if (total - 1.0).abs() > 1e-6 {
        return Err(Error::Input(InputError::OutOfRange {
            what: "sum of seasonal shares",
            value: total,
            expected: "twelve monthly shares summing to 1",
        }));
    }
    let covered: f64 = (first_month..first_month + months)
        .filter_map(|m| shares.get(usize::try_from(m).ok()?.checked_sub(1)?))
        .sum();
    if covered <= 0.0 {
        return Err(Error::Input(InputError::OutOfRange {
            what: "seasonal share of the covered months",
            value: covered,
            expected: "above zero",
        }));
    }
    Ok(covered)
}

/// How to take a partial-year figure to a whole year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Annualise {
    /// Scale by months: value × 12 / months covered.
    ProRata,
    /// Divide by the share of the annual total the covered months carry, from twelve monthly
    /// shares (January first) that sum to one.
    SeasonalShare([f64; 12]),
}

/// A partial-year figure as an annual value. Both ends of its interval scale, so an open-ended
/// figure stays open-ended: "more than $1.2 billion in January–April" is a pace of at least $3.6
/// billion a year.
///
/// # Formula
/// For a figure covering m months starting in month k: pro rata, x · 12 / m; by seasonal shares
/// s₁..s₁₂, x / (s_k + … + s_(k+m−1)).
///
/// # Errors
/// [`DataError::InvalidPeriod`] for a period that is not whole months within one calendar year;
/// [`InputError::OutOfRange`] or [`InputError::NonFinite`] for seasonal shares that are negative,
/// do not sum to one, or give the covered months no weight.
///
/// # Examples
/// ```
/// use bilateral::growth::{annualise, Annualise};
/// use bilateral::{Estimate, Interval, Period};
/// let jan_apr: Period = "2024-01..2024-04".parse()?;
/// let more_than = Estimate::new(1.2e9, Interval::new(1.2e9, f64::INFINITY)?)?;
/// let pace = annualise(more_than, jan_apr, Annualise::ProRata)?;
/// assert_eq!(pace.interval().lo(), 3.6e9); // 1.2e9 · 12 / 4
/// assert!(pace.interval().hi().is_infinite());
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn annualise(
    estimate: Estimate,
    period: crate::data::Period,
    how: Annualise,
) -> Result<Estimate> {
    let months = match (period.year(), period.month_count()) {
        (Some(_), Some(m)) if (1..=12).contains(&m) => m,
        _ => {
            return Err(Error::Data(DataError::InvalidPeriod {
                text: period.to_string(),
                reason: "annualising needs whole months within one calendar year",
            }));
        }
    };
    let factor = match how {
        Annualise::ProRata => 12.0 / f64::from(months),
        Annualise::SeasonalShare(shares) => {
            1.0 / seasonal_share(&shares, period.first_day().month(), months)?
        }
    };
    estimate.scale(factor)
}

impl Series {
    /// Builds the series `spec` describes from a dataset's flow levels.
    ///
    /// For each year: full-year figures if there are any; otherwise, unless partial years are
    /// excluded, the partial-year figures covering the most months, annualised. Then the
    /// duplicates rule picks or combines.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] or [`InputError::NonFinite`] for invalid seasonal shares.
    pub fn from_dataset(data: &Dataset, spec: SeriesSpec) -> Result<Series> {
        let mut skipped = Vec::new();
        let mut by_year: BTreeMap<i32, Vec<(&Figure, Estimate)>> = BTreeMap::new();
        for f in data.flow_levels(spec.corridor, spec.flow) {
            if spec.side.is_some() && f.reporter() != spec.side {
                continue;
            }
            let (Some(period), Some(e)) = (f.period(), f.estimate()) else {
                continue;
            };
            let Some(year) = period.year() else {
                skip(&mut skipped, f, SkipReason::NotOneYear);
                continue;
            };
            if !e.interval().is_bounded() {
                skip(&mut skipped, f, SkipReason::OpenEnded);
                continue;
            }
            by_year.entry(year).or_default().push((f, e));
        }
        let mut points = Vec::new();
        for (year, figures) in by_year {
            points.extend(point_of_year(&spec, year, figures, &mut skipped)?);
        }
        Ok(Series {
            spec,
            points,
            skipped,
        })
    }

    /// The figures of the corridor's flow (on the spec's side) that did not become part of a
    /// point, and why: open-ended figures, partial years the rules leave out, figures the
    /// duplicates rule did not choose.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// A series from points built in code (e.g. from your own statistics).
    ///
    /// # Errors
    /// [`GrowthError::DuplicateYear`] if a year repeats.
    pub fn from_points(spec: SeriesSpec, mut points: Vec<SeriesPoint>) -> Result<Series> {
        points.sort_by_key(|p| p.year);
        if let Some(w) = points
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.year == b.year))
        {
            return Err(Error::Growth(GrowthError::DuplicateYear {
                year: w.first().map_or(0, |p| p.year),
            }));
        }
        Ok(Series {
            spec,
            points,
            skipped: Vec::new(),
        })
    }

    /// The rules that built the series.
    pub fn spec(&self) -> &SeriesSpec {
        &self.spec
    }

    /// The points, by year.
    pub fn points(&self) -> &[SeriesPoint] {
        &self.points
    }

    /// `(year, point value)` pairs, for fitting.
    pub fn values(&self) -> Vec<(i32, f64)> {
        self.points
            .iter()
            .map(|p| (p.year, p.estimate.point()))
            .collect()
    }

    /// Fits a trend to the point values.
    ///
    /// # Errors
    /// As [`TrendFit::new`] (notably [`GrowthError::SeriesTooShort`] below three points).
    pub fn fit(&self, model: TrendModel) -> Result<TrendFit> {
        TrendFit::new(&self.values(), model)
    }

    /// The point for `year`, if any.
    pub fn at(&self, year: i32) -> Option<&SeriesPoint> {
        self.points.iter().find(|p| p.year == year)
    }
}

fn skip(skipped: &mut Vec<Skipped>, f: &Figure, reason: SkipReason) {
    skipped.push(Skipped {
        figure: f.id().clone(),
        reason,
    });
}

/// The point of one year from its figures: full-year figures if there are any; otherwise,
/// unless partial years are excluded, those covering the most months, annualised; then the
/// duplicates rule. `None` when the rules leave nothing; what they leave out goes to `skipped`.
fn point_of_year(
    spec: &SeriesSpec,
    year: i32,
    figures: Vec<(&Figure, Estimate)>,
    skipped: &mut Vec<Skipped>,
) -> Result<Option<SeriesPoint>> {
    let is_full = |f: &Figure| f.period().is_some_and(|p| p.is_calendar_year());
    let full: Vec<(&Figure, Estimate)> = figures
        .iter()
        .copied()
        .filter(|(f, _)| is_full(f))
        .collect();
    let (chosen, annualised, annualising) = if full.is_empty() {
        let months = |f: &Figure| f.period().and_then(|p| p.month_count()).unwrap_or(0);
        let most = figures.iter().map(|(f, _)| months(f)).max().unwrap_or(0);
        if most == 0 || spec.partial_years == PartialYears::Exclude {
            let reason = if most == 0 {
                SkipReason::NotOneYear
            } else {
                SkipReason::PartialYearExcluded
            };
            figures.iter().for_each(|(f, _)| skip(skipped, f, reason));
            return Ok(None);
        }
        let (longest, shorter): (Vec<_>, Vec<_>) =
            figures.into_iter().partition(|(f, _)| months(f) == most);
        shorter
            .iter()
            .for_each(|(f, _)| skip(skipped, f, SkipReason::ShorterPartialYear));
        let Some(period) = longest.first().and_then(|(f, _)| f.period()) else {
            return Ok(None);
        };
        let (how, rule) = match spec.partial_years {
            PartialYears::SeasonalShare(shares) => (
                Annualised::SeasonalShare {
                    months: most,
                    share: seasonal_share(&shares, period.first_day().month(), most)?,
                },
                Annualise::SeasonalShare(shares),
            ),
            _ => (Annualised::ProRata { months: most }, Annualise::ProRata),
        };
        (longest, Some(how), Some((period, rule)))
    } else {
        figures
            .iter()
            .filter(|(f, _)| !is_full(f))
            .for_each(|(f, _)| skip(skipped, f, SkipReason::FullYearPublished));
        (full, None, None)
    };
    let mut picked = pick(&chosen, spec.duplicates);
    let picked_ids: std::collections::HashSet<&str> =
        picked.iter().map(|(p, _)| p.id().as_str()).collect();
    chosen
        .iter()
        .filter(|(f, _)| !picked_ids.contains(f.id().as_str()))
        .for_each(|(f, _)| skip(skipped, f, SkipReason::NotChosen));
    picked.sort_by(|a, b| a.0.id().cmp(b.0.id()));
    let in_year = |e: Error| {
        let ids: Vec<&str> = picked.iter().map(|(f, _)| f.id().as_str()).collect();
        e.within(format!("the {year} point from {}", ids.join(", ")))
    };
    let mut estimate = hull(&picked).map_err(in_year)?;
    if let Some((period, rule)) = annualising {
        estimate = annualise(estimate, period, rule).map_err(in_year)?;
    }
    Ok(Some(SeriesPoint {
        year,
        estimate,
        figures: picked.iter().map(|(f, _)| f.id().clone()).collect(),
        annualised,
    }))
}

/// The figures the duplicates rule keeps among one year's.
fn pick<'a>(
    chosen: &[(&'a Figure, Estimate)],
    duplicates: Duplicates,
) -> Vec<(&'a Figure, Estimate)> {
    match duplicates {
        Duplicates::Hull => chosen.to_vec(),
        Duplicates::Latest => chosen
            .iter()
            .enumerate()
            .max_by_key(|(i, (f, _))| (f.provenance().published, *i))
            .map(|(_, x)| *x)
            .into_iter()
            .collect(),
        Duplicates::Prefer(side) => {
            let preferred: Vec<_> = chosen
                .iter()
                .copied()
                .filter(|(f, _)| f.reporter() == Some(side))
                .collect();
            if preferred.is_empty() {
                chosen.to_vec()
            } else {
                preferred
            }
        }
    }
}
