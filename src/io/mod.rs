//! Input and output at the edge: UN Comtrade files in, results out as JSON, CSV tables, text
//! tables and (feature `polars`) DataFrames and Parquet.
//!
//! Every CSV table has one schema, a row struct read and written with the csv crate's serde
//! support, and the DataFrames are built from the same rows. Every write is atomic: a temporary
//! file in the same folder, synced, renamed over the target and the folder synced, so a failure
//! never leaves half a file.
//!
//! # Examples
//! ```
//! use bilateral::io::{read_json, write_json, write_findings_csv, read_findings_csv};
//! use bilateral::{Dataset, Finding};
//! use bilateral::audit;
//! let findings = audit::audit(&Dataset::builtin()?);
//! let dir = std::env::temp_dir();
//! write_json(&dir.join("bilateral-io-doc.json"), &findings)?;
//! let back: Vec<Finding> = read_json(&dir.join("bilateral-io-doc.json"))?;
//! assert_eq!(back, findings);
//! write_findings_csv(&dir.join("bilateral-io-doc.csv"), &findings)?;
//! assert_eq!(read_findings_csv(&dir.join("bilateral-io-doc.csv"))?.len(), findings.len());
//! # Ok::<(), bilateral::Error>(())
//! ```

pub(crate) mod atomic;
pub(crate) mod comtrade;
pub(crate) mod export;
#[cfg(feature = "polars")]
pub(crate) mod frame;
pub(crate) mod rows;
pub(crate) mod text;

pub use atomic::write_atomic;
pub use comtrade::{
    ComtradeLoad, comtrade_totals, comtrade_totals_from, read_comtrade, read_comtrade_from,
};
pub use export::{
    Table, read_findings_csv, read_json, read_json_from, read_scenario_csv, read_series_csv,
    read_summary_csv, read_sweep_csv, to_csv, to_json, write_figures_csv, write_findings_csv,
    write_json, write_regimes_csv, write_scenario_csv, write_series_csv, write_summary_csv,
    write_sweep_csv, write_target_csv,
};
#[cfg(feature = "polars")]
#[cfg_attr(docsrs, doc(cfg(feature = "polars")))]
pub use frame::{
    comtrade_totals_frame, figures_frame, findings_frame, read_parquet, scan_comtrade,
    scenario_frame, series_frame, summary_frame, sweep_frame, target_frame, write_parquet,
};
pub use text::{TextTable, findings_table};
