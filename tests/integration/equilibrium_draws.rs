//! General equilibrium with its uncertainty: draws checked against a delta-method approximation
//! written out here, seeding and thread counts, the imbalance rules, a first stage on any panel
//! (checked against the book's published results), warnings, the scenario route and bad input.

use bilateral::Error;
use bilateral::data::Economy;
use bilateral::equilibrium::{
    Baseline, CostTerm, Counterfactual, Draws, FirstStage, Imbalances, Pairs, Tolerances,
    ZeroPairs, book,
};
use bilateral::error::{EquilibriumError, InputError};
use bilateral::gravity::{Panel, PanelColumns};
use bilateral::scenario::{Layer, MonteCarlo, Shocks};

use crate::common::agtpa;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Four countries of unequal size with unbalanced trade; a border term and a distance-like term,
/// coefficients (−1.5, −0.8) with covariance `cov`.
fn four(cov: Vec<Vec<f64>>) -> Baseline {
    four_plain().with_covariance(cov).unwrap()
}

/// [`four`] without a covariance.
fn four_plain() -> Baseline {
    let names = Economy::list(["A", "B", "C", "D"]).unwrap();
    let flows = [
        20.0, 2.0, 1.0, 0.5, //
        3.0, 15.0, 1.5, 0.7, //
        1.2, 2.2, 12.0, 0.9, //
        0.4, 0.6, 1.1, 8.0,
    ];
    let border: Vec<f64> = (0..16)
        .map(|k| if k / 4 == k % 4 { 0.0 } else { 1.0 })
        .collect();
    let distance: Vec<f64> = (0..16)
        .map(|k| {
            let (i, j) = (k / 4, k % 4);
            if i == j {
                0.0
            } else {
                (1.0 + (i as f64 - j as f64).abs()).ln()
            }
        })
        .collect();
    let terms = vec![
        CostTerm {
            name: "BRDR".into(),
            coefficient: -1.5,
            values: border,
        },
        CostTerm {
            name: "DIST".into(),
            coefficient: -0.8,
            values: distance,
        },
    ];
    Baseline::new(
        names,
        &flows,
        vec![0.0; 16],
        terms,
        Economy::new("D").unwrap(),
        5.0,
    )
    .unwrap()
}

/// The synthetic Central Asian fixture and its first stage for 2023 (reference RUS).
fn central_asia() -> (Panel, FirstStage) {
    let panel = Panel::from_csv(fixture("ge_central_asia.csv"), &PanelColumns::default()).unwrap();
    let stage = FirstStage::new(
        "trade ~ log(DIST) + CNTG + RTA | exporter + importer",
        "RUS",
    )
    .unwrap()
    .year(2023);
    (panel, stage)
}

fn lower_border() -> Counterfactual {
    Counterfactual::new("borders lower").set_term("BRDR", Pairs::International, 0.5)
}

/// The delta method: for a result g(β), sd(g) ≈ sqrt(∇g' V ∇g), with ∇g by central differences of
/// point solves at β ± h e_k. With small standard errors g is near linear, so the draws' 90%
/// interval should span 2 · 1.6449 · sd(g).
#[test]
fn the_draws_spread_matches_the_delta_method() {
    // Variances 0.0004 and 0.0009, correlation 0.5: the off-diagonal term matters.
    let cov = vec![vec![0.0004, 0.0003], vec![0.0003, 0.0009]];
    let b = four(cov.clone());
    let cf = lower_border();
    let r = b
        .solve_with_draws(&cf, &Draws::new(4000, 7).unwrap())
        .unwrap();
    assert_eq!((r.draws, r.solved, r.failed), (4000, 4000, 0));
    let h = 1e-4;
    let beta = [-1.5, -0.8];
    let at = |k: usize, step: f64, country: &str| -> f64 {
        let mut c = beta;
        c[k] += step;
        let res = b.with_coefficients(&c).unwrap().solve(&cf).unwrap();
        res.country(country).unwrap().real_gdp_full_pct
    };
    for country in ["A", "B", "C", "D"] {
        let grad: Vec<f64> = (0..2)
            .map(|k| (at(k, h, country) - at(k, -h, country)) / (2.0 * h))
            .collect();
        let var: f64 = (0..2)
            .flat_map(|i| (0..2).map(move |j| (i, j)))
            .map(|(i, j)| grad[i] * cov[i][j] * grad[j])
            .sum();
        let expected = 2.0 * 1.644_853_6 * var.sqrt();
        let got = r.country(country, "real_gdp_full_pct").unwrap();
        let width = got.high - got.low;
        assert!(
            (width / expected - 1.0).abs() < 0.05,
            "{country}: interval width {width}, delta method {expected}"
        );
        // Antithetic pairs around a near-linear map: the median sits on the point result.
        assert!(
            (got.median - got.point).abs() < 0.02 * width,
            "{country}: median {} point {}",
            got.median,
            got.point
        );
    }
    // The drawn coefficients' intervals are the normal ones: β ± 1.6449 se.
    for (k, se) in [(0, 0.02), (1, 0.03)] {
        let c = &r.coefficients[k];
        assert!((c.std_error - se).abs() < 1e-12);
        assert!(((c.high - c.low) / (2.0 * 1.644_853_6 * se) - 1.0).abs() < 0.05);
    }
}

