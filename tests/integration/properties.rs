//! Properties over random inputs: no public function panics on any input, finite or not, and every
//! exported format reads back equal.

use bilateral::data::{Provenance, Source, Unit, Value, read_printed};
use bilateral::growth::TrendModel;
use bilateral::io::{read_json, write_json};
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
            // Every result is an interval or an error: never NaN ends, never lo > hi.
            for r in [i * i, i + i, i - i, i.scale(c), i.map_monotone(|x| x * c)]
                .into_iter()
                .flatten()
            {
                assert!(!r.lo().is_nan() && !r.hi().is_nan() && r.lo() <= r.hi(), "{r:?}");
                let _ = i.overlaps(r);
            }
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
        let _ = Axis::list("baseline.rate", [a, b, c]).and_then(|ax| Sweep::new(s.clone()).axis(ax)).map(|sw| sw.run());
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
        bilateral::io::write_csv(&path, &data).unwrap_or_else(|e| panic!("{e}"));
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
        bilateral::io::write_csv(&dir.join("r.csv"), &r).unwrap_or_else(|e| panic!("{e}"));
        let back: ScenarioResult = bilateral::io::read_csv::<bilateral::ScenarioResult>(&dir.join("r.csv")).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(back, r);
        let sweep = Axis::list("baseline.rate", [rate, rate / 2.0]).and_then(|ax| Sweep::new(s).axis(ax)).unwrap_or_else(|e| panic!("{e}"));
        let runs = sweep.run().unwrap_or_else(|e| panic!("{e}"));
        let summary = sweep.summarize(&runs, 10e9, &[0.1, 0.9]).unwrap_or_else(|e| panic!("{e}"));
        bilateral::io::write_csv(&dir.join("s.csv"), &summary).unwrap_or_else(|e| panic!("{e}"));
        let back: PathSummary = bilateral::io::read_csv::<bilateral::scenario::PathSummary>(&dir.join("s.csv")).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(back, summary);
    }
}

/// Numbers a result holds that must be finite (an estimate's interval may be unbounded: an
/// open-ended figure; its point may not).
trait Numbers {
    fn numbers(&self) -> Vec<f64>;
}

impl Numbers for f64 {
    fn numbers(&self) -> Vec<f64> {
        vec![*self]
    }
}

impl Numbers for Estimate {
    fn numbers(&self) -> Vec<f64> {
        let iv = self.interval();
        vec![self.point()]
            .into_iter()
            .chain([iv.lo(), iv.hi()].into_iter().filter(|x| !x.is_infinite()))
            .collect()
    }
}

impl<T: Numbers> Numbers for Option<T> {
    fn numbers(&self) -> Vec<f64> {
        self.as_ref().map(Numbers::numbers).unwrap_or_default()
    }
}

impl<T: Numbers> Numbers for Vec<T> {
    fn numbers(&self) -> Vec<f64> {
        self.iter().flat_map(Numbers::numbers).collect()
    }
}

impl Numbers for u32 {
    fn numbers(&self) -> Vec<f64> {
        vec![f64::from(*self)]
    }
}

