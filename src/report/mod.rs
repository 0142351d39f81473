//! A report to send: one self-contained HTML page on a corridor's target (feature `charts`).
//!
//! [`corridor_report`] puts on one page what the command's outlook, figures, audit, mirror and
//! scenario commands each print: the question and the answer first (the rate each published
//! base figure needs, the calibrated forecast's chance of the target), the outlook chart and
//! table, how much the answer depends on the method, the rates the corridor has shown, the
//! published figures with their documents and quotes, the audit's findings by verdict, the mirror
//! statistics and the scenario presets' paths. Charts are inline SVG and the style is in the
//! page: it needs no network, no script and no other file (its content security policy forbids
//! loading any), and prints on A4 or Letter.
//!
//! It sits above every other layer: it only reads their results.
//!
//! # Examples
//! ```
//! use bilateral::outlook::{TargetSpec, target_outlook};
//! use bilateral::{Corridor, Dataset, Flow};
//! let data = Dataset::builtin()?;
//! let spec = TargetSpec::published(&data, Corridor::KAZ_UZB, Flow::Turnover, None)?;
//! let outlook = target_outlook(&data, &spec)?;
//! let page = bilateral::report::corridor_report(&data, &outlook, "bilateral (doctest)")?;
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(page.contains("12.08%") && page.contains("002_26f6919544f59e0e.txt"));
//! assert!(!page.contains("src=\"http") && !page.contains("<script"));
//! # Ok::<(), bilateral::Error>(())
//! ```

mod page;

pub use page::corridor_report;
