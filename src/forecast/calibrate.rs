//! Intervals calibrated out of sample: a method's standardised errors on a reference panel,
//! by class, turned into interval multipliers and exceedance probabilities.
//!
//! The score of a forecast is |actual − point| / sd, with sd the method's own standard error at
//! that horizon. A [`Calibration`] holds, for each class of series (by volatility or size, drawn
//! as quantiles of the reference panel), the conformal quantiles of those scores from h-step
//! forecasts (h = 1..H, pooled) whose outcomes were known at the calibration year. An interval
//! at level L is point ± q_L·sd: the model's shape across horizons, scaled by what the method
//! really missed by. Because the scores are pooled over horizons and scaled by the model's sd,
//! the same multipliers apply beyond the horizons scored (an extrapolation the outlook states).

use crate::error::{Error, ForecastError, GrowthError, InputError, Result};
use serde::{Deserialize, Serialize};

use super::age::PriorDiscount;
use super::methods::{Forecast, Method, Prior, check_horizon};
use super::series::{LogSeries, volatility};

/// Points in each class's quantile grid (levels 0, 0.005, …, 1).
pub const GRID: usize = 201;

keyword_enum! {
    /// What classes of series are drawn by.
    pub enum ClassBy: "class key" {
        /// One class: every series together.
        None = "none",
        /// The level in the origin year, in the reference panel's unit (for the AGTPA panel,
        /// millions of US dollars).
        Size = "size",
        /// The series' yearly volatility up to the origin ([`LogSeries::volatility`]):
        /// unit-free, so it applies to any series.
        Volatility = "volatility",
        /// Size classes crossed with volatility classes (`classes` of each: 3 → 9 classes).
        SizeVolatility = "size_volatility",
        /// Size groups cut at fixed levels (the backtest's subsets: pairs of at least US$1
        /// billion apart from the rest), each cut into `classes` volatility classes of its own,
        /// so a large pair is calibrated on large pairs' errors.
        GroupVolatility = "group_volatility",
    }
}

impl ClassBy {
    /// Whether classes depend on the level.
    pub fn uses_size(self) -> bool {
        matches!(
            self,
            ClassBy::Size | ClassBy::SizeVolatility | ClassBy::GroupVolatility
        )
    }

    /// Whether classes depend on the volatility.
    pub fn uses_volatility(self) -> bool {
        matches!(
            self,
            ClassBy::Volatility | ClassBy::SizeVolatility | ClassBy::GroupVolatility
        )
    }
}

/// Class boundaries: quantiles of size and of volatility (each empty where classes do not
/// use it). Class index = size class × (volatility boundaries + 1) + volatility class, each
/// class the number of boundaries at or below the key. With `nested` boundaries (one list per
/// size class, [`ClassBy::GroupVolatility`]) each size class has volatility classes of its own,
/// numbered on from the previous size class's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassBounds {
    /// Size boundaries, increasing, in the reference panel's unit.
    pub size: Vec<f64>,
    /// Volatility boundaries, increasing.
    pub volatility: Vec<f64>,
    /// Volatility boundaries of each size class, when they differ by size class (then
    /// `volatility` is empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nested: Vec<Vec<f64>>,
}

impl ClassBounds {
    /// Number of classes.
    pub fn classes(&self) -> usize {
        if self.nested.is_empty() {
            (self.size.len() + 1) * (self.volatility.len() + 1)
        } else {
            self.nested.iter().map(|v| v.len() + 1).sum()
        }
    }

    /// The volatility boundaries of size class `sc`.
    fn vol_bounds(&self, sc: usize) -> &[f64] {
        if self.nested.is_empty() {
            &self.volatility
        } else {
            self.nested.get(sc).map_or(&[], Vec::as_slice)
        }
    }

    /// The size class and volatility class of a class index.
    fn split(&self, class: usize) -> (usize, usize) {
        let mut rest = class;
        for sc in 0..=self.size.len() {
            let nv = self.vol_bounds(sc).len() + 1;
            if rest < nv {
                return (sc, rest);
            }
            rest -= nv;
        }
        (self.size.len(), rest)
    }

