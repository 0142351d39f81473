//! PPML with high-dimensional fixed effects, timed.
//!
//! ```text
//! cargo run --release --example gravity -- agtpa ../shared/data/agtpa/rta_panel_1986_2006.csv
//! cargo run --release --example gravity -- synthetic --countries 150 --years 20 --seed 1 --write /tmp/panel.csv
//! cargo run --release --example gravity -- fixest --rows 100000 --design difficult --seed 1 --write /tmp/fixest.csv
//! ```
//!
//! `agtpa` fits the book's PPML column on international flows (`ppml_intl`) and the
//! symmetric-pair-effects column (`ppml_pairfe`, clustered by pair_id) on the RTA panel prepared
//! as the book does (`bilateral::gravity::agtpa`). `synthetic` generates a panel with known
//! coefficients (`bilateral::gravity::synthetic`, x1 = 0.5, x2 = −0.8), writes it, reads it back
//! and fits `ppml_panel`: `trade ~ x1 + x2 | exporter^year + importer^year + exporter^importer`,
//! clustered by pair.
//!
//! `fixest` generates the panel of the public `fixest_benchmarks` suite
//! (`bilateral::gravity::synthetic::fixest_panel`: individuals over 10 years at firms assigned
//! at random, `simple`, or in sequence, `difficult`), writes and reads it back if asked, and fits
//! `negbin_y ~ x1 + x2 | indiv_id + firm_id + year` clustered by `indiv_id` (`--ols`: OLS of the
//! continuous outcome, `y ~ x1 + x2 | …`; `--runs R`: best of R fits after a warm-up; default
//! one fit, no warm-up). `--solver` picks the fixed-effect solver in every mode.
//!
//! One line per fit: `fit NAME nobs=N seconds=S COEF=VALUE(SE) …`, seconds the best of 5 fits
//! after one warm-up fit; then `peak_rss_mb=` for the process. `tools/gravity/bench_pyfixest.py`
//! runs pyfixest's `fepois` on the same files for the comparison.

use std::process::ExitCode;

use bilateral::gravity::agtpa;
use bilateral::gravity::synthetic::{Design, fixest_panel, synthetic_panel};
use bilateral::gravity::{Gravity, GravityFit, Options, Panel, PanelColumns, Solver};

const RUNS: usize = 5;

#[path = "common/timed.rs"]
mod timed;

