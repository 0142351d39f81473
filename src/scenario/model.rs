//! A scenario: a baseline projection with levers stacked on it, year by year, and its result.

use serde::{Deserialize, Serialize};

use super::layer::{self, Layer};

use crate::error::{Error, InputError, IoError, Result, ScenarioError};
use crate::growth::Rate;
use crate::growth::TrendFit;

pub use crate::limits::MAX_HORIZON;

/// The projection levers are stacked on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method", deny_unknown_fields)]
pub enum Baseline {
    /// x_t = base · (1 + rate)^t.
    Compound {
        /// The level in the base year.
        base: f64,
        /// The annual rate, as a fraction.
        rate: f64,
    },
    /// x_t = base + slope · t.
    Linear {
        /// The level in the base year.
        base: f64,
        /// The change per year.
        slope: f64,
    },
    /// Given levels for the base year and each following year (e.g. a fitted trend's path).
    Path {
        /// Levels for years base_year, base_year + 1, ...
        values: Vec<f64>,
    },
}

impl Baseline {
    /// The baseline along a fitted trend: its predictions for `base_year..=base_year + horizon`.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] if a prediction overflows.
    pub fn from_trend(fit: &TrendFit, base_year: i32, horizon: u32) -> Result<Baseline> {
        crate::limits::year("base year", base_year)?;
        crate::growth::horizon_years(horizon)?;
        let values = (0..=horizon)
            .map(|t| fit.predict(base_year.saturating_add_unsigned(t)))
            .collect::<Result<Vec<f64>>>()?;
        Ok(Baseline::Path { values })
    }

    fn validate(&self, horizon: u32) -> Result<()> {
        let bad = |parameter: &str, value: f64, expected| {
            Error::Scenario(ScenarioError::Parameter {
                layer: "baseline".into(),
                parameter: parameter.into(),
                value,
                expected,
            })
        };
        match self {
            Baseline::Compound { base, rate } => {
                layer::check("baseline", "base", *base, |x| x > 0.0, "a positive level")?;
                Rate::new(*rate)
                    .map_err(|_| bad("rate", *rate, "a finite rate above -1 (-100%)"))?;
            }
            Baseline::Linear { base, slope } => {
                layer::check("baseline", "base", *base, |x| x > 0.0, "a positive level")?;
                let end = base + slope * f64::from(horizon);
                layer::check(
                    "baseline",
                    "slope",
                    *slope,
                    |_| end.is_finite() && end >= 0.0,
                    "a finite slope that keeps the level at or above 0 over the horizon",
                )?;
            }
            Baseline::Path { values } => {
                let need = usize::try_from(horizon)
                    .unwrap_or(usize::MAX)
                    .saturating_add(1);
                if values.len() < need {
                    return Err(bad(
                        "values",
                        values.len() as f64,
                        "a level for the base year and every year of the horizon",
                    ));
                }
                if let Some(v) = values.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
                    return Err(bad("values", *v, "finite levels at least 0"));
                }
            }
        }
        Ok(())
    }

    /// Writes the baseline for t = 0..out.len() into `out`.
    fn fill(&self, out: &mut [f64]) {
        match self {
            Baseline::Compound { base, rate } => {
                let mut v = *base;
                for x in out.iter_mut() {
                    *x = v;
                    v *= 1.0 + rate;
                }
            }
            Baseline::Linear { base, slope } => {
                let mut t = 0.0;
                for x in out.iter_mut() {
                    *x = base + slope * t;
                    t += 1.0;
                }
            }
            Baseline::Path { values } => {
                for (x, v) in out.iter_mut().zip(values) {
                    *x = *v;
                }
            }
        }
    }
}

