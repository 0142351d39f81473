//! Many annual series on common years: the reference panel of backtests and calibrations.

use crate::error::{Error, GrowthError, InputError, Result};

/// Annual series on common consecutive years, every value positive: the reference panel of a
/// [`backtest`](super::backtest) or a [`calibrate`](super::calibrate)d interval.
///
/// ```
/// use bilateral::forecast::SeriesSet;
/// let set = SeriesSet::new(vec![2000, 2001, 2002], vec!["a".into()], vec![vec![1.0, 2.0, 4.0]])?;
/// assert_eq!(set.len(), 1);
/// assert!(SeriesSet::new(vec![2000, 2002], vec!["a".into()], vec![vec![1.0, 2.0]]).is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesSet {
    years: Vec<i32>,
    ids: Vec<String>,
    levels: Vec<Vec<f64>>,
    logs: Vec<Vec<f64>>,
}

impl SeriesSet {
    /// Series `levels[s][t]` for `years[t]`.
    ///
    /// # Errors
    /// [`InputError::Missing`] for no series; [`InputError::Length`] for ragged series or ids;
    /// [`GrowthError::SeriesTooShort`] for fewer than 2 years; [`GrowthError::YearGap`] for years
    /// that are not consecutive; [`InputError::OutOfRange`] for a year outside 1000–9999;
    /// [`InputError::NonPositiveBase`] (within the series' name and year) for a value that is not
    /// positive or not finite.
    pub fn new(years: Vec<i32>, ids: Vec<String>, levels: Vec<Vec<f64>>) -> Result<SeriesSet> {
        if levels.is_empty() {
            return Err(Error::Input(InputError::Missing {
                what: "a series",
                purpose: "for a set of series",
            }));
        }
        if ids.len() != levels.len() {
            return Err(Error::Input(InputError::Length {
                what: "the series' ids".into(),
                len: ids.len(),
                expected: levels.len(),
            }));
        }
        if years.len() < 2 {
            return Err(Error::Growth(GrowthError::SeriesTooShort {
                what: "a set of series",
                needed: 2,
                got: years.len(),
            }));
        }
        for y in &years {
            crate::limits::year("a year of a series set", *y)?;
        }
        if let Some((after, next)) = super::series::first_gap(&years) {
            return Err(Error::Growth(GrowthError::YearGap {
                what: "a set of series".into(),
                after,
                next,
            }));
        }
        let mut logs = Vec::with_capacity(levels.len());
        for (id, l) in ids.iter().zip(&levels) {
            if l.len() != years.len() {
                return Err(Error::Input(InputError::Length {
                    what: format!("series {id}"),
                    len: l.len(),
                    expected: years.len(),
                }));
            }
            if let Some((year, v)) = years
                .iter()
                .zip(l)
                .find(|(_, v)| !(v.is_finite() && **v > 0.0))
            {
                return Err(Error::Within {
                    context: format!("series {id}, year {year}"),
                    error: Box::new(Error::Input(InputError::NonPositiveBase {
                        what: "a value in a log model",
                        value: *v,
                    })),
                });
            }
            logs.push(l.iter().map(|v| v.ln()).collect());
        }
        Ok(SeriesSet {
            years,
            ids,
            levels,
            logs,
        })
    }

    /// Number of series.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True without series (never, after [`SeriesSet::new`]).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The years.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The series' names (for a panel, `EXPORTER->IMPORTER`).
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The levels of series `s`, one per year.
    pub fn levels(&self, s: usize) -> Option<&[f64]> {
        self.levels.get(s).map(Vec::as_slice)
    }

    /// The logs of series `s`, one per year.
    pub fn logs(&self, s: usize) -> Option<&[f64]> {
        self.logs.get(s).map(Vec::as_slice)
    }

    pub(crate) fn level(&self, s: usize, t: usize) -> f64 {
        self.levels
            .get(s)
            .and_then(|l| l.get(t))
            .copied()
            .unwrap_or(0.0)
    }

    pub(crate) fn log_slice(&self, s: usize, t: usize) -> &[f64] {
        self.logs.get(s).and_then(|l| l.get(..=t)).unwrap_or(&[])
    }

    pub(crate) fn log_at(&self, s: usize, t: usize) -> Option<f64> {
        self.logs.get(s).and_then(|l| l.get(t)).copied()
    }
}
