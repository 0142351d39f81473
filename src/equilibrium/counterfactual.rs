//! Counterfactual trade costs, and solving the conditional and full endowment equilibria.

use std::fmt::Write as _;

use super::model::{Baseline, Imbalances, flows};
use crate::data::Economy;
use crate::error::{EquilibriumError, Error, InputError, NoConvergence, Result};

keyword_enum! {
    /// One of the two worlds an equilibrium result compares.
    pub enum World: "world" {
        /// The baseline: the observed world, with its costs.
        Baseline = "baseline",
        /// The counterfactual: the world with the changed costs.
        Counterfactual = "counterfactual",
    }
}

keyword_enum! {
    /// Which way the % changes of an equilibrium result point. Both come from the same
    /// solution; only the ratio differs.
    #[derive(Default)]
    pub enum Direction: "direction" {
        #[default]
        /// From the baseline to the counterfactual, 100 × (CF / BLN − 1): what the change does
        /// (the book's world without borders).
        ToCounterfactual = "to_counterfactual",
        /// From the counterfactual to the baseline, 100 × (BLN / CF − 1): the effect of what
        /// the baseline has and the counterfactual takes away (the book's effects of NAFTA:
        /// the baseline with NAFTA against the world without it).
        ToBaseline = "to_baseline",
    }
}

impl Direction {
    /// The world the changes start from.
    pub fn from(self) -> World {
        match self {
            Direction::ToCounterfactual => World::Baseline,
            Direction::ToBaseline => World::Counterfactual,
        }
    }

    /// The world the changes go to.
    pub fn to(self) -> World {
        match self {
            Direction::ToCounterfactual => World::Counterfactual,
            Direction::ToBaseline => World::Baseline,
        }
    }

    /// The % change this direction reports for a counterfactual-over-baseline ratio.
    ///
    /// # Formula
    /// `ToCounterfactual`: 100 (r − 1); `ToBaseline`: 100 (1/r − 1).
    ///
    /// # Examples
    /// ```
    /// use bilateral::equilibrium::Direction;
    /// // Canada's exports fall by 25.92% when NAFTA is removed: NAFTA raised them by 34.99%.
    /// let r = 1.0 - 0.2592;
    /// assert!((Direction::ToCounterfactual.pct(r) + 25.92).abs() < 1e-9);
    /// assert!((Direction::ToBaseline.pct(r) - 34.99).abs() < 0.01);
    /// ```
    pub fn pct(self, cf_over_baseline: f64) -> f64 {
        match self {
            Direction::ToCounterfactual => 100.0 * (cf_over_baseline - 1.0),
            Direction::ToBaseline => 100.0 * (1.0 / cf_over_baseline - 1.0),
        }
    }

    /// In words: `% change from the baseline to the counterfactual`.
    pub fn words(self) -> String {
        format!("% change from the {} to the {}", self.from(), self.to())
    }
}

/// A set of directed pairs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pairs {
    /// Every pair, intra-national ones included.
    All,
    /// Every international pair.
    International,
    /// Every directed pair between two different members of the set (an agreement among them).
    Among(Vec<Economy>),
    /// Every pair from a country of the first set to a different country of the second.
    Between(Vec<Economy>, Vec<Economy>),
    /// These (exporter, importer) pairs.
    List(Vec<(Economy, Economy)>),
}

/// In words: `on all pairs`, `on international pairs`, `among CAN, MEX, USA`, `from A, B to C`,
/// `on 2 pairs (A->B, B->A)`.
impl std::fmt::Display for Pairs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pairs::All => f.write_str("on all pairs"),
            Pairs::International => f.write_str("on international pairs"),
            Pairs::Among(set) => write!(f, "among {}", joined(set)),
            Pairs::Between(a, b) => write!(f, "from {} to {}", joined(a), joined(b)),
            Pairs::List(list) => {
                let shown: Vec<String> = list
                    .iter()
                    .take(5)
                    .map(|(e, i)| format!("{e}->{i}"))
                    .collect();
                let more = if list.len() > 5 { ", ..." } else { "" };
                write!(f, "on {} pairs ({}{more})", list.len(), shown.join(", "))
            }
        }
    }
}

