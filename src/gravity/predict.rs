//! Predictions of a fitted model on new data: the regressors' terms and the offset evaluated on
//! the new panel, and each fixed effect's value looked up by its level's label.

use std::collections::HashMap;

use super::fit::GravityFit;
use super::keys::key;
use super::panel::Panel;
use super::sample::{offset_values, term_values};
use super::spec::Estimator;
use crate::error::{Error, GravityError, InputError, Result};

impl GravityFit {
    /// The model's prediction for every row of `panel`: flows (`exp` of the linear predictor)
    /// for PPML, the outcome's scale (logs for `log(trade) ~ …`) for OLS. Regressors, the offset
    /// and the fixed effects' levels are read from `panel` as the fit read its own; a regressor
    /// dropped as collinear counts 0. On the estimation panel it gives the fitted values.
    ///
    /// # Errors
    /// [`GravityError::UnseenLevel`] at the line and fixed effect of the first row whose level
    /// the fit never saw (use [`GravityFit::predict_known`] to predict the others);
    /// [`GravityError::NoFixedEffectValues`] for a fit read back from JSON; the errors of
    /// reading a regressor (a missing column, a value that is not finite, a non-positive value
    /// under a log), naming the line and column.
    pub fn predict(&self, panel: &Panel) -> Result<Vec<f64>> {
        let (predicted, first_unseen) = self.predict_rows(panel)?;
        if let Some(e) = first_unseen {
            return Err(e);
        }
        Ok(predicted.into_iter().map(|p| p.unwrap_or(0.0)).collect())
    }

    /// [`GravityFit::predict`], with `None` for the rows whose fixed-effect levels the fit never
    /// saw.
    ///
    /// # Errors
    /// As [`GravityFit::predict`], but for unseen levels.
    pub fn predict_known(&self, panel: &Panel) -> Result<Vec<Option<f64>>> {
        Ok(self.predict_rows(panel)?.0)
    }

    /// The predictions, and the error of the first row with an unseen level.
    fn predict_rows(&self, panel: &Panel) -> Result<(Vec<Option<f64>>, Option<Error>)> {
        let n = panel.len();
        let all = vec![true; n];
        let mut eta = offset_values(panel, &self.spec, &all)?;
        if let Some(c) = self.coefficient("(Intercept)") {
            eta.iter_mut().for_each(|e| *e += c.estimate);
        }
        for term in &self.spec.regressors {
            let Some(c) = self.coefficient(&term.to_string()) else {
                continue;
            };
            let values = term_values(panel, term, &all, "a regressor")?;
            for (e, x) in eta.iter_mut().zip(&values) {
                *e += c.estimate * x;
            }
        }
        let mut known = vec![true; n];
        let mut first_unseen: Option<(usize, Error)> = None;
        for fe in &self.spec.fixed_effects {
            let name = fe.to_string();
            let Some(values) = self.fixed_effects.iter().find(|v| v.name == name) else {
                return Err(Error::Gravity(GravityError::NoFixedEffectValues {
                    effect: name,
                }));
            };
            let lookup: HashMap<&str, f64> = values
                .levels
                .iter()
                .map(String::as_str)
                .zip(values.values.iter().copied())
                .collect();
            let (codes, labels) = key(panel, fe)?;
            // The value of each of the new panel's levels, once per level.
            let level_values: Vec<Option<f64>> = labels
                .iter()
                .map(|l| lookup.get(l.as_str()).copied())
                .collect();
            for (i, ((e, k), code)) in eta.iter_mut().zip(known.iter_mut()).zip(&codes).enumerate()
            {
                match level_values.get(*code as usize).copied().flatten() {
                    Some(v) => *e += v,
                    None => {
                        *k = false;
                        if first_unseen.as_ref().is_none_or(|(row, _)| i < *row) {
                            let level = labels.get(*code as usize).cloned().unwrap_or_default();
                            let error = Error::Gravity(GravityError::UnseenLevel {
                                effect: name.clone(),
                                level,
                            })
                            .at(panel.source(), panel.line(i), &name);
                            first_unseen = Some((i, error));
                        }
                    }
                }
            }
        }
        let ppml = self.spec.estimator == Estimator::Ppml;
        let mut predicted = Vec::with_capacity(n);
        for (i, (e, k)) in eta.iter().zip(&known).enumerate() {
            let value = if ppml { e.exp() } else { *e };
            if *k && !value.is_finite() {
                return Err(Error::Input(InputError::NonFinite {
                    what: "a prediction (the linear predictor overflows)",
                    value,
                })
                .at(panel.source(), panel.line(i), "prediction"));
            }
            predicted.push(k.then_some(value));
        }
        Ok((predicted, first_unseen.map(|(_, e)| e)))
    }
}

