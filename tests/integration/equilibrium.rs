//! General-equilibrium counterfactuals: identities, symmetry, a two-country world solved by a
//! separate solver written out here, the book's two applications (qualitative results), and
//! bad input. The applications read `../shared/data/agtpa/` (or `$BILATERAL_AGTPA`) with the
//! same skip-unless-required rule as the gravity replication.

use bilateral::error::{EquilibriumError, InputError, NoConvergence};
use std::path::PathBuf;

use bilateral::Error;
use bilateral::data::Economy;
use bilateral::equilibrium::{
    Baseline, CostTerm, Counterfactual, Direction, EquilibriumResult, Pairs, Tolerances, World,
    book,
};
use bilateral::gravity::{Panel, PanelColumns};

use crate::common::agtpa;

fn names(list: &[&str]) -> Vec<Economy> {
    Economy::list(list).unwrap()
}

fn code(text: &str) -> Economy {
    Economy::new(text).unwrap()
}

/// Three countries; a border cost on international pairs, no agreement yet (RTA = 0).
fn three(flows: [f64; 9]) -> Baseline {
    let intl: Vec<f64> = (0..9)
        .map(|k| if k / 3 != k % 3 { 1.0 } else { 0.0 })
        .collect();
    let terms = vec![
        CostTerm {
            name: "BRDR".into(),
            coefficient: -2.0,
            values: intl,
        },
        CostTerm {
            name: "RTA".into(),
            coefficient: 0.6,
            values: vec![0.0; 9],
        },
    ];
    Baseline::new(
        names(&["A", "B", "C"]),
        &flows,
        vec![0.0; 9],
        terms,
        code("C"),
        7.0,
    )
    .unwrap()
}

#[test]
fn an_unchanged_world_changes_nothing_and_markets_clear() {
    let (b, cf) = book::synthetic(40, 3).unwrap();
    let same = b.solve(&Counterfactual::new("nothing")).unwrap();
    for c in &same.countries {
        for v in [
            c.exports_cdl_pct,
            c.exports_full_pct,
            c.price_full_pct,
            c.omr_cdl_pct,
            c.omr_full_pct,
            c.imr_cdl_pct,
            c.imr_full_pct,
            c.real_gdp_full_pct,
        ] {
            assert!(v.abs() < 1e-9, "{}: {v}", c.country);
        }
    }
    // In the counterfactual, each country sells its output and spends its expenditure.
    let r = b.solve(&cf).unwrap();
    let n = b.countries().len();
    for i in 0..n {
        let sold: f64 = (0..n).map(|j| r.flows_full[i * n + j]).sum();
        let bought: f64 = (0..n).map(|j| r.flows_full[j * n + i]).sum();
        assert!(
            (sold / r.output_full[i] - 1.0).abs() < 1e-9,
            "market clearing for {i}"
        );
        assert!(
            (bought / r.expenditure_full[i] - 1.0).abs() < 1e-9,
            "budget for {i}"
        );
        // Expenditure keeps its baseline ratio to output, up to one factor common to all.
        let ratio = |k: usize| {
            r.expenditure_full[k] / r.output_full[k] / (b.expenditure()[k] / b.output()[k])
        };
        assert!((ratio(i) / ratio(0) - 1.0).abs() < 1e-12);
    }
    // The reference country's inward resistance stays 1.
    let reference = r.country(b.reference().code()).unwrap();
    assert!(reference.imr_cdl_pct.abs() < 1e-9 && reference.imr_full_pct.abs() < 1e-9);
    // Members of the new agreement trade more with each other.
    assert!(r.pair("C0000", "C0001").unwrap().trade_full_pct > 0.0);
}

