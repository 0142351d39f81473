//! Estimation results: coefficients with inference, the sample and what was dropped, and
//! tables that set several models side by side.

use crate::error::Result;
use std::fmt::Write as _;

use super::spec::{Estimator, GravitySpec};

/// One coefficient with its inference.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Coefficient {
    /// The regressor (`(Intercept)` without fixed effects).
    pub name: String,
    /// The estimate.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// estimate / std_error: a z statistic for PPML, a t statistic for OLS.
    pub statistic: f64,
    /// Two-sided p-value (normal for PPML, Student t with `df` degrees of freedom for OLS).
    pub p_value: f64,
    /// Lower end of the 95% confidence interval.
    pub ci_low: f64,
    /// Upper end of the 95% confidence interval.
    pub ci_high: f64,
}

impl crate::table::Row for Coefficient {
    const REQUIRED: &'static [&'static str] = &["name", "estimate", "std_error"];
}

impl Coefficient {
    /// The partial effect on the level of trade of a change of the regressor by one (a dummy
    /// switched on): e^β − 1.
    pub fn partial_effect(&self) -> f64 {
        self.estimate.exp_m1()
    }
}

/// Why observations were left out of the estimation sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// A value the model uses is missing: an empty or `NA` cell, or a lead or lag that
    /// reaches past the data ([`Dropped::columns`] says which).
    Missing,
    /// A log outcome of zero (OLS on log flows uses positive flows only).
    NonPositiveOutcome,
    /// Alone in a level of a fixed effect: fits perfectly and says nothing.
    Singleton,
    /// In a fixed-effect level whose flows are all zero: its fixed effect runs off to −∞.
    SeparatedByFixedEffects,
    /// Separated by the regressors with the fixed effects (iterated rectifier).
    SeparatedByRegressors,
    /// An observation weight of 0.
    ZeroWeight,
}

impl DropReason {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            DropReason::Missing => "a value the model uses is missing",
            DropReason::NonPositiveOutcome => "outcome zero in a log model",
            DropReason::Singleton => "singleton in a fixed effect",
            DropReason::SeparatedByFixedEffects => {
                "separated: fixed-effect level with only zero flows"
            }
            DropReason::SeparatedByRegressors => "separated by the regressors (ReLU check)",
            DropReason::ZeroWeight => "observation weight 0",
        }
    }
}

/// Observations dropped for one reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Dropped {
    /// Why.
    pub reason: DropReason,
    /// How many.
    pub count: usize,
    /// For [`DropReason::Missing`]: the columns with missing cells among the rows, and how
    /// many each has (a row missing in two columns counts once in `count`, once in each here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<(String, usize)>,
}

/// A regressor left out of the model.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DroppedRegressor {
    /// The regressor.
    pub name: String,
    /// Why (collinear with the fixed effects, or with earlier regressors).
    pub reason: String,
}

/// The estimated values of one fixed effect.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FixedEffectValues {
    /// The fixed effect (`exp_year`, `exporter^year`, ...).
    pub name: String,
    /// Level labels (`ARG^1986`).
    pub levels: Vec<String>,
    /// Values, on the scale of the linear predictor. Normalised: every fixed effect after the
    /// first has its first level at 0, and the first absorbs the constant.
    pub values: Vec<f64>,
}

