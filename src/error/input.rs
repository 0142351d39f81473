//! A value given to a function outside what it accepts.

/// A value given to a function outside what it accepts: not finite, out of range, too large,
/// missing, of the wrong kind, or a name the model does not know. Any layer raises these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
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
    /// A horizon of zero years.
    #[error("the horizon must be at least one year, got 0")]
    ZeroHorizon,
    /// An input a computation needs and was not given.
    #[error("{what} is needed {purpose}")]
    Missing {
        /// What is missing.
        what: &'static str,
        /// What it is needed for.
        purpose: &'static str,
    },
    /// An input of the wrong kind for a computation.
    #[error("{what}: expected {expected}, got {got_x}", got_x = crate::error::excerpt(got))]
    WrongKind {
        /// Which input.
        what: &'static str,
        /// What was expected.
        expected: &'static str,
        /// What was given.
        got: String,
    },
    /// A size beyond what the crate accepts (runs, paths, years, bytes).
    #[error("{what} is larger than the limit of {limit}")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// A name a model does not know (a country, a cost term).
    #[error("unknown {what} {name_x:?} (known: {known_x})", name_x = crate::error::excerpt(name), known_x = crate::error::excerpt(known))]
    NotInModel {
        /// What kind of name.
        what: &'static str,
        /// The name given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// A list or column of the wrong length.
    #[error("{what_x} has {len} values where {expected} are needed", what_x = crate::error::excerpt(what))]
    Length {
        /// Which list (`column "RTA"`, `fixed effect 1's codes`).
        what: String,
        /// Its length.
        len: usize,
        /// The length needed.
        expected: usize,
    },
}
