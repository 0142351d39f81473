//! The crate's one error type, grouped by domain.
//!
//! [`Error`] has one kind per layer of the crate, each a sub-enum with structured fields (the
//! offending value, what was expected, where): [`InputError`] for values outside what a function
//! accepts (any layer), [`DataError`], [`FileError`], [`GrowthError`], [`ForecastError`],
//! [`GravityError`], [`EquilibriumError`], [`ScenarioError`] and [`IoError`]; and three wrappers
//! that say where an error happened: a data file's field ([`Error::Field`], with its [`Location`]),
//! a step of a computation ([`Error::Within`]) or a figure ([`Error::Figure`]).
//!
//! Callers branch on the predicates ([`Error::kind`], [`Error::is_range`],
//! [`Error::is_convergence`], [`Error::location`]) or match a kind's variant through
//! [`Error::root`]:
//!
//! ```
//! use bilateral::error::{DataError, ErrorKind};
//! use bilateral::Country;
//! let e = "KZX".parse::<Country>().unwrap_err();
//! assert_eq!(e.kind(), ErrorKind::Data);
//! assert!(matches!(e.root(), bilateral::Error::Data(DataError::UnknownCountry { code }) if code == "KZX"));
//! let e = bilateral::growth::Rate::new(f64::NAN).unwrap_err();
//! assert!(e.is_range());
//! ```

use std::fmt;

mod data;
mod equilibrium;
mod file;
mod forecast;
mod gravity;
mod growth;
mod input;
mod io;
mod scenario;

pub use data::DataError;
pub use equilibrium::EquilibriumError;
pub use file::FileError;
pub use forecast::ForecastError;
pub use gravity::GravityError;
pub use growth::GrowthError;
pub use input::InputError;
pub use io::IoError;
pub use scenario::ScenarioError;

/// Where in a data file something was wrong: file, line (1-based, counting the header as line 1)
/// and
/// column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file name as given to the loader (for the built-in data, `data/<name>`).
    pub file: String,
    /// 1-based line number in the file.
    pub line: u64,
    /// The column (field) name, or empty when the whole line was wrong.
    pub field: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}:{}", self.file, self.line)
        } else {
            write!(f, "{}:{}: field `{}`", self.file, self.line, self.field)
        }
    }
}

/// An iterative solver (PPML's IRLS, demeaning, the equilibrium's resistances and prices) that
/// did not reach its tolerance: [`GravityError::NoConvergence`] or
/// [`EquilibriumError::NoConvergence`]. A looser tolerance or more iterations may succeed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{what} did not converge in {iterations} iterations (last change {last_change:e}, tolerance {tolerance:e})"
)]
pub struct NoConvergence {
    /// The algorithm.
    pub what: &'static str,
    /// Iterations run.
    pub iterations: usize,
    /// The convergence criterion at the last iteration.
    pub last_change: f64,
    /// The tolerance it had to fall below.
    pub tolerance: f64,
}

