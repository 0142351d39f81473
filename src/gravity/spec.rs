//! What to estimate: estimator, outcome, regressors, fixed effects, inference, tolerances —
//! built in code or parsed from a fixest-style formula.

use crate::error::{Error, GravityError, Result};
use std::fmt;

/// The estimator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Estimator {
    /// Poisson pseudo-maximum likelihood (Santos Silva & Tenreyro 2006): zeros allowed.
    Ppml,
    /// Least squares (for log-linear specifications).
    Ols,
}

impl fmt::Display for Estimator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Estimator::Ppml => "PPML",
            Estimator::Ols => "OLS",
        })
    }
}

/// A variable of the model: a panel column or its natural logarithm.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Term {
    /// The column as it is.
    Column(String),
    /// ln of the column (every value used must be positive).
    Log(String),
}

/// A known part of the linear predictor, added with coefficient 1: a sum of terms, each with a
/// fixed coefficient (`log(exposure)`, `0.19*RTA - 0.82*ln_DIST`, the first stage of a
/// conditional general equilibrium).
///
/// ```
/// use bilateral::gravity::Offset;
/// let o: Offset = "0.19*RTA - 0.82 * log(DIST)".parse()?;
/// assert_eq!(o.to_string(), "0.19*RTA - 0.82*log(DIST)");
/// assert_eq!(o.terms().len(), 2);
/// assert!("2*".parse::<Offset>().is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Offset(Vec<(f64, Term)>);

impl Offset {
    /// The terms with their coefficients.
    pub fn terms(&self) -> &[(f64, Term)] {
        &self.0
    }

    /// An offset of terms with their coefficients.
    ///
    /// # Errors
    /// [`GravityError::Formula`] for no terms or a coefficient that is not finite.
    pub fn new(terms: Vec<(f64, Term)>) -> Result<Offset> {
        let text = || {
            terms
                .iter()
                .map(|(c, t)| format!("{c}*{t}"))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        if terms.is_empty() {
            return Err(Error::Gravity(GravityError::Formula {
                formula: String::new(),
                reason: "an offset needs at least one term".into(),
            }));
        }
        if let Some((c, t)) = terms.iter().find(|(c, _)| !c.is_finite()) {
            return Err(Error::Gravity(GravityError::Formula {
                formula: text(),
                reason: format!("the coefficient of {t} in the offset is {c}"),
            }));
        }
        Ok(Offset(terms))
    }
}

impl std::str::FromStr for Offset {
    type Err = Error;

