//! DataFrames (feature `polars`), built from the same row structs as the CSV tables: each row is
//! serialized with serde, and each field becomes a column (whole numbers `i64`, or `u64` past
//! `i64::MAX`; other numbers `f64`; flags `bool`; text `str`; `Option` fields nullable), in the
//! struct's field order. Parquet in and out, and a lazy Comtrade scan.

use polars::prelude::{Column, DataFrame};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::rows::{FindingRow, scenario_rows, series_rows, summary_rows, target_rows};
use crate::audit::Finding;
use crate::data::Dataset;
use crate::data::rows::FigureRow;
use crate::error::{Error, Result};
use crate::growth::{Series, TargetOutlook};
use crate::scenario::{PathSummary, ScenarioResult, Sweep, SweepRun};
use crate::schema;

/// A DataFrame with one column per field of the row struct, in field order.
pub(crate) fn frame<R: Serialize + DeserializeOwned>(
    rows: impl IntoIterator<Item = R>,
) -> Result<DataFrame> {
    let names = schema::columns::<R>();
    let mut columns: Vec<Vec<Json>> = vec![Vec::new(); names.len()];
    let mut height = 0;
    for row in rows {
        let Json::Object(mut fields) =
            serde_json::to_value(&row).map_err(|e| Error::Serialize {
                what: "a DataFrame row",
                message: e.to_string(),
            })?
        else {
            return Err(Error::Serialize {
                what: "a DataFrame row",
                message: "a table row must be a struct".into(),
            });
        };
        for (name, column) in names.iter().zip(&mut columns) {
            column.push(fields.remove(*name).unwrap_or(Json::Null));
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

/// Every figure of a dataset as one row: the data format's columns ([`crate::io::write_figures_csv`]),
/// then `point`, `lo` and `hi` (the interval the printed precision and bound allow; null for an
/// unbounded end or a figure that is not a number) and `text` (the value as a reader prints it).
///
/// # Errors
/// [`Error::Polars`] if polars rejects the columns.
///
/// # Examples
/// ```
/// let data = bilateral::Dataset::builtin()?;
/// let df = bilateral::io::figures_frame(&data)?;
/// assert_eq!(df.height(), data.figures().len());
/// assert!(df.column("lo").is_ok() && df.column("quote").is_ok());
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn figures_frame(data: &Dataset) -> Result<DataFrame> {
    let figs = data.figures();
    let rows = figs
        .iter()
        .map(FigureRow::from_figure)
        .collect::<Result<Vec<_>>>()?;
    let mut df = frame(rows)?;
    let end = |which: fn(crate::Estimate) -> f64| -> Vec<Option<f64>> {
        figs.iter()
            .map(|f| f.estimate().map(which).filter(|x| x.is_finite()))
            .collect()
    };
    let text: Vec<String> = figs.iter().map(crate::Figure::value_text).collect();
    for c in [
        Column::new("point".into(), end(crate::Estimate::point)),
        Column::new("lo".into(), end(|e| e.interval().lo())),
        Column::new("hi".into(), end(|e| e.interval().hi())),
        Column::new("text".into(), text),
    ] {
        df.with_column(c)?;
    }
    Ok(df)
}

/// A scenario result in long format, one row per year and component: the columns of
/// [`crate::io::write_scenario_csv`] (`scenario`, `year`, `component`, `kind`, `value`, `target`).
///
/// # Errors
/// [`Error::Polars`] if polars rejects the columns.
///
/// # Examples
/// ```
/// let all = bilateral::scenario::presets()?;
/// let r = all[4].run()?;
/// let df = bilateral::io::scenario_frame(&r)?;
/// assert_eq!(df.height(), r.years.len() * (r.contributions.len() + 2));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn scenario_frame(result: &ScenarioResult) -> Result<DataFrame> {
    frame(scenario_rows(result))
}

/// Sweep runs in long format, one row per run and year: the columns of
/// [`crate::io::write_sweep_csv`] (`run`, one f64 column per axis named by its path, `year`,
/// `total`).
///
/// # Errors
/// [`Error::Polars`] if two axes share a path.
pub fn sweep_frame(sweep: &Sweep, runs: &[SweepRun]) -> Result<DataFrame> {
    let years = sweep.scenario().years();
    let rows = runs.iter().flat_map(|r| {
        years
            .iter()
            .zip(&r.total)
            .map(move |(y, v)| super::rows::SweepRow {
                run: r.index,
                year: *y,
                total: *v,
            })
    });
    let mut df = frame(rows)?;
    let height = df.height();
    for (i, axis) in sweep.axes().iter().enumerate() {
        let values: Vec<f64> = runs
            .iter()
            .flat_map(|r| {
                let v = r.params.get(i).copied().unwrap_or(f64::NAN);
                std::iter::repeat_n(v, r.total.len().min(years.len()))
            })
            .collect();
        if values.len() != height {
            return Err(Error::Serialize {
                what: "a sweep DataFrame",
                message: "runs and years do not line up".into(),
            });
        }
        df.insert_column(i + 1, Column::new(axis.path.as_str().into(), values))?;
    }
    Ok(df)
}

/// A path summary (sweep or Monte Carlo) in long format: the columns of
/// [`crate::io::write_summary_csv`] (`year`, `statistic` (`quantile` or `reached_by`), `level`
/// (null for `reached_by`), `value`, `paths`, `target`, `final_at_least_target`).
///
/// # Errors
/// [`Error::Polars`] if polars rejects the columns.
pub fn summary_frame(summary: &PathSummary) -> Result<DataFrame> {
    frame(summary_rows(summary))
}

/// Audit findings, one row each: the columns of [`crate::io::write_findings_csv`].
///
/// # Errors
/// [`Error::Polars`] if polars rejects the columns.
pub fn findings_frame(findings: &[Finding]) -> Result<DataFrame> {
    frame(findings.iter().map(FindingRow::from))
}

/// An annual series, one row per year: the columns of [`crate::io::write_series_csv`].
///
/// # Errors
/// [`Error::Polars`] if polars rejects the columns.
pub fn series_frame(series: &Series) -> Result<DataFrame> {
    frame(series_rows(series))
}

/// An outlook's target table in long format: the columns of [`crate::io::write_target_csv`].
///
/// # Errors
/// [`Error::Polars`] if polars rejects the columns.
pub fn target_frame(outlook: &TargetOutlook) -> Result<DataFrame> {
    frame(target_rows(outlook))
}

/// Writes a DataFrame as Parquet, atomically.
///
/// # Errors
/// [`crate::Error::Polars`] if polars cannot encode it; [`crate::Error::Io`].
///
/// # Examples
/// ```
/// let data = bilateral::Dataset::builtin()?;
/// let mut df = bilateral::io::figures_frame(&data)?;
/// let path = std::env::temp_dir().join("bilateral-doc-figures.parquet");
/// bilateral::io::write_parquet(&path, &mut df)?;
/// assert!(bilateral::io::read_parquet(&path)?.equals_missing(&df));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn write_parquet(path: &std::path::Path, df: &mut DataFrame) -> Result<()> {
    let mut bytes = Vec::new();
    polars::prelude::ParquetWriter::new(&mut bytes).finish(df)?;
    crate::io::write_atomic(path, &bytes)
}

/// Reads a Parquet file written by [`write_parquet`].
///
/// # Errors
/// [`crate::Error::Io`]; [`crate::Error::Polars`] for a file polars cannot read.
pub fn read_parquet(path: &std::path::Path) -> Result<DataFrame> {
    use polars::prelude::SerReader;
    let bytes = crate::file::read(path)?;
    Ok(polars::prelude::ParquetReader::new(std::io::Cursor::new(bytes)).finish()?)
}

/// A lazy scan of a Comtrade CSV's raw rows: every column as text, with `row` (the 0-based data
/// row; its line in the file is `row + 2`). Nothing is read until the frame is collected, and
/// polars streams the file. It applies none of the crate's rules; for totals that never count a
/// value twice, use [`comtrade_totals_frame`].
///
/// # Errors
/// [`crate::Error::Io`] if the header cannot be read; [`crate::Error::MissingColumn`] for a
/// required column; [`crate::Error::Polars`].
pub fn scan_comtrade(path: &std::path::Path) -> Result<polars::prelude::LazyFrame> {
    use polars::prelude::*;
    use std::io::BufRead;
    let file = path.display().to_string();
    let io = crate::file::io_error(path);
    let mut header = String::new();
    std::io::BufReader::new(std::fs::File::open(path).map_err(&io)?)
        .read_line(&mut header)
        .map_err(io)?;
    let present: Vec<&str> = header
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .map(|h| h.trim_matches('"'))
        .collect();
    for column in crate::io::comtrade::REQUIRED {
        if !present.contains(&column) {
            return Err(crate::Error::MissingColumn {
                file,
                column: column.to_owned(),
            });
        }
    }
    Ok(
        LazyCsvReader::new(PlRefPath::new(path.to_string_lossy().as_ref()))
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .finish()?
            .with_row_index("row", None),
    )
}

/// Comtrade totals per (year, reporter, partner, flow) as a DataFrame: the rows of
/// [`crate::io::comtrade_totals`], which applies the rules (one level, totals of breakdowns,
/// annual before monthly, no repeated TOTAL rows).
///
/// Columns: `year`, `reporter`, `partner`, `flow`, `value`, `basis`, `months`, `rows`, `file`,
/// `line`.
///
/// # Errors
/// As [`crate::io::comtrade_totals`]; [`crate::Error::Polars`].
pub fn comtrade_totals_frame(path: &std::path::Path) -> Result<DataFrame> {
    let totals = crate::io::comtrade_totals(path)?;
    frame(totals.items.iter().map(super::rows::TradeTotalRow::from))
}
