//! `bilateral comtrade FILE`: a Comtrade file's rows, totals or mirror pairs.

use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::audit::{Reconciliation, mirror_from_totals};
use bilateral::data::{Party, TradeTotal};
use bilateral::io::{Table, TextTable, comtrade_totals, read_comtrade, to_csv, to_json};
use bilateral::{Country, Error, Result};

use crate::output::{Out, csv_rows};

#[derive(clap::Args)]
pub struct Args {
    /// The Comtrade (or WITS) CSV file.
    file: PathBuf,
    /// Totals over commodity codes per year, reporter, partner and flow (never counting a value
    /// twice) instead of the rows.
    #[arg(long, conflicts_with = "mirror")]
    totals: bool,
    /// Mirror pairs: each flow as its exporter and its importer report it (needs --reporter and
    /// --partner).
    #[arg(long, requires_all = ["reporter", "partner"])]
    mirror: bool,
    /// Keep rows with this reporter (ISO alpha-3, e.g. KAZ).
    #[arg(long)]
    reporter: Option<Country>,
    /// Keep rows with this partner.
    #[arg(long)]
    partner: Option<Country>,
}

fn keep(a: &Args, reporter: Party, partner: Party) -> bool {
    a.reporter.is_none_or(|r| reporter == Party::Country(r))
        && a.partner.is_none_or(|p| partner == Party::Country(p))
}

#[derive(serde::Serialize)]
struct RecordRow<'a> {
    year: i32,
    period: &'a str,
    reporter: String,
    partner: String,
    flow: String,
    commodity: &'a str,
    value: f64,
    line: u64,
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    if a.mirror {
        let (Some(r), Some(p)) = (a.reporter, a.partner) else {
            return Err(Error::Missing {
                what: "--reporter and --partner",
                purpose: "to pair a flow's two sides",
            });
        };
        let totals = comtrade_totals(&a.file)?;
        let pairs = mirror_from_totals(&totals.items, r, p, Reconciliation::default())?;
        return super::emit_mirror(out, &pairs);
    }
    if a.totals {
        let load = comtrade_totals(&a.file)?;
        let totals: Vec<TradeTotal> = load
            .items
            .iter()
            .filter(|t| keep(a, t.reporter, t.partner))
            .cloned()
            .collect();
        out.emit(
            || {
                let mut t = TextTable::new([
                    "year", "reporter", "partner", "flow", "value", "from", "months",
                ]);
                for r in &totals {
                    t.row([
                        r.year.to_string(),
                        r.reporter.to_string(),
                        r.partner.to_string(),
                        r.flow.to_string(),
                        format!("{}", r.value),
                        r.basis.to_string(),
                        r.months.to_string(),
                    ]);
                }
                Ok(format!(
                    "{t}{} rows read; {} breakdown and {} monthly rows left out of the totals\n",
                    load.rows, load.breakdown_rows, load.monthly_rows_skipped
                ))
            },
            || to_json(&totals),
            || to_csv(Table::ComtradeTotals(&totals)),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let load = read_comtrade(&a.file)?;
    let rows: Vec<RecordRow<'_>> = load
        .items
        .iter()
        .filter(|r| keep(a, r.reporter, r.partner))
        .map(|r| RecordRow {
            year: r.year,
            period: r.period.as_deref().unwrap_or(""),
            reporter: r.reporter.to_string(),
            partner: r.partner.to_string(),
            flow: r.flow.to_string(),
            commodity: &r.commodity,
            value: r.value,
            line: r.origin.line,
        })
        .collect();
    out.emit(
        || {
            let mut t = TextTable::new([
                "line",
                "year",
                "reporter",
                "partner",
                "flow",
                "commodity",
                "value",
            ]);
            for r in &rows {
                t.row([
                    r.line.to_string(),
                    r.year.to_string(),
                    r.reporter.clone(),
                    r.partner.clone(),
                    r.flow.clone(),
                    r.commodity.to_owned(),
                    format!("{}", r.value),
                ]);
            }
            Ok(t.to_string())
        },
        || to_json(&rows),
        || csv_rows(&rows),
    )?;
    Ok(ExitCode::SUCCESS)
}