    /// `term`, `c*term`, joined by `+` or `-`.
    fn from_str(text: &str) -> Result<Offset> {
        let err = |reason: String| {
            Error::Gravity(GravityError::Formula {
                formula: crate::error::excerpt(text).to_string(),
                reason,
            })
        };
        let mut terms = Vec::new();
        let mut sign = 1.0;
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(err("an offset needs at least one term".into()));
        }
        loop {
            if let Some(r) = rest.strip_prefix('-') {
                sign = -sign;
                rest = r.trim_start();
                continue;
            }
            if let Some(r) = rest.strip_prefix('+') {
                rest = r.trim_start();
                continue;
            }
            // One term: up to the next `+` or `-` outside parentheses (a number's exponent,
            // as in 1e-3, stays with its number).
            let mut depth = 0i32;
            let mut end = rest.len();
            let bytes = rest.as_bytes();
            for (i, ch) in rest.char_indices() {
                match ch {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    '+' | '-' if depth == 0 && i > 0 => {
                        let prev = bytes.get(i - 1).copied().unwrap_or(b' ');
                        let exponent = (prev == b'e' || prev == b'E')
                            && rest
                                .get(..i - 1)
                                .is_some_and(|h| h.trim().parse::<f64>().is_ok());
                        if !exponent {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let (piece, tail) = rest.split_at(end);
            let piece = piece.trim();
            let (coefficient, term) = match piece.split_once('*') {
                Some((c, t)) => {
                    let c: f64 = c.trim().parse().map_err(|_| {
                        err(format!(
                            "{:?} is not a number",
                            crate::error::excerpt(c.trim())
                        ))
                    })?;
                    (c, t.trim())
                }
                None if piece.parse::<f64>().is_ok() => {
                    return Err(err(format!(
                        "{piece:?} is a constant: the fixed effects or the intercept absorb it (an offset term is a column, log(column) or number*term)"
                    )));
                }
                None => (1.0, piece),
            };
            let term = parse_term(term).map_err(|r| err(format!("offset term: {r}")))?;
            terms.push((sign * coefficient, term));
            sign = 1.0;
            rest = tail.trim_start();
            if rest.is_empty() {
                break;
            }
        }
        Offset::new(terms).map_err(|_| err("a coefficient is not finite".into()))
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (c, t)) in self.0.iter().enumerate() {
            let (sign, c) = if *c < 0.0 { ("-", -c) } else { ("+", *c) };
            match (i, sign) {
                (0, "-") => f.write_str("-")?,
                (0, _) => {}
                _ => write!(f, " {sign} ")?,
            }
            // A coefficient of 1 is left out, unless the term's name reads as a number (a
            // column named `0` would read back as a constant).
            let name = t.to_string();
            if c == 1.0 && name.parse::<f64>().is_err() {
                write!(f, "{name}")?;
            } else {
                write!(f, "{c}*{name}")?;
            }
        }
        Ok(())
    }
}

impl Term {
    /// The column the term reads.
    pub fn column(&self) -> &str {
        match self {
            Term::Column(c) | Term::Log(c) => c,
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Column(c) => f.write_str(c),
            Term::Log(c) => write!(f, "log({c})"),
        }
    }
}

impl From<&str> for Term {
    fn from(s: &str) -> Term {
        parse_term(s).unwrap_or_else(|_| Term::Column(s.to_owned()))
    }
}

/// A fixed effect: one panel column, a built-in key, or an interaction of several (`a^b`).
///
/// Names are looked up first among the panel's columns, then among the built-in keys:
///
/// | key | levels |
/// |---|---|
/// | `exporter`, `importer`, `year` (or the time column's name, or `time`) | the key columns |
/// | `exp_year`, `imp_year` (also `exp_time`, `imp_time`) | exporter × period, importer × period |
/// | `pair` | directed pair (exporter, importer) |
/// | `sym_pair` | symmetric pair: A→B and B→A share it; each intra-national pair its own |
/// | `intra` | the country for an intra-national flow, one level for all international flows (country-specific border effects) |
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FixedEffect(pub Vec<String>);

impl fmt::Display for FixedEffect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("^"))
    }
}

impl From<&str> for FixedEffect {
    fn from(s: &str) -> FixedEffect {
        FixedEffect(s.split('^').map(|p| p.trim().to_owned()).collect())
    }
}

/// How standard errors are computed.
///
/// Small-sample corrections are those pyfixest uses by default (and fixest with
/// `ssc(adj = TRUE, fixef.K = "nonnested", cluster.adj = TRUE, cluster.df = "min")`), with `N`
/// observations, `k` coefficients and `k_fe` = Σ levels − (number of fixed effects − 1):
/// - `Iid`: × (N−1)/(N−k−k_fe); OLS scales by σ² = Σe²/(N−1) first;
/// - `Hetero` (HC1): × N/(N−k−k_fe);
/// - `Cluster` (CRV1): × (N−1)/(N−df) × G/(G−1), where df leaves out the levels of fixed
///   effects nested in a cluster variable (adding back one per such fixed effect); two-way
///   clustering adds the two one-way matrices and subtracts the one for their intersection,
///   each with G = the smaller number of clusters.
///
/// When none is asked for ([`Vcov::Default`], what a specification starts with), a fit is
/// clustered by its first fixed effect, as fixest and pyfixest do (for PPML and OLS alike), and
/// heteroskedasticity-robust without fixed effects; iid only when asked. The fit's
/// [`GravityFit::spec`](super::GravityFit::spec) holds the rule it applied, and its summary
/// prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Vcov {
    /// Not chosen: clustered by the first fixed effect, or hetero without fixed effects
    /// (resolved when fitted, [`GravitySpec::resolved`]).
    #[default]
    Default,
    /// Independent, identically distributed errors.
    Iid,
    /// Heteroskedasticity-robust (HC1).
    Hetero,
    /// Clustered (CRV1) by one or two keys (each a column, built-in key or interaction).
    Cluster(Vec<FixedEffect>),
}

