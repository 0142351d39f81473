//! The target outlook's computation.

use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::data::{Estimate, Interval};
use crate::data::{FigureId, Unit};
use crate::error::{Error, GrowthError, InputError, Result};
use crate::forecast::{
    AgeRow, CalibratedForecast, Calibration, LogSeries, MAX_HORIZON, Method, MetricRow, Prior,
    PriorDiscount, PriorUse,
};

use super::partial::{Nowcast, partials};
use crate::growth::{Reach, est, whole_years};
use crate::growth::{Series, SeriesSpec};
use crate::growth::{TrendFit, TrendModel};

/// What to compute a target outlook for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetSpec {
    /// The series the historical rates and the trend come from.
    pub series: SeriesSpec,
    /// The year of the base level.
    pub base_year: i32,
    /// The base level (e.g. the published 2023 turnover, with its rounding).
    pub base: Estimate,
    /// The target level, in the same unit.
    pub target: Estimate,
    /// The first target year of the table (after `base_year`).
    pub first_year: i32,
    /// The last target year of the table.
    pub last_year: i32,
    /// The trend model. Default: [`TrendModel::LogLinear`] (constant percentage growth).
    pub model: TrendModel,
    /// The level of the trend's and the forecast's intervals. Default: 0.9.
    pub level: f64,
    /// The forecast method of [`TargetRow::forecast_level`]. Default:
    /// [`RECOMMENDED`](crate::forecast::RECOMMENDED), the method the backtest supports.
    #[serde(default = "recommended")]
    pub method: Method,
    /// Whether published partial-year figures after the series' last year update the
    /// forecast of their year (nowcasts). Default: true.
    #[serde(default = "yes")]
    pub nowcast: bool,
    /// The coefficient of variation of a month's share of the year, behind a nowcast's share
    /// uncertainty ([`share_sd`](crate::forecast::share_sd)). Default: 0.25, an assumption
    /// (no monthly data of the corridor are built in).
    #[serde(default = "share_cv")]
    pub share_cv: f64,
}

fn recommended() -> Method {
    crate::forecast::RECOMMENDED
}

fn yes() -> bool {
    true
}

fn share_cv() -> f64 {
    DEFAULT_SHARE_CV
}

/// The default [`TargetSpec::share_cv`].
pub const DEFAULT_SHARE_CV: f64 = 0.25;

impl TargetSpec {
    /// A spec with a log-linear trend and 90% intervals.
    pub fn new(
        series: SeriesSpec,
        base_year: i32,
        base: Estimate,
        target: Estimate,
        years: std::ops::RangeInclusive<i32>,
    ) -> TargetSpec {
        TargetSpec {
            series,
            base_year,
            base,
            target,
            first_year: *years.start(),
            last_year: *years.end(),
            model: TrendModel::LogLinear,
            level: 0.9,
            method: crate::forecast::RECOMMENDED,
            nowcast: true,
            share_cv: DEFAULT_SHARE_CV,
        }
    }
}

impl TargetSpec {
    /// The outlook the published figures ask for: from the last year with a published full-year
    /// level of `flow` on `corridor` (or `base_year`), from that level, towards the target the
    /// data publish for the flow (from either side of the corridor), for the 3rd to the 12th
    /// year after the base.
    ///
    /// # Errors
    /// [`InputError::Missing`] without a published level for the base year or without a
    /// published target; as [`Series::from_dataset`].
    ///
    /// ```
    /// use bilateral::{Corridor, Dataset, Flow};
    /// use bilateral::outlook::TargetSpec;
    /// let data = Dataset::builtin()?;
    /// let s = TargetSpec::published(&data, Corridor::KAZ_UZB, Flow::Turnover, None)?;
    /// assert_eq!((s.base_year, s.first_year, s.last_year), (2023, 2026, 2035));
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn published(
        data: &Dataset,
        corridor: crate::data::Corridor,
        flow: crate::data::Flow,
        base_year: Option<i32>,
    ) -> Result<TargetSpec> {
        let (base_year, base) = published_base(data, corridor, flow, base_year)?;
        Ok(TargetSpec::new(
            SeriesSpec::new(corridor, flow),
            base_year,
            base,
            published_target(data, corridor, flow)?,
            base_year + 3..=base_year + 12,
        ))
    }
}

