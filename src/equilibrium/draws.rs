//! Intervals for general-equilibrium results: the first stage's cost coefficients drawn from
//! their estimated distribution Normal(β̂, V̂) (V̂ as the first stage was fitted: clustered,
//! robust or i.i.d.), the baseline and the counterfactual solved again for each draw, and every
//! column's median and percentile interval reported per country and per pair.
//!
//! Draws come in antithetic pairs (β̂ + Lz and β̂ − Lz, with L L' = V̂): each is a draw from
//! Normal(β̂, V̂), and the pairs halve the sampling noise of the median. Draw `d` uses the
//! random stream of pair `d / 2`, seeded from the run's seed, so results are the same on any
//! number of threads. A draw that does not solve is counted and its error reported
//! ([`EquilibriumIntervals::failures`]); the intervals are over the draws that solved.

use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

use super::counterfactual::{Counterfactual, EquilibriumResult, World};
use super::model::{Baseline, Imbalances};
use crate::data::Economy;
use crate::error::{EquilibriumError, Error, InputError, Result};
use crate::random::{quantile_select, stream_seed};

/// The most draws a run takes.
pub const MAX_DRAWS: usize = 100_000;

/// How many draws, from which seed, and the interval's coverage.
///
/// ```
/// use bilateral::equilibrium::Draws;
/// let d = Draws::new(1000, 1)?.level(0.95)?;
/// assert_eq!((d.draws, d.seed, d.level), (1000, 1, 0.95));
/// assert!(Draws::new(0, 1).is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draws {
    /// Draws of the cost coefficients (1 to [`MAX_DRAWS`]).
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// The interval's coverage, strictly between 0 and 1 (0.9: the 5th to the 95th percentile).
    #[serde(default = "default_level")]
    pub level: f64,
}

fn default_level() -> f64 {
    0.9
}

impl Draws {
    /// `draws` draws from `seed`, with 90% intervals.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for 0 draws or more than [`MAX_DRAWS`].
    pub fn new(draws: usize, seed: u64) -> Result<Draws> {
        let d = Draws {
            draws,
            seed,
            level: default_level(),
        };
        d.validate()?;
        Ok(d)
    }

    /// The same with intervals of coverage `level`.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a level not strictly between 0 and 1.
    pub fn level(mut self, level: f64) -> Result<Draws> {
        self.level = level;
        self.validate()?;
        Ok(self)
    }

    /// Checks the public fields.
    ///
    /// # Errors
    /// As [`Draws::new`] and [`Draws::level`].
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_DRAWS).contains(&self.draws) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "the number of draws",
                value: self.draws as f64,
                expected: "1 to 100000",
            }));
        }
        if !(self.level.is_finite() && self.level > 0.0 && self.level < 1.0) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "the interval's coverage",
                value: self.level,
                expected: "strictly between 0 and 1 (0.9 for a 90% interval)",
            }));
        }
        Ok(())
    }

    /// The interval's lower and upper quantile levels.
    pub fn bounds(&self) -> (f64, f64) {
        ((1.0 - self.level) / 2.0, (1.0 + self.level) / 2.0)
    }
}

/// A lower-triangular L with L L' = V for a positive semi-definite V (a Cholesky factor in
/// which directions without variance get zero columns).
///
/// # Errors
/// [`EquilibriumError::Covariance`] naming the term where V has a negative variance or is not
/// positive semi-definite.
pub(crate) fn psd_factor(v: &[Vec<f64>], names: &[String]) -> Result<Vec<Vec<f64>>> {
    let k = v.len();
    let at = |i: usize, j: usize| v.get(i).and_then(|r| r.get(j)).copied().unwrap_or(f64::NAN);
    let name = |i: usize| names.get(i).map_or("?", String::as_str);
    let scale = (0..k).map(|i| at(i, i).abs()).fold(0.0, f64::max);
    let tiny = 1e-12 * scale;
    let bad = |reason: String| Error::Equilibrium(EquilibriumError::Covariance { reason });
    let mut l = vec![vec![0.0; k]; k];
    for j in 0..k {
        let vjj = at(j, j);
        if !(vjj.is_finite() && vjj >= 0.0) {
            return Err(bad(format!("the variance of {} is {vjj}", name(j))));
        }
        let d = vjj - l[j][..j].iter().map(|x| x * x).sum::<f64>();
        if d < -1e-9 * scale.max(f64::MIN_POSITIVE) {
            return Err(bad(format!(
                "not positive semi-definite: {} has a variance of {vjj} but its covariances \
                 with the terms before it imply more",
                name(j)
            )));
        }
        let pivot = if d > tiny { d.sqrt() } else { 0.0 };
        l[j][j] = pivot;
        for i in j + 1..k {
            let s = at(i, j) - (0..j).map(|m| l[i][m] * l[j][m]).sum::<f64>();
            if !s.is_finite() {
                return Err(bad(format!(
                    "the covariance of {} and {} is {s}",
                    name(i),
                    name(j)
                )));
            }
            if pivot > 0.0 {
                l[i][j] = s / pivot;
            } else if s.abs() > 1e-6 * (at(i, i).abs() * vjj.abs()).sqrt().max(tiny) {
                return Err(bad(format!(
                    "not positive semi-definite: {} has no variance left but a covariance of \
                     {s} with {}",
                    name(j),
                    name(i)
                )));
            }
        }
    }
    Ok(l)
}

