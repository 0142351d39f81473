//! Scenarios, sweeps and Monte Carlo: layer formulas against worked examples, exact additivity,
//! determinism across thread counts and shards, serde round trips, and errors.

use crate::common::REL;
use approx::assert_relative_eq;
use bilateral::error::{FileError, InputError, ScenarioError};
use bilateral::scenario::{
    Axis, Baseline, ImportSubstitution, Layer, MonteCarlo, PhaseIn, Project, ProjectPipeline,
    Shocks, Sweep, TradeCost, Uncertain, presets,
};
use bilateral::{Error, Scenario};

fn flat(base: f64, horizon: u32, layers: Vec<Layer>) -> Scenario {
    Scenario {
        name: "test".into(),
        description: String::new(),
        base_year: 2023,
        horizon,
        target: Some(10e9),
        baseline: Baseline::Compound { base, rate: 0.0 },
        layers,
    }
}

fn trade_cost(ratio: f64) -> TradeCost {
    TradeCost {
        name: "tc".into(),
        start_year: 2024,
        phase_in: PhaseIn::Immediate,
        covered_share: 0.5,
        cost_before: 0.10,
        cost_after: 0.0,
        import_demand_elasticity: 2.0,
        substitution_elasticity: 1.5,
        third_country_ratio: ratio,
    }
}

