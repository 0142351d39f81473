//! Forecasts of annual series in logs, measured on many real series, with intervals calibrated
//! out of sample.
//!
//! - [`forecast`] a [`LogSeries`] with a [`Method`]: naive (random walk), drift, log-linear
//!   trend, damped-trend exponential smoothing, and a pooled random walk whose drift and
//!   volatility are shrunk towards what similar series showed ([`prior`], empirical Bayes):
//!   point forecasts and the model's own standard errors for horizons 1..H.
//! - [`backtest`] rolling origins over a [`SeriesSet`] (e.g. every international pair of the
//!   AGTPA panel with positive flows in all 21 years): per method, subset and horizon the
//!   log-MAE, MASE, bias, coverage and Winkler score of calibrated 80% and 90% intervals beside
//!   the models' own, and nominal against observed coverage ([`Backtest::reliability`]).
//! - [`calibrate`] a method on a reference set into a [`Calibration`]: per class of series
//!   (by volatility or size) the pooled prior and the conformal quantiles of the standardised
//!   errors |actual − point| / sd. [`Calibration::forecast`] gives any series calibrated
//!   intervals and probabilities; [`Calibration::agtpa`] is the built-in one the target outlook
//!   uses.
//!
//! - [`age_study`] how a prior ages: the pooled method with priors estimated k years before each
//!   origin, beside naive and drift; [`fit_discount`] the [`PriorDiscount`] that removes what age
//!   adds to the bias, which the built-in calibration carries and [`Calibration::forecast`]
//!   applies by the prior's age.
//! - [`CalibratedForecast::with_nowcast`] a partial-year figure after the origin ([`PartialYear`])
//!   updating the forecast of its year and the years after, with the months' share of the year
//!   uncertain ([`share_sd`]).
//!
//! The calibrated interval at level L is point ± q_L·sd, q_L the conformal quantile of the
//! class's scores from the `window` origins before ([`Adapt`]: pooled over horizons 1..H or one
//! grid per horizon, optionally weighted by recency and scaled by the latest year's common
//! shock). The backtest makes exactly the calibration [`calibrate`] makes, at each test origin
//! from the data then known, so its coverage is what the same procedure achieved out of sample.
//!
//! ```
//! use bilateral::forecast::{backtest, BacktestSpec, ClassBy, Method, SeriesSet, Subset};
//! // 40 series growing 5% a year with alternating shocks, years 1990-2005
//! let years: Vec<i32> = (1990..=2005).collect();
//! let levels: Vec<Vec<f64>> = (0..40)
//!     .map(|s| years.iter().enumerate()
//!         .map(|(t, _)| (1.0 + s as f64) * (0.05 * t as f64 + if (t + s) % 2 == 0 { 0.1 } else { -0.1 }).exp())
//!         .collect())
//!     .collect();
//! let ids = (0..40).map(|s| format!("s{s}")).collect();
//! let set = SeriesSet::new(years, ids, levels)?;
//! let spec = BacktestSpec {
//!     methods: vec![Method::Naive, Method::Pooled],
//!     origins: vec![2000, 2001],
//!     horizons: 2,
//!     window: 5,
//!     classes: 1,
//!     class_by: ClassBy::None,
//!     subsets: vec![Subset::All],
//!     reference: "synthetic".into(),
//!     usd_per_unit: None,
//!     adapt: Default::default(),
//! };
//! let result = backtest(&set, &spec)?;
//! let naive_h1 = &result.rows[0];
//! // a naive one-step forecast misses by |0.05 ± 0.2| = 0.25 or 0.15, on average 0.2
//! assert!((naive_h1.log_mae - 0.2).abs() < 1e-9);
//! # Ok::<(), bilateral::Error>(())
//! ```

mod age;
mod backtest;
mod calibrate;
mod methods;
mod nowcast;
mod output;
mod series;
mod set;

pub use age::{
    AgeRow, AgeSpec, AgeStudy, DRIFT_VARS, FittedDiscount, HALF_LIVES, PriorDiscount, PriorUse,
    age_study, age_study_fitted, fit_discount,
};
pub use backtest::{
    Adapt, Backtest, BacktestSpec, CalibrationSpec, MAX_CLASSES, MethodTime, MetricRow,
    RELIABILITY_LEVELS, Reliability, Subset, backtest, calibrate,
};
pub use calibrate::{
    CalibratedForecast, Calibration, ClassBounds, ClassBy, ClassCalibration, GRID,
};
pub use methods::{Forecast, MAX_HORIZON, Method, Prior, forecast, prior};
pub use nowcast::{NowcastEffect, PartialYear, share_sd};
pub use series::LogSeries;

/// The method the AGTPA backtest supports: the lowest mean log-MAE over horizons 1–3 on all
/// pairs and on large pairs (checked by a test against [`Backtest::recommended`]).
pub const RECOMMENDED: Method = Method::Pooled;
pub use set::SeriesSet;