    /// The class of a series of this size and volatility.
    pub fn class_of(&self, size: f64, volatility: f64) -> usize {
        let below = |b: &[f64], k: f64| b.iter().filter(|v| **v <= k).count();
        let sc = below(&self.size, size);
        let before: usize = (0..sc).map(|c| self.vol_bounds(c).len() + 1).sum();
        before + below(self.vol_bounds(sc), volatility)
    }

    /// A class in words, e.g. `size 3 of 3, volatility 1 of 3`.
    pub fn describe(&self, class: usize) -> String {
        let (sc, vc) = self.split(class);
        let nv = self.vol_bounds(sc).len() + 1;
        let no_vol = self.volatility.is_empty() && self.nested.is_empty();
        match (self.size.is_empty(), no_vol) {
            (true, true) => "the one class".into(),
            (false, true) => format!("size class {} of {}", sc + 1, self.size.len() + 1),
            (true, false) => format!("volatility class {} of {nv}", vc + 1),
            (false, false) => format!(
                "size class {} of {}, volatility class {} of {nv}",
                sc + 1,
                self.size.len() + 1,
                vc + 1
            ),
        }
    }

    fn validate(&self) -> Result<()> {
        if !self.nested.is_empty()
            && (self.nested.len() != self.size.len() + 1 || !self.volatility.is_empty())
        {
            return Err(Error::Forecast(ForecastError::Calibration {
                class: None,
                problem: "nested volatility boundaries need one list per size class and no shared list",
            }));
        }
        for b in [&self.size, &self.volatility]
            .into_iter()
            .chain(&self.nested)
        {
            if b.iter().any(|v| !v.is_finite())
                || b.windows(2).any(|w| matches!(w, [a, b] if a >= b))
            {
                return Err(Error::Forecast(ForecastError::Calibration {
                    class: None,
                    problem: "class boundaries must be finite and increasing",
                }));
            }
        }
        Ok(())
    }
}

/// A class's prior and score quantiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassCalibration {
    /// The pooled prior of the class's series (what [`Method::Pooled`] shrinks towards).
    pub prior: Prior,
    /// Forecast errors behind the quantiles.
    pub errors: usize,
    /// Conformal quantiles of the standardised absolute error at levels i/200, i = 0..=200
    /// (the ⌈(n+1)·p⌉-th smallest of n scores, the last one at and above n/(n+1)), pooled over
    /// the horizons scored (weighted, if the calibration weights recent years).
    pub quantiles: Vec<f64>,
    /// The same grid for each horizon 1..=H, when the calibration keeps one per horizon
    /// ([`Adapt::by_horizon`](super::Adapt::by_horizon)); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_horizon: Vec<Vec<f64>>,
    /// The period scale the scores were multiplied by ([`Adapt::recent_scale`](super::Adapt::recent_scale); 1 without).
    #[serde(default = "one")]
    pub scale: f64,
}

fn one() -> f64 {
    1.0
}

impl ClassCalibration {
    /// The class with its period scale taken out (grids divided by [`ClassCalibration::scale`]):
    /// the window's own quantiles, for a year the calibration year's scale says nothing about.
    pub fn unscaled(&self) -> ClassCalibration {
        let s = self.scale;
        let un = |q: &Vec<f64>| q.iter().map(|v| v / s).collect::<Vec<f64>>();
        ClassCalibration {
            quantiles: un(&self.quantiles),
            by_horizon: self.by_horizon.iter().map(un).collect(),
            scale: 1.0,
            ..self.clone()
        }
    }

    /// The quantile grid of horizon `h`: its own when the calibration keeps one per horizon
    /// (the last one beyond them), the pooled one otherwise.
    pub fn grid_at(&self, h: usize) -> &[f64] {
        match self.by_horizon.len() {
            0 => &self.quantiles,
            n => self
                .by_horizon
                .get(h.clamp(1, n) - 1)
                .map_or(&self.quantiles, Vec::as_slice),
        }
    }

