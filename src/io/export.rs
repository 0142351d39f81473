//! Writing results to files — JSON for every result type, CSV tables for spreadsheets — and
//! reading them back. Every write is atomic ([`write_atomic`]); every CSV table goes through its
//! row struct (`io::rows`, `data::rows`).

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::write_atomic;
use super::rows::{
    FindingRow, ScenarioRow, SeriesRow, SummaryRow, SweepRow, scenario_rows, series_rows,
    summary_from_rows, summary_rows, target_rows,
};
use crate::audit::Finding;
use crate::data::rows::{FigureRow, RegimeRow};
use crate::data::{Corridor, Dataset, Flow};
use crate::error::{Error, Result};
use crate::file::read as read_file;
use crate::growth::{Series, SeriesSpec, TargetOutlook};
use crate::scenario::{Contribution, PathSummary, ScenarioResult, Sweep, SweepRun};
use crate::schema;

/// Writes any result as pretty JSON, atomically.
///
/// # Errors
/// [`Error::Io`]; [`Error::Serialize`] if the value cannot be represented (a NaN).
///
/// # Examples
/// ```
/// use bilateral::io::{read_json, write_json};
/// use bilateral::{Dataset, Finding};
/// use bilateral::audit;
/// let findings = audit::audit(&Dataset::builtin()?);
/// let path = std::env::temp_dir().join("bilateral-doc-findings.json");
/// write_json(&path, &findings)?;
/// let back: Vec<Finding> = read_json(&path)?;
/// assert_eq!(back, findings);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<()> {
    write_atomic(path, &to_json(value)?)
}

/// A result as pretty JSON text (what [`write_json`] writes).
///
/// # Errors
/// [`Error::Serialize`] for a NaN or infinity, naming where.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    crate::finite::check("JSON", value)?;
    serde_json::to_vec_pretty(value).map_err(|e| Error::Serialize {
        what: "JSON",
        message: e.to_string(),
    })
}

/// Reads a result written by [`write_json`]. Every type with an invariant deserializes through
/// its validating constructor, so no file builds what the constructors refuse.
///
/// # Errors
/// [`Error::Io`]; [`Error::Document`] naming the field path, line and column for malformed JSON
/// or a value that does not fit.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = read_file(path)?;
    crate::document::from_json(&path.display().to_string(), &bytes)
}

/// Reads a result from JSON bytes (a file already read, standard input), as [`read_json`] does;
/// `name` is the file name errors give.
///
/// # Errors
/// [`Error::Document`] naming `name`, the field path, line and column.
///
/// # Examples
/// ```
/// use bilateral::{Error, Estimate};
/// let e: Estimate = bilateral::io::read_json_from("e.json", br#"{"point": 4.5, "interval": {"lo": 4.45, "hi": 4.55}}"#)?;
/// assert_eq!(e.point(), 4.5);
/// // A point outside its interval is refused by Estimate::new, and the error says where.
/// let bad = bilateral::io::read_json_from::<Estimate>("e.json", br#"{"point": 5, "interval": {"lo": 4.45, "hi": 4.55}}"#);
/// assert!(matches!(bad, Err(Error::Document { ref file, .. }) if file == "e.json"));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn read_json_from<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<T> {
    crate::document::from_json(name, bytes)
}

/// The CSV bytes of rows through their row struct; a NaN or infinity is refused.
fn rows_csv<R: Serialize>(rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>> {
    let rows: Vec<R> = rows.into_iter().collect();
    checked_csv("a CSV table", &rows)
}

/// The CSV bytes of a result's rows; a NaN or infinity is refused, naming `what`.
pub(crate) fn checked_csv<R: Serialize>(what: &'static str, rows: &[R]) -> Result<Vec<u8>> {
    crate::finite::check(what, rows)?;
    schema::write(rows)
}

/// CSV or JSON bytes as text (they are UTF-8 by construction; the error names `what`).
pub(crate) fn text(what: &'static str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| crate::Error::Serialize {
        what,
        message: e.to_string(),
    })
}

