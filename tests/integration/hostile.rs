//! Hostile input, one test per class: sizes a caller controls, arithmetic on years and indices,
//! degenerate input that could hang, non-finite results, exports that must read back or refuse,
//! parsers that must not accept nonsense, and messages that must say what and where. Each case
//! says what a wrong answer would have been.

use bilateral::data::Usd;
use bilateral::error::{DataError, InputError, IoError, ScenarioError};
use bilateral::growth::{
    Series, SeriesSpec, TrendModel, compound_path, doubling_time, first_year_reaching, growth,
    linear_path,
};
use bilateral::io::{read_json, write_json};
use bilateral::limits::{MAX_HORIZON, MAX_VALUES};
use bilateral::outlook::{TargetSpec, target_outlook};
use bilateral::scenario::{
    Axis, Baseline, Layer, MonteCarlo, PathSummary, PhaseIn, RateGrid, Shocks, Sweep, TradeCost,
    presets,
};
use bilateral::{
    Corridor, Dataset, Error, Estimate, Figure, FigureId, Flow, Interval, Rate, Scenario, TrendFit,
};

fn scenario(base_year: i32, horizon: u32, layers: Vec<Layer>) -> Scenario {
    Scenario {
        name: "s".into(),
        description: String::new(),
        base_year,
        horizon,
        target: Some(10.0),
        baseline: Baseline::Compound {
            base: 4.5,
            rate: 0.05,
        },
        layers,
    }
}

fn trade_cost(name: &str, start_year: i32, elasticity: f64) -> Layer {
    Layer::TradeCost(TradeCost {
        name: name.into(),
        start_year,
        phase_in: PhaseIn::Immediate,
        covered_share: 0.5,
        cost_before: 0.05,
        cost_after: 0.0,
        import_demand_elasticity: elasticity,
        substitution_elasticity: 1.5,
        third_country_ratio: 0.0,
    })
}

fn rate(r: f64) -> Rate {
    Rate::new(r).unwrap()
}

fn too_large<T: std::fmt::Debug>(r: bilateral::Result<T>) -> bool {
    r.is_err_and(|e| matches!(e.root(), Error::Input(InputError::TooLarge { .. })))
}

#[test]
fn sizes_a_caller_controls_are_bounded_before_allocating() {
    // An axis of usize::MAX or a billion steps: refused, not a capacity panic or 8 GB.
    assert!(too_large(Axis::range(
        "baseline.rate",
        0.0,
        1.0,
        usize::MAX
    )));
    assert!(too_large(Axis::range(
        "baseline.rate",
        0.0,
        1.0,
        1_000_000_000
    )));
    // An endless iterator says it is endless: refused before collecting.
    assert!(too_large(Axis::list(
        "baseline.rate",
        std::iter::repeat(0.01)
    )));
    // A rate grid of 2^52 years: refused, not a chunk size that wraps to zero.
    assert!(too_large(RateGrid::even(4.5, 0.0, 0.1, 10, 1 << 52, 10.0)));
    // Paths past 1000 years: refused, not a 32 GiB allocation.
    assert!(compound_path(4.5, rate(0.1), u32::MAX).is_err());
    assert!(linear_path(4.5, 0.1, MAX_HORIZON + 1).is_err());
    let fit = TrendFit::new(&[(2020, 1.0), (2021, 2.0), (2022, 3.0)], TrendModel::Linear).unwrap();
    assert!(Baseline::from_trend(&fit, 2023, u32::MAX).is_err());
    // Monte Carlo: 10^10 paths, or 10^6 paths x 1001 years with the fan kept.
    let s = presets().unwrap()[0].clone();
    let mc = MonteCarlo::new(
        s.clone(),
        Shocks::Normal { mean: 0.0, sd: 0.1 },
        10_000_000_000,
        1,
    );
    assert!(too_large(mc.run()));
    let mut long = s.clone();
    long.horizon = MAX_HORIZON;
    let mc = MonteCarlo::new(long, Shocks::Normal { mean: 0.0, sd: 0.1 }, 1_000_000, 1);
    assert!(too_large(mc.run()));
    // A 10^5 x 10^5 sweep: run() would collect 10^10 runs; refused (iter() and shards remain).
    let axis = |p: &str| Axis::range(p, 0.0, 0.1, 100_000).unwrap();
    let sweep = Sweep::new(s)
        .axis(axis("baseline.rate"))
        .unwrap()
        .axis(axis("baseline.base"))
        .unwrap();
    assert_eq!(sweep.len(), 10_000_000_000);
    assert!(too_large(sweep.run()));
    assert!(sweep.iter().next().is_some());
    // /dev/zero never ends: read up to the limit, then refused.
    if std::path::Path::new("/dev/zero").exists() {
        let e = Dataset::load(std::path::Path::new("/dev/zero"), None);
        assert!(too_large(e));
    }
    let _ = MAX_VALUES;
}