    /// The interval multiplier at horizon `h` and level `level`: [`ClassCalibration::multiplier`]
    /// on [`ClassCalibration::grid_at`].
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a level outside (0, 1).
    pub fn multiplier_at(&self, h: usize, level: f64) -> Result<f64> {
        multiplier_of(self.grid_at(h), level)
    }

    /// The probability that the standardised error at horizon `h` exceeds `d` in absolute
    /// value: [`ClassCalibration::exceedance`] on [`ClassCalibration::grid_at`].
    ///
    /// # Errors
    /// [`InputError::NonFinite`] for a `d` that is not finite.
    pub fn exceedance_at(&self, h: usize, d: f64) -> Result<f64> {
        exceedance_of(self.grid_at(h), d)
    }

    /// The interval multiplier at level `level` (e.g. 0.8): the conformal quantile of the
    /// standardised absolute error, interpolated on the pooled grid.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a level outside (0, 1).
    pub fn multiplier(&self, level: f64) -> Result<f64> {
        multiplier_of(&self.quantiles, level)
    }

    /// The probability that the standardised error exceeds `d` in absolute value, read off the
    /// pooled grid (linear between grid points; 0 beyond its largest score).
    ///
    /// # Errors
    /// [`InputError::NonFinite`] for a `d` that is not finite.
    pub fn exceedance(&self, d: f64) -> Result<f64> {
        exceedance_of(&self.quantiles, d)
    }
}

fn multiplier_of(q: &[f64], level: f64) -> Result<f64> {
    if !(level > 0.0 && level < 1.0) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "an interval level",
            value: level,
            expected: "a fraction between 0 and 1, e.g. 0.8",
        }));
    }
    let pos = level * (GRID - 1) as f64;
    // `level` is in (0, 1), so `pos` is in [0, GRID − 1).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = (pos.floor() as usize).min(GRID - 2);
    let (a, b) = (
        q.get(i).copied().unwrap_or(0.0),
        q.get(i + 1).copied().unwrap_or(0.0),
    );
    Ok(a + (b - a) * (pos - i as f64))
}

fn exceedance_of(q: &[f64], d: f64) -> Result<f64> {
    if !d.is_finite() {
        return Err(Error::Input(InputError::NonFinite {
            what: "a standardised distance",
            value: d,
        }));
    }
    let d = d.abs();
    let step = 1.0 / (GRID - 1) as f64;
    // The last grid level at or below d.
    let Some(i) = q.iter().rposition(|v| *v <= d) else {
        return Ok(1.0);
    };
    if i + 1 >= GRID {
        return Ok(0.0);
    }
    let (a, b) = (
        q.get(i).copied().unwrap_or(0.0),
        q.get(i + 1).copied().unwrap_or(0.0),
    );
    let frac = if b > a { (d - a) / (b - a) } else { 0.0 };
    Ok((1.0 - (i as f64 + frac) * step).clamp(0.0, 1.0))
}