fn joined(set: &[Economy]) -> String {
    set.iter().map(Economy::code).collect::<Vec<_>>().join(", ")
}

impl Pairs {
    /// Every directed pair among these countries (`[Country::CAN, Country::MEX]`, or codes read
    /// with [`Economy::list`]).
    pub fn among<E: Into<Economy>>(countries: impl IntoIterator<Item = E>) -> Pairs {
        Pairs::Among(countries.into_iter().map(Into::into).collect())
    }

    /// The cells `i * n + j` of the pairs in `b`, each once.
    ///
    /// # Errors
    /// [`InputError::NotInModel`](crate::error::InputError::NotInModel) for a country the
    /// baseline lacks; [`EquilibriumError::NoPairs`](crate::error::EquilibriumError::NoPairs) for
    /// a set that selects no pair.
    fn cells(&self, b: &Baseline) -> Result<Vec<usize>> {
        let mut cells = self.cells_listed(b)?;
        cells.sort_unstable();
        cells.dedup();
        if cells.is_empty() && !matches!(self, Pairs::All | Pairs::International) {
            return Err(Error::Equilibrium(EquilibriumError::NoPairs {
                pairs: self.to_string(),
            }));
        }
        Ok(cells)
    }

    fn cells_listed(&self, b: &Baseline) -> Result<Vec<usize>> {
        let n = b.countries.len();
        let idx = |set: &[Economy]| set.iter().map(|c| b.index(*c)).collect::<Result<Vec<_>>>();
        Ok(match self {
            Pairs::All => (0..n * n).collect(),
            Pairs::International => (0..n * n).filter(|k| k / n != k % n).collect(),
            Pairs::Among(set) => {
                let s = idx(set)?;
                let mut v = Vec::new();
                for &i in &s {
                    for &j in &s {
                        if i != j {
                            v.push(i * n + j);
                        }
                    }
                }
                v
            }
            Pairs::Between(a, c) => {
                let (a, c) = (idx(a)?, idx(c)?);
                let mut v = Vec::new();
                for &i in &a {
                    for &j in &c {
                        if i != j {
                            v.push(i * n + j);
                        }
                    }
                }
                v
            }
            Pairs::List(list) => list
                .iter()
                .map(|(e, i)| Ok(b.index(*e)? * n + b.index(*i)?))
                .collect::<Result<_>>()?,
        })
    }
}

/// One change to the trade costs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Set a cost term's variable to a value on some pairs (`INTL_BRDR` = 0 on all
    /// international pairs removes borders; `RTA` = 0 among members removes an agreement, = 1
    /// adds one).
    SetTerm {
        /// The cost term.
        term: String,
        /// Where.
        pairs: Pairs,
        /// The new value.
        value: f64,
    },
    /// Multiply the trade cost t_ij by a factor (t^(1−σ) by factor^(1−σ)).
    ScaleCost {
        /// Where.
        pairs: Pairs,
        /// The factor, above 0 (0.9: costs 10% lower).
        factor: f64,
    },
    /// Add to ln t_ij^(1−σ) per pair (any user-given change).
    AddLogCost {
        /// (exporter, importer, change of ln t^(1−σ)).
        changes: Vec<(Economy, Economy, f64)>,
    },
}

/// A named set of cost changes, applied in order.
///
/// ```
/// use bilateral::Country;
/// use bilateral::equilibrium::{Counterfactual, Pairs};
/// let nafta = Pairs::among([Country::CAN, Country::MEX, Country::USA]);
/// let cf = Counterfactual::new("no NAFTA").set_term("RTA", nafta, 0.0);
/// assert_eq!(cf.describe(), "no NAFTA; RTA = 0 among CAN, MEX, USA");
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Counterfactual {
    /// Its name.
    pub name: String,
    /// The changes.
    pub changes: Vec<Change>,
    /// Which way its results' % changes point.
    #[serde(default)]
    pub direction: Direction,
}

