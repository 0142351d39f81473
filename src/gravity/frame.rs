//! Panels from DataFrames and Parquet (feature `polars`), one column at a time: each is
//! converted and dropped before the next is read, so a Parquet file's columns and the panel's
//! are never all held at once.

use std::collections::HashMap;

use crate::error::{DataError, Error, FileError, InputError, Result};
use polars::prelude::{Column as PlColumn, DataFrame, DataType};

use super::panel::{Column, Panel, PanelColumns};

fn row_error(source: &str, row: usize, column: &str, error: Error) -> Error {
    // Rows of a frame are numbered like a CSV file's lines: the first row is line 2.
    error.at(source, row as u64 + 2, column)
}

fn missing_column(source: &str, name: &str) -> Error {
    Error::File(FileError::MissingColumn {
        file: source.to_owned(),
        column: name.to_owned(),
    })
}

/// The exporter and importer columns as codes into one list of countries, in order of first
/// appearance among the exporters, then the importers (as [`Panel::new`] interns them); a text is copied once per distinct
/// value, not per row. A null is an error naming its row and column.
fn country_codes(
    exporters: &PlColumn,
    importers: &PlColumn,
    source: &str,
    names: &PanelColumns,
) -> Result<(Vec<String>, Vec<u32>, Vec<u32>)> {
    let (ex, im) = (
        exporters.cast(&DataType::String)?,
        importers.cast(&DataType::String)?,
    );
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut countries: Vec<String> = Vec::new();
    let mut intern = |v: &str| -> Result<u32> {
        if let Some(&code) = index.get(v) {
            return Ok(code);
        }
        let code = u32::try_from(countries.len()).map_err(|_| {
            Error::Input(InputError::TooLarge {
                what: "distinct countries in a panel",
                limit: u64::from(u32::MAX),
            })
        })?;
        countries.push(v.to_owned());
        index.insert(v.to_owned(), code);
        Ok(code)
    };
    let mut codes = |c: &polars::prelude::StringChunked, name: &str| -> Result<Vec<u32>> {
        c.iter()
            .enumerate()
            .map(|(i, v)| {
                let v = v.ok_or_else(|| {
                    row_error(source, i, name, Error::Data(DataError::EmptyField))
                })?;
                intern(v)
            })
            .collect()
    };
    let e_codes = codes(ex.str()?, &names.exporter)?;
    let i_codes = codes(im.str()?, &names.importer)?;
    Ok((countries, e_codes, i_codes))
}

/// A non-key numeric column: nulls are missing cells; NaN and infinities stay (refused where
/// a model uses them, as from CSV).
fn optional_numbers(c: &PlColumn) -> Result<Column> {
    let c = c.cast(&DataType::Float64)?;
    let (mut values, mut missing) = (Vec::with_capacity(c.len()), Vec::with_capacity(c.len()));
    for v in c.f64()?.iter() {
        values.push(v.unwrap_or(f64::NAN));
        missing.push(v.is_none());
    }
    if !missing.contains(&true) {
        missing = Vec::new();
    }
    Ok(Column::Numeric { values, missing })
}

/// A non-key text column: codes, levels, nulls as missing cells.
fn optional_text(c: &PlColumn) -> Result<Column> {
    let c = c.cast(&DataType::String)?;
    let mut index: HashMap<String, u32> = HashMap::new();
    let (mut codes, mut levels, mut missing) =
        (Vec::with_capacity(c.len()), Vec::new(), Vec::new());
    let mut first: Option<String> = None;
    for v in c.str()?.iter() {
        missing.push(v.is_none());
        let v = v.unwrap_or_default();
        if first.is_none() && !v.is_empty() {
            first = Some(v.to_owned());
        }
        let code = match index.get(v) {
            Some(&code) => code,
            None => {
                let code = u32::try_from(levels.len()).unwrap_or(u32::MAX);
                levels.push(v.to_owned());
                index.insert(v.to_owned(), code);
                code
            }
        };
        codes.push(code);
    }
    if !missing.contains(&true) {
        missing = Vec::new();
    }
    Ok(Column::Text {
        codes,
        levels,
        first_text: (2, first.unwrap_or_default()),
        missing,
    })
}

