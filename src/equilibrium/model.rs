//! The baseline world: countries, output, expenditure and bilateral trade costs, with the
//! multilateral resistances that make the structural gravity system hold.

use crate::data::Economy;
use crate::error::{EquilibriumError, Error, InputError, NoConvergence, Result};
use crate::gravity::{GravityFit, Panel};

/// One additive part of the log trade cost `ln t_ij^(1−σ)`: a coefficient times a variable.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CostTerm {
    /// The variable's name (`INTL_BRDR`, `RTA`).
    pub name: String,
    /// Its coefficient (from the first-stage estimate).
    pub coefficient: f64,
    /// Its value for each pair, row-major: exporter `i`, importer `j` at `i * n + j`.
    pub values: Vec<f64>,
}

/// Where a baseline comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Provenance {
    /// The data file (and its authors).
    pub data: String,
    /// The year of the cross-section.
    pub year: Option<i64>,
    /// How the trade costs were estimated (estimator and formula).
    pub costs: String,
}

/// Solver tolerances.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tolerances {
    /// The multilateral resistances (inner loop) stop when no resistance moves by more than this
    /// relative amount.
    pub resistances: f64,
    /// The full equilibrium (outer loop) stops when no factory-gate price moves by more than
    /// this relative amount.
    pub prices: f64,
    /// Inner iterations before [`EquilibriumError::NoConvergence`].
    pub max_inner: usize,
    /// Outer iterations before [`EquilibriumError::NoConvergence`].
    pub max_outer: usize,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            resistances: 1e-12,
            prices: 1e-10,
            max_inner: 10_000,
            max_outer: 10_000,
        }
    }
}

/// A baseline world for general-equilibrium counterfactuals (Anderson & van Wincoop 2003; Yotov,
/// Piermartini, Monteiro & Larch 2016, chapter 2).
///
/// Output `Y_i = Σ_j X_ij` and expenditure `E_j = Σ_i X_ij` come from the observed flows,
/// intra-national flows included. Trade costs are `t_ij^(1−σ) = exp(base_ij + Σ_k β_k x_ijk)`:
/// the cost terms a counterfactual can change, and a fixed part (e.g. estimated pair fixed
/// effects; `−∞` for a pair that never trades). The multilateral resistances solve
///
/// `Π_i^(1−σ) = Σ_j t_ij^(1−σ) E_j / (Y P_j^(1−σ))`, `P_j^(1−σ) = Σ_i t_ij^(1−σ) Y_i / (Y
/// Π_i^(1−σ))`
///
/// with the reference country's inward resistance `P_R = 1`, and the baseline flows are
/// `X_ij = Y_i E_j t_ij^(1−σ) / (Y Π_i^(1−σ) P_j^(1−σ))`: PPML's fitted flows with exporter and
/// importer fixed effects and the costs as an offset, which have the same margins.
///
/// Not serialisable on purpose: the solved resistances are derived from the rest, and a file
/// could hold ones that do not solve the system; rebuild a baseline with [`Baseline::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub(crate) countries: Vec<Economy>,
    pub(crate) output: Vec<f64>,
    pub(crate) expenditure: Vec<f64>,
    pub(crate) fixed: Vec<f64>,
    pub(crate) terms: Vec<CostTerm>,
    pub(crate) reference: usize,
    pub(crate) sigma: f64,
    pub(crate) tolerances: Tolerances,
    pub(crate) provenance: Provenance,
    /// Solved baseline Π^(1−σ) and P^(1−σ).
    pub(crate) omr: Vec<f64>,
    pub(crate) imr: Vec<f64>,
    /// What a reader should know about the baseline (see [`Baseline::notes`]).
    pub(crate) notes: Vec<String>,
    /// The covariance of the cost terms' coefficients (k × k, the terms' order), when known.
    pub(crate) covariance: Option<Vec<Vec<f64>>>,
    /// How trade imbalances are treated.
    pub(crate) imbalances: Imbalances,
}

keyword_enum! {
    /// How a general-equilibrium run treats the trade imbalances of the data (expenditure that
    /// differs from output).
    #[derive(Default)]
    pub enum Imbalances: "imbalances" {
        #[default]
        /// Each country's expenditure stays the same multiple of its output (its baseline
        /// E_i / Y_i), scaled by one world factor so that world expenditure equals world output.
        FixedShares = "fixed_shares",
        /// Dekle, Eaton & Kortum (2007): first a baseline with balanced trade (E_i = Y_i, solved
        /// as a full equilibrium at the observed costs), then the counterfactual from it, with
        /// trade still balanced. Changes are measured from the balanced baseline.
        Balanced = "balanced",
    }
}