impl Counterfactual {
    /// A counterfactual without changes yet (the baseline itself).
    pub fn new(name: &str) -> Counterfactual {
        Counterfactual {
            name: name.to_owned(),
            changes: Vec::new(),
            direction: Direction::ToCounterfactual,
        }
    }

    /// Reports its results in `direction`.
    pub fn reported(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// Sets a cost term's variable on some pairs.
    pub fn set_term(mut self, term: &str, pairs: Pairs, value: f64) -> Self {
        self.changes.push(Change::SetTerm {
            term: term.to_owned(),
            pairs,
            value,
        });
        self
    }

    /// Scales trade costs on some pairs.
    pub fn scale_cost(mut self, pairs: Pairs, factor: f64) -> Self {
        self.changes.push(Change::ScaleCost { pairs, factor });
        self
    }

    /// Adds to ln t^(1−σ) pair by pair.
    pub fn add_log_cost(mut self, changes: Vec<(Economy, Economy, f64)>) -> Self {
        self.changes.push(Change::AddLogCost { changes });
        self
    }

    /// A description of the changes, in words: `removing NAFTA; RTA = 0 among CAN, MEX, USA`.
    pub fn describe(&self) -> String {
        let mut s = self.name.clone();
        for c in &self.changes {
            if !s.is_empty() {
                s.push_str("; ");
            }
            let _ = match c {
                Change::SetTerm { term, pairs, value } => {
                    write!(s, "{term} = {value} {pairs}")
                }
                Change::ScaleCost { pairs, factor } => write!(s, "costs × {factor} {pairs}"),
                Change::AddLogCost { changes } => {
                    write!(s, "{} pair changes of ln t^(1-σ)", changes.len())
                }
            };
        }
        s
    }

    /// What a reader should know before trusting the counterfactual: each change of a term to a
    /// value some of its pairs already have (an agreement "added" where there is one, "removed"
    /// where there is none), naming those pairs and counting the pairs actually changed.
    ///
    /// # Errors
    /// As [`Baseline::solve`] for an unknown term or country, or a set without pairs.
    ///
    /// ```
    /// use bilateral::data::Economy;
    /// use bilateral::equilibrium::{Baseline, CostTerm, Counterfactual};
    /// let names = Economy::list(["A", "B", "C"])?;
    /// let flows = [10.0, 1.0, 1.0, 1.0, 10.0, 1.0, 1.0, 1.0, 10.0];
    /// // A and B already have an agreement.
    /// let rta = CostTerm { name: "RTA".into(), coefficient: 0.5,
    ///     values: vec![0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0] };
    /// let b = Baseline::new(names, &flows, vec![0.0; 9], vec![rta], Economy::new("C")?, 7.0)?;
    /// let cf = Counterfactual::new("ABC").set_term("RTA", "among A, B, C".parse()?, 1.0);
    /// let w = cf.warnings(&b)?;
    /// assert_eq!(w.len(), 1);
    /// assert!(w[0].contains("already 1 on 2 of the 6 pairs among A, B, C (A->B, B->A); 4 pairs change"));
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn warnings(&self, b: &Baseline) -> Result<Vec<String>> {
        Ok(self.costs_and_warnings(b)?.1)
    }

    /// The counterfactual t^(1−σ) and the warnings of [`Counterfactual::warnings`].
    fn costs_and_warnings(&self, b: &Baseline) -> Result<(Vec<f64>, Vec<String>)> {
        let mut warnings = Vec::new();
        let mut terms = b.terms.clone();
        let mut extra = vec![0.0; b.countries.len().pow(2)];
        for c in &self.changes {
            match c {
                Change::SetTerm { term, pairs, value } => {
                    if !value.is_finite() {
                        return Err(Error::Input(InputError::NonFinite {
                            what: "a cost term's new value",
                            value: *value,
                        }));
                    }
                    let known: Vec<String> = b.terms.iter().map(|t| t.name.clone()).collect();
                    let t = terms.iter_mut().find(|t| t.name == *term).ok_or_else(|| {
                        Error::Input(InputError::NotInModel {
                            what: "cost term",
                            name: term.clone(),
                            known: known.join(", "),
                        })
                    })?;
                    let cells = pairs.cells(b)?;
                    let n = b.countries.len();
                    let same: Vec<usize> = cells
                        .iter()
                        .copied()
                        .filter(|&k| t.values[k] == *value)
                        .collect();
                    if !same.is_empty() {
                        let shown: Vec<String> = same
                            .iter()
                            .take(6)
                            .map(|&k| format!("{}->{}", b.countries[k / n], b.countries[k % n]))
                            .collect();
                        let more = if same.len() > 6 { ", ..." } else { "" };
                        warnings.push(format!(
                            "{term} is already {value} on {} of the {} pairs {pairs} ({}{more}); \
                             {} pairs change",
                            same.len(),
                            cells.len(),
                            shown.join(", "),
                            cells.len() - same.len()
                        ));
                    }
                    for k in cells {
                        t.values[k] = *value;
                    }
                }
                Change::ScaleCost { pairs, factor } => {
                    if !(factor.is_finite() && *factor > 0.0) {
                        return Err(Error::Input(InputError::OutOfRange {
                            what: "a trade-cost factor",
                            value: *factor,
                            expected: "a finite number above 0",
                        }));
                    }
                    let d = (1.0 - b.sigma) * factor.ln();
                    for k in pairs.cells(b)? {
                        extra[k] += d;
                    }
                }
                Change::AddLogCost { changes } => {
                    let n = b.countries.len();
                    for (e, i, d) in changes {
                        if !d.is_finite() {
                            return Err(Error::Input(InputError::NonFinite {
                                what: "a change of ln t^(1-σ)",
                                value: *d,
                            }));
                        }
                        extra[b.index(*e)? * n + b.index(*i)?] += d;
                    }
                }
            }
        }
        let mut costs = b.costs(&terms);
        for (c, d) in costs.iter_mut().zip(extra) {
            *c *= d.exp();
        }
        Ok((costs, warnings))
    }
}

/// One country's changes, in percent, in the result's [`Direction`] (from `from` to `to`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CountryResult {
    /// The world the changes start from.
    pub from: World,
    /// The world the changes go to.
    pub to: World,
    /// The country.
    pub country: Economy,
    /// Exports (the sum of its fitted international flows), conditional equilibrium.
    pub exports_cdl_pct: f64,
    /// Exports, full endowment equilibrium.
    pub exports_full_pct: f64,
    /// Factory-gate price, full.
    pub price_full_pct: f64,
    /// Outward multilateral resistance index, conditional.
    pub omr_cdl_pct: f64,
    /// Outward multilateral resistance index, full.
    pub omr_full_pct: f64,
    /// Inward multilateral resistance index, conditional.
    pub imr_cdl_pct: f64,
    /// Inward multilateral resistance index, full.
    pub imr_full_pct: f64,
    /// Real GDP (output over the inward resistance), full: the welfare change.
    pub real_gdp_full_pct: f64,
}

