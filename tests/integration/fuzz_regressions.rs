//! Replays every saved fuzz input (`tests/fixtures/fuzz/<target>/`) through the checks the fuzz
//! targets run (`fuzz_checks.rs`, which the fuzz targets include), so a crash once found stays
//! fixed.

use crate::fuzz_checks as checks;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        check(&bytes);
        n += 1;
    }
    assert!(n > 0, "no saved inputs for {target}");
}

#[test]
fn data_file() {
    replay("data_file", checks::data_file);
}

#[test]
fn scenario_file() {
    replay("scenario_file", checks::scenario_file);
}

#[test]
fn comtrade() {
    replay("comtrade", checks::comtrade);
}

#[test]
fn scenario_engine() {
    replay("scenario_engine", checks::scenario_engine);
}

#[test]
fn gravity_panel() {
    replay("gravity_panel", checks::gravity_panel);
}

#[test]
fn formula() {
    replay("formula", checks::formula);
}
