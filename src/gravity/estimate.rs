//! Estimation and its report: the sample, the fit, the variance, and the fit's numbers put
//! together as a [`GravityFit`].

use crate::error::{Error, GravityError, InputError, Result};
use std::collections::HashMap;

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::fit::{Coefficient, DropReason, Dropped, FixedEffectValues, GravityFit};
use super::irls::{Core, ols_fit, ppml_fit};
use super::linalg::inverse;
use super::panel::Panel;
use super::sample::{Sample, prepare, prepare_with, relu};
use super::spec::{Estimator, GravitySpec, Separation};
use super::vcov::{self, Sandwich, Variance};

/// Estimates `spec` on `panel`.
pub(crate) fn estimate(panel: &Panel, spec: &GravitySpec) -> Result<GravityFit> {
    spec.check_terms()?;
    let resolved = spec.resolved();
    let default_vcov = (spec.vcov == super::Vcov::Default).then(|| match &resolved.vcov {
        super::Vcov::Cluster(k) => format!(
            "standard errors clustered by the first fixed effect, {}, by default (choose with Vcov::Iid, Vcov::Hetero or a cluster key; on the command line --se or --cluster)",
            k.iter().map(ToString::to_string).collect::<Vec<_>>().join(" and ")
        ),
        _ => "standard errors heteroskedasticity-robust (HC1) by default, as there are no fixed effects (choose with Vcov::Iid or a cluster key; on the command line --se or --cluster)".to_owned(),
    });
    let spec = &resolved;
    // The regressors' columns and their cross-product matrix, bounded before anything is built.
    let k = spec.regressors.len() + 1;
    crate::limits::values(
        "regressor values (rows × regressors)",
        panel.len().checked_mul(k),
    )?;
    crate::limits::values("the regressors' cross products", k.checked_mul(k))?;
    let what = format!("{} {}", spec.estimator, spec.formula());
    let o = &spec.options;
    for (name, v) in [
        ("tolerance", o.tolerance),
        ("demean_tolerance", o.demean_tolerance),
        ("collinearity_tolerance", o.collinearity_tolerance),
    ] {
        if !(v > 0.0 && v < 1.0) {
            return Err(Error::Input(InputError::OutOfRange {
                what: match name {
                    "tolerance" => "the IRLS tolerance",
                    "demean_tolerance" => "the demeaning tolerance",
                    _ => "the collinearity tolerance",
                },
                value: v,
                expected: "between 0 and 1",
            }));
        }
    }
    for (name, v) in [
        ("max_iterations", o.max_iterations),
        ("max_sweeps", o.max_sweeps),
    ] {
        if v == 0 {
            return Err(Error::Input(InputError::OutOfRange {
                what: name,
                value: 0.0,
                expected: "at least 1 iteration",
            }));
        }
    }
    if panel.is_empty() {
        return Err(Error::Gravity(GravityError::EmptyPanel {
            panel: panel.source().to_owned(),
        }));
    }
    if panel.countries().len() < 2 {
        return Err(Error::Gravity(GravityError::SingleCountry {
            model: what,
            country: panel.countries().join(""),
        }));
    }
    let mut sample = prepare(panel, spec, &what)?;
    let mut notes: Vec<String> = default_vcov.into_iter().collect();
    let ppml = spec.estimator == Estimator::Ppml;
    // The solver a fit starts with: the user's, or what the separation check found it needs.
    let mut solver = o.solver;
    if ppml && o.separation == Separation::FixedEffectsAndRelu && sample.y.contains(&0.0) {
        let (separated, decided) = relu(&sample, o)?;
        solver = decided;
        let separated = separated.unwrap_or_else(|| {
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
        Estimator::Ppml => ppml_fit(&sample, spec, &what, solver)?,
        Estimator::Ols => ols_fit(&sample, spec, &what, solver)?,
    };
    let mut fit = finish(panel, spec, sample, fit)?;
    if fit.solver.components > 1 {
        notes.push(format!(
            "the fixed effects' network has {} connected components: the coefficients are identified, the fixed effects' levels only within each component (compare them only inside one)",
            fit.solver.components
        ));
    }
    fit.notes = notes;
    Ok(fit)
}

/// The fit's report: the variance, each coefficient's inference, the fixed effects
/// normalised, and what was dropped.
fn finish(panel: &Panel, spec: &GravitySpec, s: Sample, core: Core) -> Result<GravityFit> {
    let n = s.y.len();
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
    let sandwich = Sandwich {
        bread: &bread,
        scores: &scores,
        n,
        fe_sizes: &sizes,
        fe_codes: (0..sizes.len()).map(|f| s.fe.codes(f)).collect(),
        fe_names: spec.fixed_effects.iter().map(ToString::to_string).collect(),
        sigma2: vcov::sigma2(spec.estimator, &core.resid, &core.w),
    };
    let variance = vcov::estimate(spec, &sandwich, &s.clusters)?;
    let names: Vec<String> = core
        .kept
        .iter()
        .filter_map(|&j| s.names.get(j).cloned())
        .collect();
    let coefficients = inference(spec, &names, &core.beta, &variance)?;
    let fixed_effects = fixed_effect_values(spec, &sizes, &s.fe_labels, &core.fe_values);
    Ok(GravityFit {
        spec: spec.clone(),
        source: panel.source().to_owned(),
        coefficients,
        vcov: variance.vcov,
        observations: n,
        panel_rows: panel.len(),
        dropped: dropped(&s.counts, &s.missing),
        dropped_regressors: core.dropped_regressors,
        fixed_effect_sizes: spec
            .fixed_effects
            .iter()
            .map(ToString::to_string)
            .zip(sizes.iter().copied())
            .collect(),
        clusters: variance.clusters,
        iterations: core.iterations,
        demean_sweeps: core.sweeps,
        solver: core.solver.clone(),
        last_change: core.last_change,
        deviance: core.deviance,
        log_likelihood: core.log_likelihood,
        r2: core.r2,
        df_k: variance.df_k,
        df_t: variance.df_t,
        fitted: core.fitted,
        rows: s.rows,
        fixed_effects,
        notes: Vec::new(),
    })
}

/// Each coefficient with its standard error, statistic, p-value and 95% interval: normal for
/// PPML (z), Student t with the variance's degrees of freedom for OLS.
fn inference(
    spec: &GravitySpec,
    names: &[String],
    beta: &[f64],
    variance: &Variance,
) -> Result<Vec<Coefficient>> {
    let model = || spec.formula();
    // Both fail only for parameters that are not finite, which these are by construction.
    let normal = Normal::new(0.0, 1.0).map_err(|_| InputError::NonFinite {
        what: "the normal distribution's parameters",
        value: 1.0,
    })?;
    let df = variance.df_t.max(1) as f64;
    let student = StudentsT::new(0.0, 1.0, df).map_err(|_| InputError::NonFinite {
        what: "the t distribution's degrees of freedom",
        value: df,
    })?;
    let ppml = spec.estimator == Estimator::Ppml;
    let crit = if ppml {
        normal.inverse_cdf(0.975)
    } else {
        student.inverse_cdf(0.975)
    };
    let mut out = Vec::with_capacity(beta.len());
    for (i, (name, &b)) in names.iter().zip(beta).enumerate() {
        let var = variance
            .vcov
            .get(i)
            .and_then(|r| r.get(i))
            .copied()
            .unwrap_or(f64::NAN);
        // A zero variance (a perfect fit) would give an infinite statistic: refuse it too.
        if !(var.is_finite() && var > 0.0) {
            return Err(Error::Gravity(GravityError::Variance {
                model: model(),
                coefficient: name.clone(),
                variance: var,
            }));
        }
        let se = var.sqrt();
        let stat = b / se;
        let tail = if ppml {
            normal.cdf(-stat.abs())
        } else {
            student.cdf(-stat.abs())
        };
        out.push(Coefficient {
            name: name.clone(),
            estimate: b,
            std_error: se,
            statistic: stat,
            p_value: (2.0 * tail).min(1.0),
            ci_low: b - crit * se,
            ci_high: b + crit * se,
        });
    }
    Ok(out)
}

/// Each fixed effect's values, normalised: every one after the first has its first level at 0,
/// and the first absorbs the constant.
fn fixed_effect_values(
    spec: &GravitySpec,
    sizes: &[usize],
    labels: &[Vec<String>],
    flat: &[f64],
) -> Vec<FixedEffectValues> {
    let mut values: Vec<Vec<f64>> = Vec::with_capacity(sizes.len());
    let mut offset = 0;
    for &g in sizes {
        values.push(
            flat.get(offset..offset + g)
                .map(<[f64]>::to_vec)
                .unwrap_or_default(),
        );
        offset += g;
    }
    let mut shift_first = 0.0;
    for v in values.iter_mut().skip(1) {
        let first = v.first().copied().unwrap_or(0.0);
        v.iter_mut().for_each(|x| *x -= first);
        shift_first += first;
    }
    if let Some(v) = values.first_mut() {
        v.iter_mut().for_each(|x| *x += shift_first);
    }
    spec.fixed_effects
        .iter()
        .zip(labels)
        .zip(values)
        .map(|((f, l), v)| FixedEffectValues {
            name: f.to_string(),
            levels: l.clone(),
            values: v,
        })
        .collect()
}

/// Observations dropped, by reason (only reasons with a count), the missing ones with their
/// columns.
fn dropped(counts: &HashMap<DropReason, usize>, missing: &[(String, usize)]) -> Vec<Dropped> {
    let mut out: Vec<Dropped> = counts
        .iter()
        .filter(|(_, c)| **c > 0)
        .map(|(r, c)| Dropped {
            reason: *r,
            count: *c,
            columns: if *r == DropReason::Missing {
                missing.to_vec()
            } else {
                Vec::new()
            },
        })
        .collect();
    out.sort_by_key(|d| d.reason as u8);
    out
}