/// One pair's trade change, in percent in the result's [`Direction`] (pairs with baseline
/// trade only), with the flows in both worlds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairResult {
    /// The world the changes start from.
    pub from: World,
    /// The world the changes go to.
    pub to: World,
    /// Exporter.
    pub exporter: Economy,
    /// Importer.
    pub importer: Economy,
    /// Baseline flow (the model's).
    pub baseline: f64,
    /// Counterfactual flow, conditional equilibrium.
    pub counterfactual_cdl: f64,
    /// Counterfactual flow, full equilibrium.
    pub counterfactual_full: f64,
    /// Conditional equilibrium change.
    pub trade_cdl_pct: f64,
    /// Full equilibrium change.
    pub trade_full_pct: f64,
}

/// The result of a counterfactual.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EquilibriumResult {
    /// The counterfactual and its changes, in words.
    pub counterfactual: String,
    /// Which way the % changes point: from `direction.from()` to `direction.to()`.
    pub direction: Direction,
    /// The world the changes start from (as `direction` says, for readers of the file).
    pub from: World,
    /// The world the changes go to.
    pub to: World,
    /// σ.
    pub sigma: f64,
    /// The reference country.
    pub reference: Economy,
    /// Where the baseline comes from.
    pub provenance: super::model::Provenance,
    /// Per country, in the baseline's order.
    pub countries: Vec<CountryResult>,
    /// Per pair with baseline trade.
    pub pairs: Vec<PairResult>,
    /// Full-equilibrium (outer) iterations.
    pub iterations: usize,
    /// The price tolerance they reached.
    pub tolerance: f64,
    /// What a reader should know about the baseline ([`Baseline::notes`]).
    #[serde(default)]
    pub notes: Vec<String>,
    /// The rule for trade imbalances that produced it.
    #[serde(default)]
    pub imbalances: Imbalances,
    /// Changes that leave some of their pairs as they were ([`Counterfactual::warnings`]).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Counterfactual full-equilibrium flows (row-major), for the identities.
    #[serde(default, skip_serializing)]
    pub flows_full: Vec<f64>,
    /// Counterfactual output and expenditure.
    #[serde(default, skip_serializing)]
    pub output_full: Vec<f64>,
    /// Counterfactual expenditure.
    #[serde(default, skip_serializing)]
    pub expenditure_full: Vec<f64>,
}