#[test]
fn a_symmetric_world_gives_symmetric_answers() {
    let flows = [10.0, 1.0, 1.0, 1.0, 10.0, 1.0, 1.0, 1.0, 10.0];
    let b = three(flows);
    let r = b
        .solve(&Counterfactual::new("no borders").set_term("BRDR", Pairs::International, 0.0))
        .unwrap();
    let (a, bb, c) = (
        r.country("A").unwrap(),
        r.country("B").unwrap(),
        r.country("C").unwrap(),
    );
    for (x, y) in [(a, bb), (a, c)] {
        assert!((x.real_gdp_full_pct - y.real_gdp_full_pct).abs() < 1e-8);
        assert!((x.exports_full_pct - y.exports_full_pct).abs() < 1e-8);
    }
    assert!(a.real_gdp_full_pct > 0.0);
    // An agreement between A and B only: A and B mirror each other, C loses exports to them.
    let r = b
        .solve(&Counterfactual::new("A-B agreement").set_term(
            "RTA",
            Pairs::among(names(&["A", "B"])),
            1.0,
        ))
        .unwrap();
    let (a, bb, c) = (
        r.country("A").unwrap(),
        r.country("B").unwrap(),
        r.country("C").unwrap(),
    );
    assert!((a.real_gdp_full_pct - bb.real_gdp_full_pct).abs() < 1e-8);
    assert!(a.real_gdp_full_pct > 0.0 && c.real_gdp_full_pct < 0.0);
    assert!(
        r.pair("C", "A").unwrap().trade_full_pct < 0.0,
        "trade diversion away from C"
    );
}

/// The two-country model solved here, separately: resistances by damped iteration on P_1 with
/// P_2 = 1; prices (in the test below) by iterating p_i^σ = Ŷ·Π̂_i^(1−σ).
fn two_country(t: [f64; 4], y: [f64; 2], e: [f64; 2]) -> ([f64; 2], [f64; 2]) {
    // Returns (Π^(1-σ), P^(1-σ)) for given output and expenditure, P_2^(1-σ) = 1.
    let mr = |y: [f64; 2], e: [f64; 2]| -> ([f64; 2], [f64; 2]) {
        let w = y[0] + y[1];
        let mut p1 = 1.0;
        for _ in 0..100_000 {
            let pi = [
                (t[0] * e[0] / p1 + t[1] * e[1]) / w,
                (t[2] * e[0] / p1 + t[3] * e[1]) / w,
            ];
            let raw1 = (t[0] * y[0] / pi[0] + t[2] * y[1] / pi[1]) / w;
            let raw2 = (t[1] * y[0] / pi[0] + t[3] * y[1] / pi[1]) / w;
            let next = raw1 / raw2;
            if (next - p1).abs() < 1e-15 {
                p1 = next;
                break;
            }
            p1 = 0.5 * (p1 + next);
        }
        let pi = [
            (t[0] * e[0] / p1 + t[1] * e[1]) / (y[0] + y[1]),
            (t[2] * e[0] / p1 + t[3] * e[1]) / (y[0] + y[1]),
        ];
        (pi, [p1, 1.0])
    };
    mr(y, e)
}

#[test]
fn two_countries_agree_with_a_solver_written_out_here() {
    let sigma = 5.0;
    let flows = [8.0, 2.0, 1.0, 6.0];
    let names2 = names(&["H", "F"]);
    let border = CostTerm {
        name: "BRDR".into(),
        coefficient: -1.0,
        values: vec![0.0, 1.0, 1.0, 0.0],
    };
    // Costs: t^(1-σ) = e^(−1) abroad, 1 at home; output and expenditure from the flows.
    let b = Baseline::new(names2, &flows, vec![0.0; 4], vec![border], code("F"), sigma).unwrap();
    let y = [10.0, 7.0];
    let e = [9.0, 8.0];
    let t0 = [1.0, (-1.0f64).exp(), (-1.0f64).exp(), 1.0];
    let (pi0, p0) = two_country(t0, y, e);
    // Halving the border: t^(1-σ) = e^(−0.5) abroad.
    let t1 = [1.0, (-0.5f64).exp(), (-0.5f64).exp(), 1.0];
    let (pi_c, p_c) = two_country(t1, y, e);
    let r = b
        .solve(&Counterfactual::new("half border").set_term("BRDR", Pairs::International, 0.5))
        .unwrap();
    let inv = 1.0 / (1.0 - sigma);
    let h = r.country("H").unwrap();
    assert!(
        (h.omr_cdl_pct - 100.0 * ((pi_c[0] / pi0[0]).powf(inv) - 1.0)).abs() < 1e-8,
        "{}",
        h.omr_cdl_pct
    );
    assert!(
        (h.imr_cdl_pct - 100.0 * ((p_c[0] / p0[0]).powf(inv) - 1.0)).abs() < 1e-8,
        "{}",
        h.imr_cdl_pct
    );
    // Full equilibrium: prices p with Y = p·y and E = p·e scaled to world output (the documented
    // rule: expenditure shares of output held, world expenditure = world output);
    // p_i^σ = Ŷ·Π̂_i^(1−σ).
    let at = |p: [f64; 2]| {
        let yy = [p[0] * y[0], p[1] * y[1]];
        let k = (yy[0] + yy[1]) / (p[0] * e[0] + p[1] * e[1]);
        (yy, [p[0] * e[0] * k, p[1] * e[1] * k])
    };
    let mut p = [1.0f64, 1.0];
    for _ in 0..10_000 {
        let (yy, ee) = at(p);
        let (pi, _) = two_country(t1, yy, ee);
        let yhat = (yy[0] + yy[1]) / (y[0] + y[1]);
        let next = [
            (yhat * pi[0] / pi0[0]).powf(1.0 / sigma),
            (yhat * pi[1] / pi0[1]).powf(1.0 / sigma),
        ];
        let done = (next[0] - p[0]).abs() < 1e-14 && (next[1] - p[1]).abs() < 1e-14;
        p = next;
        if done {
            break;
        }
    }
    let f = r.country("F").unwrap();
    assert!(
        (h.price_full_pct - 100.0 * (p[0] - 1.0)).abs() < 1e-7,
        "{} vs {}",
        h.price_full_pct,
        p[0]
    );
    assert!(
        (f.price_full_pct - 100.0 * (p[1] - 1.0)).abs() < 1e-7,
        "{} vs {}",
        f.price_full_pct,
        p[1]
    );
    let (yy, ee) = at(p);
    let (_, pf) = two_country(t1, yy, ee);
    let imr_h = (pf[0] / p0[0]).powf(inv);
    assert!((h.real_gdp_full_pct - 100.0 * (p[0] / imr_h - 1.0)).abs() < 1e-7);
}

