//! `bilateral scenario run|sweep|mc|presets`.

use bilateral::error::{DataError, InputError, ScenarioError};
use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::scenario::{Axis, Baseline, MonteCarlo, Shocks, Sweep, presets_with};
use bilateral::table::{Row, Table, TextTable};
use bilateral::{Error, Result, Scenario};

use super::DataArgs;
use crate::output::{Out, progress};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Runs a scenario file (TOML or JSON; numbers may cite figures: `{ figure = "<id>" }`).
    #[command(
        after_help = "Example:\n  bilateral scenario run data/scenarios/kaz-uzb-all-levers.toml"
    )]
    Run {
        file: PathBuf,
        /// Also draw the layers, stacked, to this SVG or PNG file.
        #[arg(long, value_name = "FILE", value_parser = super::checked::chart)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Sweeps a scenario's parameters over a grid, in parallel.
    #[command(
        after_help = "Example:\n  bilateral scenario sweep data/scenarios/kaz-uzb-free-trade.toml --axis baseline.rate=0:0.1:11 --axis free_trade.import_demand_elasticity=0.5:3:6"
    )]
    Sweep {
        file: PathBuf,
        /// PATH=LO:HI:N, N evenly spaced values of a parameter (repeat for more axes).
        #[arg(long = "axis", value_name = "PATH=LO:HI:N", required = true, allow_hyphen_values = true, value_parser = super::checked::axis)]
        axes: Vec<String>,
        /// Run only shard I of N (0-based), for splitting a sweep over machines.
        #[arg(long, value_name = "I/N", value_parser = super::checked::shard)]
        shard: Option<String>,
        /// Also draw the runs' fan against the target to this SVG or PNG file.
        #[arg(long, value_name = "FILE", value_parser = super::checked::chart)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Monte Carlo: yearly log-growth shocks drawn from a normal distribution, seeded.
    #[command(
        after_help = "Example:\n  bilateral scenario mc data/scenarios/kaz-uzb-baseline.toml --paths 100000 --sd 0.08 --seed 42"
    )]
    Mc {
        file: PathBuf,
        /// Number of paths.
        #[arg(long, default_value_t = 10_000)]
        paths: usize,
        /// The seed (the same seed gives the same answer on any number of threads).
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Mean yearly log growth (default: ln(1 + the baseline's rate)).
        #[arg(long)]
        mean: Option<f64>,
        /// Standard deviation of yearly log growth.
        #[arg(long)]
        sd: f64,
        /// Also draw the fan against the target to this SVG or PNG file.
        #[arg(long, value_name = "FILE", value_parser = super::checked::chart)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// The illustrative preset scenarios: names and what they assume.
    #[command(after_help = "Example:\n  bilateral scenario presets --format json")]
    Presets {
        #[command(flatten)]
        data: DataArgs,
    },
}

fn axis(text: &str) -> Result<Axis> {
    let (path, spec) = text.split_once('=').ok_or_else(|| {
        Error::Data(DataError::Unreadable {
            message: format!("--axis {text:?}: expected PATH=LO:HI:N, e.g. baseline.rate=0:0.1:11"),
        })
    })?;
    let (lo, hi, n) = super::lo_hi_n("--axis", spec)?;
    Axis::range(path, lo, hi, n)
}

/// The presets: each one's name and what it assumes.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Presets(Vec<Scenario>);

/// One preset.
#[derive(serde::Serialize, serde::Deserialize)]
struct PresetRow {
    name: String,
    description: String,
}

impl Row for PresetRow {
    const REQUIRED: &'static [&'static str] = &["name"];
}

impl Table for Presets {
    type Row = PresetRow;
    const WHAT: &'static str = "scenario presets";
    fn rows(&self) -> Result<Vec<PresetRow>> {
        Ok(self
            .0
            .iter()
            .map(|s| PresetRow {
                name: s.name.clone(),
                description: s.description.clone(),
            })
            .collect())
    }
}

impl std::fmt::Display for Presets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut t = TextTable::new(["name", "what it assumes"]).limit(1, 90);
        for s in &self.0 {
            t.row([s.name.clone(), s.description.clone()]);
        }
        write!(f, "{t}")
    }
}