/// Whether a result is an error or holds only finite numbers (no NaN anywhere).
fn finite_or_err<T: Numbers>(r: &bilateral::Result<T>) -> bool {
    match r {
        Err(_) => true,
        Ok(v) => v.numbers().iter().all(|x| x.is_finite()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // Any f64 into any public numeric function: a finite value or a typed error, never NaN or
    // infinity.
    #[test]
    fn numeric_functions_give_finite_values_or_errors(a in any_f64(), b in any_f64(), c in any_f64(), n in any::<u32>()) {
        use bilateral::growth::{self, est};
        prop_assert!(finite_or_err(&growth::growth(a, b)));
        prop_assert!(finite_or_err(&growth::log_growth(a, b)));
        prop_assert!(finite_or_err(&growth::cagr(a, b, c).map(|r| r.fraction())));
        prop_assert!(finite_or_err(&growth::required_rate(a, b, c).map(|r| r.fraction())));
        if let Ok(r) = bilateral::Rate::new(c) {
            prop_assert!(finite_or_err(&growth::years_to_target(a, b, r).map(|y| y.years())));
            prop_assert!(finite_or_err(&growth::first_year_reaching(a, b, r).map(|y| y.years())));
            prop_assert!(finite_or_err(&growth::doubling_time(r)));
            prop_assert!(finite_or_err(&growth::compound_path(a, r, n % 2000)));
        }
        prop_assert!(finite_or_err(&growth::linear_path(a, b, n % 2000)));
        let e = |x: f64| Interval::new(x.min(b), x.max(b)).and_then(|i| Estimate::new(x, i));
        if let (Ok(x), Ok(y)) = (e(a), e(c)) {
            prop_assert!(finite_or_err(&est::growth(x, y)));
            prop_assert!(finite_or_err(&est::cagr(x, y, f64::from(n % 50))));
            prop_assert!(finite_or_err(&est::compound_path(x, y, n % 50)));
            prop_assert!(finite_or_err(&est::doubling_time(y)));
            prop_assert!(finite_or_err(&est::required_rate(x, y, f64::from(n % 50))));
            prop_assert!(finite_or_err(&(x + y)));
            prop_assert!(finite_or_err(&(x * y)));
            prop_assert!(finite_or_err(&x.scale(c)));
            prop_assert!(finite_or_err(&x.checked_div(y)));
        }
        prop_assert!(finite_or_err(&Usd::new(a).and_then(|u| Usd::new(b).and_then(|v| u.checked_add(v))).map(|u| u.value())));
        let pts = [(2020, a), (2021, b), (2022, c)];
        for model in [TrendModel::Linear, TrendModel::LogLinear] {
            let fit = TrendFit::new(&pts, model);
            prop_assert!(fit.is_err() || fit.as_ref().is_ok_and(|f| f.slope().is_finite() && f.intercept().is_finite()));
            if let Ok(f) = fit {
                prop_assert!(finite_or_err(&f.predict(2030)));
                prop_assert!(finite_or_err(&f.annual_rate(0.9)));
            }
        }
    }

    // Any values in a scenario result or a summary: written and read back equal, or refused.
    #[test]
    fn exports_round_trip_or_refuse(values in proptest::collection::vec(any_f64(), 3), target in any_f64()) {
        let dir = std::env::temp_dir().join(format!("bilateral-prop-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let r = ScenarioResult {
            scenario: "p".into(),
            years: vec![2023, 2024, 2025],
            baseline: values.clone(),
            contributions: vec![],
            total: values.clone(),
            target: Some(target),
        };
        let p = dir.join("r.csv");
        if bilateral::io::write_csv(&p, &r).is_ok() {
            prop_assert_eq!(bilateral::io::read_csv::<bilateral::ScenarioResult>(&p).unwrap_or_else(|e| panic!("{e}")), r.clone());
        } else {
            prop_assert!(values.iter().chain([&target]).any(|v| !v.is_finite()));
        }
        let j = dir.join("r.json");
        if write_json(&j, &r).is_ok() {
            prop_assert_eq!(read_json::<ScenarioResult>(&j).unwrap_or_else(|e| panic!("{e}")), r);
        } else {
            prop_assert!(values.iter().chain([&target]).any(|v| !v.is_finite()));
        }
    }
}

/// A figures file with one export figure from each side of KAZ->UZB in 2022, printed as
/// `a` and `b` with `da` and `db` decimals (billions).
fn two_sides(a: u32, da: u32, b: u32, db: u32) -> Vec<u8> {
    let printed = |k: u32, d: u32| {
        let v = f64::from(k) / 10f64.powi(d as i32);
        format!("{v:.prec$} bn USD", prec = d as usize)
    };
    format!(
        "id,measure,corridor,country,period,base_period,unit,value,bound,decimals,reporter,attributed_to,source,address,published,printed,quote\n\
         x.kaz,exports,KAZ->UZB,,2022,,usd,{},eq,{da},KAZ,,A publisher,,,,\n\
         x.uzb,exports,KAZ->UZB,,2022,,usd,{},eq,{db},UZB,,A publisher,,,,\n",
        printed(a, da),
        printed(b, db)
    )
    .into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any positive pair of printed values gives a mirror pair, never a silent drop: the ratio
    /// of two intervals contains the ratio of their points.
    #[test]
    fn any_positive_pair_gives_a_mirror_pair(
        a in 1u32..100_000, da in 0u32..4, b in 1u32..100_000, db in 0u32..4,
    ) {
        let data = Dataset::from_figures_csv("two.csv", &two_sides(a, da, b, db)).unwrap();
        let pairs = bilateral::audit::mirror_from_dataset(
            &data, Corridor::KAZ_UZB, bilateral::audit::Reconciliation::default()).unwrap();
        prop_assert_eq!(pairs.len(), 1);
        let p = &pairs[0];
        let r = p.ratio.unwrap();
        prop_assert!(r.interval().contains(r.point()));
        // And from Comtrade totals: exact values.
        let total = |reporter: Country, partner: Country, flow, value: f64| bilateral::data::TradeTotal {
            year: 2022,
            reporter: bilateral::data::Party::Country(reporter),
            partner: bilateral::data::Party::Country(partner),
            flow,
            value,
            basis: bilateral::data::TotalBasis::TotalRow,
            months: 12,
            rows: 1,
            origin: bilateral::data::Origin { file: "t.csv".into(), line: 2 },
        };
        let (x, m) = (f64::from(a) * 1.37e3, f64::from(b) * 0.91e3);
        let totals = [
            total(Country::KAZ, Country::UZB, bilateral::data::ComtradeFlow::Export, x),
            total(Country::UZB, Country::KAZ, bilateral::data::ComtradeFlow::Import, m),
        ];
        let pairs = bilateral::audit::mirror_from_totals(
            &totals, Country::KAZ, Country::UZB, bilateral::audit::Reconciliation::default()).unwrap();
        prop_assert_eq!(pairs.len(), 1);
        prop_assert!((pairs[0].ratio.unwrap().point() - m / x).abs() <= 1e-12 * (m / x));
    }

    /// A band is not a rounding interval: any ratio whose point lies in it is consistent,
    /// however wide its interval.
    #[test]
    fn any_ratio_inside_the_band_is_consistent(
        r in 1.0f64..=1.2, below in 0.0f64..1.0, above in 0.0f64..1.0,
    ) {
        let e = Estimate::new(r, Interval::new(r - below, r + above).unwrap()).unwrap();
        prop_assert_eq!(
            bilateral::audit::compare_band(e, bilateral::audit::FREIGHT_BAND),
            bilateral::Verdict::Consistent
        );
    }

    /// Line numbers are the same for LF, CRLF and CR copies of a file, blank lines and quoted
    /// line breaks included: the records of a Comtrade file, and the line a bad field names.
    #[test]
    fn line_numbers_do_not_depend_on_line_ends(
        blanks in proptest::collection::vec(0usize..3, 6),
        quoted in proptest::collection::vec(any::<bool>(), 6),
        bad in 0usize..6,
    ) {
        let mut lines = vec!["typeCode,freqCode,refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue".to_owned()];
        let mut expected = Vec::new();
        for i in 0..6 {
            lines.extend(std::iter::repeat_n(String::new(), blanks[i]));
            expected.push(lines.len() as u64 + 1);
            let cmd = if quoted[i] { "\"72\n08\"".to_owned() } else { format!("{}", 7200 + i) };
            lines.push(format!("C,A,2022,KAZ,UZB,X,{cmd},{}", 1000 + i));
        }
        let lf = lines.join("\n") + "\n";
        // The physical line a record starts on counts the quoted line breaks before it.
        let mut shift = 0;
        for (i, e) in expected.iter_mut().enumerate() {
            *e += shift;
            if quoted[i] {
                shift += 1;
            }
        }
        for text in [lf.clone(), lf.replace('\n', "\r\n"), lf.replace('\n', "\r")] {
            let load = bilateral::io::read_comtrade_from("t.csv", text.as_bytes()).unwrap();
            let got: Vec<u64> = load.items.iter().map(|r| r.origin.line).collect();
            prop_assert_eq!(&got, &expected);
            // A bad value names the same line in every copy.
            let broken = text.replacen(&format!(",{}", 1000 + bad), ",oops", 1);
            let e = bilateral::io::read_comtrade_from("t.csv", broken.as_bytes()).unwrap_err();
            prop_assert_eq!(e.location().map(|l| l.line), Some(expected[bad]));
        }
    }
}
