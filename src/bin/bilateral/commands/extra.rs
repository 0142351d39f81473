//! `bilateral series`, `bilateral mirror`, `bilateral provenance`: the series the trend and
//! outlook use, mirror statistics from published figures, and the provenance check.

use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::audit::{Reconciliation, mirror_from_dataset};
use bilateral::data::{Documents, check_provenance};
use bilateral::growth::{PartialYears, SeriesSpec};
use bilateral::table::{Row, Table};
use bilateral::{Corridor, Country, Result, Series};

use super::DataArgs;
use super::outlook::Partial;
use crate::output::Out;

#[derive(clap::Args)]
pub struct SeriesArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    series: super::FlowArgs,
    /// Only the figures this side reports (e.g. KAZ).
    #[arg(long)]
    side: Option<Country>,
    /// Partial-year figures.
    #[arg(long, value_enum, default_value = "exclude")]
    partial_years: Partial,
}

pub fn series(a: &SeriesArgs, out: &Out) -> Result<ExitCode> {
    let data = a.data.load()?;
    data.require_corridor(a.series.corridor)?;
    let mut spec =
        SeriesSpec::new(a.series.corridor, a.series.flow).partial_years(match a.partial_years {
            Partial::Exclude => PartialYears::Exclude,
            Partial::ProRata => PartialYears::ProRata,
        });
    if let Some(s) = a.side {
        spec = spec.side(s);
    }
    let s = Series::from_dataset(&data, spec)?;
    out.emit(&s)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct MirrorArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The corridor, e.g. KAZ-UZB.
    #[arg(long, value_parser = super::corridor, default_value = "KAZ-UZB")]
    corridor: Corridor,
}

pub fn mirror(a: &MirrorArgs, out: &Out) -> Result<ExitCode> {
    let data = a.data.load()?;
    data.require_corridor(a.corridor)?;
    out.emit(&mirror_from_dataset(
        &data,
        a.corridor,
        Reconciliation::default(),
    )?)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ProvenanceArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The folder holding the source documents (`*.txt`), e.g. ../shared/sources.
    #[arg(long, value_name = "DIR")]
    sources: PathBuf,
}

/// What the provenance check found: how many items were checked, and each problem.
#[derive(serde::Serialize)]
struct Report {
    checked: usize,
    skipped: usize,
    problems: Vec<String>,
    items: Vec<ItemRow>,
}

/// One item of the data and what the check found: `ok`, `problem` (with it) or `no document`
/// (an item that cites none, not checked).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct ItemRow {
    id: String,
    document: Option<String>,
    status: String,
    problem: Option<String>,
}

impl Row for ItemRow {
    const REQUIRED: &'static [&'static str] = &["id", "status"];
}

/// One row per item checked or not (a CSV is never empty for data with items).
impl Table for Report {
    type Row = ItemRow;
    const WHAT: &'static str = "provenance check";
    fn rows(&self) -> Result<Vec<ItemRow>> {
        Ok(self.items.clone())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} items checked against their documents, {} cite no document",
            self.checked, self.skipped
        )?;
        for p in &self.problems {
            writeln!(f, "problem: {p}")?;
        }
        Ok(())
    }
}

pub fn provenance(a: &ProvenanceArgs, out: &Out) -> Result<ExitCode> {
    let data = a.data.load()?;
    let report = check_provenance(&data, &Documents::load_dir(&a.sources)?);
    let r = Report {
        checked: report.checked,
        skipped: report.skipped,
        problems: report.problems.iter().map(ToString::to_string).collect(),
        items: report
            .items
            .iter()
            .map(|(id, document, problem)| ItemRow {
                id: id.clone(),
                document: document.clone(),
                status: match (document, problem) {
                    (None, _) => "no document",
                    (Some(_), None) => "ok",
                    (Some(_), Some(_)) => "problem",
                }
                .to_owned(),
                problem: problem.clone(),
            })
            .collect(),
    };
    out.emit(&r)?;
    Ok(if r.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
