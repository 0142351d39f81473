//! Sample selection: which rows a model uses and why the others leave it — a missing value, a
//! non-positive outcome under a log, a singleton in a fixed effect, separation (by the fixed
//! effects, and by the regressors with the iterated rectifier) — and the prepared sample the
//! fits run on.

use crate::error::{Error, GravityError, InputError, Result};
use std::collections::HashMap;

use super::demean::FixedEffectCodes;
use super::fit::DropReason;
use super::keys::{Key, compact, key};
use super::linalg::{regress, select};
use super::panel::Panel;
use super::spec::{Estimator, GravitySpec, Separation, Term, Vcov};

/// The prepared sample.
pub(super) struct Sample {
    pub(super) rows: Vec<usize>,
    pub(super) y: Vec<f64>,
    pub(super) x: Vec<Vec<f64>>,
    /// The offset per row (0 without one).
    pub(super) offset: Vec<f64>,
    /// The observation weight per row (1 without weights).
    pub(super) weights: Vec<f64>,
    pub(super) names: Vec<String>,
    pub(super) fe: FixedEffectCodes,
    pub(super) fe_labels: Vec<Vec<String>>,
    pub(super) clusters: Vec<(String, Vec<u32>, usize)>,
    pub(super) counts: HashMap<DropReason, usize>,
    /// Missing cells per column among the rows left out for them.
    pub(super) missing: Vec<(String, usize)>,
}

/// A regressor's values on the rows kept (0 on the others, which the sample leaves out).
pub(super) fn term_values(
    panel: &Panel,
    term: &Term,
    keep: &[bool],
    what: &'static str,
) -> Result<Vec<f64>> {
    let v = panel.numeric(term.column())?;
    let mut out = Vec::with_capacity(v.len());
    for (i, (&x, &k)) in v.iter().zip(keep).enumerate() {
        if !k {
            out.push(0.0);
            continue;
        }
        if !x.is_finite() {
            return Err(Error::Input(InputError::NonFinite { what, value: x }).at(
                panel.source(),
                panel.line(i),
                term.column(),
            ));
        }
        out.push(match term {
            Term::Column(_) => x,
            Term::Log(_) => {
                if x.is_nan() || x <= 0.0 {
                    return Err(Error::Input(InputError::NonPositiveBase {
                        what: "the logarithm's argument",
                        value: x,
                    })
                    .at(panel.source(), panel.line(i), term.column()));
                }
                x.ln()
            }
        });
    }
    Ok(out)
}

/// An observation weight: finite and not negative.
fn check_weight(w: f64) -> std::result::Result<(), Error> {
    if !w.is_finite() {
        return Err(Error::Input(InputError::NonFinite {
            what: "an observation weight",
            value: w,
        }));
    }
    if w < 0.0 {
        return Err(Error::Input(InputError::OutOfRange {
            what: "an observation weight",
            value: w,
            expected: "zero or more",
        }));
    }
    Ok(())
}

