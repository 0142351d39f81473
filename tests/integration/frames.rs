//! DataFrames (feature `polars`): tidy long format with the documented columns.
#![cfg(feature = "polars")]

use bilateral::Dataset;
use bilateral::scenario::{Axis, MonteCarlo, Shocks, Sweep, presets};

fn names(df: &polars::prelude::DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn figures() -> bilateral::Result<()> {
    let data = Dataset::builtin()?;
    let df = bilateral::io::to_frame(data.figures())?;
    assert_eq!(df.height(), data.figures().len());
    assert_eq!(names(&df)[..3], ["id", "measure", "corridor"]);
    Ok(())
}

#[test]
fn scenario_long_format_sums_to_total() -> bilateral::Result<()> {
    let r = presets()?[4].run()?;
    let df = bilateral::io::to_frame(&r)?;
    assert_eq!(
        names(&df),
        ["scenario", "year", "component", "kind", "value", "target"]
    );
    // The same columns as the CSV table: one row struct for both.
    assert_eq!(
        df.column("year").map(|c| c.dtype().clone()).ok(),
        Some(polars::prelude::DataType::Int64)
    );
    // 13 years × (baseline + 3 layers + total).
    assert_eq!(df.height(), 13 * 5);
    let value = df
        .column("value")
        .and_then(|c| c.f64().cloned())
        .map_err(bilateral::Error::from)?;
    let component = df
        .column("component")
        .and_then(|c| c.str().cloned())
        .map_err(bilateral::Error::from)?;
    // The last year: baseline and layers add up to the total row.
    let last_year: Vec<(String, f64)> = component
        .iter()
        .zip(value.iter())
        .skip(12)
        .step_by(13)
        .map(|(c, v)| (c.unwrap_or_default().to_string(), v.unwrap_or(f64::NAN)))
        .collect();
    let parts: f64 = last_year
        .iter()
        .filter(|(c, _)| c != "total")
        .map(|(_, v)| v)
        .sum();
    let total = last_year
        .iter()
        .find(|(c, _)| c == "total")
        .map(|(_, v)| *v)
        .unwrap_or(f64::NAN);
    assert!((parts - total).abs() <= 1e-6 * total);
    Ok(())
}

#[test]
fn sweep_and_summary() -> bilateral::Result<()> {
    let sweep =
        Sweep::new(presets()?[0].clone()).axis(Axis::range("baseline.rate", 0.0, 0.2, 3)?)?;
    let runs = sweep.run()?;
    let df = bilateral::io::to_frame(&runs)?;
    assert_eq!(
        names(&df),
        ["run", "baseline.rate", "year", "total", "target"]
    );
    assert_eq!(df.height(), 3 * 13);
    let s = sweep.summarize(&runs, 10e9, &[0.5])?;
    let df = bilateral::io::to_frame(&s)?;
    assert_eq!(
        names(&df),
        [
            "year",
            "statistic",
            "level",
            "value",
            "paths",
            "target",
            "final_at_least_target"
        ]
    );
    assert_eq!(df.height(), 13 * 2);
    let mut mc = MonteCarlo::new(
        presets()?[0].clone(),
        Shocks::Normal {
            mean: 0.05,
            sd: 0.1,
        },
        1000,
        1,
    );
    mc.quantiles = vec![0.1, 0.9];
    let df = bilateral::io::to_frame(&mc.run()?.summary)?;
    assert_eq!(df.height(), 13 * 3);
    Ok(())
}

#[test]
fn comtrade_totals_with_polars_match_the_streaming_reader() -> bilateral::Result<()> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/comtrade_kaz_uzb.csv");
    let df = bilateral::io::comtrade_totals_frame(&path)?;
    let core = bilateral::io::comtrade_totals(&path)?.items;
    assert_eq!(df.height(), core.len());
    let values = df
        .column("value")
        .and_then(|c| c.f64().cloned())
        .map_err(bilateral::Error::from)?;
    let mut ours: Vec<f64> = core.iter().map(|t| t.value).collect();
    let mut theirs: Vec<f64> = values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    ours.sort_by(f64::total_cmp);
    theirs.sort_by(f64::total_cmp);
    assert_eq!(ours, theirs);
    // A bad flow code is found with its line.
    let dir = std::env::temp_dir().join(format!("bilateral-frames-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|cause| {
        bilateral::Error::Io(bilateral::error::IoError::Io {
            path: dir.display().to_string(),
            cause,
        })
    })?;
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue\n2022,KAZ,UZB,X,TOTAL,1\n2022,KAZ,UZB,Q,TOTAL,1\n")
        .map_err(|cause| bilateral::Error::Io(bilateral::error::IoError::Io { path: bad.display().to_string(), cause }))?;
    let e = bilateral::io::comtrade_totals_frame(&bad).err().map(|e| {
        (
            e.location().map(|l| (l.line, l.field.clone())),
            e.to_string(),
        )
    });
    assert_eq!(
        e.as_ref().and_then(|e| e.0.clone()),
        Some((3, "flowCode".to_string())),
        "{e:?}"
    );
    Ok(())
}

