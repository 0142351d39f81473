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

use std::path::{Path, PathBuf};

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
        let Some(dir) = &self.data else {
            return Dataset::builtin();
        };
        let file = |name: &str| dir.join(name);
        let regimes = file("regimes.csv");
        let regimes = regimes.exists().then_some(regimes);
        let mut data = Dataset::load(&file("figures.csv"), regimes.as_deref())?;
        let series = file("series.csv");
        if series.exists() {
            data = data.merged(Dataset::load(&series, None::<&Path>)?)?;
        }
        Ok(data)
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

/// A printed number with its rounding interval: `"4.5"` is [4.45, 4.55), `"10"` [9.5, 10.5).
pub fn printed(text: &str) -> Result<bilateral::Estimate> {
    let t = text.trim();
    let (value, step) = match t.parse::<f64>() {
        Ok(x) if x.is_finite() => {
            let mantissa = t.split(['e', 'E']).next().unwrap_or(t);
            let decimals = mantissa.split_once('.').map_or(0, |(_, f)| f.len());
            let invalid = || bilateral::Error::InvalidNumber { text: t.to_owned() };
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
    let bad = || Error::Unreadable {
        message: format!("{flag} {text:?}: expected LO:HI:N, e.g. 0:0.1:11"),
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

/// Mirror pairs in the chosen format (from a Comtrade file or from published figures).
pub fn emit_mirror(
    out: &crate::output::Out,
    pairs: &[bilateral::audit::MirrorPair],
) -> Result<std::process::ExitCode> {
    use bilateral::io::{Table, TextTable, to_csv, to_json};
    out.emit(
        || {
            let mut t = TextTable::new([
                "year",
                "flow",
                "exporter says",
                "importer says",
                "CIF/FOB",
                "verdict",
                "reconciled",
            ]);
            let scale = Scale::for_values(pairs.iter().flat_map(|p| {
                [p.exporter_reports, p.importer_reports, p.reconciled]
                    .into_iter()
                    .flat_map(|e| [e.interval().lo(), e.interval().hi()])
            }));
            for p in pairs {
                t.row([
                    p.year.to_string(),
                    format!("{}->{}", p.exporter, p.importer),
                    scale.fmt_estimate(p.exporter_reports),
                    scale.fmt_estimate(p.importer_reports),
                    p.ratio
                        .map_or_else(|| "none".to_owned(), |r| format!("{:.3}", r.point())),
                    p.verdict.to_string(),
                    scale.fmt(p.reconciled.point()),
                ]);
            }
            Ok(format!("{t}{}\n", scale.note()))
        },
        || to_json(pairs),
        || to_csv(Table::Mirror(pairs)),
    )?;
    Ok(std::process::ExitCode::SUCCESS)
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

/// A fraction as a percentage: two decimals, or scientific notation past a million percent.
pub fn pct(x: f64) -> String {
    let p = x * 100.0;
    if p.abs() >= 1e6 {
        format!("{p:.3e}%")
    } else {
        format!("{p:.2}%")
    }
}

/// One scale for every amount in a table, so its columns line up and read at a glance: millions
/// with one decimal and thousands separators (4,500.0 for 4.5 billion), whole units below a
/// million, scientific notation past a thousand trillion, where digit groups stop helping.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    divisor: f64,
    places: usize,
    scientific: bool,
}

impl Scale {
    /// The scale for the largest finite magnitude among `values`.
    pub fn for_values(values: impl IntoIterator<Item = f64>) -> Scale {
        let max = values
            .into_iter()
            .filter(|v| v.is_finite())
            .map(f64::abs)
            .fold(0.0, f64::max);
        if max >= 1e15 {
            Scale {
                divisor: 1.0,
                places: 4,
                scientific: true,
            }
        } else if max >= 1e6 {
            Scale {
                divisor: 1e6,
                places: 1,
                scientific: false,
            }
        } else {
            Scale {
                divisor: 1.0,
                places: 0,
                scientific: false,
            }
        }
    }

    /// The line that says what the table's amounts are in.
    pub fn note(self) -> &'static str {
        match (self.scientific, self.divisor > 1.0) {
            (true, _) => "amounts as printed (scientific notation)",
            (false, true) => "amounts in millions",
            (false, false) => "amounts in units",
        }
    }

    /// An amount on this scale.
    pub fn fmt(self, v: f64) -> String {
        self.render(v, false)
    }

    /// An amount on this scale with its sign always shown (a change or contribution).
    pub fn fmt_signed(self, v: f64) -> String {
        self.render(v, true)
    }

    /// An estimate on this scale: its point, and its interval when it has width.
    pub fn fmt_estimate(self, e: bilateral::Estimate) -> String {
        let iv = e.interval();
        if iv.lo() == iv.hi() {
            self.fmt(e.point())
        } else {
            format!(
                "{} [{}, {}]",
                self.fmt(e.point()),
                self.fmt(iv.lo()),
                self.fmt(iv.hi())
            )
        }
    }

    fn render(self, v: f64, signed: bool) -> String {
        if self.scientific || !v.is_finite() {
            let d = self.places;
            return if signed {
                format!("{v:+.d$e}")
            } else {
                format!("{v:.d$e}")
            };
        }
        let d = self.places;
        let text = format!("{:.d$}", (v / self.divisor).abs());
        let (int, frac) = text
            .split_once('.')
            .map_or((text.as_str(), ""), |(i, f)| (i, f));
        let mut grouped = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if !frac.is_empty() {
            grouped.push('.');
            grouped.push_str(frac);
        }
        // A value that rounds to zero prints unsigned (no "-0.0").
        let zero = text.bytes().all(|b| b == b'0' || b == b'.');
        let sign = if v < 0.0 && !zero {
            "-"
        } else if signed && !zero {
            "+"
        } else {
            ""
        };
        format!("{sign}{grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::Scale;

    #[test]
    fn scale_groups_millions_and_signs_changes() {
        let s = Scale::for_values([4.5e9, 4.2436e7, -1.0]);
        assert_eq!(s.fmt(4.5e9), "4,500.0");
        assert_eq!(s.fmt_signed(4.2436e7), "+42.4");
        assert_eq!(s.fmt_signed(-1_234_567_890.0), "-1,234.6");
        assert_eq!(s.fmt_signed(0.0), "0.0");
        assert_eq!(s.fmt(-1.0), "0.0");
        assert_eq!(s.note(), "amounts in millions");
        let small = Scale::for_values([950.0, f64::NAN]);
        assert_eq!(small.fmt(950.4), "950");
        assert_eq!(small.fmt(1234.0), "1,234");
        let huge = Scale::for_values([2e18]);
        assert_eq!(huge.fmt(2e18), "2.0000e18");
        assert_eq!(huge.fmt_signed(2e18), "+2.0000e18");
    }
}