#[test]
fn a_world_without_borders_raises_every_real_gdp() {
    let Some(path) = agtpa("cross_section_2006.csv") else {
        return;
    };
    let (b, cf, fit) = book::borders(&path, book::SIGMA).unwrap();
    assert_eq!(b.countries().len(), 69);
    // The file's `ZZZ` comes out as Germany's ISO code.
    assert_eq!(b.reference(), code("DEU"));
    assert!(!b.countries().iter().any(|c| c.is("ZZZ")));
    // The model's baseline flows are the first stage's fitted flows (same margins, same form).
    let n = 69;
    let flows = b.flows();
    let panel = book::iso_codes(Panel::from_csv(&path, &PanelColumns::default()).unwrap()).unwrap();
    for (k, &row) in fit.rows.iter().enumerate() {
        let i = b
            .index(code(&panel.countries()[panel.exporters()[row] as usize]))
            .unwrap();
        let j = b
            .index(code(&panel.countries()[panel.importers()[row] as usize]))
            .unwrap();
        let (model, fitted) = (flows[i * n + j], fit.fitted[k]);
        assert!(
            (model / fitted - 1.0).abs() < 1e-6,
            "{i}->{j}: {model} vs {fitted}"
        );
    }
    let r = b.solve(&cf).unwrap();
    for c in &r.countries {
        assert!(c.real_gdp_full_pct > 0.0, "{}", c.country);
        assert!(
            c.exports_cdl_pct > 0.0 && c.exports_full_pct > 0.0,
            "{}",
            c.country
        );
    }
    let csv = String::from_utf8(bilateral::io::to_csv(&r).unwrap()).unwrap();
    assert!(csv.starts_with(
        "from,to,country,exports_cdl_pct,exports_full_pct,price_full_pct,omr_cdl_pct,omr_full_pct,imr_cdl_pct,imr_full_pct,real_gdp_full_pct\n"
    ));
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("baseline,counterfactual,")
    );
    assert_eq!(csv.lines().count(), 70);
}