#[test]
fn draws_are_seeded_and_the_same_on_any_thread_count() {
    let b = four(vec![vec![0.01, 0.0], vec![0.0, 0.02]]);
    let cf = lower_border();
    let d = Draws::new(101, 3).unwrap().level(0.8).unwrap();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| b.solve_with_draws(&cf, &d).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
    assert_ne!(
        one,
        b.solve_with_draws(&cf, &Draws::new(101, 4).unwrap().level(0.8).unwrap())
            .unwrap(),
        "another seed gives other draws"
    );
    // Every country and column, every pair with baseline trade and both pair columns.
    assert_eq!(one.countries.len(), 4 * 8);
    assert_eq!(one.pairs.len(), 16 * 2);
    for c in &one.countries {
        assert!(c.low <= c.median && c.median <= c.high, "{c:?}");
    }
}

#[test]
fn failed_draws_are_counted_and_reported_not_averaged_in() {
    // Too few iterations for any draw's full equilibrium: all fail, and the error says so.
    let b = four(vec![vec![0.01, 0.0], vec![0.0, 0.02]]);
    let point = b.solve(&lower_border()).unwrap();
    let tight = b.clone().with_tolerances(Tolerances {
        max_outer: 2,
        ..Tolerances::default()
    });
    let e = tight
        .solve_with_draws(&lower_border(), &Draws::new(10, 1).unwrap())
        .unwrap_err();
    assert!(
        matches!(e, Error::Equilibrium(EquilibriumError::NoConvergence(_))),
        "the point result fails first: {e}"
    );
    // Draws that fail while the point solves: a variance so large that some draws overflow
    // a trade cost; those are counted by their error and left out of the intervals.
    let wild = four(vec![vec![40_000.0, 0.0], vec![0.0, 0.0]]);
    let r = wild
        .solve_with_draws(&lower_border(), &Draws::new(50, 1).unwrap())
        .unwrap();
    assert_eq!(r.solved + r.failed, 50);
    assert!(r.failed > 0, "some draws of ±200 on a log cost must fail");
    assert_eq!(r.failures.iter().map(|f| f.draws).sum::<usize>(), r.failed);
    assert!(r.to_string().contains("failed:"), "{r}");
    assert!(
        point
            .countries
            .iter()
            .all(|c| c.real_gdp_full_pct.is_finite())
    );
}