impl Imbalances {
    /// The rule in words.
    pub fn words(self) -> &'static str {
        match self {
            Imbalances::FixedShares => {
                "each country's expenditure a fixed multiple of its output (one world factor)"
            }
            Imbalances::Balanced => "removed first (Dekle, Eaton & Kortum)",
        }
    }
}

/// The most countries a baseline takes (n² pairs are held several times).
pub const MAX_COUNTRIES: usize = 2000;

fn not_in_model<K: std::fmt::Display>(what: &'static str, name: &str, known: &[K]) -> Error {
    Error::Input(InputError::NotInModel {
        what,
        name: name.to_owned(),
        known: known
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The checks of [`Baseline::new`] on its inputs, before anything is solved.
fn check_inputs(
    countries: &[Economy],
    flows: &[f64],
    fixed: &[f64],
    terms: &[CostTerm],
    sigma: f64,
) -> Result<()> {
    let n = countries.len();
    if n < 2 {
        return Err(Error::Equilibrium(EquilibriumError::TooFewCountries {
            countries: n,
        }));
    }
    if n > MAX_COUNTRIES {
        return Err(Error::Input(InputError::TooLarge {
            what: "a general-equilibrium baseline's countries",
            limit: MAX_COUNTRIES as u64,
        }));
    }
    if !(sigma.is_finite() && sigma > 1.0) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "the elasticity of substitution σ",
            value: sigma,
            expected: "a finite number above 1",
        }));
    }
    let mut sorted = countries.to_vec();
    sorted.sort_unstable();
    if let Some(w) = sorted.windows(2).find(|w| w.first() == w.get(1)) {
        return Err(Error::Equilibrium(EquilibriumError::DuplicateCountry {
            country: w[0].to_string(),
        }));
    }
    let mut names = std::collections::HashSet::with_capacity(terms.len());
    if let Some(t) = terms.iter().find(|t| !names.insert(t.name.as_str())) {
        return Err(Error::Equilibrium(EquilibriumError::DuplicateTerm {
            term: t.name.clone(),
        }));
    }
    let nn = n * n;
    let lists = [
        ("the flows".to_owned(), flows.len()),
        ("the fixed costs".to_owned(), fixed.len()),
    ];
    let terms_len = terms
        .iter()
        .map(|t| (format!("cost term {}", t.name), t.values.len()));
    if let Some((what, len)) = lists.into_iter().chain(terms_len).find(|(_, l)| *l != nn) {
        return Err(Error::Input(InputError::Length {
            what,
            len,
            expected: nn,
        }));
    }
    for (k, &x) in flows.iter().enumerate() {
        if !(x.is_finite() && x >= 0.0) {
            let (i, j) = (k / n, k % n);
            return Err(Error::Equilibrium(EquilibriumError::Flow {
                exporter: countries[i].to_string(),
                importer: countries[j].to_string(),
                value: x,
            }));
        }
    }
    for t in terms {
        if !t.coefficient.is_finite() || t.values.iter().any(|v| !v.is_finite()) {
            return Err(Error::Equilibrium(EquilibriumError::Cost {
                term: t.name.clone(),
            }));
        }
    }
    if fixed.iter().any(|v| v.is_nan() || *v == f64::INFINITY) {
        return Err(Error::Equilibrium(EquilibriumError::Cost {
            term: "the fixed part (NaN or +∞)".into(),
        }));
    }
    for (i, c) in countries.iter().enumerate() {
        if flows.get(i * n + i).copied().unwrap_or(0.0) <= 0.0 {
            return Err(Error::Equilibrium(EquilibriumError::NoHomeFlow {
                country: c.to_string(),
            }));
        }
    }
    Ok(())
}