fn main() -> ExitCode {
    timed::finish(
        run(),
        "gravity agtpa FILE | gravity synthetic [--countries C] [--years T] [--seed S] [--write FILE] | gravity fixest [--rows N] [--design simple|difficult] [--seed S] [--write FILE] [--runs R] [--solver auto|alternating|direct|cg] [--ols]",
    )
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mode = match parser.next()? {
        Some(Value(v)) => v.string()?,
        Some(other) => return Err(other.unexpected().into()),
        None => return Err("a mode is needed: agtpa or synthetic".into()),
    };
    match mode.as_str() {
        "agtpa" => {
            let file = match parser.next()? {
                Some(Value(v)) => v.string()?,
                Some(other) => return Err(other.unexpected().into()),
                None => return Err("agtpa needs the RTA panel's file".into()),
            };
            let mut solver = Solver::Auto;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("solver") => solver = parser.value()?.parse()?,
                    other => return Err(other.unexpected().into()),
                }
            }
            let panel = agtpa::rta_panel(&file)?;
            let table = agtpa::rta_table()?;
            for (name, column) in [("ppml_intl", "ppml"), ("ppml_pairfe", "endog")] {
                let Some((_, spec, sample)) = table.iter().find(|(n, _, _)| *n == column) else {
                    return Err(format!("no column {column}").into());
                };
                let data = sample.of(&panel);
                let mut spec = spec.clone();
                spec.options.solver = solver;
                let model = Gravity::with_spec(&data, spec);
                timed(name, || model.fit())?;
            }
        }
        "synthetic" => {
            let (mut countries, mut years, mut seed, mut write) =
                (150usize, 20usize, 1u64, None::<String>);
            let mut solver = Solver::Auto;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("solver") => solver = parser.value()?.parse()?,
                    Long("countries") => countries = parser.value()?.parse()?,
                    Long("years") => years = parser.value()?.parse()?,
                    Long("seed") => seed = parser.value()?.parse()?,
                    Long("write") => write = Some(parser.value()?.string()?),
                    other => return Err(other.unexpected().into()),
                }
            }
            let generated = synthetic_panel(countries, years, seed)?;
            let panel = match &write {
                Some(path) => {
                    generated.write_csv(path)?;
                    drop(generated);
                    Panel::from_csv(path, &PanelColumns::default())?
                }
                None => generated,
            };
            let model = Gravity::ppml(&panel)
                .formula("trade ~ x1 + x2 | exporter^year + importer^year + exporter^importer")?
                .cluster(["exporter^importer"])
                .options(Options {
                    solver,
                    ..Options::default()
                });
            timed("ppml_panel", || model.fit())?;
        }
        "fixest" => {
            let (mut rows, mut design, mut seed, mut write, mut runs) = (
                100_000usize,
                Design::Difficult,
                1u64,
                None::<String>,
                0usize,
            );
            let mut solver = Solver::Auto;
            let mut ols = false;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("ols") => ols = true,
                    Long("rows") => rows = parser.value()?.parse()?,
                    Long("design") => design = parser.value()?.parse()?,
                    Long("seed") => seed = parser.value()?.parse()?,
                    Long("write") => write = Some(parser.value()?.string()?),
                    Long("runs") => runs = parser.value()?.parse()?,
                    Long("solver") => solver = parser.value()?.parse()?,
                    other => return Err(other.unexpected().into()),
                }
            }
            let generated = fixest_panel(rows, design, seed)?;
            let panel = match &write {
                Some(path) => {
                    generated.write_csv(path)?;
                    let columns = generated.key_columns().clone();
                    drop(generated);
                    Panel::from_csv(path, &columns)?
                }
                None => generated,
            };
            let options = Options {
                solver,
                ..Options::default()
            };
            let (model, name) = if ols {
                let model =
                    Gravity::ols(&panel).formula("y ~ x1 + x2 | indiv_id + firm_id + year")?;
                (model, format!("fixest_{design}_ols"))
            } else {
                let model = Gravity::ppml(&panel)
                    .formula("negbin_y ~ x1 + x2 | indiv_id + firm_id + year")?;
                (model, format!("fixest_{design}"))
            };
            let model = model.cluster(["indiv_id"]).options(options);
            if runs == 0 {
                let start = std::time::Instant::now();
                let fit = model.fit()?;
                report(&name, &fit, start.elapsed().as_secs_f64());
            } else {
                let (fit, best) = timed::best_of(runs, || model.fit())?;
                report(&name, &fit, best);
            }
        }
        other => return Err(format!("unknown mode {other:?}").into()),
    }
    println!("peak_rss_mb={:.0}", peak_rss_mb());
    Ok(())
}

fn timed(name: &str, fit: impl Fn() -> bilateral::Result<GravityFit>) -> bilateral::Result<()> {
    let (result, best) = timed::best_of(RUNS, fit)?;
    report(name, &result, best);
    Ok(())
}

/// The `fit NAME nobs=N seconds=S COEF=VALUE(SE) …` line, and the iterations on stderr.
fn report(name: &str, result: &GravityFit, best: f64) {
    let coefs: Vec<String> = result
        .coefficients
        .iter()
        .map(|c| format!("{}={:.9}({:.9})", c.name, c.estimate, c.std_error))
        .collect();
    println!(
        "fit {name} nobs={} seconds={best:.3} {}",
        result.observations,
        coefs.join(" ")
    );
    eprintln!(
        "  {name}: {} IRLS iterations; fixed effects: {}; dropped {:?}",
        result.iterations, result.solver, result.dropped
    );
}

/// The process's peak resident memory in MB (Linux `VmHWM`; 0 where unknown).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
