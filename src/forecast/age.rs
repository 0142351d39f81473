//! How a prior ages: the pooled method forecast with a prior estimated k years before the
//! origin, scored beside naive and drift, and the discount rule fitted on that evidence.

use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::backtest::{Acc, BacktestSpec, Grid, MetricRow, Protocol, score};
use super::calibrate::Calibration;
use super::methods::{Method, Prior};
use super::set::SeriesSet;
use crate::error::{Error, ForecastError, InputError, Result};

/// How the pooled method discounts a prior estimated `age` years before the origin: its drift
/// mean is shrunk towards zero (no growth, the naive forecast) by 2^(−age / half_life), and
/// the variance of the true drift around it grows by `drift_var_per_year` a year, so a series'
/// own drift weighs more as the prior ages. At age 0 the prior is as estimated.
///
/// ```
/// use bilateral::forecast::{Prior, PriorDiscount};
/// let p = Prior { drift_mean: 0.10, drift_var: 0.0004, sigma2: 0.05, weight: 20.0 };
/// let d = PriorDiscount::new(Some(8.0), 0.0001)?;
/// let aged = d.apply(&p, 16); // two half-lives
/// assert!((aged.drift_mean - 0.025).abs() < 1e-12);
/// assert!((aged.drift_var - (0.0004 + 16.0 * 0.0001)).abs() < 1e-12);
/// assert_eq!(d.apply(&p, 0), p);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PriorDiscount {
    /// Years after which the prior's drift mean counts half (`None`: never shrunk).
    pub half_life: Option<f64>,
    /// Added to the prior's drift variance τ² for each year of age.
    pub drift_var_per_year: f64,
}

impl PriorDiscount {
    /// A discount rule, checked.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a half-life that is not a finite number above 0, or a
    /// variance per year that is negative or not finite.
    pub fn new(half_life: Option<f64>, drift_var_per_year: f64) -> Result<PriorDiscount> {
        let d = PriorDiscount {
            half_life,
            drift_var_per_year,
        };
        d.check()?;
        Ok(d)
    }

    /// No discount: the prior as estimated at every age.
    pub const NONE: PriorDiscount = PriorDiscount {
        half_life: None,
        drift_var_per_year: 0.0,
    };

    pub(crate) fn check(&self) -> Result<()> {
        if let Some(h) = self.half_life
            && !(h.is_finite() && h > 0.0)
        {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a prior discount's half-life (years)",
                value: h,
                expected: "a finite number above 0 (or none)",
            }));
        }
        let v = self.drift_var_per_year;
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a prior discount's drift variance per year",
                value: v,
                expected: "a finite number at or above 0",
            }));
        }
        Ok(())
    }

    /// The share of the prior's drift mean kept at `age` years.
    pub fn kept(&self, age: usize) -> f64 {
        self.half_life
            .map_or(1.0, |h| (-(age as f64) / h * std::f64::consts::LN_2).exp())
    }

    /// The prior as the rule discounts it at `age` years.
    pub fn apply(&self, prior: &Prior, age: usize) -> Prior {
        Prior {
            drift_mean: prior.drift_mean * self.kept(age),
            drift_var: prior.drift_var + age as f64 * self.drift_var_per_year,
            ..*prior
        }
    }
}

impl std::fmt::Display for PriorDiscount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.half_life {
            Some(h) => write!(f, "drift mean halved every {h} years")?,
            None => f.write_str("drift mean kept")?,
        }
        write!(
            f,
            ", drift variance +{:.2e} a year of age",
            self.drift_var_per_year
        )
    }
}

/// An age study's protocol: the backtest's, with the prior estimated `age` years before each
/// origin, for each age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeSpec {
    /// The backtest protocol (origins, horizons, window, classes, subsets); its methods are not
    /// used: the study runs the pooled method against naive and drift.
    pub backtest: BacktestSpec,
    /// Ages of the prior, in years before the origin.
    pub ages: Vec<usize>,
    /// A discount rule to score beside the prior as estimated.
    pub discount: Option<PriorDiscount>,
    /// Forecast each series from its last `own_years` years only (at least 3), as a corridor
    /// with a short published history is (`None`: its whole history up to the origin). The
    /// classes, priors and naive and drift use the same years.
    #[serde(default)]
    pub own_years: Option<usize>,
}

impl AgeSpec {
    /// The study on the AGTPA panel: [`BacktestSpec::agtpa`] at ages 0, 3, 6, 9 and 12.
    pub fn agtpa() -> AgeSpec {
        AgeSpec {
            backtest: BacktestSpec::agtpa(),
            ages: vec![0, 3, 6, 9, 12],
            discount: None,
            own_years: None,
        }
    }
}

