//! Output: a text table on a terminal, JSON or CSV on request (JSON by default when standard
//! output is not a terminal), to standard output or to a file written atomically. A file's
//! format comes from its extension (`.csv`, `.json`, `.txt`) unless `--format` says otherwise, so
//! the same command writes the same file with or without a terminal.

use bilateral::error::IoError;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use bilateral::{Error, Result};

/// How results are written.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned text table.
    Table,
    /// JSON that reads back into the library's types.
    Json,
    /// CSV in the library's table formats (numbers to 15 significant digits: no binary noise
    /// such as 0.20000000000000004; JSON keeps full precision).
    Csv,
    /// An Excel workbook (needs -o FILE): the table as a sheet with numbers typed, and a
    /// provenance sheet.
    Xlsx,
}

/// The output flags every command takes.
#[derive(clap::Args)]
pub struct OutArgs {
    /// Output format (default: from the output file's extension, .csv, .json, .txt or .xlsx;
    /// else a table on a terminal and JSON otherwise).
    #[arg(long, global = true, value_enum)]
    format: Option<Format>,
    /// Write to this file (atomically) instead of standard output; its extension (.csv, .json,
    /// .txt, .xlsx) sets the format unless --format is given.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Where and how to write.
pub struct Out {
    pub format: Format,
    output: Option<PathBuf>,
}

impl Out {
    /// The format and destination the flags ask for.
    ///
    /// # Errors
    /// A usage message for an output file whose extension no format writes (and no --format).
    pub fn new(args: &OutArgs) -> std::result::Result<Out, String> {
        let from_file = match (&args.format, &args.output) {
            (Some(_), _) | (None, None) => None,
            (None, Some(path)) => {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase());
                match ext.as_deref() {
                    Some("csv") => Some(Format::Csv),
                    Some("json") => Some(Format::Json),
                    Some("txt") => Some(Format::Table),
                    Some("xlsx") => Some(Format::Xlsx),
                    // No extension: JSON, whether or not a terminal is attached.
                    None => Some(Format::Json),
                    Some(other) => {
                        return Err(format!(
                            "-o {}: no format writes .{other} files (use .csv, .json, .txt or .xlsx, or say --format)",
                            path.display()
                        ));
                    }
                }
            }
        };
        let format = args
            .format
            .or(from_file)
            .unwrap_or(if std::io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Json
            });
        if format == Format::Xlsx && args.output.is_none() {
            return Err("--format xlsx writes a workbook to a file: give -o FILE.xlsx".to_owned());
        }
        Ok(Out {
            format,
            output: args.output.clone(),
        })
    }

    /// Writes a result in the chosen format: its text form, JSON or its CSV table.
    pub fn emit<T>(&self, result: &T) -> Result<()>
    where
        T: bilateral::table::Table + std::fmt::Display + serde::Serialize + ?Sized,
    {
        let bytes = match self.format {
            Format::Table => result.to_string().into_bytes(),
            Format::Json => {
                let mut j = bilateral::io::to_json(result)?;
                j.push(b'\n');
                j
            }
            Format::Csv => without_float_noise(&bilateral::io::to_csv(result)?)?,
            Format::Xlsx => {
                let csv = without_float_noise(&bilateral::io::to_csv(result)?)?;
                let command = std::env::args().collect::<Vec<_>>().join(" ");
                let version = format!("bilateral {}", env!("CARGO_PKG_VERSION"));
                bilateral::io::to_xlsx(
                    &[(T::WHAT, &csv)],
                    &[
                        ("table", T::WHAT),
                        ("made by", &version),
                        ("command", &command),
                        (
                            "data",
                            "the built-in figures (data/, with their documents and quotes) unless the command names --data",
                        ),
                    ],
                )?
            }
        };
        match &self.output {
            Some(path) => bilateral::io::write_atomic(path, &bytes),
            None => match std::io::stdout().lock().write_all(&bytes) {
                // A reader that stopped early (`| head`) has what it wanted: end quietly.
                Err(cause) if cause.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|cause| {
                    Error::Io(IoError::Io {
                        path: "standard output".into(),
                        cause,
                    })
                }),
            },
        }
    }
}

/// A progress bar on standard error, hidden when standard error is not a terminal.
pub fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({eta})")
    {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}

/// A CSV cell's number rewritten to at most 15 significant digits when its shortest exact form
/// needs 16 or 17 (binary noise: `0.20000000000000004` → `0.2`, `4.2749999999999995` → `4.275`);
/// every other cell as it is. `None` when the cell is left alone.
fn denoise(cell: &str) -> Option<String> {
    let body = cell.strip_prefix('-').unwrap_or(cell);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i..])),
        None => (body, None),
    };
    if !mantissa.contains('.')
        || !mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        || exponent.is_some_and(|e| {
            !e[1..]
                .trim_start_matches(['-', '+'])
                .chars()
                .all(|c| c.is_ascii_digit())
        })
    {
        return None;
    }
    let digits = mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count();
    if digits < 16 {
        // A whole number written with a trailing `.0` reads as the whole number.
        return (exponent.is_none() && mantissa.ends_with(".0") && mantissa.len() > 2)
            .then(|| cell.trim_end_matches(".0").to_owned());
    }
    let v: f64 = cell.parse().ok()?;
    let rounded: f64 = format!("{v:.14e}").parse().ok()?;
    Some(format!("{rounded}"))
}

/// The CLI's CSV for people: [`denoise`] on every cell, quoting as the csv crate does.
fn without_float_noise(csv_bytes: &[u8]) -> Result<Vec<u8>> {
    let serialize = |message: String| {
        Error::Io(IoError::Serialize {
            what: "a CSV table",
            message,
        })
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_bytes);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for record in reader.records() {
        let record = record.map_err(|e| serialize(e.to_string()))?;
        let cells: Vec<String> = record
            .iter()
            .map(|c| denoise(c).unwrap_or_else(|| c.to_owned()))
            .collect();
        writer
            .write_record(&cells)
            .map_err(|e| serialize(e.to_string()))?;
    }
    writer.into_inner().map_err(|e| serialize(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_noise_goes_and_everything_else_stays() {
        assert_eq!(denoise("0.20000000000000004").as_deref(), Some("0.2"));
        assert_eq!(denoise("4.2749999999999995").as_deref(), Some("4.275"));
        assert_eq!(denoise("-0.30000000000000004").as_deref(), Some("-0.3"));
        assert_eq!(denoise("4500000000.0").as_deref(), Some("4500000000"));
        for kept in [
            "0.2",
            "4450000000",
            "12.08",
            "KAZ",
            "0801",
            "2024-01..2024-04",
            "1e-3",
            "",
            "10.05",
        ] {
            assert_eq!(denoise(kept), None, "{kept}");
        }
        let csv = b"rate,level\n0.1,4.2749999999999995\n\"a, b\",x\n";
        let out = String::from_utf8(without_float_noise(csv).unwrap()).unwrap();
        assert_eq!(out, "rate,level\n0.1,4.275\n\"a, b\",x\n");
    }
}
