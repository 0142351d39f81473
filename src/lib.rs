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
//! use bilateral::{audit, Dataset, Verdict};
//! let data = Dataset::builtin()?;
//! let f = data.figure("d002.exports.2023").expect("built-in");
//! assert_eq!(f.value_text(), "$3.1 billion");
//! assert_eq!(f.provenance().source.name(), "002_26f6919544f59e0e.txt");
//! let findings = audit(&data);
//! assert!(findings.iter().any(|f| f.verdict == Verdict::Inconsistent));
//! # Ok::<(), bilateral::Error>(())
//! ```
//!
//! ## Features
//! - `charts` (on by default): SVG and PNG charts with plotters ([`history_chart`],
//!   [`fan_chart`], [`stacked_chart`], [`heatmap_chart`]), text from an embedded font.
//! - `polars` (off by default): figures, scenario results, sweeps and path summaries as polars
//!   `DataFrame`s in long format ([`figures_frame`], [`scenario_frame`], [`sweep_frame`],
//!   [`summary_frame`]).

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

mod audit;
#[cfg(feature = "charts")]
mod chart;
mod comtrade;
mod convert;
mod corridor;
mod country;
mod dataset;
mod error;
mod export;
mod figure;
#[cfg(feature = "polars")]
mod frame;
mod growth;
mod interval;
mod loader;
mod mirror;
mod money;
mod montecarlo;
mod number;
mod period;
mod printed;
mod provenance;
mod regime;
mod scenario;
mod series;
mod summary;
mod sweep;
mod table;
mod target;
mod trend;

pub use audit::{
    Check, FREIGHT_BAND, Finding, Verdict, audit, audit_corridor, compare, fmt_estimate, tally,
};
#[cfg(feature = "charts")]
pub use chart::{fan_chart, heatmap_chart, history_chart, stacked_chart};
pub use comtrade::{
    AREA_CODES, ComtradeFlow, ComtradeLoad, TradeRecord, TradeTotal, comtrade_totals,
    comtrade_totals_from, read_comtrade, read_comtrade_from,
};
pub use corridor::{Corridor, Flow};
pub use country::{Country, parse_country_list};
pub use dataset::Dataset;
pub use error::{Error, Location, Result};
pub use export::{
    read_findings_csv, read_json, read_scenario_csv, read_summary_csv, read_sweep_csv,
    write_atomic, write_figures_csv, write_findings_csv, write_json, write_regimes_csv,
    write_scenario_csv, write_summary_csv, write_sweep_csv, write_target_csv,
};
pub use figure::{Bound, Figure, FigureId, Origin, Provenance, Source, Unit, Value};
#[cfg(feature = "polars")]
pub use frame::{
    comtrade_totals_frame, figures_frame, findings_frame, read_parquet, scan_comtrade,
    scenario_frame, series_frame, summary_frame, sweep_frame, write_parquet,
};
pub use growth::{
    Rate, cagr, cagr_est, compound_path, compound_path_est, doubling_time, doubling_time_est,
    first_year_reaching, growth, growth_est, linear_path, log_growth, required_rate,
    required_rate_est, years_to_target, years_to_target_est,
};
pub use interval::{Estimate, Interval};
pub use mirror::{MirrorPair, Reconciliation, mirror_from_dataset, mirror_from_totals};
pub use money::Usd;
pub use montecarlo::{MonteCarlo, MonteCarloResult, PATHS_PER_CHUNK, Shocks, Uncertain};
pub use period::{Date, Period, PeriodKind};
pub use printed::{Reading, read as read_printed};
pub use provenance::{Documents, ProvenanceReport, check_provenance, normalize};
pub use regime::{Regime, RegimeFact, RegimeStatus};
pub use scenario::{
    Baseline, Contribution, ImportSubstitution, Layer, MAX_HORIZON, PhaseIn, Project,
    ProjectPipeline, SMART_SUBSTITUTION_ELASTICITY, Scenario, ScenarioResult, TradeCost,
    preset_baseline, presets,
};
pub use series::{Annualised, Duplicates, PartialYears, Series, SeriesPoint, SeriesSpec};
pub use summary::{DEFAULT_QUANTILES, PathSummary};
pub use sweep::{Axis, RateGrid, Sweep, SweepRun, fill_constant};
pub use table::TextTable;
pub use target::{
    HistoricalRate, RateSource, TargetOutlook, TargetRow, TargetSpec, target_outlook,
};
pub use trend::{TrendFit, TrendModel};

/// The README's code runs as a doctest, so the tour stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
