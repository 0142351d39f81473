//! Writing results to files — JSON for every result type, CSV and DataFrames for every table —
//! and reading them back. Every write is atomic ([`write_atomic`]).

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Result;
use crate::file::{read as read_file, write_atomic};
use crate::schema;
use crate::table::{FromTable, Table};

/// Writes any result as pretty JSON, atomically.
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io);
/// [`IoError::Serialize`](crate::error::IoError::Serialize) if the value cannot be represented (a
/// NaN).
///
/// # Examples
/// ```
/// use bilateral::audit::{self, Findings};
/// use bilateral::io::{read_json, write_json};
/// use bilateral::Dataset;
/// let findings = audit::audit(&Dataset::builtin()?);
/// let path = std::env::temp_dir().join("bilateral-doc-findings.json");
/// write_json(&path, &findings)?;
/// let back: Findings = read_json(&path)?;
/// assert_eq!(back, findings);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<()> {
    write_atomic(path, &to_json(value)?)
}

/// A result as pretty JSON text (what [`write_json`] writes).
///
/// # Errors
/// [`IoError::Serialize`](crate::error::IoError::Serialize) for a NaN or infinity, naming where.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    crate::document::to_json(value)
}

/// Reads a result written by [`write_json`]. Every type with an invariant deserializes through
/// its validating constructor, so no file builds what the constructors refuse.
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io);
/// [`FileError::Document`](crate::error::FileError::Document) naming the field path, line and
/// column for malformed JSON or a value that does not fit.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = read_file(path)?;
    crate::document::from_json(&path.display().to_string(), &bytes)
}

/// Reads a result from JSON bytes (a file already read, standard input), as [`read_json`] does;
/// `name` is the file name errors give.
///
/// # Errors
/// [`FileError::Document`](crate::error::FileError::Document) naming `name`, the field path, line
/// and column.
///
/// # Examples
/// ```
/// use bilateral::{Error, Estimate};
/// use bilateral::error::FileError;
/// let e: Estimate = bilateral::io::read_json_from("e.json", br#"{"point": 4.5, "interval": {"lo": 4.45, "hi": 4.55}}"#)?;
/// assert_eq!(e.point(), 4.5);
/// // A point outside its interval is refused by Estimate::new, and the error says where.
/// let bad = bilateral::io::read_json_from::<Estimate>("e.json", br#"{"point": 5, "interval": {"lo": 4.45, "hi": 4.55}}"#);
/// assert!(matches!(bad, Err(Error::File(FileError::Document { ref file, .. })) if file == "e.json"));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn read_json_from<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<T> {
    crate::document::from_json(name, bytes)
}

/// A table as CSV: its header (the row struct's fields, or the table's own), then one line per
/// row. An empty table is its header.
///
/// # Errors
/// [`IoError::Serialize`](crate::error::IoError::Serialize) for a NaN or infinity, or a row that
/// cannot be formed or written.
///
/// # Examples
/// ```
/// use bilateral::io::to_csv;
/// let data = bilateral::Dataset::builtin()?;
/// let findings = bilateral::audit::audit(&data);
/// let text = String::from_utf8(to_csv(&findings)?).expect("CSV is UTF-8");
/// assert!(text.starts_with("id,check,corridor,period"));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn to_csv<T: Table + ?Sized>(table: &T) -> Result<Vec<u8>> {
    schema::write_table(table)
}

/// Writes [`to_csv`] to `path`, atomically.
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io); as [`to_csv`].
pub fn write_csv<T: Table + ?Sized>(path: &Path, table: &T) -> Result<()> {
    write_atomic(path, &to_csv(table)?)
}

/// Reads a table written by [`write_csv`] back into its result, checking every value as its
/// constructor does.
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io); [`FileError::Csv`](crate::error::FileError::Csv), a
/// column error, or [`Error::Field`](crate::Error::Field) naming the line and field.
pub fn read_csv<T: FromTable>(path: &Path) -> Result<T> {
    read_csv_from(&path.display().to_string(), &read_file(path)?)
}

/// [`read_csv`] on CSV bytes; `name` is the file name errors give.
///
/// # Errors
/// As [`read_csv`].
pub fn read_csv_from<T: FromTable>(name: &str, bytes: &[u8]) -> Result<T> {
    let records = schema::read_records::<T::Row>(name, bytes, T::accepts)?;
    T::from_rows(name, records)
}

/// A table as a DataFrame, built from the same rows as its CSV: one column per field, in
/// order (whole numbers `i64`, other numbers `f64`, flags `bool`, text `str`, `Option` fields
/// nullable).
///
/// # Errors
/// [`IoError::Polars`](crate::error::IoError::Polars) if polars rejects the columns;
/// [`IoError::Serialize`](crate::error::IoError::Serialize) for a row that is not a flat struct.
///
/// # Examples
/// ```
/// let data = bilateral::Dataset::builtin()?;
/// let df = bilateral::io::to_frame(&bilateral::audit::audit(&data))?;
/// assert!(df.column("verdict").is_ok());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[cfg(feature = "polars")]
pub fn to_frame<T: Table + ?Sized>(table: &T) -> Result<polars::prelude::DataFrame> {
    crate::frame::of_table(table)
}

#[cfg(feature = "polars")]
pub use crate::frame::{read_parquet, write_parquet};
