//! `bilateral growth`: the arithmetic, on plain numbers or (with `--interval`) on printed
//! figures with their rounding.

use std::process::ExitCode;

use bilateral::growth::{self, Reach, est};
use bilateral::io::{TextTable, to_json};
use bilateral::{Estimate, Rate, Result};

use crate::output::{Out, csv_rows};

#[derive(clap::Subcommand)]
pub enum Command {
    /// The annual rate that takes BASE to TARGET in YEARS years.
    #[command(
        after_help = "Example (4.5 and 10 as printed, so [4.45, 4.55) and [9.5, 10.5)):\n  bilateral growth required 4.5 10 7 --interval"
    )]
    Required {
        base: String,
        target: String,
        years: f64,
        /// Read BASE and TARGET as printed figures and carry their rounding through.
        #[arg(long)]
        interval: bool,
    },
    /// The years a level growing at RATE takes from BASE to TARGET.
    #[command(after_help = "Example:\n  bilateral growth years 4.5 10 5.3%")]
    Years {
        base: String,
        target: String,
        #[arg(value_parser = super::rate)]
        rate: f64,
        /// Read BASE and TARGET as printed figures and carry their rounding through.
        #[arg(long)]
        interval: bool,
    },
    /// The compound annual rate from FROM to TO over YEARS years.
    #[command(after_help = "Example:\n  bilateral growth cagr 2.0 4.5 6")]
    Cagr {
        from: String,
        to: String,
        years: f64,
        /// Read FROM and TO as printed figures and carry their rounding through.
        #[arg(long)]
        interval: bool,
    },
    /// A grid of growth rates: the level each reaches each year, and the first year each reaches
    /// TARGET.
    #[command(
        after_help = "Example:\n  bilateral growth grid 4.5 10 --rates -0.1:0.3:41 --years 12 --chart grid.png"
    )]
    Grid {
        base: String,
        target: String,
        /// LO:HI:N, N rates evenly spaced (fractions: -0.1:0.3:41).
        #[arg(long, value_name = "LO:HI:N")]
        rates: String,
        /// Years after the base year.
        #[arg(long)]
        years: usize,
        /// Also draw the heatmap with the target contour to this SVG or PNG file.
        #[arg(long, value_name = "FILE")]
        chart: Option<std::path::PathBuf>,
    },
    /// The path from BASE at RATE for YEARS years.
    #[command(after_help = "Example:\n  bilateral growth path 4.5e9 12% 7")]
    Path {
        base: String,
        #[arg(value_parser = super::rate)]
        rate: f64,
        years: u32,
    },
}

/// One answer: a value with its range.
#[derive(serde::Serialize)]
struct Answer {
    what: &'static str,
    point: f64,
    lo: f64,
    hi: f64,
}

fn value(text: &str, interval: bool) -> Result<Estimate> {
    if interval {
        super::printed(text)
    } else {
        let x = super::amount(text).map_err(|message| bilateral::Error::Unreadable { message })?;
        Estimate::exact(x)
    }
}

fn percent(e: Estimate) -> String {
    let iv = e.interval();
    if iv.lo() == iv.hi() {
        super::pct(e.point())
    } else {
        format!(
            "{} [{}, {}]",
            super::pct(e.point()),
            super::pct(iv.lo()),
            super::pct(iv.hi())
        )
    }
}

fn emit_one(out: &Out, what: &'static str, e: Estimate, shown: String) -> Result<ExitCode> {
    let answer = Answer {
        what,
        point: e.point(),
        lo: e.interval().lo(),
        hi: e.interval().hi(),
    };
    out.emit(
        || Ok(format!("{shown}\n")),
        || to_json(&answer),
        || csv_rows([&answer]),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(c: &Command, out: &Out) -> Result<ExitCode> {
    match c {
        Command::Required {
            base,
            target,
            years,
            interval,
        } => {
            let r = est::required_rate(value(base, *interval)?, value(target, *interval)?, *years)?;
            emit_one(out, "required annual rate", r, percent(r))
        }
        Command::Cagr {
            from,
            to,
            years,
            interval,
        } => {
            let r = est::cagr(value(from, *interval)?, value(to, *interval)?, *years)?;
            emit_one(out, "compound annual rate", r, percent(r))
        }
        Command::Years {
            base,
            target,
            rate,
            interval,
        } => {
            let reach = est::years_to_target(
                value(base, *interval)?,
                value(target, *interval)?,
                Estimate::exact(*rate)?,
            )?;
            match reach {
                Reach::After { years, direction } => {
                    let iv = years.interval();
                    let shown = format!(
                        "{:.2} years [{:.2}, {:.2}] ({direction})",
                        years.point(),
                        iv.lo(),
                        iv.hi()
                    );
                    emit_one(out, "years to target", years, shown)
                }
                Reach::AlreadyThere => emit_one(
                    out,
                    "years to target",
                    Estimate::exact(0.0)?,
                    "already there".into(),
                ),
                Reach::Never => Err(bilateral::Error::Missing {
                    what: "a rate that moves the level towards the target",
                    purpose: "to reach it: at this rate it never does",
                }),
            }
        }
        Command::Grid {
            base,
            target,
            rates,
            years,
            chart,
        } => {
            let amount = |t: &str| {
                super::amount(t).map_err(|message| bilateral::Error::Unreadable { message })
            };
            let (lo, hi, n) = super::lo_hi_n("--rates", rates)?;
            let grid = bilateral::scenario::RateGrid::even(
                amount(base)?,
                lo,
                hi,
                n,
                *years,
                amount(target)?,
            )?;
            let mut values = vec![0.0; n * years];
            let mut finals = vec![0.0; n];
            let mut first = vec![0u32; n];
            grid.fill(&mut values, &mut finals, &mut first)?;
            if let Some(path) = chart {
                bilateral::chart::heatmap_chart(&grid, &values, path)?;
            }
            #[derive(serde::Serialize)]
            struct RateRow {
                rate: f64,
                final_level: f64,
                first_year_reaching: Option<u32>,
            }
            let rows: Vec<RateRow> = grid
                .rates
                .iter()
                .zip(finals.iter().zip(&first))
                .map(|(r, (f, k))| RateRow {
                    rate: *r,
                    final_level: *f,
                    first_year_reaching: (*k > 0).then_some(*k),
                })
                .collect();
            out.emit(
                || {
                    let mut t = TextTable::new(["rate", "final level", "first year at target"]);
                    for r in &rows {
                        t.row([
                            super::pct(r.rate),
                            format!("{:.4}", r.final_level),
                            r.first_year_reaching
                                .map_or("never".into(), |k| k.to_string()),
                        ]);
                    }
                    Ok(t.to_string())
                },
                || to_json(&rows),
                || csv_rows(&rows),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Path { base, rate, years } => {
            let base =
                super::amount(base).map_err(|message| bilateral::Error::Unreadable { message })?;
            let path = growth::compound_path(base, Rate::new(*rate)?, *years)?;
            #[derive(serde::Serialize)]
            struct Step {
                year: u32,
                level: f64,
            }
            let steps: Vec<Step> = (0u32..)
                .zip(&path)
                .map(|(year, level)| Step {
                    year,
                    level: *level,
                })
                .collect();
            out.emit(
                || {
                    let mut t = TextTable::new(["year", "level"]);
                    for s in &steps {
                        t.row([s.year.to_string(), format!("{}", s.level)]);
                    }
                    Ok(t.to_string())
                },
                || to_json(&steps),
                || csv_rows(&steps),
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
