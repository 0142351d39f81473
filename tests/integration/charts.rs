//! Charts are produced as well-formed SVG and PNG files, atomically.
#![cfg(feature = "charts")]

use bilateral::error::{InputError, IoError};
use std::path::{Path, PathBuf};

use crate::common::builtin;
use bilateral::chart::{fan_chart, heatmap_chart, history_chart, stacked_chart};
use bilateral::growth::SeriesSpec;
use bilateral::scenario::{MonteCarlo, RateGrid, Shocks, presets};
use bilateral::{Corridor, Error, Flow, Series};

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("bilateral-charts-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    d
}

/// A PNG: the 8-byte signature, then an IHDR chunk with width and height.
fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap_or_default();
    assert_eq!(
        b.get(..8),
        Some(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..]),
        "{}",
        path.display()
    );
    assert_eq!(b.get(12..16), Some(&b"IHDR"[..]));
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    assert!(b.len() > 10_000, "a PNG with content");
    (be(16), be(20))
}

fn svg_text(path: &Path) -> String {
    let s = std::fs::read_to_string(path).unwrap_or_default();
    assert!(s.trim_start().starts_with("<svg"), "{}", path.display());
    assert!(s.trim_end().ends_with("</svg>"), "{}", path.display());
    s
}

#[test]
fn every_chart_as_svg_and_png() -> bilateral::Result<()> {
    let d = dir();
    let data = builtin();
    let series = Series::from_dataset(&data, SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover))?;
    let mut s = presets()?[0].clone();
    s.baseline = bilateral::scenario::Baseline::Compound {
        base: 4.5e9,
        rate: 0.0,
    };
    let mc = MonteCarlo::new(
        s,
        Shocks::Normal {
            mean: 0.05,
            sd: 0.08,
        },
        2000,
        1,
    )
    .run()?;
    let result = presets()?[4].run()?;
    let grid = RateGrid::even(4.5, -0.1, 0.3, 41, 10, 10.0)?;
    let (mut v, mut f, mut k) = (vec![0.0; 410], vec![0.0; 41], vec![0u32; 41]);
    grid.fill(&mut v, &mut f, &mut k)?;
    for ext in ["svg", "png"] {
        let p = |name: &str| d.join(format!("{name}.{ext}"));
        history_chart(&data, Corridor::KAZ_UZB, Flow::Turnover, &p("history"))?;
        fan_chart(&mc, Some(&series), "fan test", &p("fan"))?;
        stacked_chart(&result, &p("stacked"))?;
        heatmap_chart(&grid, &v, &p("heatmap"))?;
        bilateral::chart::fan_chart_labelled(
            &mc,
            None,
            &bilateral::chart::FanText {
                title: "a sweep in words".into(),
                subtitle: Some("swept: baseline.rate from 0 to 0.1 (11 values)".into()),
                units: "runs",
            },
            &p("sweep"),
        )?;
        for name in ["history", "fan", "stacked", "heatmap"] {
            if ext == "png" {
                assert_eq!(png_size(&p(name)), (1100, 650), "{name}");
            } else {
                let text = svg_text(&p(name));
                assert!(text.contains("<text"), "{name} has text");
            }
        }
    }
    // The titles and labels are in the SVGs.
    // The heatmap's colour key, in the values' units; the sweep fan counts runs and says what
    // was swept.
    let heat = svg_text(&d.join("heatmap.svg"));
    assert!(heat.contains("units of BASE") && heat.contains("4x target or more"));
    let sweep = svg_text(&d.join("sweep.svg"));
    assert!(sweep.contains("of runs") && sweep.contains("swept: baseline.rate"));
    assert!(!sweep.contains("of paths"));
    let history = svg_text(&d.join("history.svg"));
    assert!(history.contains("the range its rounding allows"));
    // Every marker explained: partial years annualised, the open-ended figure's bound.
    assert!(history.contains("part of a year, annualised pro rata (hollow)"));
    assert!(history.contains("its bound, annualised (triangle)"));
    assert!(svg_text(&d.join("stacked.svg")).contains("free_trade"));
    assert!(svg_text(&d.join("fan.svg")).contains("target"));
    let temporaries = std::fs::read_dir(&d)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .count()
        })
        .unwrap_or(usize::MAX);
    assert_eq!(temporaries, 0, "no temporary files left");
    Ok(())
}

