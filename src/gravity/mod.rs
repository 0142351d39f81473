//! Structural gravity: PPML and OLS with high-dimensional fixed effects on flow panels.
//!
//! The model trade economists estimate trade costs and agreement effects with (Santos Silva &
//! Tenreyro 2006; Yotov, Piermartini, Monteiro & Larch 2016, *An Advanced Guide to Trade Policy
//! Analysis*): flows `X_ijt = exp(x_ijt'β + fixed effects) · ε`, estimated by Poisson
//! pseudo-maximum likelihood with exporter-time, importer-time and pair fixed effects.
//!
//! - [`Panel`]: flows with named columns, from CSV; derived regressors (logs, leads and lags
//!   within a pair, period dummies under a condition such as an international border).
//! - [`GravitySpec`] / [`Gravity`]: the model, written with a builder or as a fixest-style
//!   formula (`trade ~ ln_DIST + RTA | exp_year + imp_year`); fixed effects from columns,
//!   built-in keys (`exp_year`, `imp_year`, `pair`, `sym_pair`, `intra`, ...) or interactions
//!   (`exporter^year`).
//! - Estimation ([`Gravity::fit`]): singletons dropped, separated observations detected by the
//!   fixed effects and by the iterated rectifier (Correia, Guimarães & Zylkin 2020), regressors
//!   collinear with the fixed effects dropped, every drop counted in the result; PPML by IRLS
//!   with the fixed effects partialled out by accelerated alternating projections
//!   ([`demean`]), warm-started across iterations.
//! - [`GravityFit`]: coefficients with iid, HC1 or one- and two-way clustered standard errors
//!   (pyfixest's default small-sample corrections, see [`Vcov`]), the sample and drops,
//!   iterations, deviance, pseudo-R², fitted values and the fixed effects; a summary as its text
//!   form, its coefficient table as a [`Table`](crate::table::Table), and [`Models`] ([`etable`])
//!   for fits side by side.
//!
//! ```
//! use bilateral::gravity::{Gravity, Panel};
//! // Flows generated from known fixed effects and a distance elasticity of -1: PPML recovers it.
//! let (mut ex, mut im, mut t, mut v, mut d) = (vec![], vec![], vec![], vec![], vec![]);
//! let names = ["A", "B", "C", "D"];
//! for (i, a) in names.iter().enumerate() {
//!     for (j, b) in names.iter().enumerate() {
//!         let dist = 1.0 + ((i * 3 + j * 5) % 7) as f64;
//!         ex.push(*a); im.push(*b); t.push(2020); d.push(dist.ln());
//!         v.push(((i as f64) * 0.3 - (j as f64) * 0.2).exp() / dist);
//!     }
//! }
//! let panel = Panel::new(&ex, &im, &t, &v, vec![("ln_DIST".into(), d)])?;
//! let fit = Gravity::ppml(&panel).formula("trade ~ ln_DIST | exporter + importer")?.fit()?;
//! assert!((fit.coefficient("ln_DIST").unwrap().estimate + 1.0).abs() < 1e-8);
//! # Ok::<(), bilateral::Error>(())
//! ```

use crate::error::Result;

pub mod agtpa;
pub mod demean;
mod estimate;
mod fit;
#[cfg(feature = "polars")]
mod frame;
mod irls;
mod keys;
mod linalg;
mod panel;
mod predict;
mod sample;
mod schur;
mod solver;
mod spec;
mod split;
pub mod synthetic;
mod vcov;

pub use fit::{
    Coefficient, DropReason, Dropped, DroppedRegressor, FixedEffectValues, GravityFit, ModelRow,
    Models, etable,
};
pub use panel::{Condition, Missing, Panel, PanelColumns, Row};
pub use predict::{PredictionRow, Predictions};
pub use solver::{SWITCH_AFTER, Solver, SolverReport};
pub use spec::{Estimator, FixedEffect, GravitySpec, Offset, Options, Separation, Term, Vcov};
pub use split::{SplitFit, SplitRow, split_fit};

/// A model to estimate on a panel: a builder over [`GravitySpec`].
///
/// ```
/// # use bilateral::gravity::{Gravity, Panel, Vcov};
/// # let panel = Panel::new(&["A", "B"], &["B", "A"], &[1, 1], &[1.0, 2.0], vec![("x".into(), vec![0.0, 1.0])])?;
/// let model = Gravity::ppml(&panel)
///     .regressors(["x"])
///     .fixed_effects(["exp_year", "imp_year"])
///     .cluster(["sym_pair"]);
/// assert_eq!(model.spec().formula(), "trade ~ x | exp_year + imp_year");
/// assert!(matches!(model.spec().vcov, Vcov::Cluster(_)));
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Gravity<'p> {
    panel: &'p Panel,
    spec: GravitySpec,
}

