//! Backtesting on many series: rolling origins, horizons 1..H, point accuracy, and intervals
//! calibrated out of sample (conformal) beside the models' own.

use crate::error::{Error, ForecastError, InputError, Result};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::calibrate::{Calibration, ClassBounds, ClassBy, ClassCalibration, grid};
use super::methods::{Method, Prior, check_horizon, prior_raw, raw};
use super::set::SeriesSet;

/// Which series a metric covers, decided at each origin.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subset {
    /// Every series.
    All,
    /// Series whose level in the origin year is at least this.
    Large(f64),
}

impl Subset {
    /// `all` or `large`.
    pub fn name(&self) -> &'static str {
        match self {
            Subset::All => "all",
            Subset::Large(_) => "large",
        }
    }

    fn holds(&self, level: f64) -> bool {
        match self {
            Subset::All => true,
            Subset::Large(t) => level >= *t,
        }
    }
}

/// How a method's intervals are calibrated on a reference panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationSpec {
    /// The method.
    pub method: Method,
    /// Horizons scored, 1..=horizons (pooled into one score distribution per class).
    pub horizons: usize,
    /// The errors scored at year T are those of origins T − window ..= T − h (outcomes known
    /// at T).
    pub window: usize,
    /// Classes (quantiles of the class key at each origin, at most [`MAX_CLASSES`]); 1 for none.
    pub classes: usize,
    /// What classes are drawn by.
    pub class_by: ClassBy,
    /// The fixed size boundaries of [`ClassBy::GroupVolatility`] (the thresholds of the
    /// backtest's `large` subsets), in the reference panel's unit.
    #[serde(default)]
    pub groups: Vec<f64>,
    /// The reference panel, in words (carried into the [`Calibration`]).
    pub reference: String,
    /// One unit of the reference panel in US dollars, if it is in dollars (see
    /// [`Calibration::usd_per_unit`]).
    pub usd_per_unit: Option<f64>,
    /// How the scores are pooled and weighted (see [`Adapt`]).
    #[serde(default)]
    pub adapt: Adapt,
}

/// How a calibration adapts its conformal quantiles to the horizon and the period.
///
/// By default (`Adapt::default()`: pooled over horizons, equal weights, no period scale) every
/// error of the window counts the same at every horizon. `by_horizon` gives each horizon its own quantiles
/// (horizons beyond those scored use the last one's); `half_life` weights an error whose
/// outcome became known `a` years before the calibration year by 2^(−a / half_life), so recent
/// years count more (weighted conformal quantiles: at level p the smallest score whose
/// cumulative weight reaches p·(W + 1), W the total weight, the test point weighing 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Adapt {
    /// One quantile grid per horizon.
    #[serde(default)]
    pub by_horizon: bool,
    /// The half-life of the errors' weights, in years (`None`: equal weights).
    #[serde(default)]
    pub half_life: Option<f64>,
    /// Scale each class's scores by the period's common shock: the median one-step score of
    /// the latest year whose outcome is known over the median one-step score of the window.
    /// A calm year narrows the next intervals, a turbulent one widens them.
    #[serde(default)]
    pub recent_scale: bool,
}

impl Adapt {
    /// The AGTPA protocol's: quantiles per horizon, equal weights, the period scale.
    pub const AGTPA: Adapt = Adapt {
        by_horizon: true,
        half_life: None,
        recent_scale: true,
    };

    fn check(&self) -> Result<()> {
        if let Some(h) = self.half_life
            && !(h.is_finite() && h > 0.0)
        {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a calibration half-life (years)",
                value: h,
                expected: "a finite number above 0",
            }));
        }
        Ok(())
    }

    /// The weight of an error whose outcome became known `age` years before the calibration.
    fn weight(&self, age: usize) -> f64 {
        self.half_life
            .map_or(1.0, |h| (-(age as f64) / h * std::f64::consts::LN_2).exp())
    }
}

impl BacktestSpec {
    /// The spec with repeated methods and subsets merged (each runs once, in the order first
    /// given): ten thousand copies of one method are one method.
    ///
    /// # Errors
    /// [`DataError::DuplicateItem`](crate::error::DataError::DuplicateItem) for two different
    /// subsets with one name (`large` at two thresholds), whose rows could not be told apart.
    pub fn merged(&self) -> Result<BacktestSpec> {
        let mut spec = self.clone();
        let mut seen = std::collections::HashSet::new();
        spec.methods.retain(|m| seen.insert(*m));
        let mut subsets: Vec<Subset> = Vec::with_capacity(spec.subsets.len());
        for (i, s) in self.subsets.iter().enumerate() {
            match subsets.iter().position(|t| t.name() == s.name()) {
                Some(j) if subsets.get(j) == Some(s) => {}
                Some(j) => {
                    return Err(Error::Data(crate::error::DataError::DuplicateItem {
                        id: s.name().to_owned(),
                        first: format!("subset #{}", j + 1),
                        second: format!("subset #{}", i + 1),
                    }));
                }
                None => subsets.push(*s),
            }
        }
        spec.subsets = subsets;
        Ok(spec)
    }
}

