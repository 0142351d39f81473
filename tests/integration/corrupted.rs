//! Corrupted JSON of every public result type is rejected, with an error that names the field.
//!
//! Each type is written as JSON, then one value somewhere in the document is replaced by a value of
//! the wrong kind (a number by a string, a string by a number, a flag by a string, a null or an
//! empty list by an object or a string). Reading it back must fail with `FileError::Document` whose
//! field path is not the document itself and leads to the corrupted value (the error may stop at an
//! enclosing value: a type that checks its parts in its constructor reports at its own path).

use bilateral::audit::{Reconciliation, mirror_from_dataset};
use bilateral::data::{Regime, RegimeFact};
use bilateral::error::FileError;
use bilateral::growth::{SeriesSpec, TrendModel};
use bilateral::io::read_json_from;
use bilateral::outlook::{TargetOutlook, TargetSpec, target_outlook};
use bilateral::scenario::{
    Axis, MonteCarlo, MonteCarloResult, PathSummary, Shocks, Sweep, presets,
};
use bilateral::{
    Corridor, Dataset, Error, Estimate, Figure, Flow, Interval, Scenario, ScenarioResult, Series,
    TrendFit,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every leaf of a JSON document with its path as serde_path_to_error writes it (`a.b[2].c`).
fn leaves(v: &Value, path: &str, out: &mut Vec<String>) {
    let child = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                leaves(x, &child(k), out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => out.push(path.to_owned()),
    }
}

/// The value at a path written by [`leaves`].
fn at<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut cur = v;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            cur = cur.get_mut(key)?;
        }
        for idx in indices.split('[').filter(|s| !s.is_empty()) {
            let i: usize = idx.trim_end_matches(']').parse().ok()?;
            cur = cur.get_mut(i)?;
        }
    }
    Some(cur)
}

/// A value of the wrong kind for `v`.
fn corrupt(v: &Value) -> Value {
    match v {
        Value::Number(_) => Value::String("corrupt".into()),
        Value::String(_) => Value::from(12345),
        Value::Bool(_) => Value::String("corrupt".into()),
        Value::Null | Value::Array(_) | Value::Object(_) => {
            serde_json::json!({ "corrupt": [1, 2, 3] })
        }
    }
}

