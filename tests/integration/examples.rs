//! The examples run and print what they promise.

use std::path::PathBuf;
use std::process::Command;

/// The example binary that `cargo test` builds beside the test binaries.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    // target/<profile>/deps/examples-<hash> → target/<profile>/examples/<name>
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|profile| profile.join("examples"))
        .unwrap_or_else(|| panic!("unexpected test binary path {}", exe.display()));
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        // A full `cargo test` builds the examples; `cargo test --test examples` alone does not.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(status.success(), "could not build example {name}");
    }
    assert!(path.exists(), "{} not built", path.display());
    path
}

/// The standard output of a run that must have succeeded (its standard error otherwise).
fn stdout_of(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn outlook_prints_figures_by_year_and_the_audit() {
    let charts = std::env::temp_dir().join(format!("bilateral-outlook-{}", std::process::id()));
    let out = Command::new(example("outlook"))
        .args(["--out", &charts.display().to_string()])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout_of(&out);
    for expected in [
        "== Published figures by year ==",
        "-- 2023 --",
        "d002.turnover.2023.a",
        "$4.5 billion",
        "$4.45-4.55 billion",
        "002_26f6919544f59e0e.txt",
        "-- 2024 --",
        "more than $1.2 billion",
        "== Consistency audit:",
        "sum of flows",
        "growth readings",
        "five-year (base 2018): supported",
        "mirror",
        "inconsistent",
        "== Target outlook: $10 billion from 2023's $4.5 billion, target years 2026-2035 ==",
        "pro rata from 11 months",
        "stated +29.5% over 2018-2023, annualised",
        "compound rate between published levels 2017-2023",
        "log-linear trend",
        "P(trend >= target)",
        "== Scenario presets (illustrative assumptions, not forecasts)",
        "free trade regime",
        "Contributions in \"kaz-uzb all levers\"",
        "import_substitution",
        "== Mirror statistics",
        "d002.exports.2022 | s.kzuz.2022.exports.uzb",
        "== Charts ==",
        "heatmap.png",
    ] {
        assert!(
            text.contains(expected),
            "outlook output lacks {expected:?}:\n{text}"
        );
    }
    // The target table has one row per year 2026-2035; 2030 needs (10 / 4.5)^(1/7) − 1 = 12.08%.
    let row_2030 = text
        .lines()
        .find(|l| l.starts_with("2030  "))
        .unwrap_or_else(|| panic!("no 2030 row:\n{text}"));
    assert!(row_2030.contains("12.08%"), "{row_2030}");
    for y in 2026..=2035 {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{y}  "))),
            "no {y} row"
        );
    }
    // Every chart path it prints exists.
    for line in text
        .lines()
        .filter(|l| l.ends_with(".svg") || l.ends_with(".png"))
    {
        assert!(std::path::Path::new(line).exists(), "{line}");
    }
    assert_eq!(text.lines().filter(|l| l.ends_with(".png")).count(), 5);
    // Years appear in order.
    let pos = |s: &str| text.find(s).unwrap_or(usize::MAX);
    assert!(pos("-- 2017 --") < pos("-- 2022 --") && pos("-- 2022 --") < pos("-- 2023 --"));
}

/// Runs an example with arguments and returns its `name value` lines.
fn lines(name: &str, args: &[&str]) -> Vec<(String, String)> {
    let out = Command::new(example(name))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let (k, v) = l
                .split_once(' ')
                .unwrap_or_else(|| panic!("not `name value`: {l}"));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn number(lines: &[(String, String)], key: &str) -> f64 {
    lines
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or_else(|| panic!("no number {key} in {lines:?}"))
}

#[test]
fn sweep_prints_its_four_lines() {
    let out = lines("sweep", &["--rates", "1001", "--years", "10"]);
    let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "values_per_s",
            "checksum_final",
            "reaching_target",
            "write_limit_values_per_s"
        ]
    );
    // Independently: rates -0.10 + 0.4·i/1000, final 4.5·(1 + r)^10.
    let rates: Vec<f64> = (0..=1000)
        .map(|i| -0.10 + 0.4 * f64::from(i) / 1000.0)
        .collect();
    let checksum: f64 = rates.iter().map(|r| 4.5 * (1.0 + r).powi(10)).sum();
    let printed = number(&out, "checksum_final");
    assert!(
        (printed - checksum).abs() <= 1e-12 * checksum,
        "{printed} vs {checksum}"
    );
    // A rate reaches 10 within 10 years iff r ≥ (10/4.5)^(1/10) − 1 = 0.083125: i ≥ 457.8, so
    // i = 458..=1000, 543 rates.
    assert_eq!(number(&out, "reaching_target"), 543.0);
    assert!(number(&out, "values_per_s") > 0.0 && number(&out, "write_limit_values_per_s") > 0.0);
    // The checksum line is in %.12e form.
    let raw = &out[1].1;
    assert!(
        raw.contains('e') && raw.split('e').next().is_some_and(|m| m.len() == 14),
        "{raw}"
    );
}