fn run(s: &Scenario) -> bilateral::ScenarioResult {
    s.run().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn trade_cost_creation_and_diversion() {
    // Flow 100, covered half: M = 50. t₀ = 10% → t₁ = 0, η = 2, σ = 1.5, R = 1.
    // Creation: 50 · 2 · 0.10 / 1.10 = 9.090909.
    // Diversion: 1.5 · 50 · 1/2 · (1 − 1/1.10) = 37.5 · 0.090909 = 3.409091.
    let tc = trade_cost(1.0);
    assert_relative_eq!(tc.full_effect(100.0), 9.090_909 + 3.409_091, epsilon = 1e-5);
    let r = run(&flat(100.0, 3, vec![Layer::TradeCost(tc)]));
    // 2023 is before the start; 2024 on, full effect.
    assert_eq!(r.contributions[0].values[0], 0.0);
    assert_relative_eq!(r.contributions[0].values[1], 12.5, epsilon = 1e-9);
    // No third-country supply, no diversion: creation alone.
    assert_relative_eq!(
        trade_cost(0.0).full_effect(100.0),
        9.090_909,
        epsilon = 1e-6
    );
    // Diversion is capped at third-country imports: R = 0.01 → at most 0.5, and σ = 1000 would
    // otherwise divert 1000 · 50 · 0.01/1.01 · 0.0909 = 45.0.
    let mut capped = trade_cost(0.01);
    capped.substitution_elasticity = 1000.0;
    assert_relative_eq!(capped.full_effect(100.0), 9.090_909 + 0.5, epsilon = 1e-6);
}

#[test]
fn import_substitution_phases_in() {
    // $2 billion of third-country imports in 2023 growing 3%, 10% switching over 5 years from
    // 2025. 2027 is year 3 of the phase-in: 0.6 · 0.1 · 2e9 · 1.03⁴ = 0.06 · 2e9 · 1.12550881.
    let layer = Layer::ImportSubstitution(ImportSubstitution {
        name: "is".into(),
        start_year: 2025,
        phase_in: PhaseIn::Linear { years: 5 },
        third_country_imports: 2e9,
        third_country_growth: 0.03,
        share: 0.1,
    });
    let r = run(&flat(4.5e9, 10, vec![layer]));
    assert_eq!(&r.contributions[0].values[..2], &[0.0, 0.0]);
    assert_relative_eq!(
        r.contributions[0].values[4],
        0.06 * 2e9 * 1.125_508_81,
        max_relative = 1e-9
    );
}

#[test]
fn project_pipeline_ramps_up() {
    // 500,000 t × $600 × 30% = $90 million a year at full output, over three years from 2026.
    let layer = Layer::ProjectPipeline(ProjectPipeline {
        name: "pp".into(),
        projects: vec![Project {
            name: "taraz".into(),
            first_year: 2026,
            ramp_up_years: 3,
            capacity: 500_000.0,
            unit_price: 600.0,
            traded_share: 0.3,
        }],
    });
    let r = run(&flat(4.5e9, 8, vec![layer]));
    let v = &r.contributions[0].values;
    assert_eq!(v[2], 0.0); // 2025
    assert_relative_eq!(v[3], 3e7, max_relative = REL); // 2026: 1/3
    assert_relative_eq!(v[4], 6e7, max_relative = REL); // 2027: 2/3
    assert_relative_eq!(v[5], 9e7, max_relative = REL); // 2028 on: full
    assert_relative_eq!(v[8], 9e7, max_relative = REL);
}

#[test]
fn layers_stack_in_order() {
    // A trade-cost layer listed after a pipeline applies to the pipeline's trade too.
    let pipeline = Layer::ProjectPipeline(ProjectPipeline {
        name: "pp".into(),
        projects: vec![Project {
            name: "p".into(),
            first_year: 2024,
            ramp_up_years: 0,
            capacity: 1.0,
            unit_price: 20.0,
            traded_share: 1.0,
        }],
    });
    let r = run(&flat(
        80.0,
        2,
        vec![pipeline, Layer::TradeCost(trade_cost(1.0))],
    ));
    // 2024: 80 + 20 = 100 before the trade-cost layer, whose effect on 100 is 12.5.
    assert_relative_eq!(r.contributions[1].values[1], 12.5, epsilon = 1e-9);
    assert_relative_eq!(r.total[1], 112.5, epsilon = 1e-9);
}

#[test]
fn contributions_add_up_to_the_total_exactly() {
    for s in presets().unwrap() {
        let r = run(&s);
        for t in 0..r.years.len() {
            let mut sum = r.baseline[t];
            for c in &r.contributions {
                sum += c.values[t];
            }
            assert_eq!(
                sum.to_bits(),
                r.total[t].to_bits(),
                "{} year {}",
                s.name,
                r.years[t]
            );
        }
    }
}

#[test]
fn each_lever_adds_to_the_baseline() {
    let all = presets().unwrap();
    let last = |name: &str| {
        let s = all
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        let r = run(s);
        (
            r.total.last().copied().unwrap_or(f64::NAN),
            r.first_year_reaching(10e9),
        )
    };
    let (baseline, reached) = last("kaz-uzb baseline");
    // 4.5 · 1.295^(12/5) = 4.5 · 1.85835 = 8.3626 billion in 2035: short of $10 billion, which
    // this pace reaches after ln(10/4.5) / ln 1.053062 = 15.44 years.
    assert_relative_eq!(
        baseline,
        4.5e9 * 1.295f64.powf(12.0 / 5.0),
        max_relative = 1e-9
    );
    assert_eq!(reached, None);
    let (all_levers, _) = last("kaz-uzb all levers");
    for lever in [
        "kaz-uzb free trade regime",
        "kaz-uzb import substitution",
        "kaz-uzb industrial projects",
    ] {
        let (v, _) = last(lever);
        assert!(baseline < v && v < all_levers, "{lever}: {v}");
    }
}

fn one_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
        .install(f)
}

