//! Partialling out fixed effects: weighted alternating projections in the space of the
//! fixed-effect coefficients, with Irons–Tuck acceleration.
//!
//! For columns `x` and weights `w`, [`Demeaner::demean`] finds the coefficients `α` of every
//! fixed effect that minimise `Σ w_i (x_i − Σ_k α_k[g_k(i)])²` and returns the residuals. One
//! sweep updates each fixed effect in turn to the weighted mean of what the others leave
//! (Gauss–Seidel); two sweeps and an Irons–Tuck extrapolation make one iteration. Working on the
//! coefficients (thousands) instead of the observations (millions) keeps the accelerated vectors
//! small, and lets an iterative caller (PPML's IRLS) start from the previous iteration's
//! coefficients. The sweep's sums run in a fixed number of chunks in parallel and are added in a
//! fixed order, so the result does not depend on the number of threads.
//!
//! Convergence: the largest change of any coefficient between two sweeps is below
//! `tolerance × max(1, max |x|)` for every column.

use crate::error::{Error, GravityError, InputError, NoConvergence, Result};
use rayon::prelude::*;

/// Observations below which a sweep runs on one thread.
const PARALLEL_FROM: usize = 10_000;
/// Chunks of a parallel sweep (fixed, for results independent of the thread count).
const CHUNKS: usize = 8;

/// Fixed effects as compact codes: `codes[k][i]` is observation `i`'s level of fixed effect `k`,
/// in `0..sizes[k]`.
#[derive(Debug, Clone)]
pub struct FixedEffectCodes {
    codes: Vec<Vec<u32>>,
    sizes: Vec<usize>,
    n: usize,
    /// Where each fixed effect's levels start in the concatenated coefficients.
    offsets: Vec<usize>,
    /// Each observation's levels, all fixed effects, offset into the concatenated coefficients
    /// (row-major: observation i's K levels together). Built once; every demeaning with any
    /// weights reads it.
    global: Vec<u32>,
}

impl FixedEffectCodes {
    /// Checks the codes: equal lengths, every level in range and used.
    ///
    /// # Errors
    /// [`InputError::Length`] for ragged codes; [`GravityError::FixedEffectCode`] for a code out of
    /// range.
    pub fn new(codes: Vec<Vec<u32>>, sizes: Vec<usize>) -> Result<Self> {
        let n = codes.first().map_or(0, Vec::len);
        if codes.len() != sizes.len() {
            return Err(Error::Input(InputError::Length {
                what: "the fixed effects' sizes".into(),
                len: sizes.len(),
                expected: codes.len(),
            }));
        }
        for (k, (c, &g)) in codes.iter().zip(&sizes).enumerate() {
            if c.len() != n {
                return Err(Error::Input(InputError::Length {
                    what: format!("fixed effect {k}'s codes"),
                    len: c.len(),
                    expected: n,
                }));
            }
            if c.iter().any(|&v| v as usize >= g) {
                return Err(Error::Gravity(GravityError::FixedEffectCode {
                    effect: k,
                    levels: g,
                }));
            }
        }
        let (offsets, global) = FixedEffectCodes::layout(&codes, &sizes, n)?;
        Ok(FixedEffectCodes {
            codes,
            sizes,
            n,
            offsets,
            global,
        })
    }

    /// No fixed effects over `n` observations (demeaning leaves columns as they are).
    pub fn empty(n: usize) -> Self {
        FixedEffectCodes {
            codes: Vec::new(),
            sizes: Vec::new(),
            n,
            offsets: vec![0],
            global: Vec::new(),
        }
    }

    /// Observations.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True without observations.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Levels per fixed effect.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The codes of fixed effect `k`.
    pub fn codes(&self, k: usize) -> &[u32] {
        self.codes.get(k).map_or(&[], Vec::as_slice)
    }

    /// The offsets and the row-major level layout of `codes`.
    fn layout(codes: &[Vec<u32>], sizes: &[usize], n: usize) -> Result<(Vec<usize>, Vec<u32>)> {
        let mut offsets = Vec::with_capacity(sizes.len() + 1);
        let mut total = 0usize;
        offsets.push(0);
        for g in sizes {
            total = total.saturating_add(*g);
            offsets.push(total);
        }
        if u32::try_from(total).is_err() {
            return Err(Error::Input(InputError::TooLarge {
                what: "fixed-effect levels",
                limit: u64::from(u32::MAX),
            }));
        }
        let kc = sizes.len();
        let values = crate::limits::values("fixed-effect codes", n.checked_mul(kc))?;
        let mut global = vec![0u32; values];
        for (k, c) in codes.iter().enumerate() {
            let off = u32::try_from(offsets.get(k).copied().unwrap_or(0)).unwrap_or(u32::MAX);
            for (i, v) in c.iter().enumerate() {
                if let Some(g) = global.get_mut(i * kc + k) {
                    *g = off + v;
                }
            }
        }
        Ok((offsets, global))
    }
}