#[test]
fn a_covariance_that_cannot_be_drawn_from_is_a_typed_error() {
    let cf = lower_border();
    let d = Draws::new(10, 1).unwrap();
    // Correlation 2: not positive semi-definite.
    let b = four(vec![vec![1.0, 2.0], vec![2.0, 1.0]]);
    let e = b.solve_with_draws(&cf, &d).unwrap_err();
    assert!(
        matches!(e, Error::Equilibrium(EquilibriumError::Covariance { .. })),
        "{e}"
    );
    assert!(e.to_string().contains("DIST"), "names the term: {e}");
    // A negative variance, NaN, asymmetry and the wrong size.
    let e = four(vec![vec![-1.0, 0.0], vec![0.0, 1.0]])
        .solve_with_draws(&cf, &d)
        .unwrap_err();
    assert!(e.to_string().contains("variance of BRDR"), "{e}");
    let names = Economy::list(["A", "B"]).unwrap();
    let t = CostTerm {
        name: "BRDR".into(),
        coefficient: -1.0,
        values: vec![0.0, 1.0, 1.0, 0.0],
    };
    let plain = Baseline::new(
        names,
        &[5.0, 1.0, 1.0, 5.0],
        vec![0.0; 4],
        vec![t],
        Economy::new("B").unwrap(),
        5.0,
    )
    .unwrap();
    assert!(plain.clone().with_covariance(vec![vec![f64::NAN]]).is_err());
    assert!(plain.clone().with_covariance(vec![vec![1.0, 0.0]]).is_err());
    let asymmetric = four_plain().with_covariance(vec![vec![1.0, 0.5], vec![0.4, 1.0]]);
    assert!(
        matches!(
            asymmetric,
            Err(Error::Equilibrium(EquilibriumError::Covariance { .. }))
        ),
        "{asymmetric:?}"
    );
    // No covariance at all.
    let e = plain
        .solve_with_draws(
            &Counterfactual::new("x").set_term("BRDR", Pairs::International, 0.0),
            &d,
        )
        .unwrap_err();
    assert!(
        matches!(e, Error::Equilibrium(EquilibriumError::NoCovariance)),
        "{e}"
    );
    // A singular but positive semi-definite covariance (one term known exactly) draws fine.
    let r = four(vec![vec![0.01, 0.0], vec![0.0, 0.0]])
        .solve_with_draws(&cf, &d)
        .unwrap();
    assert!(r.coefficients[1].low == -0.8 && r.coefficients[1].high == -0.8);
}

#[test]
fn draws_and_levels_out_of_range_are_refused() {
    for n in [0, bilateral::equilibrium::MAX_DRAWS + 1] {
        let e = Draws::new(n, 1).unwrap_err();
        assert!(
            matches!(e, Error::Input(InputError::OutOfRange { .. })),
            "{e}"
        );
    }
    for level in [0.0, 1.0, -0.5, f64::NAN, 90.0] {
        assert!(Draws::new(10, 1).unwrap().level(level).is_err(), "{level}");
    }
    // Fields set by hand are checked too.
    let d = Draws {
        draws: 0,
        seed: 1,
        level: 0.9,
    };
    assert!(
        four(vec![vec![0.01, 0.0], vec![0.0, 0.01]])
            .solve_with_draws(&lower_border(), &d)
            .is_err()
    );
}