impl fmt::Display for Vcov {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Vcov::Default => f.write_str("default (clustered by the first fixed effect)"),
            Vcov::Iid => f.write_str("iid"),
            Vcov::Hetero => f.write_str("hetero (HC1)"),
            Vcov::Cluster(k) => write!(
                f,
                "clustered (CRV1) by {}",
                k.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        }
    }
}

/// Which separation checks run before PPML (Correia, Guimarães & Zylkin 2020).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Separation {
    /// None (estimates of separated observations' fixed effects run off to −∞).
    Off,
    /// Fixed-effect levels whose flows are all zero (pyfixest's default check).
    FixedEffects,
    /// That, then the iterated rectifier (ReLU) for separation by regressors and fixed effects
    /// together (ppmlhdfe's method).
    FixedEffectsAndRelu,
}

/// Tolerances and switches.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Options {
    /// IRLS stops when |deviance change| / (0.1 + |deviance|) is below this (fixest's rule).
    pub tolerance: f64,
    /// Demeaning stops when no fixed-effect coefficient moves by more than this × max(1, max |x|).
    pub demean_tolerance: f64,
    /// IRLS iterations before [`GravityError::NoConvergence`].
    pub max_iterations: usize,
    /// Demeaning sweeps per call before [`GravityError::NoConvergence`].
    pub max_sweeps: usize,
    /// Drop observations alone in a fixed-effect level (repeatedly).
    pub drop_singletons: bool,
    /// Separation checks for PPML.
    pub separation: Separation,
    /// Regressors whose residual after the fixed effects and earlier regressors keeps less than
    /// this share of their weighted sum of squares are dropped as collinear.
    pub collinearity_tolerance: f64,
    /// How the fixed effects are partialled out ([`Solver`](super::Solver)).
    #[serde(default)]
    pub solver: super::Solver,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tolerance: 1e-10,
            demean_tolerance: 1e-10,
            max_iterations: 100,
            max_sweeps: 100_000,
            drop_singletons: true,
            separation: Separation::FixedEffectsAndRelu,
            collinearity_tolerance: 1e-9,
            solver: super::Solver::Auto,
        }
    }
}

/// A complete model specification.
///
/// ```
/// use bilateral::gravity::{Estimator, GravitySpec};
/// let s = GravitySpec::parse(Estimator::Ppml, "trade ~ log(DIST) + RTA | exp_year + imp_year + exporter^importer")?;
/// assert_eq!(s.regressors.len(), 2);
/// assert_eq!(s.fixed_effects[2].to_string(), "exporter^importer");
/// assert_eq!(s.formula(), "trade ~ log(DIST) + RTA | exp_year + imp_year + exporter^importer");
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GravitySpec {
    /// PPML or OLS.
    pub estimator: Estimator,
    /// The outcome.
    pub outcome: Term,
    /// Regressors, in order.
    pub regressors: Vec<Term>,
    /// Fixed effects (none: an intercept is estimated).
    pub fixed_effects: Vec<FixedEffect>,
    /// Standard errors.
    pub vcov: Vcov,
    /// A known part of the linear predictor, added with coefficient 1 (none by default).
    #[serde(default)]
    pub offset: Option<Offset>,
    /// A column of observation weights (none: every row weighs 1). Weights must be finite and
    /// not negative; rows of weight 0 leave the sample.
    #[serde(default)]
    pub weights: Option<String>,
    /// Tolerances and switches.
    pub options: Options,
}