impl EquilibriumResult {
    /// A country's result, by its code (an ISO code in any case, a data code exactly).
    pub fn country(&self, code: &str) -> Option<&CountryResult> {
        self.countries.iter().find(|c| c.country.is(code))
    }

    /// A pair's result, by the codes of exporter and importer.
    pub fn pair(&self, exporter: &str, importer: &str) -> Option<&PairResult> {
        self.pairs
            .iter()
            .find(|p| p.exporter.is(exporter) && p.importer.is(importer))
    }

    /// The text table its `Display` prints, countries sorted by their real GDP change.
    fn table(&self) -> String {
        let mut rows: Vec<&CountryResult> = self.countries.iter().collect();
        rows.sort_by(|a, b| b.real_gdp_full_pct.total_cmp(&a.real_gdp_full_pct));
        let mut s = format!(
            "{} (σ = {}, reference {})\n{}\n{:<8} {:>10} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
            self.counterfactual,
            self.sigma,
            self.reference,
            self.direction.words(),
            "country",
            "exp. cdl",
            "exp. full",
            "price",
            "OMR cdl",
            "OMR full",
            "IMR cdl",
            "IMR full",
            "real GDP"
        );
        for c in rows {
            let _ = writeln!(
                s,
                "{:<8} {:>10.3} {:>10.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
                c.country.to_string(),
                c.exports_cdl_pct,
                c.exports_full_pct,
                c.price_full_pct,
                c.omr_cdl_pct,
                c.omr_full_pct,
                c.imr_cdl_pct,
                c.imr_full_pct,
                c.real_gdp_full_pct
            );
        }
        let _ = writeln!(
            s,
            "{}; exports are fitted international flows; trade imbalances: {}.",
            self.direction.words(),
            self.imbalances.words()
        );
        for note in &self.notes {
            let _ = writeln!(s, "note: {note}");
        }
        for warning in &self.warnings {
            let _ = writeln!(s, "warning: {warning}");
        }
        s
    }
}

impl crate::table::Row for PairResult {
    const REQUIRED: &'static [&'static str] = &["exporter", "importer", "baseline"];
}

/// The per-pair rows of an [`EquilibriumResult`], as a table (its JSON: the list of rows).
#[derive(Debug, Clone, Copy)]
pub struct PairTable<'a>(&'a EquilibriumResult);

impl EquilibriumResult {
    /// The per-pair table (the per-country one is the result's own
    /// [`crate::table::Table`]).
    pub fn pair_table(&self) -> PairTable<'_> {
        PairTable(self)
    }
}

impl serde::Serialize for PairTable<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.pairs.serialize(s)
    }
}

/// One row per pair with baseline trade: `from`, `to`, `exporter`, `importer`, the flows in
/// both worlds and the % changes.
impl crate::table::Table for PairTable<'_> {
    type Row = PairResult;
    const WHAT: &'static str = "an equilibrium result's pairs";
    fn rows(&self) -> Result<Vec<PairResult>> {
        Ok(self.0.pairs.clone())
    }
}