keyword_enum! {
    /// Which prior a row of an age study used.
    pub enum PriorUse: "prior use" {
        /// The prior as estimated, however old.
        AsEstimated = "as_estimated",
        /// The prior discounted for its age by the study's rule.
        Discounted = "discounted",
    }
}

/// The pooled method with a prior of one age, on one subset and horizon, beside naive and
/// drift on the same forecasts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeRow {
    /// The prior's age in years: it was estimated from the panel's years up to origin − age.
    pub age: usize,
    /// As estimated or discounted.
    pub prior: PriorUse,
    /// The subset.
    pub subset: String,
    /// The horizon in years.
    pub horizon: usize,
    /// Forecasts scored.
    pub n: usize,
    /// The pooled method's mean absolute log error.
    pub log_mae: f64,
    /// Its mean error (actual − forecast), in logs.
    pub bias: f64,
    /// Coverage of its 80% interval, calibrated on fresh errors (as a shipped calibration is).
    pub cov80: f64,
    /// Coverage of its 90% interval.
    pub cov90: f64,
    /// Naive's log-MAE on the same forecasts.
    pub naive_log_mae: f64,
    /// Drift's log-MAE on the same forecasts.
    pub drift_log_mae: f64,
}

/// An age study's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeStudy {
    /// The protocol.
    pub spec: AgeSpec,
    /// Series in the set.
    pub series: usize,
    /// The panel's first and last year.
    pub years: (i32, i32),
    /// One row per age, prior use, subset and horizon.
    pub rows: Vec<AgeRow>,
    /// The fit behind the spec's discount rule, when [`age_study_fitted`] made it.
    pub fit: Option<FittedDiscount>,
    /// Wall-clock seconds (the fit included).
    pub seconds: f64,
}

impl AgeStudy {
    /// The rows of one age and prior use, in subset and horizon order.
    pub fn rows_of(&self, age: usize, prior: PriorUse) -> Vec<&AgeRow> {
        self.rows
            .iter()
            .filter(|r| r.age == age && r.prior == prior)
            .collect()
    }
}

/// A grid of origins long enough for every age, with the protocol's test origins re-indexed on
/// it and the fresh calibration at each.
struct Setup<'a> {
    own: Option<usize>,
    grid: Grid<'a>,
    protocol: Protocol,
    cals: Vec<Calibration>,
    naive: Vec<(f64, f64)>,
    drift: Vec<(f64, f64)>,
}

fn setup<'a>(set: &'a SeriesSet, spec: &AgeSpec) -> Result<Setup<'a>> {
    let b = &spec.backtest.merged()?;
    let p = Protocol::of(set, b)?;
    let (first, last) = (
        set.years().first().copied().unwrap_or_default(),
        set.years().last().copied().unwrap_or_default(),
    );
    if spec.ages.is_empty() {
        return Err(Error::Input(InputError::Missing {
            what: "an age",
            purpose: "for an age study",
        }));
    }
    let oldest = spec.ages.iter().copied().max().unwrap_or(0);
    let first_test = p.tests.first().map_or(p.t0, |t| p.t0 + t.1);
    // A prior and a volatility class need 3 years: year index 2 at the earliest.
    let g0 = match first_test.checked_sub(oldest) {
        Some(g) if g >= 2 => g.min(p.t0),
        _ => {
            let origin = set.years().get(first_test).copied().unwrap_or_default();
            return Err(Error::Forecast(ForecastError::PriorAge {
                age: oldest,
                origin,
                first,
                last,
                oldest: usize::try_from(origin - first - 2).unwrap_or(0),
                until: i64::from(origin) - oldest as i64,
            }));
        }
    };
    if let Some(d) = &spec.discount {
        d.check()?;
    }
    let grid = Grid::new(set, g0, p.t1, b.classes, b.class_by, &b.groups())?;
    let protocol = Protocol {
        t0: g0,
        t1: p.t1,
        tests: p.tests.iter().map(|&(y, oi)| (y, oi + p.t0 - g0)).collect(),
    };
    let h = b.horizons;
    if let Some(n) = spec.own_years
        && n < 3
    {
        return Err(Error::Input(InputError::OutOfRange {
            what: "the years of its own a series is forecast from",
            value: n as f64,
            expected: "at least 3",
        }));
    }
    let own = spec.own_years;
    let fresh = grid.errors_aged(Method::Pooled, h, 0, None, 0, own)?;
    let cspec = b.calibration(Method::Pooled);
    let cals = protocol
        .tests
        .iter()
        .map(|&(_, oi)| grid.calibration(&fresh, oi, &cspec))
        .collect::<Result<_>>()?;
    let naive = grid.errors_aged(Method::Naive, h, 0, None, 0, own)?;
    let drift = grid.errors_aged(Method::Drift, h, 0, None, 0, own)?;
    Ok(Setup {
        own,
        grid,
        protocol,
        cals,
        naive,
        drift,
    })
}

