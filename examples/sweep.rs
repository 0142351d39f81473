//! The canonical growth-rate grid: base 4.5, N rates evenly spaced over [-0.10, 0.30], years
//! 1..=Y, every value materialised, with the final value per rate and the first year each rate
//! reaches 10.0.
//!
//! `cargo run --release --example sweep -- --rates N --years Y`
//!
//! Prints `values_per_s`, `checksum_final`, `reaching_target` and `write_limit_values_per_s`
//! (the speed of simply writing the same N×Y buffer in the same parallel split). Both speeds are
//! the best of 5 runs into buffers allocated (and first touched) once.

use std::process::ExitCode;
use std::time::Instant;

use bilateral::scenario::{RateGrid, fill_constant};

const RUNS: usize = 5;

#[path = "common/args.rs"]
mod args;

fn main() -> ExitCode {
    args::main(
        &["rates", "years"],
        "usage: sweep [--rates N] [--years Y]",
        |a| Ok(run(a.get("rates", 1_000_000)?, a.get("years", 10)?)),
    )
}

fn run(n: usize, y: usize) -> bilateral::Result<()> {
    let grid = RateGrid::even(4.5, -0.10, 0.30, n, y, 10.0)?;
    let cells = n.checked_mul(y).ok_or(bilateral::Error::Input(
        bilateral::error::InputError::OutOfRange {
            what: "grid size",
            value: f64::INFINITY,
            expected: "rates × years that fits in memory",
        },
    ))?;
    let mut values = vec![0.0f64; cells];
    let mut finals = vec![0.0f64; n];
    let mut first = vec![0u32; n];
    // First touch outside the timing, then one untimed pass with a progress bar (drawn only when
    // stderr is a terminal).
    fill_constant(&mut values, 1.0, y);
    let bar = indicatif::ProgressBar::new(n as u64);
    grid.fill_with_progress(&mut values, &mut finals, &mut first, &|done, _| {
        bar.set_position(done as u64)
    })?;
    bar.finish_and_clear();

    let mut best = f64::INFINITY;
    for _ in 0..RUNS {
        let t = Instant::now();
        grid.fill(&mut values, &mut finals, &mut first)?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mut best_write = f64::INFINITY;
    for i in 0..RUNS {
        let t = Instant::now();
        fill_constant(&mut values, i as f64, y);
        best_write = best_write.min(t.elapsed().as_secs_f64());
    }
    // Recompute so the buffer holds the grid again (the write-limit runs overwrote it).
    grid.fill(&mut values, &mut finals, &mut first)?;

    let checksum: f64 = finals.iter().sum();
    let reaching = first.iter().filter(|k| **k > 0).count();
    println!("values_per_s {:.0}", cells as f64 / best);
    println!("checksum_final {checksum:.12e}");
    println!("reaching_target {reaching}");
    println!("write_limit_values_per_s {:.0}", cells as f64 / best_write);
    Ok(())
}
