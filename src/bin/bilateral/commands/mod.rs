//! One module per subcommand, and what they share: reading a corridor, a dataset, a number.

pub mod audit;
pub mod backtest;
pub mod comtrade;
pub mod equilibrium;
pub mod extra;
pub mod figures;
pub mod gravity;
pub mod growth;
pub mod outlook;
pub mod scenario;

use bilateral::error::DataError;
use std::path::PathBuf;

use bilateral::{Corridor, Dataset, Error, Result};

/// A corridor as `KAZ-UZB` or `KAZ->UZB`.
pub fn corridor(text: &str) -> std::result::Result<Corridor, String> {
    let t = text.trim();
    let canonical = if t.contains("->") {
        t.to_owned()
    } else {
        t.replacen('-', "->", 1)
    };
    canonical.parse().map_err(|e: Error| e.to_string())
}

/// The `--data DIR` flag shared by commands that read figures.
#[derive(clap::Args)]
pub struct DataArgs {
    /// A folder with your own `figures.csv` (and optionally `series.csv`, `regimes.csv`) in the
    /// built-in format (`data/README.md`); default: the built-in data.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

impl DataArgs {
    pub fn load(&self) -> Result<Dataset> {
        match &self.data {
            Some(dir) => Dataset::load_dir(dir),
            None => Dataset::builtin(),
        }
    }
}

/// Money or a plain number: `4.5`, `10e9`, `$4.5 billion`, `4.5 bn`.
pub fn amount(text: &str) -> std::result::Result<f64, String> {
    let t = text.trim();
    if let Ok(x) = t.parse::<f64>() {
        return if x.is_finite() {
            Ok(x)
        } else {
            Err(format!("{t:?} is not a finite number"))
        };
    }
    t.parse::<bilateral::Usd>()
        .map(bilateral::Usd::value)
        .map_err(|e| e.to_string())
}

/// A rate: `12%` or `0.12` ([`bilateral::Rate`]'s text form: a bare number of 1 or more is
/// refused as ambiguous).
pub fn rate(text: &str) -> std::result::Result<f64, String> {
    text.parse::<bilateral::Rate>()
        .map(bilateral::Rate::fraction)
        .map_err(|e| e.to_string())
}

/// A finite number at or above zero (a coefficient of variation, a share).
pub fn non_negative(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("{text:?} is not a finite number at or above 0")),
    }
}

/// A printed number with its rounding interval: `"4.5"` is [4.45, 4.55), `"10"` [9.5, 10.5).
pub fn printed(text: &str) -> Result<bilateral::Estimate> {
    let t = text.trim();
    let (value, step) = match t.parse::<f64>() {
        Ok(x) if x.is_finite() => {
            let mantissa = t.split(['e', 'E']).next().unwrap_or(t);
            let decimals = mantissa.split_once('.').map_or(0, |(_, f)| f.len());
            let invalid = || {
                bilateral::Error::Data(bilateral::error::DataError::InvalidNumber {
                    text: t.to_owned(),
                })
            };
            let exponent: i32 = match t.split_once(['e', 'E']) {
                Some((_, e)) => e.parse().map_err(|_| invalid())?,
                None => 0,
            };
            let decimals = i32::try_from(decimals).map_err(|_| invalid())?;
            (x, 10f64.powi(exponent - decimals))
        }
        _ => {
            let (usd, step) = bilateral::Usd::parse_printed(t)?;
            (usd.value(), step)
        }
    };
    bilateral::Estimate::new(
        value,
        bilateral::Interval::new(value - step / 2.0, value + step / 2.0)?,
    )
}

/// `LO:HI:N`: N evenly spaced values from LO to HI (`--axis`, `--rates`).
pub fn lo_hi_n(flag: &str, text: &str) -> Result<(f64, f64, usize)> {
    let bad = || {
        Error::Data(DataError::Unreadable {
            message: format!("{flag} {text:?}: expected LO:HI:N, e.g. 0:0.1:11"),
        })
    };
    let parts: Vec<&str> = text.split(':').collect();
    let [lo, hi, n] = parts.as_slice() else {
        return Err(bad());
    };
    Ok((
        lo.parse().map_err(|_| bad())?,
        hi.parse().map_err(|_| bad())?,
        n.parse().map_err(|_| bad())?,
    ))
}

/// Command-line text checked where clap reads it, so a value that cannot be read is a usage
/// error (exit status 2) naming the flag, not a data error found later. Each returns the text
/// unchanged for the command to read again (which then cannot fail on its syntax).
pub mod checked {
    /// A number or money amount (`4.5`, `10e9`, `"$4.5 billion"`).
    pub fn amount(text: &str) -> Result<String, String> {
        super::amount(text)?;
        super::printed(text).map_err(|e| e.to_string())?;
        Ok(text.to_owned())
    }

    /// `LO:HI:N`.
    pub fn range(text: &str) -> Result<String, String> {
        super::lo_hi_n("the range", text).map_err(|e| e.to_string())?;
        Ok(text.to_owned())
    }

    /// `PATH=LO:HI:N`.
    pub fn axis(text: &str) -> Result<String, String> {
        let (path, spec) = text
            .split_once('=')
            .ok_or_else(|| "expected PATH=LO:HI:N, e.g. baseline.rate=0:0.1:11".to_owned())?;
        if path.trim().is_empty() {
            return Err("the parameter path before '=' is empty".into());
        }
        range(spec)?;
        Ok(text.to_owned())
    }

    /// `I/N`, 0 ≤ I < N.
    pub fn shard(text: &str) -> Result<String, String> {
        let bad = || "expected I/N with 0 <= I < N, e.g. 0/4 (shards count from 0)".to_owned();
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (i, n): (usize, usize) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if n == 0 || i >= n {
            return Err(format!("shard {i} of {n} does not exist: {}", bad()));
        }
        Ok(text.to_owned())
    }

    /// `FIRST..LAST`.
    pub fn years(text: &str) -> Result<String, String> {
        super::years(text).map_err(|e| e.to_string())?;
        Ok(text.to_owned())
    }

    /// A chart file: `.svg` or `.png`.
    pub fn chart(text: &str) -> Result<std::path::PathBuf, String> {
        let path = std::path::PathBuf::from(text);
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("png") => Ok(path),
            _ => Err(
                "a chart is written as SVG or PNG: the file name must end in .svg or .png".into(),
            ),
        }
    }
}

/// `FIRST..LAST` target years, e.g. `2026..2035`.
pub fn years(text: &str) -> Result<(i32, i32)> {
    let bad = || {
        Error::Data(DataError::InvalidPeriod {
            text: text.to_owned(),
            reason: "expected FIRST..LAST, e.g. 2026..2035",
        })
    };
    let (a, b) = text.split_once("..").ok_or_else(bad)?;
    let a: i32 = a.trim().parse().map_err(|_| bad())?;
    let b: i32 = b
        .trim()
        .trim_start_matches('=')
        .parse()
        .map_err(|_| bad())?;
    Ok((a, b))
}

/// The corridor and flow flags of the commands about one series.
#[derive(clap::Args)]
pub struct FlowArgs {
    /// The corridor, e.g. KAZ-UZB.
    #[arg(long, value_parser = corridor, default_value = "KAZ-UZB")]
    pub corridor: Corridor,
    /// The flow: exports, imports, turnover, balance.
    #[arg(long, default_value = "turnover")]
    pub flow: bilateral::data::Flow,
}
