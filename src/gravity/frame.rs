//! Panels from DataFrames and Parquet (feature `polars`).

use crate::error::{DataError, Error, FileError, InputError, Result};
use polars::prelude::{DataFrame, DataType};

use super::panel::{Column, Panel, PanelColumns, codes_of};

fn row_error(source: &str, row: usize, column: &str, error: Error) -> Error {
    // Rows of a frame are numbered like a CSV file's lines: the first row is line 2.
    error.at(source, row as u64 + 2, column)
}

/// A frame's column, or a missing-column error naming the frame.
fn column<'a>(df: &'a DataFrame, source: &str, name: &str) -> Result<&'a polars::prelude::Column> {
    df.column(name).map_err(|_| {
        Error::File(FileError::MissingColumn {
            file: source.to_owned(),
            column: name.to_owned(),
        })
    })
}

fn text_column(df: &DataFrame, source: &str, name: &str) -> Result<Vec<String>> {
    let c = column(df, source, name)?;
    let c = c.cast(&DataType::String)?;
    c.str()?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.map(str::to_owned)
                .ok_or_else(|| row_error(source, i, name, Error::Data(DataError::EmptyField)))
        })
        .collect()
}

/// A non-key numeric column: nulls are missing cells; NaN and infinities stay (refused where
/// a model uses them, as from CSV).
fn optional_numbers(df: &DataFrame, source: &str, name: &str) -> Result<Column> {
    let c = column(df, source, name)?;
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

fn number_column(df: &DataFrame, source: &str, name: &str) -> Result<Vec<f64>> {
    let c = column(df, source, name)?;
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
        let ex = text_column(df, source, &columns.exporter)?;
        let im = text_column(df, source, &columns.importer)?;
        let time: Vec<i64> = number_column(df, source, &columns.time)?
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
        let value = number_column(df, source, &columns.value)?;
        let keys = [
            &columns.exporter,
            &columns.importer,
            &columns.time,
            &columns.value,
        ];
        let mut others = Vec::new();
        for name in df.get_column_names() {
            let name = name.as_str();
            if keys.iter().any(|k| *k == name) {
                continue;
            }
            let dtype = df.column(name)?.dtype().clone();
            let c = if dtype.is_primitive_numeric() || dtype == DataType::Boolean {
                optional_numbers(df, source, name)?
            } else {
                let c = df.column(name)?.cast(&DataType::String)?;
                let cells: Vec<Option<String>> =
                    c.str()?.iter().map(|v| v.map(str::to_owned)).collect();
                let mut missing: Vec<bool> = cells.iter().map(Option::is_none).collect();
                if !missing.contains(&true) {
                    missing = Vec::new();
                }
                let first = cells.iter().flatten().next().cloned().unwrap_or_default();
                let (codes, levels) = codes_of(cells.into_iter().map(Option::unwrap_or_default));
                Column::Text {
                    codes,
                    levels,
                    first_text: (2, first),
                    missing,
                }
            };
            others.push((name.to_owned(), c));
        }
        let ex: Vec<&str> = ex.iter().map(String::as_str).collect();
        let im: Vec<&str> = im.iter().map(String::as_str).collect();
        Panel::from_parts(source, columns.clone(), &ex, &im, time, value, others)
    }

    /// A panel from a Parquet file (see [`Panel::from_frame`]).
    ///
    /// # Errors
    /// As [`crate::io::read_parquet`] and [`Panel::from_frame`].
    pub fn from_parquet(
        path: impl AsRef<std::path::Path>,
        columns: &PanelColumns,
    ) -> Result<Panel> {
        let path = path.as_ref();
        let df = crate::frame::read_parquet(path)?;
        Panel::from_frame(&df, columns, &path.display().to_string())
    }
}
