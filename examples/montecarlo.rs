//! Monte Carlo of the $10 billion target: base 4.5, annual log growth i.i.d. Normal(0.05, 0.08).
//!
//! `cargo run --release --example montecarlo -- --paths P --years Y --seed S`
//!
//! Prints `paths_per_s`, `p50_final` (median final value), `p_final_ge_10` (share of paths whose
//! final value is at least 10) and `p_reach_10` (share at or above 10 in any year 1..=Y). On a
//! terminal, a progress bar on stderr follows the run.

use std::process::ExitCode;
use std::time::Instant;

use bilateral::Scenario;
use bilateral::scenario::{Baseline, MonteCarlo, Shocks};

#[path = "common/args.rs"]
mod args;

fn main() -> ExitCode {
    args::main(
        &["paths", "years", "seed"],
        "usage: montecarlo [--paths P] [--years Y] [--seed S]",
        |a| {
            Ok(run(
                a.get("paths", 1_000_000)?,
                a.get("years", 10)?,
                a.get("seed", 42)?,
            ))
        },
    )
}

fn run(paths: usize, years: u32, seed: u64) -> bilateral::Result<()> {
    let scenario = Scenario {
        name: "iid log growth".into(),
        description: "base 4.5, log growth ~ Normal(0.05, 0.08), target 10".into(),
        base_year: 2023,
        horizon: years,
        target: Some(10.0),
        baseline: Baseline::Compound {
            base: 4.5,
            rate: 0.0,
        },
        layers: vec![],
    };
    let mut mc = MonteCarlo::new(
        scenario,
        Shocks::Normal {
            mean: 0.05,
            sd: 0.08,
        },
        paths,
        seed,
    );
    mc.quantiles = vec![0.5];
    mc.fan = false;
    // A progress bar on stderr, drawn only when stderr is a terminal.
    let bar = indicatif::ProgressBar::new(paths as u64);
    let t = Instant::now();
    let r = mc.run_with_progress(&|done, _| bar.set_position(done as u64))?;
    let secs = t.elapsed().as_secs_f64();
    bar.finish_and_clear();
    println!("paths_per_s {:.0}", paths as f64 / secs);
    println!(
        "p50_final {:.6}",
        r.final_quantiles.first().copied().unwrap_or(f64::NAN)
    );
    println!("p_final_ge_10 {:.6}", r.final_at_least_target);
    println!(
        "p_reach_10 {:.6}",
        r.reached_by.last().copied().unwrap_or(0.0)
    );
    Ok(())
}