/// Partials fixed effects out of columns with given weights.
///
/// ```
/// use bilateral::gravity::demean::{Demeaner, FixedEffectCodes};
/// // Two observations per level of one fixed effect: demeaning subtracts the group mean.
/// let fe = FixedEffectCodes::new(vec![vec![0, 0, 1, 1]], vec![2])?;
/// let w = [1.0; 4];
/// let d = Demeaner::new(&fe, &w, 1e-10, 1000)?;
/// let out = d.demean(&[&[1.0, 3.0, 10.0, 20.0]], None)?;
/// assert_eq!(out.residuals[0], vec![-1.0, 1.0, -5.0, 5.0]);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug)]
pub struct Demeaner<'a> {
    fe: &'a FixedEffectCodes,
    weights: &'a [f64],
    /// Σ w per level, all fixed effects concatenated.
    level_weight: Vec<f64>,
    tolerance: f64,
    max_iterations: usize,
}

/// What [`Demeaner::demean`] returns.
#[derive(Debug, Clone)]
pub struct Demeaned {
    /// One residual vector per input column.
    pub residuals: Vec<Vec<f64>>,
    /// The fixed-effect coefficients, `[(offset_k + level) * columns + column]`; pass them back
    /// as a start for similar inputs.
    pub coefficients: Vec<f64>,
    /// Sweeps used.
    pub sweeps: usize,
}

