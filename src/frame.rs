//! DataFrames (feature `polars`), built from a table's rows ([`crate::table::Table`]): each row is
//! serialized with serde, and each field becomes a column (whole numbers `i64`, or `u64` past
//! `i64::MAX`; other numbers `f64`; flags `bool`; text `str`; `Option` fields nullable), in the
//! struct's field order; a field holding a sequence (a sweep's parameters) becomes one column per
//! element, named by the table's header. Parquet in and out.

use polars::prelude::{Column, DataFrame};
use serde_json::Value as Json;

use crate::error::{Error, IoError, Result};
use crate::table::Table;

/// A table as a DataFrame: one column per column of its CSV form, in order.
///
/// # Errors
/// [`IoError::Serialize`] for a row that is not a flat struct or does not fill the header;
/// [`IoError::Polars`] if polars rejects the columns.
pub(crate) fn of_table<T: Table + ?Sized>(table: &T) -> Result<DataFrame> {
    let fields = crate::schema::columns::<T::Row>();
    let names: Vec<String> = match table.header() {
        Some(h) => h,
        None => fields.iter().map(|f| (*f).to_owned()).collect(),
    };
    let bad = |message: String| {
        Error::Io(IoError::Serialize {
            what: "a DataFrame row",
            message,
        })
    };
    let mut columns: Vec<Vec<Json>> = vec![Vec::new(); names.len()];
    let mut height = 0;
    for row in table.rows()? {
        let Json::Object(mut object) =
            serde_json::to_value(&row).map_err(|e| bad(e.to_string()))?
        else {
            return Err(bad("a table row must be a struct".into()));
        };
        let mut cells = Vec::with_capacity(names.len());
        for f in fields {
            match object.remove(*f).unwrap_or(Json::Null) {
                Json::Array(items) => cells.extend(items),
                other => cells.push(other),
            }
        }
        if cells.len() != names.len() {
            return Err(bad(format!(
                "a row of {} has {} cells for {} columns",
                T::WHAT,
                cells.len(),
                names.len()
            )));
        }
        for (column, cell) in columns.iter_mut().zip(cells) {
            column.push(cell);
        }
        height += 1;
    }
    let columns = names
        .iter()
        .zip(columns)
        .map(|(name, cells)| column(name, &cells))
        .collect();
    Ok(DataFrame::new(height, columns)?)
}

/// One column, typed by its values.
fn column(name: &str, cells: &[Json]) -> Column {
    let name = name.into();
    let present = || cells.iter().filter(|c| !c.is_null());
    if present().all(Json::is_i64) && present().next().is_some() {
        Column::new(name, cells.iter().map(Json::as_i64).collect::<Vec<_>>())
    } else if present().all(Json::is_u64) && present().next().is_some() {
        Column::new(name, cells.iter().map(Json::as_u64).collect::<Vec<_>>())
    } else if present().all(Json::is_number) && present().next().is_some() {
        Column::new(name, cells.iter().map(Json::as_f64).collect::<Vec<_>>())
    } else if present().all(Json::is_boolean) && present().next().is_some() {
        Column::new(name, cells.iter().map(Json::as_bool).collect::<Vec<_>>())
    } else {
        let text = |c: &Json| match c {
            Json::Null => None,
            Json::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        };
        Column::new(name, cells.iter().map(text).collect::<Vec<_>>())
    }
}

/// Writes a DataFrame as Parquet, atomically.
///
/// # Errors
/// [`IoError::Polars`] if polars cannot encode it; [`IoError::Io`].
///
/// # Examples
/// ```
/// let data = bilateral::Dataset::builtin()?;
/// let mut df = bilateral::io::to_frame(data.figures())?;
/// let path = std::env::temp_dir().join("bilateral-doc-figures.parquet");
/// bilateral::io::write_parquet(&path, &mut df)?;
/// assert!(bilateral::io::read_parquet(&path)?.equals_missing(&df));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn write_parquet(path: &std::path::Path, df: &mut DataFrame) -> Result<()> {
    let mut bytes = Vec::new();
    polars::prelude::ParquetWriter::new(&mut bytes).finish(df)?;
    crate::file::write_atomic(path, &bytes)
}

/// Reads a Parquet file written by [`write_parquet`].
///
/// # Errors
/// [`IoError::Io`]; [`IoError::Polars`] for a file polars cannot read.
pub fn read_parquet(path: &std::path::Path) -> Result<DataFrame> {
    use polars::prelude::SerReader;
    let bytes = crate::file::read(path)?;
    Ok(polars::prelude::ParquetReader::new(std::io::Cursor::new(bytes)).finish()?)
}
