//! `bilateral comtrade FILE`: a Comtrade file's rows, totals or mirror pairs.

use bilateral::error::InputError;
use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::audit::{Reconciliation, mirror_from_totals};
use bilateral::data::Party;
use bilateral::io::{ComtradeLoad, comtrade_totals, read_comtrade};
use bilateral::{Country, Error, Result};

use crate::output::Out;

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

/// The load with only the items `keep` wants (the counts of rows read stay).
fn only<T>(mut load: ComtradeLoad<T>, keep: impl Fn(&T) -> bool) -> ComtradeLoad<T> {
    load.items.retain(keep);
    load
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    if a.mirror {
        let (Some(r), Some(p)) = (a.reporter, a.partner) else {
            return Err(Error::Input(InputError::Missing {
                what: "--reporter and --partner",
                purpose: "to pair a flow's two sides",
            }));
        };
        let totals = comtrade_totals(&a.file)?;
        out.emit(&mirror_from_totals(
            &totals.items,
            r,
            p,
            Reconciliation::default(),
        )?)?;
    } else if a.totals {
        out.emit(&only(comtrade_totals(&a.file)?, |t| {
            keep(a, t.reporter, t.partner)
        }))?;
    } else {
        out.emit(&only(read_comtrade(&a.file)?, |r| {
            keep(a, r.reporter, r.partner)
        }))?;
    }
    Ok(ExitCode::SUCCESS)
}
