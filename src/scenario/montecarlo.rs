//! Monte Carlo: growth shocks and parameter uncertainty, seeded, the same on any thread count.

use std::sync::atomic::{AtomicUsize, Ordering};

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Param;
use crate::error::{Error, GrowthError, InputError, Result, ScenarioError, finite};
use crate::growth::{TrendFit, TrendModel};
use crate::random::{quantile_select, stream_seed};
use crate::scenario::summary::{check_levels, reach_shares};
use crate::scenario::{Baseline, Layer, Scenario};
use crate::scenario::{DEFAULT_QUANTILES, PathSummary};

/// Paths per random-number stream. Each chunk of this many paths draws from its own generator,
/// seeded from the run's seed and the chunk's index, so results do not depend on how chunks are
/// spread over threads.
pub const PATHS_PER_CHUNK: usize = 4096;

/// Annual growth shocks: the log growth of the baseline each year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum Shocks {
    /// Log growth drawn i.i.d. from Normal(mean, sd).
    Normal {
        /// Mean annual log growth.
        mean: f64,
        /// Its standard deviation (≥ 0).
        sd: f64,
    },
    /// Log growth = drift + a residual drawn with replacement from `residuals` (a bootstrap of
    /// a fitted trend's residuals).
    Bootstrap {
        /// The trend's annual log growth.
        drift: f64,
        /// The residuals to resample (at least one).
        residuals: Vec<f64>,
    },
}

impl Shocks {
    /// Bootstrap shocks from a log-linear trend fit: its slope as drift, its residuals.
    ///
    /// # Errors
    /// [`ScenarioError::Parameter`] for a linear fit (its residuals are not log growth).
    pub fn from_fit(fit: &TrendFit) -> Result<Shocks> {
        if fit.model() != TrendModel::LogLinear {
            return Err(Error::Input(InputError::WrongKind {
                what: "bootstrap shocks",
                expected: "a log-linear trend fit",
                got: fit.model().to_string(),
            }));
        }
        Ok(Shocks::Bootstrap {
            drift: fit.slope(),
            residuals: fit.residuals(),
        })
    }

    fn validate(&self) -> Result<()> {
        let bad = |parameter: &str, value: f64, expected| {
            Error::Scenario(ScenarioError::Parameter {
                layer: "shocks".into(),
                parameter: parameter.into(),
                value,
                expected,
            })
        };
        match self {
            Shocks::Normal { mean, sd } => {
                finite("shock mean", *mean)?;
                if !(sd.is_finite() && *sd >= 0.0) {
                    return Err(bad("sd", *sd, "a finite number at least 0"));
                }
            }
            Shocks::Bootstrap { drift, residuals } => {
                finite("shock drift", *drift)?;
                if residuals.is_empty() {
                    return Err(bad("residuals", 0.0, "at least one residual"));
                }
                if let Some(r) = residuals.iter().find(|r| !r.is_finite()) {
                    return Err(bad("residuals", *r, "finite residuals"));
                }
            }
        }
        Ok(())
    }

    fn draw(&self, rng: &mut Pcg64Mcg) -> f64 {
        match self {
            Shocks::Normal { mean, sd } => {
                let z: f64 = StandardNormal.sample(rng);
                mean + sd * z
            }
            Shocks::Bootstrap { drift, residuals } => {
                let i = rng.random_range(0..residuals.len());
                drift + residuals.get(i).copied().unwrap_or(0.0)
            }
        }
    }
}

/// A scenario parameter drawn uniformly from `[low, high]` for each path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncertain {
    /// The parameter's path (see [`Scenario::param`]).
    pub path: String,
    /// Lowest value.
    pub low: f64,
    /// Highest value.
    pub high: f64,
}

/// A Monte Carlo run of a scenario.
///
/// Each path starts from the baseline's base-year level and grows by a drawn log growth each
/// year (the shocks replace the baseline's own growth); the scenario's layers are then stacked
/// on that path, with any uncertain parameters drawn for the path.
///
/// # Examples
/// ```
/// use bilateral::Scenario;
/// use bilateral::scenario::{Baseline, MonteCarlo, Shocks};
/// let s = Scenario {
///     name: "iid".into(), description: String::new(), base_year: 2023, horizon: 10,
///     target: Some(10.0), baseline: Baseline::Compound { base: 4.5, rate: 0.0 }, layers: vec![],
/// };
/// let mc = MonteCarlo::new(s, Shocks::Normal { mean: 0.05, sd: 0.08 }, 20_000, 7);
/// let r = mc.run()?;
/// // The median final level is 4.5·e^(10·0.05) = 7.419 in closed form.
/// let median = r.final_quantiles[2];
/// assert!((median - 7.419).abs() < 0.1);
/// assert_eq!(r, mc.run()?); // same seed, same result
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonteCarlo {
    /// The scenario (its baseline gives the starting level; its target the reach threshold).
    pub scenario: Scenario,
    /// The growth shocks.
    pub shocks: Shocks,
    /// Parameters drawn per path.
    pub uncertain: Vec<Uncertain>,
    /// Number of paths.
    pub paths: usize,
    /// The seed.
    pub seed: u64,
    /// Quantile levels for the fan (default 5%, 25%, 50%, 75%, 95%).
    pub quantiles: Vec<f64>,
    /// Whether to keep every path's level each year for the fan (memory: paths × years × 8
    /// bytes); without it only the final year's quantiles are computed.
    pub fan: bool,
    /// Whether each path draws the coefficient of every
    /// [`EstimatedEffect`](crate::scenario::EstimatedEffect) layer from
    /// Normal(coefficient, std_error), and the change of every
    /// [`EquilibriumEffect`](crate::scenario::EquilibriumEffect) layer from its general-equilibrium
    /// draws, so the estimates' uncertainty reaches the fan (default true; layers with a zero
    /// standard error or without draws keep their value).
    #[serde(default = "yes")]
    pub draw_estimates: bool,
}

