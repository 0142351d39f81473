//! The main job: for Kazakhstan–Uzbekistan on the built-in data, print the published figures
//! grouped
//! by year with their sources, the consistency audit, mirror statistics, the $10 billion target
//! outlook and the scenario presets, and draw the charts.
//!
//! Run with `cargo run --release --example outlook [-- --out DIR]`; charts go to `DIR` (default
//! `target/outlook/`) as SVG and PNG, and their paths are printed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "common/args.rs"]
mod args;

use bilateral::audit::findings_table;
use bilateral::audit::{Reconciliation, audit_corridor, fmt_estimate, mirror_from_dataset, tally};
use bilateral::chart::{fan_chart, heatmap_chart, history_chart, stacked_chart};
use bilateral::growth::{Annualised, PartialYears, SeriesSpec};
use bilateral::outlook::{TargetOutlook, TargetSpec, target_outlook};
use bilateral::scenario::{Baseline, MonteCarlo, RateGrid, Shocks, presets};
use bilateral::table::TextTable;
use bilateral::{Corridor, Dataset, Estimate, Figure, Flow, Scenario, ScenarioResult};

fn main() -> ExitCode {
    args::main(
        &["out"],
        "usage: outlook [--out DIR]  (charts go to DIR, default target/outlook)",
        |a| {
            Ok(run(&PathBuf::from(
                a.get("out", "target/outlook".to_string())?,
            )))
        },
    )
}

fn source_text(f: &Figure) -> String {
    let p = f.provenance();
    let mut s = p.source.to_string();
    if let Some(who) = &p.attributed_to {
        s.push_str(&format!(" ({who})"));
    }
    s
}

fn run(chart_dir: &Path) -> bilateral::Result<()> {
    let data = Dataset::builtin()?;
    let corridor = Corridor::KAZ_UZB;
    println!("bilateral outlook: {corridor} (Kazakhstan-Uzbekistan), built-in data");
    println!(
        "{} figures and {} regime facts in the dataset\n",
        data.figures().len(),
        data.regimes().len()
    );

    println!("== Published figures by year ==");
    for (year, figures) in data.by_year(corridor) {
        let heading = year.map_or("Undated (as of publication)".to_string(), |y| y.to_string());
        println!("\n-- {heading} --");
        let mut t = TextTable::new([
            "id", "period", "measure", "value", "interval", "side", "source",
        ])
        .limit(6, 48);
        for f in figures {
            let interval = f
                .estimate()
                .map(|e| fmt_estimate(e, f.unit()))
                .unwrap_or_default();
            t.row([
                f.id().to_string(),
                f.period().map(|p| p.to_string()).unwrap_or_default(),
                f.measure().to_string(),
                f.value_text(),
                if f.unit() == bilateral::data::Unit::Usd {
                    interval
                } else {
                    String::new()
                },
                f.reporter().map(|c| c.to_string()).unwrap_or_default(),
                source_text(f),
            ]);
        }
        print!("{t}");
    }

    let findings = audit_corridor(&data, corridor);
    let n = tally(&findings);
    println!(
        "\n== Consistency audit: {} comparisons ({} consistent, {} in tension, {} inconsistent) ==\n",
        n.compared(),
        n.consistent,
        n.in_tension,
        n.inconsistent
    );
    print!(
        "{}",
        findings_table(findings.iter().filter(|f| f.verdict.is_comparison()), 90)
    );
    println!(
        "\n== Derived for information, nothing compared ({} findings; {} checks not made) ==\n",
        n.info, n.not_checked
    );
    print!(
        "{}",
        findings_table(findings.iter().filter(|f| !f.verdict.is_comparison()), 90)
    );

    // The $10 billion target, from the headline 2023 turnover of $4.5 billion.
    let figure = |id: &str| {
        data.figure(id).and_then(Figure::estimate).ok_or_else(|| {
            bilateral::Error::Data(bilateral::error::DataError::InvalidId {
                text: id.to_owned(),
            })
        })
    };
    let series = SeriesSpec::new(corridor, Flow::Turnover).partial_years(PartialYears::ProRata);
    let spec = TargetSpec::new(
        series,
        2023,
        figure("d002.turnover.2023.a")?,
        figure("d002.target.a")?,
        2026..=2035,
    );
    print_mirror(&data)?;
    let outlook = target_outlook(&data, &spec)?;
    print_target(&outlook);
    print_presets()?;
    draw_charts(&data, &outlook, chart_dir)?;
    Ok(())
}

