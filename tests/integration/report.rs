//! `bilateral report`: one self-contained HTML page, checked as text and rendered in a real
//! browser (Debian's headless Chromium: required in CI by `BILATERAL_REQUIRE_CHROMIUM=1`, skipped
//! with a note elsewhere when no Chromium is installed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use bilateral::outlook::TargetOutlook;

fn bilateral(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bilateral"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running bilateral: {e}"))
}

fn report(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("report.html");
    let o = bilateral(&[
        "report",
        "--corridor",
        "KAZ-UZB",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(&path).unwrap();
    (path, page)
}

#[test]
fn the_report_answers_first_and_holds_every_section_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_, page) = report(dir.path());
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..200]);
    // Self-contained: no script, no external asset of any kind, and a policy that forbids one.
    for banned in [
        "<script",
        "<link",
        "<img",
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
    ] {
        assert!(!page.contains(banned), "{banned}");
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    // The answer first: the rate each published 2023 figure needs, (10/4.5)^(1/7) - 1 = 12.08%
    // and (10/4.4)^(1/7) - 1 = 12.44%, with its document.
    let rate = |base: f64| format!("{:.2}%", ((10.0 / base).powf(1.0 / 7.0) - 1.0) * 100.0);
    assert_eq!(
        (rate(4.5).as_str(), rate(4.4).as_str()),
        ("12.08%", "12.44%")
    );
    let answer = page.find("The question and the answer").unwrap();
    let outlook = page.find("<h2>The outlook</h2>").unwrap();
    assert!(answer < outlook);
    let first = &page[answer..outlook];
    for needed in [rate(4.5), rate(4.4), "002_26f6919544f59e0e.txt".to_owned()] {
        assert!(first.contains(&needed), "{needed} not in the answer");
    }
    // The chance it gives is the outlook's, for the same year.
    let o = bilateral(&["outlook", "--format", "json"]);
    let o: TargetOutlook = serde_json::from_slice(&o.stdout).unwrap();
    let row = o.rows.iter().find(|r| r.year == o.reading_year).unwrap();
    let p = row.forecast_probability.unwrap().point();
    assert!(first.contains(&format!("<b>{p:.2}</b>")), "P = {p:.2}");
    // Every section, in the order a reader asks, and three charts inline.
    let mut at = 0;
    for section in [
        "The question and the answer",
        "The outlook",
        "How much the answer depends on the method",
        "The rates the corridor has shown",
        "What was published",
        "Do the published figures agree?",
        "Mirror statistics",
        "Scenario presets",
        "Sources and method",
    ] {
        let found = page[at..]
            .find(section)
            .unwrap_or_else(|| panic!("{section}"));
        at += found;
    }
    assert_eq!(page.matches("<svg").count(), 3);
    // The audit's findings by verdict: the repeated 2023 level is among the inconsistent ones.
    let inconsistent = page.find("<h3>Inconsistent (").unwrap();
    let next = page[inconsistent + 4..].find("<h3>").unwrap() + inconsistent + 4;
    assert!(page[inconsistent..next].contains("repeated level"));
    // Published figures with their quotes; the mirror pair of 2022 ($2 billion vs $3.7 billion).
    assert!(page.contains("Their trade turnover was $4.5 billion in 2023"));
    assert!(page.contains("<td class=\"n\">2.00 [1.50–2.50]</td>"));
    assert!(page.contains("<td class=\"n\">3.70 [3.65–3.75]</td>"));
    // Every preset named for the corridor, with its path.
    for preset in ["kaz-uzb baseline", "kaz-uzb all levers"] {
        assert!(page.contains(preset), "{preset}");
    }
    assert!(!page.contains("kaz-usa"));
}

