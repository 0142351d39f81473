//! Loading the built-in data and running the audit.

use std::hint::black_box;

use bilateral::Dataset;
use bilateral::audit::audit;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let data = Dataset::builtin().unwrap_or_default();
    let figures = u64::try_from(data.figures().len()).unwrap_or(0);
    let mut group = c.benchmark_group("dataset");
    group.throughput(Throughput::Elements(figures));
    group.bench_function("load_builtin", |b| b.iter(|| black_box(Dataset::builtin())));
    group.bench_function("audit_builtin", |b| {
        b.iter(|| black_box(audit(black_box(&data))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