/// One draw's numbers, in the point result's order.
struct Drawn {
    countries: Vec<f64>,
    pairs: Vec<f64>,
}

/// The country columns, in the order of their rows.
pub const COUNTRY_MEASURES: [&str; 8] = [
    "exports_cdl_pct",
    "exports_full_pct",
    "price_full_pct",
    "omr_cdl_pct",
    "omr_full_pct",
    "imr_cdl_pct",
    "imr_full_pct",
    "real_gdp_full_pct",
];

/// The pair columns, in the order of their rows.
pub const PAIR_MEASURES: [&str; 2] = ["trade_cdl_pct", "trade_full_pct"];

fn country_values(r: &EquilibriumResult) -> Vec<f64> {
    let mut v = Vec::with_capacity(r.countries.len() * COUNTRY_MEASURES.len());
    for c in &r.countries {
        v.extend([
            c.exports_cdl_pct,
            c.exports_full_pct,
            c.price_full_pct,
            c.omr_cdl_pct,
            c.omr_full_pct,
            c.imr_cdl_pct,
            c.imr_full_pct,
            c.real_gdp_full_pct,
        ]);
    }
    v
}

fn pair_values(r: &EquilibriumResult) -> Vec<f64> {
    r.pairs
        .iter()
        .flat_map(|p| [p.trade_cdl_pct, p.trade_full_pct])
        .collect()
}

/// One country's interval for one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountryInterval {
    /// The world the changes start from.
    pub from: World,
    /// The world the changes go to.
    pub to: World,
    /// The country.
    pub country: Economy,
    /// The column (`real_gdp_full_pct`, ... as in [`COUNTRY_MEASURES`]).
    pub measure: String,
    /// The point result (at the estimated coefficients), in %.
    pub point: f64,
    /// The median over the draws that solved.
    pub median: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
}

/// One pair's interval for one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairInterval {
    /// The world the changes start from.
    pub from: World,
    /// The world the changes go to.
    pub to: World,
    /// Exporter.
    pub exporter: Economy,
    /// Importer.
    pub importer: Economy,
    /// `trade_cdl_pct` or `trade_full_pct`.
    pub measure: String,
    /// The point result, in %.
    pub point: f64,
    /// The median over the draws that solved.
    pub median: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
}

/// A cost coefficient as estimated and as drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawnCoefficient {
    /// The cost term.
    pub term: String,
    /// The first stage's estimate.
    pub estimate: f64,
    /// Its standard error (the square root of V̂'s diagonal).
    pub std_error: f64,
    /// The draws' lower quantile.
    pub low: f64,
    /// The draws' upper quantile.
    pub high: f64,
}

/// Draws that failed, by their error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The error, in words.
    pub message: String,
    /// How many draws failed with it.
    pub draws: usize,
}

/// A general-equilibrium result with intervals from the first stage's uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquilibriumIntervals {
    /// The result at the estimated coefficients.
    pub point: EquilibriumResult,
    /// Draws made.
    pub draws: usize,
    /// Draws that solved (the intervals are over these).
    pub solved: usize,
    /// Draws that did not solve.
    pub failed: usize,
    /// The failed draws' errors, most frequent first.
    pub failures: Vec<Failure>,
    /// The seed.
    pub seed: u64,
    /// The intervals' coverage.
    pub level: f64,
    /// How the coefficients were drawn, in words.
    pub method: String,
    /// The cost coefficients, estimated and drawn.
    pub coefficients: Vec<DrawnCoefficient>,
    /// Per country and column.
    pub countries: Vec<CountryInterval>,
    /// Per pair with baseline trade and column.
    pub pairs: Vec<PairInterval>,
}

