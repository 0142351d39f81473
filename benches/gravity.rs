//! The demeaning kernel of the gravity estimators: partialling exporter-year, importer-year and
//! directed-pair fixed effects out of two columns, on a synthetic panel
//! (`bilateral::gravity::synthetic`), throughput in observations per second. Then a whole PPML
//! fit on the same panel, and a PPML fit per fixed-effect solver on the fixest_benchmarks
//! panels.

use std::hint::black_box;

use bilateral::gravity::demean::{Demeaner, FixedEffectCodes};
use bilateral::gravity::synthetic::synthetic_panel;
use bilateral::gravity::synthetic::{Design, fixest_panel};
use bilateral::gravity::{Gravity, Options, Solver};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn codes(countries: usize, years: usize) -> (FixedEffectCodes, Vec<f64>, Vec<f64>) {
    let panel = synthetic_panel(countries, years, 7).expect("synthetic panel");
    let t0 = panel.times().iter().copied().min().unwrap_or(0);
    let c = countries as u32;
    let t_of = |t: i64| u32::try_from(t - t0).unwrap_or(0);
    let exp_year: Vec<u32> = panel
        .exporters()
        .iter()
        .zip(panel.times())
        .map(|(e, t)| e * years as u32 + t_of(*t))
        .collect();
    let imp_year: Vec<u32> = panel
        .importers()
        .iter()
        .zip(panel.times())
        .map(|(i, t)| i * years as u32 + t_of(*t))
        .collect();
    let pair: Vec<u32> = panel
        .exporters()
        .iter()
        .zip(panel.importers())
        .map(|(e, i)| e * c + i)
        .collect();
    let g = countries * years;
    let fe = FixedEffectCodes::new(
        vec![exp_year, imp_year, pair],
        vec![g, g, countries * countries],
    )
    .expect("codes");
    let x1 = panel.numeric("x1").expect("x1").to_vec();
    let y: Vec<f64> = panel.values().iter().map(|v| (v + 1.0).ln()).collect();
    (fe, x1, y)
}

fn demeaning(c: &mut Criterion) {
    let mut group = c.benchmark_group("gravity");
    group.sample_size(10);
    for (countries, years) in [(60, 10), (150, 20)] {
        let (fe, x1, y) = codes(countries, years);
        let w = vec![1.0; fe.len()];
        group.throughput(Throughput::Elements(fe.len() as u64));
        group.bench_function(format!("demean_3fe_2cols_{}obs", fe.len()), |b| {
            b.iter(|| {
                let d = Demeaner::new(&fe, &w, 1e-8, 100_000).expect("demeaner");
                black_box(d.demean(&[&y, &x1], None).expect("demean"))
            })
        });
    }
    let panel = synthetic_panel(60, 10, 7).expect("synthetic panel");
    group.throughput(Throughput::Elements(panel.len() as u64));
    group.bench_function(format!("ppml_fit_{}obs", panel.len()), |b| {
        let model = Gravity::ppml(&panel)
            .formula("trade ~ x1 + x2 | exp_year + imp_year + pair")
            .expect("formula")
            .cluster(["pair"]);
        b.iter(|| black_box(model.fit().expect("fit")))
    });
    group.finish();
}

/// A whole PPML fit per fixed-effect solver on both fixest_benchmarks designs at 100,000 rows
/// (`negbin_y ~ x1 + x2 | indiv_id + firm_id + year`), throughput in observations.
fn solvers(c: &mut Criterion) {
    let mut group = c.benchmark_group("gravity_solver");
    group.sample_size(10);
    for design in [Design::Simple, Design::Difficult] {
        let panel = fixest_panel(100_000, design, 1).expect("benchmark panel");
        group.throughput(Throughput::Elements(panel.len() as u64));
        for solver in [
            Solver::Auto,
            Solver::Alternating,
            Solver::Direct,
            Solver::ConjugateGradient,
        ] {
            // Alternating projections need minutes on the difficult design: left out there.
            if design == Design::Difficult && solver == Solver::Alternating {
                continue;
            }
            let model = Gravity::ppml(&panel)
                .formula("negbin_y ~ x1 + x2 | indiv_id + firm_id + year")
                .expect("formula")
                .cluster(["indiv_id"])
                .options(Options {
                    solver,
                    ..Options::default()
                });
            let name = solver.to_string().replace(' ', "_");
            group.bench_function(format!("fixest_{design}_{name}_100k"), |b| {
                b.iter(|| black_box(model.fit().expect("fit")))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, demeaning, solvers);
criterion_main!(benches);