impl GravitySpec {
    /// A specification of `estimator` with outcome `outcome` and nothing else yet.
    pub fn new(estimator: Estimator, outcome: impl Into<Term>) -> GravitySpec {
        GravitySpec {
            estimator,
            outcome: outcome.into(),
            regressors: Vec::new(),
            fixed_effects: Vec::new(),
            vcov: Vcov::Default,
            offset: None,
            weights: None,
            options: Options::default(),
        }
    }

    /// The specification with [`Vcov::Default`] replaced by the rule it stands for: clustered
    /// by the first fixed effect, or heteroskedasticity-robust without fixed effects.
    ///
    /// ```
    /// use bilateral::gravity::{Estimator, GravitySpec, Vcov};
    /// let spec = GravitySpec::parse(Estimator::Ppml, "trade ~ RTA | exp_year + imp_year")?;
    /// assert_eq!(spec.vcov, Vcov::Default);
    /// assert_eq!(spec.resolved().vcov.to_string(), "clustered (CRV1) by exp_year");
    /// let plain = GravitySpec::parse(Estimator::Ppml, "trade ~ ln_DIST")?;
    /// assert_eq!(plain.resolved().vcov, Vcov::Hetero);
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn resolved(&self) -> GravitySpec {
        let mut spec = self.clone();
        if spec.vcov == Vcov::Default {
            spec.vcov = match spec.fixed_effects.first() {
                Some(fe) => Vcov::Cluster(vec![fe.clone()]),
                None => Vcov::Hetero,
            };
        }
        spec
    }

    /// Parses `y ~ x1 + log(x2) + … | fe1 + fe2^fe3 + …` (the fixed-effect part is optional).
    ///
    /// # Errors
    /// [`GravityError::Formula`] naming the term that does not parse.
    pub fn parse(estimator: Estimator, formula: &str) -> Result<GravitySpec> {
        let err = |reason: String| {
            Error::Gravity(GravityError::Formula {
                formula: formula.to_owned(),
                reason,
            })
        };
        let (lhs, rest) = formula
            .split_once('~')
            .ok_or_else(|| err("expected `outcome ~ regressors | fixed effects`".into()))?;
        if rest.contains('~') {
            return Err(err("more than one `~`".into()));
        }
        let (rhs, fes) = match rest.split_once('|') {
            Some((r, f)) => (r, Some(f)),
            None => (rest, None),
        };
        if fes.is_some_and(|f| f.contains('|')) {
            return Err(err(
                "more than one `|` (instrumental variables are not supported)".into(),
            ));
        }
        let outcome = parse_term(lhs.trim()).map_err(|r| err(format!("outcome: {r}")))?;
        let mut regressors = Vec::new();
        for t in rhs.split('+') {
            let t = t.trim();
            if t == "1" {
                continue;
            }
            let term = parse_term(t).map_err(|r| err(format!("regressor {t:?}: {r}")))?;
            regressors.push(term);
        }
        let mut fixed_effects = Vec::new();
        if let Some(f) = fes {
            for t in f.split('+') {
                let t = t.trim();
                if t == "0" {
                    continue;
                }
                let parts: Vec<String> = t.split('^').map(|p| p.trim().to_owned()).collect();
                if let Some(p) = parts.iter().find(|p| !is_name(p)) {
                    return Err(err(format!(
                        "fixed effect {t:?}: {p:?} is not a column name"
                    )));
                }
                fixed_effects.push(FixedEffect(parts));
            }
        }
        let spec = GravitySpec {
            estimator,
            outcome,
            regressors,
            fixed_effects,
            vcov: Vcov::Default,
            offset: None,
            weights: None,
            options: Options::default(),
        };
        spec.check_terms()?;
        Ok(spec)
    }