impl EquilibriumIntervals {
    /// A country's interval for a column (`real_gdp_full_pct`, ...).
    pub fn country(&self, code: &str, measure: &str) -> Option<&CountryInterval> {
        self.countries
            .iter()
            .find(|c| c.country.is(code) && c.measure == measure)
    }

    /// A pair's interval for a column (`trade_full_pct`, `trade_cdl_pct`).
    pub fn pair(&self, exporter: &str, importer: &str, measure: &str) -> Option<&PairInterval> {
        self.pairs
            .iter()
            .find(|p| p.exporter.is(exporter) && p.importer.is(importer) && p.measure == measure)
    }

    /// The per-pair table (the per-country one is the result's own [`crate::table::Table`]).
    pub fn pair_table(&self) -> PairIntervals<'_> {
        PairIntervals(self)
    }

    /// The country whose real GDP change has the largest absolute median: the largest mover.
    pub fn largest_mover(&self) -> Option<&CountryInterval> {
        self.countries
            .iter()
            .filter(|c| c.measure == "real_gdp_full_pct")
            .max_by(|a, b| a.median.abs().total_cmp(&b.median.abs()))
    }
}

/// The per-pair intervals of an [`EquilibriumIntervals`], as a table (its JSON: the list of
/// rows).
#[derive(Debug, Clone, Copy)]
pub struct PairIntervals<'a>(&'a EquilibriumIntervals);

impl Serialize for PairIntervals<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.pairs.serialize(s)
    }
}

impl crate::table::Row for CountryInterval {
    const REQUIRED: &'static [&'static str] = &["country", "measure", "point", "median"];
}

impl crate::table::Row for PairInterval {
    const REQUIRED: &'static [&'static str] = &["exporter", "importer", "measure", "point"];
}

/// One row per country and column: `from`, `to`, `country`, `measure`, `point`, `median`,
/// `low`, `high`.
impl crate::table::Table for EquilibriumIntervals {
    type Row = CountryInterval;
    const WHAT: &'static str = "a table of equilibrium intervals";
    fn rows(&self) -> Result<Vec<CountryInterval>> {
        Ok(self.countries.clone())
    }
}

/// One row per pair and column.
impl crate::table::Table for PairIntervals<'_> {
    type Row = PairInterval;
    const WHAT: &'static str = "a table of pair intervals";
    fn rows(&self) -> Result<Vec<PairInterval>> {
        Ok(self.0.pairs.clone())
    }
}

impl std::fmt::Display for PairIntervals<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = self.0;
        let pct = 100.0 * r.level;
        let mut t = crate::table::TextTable::new([
            "exporter".to_owned(),
            "importer".to_owned(),
            "measure".to_owned(),
            "point %".to_owned(),
            "median %".to_owned(),
            format!("{pct:.0}% low"),
            format!("{pct:.0}% high"),
        ]);
        for p in &r.pairs {
            t.row([
                p.exporter.to_string(),
                p.importer.to_string(),
                p.measure.clone(),
                format!("{:.3}", p.point),
                format!("{:.3}", p.median),
                format!("{:.3}", p.low),
                format!("{:.3}", p.high),
            ]);
        }
        writeln!(f, "{}", r.point.counterfactual)?;
        write!(f, "{t}")?;
        writeln!(f, "{}", r.footer())
    }
}

impl EquilibriumIntervals {
    fn footer(&self) -> String {
        let mut s = format!(
            "{}; {} draws ({} solved, {} failed), seed {}, {:.0}% intervals over the draws that \
             solved; trade imbalances: {}.",
            self.method,
            self.draws,
            self.solved,
            self.failed,
            self.seed,
            100.0 * self.level,
            self.point.imbalances.words()
        );
        for f in &self.failures {
            let _ = write!(s, "\nfailed: {} draws: {}", f.draws, f.message);
        }
        for note in &self.point.notes {
            let _ = write!(s, "\nnote: {note}");
        }
        for warning in &self.point.warnings {
            let _ = write!(s, "\nwarning: {warning}");
        }
        s
    }
}