/// Intervals for one method, calibrated on a reference panel.
///
/// [`Calibration::agtpa`] is the built-in one: [`Method::Pooled`] on the 3,459 international
/// pairs of the AGTPA RTA panel (Yotov, Piermartini, Monteiro & Larch 2016) with positive flows
/// in all years, calibrated at 2006 with 1- to 3-year errors from origins 1998–2005: pairs of at
/// least US$1 billion apart from the rest with five volatility classes within each, one
/// quantile grid per horizon and the period scale ([`Adapt::AGTPA`](super::Adapt::AGTPA)), the
/// backtest's out-of-sample coverage in [`measured`](Calibration::measured) (and without the
/// period scale in [`measured_later`](Calibration::measured_later)), and for the pooled method the
/// prior discount rule fitted by the age study ([`discount`](Calibration::discount)). [`calibrate`](super::calibrate) makes one from any
/// [`SeriesSet`](super::SeriesSet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCalibration")]
pub struct Calibration {
    /// The method calibrated.
    pub method: Method,
    /// The reference panel, in words.
    pub reference: String,
    /// The last year of data used.
    pub year: i32,
    /// Horizons scored, 1..=horizons.
    pub horizons: usize,
    /// Origins back from `year` whose errors were scored.
    pub window: usize,
    /// What classes are drawn by.
    pub class_by: ClassBy,
    /// Class boundaries.
    pub bounds: ClassBounds,
    /// One reference-panel unit in US dollars, when the panel is in dollars (for the AGTPA
    /// panel, millions: 1e6), so a series in dollars can be given a size class.
    pub usd_per_unit: Option<f64>,
    /// How the quantiles adapt to the horizon and the period.
    pub adapt: super::Adapt,
    /// How the class priors are discounted as they age (`None`: used as estimated, whatever
    /// their age). See [`PriorDiscount`].
    pub discount: Option<PriorDiscount>,
    /// One per class ([`ClassBounds::classes`]).
    pub classes: Vec<ClassCalibration>,
    /// The backtest's metrics of this method and protocol on the reference panel (out of
    /// sample), if it was run.
    pub measured: Vec<super::MetricRow>,
    /// The same without the period scale: the coverage of the intervals a forecast from a year
    /// after the calibration's gets ([`Calibration::forecast`]).
    pub measured_later: Vec<super::MetricRow>,
    /// The prior age study behind [`Calibration::discount`], if it was run.
    pub age_study: Vec<super::AgeRow>,
}

#[derive(Deserialize)]
struct RawCalibration {
    method: Method,
    reference: String,
    year: i32,
    horizons: usize,
    window: usize,
    class_by: ClassBy,
    bounds: ClassBounds,
    usd_per_unit: Option<f64>,
    #[serde(default)]
    adapt: super::Adapt,
    #[serde(default)]
    discount: Option<PriorDiscount>,
    classes: Vec<ClassCalibration>,
    #[serde(default)]
    measured: Vec<super::MetricRow>,
    #[serde(default)]
    measured_later: Vec<super::MetricRow>,
    #[serde(default)]
    age_study: Vec<super::AgeRow>,
}

impl TryFrom<RawCalibration> for Calibration {
    type Error = Error;
    fn try_from(r: RawCalibration) -> Result<Calibration> {
        let c = Calibration {
            method: r.method,
            reference: r.reference,
            year: r.year,
            horizons: r.horizons,
            window: r.window,
            class_by: r.class_by,
            bounds: r.bounds,
            usd_per_unit: r.usd_per_unit,
            adapt: r.adapt,
            discount: r.discount,
            classes: r.classes,
            measured: r.measured,
            measured_later: r.measured_later,
            age_study: r.age_study,
        };
        c.validate()?;
        Ok(c)
    }
}

impl Calibration {
    /// The built-in calibration of `method` (see the type's docs), from
    /// `data/forecast/agtpa.json`. [`RECOMMENDED`](super::RECOMMENDED) is the method the
    /// backtest supports.
    ///
    /// # Errors
    /// Only if the shipped file were damaged (as [`Calibration::from_json`]), or had no calibration
    /// of `method` ([`InputError::NotInModel`]).
    ///
    /// ```
    /// use bilateral::forecast::{Calibration, Method, RECOMMENDED};
    /// let c = Calibration::agtpa(RECOMMENDED)?;
    /// assert_eq!(c.method, Method::Pooled);
    /// // two size groups (under and over US$1 billion) of five volatility classes each
    /// assert_eq!(c.classes.len(), 10);
    /// assert!(c.discount.is_some());
    /// // an 80% interval is wider than ±0.5 sd and narrower than ±3
    /// let q = c.multiplier(0, 0.8)?;
    /// assert!(q > 0.5 && q < 3.0);
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn agtpa(method: Method) -> Result<Calibration> {
        Calibration::builtin()?
            .into_iter()
            .find(|c| c.method == method)
            .ok_or_else(|| {
                Error::Input(InputError::NotInModel {
                    what: "built-in calibration",
                    name: method.to_string(),
                    known: "the methods of data/forecast/agtpa.json".into(),
                })
            })
    }

