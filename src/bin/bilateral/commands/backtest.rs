//! `bilateral backtest`.

use bilateral::error::InputError;
use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::forecast::{
    AgeSpec, BacktestSpec, ClassBy, Method, Subset, age_study_fitted, backtest,
};
use bilateral::gravity::{Panel, PanelColumns};
use bilateral::{Error, Result};

use crate::output::Out;

#[derive(clap::Args)]
pub struct Args {
    /// A flow panel (columns exporter, importer, year, trade, as the AGTPA files): every
    /// international pair with a positive flow in all years is one series.
    file: PathBuf,
    /// Methods to compare (default: all).
    #[arg(long, value_delimiter = ',')]
    methods: Vec<Method>,
    /// Test origins, the last training year of each round (default: 2000,2001,2002,2003).
    #[arg(long, value_delimiter = ',')]
    origins: Vec<i32>,
    /// Horizons 1..H.
    #[arg(long, default_value_t = 3)]
    horizons: usize,
    /// Calibration window: the errors of this many origins before each test origin.
    #[arg(long, default_value_t = 8)]
    window: usize,
    /// Classes per class key for the pooled prior and the calibrated intervals.
    #[arg(long, default_value_t = 5)]
    classes: usize,
    /// What classes are drawn by: none, size, volatility, size_volatility, group_volatility
    /// (the large pairs apart, volatility classes within each group).
    #[arg(long, default_value = "group_volatility")]
    class_by: ClassBy,
    /// One quantile grid pooled over the horizons instead of one per horizon.
    #[arg(long)]
    pooled_horizons: bool,
    /// Leave out the period scale (the latest year's one-step errors against the window's).
    #[arg(long)]
    no_period_scale: bool,
    /// Weight the window's errors by recency, halving every this many years.
    #[arg(long, value_name = "YEARS")]
    half_life: Option<f64>,
    /// Instead of the backtest, the prior age study: the pooled method with priors estimated
    /// this many years before each origin (e.g. 0,3,6,9,12), beside naive and drift, and the
    /// discount rule fitted on it (written into the pooled calibration with --calibration).
    #[arg(long, value_delimiter = ',', value_name = "AGES")]
    ages: Vec<usize>,
    /// With --ages: forecast each series from its last this many years only (a short
    /// corridor's history).
    #[arg(long, value_name = "YEARS", requires = "ages")]
    own_years: Option<usize>,
    /// The "large" subset: series at or above this level in the origin year (the panel's
    /// unit; 1000 = US$ 1 billion in the AGTPA files' millions).
    #[arg(long, default_value_t = 1000.0)]
    large: f64,
    /// Also draw the calibration chart of the recommended method (.svg or .png).
    #[arg(long, value_name = "FILE", value_parser = super::checked::chart)]
    chart: Option<PathBuf>,
    /// Also write every method's calibration at the panel's last year as JSON (the format of
    /// the built-in `data/forecast/agtpa.json`).
    #[arg(long, value_name = "FILE")]
    calibration: Option<PathBuf>,
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    let panel = Panel::from_csv(&a.file, &PanelColumns::default())?;
    let set = panel.international_series()?;
    let mut spec = BacktestSpec::agtpa();
    if !a.methods.is_empty() {
        spec.methods.clone_from(&a.methods);
    }
    if !a.origins.is_empty() {
        spec.origins.clone_from(&a.origins);
    }
    spec.horizons = a.horizons;
    spec.window = a.window;
    spec.classes = a.classes;
    spec.class_by = a.class_by;
    spec.adapt.by_horizon = !a.pooled_horizons;
    spec.adapt.recent_scale = !a.no_period_scale;
    spec.adapt.half_life = a.half_life;
    if !(a.large.is_finite() && a.large > 0.0) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "--large",
            value: a.large,
            expected: "a positive level",
        }));
    }
    spec.subsets = vec![Subset::All, Subset::Large(a.large)];
    spec.reference = format!(
        "{}: international pairs with positive flows in all years",
        a.file.display()
    );
    // The backtest runs in one call: a spinner with what is being done, on a terminal only.
    let spinner = crate::output::progress(0, "");
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.set_message(format!(
        "backtest of {} series, {} methods, origins {:?}{}",
        set.len(),
        spec.methods.len(),
        spec.origins,
        if a.ages.is_empty() {
            ""
        } else {
            ", with the prior age study"
        }
    ));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let study = if a.ages.is_empty() {
        None
    } else {
        let s = age_study_fitted(
            &set,
            &AgeSpec {
                backtest: spec.clone(),
                ages: a.ages.clone(),
                discount: None,
                own_years: a.own_years,
            },
        )?;
        Some(s)
    };
    let result = backtest(&set, &spec)?;
    spinner.finish_and_clear();
    let best = result.recommended();
    if let Some(path) = &a.chart {
        bilateral::chart::calibration_chart(&result, best, path)?;
    }
    if let Some(path) = &a.calibration {
        bilateral::io::write_atomic(
            path,
            &bilateral::io::to_json(&result.calibrations(&set, study.as_ref())?)?,
        )?;
    }
    match &study {
        Some(s) => out.emit(s)?,
        None => out.emit(&result)?,
    }
    Ok(ExitCode::SUCCESS)
}