#[test]
fn years_and_indices_never_overflow() {
    // A start year of i32::MIN used to give a contribution of zero or -2.1e18.
    let e = scenario(2023, 10, vec![trade_cost("t", i32::MIN, 1.5)]).run();
    assert!(
        matches!(&e, Err(Error::Scenario(ScenarioError::Parameter { parameter, .. })) if parameter == "start_year"),
        "{e:?}"
    );
    // A base year near i32::MAX used to repeat a year.
    assert!(matches!(
        scenario(i32::MAX - 1, 10, vec![]).run(),
        Err(Error::Input(InputError::OutOfRange {
            what: "base year",
            ..
        }))
    ));
    // The horizon must end by 9999.
    assert!(scenario(9995, 10, vec![]).run().is_err());
    // Shards of a grid whose size is close to usize::MAX / 2: no run lost or repeated.
    let s = presets().unwrap()[0].clone();
    let sweep = Sweep::new(s)
        .axis(Axis::range("baseline.rate", 0.0, 0.1, 7).unwrap())
        .unwrap();
    let n = usize::MAX;
    let mut covered = 0;
    for i in [0, 1, n / 2, n - 2, n - 1] {
        let r = sweep.shard(i, n).unwrap();
        assert!(r.start <= r.end && r.end <= sweep.len());
        covered += r.len();
    }
    assert!(covered <= sweep.len());
    let mut all = Vec::new();
    for i in 0..3 {
        all.extend(sweep.shard(i, 3).unwrap());
    }
    assert_eq!(all, (0..7).collect::<Vec<_>>());
}

