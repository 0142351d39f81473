//! Backtest metrics as DataFrames (feature `polars`).

use polars::prelude::DataFrame;

use super::backtest::Backtest;
use crate::error::Result;

impl Backtest {
    /// The metrics as a DataFrame, one row per method, subset and horizon, with the columns
    /// of [`Backtest::to_csv`] (the fields of [`MetricRow`](super::MetricRow)).
    ///
    /// # Errors
    /// [`Error::Polars`](crate::Error::Polars).
    pub fn to_frame(&self) -> Result<DataFrame> {
        crate::io::frame::frame(self.rows.iter().cloned())
    }

    /// The reliability points (nominal against observed coverage) as a DataFrame.
    ///
    /// # Errors
    /// [`Error::Polars`](crate::Error::Polars).
    pub fn reliability_frame(&self) -> Result<DataFrame> {
        crate::io::frame::frame(self.reliability.iter().cloned())
    }
}
