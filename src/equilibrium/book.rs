//! The book's two general-equilibrium applications on the AGTPA data (Yotov, Piermartini,
//! Monteiro & Larch 2016, chapter 2; data CC BY 4.0), each reported in the book's direction:
//! the world without borders as the change from the baseline to the counterfactual, the effects
//! of NAFTA as the change from the counterfactual without NAFTA to the baseline with it
//! ([`Direction`]). Germany is the reference country whose inward resistance is 1: the
//! cross-section file codes it `ZZZ` (so that it sorts last, as the book's Stata code needs);
//! the applications read it back as `DEU`, so every result names ISO codes.
//!
//! The conditional columns equal the book's (its published results, to 1e-6); the full
//! endowment columns differ slightly, because the book's loop stops once the largest change
//! between iterations falls below 0.01, while [`Baseline::solve`] iterates to the equilibrium
//! itself (prices to 1e-10).

use std::path::Path;

use super::counterfactual::{Counterfactual, Direction, Pairs};
use super::model::{Baseline, CostTerm, Provenance};
use crate::data::{Country, Economy};
use crate::error::{EquilibriumError, Error, GravityError, InputError, Result};
use crate::gravity::agtpa;
use crate::gravity::{Condition, Gravity, GravityFit, Panel, PanelColumns};

/// The book's reference country, Germany.
pub const REFERENCE: Economy = Economy::Country(Country::DEU);

/// The code the 2006 cross-section gives Germany.
pub const GERMANY_IN_2006_FILE: &str = "ZZZ";

/// A panel with Germany under its ISO code: `ZZZ` becomes `DEU` where the file uses it.
///
/// # Errors
/// [`DataError::DuplicateItem`](crate::error::DataError::DuplicateItem) for a file with both codes.
pub fn iso_codes(panel: Panel) -> Result<Panel> {
    if panel.countries().iter().any(|c| c == GERMANY_IN_2006_FILE) {
        panel.with_country_renamed(GERMANY_IN_2006_FILE, REFERENCE.code())
    } else {
        Ok(panel)
    }
}

/// The book's elasticity of substitution.
pub const SIGMA: f64 = 7.0;

/// A world without international borders: the baseline from `cross_section_2006.csv` with trade
/// costs from PPML of trade on ln distance, contiguity and an international border dummy with
/// exporter and importer fixed effects, and the counterfactual that sets the border dummy to 0.
///
/// # Errors
/// As [`Panel::from_csv`], [`Gravity::fit`] and [`Baseline::from_fit`].
pub fn borders(
    path: impl AsRef<Path>,
    sigma: f64,
) -> Result<(Baseline, Counterfactual, GravityFit)> {
    let panel = Panel::from_csv(path, &PanelColumns::default())?;
    borders_on(&panel, sigma)
}

/// [`borders`] on a panel already read.
///
/// # Errors
/// As [`borders`].
pub fn borders_on(panel: &Panel, sigma: f64) -> Result<(Baseline, Counterfactual, GravityFit)> {
    let year = panel
        .times()
        .first()
        .copied()
        .ok_or_else(|| GravityError::EmptyPanel {
            panel: panel.source().to_owned(),
        })?;
    let panel = iso_codes(panel.clone())?
        .with_log("DIST", "ln_DIST")?
        .with_period_dummies("INTL_BRDR", &[year], Condition::International)?;
    let dummy = panel.numeric(&format!("INTL_BRDR_{year}"))?.to_vec();
    let panel = panel.with_column("INTL_BRDR", dummy)?;
    // One observation per pair: robust standard errors, as clustering by pair would give up to
    // the small-sample factor (the covariance the uncertainty draws use).
    let fit = Gravity::ppml(&panel)
        .formula("trade ~ ln_DIST + CNTG + INTL_BRDR | exporter + importer")?
        .vcov(crate::gravity::Vcov::Hetero)
        .fit()?;
    let baseline = Baseline::from_fit(&panel, &fit, &[], REFERENCE, sigma)?;
    let cf = Counterfactual::new("a world without international borders").set_term(
        "INTL_BRDR",
        Pairs::International,
        0.0,
    );
    Ok((baseline, cf, fit))
}

/// The NAFTA members.
pub const NAFTA: [Country; 3] = [Country::CAN, Country::MEX, Country::USA];