impl CalibrationSpec {
    /// The protocol of [`BacktestSpec::agtpa`] for one method.
    pub fn agtpa(method: Method) -> CalibrationSpec {
        BacktestSpec::agtpa().calibration(method)
    }
}

/// A backtest's protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestSpec {
    /// Methods to compare.
    pub methods: Vec<Method>,
    /// Test origins: the last training year of each round.
    pub origins: Vec<i32>,
    /// Horizons 1..=horizons.
    pub horizons: usize,
    /// Calibration window (see [`CalibrationSpec::window`]).
    pub window: usize,
    /// Classes for the pooled prior and the conformal scores.
    pub classes: usize,
    /// What classes are drawn by.
    pub class_by: ClassBy,
    /// Subsets to report.
    pub subsets: Vec<Subset>,
    /// The reference panel, in words.
    pub reference: String,
    /// One unit of the reference panel in US dollars, if it is in dollars.
    pub usd_per_unit: Option<f64>,
    /// How the calibration adapts to the horizon and the period.
    #[serde(default)]
    pub adapt: Adapt,
}

impl BacktestSpec {
    /// The protocol on the AGTPA RTA panel: every method, origins 2000–2003, horizons 1–3,
    /// errors of the 8 origins before each, pairs of at least 1000 (US$ 1 billion in the file's
    /// millions) apart from the rest and 5 volatility classes within each
    /// ([`ClassBy::GroupVolatility`]), quantiles per horizon scaled by the period's common
    /// shock ([`Adapt::AGTPA`]); all pairs and the large ones reported.
    pub fn agtpa() -> BacktestSpec {
        BacktestSpec {
            methods: Method::ALL.to_vec(),
            origins: vec![2000, 2001, 2002, 2003],
            horizons: 3,
            window: 8,
            classes: 5,
            class_by: ClassBy::GroupVolatility,
            subsets: vec![Subset::All, Subset::Large(1000.0)],
            reference: "AGTPA RTA panel (Yotov, Piermartini, Monteiro & Larch 2016): \
                        international pairs with positive flows in all years, in logs"
                .into(),
            usd_per_unit: Some(1e6),
            adapt: Adapt::AGTPA,
        }
    }

    /// The calibration protocol of one method.
    pub fn calibration(&self, method: Method) -> CalibrationSpec {
        CalibrationSpec {
            method,
            horizons: self.horizons,
            window: self.window,
            classes: self.classes,
            class_by: self.class_by,
            groups: self.groups(),
            reference: self.reference.clone(),
            usd_per_unit: self.usd_per_unit,
            adapt: self.adapt,
        }
    }

    /// The size groups' boundaries: the thresholds of the `large` subsets, increasing.
    pub fn groups(&self) -> Vec<f64> {
        let mut g: Vec<f64> = self
            .subsets
            .iter()
            .filter_map(|s| match s {
                Subset::Large(t) => Some(*t),
                Subset::All => None,
            })
            .collect();
        g.sort_by(f64::total_cmp);
        g.dedup();
        g
    }
}

/// One method, subset and horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    /// The method.
    pub method: Method,
    /// The subset (`all`, `large`).
    pub subset: String,
    /// The horizon in years.
    pub horizon: usize,
    /// Forecasts scored (series × origins).
    pub n: usize,
    /// Mean absolute error of the log forecast.
    pub log_mae: f64,
    /// Mean absolute scaled error (scale: the series' in-sample mean absolute yearly change).
    pub mase: f64,
    /// Mean error (actual − forecast), in logs.
    pub bias: f64,
    /// Coverage of the calibrated 80% interval.
    pub cov80: f64,
    /// Coverage of the calibrated 90% interval.
    pub cov90: f64,
    /// Mean Winkler score of the calibrated 80% interval (width, plus 2/0.2 times any miss).
    pub winkler80: f64,
    /// Mean Winkler score of the calibrated 90% interval.
    pub winkler90: f64,
    /// Coverage of the model's own (normal) 80% interval.
    pub model_cov80: f64,
    /// Coverage of the model's own (normal) 90% interval.
    pub model_cov90: f64,
}

/// Observed coverage of the calibrated interval at one nominal level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reliability {
    /// The method.
    pub method: Method,
    /// The subset.
    pub subset: String,
    /// The horizon.
    pub horizon: usize,
    /// The nominal level.
    pub nominal: f64,
    /// The share of outcomes inside.
    pub observed: f64,
}

/// Seconds one method took over every origin (calibration origins included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodTime {
    /// The method.
    pub method: Method,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// A backtest's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// The protocol.
    pub spec: BacktestSpec,
    /// Series in the set.
    pub series: usize,
    /// Metrics per method, subset and horizon.
    pub rows: Vec<MetricRow>,
    /// Nominal against observed coverage per method, subset and horizon, at the levels of
    /// [`RELIABILITY_LEVELS`].
    pub reliability: Vec<Reliability>,
    /// Seconds per method.
    pub seconds: Vec<MethodTime>,
}

