//! `bilateral outlook`: the main job.

use bilateral::error::IoError;
use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::growth::{PartialYears, SeriesSpec};
use bilateral::outlook::{TargetSpec, published_base, published_target, target_outlook};
use bilateral::{Error, Estimate, Result};

use super::DataArgs;
use crate::output::Out;

/// How the trend's series treats partial-year figures.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Partial {
    /// Leave them out.
    Exclude,
    /// Annualise them pro rata (x 12 / months).
    ProRata,
}

/// What the outlook is of: the corridor, flow, base, target, years and method (shared with
/// `bilateral report`).
#[derive(clap::Args)]
pub struct SpecArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    series: super::FlowArgs,
    /// The base year (default: the last year with a published full-year level).
    #[arg(long)]
    base_year: Option<i32>,
    /// The base level in dollars, e.g. "$4.5 billion" (printed precision kept as its rounding;
    /// default: the published level(s) of the base year, as one interval).
    #[arg(long, value_parser = super::checked::amount)]
    base: Option<String>,
    /// The target level in dollars, e.g. 10e9 or "$10 billion", printed precision kept as its
    /// rounding (default: the corridor's published target).
    #[arg(long, value_parser = super::checked::amount)]
    target: Option<String>,
    /// Target years, FIRST..LAST (default: the 3rd to the 12th year after the base year).
    #[arg(long, value_name = "FIRST..LAST", value_parser = super::checked::years)]
    years: Option<String>,
    /// Partial-year figures in the trend's series.
    #[arg(long, value_enum, default_value = "pro-rata")]
    partial_years: Partial,
    /// The forecast method of the forecast columns (default: the one the AGTPA backtest
    /// supports, pooled); each comes with its calibration on the AGTPA panel.
    #[arg(long, value_name = "METHOD")]
    method: Option<bilateral::forecast::Method>,
    /// Leave published partial-year figures after the last full year out of the forecast
    /// (by default each updates the forecast of its year: a nowcast).
    #[arg(long)]
    no_nowcast: bool,
    /// The coefficient of variation of a month's share of the year, behind a nowcast's
    /// uncertainty about the share of the year its months carry.
    #[arg(long, value_name = "CV", value_parser = super::non_negative,
          default_value_t = bilateral::outlook::DEFAULT_SHARE_CV)]
    share_cv: f64,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    spec: SpecArgs,
    /// Also draw the outlook chart (history, forecast fan, target, chance) and the corridor's
    /// history chart, as SVG and PNG, into this folder.
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
}

/// The data and the outlook the flags ask for.
pub fn build(a: &SpecArgs) -> Result<(bilateral::Dataset, bilateral::outlook::TargetOutlook)> {
    let data = a.data.load()?;
    let (corridor, flow) = (a.series.corridor, a.series.flow);
    data.require_corridor(corridor)?;
    let spec = SeriesSpec::new(corridor, flow).partial_years(match a.partial_years {
        Partial::Exclude => PartialYears::Exclude,
        Partial::ProRata => PartialYears::ProRata,
    });
    // The published base level and target, and the years, unless given.
    let (base_year, published) =
        published_base(&data, corridor, flow, a.base_year).map_err(|e| Error::Within {
            context: "--base-year".into(),
            error: Box::new(e),
        })?;
    let base = match &a.base {
        Some(t) => super::printed(t)?,
        None => published,
    };
    let target: Estimate = match &a.target {
        Some(t) => super::printed(t)?,
        None => published_target(&data, corridor, flow).map_err(|e| Error::Within {
            context: "--target".into(),
            error: Box::new(e),
        })?,
    };
    let (first, last) = match &a.years {
        Some(t) => super::years(t)?,
        None => (base_year + 3, base_year + 12),
    };
    let mut tspec = TargetSpec::new(spec, base_year, base, target, first..=last);
    if let Some(m) = a.method {
        tspec.method = m;
    }
    tspec.nowcast = !a.no_nowcast;
    tspec.share_cv = a.share_cv;
    let o = target_outlook(&data, &tspec)?;
    Ok((data, o))
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    let (data, o) = build(&a.spec)?;
    let (corridor, flow) = (a.spec.series.corridor, a.spec.series.flow);
    if let Some(dir) = &a.charts {
        std::fs::create_dir_all(dir).map_err(|cause| {
            Error::Io(IoError::Io {
                path: dir.display().to_string(),
                cause,
            })
        })?;
        for ext in ["svg", "png"] {
            let path = dir.join(format!("history.{ext}"));
            bilateral::chart::history_chart(&data, corridor, flow, &path)?;
            eprintln!("wrote {}", path.display());
            if o.forecast.is_some() {
                let path = dir.join(format!("outlook.{ext}"));
                bilateral::chart::outlook_chart(&o, &path)?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    out.emit(&o)?;
    Ok(ExitCode::SUCCESS)
}

/// `bilateral report`: the page.
#[derive(clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    spec: SpecArgs,
}

pub fn report(a: &ReportArgs, out: &Out) -> Result<ExitCode> {
    let (data, o) = build(&a.spec)?;
    let command = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let made_by = format!(
        "bilateral {} (`bilateral {command}`)",
        env!("CARGO_PKG_VERSION")
    );
    let page = bilateral::report::corridor_report(&data, &o, &made_by)?;
    out.write(page.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