/// The counterfactual, then per country (sorted by the median real GDP change) the point, median
/// and interval of real GDP and of full-equilibrium exports, the coefficients and the draws.
impl std::fmt::Display for EquilibriumIntervals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pct = 100.0 * self.level;
        writeln!(
            f,
            "{} (σ = {}, reference {})",
            self.point.counterfactual, self.point.sigma, self.point.reference
        )?;
        writeln!(f, "{}", self.point.direction.words())?;
        let mut t = crate::table::TextTable::new([
            "country".to_owned(),
            "real GDP %".to_owned(),
            "median".to_owned(),
            format!("{pct:.0}% interval"),
            "exports full %".to_owned(),
            "median".to_owned(),
            format!("{pct:.0}% interval"),
        ]);
        let mut gdp: Vec<&CountryInterval> = self
            .countries
            .iter()
            .filter(|c| c.measure == "real_gdp_full_pct")
            .collect();
        gdp.sort_by(|a, b| b.median.total_cmp(&a.median));
        for g in gdp {
            let code = g.country.code();
            let e = self.country(code, "exports_full_pct");
            let (ep, em, ei) = e.map_or((String::new(), String::new(), String::new()), |e| {
                (
                    format!("{:.3}", e.point),
                    format!("{:.3}", e.median),
                    format!("[{:.3}, {:.3}]", e.low, e.high),
                )
            });
            t.row([
                code.to_owned(),
                format!("{:.3}", g.point),
                format!("{:.3}", g.median),
                format!("[{:.3}, {:.3}]", g.low, g.high),
                ep,
                em,
                ei,
            ]);
        }
        write!(f, "{t}")?;
        let mut c = crate::table::TextTable::new([
            "cost term".to_owned(),
            "estimate".to_owned(),
            "std. error".to_owned(),
            format!("drawn {pct:.0}%"),
        ]);
        for k in &self.coefficients {
            c.row([
                k.term.clone(),
                format!("{:.6}", k.estimate),
                format!("{:.6}", k.std_error),
                format!("[{:.6}, {:.6}]", k.low, k.high),
            ]);
        }
        write!(f, "\n{c}")?;
        writeln!(f, "{}", self.footer())
    }
}

impl Baseline {
    /// The drawn cost coefficients, one vector per draw (antithetic pairs, see the module).
    ///
    /// # Errors
    /// As [`Draws::validate`]; [`EquilibriumError::NoCovariance`] without a covariance;
    /// [`EquilibriumError::Covariance`] for one that is not positive semi-definite.
    pub fn coefficient_draws(&self, draws: &Draws) -> Result<Vec<Vec<f64>>> {
        draws.validate()?;
        let cov = self
            .covariance
            .as_ref()
            .ok_or(Error::Equilibrium(EquilibriumError::NoCovariance))?;
        let names: Vec<String> = self.terms.iter().map(|t| t.name.clone()).collect();
        let l = psd_factor(cov, &names)?;
        let beta: Vec<f64> = self.terms.iter().map(|t| t.coefficient).collect();
        let k = beta.len();
        Ok((0..draws.draws)
            .map(|d| {
                let mut rng = Pcg64Mcg::seed_from_u64(stream_seed(draws.seed, (d / 2) as u64));
                let z: Vec<f64> = (0..k).map(|_| StandardNormal.sample(&mut rng)).collect();
                let sign = if d % 2 == 0 { 1.0 } else { -1.0 };
                (0..k)
                    .map(|i| {
                        let lz: f64 = l[i].iter().zip(&z).map(|(a, b)| a * b).sum();
                        beta[i] + sign * lz
                    })
                    .collect()
            })
            .collect())
    }

