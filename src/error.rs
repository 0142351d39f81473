//! The crate's one error type.

use std::fmt;

/// Where in a data file something was wrong: file, line (1-based, counting the header as line 1) and
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

/// Everything that can go wrong in `bilateral`.
///
/// Variants carry structured fields (the offending value, what was expected, where) rather than
/// message strings, so callers can match on them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A code that is not an ISO 3166-1 alpha-3 country code.
    #[error("unknown country code {code:?} (expected an ISO 3166-1 alpha-3 code such as KAZ)")]
    UnknownCountry {
        /// The text that was given.
        code: String,
    },
    /// Text that is no ISO country code and no valid data code for an economy.
    #[error("invalid economy code {code:?}: {reason}")]
    InvalidCode {
        /// The text that was given.
        code: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A country name that matches no ISO 3166-1 country.
    #[error("unknown country name {name:?}")]
    UnknownCountryName {
        /// The text that was given.
        name: String,
    },
    /// A corridor whose reporter and partner are the same country.
    #[error("a corridor needs two different countries, got {country} twice")]
    SelfCorridor {
        /// The repeated country code.
        country: String,
    },
    /// Text that should be a corridor (`KAZ->UZB`) and is not.
    #[error("invalid corridor {text:?} (expected REPORTER->PARTNER, e.g. KAZ->UZB)")]
    InvalidCorridor {
        /// The text that was given.
        text: String,
    },
    /// Text that should be a period and is not (e.g. month 13).
    #[error("invalid period {text:?}: {reason}")]
    InvalidPeriod {
        /// The text that was given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Text that should be a number and is not.
    #[error("invalid number {text:?}")]
    InvalidNumber {
        /// The text that was given.
        text: String,
    },
    /// A printed non-zero number too small to represent (`1e-400`).
    #[error("number {text:?} is too small to represent (it would read as 0)")]
    Underflow {
        /// The text that was given.
        text: String,
    },
    /// Text that should be an amount of money and is not.
    #[error(
        "invalid money amount {text:?} (expected e.g. \"$3.1 billion\", \"$217 million\", \"4.5 bn USD\")"
    )]
    InvalidMoney {
        /// The text that was given.
        text: String,
    },
    /// A negative amount of money where only a non-negative trade value makes sense.
    #[error("negative money amount {value} USD where a trade value must be at least zero")]
    NegativeMoney {
        /// The value in US dollars.
        value: f64,
    },
    /// NaN or infinity where a finite number is required.
    #[error("{what} must be a finite number, got {value}")]
    NonFinite {
        /// Which input.
        what: &'static str,
        /// The value given.
        value: f64,
    },
    /// A number outside the range its quantity allows.
    #[error("{what} = {value} is out of range: expected {expected}")]
    OutOfRange {
        /// Which input.
        what: &'static str,
        /// The value given.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A base (starting level) of zero or below, from which growth is undefined.
    #[error("{what} must be positive, got {value}")]
    NonPositiveBase {
        /// Which input.
        what: &'static str,
        /// The value given.
        value: f64,
    },
    /// A growth rate at or below −100%, which would wipe out or reverse the level.
    #[error("growth rate {rate} is at or below -100% (-1.0 as a fraction)")]
    RateAtOrBelowMinusOne {
        /// The rate given, as a fraction.
        rate: f64,
    },
    /// Text that should be a growth rate (`5.3%` or `0.053`) and is not.
    #[error("invalid rate {text:?} (write a percentage such as 5.3% or a fraction such as 0.053)")]
    InvalidRate {
        /// The text that was given.
        text: String,
    },
    /// A rate written as a bare number of 1 or more: a percentage or a fraction?
    #[error(
        "rate {text:?} is ambiguous: write {text}% for {text} percent (the fraction {percent}), or the fraction itself; a bare number must be below 1"
    )]
    AmbiguousRate {
        /// The text that was given.
        text: String,
        /// What it would be as a percentage, as a fraction.
        percent: f64,
    },
    /// A horizon of zero years.
    #[error("the horizon must be at least one year, got 0")]
    ZeroHorizon,
    /// A series with fewer points than a computation needs.
    #[error("{what} needs at least {needed} points, got {got}")]
    SeriesTooShort {
        /// The computation.
        what: &'static str,
        /// Points needed.
        needed: usize,
        /// Points given.
        got: usize,
    },
    /// Two points of a series for the same year.
    #[error("the series has two points for year {year}")]
    DuplicateYear {
        /// The repeated year.
        year: i32,
    },
    /// A series with a gap in its years where a computation needs consecutive years.
    #[error("{what} needs consecutive years, but the series jumps from {after} to {next}")]
    YearGap {
        /// The computation (e.g. `forecast method damped`).
        what: String,
        /// The last year before the gap.
        after: i32,
        /// The first year after it.
        next: i32,
    },
    /// A class of a reference panel with no series in it, where a computation needs some.
    #[error("no series of {class} in the reference panel at {year}, which {purpose} needs")]
    EmptyClass {
        /// The class (e.g. `volatility class 3 of 5`, `subset large`).
        class: String,
        /// The year (origin) the classes were drawn at.
        year: i32,
        /// What needed it.
        purpose: &'static str,
    },
    /// A scenario parameter outside its allowed range.
    #[error(
        "scenario layer {layer:?}: parameter `{parameter}` = {value} is out of range: expected {expected}"
    )]
    Parameter {
        /// The layer (or `baseline`).
        layer: String,
        /// The parameter.
        parameter: String,
        /// The value given.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A phase-in or ramp-up longer than the scenario's horizon.
    #[error(
        "scenario layer {layer:?}: phase-in of {years} years is longer than the {horizon}-year horizon"
    )]
    PhaseInTooLong {
        /// The layer.
        layer: String,
        /// The phase-in length.
        years: u32,
        /// The scenario horizon.
        horizon: u32,
    },
    /// A parameter path that names nothing in the scenario.
    #[error("no scenario parameter at path {path:?} (the scenario's parameters: {known})")]
    UnknownParameter {
        /// The path given (e.g. `free_trade.cost_after`).
        path: String,
        /// The scenario's parameter paths, comma-separated.
        known: String,
    },
    /// Two layers with the same name.
    #[error("two scenario layers are named {name:?}")]
    DuplicateLayer {
        /// The repeated name.
        name: String,
    },
    /// A sweep shard outside `0..count`, or sweep outputs that do not make up the whole sweep.
    #[error("sweep shards: {reason}")]
    Shard {
        /// What is wrong.
        reason: String,
    },
    /// A keyword (flow, unit, bound, regime, status, verdict, ...) that is not one of its kind.
    #[error("unknown {what} {text:?} (expected one of: {expected})")]
    UnknownKeyword {
        /// What kind of keyword.
        what: String,
        /// The text that was given.
        text: String,
        /// The known keywords, comma-separated.
        expected: String,
    },
    /// A figure identifier with characters outside `[a-z0-9._-]`.
    #[error("invalid figure id {text:?} (use lowercase letters, digits, '.', '_' and '-')")]
    InvalidId {
        /// The text that was given.
        text: String,
    },
    /// A value that does not fit the figure's unit (e.g. a period where a number is expected).
    #[error("value {value:?} does not fit unit {unit}")]
    UnitMismatch {
        /// The value text.
        value: String,
        /// The unit that was declared.
        unit: String,
    },
    /// A field whose text does not read as its type (the reader's description).
    #[error("{message}")]
    Unreadable {
        /// What the reader said.
        message: String,
    },
    /// A field that must not be empty was empty.
    #[error("required field is empty")]
    EmptyField,
    /// An error in one field of one line of a data file. The message includes the inner
    /// error's, so it is not also given as [`std::error::Error::source`] (a report walking the
    /// chain prints it once).
    #[error("{location}: {error}")]
    Field {
        /// File, line and field.
        location: Location,
        /// What was wrong with the field.
        error: Box<Error>,
    },
    /// A data file lacks a required column.
    #[error("{file}: missing column `{column}`")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column that is required.
        column: String,
    },
    /// A data file names the same column twice.
    #[error("{file}: column `{column}` appears more than once")]
    DuplicateColumn {
        /// The file.
        file: String,
        /// The repeated column.
        column: String,
    },
    /// A data file has a column the format does not know (often a typo or a wrong delimiter).
    #[error("{file}: unknown column `{column}` (known columns: {expected})")]
    UnknownColumn {
        /// The file.
        file: String,
        /// The unexpected column.
        column: String,
        /// The known columns, comma-separated.
        expected: String,
    },
    /// A data file whose header has one column holding `;` or tabs: the file uses another
    /// delimiter than the comma.
    #[error(
        "{file}: the header is one column containing {found:?}; data files must be comma-separated"
    )]
    WrongDelimiter {
        /// The file.
        file: String,
        /// The delimiter found.
        found: char,
    },
    /// A data file with a header and no records.
    #[error("{file}: no records after the header")]
    NoRecords {
        /// The file.
        file: String,
    },
    /// A data file with no header line at all.
    #[error("{file}: the file is empty (expected a header line)")]
    EmptyFile {
        /// The file.
        file: String,
    },
    /// A data file that could not be read as CSV (bad UTF-8, ragged rows, ...).
    #[error("{file}:{line}: malformed CSV: {message}")]
    Csv {
        /// The file.
        file: String,
        /// 1-based line number (0 when unknown).
        line: u64,
        /// The CSV reader's description.
        message: String,
    },
    /// Two items built in code (not read from a file) with the same id.
    #[error("duplicate id {id:?}: {first} and {second} of the lists given")]
    DuplicateItem {
        /// The repeated id.
        id: String,
        /// The first item (`figure #1`).
        first: String,
        /// The second item.
        second: String,
    },
    /// An error in one step of a larger computation, named (`target year 2030`).
    #[error("{context}: {error}")]
    Within {
        /// Where it happened.
        context: String,
        /// What went wrong.
        error: Box<Error>,
    },
    /// An error about one figure, named by its id.
    #[error("figure {id}: {error}")]
    Figure {
        /// The figure's id.
        id: String,
        /// What is wrong with it.
        error: Box<Error>,
    },
    /// A row that repeats one already read, where adding both would count a value twice.
    #[error("{file}:{line}: a second {what} (the first is on line {first})")]
    DuplicateRow {
        /// The file.
        file: String,
        /// The line of the repeat.
        line: u64,
        /// The line of the first.
        first: u64,
        /// What is repeated.
        what: &'static str,
    },
    /// Two items of a dataset (figures, regime facts) with the same id.
    #[error("duplicate id {id:?}: {first} and {second}")]
    DuplicateId {
        /// The repeated id.
        id: String,
        /// Where the first is: its place in the lists, with its file and line when it was read
        /// from one (`figure #3 (data/figures.csv:4)`).
        first: String,
        /// Where the second is.
        second: String,
    },
    /// A figure's quote does not appear in the document it cites.
    #[error("figure {id}: quote not found in document {document}: {quote:?}")]
    QuoteNotInDocument {
        /// The figure.
        id: String,
        /// The document file name.
        document: String,
        /// The quote.
        quote: String,
    },
    /// A figure's printed text does not appear in its quote.
    #[error("figure {id}: printed text {printed:?} not found in its quote")]
    PrintedNotInQuote {
        /// The figure.
        id: String,
        /// The printed text.
        printed: String,
    },
    /// A figure's printed text does not read as its value.
    #[error("figure {id}: printed text {printed:?} reads as {read}, but the value is {value}")]
    ValueNotInPrinted {
        /// The figure.
        id: String,
        /// The printed text.
        printed: String,
        /// What the printed text reads as.
        read: String,
        /// The figure's value.
        value: String,
    },
    /// A figure cites a document that is not among the documents given.
    #[error("figure {id}: cited document {document} is not available")]
    MissingDocument {
        /// The figure.
        id: String,
        /// The document file name.
        document: String,
    },
    /// A chart that could not be drawn.
    #[error("chart {path}: {message}")]
    Chart {
        /// The file being written.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// An I/O error on a named file. The message includes the cause's, so it is not also given
    /// as [`std::error::Error::source`].
    #[error("{path}: {cause}")]
    Io {
        /// The file or folder.
        path: String,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// A JSON or TOML document that does not parse or does not fit the type it should build.
    #[error("{file}: {format} at {path}{}: {message}", position(*line, *column))]
    Document {
        /// The file name, or `<text>` for a string.
        file: String,
        /// `json` or `toml`.
        format: &'static str,
        /// The field path where it went wrong (`layers[1].free_trade.cost_after`), or `.` for
        /// the document itself.
        path: String,
        /// 1-based line (0 when the parser does not say).
        line: u64,
        /// 1-based column (0 when the parser does not say).
        column: u64,
        /// What was wrong.
        message: String,
    },
    /// A value that could not be written (e.g. a NaN where JSON needs a number).
    #[error("cannot write {what}: {message}")]
    Serialize {
        /// What was being written.
        what: &'static str,
        /// The serializer's description.
        message: String,
    },
    /// A stored statistic that does not match what its data give (a hand-edited fit).
    #[error("{what} = {stored} does not match {computed} recomputed from the data")]
    Inconsistent {
        /// Which statistic.
        what: &'static str,
        /// The value stored.
        stored: f64,
        /// The value the data give.
        computed: f64,
    },
    /// A layer named like the rows a result keeps for itself.
    #[error(
        "layer name {name:?} is reserved: scenario results use \"baseline\" and \"total\" for their own rows"
    )]
    ReservedName {
        /// The name given.
        name: String,
    },
    /// A scenario level that overflows or turns negative.
    #[error(
        "scenario {scenario:?}: the level in {year} after {after} is {value}: expected a finite level at least 0"
    )]
    Level {
        /// The scenario.
        scenario: String,
        /// The year.
        year: i32,
        /// What was added last (`the baseline`, `layer "free_trade"`).
        after: String,
        /// The level.
        value: f64,
    },
    /// An input a computation needs and was not given.
    #[error("{what} is needed {purpose}")]
    Missing {
        /// What is missing.
        what: &'static str,
        /// What it is needed for.
        purpose: &'static str,
    },
    /// An input of the wrong kind for a computation.
    #[error("{what}: expected {expected}, got {got}")]
    WrongKind {
        /// Which input.
        what: &'static str,
        /// What was expected.
        expected: &'static str,
        /// What was given.
        got: String,
    },
    /// A sweep axis with no values.
    #[error("sweep axis {path:?} has no values")]
    EmptyAxis {
        /// The axis's parameter path.
        path: String,
    },
    /// A size beyond what the crate accepts (runs, paths, years, bytes).
    #[error("{what} is larger than the limit of {limit}")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// A gravity specification, formula or derived regressor names a column the panel does
    /// not have.
    #[error("panel {panel}: no column `{column}` (columns: {available})")]
    NoSuchColumn {
        /// The panel's source (file name, or `memory`).
        panel: String,
        /// The column asked for.
        column: String,
        /// The panel's columns, comma-separated.
        available: String,
    },
    /// A column used as a number holds text.
    #[error("panel {panel}: column `{column}` is not numeric (line {line} holds {text:?})")]
    NotNumeric {
        /// The panel's source.
        panel: String,
        /// The column.
        column: String,
        /// The first line (1-based, header = 1) holding text.
        line: u64,
        /// That text.
        text: String,
    },
    /// A model formula that does not parse.
    #[error("formula {formula:?}: {reason}")]
    Formula {
        /// The formula as given.
        formula: String,
        /// What is wrong, naming the term.
        reason: String,
    },
    /// A name a model does not know (a country, a cost term).
    #[error("unknown {what} {name:?} (known: {known})")]
    NotInModel {
        /// What kind of name.
        what: &'static str,
        /// The name given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// An iterative estimator that did not reach its tolerance.
    #[error(
        "{what} did not converge in {iterations} iterations (last change {last_change:e}, tolerance {tolerance:e})"
    )]
    NoConvergence {
        /// The algorithm.
        what: &'static str,
        /// Iterations run.
        iterations: usize,
        /// The convergence criterion at the last iteration.
        last_change: f64,
        /// The tolerance it had to fall below.
        tolerance: f64,
    },
    /// A model that cannot be estimated on the sample (no observations or regressors left,
    /// a single country, ...).
    #[error("cannot estimate {what}: {reason}")]
    Estimation {
        /// The model.
        what: String,
        /// Why, with the counts that led there.
        reason: String,
    },
    /// An error from polars while building a DataFrame.
    #[cfg(feature = "polars")]
    #[cfg_attr(docsrs, doc(cfg(feature = "polars")))]
    #[error("polars: {0}")]
    Polars(polars::error::PolarsError),
}