/// The offset on the rows kept (0 on the others): each term's values times its coefficient,
/// summed; a value that is not finite is an error naming its line and column.
pub(super) fn offset_values(panel: &Panel, spec: &GravitySpec, keep: &[bool]) -> Result<Vec<f64>> {
    let mut out = vec![0.0; panel.len()];
    let Some(offset) = &spec.offset else {
        return Ok(out);
    };
    for (c, term) in offset.terms() {
        let v = term_values(panel, term, keep, "an offset term")?;
        for (i, ((o, x), k)) in out.iter_mut().zip(&v).zip(keep).enumerate() {
            *o += c * x;
            if *k && !o.is_finite() {
                return Err(Error::Input(InputError::NonFinite {
                    what: "the offset",
                    value: *o,
                })
                .at(panel.source(), panel.line(i), term.column()));
            }
        }
    }
    Ok(out)
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
    if let Some(o) = &spec.offset {
        used.extend(o.terms().iter().map(|(_, t)| t.column()));
    }
    if let Some(w) = &spec.weights {
        used.push(w);
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

pub(super) fn prepare(panel: &Panel, spec: &GravitySpec, what: &str) -> Result<Sample> {
    let mut keep = vec![true; panel.len()];
    let mut counts = HashMap::new();
    let missing = drop_missing(panel, spec, &mut keep, &mut counts);
    if let Term::Log(c) = &spec.outcome {
        if spec.estimator == Estimator::Ppml {
            return Err(Error::Gravity(GravityError::Formula {
                formula: spec.formula(),
                reason: "PPML models the flow itself: use `trade ~ …`, not `log(trade) ~ …`".into(),
            }));
        }
        let v = panel.numeric(c)?;
        for (k, x) in keep.iter_mut().zip(v) {
            if *k && (x.is_nan() || *x <= 0.0) {
                *k = false;
                *counts.entry(DropReason::NonPositiveOutcome).or_default() += 1;
            }
        }
    }
    if let Some(column) = &spec.weights {
        for (i, (k, &w)) in keep.iter_mut().zip(panel.numeric(column)?).enumerate() {
            if !*k {
                continue;
            }
            check_weight(w).map_err(|e| e.at(panel.source(), panel.line(i), column))?;
            if w == 0.0 {
                *k = false;
                *counts.entry(DropReason::ZeroWeight).or_default() += 1;
            }
        }
    }
    prepare_with(panel, spec, what, keep, counts, missing)
}

/// The sample of a model given which rows are still kept: the outcome and regressors checked
/// on them, the fixed-effect and cluster keys built, singletons and fixed-effect-separated rows
/// pruned, and every column restricted to the rows left.
pub(super) fn prepare_with(
    panel: &Panel,
    spec: &GravitySpec,
    what: &str,
    mut keep: Vec<bool>,
    mut counts: HashMap<DropReason, usize>,
    missing: Vec<(String, usize)>,
) -> Result<Sample> {
    let ppml = spec.estimator == Estimator::Ppml;
    let y_all = outcome(panel, spec, &keep)?;
    let mut names = Vec::new();
    let mut x_all = Vec::new();
    if spec.fixed_effects.is_empty() {
        names.push("(Intercept)".to_owned());
        x_all.push(vec![1.0; panel.len()]);
    }
    for t in &spec.regressors {
        names.push(t.to_string());
        x_all.push(term_values(panel, t, &keep, "a regressor")?);
    }
    let offset_all = offset_values(panel, spec, &keep)?;
    let weights_all = match &spec.weights {
        Some(column) => Some(panel.numeric(column)?),
        None => None,
    };
    let fes: Vec<Key> = spec
        .fixed_effects
        .iter()
        .map(|f| key(panel, f))
        .collect::<Result<_>>()?;
    let cluster_keys = cluster_keys(panel, spec)?;
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
        return Err(Error::Gravity(GravityError::EmptySample {
            model: what.to_owned(),
            dropped: dropped.join(", "),
        }));
    }
    if ppml && rows.iter().all(|&i| y_all.get(i) == Some(&0.0)) {
        return Err(Error::Gravity(GravityError::AllZero {
            model: what.to_owned(),
        }));
    }
    let pick = |v: &[f64]| {
        rows.iter()
            .map(|&i| v.get(i).copied().unwrap_or(0.0))
            .collect::<Vec<f64>>()
    };
    let (fe, fe_labels) = sample_codes(&fes, &rows)?;
    let clusters = cluster_keys
        .into_iter()
        .map(|(name, (c, l))| {
            let (c, l) = compact(&c, &rows, &l);
            (name, c, l.len())
        })
        .collect();
    Ok(Sample {
        y: pick(&y_all),
        x: x_all.iter().map(|c| pick(c)).collect(),
        offset: pick(&offset_all),
        weights: weights_all.map_or_else(|| vec![1.0; rows.len()], pick),
        rows,
        names,
        fe,
        fe_labels,
        clusters,
        counts,
        missing,
    })
}

/// The outcome on the rows kept (0 on the others): finite, not negative for PPML, in logs for
/// a log outcome; an error names the line of a value that is not.
fn outcome(panel: &Panel, spec: &GravitySpec, keep: &[bool]) -> Result<Vec<f64>> {
    let ppml = spec.estimator == Estimator::Ppml;
    let raw = panel.numeric(spec.outcome.column())?;
    let mut y = Vec::with_capacity(panel.len());
    for (i, (&v, k)) in raw.iter().zip(keep).enumerate() {
        if !*k {
            y.push(0.0);
            continue;
        }
        if !v.is_finite() || (ppml && v < 0.0) {
            let e = if v.is_finite() {
                Error::Input(InputError::OutOfRange {
                    what: "a PPML outcome",
                    value: v,
                    expected: "zero or more",
                })
            } else {
                Error::Input(InputError::NonFinite {
                    what: "the outcome",
                    value: v,
                })
            };
            return Err(e.at(panel.source(), panel.line(i), spec.outcome.column()));
        }
        y.push(match spec.outcome {
            Term::Log(_) => v.ln(),
            Term::Column(_) => v,
        });
    }
    Ok(y)
}

/// The cluster keys of clustered standard errors (one or two), by name.
fn cluster_keys(panel: &Panel, spec: &GravitySpec) -> Result<Vec<(String, Key)>> {
    match &spec.vcov {
        Vcov::Cluster(k) if k.is_empty() || k.len() > 2 => {
            Err(Error::Input(InputError::OutOfRange {
                what: "the clustering keys",
                value: k.len() as f64,
                expected: "one or two keys",
            }))
        }
        Vcov::Cluster(k) => k
            .iter()
            .map(|f| Ok((f.to_string(), key(panel, f)?)))
            .collect(),
        _ => Ok(Vec::new()),
    }
}

/// The fixed effects' codes and level labels over the sample's rows.
fn sample_codes(fes: &[Key], rows: &[usize]) -> Result<(FixedEffectCodes, Vec<Vec<String>>)> {
    let mut codes = Vec::new();
    let mut sizes = Vec::new();
    let mut labels = Vec::new();
    for (c, l) in fes {
        let (c, l) = compact(c, rows, l);
        sizes.push(l.len());
        codes.push(c);
        labels.push(l);
    }
    let fe = if codes.is_empty() {
        FixedEffectCodes::empty(rows.len())
    } else {
        FixedEffectCodes::new(codes, sizes)?
    };
    Ok((fe, labels))
}

/// The iterated rectifier (Correia, Guimarães & Zylkin 2020): observations with a zero flow
/// whose linear predictor of 1{y = 0} stays positive are separated.
pub(super) fn relu(
    s: &Sample,
    o: &super::spec::Options,
) -> Result<(Option<Vec<bool>>, super::Solver)> {
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
    let mut solver = super::solver::FeSolver::new(&s.fe, o.solver);
    let tolerance = o.demean_tolerance.max(1e-9);
    let mut start: Option<Vec<f64>> = None;
    for _ in 0..MAX {
        let mut cols: Vec<&[f64]> = vec![&u];
        cols.extend(s.x.iter().map(Vec::as_slice));
        let dm = solver.demean(&w, &cols, start.as_deref(), tolerance, o.max_sweeps)?;
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
            return Ok((
                Some(uhat.iter().map(|h| *h > 0.0).collect()),
                solver.decided(),
            ));
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
    Ok((None, solver.decided()))
}
