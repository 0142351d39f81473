//! Synthetic flow panels with known coefficients, for checks and benchmarks.
//!
//! The data-generating process of [`synthetic_panel`], for `C` countries and `T` years (all
//! directed international pairs, `C(C−1)T` rows):
//!
//! - exporter-year effects `a_it`, importer-year effects `b_jt` and directed-pair effects `c_ij`,
//!   each drawn i.i.d. Normal(0, 1);
//! - `x1` ~ Normal(0, 1) i.i.d. per row; `x2` a dummy that switches on for a pair in a year
//!   drawn uniformly from the years (or never, with probability 1/2) and stays on;
//! - `trade` ~ Poisson(μ), μ = exp(1 + β1·x1 + β2·x2 + a_it + b_jt + c_ij), with
//!   [`TRUE_BETA`] = (β1, β2) = (0.5, −0.8): small means give zero flows.
//!
//! Everything comes from one seeded PCG generator, so a seed gives the same panel on every
//! machine.

use crate::error::{Error, InputError, Result};
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Poisson, StandardNormal};
use rand_pcg::Pcg64Mcg;

use super::panel::Panel;

/// The coefficients of `x1` and `x2` in [`synthetic_panel`].
pub const TRUE_BETA: [f64; 2] = [0.5, -0.8];

/// A synthetic panel (see the module docs), countries named `C000`, `C001`, ...
///
/// # Errors
/// [`InputError::OutOfRange`] for fewer than 2 countries or years, or more than 1000 countries or
/// 200 years; [`InputError::TooLarge`] beyond [`crate::limits::MAX_VALUES`] rows.
pub fn synthetic_panel(countries: usize, years: usize, seed: u64) -> Result<Panel> {
    if !(2..=1000).contains(&countries) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "countries",
            value: countries as f64,
            expected: "2 to 1000",
        }));
    }
    if !(2..=200).contains(&years) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "years",
            value: years as f64,
            expected: "2 to 200",
        }));
    }
    let rows = crate::limits::values(
        "a synthetic panel's rows",
        countries
            .checked_mul(countries - 1)
            .and_then(|p| p.checked_mul(years)),
    )?;
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut normal = || -> f64 { StandardNormal.sample(&mut rng) };
    let a: Vec<f64> = (0..countries * years).map(|_| normal()).collect();
    let b: Vec<f64> = (0..countries * years).map(|_| normal()).collect();
    let c: Vec<f64> = (0..countries * countries).map(|_| normal()).collect();
    let names: Vec<String> = (0..countries).map(|i| format!("C{i:03}")).collect();
    let (mut ex, mut im, mut time, mut value, mut x1, mut x2) = (
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
    );
    let mut onset = vec![usize::MAX; countries * countries];
    for o in onset.iter_mut() {
        if rng.random::<bool>() {
            *o = rng.random_range(0..years);
        }
    }
    for t in 0..years {
        for i in 0..countries {
            for j in 0..countries {
                if i == j {
                    continue;
                }
                let v1: f64 = StandardNormal.sample(&mut rng);
                let v2 = if onset.get(i * countries + j).is_some_and(|&o| t >= o) {
                    1.0
                } else {
                    0.0
                };
                let eta = 1.0
                    + TRUE_BETA[0] * v1
                    + TRUE_BETA[1] * v2
                    + a.get(i * years + t).copied().unwrap_or(0.0)
                    + b.get(j * years + t).copied().unwrap_or(0.0)
                    + c.get(i * countries + j).copied().unwrap_or(0.0);
                let mu = eta.exp();
                // A mean that overflows is an error naming it, not a flow of infinity.
                let y = Poisson::new(mu)
                    .map_err(|_| {
                        Error::Input(InputError::NonFinite {
                            what: "a synthetic flow's Poisson mean",
                            value: mu,
                        })
                    })?
                    .sample(&mut rng);
                ex.push(names.get(i).map_or("", String::as_str));
                im.push(names.get(j).map_or("", String::as_str));
                time.push(2000 + t as i64);
                value.push(y);
                x1.push(v1);
                x2.push(v2);
            }
        }
    }
    Panel::new(
        &ex,
        &im,
        &time,
        &value,
        vec![("x1".into(), x1), ("x2".into(), x2)],
    )
}