/// A fitted gravity model.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GravityFit {
    /// The specification that was estimated.
    pub spec: GravitySpec,
    /// The panel's source file.
    pub source: String,
    /// Coefficients, in the order of the regressors kept.
    pub coefficients: Vec<Coefficient>,
    /// The covariance matrix of the coefficients (row-major, same order).
    pub vcov: Vec<Vec<f64>>,
    /// Observations used.
    pub observations: usize,
    /// Observations in the panel before any drop.
    pub panel_rows: usize,
    /// Observations dropped, by reason (only reasons with a count).
    pub dropped: Vec<Dropped>,
    /// Regressors dropped as collinear.
    pub dropped_regressors: Vec<DroppedRegressor>,
    /// Levels per fixed effect in the sample.
    pub fixed_effect_sizes: Vec<(String, usize)>,
    /// Clusters per cluster variable.
    pub clusters: Vec<(String, usize)>,
    /// IRLS iterations (1 for OLS).
    pub iterations: usize,
    /// Demeaning work over all IRLS iterations: alternating-projection sweeps or
    /// conjugate-gradient iterations (kept for older readers; [`GravityFit::solver`] says which,
    /// and counts Auto's trial iterations too).
    pub demean_sweeps: usize,
    /// How the fixed effects were partialled out: the solver, its iterations and its last
    /// relative residual, pinned levels and the network's connected components.
    #[serde(default)]
    pub solver: super::SolverReport,
    /// The last IRLS convergence criterion |Δdeviance| / (0.1 + |deviance|) (0 for OLS).
    pub last_change: f64,
    /// Poisson deviance (PPML) or residual sum of squares (OLS).
    pub deviance: f64,
    /// Poisson log-likelihood (PPML; `None` for OLS).
    pub log_likelihood: Option<f64>,
    /// McFadden's pseudo-R² against a constant-only Poisson model (PPML), or R² (OLS).
    pub r2: f64,
    /// Degrees of freedom used by the small-sample correction (k + non-nested fixed effects).
    pub df_k: usize,
    /// Degrees of freedom of the t distribution (OLS): N − df_k, or clusters − 1.
    pub df_t: usize,
    /// Fitted values (flows for PPML, the outcome for OLS), one per observation used.
    #[serde(default, skip_serializing)]
    pub fitted: Vec<f64>,
    /// The panel rows used, in order (indexes into the panel given).
    #[serde(default, skip_serializing)]
    pub rows: Vec<usize>,
    /// The estimated fixed effects.
    #[serde(default, skip_serializing)]
    pub fixed_effects: Vec<FixedEffectValues>,
    /// Anything a reader of the estimates should know that is not an error (a separation check
    /// that did not settle, ...).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl GravityFit {
    /// The coefficient of `name`.
    pub fn coefficient(&self, name: &str) -> Option<&Coefficient> {
        self.coefficients.iter().find(|c| c.name == name)
    }

    /// Observations dropped for `reason`.
    pub fn dropped(&self, reason: DropReason) -> usize {
        self.dropped
            .iter()
            .filter(|d| d.reason == reason)
            .map(|d| d.count)
            .sum()
    }

    /// The text summary its `Display` prints: the model, the sample, drops, and the coefficient
    /// table.
    fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} {}", self.spec.estimator, self.spec.formula());
        let _ = writeln!(s, "data: {}", self.source);
        if let Some(o) = &self.spec.offset {
            let _ = writeln!(s, "offset: {o}");
        }
        if let Some(w) = &self.spec.weights {
            let _ = writeln!(s, "weights: {w}");
        }
        let _ = writeln!(
            s,
            "observations: {} of {}",
            self.observations, self.panel_rows
        );
        for d in &self.dropped {
            let _ = write!(s, "  dropped {}: {}", d.count, d.reason.describe());
            let columns: Vec<String> = d
                .columns
                .iter()
                .map(|(c, n)| format!("{c} ({n})"))
                .collect();
            if !columns.is_empty() {
                let _ = write!(s, " in {}", columns.join(", "));
            }
            s.push('\n');
        }
        for r in &self.dropped_regressors {
            let _ = writeln!(s, "  dropped regressor {}: {}", r.name, r.reason);
        }
        for n in &self.notes {
            let _ = writeln!(s, "note: {n}");
        }
        for (name, g) in &self.fixed_effect_sizes {
            let _ = writeln!(s, "fixed effect {name}: {g} levels");
        }
        let _ = writeln!(s, "standard errors: {}", self.spec.vcov);
        for (name, g) in &self.clusters {
            let _ = writeln!(s, "  {g} clusters of {name}");
        }
        let stat = if self.spec.estimator == Estimator::Ppml {
            "z"
        } else {
            "t"
        };
        let _ = writeln!(
            s,
            "{:<18} {:>12} {:>12} {:>8} {:>8} {:>12} {:>12}",
            "", "estimate", "std. error", stat, "p", "95% low", "95% high"
        );
        for c in &self.coefficients {
            let _ = writeln!(
                s,
                "{:<18} {:>12.6} {:>12.6} {:>8.3} {:>8.4} {:>12.6} {:>12.6}",
                c.name, c.estimate, c.std_error, c.statistic, c.p_value, c.ci_low, c.ci_high
            );
        }
        match self.log_likelihood {
            Some(ll) => {
                let _ = writeln!(
                    s,
                    "deviance {:.6}, log-likelihood {:.6}, pseudo-R² {:.6}, {} IRLS iterations (last change {:.2e})",
                    self.deviance, ll, self.r2, self.iterations, self.last_change
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "residual sum of squares {:.6}, R² {:.6}",
                    self.deviance, self.r2
                );
            }
        }
        if !self.fixed_effect_sizes.is_empty() {
            let _ = writeln!(s, "fixed effects: {}", self.solver);
        }
        s
    }
}

