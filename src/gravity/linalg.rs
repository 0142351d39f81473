//! The small dense algebra of the estimators: Cholesky factors of X̃'WX̃, solves and inverses,
//! weighted least squares on demeaned columns, and the collinearity check.

use super::fit::DroppedRegressor;
use crate::error::{Error, GravityError, Result};

/// Columns kept after the collinearity check, by sequential Cholesky on X̃'WX̃.
pub(super) fn select(
    xt: &[Vec<f64>],
    raw: &[&[f64]],
    w: &[f64],
    names: &[String],
    tol: f64,
) -> (Vec<usize>, Vec<DroppedRegressor>) {
    let p = xt.len();
    let dot = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .zip(w)
            .map(|((x, y), w)| w * x * y)
            .sum::<f64>()
    };
    let mut kept: Vec<usize> = Vec::new();
    let mut l: Vec<Vec<f64>> = Vec::new(); // rows of L for kept columns
    let mut dropped = Vec::new();
    for j in 0..p {
        let (Some(xj), Some(rj)) = (xt.get(j), raw.get(j)) else {
            continue;
        };
        let name = names.get(j).cloned().unwrap_or_default();
        let own = dot(xj, xj);
        let rawn = dot(rj, rj);
        if own.is_nan() || own <= tol * rawn || own == 0.0 {
            dropped.push(DroppedRegressor {
                name,
                reason: "collinear with the fixed effects".into(),
            });
            continue;
        }
        let mut row = Vec::with_capacity(kept.len() + 1);
        for (a, &k) in kept.iter().enumerate() {
            let xk = xt.get(k).map_or(&[][..], Vec::as_slice);
            let mut v = dot(xj, xk);
            let lk = l.get(a).map_or(&[][..], Vec::as_slice);
            for b in 0..a {
                v -= row.get(b).copied().unwrap_or(0.0) * lk.get(b).copied().unwrap_or(0.0);
            }
            row.push(v / lk.get(a).copied().unwrap_or(1.0));
        }
        let d = own - row.iter().map(|v| v * v).sum::<f64>();
        if d.is_nan() || d <= tol * own {
            dropped.push(DroppedRegressor {
                name,
                reason: "collinear with the other regressors".into(),
            });
            continue;
        }
        row.push(d.sqrt());
        l.push(row);
        kept.push(j);
    }
    (kept, dropped)
}

/// Cholesky factor of a symmetric positive definite matrix (lower, row-major).
fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let p = a.len();
    let mut l = vec![vec![0.0; p]; p];
    for i in 0..p {
        for j in 0..=i {
            let mut s = a.get(i)?.get(j).copied()?;
            for k in 0..j {
                s -= l.get(i)?.get(k)? * l.get(j)?.get(k)?;
            }
            if i == j {
                if s.is_nan() || s <= 0.0 {
                    return None;
                }
                *l.get_mut(i)?.get_mut(j)? = s.sqrt();
            } else {
                let d = *l.get(j)?.get(j)?;
                *l.get_mut(i)?.get_mut(j)? = s / d;
            }
        }
    }
    Some(l)
}

fn solve_chol(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let p = l.len();
    let at = |i: usize, j: usize| l.get(i).and_then(|r| r.get(j)).copied().unwrap_or(1.0);
    let mut y = vec![0.0; p];
    for i in 0..p {
        let mut s = b.get(i).copied().unwrap_or(0.0);
        for k in 0..i {
            s -= at(i, k) * y.get(k).copied().unwrap_or(0.0);
        }
        if let Some(v) = y.get_mut(i) {
            *v = s / at(i, i);
        }
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let mut s = y.get(i).copied().unwrap_or(0.0);
        for k in i + 1..p {
            s -= at(k, i) * x.get(k).copied().unwrap_or(0.0);
        }
        if let Some(v) = x.get_mut(i) {
            *v = s / at(i, i);
        }
    }
    x
}

pub(super) fn inverse(l: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let p = l.len();
    let cols: Vec<Vec<f64>> = (0..p)
        .map(|j| {
            let e: Vec<f64> = (0..p).map(|i| if i == j { 1.0 } else { 0.0 }).collect();
            solve_chol(l, &e)
        })
        .collect();
    (0..p)
        .map(|i| {
            (0..p)
                .map(|j| cols.get(j).and_then(|c| c.get(i)).copied().unwrap_or(0.0))
                .collect()
        })
        .collect()
}

/// Weighted least squares on demeaned columns: the Cholesky factor of X̃'WX̃ and β.
fn wls(xt: &[Vec<f64>], zt: &[f64], w: &[f64], what: &str) -> Result<(Vec<Vec<f64>>, Vec<f64>)> {
    let p = xt.len();
    let mut a = vec![vec![0.0; p]; p];
    let mut b = vec![0.0; p];
    for i in 0..p {
        let xi = xt.get(i).map_or(&[][..], Vec::as_slice);
        for j in 0..=i {
            let xj = xt.get(j).map_or(&[][..], Vec::as_slice);
            let v: f64 = xi.iter().zip(xj).zip(w).map(|((a, b), w)| w * a * b).sum();
            if let Some(r) = a.get_mut(i)
                && let Some(c) = r.get_mut(j)
            {
                *c = v;
            }
            if let Some(r) = a.get_mut(j)
                && let Some(c) = r.get_mut(i)
            {
                *c = v;
            }
        }
        if let Some(bi) = b.get_mut(i) {
            *bi = xi.iter().zip(zt).zip(w).map(|((a, b), w)| w * a * b).sum();
        }
    }
    let l = cholesky(&a).ok_or_else(|| GravityError::Singular {
        model: what.to_owned(),
    })?;
    let beta = solve_chol(&l, &b);
    Ok((l, beta))
}

/// Weighted least squares of the demeaned outcome (residuals[0]) on the kept demeaned
/// regressors (residuals[1 + j] for j in `kept`): the regressors, the Cholesky factor of
/// X̃'WX̃, β and the residuals.
pub(super) fn regress(
    residuals: &[Vec<f64>],
    kept: &[usize],
    w: &[f64],
    what: &str,
) -> Result<Regression> {
    let (yt, xt_all) = residuals
        .split_first()
        .map_or((&[][..], &[][..]), |(a, b)| (a.as_slice(), b));
    if kept.is_empty() {
        return Err(Error::Gravity(GravityError::NoRegressors {
            model: what.to_owned(),
        }));
    }
    let xt: Vec<Vec<f64>> = kept
        .iter()
        .filter_map(|&j| xt_all.get(j).cloned())
        .collect();
    let (chol, beta) = wls(&xt, yt, w, what)?;
    let mut resid = yt.to_vec();
    for (c, b) in xt.iter().zip(&beta) {
        for (r, x) in resid.iter_mut().zip(c) {
            *r -= x * b;
        }
    }
    Ok(Regression {
        xt,
        chol,
        beta,
        resid,
    })
}

/// What [`regress`] returns.
pub(super) struct Regression {
    pub(super) xt: Vec<Vec<f64>>,
    pub(super) chol: Vec<Vec<f64>>,
    pub(super) beta: Vec<f64>,
    pub(super) resid: Vec<f64>,
}
