//! The fixed-effect solvers: every method gives the same coefficients, OLS with three fixed
//! effects equals a dummy-variable least-squares fit solved here by Gauss–Jordan elimination,
//! the automatic rule picks the factor on a slowly mixing network, and a disconnected network
//! is counted and said.

use bilateral::gravity::synthetic::{Design, FIXEST_BETA, fixest_panel};
use bilateral::gravity::{Gravity, GravityFit, Options, Panel, Solver};

fn with_solver(solver: Solver) -> Options {
    Options {
        solver,
        ..Options::default()
    }
}

fn fit_fixest(panel: &Panel, solver: Solver) -> GravityFit {
    Gravity::ppml(panel)
        .formula("negbin_y ~ x1 + x2 | indiv_id + firm_id + year")
        .unwrap()
        .cluster(["indiv_id"])
        .options(with_solver(solver))
        .fit()
        .unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

#[test]
fn every_solver_gives_the_same_ppml_coefficients_on_both_designs() {
    for design in [Design::Simple, Design::Difficult] {
        let panel = fixest_panel(20_000, design, 7).unwrap();
        let reference = fit_fixest(&panel, Solver::Direct);
        assert_eq!(reference.solver.solver, Solver::Direct);
        assert!(reference.solver.residual <= 1e-10, "{:?}", reference.solver);
        for solver in [Solver::Auto, Solver::Alternating, Solver::ConjugateGradient] {
            let fit = fit_fixest(&panel, solver);
            for (a, b) in fit.coefficients.iter().zip(&reference.coefficients) {
                assert!(
                    rel(a.estimate, b.estimate) < 1e-8,
                    "{design} {solver}: {} {} vs {}",
                    a.name,
                    a.estimate,
                    b.estimate
                );
                assert!(rel(a.std_error, b.std_error) < 1e-6, "{design} {solver}");
            }
            assert_eq!(fit.observations, reference.observations);
        }
        // Sampling error at 20,000 rows is about 0.02 for x1 and 0.015 for x2.
        let x1 = reference.coefficient("x1").unwrap().estimate;
        let x2 = reference.coefficient("x2").unwrap().estimate;
        assert!((x1 - FIXEST_BETA[0]).abs() < 0.1, "{design}: x1 = {x1}");
        assert!((x2 - FIXEST_BETA[1]).abs() < 0.1, "{design}: x2 = {x2}");
    }
}

#[test]
fn the_automatic_rule_factors_a_network_that_mixes_slowly() {
    let panel = fixest_panel(100_000, Design::Difficult, 1).unwrap();
    let fit = fit_fixest(&panel, Solver::Auto);
    assert_eq!(fit.solver.solver, Solver::Direct, "{}", fit.solver);
    assert_eq!(fit.solver.components, 1);
    let text = fit.to_string();
    assert!(
        text.contains("fixed effects: sparse Cholesky on the normal equations"),
        "{text}"
    );
    let panel = fixest_panel(100_000, Design::Simple, 1).unwrap();
    let fit = fit_fixest(&panel, Solver::Auto);
    assert_eq!(
        fit.solver.solver,
        Solver::ConjugateGradient,
        "{}",
        fit.solver
    );
}

/// A small deterministic generator (xorshift), so the test needs nothing but itself.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Least squares by the normal equations, Gauss–Jordan with partial pivoting; a pivot below
/// 1e-9 of its column's scale marks a collinear column, left at 0.
fn least_squares(columns: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let k = columns.len();
    let mut a = vec![vec![0.0; k + 1]; k];
    for i in 0..k {
        for j in 0..k {
            a[i][j] = columns[i].iter().zip(&columns[j]).map(|(x, z)| x * z).sum();
        }
        a[i][k] = columns[i].iter().zip(y).map(|(x, z)| x * z).sum();
    }
    let scale: Vec<f64> = (0..k).map(|i| a[i][i].max(1e-300)).collect();
    let mut solved = vec![None; k];
    let mut used = vec![false; k];
    for col in 0..k {
        let pivot = (0..k)
            .filter(|r| !used[*r])
            .max_by(|x, z| a[*x][col].abs().partial_cmp(&a[*z][col].abs()).unwrap());
        let Some(p) = pivot else { continue };
        if a[p][col].abs() < 1e-9 * scale[col] {
            continue;
        }
        used[p] = true;
        solved[col] = Some(p);
        let pv = a[p][col];
        a[p].iter_mut().for_each(|v| *v /= pv);
        let pivot_row = a[p].clone();
        for (r, row) in a.iter_mut().enumerate() {
            let f = row[col];
            if r != p && f != 0.0 {
                row.iter_mut()
                    .zip(&pivot_row)
                    .for_each(|(v, q)| *v -= f * q);
            }
        }
    }
    (0..k).map(|c| solved[c].map_or(0.0, |p| a[p][k])).collect()
}

#[test]
fn ols_with_three_fixed_effects_equals_dummy_variable_least_squares() {
    let (na, nb, nt) = (30usize, 9usize, 5usize);
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
    let (mut ex, mut im, mut time, mut y, mut x) = (vec![], vec![], vec![], vec![], vec![]);
    let names: Vec<String> = (0..na + nb).map(|i| format!("c{i}")).collect();
    let (mut ia, mut ib, mut it) = (vec![], vec![], vec![]);
    for r in 0..400 {
        // A sparse, unbalanced network: each a-level meets a few b-levels.
        let a = r % na;
        let b = (a + (rng.next() * 3.0) as usize) % nb;
        let t = (rng.next() * nt as f64) as usize;
        let xv = rng.next() * 4.0 - 2.0;
        let yv = 20.0 + 0.7 * xv + a as f64 * 0.1 - b as f64 * 0.3 + t as f64 * 0.5 + rng.next();
        ex.push(names[a].as_str());
        im.push(names[na + b].as_str());
        time.push(2000 + t as i64);
        y.push(yv);
        x.push(xv);
        ia.push(a);
        ib.push(b);
        it.push(t);
    }
    let panel = Panel::new(&ex, &im, &time, &y, vec![("x".into(), x.clone())]).unwrap();
    // The dummy-variable regression: x, every a-level, b- and t-levels but their first.
    let mut columns = vec![x.clone()];
    for l in 0..na {
        columns.push(ia.iter().map(|v| f64::from(u8::from(*v == l))).collect());
    }
    for l in 1..nb {
        columns.push(ib.iter().map(|v| f64::from(u8::from(*v == l))).collect());
    }
    for l in 1..nt {
        columns.push(it.iter().map(|v| f64::from(u8::from(*v == l))).collect());
    }
    let beta = least_squares(&columns, &y)[0];
    for solver in [
        Solver::Auto,
        Solver::Alternating,
        Solver::Direct,
        Solver::ConjugateGradient,
    ] {
        let fit = Gravity::ols(&panel)
            .formula("trade ~ x | exporter + importer + year")
            .unwrap()
            .options(with_solver(solver))
            .fit()
            .unwrap();
        let got = fit.coefficient("x").unwrap().estimate;
        assert!(rel(got, beta) < 1e-9, "{solver}: {got} vs {beta}");
    }
}

#[test]
fn a_disconnected_network_is_counted_and_said() {
    // Exporters 0–3 sell only to importers 8–11, exporters 4–7 only to 12–15: two components.
    let names: Vec<String> = (0..16).map(|i| format!("k{i}")).collect();
    let (mut ex, mut im, mut time, mut y, mut x) = (vec![], vec![], vec![], vec![], vec![]);
    let mut rng = Xorshift(42);
    for block in 0..2 {
        for e in 0..4 {
            for i in 0..4 {
                for t in 0..3 {
                    let xv = rng.next();
                    ex.push(names[block * 4 + e].as_str());
                    im.push(names[8 + block * 4 + i].as_str());
                    time.push(2000 + t);
                    x.push(xv);
                    y.push((1.0 + 0.5 * xv + e as f64 * 0.2 + rng.next()).exp());
                }
            }
        }
    }
    let panel = Panel::new(&ex, &im, &time, &y, vec![("x".into(), x)]).unwrap();
    let mut estimates = vec![];
    for solver in [
        Solver::Alternating,
        Solver::Direct,
        Solver::ConjugateGradient,
    ] {
        let fit = Gravity::ppml(&panel)
            .formula("trade ~ x | exporter + importer")
            .unwrap()
            .options(with_solver(solver))
            .fit()
            .unwrap();
        assert_eq!(fit.solver.components, 2, "{solver}");
        assert!(
            fit.notes
                .iter()
                .any(|n| n.contains("2 connected components")),
            "{:?}",
            fit.notes
        );
        if solver == Solver::Direct {
            // One level pinned per component beyond the first effect's normalisation.
            assert!(fit.solver.pinned >= 2, "{}", fit.solver);
        }
        estimates.push(fit.coefficient("x").unwrap().estimate);
    }
    for e in &estimates {
        assert!(rel(*e, estimates[0]) < 1e-8, "{estimates:?}");
    }
}

#[test]
fn solver_names_parse_and_unknown_ones_are_refused() {
    assert_eq!("cg".parse::<Solver>().unwrap(), Solver::ConjugateGradient);
    assert_eq!("direct".parse::<Solver>().unwrap(), Solver::Direct);
    let e = "lsmr".parse::<Solver>().unwrap_err();
    assert!(e.to_string().contains("lsmr"), "{e}");
}

#[test]
fn default_standard_errors_are_clustered_by_the_first_fixed_effect() {
    use bilateral::gravity::Vcov;
    use bilateral::gravity::agtpa;
    let Some(path) = crate::common::agtpa("rta_panel_1986_2006.csv") else {
        return;
    };
    // pyfixest 0.60 asked for CRV1 by exp_year: tools/gravity/default_vcov.txt.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/gravity/default_vcov.txt"),
    )
    .unwrap();
    let reference: Vec<(String, f64, f64)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("coef,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_owned(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(reference.len(), 5);
    let panel = agtpa::rta_panel(&path).unwrap();
    let (_, spec, sample) = agtpa::rta_table()
        .unwrap()
        .into_iter()
        .find(|(n, _, _)| *n == "ppml")
        .unwrap();
    let mut spec = spec;
    spec.vcov = Vcov::Default;
    let fit = Gravity::with_spec(&sample.of(&panel), spec).fit().unwrap();
    assert_eq!(fit.spec.vcov.to_string(), "clustered (CRV1) by exp_year");
    assert!(
        fit.notes.iter().any(|n| n.contains("by default")),
        "{:?}",
        fit.notes
    );
    for (name, estimate, se) in &reference {
        let c = fit.coefficient(name).unwrap();
        assert!(rel(c.estimate, *estimate) < 1e-6, "{name}");
        assert!(
            rel(c.std_error, *se) < 1e-6,
            "{name}: {} vs {se}",
            c.std_error
        );
    }
    // Without fixed effects the default is HC1; iid only when asked.
    let small = Panel::new(
        &["a", "a", "b", "b", "c", "c"],
        &["b", "c", "a", "c", "a", "b"],
        &[2000; 6],
        &[1.0, 2.0, 3.0, 5.0, 4.0, 6.0],
        vec![("x".into(), vec![0.1, 0.5, 0.2, 0.9, 0.4, 0.7])],
    )
    .unwrap();
    let plain = Gravity::ppml(&small)
        .formula("trade ~ x")
        .unwrap()
        .fit()
        .unwrap();
    assert_eq!(plain.spec.vcov, Vcov::Hetero);
}