/// A scenario: a baseline and an ordered list of layers over a horizon.
///
/// Layers are applied in order; each sees the flow as left by the baseline and the layers before
/// it (so a trade-cost cut listed after import substitution also applies to the substituted
/// trade). The canonical file forms are JSON and TOML ([`Scenario::from_toml`]).
///
/// # Examples
/// ```
/// use bilateral::Scenario;
/// use bilateral::scenario::{Baseline, Layer, PhaseIn, TradeCost};
/// let s = Scenario {
///     name: "free trade".into(),
///     description: String::new(),
///     base_year: 2023,
///     horizon: 7,
///     target: Some(10e9),
///     baseline: Baseline::Compound { base: 4.5e9, rate: 0.05 },
///     layers: vec![Layer::TradeCost(TradeCost {
///         name: "ftr".into(),
///         start_year: 2025,
///         phase_in: PhaseIn::Linear { years: 2 },
///         covered_share: 0.5,
///         cost_before: 0.05,
///         cost_after: 0.0,
///         import_demand_elasticity: 2.0,
///         substitution_elasticity: 1.5,
///         third_country_ratio: 0.0,
///     })],
/// };
/// let r = s.run()?;
/// // 2026, full effect: M = 0.5 · 4.5e9 · 1.05³ and TC = M · 2 · 0.05 / 1.05.
/// let level = 4.5e9 * 1.05f64.powi(3);
/// let expected = 0.5 * level * 2.0 * 0.05 / 1.05;
/// assert!((r.contributions[0].values[3] - expected).abs() < 1e-3);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ScenarioFile")]
pub struct Scenario {
    /// The scenario's name.
    pub name: String,
    /// What it assumes, and why.
    #[serde(default)]
    pub description: String,
    /// The base year (t = 0).
    pub base_year: i32,
    /// Years projected after the base year (at least 1).
    pub horizon: u32,
    /// A target level, if the scenario is judged against one.
    #[serde(default)]
    pub target: Option<f64>,
    /// The baseline projection.
    pub baseline: Baseline,
    /// The layers, applied in order.
    #[serde(default)]
    pub layers: Vec<Layer>,
}

/// A scenario as a file spells it, before [`Scenario::validate`]: unknown fields are refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioFile {
    name: String,
    #[serde(default)]
    description: String,
    base_year: i32,
    horizon: u32,
    #[serde(default)]
    target: Option<f64>,
    baseline: Baseline,
    #[serde(default)]
    layers: Vec<Layer>,
}

impl TryFrom<ScenarioFile> for Scenario {
    type Error = Error;
    fn try_from(f: ScenarioFile) -> Result<Scenario> {
        let s = Scenario {
            name: f.name,
            description: f.description,
            base_year: f.base_year,
            horizon: f.horizon,
            target: f.target,
            baseline: f.baseline,
            layers: f.layers,
        };
        s.validate()?;
        Ok(s)
    }
}

/// One layer's contribution, year by year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// The layer's name.
    pub layer: String,
    /// The layer's kind.
    pub kind: String,
    /// The contribution for each year of the result.
    pub values: Vec<f64>,
}

/// The result of running a scenario: the path with the baseline and each layer's contribution.
///
/// `total[t]` is computed as `baseline[t]` plus each contribution in layer order, so the parts add
/// up to the total exactly (in floating point, summed in that order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// The scenario's name.
    pub scenario: String,
    /// Calendar years, base year first.
    pub years: Vec<i32>,
    /// The baseline.
    pub baseline: Vec<f64>,
    /// Each layer's contribution, in layer order.
    pub contributions: Vec<Contribution>,
    /// Baseline plus contributions.
    pub total: Vec<f64>,
    /// The scenario's target, if any.
    pub target: Option<f64>,
}

impl ScenarioResult {
    /// The first year the total is at or above `target`.
    pub fn first_year_reaching(&self, target: f64) -> Option<i32> {
        self.years
            .iter()
            .zip(&self.total)
            .find(|(_, v)| **v >= target)
            .map(|(y, _)| *y)
    }
}