impl Baseline {
    /// A baseline from observed flows (row-major n × n, exporter by importer, intra-national
    /// flows on the diagonal), the fixed part of the log costs and the cost terms.
    ///
    /// # Errors
    /// [`InputError::Length`] for wrong sizes; an
    /// [`EquilibriumError`](crate::error::EquilibriumError) for fewer than 2 countries, a country
    /// listed twice, a negative or non-finite flow or cost, a country without an intra-national
    /// flow, or a country with zero output or expenditure; [`InputError::OutOfRange`] for σ ≤ 1;
    /// [`InputError::NotInModel`] for an unknown reference.
    pub fn new(
        countries: Vec<Economy>,
        flows: &[f64],
        fixed: Vec<f64>,
        terms: Vec<CostTerm>,
        reference: Economy,
        sigma: f64,
    ) -> Result<Baseline> {
        check_inputs(&countries, flows, &fixed, &terms, sigma)?;
        let n = countries.len();
        let output: Vec<f64> = (0..n)
            .map(|i| flows[i * n..(i + 1) * n].iter().sum())
            .collect();
        let expenditure: Vec<f64> = (0..n)
            .map(|j| (0..n).map(|i| flows[i * n + j]).sum())
            .collect();
        for (i, c) in countries.iter().enumerate() {
            if !(output[i] > 0.0 && expenditure[i] > 0.0) {
                return Err(Error::Equilibrium(EquilibriumError::NoOutput {
                    country: c.to_string(),
                }));
            }
        }
        let reference = countries
            .iter()
            .position(|c| *c == reference)
            .ok_or_else(|| not_in_model("reference country", reference.code(), &countries))?;
        let mut b = Baseline {
            countries,
            output,
            expenditure,
            fixed,
            terms,
            reference,
            sigma,
            tolerances: Tolerances::default(),
            provenance: Provenance::default(),
            omr: Vec::new(),
            imr: Vec::new(),
            notes: Vec::new(),
            covariance: None,
            imbalances: Imbalances::FixedShares,
        };
        let costs = b.costs(&b.terms);
        let (omr, imr, _) = b.resistances(&costs, &b.output, &b.expenditure, None)?;
        b.omr = omr;
        b.imr = imr;
        // International pairs that trade nothing in the data but have a finite cost: the model
        // gives them trade, and the baseline is the model's world, not the data's.
        let unseen = (0..n * n)
            .filter(|&k| k / n != k % n && flows[k] == 0.0 && costs[k] > 0.0)
            .count();
        if unseen > 0 {
            b.notes.push(format!(
                "{unseen} international pairs trade 0 in the data but have a finite trade cost, so \
                 the model gives them trade: the baseline is the model's flows, not the observed ones"
            ));
        }
        Ok(b)
    }

    /// A baseline from a cross-section panel and a PPML fit on it with exporter and importer
    /// fixed effects: the cost terms are the fit's regressors named in `terms` (all when
    /// empty), with their estimated coefficients and the panel's values.
    ///
    /// # Errors
    /// An [`EquilibriumError`](crate::error::EquilibriumError) for a panel with more than one
    /// period, a missing or repeated pair, codes that read as one country, or as [`Baseline::new`];
    /// [`InputError::NotInModel`] for a term the fit does not have.
    pub fn from_fit(
        panel: &Panel,
        fit: &GravityFit,
        terms: &[&str],
        reference: Economy,
        sigma: f64,
    ) -> Result<Baseline> {
        let names: Vec<String> = if terms.is_empty() {
            fit.coefficients.iter().map(|c| c.name.clone()).collect()
        } else {
            terms.iter().map(|t| (*t).to_owned()).collect()
        };
        let known: Vec<String> = fit.coefficients.iter().map(|c| c.name.clone()).collect();
        let mut columns = Vec::new();
        for name in &names {
            let c = fit
                .coefficient(name)
                .ok_or_else(|| not_in_model("cost term", name, &known))?;
            columns.push((name.clone(), c.estimate, term_values(panel, name)?));
        }
        let (countries, cells) = cells(panel)?;
        let n = countries.len();
        let mut flows = vec![0.0; n * n];
        let mut terms: Vec<CostTerm> = columns
            .iter()
            .map(|(name, b, _)| CostTerm {
                name: name.clone(),
                coefficient: *b,
                values: vec![0.0; n * n],
            })
            .collect();
        for (row, &cell) in cells.iter().enumerate() {
            flows[cell] = panel.values()[row];
            for (t, (_, _, v)) in terms.iter_mut().zip(&columns) {
                t.values[cell] = v[row];
            }
        }
        let index: Option<Vec<usize>> = names
            .iter()
            .map(|name| known.iter().position(|k| k == name))
            .collect();
        let covariance: Option<Vec<Vec<f64>>> = index.and_then(|index| {
            index
                .iter()
                .map(|&r| {
                    index
                        .iter()
                        .map(|&c| fit.vcov.get(r).and_then(|row| row.get(c)).copied())
                        .collect::<Option<Vec<f64>>>()
                })
                .collect()
        });
        let covariance = covariance.ok_or(InputError::Missing {
            what: "the first stage's covariance of the cost terms",
            purpose: "for a general-equilibrium baseline",
        })?;
        let mut b = Baseline::new(countries, &flows, vec![0.0; n * n], terms, reference, sigma)?
            .with_covariance(covariance)?;
        b.provenance = Provenance {
            data: panel.source().to_owned(),
            year: panel.times().first().copied(),
            costs: format!("{} {}", fit.spec.estimator, fit.spec.formula()),
        };
        Ok(b)
    }