/// Everything that can go wrong in `bilateral`: one kind per layer, and wrappers naming where.
///
/// Messages are the kind's own; a wrapper prefixes its place (`data/f.csv:7: field `reporter`:
/// ...`) and does not repeat the inner error as [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value outside what a function accepts.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Codes, periods, numbers, keywords, ids, figures and their documents.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A file whose content does not fit its format.
    #[error(transparent)]
    File(#[from] FileError),
    /// Growth rates and series.
    #[error(transparent)]
    Growth(#[from] GrowthError),
    /// Forecasts, backtests and calibrations.
    #[error(transparent)]
    Forecast(#[from] ForecastError),
    /// Gravity panels, formulas and estimation.
    #[error(transparent)]
    Gravity(#[from] GravityError),
    /// General-equilibrium baselines and counterfactuals.
    #[error(transparent)]
    Equilibrium(#[from] EquilibriumError),
    /// Scenarios, layers, parameters and sweeps.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// Reading and writing.
    #[error(transparent)]
    Io(#[from] IoError),
    /// An error in one field of one line of a data file. The message includes the inner error's, so
    /// it is not also given as [`std::error::Error::source`] (a report walking the chain prints it
    /// once).
    #[error("{location}: {error}")]
    Field {
        /// File, line and field.
        location: Location,
        /// What was wrong with the field.
        error: Box<Error>,
    },
    /// An error in one step of a larger computation, named (`target year 2030`).
    #[error("{context_x}: {error}", context_x = crate::error::excerpt(context))]
    Within {
        /// Where it happened.
        context: String,
        /// What went wrong.
        error: Box<Error>,
    },
    /// An error about one figure, named by its id.
    #[error("figure {id_x}: {error}", id_x = crate::error::excerpt(id))]
    Figure {
        /// The figure's id.
        id: String,
        /// What is wrong with it.
        error: Box<Error>,
    },
}

keyword_enum! {
    /// The layer an error comes from ([`Error::kind`]).
    pub enum ErrorKind: "error kind" {
        /// [`InputError`].
        Input = "input",
        /// [`DataError`].
        Data = "data",
        /// [`FileError`].
        File = "file",
        /// [`GrowthError`].
        Growth = "growth",
        /// [`ForecastError`].
        Forecast = "forecast",
        /// [`GravityError`].
        Gravity = "gravity",
        /// [`EquilibriumError`].
        Equilibrium = "equilibrium",
        /// [`ScenarioError`].
        Scenario = "scenario",
        /// [`IoError`].
        Io = "io",
    }
}

#[cfg(feature = "polars")]
impl From<polars::error::PolarsError> for Error {
    fn from(e: polars::error::PolarsError) -> Error {
        Error::Io(IoError::Polars(e))
    }
}

/// The longest text an error message quotes whole; longer text is cut to its first
/// [`EXCERPT_CHARS`] characters and its length.
const EXCERPT_CHARS: usize = 120;

/// Text an error quotes, cut to a readable excerpt: a 10 MB cell, name or formula prints as
/// its first [`EXCERPT_CHARS`] characters, `…`, and its length in bytes. The error keeps the
/// whole text in its field.
pub(crate) struct Excerpt<'a>(&'a str);

/// [`Excerpt`] of `text`.
pub(crate) fn excerpt(text: &str) -> Excerpt<'_> {
    Excerpt(text)
}

impl Excerpt<'_> {
    /// The head to show, if the text is cut.
    fn head(&self) -> Option<&str> {
        let (end, _) = self.0.char_indices().nth(EXCERPT_CHARS)?;
        // Short text is shown whole; text a little over the limit too.
        (self.0.len() > 2 * EXCERPT_CHARS)
            .then(|| self.0.get(..end))
            .flatten()
    }
}

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.head() {
            Some(head) => write!(f, "{head}… ({} bytes)", self.0.len()),
            None => f.write_str(self.0),
        }
    }
}

impl fmt::Debug for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.head() {
            Some(head) => write!(f, "{head:?}… ({} bytes)", self.0.len()),
            None => write!(f, "{:?}", self.0),
        }
    }
}