#[cfg(feature = "polars")]
impl From<polars::error::PolarsError> for Error {
    fn from(e: polars::error::PolarsError) -> Error {
        Error::Polars(e)
    }
}

/// ` (line L, column C)`, or nothing where the parser gave no position.
fn position(line: u64, column: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
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
    pub(crate) fn about_figure(self, id: &crate::data::FigureId) -> Error {
        Error::Figure {
            id: id.to_string(),
            error: Box::new(self),
        }
    }

    /// A document error with its file (and, if given, its format) named: errors from a string
    /// name none. Other errors are returned as they are.
    pub(crate) fn in_file(self, name: &str, format: Option<&'static str>) -> Error {
        match self {
            Error::Document {
                format: parsed,
                path,
                line,
                column,
                message,
                ..
            } => Error::Document {
                file: name.to_owned(),
                format: format.unwrap_or(parsed),
                path,
                line,
                column,
                message,
            },
            other => other,
        }
    }

    /// The innermost error: for [`Error::Field`], what was wrong with the field.
    pub fn root(&self) -> &Error {
        match self {
            Error::Field { error, .. }
            | Error::Figure { error, .. }
            | Error::Within { error, .. } => error.root(),
            other => other,
        }
    }

    /// The file location, if the error came from a data file field.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Field { location, .. } => Some(location),
            _ => None,
        }
    }
}

/// Checks that a number is finite.
pub(crate) fn finite(what: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::NonFinite { what, value })
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
        let e = Error::UnknownCountry { code: "XXX".into() }.at("data/f.csv", 7, "reporter");
        assert_eq!(
            e.to_string(),
            "data/f.csv:7: field `reporter`: unknown country code \"XXX\" (expected an ISO 3166-1 alpha-3 code such as KAZ)"
        );
        assert!(matches!(e.root(), Error::UnknownCountry { code } if code == "XXX"));
        assert_eq!(e.location().map(|l| l.line), Some(7));
    }

    #[test]
    fn wrapped_errors_print_their_cause_once() {
        use std::error::Error as _;
        let e = Error::Io {
            path: "x.csv".into(),
            cause: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        };
        assert_eq!(e.to_string(), "x.csv: gone");
        assert!(e.source().is_none());
        let e = Error::EmptyField.at("f.csv", 2, "id");
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