/// The most classes per class key (size or volatility).
pub const MAX_CLASSES: usize = 100;

/// The nominal levels of [`Backtest::reliability`].
pub const RELIABILITY_LEVELS: [f64; 6] = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

const Z80: f64 = 1.281_551_565_544_600_5;
const Z90: f64 = 1.644_853_626_951_472_2;
/// Standard errors below this count as this in scores (a series that never moved).
const SD_FLOOR: f64 = 1e-9;

/// Classes, priors and forecast errors of one set over a run of origins.
pub(super) struct Grid<'a> {
    set: &'a SeriesSet,
    /// Year index of the first origin.
    t0: usize,
    /// Class boundaries at each origin.
    bounds: Vec<ClassBounds>,
    /// Size and volatility of each series at each origin: `keys[oi][s]`.
    keys: Vec<Vec<(f64, f64)>>,
    /// Class of each series at each origin: `class[oi][s]`.
    class: Vec<Vec<usize>>,
    /// Priors per origin and class.
    priors: Vec<Vec<Prior>>,
}

/// Boundaries cutting `keys` into `classes` groups of about equal size (duplicates and a
/// boundary at the minimum dropped, so no class is empty).
fn cuts(keys: &[f64], classes: usize) -> Vec<f64> {
    let mut sorted = keys.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let mut b: Vec<f64> = (1..classes.max(1))
        .filter_map(|c| sorted.get(c * n / classes).copied())
        .collect();
    b.dedup();
    if b.first().is_some_and(|v| Some(v) == sorted.first()) {
        b.remove(0);
    }
    b
}

/// Classes per class key: 1 to [`MAX_CLASSES`].
fn check_classes(classes: usize) -> Result<()> {
    if classes == 0 || classes > MAX_CLASSES {
        return Err(Error::Input(InputError::OutOfRange {
            what: "classes per class key",
            value: classes as f64,
            expected: "1 to 100",
        }));
    }
    Ok(())
}