    /// Solves `cf` once per draw of the cost coefficients (the baseline's resistances solved
    /// again for each, and trade balanced again under [`Imbalances::Balanced`]) and gives
    /// `each(result)` per draw, in draw order, or the draw's error. Runs in parallel; the
    /// results do not depend on the thread count.
    ///
    /// # Errors
    /// As [`Baseline::coefficient_draws`].
    pub fn draw_each<R: Send>(
        &self,
        cf: &Counterfactual,
        draws: &Draws,
        each: &(dyn Fn(&EquilibriumResult) -> Result<R> + Sync),
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<Result<R>>> {
        let betas: Vec<Result<Vec<f64>>> =
            self.coefficient_draws(draws)?.into_iter().map(Ok).collect();
        Ok(self.draw_each_of(cf, &betas, each, progress))
    }

    /// [`Baseline::draw_each`] for coefficient sets drawn elsewhere (a bootstrap of the first
    /// stage, [`FirstStage::bootstrap`](super::FirstStage::bootstrap)); a set that is an error
    /// stays that draw's error.
    pub fn draw_each_of<R: Send>(
        &self,
        cf: &Counterfactual,
        betas: &[Result<Vec<f64>>],
        each: &(dyn Fn(&EquilibriumResult) -> Result<R> + Sync),
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Vec<Result<R>> {
        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = betas.len();
        betas
            .par_iter()
            .map(|beta| {
                let r = match beta {
                    Ok(beta) => self
                        .with_coefficients(beta)
                        .and_then(|b| b.solve(cf))
                        .and_then(|r| each(&r)),
                    Err(e) => Err(Error::Equilibrium(EquilibriumError::DrawFailed {
                        reason: e.to_string(),
                    })),
                };
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(n, total);
                r
            })
            .collect()
    }

    /// Solves `cf` at the estimated coefficients and for each of `draws` draws of them from
    /// Normal(β̂, V̂), and reports per country and pair the point, the median and the interval of
    /// every column.
    ///
    /// # Errors
    /// As [`Baseline::solve`] for the point; as [`Baseline::coefficient_draws`];
    /// [`InputError::TooLarge`] if the draws' values would pass
    /// [`crate::limits::MAX_VALUES`]; [`EquilibriumError::AllDrawsFailed`] if no draw solved.
    ///
    /// # Examples
    /// ```
    /// use bilateral::data::Economy;
    /// use bilateral::equilibrium::{Baseline, CostTerm, Counterfactual, Draws, Pairs};
    /// let names = Economy::list(["A", "B", "C"])?;
    /// let flows = [10.0, 2.0, 1.0, 2.0, 12.0, 1.0, 1.0, 1.0, 8.0];
    /// let border = CostTerm { name: "BRDR".into(), coefficient: -2.0,
    ///     values: vec![0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0] };
    /// let b = Baseline::new(names, &flows, vec![0.0; 9], vec![border], Economy::new("C")?, 7.0)?
    ///     .with_covariance(vec![vec![0.04]])?;
    /// let cf = Counterfactual::new("no borders").set_term("BRDR", Pairs::International, 0.0);
    /// let r = b.solve_with_draws(&cf, &Draws::new(200, 1)?)?;
    /// let a = r.country("A", "real_gdp_full_pct").unwrap();
    /// assert!(a.low < a.median && a.median < a.high);
    /// assert!((a.median - a.point).abs() < 0.1 * (a.high - a.low));
    /// assert_eq!(r, b.solve_with_draws(&cf, &Draws::new(200, 1)?)?); // seeded
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn solve_with_draws(
        &self,
        cf: &Counterfactual,
        draws: &Draws,
    ) -> Result<EquilibriumIntervals> {
        self.solve_with_draws_progress(cf, draws, &|_, _| {})
    }

    /// [`Baseline::solve_with_draws`], calling `progress(draws done, draws)` as draws finish.
    ///
    /// # Errors
    /// As [`Baseline::solve_with_draws`].
    pub fn solve_with_draws_progress(
        &self,
        cf: &Counterfactual,
        draws: &Draws,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<EquilibriumIntervals> {
        draws.validate()?;
        let betas: Vec<Result<Vec<f64>>> =
            self.coefficient_draws(draws)?.into_iter().map(Ok).collect();
        let rule = match self.imbalances {
            Imbalances::FixedShares => "",
            Imbalances::Balanced => ", trade balanced again per draw",
        };
        let method = format!(
            "cost coefficients drawn from Normal(β̂, V̂) of the first stage ({}), in antithetic \
             pairs; baseline and counterfactual solved again per draw{rule}",
            if self.provenance.costs.is_empty() {
                "as given"
            } else {
                self.provenance.costs.as_str()
            }
        );
        self.solve_with_coefficients(cf, draws, &betas, &method, progress)
    }

    /// The intervals over coefficient sets drawn elsewhere (one per draw, an error for a draw
    /// whose set could not be made), described by `method`: what
    /// [`Baseline::solve_with_draws`] reports for its normal draws.
    ///
    /// # Errors
    /// As [`Baseline::solve_with_draws`].
    pub fn solve_with_coefficients(
        &self,
        cf: &Counterfactual,
        draws: &Draws,
        betas: &[Result<Vec<f64>>],
        method: &str,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<EquilibriumIntervals> {
        draws.validate()?;
        let point = self.solve(cf)?;
        let per_draw = COUNTRY_MEASURES.len() * point.countries.len()
            + PAIR_MEASURES.len() * point.pairs.len();
        crate::limits::values(
            "an equilibrium run's draws × (countries and pairs)",
            per_draw.checked_mul(betas.len()),
        )?;
        let keys: Vec<(Economy, Economy)> = point
            .pairs
            .iter()
            .map(|p| (p.exporter, p.importer))
            .collect();
        let each = |r: &EquilibriumResult| -> Result<Drawn> {
            let same = r.pairs.len() == keys.len()
                && r.pairs
                    .iter()
                    .zip(&keys)
                    .all(|(p, k)| (p.exporter, p.importer) == *k);
            if !same {
                return Err(Error::Equilibrium(EquilibriumError::DrawPairs));
            }
            Ok(Drawn {
                countries: country_values(r),
                pairs: pair_values(r),
            })
        };
        let results = self.draw_each_of(cf, betas, &each, progress);
        let mut solved = Vec::with_capacity(results.len());
        let mut failures: Vec<Failure> = Vec::new();
        for r in results {
            match r {
                Ok(d) => solved.push(d),
                Err(e) => {
                    let message = e.to_string();
                    match failures.iter_mut().find(|f| f.message == message) {
                        Some(f) => f.draws += 1,
                        None => failures.push(Failure { message, draws: 1 }),
                    }
                }
            }
        }
        failures.sort_by_key(|f| std::cmp::Reverse(f.draws));
        if solved.is_empty() {
            return Err(Error::Equilibrium(EquilibriumError::AllDrawsFailed {
                draws: betas.len(),
                first: failures
                    .first()
                    .map_or(String::new(), |f| f.message.clone()),
            }));
        }
        let (lo, hi) = draws.bounds();
        let summarise = |values: &mut Vec<f64>| {
            (
                quantile_select(values, 0.5),
                quantile_select(values, lo),
                quantile_select(values, hi),
            )
        };
        let country_point = country_values(&point);
        let measures = COUNTRY_MEASURES.len();
        let mut countries = Vec::with_capacity(country_point.len());
        let mut column = Vec::with_capacity(solved.len());
        for (k, &p) in country_point.iter().enumerate() {
            column.clear();
            column.extend(solved.iter().filter_map(|d| d.countries.get(k).copied()));
            let (median, low, high) = summarise(&mut column);
            let (Some(c), Some(m)) = (
                point.countries.get(k / measures),
                COUNTRY_MEASURES.get(k % measures),
            ) else {
                continue;
            };
            countries.push(CountryInterval {
                from: c.from,
                to: c.to,
                country: c.country,
                measure: (*m).to_owned(),
                point: p,
                median,
                low,
                high,
            });
        }
        let pair_point = pair_values(&point);
        let mut pairs = Vec::with_capacity(pair_point.len());
        for (k, &p) in pair_point.iter().enumerate() {
            column.clear();
            column.extend(solved.iter().filter_map(|d| d.pairs.get(k).copied()));
            let (median, low, high) = summarise(&mut column);
            let (Some(q), Some(m)) = (point.pairs.get(k / 2), PAIR_MEASURES.get(k % 2)) else {
                continue;
            };
            pairs.push(PairInterval {
                from: q.from,
                to: q.to,
                exporter: q.exporter,
                importer: q.importer,
                measure: (*m).to_owned(),
                point: p,
                median,
                low,
                high,
            });
        }
        let coefficients = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut drawn: Vec<f64> = betas
                    .iter()
                    .filter_map(|b| b.as_ref().ok().and_then(|b| b.get(i).copied()))
                    .collect();
                let n = drawn.len().max(1) as f64;
                let mean = drawn.iter().sum::<f64>() / n;
                let sd = (drawn.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
                DrawnCoefficient {
                    term: t.name.clone(),
                    estimate: t.coefficient,
                    std_error: self
                        .covariance
                        .as_ref()
                        .and_then(|c| c.get(i))
                        .and_then(|r| r.get(i))
                        .map_or(sd, |v| v.sqrt()),
                    low: quantile_select(&mut drawn, lo),
                    high: quantile_select(&mut drawn, hi),
                }
            })
            .collect();
        Ok(EquilibriumIntervals {
            method: method.to_owned(),
            draws: betas.len(),
            solved: solved.len(),
            failed: betas.len() - solved.len(),
            failures,
            seed: draws.seed,
            level: draws.level,
            coefficients,
            countries,
            pairs,
            point,
        })
    }
}