/// The last year with a published full-year level of `flow` on `corridor` (or `base_year`), and
/// that level.
///
/// # Errors
/// [`InputError::Missing`] without a published level for the year; as [`Series::from_dataset`].
pub fn published_base(
    data: &Dataset,
    corridor: crate::data::Corridor,
    flow: crate::data::Flow,
    base_year: Option<i32>,
) -> Result<(i32, Estimate)> {
    data.require_corridor(corridor)?;
    let published = Series::from_dataset(data, SeriesSpec::new(corridor, flow))?;
    let years = || {
        published
            .points()
            .iter()
            .filter(|p| p.annualised.is_none())
            .map(|p| p.year.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let point = match base_year {
        Some(y) => published
            .at(y)
            .filter(|p| p.annualised.is_none())
            .ok_or_else(|| {
                Error::Input(InputError::NotInModel {
                    what: "base year (a year with a published full-year level)",
                    name: y.to_string(),
                    known: years(),
                })
            })?,
        None => published
            .points()
            .last()
            .ok_or(Error::Input(InputError::Missing {
                what: "a published full-year level",
                purpose: "to start the outlook from",
            }))?,
    };
    Ok((point.year, point.estimate))
}

/// The target the data publish for `flow` on `corridor`, stored from either side (exports seen
/// from the partner are imports; a balance target only from this side).
///
/// # Errors
/// [`InputError::Missing`] when the data publish none.
pub fn published_target(
    data: &Dataset,
    corridor: crate::data::Corridor,
    flow: crate::data::Flow,
) -> Result<Estimate> {
    data.figures()
        .iter()
        .filter(|f| {
            f.corridor() == Some(corridor) && f.measure() == format!("target_{flow}")
                || flow != crate::data::Flow::Balance
                    && f.corridor() == Some(corridor.reversed())
                    && f.measure() == format!("target_{}", flow.mirrored())
        })
        .find_map(crate::data::Figure::estimate)
        .ok_or(Error::Input(InputError::Missing {
            what: "a published target",
            purpose: "because the data publish none for this corridor and flow (give one)",
        }))
}

keyword_enum! {
    /// Where a historical rate comes from.
    pub enum RateSource: "rate source" {
        /// A published growth statement, annualised ("+29.5% over five years" → 5.3% a year).
        StatedGrowth = "stated_growth",
        /// The compound rate between the first and last published levels of the series.
        PublishedLevels = "published_levels",
        /// The fitted trend.
        FittedTrend = "fitted_trend",
    }
}

/// A rate the corridor has shown, and when it would reach the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoricalRate {
    /// Where the rate comes from.
    pub source: RateSource,
    /// A one-line description.
    pub label: String,
    /// The annual rate as a fraction, with its interval.
    pub rate: Estimate,
    /// The figures it rests on.
    pub figures: Vec<FigureId>,
    /// Years from the base year to the target at this rate, told apart from already there and
    /// never (an infinite upper end: some rates within the interval never get there).
    pub years_to_target: Reach<Estimate>,
    /// The first calendar year at or above the target at the point rate.
    pub year_reached: Option<i32>,
    /// The earliest and latest such year over the rate's interval (`None` latest: never).
    pub year_reached_range: (Option<i32>, Option<i32>),
}

/// One target year of the outlook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    /// The target year.
    pub year: i32,
    /// Years from the base year.
    pub horizon: u32,
    /// The annual rate needed, as a fraction, with the interval the base's and target's
    /// rounding allow.
    pub required: Estimate,
    /// The fitted trend's level for the year, with its prediction interval (`None` when the
    /// series is too short to fit a trend).
    pub trend_level: Option<Estimate>,
    /// The probability, under the fitted trend, that the level is at or above the target
    /// (`None` without a trend).
    pub trend_probability: Option<f64>,
    /// The calibrated forecast's level for the year: the median, with the interval at the
    /// spec's level, widened to cover the inputs' published intervals (`None` without a
    /// forecast, see [`TargetOutlook::forecast`]).
    pub forecast_level: Option<Estimate>,
    /// The calibrated forecast's probability that the level is at or above the target's point,
    /// with the range the inputs' intervals allow.
    pub forecast_probability: Option<Estimate>,
    /// For each historical rate (same order), whether it has reached the target by this year.
    pub reached: Vec<bool>,
}

/// A published figure of the base year, and the rate it needs to reach the target by the
/// outlook's reading year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedBase {
    /// The figure.
    pub figure: FigureId,
    /// Its value as printed.
    pub printed: String,
    /// The document or publisher it comes from.
    pub source: String,
    /// Its value with the interval its rounding allows.
    pub estimate: Estimate,
    /// The annual rate it needs, with the range the figure's and the target's rounding allow.
    pub required: Estimate,
}

