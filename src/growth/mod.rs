//! Growth and targets: rates between levels, the rate a target needs, when it is reached, trend
//! fits, and annual series built from published figures. The target outlook, which puts them
//! together with a forecast, is [`crate::outlook`].
//!
//! The point functions ([`cagr`], [`required_rate`], [`years_to_target`], ...) work on `f64`
//! levels; the same functions on published figures, with their rounding carried through, are in
//! [`est`]. [`Series::from_dataset`] turns a dataset's figures into one annual series;
//! [`TrendFit`] fits a linear or log-linear trend with prediction intervals.
//!
//! # Examples
//! ```
//! use bilateral::growth::{self, Rate};
//! // $4.5 billion in 2023 to $10 billion in 2030 needs 12.08% a year ...
//! let r = growth::required_rate(4.5, 10.0, 7.0)?;
//! assert!((r.fraction() - 0.120_833).abs() < 1e-6);
//! // ... and at 5.3% a year it takes until the 16th year.
//! assert_eq!(growth::first_year_reaching(4.5, 10.0, Rate::new(0.053)?)?.years(), Some(16));
//! # Ok::<(), bilateral::Error>(())
//! ```

pub mod est;
pub(crate) mod rate;
pub(crate) mod series;
mod table;
pub(crate) mod trend;

pub use rate::{
    Direction, Rate, Reach, cagr, compound_path, doubling_time, first_year_reaching, growth,
    linear_path, log_growth, required_rate, years_to_target,
};
pub use series::{
    Annualise, Annualised, Duplicates, PartialYears, Series, SeriesPoint, SeriesSpec, SkipReason,
    Skipped, annualise,
};
pub use table::SeriesRow;
pub use trend::{TrendFit, TrendModel};

pub(crate) use rate::{horizon_years, whole_years};