    /// Every built-in calibration, one per method.
    ///
    /// # Errors
    /// Only if the shipped file were damaged (as [`Calibration::from_json`]).
    pub fn builtin() -> Result<Vec<Calibration>> {
        crate::document::from_json(
            "data/forecast/agtpa.json",
            include_bytes!("../../data/forecast/agtpa.json"),
        )
    }

    /// A calibration from its JSON (as [`Calibration::to_json`] writes it), validated.
    ///
    /// # Errors
    /// [`FileError::Document`](crate::error::FileError::Document) naming the field, line and column
    /// for JSON that does not parse or a calibration that is not consistent (grids not increasing
    /// or not finite, class counts that do not match).
    pub fn from_json(bytes: &[u8]) -> Result<Calibration> {
        crate::document::from_json("<calibration>", bytes)
    }

    /// The calibration as JSON.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] if a number is not finite (never, for a validated one).
    pub fn to_json(&self) -> Result<Vec<u8>> {
        crate::document::to_json(self)
    }

    fn validate(&self) -> Result<()> {
        self.bounds.validate()?;
        if self.classes.len() != self.bounds.classes() {
            return Err(Error::Forecast(ForecastError::CalibrationClasses {
                classes: self.classes.len(),
                expected: self.bounds.classes(),
            }));
        }
        if self
            .usd_per_unit
            .is_some_and(|u| !(u.is_finite() && u > 0.0))
        {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a calibration's usd_per_unit",
                value: self.usd_per_unit.unwrap_or(f64::NAN),
                expected: "a finite number above 0",
            }));
        }
        check_horizon(self.horizons)?;
        if let Some(d) = &self.discount {
            d.check()?;
        }
        for (i, c) in self.classes.iter().enumerate() {
            let p = &c.prior;
            let bad = |q: &Vec<f64>| {
                q.len() != GRID
                    || q.iter().any(|v| !v.is_finite() || *v < 0.0)
                    || q.windows(2).any(|w| matches!(w, [a, b] if a > b))
            };
            if !(c.by_horizon.is_empty() || c.by_horizon.len() == self.horizons) {
                return Err(Error::Forecast(ForecastError::Calibration {
                    class: Some(i),
                    problem: "a calibration by horizon needs one quantile grid per horizon scored",
                }));
            }
            if bad(&c.quantiles)
                || c.by_horizon.iter().any(bad)
                || !(c.scale.is_finite() && c.scale > 0.0)
            {
                return Err(Error::Forecast(ForecastError::Calibration {
                    class: Some(i),
                    problem: "the quantile grid must hold 201 finite, non-negative, non-decreasing numbers",
                }));
            }
            if !(p.drift_mean.is_finite()
                && p.drift_var > 0.0
                && p.drift_var.is_finite()
                && p.sigma2 > 0.0
                && p.sigma2.is_finite()
                && p.weight >= 0.0
                && p.weight.is_finite())
            {
                return Err(Error::Forecast(ForecastError::Calibration {
                    class: Some(i),
                    problem: "the prior is not finite and positive",
                }));
            }
        }
        Ok(())
    }

    /// The class of a series, by its last level (in the reference panel's unit) and its
    /// volatility, as the calibration's classes need.
    ///
    /// # Errors
    /// [`GrowthError::SeriesTooShort`] for a volatility class of a series under 3 points.
    pub fn class_of(&self, series: &LogSeries) -> Result<usize> {
        let size = if self.class_by.uses_size() {
            series.logs().last().map_or(0.0, |v| v.exp())
        } else {
            0.0
        };
        let vol = if self.class_by.uses_volatility() {
            volatility(series.years(), series.logs()).ok_or(Error::Growth(
                GrowthError::SeriesTooShort {
                    what: "a volatility class",
                    needed: 3,
                    got: series.len(),
                },
            ))?
        } else {
            0.0
        };
        Ok(self.bounds.class_of(size, vol))
    }

    /// The interval multiplier of class `class` at level `level` (e.g. 0.8):
    /// [`ClassCalibration::multiplier`].
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a level outside (0, 1) or a class that does not exist.
    pub fn multiplier(&self, class: usize, level: f64) -> Result<f64> {
        self.class(class)?.multiplier(level)
    }

    /// The interval multiplier of class `class` at horizon `h` and level `level`:
    /// [`ClassCalibration::multiplier_at`].
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a level outside (0, 1) or a class that does not exist.
    pub fn multiplier_at(&self, class: usize, h: usize, level: f64) -> Result<f64> {
        self.class(class)?.multiplier_at(h, level)
    }

    /// The probability that class `class`'s standardised error exceeds `d` in absolute value:
    /// [`ClassCalibration::exceedance`].
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a class that does not exist; [`InputError::NonFinite`] for
    /// `d`.
    pub fn exceedance(&self, class: usize, d: f64) -> Result<f64> {
        self.class(class)?.exceedance(d)
    }

    fn class(&self, class: usize) -> Result<&ClassCalibration> {
        self.classes
            .get(class)
            .ok_or(Error::Input(InputError::OutOfRange {
                what: "a calibration class",
                value: class as f64,
                expected: "one of the calibration's classes (0 to classes − 1)",
            }))
    }

    /// Forecasts a series with this calibration's method, its class's prior and calibrated
    /// intervals. For a series ending after the calibration year the prior is discounted for
    /// its age by [`Calibration::discount`] and the scores' period scale is taken out
    /// ([`ClassCalibration::unscaled`]).
    ///
    /// # Errors
    /// As [`forecast`](super::forecast) and [`Calibration::class_of`].
    ///
    /// ```
    /// use bilateral::forecast::{Calibration, LogSeries, RECOMMENDED};
    /// let c = Calibration::agtpa(RECOMMENDED)?;
    /// let s = LogSeries::from_levels(&[2017, 2018, 2020, 2021, 2022, 2023], &[2.0, 3.0, 2.84, 3.82, 5.0, 4.45])?;
    /// let f = c.forecast(&s, 7)?;
    /// let (lo, hi) = f.interval(7, 0.9)?;
    /// assert!(lo < f.forecast.point[6] && f.forecast.point[6] < hi);
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn forecast(&self, series: &LogSeries, h: usize) -> Result<CalibratedForecast> {
        let class = self.class_of(series)?;
        let age = self.prior_age(series);
        // The period scale measures the calibration year's common shock: it carries to the
        // next year (as in the backtest), not to a later one.
        let scores = if age > 0 {
            self.class(class)?.unscaled()
        } else {
            self.class(class)?.clone()
        };
        let prior = match &self.discount {
            Some(d) => d.apply(&scores.prior, age),
            None => scores.prior,
        };
        let forecast = super::forecast(self.method, series, h, Some(&prior))?;
        Ok(CalibratedForecast {
            forecast,
            class,
            scores,
            prior_age: age,
            prior,
        })
    }

    /// [`Calibration::forecast`] of a series in US dollars: when the classes use size, its logs
    /// are moved into the reference panel's unit ([`Calibration::usd_per_unit`]) for the class and
    /// the forecast, and the forecast's points moved back, so they are log dollars.
    ///
    /// # Errors
    /// As [`Calibration::forecast`]; [`InputError::Missing`] for a size-classed calibration of a
    /// panel not in dollars.
    ///
    /// ```
    /// use bilateral::forecast::{Calibration, LogSeries, RECOMMENDED};
    /// let c = Calibration::agtpa(RECOMMENDED)?;
    /// let s = LogSeries::from_levels(&[2018, 2019, 2020, 2021, 2022, 2023], &[3.0e9, 3.3e9, 3.0e9, 3.6e9, 4.2e9, 4.5e9])?;
    /// let f = c.forecast_dollars(&s, 3)?;
    /// // Pairs over $1 billion are calibrated apart: this one is among them.
    /// assert!(c.bounds.describe(f.class).starts_with("size class 2 of 2"));
    /// assert!(f.forecast.point[0] > 4.0e9f64.ln() && f.forecast.point[0] < 6.0e9f64.ln());
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn forecast_dollars(&self, series: &LogSeries, h: usize) -> Result<CalibratedForecast> {
        if !self.class_by.uses_size() {
            return self.forecast(series, h);
        }
        let shift = self
            .usd_per_unit
            .ok_or(Error::Input(InputError::Missing {
                what: "the reference panel's unit in dollars (usd_per_unit)",
                purpose: "to give a series in dollars a size class",
            }))?
            .ln();
        let logs: Vec<f64> = series.logs().iter().map(|v| v - shift).collect();
        let mut f = self.forecast(&LogSeries::from_logs(series.years(), &logs)?, h)?;
        for p in &mut f.forecast.point {
            *p += shift;
        }
        Ok(f)
    }

    /// Years from the calibration's last year to a series' last year: how old the class priors
    /// are when they forecast it (0 for a series ending at or before the calibration).
    pub fn prior_age(&self, series: &LogSeries) -> usize {
        usize::try_from(i64::from(series.last_year()) - i64::from(self.year)).unwrap_or(0)
    }
}

