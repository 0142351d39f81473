//! Gravity panels, formulas and estimation.

/// Gravity panels, formulas and estimation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GravityError {
    /// A gravity specification, formula or derived regressor names a column the panel does
    /// not have.
    #[error("panel {panel_x}: no column `{column_x}` (columns: {available_x})", panel_x = crate::error::excerpt(panel), column_x = crate::error::excerpt(column), available_x = crate::error::excerpt(available))]
    NoSuchColumn {
        /// The panel's source (file name, or `memory`).
        panel: String,
        /// The column asked for.
        column: String,
        /// The panel's columns, comma-separated.
        available: String,
    },
    /// A column used as a number holds text.
    #[error("panel {panel_x}: column `{column_x}` is not numeric (line {line} holds {text_x:?})", panel_x = crate::error::excerpt(panel), column_x = crate::error::excerpt(column), text_x = crate::error::excerpt(text))]
    NotNumeric {
        /// The panel's source.
        panel: String,
        /// The column.
        column: String,
        /// The first line (1-based, header = 1) holding text.
        line: u64,
        /// That text.
        text: String,
    },
    /// A model formula that does not parse.
    #[error("formula {formula_x:?}: {reason_x}", formula_x = crate::error::excerpt(formula), reason_x = crate::error::excerpt(reason))]
    Formula {
        /// The formula as given.
        formula: String,
        /// What is wrong, naming the term.
        reason: String,
    },
    /// An iterative solver that did not reach its tolerance.
    #[error(transparent)]
    NoConvergence(#[from] super::NoConvergence),
    /// A panel with no rows.
    #[error("panel {panel_x} has no rows", panel_x = crate::error::excerpt(panel))]
    EmptyPanel {
        /// The panel's source.
        panel: String,
    },
    /// A panel with a single country, where a gravity model compares pairs of countries.
    #[error("cannot estimate {model_x}: the panel has a single country ({country_x})", model_x = crate::error::excerpt(model), country_x = crate::error::excerpt(country))]
    SingleCountry {
        /// The model.
        model: String,
        /// The country.
        country: String,
    },
    /// No observation left after the sample rules (missing values, singletons, separation).
    #[error("cannot estimate {model_x}: no observations left (dropped: {dropped_x})", model_x = crate::error::excerpt(model), dropped_x = crate::error::excerpt(dropped))]
    EmptySample {
        /// The model.
        model: String,
        /// The observations dropped, by reason (`3 singletons, 12 separated by PPML`).
        dropped: String,
    },
    /// A PPML sample whose flows are all zero.
    #[error("cannot estimate {model_x}: every flow in the sample is zero", model_x = crate::error::excerpt(model))]
    AllZero {
        /// The model.
        model: String,
    },
    /// No regressor left once the fixed effects absorb what they explain.
    #[error("cannot estimate {model_x}: no regressor is left after the fixed effects", model_x = crate::error::excerpt(model))]
    NoRegressors {
        /// The model.
        model: String,
    },
    /// Regressors that are collinear after the fixed effects.
    #[error(
        "cannot estimate {model_x}: the regressors' cross-product matrix is singular after the fixed effects", model_x = crate::error::excerpt(model))]
    Singular {
        /// The model.
        model: String,
    },
    /// A PPML linear predictor that overflows however short the step.
    #[error(
        "cannot estimate {model_x}: the linear predictor overflows even after {halvings} step halvings", model_x = crate::error::excerpt(model))]
    Overflow {
        /// The model.
        model: String,
        /// The step halvings tried.
        halvings: u32,
    },
    /// Fewer observations than parameters (regressors and fixed-effect levels).
    #[error("cannot estimate {model_x}: {observations} observations for {parameters} parameters", model_x = crate::error::excerpt(model))]
    TooFewObservations {
        /// The model.
        model: String,
        /// Observations in the sample.
        observations: usize,
        /// Parameters to estimate.
        parameters: usize,
    },
    /// A clustering key with fewer than two clusters in the sample.
    #[error(
        "cannot estimate {model_x}: clustered standard errors need at least 2 clusters, got {clusters}", model_x = crate::error::excerpt(model))]
    TooFewClusters {
        /// The model.
        model: String,
        /// The fewest clusters of a key.
        clusters: usize,
    },
    /// A coefficient whose variance is zero or not finite (a perfect fit, too few observations).
    #[error(
        "cannot estimate {model_x}: the variance of {coefficient_x} is {variance} (a perfect fit, or too few observations?)", model_x = crate::error::excerpt(model), coefficient_x = crate::error::excerpt(coefficient))]
    Variance {
        /// The model.
        model: String,
        /// The coefficient.
        coefficient: String,
        /// Its variance.
        variance: f64,
    },
    /// A split on a column with fewer than two levels (with one, the split is the plain fit).
    #[error("split column `{column_x}` has {levels} level(s) with rows: a split needs at least two (fit the model without --split)", column_x = crate::error::excerpt(column))]
    SplitLevels {
        /// The column.
        column: String,
        /// Its levels with rows.
        levels: usize,
    },
    /// A row to predict whose fixed-effect level the fit never saw (its value is unknown).
    #[error("the fit has no value of fixed effect {effect_x} for level {level_x:?} (the level is not in the estimation sample; predict_known gives the other rows)", effect_x = crate::error::excerpt(effect), level_x = crate::error::excerpt(level))]
    UnseenLevel {
        /// The fixed effect.
        effect: String,
        /// The level.
        level: String,
    },
    /// A fit asked to predict without the fixed-effect values it needs (a fit read back from
    /// JSON, which leaves them out).
    #[error(
        "the fit carries no values of fixed effect {effect}: predict from the fit as estimated, not one read back from JSON"
    )]
    NoFixedEffectValues {
        /// The fixed effect.
        effect: String,
    },
    /// A fixed-effect solver asked for by name that cannot take this problem.
    #[error("the {solver} fixed-effect solver cannot take this problem: {reason}")]
    SolverLimit {
        /// The solver.
        solver: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A fixed-effect code beyond the number of levels given for it.
    #[error("fixed effect {effect} has a code beyond its {levels} levels")]
    FixedEffectCode {
        /// The fixed effect (0-based, in the order given).
        effect: usize,
        /// Its levels.
        levels: usize,
    },
}
