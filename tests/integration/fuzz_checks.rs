//! What each fuzz target checks, shared with `fuzz_regressions.rs`, which replays the saved inputs
//! in `tests/fixtures/fuzz/<target>/` on every `cargo test`. The fuzz targets include this file by
//! path; it lives here so the packaged crate's tests have it (cargo leaves the nested `fuzz/`
//! package out of the package).

/// The data-file loader and the reading of printed text: errors are fine, panics are not; a file
/// that loads writes out and loads back equal.
pub fn data_file(data: &[u8]) {
    if let Ok(ds) = bilateral::Dataset::from_figures_csv("fuzz.csv", data) {
        let _ = bilateral::audit::audit(&ds);
        for f in ds.figures() {
            let _ = f.estimate();
            let _ = f.value_text();
        }
        let dir = std::env::temp_dir().join(format!("bilateral-fuzz-{}", std::process::id()));
        if std::fs::create_dir_all(&dir).is_ok() {
            let path = dir.join("figures.csv");
            if bilateral::io::write_csv(&path, &ds).is_ok() {
                let back = bilateral::Dataset::load(&path, None);
                assert!(
                    back.as_ref().is_ok_and(|b| b.figures() == ds.figures()),
                    "round trip: {back:?}"
                );
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for &unit in bilateral::data::Unit::ALL {
            let _ = bilateral::data::read_printed(text, unit, Some(2024));
        }
        let _ = text.parse::<bilateral::Period>();
        let _ = text.parse::<bilateral::Usd>();
        let _ = text.parse::<bilateral::Corridor>();
    }
}

/// The scenario-file parser (JSON and TOML): a scenario that parses runs or errors, never panics,
/// and writes out and parses back equal.
pub fn scenario_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Files may cite the built-in figures (`{ figure = "<id>" }`), read once per process.
    static DATA: std::sync::OnceLock<Option<bilateral::Dataset>> = std::sync::OnceLock::new();
    let data = DATA.get_or_init(|| bilateral::Dataset::builtin().ok());
    let mut parsed = vec![
        bilateral::Scenario::from_json(text),
        bilateral::Scenario::from_toml(text),
    ];
    if let Some(data) = data {
        parsed.push(bilateral::Scenario::from_json_with(text, data));
        parsed.push(bilateral::Scenario::from_toml_with(text, data));
    }
    for s in parsed.into_iter().flatten() {
        let _ = s.run();
        // Estimate-driven layers draw their coefficients in a Monte Carlo.
        let mut mc = bilateral::scenario::MonteCarlo::new(
            s.clone(),
            bilateral::scenario::Shocks::Normal {
                mean: 0.0,
                sd: 0.05,
            },
            16,
            3,
        );
        mc.draw_estimates = true;
        if let Ok(r) = mc.run() {
            assert!(r.final_quantiles.iter().all(|q| q.is_finite()), "{r:?}");
        }
        if let Ok(json) = s.to_json() {
            let back = bilateral::Scenario::from_json(&json);
            assert!(
                back.as_ref().is_ok_and(|b| *b == s),
                "json round trip: {back:?}"
            );
        }
    }
}

/// The Comtrade reader: detail and totals agree on what is an error and on the rows read.
pub fn comtrade(data: &[u8]) {
    let detail = bilateral::io::read_comtrade_from("fuzz.csv", data);
    let totals = bilateral::io::comtrade_totals_from("fuzz.csv", data);
    // Totals see every row detail sees, so a file detail refuses is refused by totals too. Totals
    // add two refusals of their own: a second TOTAL row for the same year, reporter, partner and
    // flow (detail keeps both, as breakdowns by customs procedure or transport mode are legitimate
    // there), and a sum of rows that overflows.
    match (&detail, &totals) {
        (Err(_), Ok(_)) => panic!("totals read a file detail refuses: {detail:?}"),
        (Ok(_), Err(e)) => assert!(
            matches!(
                e,
                bilateral::Error::Field { error, .. }
                    if matches!(**error, bilateral::Error::Input(bilateral::error::InputError::NonFinite { .. }))
            ) || matches!(
                e,
                bilateral::Error::File(bilateral::error::FileError::DuplicateRow { .. })
            ),
            "totals refuse a file detail reads, for a reason of their own only: {e:?}"
        ),
        _ => {}
    }
    if let (Ok(d), Ok(t)) = (detail, totals) {
        assert_eq!(d.rows, t.rows);
        let _ = bilateral::audit::mirror_from_totals(
            &t.items,
            bilateral::Country::KAZ,
            bilateral::Country::UZB,
            bilateral::audit::Reconciliation::default(),
        );
    }
}

/// The scenario engine on arbitrary parameter values (not only what the file parser lets
/// through): every f64 bit pattern for the baseline, the layers' parameters and years. A
/// scenario either refuses its values or runs to finite, non-negative levels whose parts add up
/// to the total; a sweep over one of its values and a small Monte Carlo behave the same.
pub fn scenario_engine(data: &[u8]) {
    use bilateral::scenario::{
        Axis, Baseline, ImportSubstitution, Layer, MonteCarlo, PhaseIn, Project, ProjectPipeline,
        Shocks, Sweep, TradeCost,
    };
    let mut words = data.chunks(8).map(|c| {
        let mut b = [0u8; 8];
        for (d, s) in b.iter_mut().zip(c) {
            *d = *s;
        }
        b
    });
    let mut f = || f64::from_le_bytes(words.next().unwrap_or_default());
    let year = |x: f64| 2000 + (x.to_bits() % 60) as i32;
    let small = |x: f64| (x.to_bits() % 40) as u32;
    let scenario = bilateral::Scenario {
        name: "fuzz".into(),
        description: String::new(),
        base_year: year(f()),
        horizon: small(f()),
        target: Some(f()),
        baseline: if f().is_sign_negative() {
            Baseline::Linear {
                base: f(),
                slope: f(),
            }
        } else {
            Baseline::Compound {
                base: f(),
                rate: f(),
            }
        },
        layers: vec![
            Layer::TradeCost(TradeCost {
                name: "tc".into(),
                start_year: year(f()),
                phase_in: PhaseIn::Logistic {
                    midpoint: f(),
                    steepness: f(),
                },
                covered_share: f(),
                cost_before: f(),
                cost_after: f(),
                import_demand_elasticity: f(),
                substitution_elasticity: f(),
                third_country_ratio: f(),
            }),
            Layer::ImportSubstitution(ImportSubstitution {
                name: "is".into(),
                start_year: year(f()),
                phase_in: PhaseIn::Linear { years: small(f()) },
                third_country_imports: f(),
                third_country_growth: f(),
                share: f(),
            }),
            Layer::ProjectPipeline(ProjectPipeline {
                name: "pp".into(),
                projects: vec![Project {
                    name: "p".into(),
                    first_year: year(f()),
                    ramp_up_years: small(f()),
                    capacity: f(),
                    unit_price: f(),
                    traded_share: f(),
                }],
            }),
        ],
    };
    let Ok(r) = scenario.run() else {
        return;
    };
    for (t, total) in r.total.iter().enumerate() {
        assert!(total.is_finite() && *total >= 0.0, "total {total}");
        let parts = r
            .contributions
            .iter()
            .fold(r.baseline[t], |s, c| s + c.values[t]);
        assert_eq!(parts.to_bits(), total.to_bits());
    }
    if let Ok(axis) = Axis::list("tc.covered_share", [f(), f()])
        && let Ok(sweep) = Sweep::new(scenario.clone()).axis(axis)
        && let Ok(runs) = sweep.run()
    {
        assert!(runs.iter().all(|r| r.total.iter().all(|v| v.is_finite())));
    }
    let mc = MonteCarlo::new(scenario, Shocks::Normal { mean: f(), sd: f() }, 64, 7);
    if let Ok(m) = mc.run() {
        assert!(m.final_quantiles.iter().all(|q| q.is_finite()));
    }
}

/// The gravity panel reader: a panel that reads writes out and reads back with the same rows and
/// values; on a small panel, a PPML fit of its first numeric column (or of the intercept) and
/// the panel's international series are finite or typed errors, never a panic.
pub fn gravity_panel(data: &[u8]) {
    use bilateral::gravity::{Gravity, Options, Panel, PanelColumns};
    let Ok(panel) = Panel::from_csv_bytes("fuzz.csv", data, &PanelColumns::default()) else {
        return;
    };
    if let Ok(bytes) = panel.to_csv_bytes() {
        let back = Panel::from_csv_bytes("back.csv", &bytes, &PanelColumns::default());
        assert!(
            back.as_ref().is_ok_and(|b| b.len() == panel.len()
                && b.values() == panel.values()
                && b.countries() == panel.countries()),
            "round trip: {back:?}"
        );
    }
    if panel.len() > 400 {
        return;
    }
    let _ = panel.international_series();
    let regressor = panel
        .column_names()
        .find(|c| panel.numeric(c).is_ok())
        .unwrap_or("1")
        .to_owned();
    for formula in [
        format!("trade ~ {regressor}"),
        format!("trade ~ {regressor} | exporter + importer"),
    ] {
        let Ok(g) = Gravity::ppml(&panel).formula(&formula) else {
            continue;
        };
        let options = Options {
            max_iterations: 50,
            ..Options::default()
        };
        if let Ok(fit) = g.options(options).fit() {
            for c in &fit.coefficients {
                assert!(
                    c.estimate.is_finite() && c.std_error.is_finite() && c.std_error > 0.0,
                    "{formula}: {c:?}"
                );
            }
        }
    }
}

/// The formula parser: a formula that parses prints as a formula that parses back to the same
/// specification, with no term twice.
pub fn formula(data: &[u8]) {
    use bilateral::gravity::{Estimator, GravitySpec};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for estimator in [Estimator::Ppml, Estimator::Ols] {
        let Ok(spec) = GravitySpec::parse(estimator, text) else {
            continue;
        };
        assert!(spec.check_terms().is_ok());
        let printed = spec.formula();
        let back = GravitySpec::parse(estimator, &printed);
        assert!(
            back.as_ref().is_ok_and(|b| *b == spec),
            "{text:?} prints as {printed:?}, which reads as {back:?}"
        );
    }
    // The same text as an offset: one that parses prints as text that reads back equal.
    if let Ok(offset) = text.parse::<bilateral::gravity::Offset>() {
        let printed = offset.to_string();
        let back = printed.parse::<bilateral::gravity::Offset>();
        assert!(
            back.as_ref().is_ok_and(|b| *b == offset),
            "offset {text:?} prints as {printed:?}, which reads as {back:?}"
        );
    }
}