/// Balanced trade first (Dekle, Eaton & Kortum): the balanced baseline has expenditure equal to
/// output everywhere and the same world output; on data that are balanced already, both rules
/// give the same answer.
#[test]
fn the_balanced_rule_removes_imbalances_first_and_says_so() {
    let b = four(vec![vec![0.01, 0.0], vec![0.0, 0.01]]);
    let balanced = b.balanced().unwrap();
    for (y, e) in balanced.output().iter().zip(balanced.expenditure()) {
        assert!((y / e - 1.0).abs() < 1e-9, "output {y}, expenditure {e}");
    }
    // Its flows clear both markets: each row sums to output, each column to expenditure.
    let x = balanced.flows();
    for i in 0..4 {
        let row: f64 = (0..4).map(|j| x[i * 4 + j]).sum();
        let col: f64 = (0..4).map(|j| x[j * 4 + i]).sum();
        assert!((row / balanced.output()[i] - 1.0).abs() < 1e-8, "row {i}");
        assert!(
            (col / balanced.expenditure()[i] - 1.0).abs() < 1e-8,
            "column {i}"
        );
    }
    // The observed data are not balanced, so the rule moves something.
    assert!(
        b.output()
            .iter()
            .zip(b.expenditure())
            .any(|(y, e)| (y / e - 1.0).abs() > 0.01)
    );
    let fixed = b.solve(&lower_border()).unwrap();
    let dek = b
        .clone()
        .with_imbalances(Imbalances::Balanced)
        .solve(&lower_border())
        .unwrap();
    assert_eq!(fixed.imbalances, Imbalances::FixedShares);
    assert_eq!(dek.imbalances, Imbalances::Balanced);
    assert!(dek.to_string().contains("Dekle, Eaton & Kortum"), "{dek}");
    assert_ne!(
        fixed.country("A").unwrap().real_gdp_full_pct,
        dek.country("A").unwrap().real_gdp_full_pct
    );
    // Symmetric flows: every country's exports equal its imports, trade is balanced already.
    let names = Economy::list(["A", "B", "C"]).unwrap();
    let flows = [10.0, 2.0, 1.0, 2.0, 12.0, 3.0, 1.0, 3.0, 9.0];
    let border: Vec<f64> = (0..9)
        .map(|k| if k / 3 == k % 3 { 0.0 } else { 1.0 })
        .collect();
    let sym = Baseline::new(
        names,
        &flows,
        vec![0.0; 9],
        vec![CostTerm {
            name: "BRDR".into(),
            coefficient: -1.0,
            values: border,
        }],
        Economy::new("C").unwrap(),
        6.0,
    )
    .unwrap();
    let cf = Counterfactual::new("x").set_term("BRDR", Pairs::International, 0.0);
    let a = sym.solve(&cf).unwrap();
    let d = sym
        .with_imbalances(Imbalances::Balanced)
        .solve(&cf)
        .unwrap();
    for (x, y) in a.countries.iter().zip(&d.countries) {
        assert!((x.real_gdp_full_pct - y.real_gdp_full_pct).abs() < 1e-7);
        assert!((x.exports_full_pct - y.exports_full_pct).abs() < 1e-7);
    }
}

