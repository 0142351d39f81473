//! DataFrames (feature `polars`): tidy long format with the documented columns.
#![cfg(feature = "polars")]

use bilateral::{
    Axis, Dataset, MonteCarlo, Shocks, Sweep, figures_frame, presets, scenario_frame,
    summary_frame, sweep_frame,
};

fn names(df: &polars::prelude::DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn figures() -> bilateral::Result<()> {
    let data = Dataset::builtin()?;
    let df = figures_frame(&data)?;
    assert_eq!(df.height(), data.figures().len());
    assert_eq!(names(&df)[..3], ["id", "measure", "corridor"]);
    Ok(())
}

#[test]
fn scenario_long_format_sums_to_total() -> bilateral::Result<()> {
    let r = presets()[4].run()?;
    let df = scenario_frame(&r)?;
    assert_eq!(
        names(&df),
        ["scenario", "year", "component", "kind", "value"]
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
        Sweep::new(presets()[0].clone()).axis(Axis::range("baseline.rate", 0.0, 0.2, 3)?)?;
    let runs = sweep.run()?;
    let df = sweep_frame(&sweep, &runs)?;
    assert_eq!(names(&df), ["run", "baseline.rate", "year", "total"]);
    assert_eq!(df.height(), 3 * 13);
    let s = sweep.summarize(&runs, 10e9, &[0.5])?;
    let df = summary_frame(&s)?;
    assert_eq!(names(&df), ["year", "statistic", "level", "value"]);
    assert_eq!(df.height(), 13 * 2);
    let mut mc = MonteCarlo::new(
        presets()[0].clone(),
        Shocks::Normal {
            mean: 0.05,
            sd: 0.1,
        },
        1000,
        1,
    );
    mc.quantiles = vec![0.1, 0.9];
    let df = summary_frame(&mc.run()?.summary)?;
    assert_eq!(df.height(), 13 * 3);
    Ok(())
}