impl std::fmt::Display for PairTable<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut t = crate::table::TextTable::new([
            "exporter",
            "importer",
            "baseline",
            "cdl",
            "full",
            "trade cdl %",
            "trade full %",
        ]);
        for p in &self.0.pairs {
            t.row([
                p.exporter.to_string(),
                p.importer.to_string(),
                format!("{:.4}", p.baseline),
                format!("{:.4}", p.counterfactual_cdl),
                format!("{:.4}", p.counterfactual_full),
                format!("{:.3}", p.trade_cdl_pct),
                format!("{:.3}", p.trade_full_pct),
            ]);
        }
        writeln!(f, "{}", self.0.counterfactual)?;
        write!(f, "{t}")?;
        writeln!(f, "{}", self.0.direction.words())
    }
}

impl crate::table::Row for CountryResult {
    const REQUIRED: &'static [&'static str] = &["from", "to", "country"];
}

/// The per-country table: `from`, `to`, `country`, then each % change.
impl crate::table::Table for EquilibriumResult {
    type Row = CountryResult;
    const WHAT: &'static str = "an equilibrium table";
    fn rows(&self) -> Result<Vec<CountryResult>> {
        Ok(self.countries.clone())
    }
}

/// The counterfactual, the direction of its changes, and the per-country table sorted by real
/// GDP.
impl std::fmt::Display for EquilibriumResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.table())
    }
}

impl Baseline {
    /// Solves `cf`: the conditional equilibrium (output and expenditure held, resistances
    /// re-solved) and the full endowment equilibrium (factory-gate prices p_i change output
    /// Y_i = p_i Q_i and expenditure E_i = φ_i Y_i, with the baseline's φ_i = E_i / Y_i scaled
    /// by one common factor so that world expenditure equals world output; iterated until
    /// p_i^σ equals the change of the outward resistance index's (1−σ) power, the fixed point
    /// of the book's GEPPML loop).
    ///
    /// # Errors
    /// [`InputError::NotInModel`] for a country or term the baseline lacks;
    /// [`InputError::OutOfRange`] for a factor ≤ 0; [`EquilibriumError::NoConvergence`] with the
    /// iterations and last change.
    pub fn solve(&self, cf: &Counterfactual) -> Result<EquilibriumResult> {
        match self.imbalances {
            Imbalances::FixedShares => self.solve_from_here(cf),
            Imbalances::Balanced => self.balanced()?.solve_from_here(cf),
        }
    }

    /// The baseline with balanced trade (Dekle, Eaton & Kortum 2007): the full endowment
    /// equilibrium at the observed costs with every country's expenditure equal to its output,
    /// as the baseline the counterfactual starts from. Its output is the observed output at the
    /// balanced world's factory-gate prices.
    ///
    /// # Errors
    /// As [`Baseline::solve`].
    pub fn balanced(&self) -> Result<Baseline> {
        let costs = self.costs(&self.terms);
        let n = self.countries.len();
        let full = self.full_equilibrium(&costs, &self.imr, &vec![1.0; n])?;
        let mut b = self.clone();
        let moved = (0..n)
            .map(|i| (full.expenditure[i] / self.expenditure[i] - 1.0).abs())
            .fold(0.0, f64::max);
        b.output = full.output;
        b.expenditure = full.expenditure;
        b.omr = full.world.omr;
        b.imr = full.world.imr;
        b.imbalances = Imbalances::Balanced;
        b.notes.push(format!(
            "trade imbalances removed first (Dekle, Eaton & Kortum 2007): the baseline is the \
             world with balanced trade at the observed costs (expenditure moved by up to {:.1}%), \
             and changes are measured from it",
            100.0 * moved
        ));
        Ok(b)
    }

    /// Sets how trade imbalances are treated ([`Imbalances`]): the rule is applied when solving,
    /// so a baseline with drawn coefficients is balanced again at its own costs.
    pub fn with_imbalances(mut self, imbalances: Imbalances) -> Self {
        self.imbalances = imbalances;
        self
    }

