//! Scenario layers: the levers stacked on a baseline.

use serde::{Deserialize, Serialize};

use super::phase::PhaseIn;
use crate::data::Economy;
use crate::error::{DataError, Error, InputError, Result, ScenarioError};

/// The WITS/SMART default elasticity of substitution between suppliers of the same good.
pub const SMART_SUBSTITUTION_ELASTICITY: f64 = 1.5;

fn default_substitution() -> f64 {
    SMART_SUBSTITUTION_ELASTICITY
}

/// Checks one parameter against a range, naming the layer and parameter.
pub(crate) fn check(
    layer: &str,
    parameter: &str,
    value: f64,
    ok: impl Fn(f64) -> bool,
    expected: &'static str,
) -> Result<()> {
    if value.is_finite() && ok(value) {
        Ok(())
    } else {
        Err(Error::Scenario(ScenarioError::Parameter {
            layer: layer.to_owned(),
            parameter: parameter.to_owned(),
            value,
            expected,
        }))
    }
}

/// Checks a layer's first calendar year against [`crate::limits::YEARS`], naming the layer.
fn check_year(layer: &str, parameter: &str, year: i32) -> Result<()> {
    check(
        layer,
        parameter,
        f64::from(year),
        |_| crate::limits::YEARS.contains(&year),
        "a calendar year from 1000 to 9999",
    )
}

/// A change in tariffs or other trade costs on part of the corridor's flow, in the partial
/// equilibrium of the World Bank's WITS/SMART model (export supply infinitely elastic).
///
/// Usable for a free trade regime (tariffs and ad-valorem equivalents of non-tariff barriers
/// cut), transit facilitation (the ad-valorem equivalent of transit time and cost cut), and
/// market access (e.g. normal trade relations made permanent).
///
/// # Formula
/// With L the flow before this layer (baseline plus earlier layers), s the covered share,
/// M = s·L the covered imports, t₀ and t₁ the ad-valorem cost before and after, η the import
/// demand elasticity (a positive magnitude), σ the substitution elasticity and R the ratio of
/// third-country imports of the same goods to M:
///
/// - trade creation: TC = M · η · (t₀ − t₁) / (1 + t₀)
/// - trade diversion: TD = σ · M·R/(1 + R) · (1 − (1 + t₁)/(1 + t₀)), at most R·M (no more than
///   third countries supply) and at least −M
/// - contribution in year y = phase(y − start_year + 1) · (TC + TD)
///
/// # Defaults
/// `substitution_elasticity` defaults to 1.5, the WITS/SMART default. No other parameter has a
/// published default: SMART uses product-level import demand elasticities, which the caller must
/// supply as one weighted figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TradeCost {
    /// The layer's name, unique in its scenario.
    pub name: String,
    /// The first calendar year the change is in force.
    pub start_year: i32,
    /// How the change phases in.
    pub phase_in: PhaseIn,
    /// Share of the flow the change covers, in [0, 1].
    pub covered_share: f64,
    /// Ad-valorem tariff or trade-cost equivalent before, as a fraction (0.05 = 5%).
    pub cost_before: f64,
    /// The same after the change.
    pub cost_after: f64,
    /// Import demand elasticity η, as a positive magnitude.
    pub import_demand_elasticity: f64,
    /// Substitution elasticity σ between the corridor and third-country suppliers.
    #[serde(default = "default_substitution")]
    pub substitution_elasticity: f64,
    /// Third-country imports of the covered goods relative to the corridor's (R ≥ 0); 0 means no
    /// trade diversion.
    #[serde(default)]
    pub third_country_ratio: f64,
}

impl TradeCost {
    fn validate(&self, horizon: u32) -> Result<()> {
        check_year(&self.name, "start_year", self.start_year)?;
        self.phase_in.validate(&self.name, horizon)
    }

