//! Growth rates and yearly series.

/// Growth rates and yearly series.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GrowthError {
    /// A growth rate at or below −100%, which would wipe out or reverse the level.
    #[error("growth rate {rate} is at or below -100% (-1.0 as a fraction)")]
    RateAtOrBelowMinusOne {
        /// The rate given, as a fraction.
        rate: f64,
    },
    /// Text that should be a growth rate (`5.3%` or `0.053`) and is not.
    #[error("invalid rate {text_x:?} (write a percentage such as 5.3% or a fraction such as 0.053)", text_x = crate::error::excerpt(text))]
    InvalidRate {
        /// The text that was given.
        text: String,
    },
    /// A rate written as a bare number of 1 or more: a percentage or a fraction?
    #[error(
        "rate {text_x:?} is ambiguous: write {text_x}% for {text_x} percent (the fraction {percent}), or the fraction itself; a bare number must be below 1", text_x = crate::error::excerpt(text))]
    AmbiguousRate {
        /// The text that was given.
        text: String,
        /// What it would be as a percentage, as a fraction.
        percent: f64,
    },
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
    #[error("{what_x} needs consecutive years, but the series jumps from {after} to {next}", what_x = crate::error::excerpt(what))]
    YearGap {
        /// The computation (e.g. `forecast method damped`).
        what: String,
        /// The last year before the gap.
        after: i32,
        /// The first year after it.
        next: i32,
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
}