/// The effects of NAFTA: the RTA coefficient and the symmetric pair fixed effects from PPML on
/// the RTA panel (the book's years, exporter-year, importer-year and pair effects, clustered by
/// pair), trade costs for 1994 as `exp(pair effect + β·RTA)` (0 for a pair whose flows are all
/// zero, which has no finite pair effect), and the counterfactual that sets RTA to 0 for the
/// six directed pairs among Canada, Mexico and the United States, reported as the book does:
/// from the world without NAFTA to the baseline with it ([`Direction::ToBaseline`]).
///
/// # Errors
/// As [`agtpa::rta_panel`], [`Gravity::fit`] and [`Baseline::new`].
pub fn nafta(path: impl AsRef<Path>, sigma: f64) -> Result<(Baseline, Counterfactual, GravityFit)> {
    let path = path.as_ref();
    let panel = agtpa::rta_panel(path)?;
    nafta_on(&panel, sigma)
}

/// [`nafta`] on a panel prepared by [`agtpa::rta_panel`].
///
/// # Errors
/// As [`nafta`].
pub fn nafta_on(panel: &Panel, sigma: f64) -> Result<(Baseline, Counterfactual, GravityFit)> {
    let (baseline, fit) = rta_baseline(panel, 1994, sigma)?;
    let cf = Counterfactual::new("the effects of NAFTA (against removing it)")
        .set_term("RTA", Pairs::among(NAFTA), 0.0)
        .reported(Direction::ToBaseline);
    Ok((baseline, cf, fit))
}

/// The baseline of [`nafta_on`] for any year of a panel prepared by [`agtpa::rta_panel`]:
/// the RTA coefficient and pair effects from the book's pair-effects PPML, trade costs
/// `exp(pair effect + β·RTA)` for that year's cross-section, with `RTA` as the cost term a
/// counterfactual can set (0 removes an agreement, 1 adds one).
///
/// # Errors
/// As [`nafta`]; [`EquilibriumError::NoYear`] for a year without rows, and as [`Baseline::new`] for
/// one without a complete cross-section.
pub fn rta_baseline(panel: &Panel, year: i64, sigma: f64) -> Result<(Baseline, GravityFit)> {
    let (_, spec, sample) = agtpa::rta_table()?
        .into_iter()
        .find(|(n, _, _)| *n == "endog")
        .ok_or(InputError::Missing {
            what: "the book's pair-effects column",
            purpose: "for an RTA-panel baseline",
        })?;
    let fit = Gravity::with_spec(&sample.of(panel), spec).fit()?;
    // An RTA dropped as collinear has no effect to carry: an error, not a coefficient of 0.
    let beta = fit
        .coefficient("RTA")
        .map(|c| c.estimate)
        .ok_or(InputError::Missing {
            what: "the first stage's RTA coefficient (dropped as collinear?)",
            purpose: "for an RTA-panel baseline",
        })?;
    let pair_fe = fit
        .fixed_effects
        .iter()
        .find(|f| f.name == "pair_id")
        .ok_or(InputError::Missing {
            what: "the first stage's pair_id fixed effect",
            purpose: "for an RTA-panel baseline",
        })?;
    let effect: std::collections::HashMap<&str, f64> = pair_fe
        .levels
        .iter()
        .map(String::as_str)
        .zip(pair_fe.values.iter().copied())
        .collect();
    let cross = panel.filter(|r| r.time() == year);
    if cross.is_empty() {
        return Err(Error::Equilibrium(EquilibriumError::NoYear {
            year,
            years: super::first_stage::years_of(panel),
        }));
    }
    let pair_ids = cross.numeric("pair_id")?;
    let rta = cross.numeric("RTA")?;
    let (countries, cells) = super::model::cells(&cross)?;
    let n = countries.len();
    let mut flows = vec![0.0; n * n];
    let mut fixed = vec![f64::NEG_INFINITY; n * n];
    let mut rta_values = vec![0.0; n * n];
    for (r, &k) in cells.iter().enumerate() {
        flows[k] = cross.values()[r];
        rta_values[k] = rta[r];
        if let Some(g) = effect.get(format!("{}", pair_ids[r]).as_str()) {
            fixed[k] = *g;
        }
    }
    let term = CostTerm {
        name: "RTA".into(),
        coefficient: beta,
        values: rta_values,
    };
    let variance = fit
        .coefficients
        .iter()
        .position(|c| c.name == "RTA")
        .and_then(|k| fit.vcov.get(k).and_then(|row| row.get(k)))
        .copied()
        .ok_or(InputError::Missing {
            what: "the first stage's variance of the RTA coefficient",
            purpose: "for an RTA-panel baseline",
        })?;
    let baseline = Baseline::new(countries, &flows, fixed, vec![term], REFERENCE, sigma)?
        .with_covariance(vec![vec![variance]])?
        .with_provenance(Provenance {
            data: format!(
                "{} (Yotov, Piermartini, Monteiro & Larch 2016, CC BY 4.0)",
                panel.source()
            ),
            year: Some(year),
            costs: format!(
                "{} {} (RTA coefficient and pair effects)",
                fit.spec.estimator,
                fit.spec.formula()
            ),
        });
    Ok((baseline, fit))
}

