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
    assert!(
        path.exists(),
        "{} not built; run through `cargo test`",
        path.display()
    );
    path
}

#[test]
fn outlook_prints_figures_by_year_and_the_audit() {
    let out = Command::new(example("outlook"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
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
    // Years appear in order.
    let pos = |s: &str| text.find(s).unwrap_or(usize::MAX);
    assert!(pos("-- 2017 --") < pos("-- 2022 --") && pos("-- 2022 --") < pos("-- 2023 --"));
}
