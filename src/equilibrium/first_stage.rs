//! A general-equilibrium baseline on any panel: the cost terms estimated by PPML with exporter
//! and importer fixed effects on one year's cross-section, as the book's first application
//! does, then the baseline built from the fit.

use serde::{Deserialize, Serialize};

use super::model::{Baseline, Imbalances};
use crate::data::Economy;
use crate::error::{EquilibriumError, Error, GravityError, Result};
use crate::gravity::{Estimator, Gravity, GravityFit, GravitySpec, Panel, Vcov};

keyword_enum! {
    /// What a baseline does with international pairs that trade nothing in its year.
    #[derive(Default)]
    pub enum ZeroPairs: "zero_pairs" {
        #[default]
        /// Their trade cost comes from the gravity covariates and the estimated coefficients,
        /// as for every other pair, so the model gives them (small) trade: the book's way.
        Impute = "impute",
        /// They keep no trade in either world (a cost of zero t^(1−σ)), and a note says how
        /// many.
        Exclude = "exclude",
    }
}

/// The first stage and baseline of a general-equilibrium run on any panel.
///
/// ```
/// use bilateral::equilibrium::{FirstStage, ZeroPairs};
/// let s = FirstStage::new("trade ~ ln_DIST + CNTG + RTA | exporter + importer", "DEU")?
///     .year(2006)
///     .terms(&["RTA"]);
/// assert_eq!(s.zero_pairs, ZeroPairs::Impute);
/// assert_eq!(s.sigma, 7.0);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstStage {
    /// The gravity formula: the outcome, the cost terms' regressors (columns or `log(COL)`),
    /// and exactly the fixed effects `exporter + importer` (the structural model's output and
    /// expenditure terms).
    pub formula: String,
    /// The regressors that are cost terms a counterfactual can change and whose coefficients
    /// are drawn (all regressors when empty; the others still shape the costs, at their
    /// estimates).
    #[serde(default)]
    pub terms: Vec<String>,
    /// The year of the cross-section (the panel's only year when not given).
    #[serde(default)]
    pub year: Option<i64>,
    /// The reference country, whose inward resistance is 1.
    pub reference: Economy,
    /// The elasticity of substitution (above 1; the book's 7 by default).
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    /// Pairs without trade in the year.
    #[serde(default)]
    pub zero_pairs: ZeroPairs,
    /// Trade imbalances.
    #[serde(default)]
    pub imbalances: Imbalances,
    /// The first stage's covariance (robust by default: one observation per pair, as clustering
    /// by pair would give up to the small-sample factor).
    #[serde(default = "default_vcov")]
    pub vcov: Vcov,
}

pub(crate) fn default_sigma() -> f64 {
    super::book::SIGMA
}

fn default_vcov() -> Vcov {
    Vcov::Hetero
}

/// The panel's years, in words: `1986, 1990, ... 2006` (the first and last of many).
pub(crate) fn years_of(panel: &Panel) -> String {
    let mut years: Vec<i64> = panel.times().to_vec();
    years.sort_unstable();
    years.dedup();
    match years.as_slice() {
        [] => "none".into(),
        few if few.len() <= 12 => few
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        [first, .., last] => format!("{} years, {first} to {last}", years.len()),
        _ => "none".into(),
    }
}

impl FirstStage {
    /// A first stage of `formula` with `reference` as the reference country (a code read as
    /// [`Economy::new`] does) and every other choice at its default.
    ///
    /// # Errors
    /// As [`GravitySpec::parse`] and [`Economy::new`].
    pub fn new(formula: &str, reference: &str) -> Result<FirstStage> {
        let s = FirstStage {
            formula: formula.to_owned(),
            terms: Vec::new(),
            year: None,
            reference: Economy::new(reference)?,
            sigma: default_sigma(),
            zero_pairs: ZeroPairs::Impute,
            imbalances: Imbalances::FixedShares,
            vcov: default_vcov(),
        };
        s.spec()?;
        Ok(s)
    }

