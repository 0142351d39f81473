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
//! Then the prior age study (the pooled method with priors 0, 3, 6, 9 and 12 years old, beside
//! naive and drift, and the discount rule fitted on it) and its seconds: `age …` lines.
//!
//! Options after the file: `--write-calibration FILE` writes every method's calibration at the
//! panel's last year, the fitted discount in the pooled one's (what `data/forecast/agtpa.json`
//! holds); `--trials` also prints the calibration variants tried (`trial …` lines: per
//! horizon, period scale, recency weights, classes, window); `--csv FILE`, `--json FILE` write
//! the metrics; `--chart FILE.svg` draws the calibration chart.

use std::process::ExitCode;

use bilateral::forecast::{
    Adapt, AgeSpec, BacktestSpec, ClassBy, Method, MetricRow, PriorUse, age_study_fitted, backtest,
};
use bilateral::gravity::{Panel, PanelColumns};

#[path = "common/timed.rs"]
#[allow(dead_code)]
mod timed;

fn main() -> ExitCode {
    timed::finish(
        run(),
        "backtest FILE [--write-calibration FILE] [--trials] [--csv FILE] [--json FILE] [--chart FILE]",
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

/// The calibration variants tried on the way to the AGTPA protocol, each as one line.
fn trials(set: &bilateral::forecast::SeriesSet) -> Result<Vec<String>, bilateral::Error> {
    let base = Adapt {
        by_horizon: false,
        half_life: None,
        recent_scale: false,
    };
    let variants: Vec<(&str, ClassBy, Adapt, usize)> = vec![
        (
            "pooled horizons (the previous protocol)",
            ClassBy::Volatility,
            base,
            8,
        ),
        (
            "per horizon",
            ClassBy::Volatility,
            Adapt {
                by_horizon: true,
                ..base
            },
            8,
        ),
        (
            "per horizon, half-life 2",
            ClassBy::Volatility,
            Adapt {
                by_horizon: true,
                half_life: Some(2.0),
                ..base
            },
            8,
        ),
        (
            "per horizon, 20 volatility classes",
            ClassBy::Volatility,
            Adapt {
                by_horizon: true,
                ..base
            },
            8,
        ),
        (
            "size x volatility 3x3, per horizon",
            ClassBy::SizeVolatility,
            Adapt {
                by_horizon: true,
                ..base
            },
            8,
        ),
        (
            "large apart, pooled horizons",
            ClassBy::GroupVolatility,
            base,
            8,
        ),
        (
            "large apart, per horizon",
            ClassBy::GroupVolatility,
            Adapt {
                by_horizon: true,
                ..base
            },
            8,
        ),
        (
            "large apart, per horizon, half-life 2",
            ClassBy::GroupVolatility,
            Adapt {
                by_horizon: true,
                half_life: Some(2.0),
                ..base
            },
            8,
        ),
        (
            "large apart, pooled horizons, period scale",
            ClassBy::GroupVolatility,
            Adapt {
                recent_scale: true,
                ..base
            },
            8,
        ),
        (
            "large apart, per horizon, period scale (the protocol)",
            ClassBy::GroupVolatility,
            Adapt::AGTPA,
            8,
        ),
        (
            "large apart, per horizon, period scale, window 4",
            ClassBy::GroupVolatility,
            Adapt::AGTPA,
            4,
        ),
        (
            "large apart, per horizon, period scale, window 12",
            ClassBy::GroupVolatility,
            Adapt::AGTPA,
            12,
        ),
    ];
    let mut out = Vec::new();
    for (name, class_by, adapt, window) in variants {
        let classes = if name.contains("20 volatility") {
            20
        } else if class_by == ClassBy::SizeVolatility {
            3
        } else {
            5
        };
        let spec = BacktestSpec {
            methods: vec![Method::Pooled],
            class_by,
            classes,
            adapt,
            window,
            ..BacktestSpec::agtpa()
        };
        let r = backtest(set, &spec)?;
        let cells: Vec<String> = ["all", "large"]
            .iter()
            .map(|sub| {
                let c: Vec<String> = r
                    .rows_of(Method::Pooled, sub)
                    .iter()
                    .map(|r| format!("{:.3}/{:.3}", r.cov80, r.cov90))
                    .collect();
                format!("{sub} {}", c.join(" "))
            })
            .collect();
        out.push(format!("trial {name}: {}", cells.join("; ")));
    }
    Ok(out)
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
    let start = std::time::Instant::now();
    let study = age_study_fitted(&set, &AgeSpec::agtpa())?;
    let age_seconds = start.elapsed().as_secs_f64();
    outln!(
        out,
        "\nprior age study (pooled; the prior from the panel's years up to origin - age) and the fitted discount, in {age_seconds:.3} s:"
    );
    for &age in &study.spec.ages {
        for prior in [PriorUse::AsEstimated, PriorUse::Discounted] {
            for subset in spec.subsets.iter().map(|s| s.name()) {
                let rows: Vec<_> = study
                    .rows_of(age, prior)
                    .into_iter()
                    .filter(|r| r.subset == subset)
                    .collect();
                let cells: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        format!(
                            "h{}={:.4} (naive {:.4}, drift {:.4}) cov {:.3}/{:.3} bias {:+.3}",
                            r.horizon,
                            r.log_mae,
                            r.naive_log_mae,
                            r.drift_log_mae,
                            r.cov80,
                            r.cov90,
                            r.bias
                        )
                    })
                    .collect();
                outln!(
                    out,
                    "age {age:2} {} {subset} {}",
                    prior.as_str(),
                    cells.join("  ")
                );
            }
        }
    }
    if let Some(fit) = &study.fit {
        outln!(
            out,
            "fitted discount: {} (age's added bias {:.6} -> {:.6}; mean log-MAE {:.4} as estimated, {:.4} discounted)",
            fit.discount,
            fit.added_bias.1,
            fit.added_bias.0,
            fit.log_mae.1,
            fit.log_mae.0
        );
    }
    outln!(
        out,
        "total, backtest and age study: {:.3} s",
        total + age_seconds
    );
    if args.iter().any(|a| a == "--trials") {
        outln!(
            out,
            "\ncalibration variants tried (pooled method; coverage 80%/90% at h1, h2, h3):"
        );
        for line in trials(&set)? {
            outln!(out, "{line}");
        }
    }
    if let Some(path) = option(&args, "--write-calibration") {
        let cals = result.calibrations(&set, Some(&study))?;
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