#[test]
fn chart_errors() {
    let d = dir();
    let data = builtin();
    let e = history_chart(
        &data,
        Corridor::KAZ_UZB,
        Flow::Turnover,
        &d.join("history.jpg"),
    );
    assert!(matches!(e, Err(Error::Io(IoError::Chart { .. }))), "{e:?}");
    assert!(!d.join("history.jpg").exists());
    let grid = RateGrid::even(4.5, -0.1, 0.3, 5, 10, 10.0).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        heatmap_chart(&grid, &[1.0; 3], &d.join("h.svg")),
        Err(Error::Input(InputError::OutOfRange { .. }))
    ));
}

#[test]
fn calibration_chart_draws_nominal_against_observed_coverage() {
    use bilateral::forecast::{BacktestSpec, ClassBy, Method, Subset, backtest};
    let set = crate::common::small_series_set();
    let spec = BacktestSpec {
        methods: vec![Method::Drift],
        origins: vec![1998, 1999],
        horizons: 2,
        window: 5,
        classes: 1,
        class_by: ClassBy::None,
        subsets: vec![Subset::All],
        reference: "test".into(),
        usd_per_unit: None,
        adapt: Default::default(),
    };
    let result = backtest(&set, &spec).unwrap_or_else(|e| panic!("{e}"));
    let svg = dir().join("calibration.svg");
    bilateral::chart::calibration_chart(&result, Method::Drift, &svg)
        .unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&svg).unwrap_or_default();
    assert!(
        text.starts_with("<svg") && text.contains("all pairs, h = 2"),
        "{text}"
    );
    let png = dir().join("calibration.png");
    bilateral::chart::calibration_chart(&result, Method::Drift, &png)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(png_size(&png), (1100, 650));
    // A method the backtest did not run has nothing to draw, and no file appears.
    let none = dir().join("none.svg");
    assert!(matches!(
        bilateral::chart::calibration_chart(&result, Method::Pooled, &none),
        Err(Error::Input(InputError::Missing { .. }))
    ));
    assert!(!none.exists());
}

/// The intervals chart: all countries up to 30, else the top and bottom 15 with the gap said in
/// its note; every shown country's code is a label.
#[test]
fn equilibrium_intervals_chart_shows_top_and_bottom_fifteen() -> bilateral::Result<()> {
    use bilateral::equilibrium::{Draws, book};
    let d = dir();
    for (countries, shown) in [(8usize, 8usize), (40, 30)] {
        let (b, cf) = book::synthetic(countries, 3)?;
        let n = b.countries().len();
        let cov = (0..b.terms().len())
            .map(|i| {
                (0..b.terms().len())
                    .map(|j| if i == j { 0.01 } else { 0.0 })
                    .collect()
            })
            .collect();
        let r = b
            .with_covariance(cov)?
            .solve_with_draws(&cf, &Draws::new(40, 1)?)?;
        let svg = d.join(format!("intervals_{countries}.svg"));
        bilateral::chart::equilibrium_intervals_chart(&r, &svg)?;
        let text = svg_text(&svg);
        let labelled = (0..n)
            .filter(|i| text.contains(&format!("\nC{i:04}\n</text>")))
            .count();
        assert_eq!(labelled, shown, "{countries} countries");
        assert_eq!(text.contains("between not shown"), countries > 30);
        let png = d.join(format!("intervals_{countries}.png"));
        bilateral::chart::equilibrium_intervals_chart(&r, &png)?;
        assert_eq!(png_size(&png), (1100, 650));
    }
    Ok(())
}