    /// The same for `year`'s cross-section.
    pub fn year(mut self, year: i64) -> FirstStage {
        self.year = Some(year);
        self
    }

    /// The same with these cost terms.
    pub fn terms(mut self, terms: &[&str]) -> FirstStage {
        self.terms = terms.iter().map(|t| (*t).to_owned()).collect();
        self
    }

    /// The parsed formula, checked: PPML with exactly exporter and importer fixed effects.
    ///
    /// # Errors
    /// As [`GravitySpec::parse`]; [`GravityError::Formula`] for other fixed effects.
    pub fn spec(&self) -> Result<GravitySpec> {
        let mut spec = GravitySpec::parse(Estimator::Ppml, &self.formula)?;
        let mut fe: Vec<String> = spec.fixed_effects.iter().map(ToString::to_string).collect();
        fe.sort_unstable();
        if fe != ["exporter", "importer"] {
            return Err(Error::Gravity(GravityError::Formula {
                formula: self.formula.clone(),
                reason: format!(
                    "a general-equilibrium first stage has exactly the fixed effects `exporter + \
                     importer` (the model's output and expenditure terms), got `{}`",
                    if fe.is_empty() {
                        "none".to_owned()
                    } else {
                        fe.join(" + ")
                    }
                ),
            }));
        }
        spec.vcov = self.vcov.clone();
        Ok(spec)
    }

    /// Fits the first stage on `panel`'s cross-section of the year and builds the baseline.
    ///
    /// # Errors
    /// As [`FirstStage::spec`]; [`EquilibriumError::NoYear`] for a year without rows (naming the
    /// panel's years), [`EquilibriumError::Periods`] for a panel of several years without one
    /// chosen; as [`Gravity::fit`] and [`Baseline::from_fit`] (a missing pair, a country
    /// without an intra-national flow, a reference not in the data, σ ≤ 1).
    pub fn baseline(&self, panel: &Panel) -> Result<(Baseline, GravityFit)> {
        let spec = self.spec()?;
        let cross = self.cross_section(panel)?;
        let fit = Gravity::with_spec(&cross, spec).fit()?;
        let terms: Vec<&str> = self.terms.iter().map(String::as_str).collect();
        let mut baseline = Baseline::from_fit(&cross, &fit, &terms, self.reference, self.sigma)?;
        // Regressors that are not cost terms keep their estimated part in the fixed costs.
        let kept: Vec<String> = baseline.terms().iter().map(|t| t.name.clone()).collect();
        let others: Vec<&str> = fit
            .coefficients
            .iter()
            .map(|c| c.name.as_str())
            .filter(|n| !kept.iter().any(|k| k == n))
            .collect();
        if !others.is_empty() {
            let fixed = Baseline::from_fit(&cross, &fit, &others, self.reference, self.sigma)?;
            baseline.fixed = fixed.costs(fixed.terms()).iter().map(|c| c.ln()).collect();
            let costs = baseline.costs(&baseline.terms);
            let (omr, imr, _) =
                baseline.resistances(&costs, &baseline.output, &baseline.expenditure, None)?;
            baseline.omr = omr;
            baseline.imr = imr;
        }
        if self.zero_pairs == ZeroPairs::Exclude {
            baseline = baseline.excluding_zero_pairs(&cross)?;
        }
        Ok((baseline.with_imbalances(self.imbalances), fit))
    }
}

impl FirstStage {
    /// The panel's cross-section of the year (the whole panel when no year is given).
    fn cross_section(&self, panel: &Panel) -> Result<Panel> {
        match self.year {
            Some(year) => {
                let c = panel.filter(|r| r.time() == year);
                if c.is_empty() {
                    return Err(Error::Equilibrium(EquilibriumError::NoYear {
                        year,
                        years: years_of(panel),
                    }));
                }
                Ok(c)
            }
            None => Ok(panel.clone()),
        }
    }

