//! Forecasts of annual series in logs, and backtests that measure them on many series.
//!
//! - [`forecast`] with a [`Method`]: naive (random walk), drift, log-linear trend, damped-trend
//!   exponential smoothing, and a pooled random walk whose drift and volatility are shrunk
//!   towards what similar series showed ([`prior`], empirical Bayes): point forecasts and the
//!   model's own standard errors for horizons 1..H.
//! - [`backtest`]: rolling origins over a [`SeriesSet`] (e.g. every international pair of the
//!   AGTPA panel with positive flows in all 21 years), horizons 1..H, per method and subset:
//!   log-MAE, MASE, bias, coverage of conformal 80% and 90% intervals (quantiles of the same
//!   method's errors at earlier origins, by size class) beside the models' own, and the Winkler
//!   score.

mod backtest;
mod methods;

pub use backtest::{Backtest, BacktestSpec, ClassBy, MetricRow, SeriesSet, Subset, backtest};
pub use methods::{Forecast, MAX_HORIZON, Method, Prior, forecast, prior};
