//! `bilateral equilibrium`.

use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::Result;
use bilateral::data::Economy;
use bilateral::equilibrium::{Counterfactual, Direction, Pairs, book};
use bilateral::gravity::agtpa;

use crate::output::Out;

/// Which counterfactual.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Application {
    /// A world without international borders, on a cross-section (the book's first application).
    Borders,
    /// Removing NAFTA in 1994, on the RTA panel (the book's second application).
    Nafta,
    /// An agreement among --countries (RTA = 1 between them), on the RTA panel in --year.
    Agreement,
    /// Removing the agreements among --countries (RTA = 0), on the RTA panel in --year.
    RemoveAgreement,
}

/// `--direction`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DirectionArg {
    /// From the baseline to the counterfactual.
    ToCounterfactual,
    /// From the counterfactual to the baseline.
    ToBaseline,
}

#[derive(clap::Args)]
pub struct Args {
    /// The counterfactual.
    #[arg(value_enum)]
    application: Application,
    /// The data: `cross_section_2006.csv` for borders, `rta_panel_1986_2006.csv` otherwise (the
    /// AGTPA files' layout).
    file: PathBuf,
    /// Countries of the agreement (comma-separated ISO codes as in the file).
    #[arg(long, value_delimiter = ',', required_if_eq_any = [("application", "agreement"), ("application", "remove-agreement")])]
    countries: Vec<Economy>,
    /// The baseline year for the RTA-panel applications (one of the book's years).
    #[arg(long, default_value_t = 1994)]
    year: i64,
    /// The elasticity of substitution.
    #[arg(long, default_value_t = book::SIGMA)]
    sigma: f64,
    /// Which way the % changes point: `to-counterfactual` (from the baseline to the
    /// counterfactual: what the change does) or `to-baseline` (from the counterfactual to the
    /// baseline: what the baseline's agreements or borders do). Default: the book's direction,
    /// `to-baseline` for nafta, `to-counterfactual` otherwise.
    #[arg(long, value_enum)]
    direction: Option<DirectionArg>,
    /// Also draw the real GDP change by country (.svg or .png).
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    let (baseline, cf) = match a.application {
        Application::Borders => {
            let (b, cf, _) = book::borders(&a.file, a.sigma)?;
            (b, cf)
        }
        Application::Nafta => {
            let (b, cf, _) = book::nafta(&a.file, a.sigma)?;
            (b, cf)
        }
        Application::Agreement | Application::RemoveAgreement => {
            let panel = agtpa::rta_panel(&a.file)?;
            let (b, _) = book::rta_baseline(&panel, a.year, a.sigma)?;
            let (name, value) = if a.application == Application::Agreement {
                ("an agreement among", 1.0)
            } else {
                ("removing the agreements among", 0.0)
            };
            let codes: Vec<&str> = a.countries.iter().map(Economy::code).collect();
            let cf = Counterfactual::new(&format!("{name} {}", codes.join(", "))).set_term(
                "RTA",
                Pairs::Among(a.countries.clone()),
                value,
            );
            (b, cf)
        }
    };
    let cf = match a.direction {
        Some(DirectionArg::ToCounterfactual) => cf.reported(Direction::ToCounterfactual),
        Some(DirectionArg::ToBaseline) => cf.reported(Direction::ToBaseline),
        None => cf,
    };
    let result = baseline.solve(&cf)?;
    if let Some(path) = &a.chart {
        bilateral::chart::equilibrium_chart(&result, path)?;
    }
    out.emit(&result)?;
    Ok(ExitCode::SUCCESS)
}