/// A forecast with intervals from a [`Calibration`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibratedForecast {
    /// The method's forecast (point and own sd, in logs).
    pub forecast: Forecast,
    /// The series' class in the calibration.
    pub class: usize,
    /// That class's prior (as estimated) and score quantiles.
    pub scores: ClassCalibration,
    /// Years from the calibration to the series' last year ([`Calibration::prior_age`]).
    pub prior_age: usize,
    /// The prior the forecast used: the class's, discounted for its age by the calibration's
    /// [`PriorDiscount`] (the class's as estimated without one).
    pub prior: Prior,
}

impl CalibratedForecast {
    fn at(&self, h: usize) -> Result<(f64, f64)> {
        match (
            h.checked_sub(1).and_then(|i| self.forecast.point.get(i)),
            h.checked_sub(1).and_then(|i| self.forecast.sd.get(i)),
        ) {
            (Some(p), Some(s)) => Ok((*p, *s)),
            _ => Err(Error::Input(InputError::OutOfRange {
                what: "a horizon",
                value: h as f64,
                expected: "a horizon the forecast was made for",
            })),
        }
    }

    /// The calibrated interval at horizon `h` and level `level`, in logs.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a horizon not forecast or a level outside (0, 1).
    pub fn interval(&self, h: usize, level: f64) -> Result<(f64, f64)> {
        let (p, s) = self.at(h)?;
        let q = self.scores.multiplier_at(h, level)?;
        Ok((p - q * s, p + q * s))
    }