fn yes() -> bool {
    true
}

/// What a Monte Carlo run gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonteCarloResult {
    /// The fan (empty without [`MonteCarlo::fan`]) and the reach shares by year.
    pub summary: PathSummary,
    /// Quantiles of the final year's level, at the summary's quantile levels.
    pub final_quantiles: Vec<f64>,
}

impl std::ops::Deref for MonteCarloResult {
    type Target = PathSummary;
    fn deref(&self) -> &PathSummary {
        &self.summary
    }
}

/// One chunk's output.
struct Chunk {
    finals: Vec<f64>,
    first_reach: Vec<Option<usize>>,
    /// Year-major levels, when the fan is kept.
    by_year: Vec<Vec<f64>>,
}

impl MonteCarlo {
    /// A run with default quantiles and the fan kept.
    pub fn new(scenario: Scenario, shocks: Shocks, paths: usize, seed: u64) -> MonteCarlo {
        MonteCarlo {
            scenario,
            shocks,
            uncertain: Vec::new(),
            paths,
            seed,
            quantiles: DEFAULT_QUANTILES.to_vec(),
            fan: true,
            draw_estimates: true,
        }
    }

    fn target(&self) -> Result<f64> {
        self.scenario
            .target
            .ok_or(Error::Input(InputError::Missing {
                what: "the scenario's target",
                purpose: "to measure the share of paths reaching it",
            }))
    }

    fn validate(&self) -> Result<()> {
        self.scenario.validate()?;
        self.shocks.validate()?;
        self.target()?;
        check_levels(&self.quantiles)?;
        if self.paths == 0 {
            return Err(Error::Growth(GrowthError::SeriesTooShort {
                what: "a Monte Carlo run",
                needed: 1,
                got: 0,
            }));
        }
        let years = self.scenario.years().len();
        if self.fan {
            crate::limits::values(
                "Monte Carlo paths × years with the fan kept",
                self.paths.checked_mul(years),
            )?;
        } else {
            crate::limits::values("Monte Carlo paths", Some(self.paths))?;
        }
        // Parameter ranges are intervals, and every parameter's valid set is an interval: both
        // ends valid means every draw is.
        for u in &self.uncertain {
            if !(u.low.is_finite() && u.high.is_finite() && u.low <= u.high) {
                return Err(Error::Scenario(ScenarioError::Parameter {
                    layer: "uncertain".into(),
                    parameter: u.path.clone(),
                    value: u.low,
                    expected: "finite low <= high",
                }));
            }
            for v in [u.low, u.high] {
                let mut s = self.scenario.clone();
                s.set(&u.path, v)?;
                s.validate()?;
            }
        }
        Ok(())
    }

    /// Runs the simulation.
    ///
    /// # Errors
    /// As [`Scenario::validate`]; [`ScenarioError::Parameter`] for invalid shocks, a missing target
    /// or an uncertain range outside a parameter's valid values;
    /// [`ScenarioError::UnknownParameter`]; [`GrowthError::SeriesTooShort`] for zero paths;
    /// [`InputError::NonFinite`] if a level overflows.
    pub fn run(&self) -> Result<MonteCarloResult> {
        self.run_with_progress(&|_, _| {})
    }