/// The target outlook table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetOutlook {
    /// What was asked.
    pub spec: TargetSpec,
    /// The year the headline answer is given for: seven years after the base year (the
    /// documents name no year for the target), within the table's years.
    pub reading_year: i32,
    /// Each published figure of the base year and the rate it needs by the reading year.
    pub published: Vec<PublishedBase>,
    /// When the base year's published figures disagree: what the audit says about them and
    /// how to see it.
    pub disagreement: Option<String>,
    /// The series used.
    pub series: Series,
    /// The trend fitted to it; `None` when the series has fewer years than a fit needs (3):
    /// the rates needed and the rates shown are still there, a trend's level and chance are not.
    pub fit: Option<TrendFit>,
    /// The rates compared with.
    pub historical: Vec<HistoricalRate>,
    /// The calibrated forecast behind [`TargetRow::forecast_level`]; `None` when the series is
    /// too short for it (3 years for a volatility class) or has a level whose published interval
    /// reaches zero (a log model cannot take it).
    pub forecast: Option<OutlookForecast>,
    /// One row per target year.
    pub rows: Vec<TargetRow>,
}

/// The forecast the outlook's fan and probabilities come from, and the evidence for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlookForecast {
    /// The method.
    pub method: Method,
    /// The series' class in the calibration, in words.
    pub class: String,
    /// The last year of the series: horizon 1 is the year after.
    pub origin: i32,
    /// The calibration's reference panel and year.
    pub reference: String,
    /// Horizons the calibration scored (1..=this); later years extrapolate its multipliers.
    pub calibrated_horizons: usize,
    /// The calibrated 80% and 90% multipliers of the series' class (interval = point ± q·sd in
    /// logs).
    pub multipliers: (f64, f64),
    /// The prior the forecast used: for the pooled method, what the series' drift and
    /// volatility are shrunk towards, the class's prior discounted for its age.
    pub prior: Prior,
    /// The class's prior as estimated on the reference panel (its era and currency).
    pub prior_estimated: Prior,
    /// Years from the calibration to the series' last year: the prior's age.
    pub prior_age: usize,
    /// The rule that discounted it (`None`: used as estimated).
    pub discount: Option<PriorDiscount>,
    /// The method's backtest on the reference panel: out-of-sample accuracy and coverage by
    /// subset and horizon of the intervals this forecast uses (without the calibration year's
    /// period scale when the series ends after it).
    pub measured: Vec<MetricRow>,
    /// The prior age study's rows at its oldest age, discounted and as estimated, when the
    /// calibration carries them.
    pub aged: Vec<AgeRow>,
    /// Partial-year figures after the series' last year that updated the forecast.
    pub nowcasts: Vec<Nowcast>,
    /// Partial-year figures left aside, and why.
    pub notes: Vec<String>,
    /// The recommended method beside the pooled method with its prior as estimated, naive and
    /// drift: each one's median, interval and chance of the target by target year, and its
    /// measured skill.
    pub comparison: Vec<MethodView>,
}

/// One forecasting method's answer, for the comparison the outlook prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodView {
    /// The method and prior, in words.
    pub label: String,
    /// The method.
    pub method: Method,
    /// For the pooled method, whether the prior was discounted for its age.
    pub prior: Option<PriorUse>,
    /// Whether this is the outlook's own forecast.
    pub chosen: bool,
    /// Per target year (the outlook's rows, in order): the median with its interval at the
    /// spec's level, and the chance of the target's point.
    pub years: Vec<(i32, Option<Estimate>, Option<Estimate>)>,
    /// Its measured skill on the reference panel (as [`OutlookForecast::measured`]).
    pub measured: Vec<MetricRow>,
}

/// Builds the target outlook for a corridor.
///
/// Each target year gets the rate it needs, and two views of how likely it is:
///
/// - the forecast: [`TargetSpec::method`] (by default the pooled random walk the AGTPA backtest
///   supports) from the series' last year, with the interval and the probability of the target
///   calibrated out of sample ([`Calibration::agtpa`]); the interval is widened, and the
///   probability given a range, by how far the published figures' intervals (rounding, partial
///   years annualised, repeated figures) move the point forecast. [`TargetOutlook::forecast`]
///   says what it rests on, with the method's measured coverage;
/// - the fitted trend, with its own Student-t interval, as before.
///
/// Horizons beyond the calibration's 3 years use its multipliers on the model's own sd: an
/// extrapolation, stated in the command's note. Target years beyond 50 years after the last
/// point have no forecast.
///
/// # Errors
/// [`InputError::ZeroHorizon`] if the first target year is not after the base year;
/// [`InputError::OutOfRange`] if the last year is before the first or the level is not in (0, 1);
/// [`GrowthError::SeriesTooShort`] if the series has no year at all (with one or two years the
/// outlook has no trend: [`TargetOutlook::fit`] is `None`; with fewer than 3 it has no forecast);
/// [`InputError::NonPositiveBase`] for a base or target whose interval reaches zero;
/// [`GrowthError::YearGap`] for [`Method::Damped`] on a series with a missing year.
///
/// # Examples
/// ```
/// use bilateral::{Corridor, Dataset, Flow};
/// use bilateral::growth::SeriesSpec;
/// use bilateral::outlook::{TargetSpec, target_outlook};
/// let data = Dataset::builtin()?;
/// let base = data.figure("d002.turnover.2023.a").and_then(|f| f.estimate()).expect("$4.5 billion");
/// let target = data.figure("d002.target.a").and_then(|f| f.estimate()).expect("$10 billion");
/// let spec = TargetSpec::new(SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover), 2023, base, target, 2026..=2035);
/// let outlook = target_outlook(&data, &spec)?;
/// let y2030 = outlook.rows.iter().find(|r| r.year == 2030).expect("in range");
/// assert!((y2030.required.point() - 0.120_833).abs() < 1e-6); // (10 / 4.5)^(1/7) − 1
/// // The calibrated forecast's chance of $10 billion by 2030, with the inputs' range.
/// let p = y2030.forecast_probability.expect("a forecast");
/// assert!(p.interval().lo() <= p.point() && p.point() <= p.interval().hi());
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn target_outlook(data: &Dataset, spec: &TargetSpec) -> Result<TargetOutlook> {
    target_outlook_with(data, spec, &Calibration::agtpa(spec.method)?)
}