    /// Sets where the baseline comes from.
    pub fn with_provenance(mut self, provenance: Provenance) -> Self {
        self.provenance = provenance;
        self
    }

    /// Sets the solver's tolerances.
    pub fn with_tolerances(mut self, tolerances: Tolerances) -> Self {
        self.tolerances = tolerances;
        self
    }

    /// Sets the covariance of the cost terms' coefficients (k × k in the terms' order, from
    /// the first stage: clustered or robust as it was fitted), which
    /// [`Baseline::solve_with_draws`] draws the coefficients from.
    ///
    /// # Errors
    /// [`InputError::Length`] for a matrix that is not k × k; [`EquilibriumError::Covariance`]
    /// for a non-finite or asymmetric one (positive semi-definiteness is checked when drawing).
    pub fn with_covariance(mut self, covariance: Vec<Vec<f64>>) -> Result<Self> {
        let k = self.terms.len();
        if covariance.len() != k {
            return Err(Error::Input(InputError::Length {
                what: "the cost terms' covariance (rows)".into(),
                len: covariance.len(),
                expected: k,
            }));
        }
        for (i, row) in covariance.iter().enumerate() {
            if row.len() != k {
                return Err(Error::Input(InputError::Length {
                    what: format!("the cost terms' covariance (row {})", i + 1),
                    len: row.len(),
                    expected: k,
                }));
            }
            for (j, v) in row.iter().enumerate() {
                let t = covariance[j][i];
                let scale = v.abs().max(t.abs()).max(f64::MIN_POSITIVE);
                if !v.is_finite() || (v - t).abs() > 1e-9 * scale {
                    return Err(Error::Equilibrium(EquilibriumError::Covariance {
                        reason: format!(
                            "entry ({}, {}) = {v} is {} (terms {} and {})",
                            self.terms[i].name,
                            self.terms[j].name,
                            if v.is_finite() {
                                "not symmetric"
                            } else {
                                "not finite"
                            },
                            i + 1,
                            j + 1
                        ),
                    }));
                }
            }
        }
        self.covariance = Some(covariance);
        Ok(self)
    }

    /// The covariance of the cost terms' coefficients, when known (k × k, the terms' order).
    pub fn covariance(&self) -> Option<&[Vec<f64>]> {
        self.covariance.as_deref()
    }

    /// How trade imbalances are treated ([`Imbalances`]).
    pub fn imbalances(&self) -> Imbalances {
        self.imbalances
    }

    /// The same baseline with the cost coefficients replaced and the resistances solved again
    /// (starting from the current ones): one draw of the first stage.
    ///
    /// # Errors
    /// [`InputError::Length`] for a wrong number of coefficients; [`EquilibriumError::Cost`] for a
    /// non-finite one; as the resistances' solve.
    pub fn with_coefficients(&self, coefficients: &[f64]) -> Result<Baseline> {
        if coefficients.len() != self.terms.len() {
            return Err(Error::Input(InputError::Length {
                what: "the cost coefficients".into(),
                len: coefficients.len(),
                expected: self.terms.len(),
            }));
        }
        let mut b = self.clone();
        for (t, c) in b.terms.iter_mut().zip(coefficients) {
            if !c.is_finite() {
                return Err(Error::Equilibrium(EquilibriumError::Cost {
                    term: t.name.clone(),
                }));
            }
            t.coefficient = *c;
        }
        let costs = b.costs(&b.terms);
        let (omr, imr, _) = b.resistances(&costs, &b.output, &b.expenditure, Some(&self.imr))?;
        b.omr = omr;
        b.imr = imr;
        Ok(b)
    }

