//! The `bilateral` command, run as a user would: each subcommand's happy path, JSON that parses
//! back into the library's types, CSV that reads back, and exit codes and messages for bad files,
//! unknown flags and missing arguments.

use std::process::{Command, Output};

use bilateral::outlook::TargetOutlook;
use bilateral::{Figure, Finding, ScenarioResult};

fn bilateral(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bilateral"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running bilateral: {e}"))
}

fn ok(args: &[&str]) -> Vec<u8> {
    let o = bilateral(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn preset(name: &str) -> String {
    format!("{}/data/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn growth_required_with_rounding() {
    // "4.5" is [4.45, 4.55), "10" is [9.5, 10.5): (10/4.5)^(1/7) - 1 = 12.08%, from
    // (9.5/4.55)^(1/7) - 1 = 11.09% to (10.5/4.45)^(1/7) - 1 = 13.05%.
    let out = ok(&[
        "growth",
        "required",
        "4.5",
        "10",
        "7",
        "--interval",
        "--format",
        "table",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out).trim(),
        "12.08% [11.09%, 13.05%]"
    );
    let json: serde_json::Value = serde_json::from_slice(&ok(&[
        "growth", "required", "4.5", "10", "7", "--format", "json",
    ]))
    .unwrap();
    let point = json["point"].as_f64().unwrap();
    assert!((point - ((10.0f64 / 4.5).powf(1.0 / 7.0) - 1.0)).abs() < 1e-12);
    // Years at 10%: ln(10/4.5) / ln 1.1 = 8.378.
    let out = ok(&["growth", "years", "4.5", "10", "10%", "--format", "table"]);
    assert!(
        String::from_utf8_lossy(&out).starts_with("8.38 years"),
        "{out:?}"
    );
    // 0.1 is the same rate as a fraction; 5.3 is ambiguous (5.3% or 530%?) and refused as a
    // usage error that shows both spellings, instead of answering 0.43 years.
    let out = ok(&["growth", "years", "4.5", "10", "0.1", "--format", "table"]);
    assert!(String::from_utf8_lossy(&out).starts_with("8.38 years"));
    let o = bilateral(&["growth", "years", "4.5", "10", "5.3"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("5.3%") && err.contains("0.053"), "{err}");
    // ln(10/4.5) / ln 1.053 = 15.46 years at 5.3%.
    let out = ok(&["growth", "years", "4.5", "10", "5.3%", "--format", "table"]);
    assert!(
        String::from_utf8_lossy(&out).starts_with("15.46 years"),
        "{out:?}"
    );
}

#[test]
fn outlook_json_reads_back_and_csv_has_the_target_table() {
    let o: TargetOutlook = serde_json::from_slice(&ok(&[
        "outlook",
        "--base",
        "$4.5 billion",
        "--format",
        "json",
    ]))
    .unwrap();
    let y2030 = o.rows.iter().find(|r| r.year == 2030).unwrap();
    assert!((y2030.required.point() - 0.120_833).abs() < 1e-6);
    let csv = String::from_utf8(ok(&["outlook", "--format", "csv"])).unwrap();
    assert!(
        csv.starts_with("year,horizon,rate_needed_pct,rate_needed_low_pct,rate_needed_high_pct,forecast_median_usd,"),
        "{csv}"
    );
    let dir = std::env::temp_dir().join(format!("bilateral-cli-charts-{}", std::process::id()));
    let out = dir.join("o.json");
    ok(&[
        "outlook",
        "--charts",
        dir.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(dir.join("history.svg").exists() && dir.join("history.png").exists());
    let back: TargetOutlook = bilateral::io::read_json(&out).unwrap();
    assert_eq!(back.rows.len(), 10);
}

#[test]
fn figures_and_audit() {
    let figures: Vec<Figure> = serde_json::from_slice(&ok(&[
        "figures",
        "--corridor",
        "KAZ-UZB",
        "--year",
        "2023",
        "--search",
        "turnover",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(
        figures
            .iter()
            .any(|f| f.id().as_str() == "d002.turnover.2023.a")
    );
    assert!(
        figures
            .iter()
            .all(|f| f.period().is_some_and(|p| p.year() == Some(2023)))
    );
    let findings: Vec<Finding> =
        serde_json::from_slice(&ok(&["audit", "--corridor", "KAZ-UZB", "--format", "json"]))
            .unwrap();
    assert!(!findings.is_empty());
    // The two 2023 turnovers disagree, so a pipeline failing on inconsistent findings fails.
    let o = bilateral(&["audit", "--fail-on", "inconsistent", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    let dir = std::env::temp_dir().join(format!("bilateral-cli-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("findings.csv");
    std::fs::write(&path, &o.stdout).unwrap();
    // The CSV run audited every corridor; it reads back whole, its numbers to the 15
    // significant digits a CSV for people keeps (JSON keeps every bit).
    let all = bilateral::audit::audit(&bilateral::Dataset::builtin().unwrap());
    let back = bilateral::io::read_csv::<bilateral::audit::Findings>(&path).unwrap();
    assert_eq!(back.len(), all.len());
    let near = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-14 * a.abs().max(b.abs());
    for (a, b) in back.iter().zip(all.iter()) {
        assert_eq!(
            (&a.id, a.verdict, &a.explanation),
            (&b.id, b.verdict, &b.explanation)
        );
        assert!(near(a.derived.point(), b.derived.point()), "{}", a.id);
        assert!(
            near(a.derived.interval().lo(), b.derived.interval().lo()),
            "{}",
            a.id
        );
        assert!(
            near(a.derived.interval().hi(), b.derived.interval().hi()),
            "{}",
            a.id
        );
    }
}

#[test]
fn comtrade_totals_and_mirror() {
    let file = fixture("comtrade_mixed.csv");
    let totals: serde_json::Value = serde_json::from_slice(&ok(&[
        "comtrade",
        &file,
        "--totals",
        "--reporter",
        "KAZ",
        "--partner",
        "UZB",
        "--format",
        "json",
    ]))
    .unwrap();
    let values: Vec<f64> = totals["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_f64().unwrap())
        .collect();
    // 2022: the TOTAL row, 1000; 2023: three months, 80 + 70 + 50 = 200.
    assert_eq!(values, [1000.0, 200.0]);
    let pairs: serde_json::Value = serde_json::from_slice(&ok(&[
        "comtrade",
        &fixture("comtrade_kaz_uzb.csv"),
        "--mirror",
        "--reporter",
        "KAZ",
        "--partner",
        "UZB",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(pairs.as_array().map(Vec::len), Some(2));
}

#[test]
fn scenarios_run_sweep_and_monte_carlo() {
    let r: ScenarioResult = serde_json::from_slice(&ok(&[
        "scenario",
        "run",
        &preset("kaz-uzb-all-levers.toml"),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(r.years.first(), Some(&2023));
    // The table puts every amount on one scale: the 2023 base, "$4.5 billion" in
    // 002_26f6919544f59e0e.txt (d002.turnover.2023.a), is 4,500.0 million, and
    // no layer has started yet.
    let table = String::from_utf8(ok(&[
        "scenario",
        "run",
        &preset("kaz-uzb-all-levers.toml"),
        "--format",
        "table",
    ]))
    .unwrap();
    let first = table.lines().nth(2).unwrap_or_default();
    let cells: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(
        cells,
        ["2023", "4,500.0", "0.0", "0.0", "0.0", "4,500.0"],
        "{table}"
    );
    assert!(table.ends_with("amounts in millions\n"), "{table}");
    let csv = String::from_utf8(ok(&[
        "scenario",
        "sweep",
        &preset("kaz-uzb-free-trade.toml"),
        "--axis",
        "baseline.rate=0:0.1:3",
        "--shard",
        "0/2",
        "--format",
        "csv",
    ]))
    .unwrap();
    assert!(csv.starts_with("run,baseline.rate,year,total"), "{csv}");
    let baseline = preset("kaz-uzb-baseline.toml");
    let mc_args = [
        "scenario", "mc", &baseline, "--paths", "500", "--sd", "0.08", "--seed", "7", "--format",
        "json",
    ];
    let mc: serde_json::Value = serde_json::from_slice(&ok(&mc_args)).unwrap();
    assert_eq!(mc["summary"]["paths"].as_u64(), Some(500));
    // The same seed gives the same answer, run after run.
    let again: serde_json::Value = serde_json::from_slice(&ok(&mc_args)).unwrap();
    assert_eq!(mc, again);
    let names = String::from_utf8(ok(&["scenario", "presets", "--format", "csv"])).unwrap();
    assert!(names.contains("kaz-uzb all levers"));
}

#[test]
fn errors_have_exit_codes_and_one_line_messages() {
    // Usage errors: exit 2.
    for args in [
        &["outlook", "--bogus"][..],
        &["growth", "required", "4.5"][..],
        &["nonsense"][..],
        &["comtrade", "x.csv", "--mirror"][..],
    ] {
        let o = bilateral(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    // Data errors: exit 1, one line naming file, line and field.
    let dir = std::env::temp_dir().join(format!("bilateral-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue\n2022,KAZ,UZB,X,TOTAL,-5\n",
    )
    .unwrap();
    let o = bilateral(&["comtrade", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.csv:2: field `primaryValue`"), "{err}");
    let o = bilateral(&["scenario", "run", "no-such.toml"]);
    assert_eq!(o.status.code(), Some(1));
    // Every subcommand's help shows an example.
    for sub in [
        &["outlook"][..],
        &["figures"][..],
        &["audit"][..],
        &["growth", "required"][..],
        &["comtrade"][..],
        &["scenario", "sweep"][..],
    ] {
        let mut args = sub.to_vec();
        args.push("--help");
        let help = String::from_utf8(ok(&args)).unwrap();
        assert!(help.contains("Example"), "{sub:?}: {help}");
    }
}

#[test]
fn series_mirror_grid_provenance_and_charts() {
    let s: bilateral::Series = serde_json::from_slice(&ok(&[
        "series",
        "--partial-years",
        "pro-rata",
        "--format",
        "json",
    ]))
    .unwrap();
    // 2021: Jan-Nov "$3.5 billion" x 12 / 11.
    let p2021 = s.at(2021).map(|p| p.estimate.point()).unwrap();
    assert!((p2021 - 3.5e9 * 12.0 / 11.0).abs() < 1.0);
    let pairs: serde_json::Value =
        serde_json::from_slice(&ok(&["mirror", "--format", "json"])).unwrap();
    assert_eq!(pairs[0]["verdict"], "inconsistent");
    // 4.5 x 1.1^9 = 10.61 is the first year at 10 for 10% (4.5 x 1.1^8 = 9.65).
    let grid: serde_json::Value = serde_json::from_slice(&ok(&[
        "growth", "grid", "4.5", "10", "--rates", "0:0.2:5", "--years", "10", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(grid[2]["first_year_reaching"], 9);
    assert!(grid[0]["first_year_reaching"].is_null());
    let dir = std::env::temp_dir().join(format!("bilateral-cli-charts2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stacked = dir.join("stacked.svg");
    let fan = dir.join("fan.png");
    ok(&[
        "scenario",
        "run",
        &preset("kaz-uzb-all-levers.toml"),
        "--chart",
        stacked.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    ok(&[
        "scenario",
        "mc",
        &preset("kaz-uzb-baseline.toml"),
        "--paths",
        "200",
        "--sd",
        "0.08",
        "--chart",
        fan.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(stacked.exists() && fan.exists());
    let sources = format!("{}/../shared/sources", env!("CARGO_MANIFEST_DIR"));
    if std::path::Path::new(&sources).exists() {
        let report: serde_json::Value = serde_json::from_slice(&ok(&[
            "provenance",
            "--sources",
            &sources,
            "--format",
            "json",
        ]))
        .unwrap();
        assert_eq!(report["problems"].as_array().map(Vec::len), Some(0));
        // The CSV has one row per item, checked or not: never an empty table.
        let csv = String::from_utf8(ok(&[
            "provenance",
            "--sources",
            &sources,
            "--format",
            "csv",
        ]))
        .unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "id,document,status,problem");
        let data = crate::common::builtin();
        assert_eq!(lines.len() - 1, data.figures().len() + data.regimes().len());
        assert!(lines.contains(&"d002.turnover.2023.a,002_26f6919544f59e0e.txt,ok,"));
        assert!(lines.iter().any(|l| l.ends_with(",no document,")), "{csv}");
    }
}

#[test]
fn gravity_fits_a_panel_file_and_names_bad_columns() {
    // A 3-country, 2-year panel with domestic flows; x separates nothing.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panel.csv");
    let mut csv = String::from("exporter,importer,year,trade,x\n");
    for (t, year) in [2000, 2001].iter().enumerate() {
        for (i, a) in ["A", "B", "C"].iter().enumerate() {
            for (j, b) in ["A", "B", "C"].iter().enumerate() {
                let x = ((i * 2 + j * 3 + t) % 4) as f64;
                let v = 1.0 + ((i * 7 + j * 5 + t * 3) % 6) as f64;
                csv.push_str(&format!("{a},{b},{year},{v},{x}\n"));
            }
        }
    }
    std::fs::write(&path, csv).unwrap();
    let file = path.to_str().unwrap();
    let json = ok(&[
        "gravity",
        file,
        "-f",
        "trade ~ x | exp_year + imp_year",
        "--se",
        "hetero",
        "--format",
        "json",
    ]);
    let fit: bilateral::gravity::GravityFit = serde_json::from_slice(&json).unwrap();
    assert_eq!(fit.observations, 18);
    assert_eq!(fit.coefficients[0].name, "x");
    let csv = ok(&[
        "gravity",
        file,
        "-f",
        "log(trade) ~ x | exporter",
        "--ols",
        "--format",
        "csv",
    ]);
    assert!(String::from_utf8_lossy(&csv).starts_with("name,estimate,std_error"));
    let o = bilateral(&["gravity", file, "-f", "trade ~ dist | exp_year"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no column `dist`") && err.contains("exporter, importer, year, trade, x"),
        "{err}"
    );
    let o = bilateral(&["gravity", file]);
    assert_eq!(o.status.code(), Some(2), "a formula is required");
}

#[test]
fn equilibrium_runs_an_agreement_and_names_unknown_countries() {
    let Some(path) = crate::common::agtpa("rta_panel_1986_2006.csv") else {
        return;
    };
    let file = path.to_str().unwrap();
    let csv = ok(&[
        "equilibrium",
        "agreement",
        file,
        "--countries",
        "CHN,JPN,KOR",
        "--year",
        "2006",
        "--format",
        "csv",
    ]);
    let text = String::from_utf8_lossy(&csv);
    assert!(
        text.starts_with("from,to,country,exports_cdl_pct,exports_full_pct,price_full_pct"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 70);
    let jpn = text
        .lines()
        .find(|l| l.starts_with("baseline,counterfactual,JPN,"))
        .unwrap();
    let gdp: f64 = jpn.rsplit(',').next().unwrap().parse().unwrap();
    assert!(gdp > 0.0, "{jpn}");
    let o = bilateral(&["equilibrium", "agreement", file, "--countries", "CHN,KAZ"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown country \"KAZ\""));
    let o = bilateral(&["equilibrium", "agreement", file]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "--countries is required for an agreement"
    );
}

#[test]
fn outlook_shows_the_calibrated_forecast_with_its_measured_coverage() {
    let text = String::from_utf8(ok(&["outlook", "--format", "table"])).unwrap();
    for needle in [
        "forecast median",
        "P(≥ target) [inputs]",
        "pooled random walk with drift (empirical Bayes)",
        "Measured out of sample on all pairs",
        "Measured out of sample on large pairs",
        "P(trend ≥ target)",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let csv = String::from_utf8(ok(&["outlook", "--format", "csv", "--method", "drift"])).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("forecast_probability_hi"),
        "{csv}"
    );
    // An unknown method is a usage error; a method the series cannot take names why.
    assert_eq!(
        bilateral(&["outlook", "--method", "oracle"]).status.code(),
        Some(2)
    );
    let damped = bilateral(&["outlook", "--method", "damped"]);
    assert_eq!(damped.status.code(), Some(1));
    let err = String::from_utf8_lossy(&damped.stderr);
    assert!(
        err.contains("consecutive years") && err.contains("2018"),
        "{err}"
    );
}

#[test]
fn backtest_runs_on_a_flow_panel_and_names_a_bad_protocol() {
    let Some(file) = crate::common::agtpa("rta_panel_1986_2006.csv") else {
        return;
    };
    let file = file.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("cal.json");
    let json = ok(&[
        "backtest",
        file,
        "--methods",
        "naive,pooled",
        "--format",
        "json",
        "--calibration",
        cal.to_str().unwrap(),
    ]);
    let b: bilateral::forecast::Backtest = serde_json::from_slice(&json).unwrap();
    assert_eq!(b.series, 3459);
    assert_eq!(b.rows.len(), 2 * 2 * 3);
    let cals: Vec<bilateral::forecast::Calibration> =
        serde_json::from_slice(&std::fs::read(&cal).unwrap()).unwrap();
    assert_eq!(cals.len(), 2);
    let o = bilateral(&["backtest", file, "--origins", "2005"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("runs past the data"));
    let o = bilateral(&["backtest", file, "--large", "1e12"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no series of subset large"));
    assert_eq!(
        bilateral(&["backtest", file, "--class-by", "colour"])
            .status
            .code(),
        Some(2)
    );
    // The prior age study from the command line, and an age the panel cannot give.
    let study = ok(&["backtest", file, "--ages", "0,12", "--format", "json"]);
    let study: bilateral::forecast::AgeStudy = serde_json::from_slice(&study).unwrap();
    assert_eq!(study.rows.len(), 2 * 2 * 2 * 3);
    assert!(study.fit.is_some());
    let o = bilateral(&["backtest", file, "--ages", "0,20"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("1986-2006") && err.contains("at most 12 years"),
        "{err}"
    );
}

#[test]
fn negative_numbers_are_values() {
    // A range, a rate and a horizon starting with a minus sign reach their parsers.
    let grid = String::from_utf8(ok(&[
        "growth",
        "grid",
        "4.5",
        "10",
        "--rates",
        "-0.1:0.3:41",
        "--years",
        "12",
        "--format",
        "csv",
    ]))
    .unwrap();
    assert!(
        grid.lines().nth(1).is_some_and(|l| l.starts_with("-10,")),
        "{grid}"
    );
    ok(&["growth", "path", "4.5", "-5%", "3", "--format", "csv"]);
    let o = bilateral(&["growth", "required", "4.5", "10", "-1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("= -1"));
    let o = bilateral(&["outlook", "--share-cv", "-1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--share-cv") && err.contains("\"-1\""),
        "{err}"
    );
}

#[test]
fn the_outlook_without_nowcasts_and_with_another_share_uncertainty() {
    let with = String::from_utf8(ok(&["outlook", "--format", "table"])).unwrap();
    assert!(
        with.contains("Nowcast: more than $1.2 billion in 2024-01..2024-04"),
        "{with}"
    );
    let without = String::from_utf8(ok(&["outlook", "--format", "table", "--no-nowcast"])).unwrap();
    assert!(!without.contains("Nowcast:"), "{without}");
    let wider =
        String::from_utf8(ok(&["outlook", "--format", "table", "--share-cv", "0.5"])).unwrap();
    assert!(wider.contains("(sd of its log 0.21)"), "{wider}");
}

#[test]
fn gravity_split_shards_written_to_files_concatenate_to_the_whole() {
    let dir = std::env::temp_dir().join(format!("bilateral-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Four products over six countries and three years; product 3 trades nothing.
    let mut text = String::from("exporter,importer,year,trade,x,product\n");
    let cs = ["A", "B", "C", "D", "E", "F"];
    let mut k = 0u32;
    for p in [10, 2, 3, 7] {
        for t in 2000..2003 {
            for e in cs {
                for i in cs {
                    if e != i {
                        k += 1;
                        let x = f64::from(k % 17) / 17.0;
                        let flow = if p == 3 {
                            0.0
                        } else {
                            f64::from(1 + k % 13) * (1.0 + x)
                        };
                        text.push_str(&format!("{e},{i},{t},{flow},{x},{p}\n"));
                    }
                }
            }
        }
    }
    let panel = dir.join("products.csv");
    std::fs::write(&panel, text).unwrap();
    let run = |extra: &[&str], out: &std::path::Path| {
        let mut args = vec![
            "gravity",
            panel.to_str().unwrap(),
            "-f",
            "trade ~ x | exporter + importer",
            "--split",
            "product",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = bilateral(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out).unwrap()
    };
    let whole = run(&[], &dir.join("whole.csv"));
    assert_eq!(whole.lines().count(), 5, "{whole}");
    assert!(
        whole
            .lines()
            .any(|l| l.starts_with("3,,") && l.contains("no observations")),
        "{whole}"
    );
    let mut joined = String::new();
    for i in 0..3 {
        let shard = format!("{i}/3");
        let part = run(&["--shard", &shard], &dir.join(format!("shard{i}.csv")));
        let (header, body) = part.split_once('\n').unwrap();
        if i == 0 {
            joined.push_str(header);
            joined.push('\n');
        }
        joined.push_str(body);
    }
    assert_eq!(joined, whole);
    // A shard that does not exist is a usage error.
    let o = bilateral(&[
        "gravity",
        panel.to_str().unwrap(),
        "-f",
        "trade ~ x | exporter",
        "--split",
        "product",
        "--shard",
        "3/3",
    ]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn gravity_predict_writes_each_rows_prediction_and_leaves_unseen_levels_empty() {
    use bilateral::gravity::{Gravity, Panel, PanelColumns};
    let dir = std::env::temp_dir().join(format!("bilateral-predict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("exporter,importer,year,trade,x\n");
    let cs = ["A", "B", "C", "D"];
    let mut k = 0u32;
    for t in 2000..2003 {
        for e in cs {
            for i in cs {
                if e != i {
                    k += 1;
                    let x = f64::from(k % 7) / 7.0;
                    text.push_str(&format!(
                        "{e},{i},{t},{},{x}\n",
                        f64::from(1 + k % 5) * (1.0 + x)
                    ));
                }
            }
        }
    }
    let panel_path = dir.join("panel.csv");
    std::fs::write(&panel_path, &text).unwrap();
    let new_path = dir.join("new.csv");
    std::fs::write(
        &new_path,
        "exporter,importer,year,trade,x\nA,B,2004,1,0.25\nQ,B,2004,1,0.25\n",
    )
    .unwrap();
    let out = ok(&[
        "gravity",
        panel_path.to_str().unwrap(),
        "-f",
        "trade ~ x | exporter + importer",
        "--predict",
        new_path.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "line,exporter,importer,time,observed,predicted");
    assert!(
        lines[2].starts_with("3,Q,B,2004,") && lines[2].ends_with(','),
        "{out}"
    );
    // The first row's prediction is the library's.
    let panel = Panel::from_csv(&panel_path, &PanelColumns::default()).unwrap();
    let fit = Gravity::ppml(&panel)
        .formula("trade ~ x | exporter + importer")
        .unwrap()
        .fit()
        .unwrap();
    let new = Panel::from_csv(&new_path, &PanelColumns::default()).unwrap();
    let expected = fit.predict_known(&new).unwrap()[0].unwrap();
    let got: f64 = lines[1].rsplit(',').next().unwrap().parse().unwrap();
    assert!(
        ((got - expected) / expected).abs() < 1e-12,
        "{got} vs {expected}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_output_files_extension_sets_its_format_and_an_unknown_one_is_a_usage_error() {
    let dir = std::env::temp_dir().join(format!("bilateral-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    ok(&["outlook", "-o", &path("o.csv")]);
    let csv = std::fs::read_to_string(dir.join("o.csv")).unwrap();
    assert!(csv.starts_with("year,horizon,rate_needed_pct"), "{csv}");
    ok(&["outlook", "-o", &path("o.json")]);
    let back: TargetOutlook = bilateral::io::read_json(&dir.join("o.json")).unwrap();
    assert_eq!(back.rows.len(), 10);
    ok(&["outlook", "-o", &path("o.txt")]);
    let text = std::fs::read_to_string(dir.join("o.txt")).unwrap();
    assert!(text.starts_with("KAZ->UZB turnover"), "{text}");
    // --format wins over the extension.
    ok(&["outlook", "--format", "json", "-o", &path("o2.csv")]);
    let back: TargetOutlook = bilateral::io::read_json(&dir.join("o2.csv")).unwrap();
    assert_eq!(back.rows.len(), 10);
    ok(&["outlook", "-o", &path("o.xlsx")]);
    assert!(
        std::fs::read(dir.join("o.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
    let o = bilateral(&["outlook", "-o", &path("o.ods")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(".ods"));
    assert!(!dir.join("o.ods").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `equilibrium estimate` on a user's panel (the synthetic fixture with Kazakhstan and
/// Uzbekistan), with draws: per-country and per-pair intervals as JSON and CSV, warnings on
/// standard error, and usage errors for draws out of range.
#[test]
fn equilibrium_estimates_on_any_panel_with_intervals() {
    let file = fixture("ge_central_asia.csv");
    let base = [
        "equilibrium",
        "estimate",
        file.as_str(),
        "--formula",
        "trade ~ log(DIST) + CNTG + RTA | exporter + importer",
        "--year",
        "2023",
        "--reference",
        "RUS",
    ];
    let run = |extra: &[&str]| bilateral(&[&base[..], extra].concat());
    let o = run(&[
        "--change",
        "RTA = 1 among KAZ, UZB",
        "--draws",
        "50",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: bilateral::equilibrium::EquilibriumIntervals =
        serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((r.draws, r.failed), (50, 0));
    assert_eq!(r.point.counterfactual, "RTA = 1 among KAZ, UZB");
    let uzb = r.country("UZB", "exports_full_pct").unwrap();
    assert!(uzb.low < uzb.point && uzb.point < uzb.high);
    // The pair table as CSV, with its header.
    let o = run(&[
        "--change",
        "RTA = 1 among KAZ, UZB",
        "--draws",
        "20",
        "--pairs",
        "--format",
        "csv",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with("from,to,exporter,importer,measure,point,median,low,high\n"),
        "{text}"
    );
    assert!(text.contains("baseline,counterfactual,KAZ,UZB,trade_full_pct,"));
    // An agreement that exists already among some of the set: a warning naming the pairs.
    let o = run(&[
        "--change",
        "RTA = 1 among KAZ, KGZ, UZB",
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: RTA is already 1 on 2 of the 6 pairs among KAZ, KGZ, UZB (KAZ->KGZ, KGZ->KAZ); 4 pairs change"),
        "{err}"
    );
    // Usage errors: draws out of range (exit 2); a change that does not read (exit 1, naming it).
    for bad in ["0", "100001", "-5", "many"] {
        let o = run(&["--change", "RTA = 1 among KAZ, UZB", "--draws", bad]);
        assert_eq!(o.status.code(), Some(2), "--draws {bad}");
    }
    let o = run(&["--change", "RTA to 1 among KAZ, UZB"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("RTA to 1 among KAZ, UZB"));
    // A year the panel lacks names its years.
    let o = bilateral(&[
        "equilibrium",
        "estimate",
        &file,
        "--formula",
        "trade ~ RTA | exporter + importer",
        "--year",
        "2019",
        "--reference",
        "RUS",
        "--change",
        "RTA = 1 among KAZ, UZB",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("its years: 2022, 2023"));
    // The pairs-cluster bootstrap: refits counted, the method said.
    let o = run(&[
        "--change",
        "RTA = 1 among KAZ, UZB",
        "--draws",
        "30",
        "--bootstrap",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: bilateral::equilibrium::EquilibriumIntervals =
        serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r.solved + r.failed, 30);
    assert!(
        r.method.starts_with("pairs-cluster bootstrap"),
        "{}",
        r.method
    );
    let o = bilateral(&[
        "equilibrium",
        "borders",
        &file,
        "--draws",
        "5",
        "--bootstrap",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("estimate application"));
}

/// A reader that stops early (`| head`) ends the command quietly: exit 0, nothing on stderr.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    // Outputs past a pipe's buffer (64 KiB), so that the command is still writing when the
    // reader goes away.
    for args in [
        &[
            "growth",
            "grid",
            "4.5",
            "10",
            "--rates",
            "0:0.3:5001",
            "--years",
            "12",
            "--format",
            "csv",
        ][..],
        &[
            "growth",
            "grid",
            "4.5",
            "10",
            "--rates",
            "0:0.3:5001",
            "--years",
            "12",
            "--format",
            "json",
        ][..],
        // The report: a page of about 120 KB.
        &["report", "--corridor", "KAZ-UZB"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bilateral"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe's reading end is closed here, before the command has written everything.
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The subcommands `bilateral [PARENT] --help` lists (without `help`).
fn subcommands(parent: &[&str]) -> Vec<String> {
    let mut args = parent.to_vec();
    args.push("--help");
    let help = String::from_utf8(bilateral(&args).stdout).unwrap();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_usage_error_exits_2_and_every_data_error_1() {
    // Every command and subcommand: an unknown flag is a usage error.
    let top = subcommands(&[]);
    assert!(top.len() >= 12, "{top:?}");
    let mut walked = 0;
    for c in &top {
        let nested = subcommands(&[c]);
        let paths: Vec<Vec<&str>> = if nested.is_empty() {
            vec![vec![c.as_str()]]
        } else {
            nested
                .iter()
                .map(|n| vec![c.as_str(), n.as_str()])
                .collect()
        };
        for mut p in paths {
            p.push("--no-such-flag");
            let o = bilateral(&p);
            assert_eq!(o.status.code(), Some(2), "{p:?}");
            assert!(
                String::from_utf8_lossy(&o.stderr).contains("--no-such-flag"),
                "{p:?}"
            );
            walked += 1;
        }
    }
    assert!(walked >= 18, "{walked}");
    let sweep = preset("kaz-uzb-all-levers.toml");
    // Values that cannot be read: numbers, money, ranges, years, shards, chart files.
    for args in [
        vec!["outlook", "--years", "abc"],
        vec!["outlook", "--target", "abc"],
        vec!["outlook", "--base-year", "x"],
        vec!["outlook", "--share-cv", "-1"],
        vec!["outlook", "--method", "oracle"],
        vec!["growth", "required", "abc", "10", "7"],
        vec!["growth", "required", "4.5", "10", "x"],
        vec!["growth", "years", "4.5", "10", "fast"],
        vec![
            "growth", "grid", "4.5", "10", "--rates", "a:b:c", "--years", "3",
        ],
        vec![
            "growth", "grid", "4.5", "10", "--rates", "0:0.1:3", "--years", "3", "--chart", "g.bmp",
        ],
        vec!["scenario", "sweep", &sweep, "--axis", "nope"],
        vec![
            "scenario",
            "sweep",
            &sweep,
            "--axis",
            "baseline.rate=0:0.1:3",
            "--shard",
            "3/2",
        ],
        vec![
            "scenario",
            "sweep",
            &sweep,
            "--axis",
            "baseline.rate=0:0.1:3",
            "--shard",
            "x",
        ],
        vec![
            "scenario", "mc", &sweep, "--sd", "0.1", "--chart", "fan.gif",
        ],
        vec!["scenario", "mc", &sweep, "--sd", "wide"],
        vec!["mirror", "--corridor", "XXX-UZB"],
        vec!["audit", "--fail-on", "never"],
        vec!["figures", "--format", "xml"],
    ] {
        let o = bilateral(&args);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // Data and computation errors: files that are not there, data that do not answer.
    for args in [
        vec![
            "gravity",
            "no-such-file.csv",
            "--formula",
            "trade ~ RTA | exporter + importer",
        ],
        vec!["backtest", "no-such-file.csv"],
        vec!["comtrade", "no-such-file.csv"],
        vec!["scenario", "run", "no-such-file.toml"],
        vec!["outlook", "--corridor", "KAZ-USA"],
        vec!["growth", "required", "4.5", "10", "-1"],
        vec!["figures", "--corridor", "KAZ-CHN"],
        vec!["series", "--corridor", "KAZ-CHN"],
        vec!["mirror", "--corridor", "KAZ-CHN"],
        vec!["audit", "--corridor", "KAZ-CHN"],
        vec!["outlook", "--corridor", "KAZ-CHN"],
        vec!["outlook", "--base-year", "2019"],
    ] {
        let o = bilateral(&args);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with("error: ") && err.lines().count() == 1,
            "{args:?}: {err}"
        );
    }
}

/// The XML of one part of an .xlsx file.
fn xlsx_part(path: &std::path::Path, part: &str) -> String {
    use std::io::Read as _;
    let mut book = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    book.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn an_xlsx_file_has_the_table_with_typed_numbers_and_a_provenance_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.xlsx");
    ok(&["audit", "-o", path.to_str().unwrap()]);
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("name=\"audit findings\"") && workbook.contains("name=\"provenance\""),
        "{workbook}"
    );
    // The first finding's derived point, $1,518.6 million, is a number cell, not text; the
    // header row is text (shared strings).
    let sheet = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<v>1518600000</v>"), "{sheet}");
    let strings = xlsx_part(&path, "xl/sharedStrings.xml");
    assert!(
        strings.contains(">derived_point<") && strings.contains(">command<"),
        "{strings}"
    );
    // --format xlsx without a file is a usage error; so is writing it to standard output.
    assert_eq!(
        bilateral(&["audit", "--format", "xlsx"]).status.code(),
        Some(2)
    );
}

/// The cells of a CSV's column, by header name.
fn csv_column(csv: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {csv}"));
    reader
        .records()
        .map(|r| r.unwrap().get(at).unwrap().to_owned())
        .collect()
}

#[test]
fn the_outlooks_csv_is_one_tidy_table_per_concept_with_units_in_the_headers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outlook.csv");
    ok(&[
        "outlook",
        "--base",
        "$4.5 billion",
        "-o",
        path.to_str().unwrap(),
    ]);
    // The years: one row each (2026-2035), the rate needed in percent: (10/4.5)^(1/7) - 1 for
    // 2030 = 12.0833...%.
    let years = std::fs::read_to_string(&path).unwrap();
    let year = csv_column(&years, "year");
    assert_eq!(
        year,
        (2026..=2035).map(|y| y.to_string()).collect::<Vec<_>>()
    );
    let rate: f64 = csv_column(&years, "rate_needed_pct")[4].parse().unwrap();
    let expected = ((10.0_f64 / 4.5).powf(1.0 / 7.0) - 1.0) * 100.0;
    assert!((rate - expected).abs() < 1e-9, "{rate} vs {expected}");
    let median: f64 = csv_column(&years, "forecast_median_usd")[4]
        .parse()
        .unwrap();
    assert!(median > 1e9 && median < 1e11, "{median}");
    // The rates the corridor has shown, their own table: the stated +50% over 2017-2018 is 50
    // (percent), reaching $10 billion from $4.5 billion in 2023 + ceil(ln(10/4.5)/ln 1.5) = 2025.
    let rates = std::fs::read_to_string(dir.path().join("outlook.rates.csv")).unwrap();
    let pct = csv_column(&rates, "rate_pct");
    let at = pct.iter().position(|p| p == "50").unwrap();
    let needed = ((10.0_f64 / 4.5).ln() / 1.5_f64.ln()).ceil() as i32;
    assert_eq!(
        csv_column(&rates, "year_reached")[at],
        (2023 + needed).to_string()
    );
    // The published 2023 figures with their documents, in dollars, and the rate each needs.
    let published = std::fs::read_to_string(dir.path().join("outlook.published.csv")).unwrap();
    assert!(
        published.starts_with("year,figure,printed,source,value_usd,value_low_usd,value_high_usd,by_year,rate_needed_pct"),
        "{published}"
    );
    assert!(csv_column(&published, "value_usd").contains(&"4400000000".to_owned()));
    assert!(csv_column(&published, "source").contains(&"002_26f6919544f59e0e.txt".to_owned()));
    // A workbook holds the same three tables as sheets.
    let book = dir.path().join("outlook.xlsx");
    ok(&["outlook", "-o", book.to_str().unwrap()]);
    let workbook = xlsx_part(&book, "xl/workbook.xml");
    for sheet in ["target outlook", "rates", "published", "provenance"] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {workbook}"
        );
    }
}

#[test]
fn dollar_and_rate_columns_say_their_unit() {
    let series =
        String::from_utf8(ok(&["series", "--corridor", "KAZ-UZB", "--format", "csv"])).unwrap();
    assert!(
        series.starts_with("corridor,flow,year,value_usd,low_usd,high_usd,"),
        "{series}"
    );
    let mirror =
        String::from_utf8(ok(&["mirror", "--corridor", "KAZ-UZB", "--format", "csv"])).unwrap();
    assert!(
        mirror.starts_with("year,exporter,importer,exporter_usd,exporter_low_usd"),
        "{mirror}"
    );
    // A fraction in a _pct column is written in percent: 0.1 -> 10.
    let grid = String::from_utf8(ok(&[
        "growth",
        "grid",
        "4.5",
        "10",
        "--rates",
        "0.1:0.2:3",
        "--years",
        "5",
        "--format",
        "csv",
    ]))
    .unwrap();
    assert_eq!(csv_column(&grid, "rate_pct"), ["10", "15", "20"]);
    let required = String::from_utf8(ok(&[
        "growth", "required", "4.5", "10", "7", "--format", "csv",
    ]))
    .unwrap();
    let rate: f64 = csv_column(&required, "rate_pct")[0].parse().unwrap();
    assert!((rate - ((10.0_f64 / 4.5).powf(1.0 / 7.0) - 1.0) * 100.0).abs() < 1e-9);
    let run = String::from_utf8(ok(&[
        "scenario",
        "run",
        &format!(
            "{}/data/scenarios/kaz-uzb-baseline.toml",
            env!("CARGO_MANIFEST_DIR")
        ),
        "--format",
        "csv",
    ]))
    .unwrap();
    assert!(
        run.starts_with("scenario,year,component,kind,value_usd,target_usd"),
        "{run}"
    );
    let totals = String::from_utf8(ok(&[
        "comtrade",
        &format!("{}/data/comtrade_sample.csv", env!("CARGO_MANIFEST_DIR")),
        "--format",
        "csv",
    ]))
    .unwrap();
    assert!(totals.contains(",value_usd,cif_usd,fob_usd,"), "{totals}");
}

#[test]
fn comtrade_takes_every_code_the_reader_takes_and_accounts_for_every_row() {
    let sample = format!("{}/data/comtrade_sample.csv", env!("CARGO_MANIFEST_DIR"));
    // The area W00 (World) and the numeric code 398 (Kazakhstan), as the file can hold them.
    let world = String::from_utf8(ok(&[
        "comtrade",
        &sample,
        "--totals",
        "--partner",
        "W00",
        "--format",
        "table",
    ]))
    .unwrap();
    assert!(
        world.contains("W00 (area)") && world.contains("84000000000"),
        "{world}"
    );
    let kaz = String::from_utf8(ok(&[
        "comtrade",
        &sample,
        "--totals",
        "--reporter",
        "398",
        "--partner",
        "uzb",
        "--format",
        "table",
    ]))
    .unwrap();
    // Nine rows: five in the three KAZ->UZB totals (three codes summed, one TOTAL row, one
    // re-export code), one detail row under UZB's TOTAL, three behind totals not asked for.
    assert!(
        kaz.contains("9 rows read: 5 in these totals; left out: 1 detail rows")
            && kaz.contains("3 rows of totals not asked for"),
        "{kaz}"
    );
    let o = bilateral(&[
        "comtrade",
        &sample,
        "--mirror",
        "--reporter",
        "KAZ",
        "--partner",
        "W00",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--partner W00"));
    let o = bilateral(&["comtrade", &sample, "--reporter", "XYZ"]);
    assert_eq!(o.status.code(), Some(2));
    // The help lists the columns of both layouts.
    let help = String::from_utf8(ok(&["comtrade", "--help"])).unwrap();
    assert!(
        help.contains("Trade Value (US$)")
            && help.contains("primaryValue")
            && help.contains("data/comtrade_sample.csv")
    );
}

#[test]
fn csv_for_people_has_no_binary_noise_and_calendar_years() {
    let csv = String::from_utf8(ok(&[
        "growth",
        "path",
        "4.5",
        "-5%",
        "2",
        "--base-year",
        "2023",
        "--format",
        "csv",
    ]))
    .unwrap();
    // 4.5 × 0.95 = 4.275 (4.2749999999999995 in binary), × 0.95 = 4.06125.
    assert_eq!(
        csv,
        "year,years_after_base,level\n2023,0,4.5\n2024,1,4.275\n2025,2,4.06125\n"
    );
    // JSON keeps full precision.
    let json = String::from_utf8(ok(&[
        "growth",
        "path",
        "4.5",
        "-5%",
        "1",
        "--base-year",
        "2023",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(json.contains("4.2749999999999995"), "{json}");
}