#[test]
fn degenerate_input_is_refused_instead_of_hanging() {
    let dir = std::env::temp_dir().join(format!("bilateral-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // An empty summary and an infinite target: the chart axes would not be finite ranges.
    let empty = PathSummary {
        years: vec![],
        paths: 0,
        target: 10.0,
        quantile_levels: vec![],
        fan: vec![],
        reached_by: vec![],
        final_at_least_target: 0.0,
    };
    #[cfg(feature = "charts")]
    {
        use bilateral::chart::fan_chart;
        assert!(matches!(
            fan_chart(&empty, None, "t", &dir.join("fan.svg")),
            Err(Error::Io(IoError::Chart { .. }))
        ));
        let mut inf = empty.clone();
        inf.years = vec![2023, 2024];
        inf.target = f64::INFINITY;
        assert!(fan_chart(&inf, None, "t", &dir.join("fan.png")).is_err());
    }
    let _ = empty;
    // Ten thousand layers validate in linear time; one more is refused.
    let layers: Vec<Layer> = (0..10_000)
        .map(|i| trade_cost(&format!("l{i}"), 2024, 1.5))
        .collect();
    assert!(scenario(2023, 5, layers.clone()).validate().is_ok());
    let mut more = layers;
    more.push(trade_cost("extra", 2024, 1.5));
    assert!(too_large(scenario(2023, 5, more).validate()));
}

#[test]
fn every_result_is_finite_or_an_error() {
    // 1 / 5e-324 - 1 overflows: an error, not inf.
    assert!(growth(5e-324, 1.0).is_err());
    // ln 2 / ln(1 + 1e-320) is infinite.
    assert!(doubling_time(rate(1e-320)).is_err());
    // 1e-300 a year reaches 2 in ~7e299 years: a year count no u32 holds is an error, not
    // 4294967295.
    assert!(first_year_reaching(1.0, 2.0, rate(1e-300)).is_err());
    // Money that overflows.
    assert!(
        Usd::new(1e308)
            .unwrap()
            .checked_add(Usd::new(1e308).unwrap())
            .is_err()
    );
    // Interval arithmetic never gives NaN ends.
    let i = Interval::new(1.0, 2.0).unwrap();
    assert!(i.scale(f64::NAN).is_err());
    assert!((Interval::new(1e308, 1e308).unwrap() + Interval::new(1e308, 1e308).unwrap()).is_err());
    // A linear trend through three 1e308 values: its sums of squares overflow.
    assert!(
        TrendFit::new(
            &[(2020, 1e308), (2021, 1e308), (2022, 1.7e308)],
            TrendModel::Linear
        )
        .is_err()
    );
    // Monte Carlo without the fan: final quantiles finite, and no fan levels claimed.
    let mut mc = MonteCarlo::new(
        scenario(2023, 10, vec![]),
        Shocks::Normal {
            mean: 0.05,
            sd: 0.1,
        },
        1000,
        1,
    );
    mc.fan = false;
    let r = mc.run().unwrap();
    assert!(r.final_quantiles.iter().all(|q| q.is_finite()));
    assert!(r.summary.quantile_levels.is_empty() && r.summary.fan.is_empty());
    // A NaN target reaches nothing: refused, not "0% reach it".
    let s = presets().unwrap()[0].clone();
    let sweep = Sweep::new(s.clone());
    let runs = sweep.run().unwrap();
    assert!(sweep.summarize(&runs, f64::NAN, &[0.5]).is_err());
    // A linear baseline that goes below zero within the horizon.
    let mut neg = s;
    neg.baseline = Baseline::Linear {
        base: 4.5e9,
        slope: -1e9,
    };
    assert!(
        matches!(neg.run(), Err(Error::Scenario(ScenarioError::Parameter { parameter, .. })) if parameter == "slope")
    );
}

#[test]
fn exports_read_back_equal_or_refuse_up_front() {
    let dir = std::env::temp_dir().join(format!("bilateral-exports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // NaN and infinity: refused, never written as null.
    assert!(matches!(
        write_json(&dir.join("nan.json"), &vec![1.0, f64::NAN]),
        Err(Error::Io(IoError::Serialize { .. }))
    ));
    let mut s = presets().unwrap()[1].clone();
    s.target = Some(f64::INFINITY);
    assert!(s.to_json().is_err() && s.to_toml().is_err());
    // A summary without a fan reads back equal.
    let mut mc = MonteCarlo::new(
        scenario(2023, 5, vec![]),
        Shocks::Normal {
            mean: 0.05,
            sd: 0.1,
        },
        100,
        3,
    );
    mc.fan = false;
    let summary = mc.run().unwrap().summary;
    bilateral::io::write_csv(&dir.join("nofan.csv"), &summary).unwrap();
    assert_eq!(
        bilateral::io::read_csv::<bilateral::scenario::PathSummary>(&dir.join("nofan.csv"))
            .unwrap(),
        summary
    );
    write_json(&dir.join("nofan.json"), &summary).unwrap();
    assert_eq!(
        read_json::<PathSummary>(&dir.join("nofan.json")).unwrap(),
        summary
    );
    // Quantile levels [0.5, 0.5] would double every year's rows.
    mc.fan = true;
    mc.quantiles = vec![0.5, 0.5];
    assert!(mc.run().is_err());
    // A layer named "total" would merge into the totals row.
    assert!(matches!(
        scenario(2023, 5, vec![trade_cost("total", 2024, 1.5)]).run(),
        Err(Error::Scenario(ScenarioError::ReservedName { .. }))
    ));
    // A figure of 1e-40 writes decimals 40, which the loader reads back.
    let tiny = "id,measure,unit,value,source\nt,count_x,count,1e-40,x\n";
    let data = Dataset::from_figures_csv("tiny.csv", tiny.as_bytes()).unwrap();
    bilateral::io::write_csv(&dir.join("tiny.csv"), &data).unwrap();
    let back = Dataset::load(&dir.join("tiny.csv"), None).unwrap();
    assert_eq!(back.figures(), data.figures());
    // A step of 0.25 cannot be written as decimals: refused, not read back as 0.1.
    let quarter = Figure::new(
        FigureId::new("q").unwrap(),
        "count_x",
        bilateral::data::Unit::Count,
        bilateral::data::Value::Amount {
            value: 1.0,
            step: 0.25,
        },
        bilateral::data::Bound::Eq,
        bilateral::data::Provenance {
            source: bilateral::data::Source::Publisher("x".into()),
            address: None,
            published: None,
            attributed_to: None,
            quote: "  spaced quote  ".into(),
            printed: None,
        },
    )
    .unwrap();
    // The quote keeps no edge spaces (a CSV field could not keep them either).
    assert_eq!(quarter.provenance().quote, "spaced quote");
    let with_quarter = Dataset::from_parts(vec![quarter], vec![]).unwrap();
    assert!(matches!(
        bilateral::io::write_csv(&dir.join("quarter.csv"), &with_quarter),
        Err(Error::Figure { .. })
    ));
}

#[test]
fn parsers_refuse_nonsense() {
    for text in ["--3", "-$-3", "$--3 billion", "- -3"] {
        assert!(text.parse::<Usd>().is_err(), "{text}");
    }
    // One sign is still a (negative, so refused) amount, with its own message.
    assert!(matches!(
        "-3".parse::<Usd>(),
        Err(Error::Data(DataError::NegativeMoney { .. }))
    ));
    // A misspelt scenario field names itself.
    let json = presets().unwrap()[0]
        .to_json()
        .unwrap()
        .replace("\"horizon\"", "\"horizn\"");
    let e = Scenario::from_json(&json).unwrap_err().to_string();
    assert!(e.contains("horizn"), "{e}");
}

#[test]
fn messages_say_what_and_where() {
    // "1e-400" reads as 0: the message quotes the text instead of "step = 0".
    let text = "id,measure,unit,value,source\nt,count_x,count,1e-400,x\n";
    let e = Dataset::from_figures_csv("u.csv", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("u.csv:2") && e.contains("1e-400"), "{e}");
    // Duplicates are named by their place in the lists, and by file and line when they were
    // read from one.
    let data = Dataset::builtin().unwrap();
    let f = data.figures()[0].clone();
    let e = Dataset::from_parts(vec![f.clone(), f], vec![])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("figure #1 (data/figures.csv:2) and figure #2 (data/figures.csv:2)"),
        "{e}"
    );
    // Target years before the base year: the year, not "horizon 0".
    let spec = TargetSpec::new(
        SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover),
        2023,
        Estimate::exact(4.5e9).unwrap(),
        Estimate::exact(10e9).unwrap(),
        2020..=2030,
    );
    let e = target_outlook(&data, &spec).unwrap_err().to_string();
    assert!(e.contains("first target year") && e.contains("2020"), "{e}");
    // A layer without a kind.
    let e = Scenario::from_json(
        r#"{"name": "x", "base_year": 2023, "horizon": 5,
            "baseline": {"method": "compound", "base": 1, "rate": 0},
            "layers": [{"name": "t"}]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("layers[0]") && e.contains("kind"), "{e}");
    // An elasticity of 1e300 is refused when the file is read, naming the layer.
    let toml = presets().unwrap()[1].to_toml().unwrap().replace(
        "import_demand_elasticity = 1.5",
        "import_demand_elasticity = 1e300",
    );
    let e = Scenario::from_toml(&toml).unwrap_err().to_string();
    assert!(
        e.contains("free_trade") && e.contains("import_demand_elasticity"),
        "{e}"
    );
    // A missing target names what is missing, not "parameter = NaN".
    let mut s = presets().unwrap()[0].clone();
    s.target = None;
    let e = MonteCarlo::new(s, Shocks::Normal { mean: 0.0, sd: 0.1 }, 10, 1)
        .run()
        .unwrap_err()
        .to_string();
    assert!(e.contains("target") && !e.contains("NaN"), "{e}");
    // A series that cannot be built says so.
    let _ = Series::from_dataset(&data, SeriesSpec::new(Corridor::KAZ_USA, Flow::Exports));
}

#[test]
fn public_arithmetic_on_any_years_never_overflows() {
    // Layer::contribution and Project::ramp are public: years validation would refuse still must
    // not overflow (a debug build panics on overflow).
    let l = trade_cost("t", i32::MIN, 1.5);
    for (year, base) in [(i32::MAX, i32::MIN), (i32::MIN, i32::MAX), (0, 0)] {
        let c = l.contribution(year, base, 1.0);
        assert!(c.is_finite(), "{c}");
    }
    let p = bilateral::scenario::Project {
        name: "p".into(),
        first_year: i32::MIN,
        ramp_up_years: 3,
        capacity: 1.0,
        unit_price: 1.0,
        traded_share: 1.0,
    };
    assert_eq!(p.ramp(i32::MAX), 1.0);
    // The first year itself: a third of the way up a three-year ramp.
    assert!((p.ramp(i32::MIN) - 1.0 / 3.0).abs() < 1e-15);
}

// ---- The new wings: one test per class of the hardening issue. ----

/// Class 1: a streamed reader takes a bounded record, and says where the long one starts.
#[test]
fn streamed_readers_bound_a_record() {
    use bilateral::error::FileError;
    use std::io::Read;
    let limit = bilateral::limits::MAX_RECORD_BYTES;
    let header =
        "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue\n2022,KAZ,UZB,X,TOTAL,5\n";
    // One endless line after a good one: an error naming line 3, not an allocation that grows
    // until the machine gives out.
    let endless = header
        .as_bytes()
        .chain(std::io::repeat(b'7').take(4 * limit));
    let e = bilateral::io::comtrade_totals_from("big.csv", endless).unwrap_err();
    assert!(
        matches!(e, Error::File(FileError::RecordTooLong { line: 3, .. })),
        "{e}"
    );
    // An unclosed quote over many short lines is one record too.
    let lines = std::iter::repeat_n("2022,KAZ\n", (limit as usize) / 8).collect::<String>();
    let text = format!("{header}2022,\"KAZ,{lines}");
    let e = bilateral::io::read_comtrade_from("q.csv", text.as_bytes()).unwrap_err();
    assert!(
        matches!(e, Error::File(FileError::RecordTooLong { line: 3, .. })),
        "{e}"
    );
    // The header is bounded the same way, in every reader (a gravity panel here).
    let long_header = "x".repeat(2 * limit as usize);
    let e = bilateral::gravity::Panel::from_csv_bytes(
        "p.csv",
        long_header.as_bytes(),
        &bilateral::gravity::PanelColumns::default(),
    )
    .unwrap_err();
    assert!(
        matches!(e, Error::File(FileError::RecordTooLong { line: 1, .. })),
        "{e}"
    );
    // A device that never ends, read through the path API.
    #[cfg(unix)]
    {
        let e = bilateral::io::comtrade_totals(std::path::Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(e, Error::File(FileError::RecordTooLong { .. })),
            "{e}"
        );
    }
}

/// Class 2: checks a user's input size drives stay near-linear (a hundred thousand regressors
/// parse; a quadratic duplicate check took minutes) and repeated terms are refused.
#[test]
fn user_sized_checks_are_near_linear_and_refuse_repeats() {
    use bilateral::error::GravityError;
    use bilateral::gravity::{Estimator, GravitySpec};
    let terms: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    let formula = format!("trade ~ {} | exporter", terms.join(" + "));
    let spec = GravitySpec::parse(Estimator::Ppml, &formula).unwrap();
    assert_eq!(spec.regressors.len(), 100_000);
    let repeated = format!("trade ~ {} + x7 | exporter", terms.join(" + "));
    let e = GravitySpec::parse(Estimator::Ppml, &repeated).unwrap_err();
    assert!(
        matches!(e, Error::Gravity(GravityError::Formula { .. })),
        "{e}"
    );
    assert!(
        e.to_string().contains("\"x7\" appears twice"),
        "{}",
        excerpt(&e)
    );
    // The message quotes an excerpt of the formula, not 700 KB of it.
    assert!(e.to_string().len() < 2_000, "{} bytes", e.to_string().len());
}

fn excerpt(e: &Error) -> String {
    e.to_string().chars().take(300).collect()
}

/// Class 3: every lower bound a message states is enforced, and no zero reaches a chunk size.
#[test]
fn zeros_that_should_be_refused_are() {
    use bilateral::forecast::{BacktestSpec, backtest};
    use bilateral::scenario::fill_constant;
    let e = RateGrid::even(4.5, 0.0, 0.1, 0, 10, 10.0).unwrap_err();
    assert!(
        matches!(e, Error::Input(InputError::OutOfRange { .. })),
        "{e}"
    );
    // The fields are public: a grid built by hand with zero years is refused, not a panic.
    let grid = RateGrid {
        base: 4.5,
        rates: vec![0.1],
        years: 0,
        target: 10.0,
    };
    assert!(grid.fill(&mut [], &mut [0.0], &mut [0]).is_err());
    fill_constant(&mut [], 1.0, 0);
    fill_constant(&mut [], 1.0, usize::MAX);
    // A backtest with 0 classes: the message says 1 to 100, so 0 is refused.
    let set = bilateral::forecast::SeriesSet::new(
        (2000..2020).collect(),
        vec!["a".into()],
        vec![(0..20).map(|i| 1.0 + f64::from(i)).collect()],
    )
    .unwrap();
    let mut spec = BacktestSpec::agtpa();
    spec.classes = 0;
    spec.origins = vec![2012];
    let e = backtest(&set, &spec).unwrap_err();
    assert!(e.to_string().contains("1 to 100"), "{e}");
}

/// Class 4: a result is finite or a typed error on every path (the fan on and off).
#[test]
fn both_paths_give_finite_results_or_an_error() {
    use bilateral::forecast::{LogSeries, prior};
    let s = scenario(2023, 30, vec![]);
    let huge = Shocks::Normal {
        mean: 40.0,
        sd: 0.1,
    };
    for fan in [true, false] {
        let mut mc = MonteCarlo::new(s.clone(), huge.clone(), 20, 1);
        mc.fan = fan;
        match mc.run() {
            Ok(r) => assert!(bilateral::io::to_json(&r).is_ok(), "fan {fan}: {r:?}"),
            Err(e) => assert!(
                matches!(e, Error::Input(InputError::NonFinite { .. })),
                "{e}"
            ),
        }
        assert!(mc.run().is_err(), "fan {fan}: e^(40·30) overflows");
    }
    // A world whose flows are at the edge of f64, and an extreme σ: finite or an error.
    {
        use bilateral::data::Economy;
        use bilateral::equilibrium::{Baseline, CostTerm, Counterfactual, Pairs};
        let names = Economy::list(["A", "B", "C"]).unwrap();
        let rta = || CostTerm {
            name: "RTA".into(),
            coefficient: 0.5,
            values: vec![0.0; 9],
        };
        for (flows, sigma) in [
            ([1e308; 9], 7.0),
            ([1e-300; 9], 7.0),
            ([1.0; 9], 1e6),
            ([1.0; 9], 1.0 + 1e-12),
        ] {
            let Ok(b) = Baseline::new(
                names.clone(),
                &flows,
                vec![0.0; 9],
                vec![rta()],
                names[0],
                sigma,
            ) else {
                continue;
            };
            let cf =
                Counterfactual::new("A-B").set_term("RTA", Pairs::among([names[0], names[1]]), 1.0);
            if let Ok(r) = b.solve(&cf) {
                // to_json refuses a NaN or infinity anywhere in the result.
                assert!(bilateral::io::to_json(&r).is_ok(), "σ {sigma}: {r}");
            }
        }
    }
    // A prior of series at the edge of f64: finite or an error.
    let edge: Vec<LogSeries> = (0..3)
        .map(|k| {
            let levels: Vec<f64> = (0..6)
                .map(|i| if (i + k) % 2 == 0 { 1e300 } else { 1e-300 })
                .collect();
            LogSeries::from_levels(&[2000, 2001, 2002, 2003, 2004, 2005], &levels).unwrap()
        })
        .collect();
    if let Ok(p) = prior(&edge) {
        for v in [p.drift_mean, p.drift_var, p.sigma2, p.weight] {
            assert!(v.is_finite(), "{p:?}");
        }
    }
}

/// Class 5: duplicates that would make data unaddressable are refused.
#[test]
fn duplicates_that_make_data_unaddressable_are_refused() {
    use bilateral::data::Economy;
    use bilateral::equilibrium::{Baseline, CostTerm};
    use bilateral::error::{EquilibriumError, GravityError};
    use bilateral::gravity::{Estimator, GravitySpec};
    let e = |s: &str| Economy::new(s).unwrap();
    let flows = [10.0, 1.0, 1.0, 10.0];
    let term = |name: &str| CostTerm {
        name: name.into(),
        coefficient: -1.0,
        values: vec![0.0, 1.0, 1.0, 0.0],
    };
    let two = vec![e("A"), e("B")];
    let err = Baseline::new(
        two.clone(),
        &flows,
        vec![0.0; 4],
        vec![term("T"), term("T")],
        e("A"),
        7.0,
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Equilibrium(EquilibriumError::DuplicateTerm { .. })
        ),
        "{err}"
    );
    let err = Baseline::new(
        vec![e("A"), e("a")],
        &flows,
        vec![0.0; 4],
        vec![],
        e("A"),
        7.0,
    );
    assert!(
        err.is_ok(),
        "data codes keep their case: A and a are two economies"
    );
    let err = Baseline::new(
        vec![e("usa"), e("USA")],
        &flows,
        vec![0.0; 4],
        vec![],
        e("USA"),
        7.0,
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Equilibrium(EquilibriumError::DuplicateCountry { .. })
        ),
        "{err}"
    );
    // A fixed effect twice (in either order of an interaction) would count twice in the
    // degrees of freedom.
    for f in [
        "y ~ x | exporter + exporter",
        "y ~ x | exporter^year + year^exporter",
    ] {
        let err = GravitySpec::parse(Estimator::Ppml, f).unwrap_err();
        assert!(
            matches!(err, Error::Gravity(GravityError::Formula { .. })),
            "{f}: {err}"
        );
    }
    // A spec built by hand is checked when fitted.
    let mut spec = GravitySpec::parse(Estimator::Ppml, "y ~ x | exporter").unwrap();
    spec.fixed_effects.push(spec.fixed_effects[0].clone());
    assert!(spec.check_terms().is_err());
}