    /// Trade creation plus diversion at full effect on a flow of `level`.
    ///
    /// # Formula
    /// TC + TD as in the type's docs.
    pub fn full_effect(&self, level: f64) -> f64 {
        let m = self.covered_share * level;
        let (t0, t1) = (self.cost_before, self.cost_after);
        let creation = m * self.import_demand_elasticity * (t0 - t1) / (1.0 + t0);
        let r = self.third_country_ratio;
        let diversion =
            self.substitution_elasticity * m * r / (1.0 + r) * (1.0 - (1.0 + t1) / (1.0 + t0));
        creation + diversion.clamp(-m, r * m)
    }
}

/// Part of a partner's imports from third countries switching to the corridor.
///
/// # Formula
/// contribution in year y = phase(y − start_year + 1) · share · T₀ · (1 + g)^(y − base_year),
/// with T₀ the third-country imports in the scenario's base year and g their growth rate.
///
/// # Defaults
/// None: the source documents name the lever ("replacing imports from third countries", 002)
/// but no size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSubstitution {
    /// The layer's name, unique in its scenario.
    pub name: String,
    /// The first calendar year of substitution.
    pub start_year: i32,
    /// How the switch phases in.
    pub phase_in: PhaseIn,
    /// The partner's imports from third countries of goods the corridor could supply, in the
    /// base year (same unit as the baseline).
    pub third_country_imports: f64,
    /// Their annual growth rate, as a fraction (above −1).
    #[serde(default)]
    pub third_country_growth: f64,
    /// The share that switches at full effect, in [0, 1].
    pub share: f64,
}

impl ImportSubstitution {
    fn validate(&self, horizon: u32) -> Result<()> {
        check_year(&self.name, "start_year", self.start_year)?;
        self.phase_in.validate(&self.name, horizon)
    }
}

/// One investment project: output that enters the corridor's trade once it comes on stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The project's name, unique in its pipeline.
    pub name: String,
    /// The first calendar year of output.
    pub first_year: i32,
    /// Years to full output (0: full from the first year).
    #[serde(default)]
    pub ramp_up_years: u32,
    /// Output per year at full capacity, in its own unit (500,000 tonnes of steel); 1 for a
    /// project given directly by value.
    pub capacity: f64,
    /// Value per unit of output (dollars per tonne; or the whole annual value when capacity is 1).
    pub unit_price: f64,
    /// Share of the output traded along the corridor, in [0, 1].
    pub traded_share: f64,
}

impl Project {
    /// Share of full output in `year`.
    ///
    /// # Formula
    /// 0 before `first_year`; min((year − first_year + 1) / ramp_up_years, 1) after (1 when
    /// `ramp_up_years` is 0).
    pub fn ramp(&self, year: i32) -> f64 {
        if year < self.first_year {
            return 0.0;
        }
        let k = (i64::from(year) - i64::from(self.first_year)) as f64 + 1.0;
        if self.ramp_up_years == 0 {
            1.0
        } else {
            (k / f64::from(self.ramp_up_years)).min(1.0)
        }
    }

    /// Traded value per year at full output: capacity × unit price × traded share.
    pub fn annual_value(&self) -> f64 {
        self.capacity * self.unit_price * self.traded_share
    }
}

/// Investment or capacity coming on stream.
///
/// # Formula
/// contribution in year y = Σ over projects of ramp(y) · capacity · unit_price · traded_share.
///
/// # Defaults
/// None for prices and traded shares. The source documents give capacities and investment values
/// (the 500,000-tonne Taraz plant; 69 projects worth $3.1 billion, 002), which the presets use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectPipeline {
    /// The layer's name, unique in its scenario.
    pub name: String,
    /// The projects.
    pub projects: Vec<Project>,
}

impl ProjectPipeline {
    fn validate(&self, horizon: u32) -> Result<()> {
        if self.projects.len() > crate::limits::MAX_LAYERS {
            return Err(Error::Input(InputError::TooLarge {
                what: "the number of projects in a pipeline",
                limit: crate::limits::MAX_LAYERS as u64,
            }));
        }
        for p in &self.projects {
            let n = format!("{}.{}", self.name, p.name);
            check_year(&n, "first_year", p.first_year)?;
            if p.ramp_up_years > horizon {
                return Err(Error::Scenario(ScenarioError::PhaseInTooLong {
                    layer: n,
                    years: p.ramp_up_years,
                    horizon,
                }));
            }
        }
        let mut names: Vec<&str> = self.projects.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| matches!(w, [a, b] if a == b)) {
            return Err(Error::Scenario(ScenarioError::DuplicateLayer {
                name: format!("{}.{}", self.name, w.first().copied().unwrap_or_default()),
            }));
        }
        Ok(())
    }
}

