//! Backtests every forecasting method on the AGTPA panel's international pairs with positive
//! flows in all years, and calibrates the recommended method's intervals.
//!
//! `cargo run --release --example backtest -- ../shared/data/agtpa/rta_panel_1986_2006.csv`
//!
//! A header line, then one line per method and subset: `backtest METHOD SUBSET h1=… h2=… h3=…
//! cov80=… cov90=… seconds=…` (log-MAE by horizon; coverage of the calibrated intervals over
//! all horizons; seconds for that method over all origins, calibration origins included); then
//! the coverage by horizon beside the models' own, the recommended method, and the
//! statsforecast lines of `tools/forecast/statsforecast_backtest.txt` (same protocol, run by
//! `tools/forecast/statsforecast_backtest.py` on this machine).
//!
//! Options after the file: `--write-calibration FILE` writes the recommended method's
//! panel's last year (what `data/forecast/agtpa.json` holds);
//! `--csv FILE`, `--json FILE` write the metrics; `--chart FILE.svg` draws the calibration chart.

use std::process::ExitCode;

use bilateral::forecast::{BacktestSpec, MetricRow, backtest};
use bilateral::gravity::{Panel, PanelColumns};

#[path = "common/timed.rs"]
#[allow(dead_code)]
mod timed;

fn main() -> ExitCode {
    timed::finish(
        run(),
        "backtest FILE [--write-calibration FILE] [--csv FILE] [--json FILE] [--chart FILE]",
    )
}

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// `println!` into a buffer, written once at the end, so a reader that stops early (`| head`)
/// ends the output quietly instead of a failed print.
macro_rules! outln {
    ($out:ident, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = String::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().ok_or("the RTA panel's file is needed")?;
    let start = std::time::Instant::now();
    let panel = Panel::from_csv(file, &PanelColumns::default())?;
    let set = panel.international_series()?;
    let read = start.elapsed().as_secs_f64();
    let spec = BacktestSpec::agtpa();
    let start = std::time::Instant::now();
    let result = backtest(&set, &spec)?;
    let total = start.elapsed().as_secs_f64();
    outln!(
        out,
        "{} series, years {}-{}; read in {read:.3} s; backtest of {} methods in {total:.3} s",
        set.len(),
        set.years().first().copied().unwrap_or_default(),
        set.years().last().copied().unwrap_or_default(),
        spec.methods.len()
    );
    let mut coverage = Vec::new();
    for t in &result.seconds {
        for subset in spec.subsets.iter().map(|s| s.name()) {
            let rows = result.rows_of(t.method, subset);
            let maes: Vec<String> = rows
                .iter()
                .map(|r| format!("h{}={:.4}", r.horizon, r.log_mae))
                .collect();
            let n: usize = rows.iter().map(|r| r.n).sum();
            let pooled = |f: fn(&MetricRow) -> f64| {
                rows.iter().map(|r| f(r) * r.n as f64).sum::<f64>() / n.max(1) as f64
            };
            outln!(
                out,
                "backtest {} {subset} {} cov80={:.3} cov90={:.3} seconds={:.3}",
                t.method.as_str(),
                maes.join(" "),
                pooled(|r| r.cov80),
                pooled(|r| r.cov90),
                t.seconds
            );
            let by_h: Vec<String> = rows
                .iter()
                .map(|r| {
                    format!(
                        "h{} {:.3}/{:.3} (model's own {:.3}/{:.3})",
                        r.horizon, r.cov80, r.cov90, r.model_cov80, r.model_cov90
                    )
                })
                .collect();
            coverage.push(format!(
                "{} {subset}: {}",
                t.method.as_str(),
                by_h.join(", ")
            ));
        }
    }
    outln!(
        out,
        "\ncoverage of the calibrated 80%/90% intervals by horizon:"
    );
    for line in coverage {
        outln!(out, "  {line}");
    }
    let best = result.recommended();
    outln!(
        out,
        "recommended (lowest mean log-MAE over horizons and subsets): {}",
        best.as_str()
    );
    if let Some(path) = option(&args, "--write-calibration") {
        let cals = result.calibrations(&set)?;
        bilateral::io::write_atomic(std::path::Path::new(&path), &bilateral::io::to_json(&cals)?)?;
        outln!(out, "wrote {path}");
    }
    if let Some(path) = option(&args, "--csv") {
        bilateral::io::write_csv(std::path::Path::new(&path), &result)?;
    }
    if let Some(path) = option(&args, "--json") {
        bilateral::io::write_json(std::path::Path::new(&path), &result)?;
    }
    #[cfg(feature = "charts")]
    if let Some(path) = option(&args, "--chart") {
        bilateral::chart::calibration_chart(&result, best, std::path::Path::new(&path))?;
        outln!(out, "wrote {path}");
    }
    let peer = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tools/forecast/statsforecast_backtest.txt");
    if let Ok(text) = std::fs::read_to_string(&peer) {
        outln!(out, "\nstatsforecast, same protocol ({}):", peer.display());
        for line in text.lines() {
            outln!(out, "{line}");
        }
    }
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