/// [`target_outlook`] with the forecast calibrated by `calibration` (its method, not the
/// spec's) instead of the built-in [`Calibration::agtpa`].
///
/// # Errors
/// As [`target_outlook`]; [`InputError::Missing`] for a size-classed calibration of a reference
/// panel not in dollars.
pub fn target_outlook_with(
    data: &Dataset,
    spec: &TargetSpec,
    calibration: &Calibration,
) -> Result<TargetOutlook> {
    crate::limits::year("base year", spec.base_year)?;
    crate::limits::year("first target year", spec.first_year)?;
    crate::limits::year("last target year", spec.last_year)?;
    // The share's uncertainty is checked whether or not a partial year needs it.
    crate::forecast::share_sd(12, spec.share_cv)
        .map_err(|e| e.within("the nowcast's share_cv".into()))?;
    if spec.first_year <= spec.base_year {
        return Err(Error::Input(InputError::OutOfRange {
            what: "first target year",
            value: f64::from(spec.first_year),
            expected: "a year after the base year",
        }));
    }
    if i64::from(spec.last_year) - i64::from(spec.base_year) > i64::from(crate::limits::MAX_HORIZON)
    {
        return Err(Error::Input(InputError::OutOfRange {
            what: "last target year",
            value: f64::from(spec.last_year),
            expected: "at most 1000 years after the base year",
        }));
    }
    if spec.last_year < spec.first_year {
        return Err(Error::Input(InputError::OutOfRange {
            what: "last target year",
            value: f64::from(spec.last_year),
            expected: "a year at or after the first target year",
        }));
    }
    let series = Series::from_dataset(data, spec.series)?;
    let fit = match series.fit(spec.model) {
        Ok(fit) => Some(fit),
        Err(Error::Growth(GrowthError::SeriesTooShort { got, .. })) if got > 0 => None,
        Err(e) => return Err(e),
    };
    let historical = historical_rates(data, spec, &series, fit.as_ref())?;
    let mut calibrated = calibrated_forecast(data, &series, spec, calibration)?;
    if let Some(c) = calibrated.as_mut() {
        c.about.comparison = comparison(data, &series, spec, calibration)?;
    }
    let mut rows = Vec::new();
    for year in spec.first_year..=spec.last_year {
        let horizon = u32::try_from(year - spec.base_year)
            .map_err(|_| Error::Input(InputError::ZeroHorizon))?;
        let within = |e: Error| e.within(format!("target year {year}"));
        rows.push(TargetRow {
            year,
            horizon,
            required: est::required_rate(spec.base, spec.target, f64::from(horizon))
                .map_err(within)?,
            trend_level: fit
                .as_ref()
                .map(|f| f.prediction_interval(year, spec.level))
                .transpose()
                .map_err(within)?,
            trend_probability: fit
                .as_ref()
                .map(|f| f.probability_at_least(year, spec.target.point()))
                .transpose()
                .map_err(within)?,
            reached: historical
                .iter()
                .map(|h| h.year_reached.is_some_and(|y| y <= year))
                .collect(),
            forecast_level: calibrated
                .as_ref()
                .map(|c| c.level(year, spec.level))
                .transpose()
                .map_err(within)?
                .flatten(),
            forecast_probability: calibrated
                .as_ref()
                .map(|c| c.probability(year, spec.target.point()))
                .transpose()
                .map_err(within)?
                .flatten(),
        });
    }
    let reading_year = (spec.base_year + 7).clamp(spec.first_year, spec.last_year);
    let published = published_bases(data, spec, &series, reading_year)?;
    let disagreement = disagreement(data, spec, &published);
    Ok(TargetOutlook {
        spec: spec.clone(),
        reading_year,
        published,
        disagreement,
        series,
        fit,
        historical,
        forecast: calibrated.map(|c| c.about),
        rows,
    })
}

