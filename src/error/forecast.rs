//! Forecasts, backtests and their calibration.

/// Forecasts, backtests and their calibration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// A class of a reference panel with no series in it, where a computation needs some.
    #[error("no series of {class_x} in the reference panel at {year}, which {purpose} needs", class_x = crate::error::excerpt(class))]
    EmptyClass {
        /// The class (e.g. `volatility class 3 of 5`, `subset large`).
        class: String,
        /// The year (origin) the classes were drawn at.
        year: i32,
        /// What needed it.
        purpose: &'static str,
    },
    /// A backtest origin that is not a year of the series.
    #[error("origin {year} is not a year of the series")]
    Origin {
        /// The origin.
        year: i32,
    },
    /// Calibration origins before the first test origin that the series do not reach.
    #[error(
        "origin {origin} with a window of {window} origins needs calibration origins from {from} with at least {need} years each, but the series start in {start}"
    )]
    Window {
        /// The first test origin.
        origin: i32,
        /// The calibration window, in origins.
        window: usize,
        /// The first calibration origin it needs.
        from: i64,
        /// The years a calibration origin needs before it.
        need: usize,
        /// The series' first year.
        start: i32,
    },
    /// A test origin whose horizon runs past the data.
    #[error("origin {origin} + {horizon} years runs past the data (last year {last})")]
    PastTheData {
        /// The origin.
        origin: i32,
        /// The longest horizon.
        horizon: usize,
        /// The last year of the series.
        last: i32,
    },
    /// A prior age that leaves the panel too few years before an origin to estimate a prior.
    #[error(
        "a prior {age} years old at origin {origin} would be estimated from the years up to {until}, but the panel covers {first}-{last} and a prior needs 3 of its years: at this origin a prior can be at most {oldest} years old"
    )]
    PriorAge {
        /// The age asked for.
        age: usize,
        /// The first test origin.
        origin: i32,
        /// The panel's first year.
        first: i32,
        /// The panel's last year.
        last: i32,
        /// The oldest prior the panel allows at that origin.
        oldest: usize,
        /// The last year the prior would be estimated from (origin − age).
        until: i64,
    },
    /// A partial-year figure whose months cannot be told (a period of days that are not whole
    /// months), so its share of the year is unknown.
    #[error(
        "figure {figure} covers {period}, which is not a run of whole months: its share of the year is unknown (give the period in months, e.g. 2024-01..2024-04)"
    )]
    PartialMonths {
        /// The figure.
        figure: String,
        /// Its period.
        period: String,
    },
    /// A calibration that is not consistent.
    #[error("calibration{}: {problem}", of_class(*class))]
    Calibration {
        /// The class, where one class is wrong.
        class: Option<usize>,
        /// What is wrong.
        problem: &'static str,
    },
    /// A calibration whose classes do not match its boundaries.
    #[error("calibration: {classes} classes for boundaries that make {expected}")]
    CalibrationClasses {
        /// The classes given.
        classes: usize,
        /// The classes the boundaries make.
        expected: usize,
    },
}

/// ` class N`, or nothing for the calibration as a whole.
fn of_class(class: Option<usize>) -> String {
    match class {
        Some(c) => format!(" class {c}"),
        None => String::new(),
    }
}