#[test]
fn the_report_writes_html_only_and_html_is_the_reports_only() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    let o = bilateral(&["report", "-o", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("FILE.html"));
    assert!(!csv.exists());
    let html = dir.path().join("o.html");
    let o = bilateral(&["outlook", "-o", html.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bilateral report"));
    let o = bilateral(&["report", "--corridor", "KAZ-CHN"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no figures for corridor KAZ->CHN"));
    // Without -o the page goes to standard output.
    let o = bilateral(&["report"]);
    assert!(o.status.success());
    assert!(o.stdout.starts_with(b"<!DOCTYPE html>"));
}

/// The Chromium to render with: `BILATERAL_CHROMIUM`, else the first of the usual names on the
/// path.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BILATERAL_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"]
                .into_iter()
                .map(move |name| dir.join(name))
        })
        .find(|p| p.is_file())
}

/// Runs a command, killed after `limit`.
fn run_with_limit(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {command:?}: {e}"));
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{command:?} took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn the_report_renders_in_headless_chromium_without_console_errors() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("BILATERAL_REQUIRE_CHROMIUM").is_none(),
            "BILATERAL_REQUIRE_CHROMIUM is set but no Chromium was found (set BILATERAL_CHROMIUM)"
        );
        eprintln!("no Chromium on this machine: the render test is skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = report(dir.path());
    let shot = dir.path().join("report.png");
    let (width, height) = (1280u32, 2400u32);
    let mut command = Command::new(&browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        &format!("--user-data-dir={}", dir.path().join("profile").display()),
        &format!("--window-size={width},{height}"),
        &format!("--screenshot={}", shot.display()),
        &format!("file://{}", page.display()),
    ]);
    let out = run_with_limit(command, Duration::from_secs(180));
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    // No console message at all: the page has no script, so any is an error (a blocked asset,
    // a parse error).
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "{console:#?}");
    // The screenshot: the window's size, and not blank (text, rules and charts drawn).
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (width, height));
    let channels = info.color_type.samples();
    let pixels = &pixels[..info.buffer_size()];
    let inked = pixels
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|c| *c < 200))
        .count();
    let share = inked as f64 / f64::from(width * height);
    assert!(
        share > 0.02,
        "only {:.1}% of the page is drawn",
        share * 100.0
    );
    // The page's blue rule (#0072b2) under a heading is there: the style applied.
    let blue = pixels
        .chunks(channels)
        .filter(|p| {
            p.len() >= 3 && p[0] < 20 && (100..130).contains(&p[1]) && (160..190).contains(&p[2])
        })
        .count();
    assert!(blue > 500, "{blue} blue pixels");
}

#[test]
fn a_preset_your_data_cannot_build_is_said_in_its_place_and_the_page_still_stands() {
    // The user's figures without the 2023 turnover the presets cite.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let figures = std::fs::read_to_string(format!("{root}/data/figures.csv")).unwrap();
    let kept: String = figures
        .lines()
        .filter(|l| !l.starts_with("d002.turnover.2023.a,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(kept.len() < figures.len());
    std::fs::write(data.join("figures.csv"), kept).unwrap();
    std::fs::copy(format!("{root}/data/series.csv"), data.join("series.csv")).unwrap();
    let page = dir.path().join("r.html");
    let o = bilateral(&[
        "report",
        "--data",
        data.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(page).unwrap();
    assert!(
        page.contains("Preset data/scenarios/kaz-uzb-baseline.toml cannot be built on these data")
    );
    assert!(page.contains("no figure with id &quot;d002.turnover.2023.a&quot;"));
    assert!(!page.contains("FigureId("));
    // The rest of the page is there: the answer from the figure that is left ($4.4 billion).
    assert!(page.contains("12.44%"));
    // The command that runs the presets says the same, as an error (exit 1) without debug forms.
    let o = bilateral(&["scenario", "presets", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no figure with id \"d002.turnover.2023.a\""),
        "{err}"
    );
}

#[test]
fn the_pages_tables_take_one_unit_by_the_targets_size() {
    let page = String::from_utf8(bilateral(&["report"]).stdout).unwrap();
    assert!(page.contains("in tables, US$ billion."));
    assert!(page.contains("<th class=\"n\">forecast median, US$ bn</th>"));
    // The 2022 mirror pair in billions: exporter $2 billion, as 2.00.
    assert!(page.contains("<td class=\"n\">2.00 [1.50–2.50]</td>"));
    let small = String::from_utf8(bilateral(&["report", "--target", "50e6"]).stdout).unwrap();
    assert!(small.contains("in tables, US$ million."));
    assert!(small.contains("<th class=\"n\">forecast median, US$ m</th>"));
    // The same pair in millions: 2000.00.
    assert!(small.contains("<td class=\"n\">2000.00 [1500.00–2500.00]</td>"));
}