pub fn run(c: &Command, out: &Out) -> Result<ExitCode> {
    match c {
        Command::Run { file, chart, data } => {
            let s = Scenario::load_with(file, &data.load()?)?;
            let r = s.run()?;
            if let Some(path) = chart {
                bilateral::chart::stacked_chart(&r, path)?;
            }
            out.emit(&r)?;
        }
        Command::Sweep {
            file,
            axes,
            shard,
            chart,
            data,
        } => {
            let s = Scenario::load_with(file, &data.load()?)?;
            let target = s.target;
            let mut sweep = Sweep::new(s);
            for a in axes {
                sweep = sweep.axis(axis(a)?)?;
            }
            let range = match shard {
                None => 0..sweep.len(),
                Some(text) => {
                    let bad = || {
                        Error::Scenario(ScenarioError::Shard {
                            reason: format!("--shard {text:?}: expected I/N, e.g. 0/4"),
                        })
                    };
                    let (i, n) = text.split_once('/').ok_or_else(bad)?;
                    sweep.shard(i.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?)?
                }
            };
            let bar = progress(range.len(), "sweep");
            let runs =
                sweep.run_range_with_progress(range, &|done, _| bar.set_position(done as u64))?;
            bar.finish_and_clear();
            if let (Some(path), Some(t)) = (chart, target) {
                let summary = runs.summarize(t, &[])?;
                let swept: Vec<String> = sweep
                    .axes()
                    .iter()
                    .map(|a| {
                        let (lo, hi) = (
                            a.values.first().copied().unwrap_or(f64::NAN),
                            a.values.last().copied().unwrap_or(f64::NAN),
                        );
                        format!("{} from {lo} to {hi} ({} values)", a.path, a.values.len())
                    })
                    .collect();
                bilateral::chart::fan_chart_labelled(
                    &summary,
                    None,
                    &bilateral::chart::FanText {
                        title: format!(
                            "{}: {} runs of a parameter sweep against the target",
                            sweep.scenario().name,
                            runs.len()
                        ),
                        subtitle: Some(format!("swept: {}", swept.join("; "))),
                        units: "runs",
                    },
                    path,
                )?;
            }
            out.emit(&runs)?;
        }
        Command::Mc {
            file,
            paths,
            seed,
            mean,
            sd,
            chart,
            data,
        } => {
            let s = Scenario::load_with(file, &data.load()?)?;
            let mean = match (mean, &s.baseline) {
                (Some(m), _) => *m,
                (None, Baseline::Compound { rate, .. }) => rate.ln_1p(),
                (None, _) => {
                    return Err(Error::Input(InputError::Missing {
                        what: "--mean",
                        purpose: "for a baseline that is not compound growth",
                    }));
                }
            };
            let mc = MonteCarlo::new(s, Shocks::Normal { mean, sd: *sd }, *paths, *seed);
            let bar = progress(*paths, "paths");
            let text = bilateral::chart::FanText {
                title: format!(
                    "{}: where {} simulated paths of yearly growth end up",
                    mc.scenario.name, paths
                ),
                subtitle: Some(format!(
                    "each year's log growth drawn from a normal distribution, mean {mean:.4} (≈{:.2}% a year), sd {sd}; seed {seed}",
                    mean.exp_m1() * 100.0
                )),
                units: "paths",
            };
            let r = mc.run_with_progress(&|done, _| bar.set_position(done as u64))?;
            bar.finish_and_clear();
            if let Some(path) = chart {
                bilateral::chart::fan_chart_labelled(&r.summary, None, &text, path)?;
            }
            out.emit(&r)?;
        }
        Command::Presets { data } => {
            out.emit(&Presets(presets_with(&data.load()?)?))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
