//! Choosing how to partial the fixed effects out, once per fit, and reporting what it did.
//!
//! The rule ([`Solver::Auto`]):
//! - one fixed effect: exact weighted group means;
//! - more: the largest effect is eliminated exactly and the others' normal equations (the
//!   Schur complement, [`super::schur`]) are solved by conjugate gradients, preconditioned by
//!   their diagonal and warm-started from the previous IRLS iteration. On a network that mixes
//!   well (trade panels with exporter×year, importer×year and pair effects; workers at firms
//!   assigned at random) that takes tens of iterations per demeaning;
//! - a demeaning that needs more than [`SWITCH_AFTER`] iterations marks a network that mixes
//!   slowly (individuals at firms in sequence, exporter–product networks): from then on the fit
//!   factors the normal equations by a sparse Cholesky, when the factor fits the crate's limits
//!   (`schur`'s `MAX_FACTOR` non-zeros and `MAX_FLOPS`), and otherwise carries on with
//!   conjugate gradients to the full iteration limit.
//!
//! Measured on the `gravity` example (2 cores, release build): conjugate gradients and
//! alternating projections are within 10% of each other on the AGTPA and synthetic trade
//! panels; on the fixest_benchmarks panels at 10⁶ rows conjugate gradients take 2 s where
//! alternating projections take 10 s (random firms), and the factor 3.6 s where either
//! iteration takes over 40 s (firms in sequence). [`Solver::Alternating`] stays available: it
//! needs no structure built and is the lighter on memory.
//!
//! Convergence, for every method, per column `x`: conjugate gradients and the factor stop when
//! the Schur system's relative residual `‖b − Sβ‖₂ / ‖b‖₂` is at most the demeaning tolerance
//! ([`Options::demean_tolerance`](super::Options::demean_tolerance), 1e-10 by default); the
//! eliminated effect's own equations hold exactly, so this is the residual of all the fixed
//! effects' normal equations. Alternating projections stop when the effects' largest relative
//! change is within the tolerance; [`SolverReport::residual`] gives the normal equations'
//! `‖D'W(x − Dα)‖₂ / ‖D'Wx‖₂` they reached. The regressors' coefficients are a least-squares
//! fit on the demeaned columns, so an error `ε` relative in the demeaning moves them by about
//! `ε · κ` relative, `κ` the condition of the demeaned
//! regressors' cross-product: at the default tolerance the solvers agree to about 1e-9 (tested).

use serde::{Deserialize, Serialize};

use super::demean::{Demeaned, Demeaner, FixedEffectCodes};
use super::schur::{Prepared, Schur};
use crate::error::{Error, GravityError, Result};

/// Conjugate-gradient iterations in one demeaning after which [`Solver::Auto`] factors the
/// normal equations.
pub const SWITCH_AFTER: usize = 50;

keyword_enum! {
    /// How fixed effects are partialled out ([`Options::solver`](super::Options::solver)).
    #[derive(Default)]
    pub enum Solver: "fixed-effect solver" {
        #[default]
        /// The rule of the module docs: conjugate gradients on the normal equations, a sparse
        /// Cholesky factor once a demeaning needs more than [`SWITCH_AFTER`] iterations.
        Auto = "auto",
        /// Alternating projections with Irons–Tuck acceleration (Gauss–Seidel sweeps over the
        /// effects), to the demeaning tolerance.
        Alternating = "alternating",
        /// The largest effect eliminated exactly and a sparse Cholesky factor of the others'
        /// normal equations (refined to the demeaning tolerance); an error if the factor would
        /// pass the limits.
        Direct = "direct",
        /// The largest effect eliminated exactly and preconditioned conjugate gradients on the
        /// others' normal equations, to the demeaning tolerance.
        ConjugateGradient = "conjugate_gradient" ("conjugate gradients") | "cg",
    }
}

/// What partialling out the fixed effects did over a fit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SolverReport {
    /// The method that solved the last demeaning.
    pub solver: Solver,
    /// Sweeps (alternating projections), or conjugate-gradient iterations and refinement steps
    /// of the factor (including the trial iterations before [`Solver::Auto`] turned to the
    /// factor), summed over the fit's demeanings.
    pub iterations: usize,
    /// The last demeaning's convergence measure: the relative residual of the fixed effects'
    /// normal equations, `‖D'W r‖₂ / ‖D'W x‖₂` at its worst column.
    pub residual: f64,
    /// Levels the others determine, pinned to 0 by the direct solver (one per effect beyond
    /// the first and connected component, more where levels are collinear).
    pub pinned: usize,
    /// Connected components of the fixed effects' network: effects are identified only within
    /// each (1 for a connected panel).
    pub components: usize,
}

