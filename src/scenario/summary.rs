//! Summaries of many paths: quantile fans per year and the share of paths reaching a target.

use crate::error::{Error, GrowthError, InputError, Result, finite};
use crate::random::quantile_select;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The quantile levels used when none are given: 5%, 25%, 50%, 75%, 95%.
pub const DEFAULT_QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// The distribution of many paths, year by year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathSummary {
    /// Calendar years.
    pub years: Vec<i32>,
    /// How many paths.
    pub paths: usize,
    /// The target the reach shares refer to.
    pub target: f64,
    /// Quantile levels (e.g. 0.05, 0.5, 0.95).
    pub quantile_levels: Vec<f64>,
    /// `fan[q][t]`: the `quantile_levels[q]` quantile of the level in `years[t]`.
    pub fan: Vec<Vec<f64>>,
    /// `reached_by[t]`: share of paths at or above the target in some year up to `years[t]`.
    pub reached_by: Vec<f64>,
    /// Share of paths at or above the target in the last year.
    pub final_at_least_target: f64,
}

pub(crate) fn check_levels(levels: &[f64]) -> Result<()> {
    for (i, q) in levels.iter().enumerate() {
        let q = finite("quantile level", *q)?;
        if !(0.0..=1.0).contains(&q) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "quantile level",
                value: q,
                expected: "between 0 and 1",
            }));
        }
        if levels.iter().take(i).any(|p| *p == q) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "quantile level",
                value: q,
                expected: "levels that differ from each other (each is one row of the fan)",
            }));
        }
    }
    Ok(())
}

/// Checks a target level: finite and positive.
pub(crate) fn check_target(target: f64) -> Result<f64> {
    let t = finite("target", target)?;
    if t <= 0.0 {
        return Err(Error::Input(InputError::NonPositiveBase {
            what: "target",
            value: t,
        }));
    }
    Ok(t)
}

impl PathSummary {
    /// Summarises paths stored year-major: `by_year[t][p]` is path p's level in `years[t]`.
    /// `first_reach[p]` is the index of the first year path p reached the target, if any.
    ///
    /// # Errors
    /// [`GrowthError::SeriesTooShort`] for no paths; [`InputError::OutOfRange`] for a quantile
    /// level outside [0, 1].
    pub(crate) fn from_year_major(
        years: Vec<i32>,
        mut by_year: Vec<Vec<f64>>,
        first_reach: &[Option<usize>],
        target: f64,
        levels: &[f64],
    ) -> Result<PathSummary> {
        check_levels(levels)?;
        let paths = first_reach.len();
        if paths == 0 {
            return Err(Error::Growth(GrowthError::SeriesTooShort {
                what: "a path summary",
                needed: 1,
                got: 0,
            }));
        }
        let final_at_least_target = by_year.last().map_or(0.0, |c| {
            c.iter().filter(|v| **v >= target).count() as f64 / paths as f64
        });
        // Columns in parallel; within a column, selection per level instead of a full sort.
        let per_year: Vec<Vec<f64>> = by_year
            .par_iter_mut()
            .map(|column| levels.iter().map(|q| quantile_select(column, *q)).collect())
            .collect();
        let fan = (0..levels.len())
            .map(|q| {
                per_year
                    .iter()
                    .map(|col| col.get(q).copied().unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        Ok(PathSummary {
            reached_by: reach_shares(years.len(), first_reach),
            years,
            paths,
            target,
            quantile_levels: levels.to_vec(),
            fan,
            final_at_least_target,
        })
    }
}

/// Share of paths that reached the target by each year, from each path's first year.
pub(crate) fn reach_shares(years: usize, first_reach: &[Option<usize>]) -> Vec<f64> {
    let mut counts = vec![0usize; years];
    for t in first_reach.iter().flatten() {
        if let Some(c) = counts.get_mut(*t) {
            *c += 1;
        }
    }
    let n = first_reach.len().max(1) as f64;
    let mut running = 0;
    counts
        .iter()
        .map(|c| {
            running += c;
            running as f64 / n
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_quantiles() {
        let mut x = [3.0, 1.0, 4.0, 2.0];
        // Sorted 1, 2, 3, 4; h = 3q: q = 0.5 → h = 1.5 → 2 + 0.5 · 1 = 2.5; q = 0.25 → 1.75.
        assert_eq!(quantile_select(&mut x, 0.5), 2.5);
        assert_eq!(quantile_select(&mut x, 0.25), 1.75);
        assert_eq!(quantile_select(&mut x, 0.0), 1.0);
        assert_eq!(quantile_select(&mut x, 1.0), 4.0);
        let mut z = [5.0];
        assert_eq!(quantile_select(&mut z, 0.5), 5.0);
    }

    #[test]
    fn reach_shares_accumulate() {
        let s = reach_shares(3, &[Some(0), None, Some(2), Some(1)]);
        assert_eq!(s, vec![0.25, 0.5, 0.75]);
    }
}