#[test]
fn frames_round_trip_through_parquet() -> bilateral::Result<()> {
    let dir = std::env::temp_dir().join(format!("bilateral-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|cause| {
        bilateral::Error::Io(bilateral::error::IoError::Io {
            path: dir.display().to_string(),
            cause,
        })
    })?;
    let data = Dataset::builtin()?;
    let findings = bilateral::audit::audit(&data);
    for (name, mut df) in [
        ("figures", bilateral::io::to_frame(data.figures())?),
        ("findings", bilateral::io::to_frame(&findings)?),
        ("scenario", bilateral::io::to_frame(&presets()?[4].run()?)?),
    ] {
        let p = dir.join(format!("{name}.parquet"));
        bilateral::io::write_parquet(&p, &mut df)?;
        assert!(
            bilateral::io::read_parquet(&p)?.equals_missing(&df),
            "{name}"
        );
    }
    Ok(())
}

#[test]
fn target_and_series_frames_have_the_csv_columns() -> bilateral::Result<()> {
    use bilateral::growth::SeriesSpec;
    use bilateral::outlook::{TargetSpec, target_outlook};
    use bilateral::{Corridor, Flow};
    let data = Dataset::builtin()?;
    let spec = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover);
    let est = |id: &str| data.figure(id).and_then(|f| f.estimate());
    let (Some(base), Some(target)) = (est("d002.turnover.2023.a"), est("d002.target.a")) else {
        panic!("built-in figures");
    };
    let o = target_outlook(
        &data,
        &TargetSpec::new(spec, 2023, base, target, 2026..=2030),
    )?;
    let df = bilateral::io::to_frame(&o)?;
    // One row per target year (2026-2030); the historical rates are a companion table.
    assert_eq!(df.height(), 5);
    let path = std::env::temp_dir().join("bilateral-frames-target.csv");
    bilateral::io::write_csv(&path, &o)?;
    let header = std::fs::read_to_string(&path).unwrap_or_default();
    let header: Vec<&str> = header.lines().next().unwrap_or("").split(',').collect();
    assert_eq!(names(&df), header);
    let series = bilateral::Series::from_dataset(&data, spec)?;
    assert_eq!(
        bilateral::io::to_frame(&series)?.height(),
        series.points().len()
    );
    Ok(())
}

#[test]
fn gravity_panels_from_frames_and_parquet_fit_as_from_csv() -> bilateral::Result<()> {
    use bilateral::gravity::{Gravity, Panel, PanelColumns};
    use polars::prelude::{Column, DataFrame};
    let (mut ex, mut im, mut year, mut trade, mut x, mut group) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut csv = String::from("exporter,importer,year,trade,x,group\n");
    for t in 0..2i64 {
        for (i, a) in ["A", "B", "C"].iter().enumerate() {
            for (j, b) in ["A", "B", "C"].iter().enumerate() {
                let xv = ((i * 2 + j * 3) as i64 + t) % 4;
                let v = 1.0 + ((i * 7 + j * 5) as i64 + t * 3) as f64 % 6.0;
                let g = if i == j { "home" } else { "abroad" };
                csv.push_str(&format!("{a},{b},{},{v},{xv},{g}\n", 2000 + t));
                ex.push(*a);
                im.push(*b);
                year.push(2000 + t);
                trade.push(v);
                x.push(xv);
                group.push(g);
            }
        }
    }
    let df = DataFrame::new(
        18,
        vec![
            Column::new("exporter".into(), ex),
            Column::new("importer".into(), im),
            Column::new("year".into(), year),
            Column::new("trade".into(), trade),
            Column::new("x".into(), x),
            Column::new("group".into(), group),
        ],
    )?;
    let from_frame = Panel::from_frame(&df, &PanelColumns::default(), "frame")?;
    let from_csv = Panel::from_csv_bytes("panel.csv", csv.as_bytes(), &PanelColumns::default())?;
    let fit = |p: &Panel| {
        Gravity::ppml(p)
            .formula("trade ~ x | exp_year + imp_year + group")?
            .fit()
    };
    let a = fit(&from_frame)?;
    assert_eq!(a.coefficients, fit(&from_csv)?.coefficients);
    let dir = tempfile::tempdir().map_err(|e| {
        bilateral::Error::Io(bilateral::error::IoError::Io {
            path: "tempdir".into(),
            cause: e,
        })
    })?;
    let path = dir.path().join("panel.parquet");
    bilateral::io::write_parquet(&path, &mut df.clone())?;
    let from_parquet = Panel::from_parquet(&path, &PanelColumns::default())?;
    assert_eq!(fit(&from_parquet)?.coefficients, a.coefficients);
    let table = bilateral::io::to_frame(&a)?;
    assert_eq!(names(&table)[..3], ["name", "estimate", "std_error"]);
    assert_eq!(table.height(), 1);
    // A null flow is an error naming its row.
    let with_null = DataFrame::new(
        2,
        vec![
            Column::new("exporter".into(), ["A", "B"]),
            Column::new("importer".into(), ["B", "A"]),
            Column::new("year".into(), [2000i64, 2000]),
            Column::new("trade".into(), [Some(1.0), None]),
        ],
    )?;
    let e = Panel::from_frame(&with_null, &PanelColumns::default(), "frame").unwrap_err();
    assert!(e.to_string().contains("frame:3: field `trade`"), "{e}");
    Ok(())
}

