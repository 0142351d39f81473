//! Output: a text table on a terminal, JSON or CSV on request (JSON by default when standard
//! output is not a terminal), to standard output or to a file written atomically. A file's
//! format comes from its extension (`.csv`, `.json`, `.txt`) unless `--format` says otherwise, so
//! the same command writes the same file with or without a terminal.

use bilateral::error::IoError;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use bilateral::table::Table;
use bilateral::{Error, Result};

/// How results are written.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned text table.
    Table,
    /// JSON that reads back into the library's types.
    Json,
    /// CSV for people: units in the headers (value_usd, rate_pct in percent), numbers to 15
    /// significant digits (no binary noise such as 0.20000000000000004; JSON keeps every bit);
    /// a result's further tables go beside -o FILE.csv as FILE.<name>.csv.
    Csv,
    /// An Excel workbook (needs -o FILE): one sheet per table, numbers typed, units in the
    /// headers, and a provenance sheet.
    Xlsx,
    /// A self-contained HTML page (`bilateral report` only).
    Html,
}

/// The output flags every command takes.
#[derive(clap::Args)]
pub struct OutArgs {
    /// Output format (default: from the output file's extension, .csv, .json, .txt or .xlsx;
    /// else a table on a terminal and JSON otherwise).
    #[arg(long, global = true, value_enum)]
    format: Option<Format>,
    /// Write to this file (atomically) instead of standard output; its extension (.csv, .json,
    /// .txt, .xlsx; .html for the report) sets the format unless --format is given.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Where and how to write.
pub struct Out {
    pub format: Format,
    output: Option<PathBuf>,
    /// Whether the format was asked for (by --format or the file's extension).
    explicit: bool,
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
                    Some("html" | "htm") => Some(Format::Html),
                    // No extension: JSON, whether or not a terminal is attached.
                    None => Some(Format::Json),
                    Some(other) => {
                        return Err(format!(
                            "-o {}: no format writes .{other} files (use .csv, .json, .txt or .xlsx, .html for `bilateral report`, or say --format)",
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
            explicit: args.format.is_some() || from_file.is_some(),
        })
    }

    /// The usage error when the format does not suit the command: HTML is the report's format,
    /// and the report writes nothing else.
    pub fn check_html(&self, report: bool) -> std::result::Result<(), String> {
        match (report, self.format == Format::Html) {
            (false, true) => Err(
                "HTML is the report's format: `bilateral report --corridor KAZ-UZB -o report.html`"
                    .to_owned(),
            ),
            (true, false) if self.explicit => Err(
                "`bilateral report` writes an HTML page: give -o FILE.html (or no -o for standard output)"
                    .to_owned(),
            ),
            _ => Ok(()),
        }
    }

    /// Writes a finished page (or any bytes) to the output file, atomically, or to standard
    /// output.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match &self.output {
            Some(path) => bilateral::io::write_atomic(path, bytes),
            None => write_stdout(bytes),
        }
    }

    /// Writes a result in the chosen format: its text form, JSON or its CSV tables. A result
    /// with further tables ([`Table::companions`]) writes them beside the main one: as further
    /// sheets of a workbook, or as `FILE.<name>.csv` beside `-o FILE.csv` (on standard output,
    /// CSV is the main table alone, and a terminal is told where the others are).
    pub fn emit<T>(&self, result: &T) -> Result<()>
    where
        T: Table + std::fmt::Display + serde::Serialize + ?Sized,
    {
        let people = |csv: &[u8], units: &[bilateral::table::ColumnUnit]| {
            bilateral::io::to_people_csv(csv, units)
        };
        let companions = match self.format {
            Format::Csv | Format::Xlsx => result.companions()?,
            Format::Table | Format::Json | Format::Html => Vec::new(),
        };
        let bytes = match self.format {
            // Refused before the command runs (`check_html`); a table if it ever got here.
            Format::Table | Format::Html => result.to_string().into_bytes(),
            Format::Json => {
                let mut j = bilateral::io::to_json(result)?;
                j.push(b'\n');
                j
            }
            Format::Csv => people(&bilateral::io::to_csv(result)?, &result.units())?,
            Format::Xlsx => {
                let main = people(&bilateral::io::to_csv(result)?, &result.units())?;
                // The main sheet by what it holds, without an article ("target outlook").
                let name = T::WHAT
                    .strip_prefix("a ")
                    .or_else(|| T::WHAT.strip_prefix("an "))
                    .unwrap_or(T::WHAT);
                let mut sheets = vec![(name.to_owned(), main)];
                for c in &companions {
                    sheets.push((c.name.to_owned(), people(&c.csv, &c.units)?));
                }
                let command = std::env::args().collect::<Vec<_>>().join(" ");
                let version = format!("bilateral {}", env!("CARGO_PKG_VERSION"));
                let named: Vec<(&str, &[u8])> = sheets
                    .iter()
                    .map(|(n, b)| (n.as_str(), b.as_slice()))
                    .collect();
                bilateral::io::to_xlsx(
                    &named,
                    &[
                        ("table", T::WHAT),
                        ("made by", &version),
                        ("command", &command),
                        (
                            "data",
                            "the built-in figures (data/, with their documents and quotes) unless the command names --data",
                        ),
                        (
                            "units",
                            "a column named _usd holds US dollars, _pct percent; other numbers as their header says",
                        ),
                    ],
                )?
            }
        };
        match &self.output {
            Some(path) => {
                if self.format == Format::Csv {
                    // Every companion first: the main file appears only when all are written.
                    for c in &companions {
                        let beside = companion_path(path, c.name);
                        bilateral::io::write_atomic(&beside, &people(&c.csv, &c.units)?)?;
                        tell(&format!("wrote {} ({})", beside.display(), c.what));
                    }
                }
                bilateral::io::write_atomic(path, &bytes)
            }
            None => {
                if self.format == Format::Csv && !companions.is_empty() {
                    let names: Vec<&str> = companions.iter().map(|c| c.what).collect();
                    tell(&format!(
                        "standard output holds the main table; its other tables ({}) are written beside -o FILE.csv, or as sheets of -o FILE.xlsx",
                        names.join("; ")
                    ));
                }
                write_stdout(&bytes)
            }
        }
    }
}

/// `FILE.csv` → `FILE.<name>.csv`, beside it.
fn companion_path(path: &std::path::Path, name: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "table".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.{name}.csv"))
}

/// A note on standard error, for a person at a terminal only.
fn tell(note: &str) {
    if std::io::stderr().is_terminal() {
        eprintln!("{note}");
    }
}

/// Bytes to standard output; a reader that stopped early (`| head`) has what it wanted: end
/// quietly.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    match std::io::stdout().lock().write_all(bytes) {
        Err(cause) if cause.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|cause| {
            Error::Io(IoError::Io {
                path: "standard output".into(),
                cause,
            })
        }),
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
