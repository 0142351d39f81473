//! Variance estimators, one small function each, with pyfixest's default small-sample
//! corrections (its `vcov_` functions): iid, heteroskedasticity-robust (HC1), and clustered
//! (CRV1) by one key or two (Cameron, Gelbach & Miller 2011: V_a + V_b − V_ab).
//!
//! All are sandwiches around the bread B = (X̃'WX̃)⁻¹ of the demeaned regressors, with the
//! scores s_i = w_i · r_i · x̃_i (working weights and residuals of the last weighted step).

// Every matrix here is k × k and every score vector n long, built right here; indexing them
// cannot go out of bounds, and loops over i, j read like the formulas.
#![allow(clippy::indexing_slicing, clippy::needless_range_loop)]

use super::keys::combine;
use super::spec::{Estimator, GravitySpec, Vcov};
use crate::error::{Error, GravityError, Result};

/// A k × k matrix, row-major rows.
pub(super) type Matrix = Vec<Vec<f64>>;

/// What a variance estimate gives the report.
pub(super) struct Variance {
    /// The covariance of the coefficients.
    pub(super) vcov: Matrix,
    /// Degrees of freedom the small-sample correction used (k plus the fixed effects that
    /// count).
    pub(super) df_k: usize,
    /// Degrees of freedom of the t distribution (N − df_k, or clusters − 1).
    pub(super) df_t: usize,
    /// Clusters per cluster key.
    pub(super) clusters: Vec<(String, usize)>,
}

/// The inputs every estimator needs: the bread, the scores, and the sample's sizes.
pub(super) struct Sandwich<'a> {
    /// (X̃'WX̃)⁻¹.
    pub(super) bread: &'a Matrix,
    /// Per regressor, the n scores w·r·x̃.
    pub(super) scores: &'a [Vec<f64>],
    /// Observations.
    pub(super) n: usize,
    /// Levels per fixed effect in the sample.
    pub(super) fe_sizes: &'a [usize],
    /// Each fixed effect's codes, by row.
    pub(super) fe_codes: Vec<&'a [u32]>,
    /// Each fixed effect's name.
    pub(super) fe_names: Vec<String>,
    /// Residual variance for iid OLS (1 for PPML).
    pub(super) sigma2: f64,
}

impl Sandwich<'_> {
    fn k(&self) -> usize {
        self.bread.len()
    }

    /// B · meat · B.
    fn around(&self, meat: &Matrix) -> Matrix {
        let k = self.k();
        let b = self.bread;
        let bm: Matrix = (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|l| b[i][l] * meat[l][j]).sum())
                    .collect()
            })
            .collect();
        (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|l| bm[i][l] * b[l][j]).sum())
                    .collect()
            })
            .collect()
    }

    /// The fixed-effect parameters a correction counts: all levels, less one per fixed effect
    /// after the first (their constants are not identified apart).
    fn fe_params(&self) -> usize {
        let total: usize = self.fe_sizes.iter().sum();
        if self.fe_sizes.len() > 1 {
            total + 1 - self.fe_sizes.len()
        } else {
            total
        }
    }

    /// k plus the fixed-effect parameters, checked against the observations.
    fn df_k(&self, model: &str, extra: usize, nested: usize) -> Result<usize> {
        let df_k = (self.k() + self.fe_params() + extra).saturating_sub(nested);
        if df_k >= self.n {
            return Err(Error::Gravity(GravityError::TooFewObservations {
                model: model.to_owned(),
                observations: self.n,
                parameters: df_k,
            }));
        }
        Ok(df_k)
    }
}

fn scale(m: Matrix, by: f64) -> Matrix {
    m.into_iter()
        .map(|r| r.into_iter().map(|v| v * by).collect())
        .collect()
}

/// iid: σ² · B · (N − 1)/(N − df_k); σ² = 1 for PPML, the residual variance for OLS.
pub(super) fn iid(s: &Sandwich<'_>, model: &str) -> Result<Variance> {
    let df_k = s.df_k(model, 0, 0)?;
    let nf = s.n as f64;
    let adj = (nf - 1.0) / (nf - df_k as f64) * s.sigma2;
    Ok(Variance {
        vcov: scale(s.bread.clone(), adj),
        df_k,
        df_t: s.n - df_k,
        clusters: Vec::new(),
    })
}

/// HC1: B · (Σ s_i s_i') · B · N/(N − df_k).
pub(super) fn hetero(s: &Sandwich<'_>, model: &str) -> Result<Variance> {
    let df_k = s.df_k(model, 0, 0)?;
    let k = s.k();
    let mut meat = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..k {
            meat[i][j] = s.scores[i]
                .iter()
                .zip(&s.scores[j])
                .map(|(a, b)| a * b)
                .sum();
        }
    }
    let nf = s.n as f64;
    Ok(Variance {
        vcov: scale(s.around(&meat), nf / (nf - df_k as f64)),
        df_k,
        df_t: s.n - df_k,
        clusters: Vec::new(),
    })
}