    /// The countries, in order.
    pub fn countries(&self) -> &[Economy] {
        &self.countries
    }

    /// σ.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// The reference country (inward resistance 1).
    pub fn reference(&self) -> Economy {
        self.countries[self.reference]
    }

    /// Output per country.
    pub fn output(&self) -> &[f64] {
        &self.output
    }

    /// Expenditure per country.
    pub fn expenditure(&self) -> &[f64] {
        &self.expenditure
    }

    /// The cost terms.
    pub fn terms(&self) -> &[CostTerm] {
        &self.terms
    }

    /// What a reader should know about the baseline, in words: international pairs that trade
    /// nothing in the data but that the model gives trade (a finite cost). Carried into every
    /// [`EquilibriumResult`](super::EquilibriumResult) and printed with it.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Where the baseline comes from.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The index of a country.
    ///
    /// # Errors
    /// [`InputError::NotInModel`].
    pub fn index(&self, country: Economy) -> Result<usize> {
        self.countries
            .iter()
            .position(|c| *c == country)
            .ok_or_else(|| not_in_model("country", country.code(), &self.countries))
    }

    /// Baseline outward and inward multilateral resistances as indexes, in the book's
    /// definitions: OMR_i = (Y Π_i^(1−σ))^(1/(1−σ)) and IMR_j = P_j (the reference's is 1).
    pub fn resistance_indexes(&self) -> (Vec<f64>, Vec<f64>) {
        let y: f64 = self.output.iter().sum();
        let e = 1.0 / (1.0 - self.sigma);
        (
            self.omr.iter().map(|a| (y * a).powf(e)).collect(),
            self.imr.iter().map(|b| b.powf(e)).collect(),
        )
    }

    /// The baseline flows the model gives (row-major).
    pub fn flows(&self) -> Vec<f64> {
        let costs = self.costs(&self.terms);
        flows(
            &costs,
            &self.output,
            &self.expenditure,
            &self.omr,
            &self.imr,
        )
    }

    /// t^(1−σ) per pair from the fixed part and the terms.
    pub(crate) fn costs(&self, terms: &[CostTerm]) -> Vec<f64> {
        let mut log = self.fixed.clone();
        for t in terms {
            for (l, v) in log.iter_mut().zip(&t.values) {
                *l += t.coefficient * v;
            }
        }
        log.into_iter().map(f64::exp).collect()
    }

    /// Solves the resistances for costs, output and expenditure, from `start` or from 1:
    /// (Π^(1−σ), P^(1−σ), iterations).
    pub(crate) fn resistances(
        &self,
        costs: &[f64],
        output: &[f64],
        expenditure: &[f64],
        start: Option<&[f64]>,
    ) -> Result<(Vec<f64>, Vec<f64>, usize)> {
        let n = self.countries.len();
        let y: f64 = output.iter().sum();
        let mut b = match start {
            Some(s) if s.len() == n => s.to_vec(),
            _ => vec![1.0; n],
        };
        let mut a = vec![1.0; n];
        // Π_i^(1−σ) = Σ_j t_ij^(1−σ) E_j / (Y P_j^(1−σ)).
        let outward = |a: &mut [f64], b: &[f64]| {
            for (i, ai) in a.iter_mut().enumerate() {
                let row = &costs[i * n..(i + 1) * n];
                *ai = row
                    .iter()
                    .zip(expenditure)
                    .zip(b)
                    .map(|((c, e), bj)| c * e / bj)
                    .sum::<f64>()
                    / y;
            }
        };
        let tol = self.tolerances.resistances;
        let mut change = f64::INFINITY;
        for it in 1..=self.tolerances.max_inner {
            // Π from P, then P from Π; then rescale so that P_R = 1.
            outward(&mut a, &b);
            change = 0.0;
            let mut nb = vec![0.0; n];
            for (i, (ai, yi)) in a.iter().zip(output).enumerate() {
                let w = yi / (y * ai);
                let row = &costs[i * n..(i + 1) * n];
                for (nbj, c) in nb.iter_mut().zip(row) {
                    *nbj += c * w;
                }
            }
            let scale = nb[self.reference];
            if !(scale.is_finite() && scale > 0.0) {
                return Err(Error::Equilibrium(EquilibriumError::NoReferenceImports {
                    reference: self.reference().to_string(),
                }));
            }
            for (bj, nbj) in b.iter_mut().zip(&nb) {
                let v = nbj / scale;
                change = change.max(((v - *bj) / *bj).abs());
                *bj = v;
            }
            for ai in a.iter_mut() {
                *ai *= scale;
            }
            if !change.is_finite() {
                return Err(Error::Equilibrium(EquilibriumError::Resistance));
            }
            if change < tol {
                // One more Π pass so both satisfy their equations at the final P.
                outward(&mut a, &b);
                return Ok((a, b, it));
            }
        }
        Err(Error::Equilibrium(EquilibriumError::NoConvergence(
            NoConvergence {
                what: "multilateral resistances",
                iterations: self.tolerances.max_inner,
                last_change: change,
                tolerance: tol,
            },
        )))
    }
}