fn one() -> f64 {
    1.0
}

/// Where an estimated effect comes from: the data, the model and the sample.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectProvenance {
    /// The data file (and its authors).
    pub data: String,
    /// The estimator and formula (`PPML trade ~ RTA | exp_year + imp_year + pair_id`).
    pub specification: String,
    /// The coefficient's name in that model.
    pub coefficient: String,
    /// Observations used.
    pub observations: u64,
    /// How the standard error was computed (`clustered (CRV1) by pair_id`).
    #[serde(default)]
    pub std_errors: String,
}

/// An effect on the corridor's trade estimated from data, e.g. a trade agreement's coefficient
/// β from a structural gravity model ([`crate::gravity`]): the partial effect on the level of
/// trade is e^β − 1, phased in.
///
/// # Formula
/// With L the flow before this layer and s the covered share:
/// contribution in year y = phase(y − start_year + 1) · s · L · (e^β − 1).
///
/// A [`crate::scenario::MonteCarlo`] run draws β for each path from Normal(β, std_error) (see
/// [`crate::scenario::MonteCarlo::draw_estimates`]), so the estimate's uncertainty reaches the
/// fan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimatedEffect {
    /// The layer's name, unique in its scenario.
    pub name: String,
    /// The first calendar year the effect applies.
    pub start_year: i32,
    /// How it phases in.
    pub phase_in: PhaseIn,
    /// The estimated coefficient β, in log points.
    pub coefficient: f64,
    /// Its standard error (0 for none).
    pub std_error: f64,
    /// Share of the flow it applies to, in [0, 1] (default 1).
    #[serde(default = "one")]
    pub covered_share: f64,
    /// Where the estimate comes from.
    #[serde(default)]
    pub provenance: EffectProvenance,
}

impl EstimatedEffect {
    /// A layer from a fitted gravity model's coefficient, with its provenance.
    ///
    /// # Errors
    /// [`InputError::NotInModel`] if the fit has no coefficient `name`, listing those it has.
    pub fn from_fit(
        layer: &str,
        fit: &crate::gravity::GravityFit,
        name: &str,
        start_year: i32,
        phase_in: PhaseIn,
    ) -> Result<EstimatedEffect> {
        let c = fit.coefficient(name).ok_or_else(|| {
            Error::Input(InputError::NotInModel {
                what: "coefficient",
                name: name.to_owned(),
                known: fit
                    .coefficients
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })?;
        Ok(EstimatedEffect {
            name: layer.to_owned(),
            start_year,
            phase_in,
            coefficient: c.estimate,
            std_error: c.std_error,
            covered_share: 1.0,
            provenance: EffectProvenance {
                data: fit.source.clone(),
                specification: format!("{} {}", fit.spec.estimator, fit.spec.formula()),
                coefficient: name.to_owned(),
                observations: fit.observations as u64,
                std_errors: fit.spec.vcov.to_string(),
            },
        })
    }

    /// The partial effect e^β − 1 at full phase-in.
    pub fn partial_effect(&self) -> f64 {
        self.coefficient.exp_m1()
    }

    fn validate(&self, horizon: u32) -> Result<()> {
        check_year(&self.name, "start_year", self.start_year)?;
        self.phase_in.validate(&self.name, horizon)
    }
}

/// Where an equilibrium effect comes from: the baseline's data and year, σ, the counterfactual
/// and the flow measured.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquilibriumProvenance {
    /// The baseline's data.
    pub data: String,
    /// The baseline's year.
    #[serde(default)]
    pub year: Option<i64>,
    /// The elasticity of substitution.
    pub sigma: f64,
    /// The counterfactual, in words.
    pub counterfactual: String,
    /// The flow whose change this is (`KAZ<->UZB turnover`).
    pub flow: String,
    /// General-equilibrium draws behind [`EquilibriumEffect::draws`] (0: a point result only).
    #[serde(default)]
    pub draws: usize,
    /// Of those, draws that failed to solve (left out of the draws).
    #[serde(default)]
    pub failed: usize,
}

/// The full general-equilibrium change of a corridor's trade under a counterfactual
/// ([`crate::equilibrium`]), applied to the scenario's path: trade diversion, changed
/// resistances, prices and incomes included, not only the pair's partial effect.
///
/// # Formula
/// contribution in year y = phase(y − start_year + 1) · L · change, with L the flow before this
/// layer and change the counterfactual's full-equilibrium change of the corridor's flow (0.12 =
/// +12%).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquilibriumEffect {
    /// The layer's name, unique in its scenario.
    pub name: String,
    /// The first calendar year the change applies.
    pub start_year: i32,
    /// How it phases in.
    pub phase_in: PhaseIn,
    /// The full-equilibrium change of the corridor's flow, as a fraction (above −1).
    pub change: f64,
    /// Where it comes from.
    #[serde(default)]
    pub provenance: EquilibriumProvenance,
    /// The change under each draw of the first stage's coefficients that solved
    /// ([`Baseline::solve_with_draws`](crate::equilibrium::Baseline::solve_with_draws)): Monte
    /// Carlo draws the layer's change from these, one per path, so the fan carries the
    /// estimation uncertainty (empty: the change is taken as known).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub draws: Vec<f64>,
    /// A general-equilibrium run that gives `change` (and `draws`) when the scenario file is
    /// read: data, first stage, changes and the corridor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<Box<super::run::EquilibriumRun>>,
}

