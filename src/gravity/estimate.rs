//! The estimators: sample selection (singletons, separation), PPML by iteratively reweighted
//! least squares with the fixed effects partialled out, OLS with the same fixed effects, and
//! inference.

use std::collections::HashMap;

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::demean::{Demeaned, Demeaner, FixedEffectCodes};
use super::fit::{
    Coefficient, DropReason, Dropped, DroppedRegressor, FixedEffectValues, GravityFit,
};
use super::panel::Panel;
use super::spec::{Estimator, FixedEffect, GravitySpec, Separation, Term, Vcov};
use crate::error::{Error, Result};

/// Built-in fixed-effect keys, for error messages.
const BUILT_IN: &str =
    "exporter, importer, year, time, exp_year, imp_year, exp_time, imp_time, pair, sym_pair, intra";

/// Category codes and labels.
type Key = (Vec<u32>, Vec<String>);

fn combine(a: &Key, b: &Key) -> Key {
    let mut index: HashMap<(u32, u32), u32> = HashMap::new();
    let mut labels = Vec::new();
    let codes =
        a.0.iter()
            .zip(&b.0)
            .map(|(&x, &y)| {
                *index.entry((x, y)).or_insert_with(|| {
                    let la = a.1.get(x as usize).map_or("", String::as_str);
                    let lb = b.1.get(y as usize).map_or("", String::as_str);
                    labels.push(format!("{la}^{lb}"));
                    u32::try_from(labels.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect();
    (codes, labels)
}

fn component(panel: &Panel, name: &str) -> Result<Key> {
    let names = panel.key_columns();
    if panel.column(name).is_some()
        || [&names.exporter, &names.importer, &names.time]
            .iter()
            .any(|k| *k == name)
    {
        return panel.categories(name);
    }
    let countries = panel.countries().to_vec();
    let ex = || (panel.exporters().to_vec(), countries.clone());
    let im = || (panel.importers().to_vec(), countries.clone());
    let time = || panel.categories(&names.time);
    Ok(match name {
        "exporter" | "exp" => ex(),
        "importer" | "imp" => im(),
        "year" | "time" => time()?,
        "exp_year" | "exp_time" => combine(&ex(), &time()?),
        "imp_year" | "imp_time" => combine(&im(), &time()?),
        "pair" => combine(&ex(), &im()),
        "sym_pair" => {
            let lo: Vec<u32> = panel
                .exporters()
                .iter()
                .zip(panel.importers())
                .map(|(a, b)| *a.min(b))
                .collect();
            let hi: Vec<u32> = panel
                .exporters()
                .iter()
                .zip(panel.importers())
                .map(|(a, b)| *a.max(b))
                .collect();
            combine(&(lo, countries.clone()), &(hi, countries.clone()))
        }
        "intra" => {
            let n = u32::try_from(countries.len()).unwrap_or(u32::MAX);
            let mut labels = countries.clone();
            labels.push("international".into());
            let codes = panel
                .exporters()
                .iter()
                .zip(panel.importers())
                .map(|(a, b)| if a == b { *a } else { n })
                .collect();
            (codes, labels)
        }
        _ => {
            return Err(Error::NoSuchColumn {
                panel: panel.source().to_owned(),
                column: name.to_owned(),
                available: format!("{}; built-in keys: {BUILT_IN}", panel.available()),
            });
        }
    })
}

/// The codes of a fixed effect or cluster key on the panel.
pub(crate) fn key(panel: &Panel, fe: &FixedEffect) -> Result<Key> {
    let mut parts = fe.0.iter();
    let first = parts.next().ok_or_else(|| Error::Formula {
        formula: fe.to_string(),
        reason: "an empty fixed effect".into(),
    })?;
    let mut k = component(panel, first)?;
    for p in parts {
        k = combine(&k, &component(panel, p)?);
    }
    Ok(k)
}

/// A regressor's values on the rows kept (0 on the others, which the sample leaves out).
fn term_values(panel: &Panel, term: &Term, keep: &[bool]) -> Result<Vec<f64>> {
    let v = panel.numeric(term.column())?;
    let mut out = Vec::with_capacity(v.len());
    for (i, (&x, &k)) in v.iter().zip(keep).enumerate() {
        if !k {
            out.push(0.0);
            continue;
        }
        if !x.is_finite() {
            return Err(Error::NonFinite {
                what: "a regressor",
                value: x,
            }
            .at(panel.source(), panel.line(i), term.column()));
        }
        out.push(match term {
            Term::Column(_) => x,
            Term::Log(_) => {
                if x.is_nan() || x <= 0.0 {
                    return Err(Error::NonPositiveBase {
                        what: "the logarithm's argument",
                        value: x,
                    }
                    .at(panel.source(), panel.line(i), term.column()));
                }
                x.ln()
            }
        });
    }
    Ok(out)
}

/// Recodes `codes` over the kept rows to 0..G in order of first appearance.
fn compact(codes: &[u32], rows: &[usize], labels: &[String]) -> (Vec<u32>, Vec<String>) {
    let mut map: HashMap<u32, u32> = HashMap::new();
    let mut out_labels = Vec::new();
    let out = rows
        .iter()
        .map(|&i| {
            let c = codes.get(i).copied().unwrap_or(0);
            *map.entry(c).or_insert_with(|| {
                out_labels.push(labels.get(c as usize).cloned().unwrap_or_default());
                u32::try_from(out_labels.len() - 1).unwrap_or(u32::MAX)
            })
        })
        .collect();
    (out, out_labels)
}

/// Drops singletons and fixed-effect-separated observations until nothing changes.
fn prune(
    keep: &mut [bool],
    y: &[f64],
    fes: &[Key],
    singletons: bool,
    separation: bool,
    counts: &mut HashMap<DropReason, usize>,
) {
    loop {
        let mut changed = false;
        for (codes, labels) in fes {
            let g = labels.len();
            if singletons {
                let mut count = vec![0u32; g];
                for (c, k) in codes.iter().zip(keep.iter()) {
                    if *k && let Some(n) = count.get_mut(*c as usize) {
                        *n += 1;
                    }
                }
                for (c, k) in codes.iter().zip(keep.iter_mut()) {
                    if *k && count.get(*c as usize) == Some(&1) {
                        *k = false;
                        *counts.entry(DropReason::Singleton).or_default() += 1;
                        changed = true;
                    }
                }
            }
            if separation {
                let mut total = vec![0.0; g];
                for ((c, k), v) in codes.iter().zip(keep.iter()).zip(y) {
                    if *k && let Some(t) = total.get_mut(*c as usize) {
                        *t += v;
                    }
                }
                for (c, k) in codes.iter().zip(keep.iter_mut()) {
                    if *k && total.get(*c as usize) == Some(&0.0) {
                        *k = false;
                        *counts
                            .entry(DropReason::SeparatedByFixedEffects)
                            .or_default() += 1;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return;
        }
    }
}

/// Columns kept after the collinearity check, by sequential Cholesky on X̃'WX̃.
fn select(
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

fn inverse(l: &[Vec<f64>]) -> Vec<Vec<f64>> {
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
    let l = cholesky(&a).ok_or_else(|| Error::Estimation {
        what: what.to_owned(),
        reason: "the regressors' cross-product matrix is singular after the fixed effects".into(),
    })?;
    let beta = solve_chol(&l, &b);
    Ok((l, beta))
}

/// Weighted least squares of the demeaned outcome (residuals[0]) on the kept demeaned
/// regressors (residuals[1 + j] for j in `kept`): the regressors, the Cholesky factor of
/// X̃'WX̃, β and the residuals.
fn regress(residuals: &[Vec<f64>], kept: &[usize], w: &[f64], what: &str) -> Result<Regression> {
    let (yt, xt_all) = residuals
        .split_first()
        .map_or((&[][..], &[][..]), |(a, b)| (a.as_slice(), b));
    if kept.is_empty() {
        return Err(Error::Estimation {
            what: what.to_owned(),
            reason: "no regressor is left after the fixed effects".into(),
        });
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
struct Regression {
    xt: Vec<Vec<f64>>,
    chol: Vec<Vec<f64>>,
    beta: Vec<f64>,
    resid: Vec<f64>,
}

fn deviance(y: &[f64], mu: &[f64]) -> f64 {
    2.0 * y
        .iter()
        .zip(mu)
        .map(|(&y, &m)| {
            if y > 0.0 {
                y * (y / m).ln() - (y - m)
            } else {
                m
            }
        })
        .sum::<f64>()
}

fn log_likelihood(y: &[f64], mu: &[f64]) -> f64 {
    y.iter()
        .zip(mu)
        .map(|(&y, &m)| {
            let ly = if y > 0.0 { y * m.ln() } else { 0.0 };
            ly - m - statrs::function::gamma::ln_gamma(y + 1.0)
        })
        .sum()
}

/// The prepared sample.
struct Sample {
    rows: Vec<usize>,
    y: Vec<f64>,
    x: Vec<Vec<f64>>,
    names: Vec<String>,
    fe: FixedEffectCodes,
    fe_labels: Vec<Vec<String>>,
    clusters: Vec<(String, Vec<u32>, usize)>,
    counts: HashMap<DropReason, usize>,
    /// Missing cells per column among the rows left out for them.
    missing: Vec<(String, usize)>,
}

/// Estimates `spec` on `panel`.
pub(crate) fn estimate(panel: &Panel, spec: &GravitySpec) -> Result<GravityFit> {
    let what = format!("{} {}", spec.estimator, spec.formula());
    let bad = |reason: String| Error::Estimation {
        what: what.clone(),
        reason,
    };
    let o = &spec.options;
    for (name, v) in [
        ("tolerance", o.tolerance),
        ("demean_tolerance", o.demean_tolerance),
        ("collinearity_tolerance", o.collinearity_tolerance),
    ] {
        if !(v > 0.0 && v < 1.0) {
            return Err(Error::OutOfRange {
                what: match name {
                    "tolerance" => "the IRLS tolerance",
                    "demean_tolerance" => "the demeaning tolerance",
                    _ => "the collinearity tolerance",
                },
                value: v,
                expected: "between 0 and 1",
            });
        }
    }
    if o.max_iterations == 0 || o.max_sweeps == 0 {
        return Err(bad("the iteration limits must be at least 1".into()));
    }
    if panel.is_empty() {
        return Err(bad("the panel has no rows".into()));
    }
    if panel.countries().len() < 2 {
        return Err(bad(format!(
            "the panel has a single country ({})",
            panel.countries().join("")
        )));
    }
    let mut sample = prepare(panel, spec, &what)?;
    let mut notes = Vec::new();
    let ppml = spec.estimator == Estimator::Ppml;
    if ppml && o.separation == Separation::FixedEffectsAndRelu && sample.y.contains(&0.0) {
        let separated = relu(&sample, o)?.unwrap_or_else(|| {
            notes.push(
                "the ReLU separation check did not settle in 100 iterations: nothing was dropped on its evidence"
                    .to_owned(),
            );
            Vec::new()
        });
        if separated.iter().any(|s| *s) {
            let mut keep = vec![false; panel.len()];
            for (&r, s) in sample.rows.iter().zip(&separated) {
                if let Some(k) = keep.get_mut(r) {
                    *k = !s;
                }
            }
            let extra = separated.iter().filter(|s| **s).count();
            let mut counts = sample.counts.clone();
            *counts.entry(DropReason::SeparatedByRegressors).or_default() += extra;
            let missing = sample.missing.clone();
            sample = prepare_with(panel, spec, &what, keep, counts, missing)?;
        }
    }
    let fit = match spec.estimator {
        Estimator::Ppml => ppml_fit(&sample, spec, &what)?,
        Estimator::Ols => ols_fit(&sample, spec, &what)?,
    };
    let mut fit = finish(panel, spec, sample, fit)?;
    fit.notes = notes;
    Ok(fit)
}

/// The panel columns a model reads: the outcome's, the regressors', and those the fixed
/// effects and cluster keys are made of.
fn used_columns(spec: &GravitySpec) -> Vec<&str> {
    let mut used: Vec<&str> = vec![spec.outcome.column()];
    used.extend(spec.regressors.iter().map(Term::column));
    used.extend(
        spec.fixed_effects
            .iter()
            .flat_map(|f| f.0.iter().map(String::as_str)),
    );
    if let Vcov::Cluster(keys) = &spec.vcov {
        used.extend(keys.iter().flat_map(|f| f.0.iter().map(String::as_str)));
    }
    let mut seen = std::collections::HashSet::new();
    used.retain(|c| seen.insert(*c));
    used
}

/// Leaves out rows with a missing cell in a column the model uses; the count of missing cells
/// per such column among those rows.
fn drop_missing(
    panel: &Panel,
    spec: &GravitySpec,
    keep: &mut [bool],
    counts: &mut HashMap<DropReason, usize>,
) -> Vec<(String, usize)> {
    let masks: Vec<(&str, &[bool])> = used_columns(spec)
        .into_iter()
        .filter_map(|c| panel.missing_mask(c).map(|m| (c, m)))
        .collect();
    let mut per_column = vec![0usize; masks.len()];
    for (i, k) in keep.iter_mut().enumerate() {
        let mut any = false;
        for ((_, m), n) in masks.iter().zip(per_column.iter_mut()) {
            if m.get(i) == Some(&true) {
                *n += 1;
                any = true;
            }
        }
        if any && *k {
            *k = false;
            *counts.entry(DropReason::Missing).or_default() += 1;
        }
    }
    masks
        .iter()
        .zip(per_column)
        .filter(|(_, n)| *n > 0)
        .map(|((c, _), n)| ((*c).to_owned(), n))
        .collect()
}

fn prepare(panel: &Panel, spec: &GravitySpec, what: &str) -> Result<Sample> {
    let mut keep = vec![true; panel.len()];
    let mut counts = HashMap::new();
    let missing = drop_missing(panel, spec, &mut keep, &mut counts);
    if let Term::Log(c) = &spec.outcome {
        if spec.estimator == Estimator::Ppml {
            return Err(Error::Formula {
                formula: spec.formula(),
                reason: "PPML models the flow itself: use `trade ~ …`, not `log(trade) ~ …`".into(),
            });
        }
        let v = panel.numeric(c)?;
        for (k, x) in keep.iter_mut().zip(v) {
            if *k && (x.is_nan() || *x <= 0.0) {
                *k = false;
                *counts.entry(DropReason::NonPositiveOutcome).or_default() += 1;
            }
        }
    }
    prepare_with(panel, spec, what, keep, counts, missing)
}

fn prepare_with(
    panel: &Panel,
    spec: &GravitySpec,
    what: &str,
    mut keep: Vec<bool>,
    mut counts: HashMap<DropReason, usize>,
    missing: Vec<(String, usize)>,
) -> Result<Sample> {
    let bad = |reason: String| Error::Estimation {
        what: what.to_owned(),
        reason,
    };
    let ppml = spec.estimator == Estimator::Ppml;
    let outcome_raw = panel.numeric(spec.outcome.column())?;
    let mut y_all = Vec::with_capacity(panel.len());
    for (i, (&v, k)) in outcome_raw.iter().zip(&keep).enumerate() {
        if !*k {
            y_all.push(0.0);
            continue;
        }
        if !v.is_finite() || (ppml && v < 0.0) {
            let e = if v.is_finite() {
                Error::OutOfRange {
                    what: "a PPML outcome",
                    value: v,
                    expected: "zero or more",
                }
            } else {
                Error::NonFinite {
                    what: "the outcome",
                    value: v,
                }
            };
            return Err(e.at(panel.source(), panel.line(i), spec.outcome.column()));
        }
        y_all.push(match spec.outcome {
            Term::Log(_) => v.ln(),
            Term::Column(_) => v,
        });
    }
    let mut names = Vec::new();
    let mut x_all = Vec::new();
    if spec.fixed_effects.is_empty() {
        names.push("(Intercept)".to_owned());
        x_all.push(vec![1.0; panel.len()]);
    }
    for t in &spec.regressors {
        names.push(t.to_string());
        x_all.push(term_values(panel, t, &keep)?);
    }
    let fes: Vec<Key> = spec
        .fixed_effects
        .iter()
        .map(|f| key(panel, f))
        .collect::<Result<_>>()?;
    let cluster_keys: Vec<(String, Key)> = match &spec.vcov {
        Vcov::Cluster(k) if k.is_empty() || k.len() > 2 => {
            return Err(bad(format!(
                "clustering takes one or two keys, got {}",
                k.len()
            )));
        }
        Vcov::Cluster(k) => k
            .iter()
            .map(|f| Ok((f.to_string(), key(panel, f)?)))
            .collect::<Result<_>>()?,
        _ => Vec::new(),
    };
    prune(
        &mut keep,
        &y_all,
        &fes,
        spec.options.drop_singletons,
        ppml && spec.options.separation != Separation::Off,
        &mut counts,
    );
    let rows: Vec<usize> = keep
        .iter()
        .enumerate()
        .filter(|(_, k)| **k)
        .map(|(i, _)| i)
        .collect();
    if rows.is_empty() {
        let dropped: Vec<String> = counts
            .iter()
            .map(|(r, c)| format!("{c} {}", r.describe()))
            .collect();
        return Err(bad(format!(
            "no observations left (dropped: {})",
            dropped.join(", ")
        )));
    }
    if ppml && rows.iter().all(|&i| y_all.get(i) == Some(&0.0)) {
        return Err(bad("every flow in the sample is zero".into()));
    }
    let pick = |v: &[f64]| {
        rows.iter()
            .map(|&i| v.get(i).copied().unwrap_or(0.0))
            .collect::<Vec<f64>>()
    };
    let y = pick(&y_all);
    let x: Vec<Vec<f64>> = x_all.iter().map(|c| pick(c)).collect();
    let mut codes = Vec::new();
    let mut sizes = Vec::new();
    let mut fe_labels = Vec::new();
    for (c, l) in &fes {
        let (c, l) = compact(c, &rows, l);
        sizes.push(l.len());
        codes.push(c);
        fe_labels.push(l);
    }
    let fe = if codes.is_empty() {
        FixedEffectCodes::empty(rows.len())
    } else {
        FixedEffectCodes::new(codes, sizes)?
    };
    let clusters = cluster_keys
        .into_iter()
        .map(|(name, (c, l))| {
            let (c, l) = compact(&c, &rows, &l);
            (name, c, l.len())
        })
        .collect();
    Ok(Sample {
        rows,
        y,
        x,
        names,
        fe,
        fe_labels,
        clusters,
        counts,
        missing,
    })
}

/// The iterated rectifier (Correia, Guimarães & Zylkin 2020): observations with a zero flow
/// whose linear predictor of 1{y = 0} stays positive are separated.
fn relu(s: &Sample, o: &super::spec::Options) -> Result<Option<Vec<bool>>> {
    const TOL: f64 = 1e-5;
    const MAX: usize = 100;
    let interior: Vec<bool> = s.y.iter().map(|v| *v > 0.0).collect();
    let n_pos = interior.iter().filter(|b| **b).count() as f64;
    let big = n_pos.max(1.0) / (TOL * TOL);
    let w: Vec<f64> = interior
        .iter()
        .map(|i| if *i { big } else { 1.0 })
        .collect();
    let mut u: Vec<f64> = interior
        .iter()
        .map(|i| if *i { 0.0 } else { 1.0 })
        .collect();
    let d = Demeaner::new(&s.fe, &w, o.demean_tolerance.max(1e-9), o.max_sweeps)?;
    let mut start: Option<Vec<f64>> = None;
    for _ in 0..MAX {
        let mut cols: Vec<&[f64]> = vec![&u];
        cols.extend(s.x.iter().map(Vec::as_slice));
        let dm = d.demean(&cols, start.as_deref())?;
        let xt = dm.residuals.get(1..).unwrap_or(&[]);
        let raw: Vec<&[f64]> = s.x.iter().map(Vec::as_slice).collect();
        let (kept, _) = select(xt, &raw, &w, &s.names, o.collinearity_tolerance);
        // Without a regressor left, the residual is the demeaned outcome itself.
        let resid = if kept.is_empty() {
            dm.residuals.first().cloned().unwrap_or_default()
        } else {
            regress(&dm.residuals, &kept, &w, "the separation check")?.resid
        };
        let mut uhat: Vec<f64> = u.iter().zip(&resid).map(|(u, r)| u - r).collect();
        for (h, i) in uhat.iter_mut().zip(&interior) {
            if *i || (*h > -0.1 * TOL && *h < TOL) {
                *h = 0.0;
            }
        }
        if uhat.iter().all(|h| *h >= 0.0) {
            return Ok(Some(uhat.iter().map(|h| *h > 0.0).collect()));
        }
        for ((ui, h), i) in u.iter_mut().zip(&uhat).zip(&interior) {
            if !*i {
                *ui = h.max(0.0);
            }
        }
        start = Some(dm.coefficients);
    }
    // Not settled: nothing is dropped on its evidence (the fixed-effect check has run); the
    // caller notes it in the result.
    Ok(None)
}

/// What an estimator hands to inference.
struct Core {
    beta: Vec<f64>,
    kept: Vec<usize>,
    dropped_regressors: Vec<DroppedRegressor>,
    xt: Vec<Vec<f64>>,
    w: Vec<f64>,
    resid: Vec<f64>,
    chol: Vec<Vec<f64>>,
    fitted: Vec<f64>,
    fe_values: Vec<f64>,
    iterations: usize,
    sweeps: usize,
    last_change: f64,
    deviance: f64,
    log_likelihood: Option<f64>,
    r2: f64,
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

fn ppml_fit(s: &Sample, spec: &GravitySpec, what: &str) -> Result<Core> {
    let o = &spec.options;
    let n = s.y.len();
    let mean = s.y.iter().sum::<f64>() / n as f64;
    let mut mu: Vec<f64> = s.y.iter().map(|y| (y + mean) / 2.0).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
    let mut last = deviance(&s.y, &mu);
    let mut start: Option<Vec<f64>> = None;
    let mut kept: Option<(Vec<usize>, Vec<DroppedRegressor>)> = None;
    let mut sweeps = 0;
    let mut crit = f64::INFINITY;
    for it in 1..=o.max_iterations {
        let z: Vec<f64> =
            s.y.iter()
                .zip(&mu)
                .zip(&eta)
                .map(|((y, m), e)| e + y / m - 1.0)
                .collect();
        let w = mu.clone();
        // Inexact early iterations (as ppmlhdfe): demean loosely while the deviance still moves,
        // to the full tolerance once it settles; convergence is only declared on a full one.
        let dtol = (crit * 1e-3).clamp(o.demean_tolerance, o.demean_tolerance.max(1e-5));
        let d = Demeaner::new(&s.fe, &w, dtol, o.max_sweeps)?;
        let mut cols: Vec<&[f64]> = vec![&z];
        cols.extend(s.x.iter().map(Vec::as_slice));
        let dm = d.demean(&cols, start.as_deref())?;
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
        let mut dev = deviance(&s.y, &new_mu);
        let mut halvings = 0;
        while !(dev.is_finite() && new_mu.iter().all(|m| *m > 0.0 && m.is_finite())) {
            halvings += 1;
            if halvings > 30 {
                return Err(Error::Estimation {
                    what: what.to_owned(),
                    reason: "the linear predictor overflows even after 30 step halvings".into(),
                });
            }
            for (ne, e) in new_eta.iter_mut().zip(&eta) {
                *ne = 0.5 * (*ne + e);
            }
            new_mu = new_eta.iter().map(|e| e.exp()).collect();
            dev = deviance(&s.y, &new_mu);
        }
        crit = (dev - last).abs() / (0.1 + last.abs());
        last = dev;
        eta = new_eta;
        mu = new_mu;
        let m = 1 + s.x.len();
        if crit < o.tolerance && dtol <= o.demean_tolerance {
            let fe_values = fe_values(&dm, m, &kept_idx, &beta);
            let ll = log_likelihood(&s.y, &mu);
            let null: Vec<f64> = vec![mean; n];
            let ll0 = log_likelihood(&s.y, &null);
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
                last_change: crit,
                deviance: dev,
                log_likelihood: Some(ll),
                r2: 1.0 - ll / ll0,
            });
        }
        start = Some(dm.coefficients);
    }
    Err(Error::NoConvergence {
        what: "PPML (IRLS)",
        iterations: o.max_iterations,
        last_change: crit,
        tolerance: o.tolerance,
    })
}

fn ols_fit(s: &Sample, spec: &GravitySpec, what: &str) -> Result<Core> {
    let o = &spec.options;
    let n = s.y.len();
    let w = vec![1.0; n];
    let d = Demeaner::new(&s.fe, &w, o.demean_tolerance, o.max_sweeps)?;
    let mut cols: Vec<&[f64]> = vec![&s.y];
    cols.extend(s.x.iter().map(Vec::as_slice));
    let dm = d.demean(&cols, None)?;
    let xt_all = dm.residuals.get(1..).unwrap_or(&[]);
    let raw: Vec<&[f64]> = s.x.iter().map(Vec::as_slice).collect();
    let (kept, dropped) = select(xt_all, &raw, &w, &s.names, o.collinearity_tolerance);
    let Regression {
        xt,
        chol,
        beta,
        resid,
    } = regress(&dm.residuals, &kept, &w, what)?;
    let rss: f64 = resid.iter().map(|r| r * r).sum();
    let ybar = s.y.iter().sum::<f64>() / n as f64;
    let tss: f64 = s.y.iter().map(|y| (y - ybar) * (y - ybar)).sum();
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
        last_change: 0.0,
        deviance: rss,
        log_likelihood: None,
        r2: if tss > 0.0 { 1.0 - rss / tss } else { 0.0 },
    })
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

// The k×k matrices below are built with k rows of k entries, and k scores of n entries, right
// here; indexing them cannot go out of bounds.
#[allow(clippy::indexing_slicing, clippy::needless_range_loop)]
fn finish(panel: &Panel, spec: &GravitySpec, s: Sample, core: Core) -> Result<GravityFit> {
    let n = s.y.len();
    let k = core.beta.len();
    let bread = inverse(&core.chol);
    let scores: Vec<Vec<f64>> = core
        .xt
        .iter()
        .map(|c| {
            c.iter()
                .zip(&core.w)
                .zip(&core.resid)
                .map(|((x, w), r)| w * r * x)
                .collect()
        })
        .collect();
    let sizes = s.fe.sizes().to_vec();
    let n_fe = sizes.len();
    let k_fe_total: usize = sizes.iter().sum();
    let k_fe_adj = if n_fe > 1 {
        k_fe_total + 1 - n_fe
    } else {
        k_fe_total
    };
    let sandwich = |meat: &[Vec<f64>]| -> Vec<Vec<f64>> {
        let bm: Vec<Vec<f64>> = (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|l| bread[i][l] * meat[l][j]).sum())
                    .collect()
            })
            .collect();
        (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|l| bm[i][l] * bread[l][j]).sum())
                    .collect()
            })
            .collect()
    };
    let cluster_meat = |codes: &[u32], g: usize| -> Vec<Vec<f64>> {
        let mut sums = vec![vec![0.0; k]; g];
        for (j, sc) in scores.iter().enumerate() {
            for (c, v) in codes.iter().zip(sc) {
                if let Some(row) = sums.get_mut(*c as usize)
                    && let Some(x) = row.get_mut(j)
                {
                    *x += v;
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
    };
    let nf = n as f64;
    let (vcov, df_k, df_t, clusters) = match &spec.vcov {
        Vcov::Iid | Vcov::Hetero => {
            let df_k = k + k_fe_adj;
            if df_k >= n {
                return Err(Error::Estimation {
                    what: spec.formula(),
                    reason: format!("{n} observations for {df_k} parameters"),
                });
            }
            let v = if spec.vcov == Vcov::Iid {
                let sigma2 = match spec.estimator {
                    Estimator::Ppml => 1.0,
                    Estimator::Ols => core.resid.iter().map(|r| r * r).sum::<f64>() / (nf - 1.0),
                };
                let adj = (nf - 1.0) / (nf - df_k as f64) * sigma2;
                bread
                    .iter()
                    .map(|r| r.iter().map(|b| b * adj).collect())
                    .collect()
            } else {
                let mut meat = vec![vec![0.0; k]; k];
                for i in 0..k {
                    for j in 0..k {
                        meat[i][j] = scores[i].iter().zip(&scores[j]).map(|(a, b)| a * b).sum();
                    }
                }
                let adj = nf / (nf - df_k as f64);
                sandwich(&meat)
                    .into_iter()
                    .map(|r| r.into_iter().map(|v| v * adj).collect())
                    .collect()
            };
            (v, df_k, n - df_k, Vec::new())
        }
        Vcov::Cluster(_) => {
            let mut cols: Vec<(Vec<u32>, usize)> =
                s.clusters.iter().map(|(_, c, g)| (c.clone(), *g)).collect();
            if cols.len() == 2 {
                let (a, b) = (&cols[0], &cols[1]);
                let inter = combine(
                    &(a.0.clone(), (0..a.1).map(|i| i.to_string()).collect()),
                    &(b.0.clone(), (0..b.1).map(|i| i.to_string()).collect()),
                );
                let g = inter.1.len();
                cols.push((inter.0, g));
            }
            let mut flags = vec![false; n_fe];
            let mut fully = 0usize;
            for (f, flag) in flags.iter_mut().enumerate() {
                let name = spec
                    .fixed_effects
                    .get(f)
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let same_name = s.clusters.iter().any(|(c, _, _)| *c == name);
                if same_name || cols.iter().any(|(c, _)| nested(s.fe.codes(f), sizes[f], c)) {
                    *flag = true;
                    fully += 1;
                }
            }
            let k_nested: usize = if fully > 0 {
                sizes
                    .iter()
                    .zip(&flags)
                    .filter(|(_, f)| **f)
                    .map(|(g, _)| g)
                    .sum()
            } else {
                0
            };
            let df_k = (k + k_fe_adj + fully).saturating_sub(k_nested);
            if df_k >= n {
                return Err(Error::Estimation {
                    what: spec.formula(),
                    reason: format!("{n} observations for {df_k} parameters"),
                });
            }
            let g_min = s.clusters.iter().map(|(_, _, g)| *g).min().unwrap_or(0);
            if g_min < 2 {
                return Err(Error::Estimation {
                    what: spec.formula(),
                    reason: format!(
                        "clustered standard errors need at least 2 clusters, got {g_min}"
                    ),
                });
            }
            let adj = (nf - 1.0) / (nf - df_k as f64) * g_min as f64 / (g_min as f64 - 1.0);
            let mut v = vec![vec![0.0; k]; k];
            for (idx, (codes, g)) in cols.iter().enumerate() {
                let sign = if idx == 2 { -1.0 } else { 1.0 };
                let part = sandwich(&cluster_meat(codes, *g));
                for i in 0..k {
                    for j in 0..k {
                        v[i][j] += sign * adj * part[i][j];
                    }
                }
            }
            let clusters = s
                .clusters
                .iter()
                .map(|(name, _, g)| (name.clone(), *g))
                .collect();
            (v, df_k, g_min - 1, clusters)
        }
    };
    let names: Vec<String> = core
        .kept
        .iter()
        .filter_map(|&j| s.names.get(j).cloned())
        .collect();
    let normal = Normal::new(0.0, 1.0).map_err(|_| Error::Estimation {
        what: spec.formula(),
        reason: "normal distribution".into(),
    })?;
    let student = StudentsT::new(0.0, 1.0, df_t.max(1) as f64).map_err(|_| Error::Estimation {
        what: spec.formula(),
        reason: "t distribution".into(),
    })?;
    let ppml = spec.estimator == Estimator::Ppml;
    let crit = if ppml {
        normal.inverse_cdf(0.975)
    } else {
        student.inverse_cdf(0.975)
    };
    let mut coefficients = Vec::with_capacity(k);
    for (i, (name, &b)) in names.iter().zip(&core.beta).enumerate() {
        let var = vcov[i][i];
        // A zero variance (a perfect fit) would give an infinite statistic: refuse it too.
        if !(var.is_finite() && var > 0.0) {
            return Err(Error::Estimation {
                what: spec.formula(),
                reason: format!(
                    "the variance of {name} is {var} (a perfect fit, or too few observations?)"
                ),
            });
        }
        let se = var.sqrt();
        let stat = b / se;
        let tail = if ppml {
            normal.cdf(-stat.abs())
        } else {
            student.cdf(-stat.abs())
        };
        coefficients.push(Coefficient {
            name: name.clone(),
            estimate: b,
            std_error: se,
            statistic: stat,
            p_value: (2.0 * tail).min(1.0),
            ci_low: b - crit * se,
            ci_high: b + crit * se,
        });
    }
    // Fixed effects: normalise each after the first to a first level of 0.
    let mut fixed_effects = Vec::new();
    let mut offset = 0;
    let mut shift_first = 0.0;
    let mut values: Vec<Vec<f64>> = Vec::new();
    for &g in &sizes {
        values.push(
            core.fe_values
                .get(offset..offset + g)
                .map(<[f64]>::to_vec)
                .unwrap_or_default(),
        );
        offset += g;
    }
    for v in values.iter_mut().skip(1) {
        let first = v.first().copied().unwrap_or(0.0);
        v.iter_mut().for_each(|x| *x -= first);
        shift_first += first;
    }
    if let Some(v) = values.first_mut() {
        v.iter_mut().for_each(|x| *x += shift_first);
    }
    for ((f, labels), v) in spec.fixed_effects.iter().zip(&s.fe_labels).zip(values) {
        fixed_effects.push(FixedEffectValues {
            name: f.to_string(),
            levels: labels.clone(),
            values: v,
        });
    }
    let mut dropped: Vec<Dropped> = s
        .counts
        .iter()
        .filter(|(_, c)| **c > 0)
        .map(|(r, c)| Dropped {
            reason: *r,
            count: *c,
            columns: if *r == DropReason::Missing {
                s.missing.clone()
            } else {
                Vec::new()
            },
        })
        .collect();
    dropped.sort_by_key(|d| d.reason as u8);
    Ok(GravityFit {
        spec: spec.clone(),
        source: panel.source().to_owned(),
        coefficients,
        vcov,
        observations: n,
        panel_rows: panel.len(),
        dropped,
        dropped_regressors: core.dropped_regressors,
        fixed_effect_sizes: spec
            .fixed_effects
            .iter()
            .map(ToString::to_string)
            .zip(sizes.iter().copied())
            .collect(),
        clusters,
        iterations: core.iterations,
        demean_sweeps: core.sweeps,
        last_change: core.last_change,
        deviance: core.deviance,
        log_likelihood: core.log_likelihood,
        r2: core.r2,
        df_k,
        df_t,
        fitted: core.fitted,
        rows: s.rows,
        fixed_effects,
        notes: Vec::new(),
    })
}