impl Solver {
    /// The method in words.
    pub fn describe(self) -> &'static str {
        match self {
            Solver::Auto => "chosen per problem",
            Solver::Alternating => "alternating projections",
            Solver::Direct => "sparse Cholesky on the normal equations",
            Solver::ConjugateGradient => "conjugate gradients on the normal equations",
        }
    }
}

/// `conjugate gradients on the normal equations, 83 iterations, relative residual 9.3e-11,
/// 1 connected component`.
impl std::fmt::Display for SolverReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.solver {
            Solver::Alternating => "sweeps",
            Solver::Auto | Solver::Direct | Solver::ConjugateGradient => "iterations",
        };
        write!(
            f,
            "{}, {} {unit}, relative residual {:.1e}",
            self.solver.describe(),
            self.iterations,
            self.residual
        )?;
        if self.pinned > 0 {
            write!(f, ", {} levels pinned to 0", self.pinned)?;
        }
        let plural = if self.components == 1 { "" } else { "s" };
        write!(f, ", {} connected component{plural}", self.components)
    }
}

/// The state of one fit's demeanings.
pub(crate) struct FeSolver<'a> {
    fe: &'a FixedEffectCodes,
    choice: Solver,
    schur: Option<Schur>,
    /// The last factor or diagonal, reused while the weights stay the same.
    prepared: Option<Prepared>,
    /// Whether [`Solver::Auto`] has looked for a direct factor.
    direct_tried: bool,
    report: SolverReport,
}

