//! The vocabulary of trade statistics and the published figures.

/// The vocabulary of trade statistics and the published figures: codes, corridors, periods,
/// numbers, money, keywords, ids, and figures checked against their documents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
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
}
