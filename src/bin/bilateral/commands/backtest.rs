//! `bilateral backtest`.

use bilateral::error::InputError;
use std::path::PathBuf;
use std::process::ExitCode;

use bilateral::forecast::{BacktestSpec, ClassBy, Method, Subset, backtest};
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
    /// What classes are drawn by: none, size, volatility, size_volatility.
    #[arg(long, default_value = "volatility")]
    class_by: ClassBy,
    /// The "large" subset: series at or above this level in the origin year (the panel's
    /// unit; 1000 = US$ 1 billion in the AGTPA files' millions).
    #[arg(long, default_value_t = 1000.0)]
    large: f64,
    /// Also draw the calibration chart of the recommended method (.svg or .png).
    #[arg(long, value_name = "FILE")]
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
    let result = backtest(&set, &spec)?;
    let best = result.recommended();
    if let Some(path) = &a.chart {
        bilateral::chart::calibration_chart(&result, best, path)?;
    }
    if let Some(path) = &a.calibration {
        bilateral::io::write_atomic(path, &bilateral::io::to_json(&result.calibrations(&set)?)?)?;
    }
    out.emit(&result)?;
    Ok(ExitCode::SUCCESS)
}
