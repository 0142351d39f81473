//! An annual series in logs, the input of every forecasting method.

use crate::error::{Error, GrowthError, InputError, Result};
use serde::{Deserialize, Serialize};

/// An annual series in natural logs: years strictly increasing (gaps allowed), values finite.
///
/// Built from levels ([`LogSeries::from_levels`], which refuses values that are not positive,
/// naming the year) or from logs. Methods that need consecutive years
/// ([`Method::Damped`](super::Method::Damped)) refuse a series with gaps; the random walks and
/// the trend treat a gap of g years as a change over g years.
///
/// ```
/// use bilateral::forecast::LogSeries;
/// let s = LogSeries::from_levels(&[2017, 2018, 2020], &[2.0, 3.0, 2.8])?;
/// assert_eq!(s.years(), &[2017, 2018, 2020]);
/// assert!((s.logs()[1] - 3f64.ln()).abs() < 1e-15);
/// assert!(LogSeries::from_levels(&[2017, 2018], &[2.0, 0.0]).is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogSeries {
    years: Vec<i32>,
    logs: Vec<f64>,
}

impl LogSeries {
    /// A series from levels (each positive and finite), in any year order.
    ///
    /// # Errors
    /// [`GrowthError::SeriesTooShort`] without points or with unequal lengths;
    /// [`GrowthError::DuplicateYear`]; [`InputError::NonPositiveBase`] within the year of a level
    /// that is not positive (a log model cannot take it); [`InputError::NonFinite`] likewise.
    pub fn from_levels(years: &[i32], levels: &[f64]) -> Result<LogSeries> {
        if years.is_empty() || years.len() != levels.len() {
            return Err(Error::Growth(GrowthError::SeriesTooShort {
                what: "a series (one level per year)",
                needed: years.len().max(1),
                got: levels.len(),
            }));
        }
        let mut logs = Vec::with_capacity(levels.len());
        for (y, v) in years.iter().zip(levels) {
            if !v.is_finite() {
                return Err(Error::Input(InputError::NonFinite {
                    what: "a level",
                    value: *v,
                })
                .within(format!("year {y}")));
            }
            if *v <= 0.0 {
                return Err(Error::Input(InputError::NonPositiveBase {
                    what: "a level in a log model",
                    value: *v,
                })
                .within(format!("year {y}")));
            }
            logs.push(v.ln());
        }
        LogSeries::from_logs(years, &logs)
    }

    /// A series from log values.
    ///
    /// # Errors
    /// As [`LogSeries::from_levels`], for finite logs; [`InputError::OutOfRange`] for a year
    /// outside 1000–9999.
    pub fn from_logs(years: &[i32], logs: &[f64]) -> Result<LogSeries> {
        if years.is_empty() || years.len() != logs.len() {
            return Err(Error::Growth(GrowthError::SeriesTooShort {
                what: "a series (one value per year)",
                needed: years.len().max(1),
                got: logs.len(),
            }));
        }
        for y in years {
            crate::limits::year("a year of a series", *y)?;
        }
        let mut pairs: Vec<(i32, f64)> = years.iter().copied().zip(logs.iter().copied()).collect();
        pairs.sort_by_key(|p| p.0);
        for w in pairs.windows(2) {
            if let [a, b] = w
                && a.0 == b.0
            {
                return Err(Error::Growth(GrowthError::DuplicateYear { year: a.0 }));
            }
        }
        if let Some((y, v)) = pairs.iter().find(|p| !p.1.is_finite()) {
            return Err(Error::Input(InputError::NonFinite {
                what: "a log value",
                value: *v,
            })
            .within(format!("year {y}")));
        }
        Ok(LogSeries {
            years: pairs.iter().map(|p| p.0).collect(),
            logs: pairs.iter().map(|p| p.1).collect(),
        })
    }

    /// The years, increasing.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The log values, one per year.
    pub fn logs(&self) -> &[f64] {
        &self.logs
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// Never true: a series has at least one point.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// The last year.
    pub fn last_year(&self) -> i32 {
        self.years.last().copied().unwrap_or_default()
    }

    /// The first gap, as (year before, year after), if any.
    pub fn first_gap(&self) -> Option<(i32, i32)> {
        first_gap(&self.years)
    }

    /// The yearly volatility: the standard deviation σ of a random walk with drift fitted to
    /// the series (a change over g years has mean g·μ and variance g·σ²); `None` with fewer
    /// than 3 points. This is what [`ClassBy::Volatility`](super::ClassBy::Volatility) ranks.
    pub fn volatility(&self) -> Option<f64> {
        volatility(&self.years, &self.logs)
    }
}

pub(crate) fn first_gap(years: &[i32]) -> Option<(i32, i32)> {
    years.windows(2).find_map(|w| match w {
        [a, b] if *b != *a + 1 => Some((*a, *b)),
        _ => None,
    })
}

/// The changes of a series with their spans in years: (Δy, g).
pub(crate) fn changes<'a>(years: &'a [i32], y: &'a [f64]) -> impl Iterator<Item = (f64, f64)> + 'a {
    years
        .windows(2)
        .zip(y.windows(2))
        .map(|(t, v)| match (t, v) {
            ([t0, t1], [v0, v1]) => (v1 - v0, f64::from(t1 - t0)),
            _ => (0.0, 1.0),
        })
}

/// Drift (y_n − y_1)/span and the variance of the yearly change around it,
/// Σ (Δ − μ g)²/g / (k − 1), for k ≥ 2 changes.
pub(crate) fn drift_and_variance(years: &[i32], y: &[f64]) -> Option<(f64, f64, f64, f64)> {
    let (first, last) = (y.first()?, y.last()?);
    let span = f64::from(years.last()? - years.first()?);
    let k = (y.len() as f64) - 1.0;
    if k < 2.0 || span <= 0.0 {
        return None;
    }
    let m = (last - first) / span;
    let s2 = changes(years, y)
        .map(|(d, g)| (d - m * g).powi(2) / g)
        .sum::<f64>()
        / (k - 1.0);
    Some((m, s2, span, k))
}

pub(crate) fn volatility(years: &[i32], y: &[f64]) -> Option<f64> {
    drift_and_variance(years, y).map(|(_, s2, _, _)| s2.sqrt())
}