impl EquilibriumEffect {
    /// The layer for the trade between `a` and `b` in both directions (turnover) from a solved
    /// counterfactual: (X'_ab + X'_ba) / (X_ab + X_ba) − 1 in the full equilibrium, a fraction.
    ///
    /// # Errors
    /// [`DataError::SelfCorridor`] if `a == b`; [`InputError::NotInModel`] if the result has no
    /// baseline trade between them.
    pub fn from_result(
        layer: &str,
        result: &crate::equilibrium::EquilibriumResult,
        a: impl Into<Economy>,
        b: impl Into<Economy>,
        start_year: i32,
        phase_in: PhaseIn,
    ) -> Result<EquilibriumEffect> {
        let (a, b) = (a.into(), b.into());
        if a == b {
            return Err(Error::Data(DataError::SelfCorridor {
                country: a.to_string(),
            }));
        }
        Ok(EquilibriumEffect {
            name: layer.to_owned(),
            start_year,
            phase_in,
            change: turnover_change(result, a, b)?,
            provenance: EquilibriumProvenance {
                data: result.provenance.data.clone(),
                year: result.provenance.year,
                sigma: result.sigma,
                counterfactual: result.counterfactual.clone(),
                flow: format!("{a}<->{b} turnover"),
                draws: 0,
                failed: 0,
            },
            draws: Vec::new(),
            run: None,
        })
    }

    fn validate(&self, horizon: u32) -> Result<()> {
        check_year(&self.name, "start_year", self.start_year)?;
        check(
            &self.name,
            "change",
            self.change,
            |v| v > -1.0,
            "a finite fraction above -1",
        )?;
        for (i, d) in self.draws.iter().enumerate() {
            check(
                &self.name,
                &format!("draws[{i}]"),
                *d,
                |v| v > -1.0,
                "a finite fraction above -1",
            )?;
        }
        self.phase_in.validate(&self.name, horizon)
    }
}

/// (X'_ab + X'_ba) / (X_ab + X_ba) − 1 in the full equilibrium of `result`, a fraction.
pub(crate) fn turnover_change(
    result: &crate::equilibrium::EquilibriumResult,
    a: Economy,
    b: Economy,
) -> Result<f64> {
    let (mut before, mut after) = (0.0, 0.0);
    for p in result
        .pairs
        .iter()
        .filter(|p| (p.exporter == a && p.importer == b) || (p.exporter == b && p.importer == a))
    {
        before += p.baseline;
        after += p.counterfactual_full;
    }
    if before.is_nan() || before <= 0.0 {
        return Err(Error::Input(InputError::NotInModel {
            what: "corridor with baseline trade",
            name: format!("{a}<->{b}"),
            known: result
                .countries
                .iter()
                .map(|c| c.country.code())
                .collect::<Vec<_>>()
                .join(", "),
        }));
    }
    Ok(after / before - 1.0)
}