/// A result to write as a CSV table, for [`to_csv`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Table<'a> {
    /// A dataset's figures, in the data format.
    Figures(&'a Dataset),
    /// A dataset's regime facts, in the regimes format.
    Regimes(&'a Dataset),
    /// Audit findings.
    Findings(&'a [Finding]),
    /// A scenario result, in long format.
    Scenario(&'a ScenarioResult),
    /// Sweep runs, a column per axis.
    Sweep(&'a Sweep, &'a [SweepRun]),
    /// A path summary, in long format.
    Summary(&'a PathSummary),
    /// An annual series.
    Series(&'a Series),
    /// An outlook's target table, in long format.
    Target(&'a TargetOutlook),
    /// Comtrade totals over commodity codes.
    ComtradeTotals(&'a [crate::data::TradeTotal]),
    /// Mirror pairs.
    Mirror(&'a [crate::audit::MirrorPair]),
}

/// A result as CSV text (what the `write_*_csv` functions write), for standard output or a
/// stream.
///
/// # Errors
/// [`Error::Serialize`] for a NaN or infinity, or a row that cannot be written; as
/// [`write_figures_csv`] for figures.
///
/// # Examples
/// ```
/// use bilateral::io::{to_csv, Table};
/// let data = bilateral::Dataset::builtin()?;
/// let findings = bilateral::audit::audit(&data);
/// let text = String::from_utf8(to_csv(Table::Findings(&findings))?).unwrap_or_default();
/// assert!(text.starts_with("id,check,corridor,period"));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn to_csv(table: Table<'_>) -> Result<Vec<u8>> {
    match table {
        Table::Figures(data) => rows_csv(
            data.figures()
                .iter()
                .map(FigureRow::from_figure)
                .collect::<Result<Vec<_>>>()?,
        ),
        Table::Regimes(data) => rows_csv(data.regimes().iter().map(RegimeRow::from_fact)),
        Table::Findings(findings) => rows_csv(findings.iter().map(FindingRow::from)),
        Table::Scenario(r) => rows_csv(scenario_rows(r)),
        Table::Sweep(sweep, runs) => {
            let years = sweep.scenario().years();
            let mut header = vec!["run"];
            header.extend(sweep.axes().iter().map(|a| a.path.as_str()));
            header.extend(["year", "total"]);
            let rows: Vec<_> = runs
                .iter()
                .flat_map(|r| {
                    years
                        .iter()
                        .zip(&r.total)
                        .map(move |(y, v)| (r.index, &r.params, *y, *v))
                })
                .collect();
            crate::finite::check("a sweep table", &rows)?;
            schema::write_headed(&header, rows)
        }
        Table::Summary(s) => rows_csv(summary_rows(s)),
        Table::Series(s) => rows_csv(series_rows(s)),
        Table::Target(o) => rows_csv(target_rows(o)),
        Table::ComtradeTotals(t) => rows_csv(t.iter().map(super::rows::TradeTotalRow::from)),
        Table::Mirror(m) => rows_csv(m.iter().map(super::rows::MirrorRow::from)),
    }
}

/// Writes a dataset's figures in the data format (`data/README.md`), so that
/// [`Dataset::load`] reads them back, provenance and all.
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`]; [`Error::OutOfRange`] for a figure whose printed step
/// is not a power of ten (the format records precision as decimals).
pub fn write_figures_csv(path: &Path, data: &Dataset) -> Result<()> {
    write_atomic(path, &to_csv(Table::Figures(data))?)
}

/// Writes a dataset's regime facts in the regimes data format.
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`].
pub fn write_regimes_csv(path: &Path, data: &Dataset) -> Result<()> {
    write_atomic(path, &to_csv(Table::Regimes(data))?)
}

/// Writes audit findings, one per row (empty interval ends are unbounded).
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`].
pub fn write_findings_csv(path: &Path, findings: &[Finding]) -> Result<()> {
    write_atomic(path, &to_csv(Table::Findings(findings))?)
}

/// Reads findings written by [`write_findings_csv`].
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], a column error, or [`Error::Field`] naming the line and field.
pub fn read_findings_csv(path: &Path) -> Result<Vec<Finding>> {
    let file = path.display().to_string();
    schema::read::<FindingRow>(&file, &read_file(path)?)?
        .into_iter()
        .map(|(line, row)| row.into_finding(&file, line))
        .collect()
}

/// Writes a scenario result in long format: one row per year and component (`baseline`, each
/// layer in order, `total`).
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`].
pub fn write_scenario_csv(path: &Path, r: &ScenarioResult) -> Result<()> {
    write_atomic(path, &to_csv(Table::Scenario(r))?)
}

/// Reads a scenario result written by [`write_scenario_csv`].
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], a column error, [`Error::Field`] naming the line and field;
/// [`Error::Csv`] if the components do not cover the same years.
pub fn read_scenario_csv(path: &Path) -> Result<ScenarioResult> {
    let file = path.display().to_string();
    let rows = schema::read::<ScenarioRow>(&file, &read_file(path)?)?;
    let mut out = ScenarioResult {
        scenario: String::new(),
        years: Vec::new(),
        baseline: Vec::new(),
        contributions: Vec::new(),
        total: Vec::new(),
        target: None,
    };
    let mut total_years = Vec::new();
    for (_, r) in rows {
        out.scenario = r.scenario;
        out.target = r.target;
        match r.component.as_str() {
            "baseline" => {
                out.years.push(r.year);
                out.baseline.push(r.value);
            }
            "total" => {
                total_years.push(r.year);
                out.total.push(r.value);
            }
            layer => match out.contributions.iter_mut().find(|x| x.layer == layer) {
                Some(x) => x.values.push(r.value),
                None => out.contributions.push(Contribution {
                    layer: layer.to_owned(),
                    kind: r.kind,
                    values: vec![r.value],
                }),
            },
        }
    }
    let n = out.years.len();
    if total_years != out.years || out.contributions.iter().any(|c| c.values.len() != n) {
        return Err(Error::Csv {
            file,
            line: 0,
            message: "the baseline, layer and total rows do not cover the same years".into(),
        });
    }
    Ok(out)
}

/// Writes sweep runs: `run`, one column per axis (named by its path), `year`, `total`.
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`].
pub fn write_sweep_csv(path: &Path, sweep: &Sweep, runs: &[SweepRun]) -> Result<()> {
    write_atomic(path, &to_csv(Table::Sweep(sweep, runs))?)
}

/// Reads sweep runs written by [`write_sweep_csv`] (any axes: the columns between `run` and
/// `year`).
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], a column error, or [`Error::Field`] naming the line and field.
pub fn read_sweep_csv(path: &Path) -> Result<Vec<SweepRun>> {
    let file = path.display().to_string();
    let bytes = read_file(path)?;
    let (header, rows) = schema::read_with::<SweepRow>(&file, &bytes, |_| true)?;
    let axes: Vec<&str> = header
        .names
        .iter()
        .map(String::as_str)
        .filter(|n| !schema::columns::<SweepRow>().contains(n))
        .collect();
    let mut out: Vec<SweepRun> = Vec::new();
    for (line, row, cells) in rows {
        let params = axes
            .iter()
            .zip(&cells)
            .map(|(name, text)| match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(x),
                _ => Err(Error::InvalidNumber { text: text.clone() }.at(&file, line, name)),
            })
            .collect::<Result<Vec<f64>>>()?;
        match out.last_mut() {
            Some(r) if r.index == row.run => r.total.push(row.total),
            _ => out.push(SweepRun {
                index: row.run,
                params,
                total: vec![row.total],
            }),
        }
    }
    Ok(out)
}

/// Writes a path summary (sweep or Monte Carlo) in long format: quantile rows, then
/// `reached_by` rows, with the run's size and target in every row.
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`].
pub fn write_summary_csv(path: &Path, s: &PathSummary) -> Result<()> {
    write_atomic(path, &to_csv(Table::Summary(s))?)
}

/// Reads a path summary written by [`write_summary_csv`].
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], a column error, or [`Error::Field`] naming the line and field.
pub fn read_summary_csv(path: &Path) -> Result<PathSummary> {
    let file = path.display().to_string();
    let rows = schema::read::<SummaryRow>(&file, &read_file(path)?)?;
    summary_from_rows(&file, rows)
}

/// Writes an annual series: one row per year with its interval, the figures it rests on and how
/// a partial year was annualised.
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`].
pub fn write_series_csv(path: &Path, series: &Series) -> Result<()> {
    write_atomic(path, &to_csv(Table::Series(series))?)
}

/// Reads a series written by [`write_series_csv`] (the spec's corridor and flow from the rows,
/// its other rules at their defaults).
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], a column error, [`Error::Field`] naming the line and field;
/// [`Error::DuplicateYear`] for a year given twice.
pub fn read_series_csv(path: &Path) -> Result<Series> {
    let file = path.display().to_string();
    let rows = schema::read::<SeriesRow>(&file, &read_file(path)?)?;
    let mut key: Option<(Corridor, Flow)> = None;
    let mut points = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        match key {
            None => key = Some((row.corridor, row.flow)),
            Some(k) if k != (row.corridor, row.flow) => {
                return Err(Error::Csv {
                    file,
                    line,
                    message: "a series file holds one corridor and flow".into(),
                });
            }
            Some(_) => {}
        }
        points.push(row.into_point(&file, line)?);
    }
    let (corridor, flow) = key.ok_or(Error::NoRecords { file })?;
    Series::from_points(SeriesSpec::new(corridor, flow), points)
}

/// Writes the target table of an outlook in long format, one row per target year and historical
/// rate (for spreadsheets; the JSON from [`write_json`] holds the whole outlook and reads back).
///
/// # Errors
/// [`Error::Io`] or [`Error::Serialize`].
pub fn write_target_csv(path: &Path, o: &TargetOutlook) -> Result<()> {
    write_atomic(path, &to_csv(Table::Target(o))?)
}

#[cfg(test)]
mod tests {
    use super::super::rows::TargetTableRow;
    use super::*;

    #[test]
    fn table_columns_are_the_row_fields() {
        assert_eq!(
            schema::columns::<FindingRow>(),
            [
                "id",
                "check",
                "corridor",
                "period",
                "side",
                "reading",
                "figures",
                "derived_point",
                "derived_lo",
                "derived_hi",
                "compared_point",
                "compared_lo",
                "compared_hi",
                "unit",
                "verdict",
                "explanation"
            ]
        );
        assert_eq!(schema::columns::<TargetTableRow>().len(), 18);
    }
}