/// The coefficient table: `name, estimate, std_error, statistic, p_value, ci_low, ci_high`.
impl crate::table::Table for GravityFit {
    type Row = Coefficient;
    const WHAT: &'static str = "a coefficient table";
    fn rows(&self) -> Result<Vec<Coefficient>> {
        Ok(self.coefficients.clone())
    }
}

/// The model, the sample, what was dropped and why, the coefficients with their inference, and
/// the fit statistics.
impl std::fmt::Display for GravityFit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary())
    }
}

/// Several named fits, side by side: its text form is [`etable`]'s; as a
/// [`Table`](crate::table::Table), one [`ModelRow`] per model and coefficient.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Models {
    /// The fits, named, in column order.
    pub models: Vec<(String, GravityFit)>,
}

/// One coefficient of one model.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModelRow {
    /// The model's name.
    pub model: String,
    /// The regressor.
    pub name: String,
    /// The estimate.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Its two-sided p-value.
    pub p_value: f64,
    /// Observations the model used.
    pub observations: usize,
}

impl crate::table::Row for ModelRow {
    const REQUIRED: &'static [&'static str] = &["model", "name", "estimate"];
}

impl crate::table::Table for Models {
    type Row = ModelRow;
    const WHAT: &'static str = "fits side by side";
    fn rows(&self) -> Result<Vec<ModelRow>> {
        Ok(self
            .models
            .iter()
            .flat_map(|(model, fit)| {
                fit.coefficients.iter().map(move |c| ModelRow {
                    model: model.clone(),
                    name: c.name.clone(),
                    estimate: c.estimate,
                    std_error: c.std_error,
                    p_value: c.p_value,
                    observations: fit.observations,
                })
            })
            .collect())
    }
}

impl std::fmt::Display for Models {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let named: Vec<(&str, &GravityFit)> =
            self.models.iter().map(|(n, m)| (n.as_str(), m)).collect();
        f.write_str(&etable(&named))
    }
}

