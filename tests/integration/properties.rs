//! Properties over random inputs: no public function panics on any input, finite or not, and every
//! exported format reads back equal.

use bilateral::data::{Provenance, Source, Unit, Value, read_printed};
use bilateral::growth::TrendModel;
use bilateral::io::{
    read_json, read_scenario_csv, read_summary_csv, write_figures_csv, write_json,
    write_scenario_csv, write_summary_csv,
};
use bilateral::scenario::{
    Axis, Baseline, Layer, MonteCarlo, PathSummary, PhaseIn, RateGrid, Shocks, Sweep, TradeCost,
    presets,
};
use bilateral::{
    Corridor, Country, Dataset, Estimate, Figure, FigureId, Interval, Scenario, ScenarioResult,
    TrendFit, Usd,
};
use proptest::prelude::*;

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-1.0),
        -10.0f64..10.0,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsers_never_panic(s in ".{0,40}", bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Country::new(&s);
        let _ = Country::from_name(&s);
        let _ = s.parse::<bilateral::Period>();
        let _ = s.parse::<bilateral::data::Date>();
        let _ = s.parse::<Usd>();
        let _ = Usd::parse_printed(&s);
        let _ = s.parse::<Corridor>();
        let _ = s.parse::<bilateral::Flow>();
        let _ = s.parse::<Unit>();
        let _ = FigureId::new(&s);
        for &unit in Unit::ALL {
            let _ = read_printed(&s, unit, Some(2024));
            let _ = read_printed(&s, unit, None);
        }
        let _ = Dataset::from_figures_csv("p.csv", &bytes);
        let _ = Scenario::from_json(&s);
        let _ = Scenario::from_toml(&s);
        let _ = bilateral::io::read_comtrade_from("p.csv", bytes.as_slice());
        let _ = bilateral::io::comtrade_totals_from("p.csv", bytes.as_slice());
    }

    #[test]
    fn numbers_never_panic(a in any_f64(), b in any_f64(), c in any_f64(), n in 0usize..50, y in 0usize..30) {
        let _ = Usd::new(a);
        let _ = Interval::new(a, b).map(|i| {
            let _ = Estimate::new(c, i);
            let _ = i.checked_div(i);
            let _ = i * i + i - i;
            let _ = i.overlaps(i.scale(c));
        });
        let _ = RateGrid::even(a, b, c, n, y, a).map(|g| {
            let mut v = vec![0.0; n * y];
            let mut f = vec![0.0; n];
            let mut k = vec![0u32; n];
            let _ = g.fill(&mut v, &mut f, &mut k);
        });
        let _ = Axis::range("baseline.rate", a, b, n);
        let _ = PhaseIn::Logistic { midpoint: a, steepness: b }.validate("x", 10);
        let _ = PhaseIn::Linear { years: u32::try_from(y).unwrap_or(0) }.share(u32::try_from(n).unwrap_or(0));
        let points: Vec<(i32, f64)> = (0..n.min(8)).map(|i| (2000 + i32::try_from(i).unwrap_or(0), if i % 2 == 0 { a } else { b })).collect();
        for model in [TrendModel::Linear, TrendModel::LogLinear] {
            let _ = TrendFit::new(&points, model).map(|f| {
                let _ = f.prediction_interval(2030, c);
                let _ = f.probability_at_least(2030, a);
                let _ = f.annual_rate(0.9);
            });
        }
    }

    #[test]
    fn scenarios_with_any_parameters_error_or_run(a in any_f64(), b in any_f64(), c in any_f64(), horizon in 0u32..20) {
        let mut s = Scenario {
            name: "p".into(),
            description: String::new(),
            base_year: 2023,
            horizon,
            target: Some(10.0),
            baseline: Baseline::Compound { base: a, rate: b },
            layers: vec![Layer::TradeCost(TradeCost {
                name: "tc".into(),
                start_year: 2024,
                phase_in: PhaseIn::Immediate,
                covered_share: c,
                cost_before: b,
                cost_after: a,
                import_demand_elasticity: c,
                substitution_elasticity: 1.5,
                third_country_ratio: a,
            })],
        };
        if let Ok(r) = s.run() {
            prop_assert!(r.total.iter().all(|v| v.is_finite()));
        }
        let _ = s.set("tc.cost_after", c);
        let _ = s.set("nowhere", c);
        let _ = Sweep::new(s.clone()).axis(Axis::list("baseline.rate", [a, b, c])).map(|sw| sw.run());
        let mc = MonteCarlo::new(s, Shocks::Normal { mean: a, sd: b }, 3, 1);
        let _ = mc.run();
    }

    // A figures file written and read back gives the same figures, provenance included.
    #[test]
    fn figures_round_trip(
        rows in proptest::collection::vec(
            (0u64..1_000_000_000_000, -3i32..10, 2000i32..2030, "[A-Za-z0-9 ,.\"$%()-]{1,60}", any::<bool>()),
            1..20,
        )
    ) {
        let figures: Vec<Figure> = rows
            .iter()
            .enumerate()
            .map(|(i, (v, k, year, quote, gt))| {
                let step = 10f64.powi(*k);
                let value = (*v as f64 / step).round() * step;
                let prov = Provenance {
                    source: Source::parse("a publisher"),
                    address: None,
                    published: None,
                    attributed_to: None,
                    quote: quote.trim().to_string(),
                    printed: None,
                };
                let period = bilateral::Period::year_of(*year).unwrap_or_else(|e| panic!("{e}"));
                Figure::new(
                    FigureId::new(&format!("f{i}")).unwrap_or_else(|e| panic!("{e}")),
                    "turnover",
                    Unit::Usd,
                    Value::Amount { value, step },
                    if *gt { bilateral::data::Bound::Gt } else { bilateral::data::Bound::Eq },
                    prov,
                )
                .map(|f| f.with_corridor(Corridor::KAZ_UZB).with_period(period).with_reporter(Country::KAZ))
                .unwrap_or_else(|e| panic!("{e}"))
            })
            .collect();
        let data = Dataset::from_parts(figures, vec![]).unwrap_or_else(|e| panic!("{e}"));
        let dir = std::env::temp_dir().join(format!("bilateral-prop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join("figures.csv");
        write_figures_csv(&path, &data).unwrap_or_else(|e| panic!("{e}"));
        let back = Dataset::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(back.figures(), data.figures());
        write_json(&dir.join("d.json"), &data).unwrap_or_else(|e| panic!("{e}"));
        let json: Dataset = read_json(&dir.join("d.json")).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(json, data);
    }

    // Scenario files, results and summaries round-trip for any valid parameters.
    #[test]
    fn scenario_outputs_round_trip(rate in -0.5f64..0.5, share in 0.0f64..1.0, eta in 0.01f64..5.0, years in 1u32..6) {
        let mut s = presets()?[4].clone();
        s.set("baseline.rate", rate).unwrap_or_else(|e| panic!("{e}"));
        s.set("free_trade.covered_share", share).unwrap_or_else(|e| panic!("{e}"));
        s.set("free_trade.import_demand_elasticity", eta).unwrap_or_else(|e| panic!("{e}"));
        if let Some(Layer::TradeCost(t)) = s.layers.iter_mut().find(|l| l.name() == "free_trade") {
            t.phase_in = PhaseIn::Linear { years };
        }
        prop_assert_eq!(Scenario::from_json(&s.to_json().unwrap_or_default()).ok(), Some(s.clone()));
        prop_assert_eq!(Scenario::from_toml(&s.to_toml().unwrap_or_default()).ok(), Some(s.clone()));
        let r = s.run().unwrap_or_else(|e| panic!("{e}"));
        let dir = std::env::temp_dir().join(format!("bilateral-prop-s-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        write_scenario_csv(&dir.join("r.csv"), &r).unwrap_or_else(|e| panic!("{e}"));
        let back: ScenarioResult = read_scenario_csv(&dir.join("r.csv")).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(back, r);
        let sweep = Sweep::new(s).axis(Axis::list("baseline.rate", [rate, rate / 2.0])).unwrap_or_else(|e| panic!("{e}"));
        let runs = sweep.run().unwrap_or_else(|e| panic!("{e}"));
        let summary = sweep.summarize(&runs, 10e9, &[0.1, 0.9]).unwrap_or_else(|e| panic!("{e}"));
        write_summary_csv(&dir.join("s.csv"), &summary).unwrap_or_else(|e| panic!("{e}"));
        let back: PathSummary = read_summary_csv(&dir.join("s.csv")).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(back, summary);
    }
}