impl Setup<'_> {
    fn first_test(&self) -> usize {
        self.protocol.tests.iter().map(|t| t.1).min().unwrap_or(0)
    }

    /// The pooled method's errors with priors `age` years old, discounted by `discount`.
    fn errors(
        &self,
        h: usize,
        age: usize,
        discount: Option<&PriorDiscount>,
    ) -> Result<Vec<(f64, f64)>> {
        self.grid.errors_aged(
            Method::Pooled,
            h,
            age,
            discount,
            self.first_test(),
            self.own,
        )
    }

    fn acc(
        &self,
        set: &SeriesSet,
        errs: &[(f64, f64)],
        sub: &super::Subset,
        h: usize,
        h_max: usize,
    ) -> Result<Acc> {
        score(
            set,
            &self.grid,
            &self.protocol,
            errs,
            &self.cals,
            sub,
            h,
            h_max,
        )
    }

    fn rows(
        &self,
        set: &SeriesSet,
        spec: &BacktestSpec,
        age: usize,
        prior: PriorUse,
        errs: &[(f64, f64)],
    ) -> Result<Vec<AgeRow>> {
        let h_max = spec.horizons;
        let mut out = Vec::new();
        for sub in &spec.subsets {
            for h in 1..=h_max {
                let mae = |e: &[(f64, f64)]| -> Result<MetricRow> {
                    Ok(self
                        .acc(set, e, sub, h, h_max)?
                        .finish(Method::Pooled, sub.name(), h)
                        .0)
                };
                let r = mae(errs)?;
                if !r.log_mae.is_finite() {
                    return Err(Error::Input(InputError::NonFinite {
                        what: "a forecast error",
                        value: r.log_mae,
                    })
                    .within(format!("the age study at age {age}, horizon {h}")));
                }
                out.push(AgeRow {
                    age,
                    prior,
                    subset: sub.name().to_owned(),
                    horizon: h,
                    n: r.n,
                    log_mae: r.log_mae,
                    bias: r.bias,
                    cov80: r.cov80,
                    cov90: r.cov90,
                    naive_log_mae: mae(&self.naive)?.log_mae,
                    drift_log_mae: mae(&self.drift)?.log_mae,
                });
            }
        }
        Ok(out)
    }
}

