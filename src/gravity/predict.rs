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
