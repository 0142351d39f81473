//! Scenario runs, sweeps and Monte Carlo, with throughput in their natural units.

use std::hint::black_box;

use bilateral::Scenario;
use bilateral::scenario::{
    Axis, Baseline, MonteCarlo, RateGrid, Shocks, Sweep, Uncertain, presets,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn all_levers() -> Scenario {
    presets()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|s| s.name == "kaz-uzb all levers")
        .unwrap_or_else(|| panic!("preset"))
}

fn scenarios(c: &mut Criterion) {
    let mut group = c.benchmark_group("scenario");
    for s in presets().unwrap_or_else(|e| panic!("{e}")) {
        group.throughput(Throughput::Elements(u64::from(s.horizon) + 1));
        group.bench_with_input(BenchmarkId::new("run", &s.name), &s, |b, s| {
            b.iter(|| black_box(s.run()))
        });
    }
    group.finish();
}

fn sweeps(c: &mut Criterion) {
    let mut group = c.benchmark_group("sweep");
    let sweep = Sweep::new(all_levers())
        .axis(Axis::range("baseline.rate", -0.05, 0.15, 10).unwrap_or_else(|e| panic!("{e}")))
        .and_then(|s| {
            s.axis(Axis::range(
                "free_trade.import_demand_elasticity",
                0.5,
                3.0,
                10,
            )?)
        })
        .and_then(|s| s.axis(Axis::range("import_substitution.share", 0.0, 0.3, 10)?))
        .unwrap_or_else(|e| panic!("{e}"));
    group.throughput(Throughput::Elements(sweep.len() as u64));
    group.bench_function("scenario_grid_1000_runs", |b| {
        b.iter(|| black_box(sweep.run()))
    });

    let (n, y) = (100_000usize, 10usize);
    let grid = RateGrid::even(4.5, -0.10, 0.30, n, y, 10.0).unwrap_or_else(|e| panic!("{e}"));
    let (mut v, mut f, mut k) = (vec![0.0; n * y], vec![0.0; n], vec![0u32; n]);
    group.throughput(Throughput::Elements((n * y) as u64));
    group.bench_function("rate_grid_100k_x_10_values", |b| {
        b.iter(|| grid.fill(black_box(&mut v), &mut f, &mut k))
    });
    group.finish();
}

fn montecarlo(c: &mut Criterion) {
    let mut group = c.benchmark_group("montecarlo");
    group.sample_size(20);
    let iid = Scenario {
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
    let mut plain = MonteCarlo::new(
        iid,
        Shocks::Normal {
            mean: 0.05,
            sd: 0.08,
        },
        200_000,
        1,
    );
    plain.fan = false;
    group.throughput(Throughput::Elements(plain.paths as u64));
    group.bench_function("iid_normal_200k_paths", |b| {
        b.iter(|| black_box(plain.run()))
    });

    let mut fan = plain.clone();
    fan.fan = true;
    group.bench_function("iid_normal_200k_paths_with_fan", |b| {
        b.iter(|| black_box(fan.run()))
    });

    let mut layered = MonteCarlo::new(
        all_levers(),
        Shocks::Normal {
            mean: 0.05,
            sd: 0.08,
        },
        20_000,
        1,
    );
    layered.uncertain = vec![Uncertain {
        path: "free_trade.import_demand_elasticity".into(),
        low: 0.5,
        high: 3.0,
    }];
    group.throughput(Throughput::Elements(layered.paths as u64));
    group.bench_function("all_levers_uncertain_elasticity_20k_paths", |b| {
        b.iter(|| black_box(layered.run()))
    });
    group.finish();
}

criterion_group!(benches, scenarios, sweeps, montecarlo);
criterion_main!(benches);
