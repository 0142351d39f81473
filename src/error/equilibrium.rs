//! General-equilibrium baselines and counterfactuals.

/// General-equilibrium baselines and counterfactuals.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EquilibriumError {
    /// A baseline with fewer than two countries.
    #[error("a general-equilibrium baseline needs at least 2 countries, got {countries}")]
    TooFewCountries {
        /// The countries given.
        countries: usize,
    },
    /// Two cost terms of a baseline with one name: a counterfactual could not say which it
    /// changes.
    #[error("a general-equilibrium baseline has two cost terms named {term_x:?}", term_x = crate::error::excerpt(term))]
    DuplicateTerm {
        /// The name.
        term: String,
    },
    /// A set of pairs that selects no pair of the baseline: an agreement among one country, a
    /// list without pairs. Changing nothing is not a counterfactual.
    #[error("{pairs_x} selects no pair, so nothing would change (an agreement needs two countries or more)", pairs_x = crate::error::excerpt(pairs))]
    NoPairs {
        /// The set, in words.
        pairs: String,
    },
    /// A country listed twice in a baseline.
    #[error("a general-equilibrium baseline lists {country_x} twice", country_x = crate::error::excerpt(country))]
    DuplicateCountry {
        /// The country.
        country: String,
    },
    /// Two codes of a panel that read as the same economy (`usa` and `USA`).
    #[error("the panel's codes {first_x:?} and {second_x:?} are the same country {country_x}", first_x = crate::error::excerpt(first), second_x = crate::error::excerpt(second), country_x = crate::error::excerpt(country))]
    SameCountry {
        /// The first code.
        first: String,
        /// The second code.
        second: String,
        /// The economy both read as.
        country: String,
    },
    /// A negative or non-finite flow.
    #[error("the flow {exporter_x}→{importer_x} is {value}: a flow must be finite and at least 0", exporter_x = crate::error::excerpt(exporter), importer_x = crate::error::excerpt(importer))]
    Flow {
        /// The exporter.
        exporter: String,
        /// The importer.
        importer: String,
        /// The flow.
        value: f64,
    },
    /// A cost term (or the fixed part of the costs) with a value that is not finite.
    #[error("cost term {term_x} has a value that is not finite", term_x = crate::error::excerpt(term))]
    Cost {
        /// The term (`the fixed part` for the fixed part, where only +∞ and NaN are refused).
        term: String,
    },
    /// A country without a flow to itself.
    #[error("{country_x} has no intra-national flow: the model needs each country's sales to itself", country_x = crate::error::excerpt(country))]
    NoHomeFlow {
        /// The country.
        country: String,
    },
    /// A country with zero output or expenditure.
    #[error("{country_x} has zero output or expenditure", country_x = crate::error::excerpt(country))]
    NoOutput {
        /// The country.
        country: String,
    },
    /// A baseline panel with more than one period.
    #[error(
        "the panel has periods {first} to {last}: a baseline is one cross-section (filter one year)"
    )]
    Periods {
        /// The first period.
        first: i64,
        /// The last.
        last: i64,
    },
    /// A panel without rows for the baseline year.
    #[error("the panel has no rows for {year} (its years: {years})")]
    NoYear {
        /// The panel's years, in words.
        years: String,
        /// The year asked for.
        year: i64,
    },
    /// A pair that appears twice in a baseline's cross-section.
    #[error("the pair {exporter_x}→{importer_x} appears twice", exporter_x = crate::error::excerpt(exporter), importer_x = crate::error::excerpt(importer))]
    PairTwice {
        /// The exporter.
        exporter: String,
        /// The importer.
        importer: String,
    },
    /// A pair missing from a baseline's cross-section.
    #[error(
        "the pair {exporter_x}→{importer_x} is missing: the model needs every pair, intra-national flows included", exporter_x = crate::error::excerpt(exporter), importer_x = crate::error::excerpt(importer))]
    PairMissing {
        /// The exporter.
        exporter: String,
        /// The importer (the exporter itself for an intra-national flow).
        importer: String,
    },
    /// A reference country without imports, which cannot normalise the resistances.
    #[error("the reference country {reference_x} has no imports in the model", reference_x = crate::error::excerpt(reference))]
    NoReferenceImports {
        /// The reference country.
        reference: String,
    },
    /// A multilateral resistance that is zero or not finite.
    #[error(
        "a multilateral resistance is zero or not finite (a country with no trade partner in the model?)"
    )]
    Resistance,
    /// A factory-gate price that is zero or not finite in the full equilibrium.
    #[error("the full endowment equilibrium: a factory-gate price is zero or not finite")]
    Price,
    /// A country whose change is not finite.
    #[error("a change for {country_x} is not finite (no international exports in the model?)", country_x = crate::error::excerpt(country))]
    Change {
        /// The country.
        country: String,
    },
    /// A covariance of the cost coefficients that cannot be drawn from.
    #[error("the cost coefficients' covariance cannot be drawn from: {reason}")]
    Covariance {
        /// What is wrong with it.
        reason: String,
    },
    /// Draws asked of a baseline without a covariance of its cost coefficients.
    #[error(
        "the baseline has no covariance of its cost coefficients to draw from: build it from a \
         first-stage fit, or set one with Baseline::with_covariance"
    )]
    NoCovariance,
    /// A draw of the cost coefficients under which a different set of pairs has baseline trade
    /// than at the estimates (a cost that under- or overflows).
    #[error("a draw changed which pairs have baseline trade (a trade cost under- or overflowed)")]
    DrawPairs,
    /// A draw whose coefficients could not be made (a bootstrap refit that failed).
    #[error("the draw's coefficients could not be made: {reason}")]
    DrawFailed {
        /// Why.
        reason: String,
    },
    /// Every draw of an uncertainty run failed to solve.
    #[error("all {draws} draws failed to solve; the first: {first}")]
    AllDrawsFailed {
        /// The draws.
        draws: usize,
        /// The first draw's error.
        first: String,
    },
    /// An iterative solver that did not reach its tolerance.
    #[error(transparent)]
    NoConvergence(#[from] super::NoConvergence),
}