#[test]
fn equilibrium_results_as_a_frame() -> bilateral::Result<()> {
    let (b, cf) = bilateral::equilibrium::book::synthetic(5, 1)?;
    let df = bilateral::io::to_frame(&b.solve(&cf)?)?;
    assert_eq!(df.height(), 5);
    assert_eq!(
        names(&df),
        [
            "from",
            "to",
            "country",
            "exports_cdl_pct",
            "exports_full_pct",
            "price_full_pct",
            "omr_cdl_pct",
            "omr_full_pct",
            "imr_cdl_pct",
            "imr_full_pct",
            "real_gdp_full_pct"
        ]
    );
    Ok(())
}

#[test]
fn equilibrium_intervals_as_frames() -> bilateral::Result<()> {
    let (b, cf) = bilateral::equilibrium::book::synthetic(4, 1)?;
    let k = b.terms().len();
    let cov = (0..k)
        .map(|i| (0..k).map(|j| if i == j { 0.01 } else { 0.0 }).collect())
        .collect();
    let r = b
        .with_covariance(cov)?
        .solve_with_draws(&cf, &bilateral::equilibrium::Draws::new(20, 1)?)?;
    let df = bilateral::io::to_frame(&r)?;
    assert_eq!(df.height(), 4 * 8);
    assert_eq!(
        names(&df),
        [
            "from", "to", "country", "measure", "point", "median", "low", "high"
        ]
    );
    let pairs = bilateral::io::to_frame(&r.pair_table())?;
    assert_eq!(pairs.height(), r.pairs.len());
    assert_eq!(names(&pairs)[2..5], ["exporter", "importer", "measure"]);
    Ok(())
}

#[test]
fn backtest_metrics_as_a_frame_have_the_csv_columns() -> bilateral::Result<()> {
    use bilateral::forecast::{BacktestSpec, ClassBy, Method, Subset, backtest};
    let set = crate::common::small_series_set();
    let spec = BacktestSpec {
        methods: vec![Method::Naive, Method::Trend],
        origins: vec![1999],
        horizons: 3,
        window: 5,
        classes: 2,
        class_by: ClassBy::Volatility,
        subsets: vec![Subset::All],
        reference: "test".into(),
        usd_per_unit: None,
        adapt: Default::default(),
    };
    let result = backtest(&set, &spec)?;
    let df = bilateral::io::to_frame(&result)?;
    assert_eq!(df.height(), 2 * 3);
    let csv = String::from_utf8(bilateral::io::to_csv(&result)?).unwrap_or_default();
    let header: Vec<String> = csv
        .lines()
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::to_owned)
        .collect();
    assert_eq!(names(&df), header);
    assert_eq!(
        bilateral::io::to_frame(&result.reliability[..])?.height(),
        2 * 3 * 6
    );
    Ok(())
}

#[test]
fn split_shards_written_as_parquet_stack_to_the_whole_frame() -> bilateral::Result<()> {
    use bilateral::gravity::synthetic::synthetic_panel;
    use bilateral::gravity::{Estimator, GravitySpec, split_fit};
    use bilateral::shard::Shard;
    let panel = synthetic_panel(10, 3, 4)?;
    let sector: Vec<f64> = (0..panel.len()).map(|i| (i % 4) as f64).collect();
    let panel = panel.with_column("sector", sector)?;
    let spec = GravitySpec::parse(Estimator::Ppml, "trade ~ x1 + x2 | exporter + importer")?;
    let whole = bilateral::io::to_frame(&split_fit(&panel, &spec, "sector", Shard::WHOLE)?)?;
    let dir = tempfile::tempdir().map_err(|e| {
        bilateral::Error::Io(bilateral::error::IoError::Io {
            path: "a temporary folder".into(),
            cause: e,
        })
    })?;
    let mut stacked: Option<polars::prelude::DataFrame> = None;
    for i in 0..3 {
        let part = split_fit(&panel, &spec, "sector", Shard::new(i, 3)?)?;
        let path = dir.path().join(format!("shard{i}.parquet"));
        bilateral::io::write_parquet(&path, &mut bilateral::io::to_frame(&part)?)?;
        let back = bilateral::io::read_parquet(&path)?;
        stacked = Some(match stacked {
            None => back,
            Some(mut s) => {
                s.vstack_mut(&back)
                    .map_err(|e| bilateral::Error::Io(bilateral::error::IoError::Polars(e)))?;
                s
            }
        });
    }
    let stacked = stacked.expect("three shards");
    assert!(stacked.equals_missing(&whole), "{stacked}\n{whole}");
    assert_eq!(whole.height(), 8);
    Ok(())
}
