//! A general-equilibrium run named in a scenario file: the data, the first stage, the cost
//! changes and the corridor whose turnover change an `equilibrium_effect` layer applies, with
//! the first stage's uncertainty carried as draws.
//!
//! ```toml
//! [[layers]]
//! kind = "equilibrium_effect"
//! name = "KAZ-UZB agreement (general equilibrium)"
//! start_year = 2025
//! phase_in = { kind = "immediate" }
//! [layers.run]
//! data = "ge_panel.csv"              # relative to the scenario file
//! formula = "trade ~ log(DIST) + CNTG + RTA | exporter + importer"
//! year = 2023
//! reference = "RUS"
//! changes = ["RTA = 1 among KAZ, UZB"]
//! pair = ["KAZ", "UZB"]
//! draws = 1000
//! seed = 1
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::layer::{EquilibriumEffect, turnover_change};
use crate::data::Economy;
use crate::equilibrium::{Change, Counterfactual, Draws, FirstStage, Imbalances, ZeroPairs};
use crate::error::{Error, Result};
use crate::gravity::{Panel, PanelColumns};

/// A general-equilibrium run for an `equilibrium_effect` layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquilibriumRun {
    /// The panel (CSV), relative to the scenario file's folder.
    pub data: String,
    /// Its key columns (exporter, importer, year, trade), when not the AGTPA names.
    #[serde(default)]
    pub columns: Option<PanelColumns>,
    /// The first stage's formula (see [`FirstStage::formula`]).
    pub formula: String,
    /// The cost terms (all regressors when empty).
    #[serde(default)]
    pub terms: Vec<String>,
    /// The cross-section's year (the panel's only year when not given).
    #[serde(default)]
    pub year: Option<i64>,
    /// The reference country.
    pub reference: Economy,
    /// σ (the book's 7 by default).
    #[serde(default = "crate::equilibrium::default_sigma")]
    pub sigma: f64,
    /// Pairs without trade in the year.
    #[serde(default)]
    pub zero_pairs: ZeroPairs,
    /// Trade imbalances.
    #[serde(default)]
    pub imbalances: Imbalances,
    /// The cost changes, in words (`RTA = 1 among KAZ, UZB`).
    pub changes: Vec<String>,
    /// The corridor whose turnover change the layer applies.
    pub pair: (Economy, Economy),
    /// Draws of the first stage's coefficients (0: the point result only).
    #[serde(default)]
    pub draws: usize,
    /// The draws' seed.
    #[serde(default = "one")]
    pub seed: u64,
}

fn one() -> u64 {
    1
}

impl EquilibriumRun {
    /// Runs it: fills `layer`'s change (the point result), its draws and provenance. `folder`
    /// is where a relative `data` path starts.
    ///
    /// # Errors
    /// As [`Panel::from_csv`], [`FirstStage::baseline`], [`Change`]'s parsing,
    /// [`crate::equilibrium::Baseline::solve_with_draws`]; [`InputError::NotInModel`](crate::error::InputError::NotInModel)
    /// for a corridor without baseline trade; [`crate::error::EquilibriumError::AllDrawsFailed`].
    pub fn apply(&self, folder: &Path, layer: &mut EquilibriumEffect) -> Result<()> {
        let path = folder.join(&self.data);
        let panel = Panel::from_csv(&path, &self.columns.clone().unwrap_or_default())?;
        let stage = FirstStage {
            formula: self.formula.clone(),
            terms: self.terms.clone(),
            year: self.year,
            reference: self.reference,
            sigma: self.sigma,
            zero_pairs: self.zero_pairs,
            imbalances: self.imbalances,
            vcov: crate::gravity::Vcov::Hetero,
        };
        let (baseline, _) = stage.baseline(&panel)?;
        let mut cf = Counterfactual::new("");
        cf.changes = self
            .changes
            .iter()
            .map(|c| c.parse::<Change>())
            .collect::<Result<_>>()?;
        let point = baseline.solve(&cf)?;
        let (a, b) = self.pair;
        let mut effect = EquilibriumEffect::from_result(
            &layer.name,
            &point,
            a,
            b,
            layer.start_year,
            layer.phase_in.clone(),
        )?;
        if self.draws > 0 {
            let spec = Draws::new(self.draws, self.seed)?;
            let each = |r: &crate::equilibrium::EquilibriumResult| turnover_change(r, a, b);
            let results = baseline.draw_each(&cf, &spec, &each, &|_, _| {})?;
            let mut first: Option<Error> = None;
            for r in results {
                match r {
                    Ok(v) => effect.draws.push(v),
                    Err(e) => {
                        effect.provenance.failed += 1;
                        first.get_or_insert(e);
                    }
                }
            }
            if effect.draws.is_empty()
                && let Some(e) = first
            {
                return Err(Error::Equilibrium(
                    crate::error::EquilibriumError::AllDrawsFailed {
                        draws: self.draws,
                        first: e.to_string(),
                    },
                ));
            }
            effect.provenance.draws = self.draws;
        }
        effect.provenance.data = path.display().to_string();
        layer.change = effect.change;
        layer.draws = effect.draws;
        layer.provenance = effect.provenance;
        Ok(())
    }
}