/// Measures how the pooled method's prior ages: at each test origin T and each age k, every
/// series is forecast with the class priors (and class boundaries) estimated from the panel's
/// years up to T − k, and scored as in the backtest beside naive and drift. Intervals use the
/// quantiles calibrated at T on fresh-prior errors, as a shipped calibration holds them, so the
/// coverage says whether an old prior's errors still fit them. With a discount rule in the
/// spec, each age is scored twice: the prior as estimated and discounted.
///
/// # Errors
/// [`ForecastError::PriorAge`] for an age that leaves fewer than 3 of the panel's years before
/// the first origin (naming the panel's years); [`InputError::Missing`] without ages; as
/// [`backtest`](super::backtest).
pub fn age_study(set: &SeriesSet, spec: &AgeSpec) -> Result<AgeStudy> {
    let start = Instant::now();
    let s = setup(set, spec)?;
    let b = &spec.backtest;
    let mut ages = spec.ages.clone();
    ages.sort_unstable();
    ages.dedup();
    let mut rows = Vec::new();
    for &age in &ages {
        let errs = s.errors(b.horizons, age, None)?;
        rows.extend(s.rows(set, b, age, PriorUse::AsEstimated, &errs)?);
        if let Some(d) = &spec.discount {
            let errs = s.errors(b.horizons, age, Some(d))?;
            rows.extend(s.rows(set, b, age, PriorUse::Discounted, &errs)?);
        }
    }
    Ok(AgeStudy {
        spec: spec.clone(),
        series: set.len(),
        years: (
            set.years().first().copied().unwrap_or_default(),
            set.years().last().copied().unwrap_or_default(),
        ),
        rows,
        fit: None,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// [`fit_discount`], then [`age_study`] with the fitted rule scored beside the prior as
/// estimated; the study carries the fit.
///
/// # Errors
/// As [`fit_discount`] and [`age_study`].
///
/// ```no_run
/// use bilateral::forecast::{AgeSpec, age_study_fitted};
/// use bilateral::gravity::Panel;
/// let set = Panel::from_csv("rta_panel_1986_2006.csv", &Default::default())?.international_series()?;
/// let study = age_study_fitted(&set, &AgeSpec::agtpa())?;
/// println!("{study}");
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn age_study_fitted(set: &SeriesSet, spec: &AgeSpec) -> Result<AgeStudy> {
    let start = Instant::now();
    let fit = fit_discount(set, spec)?;
    let mut study = age_study(
        set,
        &AgeSpec {
            discount: Some(fit.discount),
            ..spec.clone()
        },
    )?;
    study.fit = Some(fit);
    study.seconds = start.elapsed().as_secs_f64();
    Ok(study)
}

impl crate::table::Row for AgeRow {
    const REQUIRED: &'static [&'static str] = &["age", "prior", "subset", "horizon"];
}

/// The study, one row per age, prior use, subset and horizon (the fields of [`AgeRow`]).
impl crate::table::Table for AgeStudy {
    type Row = AgeRow;
    const WHAT: &'static str = "prior age study";
    fn rows(&self) -> Result<Vec<AgeRow>> {
        Ok(self.rows.clone())
    }
}

impl std::fmt::Display for AgeStudy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = &self.spec.backtest;
        writeln!(
            f,
            "Prior age study on {} series (panel {}-{}), origins {:?}, horizons 1-{}: the pooled \
             method with class priors and boundaries estimated from the panel's years up to \
             origin - age{}; intervals from the quantiles calibrated at the origin on fresh-prior \
             errors; naive and drift on the same forecasts.\n",
            self.series,
            self.years.0,
            self.years.1,
            b.origins,
            b.horizons,
            self.spec.own_years.map_or(String::new(), |n| format!(
                ", each series forecast from its last {n} years"
            )),
        )?;
        let mut t = crate::table::TextTable::new([
            "age", "prior", "subset", "h", "n", "log-MAE", "naive", "drift", "bias", "cov80",
            "cov90",
        ]);
        for r in &self.rows {
            t.row([
                r.age.to_string(),
                r.prior.as_str().to_owned(),
                r.subset.clone(),
                r.horizon.to_string(),
                r.n.to_string(),
                format!("{:.4}", r.log_mae),
                format!("{:.4}", r.naive_log_mae),
                format!("{:.4}", r.drift_log_mae),
                format!("{:+.4}", r.bias),
                format!("{:.3}", r.cov80),
                format!("{:.3}", r.cov90),
            ]);
        }
        write!(f, "{t}")?;
        if let Some(fit) = &self.fit {
            writeln!(
                f,
                "\nDiscount rule fitted on ages {:?}: {}.\n\
                 What age adds to the bias (mean squared difference from the fresh prior's): \
                 {:.6} discounted, {:.6} as estimated; mean log-MAE {:.4} discounted, {:.4} as \
                 estimated.",
                self.spec
                    .ages
                    .iter()
                    .filter(|a| **a > 0)
                    .collect::<Vec<_>>(),
                fit.discount,
                fit.added_bias.0,
                fit.added_bias.1,
                fit.log_mae.0,
                fit.log_mae.1,
            )?;
        }
        Ok(())
    }
}

/// The half-lives (years) [`fit_discount`] tries; `None` is no shrinking.
pub const HALF_LIVES: [Option<f64>; 13] = [
    Some(1.0),
    Some(2.0),
    Some(3.0),
    Some(4.0),
    Some(6.0),
    Some(8.0),
    Some(12.0),
    Some(16.0),
    Some(24.0),
    Some(32.0),
    Some(48.0),
    Some(64.0),
    None,
];

/// The drift variances per year of age [`fit_discount`] tries.
pub const DRIFT_VARS: [f64; 10] = [
    0.0, 2.5e-5, 5e-5, 1e-4, 2e-4, 4e-4, 8e-4, 1.6e-3, 3.2e-3, 6.4e-3,
];

