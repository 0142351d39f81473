//! Input and output at the edge: UN Comtrade files in; any result out as CSV, JSON or (feature
//! `polars`) a DataFrame or Parquet, and read back.
//!
//! Every result that is a table implements [`Table`](crate::table::Table): it names its row
//! type and yields rows. [`to_csv`], [`write_csv`] and [`to_frame`] take any of them;
//! [`read_csv`] rebuilds any [`FromTable`](crate::table::FromTable); [`to_json`], [`write_json`]
//! and [`read_json`] take
//! any serde type. `io` knows no result type by name. Every write is atomic: a temporary file in
//! the same folder, synced, renamed over the target and the folder synced, so a failure never
//! leaves half a file.
//!
//! # Examples
//! ```
//! use bilateral::audit::{self, Findings};
//! use bilateral::io::{read_csv, read_json, write_csv, write_json};
//! use bilateral::Dataset;
//! let findings = audit::audit(&Dataset::builtin()?);
//! let dir = std::env::temp_dir();
//! write_json(&dir.join("bilateral-io-doc.json"), &findings)?;
//! let back: Findings = read_json(&dir.join("bilateral-io-doc.json"))?;
//! assert_eq!(back, findings);
//! write_csv(&dir.join("bilateral-io-doc.csv"), &findings)?;
//! let back: Findings = read_csv(&dir.join("bilateral-io-doc.csv"))?;
//! assert_eq!(back.len(), findings.len());
//! # Ok::<(), bilateral::Error>(())
//! ```

pub(crate) mod comtrade;
mod export;
#[cfg(feature = "polars")]
mod frame;
mod people;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use crate::file::write_atomic;
pub use comtrade::{
    ComtradeLoad, comtrade_totals, comtrade_totals_from, read_comtrade, read_comtrade_from,
};
pub use export::{
    read_csv, read_csv_from, read_json, read_json_from, to_csv, to_json, write_csv, write_json,
};
#[cfg(feature = "polars")]
#[cfg_attr(docsrs, doc(cfg(feature = "polars")))]
pub use export::{read_parquet, to_frame, write_parquet};
#[cfg(feature = "polars")]
#[cfg_attr(docsrs, doc(cfg(feature = "polars")))]
pub use frame::{comtrade_totals_frame, scan_comtrade};
pub use people::to_people_csv;
#[cfg(feature = "xlsx")]
#[cfg_attr(docsrs, doc(cfg(feature = "xlsx")))]
pub use xlsx::to_xlsx;