    /// Checks that no regressor or fixed effect appears twice (a repeated fixed effect would be
    /// counted twice in the degrees of freedom, and move the standard errors). An interaction is
    /// the same whatever the order of its parts (`a^b` is `b^a`). Near-linear in the terms.
    ///
    /// # Errors
    /// [`GravityError::Formula`] naming the repeated term.
    pub fn check_terms(&self) -> Result<()> {
        let repeated = |what: &str, term: String| {
            Error::Gravity(GravityError::Formula {
                formula: self.formula(),
                reason: format!("{what} {term:?} appears twice"),
            })
        };
        let mut seen = std::collections::HashSet::with_capacity(self.regressors.len());
        for t in &self.regressors {
            let text = t.to_string();
            if !seen.insert(text.clone()) {
                return Err(repeated("regressor", text));
            }
        }
        let mut seen = std::collections::HashSet::with_capacity(self.fixed_effects.len());
        for f in &self.fixed_effects {
            let mut parts = f.0.clone();
            parts.sort_unstable();
            if !seen.insert(parts) {
                return Err(repeated("fixed effect", f.to_string()));
            }
        }
        Ok(())
    }

    /// The specification as a formula (parses back to the same terms).
    pub fn formula(&self) -> String {
        let rhs = if self.regressors.is_empty() {
            "1".to_owned()
        } else {
            self.regressors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let mut s = format!("{} ~ {rhs}", self.outcome);
        if !self.fixed_effects.is_empty() {
            s.push_str(" | ");
            s.push_str(
                &self
                    .fixed_effects
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" + "),
            );
        }
        s
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

fn parse_term(t: &str) -> std::result::Result<Term, String> {
    if t.is_empty() {
        return Err("empty term".into());
    }
    for f in ["log(", "ln("] {
        if let Some(inner) = t.strip_prefix(f) {
            let inner = inner
                .strip_suffix(')')
                .ok_or_else(|| format!("{t:?} lacks its closing parenthesis"))?
                .trim();
            return if is_name(inner) {
                Ok(Term::Log(inner.to_owned()))
            } else {
                Err(format!("{inner:?} is not a column name"))
            };
        }
    }
    if is_name(t) {
        return Ok(Term::Column(t.to_owned()));
    }
    // Syntax other tools' formulas take, named, with what to do here instead.
    let unsupported = if t.contains('^') {
        Some("powers (^) are not supported: add the power as a column of the panel")
    } else if t.contains(':') || t.contains('*') {
        Some("interactions (: or *) are not supported: add the product as a column of the panel")
    } else if t.starts_with("i(") || t.starts_with("C(") || t.starts_with("factor(") {
        Some(
            "factor expansions (i(), C(), factor()) are not supported: add one 0/1 column per level, or make it a fixed effect after |",
        )
    } else if t.starts_with("I(") {
        Some("I() expressions are not supported: add the expression as a column of the panel")
    } else if t.starts_with("exp(") || t.starts_with("sqrt(") || t.starts_with("poly(") {
        Some(
            "functions other than log() are not supported: add the transformed column to the panel",
        )
    } else {
        None
    };
    Err(match unsupported {
        Some(why) => why.to_owned(),
        None => format!("{t:?} is not a column name or log(column)"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_round_trip_and_bad_ones_name_the_term() {
        let s = GravitySpec::parse(
            Estimator::Ols,
            " ln_trade ~ ln_DIST+CNTG |exp_year+ imp_year ",
        )
        .unwrap();
        assert_eq!(
            s.formula(),
            "ln_trade ~ ln_DIST + CNTG | exp_year + imp_year"
        );
        assert_eq!(GravitySpec::parse(Estimator::Ols, &s.formula()).unwrap(), s);
        for (f, needle) in [
            ("trade", "expected"),
            ("trade ~ a + b c", "\"b c\""),
            ("trade ~ a + | e", "empty"),
            ("trade ~ a | e^", "\"\""),
            ("trade ~ log(a", "closing"),
            ("trade ~ a + a", "twice"),
            ("trade ~ a | b | c", "instrumental"),
        ] {
            let e = GravitySpec::parse(Estimator::Ppml, f)
                .unwrap_err()
                .to_string();
            assert!(e.contains(needle), "{f}: {e}");
        }
    }
}