#[test]
fn sweeps_are_the_same_on_any_thread_count_and_in_shards() -> bilateral::Result<()> {
    let base = presets()?
        .into_iter()
        .find(|s| s.name == "kaz-uzb all levers")
        .unwrap_or_else(|| panic!("preset"));
    let sweep = Sweep::new(base)
        .axis(Axis::range("baseline.rate", -0.05, 0.15, 9)?)?
        .axis(Axis::list(
            "free_trade.import_demand_elasticity",
            [0.5, 1.5, 3.0],
        )?)?
        .axis(Axis::range(
            "industrial_projects.taraz_steel.unit_price",
            400.0,
            800.0,
            3,
        )?)?;
    assert_eq!(sweep.len(), 81);
    let many = sweep.run()?;
    let single = one_thread(|| sweep.run())?;
    assert!(many == single);
    // Lazy iteration gives the same runs.
    let lazy: Vec<_> = sweep.iter().collect::<bilateral::Result<_>>()?;
    assert!(lazy == many.runs);
    // Shards of 3 and of 7, in any order, make the whole sweep.
    for n in [3, 7] {
        let mut shards: Vec<_> = (0..n)
            .map(|i| sweep.run_shard(i, n))
            .collect::<bilateral::Result<_>>()?;
        shards.reverse();
        assert!(sweep.combine(shards)? == many);
    }
    // Params of run 0 are the first value of each axis; the last axis varies fastest.
    assert_eq!(many[0].params, vec![-0.05, 0.5, 400.0]);
    assert_eq!(many[1].params, vec![-0.05, 0.5, 600.0]);
    // A missing shard is an error.
    assert!(matches!(
        sweep.combine(vec![sweep.run_shard(0, 2)?]),
        Err(Error::Scenario(ScenarioError::Shard { .. }))
    ));
    assert!(matches!(
        sweep.shard(2, 2),
        Err(Error::Scenario(ScenarioError::Shard { .. }))
    ));

    let summary = sweep.summarize(&many, 10e9, &[])?;
    assert_eq!(summary.paths, 81);
    assert_eq!(summary.fan.len(), 5);
    // Reach shares never fall.
    assert!(summary.reached_by.windows(2).all(|w| w[0] <= w[1]));
    Ok(())
}

fn iid(paths: usize, seed: u64) -> MonteCarlo {
    let s = Scenario {
        name: "iid".into(),
        description: String::new(),
        base_year: 2023,
        horizon: 10,
        target: Some(10.0),
        baseline: Baseline::Compound {
            base: 4.5,
            rate: 0.0,
        },
        layers: vec![],
    };
    MonteCarlo::new(
        s,
        Shocks::Normal {
            mean: 0.05,
            sd: 0.08,
        },
        paths,
        seed,
    )
}

#[test]
fn monte_carlo_matches_closed_forms() -> bilateral::Result<()> {
    // Final log level ~ Normal(ln 4.5 + 10 · 0.05, 0.08² · 10): median 4.5 · e^0.5 = 7.41932;
    // P(final ≥ 10) = 1 − Φ((ln(10/4.5) − 0.5) / (0.08 · √10)) = 1 − Φ(0.798508 − 0.5) / 0.252982)
    // = 1 − Φ(1.17996) = 1 − 0.88099 = 0.11901.
    let mut mc = iid(400_000, 11);
    mc.fan = false;
    let r = mc.run()?;
    assert_relative_eq!(r.final_quantiles[2], 7.41932, epsilon = 0.02);
    // Binomial sd at 400,000 paths: √(0.119 · 0.881 / 4e5) = 0.00051; allow 5 sd.
    assert_relative_eq!(r.final_at_least_target, 0.11901, epsilon = 0.0026);
    // Reaching at any year is at least as likely as ending above.
    assert!(r.reached_by.last().copied().unwrap_or(0.0) >= r.final_at_least_target);
    Ok(())
}

#[test]
fn monte_carlo_is_the_same_on_any_thread_count() -> bilateral::Result<()> {
    // With layers and an uncertain parameter, through the general path, fan kept.
    let mut base = presets()?
        .into_iter()
        .find(|s| s.name == "kaz-uzb all levers")
        .unwrap_or_else(|| panic!("preset"));
    base.baseline = Baseline::Compound {
        base: 4.5e9,
        rate: 0.0,
    };
    let mut mc = MonteCarlo::new(
        base,
        Shocks::Normal {
            mean: 0.05,
            sd: 0.1,
        },
        10_000,
        3,
    );
    mc.uncertain = vec![Uncertain {
        path: "free_trade.import_demand_elasticity".into(),
        low: 0.5,
        high: 3.0,
    }];
    let many = mc.run()?;
    let single = one_thread(|| mc.run())?;
    assert!(many == single);
    assert_eq!(many.fan.len(), 5);
    // A different seed gives different draws.
    mc.seed = 4;
    assert!(mc.run()? != many);
    Ok(())
}

