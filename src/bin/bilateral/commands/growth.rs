//! `bilateral growth`: the arithmetic, on plain numbers or (with `--interval`) on printed
//! figures with their rounding.

use std::process::ExitCode;

use bilateral::growth::{self, Reach, est};
use bilateral::table::{ColumnUnit, Row, Table, TextTable, pct};
use bilateral::{Estimate, Rate, Result};

use crate::output::Out;

#[derive(clap::Subcommand)]
pub enum Command {
    /// The annual rate that takes BASE to TARGET in YEARS years.
    #[command(
        after_help = "Example (4.5 and 10 as printed, so [4.45, 4.55) and [9.5, 10.5)):\n  bilateral growth required 4.5 10 7 --interval"
    )]
    Required {
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        base: String,
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        target: String,
        years: f64,
        /// Read BASE and TARGET as printed figures and carry their rounding through.
        #[arg(long)]
        interval: bool,
    },
    /// The years a level growing at RATE takes from BASE to TARGET.
    #[command(after_help = "Example:\n  bilateral growth years 4.5 10 5.3%")]
    Years {
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        base: String,
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        target: String,
        #[arg(value_parser = super::rate, allow_hyphen_values = true)]
        rate: f64,
        /// Read BASE and TARGET as printed figures and carry their rounding through.
        #[arg(long)]
        interval: bool,
    },
    /// The compound annual rate from FROM to TO over YEARS years.
    #[command(after_help = "Example:\n  bilateral growth cagr 2.0 4.5 6")]
    Cagr {
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        from: String,
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
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
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        base: String,
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        target: String,
        /// LO:HI:N, N rates evenly spaced (fractions: -0.1:0.3:41).
        #[arg(long, value_name = "LO:HI:N", allow_hyphen_values = true, value_parser = super::checked::range)]
        rates: String,
        /// Years after the base year.
        #[arg(long)]
        years: usize,
        /// Also draw the heatmap with the target contour to this SVG or PNG file.
        #[arg(long, value_name = "FILE", value_parser = super::checked::chart)]
        chart: Option<std::path::PathBuf>,
    },
    /// The path from BASE at RATE for YEARS years.
    #[command(after_help = "Example:\n  bilateral growth path 4.5e9 12% 7 --base-year 2023")]
    Path {
        #[arg(value_parser = super::checked::amount, allow_hyphen_values = true)]
        base: String,
        #[arg(value_parser = super::rate, allow_hyphen_values = true)]
        rate: f64,
        years: u32,
        /// The calendar year of BASE: the path's years are then calendar years (default: the
        /// current year).
        #[arg(long, value_name = "YEAR")]
        base_year: Option<i32>,
    },
}

/// One answer: a value with its range, and how to show it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Answer {
    what: String,
    point: f64,
    lo: f64,
    hi: f64,
    #[serde(skip)]
    shown: String,
}

impl Row for Answer {
    const REQUIRED: &'static [&'static str] = &["what", "point"];
}

impl Table for Answer {
    type Row = Answer;
    const WHAT: &'static str = "an answer";
    fn rows(&self) -> Result<Vec<Answer>> {
        Ok(vec![Answer {
            what: self.what.clone(),
            point: self.point,
            lo: self.lo,
            hi: self.hi,
            shown: String::new(),
        }])
    }
    /// A rate in percent, years as years.
    fn units(&self) -> Vec<ColumnUnit> {
        if self.what.contains("rate") {
            vec![
                ColumnUnit::pct("point", "rate_pct"),
                ColumnUnit::pct("lo", "rate_low_pct"),
                ColumnUnit::pct("hi", "rate_high_pct"),
            ]
        } else if self.what.contains("years") {
            vec![
                ColumnUnit::renamed("point", "years"),
                ColumnUnit::renamed("lo", "years_low"),
                ColumnUnit::renamed("hi", "years_high"),
            ]
        } else {
            Vec::new()
        }
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.shown)
    }
}

/// A growth-rate grid's answer per rate.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct RateRow {
    rate: f64,
    final_level: f64,
    first_year_reaching: Option<u32>,
}

impl Row for RateRow {
    const REQUIRED: &'static [&'static str] = &["rate", "final_level"];
}

/// Each rate of a grid: its final level and the first year it reaches the target.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Grid(Vec<RateRow>);

impl Table for Grid {
    type Row = RateRow;
    const WHAT: &'static str = "a growth-rate grid";
    fn rows(&self) -> Result<Vec<RateRow>> {
        Ok(self.0.clone())
    }
    fn units(&self) -> Vec<ColumnUnit> {
        vec![ColumnUnit::pct("rate", "rate_pct")]
    }
}