impl<'a> Grid<'a> {
    /// # Errors
    /// [`InputError::OutOfRange`] for 0 or more than [`MAX_CLASSES`] classes per key;
    /// [`ForecastError::EmptyClass`] for a class whose series are all too short for a prior.
    pub(super) fn new(
        set: &'a SeriesSet,
        t0: usize,
        t1: usize,
        classes: usize,
        by: ClassBy,
        groups: &[f64],
    ) -> Result<Grid<'a>> {
        check_classes(classes)?;
        let n = set.len();
        let (mut bounds, mut class, mut priors, mut keys) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for t in t0..=t1 {
            let years = set.years().get(..=t).unwrap_or(&[]);
            let sizes: Vec<f64> = (0..n).map(|s| set.level(s, t)).collect();
            let vols: Vec<f64> = (0..n)
                .map(|s| super::series::volatility(years, set.log_slice(s, t)).unwrap_or(0.0))
                .collect();
            let b = if by == ClassBy::GroupVolatility {
                let group = |size: f64| groups.iter().filter(|g| **g <= size).count();
                ClassBounds {
                    size: groups.to_vec(),
                    volatility: Vec::new(),
                    nested: (0..=groups.len())
                        .map(|g| {
                            let v: Vec<f64> = sizes
                                .iter()
                                .zip(&vols)
                                .filter(|(z, _)| group(**z) == g)
                                .map(|(_, v)| *v)
                                .collect();
                            cuts(&v, classes)
                        })
                        .collect(),
                }
            } else {
                ClassBounds {
                    size: if by.uses_size() {
                        cuts(&sizes, classes)
                    } else {
                        Vec::new()
                    },
                    volatility: if by.uses_volatility() {
                        cuts(&vols, classes)
                    } else {
                        Vec::new()
                    },
                    nested: Vec::new(),
                }
            };
            let cls: Vec<usize> = (0..n)
                .map(|s| {
                    b.class_of(
                        sizes.get(s).copied().unwrap_or(0.0),
                        vols.get(s).copied().unwrap_or(0.0),
                    )
                })
                .collect();
            let p = (0..b.classes())
                .map(|c| {
                    prior_raw(
                        (0..n)
                            .filter(|&s| cls.get(s) == Some(&c))
                            .map(|s| (years, set.log_slice(s, t))),
                    )
                    .map_err(|_| {
                        Error::Forecast(ForecastError::EmptyClass {
                            class: b.describe(c),
                            year: set.years().get(t).copied().unwrap_or_default(),
                            purpose: "a pooled prior (series of 3 years or more)",
                        })
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            bounds.push(b);
            class.push(cls);
            priors.push(p);
            keys.push(sizes.into_iter().zip(vols).collect());
        }
        Ok(Grid {
            set,
            t0,
            bounds,
            keys,
            class,
            priors,
        })
    }

    pub(super) fn origins(&self) -> usize {
        self.class.len()
    }

    /// The class of series `s` at origin index `oi`.
    fn class_at(&self, oi: usize, s: usize) -> usize {
        self.class
            .get(oi)
            .and_then(|c| c.get(s))
            .copied()
            .unwrap_or(0)
    }

    /// The prior series `s` is forecast with at origin index `oi` when the calibration in use
    /// was made `age` origins earlier: the class that calibration's boundaries give the series'
    /// size and volatility at `oi`, and that class's prior then, discounted for its age by
    /// `discount`. `None` before the grid's first origin.
    fn prior_aged(
        &self,
        oi: usize,
        s: usize,
        age: usize,
        discount: Option<&super::PriorDiscount>,
    ) -> Option<Prior> {
        let oa = oi.checked_sub(age)?;
        let (size, vol) = self.keys.get(oi)?.get(s).copied()?;
        let c = self.bounds.get(oa)?.class_of(size, vol);
        let p = *self.priors.get(oa)?.get(c)?;
        Some(discount.map_or(p, |d| d.apply(&p, age)))
    }

    /// (error, sd) of every series, origin and horizon: index `(s × origins + oi) × h_max + h − 1`.
    ///
    /// # Errors
    /// [`InputError::TooLarge`] past [`crate::limits::MAX_VALUES`] forecasts.
    fn errors(&self, method: Method, h_max: usize) -> Result<Vec<(f64, f64)>> {
        self.errors_aged(method, h_max, 0, None, 0, None)
    }

    /// [`Grid::errors`] with priors `age` origins old ([`Grid::prior_aged`]), for origins from
    /// index `from` (earlier ones, and those without a prior that old, are NaN), each series
    /// forecast from its last `own` years only when given (its class and the priors still
    /// from its whole history up to then).
    ///
    /// # Errors
    /// As [`Grid::errors`].
    pub(super) fn errors_aged(
        &self,
        method: Method,
        h_max: usize,
        age: usize,
        discount: Option<&super::PriorDiscount>,
        from: usize,
        own: Option<usize>,
    ) -> Result<Vec<(f64, f64)>> {
        crate::limits::values(
            "forecasts of a backtest (series × origins × horizons)",
            self.set
                .len()
                .checked_mul(self.origins())
                .and_then(|v| v.checked_mul(h_max)),
        )?;
        let no = self.origins();
        let years = self.set.years();
        Ok((0..self.set.len())
            .into_par_iter()
            .flat_map_iter(|s| {
                (0..no).flat_map(move |oi| {
                    let t = self.t0 + oi;
                    let p = self.prior_aged(oi, s, age, discount);
                    let (point, sd) = if oi < from || (method == Method::Pooled && p.is_none()) {
                        (vec![f64::NAN; h_max], vec![f64::NAN; h_max])
                    } else {
                        let skip = own.map_or(0, |n| (t + 1).saturating_sub(n));
                        raw(
                            method,
                            years.get(skip..=t).unwrap_or(&[]),
                            self.set.log_slice(s, t).get(skip..).unwrap_or(&[]),
                            h_max,
                            p.as_ref(),
                        )
                    };
                    (1..=h_max).map(move |h| {
                        let actual = self.set.log_at(s, t + h).unwrap_or(f64::NAN);
                        (
                            actual - point.get(h - 1).copied().unwrap_or(f64::NAN),
                            sd.get(h - 1).copied().unwrap_or(f64::NAN),
                        )
                    })
                })
            })
            .collect())
    }

    /// The calibration at origin index `oi` from the errors of origins `oi − window ..= oi − h`.
    pub(super) fn calibration(
        &self,
        errs: &[(f64, f64)],
        oi: usize,
        spec: &CalibrationSpec,
    ) -> Result<Calibration> {
        spec.adapt.check()?;
        let (no, h_max) = (self.origins(), spec.horizons);
        let bounds = self.bounds.get(oi).cloned().unwrap_or_default();
        let year = self
            .set
            .years()
            .get(self.t0 + oi)
            .copied()
            .unwrap_or_default();
        // Weighted scores per class, pooled and per horizon.
        let nc = bounds.classes();
        let mut pooled: Vec<Vec<(f64, f64)>> = vec![Vec::new(); nc];
        let mut per_h: Vec<Vec<Vec<(f64, f64)>>> = vec![vec![Vec::new(); h_max]; nc];
        // One-step scores of the window and of the latest year, per class.
        let mut one_step: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); nc];
        for h in 1..=h_max {
            let Some(last) = oi.checked_sub(h) else {
                continue;
            };
            for coi in oi.saturating_sub(spec.window)..=last {
                let w = spec.adapt.weight(oi - coi - h);
                for s in 0..self.set.len() {
                    let c = self.class_at(coi, s);
                    if let Some((e, sd)) = errs.get((s * no + coi) * h_max + h - 1)
                        && e.is_finite()
                        && let Some(v) = pooled.get_mut(c)
                    {
                        let score = (e.abs() / sd.max(SD_FLOOR), w);
                        if h == 1
                            && let Some(r) = one_step.get_mut(c)
                        {
                            r.0.push(score.0);
                            if coi == last {
                                r.1.push(score.0);
                            }
                        }
                        v.push(score);
                        if let Some(v) = per_h.get_mut(c).and_then(|v| v.get_mut(h - 1)) {
                            v.push(score);
                        }
                    }
                }
            }
        }
        let empty = |c: usize| {
            Error::Forecast(ForecastError::EmptyClass {
                class: bounds.describe(c),
                year,
                purpose: "a calibration (errors of earlier origins)",
            })
        };
        let classes = pooled
            .into_iter()
            .zip(per_h)
            .zip(one_step)
            .enumerate()
            .map(|(c, ((v, hs), (window, latest)))| {
                if v.is_empty() {
                    return Err(empty(c));
                }
                let scale = if spec.adapt.recent_scale {
                    recent_scale(window, latest)
                } else {
                    1.0
                };
                let scaled = |v: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
                    v.into_iter().map(|(x, w)| (x * scale, w)).collect()
                };
                let v = scaled(v);
                let hs: Vec<Vec<(f64, f64)>> = hs.into_iter().map(scaled).collect();
                let by_horizon = if spec.adapt.by_horizon {
                    hs.into_iter()
                        .map(|v| {
                            if v.is_empty() {
                                Err(empty(c))
                            } else {
                                Ok(weighted_grid(v))
                            }
                        })
                        .collect::<Result<Vec<_>>>()?
                } else {
                    Vec::new()
                };
                Ok(ClassCalibration {
                    prior: self.priors.get(oi).and_then(|p| p.get(c)).copied().ok_or(
                        Error::Forecast(ForecastError::EmptyClass {
                            class: bounds.describe(c),
                            year,
                            purpose: "a pooled prior",
                        }),
                    )?,
                    errors: v.len(),
                    quantiles: weighted_grid(v),
                    by_horizon,
                    scale,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Calibration {
            method: spec.method,
            reference: spec.reference.clone(),
            year,
            horizons: spec.horizons,
            window: spec.window,
            class_by: spec.class_by,
            bounds,
            usd_per_unit: spec.usd_per_unit,
            adapt: spec.adapt,
            discount: None,
            classes,
            measured: Vec::new(),
            measured_later: Vec::new(),
            age_study: Vec::new(),
        })
    }
}

/// The period's scale: the median one-step score of the latest year over that of the whole
/// window (1 without either, or with a window median of 0).
fn recent_scale(mut window: Vec<f64>, mut latest: Vec<f64>) -> f64 {
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    match (median(&mut window), median(&mut latest)) {
        (Some(w), Some(l)) if w > 0.0 && l.is_finite() => l / w,
        _ => 1.0,
    }
}

/// The conformal quantile grid of weighted scores: at level p the smallest score whose
/// cumulative weight reaches p·(W + 1), W the total weight (the test point weighing 1); the
/// largest score beyond W. With equal weights of 1, the ⌈(n+1)p⌉-th smallest.
fn weighted_grid(mut v: Vec<(f64, f64)>) -> Vec<f64> {
    if v.iter().all(|(_, w)| *w == 1.0) {
        let mut s: Vec<f64> = v.into_iter().map(|(x, _)| x).collect();
        s.sort_by(f64::total_cmp);
        return grid(&s);
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = v.iter().map(|(_, w)| w).sum();
    let mut cum = Vec::with_capacity(v.len());
    let mut acc = 0.0;
    for (_, w) in &v {
        acc += w;
        cum.push(acc);
    }
    let largest = v.last().map_or(0.0, |x| x.0);
    (0..super::GRID)
        .map(|i| {
            let need = i as f64 / (super::GRID - 1) as f64 * (total + 1.0);
            let k = cum.partition_point(|c| *c < need - 1e-12 * total.max(1.0));
            v.get(k).map_or(largest, |x| x.0)
        })
        .collect()
}

/// Year index of the first origin a protocol needs, with the checks.
fn first_origin(
    set: &SeriesSet,
    first_test: i32,
    window: usize,
    methods: &[Method],
) -> Result<usize> {
    let t_test = set
        .years()
        .iter()
        .position(|y| *y == first_test)
        .ok_or(ForecastError::Origin { year: first_test })?;
    let need = methods
        .iter()
        .map(|m| m.min_points())
        .max()
        .unwrap_or(2)
        .max(3);
    let t0 = t_test
        .checked_sub(window)
        .filter(|t| t + 1 >= need)
        .ok_or_else(|| ForecastError::Window {
            origin: first_test,
            window,
            from: i64::from(first_test) - window as i64,
            need,
            start: set.years().first().copied().unwrap_or_default(),
        })?;
    Ok(t0)
}

impl Backtest {
    /// Every method's calibration at the set's last year ([`calibrate`] with this backtest's
    /// protocol), each carrying this backtest's rows of its method as
    /// [`measured`](Calibration::measured) evidence, the rows of the same protocol without the
    /// period scale as [`measured_later`](Calibration::measured_later) (what a forecast from a
    /// later year uses), and, from a prior age `study`, its discount rule and rows for the
    /// pooled method's: what `data/forecast/agtpa.json` holds for the AGTPA panel.
    ///
    /// # Errors
    /// As [`calibrate`] and [`backtest`].
    pub fn calibrations(
        &self,
        set: &SeriesSet,
        study: Option<&super::AgeStudy>,
    ) -> Result<Vec<Calibration>> {
        let discount = study.and_then(|s| s.spec.discount);
        let later = if self.spec.adapt.recent_scale {
            let spec = BacktestSpec {
                adapt: Adapt {
                    recent_scale: false,
                    ..self.spec.adapt
                },
                ..self.spec.clone()
            };
            backtest(set, &spec)?.rows
        } else {
            self.rows.clone()
        };
        self.spec
            .methods
            .iter()
            .map(|&m| {
                let mut c = calibrate(set, &self.spec.calibration(m))?;
                let of = |rows: &[MetricRow]| -> Vec<MetricRow> {
                    rows.iter().filter(|r| r.method == m).cloned().collect()
                };
                c.measured = of(&self.rows);
                c.measured_later = of(&later);
                if m == Method::Pooled
                    && let Some(s) = study
                {
                    c.discount = discount;
                    c.age_study.clone_from(&s.rows);
                }
                Ok(c)
            })
            .collect()
    }
}

/// Calibrates a method's intervals on a reference set at its last year: errors of the
/// `window` origins before it at horizons 1..=H, by class.
///
/// # Errors
/// [`InputError::ZeroHorizon`] / [`InputError::OutOfRange`] for the horizons;
/// [`ForecastError::Window`] for a set too short for the window; [`ForecastError::EmptyClass`] for
/// a class without series or errors.
pub fn calibrate(set: &SeriesSet, spec: &CalibrationSpec) -> Result<Calibration> {
    check_horizon(spec.horizons)?;
    if spec.window == 0 {
        return Err(Error::Input(InputError::OutOfRange {
            what: "a calibration window",
            value: 0.0,
            expected: "at least one origin",
        }));
    }
    let last = set.years().len().saturating_sub(1);
    let year = set.years().get(last).copied().unwrap_or_default();
    let t0 = first_origin(set, year, spec.window, &[spec.method])?;
    let grid = Grid::new(set, t0, last, spec.classes, spec.class_by, &spec.groups)?;
    let errs = grid.errors(spec.method, spec.horizons)?;
    grid.calibration(&errs, last - t0, spec)
}

/// Runs the backtest: at each test origin, every method forecasts every series from the data up
/// to it, with intervals calibrated on the errors of earlier origins whose outcomes were known
/// then (no look-ahead), and is scored on the outcomes 1..=H years on.
///
/// Deterministic: series run in parallel, but each one's forecasts are independent and the
/// metrics are summed in series order.
///
/// # Errors
/// [`InputError::ZeroHorizon`] / [`InputError::OutOfRange`] for the horizon;
/// [`InputError::Missing`] for no methods or origins; [`ForecastError::Origin`] for an origin
/// outside the years; [`ForecastError::Window`] for one too early for the window;
/// [`ForecastError::PastTheData`] for one whose outcomes run past the data;
/// [`ForecastError::EmptyClass`] for a subset or class with no series at an origin.
pub fn backtest(set: &SeriesSet, spec: &BacktestSpec) -> Result<Backtest> {
    let spec = &spec.merged()?;
    let protocol = Protocol::of(set, spec)?;
    let grid = Grid::new(
        set,
        protocol.t0,
        protocol.t1,
        spec.classes,
        spec.class_by,
        &spec.groups(),
    )?;
    let h_max = spec.horizons;
    let (mut rows, mut reliability, mut seconds) = (Vec::new(), Vec::new(), Vec::new());
    for &method in &spec.methods {
        let start = Instant::now();
        let errs = grid.errors(method, h_max)?;
        check_errors(set, &protocol, &errs, method, h_max, grid.origins())?;
        let cspec = spec.calibration(method);
        let cals: Vec<Calibration> = protocol
            .tests
            .iter()
            .map(|&(_, oi)| grid.calibration(&errs, oi, &cspec))
            .collect::<Result<_>>()?;
        seconds.push(MethodTime {
            method,
            seconds: start.elapsed().as_secs_f64(),
        });
        for sub in &spec.subsets {
            for h in 1..=h_max {
                let acc = score(set, &grid, &protocol, &errs, &cals, sub, h, h_max)?;
                let (row, rel) = acc.finish(method, sub.name(), h);
                rows.push(row);
                reliability.extend(rel);
            }
        }
    }
    Ok(Backtest {
        spec: spec.clone(),
        series: set.len(),
        rows,
        reliability,
        seconds,
    })
}

/// Where a backtest's protocol falls in the series' years: the first origin the window needs
/// (`t0`), the last test origin (`t1`), and each test origin's year and index from `t0`.
pub(super) struct Protocol {
    pub(super) t0: usize,
    pub(super) t1: usize,
    pub(super) tests: Vec<(i32, usize)>,
}

impl Protocol {
    /// Checks a spec against the series' years.
    pub(super) fn of(set: &SeriesSet, spec: &BacktestSpec) -> Result<Protocol> {
        let h_max = spec.horizons;
        check_horizon(h_max)?;
        check_classes(spec.classes)?;
        if spec.methods.is_empty() {
            return Err(Error::Input(InputError::Missing {
                what: "a method",
                purpose: "for a backtest",
            }));
        }
        if spec.window == 0 {
            return Err(Error::Input(InputError::OutOfRange {
                what: "the calibration window",
                value: 0.0,
                expected: "at least 1 origin (0 leaves nothing to calibrate on)",
            }));
        }
        let first_test = spec
            .origins
            .iter()
            .copied()
            .min()
            .ok_or(InputError::Missing {
                what: "an origin",
                purpose: "for a backtest",
            })?;
        let last_test = spec.origins.iter().copied().max().unwrap_or(first_test);
        let t0 = first_origin(set, first_test, spec.window, &spec.methods)?;
        let t_of = |year: i32| {
            set.years()
                .iter()
                .position(|y| *y == year)
                .ok_or(Error::Forecast(ForecastError::Origin { year }))
        };
        let t1 = t_of(last_test)?;
        if t1 + h_max >= set.years().len() {
            return Err(Error::Forecast(ForecastError::PastTheData {
                origin: last_test,
                horizon: h_max,
                last: set.years().last().copied().unwrap_or_default(),
            }));
        }
        let mut origins = spec.origins.clone();
        origins.sort_unstable();
        origins.dedup();
        let tests: Vec<(i32, usize)> = origins
            .iter()
            .map(|&o| t_of(o).map(|t| (o, t - t0)))
            .collect::<Result<_>>()?;
        for sub in &spec.subsets {
            for &(o, oi) in &tests {
                if !(0..set.len()).any(|s| sub.holds(set.level(s, t0 + oi))) {
                    return Err(Error::Forecast(ForecastError::EmptyClass {
                        class: format!("subset {}", sub.name()),
                        year: o,
                        purpose: "the backtest's metrics",
                    }));
                }
            }
        }
        Ok(Protocol { t0, t1, tests })
    }
}

/// Every outcome of the protocol is in the data, so an error that is not finite is a forecast
/// that failed: an error naming it rather than a NaN averaged in.
fn check_errors(
    set: &SeriesSet,
    protocol: &Protocol,
    errs: &[(f64, f64)],
    method: super::Method,
    h_max: usize,
    no: usize,
) -> Result<()> {
    let Some(i) = errs
        .iter()
        .position(|(e, sd)| !(e.is_finite() && sd.is_finite()))
    else {
        return Ok(());
    };
    let (s, oi) = (i / h_max / no, i / h_max % no);
    let (e, _) = errs.get(i).copied().unwrap_or_default();
    Err(Error::Input(InputError::NonFinite {
        what: "a forecast error",
        value: e,
    })
    .within(format!(
        "method {}, series {}, origin {}, horizon {}",
        method.as_str(),
        set.ids().get(s).map_or("?", String::as_str),
        set.years()
            .get(protocol.t0 + oi)
            .copied()
            .unwrap_or_default(),
        i % h_max + 1
    )))
}

/// One method's scores on one subset at horizon `h`, over every test origin, each with the
/// calibration known then.
#[allow(clippy::too_many_arguments)]
pub(super) fn score(
    set: &SeriesSet,
    grid: &Grid<'_>,
    protocol: &Protocol,
    errs: &[(f64, f64)],
    cals: &[Calibration],
    sub: &Subset,
    h: usize,
    h_max: usize,
) -> Result<Acc> {
    let no = grid.origins();
    let mut acc = Acc::default();
    for ((_, oi), cal) in protocol.tests.iter().zip(cals) {
        let t = protocol.t0 + oi;
        let q: Vec<Vec<f64>> = (0..cal.classes.len())
            .map(|c| {
                std::iter::once(0.8)
                    .chain(std::iter::once(0.9))
                    .chain(RELIABILITY_LEVELS)
                    .map(|l| cal.multiplier_at(c, h, l))
                    .collect::<Result<_>>()
            })
            .collect::<Result<_>>()?;
        for s in 0..set.len() {
            if !sub.holds(set.level(s, t)) {
                continue;
            }
            let Some(&(e, sd)) = errs.get((s * no + oi) * h_max + h - 1) else {
                continue;
            };
            let c = grid.class_at(*oi, s);
            acc.add(
                e,
                sd,
                naive_scale(set.log_slice(s, t)),
                q.get(c).map_or(&[][..], Vec::as_slice),
            );
        }
    }
    Ok(acc)
}

/// MASE's scale: the mean absolute one-year change of the series up to the origin (at least
/// [`SD_FLOOR`]).
fn naive_scale(y: &[f64]) -> f64 {
    let d: f64 = y
        .windows(2)
        .map(|w| match w {
            [a, b] => (b - a).abs(),
            _ => 0.0,
        })
        .sum();
    (d / (y.len().max(2) - 1) as f64).max(SD_FLOOR)
}

#[derive(Default)]
pub(super) struct Acc {
    n: usize,
    ae: f64,
    se: f64,
    bias: f64,
    c80: usize,
    c90: usize,
    w80: f64,
    w90: f64,
    m80: usize,
    m90: usize,
    rel: [usize; RELIABILITY_LEVELS.len()],
}

impl Acc {
    /// One forecast: error `e`, model sd, MASE scale, and the class's multipliers at 0.8, 0.9
    /// and the reliability levels.
    fn add(&mut self, e: f64, sd: f64, scale: f64, q: &[f64]) {
        let m = |i: usize| q.get(i).copied().unwrap_or(0.0) * sd.max(SD_FLOOR);
        let inside = |i: usize| e.abs() <= m(i);
        let winkler = |i: usize, alpha: f64| 2.0 * m(i) + (2.0 / alpha) * (e.abs() - m(i)).max(0.0);
        self.n += 1;
        self.ae += e.abs();
        self.se += e.abs() / scale;
        self.bias += e;
        self.c80 += usize::from(inside(0));
        self.c90 += usize::from(inside(1));
        self.w80 += winkler(0, 0.2);
        self.w90 += winkler(1, 0.1);
        self.m80 += usize::from(e.abs() <= Z80 * sd);
        self.m90 += usize::from(e.abs() <= Z90 * sd);
        for (k, r) in self.rel.iter_mut().enumerate() {
            *r += usize::from(inside(k + 2));
        }
    }

    pub(super) fn finish(
        &self,
        method: Method,
        subset: &str,
        horizon: usize,
    ) -> (MetricRow, Vec<Reliability>) {
        let c = self.n.max(1) as f64;
        let share = |k: usize| k as f64 / c;
        (
            MetricRow {
                method,
                subset: subset.into(),
                horizon,
                n: self.n,
                log_mae: self.ae / c,
                mase: self.se / c,
                bias: self.bias / c,
                cov80: share(self.c80),
                cov90: share(self.c90),
                winkler80: self.w80 / c,
                winkler90: self.w90 / c,
                model_cov80: share(self.m80),
                model_cov90: share(self.m90),
            },
            RELIABILITY_LEVELS
                .iter()
                .zip(self.rel)
                .map(|(nominal, k)| Reliability {
                    method,
                    subset: subset.into(),
                    horizon,
                    nominal: *nominal,
                    observed: share(k),
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn weighted_conformal_quantiles_follow_the_weights() {
        // Equal weights: the ⌈(n+1)p⌉-th smallest of [1, 2].
        let g = weighted_grid(vec![(2.0, 1.0), (1.0, 1.0)]);
        assert_eq!((g[60], g[100]), (1.0, 2.0)); // p 0.3 → 1st, p 0.5 → 2nd
        // Weights 0.5, 0.25, 1: total 1.75, p·2.75 against the running sums 0.5, 0.75, 1.75.
        let g = weighted_grid(vec![(3.0, 1.0), (1.0, 0.5), (2.0, 0.25)]);
        assert_eq!(g[0], 1.0);
        assert_eq!(g[20], 1.0); // 0.275 ≤ 0.5
        assert_eq!(g[40], 2.0); // 0.55 in (0.5, 0.75]
        assert_eq!(g[100], 3.0); // 1.375 in (0.75, 1.75]
        assert_eq!(g[140], 3.0); // 1.925 beyond the total: the largest
    }

    #[test]
    fn the_period_scale_is_the_latest_median_over_the_windows() {
        let s = recent_scale(vec![5.0, 1.0, 3.0, 2.0, 4.0], vec![1.5, 0.5, 1.0]);
        assert!((s - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(recent_scale(vec![1.0], Vec::new()), 1.0);
        assert_eq!(recent_scale(vec![0.0], vec![1.0]), 1.0);
        let a = Adapt {
            half_life: Some(2.0),
            ..Adapt::default()
        };
        assert!((a.weight(4) - 0.25).abs() < 1e-15);
        assert!(
            Adapt {
                half_life: Some(-1.0),
                ..Adapt::default()
            }
            .check()
            .is_err()
        );
    }
}