#[test]
fn removing_nafta_hurts_its_members_and_barely_moves_the_rest() {
    let Some(path) = agtpa("rta_panel_1986_2006.csv") else {
        return;
    };
    let (b, cf, _) = book::nafta(&path, book::SIGMA).unwrap();
    assert_eq!(b.reference(), code("DEU"));
    // The book reports NAFTA's effect; asked the other way, the result is what removing does.
    assert_eq!(cf.direction, Direction::ToBaseline);
    let r = b
        .solve(&cf.clone().reported(Direction::ToCounterfactual))
        .unwrap();
    assert_eq!((r.from, r.to), (World::Baseline, World::Counterfactual));
    for (x, y) in [("CAN", "MEX"), ("CAN", "USA"), ("MEX", "USA")] {
        assert!(r.pair(x, y).unwrap().trade_full_pct < 0.0, "{x}->{y}");
        assert!(r.pair(y, x).unwrap().trade_full_pct < 0.0, "{y}->{x}");
    }
    for m in book::NAFTA {
        assert!(r.country(m.code()).unwrap().real_gdp_full_pct < 0.0, "{m}");
    }
    for c in r
        .countries
        .iter()
        .filter(|c| !book::NAFTA.iter().any(|m| c.country.is(m.code())))
    {
        assert!(
            c.real_gdp_full_pct.abs() < 0.1,
            "{}: {}",
            c.country,
            c.real_gdp_full_pct
        );
    }
}

#[test]
fn bad_input_gets_typed_errors() {
    let flows = [10.0, 1.0, 1.0, 1.0, 10.0, 1.0, 1.0, 1.0, 10.0];
    let n3 = names(&["A", "B", "C"]);
    // No intra-national flow for B.
    let mut no_home = flows;
    no_home[4] = 0.0;
    let e = Baseline::new(n3.clone(), &no_home, vec![0.0; 9], vec![], code("C"), 7.0).unwrap_err();
    assert!(
        e.to_string().contains("B has no intra-national flow"),
        "{e}"
    );
    // σ ≤ 1.
    let e = Baseline::new(n3.clone(), &flows, vec![0.0; 9], vec![], code("C"), 1.0).unwrap_err();
    assert!(
        matches!(e, Error::Input(InputError::OutOfRange { .. })),
        "{e}"
    );
    // Unknown reference, unknown country in a counterfactual, unknown term.
    let e = Baseline::new(n3.clone(), &flows, vec![0.0; 9], vec![], code("Z"), 7.0).unwrap_err();
    assert!(
        matches!(e, Error::Input(InputError::NotInModel { .. })),
        "{e}"
    );
    let b = three(flows);
    let e = b
        .solve(&Counterfactual::new("x").set_term("RTA", Pairs::among(names(&["A", "KAZ"])), 1.0))
        .unwrap_err();
    assert!(e.to_string().contains("\"KAZ\""), "{e}");
    let e = b
        .solve(&Counterfactual::new("x").set_term("TARIFF", Pairs::All, 1.0))
        .unwrap_err();
    assert!(
        e.to_string().contains("TARIFF") && e.to_string().contains("BRDR"),
        "{e}"
    );
    let e = b
        .solve(&Counterfactual::new("x").scale_cost(Pairs::All, 0.0))
        .unwrap_err();
    assert!(
        matches!(e, Error::Input(InputError::OutOfRange { .. })),
        "{e}"
    );
    // Non-convergence is an error with the iterations.
    let tight = Tolerances {
        max_outer: 1,
        ..Tolerances::default()
    };
    let e = three(flows)
        .with_tolerances(tight)
        .solve(&Counterfactual::new("no borders").set_term("BRDR", Pairs::International, 0.0))
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Equilibrium(EquilibriumError::NoConvergence(NoConvergence {
                iterations: 1,
                ..
            }))
        ),
        "{e}"
    );
    // A cross-section without intra-national flows.
    let Some(path) = agtpa("cross_section_2006.csv") else {
        return;
    };
    let panel = Panel::from_csv(&path, &PanelColumns::default())
        .unwrap()
        .filter(|r| !r.is_domestic());
    let e = book::borders_on(&panel, 7.0).unwrap_err();
    assert!(e.to_string().contains("intra-national"), "{e}");
}

#[test]
fn conditional_resistances_match_gegravity() {
    // gegravity 0.3's OneSectorGE (tools/equilibrium/gegravity_borders.py, its output beside it)
    // holds the baseline's output and expenditure shares in its resistance equations, so the
    // resistances it reports are the conditional ones; its first stage is pyfixest's.
    let Some(path) = agtpa("cross_section_2006.csv") else {
        return;
    };
    let (b, cf, _) = book::borders(&path, book::SIGMA).unwrap();
    let r = b.solve(&cf).unwrap();
    let peer =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/equilibrium/gegravity_borders.csv");
    let text = std::fs::read_to_string(peer).unwrap();
    let mut rows = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        // gegravity ran on the file as it is, with Germany as `ZZZ`.
        let code = if f[0] == "ZZZ" { "DEU" } else { f[0] };
        let c = r.country(code).unwrap();
        let (omr, imr): (f64, f64) = (f[2].parse().unwrap(), f[3].parse().unwrap());
        assert!(
            (c.omr_cdl_pct - omr).abs() < 1e-6,
            "{}: {} vs {omr}",
            f[0],
            c.omr_cdl_pct
        );
        assert!(
            (c.imr_cdl_pct - imr).abs() < 1e-6,
            "{}: {} vs {imr}",
            f[0],
            c.imr_cdl_pct
        );
        rows += 1;
    }
    assert_eq!(rows, 69);
}

