//! The fits on a prepared sample: PPML by iteratively reweighted least squares with the fixed
//! effects partialled out (warm-started, with inexact early demeaning as ppmlhdfe does), and OLS
//! with the same fixed effects.

use super::demean::Demeaned;
use super::fit::DroppedRegressor;
use super::linalg::{Regression, regress, select};
use super::sample::Sample;
use super::solver::{FeSolver, SolverReport};
use super::spec::GravitySpec;
use crate::error::{Error, GravityError, NoConvergence, Result};

pub(super) fn deviance(y: &[f64], mu: &[f64], a: &[f64]) -> f64 {
    2.0 * y
        .iter()
        .zip(mu)
        .zip(a)
        .map(|((&y, &m), &a)| {
            a * if y > 0.0 {
                y * (y / m).ln() - (y - m)
            } else {
                m
            }
        })
        .sum::<f64>()
}

fn log_likelihood(y: &[f64], mu: &[f64], a: &[f64]) -> f64 {
    y.iter()
        .zip(mu)
        .zip(a)
        .map(|((&y, &m), &a)| {
            let ly = if y > 0.0 { y * m.ln() } else { 0.0 };
            a * (ly - m - statrs::function::gamma::ln_gamma(y + 1.0))
        })
        .sum()
}

/// What an estimator hands to inference.
pub(super) struct Core {
    pub(super) beta: Vec<f64>,
    pub(super) kept: Vec<usize>,
    pub(super) dropped_regressors: Vec<DroppedRegressor>,
    pub(super) xt: Vec<Vec<f64>>,
    pub(super) w: Vec<f64>,
    pub(super) resid: Vec<f64>,
    pub(super) chol: Vec<Vec<f64>>,
    pub(super) fitted: Vec<f64>,
    pub(super) fe_values: Vec<f64>,
    pub(super) iterations: usize,
    pub(super) sweeps: usize,
    pub(super) solver: SolverReport,
    pub(super) last_change: f64,
    pub(super) deviance: f64,
    pub(super) log_likelihood: Option<f64>,
    pub(super) r2: f64,
}

/// FE coefficients of the outcome minus those of the regressors times β (column 0 is the outcome).
fn fe_values(dm: &Demeaned, m: usize, kept: &[usize], beta: &[f64]) -> Vec<f64> {
    let total = dm.coefficients.len() / m.max(1);
    (0..total)
        .map(|g| {
            let base = g * m;
            let mut v = dm.coefficients.get(base).copied().unwrap_or(0.0);
            for (&j, b) in kept.iter().zip(beta) {
                v -= b * dm.coefficients.get(base + 1 + j).copied().unwrap_or(0.0);
            }
            v
        })
        .collect()
}

