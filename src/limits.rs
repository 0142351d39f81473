//! The sizes the crate accepts, in one place. Every size a caller or a file controls is checked
//! against these before anything is allocated, and too large is
//! [`InputError::TooLarge`](crate::error::InputError::TooLarge) (or
//! [`ScenarioError::Parameter`](crate::error::ScenarioError::Parameter) for a scenario's own
//! fields) naming the limit.
//!
//! | limit | value | why |
//! |---|---|---|
//! | [`MAX_HORIZON`] | 1,000 years | far beyond any trade projection; keeps a mistyped horizon from asking for gigabytes |
//! | [`MAX_FORECAST_HORIZON`] | 50 years | a statistical forecast or backtest: past it no annual trade series has errors to calibrate on (the AGTPA panels span 21 years) |
//! | [`YEARS`] | 1000..=9999 | calendar years as dates print them (four digits); keeps year arithmetic far from `i32` overflow |
//! | [`MAX_VALUES`] | 2²⁷ = 134,217,728 numbers (1 GiB of `f64`) | the most numbers one call keeps at once: an axis's values, a rate grid, a sweep's collected runs × years, Monte Carlo paths (× years with the fan on) |
//! | [`MAX_FILE_BYTES`] | 256 MiB | the largest file read whole (data files, JSON and CSV results, scenario files); Comtrade files are streamed and have no size limit |
//! | [`MAX_RECORD_BYTES`] | 1 MiB | the longest CSV record (a line, or the lines of one quoted field), header included, in every reader: a streamed file of one endless line (`/dev/zero`) stops there |
//! | [`MAX_LAYERS`] | 10,000 layers or projects | a scenario's layers and a pipeline's projects: validation and runs stay fast |
//!
//! Larger jobs are split: [`crate::scenario::Sweep::iter`] computes runs one at a time,
//! [`crate::scenario::Sweep::run_shard`] a block of the grid, and a Monte Carlo without its fan
//! keeps one number per path.

/// The longest horizon, in years, of a scenario, an outlook or a projection path.
pub const MAX_HORIZON: u32 = 1000;

/// The longest horizon, in years, of a statistical forecast, a backtest or a calibration.
pub const MAX_FORECAST_HORIZON: usize = 50;

/// The calendar years the crate accepts for base years, layer start years and target years.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// The most numbers one call holds at once (1 GiB of `f64`).
pub const MAX_VALUES: usize = 1 << 27;

/// The largest file read whole into memory.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// The longest CSV record any reader takes, header included.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// The most layers in a scenario, and projects in a pipeline.
pub const MAX_LAYERS: usize = 10_000;

/// Checks that `count` numbers fit within [`MAX_VALUES`].
///
/// # Errors
/// [`InputError::TooLarge`](crate::error::InputError::TooLarge) naming `what`.
pub(crate) fn values(what: &'static str, count: Option<usize>) -> crate::Result<usize> {
    match count {
        Some(n) if n <= MAX_VALUES => Ok(n),
        _ => Err(crate::Error::Input(crate::error::InputError::TooLarge {
            what,
            limit: MAX_VALUES as u64,
        })),
    }
}

/// Checks a horizon: at least one year, at most `max` ([`MAX_HORIZON`] or
/// [`MAX_FORECAST_HORIZON`]).
///
/// # Errors
/// [`InputError::ZeroHorizon`](crate::error::InputError::ZeroHorizon) for 0;
/// [`InputError::TooLarge`](crate::error::InputError::TooLarge) naming `what` and the limit.
pub(crate) fn horizon(what: &'static str, years: usize, max: usize) -> crate::Result<usize> {
    if years == 0 {
        return Err(crate::Error::Input(crate::error::InputError::ZeroHorizon));
    }
    if years > max {
        return Err(crate::Error::Input(crate::error::InputError::TooLarge {
            what,
            limit: max as u64,
        }));
    }
    Ok(years)
}

/// Checks that a year is in [`YEARS`].
///
/// # Errors
/// [`InputError::OutOfRange`](crate::error::InputError::OutOfRange) naming `what`.
pub(crate) fn year(what: &'static str, year: i32) -> crate::Result<i32> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(crate::Error::Input(crate::error::InputError::OutOfRange {
            what,
            value: f64::from(year),
            expected: "a calendar year from 1000 to 9999",
        }))
    }
}
