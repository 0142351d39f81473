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
    ] {
        assert!(
            text.contains(expected),
            "outlook output lacks {expected:?}:\n{text}"
        );
    }
    // Years appear in order.
    let pos = |s: &str| text.find(s).unwrap_or(usize::MAX);
    assert!(pos("-- 2017 --") < pos("-- 2022 --") && pos("-- 2022 --") < pos("-- 2023 --"));
}
