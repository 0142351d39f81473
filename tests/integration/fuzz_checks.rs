//! What each fuzz target checks, shared with `fuzz_regressions.rs`, which replays the saved inputs
//! in `tests/fixtures/fuzz/<target>/` on every `cargo test`. The fuzz targets include this file by
//! path; it lives here so the packaged crate's tests have it (cargo leaves the nested `fuzz/`
//! package out of the package).

/// The data-file loader and the reading of printed text: errors are fine, panics are not; a file
/// that loads writes out and loads back equal.
pub fn data_file(data: &[u8]) {
    if let Ok(ds) = bilateral::Dataset::from_figures_csv("fuzz.csv", data) {
        let _ = bilateral::audit::audit(&ds);
        for f in ds.figures() {
            let _ = f.estimate();
            let _ = f.value_text();
        }
        let dir = std::env::temp_dir().join(format!("bilateral-fuzz-{}", std::process::id()));
        if std::fs::create_dir_all(&dir).is_ok() {
            let path = dir.join("figures.csv");
            if bilateral::io::write_figures_csv(&path, &ds).is_ok() {
                let back = bilateral::Dataset::load(&path, None);
                assert!(
                    back.as_ref().is_ok_and(|b| b.figures() == ds.figures()),
                    "round trip: {back:?}"
                );
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for &unit in bilateral::data::Unit::ALL {
            let _ = bilateral::data::read_printed(text, unit, Some(2024));
        }
        let _ = text.parse::<bilateral::Period>();
        let _ = text.parse::<bilateral::Usd>();
        let _ = text.parse::<bilateral::Corridor>();
    }
}

/// The scenario-file parser (JSON and TOML): a scenario that parses runs or errors, never panics,
/// and writes out and parses back equal.
pub fn scenario_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = [
        bilateral::Scenario::from_json(text),
        bilateral::Scenario::from_toml(text),
    ];
    for s in parsed.into_iter().flatten() {
        let _ = s.run();
        if let Ok(json) = s.to_json() {
            let back = bilateral::Scenario::from_json(&json);
            assert!(
                back.as_ref().is_ok_and(|b| *b == s),
                "json round trip: {back:?}"
            );
        }
    }
}

/// The Comtrade reader: detail and totals agree on what is an error and on the rows read.
pub fn comtrade(data: &[u8]) {
    let detail = bilateral::io::read_comtrade_from("fuzz.csv", data);
    let totals = bilateral::io::comtrade_totals_from("fuzz.csv", data);
    assert_eq!(detail.is_ok(), totals.is_ok(), "{detail:?} vs {totals:?}");
    if let (Ok(d), Ok(t)) = (detail, totals) {
        assert_eq!(d.rows, t.rows);
        let _ = bilateral::audit::mirror_from_totals(
            &t.items,
            bilateral::Country::KAZ,
            bilateral::Country::UZB,
            bilateral::audit::Reconciliation::default(),
        );
    }
}
