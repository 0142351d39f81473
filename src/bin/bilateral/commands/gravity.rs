//! `bilateral gravity`.

use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::gravity::agtpa;
use bilateral::gravity::split_fit;
use bilateral::gravity::{
    Estimator, FixedEffect, Gravity, GravityFit, GravitySpec, Missing, Models, Options, Panel,
    PanelColumns, Separation, Solver, Vcov,
};
use bilateral::shard::Shard;
use bilateral::{Error, Result};

use crate::output::Out;

/// Standard errors.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Se {
    /// Independent, identically distributed errors.
    Iid,
    /// Heteroskedasticity-robust (HC1).
    Hetero,
}

/// Separation checks before PPML.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sep {
    /// None.
    Off,
    /// Fixed-effect levels with only zero flows.
    Fe,
    /// That, then the iterated rectifier (ppmlhdfe's method).
    Relu,
}

#[derive(clap::Args)]
pub struct Args {
    /// A CSV panel with a header: exporter, importer, year and trade columns (names set with
    /// --columns) and any regressors.
    file: PathBuf,
    /// The model, fixest-style: `trade ~ ln_DIST + RTA | exp_year + imp_year + pair_id`. Fixed
    /// effects: columns, `a^b` interactions, or the built-in keys exporter, importer, year,
    /// exp_year, imp_year, pair, sym_pair, intra. `log(x)` takes a column's logarithm.
    #[arg(long, short = 'f', required_unless_present = "rta_table")]
    formula: Option<String>,
    /// OLS instead of PPML (write the outcome as `log(trade)` for the log-linear model).
    #[arg(long)]
    ols: bool,
    /// Cluster standard errors by this key (once or twice for two-way clustering).
    #[arg(long, value_name = "KEY")]
    cluster: Vec<String>,
    /// Unclustered standard errors. Without --cluster or --se, a fit is clustered by its first
    /// fixed effect (as fixest and pyfixest), or heteroskedasticity-robust (HC1) without fixed
    /// effects; the output says which.
    #[arg(long, value_enum, conflicts_with = "cluster")]
    se: Option<Se>,
    /// Keep only these years (comma-separated), e.g. 1986,1990,1994,1998,2002,2006.
    #[arg(long, value_delimiter = ',', value_name = "YEARS")]
    years: Vec<i64>,
    /// Keep only international flows (exporter ≠ importer).
    #[arg(long)]
    international: bool,
    /// The key columns' names: exporter,importer,year,trade.
    #[arg(long, value_delimiter = ',', num_args = 4, value_names = ["EXPORTER", "IMPORTER", "YEAR", "TRADE"])]
    columns: Vec<String>,
    /// Prepare the file as the book's RTA application does (RTA leads and lags, the book's
    /// years, ln_DIST, INTL_BRDR_<year>) before fitting.
    #[arg(long)]
    book: bool,
    /// Fit the seven columns of the book's RTA table on this file (the AGTPA RTA panel) and set
    /// them side by side.
    #[arg(long, conflicts_with_all = ["formula", "ols", "cluster", "se", "years", "international", "book"])]
    rta_table: bool,
    /// With --book or --rta-table: fill the RTA leads and lags that reach outside the panel
    /// with 0. By default they are missing and the rows that need them leave those models (the
    /// fit says how many): the panel ends in 2006, so the lead of 2006 is unknown, not 0.
    #[arg(long)]
    fill_shifts_with_zero: bool,
    /// Separation checks before PPML.
    #[arg(long, value_enum, default_value = "relu")]
    separation: Sep,
    /// IRLS convergence tolerance (relative deviance change).
    #[arg(long, default_value_t = Options::default().tolerance)]
    tolerance: f64,
    /// A known part of the linear predictor, added with coefficient 1: a column, `log(col)`, or
    /// a sum such as `0.19*RTA - 0.82*ln_DIST`.
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    offset: Option<String>,
    /// A column of observation weights (finite, not negative; rows of weight 0 leave the fit).
    #[arg(long, value_name = "COLUMN")]
    weights: Option<String>,
    /// How the fixed effects are partialled out: auto (conjugate gradients, a sparse Cholesky
    /// factor on a network that mixes slowly), alternating, direct or cg.
    #[arg(long, default_value = "auto")]
    solver: Solver,
    /// Fit one model per value of this column (per product, per sector), in parallel: a table
    /// with a row per level and coefficient (a failed level: one row with its error).
    #[arg(long, value_name = "COLUMN")]
    split: Option<String>,
    /// With --split: fit only shard I of N of the levels (contiguous blocks in the split's
    /// order: numeric, else alphabetical). The shards' tables, in order, are the whole table
    /// row for row: run them as a Slurm array (--shard $SLURM_ARRAY_TASK_ID/N) or a Kubernetes
    /// indexed job (--shard $JOB_COMPLETION_INDEX/N).
    #[arg(long, value_name = "I/N", requires = "split")]
    shard: Option<Shard>,
    /// Fit the model, then predict the rows of this panel (same columns): a table of each row's
    /// keys, observed flow and prediction, empty where a fixed-effect level is one the fit never
    /// saw.
    #[arg(long, value_name = "FILE", conflicts_with = "split")]
    predict: Option<PathBuf>,
}

