//! `bilateral comtrade FILE`: a Comtrade file's rows, totals or mirror pairs.

use bilateral::error::InputError;
use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::audit::{Reconciliation, mirror_from_totals};
use bilateral::data::Party;
use bilateral::io::{comtrade_totals, read_comtrade};
use bilateral::{Country, Error, Result};

use crate::output::Out;

/// A reporter or partner as the reader takes it: an ISO alpha-3 code (KAZ), a former country
/// (SUN), a Comtrade area (W00 World, S19, _X), or a Comtrade numeric code (398).
fn party(text: &str) -> std::result::Result<Party, String> {
    let t = text.trim();
    match t.parse::<u16>() {
        Ok(n) => Party::from_numeric(n),
        Err(_) => Party::new(&t.to_ascii_uppercase()),
    }
    .map_err(|e| e.to_string())
}

#[derive(clap::Args)]
pub struct Args {
    /// The Comtrade (or WITS) file: today's bulk/API CSV, the API's JSON download, or the legacy
    /// bulk CSV (see the columns below).
    file: PathBuf,
    /// Totals over commodity codes per year, reporter, partner and flow (never counting a value
    /// twice) instead of the rows.
    #[arg(long, conflicts_with = "mirror")]
    totals: bool,
    /// Mirror pairs: each flow as its exporter and its importer report it (needs --reporter and
    /// --partner).
    #[arg(long, requires_all = ["reporter", "partner"])]
    mirror: bool,
    /// Keep rows with this reporter: an ISO code (KAZ), a former country (SUN), an area (W00
    /// World, S19) or a Comtrade numeric code (398).
    #[arg(long, value_parser = party)]
    reporter: Option<Party>,
    /// Keep rows with this partner (the same codes).
    #[arg(long, value_parser = party)]
    partner: Option<Party>,
}

fn keep(a: &Args, reporter: Party, partner: Party) -> bool {
    a.reporter.is_none_or(|r| reporter == r) && a.partner.is_none_or(|p| partner == p)
}

/// A mirror pair's side: a country (an area has no exporter or importer of its own).
fn country(flag: &'static str, p: Party) -> Result<Country> {
    match p {
        Party::Country(c) => Ok(c),
        other => Err(Error::Within {
            context: format!("{flag} {other}"),
            error: Box::new(Error::Input(InputError::Missing {
                what: "a country",
                purpose: "for mirror pairs, which compare two countries' reports (an area or a former country has none of its own)",
            })),
        }),
    }
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    if a.mirror {
        let (Some(r), Some(p)) = (a.reporter, a.partner) else {
            return Err(Error::Input(InputError::Missing {
                what: "--reporter and --partner",
                purpose: "to pair a flow's two sides",
            }));
        };
        let (r, p) = match (country("--reporter", r), country("--partner", p)) {
            (Ok(r), Ok(p)) => (r, p),
            (Err(e), _) | (_, Err(e)) => {
                // A usage error: the flags name something mirror pairs cannot take.
                eprintln!("error: {e}");
                return Ok(ExitCode::from(2));
            }
        };
        let totals = comtrade_totals(&a.file)?;
        out.emit(&mirror_from_totals(
            &totals.items,
            r,
            p,
            Reconciliation::default(),
        )?)?;
    } else if a.totals {
        let mut load = comtrade_totals(&a.file)?;
        load.retain(|t| keep(a, t.reporter, t.partner), |t| t.rows);
        out.emit(&load)?;
    } else {
        let mut load = read_comtrade(&a.file)?;
        load.retain(|r| keep(a, r.reporter, r.partner), |_| 1);
        out.emit(&load)?;
    }
    Ok(ExitCode::SUCCESS)
}
