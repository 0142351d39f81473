//! `bilateral series`, `bilateral mirror`, `bilateral provenance`: the series the trend and
//! outlook use, mirror statistics from published figures, and the provenance check.

use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::audit::{Reconciliation, mirror_from_dataset};
use bilateral::data::{Documents, check_provenance};
use bilateral::growth::{PartialYears, SeriesSpec};
use bilateral::io::{Table, TextTable, to_csv, to_json};
use bilateral::{Corridor, Country, Result, Series};

use super::outlook::Partial;
use super::{DataArgs, Scale};
use crate::output::{Out, csv_rows};

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
    let mut spec =
        SeriesSpec::new(a.series.corridor, a.series.flow).partial_years(match a.partial_years {
            Partial::Exclude => PartialYears::Exclude,
            Partial::ProRata => PartialYears::ProRata,
        });
    if let Some(s) = a.side {
        spec = spec.side(s);
    }
    let s = Series::from_dataset(&data, spec)?;
    out.emit(
        || {
            let mut t = TextTable::new(["year", "value [range]", "from"]).limit(2, 70);
            let scale = Scale::for_values(s.points().iter().flat_map(|p| {
                let iv = p.estimate.interval();
                [iv.lo(), iv.hi()]
            }));
            for p in s.points() {
                t.row([
                    p.year.to_string(),
                    scale.fmt_estimate(p.estimate),
                    p.figures
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                ]);
            }
            let mut text = format!("{t}{}\n", scale.note());
            for k in s.skipped() {
                text.push_str(&format!("left out: {} ({})\n", k.figure, k.reason));
            }
            Ok(text)
        },
        || to_json(&s),
        || to_csv(Table::Series(&s)),
    )?;
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
    let pairs = mirror_from_dataset(&data, a.corridor, Reconciliation::default())?;
    super::emit_mirror(out, &pairs)
}

#[derive(clap::Args)]
pub struct ProvenanceArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The folder holding the source documents (`*.txt`), e.g. ../shared/sources.
    #[arg(long, value_name = "DIR")]
    sources: PathBuf,
}

/// What the provenance check found, as text.
#[derive(serde::Serialize)]
struct Report {
    checked: usize,
    skipped: usize,
    problems: Vec<String>,
}

pub fn provenance(a: &ProvenanceArgs, out: &Out) -> Result<ExitCode> {
    let data = a.data.load()?;
    let report = check_provenance(&data, &Documents::load_dir(&a.sources)?);
    let r = Report {
        checked: report.checked,
        skipped: report.skipped,
        problems: report.problems.iter().map(ToString::to_string).collect(),
    };
    out.emit(
        || {
            let mut s = format!(
                "{} items checked against their documents, {} cite no document\n",
                r.checked, r.skipped
            );
            for p in &r.problems {
                s.push_str(&format!("problem: {p}\n"));
            }
            Ok(s)
        },
        || to_json(&r),
        || csv_rows(r.problems.iter().map(|p| (p.as_str(),))),
    )?;
    Ok(if r.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