fn fill(a: &Args) -> Missing {
    if a.fill_shifts_with_zero {
        Missing::Zero
    } else {
        Missing::Leave
    }
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    let columns = match a.columns.as_slice() {
        [e, i, t, v] => PanelColumns {
            exporter: e.clone(),
            importer: i.clone(),
            time: t.clone(),
            value: v.clone(),
        },
        _ => PanelColumns::default(),
    };
    let panel = Panel::from_csv(&a.file, &columns)?;
    if a.rta_table {
        let panel = agtpa::prepare_with(panel, fill(a))?;
        let mut models: Vec<(String, GravityFit)> = Vec::new();
        let columns = agtpa::rta_table()?;
        let bar = crate::output::progress(columns.len(), "RTA table, columns fitted");
        for (name, spec, sample) in columns {
            bar.set_message(format!("RTA table: fitting column {name}"));
            let data = sample.of(&panel);
            let fit = Gravity::with_spec(&data, spec)
                .fit()
                .map_err(|e| Error::Within {
                    context: format!("column {name}"),
                    error: Box::new(e),
                })?;
            models.push((name.to_owned(), fit));
            bar.inc(1);
        }
        bar.finish_and_clear();
        out.emit(&Models { models })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut panel = if a.book {
        agtpa::prepare_with(panel, fill(a))?
    } else {
        panel
    };
    if !a.years.is_empty() {
        panel = panel.filter(|r| a.years.contains(&r.time()));
    }
    if a.international {
        panel = panel.filter(|r| !r.is_domestic());
    }
    let estimator = if a.ols {
        Estimator::Ols
    } else {
        Estimator::Ppml
    };
    let mut spec = GravitySpec::parse(estimator, a.formula.as_deref().unwrap_or_default())?;
    spec.vcov = match (a.cluster.as_slice(), a.se) {
        ([], Some(Se::Hetero)) => Vcov::Hetero,
        ([], Some(Se::Iid)) => Vcov::Iid,
        ([], None) => Vcov::Default,
        (keys, _) => Vcov::Cluster(keys.iter().map(|k| FixedEffect::from(k.as_str())).collect()),
    };
    spec.options.separation = match a.separation {
        Sep::Off => Separation::Off,
        Sep::Fe => Separation::FixedEffects,
        Sep::Relu => Separation::FixedEffectsAndRelu,
    };
    spec.options.tolerance = a.tolerance;
    spec.options.solver = a.solver;
    spec.offset = a.offset.as_deref().map(str::parse).transpose()?;
    spec.weights = a.weights.clone();
    if let Some(by) = &a.split {
        let shard = a.shard.unwrap_or(Shard::WHOLE);
        let split = split_fit(&panel, &spec, by, shard)?;
        out.emit(&split)?;
        let failed = split.failed().count();
        if failed > 0 {
            eprintln!(
                "{failed} of {} levels failed (their rows in the table say why)",
                split.levels.len()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let fit = Gravity::with_spec(&panel, spec).fit()?;
    if let Some(path) = &a.predict {
        let new = Panel::from_csv(path, panel.key_columns())?;
        let predictions = fit.predictions(&new)?;
        out.emit(&predictions)?;
        let unseen = predictions.unseen();
        if unseen > 0 {
            eprintln!(
                "{unseen} of {} rows have a fixed-effect level the fit never saw: no prediction",
                predictions.rows.len()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    out.emit(&fit)?;
    Ok(ExitCode::SUCCESS)
}