/// Whether one path is the other or encloses it.
fn encloses(outer: &str, inner: &str) -> bool {
    outer == inner
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Whether `error_path` names the corrupted value, one of its enclosing values, or a field
/// inside the corrupted value (and not the document itself).
fn leads_to(error_path: &str, path: &str) -> bool {
    error_path != "." && (encloses(error_path, path) || encloses(path, error_path))
}

/// Corrupts the leaf `pick` (modulo the number of leaves) of `value`'s JSON and checks the
/// rejection.
fn check<T: Serialize + DeserializeOwned>(value: &T, pick: usize) -> Result<(), TestCaseError> {
    let mut doc = serde_json::to_value(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut paths = Vec::new();
    leaves(&doc, "", &mut paths);
    prop_assume!(!paths.is_empty());
    let path = paths[pick % paths.len()].clone();
    let slot = at(&mut doc, &path).ok_or_else(|| TestCaseError::fail(format!("no {path}")))?;
    *slot = corrupt(slot);
    let text = doc.to_string();
    match read_json_from::<T>("corrupt.json", text.as_bytes()) {
        Ok(_) => Err(TestCaseError::fail(format!(
            "accepted a corrupted {path}: {text}"
        ))),
        Err(Error::File(FileError::Document {
            path: error_path,
            file,
            ..
        })) => {
            prop_assert_eq!(file, "corrupt.json");
            prop_assert!(
                leads_to(&error_path, &path),
                "corrupted {}, error names {}",
                path,
                error_path
            );
            Ok(())
        }
        Err(other) => Err(TestCaseError::fail(format!("{path}: {other:?}"))),
    }
}

/// One value of each public result type, built once.
struct Samples {
    dataset: Dataset,
    figures: Vec<Figure>,
    regimes: Vec<RegimeFact>,
    findings: bilateral::audit::Findings,
    estimate: Estimate,
    interval: Interval,
    series: Series,
    fit: TrendFit,
    outlook: TargetOutlook,
    scenario: Scenario,
    result: ScenarioResult,
    sweep: Sweep,
    runs: bilateral::scenario::SweepRuns,
    summary: PathSummary,
    montecarlo: MonteCarlo,
    mc_result: MonteCarloResult,
    mirror: bilateral::audit::MirrorPairs,
}

fn samples() -> &'static Samples {
    static SAMPLES: std::sync::OnceLock<Samples> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(|| {
        let dataset = Dataset::builtin().unwrap();
        let spec = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover);
        let series = Series::from_dataset(&dataset, spec).unwrap();
        let fit = series.fit(TrendModel::LogLinear).unwrap();
        let estimate = |id: &str| dataset.figure(id).and_then(Figure::estimate).unwrap();
        let outlook = target_outlook(
            &dataset,
            &TargetSpec::new(
                spec,
                2023,
                estimate("d002.turnover.2023.a"),
                estimate("d002.target.a"),
                2026..=2030,
            ),
        )
        .unwrap();
        let all = presets().unwrap();
        let scenario = all[4].clone();
        let result = scenario.run().unwrap();
        let sweep = Sweep::new(all[1].clone())
            .axis(Axis::range("baseline.rate", 0.0, 0.1, 3).unwrap())
            .unwrap();
        let runs = sweep.run().unwrap();
        let summary = sweep.summarize(&runs, 10e9, &[0.1, 0.5, 0.9]).unwrap();
        let mut montecarlo = MonteCarlo::new(
            all[0].clone(),
            Shocks::Normal {
                mean: 0.05,
                sd: 0.08,
            },
            64,
            7,
        );
        montecarlo.quantiles = vec![0.1, 0.5, 0.9];
        let mc_result = montecarlo.run().unwrap();
        let mirror =
            mirror_from_dataset(&dataset, Corridor::KAZ_UZB, Reconciliation::default()).unwrap();
        Samples {
            figures: dataset.figures().to_vec(),
            regimes: dataset
                .regimes()
                .iter()
                .filter(|r| r.regime != Regime::FreeTrade)
                .cloned()
                .collect(),
            findings: bilateral::audit::audit(&dataset),
            estimate: estimate("d002.exports.2023"),
            interval: Interval::new(1.2e9, f64::INFINITY).unwrap(),
            dataset,
            series,
            fit,
            outlook,
            scenario,
            result,
            sweep,
            runs,
            summary,
            montecarlo,
            mc_result,
            mirror,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn corrupted_json_is_rejected_with_a_named_field(pick in any::<usize>()) {
        let s = samples();
        check(&s.dataset, pick)?;
        check(&s.figures, pick)?;
        check(&s.regimes, pick)?;
        check(&s.findings, pick)?;
        check(&s.estimate, pick)?;
        check(&s.interval, pick)?;
        check(&s.series, pick)?;
        check(&s.fit, pick)?;
        check(&s.outlook, pick)?;
        check(&s.scenario, pick)?;
        check(&s.result, pick)?;
        check(&s.sweep, pick)?;
        check(&s.runs, pick)?;
        check(&s.summary, pick)?;
        check(&s.montecarlo, pick)?;
        check(&s.mc_result, pick)?;
        check(&s.mirror, pick)?;
    }
}

#[test]
fn every_leaf_of_a_small_document_is_checked() {
    // Exhaustively, for the types small enough: every leaf, not a sample.
    let s = samples();
    for n in 0..64 {
        check(&s.estimate, n).unwrap();
        check(&s.interval, n).unwrap();
        check(&s.fit, n).unwrap();
        check(&s.summary, n).unwrap();
    }
}

/// Reads `T` from `doc` with the value at `path` replaced; the error message, or "" if accepted.
fn with<T: Serialize + DeserializeOwned>(value: &T, path: &str, new: Value) -> String {
    let mut doc = serde_json::to_value(value).unwrap();
    *at(&mut doc, path).unwrap() = new;
    match read_json_from::<T>("x.json", doc.to_string().as_bytes()) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn invariants_are_checked_when_read() {
    let s = samples();
    // Values of the right type that a constructor refuses, each named by its path.
    let e = with(&s.sweep, "axes[0].values", serde_json::json!([]));
    assert!(e.contains("\"baseline.rate\" has no values"), "{e}");
    let e = with(&s.estimate, "point", serde_json::json!(9e9));
    assert!(e.contains("inside its interval"), "{e}");
    let e = with(&s.figures, "[0].value.value", serde_json::json!(-1.0));
    assert!(e.contains("at [0]") && e.contains("negative"), "{e}");
    let first = s.dataset.figures()[0].id().to_string();
    let e = with(&s.dataset, "figures[1].id", Value::String(first));
    assert!(
        e.contains("duplicate id") && e.contains("figure #1 (") && e.contains("figure #2 ("),
        "{e}"
    );
    let year = s.series.points()[0].year;
    let e = with(&s.series, "points[1].year", Value::from(year));
    assert!(e.contains("two points for year"), "{e}");
    let e = with(&s.fit, "stats.slope", serde_json::json!(0.5));
    assert!(e.contains("slope = 0.5 does not match"), "{e}");
    let e = with(&s.scenario, "horizon", serde_json::json!(0));
    assert!(e.contains("at least one year"), "{e}");
    let e = with(&s.estimate, "interval.hi", serde_json::json!(1.0));
    assert!(e.contains("at interval"), "an interval with hi < lo: {e}");
}