/// The point chart: horizontal bars sorted by value (the largest gain's code drawn above the
/// smallest's), each value written at its bar, the top and bottom 15 of more than 30.
#[test]
fn equilibrium_chart_is_sorted_horizontal_bars_with_top_and_bottom_fifteen() -> bilateral::Result<()>
{
    use bilateral::equilibrium::book;
    let d = dir();
    for (countries, shown) in [(8usize, 8usize), (40, 30)] {
        let (b, cf) = book::synthetic(countries, 3)?;
        let r = b.solve(&cf)?;
        let svg = d.join(format!("bars_{countries}.svg"));
        bilateral::chart::equilibrium_chart(&r, &svg)?;
        let text = svg_text(&svg);
        let mut sorted: Vec<(&str, f64)> = r
            .countries
            .iter()
            .map(|c| (c.country.code(), c.real_gdp_full_pct))
            .collect();
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
        let labelled = sorted
            .iter()
            .filter(|(code, _)| text.contains(&format!("\n{code}\n</text>")))
            .count();
        assert_eq!(labelled, shown, "{countries} countries");
        assert_eq!(text.contains("between not shown"), countries > 30);
        // The labels' vertical positions follow the values: the top bar's code first.
        let y_of = |code: &str| {
            let at = text.find(&format!("\n{code}\n</text>")).unwrap();
            let open = text[..at].rfind("<text").unwrap();
            let tag = &text[open..at];
            let y = tag.split("y=\"").nth(1).unwrap();
            y[..y.find('"').unwrap()].parse::<f64>().unwrap()
        };
        let (first, last) = (sorted[0].0, sorted[sorted.len() - 1].0);
        assert!(y_of(first) < y_of(last), "{first} above {last}");
        let png = d.join(format!("bars_{countries}.png"));
        bilateral::chart::equilibrium_chart(&r, &png)?;
        assert_eq!(png_size(&png), (1100, 650));
    }
    Ok(())
}

#[test]
fn the_outlook_chart_shows_history_fan_target_and_chance() {
    use bilateral::outlook::{TargetSpec, target_outlook};
    let data = bilateral::Dataset::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut spec = TargetSpec::published(
        &data,
        bilateral::Corridor::KAZ_UZB,
        bilateral::Flow::Turnover,
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // As the main job reads the series: partial years annualised pro rata.
    spec.series = spec
        .series
        .partial_years(bilateral::growth::PartialYears::ProRata);
    let o = target_outlook(&data, &spec).unwrap_or_else(|e| panic!("{e}"));
    let svg = dir().join("outlook.svg");
    bilateral::chart::outlook_chart(&o, &svg).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&svg).unwrap_or_default();
    let p = o
        .rows
        .iter()
        .find(|r| r.year == 2030)
        .and_then(|r| r.forecast_probability)
        .unwrap_or_else(|| panic!("2030"));
    // The first target year whose median is at or above $10 billion.
    let median_year = o
        .rows
        .iter()
        .find(|r| r.forecast_level.is_some_and(|e| e.point() >= 1e10))
        .map(|r| r.year)
        .unwrap_or_else(|| panic!("the median reaches the target by 2035"));
    for needle in [
        "KAZ-&gt;UZB turnover: $10 billion by 2030?".to_owned(),
        format!(
            "= {:.2} ({:.2}-{:.2}",
            p.point(),
            p.interval().lo(),
            p.interval().hi()
        ),
        format!("forecast median: reaches the target in {median_year}"),
        "partial year, annualised pro rata".to_owned(),
        "nowcast from a partial-year figure".to_owned(),
        "prior discounted for its 17 years".to_owned(),
    ] {
        assert!(text.contains(&needle), "{needle}");
    }
    let png = dir().join("outlook.png");
    bilateral::chart::outlook_chart(&o, &png).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        std::fs::read(&png)
            .unwrap_or_default()
            .starts_with(b"\x89PNG")
    );
    // No forecast (a series too short), no outlook chart: an error, not an empty picture.
    let mut short = o.clone();
    short.forecast = None;
    assert!(bilateral::chart::outlook_chart(&short, &dir().join("none.svg")).is_err());
}
