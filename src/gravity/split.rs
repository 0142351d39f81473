//! One model per value of a column (per product, per sector): `split`, as fixest's `split =`,
//! the levels fitted in parallel, each failure kept with its level while the others are fitted,
//! and shards ([`crate::shard::Shard`]) that split the levels into contiguous blocks whose
//! tables, taken in shard order, make up the one-machine table row for row.

use std::collections::HashMap;

use rayon::prelude::*;

use super::fit::GravityFit;
use super::keys::key;
use super::panel::Panel;
use super::spec::{FixedEffect, GravitySpec};
use crate::error::{Error, GravityError, Result};
use crate::shard::Shard;

/// The fits of a split model: one per level of the split column in the shard.
#[derive(Debug)]
pub struct SplitFit {
    /// The column split on.
    pub by: String,
    /// The shard fitted ([`Shard::WHOLE`] for all levels).
    pub shard: Shard,
    /// Levels of the split column in the whole panel.
    pub total_levels: usize,
    /// Per level of the shard, in the split's order: the level and its fit or why it failed.
    pub levels: Vec<(String, Result<GravityFit>)>,
}

/// The split's order of levels: numerically when every level is a number (so that 2 comes
/// before 10), else as text.
fn ordered(labels: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    let numbers: Option<Vec<f64>> = labels.iter().map(|l| l.parse::<f64>().ok()).collect();
    match numbers {
        Some(v) => order.sort_by(|&a, &b| {
            let (x, y) = (v.get(a).copied(), v.get(b).copied());
            x.partial_cmp(&y)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| labels.get(a).cmp(&labels.get(b)))
        }),
        None => order.sort_by(|&a, &b| labels.get(a).cmp(&labels.get(b))),
    }
    order
}

/// Fits `spec` on the rows of each level of column `by` in `shard`, in parallel.
///
/// A level whose model fails (too few rows, all zero flows, no convergence, ...) keeps its
/// error in [`SplitFit::levels`]; the others are fitted. Rows whose `by` cell is missing belong
/// to no level.
///
/// # Errors
/// [`GravityError::NoSuchColumn`] when the panel has no column `by`;
/// [`GravityError::SplitLevels`] when it has fewer than two levels (a split with one level is
/// the plain fit); [`GravityError::Formula`] when `by` is in the model itself (as a regressor,
/// fixed effect or cluster key it is constant within a level).
pub fn split_fit(panel: &Panel, spec: &GravitySpec, by: &str, shard: Shard) -> Result<SplitFit> {
    let in_model = spec.regressors.iter().any(|t| t.column() == by)
        || spec.outcome.column() == by
        || spec
            .fixed_effects
            .iter()
            .any(|f| f.0.iter().any(|p| p == by));
    if in_model {
        return Err(Error::Gravity(GravityError::Formula {
            formula: spec.formula(),
            reason: format!(
                "the split column `{by}` is constant within each model: leave it out of the formula"
            ),
        }));
    }
    let (codes, labels) = key(panel, &FixedEffect(vec![by.to_owned()]))?;
    let missing = panel.missing_mask(by);
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); labels.len()];
    for (i, c) in codes.iter().enumerate() {
        if missing.is_some_and(|m| m.get(i) == Some(&true)) {
            continue;
        }
        if let Some(r) = rows_of.get_mut(*c as usize) {
            r.push(i);
        }
    }
    let present: Vec<usize> = ordered(&labels)
        .into_iter()
        .filter(|&l| rows_of.get(l).is_some_and(|r| !r.is_empty()))
        .collect();
    if present.len() < 2 {
        return Err(Error::Gravity(GravityError::SplitLevels {
            column: by.to_owned(),
            levels: present.len(),
        }));
    }
    let block = present.get(shard.range(present.len())).unwrap_or(&[]);
    let levels = block
        .par_iter()
        .map(|&l| {
            let label = labels.get(l).cloned().unwrap_or_default();
            let rows = rows_of.get(l).map_or(&[][..], Vec::as_slice);
            let part = panel.take(rows);
            let fit = super::Gravity::with_spec(&part, spec.clone()).fit();
            (label, fit)
        })
        .collect();
    Ok(SplitFit {
        by: by.to_owned(),
        shard,
        total_levels: present.len(),
        levels,
    })
}