impl<'a> Demeaner<'a> {
    /// A demeaner for `fe` with `weights` (positive and finite, one per observation).
    ///
    /// # Errors
    /// [`InputError::Length`] for a wrong number of weights; [`InputError::OutOfRange`] for a
    /// weight that is not positive and finite (levels that no observation uses are allowed and keep
    /// a coefficient of 0) or a tolerance outside (0, 1).
    pub fn new(
        fe: &'a FixedEffectCodes,
        weights: &'a [f64],
        tolerance: f64,
        max_iterations: usize,
    ) -> Result<Self> {
        if !(tolerance > 0.0 && tolerance < 1.0) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "the demeaning tolerance",
                value: tolerance,
                expected: "between 0 and 1",
            }));
        }
        if weights.len() != fe.n {
            return Err(Error::Input(InputError::Length {
                what: "the weights".into(),
                len: weights.len(),
                expected: fe.n,
            }));
        }
        if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w > 0.0)) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a weight",
                value: *w,
                expected: "a finite number above 0",
            }));
        }
        let offsets = &fe.offsets;
        let total = offsets.last().copied().unwrap_or(0);
        let mut level_weight = vec![0.0; total];
        for (k, codes) in fe.codes.iter().enumerate() {
            let off = offsets.get(k).copied().unwrap_or(0);
            for (c, w) in codes.iter().zip(weights) {
                if let Some(s) = level_weight.get_mut(off + *c as usize) {
                    *s += w;
                }
            }
        }
        Ok(Demeaner {
            fe,
            weights,
            level_weight,
            tolerance,
            max_iterations,
        })
    }

    /// Residuals of `columns` after the fixed effects, starting from `start` coefficients (as
    /// returned in [`Demeaned::coefficients`] for the same number of columns) or from zero.
    ///
    /// # Errors
    /// [`GravityError::NoConvergence`] after `max_iterations` sweeps; [`InputError::Length`] for a
    /// column of the wrong length.
    pub fn demean(&self, columns: &[&[f64]], start: Option<&[f64]>) -> Result<Demeaned> {
        let m = columns.len();
        let n = self.fe.n;
        if let Some(c) = columns.iter().find(|c| c.len() != n) {
            return Err(Error::Input(InputError::Length {
                what: "a column to demean".into(),
                len: c.len(),
                expected: n,
            }));
        }
        let total = self.fe.offsets.last().copied().unwrap_or(0);
        let k_count = self.fe.sizes.len();
        // Σ w x per level and column.
        let mut target = vec![0.0; total * m];
        for k in 0..k_count {
            let off = self.fe.offsets.get(k).copied().unwrap_or(0);
            let codes = self.fe.codes(k);
            for (c, col) in columns.iter().enumerate() {
                for ((g, w), x) in codes.iter().zip(self.weights).zip(col.iter()) {
                    if let Some(t) = target.get_mut((off + *g as usize) * m + c) {
                        *t += w * x;
                    }
                }
            }
        }
        let scale: Vec<f64> = columns
            .iter()
            .map(|c| c.iter().fold(1.0_f64, |a, x| a.max(x.abs())))
            .collect();
        let mut alpha = match start {
            Some(s) if s.len() == total * m => s.to_vec(),
            _ => vec![0.0; total * m],
        };
        let mut sweeps = 0;
        let mut last_change = f64::INFINITY;
        if k_count > 0 {
            let mut converged = false;
            while sweeps < self.max_iterations {
                let gx = self.sweep(&alpha, &target, m);
                sweeps += 1;
                let d1 = self.change(&alpha, &gx, m, &scale);
                if d1 <= 1.0 || k_count == 1 {
                    alpha = gx;
                    converged = true;
                    break;
                }
                let ggx = self.sweep(&gx, &target, m);
                sweeps += 1;
                let d2 = self.change(&gx, &ggx, m, &scale);
                last_change = d2 * self.tolerance;
                if d2 <= 1.0 {
                    alpha = ggx;
                    converged = true;
                    break;
                }
                alpha = irons_tuck(&alpha, &gx, &ggx, m);
            }
            if !converged {
                return Err(Error::Gravity(GravityError::NoConvergence(NoConvergence {
                    what: "demeaning (alternating projections)",
                    iterations: sweeps,
                    last_change,
                    tolerance: self.tolerance,
                })));
            }
        }
        let residuals = columns
            .iter()
            .enumerate()
            .map(|(c, col)| {
                let mut r = col.to_vec();
                for k in 0..k_count {
                    let off = self.fe.offsets.get(k).copied().unwrap_or(0);
                    for (ri, g) in r.iter_mut().zip(self.fe.codes(k)) {
                        *ri -= alpha
                            .get((off + *g as usize) * m + c)
                            .copied()
                            .unwrap_or(0.0);
                    }
                }
                r
            })
            .collect();
        Ok(Demeaned {
            residuals,
            coefficients: alpha,
            sweeps,
        })
    }

    /// Largest coefficient change relative to its column's tolerance (≤ 1 means converged).
    fn change(&self, a: &[f64], b: &[f64], m: usize, scale: &[f64]) -> f64 {
        let mut worst = 0.0_f64;
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            let s = scale.get(i % m.max(1)).copied().unwrap_or(1.0);
            let d = (x - y).abs() / (self.tolerance * s);
            if d.is_nan() || d > worst {
                worst = d;
            }
        }
        worst
    }

    /// One Gauss–Seidel sweep over the fixed effects.
    fn sweep(&self, alpha: &[f64], target: &[f64], m: usize) -> Vec<f64> {
        let mut alpha = alpha.to_vec();
        let k_count = self.fe.sizes.len();
        for k in 0..k_count {
            let off = self.fe.offsets.get(k).copied().unwrap_or(0);
            let size = self.fe.sizes.get(k).copied().unwrap_or(0);
            let acc = self.others(&alpha, k, m, size);
            for g in 0..size {
                let w = self.level_weight.get(off + g).copied().unwrap_or(0.0);
                if w <= 0.0 {
                    // A level no observation uses: its coefficient stays 0.
                    continue;
                }
                for c in 0..m {
                    let idx = (off + g) * m + c;
                    if let (Some(a), Some(t), Some(o)) =
                        (alpha.get_mut(idx), target.get(idx), acc.get(g * m + c))
                    {
                        *a = (t - o) / w;
                    }
                }
            }
        }
        alpha
    }

    /// Σ over each level of fixed effect `k` of w_i × (the other fixed effects' sum at i).
    fn others(&self, alpha: &[f64], k: usize, m: usize, size: usize) -> Vec<f64> {
        match m {
            1 => self.others_m::<1>(alpha, k, size),
            2 => self.others_m::<2>(alpha, k, size),
            3 => self.others_m::<3>(alpha, k, size),
            4 => self.others_m::<4>(alpha, k, size),
            5 => self.others_m::<5>(alpha, k, size),
            6 => self.others_m::<6>(alpha, k, size),
            _ => self.others_dyn(alpha, k, m, size),
        }
    }

    fn chunks<F: Fn(usize, usize) -> Vec<f64> + Sync>(&self, len: usize, run: F) -> Vec<f64> {
        let n = self.fe.n;
        if n < PARALLEL_FROM {
            return run(0, n);
        }
        let chunk = n.div_ceil(CHUNKS);
        let parts: Vec<Vec<f64>> = (0..CHUNKS)
            .into_par_iter()
            .map(|c| run((c * chunk).min(n), ((c + 1) * chunk).min(n)))
            .collect();
        let mut acc = vec![0.0; len];
        for p in parts {
            acc.iter_mut().zip(p).for_each(|(a, b)| *a += b);
        }
        acc
    }

    fn others_m<const M: usize>(&self, alpha: &[f64], k: usize, size: usize) -> Vec<f64> {
        let kc = self.fe.sizes.len();
        let global = &self.fe.global;
        let run = |lo: usize, hi: usize| -> Vec<f64> {
            let mut acc = vec![0.0; size * M];
            let own_off = self.fe.offsets.get(k).copied().unwrap_or(0);
            let rows = global.get(lo * kc..hi * kc).unwrap_or(&[]);
            let ws = self.weights.get(lo..hi).unwrap_or(&[]);
            for (codes, w) in rows.chunks_exact(kc).zip(ws) {
                let mut tmp = [0.0f64; M];
                for (j, &g) in codes.iter().enumerate() {
                    if j == k {
                        continue;
                    }
                    let base = g as usize * M;
                    if let Some(a) = alpha.get(base..base + M) {
                        for (t, a) in tmp.iter_mut().zip(a) {
                            *t += a;
                        }
                    }
                }
                let own = codes
                    .get(k)
                    .map_or(0, |&g| (g as usize).saturating_sub(own_off));
                if let Some(a) = acc.get_mut(own * M..own * M + M) {
                    for (a, t) in a.iter_mut().zip(&tmp) {
                        *a += w * t;
                    }
                }
            }
            acc
        };
        self.chunks(size * M, run)
    }

    fn others_dyn(&self, alpha: &[f64], k: usize, m: usize, size: usize) -> Vec<f64> {
        let kc = self.fe.sizes.len();
        let run = |lo: usize, hi: usize| -> Vec<f64> {
            let mut acc = vec![0.0; size * m];
            let mut tmp = vec![0.0; m];
            let own_off = self.fe.offsets.get(k).copied().unwrap_or(0);
            let rows = self.fe.global.get(lo * kc..hi * kc).unwrap_or(&[]);
            let ws = self.weights.get(lo..hi).unwrap_or(&[]);
            for (codes, w) in rows.chunks_exact(kc).zip(ws) {
                tmp.iter_mut().for_each(|t| *t = 0.0);
                for (j, &g) in codes.iter().enumerate() {
                    if j == k {
                        continue;
                    }
                    let base = g as usize * m;
                    if let Some(a) = alpha.get(base..base + m) {
                        tmp.iter_mut().zip(a).for_each(|(t, a)| *t += a);
                    }
                }
                let own = codes
                    .get(k)
                    .map_or(0, |&g| (g as usize).saturating_sub(own_off));
                if let Some(a) = acc.get_mut(own * m..own * m + m) {
                    a.iter_mut().zip(&tmp).for_each(|(a, t)| *a += w * t);
                }
            }
            acc
        };
        self.chunks(size * m, run)
    }
}

