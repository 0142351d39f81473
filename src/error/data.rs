//! The vocabulary of trade statistics and the published figures.

/// The vocabulary of trade statistics and the published figures: codes, corridors, periods,
/// numbers, money, keywords, ids, and figures checked against their documents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// A corridor the data hold no figures about.
    #[error("no figures for corridor {corridor_x} in the data (corridors with figures: {known_x})", corridor_x = crate::error::excerpt(corridor), known_x = crate::error::excerpt(known))]
    NoFigures {
        /// The corridor asked for.
        corridor: String,
        /// The corridors the data have figures about, comma-separated.
        known: String,
    },
    /// A code that is not an ISO 3166-1 alpha-3 country code.
    #[error("unknown country code {code_x:?} (expected an ISO 3166-1 alpha-3 code such as KAZ)", code_x = crate::error::excerpt(code))]
    UnknownCountry {
        /// The text that was given.
        code: String,
    },
    /// Text that is no ISO country code and no valid data code for an economy.
    #[error("invalid economy code {code_x:?}: {reason}", code_x = crate::error::excerpt(code))]
    InvalidCode {
        /// The text that was given.
        code: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A country name that matches no ISO 3166-1 country.
    #[error("unknown country name {name_x:?}", name_x = crate::error::excerpt(name))]
    UnknownCountryName {
        /// The text that was given.
        name: String,
    },
    /// A corridor whose reporter and partner are the same country.
    #[error("a corridor needs two different countries, got {country_x} twice", country_x = crate::error::excerpt(country))]
    SelfCorridor {
        /// The repeated country code.
        country: String,
    },
    /// Text that should be a corridor (`KAZ->UZB`) and is not.
    #[error("invalid corridor {text_x:?} (expected REPORTER->PARTNER, e.g. KAZ->UZB)", text_x = crate::error::excerpt(text))]
    InvalidCorridor {
        /// The text that was given.
        text: String,
    },
    /// Text that should be a period and is not (e.g. month 13).
    #[error("invalid period {text_x:?}: {reason}", text_x = crate::error::excerpt(text))]
    InvalidPeriod {
        /// The text that was given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Text that should be a number and is not.
    #[error("invalid number {text_x:?}", text_x = crate::error::excerpt(text))]
    InvalidNumber {
        /// The text that was given.
        text: String,
    },
    /// A printed non-zero number too small to represent (`1e-400`).
    #[error("number {text_x:?} is too small to represent (it would read as 0)", text_x = crate::error::excerpt(text))]
    Underflow {
        /// The text that was given.
        text: String,
    },
    /// Text that should be an amount of money and is not.
    #[error(
        "invalid money amount {text_x:?} (expected e.g. \"$3.1 billion\", \"$217 million\", \"4.5 bn USD\")", text_x = crate::error::excerpt(text))]
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
    #[error("unknown {what_x} {text_x:?} (expected one of: {expected_x})", what_x = crate::error::excerpt(what), text_x = crate::error::excerpt(text), expected_x = crate::error::excerpt(expected))]
    UnknownKeyword {
        /// What kind of keyword.
        what: String,
        /// The text that was given.
        text: String,
        /// The known keywords, comma-separated.
        expected: String,
    },
    /// A figure identifier with characters outside `[a-z0-9._-]`.
    #[error("invalid figure id {text_x:?} (use lowercase letters, digits, '.', '_' and '-')", text_x = crate::error::excerpt(text))]
    InvalidId {
        /// The text that was given.
        text: String,
    },
    /// A value that does not fit the figure's unit (e.g. a period where a number is expected).
    #[error("value {value_x:?} does not fit unit {unit_x}", value_x = crate::error::excerpt(value), unit_x = crate::error::excerpt(unit))]
    UnitMismatch {
        /// The value text.
        value: String,
        /// The unit that was declared.
        unit: String,
    },
    /// A field whose text does not read as its type (the reader's description).
    #[error("{message_x}", message_x = crate::error::excerpt(message))]
    Unreadable {
        /// What the reader said.
        message: String,
    },
    /// A field that must not be empty was empty.
    #[error("required field is empty")]
    EmptyField,
    /// Two items built in code (not read from a file) with the same id.
    #[error("duplicate id {id_x:?}: {first_x} and {second_x} of the lists given", id_x = crate::error::excerpt(id), first_x = crate::error::excerpt(first), second_x = crate::error::excerpt(second))]
    DuplicateItem {
        /// The repeated id.
        id: String,
        /// The first item (`figure #1`).
        first: String,
        /// The second item.
        second: String,
    },
    /// Two items of a dataset (figures, regime facts) with the same id.
    #[error("duplicate id {id_x:?}: {first_x} and {second_x}", id_x = crate::error::excerpt(id), first_x = crate::error::excerpt(first), second_x = crate::error::excerpt(second))]
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
    #[error("figure {id_x}: quote not found in document {document_x}: {quote_x:?}", id_x = crate::error::excerpt(id), document_x = crate::error::excerpt(document), quote_x = crate::error::excerpt(quote))]
    QuoteNotInDocument {
        /// The figure.
        id: String,
        /// The document file name.
        document: String,
        /// The quote.
        quote: String,
    },
    /// A figure's printed text does not appear in its quote.
    #[error("figure {id_x}: printed text {printed_x:?} not found in its quote", id_x = crate::error::excerpt(id), printed_x = crate::error::excerpt(printed))]
    PrintedNotInQuote {
        /// The figure.
        id: String,
        /// The printed text.
        printed: String,
    },
    /// A figure's printed text does not read as its value.
    #[error("figure {id_x}: printed text {printed_x:?} reads as {read_x}, but the value is {value_x}", id_x = crate::error::excerpt(id), printed_x = crate::error::excerpt(printed), read_x = crate::error::excerpt(read), value_x = crate::error::excerpt(value))]
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
    #[error("figure {id_x}: cited document {document_x} is not available", id_x = crate::error::excerpt(id), document_x = crate::error::excerpt(document))]
    MissingDocument {
        /// The figure.
        id: String,
        /// The document file name.
        document: String,
    },
}