impl Scenario {
    /// Checks the horizon, the baseline and every layer.
    ///
    /// # Errors
    /// [`InputError::ZeroHorizon`]; [`ScenarioError::Parameter`] for a value out of range
    /// (including a horizon over [`MAX_HORIZON`]); [`ScenarioError::PhaseInTooLong`];
    /// [`ScenarioError::DuplicateLayer`] for two layers with one name.
    pub fn validate(&self) -> Result<()> {
        if self.horizon == 0 {
            return Err(Error::Input(InputError::ZeroHorizon));
        }
        if self.horizon > MAX_HORIZON {
            return Err(Error::Scenario(ScenarioError::Parameter {
                layer: "scenario".into(),
                parameter: "horizon".into(),
                value: f64::from(self.horizon),
                expected: "at most 1000 years",
            }));
        }
        crate::limits::year("base year", self.base_year)?;
        let last = i64::from(self.base_year) + i64::from(self.horizon);
        if last > i64::from(*crate::limits::YEARS.end()) {
            return Err(Error::Scenario(ScenarioError::Parameter {
                layer: "scenario".into(),
                parameter: "horizon".into(),
                value: f64::from(self.horizon),
                expected: "a horizon that ends by the year 9999",
            }));
        }
        self.baseline.validate(self.horizon)?;
        if let Some(t) = self.target {
            layer::check("scenario", "target", t, |x| x > 0.0, "a positive level")?;
        }
        if self.layers.len() > crate::limits::MAX_LAYERS {
            return Err(Error::Input(InputError::TooLarge {
                what: "the number of layers",
                limit: crate::limits::MAX_LAYERS as u64,
            }));
        }
        // Linear in the number of layers: a set of the names seen.
        let mut names = std::collections::HashSet::with_capacity(self.layers.len());
        for l in &self.layers {
            l.validate(self.horizon)?;
            if matches!(l.name(), "baseline" | "total") {
                return Err(Error::Scenario(ScenarioError::ReservedName {
                    name: l.name().to_owned(),
                }));
            }
            if !names.insert(l.name()) {
                return Err(Error::Scenario(ScenarioError::DuplicateLayer {
                    name: l.name().to_owned(),
                }));
            }
        }
        Ok(())
    }

    /// The calendar years of a run, base year first.
    pub fn years(&self) -> Vec<i32> {
        (0..=self.horizon)
            .map(|t| self.base_year.saturating_add_unsigned(t))
            .collect()
    }

    /// Runs the scenario.
    ///
    /// # Errors
    /// As [`Scenario::validate`]; [`InputError::NonFinite`] if a level overflows.
    pub fn run(&self) -> Result<ScenarioResult> {
        self.validate()?;
        let n = self.years().len();
        let mut baseline = vec![0.0; n];
        self.baseline.fill(&mut baseline);
        let mut contributions: Vec<Vec<f64>> = vec![vec![0.0; n]; self.layers.len()];
        let mut total = vec![0.0; n];
        self.stack(&baseline, Some(&mut contributions), &mut total)?;
        Ok(ScenarioResult {
            scenario: self.name.clone(),
            years: self.years(),
            baseline,
            contributions: self
                .layers
                .iter()
                .zip(contributions)
                .map(|(l, values)| Contribution {
                    layer: l.name().to_owned(),
                    kind: l.kind().to_owned(),
                    values,
                })
                .collect(),
            total,
            target: self.target,
        })
    }

    /// Stacks the layers on `baseline` (one level per year from the base year), writing the
    /// totals into `total` and, if given, each layer's contributions. Does not validate: callers
    /// validate once, then call this per path.
    pub(crate) fn stack(
        &self,
        baseline: &[f64],
        mut contributions: Option<&mut Vec<Vec<f64>>>,
        total: &mut [f64],
    ) -> Result<()> {
        for (t, (b, out)) in baseline.iter().zip(total.iter_mut()).enumerate() {
            let year = self
                .base_year
                .saturating_add(i32::try_from(t).unwrap_or(i32::MAX));
            let mut level = *b;
            let bad = |after: &str, value: f64| {
                Error::Scenario(ScenarioError::Level {
                    scenario: self.name.clone(),
                    year,
                    after: after.to_owned(),
                    value,
                })
            };
            if !(level.is_finite() && level >= 0.0) {
                return Err(bad("the baseline", level));
            }
            for (i, l) in self.layers.iter().enumerate() {
                let c = l.contribution(year, self.base_year, level);
                if let Some(cs) = contributions.as_deref_mut()
                    && let Some(slot) = cs.get_mut(i).and_then(|v| v.get_mut(t))
                {
                    *slot = c;
                }
                level += c;
                if !(level.is_finite() && level >= 0.0) {
                    return Err(bad(&format!("layer {:?}", l.name()), level));
                }
            }
            *out = level;
        }
        Ok(())
    }