impl std::fmt::Display for Grid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut t = TextTable::new(["rate", "final level", "first year at target"]);
        for r in &self.0 {
            t.row([
                pct(r.rate),
                format!("{:.4}", r.final_level),
                r.first_year_reaching
                    .map_or("never".into(), |k| k.to_string()),
            ]);
        }
        write!(f, "{t}")
    }
}

/// One year of a path.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Step {
    year: i32,
    years_after_base: u32,
    level: f64,
}

impl Row for Step {
    const REQUIRED: &'static [&'static str] = &["year", "years_after_base", "level"];
}

/// A compound path, year by year.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Path(Vec<Step>);

impl Table for Path {
    type Row = Step;
    const WHAT: &'static str = "a path";
    fn rows(&self) -> Result<Vec<Step>> {
        Ok(self.0.clone())
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut t = TextTable::new(["year", "years after base", "level"]);
        for s in &self.0 {
            t.row([
                s.year.to_string(),
                s.years_after_base.to_string(),
                format!("{:.6}", s.level)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_owned(),
            ]);
        }
        write!(f, "{t}")
    }
}

/// This year, from the system clock (365.2425 days a year from 1970: within a day).
fn current_year() -> i32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    1970 + i32::try_from(days * 10_000 / 3_652_425).unwrap_or(0)
}

fn value(text: &str, interval: bool) -> Result<Estimate> {
    if interval {
        super::printed(text)
    } else {
        let x = super::amount(text).map_err(|message| {
            bilateral::Error::Data(bilateral::error::DataError::Unreadable { message })
        })?;
        Estimate::exact(x)
    }
}

fn percent(e: Estimate) -> String {
    let iv = e.interval();
    if iv.lo() == iv.hi() {
        pct(e.point())
    } else {
        format!("{} [{}, {}]", pct(e.point()), pct(iv.lo()), pct(iv.hi()))
    }
}

fn emit_one(out: &Out, what: &str, e: Estimate, shown: String) -> Result<ExitCode> {
    out.emit(&Answer {
        what: what.to_owned(),
        point: e.point(),
        lo: e.interval().lo(),
        hi: e.interval().hi(),
        shown,
    })?;
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
                Reach::Never => Err(bilateral::Error::Input(
                    bilateral::error::InputError::Missing {
                        what: "a rate that moves the level towards the target",
                        purpose: "to reach it: at this rate it never does",
                    },
                )),
            }
        }
        Command::Grid {
            base,
            target,
            rates,
            years,
            chart,
        } => grid(out, base, target, rates, *years, chart.as_deref()),
        Command::Path {
            base,
            rate,
            years,
            base_year,
        } => {
            let start = match base_year {
                Some(y) => *y,
                None => current_year(),
            };
            let base = super::amount(base).map_err(|message| {
                bilateral::Error::Data(bilateral::error::DataError::Unreadable { message })
            })?;
            let path = growth::compound_path(base, Rate::new(*rate)?, *years)?;
            let steps: Vec<Step> = (0u32..)
                .zip(&path)
                .map(|(after, level)| Step {
                    year: start.saturating_add(i32::try_from(after).unwrap_or(i32::MAX)),
                    years_after_base: after,
                    level: *level,
                })
                .collect();
            out.emit(&Path(steps))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `growth grid`: each rate's final level and first year at the target, and the heatmap.
fn grid(
    out: &Out,
    base: &str,
    target: &str,
    rates: &str,
    years: usize,
    chart: Option<&std::path::Path>,
) -> Result<ExitCode> {
    let amount = |t: &str| {
        super::amount(t).map_err(|message| {
            bilateral::Error::Data(bilateral::error::DataError::Unreadable { message })
        })
    };
    let (lo, hi, n) = super::lo_hi_n("--rates", rates)?;
    let grid =
        bilateral::scenario::RateGrid::even(amount(base)?, lo, hi, n, years, amount(target)?)?;
    let mut values = vec![0.0; n * years];
    let mut finals = vec![0.0; n];
    let mut first = vec![0u32; n];
    grid.fill(&mut values, &mut finals, &mut first)?;
    if let Some(path) = chart {
        bilateral::chart::heatmap_chart(&grid, &values, path)?;
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
    out.emit(&Grid(rows))?;
    Ok(ExitCode::SUCCESS)
}