/// `Result` with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Attaches a file location to an error about one field.
    pub(crate) fn at(self, file: &str, line: u64, field: &str) -> Error {
        Error::Field {
            location: Location {
                file: file.to_owned(),
                line,
                field: field.to_owned(),
            },
            error: Box::new(self),
        }
    }

    /// Names the step of a computation an error happened in.
    pub(crate) fn within(self, context: String) -> Error {
        Error::Within {
            context,
            error: Box::new(self),
        }
    }

    /// Names the figure an error is about.
    pub(crate) fn about_figure(self, id: &impl fmt::Display) -> Error {
        Error::Figure {
            id: id.to_string(),
            error: Box::new(self),
        }
    }

    /// A document error with its file (and, if given, its format) named: errors from a string
    /// name none. Other errors are returned as they are.
    pub(crate) fn in_file(self, name: &str, format: Option<&'static str>) -> Error {
        match self {
            Error::File(FileError::Document {
                format: parsed,
                path,
                line,
                column,
                message,
                ..
            }) => Error::File(FileError::Document {
                file: name.to_owned(),
                format: format.unwrap_or(parsed),
                path,
                line,
                column,
                message,
            }),
            other => other,
        }
    }

    /// The innermost error: for the wrappers ([`Error::Field`], [`Error::Within`],
    /// [`Error::Figure`]), what went wrong inside; otherwise the error itself.
    pub fn root(&self) -> &Error {
        match self {
            Error::Field { error, .. }
            | Error::Figure { error, .. }
            | Error::Within { error, .. } => error.root(),
            other => other,
        }
    }

    /// The layer the (innermost) error comes from.
    pub fn kind(&self) -> ErrorKind {
        match self.root() {
            Error::Input(_) => ErrorKind::Input,
            Error::Data(_) | Error::Field { .. } | Error::Within { .. } | Error::Figure { .. } => {
                ErrorKind::Data
            }
            Error::File(_) => ErrorKind::File,
            Error::Growth(_) => ErrorKind::Growth,
            Error::Forecast(_) => ErrorKind::Forecast,
            Error::Gravity(_) => ErrorKind::Gravity,
            Error::Equilibrium(_) => ErrorKind::Equilibrium,
            Error::Scenario(_) => ErrorKind::Scenario,
            Error::Io(_) => ErrorKind::Io,
        }
    }

    /// The file location, if the error came from a data file's field (at any depth).
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Field { location, .. } => Some(location),
            Error::Figure { error, .. } | Error::Within { error, .. } => error.location(),
            _ => None,
        }
    }

    /// Whether a number was outside what its quantity allows: not finite, out of range, not
    /// positive, too large, a zero horizon, a rate at or below −100%.
    pub fn is_range(&self) -> bool {
        matches!(
            self.root(),
            Error::Input(
                InputError::NonFinite { .. }
                    | InputError::OutOfRange { .. }
                    | InputError::NonPositiveBase { .. }
                    | InputError::TooLarge { .. }
                    | InputError::ZeroHorizon
            ) | Error::Growth(GrowthError::RateAtOrBelowMinusOne { .. })
                | Error::Scenario(ScenarioError::Parameter { .. })
        )
    }

    /// Whether an iterative solver stopped before its tolerance (gravity estimation,
    /// demeaning, equilibrium): a looser tolerance or more iterations may succeed.
    pub fn is_convergence(&self) -> bool {
        matches!(
            self.root(),
            Error::Gravity(GravityError::NoConvergence(_))
                | Error::Equilibrium(EquilibriumError::NoConvergence(_))
        )
    }

    /// Whether a name was not found: a country, cost term or coefficient a model does not
    /// have, a scenario parameter, a column.
    pub fn is_unknown_name(&self) -> bool {
        matches!(
            self.root(),
            Error::Input(InputError::NotInModel { .. })
                | Error::Scenario(ScenarioError::UnknownParameter { .. })
                | Error::Gravity(GravityError::NoSuchColumn { .. })
                | Error::File(
                    FileError::MissingColumn { .. }
                        | FileError::MissingKeyColumn { .. }
                        | FileError::UnknownColumn { .. }
                )
        )
    }

    /// Whether the error is the operating system's (a file not found, no permission, a full
    /// disk) rather than one of the data or the computation.
    pub fn is_io(&self) -> bool {
        self.kind() == ErrorKind::Io
    }
}

/// Checks that a number is finite.
pub(crate) fn finite(what: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(InputError::NonFinite { what, value }.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_and_sync() {
        fn assert<T: Send + Sync + 'static>() {}
        assert::<Error>();
    }

    #[test]
    fn field_error_names_file_line_and_field() {
        let e = Error::Data(DataError::UnknownCountry { code: "XXX".into() }).at(
            "data/f.csv",
            7,
            "reporter",
        );
        assert_eq!(
            e.to_string(),
            "data/f.csv:7: field `reporter`: unknown country code \"XXX\" (expected an ISO 3166-1 alpha-3 code such as KAZ)"
        );
        assert!(
            matches!(e.root(), Error::Data(DataError::UnknownCountry { code }) if code == "XXX")
        );
        assert_eq!(e.kind(), ErrorKind::Data);
        assert_eq!(e.location().map(|l| l.line), Some(7));
    }

    #[test]
    fn wrapped_errors_print_their_cause_once() {
        use std::error::Error as _;
        let e = Error::Io(IoError::Io {
            path: "x.csv".into(),
            cause: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        });
        assert!(e.is_io());
        assert_eq!(e.to_string(), "x.csv: gone");
        assert!(e.source().is_none());
        let e = Error::Data(DataError::EmptyField).at("f.csv", 2, "id");
        assert!(e.source().is_none());
        // A report walking the chain prints each message once.
        let mut chain = vec![e.to_string()];
        let mut next = e.source();
        while let Some(s) = next {
            chain.push(s.to_string());
            next = s.source();
        }
        assert_eq!(chain, ["f.csv:2: field `id`: required field is empty"]);
    }
}