/// Σ_g (Σ_{i∈g} s_i)(Σ_{i∈g} s_i)': the meat of one cluster key with `g` levels.
fn cluster_meat(s: &Sandwich<'_>, codes: &[u32], g: usize) -> Matrix {
    let k = s.k();
    let mut sums = vec![vec![0.0; k]; g];
    for (j, sc) in s.scores.iter().enumerate() {
        for (c, v) in codes.iter().zip(sc) {
            if let Some(row) = sums.get_mut(*c as usize) {
                row[j] += v;
            }
        }
    }
    let mut meat = vec![vec![0.0; k]; k];
    for row in &sums {
        for i in 0..k {
            for j in 0..k {
                meat[i][j] += row[i] * row[j];
            }
        }
    }
    meat
}

/// A fixed effect is nested in a cluster variable when each of its levels falls in one cluster.
fn nested(fe: &[u32], g: usize, cluster: &[u32]) -> bool {
    let mut seen: Vec<Option<u32>> = vec![None; g];
    for (f, c) in fe.iter().zip(cluster) {
        match seen.get_mut(*f as usize) {
            Some(slot @ None) => *slot = Some(*c),
            Some(Some(prev)) if *prev != *c => return false,
            _ => {}
        }
    }
    true
}

/// CRV1 by one or two keys: B · meat · B · (N − 1)/(N − df_k) · G/(G − 1), G the smallest
/// number of clusters; two keys add their meats and subtract their intersection's. Fixed
/// effects nested in a cluster key do not count in df_k (one for each does).
pub(super) fn clustered(
    s: &Sandwich<'_>,
    keys: &[(String, Vec<u32>, usize)],
    model: &str,
) -> Result<Variance> {
    let mut cols: Vec<(Vec<u32>, usize)> = keys.iter().map(|(_, c, g)| (c.clone(), *g)).collect();
    if let [(a, ga), (b, gb)] = cols.as_slice() {
        let label = |g: usize| (0..g).map(|i| i.to_string()).collect::<Vec<_>>();
        let inter = combine(&(a.clone(), label(*ga)), &(b.clone(), label(*gb)));
        let g = inter.1.len();
        cols.push((inter.0, g));
    }
    let mut fully = 0usize;
    let mut nested_levels = 0usize;
    for ((codes, size), name) in s.fe_codes.iter().zip(s.fe_sizes).zip(&s.fe_names) {
        let same_name = keys.iter().any(|(c, _, _)| c == name);
        if same_name || cols.iter().any(|(c, _)| nested(codes, *size, c)) {
            fully += 1;
            nested_levels += size;
        }
    }
    let df_k = s.df_k(model, fully, nested_levels)?;
    let g_min = keys.iter().map(|(_, _, g)| *g).min().unwrap_or(0);
    if g_min < 2 {
        return Err(Error::Gravity(GravityError::TooFewClusters {
            model: model.to_owned(),
            clusters: g_min,
        }));
    }
    let nf = s.n as f64;
    let adj = (nf - 1.0) / (nf - df_k as f64) * g_min as f64 / (g_min as f64 - 1.0);
    let k = s.k();
    let mut v = vec![vec![0.0; k]; k];
    for (idx, (codes, g)) in cols.iter().enumerate() {
        let sign = if idx == 2 { -1.0 } else { 1.0 };
        let part = s.around(&cluster_meat(s, codes, *g));
        for i in 0..k {
            for j in 0..k {
                v[i][j] += sign * adj * part[i][j];
            }
        }
    }
    Ok(Variance {
        vcov: v,
        df_k,
        df_t: g_min - 1,
        clusters: keys.iter().map(|(n, _, g)| (n.clone(), *g)).collect(),
    })
}

/// The variance `spec` asks for.
pub(super) fn estimate(
    spec: &GravitySpec,
    s: &Sandwich<'_>,
    keys: &[(String, Vec<u32>, usize)],
) -> Result<Variance> {
    let model = spec.formula();
    match &spec.vcov {
        // Resolved before estimation; iid if it ever is not.
        Vcov::Default | Vcov::Iid => iid(s, &model),
        Vcov::Hetero => hetero(s, &model),
        Vcov::Cluster(_) => clustered(s, keys, &model),
    }
}

/// The residual variance iid OLS scales by (PPML's is 1): Σ w r² / (N − 1), `w` the
/// observation weights.
pub(super) fn sigma2(estimator: Estimator, resid: &[f64], w: &[f64]) -> f64 {
    match estimator {
        Estimator::Ppml => 1.0,
        Estimator::Ols => {
            resid.iter().zip(w).map(|(r, w)| w * r * r).sum::<f64>() / (resid.len() as f64 - 1.0)
        }
    }
}