/// The calibrated forecast of a series at its point values, and how far its inputs' published
/// intervals can move each horizon's point forecast.
struct Calibrated {
    about: OutlookForecast,
    centre: CalibratedForecast,
    /// Per horizon 1..=H: the lowest and highest shift of the log point forecast over the
    /// inputs' intervals.
    shifts: Vec<(f64, f64)>,
    /// ln of the panel's unit in dollars (0 when classes ignore size).
    shift: f64,
}

impl Calibrated {
    fn horizon(&self, year: i32) -> Option<(usize, (f64, f64))> {
        let h = usize::try_from(i64::from(year) - i64::from(self.about.origin)).ok()?;
        self.shifts.get(h.checked_sub(1)?).map(|s| (h, *s))
    }

    fn level(&self, year: i32, level: f64) -> Result<Option<Estimate>> {
        let Some((h, (down, up))) = self.horizon(year) else {
            return Ok(None);
        };
        let (lo, hi) = self.centre.interval(h, level)?;
        let point = self
            .centre
            .forecast
            .point
            .get(h - 1)
            .copied()
            .unwrap_or(f64::NAN);
        let e = |v: f64| (v + self.shift).exp();
        Ok(Some(Estimate::new(
            e(point),
            Interval::new(e(lo + down), e(hi + up))?,
        )?))
    }

    fn probability(&self, year: i32, target: f64) -> Result<Option<Estimate>> {
        let Some((h, (down, up))) = self.horizon(year) else {
            return Ok(None);
        };
        let t = target.ln() - self.shift;
        // Moving the forecast up by u is moving the target down by u.
        let p = |u: f64| self.centre.probability_at_least(h, t - u);
        Ok(Some(Estimate::new(
            p(0.0)?,
            Interval::new(p(down)?, p(up)?)?,
        )?))
    }
}

/// Each published figure behind the base year's point, and the rate it needs by `year`.
fn published_bases(
    data: &Dataset,
    spec: &TargetSpec,
    series: &Series,
    year: i32,
) -> Result<Vec<PublishedBase>> {
    let Some(point) = series.at(spec.base_year) else {
        return Ok(Vec::new());
    };
    let years = f64::from(year - spec.base_year);
    let mut out = Vec::new();
    for id in &point.figures {
        let Some(f) = data.figure(id.as_str()) else {
            continue;
        };
        let Some(estimate) = f.estimate() else {
            continue;
        };
        out.push(PublishedBase {
            figure: id.clone(),
            printed: f.value_text(),
            source: f.provenance().source.to_string(),
            estimate,
            required: est::required_rate(estimate, spec.target, years)
                .map_err(|e| e.about_figure(id))?,
        });
    }
    Ok(out)
}

/// When the base year's published values differ: the audit's verdict on them, and the command
/// that shows it.
fn disagreement(data: &Dataset, spec: &TargetSpec, published: &[PublishedBase]) -> Option<String> {
    let mut values: Vec<&str> = published.iter().map(|p| p.printed.as_str()).collect();
    values.sort_unstable();
    values.dedup();
    if values.len() < 2 {
        return None;
    }
    let corridor = spec.series.corridor;
    let ids: Vec<&FigureId> = published.iter().map(|p| &p.figure).collect();
    let findings = crate::audit::audit(data);
    let finding = findings.iter().find(|f| {
        f.check == crate::audit::Check::RepeatedLevel
            && f.figures.iter().any(|id| ids.contains(&id))
    })?;
    Some(format!(
        "The published {} figures disagree ({}): the audit finds them {} (check \"repeated \
         level\"; see `bilateral audit --corridor {}-{}`).",
        spec.base_year,
        values.join(", "),
        finding.verdict.as_str().replace('_', " "),
        corridor.reporter(),
        corridor.partner()
    ))
}