fn print_mirror(data: &Dataset) -> bilateral::Result<()> {
    let pairs = mirror_from_dataset(data, Corridor::KAZ_UZB, Reconciliation::default())?;
    println!(
        "\n== Mirror statistics: each flow as its exporter (FOB) and importer (CIF) publish it =="
    );
    let mut t = TextTable::new([
        "year",
        "flow",
        "exporter says",
        "importer says",
        "CIF/FOB",
        "verdict",
        "reconciled",
        "sources",
    ])
    .limit(7, 50);
    for p in &pairs {
        t.row([
            p.year.to_string(),
            format!("{}->{}", p.exporter, p.importer),
            fmt_estimate(p.exporter_reports, bilateral::data::Unit::Usd),
            fmt_estimate(p.importer_reports, bilateral::data::Unit::Usd),
            p.ratio.map_or_else(
                || "none (no exporter value)".to_owned(),
                |r| {
                    format!(
                        "{:.2} [{:.2}-{:.2}]",
                        r.point(),
                        r.interval().lo(),
                        r.interval().hi()
                    )
                },
            ),
            p.verdict.to_string(),
            format!("${:.2} billion", p.reconciled.point() / 1e9),
            format!(
                "{} | {}",
                p.exporter_sources.join(", "),
                p.importer_sources.join(", ")
            ),
        ]);
    }
    print!("{t}");
    if let Some(p) = pairs.first() {
        println!("(reconciled = {}; freight band 1.0-1.2)", p.rule);
    }
    Ok(())
}

fn draw_charts(data: &Dataset, outlook: &TargetOutlook, dir: &Path) -> bilateral::Result<()> {
    std::fs::create_dir_all(dir).map_err(|cause| {
        bilateral::Error::Io(bilateral::error::IoError::Io {
            path: dir.display().to_string(),
            cause,
        })
    })?;

    // A Monte Carlo fan: log growth bootstrapped from the fitted trend's residuals.
    let mut scenario = presets()?
        .into_iter()
        .next()
        .ok_or(bilateral::Error::Input(
            bilateral::error::InputError::ZeroHorizon,
        ))?;
    scenario.baseline = Baseline::Compound {
        base: outlook.spec.base.point(),
        rate: 0.0,
    };
    scenario.target = Some(outlook.spec.target.point());
    let fit = outlook.fit.as_ref().ok_or(bilateral::Error::Input(
        bilateral::error::InputError::Missing {
            what: "a trend fit",
            purpose: "to draw the Monte Carlo fan's shocks from",
        },
    ))?;
    let mc = MonteCarlo::new(scenario, Shocks::from_fit(fit)?, 20_000, 2023).run()?;
    let all_levers = presets()?
        .into_iter()
        .find(|s| s.name == "kaz-uzb all levers")
        .ok_or(bilateral::Error::Input(
            bilateral::error::InputError::ZeroHorizon,
        ))?
        .run()?;
    let grid = RateGrid::even(4.5, -0.10, 0.30, 81, 12, 10.0)?;
    let (mut values, mut finals, mut first) = (vec![0.0; 81 * 12], vec![0.0; 81], vec![0u32; 81]);
    grid.fill(&mut values, &mut finals, &mut first)?;

    println!("\n== Charts ==");
    for ext in ["svg", "png"] {
        let path = |name: &str| dir.join(format!("{name}.{ext}"));
        let charts = [
            (
                path("history_turnover"),
                history_chart(
                    data,
                    Corridor::KAZ_UZB,
                    Flow::Turnover,
                    &path("history_turnover"),
                ),
            ),
            (
                path("history_exports"),
                history_chart(
                    data,
                    Corridor::KAZ_UZB,
                    Flow::Exports,
                    &path("history_exports"),
                ),
            ),
            (
                path("fan"),
                fan_chart(
                    &mc,
                    Some(&outlook.series),
                    "KAZ->UZB turnover: Monte Carlo fan (bootstrapped trend residuals)",
                    &path("fan"),
                ),
            ),
            (
                path("stacked_all_levers"),
                stacked_chart(&all_levers, &path("stacked_all_levers")),
            ),
            (
                path("heatmap"),
                heatmap_chart(&grid, &values, &path("heatmap")),
            ),
        ];
        for (p, result) in charts {
            result?;
            println!("{}", p.display());
        }
    }
    Ok(())
}

