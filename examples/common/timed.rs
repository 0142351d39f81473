//! What the timed examples share: best-of-N timing after a warm-up, and the exit status and
//! usage line for an error.

use std::process::ExitCode;
use std::time::Instant;

/// Runs `f` once to warm up, then `runs` times; the last result and the best time in seconds.
pub fn best_of<T, E>(runs: usize, f: impl Fn() -> Result<T, E>) -> Result<(T, f64), E> {
    let mut result = f()?;
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let start = Instant::now();
        result = f()?;
        best = best.min(start.elapsed().as_secs_f64());
    }
    Ok((result, best))
}

/// Exit 0, or print the error and `usage` on stderr and exit 2.
pub fn finish(result: Result<(), Box<dyn std::error::Error>>, usage: &str) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("usage: {usage}");
            ExitCode::from(2)
        }
    }
}