impl<'a> FeSolver<'a> {
    pub(crate) fn new(fe: &'a FixedEffectCodes, choice: Solver) -> FeSolver<'a> {
        let exact = fe.sizes().len() == 1;
        FeSolver {
            fe,
            choice,
            schur: None,
            prepared: None,
            direct_tried: false,
            report: SolverReport {
                solver: if exact { Solver::Direct } else { choice },
                iterations: 0,
                residual: 0.0,
                pinned: 0,
                // Counted when reported: the separation check's solver never reports.
                components: 0,
            },
        }
    }

    /// What it did so far.
    pub(crate) fn report(&self) -> SolverReport {
        SolverReport {
            components: components(self.fe),
            ..self.report.clone()
        }
    }

    /// The choice a later fit on a similar sample should start from: the normal equations'
    /// method once [`Solver::Auto`] has turned to it, else the choice given.
    pub(crate) fn decided(&self) -> Solver {
        match (self.choice, &self.schur) {
            (Solver::Auto, Some(s)) if s.is_direct() => Solver::Direct,
            (Solver::Auto, Some(_)) if self.direct_tried => Solver::ConjugateGradient,
            (choice, _) => choice,
        }
    }

    /// The residuals of `columns` after the fixed effects with weights `w`, to `tolerance`.
    pub(crate) fn demean(
        &mut self,
        w: &[f64],
        columns: &[&[f64]],
        start: Option<&[f64]>,
        tolerance: f64,
        max_sweeps: usize,
    ) -> Result<Demeaned> {
        if self.fe.sizes().is_empty() || self.choice == Solver::Alternating {
            let d = Demeaner::new(self.fe, w, tolerance, max_sweeps)?;
            let dm = d.demean(columns, start)?;
            self.report.solver = Solver::Alternating;
            self.report.iterations += dm.sweeps;
            self.report.residual = normal_residual(self.fe, w, columns, &dm.residuals);
            return Ok(dm);
        }
        let mut schur = match self.schur.take() {
            Some(schur) => schur,
            None => {
                let schur = Schur::new(self.fe, self.choice == Solver::Direct)?;
                if self.choice == Solver::Direct && !schur.is_direct() && self.fe.sizes().len() > 1
                {
                    return Err(Error::Gravity(GravityError::SolverLimit {
                        solver: "direct",
                        reason: "the Cholesky factor of the fixed effects' normal equations would pass the crate's limits (use conjugate gradients or alternating projections)",
                    }));
                }
                schur
            }
        };
        let result = self.solve(&mut schur, w, columns, start, tolerance, max_sweeps);
        self.schur = Some(schur);
        result
    }

    fn solve(
        &mut self,
        schur: &mut Schur,
        w: &[f64],
        columns: &[&[f64]],
        start: Option<&[f64]>,
        tolerance: f64,
        max_sweeps: usize,
    ) -> Result<Demeaned> {
        let total: usize = self.fe.sizes().iter().sum();
        let prepared = match self.prepared.take() {
            Some(p) if p.fits(w) => p,
            _ => schur.prepare(w),
        };
        // Auto's first try: conjugate gradients within a budget, before any factor is built.
        let trial = self.choice == Solver::Auto && !self.direct_tried && !schur.is_direct();
        let budget = if trial {
            SWITCH_AFTER.min(max_sweeps)
        } else {
            max_sweeps
        };
        let solved = schur.solve_prepared(&prepared, w, columns, start, tolerance, budget, total);
        let (residuals, coefficients, solved) = match solved {
            Ok(done) => {
                self.prepared = Some(prepared);
                done
            }
            Err(e) if trial && e.is_convergence() => {
                // A network that mixes slowly: the factor, when it fits the limits.
                self.report.iterations += budget;
                self.direct_tried = true;
                schur.enable_direct();
                return self.solve(schur, w, columns, start, tolerance, max_sweeps);
            }
            Err(e) => return Err(e),
        };
        self.report.solver = if schur.is_direct() || self.fe.sizes().len() == 1 {
            Solver::Direct
        } else {
            Solver::ConjugateGradient
        };
        self.report.iterations += solved.iterations;
        self.report.residual = solved.residual;
        self.report.pinned = solved.pinned;
        Ok(Demeaned {
            residuals,
            coefficients,
            sweeps: solved.iterations,
        })
    }
}

/// `max over columns ‖D'W r‖₂ / ‖D'W x‖₂`.
fn normal_residual(fe: &FixedEffectCodes, w: &[f64], x: &[&[f64]], r: &[Vec<f64>]) -> f64 {
    let total: usize = fe.sizes().iter().sum();
    let mut worst = 0.0_f64;
    for (xc, rc) in x.iter().zip(r) {
        let (mut dx, mut dr) = (vec![0.0; total], vec![0.0; total]);
        let mut off = 0;
        for (k, size) in fe.sizes().iter().enumerate() {
            for (((g, wi), xi), ri) in fe.codes(k).iter().zip(w).zip(*xc).zip(rc) {
                let l = off + *g as usize;
                if let (Some(a), Some(b)) = (dx.get_mut(l), dr.get_mut(l)) {
                    *a += wi * xi;
                    *b += wi * ri;
                }
            }
            off += size;
        }
        let nx = dx.iter().map(|v| v * v).sum::<f64>().sqrt();
        let nr = dr.iter().map(|v| v * v).sum::<f64>().sqrt();
        if nx > 0.0 {
            worst = worst.max(nr / nx);
        }
    }
    worst
}

/// Connected components of the graph whose nodes are the levels of every fixed effect and
/// whose edges join the levels of one row (union–find).
pub(crate) fn components(fe: &FixedEffectCodes) -> usize {
    let sizes = fe.sizes();
    let total: usize = sizes.iter().sum();
    if total == 0 {
        return usize::from(!fe.is_empty());
    }
    let mut parent: Vec<u32> = (0..u32::try_from(total).unwrap_or(u32::MAX)).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while let Some(&p) = parent.get(x as usize) {
            if p == x {
                break;
            }
            let gp = parent.get(p as usize).copied().unwrap_or(p);
            if let Some(s) = parent.get_mut(x as usize) {
                *s = gp;
            }
            x = gp;
        }
        x
    }
    let offsets: Vec<usize> = sizes
        .iter()
        .scan(0, |acc, s| {
            let o = *acc;
            *acc += s;
            Some(o)
        })
        .collect();
    for i in 0..fe.len() {
        let first = offsets.first().copied().unwrap_or(0)
            + fe.codes(0).get(i).copied().unwrap_or(0) as usize;
        for k in 1..sizes.len() {
            let other = offsets.get(k).copied().unwrap_or(0)
                + fe.codes(k).get(i).copied().unwrap_or(0) as usize;
            let (a, b) = (
                find(&mut parent, u32::try_from(first).unwrap_or(u32::MAX)),
                find(&mut parent, u32::try_from(other).unwrap_or(u32::MAX)),
            );
            if a != b
                && let Some(p) = parent.get_mut(a.max(b) as usize)
            {
                *p = a.min(b);
            }
        }
    }
    // Levels no row uses are not part of the network.
    let mut used = vec![false; total];
    for (k, off) in offsets.iter().enumerate() {
        for &g in fe.codes(k) {
            if let Some(u) = used.get_mut(off + g as usize) {
                *u = true;
            }
        }
    }
    let mut roots = std::collections::HashSet::new();
    for l in 0..total {
        if used.get(l).copied().unwrap_or(false) {
            roots.insert(find(&mut parent, u32::try_from(l).unwrap_or(u32::MAX)));
        }
    }
    roots.len()
}
