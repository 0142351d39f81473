//! Every result type written and read back gives the same values and provenance; writes are
//! atomic.

use std::path::PathBuf;

use crate::common::{builtin, estimate};
use bilateral::audit::audit;
use bilateral::growth::SeriesSpec;
use bilateral::io::{read_json, write_json};
use bilateral::outlook::{TargetOutlook, TargetSpec, target_outlook};
use bilateral::scenario::{Axis, MonteCarlo, Shocks, Sweep, presets};
use bilateral::{Corridor, Dataset, Finding, Flow, ScenarioResult, Series};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bilateral-exports-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    d
}

fn no_temporaries(d: &PathBuf) {
    let left: Vec<String> = std::fs::read_dir(d)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn figures_and_regimes_round_trip_through_the_data_format() -> bilateral::Result<()> {
    let d = dir("figures");
    let data = builtin();
    let (f, r) = (d.join("figures.csv"), d.join("regimes.csv"));
    bilateral::io::write_csv(&f, &data)?;
    bilateral::io::write_csv(&r, data.regimes())?;
    let back = Dataset::load(&f, Some(&r))?;
    assert_eq!(back.figures().len(), data.figures().len());
    for (a, b) in data.figures().iter().zip(back.figures()) {
        assert_eq!(a, b, "{}", a.id());
        assert_eq!(a.estimate(), b.estimate(), "{}", a.id());
    }
    assert_eq!(back.regimes(), data.regimes());
    // Read-back figures point at the exported file.
    assert_eq!(back.figures()[0].origin().map(|o| o.line), Some(2));
    // The dataset in JSON too.
    write_json(&d.join("dataset.json"), &data)?;
    let json: Dataset = read_json(&d.join("dataset.json"))?;
    assert_eq!(json, data);
    no_temporaries(&d);
    Ok(())
}

#[test]
fn findings_round_trip() -> bilateral::Result<()> {
    let d = dir("findings");
    let findings = audit(&builtin());
    bilateral::io::write_csv(&d.join("f.csv"), &findings)?;
    assert_eq!(
        bilateral::io::read_csv::<bilateral::audit::Findings>(&d.join("f.csv"))?,
        findings
    );
    write_json(&d.join("f.json"), &findings)?;
    let back: Vec<Finding> = read_json(&d.join("f.json"))?;
    assert_eq!(back, findings);
    Ok(())
}

#[test]
fn scenarios_sweeps_and_summaries_round_trip() -> bilateral::Result<()> {
    let d = dir("scenarios");
    for (i, s) in presets()?.iter().enumerate() {
        let r = s.run()?;
        let p = d.join(format!("s{i}.csv"));
        bilateral::io::write_csv(&p, &r)?;
        assert_eq!(bilateral::io::read_csv::<bilateral::ScenarioResult>(&p)?, r);
        write_json(&d.join(format!("s{i}.json")), &r)?;
        let back: ScenarioResult = read_json(&d.join(format!("s{i}.json")))?;
        assert_eq!(back, r);
    }
    let sweep = Sweep::new(presets()?[1].clone())
        .axis(Axis::range("baseline.rate", 0.0, 0.1, 4)?)?
        .axis(Axis::list("free_trade.covered_share", [0.2, 0.6])?)?;
    let runs = sweep.run()?;
    bilateral::io::write_csv(&d.join("sweep.csv"), &runs)?;
    assert_eq!(
        bilateral::io::read_csv::<bilateral::scenario::SweepRuns>(&d.join("sweep.csv"))?,
        runs
    );
    let summary = sweep.summarize(&runs, 10e9, &[0.1, 0.5, 0.9])?;
    bilateral::io::write_csv(&d.join("summary.csv"), &summary)?;
    assert_eq!(
        bilateral::io::read_csv::<bilateral::scenario::PathSummary>(&d.join("summary.csv"))?,
        summary
    );
    let mc = MonteCarlo::new(
        presets()?[0].clone(),
        Shocks::Normal {
            mean: 0.05,
            sd: 0.1,
        },
        2000,
        9,
    )
    .run()?;
    bilateral::io::write_csv(&d.join("mc.csv"), &mc.summary)?;
    assert_eq!(
        bilateral::io::read_csv::<bilateral::scenario::PathSummary>(&d.join("mc.csv"))?,
        mc.summary
    );
    write_json(&d.join("mc.json"), &mc)?;
    let back: bilateral::scenario::MonteCarloResult = read_json(&d.join("mc.json"))?;
    assert_eq!(back, mc);
    no_temporaries(&d);
    Ok(())
}

#[test]
fn series_and_outlook_round_trip_as_json() -> bilateral::Result<()> {
    let d = dir("outlook");
    let data = builtin();
    let spec = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover);
    let series = Series::from_dataset(&data, spec)?;
    write_json(&d.join("series.json"), &series)?;
    let back: Series = read_json(&d.join("series.json"))?;
    assert_eq!(back, series);
    let o = target_outlook(
        &data,
        &TargetSpec::new(
            spec,
            2023,
            estimate(&data, "d002.turnover.2023.a"),
            estimate(&data, "d002.target.a"),
            2026..=2035,
        ),
    )?;
    write_json(&d.join("outlook.json"), &o)?;
    let back: TargetOutlook = read_json(&d.join("outlook.json"))?;
    assert!(back == o);
    bilateral::io::write_csv(&d.join("target.csv"), &o)?;
    let text = std::fs::read_to_string(d.join("target.csv")).unwrap_or_default();
    // One row per target year; the historical rates are a companion table of their own.
    assert!(o.historical.len() >= 2);
    assert_eq!(text.lines().count(), 1 + 10);
    use bilateral::table::Table as _;
    let companions = o.companions()?;
    let rates = companions
        .iter()
        .find(|c| c.name == "rates")
        .expect("rates");
    let rates = String::from_utf8(rates.csv.clone()).unwrap_or_default();
    assert_eq!(rates.lines().count(), 1 + o.historical.len());
    Ok(())
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let d = dir("atomic");
    let missing = d.join("no-such-folder").join("x.json");
    let e = write_json(&missing, &1);
    assert!(
        matches!(
            e,
            Err(bilateral::Error::Io(bilateral::error::IoError::Io { .. }))
        ),
        "{e:?}"
    );
    assert!(!missing.exists());
    // An existing file is replaced whole, never truncated in place.
    let p = d.join("keep.json");
    write_json(&p, &vec![1, 2, 3]).unwrap_or_else(|e| panic!("{e}"));
    write_json(&p, &vec![4]).unwrap_or_else(|e| panic!("{e}"));
    let v: Vec<i32> = read_json(&p).unwrap_or_default();
    assert_eq!(v, vec![4]);
    no_temporaries(&d);
}
