//! `bilateral equilibrium`.

use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::Result;
use bilateral::data::Economy;
use bilateral::equilibrium::{
    Baseline, Change, Counterfactual, Direction, Draws, FirstStage, Imbalances, Pairs, ZeroPairs,
    book,
};
use bilateral::gravity::{FixedEffect, Panel, PanelColumns, Vcov, agtpa};

use crate::output::{Out, progress};

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
    /// Any panel: the cost terms of --formula estimated on --year's cross-section (PPML with
    /// exporter and importer fixed effects), and the changes of --change.
    Estimate,
}

/// `--direction`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DirectionArg {
    /// From the baseline to the counterfactual.
    ToCounterfactual,
    /// From the counterfactual to the baseline.
    ToBaseline,
}

/// `--imbalances`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImbalancesArg {
    /// Each country's expenditure a fixed multiple of its output (one world factor).
    FixedShares,
    /// Remove trade imbalances first (Dekle, Eaton & Kortum), then the counterfactual.
    Balanced,
}

/// `--zero-pairs`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ZeroPairsArg {
    /// Costs from the gravity covariates, as every pair (the book's way).
    Impute,
    /// No trade in either world.
    Exclude,
}

#[derive(clap::Args)]
pub struct Args {
    /// The counterfactual.
    #[arg(value_enum)]
    application: Application,
    /// The data: `cross_section_2006.csv` for borders, `rta_panel_1986_2006.csv` for nafta and
    /// the agreements (the AGTPA files' layout), any panel for estimate (key columns set with
    /// --columns, intra-national flows included, every pair present).
    file: PathBuf,
    /// Countries of the agreement (comma-separated codes as in the file; spaces after commas
    /// are fine).
    #[arg(long, value_delimiter = ',', required_if_eq_any = [("application", "agreement"), ("application", "remove-agreement")])]
    countries: Vec<Economy>,
    /// The baseline year (default: 1994 for the RTA-panel applications, the panel's only year
    /// for estimate).
    #[arg(long)]
    year: Option<i64>,
    /// The elasticity of substitution (above 1).
    #[arg(long, default_value_t = book::SIGMA, allow_negative_numbers = true)]
    sigma: f64,
    /// Which way the % changes point: `to-counterfactual` (from the baseline to the
    /// counterfactual: what the change does) or `to-baseline` (from the counterfactual to the
    /// baseline: what the baseline's agreements or borders do). Default: the book's direction,
    /// `to-baseline` for nafta, `to-counterfactual` otherwise.
    #[arg(long, value_enum)]
    direction: Option<DirectionArg>,
    /// estimate: the first stage, `trade ~ ln_DIST + CNTG + RTA | exporter + importer` (exactly
    /// those two fixed effects; regressors are columns or log(COLUMN)).
    #[arg(long, required_if_eq("application", "estimate"))]
    formula: Option<String>,
    /// estimate: the regressors that are cost terms to change and draw (comma-separated; all
    /// by default).
    #[arg(long, value_delimiter = ',')]
    terms: Vec<String>,
    /// estimate: a cost change, in words (repeat for several): `RTA = 1 among KAZ, UZB`,
    /// `INTL_BRDR = 0 on international pairs`, `costs * 0.9 from KAZ to UZB`, `RTA = 0 on
    /// CAN->USA, USA->CAN`.
    #[arg(
        long = "change",
        value_name = "CHANGE",
        required_if_eq("application", "estimate")
    )]
    changes: Vec<String>,
    /// estimate: the counterfactual's name (default: the changes in words).
    #[arg(long)]
    name: Option<String>,
    /// estimate: the reference country, whose inward resistance is 1.
    #[arg(long, required_if_eq("application", "estimate"))]
    reference: Option<Economy>,
    /// estimate: the key columns' names: exporter,importer,year,trade.
    #[arg(long, value_delimiter = ',', num_args = 4, value_names = ["EXPORTER", "IMPORTER", "YEAR", "TRADE"])]
    columns: Vec<String>,
    /// estimate: international pairs with zero trade in the year get costs from the gravity
    /// covariates (impute, the book's way) or no trade in either world (exclude).
    #[arg(long, value_enum, default_value = "impute")]
    zero_pairs: ZeroPairsArg,
    /// estimate: cluster the first stage's standard errors by this column (default: robust,
    /// one observation per pair).
    #[arg(long, value_name = "COLUMN")]
    cluster: Option<String>,
    /// How trade imbalances are treated.
    #[arg(long, value_enum, default_value = "fixed-shares")]
    imbalances: ImbalancesArg,
    /// Draw the first stage's cost coefficients this many times from Normal(β̂, V̂) and report
    /// the median and interval of every column (1 to 100000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    draws: Option<u64>,
    /// The draws' seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The intervals' coverage, strictly between 0 and 1.
    #[arg(long, default_value_t = 0.9)]
    level: f64,
    /// Write the per-pair table (flows and changes; with --draws, their intervals) instead of
    /// the per-country one.
    #[arg(long)]
    pairs: bool,
    /// estimate: draw the coefficients by a pairs-cluster bootstrap of the first stage (refits
    /// on resampled pairs; slower) instead of from Normal(β̂, V̂); needs --draws.
    #[arg(long, requires = "draws")]
    bootstrap: bool,
    /// Also draw the real GDP change by country (.svg or .png); with --draws, with its
    /// intervals.
    #[arg(long, value_name = "FILE", value_parser = super::checked::chart)]
    chart: Option<PathBuf>,
}

fn panel_columns(a: &Args) -> PanelColumns {
    match a.columns.as_slice() {
        [e, i, t, v] => PanelColumns {
            exporter: e.clone(),
            importer: i.clone(),
            time: t.clone(),
            value: v.clone(),
        },
        _ => PanelColumns::default(),
    }
}

