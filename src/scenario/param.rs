//! Scenario parameters by path (`baseline.rate`, `free_trade.cost_after`,
//! `projects.taraz.capacity`), resolved once to a typed handle ([`Param`]) that a sweep or a Monte
//! Carlo sets in every run without looking the path up again.

use crate::error::{Error, Result, ScenarioError};
use std::fmt;

use super::layer::Layer;
use super::model::{Baseline, Scenario};

/// Where a parameter lives in one scenario: resolved by [`Scenario::param`], valid for that
/// scenario and its clones (layer positions are part of it).
///
/// # Examples
/// ```
/// use bilateral::scenario::presets;
/// let mut s = presets()?.into_iter().find(|s| s.name == "kaz-uzb free trade regime").expect("preset");
/// let rate = s.param("baseline.rate")?;
/// s.set_param(&rate, 0.07);
/// assert_eq!(s.value(&rate), Some(0.07));
/// assert_eq!(rate.to_string(), "baseline.rate");
/// assert!(s.param("baseline.speed").is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    slot: Slot,
    path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Target,
    Baseline(BaselineField),
    Layer(usize, LayerField),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BaselineField {
    Base,
    Rate,
    Slope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LayerField {
    CoveredShare,
    CostBefore,
    CostAfter,
    ImportDemandElasticity,
    SubstitutionElasticity,
    ThirdCountryRatio,
    ThirdCountryImports,
    ThirdCountryGrowth,
    Share,
    Project(usize, ProjectField),
    Coefficient,
    StdError,
    Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProjectField {
    Capacity,
    UnitPrice,
    TradedShare,
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

impl Param {
    /// The path it was resolved from.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// A layer's parameter names, and the field each stands for.
fn layer_fields(layer: &Layer) -> Vec<(String, LayerField)> {
    use LayerField as F;
    let named = |list: &[(&str, LayerField)]| -> Vec<(String, LayerField)> {
        list.iter().map(|(n, f)| ((*n).to_owned(), *f)).collect()
    };
    match layer {
        Layer::TradeCost(_) => named(&[
            ("covered_share", F::CoveredShare),
            ("cost_before", F::CostBefore),
            ("cost_after", F::CostAfter),
            ("import_demand_elasticity", F::ImportDemandElasticity),
            ("substitution_elasticity", F::SubstitutionElasticity),
            ("third_country_ratio", F::ThirdCountryRatio),
        ]),
        Layer::ImportSubstitution(_) => named(&[
            ("third_country_imports", F::ThirdCountryImports),
            ("third_country_growth", F::ThirdCountryGrowth),
            ("share", F::Share),
        ]),
        Layer::ProjectPipeline(l) => l
            .projects
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                [
                    ("capacity", ProjectField::Capacity),
                    ("unit_price", ProjectField::UnitPrice),
                    ("traded_share", ProjectField::TradedShare),
                ]
                .map(|(n, f)| (format!("{}.{n}", p.name), F::Project(i, f)))
            })
            .collect(),
        Layer::EstimatedEffect(_) => named(&[
            ("coefficient", F::Coefficient),
            ("std_error", F::StdError),
            ("covered_share", F::CoveredShare),
        ]),
        Layer::EquilibriumEffect(_) => named(&[("change", F::Change)]),
    }
}

const UNIT: &str = "a number in [0, 1]";
const NON_NEGATIVE: &str = "a finite number at least 0";
/// Trade elasticities beyond this are not estimates of anything; a typo (1e300) should not load.
const ELASTICITY: &str = "a finite number from 0 to 100";
const MAX_ELASTICITY: f64 = 100.0;

impl LayerField {
    /// The values a field takes, and the words for them.
    fn range(self) -> (fn(f64) -> bool, &'static str) {
        use LayerField as F;
        match self {
            F::CoveredShare | F::Share | F::Project(_, ProjectField::TradedShare) => {
                (|x| (0.0..=1.0).contains(&x), UNIT)
            }
            F::CostBefore
            | F::CostAfter
            | F::ThirdCountryRatio
            | F::ThirdCountryImports
            | F::Project(_, ProjectField::Capacity | ProjectField::UnitPrice) => {
                (|x| x >= 0.0, NON_NEGATIVE)
            }
            F::ImportDemandElasticity => (|x| x > 0.0 && x <= MAX_ELASTICITY, ELASTICITY),
            F::SubstitutionElasticity => (|x| (0.0..=MAX_ELASTICITY).contains(&x), ELASTICITY),
            F::ThirdCountryGrowth => (|x| x > -1.0, "a rate above -1 (-100%)"),
            F::Coefficient => (
                |x| x.abs() <= 10.0,
                "a finite number from -10 to 10 (log points)",
            ),
            F::StdError => (
                |x| (0.0..=10.0).contains(&x),
                "a finite number from 0 to 10",
            ),
            F::Change => (
                |x| x > -1.0 && x <= 100.0,
                "a fraction above -1 and at most 100",
            ),
        }
    }
}

/// Checks each of a layer's parameters against its range: the one list of parameter names
/// ([`layer_fields`]) is the one the ranges are checked by. A project's parameter is named
/// within `layer.project`.
///
/// # Errors
/// [`ScenarioError::Parameter`] for the first value out of range.
pub(super) fn check_ranges(layer: &Layer) -> Result<()> {
    for (path, field) in layer_fields(layer) {
        let Some(value) = layer_ref(layer, field) else {
            continue;
        };
        let (ok, expected) = field.range();
        let (owner, parameter) = match path.rsplit_once('.') {
            Some((project, name)) => (format!("{}.{project}", layer.name()), name),
            None => (layer.name().to_owned(), path.as_str()),
        };
        super::layer::check(&owner, parameter, *value, ok, expected)?;
    }
    Ok(())
}

/// The slot of a field, mutable or not: one list of fields for both.
macro_rules! slots {
    ($layer_fn:ident, $baseline_fn:ident $(, $m:tt)?) => {
        fn $layer_fn(layer: &$($m)? Layer, field: LayerField) -> Option<&$($m)? f64> {
            use LayerField as F;
            match (layer, field) {
                (Layer::TradeCost(l), F::CoveredShare) => Some(&$($m)? l.covered_share),
                (Layer::TradeCost(l), F::CostBefore) => Some(&$($m)? l.cost_before),
                (Layer::TradeCost(l), F::CostAfter) => Some(&$($m)? l.cost_after),
                (Layer::TradeCost(l), F::ImportDemandElasticity) => {
                    Some(&$($m)? l.import_demand_elasticity)
                }
                (Layer::TradeCost(l), F::SubstitutionElasticity) => {
                    Some(&$($m)? l.substitution_elasticity)
                }
                (Layer::TradeCost(l), F::ThirdCountryRatio) => Some(&$($m)? l.third_country_ratio),
                (Layer::ImportSubstitution(l), F::ThirdCountryImports) => {
                    Some(&$($m)? l.third_country_imports)
                }
                (Layer::ImportSubstitution(l), F::ThirdCountryGrowth) => {
                    Some(&$($m)? l.third_country_growth)
                }
                (Layer::ImportSubstitution(l), F::Share) => Some(&$($m)? l.share),
                (Layer::ProjectPipeline(l), F::Project(i, f)) => {
                    let p = (&$($m)? l.projects).into_iter().nth(i)?;
                    Some(match f {
                        ProjectField::Capacity => &$($m)? p.capacity,
                        ProjectField::UnitPrice => &$($m)? p.unit_price,
                        ProjectField::TradedShare => &$($m)? p.traded_share,
                    })
                }
                (Layer::EstimatedEffect(l), F::Coefficient) => Some(&$($m)? l.coefficient),
                (Layer::EstimatedEffect(l), F::StdError) => Some(&$($m)? l.std_error),
                (Layer::EstimatedEffect(l), F::CoveredShare) => Some(&$($m)? l.covered_share),
                (Layer::EquilibriumEffect(l), F::Change) => Some(&$($m)? l.change),
                _ => None,
            }
        }

        fn $baseline_fn(b: &$($m)? Baseline, field: BaselineField) -> Option<&$($m)? f64> {
            match (b, field) {
                (
                    Baseline::Compound { base, .. } | Baseline::Linear { base, .. },
                    BaselineField::Base,
                ) => Some(base),
                (Baseline::Compound { rate, .. }, BaselineField::Rate) => Some(rate),
                (Baseline::Linear { slope, .. }, BaselineField::Slope) => Some(slope),
                _ => None,
            }
        }
    };
}

slots!(layer_slot, baseline_slot, mut);
slots!(layer_ref, baseline_ref);

fn baseline_fields(b: &Baseline) -> &'static [(&'static str, BaselineField)] {
    match b {
        Baseline::Compound { .. } => {
            &[("base", BaselineField::Base), ("rate", BaselineField::Rate)]
        }
        Baseline::Linear { .. } => &[
            ("base", BaselineField::Base),
            ("slope", BaselineField::Slope),
        ],
        Baseline::Path { .. } => &[],
    }
}