fn print_presets() -> bilateral::Result<()> {
    let results: Vec<ScenarioResult> = presets()?
        .iter()
        .filter(|s| s.name.starts_with("kaz-uzb"))
        .map(Scenario::run)
        .collect::<bilateral::Result<_>>()?;
    println!(
        "\n== Scenario presets (illustrative assumptions, not forecasts): turnover, $ billion =="
    );
    let mut headers = vec!["year".to_string()];
    headers.extend(
        results
            .iter()
            .map(|r| r.scenario.trim_start_matches("kaz-uzb ").to_string()),
    );
    let mut t = TextTable::new(headers);
    let years = results.first().map(|r| r.years.clone()).unwrap_or_default();
    for (i, y) in years.iter().enumerate() {
        let mut row = vec![y.to_string()];
        row.extend(
            results
                .iter()
                .map(|r| format!("{:.2}", r.total.get(i).copied().unwrap_or(f64::NAN) / 1e9)),
        );
        t.row(row);
    }
    print!("{t}");
    for r in &results {
        let reached = r
            .first_year_reaching(10e9)
            .map_or("not by the horizon".to_string(), |y| y.to_string());
        println!("{}: $10 billion reached {reached}", r.scenario);
    }
    if let Some(all) = results.iter().find(|r| r.scenario.ends_with("all levers")) {
        println!(
            "\nContributions in \"{}\", $ billion (baseline + layers = total):",
            all.scenario
        );
        let mut headers = vec!["year".to_string(), "baseline".to_string()];
        headers.extend(all.contributions.iter().map(|c| c.layer.clone()));
        headers.push("total".to_string());
        let mut t = TextTable::new(headers);
        for (i, y) in all.years.iter().enumerate() {
            let mut row = vec![
                y.to_string(),
                format!(
                    "{:.3}",
                    all.baseline.get(i).copied().unwrap_or(f64::NAN) / 1e9
                ),
            ];
            row.extend(
                all.contributions
                    .iter()
                    .map(|c| format!("{:.3}", c.values.get(i).copied().unwrap_or(f64::NAN) / 1e9)),
            );
            row.push(format!(
                "{:.3}",
                all.total.get(i).copied().unwrap_or(f64::NAN) / 1e9
            ));
            t.row(row);
        }
        print!("{t}");
    }
    Ok(())
}

fn pct(e: Estimate) -> String {
    let iv = e.interval();
    let end = |x: f64| {
        if x.is_finite() {
            format!("{:.2}%", x * 100.0)
        } else {
            "inf".to_string()
        }
    };
    format!(
        "{:.2}% [{} to {}]",
        e.point() * 100.0,
        end(iv.lo()),
        end(iv.hi())
    )
}

fn billions(e: Estimate) -> String {
    let iv = e.interval();
    format!(
        "{:.2} [{:.2}-{:.2}]",
        e.point() / 1e9,
        iv.lo() / 1e9,
        iv.hi() / 1e9
    )
}

