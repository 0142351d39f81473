//! Named scenarios for Kazakhstan–Uzbekistan (and one for Kazakhstan–USA), kept as TOML files
//! under `data/scenarios/` and read with the same parser as users' scenario files. Their base
//! numbers cite the built-in figures by id (`{ figure = "d002.turnover.2023.a" }`), so they follow
//! the data instead of copying it.
//!
//! **These are illustrative assumptions, not forecasts.** Each file's comments say which numbers
//! come from a source document and which are round values chosen to show the levers at work.
//! Change them with [`Scenario::set`], sweep them, or copy a file and edit it.

use super::{Baseline, Scenario};
use crate::data::Dataset;
use crate::error::Result;

/// The preset files, compiled into the crate: (name, contents), in the order [`presets`] returns.
const FILES: [(&str, &str); 7] = [
    (
        "data/scenarios/kaz-uzb-baseline.toml",
        include_str!("../../data/scenarios/kaz-uzb-baseline.toml"),
    ),
    (
        "data/scenarios/kaz-uzb-free-trade.toml",
        include_str!("../../data/scenarios/kaz-uzb-free-trade.toml"),
    ),
    (
        "data/scenarios/kaz-uzb-import-substitution.toml",
        include_str!("../../data/scenarios/kaz-uzb-import-substitution.toml"),
    ),
    (
        "data/scenarios/kaz-uzb-industrial-projects.toml",
        include_str!("../../data/scenarios/kaz-uzb-industrial-projects.toml"),
    ),
    (
        "data/scenarios/kaz-uzb-all-levers.toml",
        include_str!("../../data/scenarios/kaz-uzb-all-levers.toml"),
    ),
    (
        "data/scenarios/kaz-usa-pntr.toml",
        include_str!("../../data/scenarios/kaz-usa-pntr.toml"),
    ),
    (
        "data/scenarios/kaz-uzb-rta-estimated.toml",
        include_str!("../../data/scenarios/kaz-uzb-rta-estimated.toml"),
    ),
];

/// The presets with their figure references resolved against `data` (a user's dataset with the
/// same figure ids gives presets on the user's numbers).
///
/// # Errors
/// [`FileError::Document`](crate::error::FileError::Document) naming the preset file and field if a
/// cited figure is missing from `data`.
pub fn presets_with(data: &Dataset) -> Result<Vec<Scenario>> {
    preset_files_with(data)
        .into_iter()
        .map(|(_, scenario)| scenario)
        .collect()
}

/// Each preset file's name (`data/scenarios/kaz-uzb-baseline.toml`) with its scenario resolved
/// against `data`, or the error that file meets there: one preset whose figures `data` lacks
/// leaves the others usable (a report on a user's KAZ-UZB figures needs no KAZ-USA figure).
///
/// ```
/// let data = bilateral::Dataset::builtin()?;
/// let files = bilateral::scenario::preset_files_with(&data);
/// assert!(files.iter().all(|(_, s)| s.is_ok()));
/// assert!(files.iter().any(|(name, _)| name.ends_with("kaz-uzb-baseline.toml")));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn preset_files_with(data: &Dataset) -> Vec<(&'static str, Result<Scenario>)> {
    FILES
        .iter()
        .map(|(name, text)| {
            (
                *name,
                Scenario::from_toml_with(text, data).map_err(|e| e.in_file(name, None)),
            )
        })
        .collect()
}

/// Named scenarios on the built-in data: the baseline alone, each lever alone, all levers
/// together (substitution and projects first, so the free trade regime also applies to the trade
/// they add), permanent normal trade relations for Kazakhstan–USA, and a trade agreement effect
/// estimated from the RTA panel by [`crate::gravity`] (an [`crate::scenario::EstimatedEffect`]).
///
/// # Errors
/// Only if the built-in files are malformed, which the crate's tests rule out.
///
/// # Examples
/// ```
/// let all = bilateral::scenario::presets()?;
/// let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
/// assert!(names.contains(&"kaz-uzb all levers"));
/// for s in &all {
///     s.run()?; // every preset is valid
/// }
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn presets() -> Result<Vec<Scenario>> {
    presets_with(&Dataset::builtin()?)
}

/// The Kazakhstan–Uzbekistan baseline of the presets: 2023 turnover of $4.5 billion (002),
/// growing at 5.306% a year, the annual rate of "+29.5% over the past five years" (002:
/// 1.295^(1/5) − 1).
///
/// # Errors
/// As [`presets`].
///
/// # Examples
/// ```
/// use bilateral::scenario::{preset_baseline, Baseline};
/// let Baseline::Compound { base, rate } = preset_baseline()? else { unreachable!() };
/// assert_eq!(base, 4.5e9);
/// assert!((rate - (1.295f64.powf(0.2) - 1.0)).abs() < 1e-15);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn preset_baseline() -> Result<Baseline> {
    let [(name, text), ..] = FILES;
    Scenario::from_toml_with(text, &Dataset::builtin()?)
        .map(|s| s.baseline)
        .map_err(|e| e.in_file(name, None))
}