/// A lever stacked on a scenario's baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Layer {
    /// See [`TradeCost`].
    TradeCost(TradeCost),
    /// See [`ImportSubstitution`].
    ImportSubstitution(ImportSubstitution),
    /// See [`ProjectPipeline`].
    ProjectPipeline(ProjectPipeline),
    /// See [`EstimatedEffect`].
    EstimatedEffect(EstimatedEffect),
    /// See [`EquilibriumEffect`].
    EquilibriumEffect(EquilibriumEffect),
}

impl Layer {
    /// The kinds, as written in scenario files.
    pub const KINDS: &'static [&'static str] = &[
        "trade_cost",
        "import_substitution",
        "project_pipeline",
        "estimated_effect",
        "equilibrium_effect",
    ];

    /// The layer's name.
    pub fn name(&self) -> &str {
        match self {
            Layer::TradeCost(l) => &l.name,
            Layer::ImportSubstitution(l) => &l.name,
            Layer::ProjectPipeline(l) => &l.name,
            Layer::EstimatedEffect(l) => &l.name,
            Layer::EquilibriumEffect(l) => &l.name,
        }
    }

    /// The kind, as written in scenario files.
    pub fn kind(&self) -> &'static str {
        match self {
            Layer::TradeCost(_) => "trade_cost",
            Layer::ImportSubstitution(_) => "import_substitution",
            Layer::ProjectPipeline(_) => "project_pipeline",
            Layer::EstimatedEffect(_) => "estimated_effect",
            Layer::EquilibriumEffect(_) => "equilibrium_effect",
        }
    }

    /// Checks every parameter, and that phase-ins fit within `horizon` years.
    ///
    /// # Errors
    /// [`ScenarioError::Parameter`] for a value out of range; [`ScenarioError::PhaseInTooLong`];
    /// [`ScenarioError::DuplicateLayer`] for two projects of one pipeline with the same name.
    pub fn validate(&self, horizon: u32) -> Result<()> {
        super::param::check_ranges(self)?;
        match self {
            Layer::TradeCost(l) => l.validate(horizon),
            Layer::ImportSubstitution(l) => l.validate(horizon),
            Layer::ProjectPipeline(l) => l.validate(horizon),
            Layer::EstimatedEffect(l) => l.validate(horizon),
            Layer::EquilibriumEffect(l) => l.validate(horizon),
        }
    }

    /// The contribution in `year`, given the flow `level` before this layer.
    pub fn contribution(&self, year: i32, base_year: i32, level: f64) -> f64 {
        // In 64 bits: any i32 years, even ones validation would refuse, give no overflow.
        let since = |start: i32| {
            u32::try_from(i64::from(year) - i64::from(start) + 1).unwrap_or(if year < start {
                0
            } else {
                u32::MAX
            })
        };
        match self {
            Layer::TradeCost(l) => l.phase_in.share(since(l.start_year)) * l.full_effect(level),
            Layer::ImportSubstitution(l) => {
                let t = (i64::from(year) - i64::from(base_year)) as f64;
                l.phase_in.share(since(l.start_year))
                    * l.share
                    * l.third_country_imports
                    * (1.0 + l.third_country_growth).powf(t)
            }
            Layer::ProjectPipeline(l) => l
                .projects
                .iter()
                .map(|p| p.ramp(year) * p.annual_value())
                .sum(),
            Layer::EstimatedEffect(l) => {
                l.phase_in.share(since(l.start_year)) * l.covered_share * level * l.partial_effect()
            }
            Layer::EquilibriumEffect(l) => l.phase_in.share(since(l.start_year)) * level * l.change,
        }
    }
}
