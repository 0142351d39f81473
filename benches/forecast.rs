//! The forecasting backtest: every method at rolling origins over 3,459 annual series of 21
//! years (the size of the AGTPA benchmark), throughput in series; one method at a time and all
//! together. The series are random walks with drift drawn from a fixed seed, so the bench needs
//! no data file; with `BILATERAL_AGTPA` (or `../shared/data/agtpa`) present it also runs on the
//! AGTPA RTA panel itself.

use std::hint::black_box;

use bilateral::forecast::{BacktestSpec, Method, SeriesSet, backtest};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64Mcg;

fn synthetic(series: usize) -> SeriesSet {
    let mut rng = Pcg64Mcg::seed_from_u64(14);
    let years: Vec<i32> = (1986..=2006).collect();
    let levels = (0..series)
        .map(|_| {
            let drift = rng.random_range(-0.05..0.2);
            let vol = rng.random_range(0.05..0.6);
            let mut y: f64 = rng.random_range(0.0..8.0);
            years
                .iter()
                .map(|_| {
                    let z: f64 = StandardNormal.sample(&mut rng);
                    y += drift + vol * z;
                    y.exp()
                })
                .collect()
        })
        .collect();
    let ids = (0..series).map(|s| format!("s{s}")).collect();
    SeriesSet::new(years, ids, levels).expect("synthetic set")
}

fn bench(c: &mut Criterion) {
    let set = synthetic(3459);
    let mut group = c.benchmark_group("backtest_3459x21");
    group.throughput(Throughput::Elements(set.len() as u64));
    group.sample_size(10);
    for &method in Method::ALL {
        let spec = BacktestSpec {
            methods: vec![method],
            ..BacktestSpec::agtpa()
        };
        group.bench_function(method.as_str(), |b| {
            b.iter(|| black_box(backtest(&set, &spec).expect("backtest")))
        });
    }
    let all = BacktestSpec::agtpa();
    group.bench_function("all_methods", |b| {
        b.iter(|| black_box(backtest(&set, &all).expect("backtest")))
    });
    group.finish();
    let dir = std::env::var_os("BILATERAL_AGTPA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("../shared/data/agtpa"));
    let file = dir.join("rta_panel_1986_2006.csv");
    if let Ok(panel) = bilateral::gravity::Panel::from_csv(&file, &Default::default()) {
        let set = panel.international_series().expect("series");
        let mut group = c.benchmark_group("backtest_agtpa");
        group.throughput(Throughput::Elements(set.len() as u64));
        group.sample_size(10);
        group.bench_function("all_methods", |b| {
            b.iter(|| black_box(backtest(&set, &all).expect("backtest")))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