/// A regressor's values per row: its column, or for `log(COLUMN)` the column's logarithm (an
/// error naming the row of a value that is not positive).
fn term_values(panel: &Panel, name: &str) -> Result<Vec<f64>> {
    if let Some(column) = name.strip_prefix("log(").and_then(|r| r.strip_suffix(')'))
        && panel.numeric(name).is_err()
    {
        let logged = panel.clone().with_log(column, "bilateral_log_term")?;
        return Ok(logged.numeric("bilateral_log_term")?.to_vec());
    }
    Ok(panel.numeric(name)?.to_vec())
}

/// X_ij = Y_i E_j t_ij^(1−σ) / (Y Π_i^(1−σ) P_j^(1−σ)).
pub(crate) fn flows(
    costs: &[f64],
    output: &[f64],
    expenditure: &[f64],
    omr: &[f64],
    imr: &[f64],
) -> Vec<f64> {
    let n = output.len();
    let y: f64 = output.iter().sum();
    let mut x = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            x[i * n + j] = output[i] * expenditure[j] * costs[i * n + j] / (y * omr[i] * imr[j]);
        }
    }
    x
}

/// The countries of a one-period panel, sorted by code, and each row's cell `i * n + j`, every
/// pair present once.
pub(crate) fn cells(panel: &Panel) -> Result<(Vec<Economy>, Vec<usize>)> {
    if let (Some(a), Some(b)) = (panel.times().iter().min(), panel.times().iter().max())
        && a != b
    {
        return Err(Error::Equilibrium(EquilibriumError::Periods {
            first: *a,
            last: *b,
        }));
    }
    let mut used: Vec<u32> = panel
        .exporters()
        .iter()
        .chain(panel.importers())
        .copied()
        .collect();
    used.sort_unstable();
    used.dedup();
    // Each code the panel uses, read as an economy; codes are interned, so `used` has each once.
    let mut economies: Vec<(Economy, u32)> = used
        .iter()
        .map(|&c| {
            let name = panel.countries()[c as usize].as_str();
            Economy::new(name)
                .map(|e| (e, c))
                .map_err(|e| Error::Within {
                    context: format!("the panel {}'s country {name:?}", panel.source()),
                    error: Box::new(e),
                })
        })
        .collect::<Result<_>>()?;
    economies.sort_unstable_by(|a, b| a.0.code().cmp(b.0.code()));
    if let Some(w) = economies.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::Equilibrium(EquilibriumError::SameCountry {
            first: panel.countries()[w[0].1 as usize].clone(),
            second: panel.countries()[w[1].1 as usize].clone(),
            country: w[0].0.to_string(),
        }));
    }
    let names: Vec<Economy> = economies.iter().map(|(e, _)| *e).collect();
    let n = names.len();
    let mut position = vec![0usize; panel.countries().len()];
    for (k, (_, c)) in economies.iter().enumerate() {
        position[*c as usize] = k;
    }
    let pos = |c: u32| position[c as usize];
    let mut seen = vec![false; n * n];
    let mut cells = Vec::with_capacity(panel.len());
    for (e, i) in panel.exporters().iter().zip(panel.importers()) {
        let cell = pos(*e) * n + pos(*i);
        if seen[cell] {
            return Err(Error::Equilibrium(EquilibriumError::PairTwice {
                exporter: names[pos(*e)].to_string(),
                importer: names[pos(*i)].to_string(),
            }));
        }
        seen[cell] = true;
        cells.push(cell);
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        let (i, j) = (missing / n, missing % n);
        return Err(Error::Equilibrium(EquilibriumError::PairMissing {
            exporter: names[i].to_string(),
            importer: names[j].to_string(),
        }));
    }
    Ok((names, cells))
}