impl<'p> Gravity<'p> {
    /// PPML of the panel's flow column on nothing yet.
    pub fn ppml(panel: &'p Panel) -> Self {
        let y = panel.key_columns().value.clone();
        Gravity {
            panel,
            spec: GravitySpec::new(Estimator::Ppml, Term::Column(y)),
        }
    }

    /// OLS of ln(flow) on nothing yet (positive flows only).
    pub fn ols(panel: &'p Panel) -> Self {
        let y = panel.key_columns().value.clone();
        Gravity {
            panel,
            spec: GravitySpec::new(Estimator::Ols, Term::Log(y)),
        }
    }

    /// A given specification.
    pub fn with_spec(panel: &'p Panel, spec: GravitySpec) -> Self {
        Gravity { panel, spec }
    }

    /// Replaces outcome, regressors and fixed effects by those of a formula (keeping the
    /// estimator, standard errors and options).
    ///
    /// # Errors
    /// [`GravityError::Formula`](crate::error::GravityError::Formula).
    pub fn formula(mut self, formula: &str) -> Result<Self> {
        let parsed = GravitySpec::parse(self.spec.estimator, formula)?;
        self.spec.outcome = parsed.outcome;
        self.spec.regressors = parsed.regressors;
        self.spec.fixed_effects = parsed.fixed_effects;
        Ok(self)
    }

    /// The outcome.
    pub fn outcome(mut self, term: impl Into<Term>) -> Self {
        self.spec.outcome = term.into();
        self
    }

    /// The regressors (`"x"` or `"log(x)"`).
    pub fn regressors<T: Into<Term>>(mut self, terms: impl IntoIterator<Item = T>) -> Self {
        self.spec.regressors = terms.into_iter().map(Into::into).collect();
        self
    }

    /// The fixed effects (`"exp_year"`, `"pair_id"`, `"exporter^year"`).
    pub fn fixed_effects<T: Into<FixedEffect>>(mut self, fes: impl IntoIterator<Item = T>) -> Self {
        self.spec.fixed_effects = fes.into_iter().map(Into::into).collect();
        self
    }

    /// Clustered standard errors by one or two keys.
    pub fn cluster<T: Into<FixedEffect>>(mut self, keys: impl IntoIterator<Item = T>) -> Self {
        self.spec.vcov = Vcov::Cluster(keys.into_iter().map(Into::into).collect());
        self
    }

    /// Standard errors.
    pub fn vcov(mut self, vcov: Vcov) -> Self {
        self.spec.vcov = vcov;
        self
    }

    /// An offset: a known part of the linear predictor (`"log(exposure)"`,
    /// `"0.19*RTA - 0.82*ln_DIST"`), added with coefficient 1.
    ///
    /// # Errors
    /// [`GravityError::Formula`](crate::error::GravityError::Formula) naming the part that does
    /// not parse.
    pub fn offset(mut self, expression: &str) -> Result<Self> {
        self.spec.offset = Some(expression.parse()?);
        Ok(self)
    }

    /// Observation weights from a column (finite, not negative; rows of weight 0 leave the
    /// sample).
    pub fn weights(mut self, column: &str) -> Self {
        self.spec.weights = Some(column.to_owned());
        self
    }

    /// Tolerances and switches.
    pub fn options(mut self, options: Options) -> Self {
        self.spec.options = options;
        self
    }

    /// The specification so far.
    pub fn spec(&self) -> &GravitySpec {
        &self.spec
    }

    /// Estimates the model.
    ///
    /// # Errors
    /// [`GravityError::NoSuchColumn`](crate::error::GravityError::NoSuchColumn) /
    /// [`GravityError::NotNumeric`](crate::error::GravityError::NotNumeric) for a term the panel
    /// lacks; [`crate::Error::Field`] naming the line of a non-finite regressor or a non-positive
    /// value under a log; a [`GravityError`](crate::error::GravityError) when nothing is left to
    /// estimate (an empty sample, no regressor, singular regressors, too few observations or
    /// clusters); [`GravityError::NoConvergence`](crate::error::GravityError::NoConvergence) with
    /// the iterations and last change.
    pub fn fit(&self) -> Result<GravityFit> {
        estimate::estimate(self.panel, &self.spec)
    }
}