/// Several models side by side, as `fixest::etable` prints them: one column per model,
/// coefficients with standard errors in parentheses beneath, stars at 10%, 5% and 1%, then the
/// estimator, fixed effects, observations and fit statistics.
///
/// ```
/// # use bilateral::gravity::{etable, GravityFit};
/// let fits: Vec<(&str, &GravityFit)> = Vec::new();
/// assert!(etable(&fits).contains("Observations"));
/// ```
pub fn etable(models: &[(&str, &GravityFit)]) -> String {
    let names = distinct(
        models
            .iter()
            .flat_map(|(_, f)| f.coefficients.iter().map(|c| c.name.clone())),
    );
    let fes = distinct(
        models
            .iter()
            .flat_map(|(_, f)| f.spec.fixed_effects.iter().map(ToString::to_string)),
    );
    let label = names
        .iter()
        .chain(&fes)
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max(16);
    let mut t = Columns {
        models,
        label,
        text: String::new(),
    };
    t.row("", models.iter().map(|(n, _)| (*n).to_owned()).collect());
    t.each("", |f| f.spec.outcome.to_string());
    t.rule();
    for name in &names {
        let c = |f: &GravityFit| f.coefficient(name).cloned();
        t.each(name, |f| {
            c(f).map_or(String::new(), |c| {
                format!("{:.4}{}", c.estimate, stars(c.p_value))
            })
        });
        t.each("", |f| {
            c(f).map_or(String::new(), |c| format!("({:.4})", c.std_error))
        });
    }
    t.rule();
    for fe in &fes {
        t.each(fe, |f| {
            let has = f.spec.fixed_effects.iter().any(|x| x.to_string() == *fe);
            if has { "yes" } else { "no" }.to_owned()
        });
    }
    t.each("Estimator", |f| f.spec.estimator.to_string());
    t.each("Standard errors", short_vcov);
    t.each("Observations", |f| f.observations.to_string());
    if models
        .iter()
        .any(|(_, f)| f.dropped(DropReason::Missing) > 0)
    {
        t.each("Missing (left out)", |f| {
            f.dropped(DropReason::Missing).to_string()
        });
    }
    t.each("(Pseudo-)R²", |f| format!("{:.4}", f.r2));
    let mut s = t.text;
    s.push_str("Significance: *** 1%, ** 5%, * 10%\n");
    for (name, f) in models {
        for d in f.dropped.iter().filter(|d| d.reason == DropReason::Missing) {
            let columns: Vec<String> = d
                .columns
                .iter()
                .map(|(c, n)| format!("{c} ({n})"))
                .collect();
            let _ = writeln!(
                s,
                "{name}: {} rows left out for missing values in {}",
                d.count,
                columns.join(", ")
            );
        }
    }
    s
}

/// The distinct items, in order of first appearance.
fn distinct(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items.filter(|i| seen.insert(i.clone())).collect()
}

/// The text of [`etable`], a row at a time: a label, then one right-aligned cell per model.
struct Columns<'a> {
    models: &'a [(&'a str, &'a GravityFit)],
    label: usize,
    text: String,
}

impl Columns<'_> {
    const WIDTH: usize = 14;

    fn row(&mut self, head: &str, cells: Vec<String>) {
        let (label, width) = (self.label, Self::WIDTH);
        let _ = write!(self.text, "{head:<label$}");
        for c in cells {
            let _ = write!(self.text, " {c:>width$}");
        }
        self.text.push('\n');
    }

    /// A row whose cells come from each model.
    fn each(&mut self, head: &str, cell: impl Fn(&GravityFit) -> String) {
        let cells = self.models.iter().map(|(_, f)| cell(f)).collect();
        self.row(head, cells);
    }

    fn rule(&mut self) {
        let rule = "-".repeat(self.label + self.models.len() * (Self::WIDTH + 1));
        let _ = writeln!(self.text, "{rule}");
    }
}

fn short_vcov(f: &GravityFit) -> String {
    match &f.spec.vcov {
        super::spec::Vcov::Default => "default".into(),
        super::spec::Vcov::Iid => "iid".into(),
        super::spec::Vcov::Hetero => "HC1".into(),
        super::spec::Vcov::Cluster(k) => format!(
            "by {}",
            k.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("+")
        ),
    }
}

fn stars(p: f64) -> &'static str {
    if p < 0.01 {
        "***"
    } else if p < 0.05 {
        "**"
    } else if p < 0.1 {
        "*"
    } else {
        ""
    }
}