    /// Runs the simulation, calling `progress(paths done, paths)` after each chunk (from
    /// whichever thread finished it).
    ///
    /// # Errors
    /// As [`MonteCarlo::run`].
    pub fn run_with_progress(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<MonteCarloResult> {
        self.validate()?;
        let target = self.target()?;
        let years = self.scenario.years();
        // Each uncertain parameter's place, found once rather than by its path on every draw.
        let handles: Vec<Param> = self
            .uncertain
            .iter()
            .map(|u| self.scenario.param(&u.path))
            .collect::<Result<_>>()?;
        let done = AtomicUsize::new(0);
        let chunks = self.paths.div_ceil(PATHS_PER_CHUNK);
        let results: Vec<Chunk> = (0..chunks)
            .into_par_iter()
            .map(|c| {
                let start = c * PATHS_PER_CHUNK;
                let n = PATHS_PER_CHUNK.min(self.paths - start);
                let chunk = self.chunk(&handles, c as u64, n, years.len(), target);
                let total = done.fetch_add(n, Ordering::Relaxed) + n;
                progress(total, self.paths);
                chunk
            })
            .collect::<Result<_>>()?;
        let mut finals = Vec::with_capacity(self.paths);
        let mut first_reach = Vec::with_capacity(self.paths);
        let mut by_year: Vec<Vec<f64>> = if self.fan {
            vec![Vec::with_capacity(self.paths); years.len()]
        } else {
            Vec::new()
        };
        for ch in results {
            finals.extend(ch.finals);
            first_reach.extend(ch.first_reach);
            for (all, part) in by_year.iter_mut().zip(ch.by_year) {
                all.extend(part);
            }
        }
        let final_at_least_target =
            finals.iter().filter(|v| **v >= target).count() as f64 / self.paths as f64;
        let final_quantiles = self
            .quantiles
            .iter()
            .map(|q| quantile_select(&mut finals, *q))
            .collect();
        let summary = if self.fan {
            PathSummary::from_year_major(years, by_year, &first_reach, target, &self.quantiles)?
        } else {
            PathSummary {
                reached_by: reach_shares(years.len(), &first_reach),
                years,
                paths: self.paths,
                target,
                // No fan: the final year's quantiles are in `final_quantiles`.
                quantile_levels: Vec::new(),
                fan: Vec::new(),
                final_at_least_target,
            }
        };
        Ok(MonteCarloResult {
            summary,
            final_quantiles,
        })
    }

    fn chunk(
        &self,
        handles: &[Param],
        index: u64,
        n: usize,
        years: usize,
        target: f64,
    ) -> Result<Chunk> {
        let mut rng = Pcg64Mcg::seed_from_u64(stream_seed(self.seed, index));
        let base = match &self.scenario.baseline {
            Baseline::Compound { base, .. } | Baseline::Linear { base, .. } => *base,
            Baseline::Path { values } => values.first().copied().unwrap_or(0.0),
        };
        let mut out = Chunk {
            finals: Vec::with_capacity(n),
            first_reach: Vec::with_capacity(n),
            by_year: if self.fan {
                vec![Vec::with_capacity(n); years]
            } else {
                Vec::new()
            },
        };
        let plain = self.scenario.layers.is_empty() && self.uncertain.is_empty();
        if plain && !self.fan {
            // The common case, kept free of allocation: track log growth against ln(target/base).
            let threshold = (target / base).ln();
            // The highest log level a path may reach and stay finite (as the fan's path checks
            // every level, so must this one, without an exp per year).
            let ceiling = f64::MAX.ln() - base.ln();
            for _ in 0..n {
                let (mut s, mut highest) = (0.0, 0.0f64);
                let mut first = (threshold <= 0.0).then_some(0);
                for t in 1..years {
                    s += self.shocks.draw(&mut rng);
                    highest = highest.max(s);
                    if first.is_none() && s >= threshold {
                        first = Some(t);
                    }
                }
                let last = base * s.exp();
                if !(highest < ceiling && last.is_finite()) {
                    return Err(Error::Input(InputError::NonFinite {
                        what: "simulated level",
                        value: base * highest.exp(),
                    }));
                }
                out.finals.push(last);
                out.first_reach.push(first);
            }
            return Ok(out);
        }
        let mut baseline = vec![0.0; years];
        let mut total = vec![0.0; years];
        // One copy per chunk: each path overwrites the uncertain parameters before use.
        let mut scenario = self.scenario.clone();
        for _ in 0..n {
            let mut level = base;
            for (t, slot) in baseline.iter_mut().enumerate() {
                if t > 0 {
                    level *= self.shocks.draw(&mut rng).exp();
                }
                *slot = level;
            }
            if plain {
                total.copy_from_slice(&baseline);
            } else {
                for (u, handle) in self.uncertain.iter().zip(handles) {
                    let x: f64 = rng.random();
                    scenario.set_param(handle, u.low + (u.high - u.low) * x);
                }
                if self.draw_estimates {
                    for (drawn, given) in scenario.layers.iter_mut().zip(&self.scenario.layers) {
                        match (drawn, given) {
                            (Layer::EstimatedEffect(d), Layer::EstimatedEffect(g))
                                if g.std_error > 0.0 =>
                            {
                                let z: f64 = StandardNormal.sample(&mut rng);
                                d.coefficient = g.coefficient + g.std_error * z;
                            }
                            (Layer::EquilibriumEffect(d), Layer::EquilibriumEffect(g))
                                if !g.draws.is_empty() =>
                            {
                                let i = rng.random_range(0..g.draws.len());
                                if let Some(v) = g.draws.get(i) {
                                    d.change = *v;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                scenario.stack(&baseline, None, &mut total)?;
            }
            if let Some(bad) = total.iter().find(|v| !v.is_finite()) {
                return Err(Error::Input(InputError::NonFinite {
                    what: "simulated level",
                    value: *bad,
                }));
            }
            out.finals.push(total.last().copied().unwrap_or(base));
            out.first_reach
                .push(total.iter().position(|v| *v >= target));
            for (column, v) in out.by_year.iter_mut().zip(&total) {
                column.push(*v);
            }
        }
        Ok(out)
    }
}