fn number_column(c: &PlColumn, source: &str, name: &str) -> Result<Vec<f64>> {
    let c = c.cast(&DataType::Float64)?;
    c.f64()?
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Some(x) if x.is_finite() => Ok(x),
            Some(x) => Err(row_error(
                source,
                i,
                name,
                Error::Input(InputError::NonFinite {
                    what: "a panel value",
                    value: x,
                }),
            )),
            None => Err(row_error(
                source,
                i,
                name,
                Error::Data(DataError::EmptyField),
            )),
        })
        .collect()
}

/// A panel from columns handed over one at a time by `take(name)` (which gives the column and
/// lets it go), `names` the columns there are.
fn build(
    source: &str,
    columns: &PanelColumns,
    names: &[String],
    mut take: impl FnMut(&str) -> Result<PlColumn>,
) -> Result<Panel> {
    let keys = [
        &columns.exporter,
        &columns.importer,
        &columns.time,
        &columns.value,
    ];
    if let Some(k) = keys.iter().find(|k| !names.iter().any(|n| n == **k)) {
        return Err(missing_column(source, k));
    }
    let (countries, ex, im) = country_codes(
        &take(&columns.exporter)?,
        &take(&columns.importer)?,
        source,
        columns,
    )?;
    let time: Vec<i64> = number_column(&take(&columns.time)?, source, &columns.time)?
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            if t.fract() == 0.0 && t.abs() < 1e15 {
                #[allow(clippy::cast_possible_truncation)]
                Ok(t as i64)
            } else {
                Err(row_error(
                    source,
                    i,
                    &columns.time,
                    Error::Data(DataError::InvalidNumber {
                        text: t.to_string(),
                    }),
                ))
            }
        })
        .collect::<Result<_>>()?;
    let value = number_column(&take(&columns.value)?, source, &columns.value)?;
    let mut others = Vec::new();
    for name in names {
        if keys.contains(&name) {
            continue;
        }
        let c = take(name)?;
        let dtype = c.dtype().clone();
        let converted = if dtype.is_primitive_numeric() || dtype == DataType::Boolean {
            optional_numbers(&c)?
        } else {
            optional_text(&c)?
        };
        drop(c);
        others.push((name.clone(), converted));
    }
    Panel::from_coded(
        source,
        columns.clone(),
        countries,
        ex,
        im,
        time,
        value,
        others,
    )
}

impl Panel {
    /// A panel from a DataFrame: the key columns named by `columns` (exporter and importer as
    /// text, the time as whole numbers, the flow as numbers); other numeric columns become
    /// numeric columns, all others text. `source` names the frame in errors, whose line numbers
    /// count the first row as line 2, like a CSV file.
    ///
    /// # Errors
    /// [`FileError::MissingColumn`]; [`Error::Field`] naming the row and column of a missing (null)
    /// or non-finite value or a negative flow; [`IoError::Polars`](crate::error::IoError::Polars).
    pub fn from_frame(df: &DataFrame, columns: &PanelColumns, source: &str) -> Result<Panel> {
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        build(source, columns, &names, |name| {
            df.column(name)
                .cloned()
                .map_err(|_| missing_column(source, name))
        })
    }

    /// A panel from a Parquet file (see [`Panel::from_frame`]).
    ///
    /// # Errors
    /// As [`crate::io::read_parquet`] and [`Panel::from_frame`].
    pub fn from_parquet(
        path: impl AsRef<std::path::Path>,
        columns: &PanelColumns,
    ) -> Result<Panel> {
        use polars::prelude::{ParquetReader, SerReader};
        let path = path.as_ref();
        let source = path.display().to_string();
        let open = || -> Result<ParquetReader<std::fs::File>> {
            let f = std::fs::File::open(path).map_err(crate::file::io_error(path))?;
            Ok(ParquetReader::new(f))
        };
        let names: Vec<String> = open()?
            .schema()?
            .iter_names()
            .map(|n| n.to_string())
            .collect();
        // One column per read: the file is mapped, not copied, and each column is converted
        // before the next is read.
        build(&source, columns, &names, |name| {
            let df = open()?.with_columns(Some(vec![name.to_owned()])).finish()?;
            df.column(name)
                .cloned()
                .map_err(|_| missing_column(&source, name))
        })
    }
}