#[test]
fn montecarlo_prints_its_four_lines_and_matches_closed_forms() {
    let args = ["--paths", "200000", "--years", "10", "--seed", "5"];
    let out = lines("montecarlo", &args);
    let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["paths_per_s", "p50_final", "p_final_ge_10", "p_reach_10"]
    );
    // Median 4.5·e^0.5 = 7.41932; P(final ≥ 10) = 1 − Φ(1.17996) = 0.11901 (binomial sd at
    // 200,000 paths 0.00072; allow 5 sd).
    assert!((number(&out, "p50_final") - 7.41932).abs() < 0.03);
    assert!((number(&out, "p_final_ge_10") - 0.11901).abs() < 0.0036);
    assert!(number(&out, "p_reach_10") >= number(&out, "p_final_ge_10"));
    // Same seed, same numbers.
    let again = lines("montecarlo", &args);
    assert_eq!(out[1..], again[1..]);
}

#[test]
fn examples_reject_bad_arguments() {
    for (name, args) in [
        ("sweep", ["--rates", "many"]),
        ("montecarlo", ["--paths", "-3"]),
    ] {
        let out = Command::new(example(name))
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("error:"));
    }
    let out = Command::new(example("sweep"))
        .args(["--rates", "10", "--years", "0"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.status.success(), "a zero-year horizon is an error");
}

#[test]
fn gravity_synthetic_prints_one_line_per_fit_and_peak_memory() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("panel.csv");
    let out = Command::new(example("gravity"))
        .args([
            "synthetic",
            "--countries",
            "12",
            "--years",
            "3",
            "--seed",
            "5",
            "--write",
        ])
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    // `fit NAME nobs=N seconds=S COEF=VALUE(SE) COEF=VALUE(SE)`
    let fields: Vec<&str> = lines[0].split(' ').collect();
    assert_eq!(fields[..2], ["fit", "ppml_panel"], "{text}");
    assert!(
        fields[2].starts_with("nobs=") && fields[3].starts_with("seconds="),
        "{text}"
    );
    assert!(
        fields[4].starts_with("x1=") && fields[4].ends_with(')'),
        "{text}"
    );
    assert!(fields[5].starts_with("x2=") && fields.len() == 6, "{text}");
    assert!(lines[1].starts_with("peak_rss_mb="), "{text}");
    // The file it wrote reads back as a panel of 12 · 11 · 3 flows.
    let panel = bilateral::gravity::Panel::from_csv(&file, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(panel.len(), 396);
    let bad = Command::new(example("gravity"))
        .args(["nonsense"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
#[cfg(feature = "charts")]
fn equilibrium_synthetic_prints_its_line_and_writes_the_csv() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("ge.csv");
    let chart = dir.path().join("ge.svg");
    let out = Command::new(example("equilibrium"))
        .args(["synthetic", "--countries", "12", "--seed", "2", "--csv"])
        .arg(&csv)
        .arg("--chart")
        .arg(&chart)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout_of(&out);
    let last = text.lines().last().unwrap_or_default();
    let fields: Vec<&str> = last.split(' ').collect();
    assert_eq!(
        fields[..3],
        ["equilibrium", "synthetic", "countries=12"],
        "{text}"
    );
    assert!(
        fields[3].starts_with("iterations=") && fields[4].starts_with("seconds="),
        "{text}"
    );
    let written = std::fs::read_to_string(&csv).unwrap_or_else(|e| panic!("{e}"));
    assert!(written.starts_with("from,to,country,exports_cdl_pct,exports_full_pct,price_full_pct,omr_cdl_pct,omr_full_pct,imr_cdl_pct,imr_full_pct,real_gdp_full_pct\n"));
    assert_eq!(written.lines().count(), 13);
    assert!(
        std::fs::read_to_string(&chart)
            .unwrap_or_default()
            .starts_with("<svg")
    );
}

#[test]
fn backtest_prints_one_line_per_method_and_subset_then_statsforecast() {
    let Some(file) = crate::common::agtpa("rta_panel_1986_2006.csv") else {
        return;
    };
    let out = Command::new(example("backtest"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout_of(&out);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("backtest "))
        .collect();
    assert_eq!(lines.len(), 5 * 2, "{text}");
    for l in &lines {
        // `backtest METHOD SUBSET h1=… h2=… h3=… cov80=… cov90=… seconds=…`
        let f: Vec<&str> = l.split(' ').collect();
        assert_eq!(f.len(), 9, "{l}");
        for (i, key) in ["h1=", "h2=", "h3=", "cov80=", "cov90=", "seconds="]
            .iter()
            .enumerate()
        {
            assert!(f[i + 3].starts_with(key), "{l}");
            let v: f64 = f[i + 3][key.len()..]
                .parse()
                .unwrap_or_else(|e| panic!("{l}: {e}"));
            assert!(v.is_finite() && v >= 0.0, "{l}");
        }
    }
    assert!(text.contains("recommended (lowest mean log-MAE over horizons and subsets): pooled"));
    // The prior age study: ages 0-12, as estimated and discounted, on all and large pairs.
    let ages = text.lines().filter(|l| l.starts_with("age ")).count();
    assert_eq!(ages, 5 * 2 * 2, "{text}");
    assert!(
        text.contains("fitted discount: drift mean halved every"),
        "{text}"
    );
    assert!(text.contains("total, backtest and age study:"), "{text}");
    assert!(text.contains("statsforecast autoarima large"), "{text}");
    let bad = Command::new(example("backtest"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bad.status.code(), Some(2));
}