#[test]
fn changes_that_change_nothing_are_warned_and_one_country_is_an_error() {
    let names = Economy::list(["A", "B", "C"]).unwrap();
    let rta = CostTerm {
        name: "RTA".into(),
        coefficient: 0.5,
        values: vec![0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    };
    let b = Baseline::new(
        names,
        &[10.0, 1.0, 1.0, 1.0, 10.0, 1.0, 1.0, 1.0, 10.0],
        vec![0.0; 9],
        vec![rta],
        Economy::new("C").unwrap(),
        7.0,
    )
    .unwrap();
    // Adding an agreement A and B already have: nothing changes, and the warning says so.
    let cf = Counterfactual::new("").set_term("RTA", "among A, B".parse().unwrap(), 1.0);
    let r = b.solve(&cf).unwrap();
    assert_eq!(
        r.warnings,
        vec!["RTA is already 1 on 2 of the 2 pairs among A, B (A->B, B->A); 0 pairs change"]
    );
    assert!(r.countries.iter().all(|c| c.real_gdp_full_pct.abs() < 1e-9));
    assert!(r.to_string().contains("warning: RTA is already 1"));
    // Removing one where there is none.
    let cf = Counterfactual::new("").set_term("RTA", "among B, C".parse().unwrap(), 0.0);
    assert_eq!(b.solve(&cf).unwrap().warnings.len(), 1);
    // The header is in words.
    assert_eq!(cf.describe(), "RTA = 0 among B, C");
    // One country selects no pair.
    let e = b
        .solve(&Counterfactual::new("").set_term("RTA", "among A".parse().unwrap(), 1.0))
        .unwrap_err();
    assert!(
        matches!(e, Error::Equilibrium(EquilibriumError::NoPairs { .. })),
        "{e}"
    );
    // Changes read from words, spaces after commas or not.
    for text in [
        "RTA = 1 among A,B",
        "RTA=1 among A, B",
        "  RTA = 1   among  A ,  B ",
    ] {
        let c: bilateral::equilibrium::Change = text.parse().unwrap();
        assert_eq!(
            c,
            bilateral::equilibrium::Change::SetTerm {
                term: "RTA".into(),
                pairs: Pairs::Among(Economy::list(["A", "B"]).unwrap()),
                value: 1.0
            },
            "{text}"
        );
    }
    for bad in [
        "RTA among A, B",
        "RTA = x among A",
        "RTA = 1 around A",
        "= 1 among A, B",
        "",
    ] {
        assert!(
            bad.parse::<bilateral::equilibrium::Change>().is_err(),
            "{bad:?}"
        );
    }
}

/// The borders application through the any-panel route (a CSV written here with the border
/// dummy as a column, Germany as `ZZZ` as the file has it) gives the book's published results.
#[test]
fn a_first_stage_on_any_panel_reproduces_the_books_borders_results() {
    let Some(path) = agtpa("cross_section_2006.csv") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let e = header.iter().position(|h| *h == "exporter").unwrap();
    let i = header.iter().position(|h| *h == "importer").unwrap();
    let mut out = format!("{},BORDER\n", header.join(","));
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let border = if cells[e] == cells[i] { 0 } else { 1 };
        out.push_str(&format!("{line},{border}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cross_section_with_border.csv");
    std::fs::write(&file, out).unwrap();
    let panel = Panel::from_csv(&file, &PanelColumns::default()).unwrap();
    let stage = FirstStage::new(
        "trade ~ log(DIST) + CNTG + BORDER | exporter + importer",
        "ZZZ",
    )
    .unwrap();
    let (b, fit) = stage.baseline(&panel).unwrap();
    // The book's first stage: ln_DIST −0.7912879, CNTG 0.6736456, INTL_BRDR −2.47445.
    assert!((fit.coefficient("log(DIST)").unwrap().estimate + 0.791_287_9).abs() < 5e-6);
    assert!((fit.coefficient("BORDER").unwrap().estimate + 2.474_45).abs() < 5e-6);
    assert_eq!(b.covariance().unwrap().len(), 3);
    let cf = Counterfactual::new("no borders").set_term("BORDER", Pairs::International, 0.0);
    let r = b.solve(&cf).unwrap();
    // The published file names Germany DEU; this run keeps the file's ZZZ.
    let (via_book, cf_book, _) = book::borders(&path, book::SIGMA).unwrap();
    let r_book = via_book.solve(&cf_book).unwrap();
    for c in &r.countries {
        let code = if c.country.code() == "ZZZ" {
            "DEU"
        } else {
            c.country.code()
        };
        let other = r_book.country(code).unwrap();
        assert!(
            (c.exports_cdl_pct - other.exports_cdl_pct).abs() < 1e-6,
            "{code}"
        );
        assert!(
            (c.real_gdp_full_pct - other.real_gdp_full_pct).abs() < 1e-6,
            "{code}"
        );
    }
    crate::equilibrium::check_against_the_book(
        &r_book,
        "1_TradeWithoutBorder_FULL_PROD.csv",
        "1_TradeWithoutBorder_FULL_CONS.csv",
    );
    // Only BORDER as the cost term: the others stay in the costs at their estimates, and the
    // answer is the same.
    let (only, _) = stage.clone().terms(&["BORDER"]).baseline(&panel).unwrap();
    assert_eq!(only.terms().len(), 1);
    let r_only = only.solve(&cf).unwrap();
    for (x, y) in r.countries.iter().zip(&r_only.countries) {
        assert!((x.real_gdp_full_pct - y.real_gdp_full_pct).abs() < 1e-6);
    }
}

#[test]
fn a_users_panel_with_kazakhstan_and_uzbekistan_runs_with_its_options() {
    let (panel, stage) = central_asia();
    let (b, _) = stage.baseline(&panel).unwrap();
    assert_eq!(b.countries().len(), 8);
    let cf = Counterfactual::new("").set_term("RTA", "among KAZ, UZB".parse().unwrap(), 1.0);
    let r = b
        .solve_with_draws(&cf, &Draws::new(100, 1).unwrap())
        .unwrap();
    assert_eq!(r.failed, 0);
    assert!(r.pair("KAZ", "UZB", "trade_full_pct").is_some());
    // One international pair trades 0 in 2023 (TKM->TUR): imputed by default, said in a note;
    // excluded by option, said in another, and it keeps no trade.
    assert!(
        b.notes()
            .iter()
            .any(|n| n.starts_with("1 international pairs trade 0"))
    );
    let mut excl = stage.clone();
    excl.zero_pairs = ZeroPairs::Exclude;
    let (be, _) = excl.baseline(&panel).unwrap();
    assert!(
        be.notes()
            .iter()
            .any(|n| n.contains("1 international pairs that trade 0"))
    );
    let re = be.solve(&cf).unwrap();
    assert!(
        re.pair("TKM", "TUR").is_none(),
        "no baseline trade, no pair row"
    );
    assert!(r.point.pair("TKM", "TUR").is_some());
    // A year not in the panel names the panel's years; no year on a two-year panel is refused.
    let e = stage.clone().year(2030).baseline(&panel).unwrap_err();
    assert!(
        e.to_string()
            .contains("no rows for 2030 (its years: 2022, 2023)"),
        "{e}"
    );
    let mut no_year = stage.clone();
    no_year.year = None;
    assert!(matches!(
        no_year.baseline(&panel).unwrap_err(),
        Error::Equilibrium(EquilibriumError::Periods { .. })
    ));
    // A reference not in the data, σ at or below 1, fixed effects other than exporter + importer.
    let e = FirstStage::new("trade ~ RTA | exporter + importer", "USA")
        .unwrap()
        .year(2023)
        .baseline(&panel)
        .unwrap_err();
    assert!(e.to_string().contains("USA"), "{e}");
    for sigma in [1.0, 0.5] {
        let mut s = stage.clone();
        s.sigma = sigma;
        assert!(s.baseline(&panel).is_err(), "σ = {sigma}");
    }
    let e = FirstStage::new("trade ~ RTA | exporter^year + importer^year", "RUS").unwrap_err();
    assert!(e.to_string().contains("exactly the fixed effects"), "{e}");
}

/// A panel without intra-national flows stays an error.
#[test]
fn a_panel_without_home_flows_is_refused() {
    let text = std::fs::read_to_string(fixture("ge_central_asia.csv")).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let c: Vec<&str> = l.split(',').collect();
            c[0] != c[1]
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no_home.csv");
    std::fs::write(&file, kept.join("\n")).unwrap();
    let panel = Panel::from_csv(&file, &PanelColumns::default()).unwrap();
    let e = FirstStage::new("trade ~ log(DIST) + RTA | exporter + importer", "RUS")
        .unwrap()
        .year(2023)
        .baseline(&panel)
        .unwrap_err();
    assert!(e.to_string().contains("missing"), "{e}");
}

/// The scenario route: a file names a GE run; its layer gets the point change and the draws,
/// and Monte Carlo draws the layer from them, so the fan widens.
#[test]
fn a_scenario_file_runs_a_general_equilibrium_layer_and_monte_carlo_draws_it() {
    let data = bilateral::Dataset::builtin().unwrap();
    let s = bilateral::Scenario::load_with(&fixture("ge_scenario.toml"), &data).unwrap();
    let Some(Layer::EquilibriumEffect(l)) = s.layers.first() else {
        panic!("an equilibrium_effect layer");
    };
    assert_eq!(l.draws.len(), 200);
    assert_eq!((l.provenance.draws, l.provenance.failed), (200, 0));
    // The change is the corridor's turnover change in the point result, computed here from the
    // pair flows.
    let (panel, stage) = central_asia();
    let (b, _) = stage.baseline(&panel).unwrap();
    let r = b
        .solve(&Counterfactual::new("").set_term("RTA", "among KAZ, UZB".parse().unwrap(), 1.0))
        .unwrap();
    let (ku, uk) = (r.pair("KAZ", "UZB").unwrap(), r.pair("UZB", "KAZ").unwrap());
    let change =
        (ku.counterfactual_full + uk.counterfactual_full) / (ku.baseline + uk.baseline) - 1.0;
    assert!(
        (l.change - change).abs() < 1e-12,
        "{} vs {change}",
        l.change
    );
    let mut sorted = l.draws.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(sorted[0] < change && change < sorted[199]);
    let mc = |draw: bool| {
        let mut m = MonteCarlo::new(
            s.clone(),
            Shocks::Normal {
                mean: 0.05,
                sd: 0.0,
            },
            4000,
            1,
        );
        m.draw_estimates = draw;
        m.run().unwrap()
    };
    // Without growth shocks, the final year's spread is the layer's alone.
    let fixed = mc(false);
    let drawn = mc(true);
    let spread = |q: &[f64]| q[4] - q[0];
    assert!(spread(&fixed.final_quantiles) < 1e-9);
    assert!(spread(&drawn.final_quantiles) > 1e-3);
    // A run whose corridor has no trade in the model is an error naming the layer.
    let text = std::fs::read_to_string(fixture("ge_scenario.toml"))
        .unwrap()
        .replace("pair = [\"KAZ\", \"UZB\"]", "pair = [\"KAZ\", \"KAZ\"]");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("ge_central_asia.csv"),
        dir.path().join("ge_central_asia.csv"),
    )
    .unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, text).unwrap();
    let e = bilateral::Scenario::load_with(&file, &data).unwrap_err();
    assert!(e.to_string().contains("kaz_uzb_agreement_ge"), "{e}");
}