    /// The calibrated probability that the log level at horizon `h` is at or above
    /// `log_target` (the standardised error's distribution taken as symmetric).
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a horizon not forecast; [`InputError::NonFinite`] for a
    /// target that is not finite.
    pub fn probability_at_least(&self, h: usize, log_target: f64) -> Result<f64> {
        let (p, s) = self.at(h)?;
        if !log_target.is_finite() {
            return Err(Error::Input(InputError::NonFinite {
                what: "a log target",
                value: log_target,
            }));
        }
        if s <= 0.0 {
            return Ok(if p >= log_target { 1.0 } else { 0.0 });
        }
        let d = (log_target - p) / s;
        let tail = 0.5 * self.scores.exceedance_at(h, d)?;
        Ok(if d > 0.0 { tail } else { 1.0 - tail })
    }
}

/// Conformal quantile grid of scores (sorted ascending): at level p the ⌈(n+1)p⌉-th smallest.
pub(crate) fn grid(sorted: &[f64]) -> Vec<f64> {
    let n = sorted.len();
    (0..GRID)
        .map(|i| {
            let p = i as f64 / (GRID - 1) as f64;
            // p in [0, 1]: k in [0, n + 1].
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let k = ((n as f64 + 1.0) * p).ceil() as usize;
            sorted.get(k.clamp(1, n.max(1)) - 1).copied().unwrap_or(0.0)
        })
        .collect()
}
