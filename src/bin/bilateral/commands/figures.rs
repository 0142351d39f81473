//! `bilateral figures`.

use std::process::ExitCode;

use bilateral::data::Figures;
use bilateral::{Corridor, Figure, Result};

use super::DataArgs;
use crate::output::Out;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// Figures about this corridor (either direction), e.g. KAZ-UZB.
    #[arg(long, value_parser = super::corridor)]
    corridor: Option<Corridor>,
    /// Figures whose period falls in this year.
    #[arg(long)]
    year: Option<i32>,
    /// Figures whose source (document file or publisher) contains this text.
    #[arg(long)]
    source: Option<String>,
    /// Figures whose id, measure, printed words or quote contain all these words (any case).
    #[arg(long, num_args = 1.., value_name = "WORDS")]
    search: Vec<String>,
}

fn keep(a: &Args, f: &Figure) -> bool {
    let corridor = a.corridor.is_none_or(|c| {
        f.corridor()
            .is_some_and(|fc| fc.joins(c.reporter(), c.partner()))
    });
    let year = a.year.is_none_or(|y| {
        f.period()
            .is_some_and(|p| p.first_day().year() <= y && y <= p.last_day().year())
    });
    let source = a.source.as_deref().is_none_or(|s| {
        f.provenance()
            .source
            .name()
            .to_lowercase()
            .contains(&s.to_lowercase())
    });
    let text = format!(
        "{} {} {} {}",
        f.id(),
        f.measure(),
        f.provenance().printed.as_deref().unwrap_or(""),
        f.provenance().quote
    )
    .to_lowercase();
    let words = a.search.iter().all(|w| text.contains(&w.to_lowercase()));
    corridor && year && source && words
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    let data = a.data.load()?;
    if let Some(c) = a.corridor {
        data.require_corridor(c)?;
    }
    let figures: Figures = data
        .figures()
        .iter()
        .filter(|f| keep(a, f))
        .cloned()
        .collect();
    out.emit(&figures)?;
    Ok(ExitCode::SUCCESS)
}
