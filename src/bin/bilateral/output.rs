//! Output: a text table on a terminal, JSON or CSV on request (JSON by default when standard
//! output is not a terminal), to standard output or to a file written atomically.

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
    /// CSV in the library's table formats.
    Csv,
}

/// The output flags every command takes.
#[derive(clap::Args)]
pub struct OutArgs {
    /// Output format (default: table on a terminal, JSON otherwise).
    #[arg(long, global = true, value_enum)]
    format: Option<Format>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Where and how to write.
pub struct Out {
    pub format: Format,
    output: Option<PathBuf>,
}

impl Out {
    pub fn new(args: &OutArgs) -> Out {
        let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        });
        Out {
            format,
            output: args.output.clone(),
        }
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
            Format::Csv => bilateral::io::to_csv(result)?,
        };
        match &self.output {
            Some(path) => bilateral::io::write_atomic(path, &bytes),
            None => std::io::stdout().lock().write_all(&bytes).map_err(|cause| {
                Error::Io(IoError::Io {
                    path: "standard output".into(),
                    cause,
                })
            }),
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