/// The pairs-cluster bootstrap: seeded, failures counted, and on a homogeneous world its spread
/// of the distance coefficient near the first stage's standard error clustered by (undirected)
/// pair, the cluster the bootstrap resamples.
#[test]
fn a_pairs_cluster_bootstrap_spreads_as_the_clustered_standard_error() {
    let (panel, stage) = central_asia();
    let d = Draws::new(40, 2).unwrap();
    let (b, betas) = stage.bootstrap(&panel, &d).unwrap();
    assert_eq!(betas.len(), 40);
    let (_, again) = stage.bootstrap(&panel, &d).unwrap();
    let ok = |v: &[bilateral::Result<Vec<f64>>]| -> Vec<Vec<f64>> {
        v.iter().filter_map(|b| b.as_ref().ok().cloned()).collect()
    };
    assert_eq!(ok(&betas), ok(&again), "seeded");
    let cf = Counterfactual::new("").set_term("RTA", "among KAZ, UZB".parse().unwrap(), 1.0);
    let r = b
        .solve_with_coefficients(&cf, &d, &betas, "bootstrap", &|_, _| {})
        .unwrap();
    assert_eq!(r.solved + r.failed, 40);
    assert_eq!(r.failed, betas.iter().filter(|b| b.is_err()).count());
    // A homogeneous world written out here: 25 equal countries on a line, ln t = −ln d − 1.5
    // border, multiplicative noise from a fixed sequence; with many similar clusters the
    // bootstrap's spread should be the clustered standard error's.
    let n = 25usize;
    let mut state = 7u64;
    let mut noise = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.8
    };
    let mut out = String::from("exporter,importer,year,trade,DIST,BORDER,SYM\n");
    for a in 0..n {
        for z in 0..n {
            let d = if a == z {
                0.5
            } else {
                (a as f64 - z as f64).abs()
            };
            let border = u8::from(a != z);
            let x = (100.0 / d) * (-1.5 * f64::from(border) + noise()).exp();
            out.push_str(&format!(
                "C{a:02},C{z:02},2000,{x},{d},{border},S{}_{}\n",
                a.min(z),
                a.max(z)
            ));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("homogeneous.csv");
    std::fs::write(&file, out).unwrap();
    let panel = Panel::from_csv(&file, &PanelColumns::default()).unwrap();
    let mut stage =
        FirstStage::new("trade ~ log(DIST) + BORDER | exporter + importer", "C00").unwrap();
    stage.vcov = bilateral::gravity::Vcov::Cluster(vec![bilateral::gravity::FixedEffect(vec![
        "SYM".into(),
    ])]);
    let draws = 200;
    let (b, betas) = stage
        .bootstrap(&panel, &Draws::new(draws, 1).unwrap())
        .unwrap();
    // The distance coefficient: identified by many international pairs of low leverage (the
    // border's rests on 25 intra-national flows of high leverage, where the clustered standard
    // error is known to run low and the bootstrap above it).
    let border: Vec<f64> = betas.iter().map(|x| x.as_ref().unwrap()[0]).collect();
    let mean = border.iter().sum::<f64>() / draws as f64;
    let sd = (border.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws - 1) as f64).sqrt();
    let se = b.covariance().unwrap()[0][0].sqrt();
    assert!(
        (sd / se - 1.0).abs() < 0.2,
        "bootstrap sd {sd}, clustered se {se}"
    );
    assert!((mean - b.terms()[0].coefficient).abs() < 4.0 * se / (draws as f64).sqrt());
}