#[test]
fn a_corridors_equilibrium_change_drives_a_scenario_layer() {
    use bilateral::Scenario;
    use bilateral::scenario::{Baseline as Path, EquilibriumEffect, Layer, PhaseIn};
    let (b, cf) = book::synthetic(30, 9).unwrap();
    let r = b.solve(&cf).unwrap();
    let (ab, ba) = (
        r.pair("C0000", "C0001").unwrap(),
        r.pair("C0001", "C0000").unwrap(),
    );
    let expected = (ab.baseline * (1.0 + ab.trade_full_pct / 100.0)
        + ba.baseline * (1.0 + ba.trade_full_pct / 100.0))
        / (ab.baseline + ba.baseline)
        - 1.0;
    let layer = EquilibriumEffect::from_result(
        "agreement",
        &r,
        code("C0000"),
        code("C0001"),
        2025,
        PhaseIn::Immediate,
    )
    .unwrap();
    assert!((layer.change - expected).abs() < 1e-12 && layer.change > 0.0);
    assert_eq!(layer.provenance.sigma, 7.0);
    assert!(
        layer
            .provenance
            .counterfactual
            .starts_with("an agreement among the first ten")
    );
    assert!(
        EquilibriumEffect::from_result(
            "x",
            &r,
            code("C0000"),
            code("KAZ"),
            2025,
            PhaseIn::Immediate
        )
        .is_err()
    );
    let s = Scenario {
        name: "ge".into(),
        description: String::new(),
        base_year: 2024,
        horizon: 2,
        target: None,
        baseline: Path::Compound {
            base: 100.0,
            rate: 0.0,
        },
        layers: vec![Layer::EquilibriumEffect(layer)],
    };
    let run = s.run().unwrap();
    assert!((run.total[1] - 100.0 * (1.0 + expected)).abs() < 1e-9);
    // The layer reads back from TOML.
    let back = Scenario::from_toml(&s.to_toml().unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn a_country_without_international_exports_in_the_model_is_an_error_not_nan() {
    // C exports nothing and its costs to every other country are infinite (t^(1-σ) = 0): its
    // export change is 0/0.
    let flows = [10.0, 1.0, 1.0, 1.0, 10.0, 1.0, 0.0, 0.0, 10.0];
    let mut fixed = vec![0.0; 9];
    fixed[6] = f64::NEG_INFINITY;
    fixed[7] = f64::NEG_INFINITY;
    let rta = CostTerm {
        name: "RTA".into(),
        coefficient: 0.5,
        values: vec![0.0; 9],
    };
    let b = Baseline::new(
        names(&["A", "B", "C"]),
        &flows,
        fixed,
        vec![rta],
        code("A"),
        7.0,
    )
    .unwrap();
    let e = b
        .solve(&Counterfactual::new("A-B").set_term("RTA", Pairs::among(names(&["A", "B"])), 1.0))
        .unwrap_err();
    assert!(e.to_string().contains("for C is not finite"), "{e}");
}

/// The book's published per-country results (`../shared/data/agtpa/published/`, Yotov,
/// Piermartini, Monteiro & Larch 2016, chapter 2): one row per country, columns by name.
fn published(file: &str) -> Option<Vec<std::collections::HashMap<String, String>>> {
    let path = agtpa(&format!("published/{file}"))?;
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().clone();
    Some(
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                header
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_owned(), v.to_owned()))
                    .collect()
            })
            .collect(),
    )
}

fn number(row: &std::collections::HashMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap()
}