impl Scenario {
    /// Every parameter path of the scenario, in order: `target` (if it has one), the
    /// baseline's, then each layer's.
    pub fn paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.target.is_some() {
            out.push("target".to_owned());
        }
        out.extend(
            baseline_fields(&self.baseline)
                .iter()
                .map(|(n, _)| format!("baseline.{n}")),
        );
        for l in &self.layers {
            out.extend(
                layer_fields(l)
                    .into_iter()
                    .map(|(n, _)| format!("{}.{n}", l.name())),
            );
        }
        out
    }

    /// Resolves a parameter path: `target`, `baseline.base`, `baseline.rate`,
    /// `baseline.slope`, `<layer>.<parameter>` or `<pipeline>.<project>.<parameter>`.
    ///
    /// # Errors
    /// [`ScenarioError::UnknownParameter`] if the path names nothing, listing the scenario's paths.
    pub fn param(&self, path: &str) -> Result<Param> {
        let found = |slot| Param {
            slot,
            path: path.to_owned(),
        };
        if path == "target" && self.target.is_some() {
            return Ok(found(Slot::Target));
        }
        if let Some((head, rest)) = path.split_once('.') {
            if head == "baseline" {
                if let Some((_, f)) = baseline_fields(&self.baseline)
                    .iter()
                    .find(|(n, _)| *n == rest)
                {
                    return Ok(found(Slot::Baseline(*f)));
                }
            } else if let Some((i, l)) = self
                .layers
                .iter()
                .enumerate()
                .find(|(_, l)| l.name() == head)
                && let Some((_, f)) = layer_fields(l).into_iter().find(|(n, _)| n == rest)
            {
                return Ok(found(Slot::Layer(i, f)));
            }
        }
        Err(Error::Scenario(ScenarioError::UnknownParameter {
            path: path.to_owned(),
            known: self.paths().join(", "),
        }))
    }

    fn slot(&mut self, p: &Param) -> Option<&mut f64> {
        match p.slot {
            Slot::Target => self.target.as_mut(),
            Slot::Baseline(f) => baseline_slot(&mut self.baseline, f),
            Slot::Layer(i, f) => layer_slot(self.layers.get_mut(i)?, f),
        }
    }

    /// Sets a parameter resolved by [`Scenario::param`]. The value is not checked here;
    /// [`Scenario::validate`] (run by [`Scenario::run`]) checks it. A handle from another
    /// scenario whose slot this one lacks changes nothing.
    pub fn set_param(&mut self, p: &Param, value: f64) {
        if let Some(slot) = self.slot(p) {
            *slot = value;
        }
    }

    /// A parameter's value; `None` for a handle from another scenario whose slot this one
    /// lacks.
    pub fn value(&self, p: &Param) -> Option<f64> {
        match p.slot {
            Slot::Target => self.target,
            Slot::Baseline(f) => baseline_ref(&self.baseline, f).copied(),
            Slot::Layer(i, f) => layer_ref(self.layers.get(i)?, f).copied(),
        }
    }

    /// Sets a numeric parameter by path (see [`Scenario::param`]).
    ///
    /// # Errors
    /// [`ScenarioError::UnknownParameter`] if the path names nothing. The value is not checked
    /// here; [`Scenario::validate`] (run by [`Scenario::run`]) checks it.
    pub fn set(&mut self, path: &str, value: f64) -> Result<()> {
        let p = self.param(path)?;
        self.set_param(&p, value);
        Ok(())
    }

    /// Reads a numeric parameter by path (see [`Scenario::param`]); `None` for a path that
    /// names nothing.
    pub fn get(&self, path: &str) -> Option<f64> {
        match self.param(path) {
            Ok(p) => self.value(&p),
            Err(_) => None,
        }
    }
}