/// Class 6: degenerate questions are refused, merged or warned about, and the docs say which.
#[test]
fn degenerate_questions_are_refused_merged_or_warned() {
    use bilateral::data::Economy;
    use bilateral::equilibrium::{Baseline, CostTerm, Counterfactual, Pairs};
    use bilateral::error::EquilibriumError;
    use bilateral::forecast::{LogSeries, Method, forecast};
    let e = |s: &str| Economy::new(s).unwrap();
    let names = vec![e("A"), e("B"), e("C")];
    // B and C trade nothing in the data, but their cost is finite: a note says the model gives
    // them trade.
    let flows = [10.0, 1.0, 1.0, 1.0, 10.0, 0.0, 1.0, 0.0, 10.0];
    let rta = CostTerm {
        name: "RTA".into(),
        coefficient: 0.5,
        values: vec![0.0; 9],
    };
    let b = Baseline::new(names, &flows, vec![0.0; 9], vec![rta], e("A"), 7.0).unwrap();
    assert_eq!(b.notes().len(), 1, "{:?}", b.notes());
    assert!(
        b.notes()[0].starts_with("2 international pairs trade 0"),
        "{:?}",
        b.notes()
    );
    // An agreement among one country changes nothing: refused.
    let one = Counterfactual::new("alone").set_term("RTA", Pairs::among([e("A")]), 1.0);
    let err = b.solve(&one).unwrap_err();
    assert!(
        matches!(err, Error::Equilibrium(EquilibriumError::NoPairs { .. })),
        "{err}"
    );
    // The note travels with the result and its text.
    let two =
        Counterfactual::new("A-B").set_term("RTA", Pairs::among([e("A"), e("A"), e("B")]), 1.0);
    let r = b.solve(&two).unwrap();
    assert_eq!(r.notes, b.notes());
    assert!(r.to_string().contains("note: 2 international pairs"), "{r}");
    // Ten thousand copies of one method are one.
    let mut spec = bilateral::forecast::BacktestSpec::agtpa();
    spec.methods = vec![Method::Naive; 10_000];
    assert_eq!(spec.merged().unwrap().methods, [Method::Naive]);
    // A forecast past the year 9999 is refused.
    let s = LogSeries::from_levels(&[9990, 9991, 9992], &[1.0, 2.0, 3.0]).unwrap();
    assert!(forecast(Method::Drift, &s, 7, None).is_ok());
    let err = forecast(Method::Drift, &s, 8, None).unwrap_err();
    assert!(err.to_string().contains("9999"), "{err}");
}