fn print_target(o: &TargetOutlook) {
    let spec = &o.spec;
    println!(
        "\n== Target outlook: ${:.0} billion from {}'s ${:.1} billion, target years {}-{} ==",
        spec.target.point() / 1e9,
        spec.base_year,
        spec.base.point() / 1e9,
        spec.first_year,
        spec.last_year
    );
    // The rule the trend's series uses, said out loud: reproduce it with
    // SeriesSpec::new(corridor, Flow::Turnover).partial_years(PartialYears::ProRata). Partial
    // years are annualised rather than left out (the default) because the corridor's 2020 and 2021
    // are published only for part of the year; without them the trend rests on four years.
    println!(
        "\nSeries ({} {}, any reporting side, repeated values kept as an interval, partial years {}):",
        o.series.spec().corridor,
        o.series.spec().flow,
        match o.series.spec().partial_years {
            PartialYears::Exclude => "left out",
            PartialYears::ProRata => "annualised pro rata (x 12 / months)",
            PartialYears::SeasonalShare(_) => "annualised by seasonal shares",
        }
    );
    let mut t = TextTable::new(["year", "value, $bn [range]", "from", "annualised"]).limit(2, 60);
    for p in o.series.points() {
        t.row([
            p.year.to_string(),
            billions(p.estimate),
            p.figures
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            match p.annualised {
                Some(Annualised::ProRata { months }) => format!("pro rata from {months} months"),
                Some(Annualised::SeasonalShare { months, share }) => {
                    format!("{months} months at seasonal share {share:.3}")
                }
                None => String::new(),
            },
        ]);
    }
    print!("{t}");
    for skip in o.series.skipped() {
        println!("  left out: {} ({})", skip.figure, skip.reason);
    }
    match &o.fit {
        Some(fit) => println!(
            "\nTrend: {:?}, slope {:.4} (se {:.4}) per year, residual se {:.4}, {} degrees of freedom",
            fit.model(),
            fit.slope(),
            fit.se_slope(),
            fit.residual_se(),
            fit.df()
        ),
        None => println!("\nNo trend: a fit needs 3 published years."),
    }

    println!("\nHistorical rates and when each reaches the target:");
    let mut t = TextTable::new(["#", "rate", "source", "reached in", "range"]).limit(2, 60);
    for (i, h) in o.historical.iter().enumerate() {
        let year = |y: Option<i32>| y.map_or("never".to_string(), |y| y.to_string());
        t.row([
            (i + 1).to_string(),
            pct(h.rate),
            h.label.clone(),
            year(h.year_reached),
            format!(
                "{}-{}",
                year(h.year_reached_range.0),
                year(h.year_reached_range.1)
            ),
        ]);
    }
    print!("{t}");

    println!(
        "\nBy target year (required rate with the range the rounding of base and target allows; the calibrated forecast's median and {:.0}% interval, and its chance of the target with the range the inputs allow; trend level with its {:.0}% prediction interval):",
        spec.level * 100.0,
        spec.level * 100.0
    );
    let mut headers = vec![
        "year".to_string(),
        "required rate".to_string(),
        "forecast, $bn".to_string(),
        "P(forecast >= target)".to_string(),
        "trend level, $bn".to_string(),
        "P(trend >= target)".to_string(),
    ];
    headers.extend((1..=o.historical.len()).map(|i| format!("#{i}")));
    let mut t = TextTable::new(headers);
    for r in &o.rows {
        let mut cells = vec![
            r.year.to_string(),
            pct(r.required),
            r.forecast_level.map_or_else(|| "-".into(), billions),
            r.forecast_probability.map_or_else(
                || "-".into(),
                |p| {
                    format!(
                        "{:.2} [{:.2}-{:.2}]",
                        p.point(),
                        p.interval().lo(),
                        p.interval().hi()
                    )
                },
            ),
            r.trend_level.map_or_else(|| "-".into(), billions),
            r.trend_probability
                .map_or_else(|| "-".into(), |p| format!("{p:.2}")),
        ];
        cells.extend(
            r.reached
                .iter()
                .map(|&x| if x { "yes" } else { "-" }.to_string()),
        );
        t.row(cells);
    }
    print!("{t}");
    println!("(#N: reached by that year at historical rate N's point value)");
    if let Some(f) = &o.forecast {
        println!(
            "Forecast: {} from {} ({}), calibrated on the {}; out of sample its 80%/90% intervals covered:",
            f.method.label(),
            f.origin,
            f.class,
            f.reference
        );
        for r in &f.measured {
            println!(
                "  {} pairs, {} year(s) ahead: {:.1}% / {:.1}% (log-MAE {:.3})",
                r.subset,
                r.horizon,
                r.cov80 * 100.0,
                r.cov90 * 100.0,
                r.log_mae
            );
        }
    }
}
