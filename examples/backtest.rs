//! Backtests every forecasting method on the AGTPA panel's international pairs with positive
//! flows in all years.
//!
//! `cargo run --release --example backtest -- ../shared/data/agtpa/rta_panel_1986_2006.csv`
//!
//! One line per method and subset: `backtest METHOD SUBSET h1=… h2=… h3=… cov80=… cov90=…
//! seconds=…` (log-MAE by horizon; conformal coverage over all horizons; seconds for that method
//! over all origins).

use std::process::ExitCode;

use bilateral::forecast::{BacktestSpec, SeriesSet, backtest};
use bilateral::gravity::{Panel, PanelColumns};

#[path = "common/timed.rs"]
mod timed;

fn main() -> ExitCode {
    timed::finish(run(), "backtest FILE")
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::env::args()
        .nth(1)
        .ok_or("the RTA panel's file is needed")?;
    let panel = Panel::from_csv(&file, &PanelColumns::default())?;
    let set = SeriesSet::from_panel(&panel)?;
    let spec = BacktestSpec::agtpa();
    let result = backtest(&set, &spec)?;
    eprintln!("{} series", set.len());
    for (method, seconds) in &result.seconds {
        for subset in ["all", "large"] {
            let rows: Vec<_> = result
                .rows
                .iter()
                .filter(|r| r.method == *method && r.subset == subset)
                .collect();
            let maes: Vec<String> = rows
                .iter()
                .map(|r| format!("h{}={:.4}", r.horizon, r.log_mae))
                .collect();
            let k = rows.len() as f64;
            let cov80 = rows.iter().map(|r| r.cov80).sum::<f64>() / k;
            let cov90 = rows.iter().map(|r| r.cov90).sum::<f64>() / k;
            let m80 = rows.iter().map(|r| r.model_cov80).sum::<f64>() / k;
            println!(
                "backtest {method} {subset} {} cov80={cov80:.3} cov90={cov90:.3} seconds={seconds:.3}",
                maes.join(" ")
            );
            eprintln!(
                "  model cov80={m80:.3}; per horizon cov80 {:?}",
                rows.iter()
                    .map(|r| (r.cov80 * 1000.0).round() / 1000.0)
                    .collect::<Vec<_>>()
            );
        }
    }
    Ok(())
}