/// A fitted discount rule and the evidence it was fitted on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedDiscount {
    /// The rule fitted.
    pub discount: PriorDiscount,
    /// What age adds to the bias: the mean squared difference, over the ages above 0, subsets
    /// and horizons, between the pooled method's mean error with the aged prior and with the
    /// fresh one; with the rule, and with the prior as estimated.
    pub added_bias: (f64, f64),
    /// The mean log-MAE over the same cells, with the rule and with the prior as estimated.
    pub log_mae: (f64, f64),
    /// Every half-life tried (drift variance per year 0) and its added bias.
    pub half_lives: Vec<(Option<f64>, f64)>,
    /// Every drift variance per year tried (at the fitted half-life) and its mean log-MAE.
    pub drift_vars: Vec<(f64, f64)>,
}

/// Fits the discount rule on an age study's evidence, in two steps:
///
/// 1. the half-life (of [`HALF_LIVES`]) that removes what age adds to the bias: the lowest
///    mean squared difference, over the spec's ages above 0, subsets and horizons, between the
///    pooled method's mean error with the discounted aged prior and with the fresh one. An old
///    prior carries its era's growth; that shows in the bias, while the log-MAE, dominated by
///    the series' own noise, hardly moves;
/// 2. at that half-life, the drift variance per year (of [`DRIFT_VARS`]) with the lowest mean
///    log-MAE over the same cells: how far a series' own drift should take over from an old
///    prior, a trade of bias against noise that the absolute error measures.
///
/// Ties go to the longer half-life and the smaller variance (the smaller change).
///
/// # Errors
/// [`InputError::Missing`] when the spec has no age above 0; as [`age_study`].
pub fn fit_discount(set: &SeriesSet, spec: &AgeSpec) -> Result<FittedDiscount> {
    let s = setup(set, spec)?;
    let b = &spec.backtest;
    let ages: Vec<usize> = spec.ages.iter().copied().filter(|a| *a > 0).collect();
    if ages.is_empty() {
        return Err(Error::Input(InputError::Missing {
            what: "an age above 0",
            purpose: "to fit a discount rule on",
        }));
    }
    // (bias, log-MAE) per subset and horizon of a set of errors.
    let cells = |errs: &[(f64, f64)]| -> Result<Vec<(f64, f64)>> {
        let mut out = Vec::new();
        for sub in &b.subsets {
            for h in 1..=b.horizons {
                let r = s
                    .acc(set, errs, sub, h, b.horizons)?
                    .finish(Method::Pooled, sub.name(), h)
                    .0;
                out.push((r.bias, r.log_mae));
            }
        }
        Ok(out)
    };
    let fresh = cells(&s.errors(b.horizons, 0, None)?)?;
    // (added bias, mean log-MAE) of a rule over the ages.
    let measure = |d: &PriorDiscount| -> Result<(f64, f64)> {
        let (mut sq, mut mae, mut n) = (0.0, 0.0, 0usize);
        for &age in &ages {
            for ((bias, m), (b0, _)) in cells(&s.errors(b.horizons, age, Some(d))?)?
                .into_iter()
                .zip(&fresh)
            {
                sq += (bias - b0).powi(2);
                mae += m;
                n += 1;
            }
        }
        let n = n.max(1) as f64;
        Ok((
            crate::error::finite("a discount rule's added bias", sq / n)?,
            crate::error::finite("a discount rule's log-MAE", mae / n)?,
        ))
    };
    let none = || {
        Error::Input(InputError::Missing {
            what: "a rule",
            purpose: "to fit a discount",
        })
    };
    let longer = |h: Option<f64>| h.unwrap_or(f64::INFINITY);
    let half_lives = HALF_LIVES
        .par_iter()
        .map(|h| {
            measure(&PriorDiscount {
                half_life: *h,
                drift_var_per_year: 0.0,
            })
            .map(|m| (*h, m.0))
        })
        .collect::<Result<Vec<_>>>()?;
    let half_life = half_lives
        .iter()
        .min_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then(longer(b.0).total_cmp(&longer(a.0)))
        })
        .ok_or_else(none)?
        .0;
    let drift_vars = DRIFT_VARS
        .par_iter()
        .map(|v| {
            measure(&PriorDiscount {
                half_life,
                drift_var_per_year: *v,
            })
            .map(|m| (*v, m.1))
        })
        .collect::<Result<Vec<_>>>()?;
    let var = drift_vars
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)))
        .ok_or_else(none)?
        .0;
    let discount = PriorDiscount {
        half_life,
        drift_var_per_year: var,
    };
    let (with, without) = (measure(&discount)?, measure(&PriorDiscount::NONE)?);
    Ok(FittedDiscount {
        discount,
        added_bias: (with.0, without.0),
        log_mae: (with.1, without.1),
        half_lives,
        drift_vars,
    })
}