    /// Solves `cf` from this baseline as it is (its output and expenditure as the baseline's).
    fn solve_from_here(&self, cf: &Counterfactual) -> Result<EquilibriumResult> {
        let base_costs = self.costs(&self.terms);
        let (costs, warnings) = cf.costs_and_warnings(self)?;
        let base_flows = flows(
            &base_costs,
            &self.output,
            &self.expenditure,
            &self.omr,
            &self.imr,
        );
        // Conditional: output and expenditure as in the baseline.
        let (a_c, b_c, _) =
            self.resistances(&costs, &self.output, &self.expenditure, Some(&self.imr))?;
        let cdl_flows = flows(&costs, &self.output, &self.expenditure, &a_c, &b_c);
        let conditional = Solved {
            omr: a_c,
            imr: b_c,
            flows: cdl_flows,
        };
        let shares: Vec<f64> = self
            .expenditure
            .iter()
            .zip(&self.output)
            .map(|(e, y)| e / y)
            .collect();
        let full = self.full_equilibrium(&costs, &conditional.imr, &shares)?;
        let mut result = self.report(cf, &base_flows, conditional, full)?;
        result.warnings = warnings;
        Ok(result)
    }

    /// Output and expenditure at factory-gate prices `p`: Y_i = p_i Q_i, and E_i its ratio
    /// φ_i (`shares`) to output, scaled by one common factor so that world expenditure equals
    /// world output (without it, trade imbalances would leave the gravity system without a
    /// solution once prices move).
    fn at_prices(&self, p: &[f64], shares: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let y: Vec<f64> = self.output.iter().zip(p).map(|(y, p)| y * p).collect();
        let raw: Vec<f64> = y.iter().zip(shares).map(|(y, s)| y * s).collect();
        let scale = y.iter().sum::<f64>() / raw.iter().sum::<f64>();
        (y, raw.into_iter().map(|e| e * scale).collect())
    }

    /// The full endowment equilibrium under `costs`: prices iterated until p_i^σ equals the
    /// change of the outward resistance's (1−σ) power, starting the resistances from `start`.
    fn full_equilibrium(&self, costs: &[f64], start: &[f64], shares: &[f64]) -> Result<Full> {
        let n = self.countries.len();
        let y0: f64 = self.output.iter().sum();
        let mut p = vec![1.0; n];
        let mut start = start.to_vec();
        let mut iterations = 0;
        let mut change = f64::INFINITY;
        while iterations < self.tolerances.max_outer {
            iterations += 1;
            let (y_f, e_f) = self.at_prices(&p, shares);
            let (a, b, _) = self.resistances(costs, &y_f, &e_f, Some(&start))?;
            let y1: f64 = y_f.iter().sum();
            change = 0.0;
            let mut next = Vec::with_capacity(n);
            for i in 0..n {
                let omr_hat = (y1 * a[i]) / (y0 * self.omr[i]);
                let v = omr_hat.powf(1.0 / self.sigma);
                change = change.max((v / p[i] - 1.0).abs());
                next.push(v);
            }
            if !change.is_finite() {
                return Err(Error::Equilibrium(EquilibriumError::Price));
            }
            p = next;
            start = b;
            if change < self.tolerances.prices {
                break;
            }
        }
        if change >= self.tolerances.prices {
            return Err(Error::Equilibrium(EquilibriumError::NoConvergence(
                NoConvergence {
                    what: "the full endowment equilibrium (factory-gate prices)",
                    iterations,
                    last_change: change,
                    tolerance: self.tolerances.prices,
                },
            )));
        }
        // Output and expenditure at the final prices, and the resistances that go with them.
        let (output, expenditure) = self.at_prices(&p, shares);
        let (a_f, b_f, _) = self.resistances(costs, &output, &expenditure, Some(&start))?;
        Ok(Full {
            world: Solved {
                flows: flows(costs, &output, &expenditure, &a_f, &b_f),
                omr: a_f,
                imr: b_f,
            },
            prices: p,
            output,
            expenditure,
            iterations,
        })
    }