pub(super) fn ppml_fit(
    s: &Sample,
    spec: &GravitySpec,
    what: &str,
    choice: super::Solver,
) -> Result<Core> {
    let o = &spec.options;
    let n = s.y.len();
    let a = &s.weights;
    let total_weight: f64 = a.iter().sum();
    let mean = s.y.iter().zip(a).map(|(y, a)| y * a).sum::<f64>() / total_weight;
    let mut mu: Vec<f64> = s.y.iter().map(|y| (y + mean) / 2.0).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
    let mut last = deviance(&s.y, &mu, a);
    let mut start: Option<Vec<f64>> = None;
    let mut kept: Option<(Vec<usize>, Vec<DroppedRegressor>)> = None;
    let mut sweeps = 0;
    let mut crit = f64::INFINITY;
    let mut solver = FeSolver::new(&s.fe, choice);
    for it in 1..=o.max_iterations {
        let z: Vec<f64> =
            s.y.iter()
                .zip(&mu)
                .zip(&eta)
                .map(|((y, m), e)| e + y / m - 1.0)
                .collect();
        // The fixed effects and regressors fit the working outcome less the offset.
        let zc: Vec<f64> = z.iter().zip(&s.offset).map(|(z, o)| z - o).collect();
        let w: Vec<f64> = mu.iter().zip(a).map(|(m, a)| m * a).collect();
        // Inexact early iterations (as ppmlhdfe): demean loosely while the deviance still moves,
        // to the full tolerance once it settles; convergence is only declared on a full one.
        let dtol = (crit * 1e-3).clamp(o.demean_tolerance, o.demean_tolerance.max(1e-5));
        let mut cols: Vec<&[f64]> = vec![&zc];
        cols.extend(s.x.iter().map(Vec::as_slice));
        let dm = solver.demean(&w, &cols, start.as_deref(), dtol, o.max_sweeps)?;
        sweeps += dm.sweeps;
        if kept.is_none() {
            let xt_all = dm.residuals.get(1..).unwrap_or(&[]);
            let raw: Vec<&[f64]> = s.x.iter().map(Vec::as_slice).collect();
            kept = Some(select(xt_all, &raw, &w, &s.names, o.collinearity_tolerance));
        }
        let (kept_idx, dropped) = kept.clone().unwrap_or_default();
        let Regression {
            xt,
            chol,
            beta,
            resid,
        } = regress(&dm.residuals, &kept_idx, &w, what)?;
        let mut new_eta: Vec<f64> = z.iter().zip(&resid).map(|(z, r)| z - r).collect();
        let mut new_mu: Vec<f64> = new_eta.iter().map(|e| e.exp()).collect();
        let mut dev = deviance(&s.y, &new_mu, a);
        let mut halvings = 0;
        while !(dev.is_finite() && new_mu.iter().all(|m| *m > 0.0 && m.is_finite())) {
            halvings += 1;
            if halvings > 30 {
                return Err(Error::Gravity(GravityError::Overflow {
                    model: what.to_owned(),
                    halvings: 30,
                }));
            }
            for (ne, e) in new_eta.iter_mut().zip(&eta) {
                *ne = 0.5 * (*ne + e);
            }
            new_mu = new_eta.iter().map(|e| e.exp()).collect();
            dev = deviance(&s.y, &new_mu, a);
        }
        crit = (dev - last).abs() / (0.1 + last.abs());
        last = dev;
        eta = new_eta;
        mu = new_mu;
        let m = 1 + s.x.len();
        if crit < o.tolerance && dtol <= o.demean_tolerance {
            let fe_values = fe_values(&dm, m, &kept_idx, &beta);
            let ll = log_likelihood(&s.y, &mu, a);
            let null: Vec<f64> = vec![mean; n];
            let ll0 = log_likelihood(&s.y, &null, a);
            return Ok(Core {
                beta,
                kept: kept_idx,
                dropped_regressors: dropped,
                xt,
                w,
                resid,
                chol,
                fitted: mu,
                fe_values,
                iterations: it,
                sweeps,
                solver: solver.report(),
                last_change: crit,
                deviance: dev,
                log_likelihood: Some(ll),
                r2: 1.0 - ll / ll0,
            });
        }
        start = Some(dm.coefficients);
    }
    Err(Error::Gravity(GravityError::NoConvergence(NoConvergence {
        what: "PPML (IRLS)",
        iterations: o.max_iterations,
        last_change: crit,
        tolerance: o.tolerance,
    })))
}

pub(super) fn ols_fit(
    s: &Sample,
    spec: &GravitySpec,
    what: &str,
    choice: super::Solver,
) -> Result<Core> {
    let o = &spec.options;
    let w = s.weights.clone();
    let mut solver = FeSolver::new(&s.fe, choice);
    let y: Vec<f64> = s.y.iter().zip(&s.offset).map(|(y, o)| y - o).collect();
    let mut cols: Vec<&[f64]> = vec![&y];
    cols.extend(s.x.iter().map(Vec::as_slice));
    let dm = solver.demean(&w, &cols, None, o.demean_tolerance, o.max_sweeps)?;
    let xt_all = dm.residuals.get(1..).unwrap_or(&[]);
    let raw: Vec<&[f64]> = s.x.iter().map(Vec::as_slice).collect();
    let (kept, dropped) = select(xt_all, &raw, &w, &s.names, o.collinearity_tolerance);
    let Regression {
        xt,
        chol,
        beta,
        resid,
    } = regress(&dm.residuals, &kept, &w, what)?;
    let rss: f64 = resid.iter().zip(&w).map(|(r, w)| w * r * r).sum();
    let total_weight: f64 = w.iter().sum();
    let ybar = s.y.iter().zip(&w).map(|(y, w)| y * w).sum::<f64>() / total_weight;
    let tss: f64 =
        s.y.iter()
            .zip(&w)
            .map(|(y, w)| w * (y - ybar) * (y - ybar))
            .sum();
    let fitted = s.y.iter().zip(&resid).map(|(y, r)| y - r).collect();
    let fe_values = fe_values(&dm, 1 + s.x.len(), &kept, &beta);
    Ok(Core {
        beta,
        kept,
        dropped_regressors: dropped,
        xt,
        w,
        resid,
        chol,
        fitted,
        fe_values,
        iterations: 1,
        sweeps: dm.sweeps,
        solver: solver.report(),
        last_change: 0.0,
        deviance: rss,
        log_likelihood: None,
        r2: if tss > 0.0 { 1.0 - rss / tss } else { 0.0 },
    })
}