impl SplitFit {
    /// The levels fitted.
    pub fn fitted(&self) -> impl Iterator<Item = (&str, &GravityFit)> {
        self.levels
            .iter()
            .filter_map(|(l, r)| r.as_ref().ok().map(|f| (l.as_str(), f)))
    }

    /// The levels that failed, with their errors.
    pub fn failed(&self) -> impl Iterator<Item = (&str, &Error)> {
        self.levels
            .iter()
            .filter_map(|(l, r)| r.as_ref().err().map(|e| (l.as_str(), e)))
    }

    /// Each level's fit, by level.
    pub fn by_level(&self) -> HashMap<&str, &GravityFit> {
        self.fitted().collect()
    }
}

/// As JSON: `{by, shard, total_levels, levels: [{level, fit} or {level, error}]}`.
impl serde::Serialize for SplitFit {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct Level<'a> {
            level: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            fit: Option<&'a GravityFit>,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<String>,
        }
        let levels: Vec<Level<'_>> = self
            .levels
            .iter()
            .map(|(level, r)| Level {
                level,
                fit: r.as_ref().ok(),
                error: r.as_ref().err().map(ToString::to_string),
            })
            .collect();
        let mut s = serializer.serialize_struct("SplitFit", 4)?;
        s.serialize_field("by", &self.by)?;
        s.serialize_field("shard", &self.shard.to_string())?;
        s.serialize_field("total_levels", &self.total_levels)?;
        s.serialize_field("levels", &levels)?;
        s.end()
    }
}

/// One coefficient of one level's model, or one failed level (no coefficient, the error).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SplitRow {
    /// The split column's value.
    pub level: String,
    /// The regressor (empty for a failed level).
    pub name: String,
    /// The estimate.
    pub estimate: Option<f64>,
    /// Its standard error.
    pub std_error: Option<f64>,
    /// Its z (PPML) or t (OLS) statistic.
    pub statistic: Option<f64>,
    /// Its two-sided p-value.
    pub p_value: Option<f64>,
    /// Lower end of its 95% interval.
    pub ci_low: Option<f64>,
    /// Upper end of its 95% interval.
    pub ci_high: Option<f64>,
    /// Observations the level's model used (0 for a failed level).
    pub observations: usize,
    /// Why the level's model failed (empty when it was fitted).
    pub error: String,
}

impl crate::table::Row for SplitRow {
    const REQUIRED: &'static [&'static str] = &["level", "name", "estimate"];
}

impl crate::table::Table for SplitFit {
    type Row = SplitRow;
    const WHAT: &'static str = "a split fit";
    fn rows(&self) -> Result<Vec<SplitRow>> {
        let mut rows = Vec::new();
        for (level, result) in &self.levels {
            match result {
                Ok(fit) => rows.extend(fit.coefficients.iter().map(|c| SplitRow {
                    level: level.clone(),
                    name: c.name.clone(),
                    estimate: Some(c.estimate),
                    std_error: Some(c.std_error),
                    statistic: Some(c.statistic),
                    p_value: Some(c.p_value),
                    ci_low: Some(c.ci_low),
                    ci_high: Some(c.ci_high),
                    observations: fit.observations,
                    error: String::new(),
                })),
                Err(e) => rows.push(SplitRow {
                    level: level.clone(),
                    name: String::new(),
                    estimate: None,
                    std_error: None,
                    statistic: None,
                    p_value: None,
                    ci_low: None,
                    ci_high: None,
                    observations: 0,
                    error: e.to_string(),
                }),
            }
        }
        Ok(rows)
    }
}

/// `split by product (shard 0/1, 3 of 3 levels): 2 fitted, 1 failed`, then a line per level.
impl std::fmt::Display for SplitFit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let failed = self.failed().count();
        writeln!(
            f,
            "split by {} (shard {}, {} of {} levels): {} fitted, {failed} failed",
            self.by,
            self.shard,
            self.levels.len(),
            self.total_levels,
            self.levels.len() - failed
        )?;
        for (level, result) in &self.levels {
            match result {
                Ok(fit) => {
                    let coefs: Vec<String> = fit
                        .coefficients
                        .iter()
                        .map(|c| format!("{} {:.6} ({:.6})", c.name, c.estimate, c.std_error))
                        .collect();
                    writeln!(
                        f,
                        "  {level}: {} observations, {}",
                        fit.observations,
                        coefs.join(", ")
                    )?;
                }
                Err(e) => writeln!(f, "  {level}: failed: {e}")?,
            }
        }
        Ok(())
    }
}
