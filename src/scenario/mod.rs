//! Scenarios: a baseline projection with levers stacked on it, swept over parameter grids and
//! run as seeded Monte Carlo.
//!
//! A [`Scenario`] is a [`Baseline`] (compound, linear, or a fitted trend's path) plus ordered
//! [`Layer`]s: a SMART-style [`TradeCost`] change, [`ImportSubstitution`], a [`ProjectPipeline`],
//! each phased in by a [`PhaseIn`] profile. [`Sweep`] runs a scenario over a Cartesian grid of
//! parameter [`Axis`] values; [`MonteCarlo`] draws shocks and uncertain parameters; both
//! summarise into a [`PathSummary`] (a quantile fan and the share of paths reaching the target
//! by year), with results independent of the number of threads. [`presets`] are illustrative
//! scenarios kept as TOML files under `data/scenarios/`.
//!
//! # Examples
//! ```
//! use bilateral::scenario::{Baseline, Scenario};
//! let s = Scenario {
//!     name: "five percent".into(),
//!     description: String::new(),
//!     base_year: 2023,
//!     horizon: 7,
//!     target: Some(10e9),
//!     baseline: Baseline::Compound { base: 4.5e9, rate: 0.05 },
//!     layers: vec![],
//! };
//! let r = s.run()?;
//! // 4.5e9 · 1.05^7 = 6.332e9 in 2030: short of the target.
//! assert!((r.total[7] - 4.5e9 * 1.05f64.powi(7)).abs() < 1.0);
//! assert_eq!(r.first_year_reaching(10e9), None);
//! # Ok::<(), bilateral::Error>(())
//! ```

pub(crate) mod file;
pub(crate) mod layer;
pub(crate) mod model;
pub(crate) mod montecarlo;
mod param;
pub(crate) mod phase;
pub(crate) mod presets;
mod run;
pub(crate) mod summary;
pub(crate) mod sweep;
mod table;

pub use layer::{
    EffectProvenance, EquilibriumEffect, EquilibriumProvenance, EstimatedEffect,
    ImportSubstitution, Layer, Project, ProjectPipeline, SMART_SUBSTITUTION_ELASTICITY, TradeCost,
};
pub use model::{Baseline, Contribution, MAX_HORIZON, Scenario, ScenarioResult};
pub use montecarlo::{MonteCarlo, MonteCarloResult, PATHS_PER_CHUNK, Shocks, Uncertain};
pub use param::Param;
pub use phase::PhaseIn;
pub use presets::{preset_baseline, preset_files_with, presets, presets_with};
pub use run::EquilibriumRun;
pub use summary::{DEFAULT_QUANTILES, PathSummary};
pub use sweep::{Axis, RateGrid, Sweep, SweepRun, fill_constant};
pub use table::{ScenarioRow, Statistic, SummaryRow, SweepRow, SweepRuns};