    /// The per-country and per-pair % changes in `cf`'s direction.
    fn report(
        &self,
        cf: &Counterfactual,
        base_flows: &[f64],
        cdl: Solved,
        full: Full,
    ) -> Result<EquilibriumResult> {
        let n = self.countries.len();
        let direction = cf.direction;
        let (from, to) = (direction.from(), direction.to());
        let countries = self.country_results(direction, base_flows, &cdl, &full)?;
        let pct = |r: f64| direction.pct(r);
        let mut pairs = Vec::new();
        for i in 0..n {
            for j in 0..n {
                let k = i * n + j;
                if base_flows[k] > 0.0 {
                    pairs.push(PairResult {
                        from,
                        to,
                        exporter: self.countries[i],
                        importer: self.countries[j],
                        baseline: base_flows[k],
                        counterfactual_cdl: cdl.flows[k],
                        counterfactual_full: full.world.flows[k],
                        trade_cdl_pct: pct(cdl.flows[k] / base_flows[k]),
                        trade_full_pct: pct(full.world.flows[k] / base_flows[k]),
                    });
                }
            }
        }
        Ok(EquilibriumResult {
            counterfactual: cf.describe(),
            direction,
            from,
            to,
            sigma: self.sigma,
            reference: self.reference(),
            provenance: self.provenance.clone(),
            countries,
            pairs,
            iterations: full.iterations,
            tolerance: self.tolerances.prices,
            notes: self.notes.clone(),
            imbalances: self.imbalances,
            warnings: Vec::new(),
            flows_full: full.world.flows,
            output_full: full.output,
            expenditure_full: full.expenditure,
        })
    }

    /// Each country's changes; an error names a country whose change is not finite.
    fn country_results(
        &self,
        direction: Direction,
        base_flows: &[f64],
        cdl: &Solved,
        full: &Full,
    ) -> Result<Vec<CountryResult>> {
        let n = self.countries.len();
        let pct = |r: f64| direction.pct(r);
        let inv = 1.0 / (1.0 - self.sigma);
        let y0: f64 = self.output.iter().sum();
        let y1: f64 = full.output.iter().sum();
        let exports =
            |x: &[f64], i: usize| -> f64 { (0..n).filter(|&j| j != i).map(|j| x[i * n + j]).sum() };
        let countries: Vec<CountryResult> = (0..n)
            .map(|i| {
                let imr_full = (full.world.imr[i] / self.imr[i]).powf(inv);
                let p = full.prices[i];
                CountryResult {
                    from: direction.from(),
                    to: direction.to(),
                    country: self.countries[i],
                    exports_cdl_pct: pct(exports(&cdl.flows, i) / exports(base_flows, i)),
                    exports_full_pct: pct(exports(&full.world.flows, i) / exports(base_flows, i)),
                    price_full_pct: pct(p),
                    omr_cdl_pct: pct((cdl.omr[i] / self.omr[i]).powf(inv)),
                    omr_full_pct: pct(((y1 * full.world.omr[i]) / (y0 * self.omr[i])).powf(inv)),
                    imr_cdl_pct: pct((cdl.imr[i] / self.imr[i]).powf(inv)),
                    imr_full_pct: pct(imr_full),
                    real_gdp_full_pct: pct(p / imr_full),
                }
            })
            .collect();
        // A country without international exports in the model (or a resistance that under- or
        // overflows) would give NaN or infinite changes: an error naming the country instead.
        if let Some(c) = countries
            .iter()
            .find(|c: &&CountryResult| crate::finite::check("an equilibrium result", *c).is_err())
        {
            return Err(Error::Equilibrium(EquilibriumError::Change {
                country: c.country.to_string(),
            }));
        }
        Ok(countries)
    }
}

/// One world's resistances (Π^(1−σ), P^(1−σ)) and flows.
struct Solved {
    omr: Vec<f64>,
    imr: Vec<f64>,
    flows: Vec<f64>,
}

/// The full endowment equilibrium: its world, prices, output and expenditure.
struct Full {
    world: Solved,
    prices: Vec<f64>,
    output: Vec<f64>,
    expenditure: Vec<f64>,
    iterations: usize,
}