/// Class 7: an empty result is its header, in every format; a terminal table says it is empty.
#[test]
fn empty_is_not_an_error() {
    use bilateral::audit::Findings;
    let empty = Findings::default();
    let csv = bilateral::io::to_csv(&empty).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("id,check,"), "{text}");
    let back: Findings = bilateral::io::read_csv_from("f.csv", &csv).unwrap();
    assert!(back.is_empty());
    let json = bilateral::io::to_json(&empty).unwrap();
    let back: Findings = bilateral::io::read_json_from("f.json", &json).unwrap();
    assert!(back.is_empty());
    assert!(empty.to_string().contains("(no rows)"), "{empty}");
    // An empty shard of a sweep.
    let s = scenario(2023, 5, vec![]);
    let sweep = Sweep::new(s)
        .axis(Axis::list("baseline.rate", [0.05]).unwrap())
        .unwrap();
    let runs = sweep.run_shard(0, 4).unwrap();
    assert!(runs.runs.is_empty());
    let csv = String::from_utf8(bilateral::io::to_csv(&runs).unwrap()).unwrap();
    assert_eq!(csv, "run,baseline.rate,year,total,target\n");
}

/// Class 8: messages say what and where, in a readable length.
#[test]
fn messages_neither_mislead_nor_flood() {
    use bilateral::error::FileError;
    use bilateral::gravity::{Panel, PanelColumns};
    // An empty panel file is an empty file, not a missing column.
    let e = Panel::from_csv_bytes("p.csv", b"", &PanelColumns::default()).unwrap_err();
    assert!(matches!(e, Error::File(FileError::EmptyFile { .. })), "{e}");
    // A file over the size limit is named.
    let dir = std::env::temp_dir().join(format!("bilateral-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(bilateral::limits::MAX_FILE_BYTES + 1).unwrap();
    let e = Dataset::load(&big, None).unwrap_err();
    assert!(
        e.to_string().contains("big.csv") && too_large_root(&e),
        "{e}"
    );
    // A failed write names the target, not a temporary file.
    let target = dir.join("no-such-folder").join("out.json");
    let e = write_json(&target, &1).unwrap_err().to_string();
    assert!(e.contains("out.json") && !e.contains(".tmp"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
    // Huge text in an error is cut to an excerpt that says how long it was.
    let long = "X".repeat(10_000_000);
    for e in [
        bilateral::Country::new(&long).unwrap_err(),
        long.parse::<Usd>().unwrap_err(),
        bilateral::data::Economy::new(&long).unwrap_err(),
    ] {
        let m = e.to_string();
        assert!(
            m.len() < 1_000 && m.contains("10000000 bytes"),
            "{}",
            &m[..m.len().min(300)]
        );
    }
    // A corridor with a missing side is a malformed corridor, not an unknown code "".
    let e = "KAZ->".parse::<Corridor>().unwrap_err();
    assert!(
        matches!(e, Error::Data(DataError::InvalidCorridor { .. })),
        "{e}"
    );
    // A series point that overflows names its year and figures.
    let text = "id,measure,corridor,period,unit,value,source\n\
                a,exports,KAZ->UZB,2023-01..2023-02,usd,1e308,x\n";
    let data = Dataset::from_figures_csv("s.csv", text.as_bytes()).unwrap();
    let spec = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Exports)
        .partial_years(bilateral::growth::PartialYears::ProRata);
    let e = Series::from_dataset(&data, spec).unwrap_err().to_string();
    assert!(e.contains("the 2023 point from a"), "{e}");
    // A scenario field of the wrong type names the layer and the field.
    let e = Scenario::from_json(
        r#"{"name": "x", "base_year": 2023, "horizon": 5,
            "baseline": {"method": "compound", "base": 1, "rate": 0},
            "layers": [{"kind": "trade_cost", "name": "t", "start_year": 2024,
                        "phase_in": {"shape": "immediate"}, "covered_share": "half",
                        "cost_before": 0.1, "cost_after": 0, "import_demand_elasticity": 1.5}]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("layers[0]") && e.contains("covered_share"),
        "{e}"
    );
}

fn too_large_root(e: &Error) -> bool {
    matches!(e.root(), Error::Input(InputError::TooLarge { .. }))
}

/// Class 9: the lists the code publishes match the code, and keywords read as documented
/// (ASCII case ignored: `USD` is `usd`).
#[test]
fn published_lists_match_the_code() {
    for kind in Layer::KINDS {
        let json = format!(r#"{{"kind": "{kind}"}}"#);
        let e = serde_json::from_str::<Layer>(&json)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("unknown variant"), "{kind}: {e}");
    }
    assert!(Layer::KINDS.contains(&"equilibrium_effect"));
    for layer in presets().unwrap().iter().flat_map(|s| s.layers.clone()) {
        assert!(Layer::KINDS.contains(&layer.kind()), "{}", layer.kind());
    }
    use bilateral::data::Unit;
    assert_eq!("USD".parse::<Unit>().unwrap(), Unit::Usd);
    assert_eq!(
        "Usd".parse::<Unit>().unwrap(),
        "usd".parse::<Unit>().unwrap()
    );
}