/// A fit's predictions for the rows of a panel ([`GravityFit::predictions`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Predictions {
    /// The panel predicted.
    pub source: String,
    /// One per row of the panel, in order.
    pub rows: Vec<PredictionRow>,
}

/// One row's prediction.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PredictionRow {
    /// The row's line in its file (2 for the first row after the header).
    pub line: u64,
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// Time.
    pub time: i64,
    /// The observed flow (the panel's value column).
    pub observed: f64,
    /// The prediction (a flow for PPML, the outcome's scale for OLS); empty where a
    /// fixed-effect level is one the fit never saw.
    pub predicted: Option<f64>,
}

impl crate::table::Row for PredictionRow {
    const REQUIRED: &'static [&'static str] = &["exporter", "importer", "time", "predicted"];
}

impl crate::table::Table for Predictions {
    type Row = PredictionRow;
    const WHAT: &'static str = "predictions";
    fn rows(&self) -> Result<Vec<PredictionRow>> {
        Ok(self.rows.clone())
    }
}

impl Predictions {
    /// Rows without a prediction (a fixed-effect level the fit never saw).
    pub fn unseen(&self) -> usize {
        self.rows.iter().filter(|r| r.predicted.is_none()).count()
    }
}

/// `predictions for FILE: N rows (M with levels the fit never saw)`, then the table.
impl std::fmt::Display for Predictions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "predictions for {}: {} rows ({} with levels the fit never saw)",
            self.source,
            self.rows.len(),
            self.unseen()
        )?;
        writeln!(
            f,
            "{:>8} {:<10} {:<10} {:>6} {:>16} {:>16}",
            "line", "exporter", "importer", "time", "observed", "predicted"
        )?;
        for r in &self.rows {
            let p = r
                .predicted
                .map_or_else(|| "-".to_owned(), |p| format!("{p:.6}"));
            writeln!(
                f,
                "{:>8} {:<10} {:<10} {:>6} {:>16.6} {:>16}",
                r.line, r.exporter, r.importer, r.time, r.observed, p
            )?;
        }
        Ok(())
    }
}

impl GravityFit {
    /// [`GravityFit::predict_known`] as a table: each row of `panel` with its keys, its
    /// observed flow and its prediction (empty where a level is unseen).
    ///
    /// # Errors
    /// As [`GravityFit::predict_known`].
    pub fn predictions(&self, panel: &Panel) -> Result<Predictions> {
        let predicted = self.predict_known(panel)?;
        let countries = panel.countries();
        let name = |c: u32| countries.get(c as usize).cloned().unwrap_or_default();
        let rows = predicted
            .into_iter()
            .enumerate()
            .map(|(i, p)| PredictionRow {
                line: panel.line(i),
                exporter: panel
                    .exporters()
                    .get(i)
                    .map_or_else(String::new, |&c| name(c)),
                importer: panel
                    .importers()
                    .get(i)
                    .map_or_else(String::new, |&c| name(c)),
                time: panel.times().get(i).copied().unwrap_or(0),
                observed: panel.values().get(i).copied().unwrap_or(0.0),
                predicted: p,
            })
            .collect();
        Ok(Predictions {
            source: panel.source().to_owned(),
            rows,
        })
    }
}