/// Compares a result with the book's two files for it, both in the book's direction and codes:
/// - the conditional columns (exports, OMR, IMR) within 0.01 percentage points: the book's
///   conditional equilibrium is solved exactly, like ours;
/// - real GDP within 1 point, the book's as its output change (change_pricei_FULL, CF/BLN)
///   over its inward resistance change, turned to the result's direction;
/// - full-endowment exports with a median gap under 0.5 points: the book's full loop stops at a
///   change below 0.01, so its full columns approximate the equilibrium ours solves exactly.
pub(crate) fn check_against_the_book(r: &EquilibriumResult, prod: &str, cons: &str) {
    let (Some(prod), Some(cons)) = (published(prod), published(cons)) else {
        return;
    };
    assert_eq!(prod.len(), r.countries.len());
    let mut export_gaps = Vec::new();
    for (p, c) in prod.iter().zip(&cons) {
        let code = &p["country"];
        assert_eq!(&c["country"], code);
        let ours = r
            .country(code)
            .unwrap_or_else(|| panic!("{code} is not in the result (ISO codes expected)"));
        for (book, mine, what) in [
            (
                number(p, "change_Xi_CDL"),
                ours.exports_cdl_pct,
                "exports cdl",
            ),
            (number(p, "change_OMR_CDL"), ours.omr_cdl_pct, "OMR cdl"),
            (number(c, "change_IMR_CDL"), ours.imr_cdl_pct, "IMR cdl"),
        ] {
            assert!(
                (book - mine).abs() < 0.01,
                "{code} {what}: book {book}, ours {mine}"
            );
        }
        // Real GDP: output p_i Q_i over P_i; the file gives p_CF/p_BLN and the IMR change.
        let price = number(p, "change_pricei_FULL");
        let imr = 1.0 + number(c, "change_IMR_FULL") / 100.0;
        let real_gdp = match r.direction {
            // IMR change as CF/BLN: real GDP CF/BLN = price / imr.
            Direction::ToCounterfactual => 100.0 * (price / imr - 1.0),
            // IMR change as BLN/CF: real GDP BLN/CF = (1 / price) / imr.
            Direction::ToBaseline => 100.0 * (1.0 / (price * imr) - 1.0),
        };
        assert!(
            (real_gdp - ours.real_gdp_full_pct).abs() < 1.0,
            "{code} real GDP: book {real_gdp}, ours {}",
            ours.real_gdp_full_pct
        );
        export_gaps.push((number(p, "change_Xi_FULL") - ours.exports_full_pct).abs());
    }
    export_gaps.sort_by(f64::total_cmp);
    let median = export_gaps[export_gaps.len() / 2];
    assert!(median < 0.5, "median gap of full exports {median}");
}

#[test]
fn a_world_without_borders_matches_the_books_published_results() {
    let Some(path) = agtpa("cross_section_2006.csv") else {
        return;
    };
    let (b, cf, fit) = book::borders(&path, book::SIGMA).unwrap();
    // The first stage the book prints: ln_DIST -0.7912879, CNTG 0.6736456, INTL_BRDR -2.47445.
    for (name, book) in [
        ("ln_DIST", -0.791_287_9),
        ("CNTG", 0.673_645_6),
        ("INTL_BRDR", -2.474_45),
    ] {
        let c = fit.coefficient(name).unwrap().estimate;
        assert!((c - book).abs() < 5e-6, "{name}: {c} vs {book}");
    }
    let r = b.solve(&cf).unwrap();
    assert_eq!(r.direction, Direction::ToCounterfactual);
    check_against_the_book(
        &r,
        "1_TradeWithoutBorder_FULL_PROD.csv",
        "1_TradeWithoutBorder_FULL_CONS.csv",
    );
}

#[test]
fn the_effects_of_nafta_match_the_books_published_results() {
    let Some(path) = agtpa("rta_panel_1986_2006.csv") else {
        return;
    };
    let (b, cf, _) = book::nafta(&path, book::SIGMA).unwrap();
    let r = b.solve(&cf).unwrap();
    assert_eq!((r.from, r.to), (World::Counterfactual, World::Baseline));
    assert!(
        r.to_string()
            .contains("% change from the counterfactual to the baseline")
    );
    check_against_the_book(
        &r,
        "2_RTAsEffects_FULL_PROD.csv",
        "2_RTAsEffects_FULL_CONS.csv",
    );
    // NAFTA raised its members' real GDP.
    for m in book::NAFTA {
        assert!(r.country(m.code()).unwrap().real_gdp_full_pct > 0.0, "{m}");
    }
}