/// A synthetic world of `countries` countries for checks and benchmarks: countries at uniform
/// random points of the unit square, `ln t^(1−σ) = −1·ln(distance) − 1.5·border + 0.5·RTA` with
/// agreements between random pairs (one in ten), intra-national distance a quarter of the
/// nearest neighbour's; flows `exp(a_i + b_j) · t^(1−σ)` with `a`, `b` ~ Normal(0, 1) and
/// log-normal noise. The counterfactual adds an agreement among the first ten countries (or all,
/// if fewer). Seeded and portable.
///
/// # Errors
/// [`InputError::OutOfRange`] outside 2 ..= [`super::MAX_COUNTRIES`] countries.
pub fn synthetic(countries: usize, seed: u64) -> Result<(Baseline, Counterfactual)> {
    use rand::{RngExt, SeedableRng};
    use rand_distr::{Distribution, StandardNormal};
    if !(2..=super::MAX_COUNTRIES).contains(&countries) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "countries",
            value: countries as f64,
            expected: "2 to 2000",
        }));
    }
    let n = countries;
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    let xy: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.random::<f64>(), rng.random::<f64>()))
        .collect();
    let dist = |i: usize, j: usize| {
        ((xy[i].0 - xy[j].0).powi(2) + (xy[i].1 - xy[j].1).powi(2))
            .sqrt()
            .max(1e-3)
    };
    let nearest: Vec<f64> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| dist(i, j))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let mut normal = |s: f64| -> f64 {
        let z: f64 = StandardNormal.sample(&mut rng);
        s * z
    };
    let a: Vec<f64> = (0..n).map(|_| normal(1.0)).collect();
    let b: Vec<f64> = (0..n).map(|_| normal(1.0)).collect();
    let mut ln_dist = vec![0.0; n * n];
    let mut border = vec![0.0; n * n];
    let mut rta = vec![0.0; n * n];
    let mut flows = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let k = i * n + j;
            let d = if i == j { nearest[i] / 4.0 } else { dist(i, j) };
            ln_dist[k] = d.ln();
            border[k] = if i == j { 0.0 } else { 1.0 };
        }
    }
    for i in 0..n {
        for j in (i + 1)..n {
            if rng.random::<f64>() < 0.1 {
                rta[i * n + j] = 1.0;
                rta[j * n + i] = 1.0;
            }
        }
    }
    for k in 0..n * n {
        let (i, j) = (k / n, k % n);
        let cost = -ln_dist[k] - 1.5 * border[k] + 0.5 * rta[k];
        let noise: f64 = StandardNormal.sample(&mut rng);
        flows[k] = (a[i] + b[j] + cost + 0.3 * noise).exp();
    }
    let names = Economy::list((0..n).map(|i| format!("C{i:04}")))?;
    let members: Vec<Economy> = names.iter().take(10).copied().collect();
    let terms = vec![
        CostTerm {
            name: "ln_DIST".into(),
            coefficient: -1.0,
            values: ln_dist,
        },
        CostTerm {
            name: "BRDR".into(),
            coefficient: -1.5,
            values: border,
        },
        CostTerm {
            name: "RTA".into(),
            coefficient: 0.5,
            values: rta,
        },
    ];
    let reference = names[n - 1];
    let baseline = Baseline::new(names, &flows, vec![0.0; n * n], terms, reference, SIGMA)?
        .with_provenance(Provenance {
            data: format!("synthetic world, {n} countries, seed {seed}"),
            year: None,
            costs: "ln t^(1-σ) = -ln_DIST - 1.5·BRDR + 0.5·RTA".into(),
        });
    let cf = Counterfactual::new("an agreement among the first ten countries").set_term(
        "RTA",
        Pairs::Among(members),
        1.0,
    );
    Ok((baseline, cf))
}