/// The baseline and counterfactual of `a`'s application.
fn setup(a: &Args) -> Result<(Baseline, Counterfactual)> {
    Ok(match a.application {
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
            let (b, _) = book::rta_baseline(&panel, a.year.unwrap_or(1994), a.sigma)?;
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
        Application::Estimate => {
            let (stage, panel, cf) = estimate(a)?;
            let (b, _) = stage.baseline(&panel)?;
            (b, cf)
        }
    })
}

/// The first stage, panel and counterfactual of `estimate`.
fn estimate(a: &Args) -> Result<(FirstStage, Panel, Counterfactual)> {
    let panel = Panel::from_csv(&a.file, &panel_columns(a))?;
    let formula = a.formula.clone().unwrap_or_default();
    let reference = a.reference.ok_or(bilateral::error::InputError::Missing {
        what: "--reference",
        purpose: "for estimate",
    })?;
    let mut stage = FirstStage::new(&formula, reference.code())?;
    stage.year = a.year;
    stage.sigma = a.sigma;
    stage.terms = a.terms.iter().map(|t| t.trim().to_owned()).collect();
    stage.zero_pairs = match a.zero_pairs {
        ZeroPairsArg::Impute => ZeroPairs::Impute,
        ZeroPairsArg::Exclude => ZeroPairs::Exclude,
    };
    stage.imbalances = match a.imbalances {
        ImbalancesArg::FixedShares => Imbalances::FixedShares,
        ImbalancesArg::Balanced => Imbalances::Balanced,
    };
    if let Some(c) = &a.cluster {
        stage.vcov = Vcov::Cluster(vec![FixedEffect(vec![c.clone()])]);
    }
    let mut cf = Counterfactual::new(a.name.as_deref().unwrap_or_default());
    cf.changes = a
        .changes
        .iter()
        .map(|c| c.parse::<Change>())
        .collect::<Result<Vec<_>>>()?;
    Ok((stage, panel, cf))
}

/// `--draws` (clap bounds it to 1..=100,000) as a count.
fn draws_of(draws: u64) -> Result<usize> {
    usize::try_from(draws).map_err(|_| {
        bilateral::Error::Input(bilateral::error::InputError::TooLarge {
            what: "--draws",
            limit: bilateral::equilibrium::MAX_DRAWS as u64,
        })
    })
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    if a.bootstrap {
        return bootstrap(a, out);
    }
    let (baseline, cf) = setup(a)?;
    let baseline = baseline.with_imbalances(match a.imbalances {
        ImbalancesArg::FixedShares => Imbalances::FixedShares,
        ImbalancesArg::Balanced => Imbalances::Balanced,
    });
    let cf = match a.direction {
        Some(DirectionArg::ToCounterfactual) => cf.reported(Direction::ToCounterfactual),
        Some(DirectionArg::ToBaseline) => cf.reported(Direction::ToBaseline),
        None => cf,
    };
    // A table prints its warnings; JSON and CSV carry them in the result or not at all, so say
    // them on standard error too.
    if out.format != crate::output::Format::Table {
        for w in cf.warnings(&baseline)? {
            eprintln!("warning: {w}");
        }
    }
    if let Some(draws) = a.draws {
        let draws = draws_of(draws)?;
        let spec = Draws::new(draws, a.seed)?.level(a.level)?;
        let bar = progress(draws, "draws");
        let result = baseline
            .solve_with_draws_progress(&cf, &spec, &|done, _| bar.set_position(done as u64));
        bar.finish_and_clear();
        return emit_intervals(a, out, &result?);
    }
    let result = baseline.solve(&cf)?;
    emit_point(a, out, &result)
}

fn emit_point(
    a: &Args,
    out: &Out,
    result: &bilateral::equilibrium::EquilibriumResult,
) -> Result<ExitCode> {
    if let Some(path) = &a.chart {
        bilateral::chart::equilibrium_chart(result, path)?;
    }
    if a.pairs {
        out.emit(&result.pair_table())?;
    } else {
        out.emit(result)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn emit_intervals(
    a: &Args,
    out: &Out,
    result: &bilateral::equilibrium::EquilibriumIntervals,
) -> Result<ExitCode> {
    if let Some(path) = &a.chart {
        bilateral::chart::equilibrium_intervals_chart(result, path)?;
    }
    if a.pairs {
        out.emit(&result.pair_table())?;
    } else {
        out.emit(result)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `estimate --bootstrap`: the first stage refitted on resampled pairs per draw.
fn bootstrap(a: &Args, out: &Out) -> Result<ExitCode> {
    if a.application != Application::Estimate {
        return Err(bilateral::Error::Input(
            bilateral::error::InputError::WrongKind {
                what: "--bootstrap",
                expected: "the estimate application (it refits the first stage on your panel)",
                got: "another application".into(),
            },
        ));
    }
    let (stage, panel, cf) = estimate(a)?;
    let cf = match a.direction {
        Some(DirectionArg::ToBaseline) => cf.reported(Direction::ToBaseline),
        _ => cf,
    };
    let draws = draws_of(a.draws.unwrap_or(0))?;
    let spec = Draws::new(draws, a.seed)?.level(a.level)?;
    let (baseline, betas) = stage.bootstrap(&panel, &spec)?;
    let method = format!(
        "pairs-cluster bootstrap of the first stage ({}): pairs resampled and the cost terms \
         refitted per draw; baseline and counterfactual solved again per draw",
        baseline.provenance().costs
    );
    let bar = progress(draws, "draws");
    let result = baseline.solve_with_coefficients(&cf, &spec, &betas, &method, &|done, _| {
        bar.set_position(done as u64)
    });
    bar.finish_and_clear();
    emit_intervals(a, out, &result?)
}