    /// Runs the layers on a baseline path given directly (e.g. a Monte Carlo draw), writing the
    /// totals into `total`. Both slices hold one level per year from the base year.
    ///
    /// # Errors
    /// As [`Scenario::validate`]; [`ScenarioError::Parameter`] if the lengths differ from the
    /// horizon.
    pub fn stack_on(&self, baseline: &[f64], total: &mut [f64]) -> Result<()> {
        self.validate()?;
        let n = self.years().len();
        if baseline.len() != n || total.len() != n {
            return Err(Error::Scenario(ScenarioError::Parameter {
                layer: "baseline".into(),
                parameter: "values".into(),
                value: baseline.len() as f64,
                expected: "one level per year from the base year to the horizon",
            }));
        }
        self.stack(baseline, None, total)
    }

    /// Reads a scenario from JSON and validates it. Unknown fields are errors (a misspelt
    /// `horizn` is not silently left at a default).
    ///
    /// # Errors
    /// [`FileError::Document`](crate::error::FileError::Document) naming the field path, line and
    /// column for malformed JSON, a missing or unknown field or an unknown layer kind; then as
    /// [`Scenario::validate`] (a value out of range is [`ScenarioError::Parameter`], naming the
    /// layer and parameter).
    pub fn from_json(text: &str) -> Result<Scenario> {
        Scenario::parse("<json>", text.as_bytes(), false)
    }

    /// Reads a scenario document (TOML or JSON) named `name` in errors; an error inside a
    /// layer names the layer's field.
    fn parse(name: &str, bytes: &[u8], toml: bool) -> Result<Scenario> {
        let read = if toml {
            crate::document::from_toml::<ScenarioFile>(name, bytes)
        } else {
            crate::document::from_json::<ScenarioFile>(name, bytes)
        };
        read.map_err(|e| {
            let text = String::from_utf8_lossy(bytes);
            let text = text.trim_start_matches('\u{feff}');
            let document = if toml {
                toml::from_str::<toml::Table>(text).map_or(None, |t| serde_json::to_value(t).ok())
            } else {
                serde_json::from_str(text).ok()
            };
            match document {
                Some(document) => super::file::at_layer_field(e, &document),
                None => e,
            }
        })
        .and_then(Scenario::try_from)
    }

    /// Reads a scenario from TOML and validates it.
    ///
    /// # Errors
    /// As [`Scenario::from_json`].
    pub fn from_toml(text: &str) -> Result<Scenario> {
        Scenario::parse("<toml>", text.as_bytes(), true)
    }

    /// Reads a scenario file: TOML for a `.toml` name, JSON otherwise.
    ///
    /// # Errors
    /// [`IoError::Io`] if it cannot be read; as [`Scenario::from_json`], naming the file.
    pub fn load(path: &std::path::Path) -> Result<Scenario> {
        let bytes = crate::file::read(path)?;
        let toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        Scenario::parse(&path.display().to_string(), &bytes, toml)
    }

    /// The scenario as pretty JSON.
    ///
    /// # Errors
    /// [`IoError::Serialize`] if a value cannot be written (a NaN parameter).
    pub fn to_json(&self) -> Result<String> {
        crate::finite::check("a scenario", self)?;
        serde_json::to_string_pretty(self).map_err(|e| {
            Error::Io(IoError::Serialize {
                what: "a scenario as JSON",
                message: e.to_string(),
            })
        })
    }

    /// The scenario as TOML.
    ///
    /// # Errors
    /// [`IoError::Serialize`] if a value cannot be written.
    pub fn to_toml(&self) -> Result<String> {
        crate::finite::check("a scenario", self)?;
        toml::to_string_pretty(self).map_err(|e| {
            Error::Io(IoError::Serialize {
                what: "a scenario as TOML",
                message: e.to_string(),
            })
        })
    }
}