/// Irons–Tuck extrapolation from x, G(x), G(G(x)), per column.
fn irons_tuck(x: &[f64], gx: &[f64], ggx: &[f64], m: usize) -> Vec<f64> {
    let m = m.max(1);
    let mut num = vec![0.0; m];
    let mut den = vec![0.0; m];
    for (i, ((a, b), c)) in x.iter().zip(gx).zip(ggx).enumerate() {
        let d_gx = c - b;
        let d2 = c - 2.0 * b + a;
        if let (Some(n), Some(d)) = (num.get_mut(i % m), den.get_mut(i % m)) {
            *n += d_gx * d2;
            *d += d2 * d2;
        }
    }
    ggx.iter()
        .zip(gx)
        .enumerate()
        .map(|(i, (c, b))| {
            let (n, d) = (
                num.get(i % m).copied().unwrap_or(0.0),
                den.get(i % m).copied().unwrap_or(0.0),
            );
            if d > 0.0 && (n / d).is_finite() {
                c - (n / d) * (c - b)
            } else {
                *c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::cast_possible_truncation)]
    fn two_way_balanced_panel_matches_the_closed_form() {
        // Balanced 3×4 two-way layout with unit weights: residual = x - row mean - col mean + grand mean.
        let (r, c) = (3usize, 4usize);
        let rows: Vec<u32> = (0..r * c).map(|i| (i / c) as u32).collect();
        let cols: Vec<u32> = (0..r * c).map(|i| (i % c) as u32).collect();
        let x: Vec<f64> = (0..r * c).map(|i| ((i * 7 + 3) % 11) as f64).collect();
        let fe = FixedEffectCodes::new(vec![rows.clone(), cols.clone()], vec![r, c]).unwrap();
        let w = vec![1.0; r * c];
        let d = Demeaner::new(&fe, &w, 1e-13, 10_000).unwrap();
        let out = d.demean(&[&x], None).unwrap();
        let grand = x.iter().sum::<f64>() / (r * c) as f64;
        for i in 0..r * c {
            let rm = (0..c).map(|j| x[rows[i] as usize * c + j]).sum::<f64>() / c as f64;
            let cm = (0..r).map(|j| x[j * c + cols[i] as usize]).sum::<f64>() / r as f64;
            assert!((out.residuals[0][i] - (x[i] - rm - cm + grand)).abs() < 1e-10);
        }
    }
}
