//! # bilateral
//!
//! Bilateral trade statistics for analysts: every published figure with its provenance and
//! printed precision, a consistency audit that uses interval arithmetic on that precision, growth
//! arithmetic and trend fits that carry that precision through, and the target outlook: what
//! growth a target needs, when past rates reach it, and how likely the trend makes it; scenarios
//! that stack levers (SMART-style trade-cost changes, import substitution, project pipelines) on a
//! baseline, parameter sweeps and seeded Monte Carlo that run in parallel and give the same
//! results on any number of threads.
//!
//! The built-in data covers the Kazakhstan–Uzbekistan corridor (and Kazakhstan–USA,
//! Kazakhstan–EAEU) from five source documents plus published series; it is compiled into the
//! crate, so nothing is read from disk unless you load your own files in the same format
//! (`data/README.md`).
//!
//! ```
//! use bilateral::{Dataset, Verdict};
//! use bilateral::audit;
//! let data = Dataset::builtin()?;
//! let f = data.figure("d002.exports.2023").expect("built-in");
//! assert_eq!(f.value_text(), "$3.1 billion");
//! assert_eq!(f.provenance().source.name(), "002_26f6919544f59e0e.txt");
//! let findings = audit::audit(&data);
//! assert!(findings.iter().any(|f| f.verdict == Verdict::Inconsistent));
//! # Ok::<(), bilateral::Error>(())
//! ```
//!
//! ## Layout
//! The modules follow the data's way through the crate. Each imports only the modules above it
//! in this table (a test, `tests/integration/layering.rs`, reads `src/` and holds them to it):
//!
//! | module | holds |
//! |---|---|
//! | [`data`] | published data: countries and economies, corridors, periods, money, figures with provenance, intervals, regimes, trade records, the dataset |
//! | [`growth`] | growth arithmetic (point and [`growth::est`] interval versions), annualising partial years, trend fits, annual series |
//! | [`forecast`] | forecasting methods on annual log series, backtests over many series, intervals calibrated out of sample |
//! | [`audit`] | checks: do the published figures agree with each other; mirror statistics |
//! | [`gravity`] | structural gravity: flow panels, PPML and OLS with high-dimensional fixed effects, inference, tables |
//! | [`equilibrium`] | general-equilibrium counterfactuals of the gravity model: baselines, cost changes, conditional and full endowment equilibria |
//! | [`scenario`] | scenarios with layered levers (one of them a [`gravity`] estimate, one an [`equilibrium`] result), presets, sweeps, Monte Carlo, path summaries |
//! | [`outlook`] | the target outlook: what growth a target needs, when past rates reach it, and how likely a calibrated forecast makes it (composes [`growth`], [`forecast`] and [`audit`]) |
//! | [`io`] | at the edge: CSV (and CSV for people: units in headers), JSON, workbooks, DataFrames and Parquet for any [`table::Table`], Comtrade files |
//! | [`chart`] | at the edge: SVG and PNG charts |
//! | [`report`] | at the edge: one self-contained HTML page per corridor (composes [`outlook`], [`audit`], [`scenario`] and [`chart`]) |
//!
//! Below them all is the floor every module may use and which imports none of them: [`error`]
//! (one error type with a kind per layer), [`table`] (a result names its row type and yields its
//! rows; [`io`] writes any table), [`limits`] (the sizes the crate accepts), [`shard`] (part I
//! of N of a job, for batch engines), and private helpers
//! for files, JSON and TOML documents, CSV schemas and number formats. Every result's plain-text
//! form is its `Display`.
//!
//! The crate root re-exports the types nearly every user touches.
//!
//! ## Features
//! - `charts` (on by default): SVG and PNG charts with plotters ([`chart`]), text from an
//!   embedded font.
//! - `polars` (off by default): figures, findings, series, scenario results, sweeps, summaries
//!   and target tables as polars `DataFrame`s built from the same rows as the CSV tables
//!   ([`io`]), Parquet, a lazy Comtrade scan, gravity panels from DataFrames and Parquet and
//!   coefficient tables as DataFrames ([`gravity`]), backtest metrics ([`forecast`]).

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
// Nothing a caller or a data file controls may panic or truncate silently. Tests opt out where
// they panic on purpose to fail.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[macro_use]
mod keyword;
#[macro_use]
pub mod table;

pub mod audit;
#[cfg(feature = "charts")]
#[cfg_attr(docsrs, doc(cfg(feature = "charts")))]
pub mod chart;
pub mod data;
pub mod equilibrium;
pub mod error;
pub mod forecast;
pub mod gravity;
pub mod growth;
pub mod io;
pub mod limits;
pub mod outlook;
#[cfg(feature = "charts")]
#[cfg_attr(docsrs, doc(cfg(feature = "charts")))]
pub mod report;
pub mod scenario;
pub mod shard;

mod convert;
mod document;
mod file;
mod finite;
#[cfg(feature = "polars")]
mod frame;
mod lines;
mod random;
mod schema;

pub use audit::{Finding, Verdict};
pub use data::{
    Corridor, Country, Dataset, Estimate, Figure, FigureId, Flow, Interval, Period, Usd,
};
pub use error::{Error, Location, Result};
pub use growth::{Rate, Series, TrendFit};
pub use scenario::{Scenario, ScenarioResult};

/// The README's code runs as a doctest, so the tour stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
