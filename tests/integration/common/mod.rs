//! Shared test helpers: tolerances named once, and small accessors.
#![allow(dead_code)]

use bilateral::{Dataset, Estimate, Figure};

/// Relative tolerance for values worked out by hand from printed figures.
pub const REL: f64 = 1e-9;
/// Absolute tolerance in dollars for hand-worked money values.
pub const USD_ABS: f64 = 1.0;
/// Absolute tolerance for hand-worked percentages and ratios given to 4 decimals in comments.
pub const HAND_4DP: f64 = 5e-4;

pub fn builtin() -> Dataset {
    Dataset::builtin().unwrap_or_else(|e| panic!("built-in data must load: {e}"))
}

pub fn figure<'a>(data: &'a Dataset, id: &str) -> &'a Figure {
    data.figure(id)
        .unwrap_or_else(|| panic!("built-in figure {id} missing"))
}

pub fn estimate(data: &Dataset, id: &str) -> Estimate {
    figure(data, id)
        .estimate()
        .unwrap_or_else(|| panic!("{id} is not numeric"))
}

/// A file of the AGTPA panels in `../shared/data/agtpa/` (or `$BILATERAL_AGTPA`, a folder).
/// When it is absent, as in a fresh clone on its own, the caller's test says so and passes,
/// unless `BILATERAL_REQUIRE_AGTPA` is set, as `.ci/run` does.
pub fn agtpa(file: &str) -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("BILATERAL_AGTPA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/agtpa")
        });
    let path = dir.join(file);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("BILATERAL_REQUIRE_AGTPA").is_none(),
        "BILATERAL_REQUIRE_AGTPA is set but {} is missing",
        path.display()
    );
    eprintln!("skipped: no {}", path.display());
    None
}

/// Eight small series of 1990-2002 (logs 0.05·t plus a pattern of 0, 0.1 or 0.2 that differs
/// by series), for backtests whose numbers do not matter, only their shape.
pub fn small_series_set() -> bilateral::forecast::SeriesSet {
    let years: Vec<i32> = (1990..=2002).collect();
    let levels: Vec<Vec<f64>> = (0..8)
        .map(|s| {
            (0..years.len())
                .map(|t| (0.05 * t as f64 + 0.1 * ((t * (s + 1)) % 3) as f64).exp())
                .collect()
        })
        .collect();
    let ids = (0..8).map(|s| format!("s{s}")).collect();
    bilateral::forecast::SeriesSet::new(years, ids, levels).unwrap_or_else(|e| panic!("{e}"))
}

/// The one finding of `check` that uses every figure in `ids`.
pub fn finding(
    findings: &[bilateral::Finding],
    check: bilateral::audit::Check,
    ids: &[&str],
) -> bilateral::Finding {
    let matching: Vec<&bilateral::Finding> = findings
        .iter()
        .filter(|f| {
            f.check == check
                && ids
                    .iter()
                    .all(|id| f.figures.iter().any(|x| x.as_str() == *id))
        })
        .collect();
    assert_eq!(matching.len(), 1, "{check} with {ids:?}: {matching:#?}");
    matching[0].clone()
}

/// The command's output for `args`, which must succeed.
#[cfg(feature = "cli")]
pub fn bilateral_ok(args: &[&str]) -> Vec<u8> {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_bilateral"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running bilateral: {e}"));
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

/// A one-class calibration of `method` made at `year`, whose scores' quantile at level p is 2p
/// (uniform on [0, 2]): multipliers and probabilities written out by hand in the tests.
pub fn uniform_calibration(method: &str, year: i32) -> bilateral::forecast::Calibration {
    let grid: Vec<f64> = (0..bilateral::forecast::GRID)
        .map(|i| 2.0 * i as f64 / (bilateral::forecast::GRID - 1) as f64)
        .collect();
    let json = serde_json::json!({
        "method": method,
        "reference": "hand-made",
        "year": year,
        "horizons": 3,
        "window": 8,
        "class_by": "none",
        "bounds": {"size": [], "volatility": []},
        "usd_per_unit": null,
        "classes": [{
            "prior": {"drift_mean": 0.0, "drift_var": 1.0, "sigma2": 1.0, "weight": 1.0},
            "errors": 1000,
            "quantiles": grid
        }]
    });
    bilateral::forecast::Calibration::from_json(json.to_string().as_bytes())
        .unwrap_or_else(|e| panic!("{e}"))
}