#[test]
fn bootstrap_shocks_from_a_fit() -> bilateral::Result<()> {
    let fit = bilateral::TrendFit::new(
        &[(2019, 1.0), (2020, 1.2), (2021, 1.3), (2022, 1.7)],
        bilateral::growth::TrendModel::LogLinear,
    )?;
    let shocks = Shocks::from_fit(&fit)?;
    let Shocks::Bootstrap { drift, residuals } = &shocks else {
        panic!("bootstrap")
    };
    assert_relative_eq!(*drift, fit.slope(), max_relative = REL);
    // Least-squares residuals sum to zero.
    assert!(residuals.iter().sum::<f64>().abs() < 1e-12);
    let mut s = flat(1.7, 5, vec![]);
    s.target = Some(2.0);
    let r = MonteCarlo::new(s, shocks, 1000, 1).run()?;
    assert_eq!(r.paths, 1000);
    Ok(())
}

#[test]
fn scenario_files_round_trip() -> bilateral::Result<()> {
    for s in presets().unwrap() {
        let back = Scenario::from_json(&s.to_json()?)?;
        assert_eq!(back, s);
        let back = Scenario::from_toml(&s.to_toml()?)?;
        assert_eq!(back, s);
        let r = s.run()?;
        let json = serde_json::to_string(&r).unwrap_or_default();
        let back: bilateral::ScenarioResult =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert!(back == r);
    }
    Ok(())
}

#[test]
fn scenario_file_errors() {
    let good = presets()
        .unwrap()
        .into_iter()
        .nth(1)
        .unwrap_or_else(|| panic!("preset"));
    // An unknown layer kind, in TOML and in JSON.
    let toml = good.to_toml().unwrap_or_default();
    let bad = format!("{toml}\n[[layers]]\nkind = \"tariff_magic\"\nname = \"x\"\n");
    assert!(
        matches!(Scenario::from_toml(&bad), Err(Error::File(FileError::Document { format: "toml", ref path, ref message, .. }))
            if path.starts_with("layers") && message.contains("tariff_magic"))
    );
    let mut json: serde_json::Value =
        serde_json::from_str(&good.to_json().unwrap_or_default()).unwrap_or_default();
    json["layers"][0]["kind"] = "tariff_magic".into();
    assert!(matches!(
        Scenario::from_json(&json.to_string()),
        Err(Error::File(FileError::Document { format: "json", ref path, .. })) if path.starts_with("layers")
    ));
    // A parameter out of range.
    let mut s = flat(100.0, 5, vec![Layer::TradeCost(trade_cost(1.0))]);
    s.set("tc.covered_share", 1.5)
        .unwrap_or_else(|e| panic!("{e}"));
    let json = s.to_json().unwrap_or_default();
    assert!(matches!(
        Scenario::from_json(&json),
        Err(Error::Scenario(ScenarioError::Parameter { parameter, value, .. })) if parameter == "covered_share" && value == 1.5
    ));
    // A phase-in longer than the horizon.
    let mut long = trade_cost(1.0);
    long.phase_in = PhaseIn::Linear { years: 9 };
    let s = flat(100.0, 5, vec![Layer::TradeCost(long)]);
    assert!(matches!(
        s.run(),
        Err(Error::Scenario(ScenarioError::PhaseInTooLong {
            years: 9,
            horizon: 5,
            ..
        }))
    ));
    // Malformed text, a zero horizon, an unknown parameter path, a rate at -100%.
    assert!(matches!(
        Scenario::from_json("{"),
        Err(Error::File(FileError::Document { format: "json", .. }))
    ));
    assert!(matches!(
        flat(100.0, 0, vec![]).run(),
        Err(Error::Input(InputError::ZeroHorizon))
    ));
    let mut s = flat(100.0, 5, vec![]);
    assert!(matches!(
        s.set("nope.x", 1.0),
        Err(Error::Scenario(ScenarioError::UnknownParameter { .. }))
    ));
    s.baseline = Baseline::Compound {
        base: 100.0,
        rate: -1.0,
    };
    assert!(matches!(
        s.run(),
        Err(Error::Scenario(ScenarioError::Parameter { .. }))
    ));
}
