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
use rand_distr::{Distribution, Gamma, Poisson, StandardNormal};
use rand_pcg::Pcg64Mcg;

use super::panel::{Panel, PanelColumns};

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

keyword_enum! {
    /// How [`fixest_panel`] assigns individuals to firms (the designs of the public
    /// `fixest_benchmarks` suite).
    pub enum Design: "benchmark design" {
        /// Each row's firm drawn uniformly: a dense individual–firm network that mixes fast.
        Simple = "simple",
        /// Firms assigned in sequence (row k to firm k mod F): each individual works at ten
        /// consecutive firms, so the network is a long ring that alternating projections cross
        /// slowly.
        Difficult = "difficult",
    }
}

/// The coefficients of `x1` and `x2` in [`fixest_panel`].
pub const FIXEST_BETA: [f64; 2] = [1.0, 0.05];

/// The panel of the `fixest_benchmarks` suite: a balanced panel of `rows / 10` individuals over
/// 10 years, each row at a firm (`rows / 230` firms, 23 individuals per firm), fixed effects
/// individual + firm + year.
///
/// The process, from one seeded PCG generator: `x1` ~ Normal(0, 1), `x2 = x1²`; firm,
/// individual and year effects ~ Normal(0, 1) each; `y = 1·x1 + 0.05·x2 + effects + ε`,
/// ε ~ Normal(0, 1); the outcome `negbin_y` ~ NegBin(mean e^y, θ = 0.5) (a Poisson draw with a
/// Gamma(0.5, e^y / 0.5) mean). Key columns: `indiv_id` (exporter), `firm_id` (importer),
/// `year`, `negbin_y` (the flow); numeric columns `x1`, `x2` and `y`. PPML of `negbin_y ~ x1 +
/// x2 | indiv_id + firm_id + year` estimates [`FIXEST_BETA`] (the noise moves only the
/// constant), and so does OLS of `y ~ x1 + x2 | …`.
///
/// # Errors
/// [`InputError::OutOfRange`] below 230 rows (one firm) or past 2³¹ rows; as
/// [`Panel::from_codes`].
pub fn fixest_panel(rows: usize, design: Design, seed: u64) -> Result<Panel> {
    const YEARS: usize = 10;
    const PER_FIRM: usize = 23;
    if !(YEARS * PER_FIRM..=1 << 31).contains(&rows) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "rows of a benchmark panel",
            value: rows as f64,
            expected: "230 to 2^31",
        }));
    }
    crate::limits::values("a benchmark panel's rows", Some(rows))?;
    let indiv = rows / YEARS;
    let n = indiv * YEARS;
    let firms = (indiv / PER_FIRM).max(1);
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let normal = |rng: &mut Pcg64Mcg| -> f64 { StandardNormal.sample(rng) };
    let firm_fe: Vec<f64> = (0..firms).map(|_| normal(&mut rng)).collect();
    let indiv_fe: Vec<f64> = (0..indiv).map(|_| normal(&mut rng)).collect();
    let year_fe: Vec<f64> = (0..YEARS).map(|_| normal(&mut rng)).collect();
    let mut countries: Vec<String> = (0..indiv).map(|i| format!("i{i}")).collect();
    countries.extend((0..firms).map(|f| format!("f{f}")));
    let (mut ex, mut im, mut year) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut x1, mut x2, mut y) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut latent = Vec::with_capacity(n);
    for k in 0..n {
        let (i, t) = (k / YEARS, k % YEARS);
        let f = match design {
            Design::Simple => rng.random_range(0..firms),
            Design::Difficult => k % firms,
        };
        let v = normal(&mut rng);
        let effect = |fe: &[f64], g: usize| fe.get(g).copied().unwrap_or(0.0);
        let eta = FIXEST_BETA[0] * v
            + FIXEST_BETA[1] * v * v
            + effect(&firm_fe, f)
            + effect(&indiv_fe, i)
            + effect(&year_fe, t)
            + normal(&mut rng);
        let mean = eta.exp();
        // NegBin(mean, θ): Poisson with a Gamma(θ, mean/θ) mean.
        let theta = 0.5;
        let lambda = Gamma::new(theta, mean / theta)
            .map_err(|_| {
                Error::Input(InputError::NonFinite {
                    what: "a benchmark outcome's mean",
                    value: mean,
                })
            })?
            .sample(&mut rng);
        let draw = if lambda > 0.0 {
            Poisson::new(lambda)
                .map_err(|_| {
                    Error::Input(InputError::NonFinite {
                        what: "a benchmark outcome's Poisson mean",
                        value: lambda,
                    })
                })?
                .sample(&mut rng)
        } else {
            0.0
        };
        // In range by construction: indiv, firms < 2^31.
        ex.push(u32::try_from(i).unwrap_or(u32::MAX));
        im.push(u32::try_from(indiv + f).unwrap_or(u32::MAX));
        year.push(1 + t as i64);
        x1.push(v);
        x2.push(v * v);
        y.push(draw);
        latent.push(eta);
    }
    let names = PanelColumns {
        exporter: "indiv_id".into(),
        importer: "firm_id".into(),
        time: "year".into(),
        value: "negbin_y".into(),
    };
    Panel::from_codes(
        names,
        countries,
        ex,
        im,
        year,
        y,
        vec![("x1".into(), x1), ("x2".into(), x2), ("y".into(), latent)],
    )
}