/// The recommended forecast beside the pooled method with its prior as estimated, naive and
/// drift (each with its built-in calibration), by target year.
fn comparison(
    data: &Dataset,
    series: &Series,
    spec: &TargetSpec,
    calibration: &Calibration,
) -> Result<Vec<MethodView>> {
    let mut cals: Vec<(String, Option<PriorUse>, bool, Calibration)> = Vec::new();
    let pooled_label = |use_: PriorUse| match use_ {
        PriorUse::Discounted => "pooled, prior discounted for its age",
        PriorUse::AsEstimated => "pooled, prior as estimated",
    };
    let chosen_use = (calibration.method == Method::Pooled).then(|| {
        if calibration.discount.is_some() {
            PriorUse::Discounted
        } else {
            PriorUse::AsEstimated
        }
    });
    cals.push((
        chosen_use.map_or_else(
            || calibration.method.as_str().to_owned(),
            |u| pooled_label(u).to_owned(),
        ),
        chosen_use,
        true,
        calibration.clone(),
    ));
    if calibration.method == Method::Pooled && calibration.discount.is_some() {
        let mut c = calibration.clone();
        c.discount = None;
        cals.push((
            pooled_label(PriorUse::AsEstimated).to_owned(),
            Some(PriorUse::AsEstimated),
            false,
            c,
        ));
    }
    for m in [Method::Naive, Method::Drift] {
        if m != calibration.method {
            cals.push((m.as_str().to_owned(), None, false, Calibration::agtpa(m)?));
        }
    }
    let mut out = Vec::new();
    for (label, prior, chosen, cal) in cals {
        let Some(c) = calibrated_forecast(data, series, spec, &cal)? else {
            continue;
        };
        let years = (spec.first_year..=spec.last_year)
            .map(|y| {
                Ok((
                    y,
                    c.level(y, spec.level)?,
                    c.probability(y, spec.target.point())?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(MethodView {
            label,
            method: cal.method,
            prior,
            chosen,
            years,
            measured: c.about.measured,
        });
    }
    Ok(out)
}

/// The outlook's calibrated forecast, or `None` for a series too short for the calibration.
fn calibrated_forecast(
    data: &Dataset,
    series: &Series,
    spec: &TargetSpec,
    calibration: &Calibration,
) -> Result<Option<Calibrated>> {
    let points = series.points();
    let Some(origin) = points.last().map(|p| p.year) else {
        return Ok(None);
    };
    let needed = calibration
        .method
        .min_points()
        .max(if calibration.class_by.uses_volatility() {
            3
        } else {
            1
        });
    // A log model cannot take a level, or a published interval, that reaches zero (a balance,
    // or a figure printed as 0): no forecast then, as for a series too short.
    if points.len() < needed
        || spec.last_year <= origin
        || points.iter().any(|p| p.estimate.interval().lo() <= 0.0)
    {
        return Ok(None);
    }
    let shift = if calibration.class_by.uses_size() {
        calibration
            .usd_per_unit
            .ok_or(Error::Input(InputError::Missing {
                what: "the reference panel's unit in dollars (usd_per_unit)",
                purpose: "to give a series in dollars a size class",
            }))?
            .ln()
    } else {
        0.0
    };
    let h = usize::try_from(i64::from(spec.last_year) - i64::from(origin))
        .unwrap_or(MAX_HORIZON)
        .min(MAX_HORIZON);
    let years: Vec<i32> = points.iter().map(|p| p.year).collect();
    let logs = |f: &dyn Fn(Estimate) -> f64| -> Result<Vec<f64>> {
        points
            .iter()
            .map(|p| {
                let v = f(p.estimate);
                if v > 0.0 && v.is_finite() {
                    Ok(v.ln() - shift)
                } else {
                    Err(Error::Input(InputError::NonPositiveBase {
                        what: "a level in the forecast's log model",
                        value: v,
                    })
                    .within(format!("year {}", p.year)))
                }
            })
            .collect()
    };
    let (mid, lo, hi) = (
        logs(&|e| e.point())?,
        logs(&|e| e.interval().lo())?,
        logs(&|e| e.interval().hi())?,
    );
    let found = if spec.nowcast {
        partials(data, spec, series, origin, h, shift)?
    } else {
        super::partial::Partials {
            used: Vec::new(),
            notes: Vec::new(),
        }
    };
    let at = |y: &[f64]| -> Result<CalibratedForecast> {
        let mut f = calibration.forecast(&LogSeries::from_logs(&years, y)?, h)?;
        for (_, p) in &found.used {
            f = f.with_nowcast(p)?.0;
        }
        Ok(f)
    };
    let centre = at(&mid)?;
    let shifts = input_shifts(&at, &centre, &mid, &lo, &hi, h)?;
    let mut about = about(calibration, &centre, origin)?;
    // Each nowcast's effect on its year's median, in the order they were applied.
    let mut f = calibration.forecast(&LogSeries::from_logs(&years, &mid)?, h)?;
    for (n, p) in &found.used {
        let (g, effect) = f.with_nowcast(p)?;
        let mut n = n.clone();
        n.median = (
            (effect.point.0 + shift).exp(),
            (effect.point.1 + shift).exp(),
        );
        about.nowcasts.push(n);
        f = g;
    }
    about.notes = found.notes;
    Ok(Some(Calibrated {
        about,
        centre,
        shifts,
        shift,
    }))
}

/// How far the published intervals of the inputs move the point forecast at each horizon,
/// down and up. Input uncertainty moves the point forecast, not the class or the model's sd:
/// the point forecast is linear in the log inputs for the random walks and the trend (and
/// nearly so for the pooled method, whose variance weight moves a little), so each horizon's
/// extremes over the box of published intervals add up input by input, with each input's
/// weight found by a small step.
fn input_shifts(
    at: &dyn Fn(&[f64]) -> Result<CalibratedForecast>,
    centre: &CalibratedForecast,
    mid: &[f64],
    lo: &[f64],
    hi: &[f64],
    h: usize,
) -> Result<Vec<(f64, f64)>> {
    let step = 1e-6;
    let mut shifts = vec![(0.0, 0.0); h];
    for (i, ((l, m), u)) in lo.iter().zip(mid).zip(hi).enumerate() {
        let mut y = mid.to_vec();
        if let Some(v) = y.get_mut(i) {
            *v += step;
        }
        let f = at(&y)?;
        for ((s, a), b) in shifts
            .iter_mut()
            .zip(&f.forecast.point)
            .zip(&centre.forecast.point)
        {
            let w = (a - b) / step;
            let (x, z) = (w * (l - m), w * (u - m));
            s.0 += x.min(z);
            s.1 += x.max(z);
        }
    }
    Ok(shifts)
}

/// What the outlook says the forecast rests on: the method, the class, the multipliers, the
/// prior and the method's measured coverage.
fn about(
    calibration: &Calibration,
    centre: &CalibratedForecast,
    origin: i32,
) -> Result<OutlookForecast> {
    let h = calibration.horizons;
    let later = centre.prior_age > 0 && !calibration.measured_later.is_empty();
    let oldest = calibration.age_study.iter().map(|r| r.age).max();
    Ok(OutlookForecast {
        method: calibration.method,
        class: calibration.bounds.describe(centre.class),
        origin,
        reference: format!(
            "{}, calibrated at {}",
            calibration.reference, calibration.year
        ),
        calibrated_horizons: h,
        multipliers: (
            centre.scores.multiplier_at(h, 0.8)?,
            centre.scores.multiplier_at(h, 0.9)?,
        ),
        measured: if later {
            calibration.measured_later.clone()
        } else {
            calibration.measured.clone()
        },
        prior: centre.prior,
        prior_estimated: centre.scores.prior,
        prior_age: centre.prior_age,
        discount: calibration.discount,
        aged: calibration
            .age_study
            .iter()
            .filter(|r| Some(r.age) == oldest)
            .cloned()
            .collect(),
        nowcasts: Vec::new(),
        notes: Vec::new(),
        comparison: Vec::new(),
    })
}

fn historical_rates(
    data: &Dataset,
    spec: &TargetSpec,
    series: &Series,
    fit: Option<&TrendFit>,
) -> Result<Vec<HistoricalRate>> {
    let mut out = Vec::new();
    let one = Estimate::exact(1.0)?;
    // Published growth statements for this corridor and flow, annualised over their span.
    for g in data.figures().iter().filter(|f| {
        f.unit() == Unit::PercentChange
            && f.corridor() == Some(spec.series.corridor)
            && f.flow() == Some(spec.series.flow)
    }) {
        let (Some(end), Some(base), Some(e)) = (g.period(), g.base_period(), g.estimate()) else {
            continue;
        };
        let years = end.first_day().year() - base.first_day().year();
        let factor = e
            .map_monotone(|p| 1.0 + p / 100.0)
            .map_err(|err| err.about_figure(g.id()))?;
        if years < 1 || factor.interval().lo() <= 0.0 {
            continue;
        }
        out.push(rate(
            spec,
            RateSource::StatedGrowth,
            format!(
                "stated {} over {base}-{end}, annualised ({})",
                g.value_text(),
                g.provenance().source
            ),
            est::cagr(one, factor, f64::from(years))?,
            vec![g.id().clone()],
        )?);
    }
    // Compound rate between the first and last published levels.
    if let (Some(first), Some(last)) = (series.points().first(), series.points().last())
        && last.year > first.year
    {
        out.push(rate(
            spec,
            RateSource::PublishedLevels,
            format!(
                "compound rate between published levels {}-{}",
                first.year, last.year
            ),
            est::cagr(
                first.estimate,
                last.estimate,
                f64::from(last.year - first.year),
            )?,
            [first.figures.clone(), last.figures.clone()].concat(),
        )?);
    }
    // The fitted trend, if the series is long enough for one.
    let Some(fit) = fit else {
        return Ok(out);
    };
    let years: Vec<i32> = fit.points().iter().map(|p| p.0).collect();
    out.push(rate(
        spec,
        RateSource::FittedTrend,
        format!(
            "{} trend over {} years {}-{} ({:.0}% interval)",
            match fit.model() {
                TrendModel::Linear => "linear",
                TrendModel::LogLinear => "log-linear",
            },
            years.len(),
            years.first().copied().unwrap_or_default(),
            years.last().copied().unwrap_or_default(),
            spec.level * 100.0
        ),
        fit.annual_rate(spec.level)?,
        series
            .points()
            .iter()
            .flat_map(|p| p.figures.clone())
            .collect(),
    )?);
    Ok(out)
}

fn rate(
    spec: &TargetSpec,
    source: RateSource,
    label: String,
    rate: Estimate,
    figures: Vec<FigureId>,
) -> Result<HistoricalRate> {
    let years = if rate.interval().lo() <= -1.0 {
        // Rates within the interval that wipe the level out never reach anything; judge by the
        // point rate alone.
        est::years_to_target(spec.base, spec.target, Estimate::exact(rate.point())?)?
    } else {
        est::years_to_target(spec.base, spec.target, rate)?
    };
    let to_year = |y: f64| {
        y.is_finite().then(|| {
            spec.base_year
                .saturating_add(i32::try_from(whole_years(y)).unwrap_or(i32::MAX))
        })
    };
    Ok(HistoricalRate {
        source,
        label,
        rate,
        figures,
        year_reached: match years {
            Reach::AlreadyThere => Some(spec.base_year),
            Reach::After { years: y, .. } => to_year(y.point()),
            Reach::Never => None,
        },
        year_reached_range: match years {
            Reach::AlreadyThere => (Some(spec.base_year), Some(spec.base_year)),
            Reach::After { years: y, .. } => {
                (to_year(y.interval().lo()), to_year(y.interval().hi()))
            }
            Reach::Never => (None, None),
        },
        years_to_target: years,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::data::{Corridor, Flow};

    fn turnover() -> (Dataset, Series, TargetSpec) {
        let data = Dataset::builtin().unwrap();
        let spec = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover);
        let series = Series::from_dataset(&data, spec).unwrap();
        let base = series.points().last().unwrap().estimate;
        let t = TargetSpec::new(
            spec,
            2023,
            base,
            Estimate::exact(1e10).unwrap(),
            2026..=2030,
        );
        (data, series, t)
    }

    #[test]
    fn a_level_whose_interval_reaches_zero_leaves_no_forecast() {
        let (data, series, spec) = turnover();
        let cal = Calibration::agtpa(spec.method).unwrap();
        assert!(
            calibrated_forecast(&data, &series, &spec, &cal)
                .unwrap()
                .is_some()
        );
        let mut points = series.points().to_vec();
        points[1].estimate = Estimate::new(1e8, Interval::new(0.0, 2e8).unwrap()).unwrap();
        let zero = Series::from_points(spec.series, points).unwrap();
        assert!(
            calibrated_forecast(&data, &zero, &spec, &cal)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn exact_inputs_give_the_calibrated_interval_and_a_single_probability() {
        let (data, series, spec) = turnover();
        let cal = Calibration::agtpa(spec.method).unwrap();
        let exact: Vec<_> = series
            .points()
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p.estimate = Estimate::exact(p.estimate.point()).unwrap();
                p
            })
            .collect();
        let exact = Series::from_points(spec.series, exact).unwrap();
        let c = calibrated_forecast(&data, &exact, &spec, &cal)
            .unwrap()
            .unwrap();
        let p = c.probability(2030, 1e10).unwrap().unwrap();
        assert_eq!(p.interval().lo(), p.point());
        assert_eq!(p.interval().hi(), p.point());
        let level = c.level(2030, 0.9).unwrap().unwrap();
        // The calibration's classes use size, so the logs are in the panel's unit (millions).
        let (lo, hi) = c.centre.interval(7, 0.9).unwrap();
        let (lo, hi) = ((lo + c.shift).exp(), (hi + c.shift).exp());
        assert!((c.shift - 1e6f64.ln()).abs() < 1e-12);
        assert!((level.interval().lo() - lo).abs() <= 1e-6 * lo);
        assert!((level.interval().hi() - hi).abs() <= 1e-6 * hi);
        // Years before the series' end, or past the last target year, have no forecast.
        assert!(c.level(2023, 0.9).unwrap().is_none());
        assert!(c.level(2031, 0.9).unwrap().is_none());
    }
}