    /// A pairs-cluster bootstrap of the first stage, the slower alternative to drawing from
    /// Normal(β̂, V̂): for each draw, the year's pairs resampled with replacement (a pair's two
    /// directions together, each intra-national flow its own cluster), the first stage fitted
    /// again, and its cost coefficients kept (a refit that fails, or drops a cost term as
    /// collinear, is that draw's error). Seeded per draw, the same on any thread count. Returns
    /// the baseline at the estimates and the coefficient sets, for
    /// [`Baseline::solve_with_coefficients`].
    ///
    /// # Errors
    /// As [`FirstStage::baseline`] and [`Draws::validate`](super::Draws::validate).
    pub fn bootstrap(
        &self,
        panel: &Panel,
        draws: &super::Draws,
    ) -> Result<(Baseline, Vec<Result<Vec<f64>>>)> {
        use rand::{RngExt, SeedableRng};
        use rayon::prelude::*;
        draws.validate()?;
        let (baseline, _) = self.baseline(panel)?;
        let spec = self.spec()?;
        let cross = self.cross_section(panel)?;
        let mut index = std::collections::HashMap::new();
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for (row, (e, i)) in cross.exporters().iter().zip(cross.importers()).enumerate() {
            let key = ((*e).min(*i), (*e).max(*i));
            let c = *index.entry(key).or_insert_with(|| {
                clusters.push(Vec::new());
                clusters.len() - 1
            });
            if let Some(rows) = clusters.get_mut(c) {
                rows.push(row);
            }
        }
        let names: Vec<String> = baseline.terms().iter().map(|t| t.name.clone()).collect();
        let k = clusters.len();
        let betas = (0..draws.draws)
            .into_par_iter()
            .map(|d| -> Result<Vec<f64>> {
                let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(crate::random::stream_seed(
                    draws.seed, d as u64,
                ));
                let mut rows = Vec::with_capacity(cross.len());
                for _ in 0..k {
                    if let Some(c) = clusters.get(rng.random_range(0..k)) {
                        rows.extend_from_slice(c);
                    }
                }
                let fit = Gravity::with_spec(&cross.take(&rows), spec.clone()).fit()?;
                names
                    .iter()
                    .map(|name| {
                        fit.coefficient(name).map(|c| c.estimate).ok_or_else(|| {
                            Error::Input(crate::error::InputError::NotInModel {
                                what: "cost term in a bootstrap refit (dropped as collinear?)",
                                name: name.clone(),
                                known: fit
                                    .coefficients
                                    .iter()
                                    .map(|c| c.name.clone())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            })
                        })
                    })
                    .collect()
            })
            .collect();
        Ok((baseline, betas))
    }
}

impl Baseline {
    /// The baseline with every international pair that trades nothing in `cross` (its
    /// one-period panel) given no trade in either world, and a note saying how many.
    fn excluding_zero_pairs(mut self, cross: &Panel) -> Result<Baseline> {
        let (_, cells) = super::model::cells(cross)?;
        let n = self.countries.len();
        let mut excluded = 0usize;
        for (row, &k) in cells.iter().enumerate() {
            if k / n != k % n && cross.values().get(row).copied() == Some(0.0) {
                self.fixed[k] = f64::NEG_INFINITY;
                excluded += 1;
            }
        }
        self.notes
            .retain(|n| !n.contains("trade 0 in the data but have a finite trade cost"));
        if excluded > 0 {
            self.notes.push(format!(
                "{excluded} international pairs that trade 0 in the data are excluded: no trade \
                 in either world, whatever the counterfactual"
            ));
        }
        let costs = self.costs(&self.terms);
        let (omr, imr, _) = self.resistances(&costs, &self.output, &self.expenditure, None)?;
        self.omr = omr;
        self.imr = imr;
        Ok(self)
    }
}
