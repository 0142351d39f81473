//! Writing results to files — JSON for every result type, CSV tables for spreadsheets — and
//! reading them back. Every write is atomic: a temporary file in the same folder, renamed over the
//! target only when complete, so a failure never leaves half a file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::audit::{Check, Finding, Verdict};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::figure::{FigureId, Unit, Value};
use crate::interval::{Estimate, Interval};
use crate::loader::{FIGURE_COLUMNS, REGIME_COLUMNS};
use crate::scenario::{Contribution, ScenarioResult};
use crate::summary::PathSummary;
use crate::sweep::{Sweep, SweepRun};
use crate::target::TargetOutlook;

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A temporary name beside `path` that keeps its extension (plotters picks the image format from
/// it): `dir/.name.tmp-<pid>-<n>.ext`.
pub(crate) fn temp_beside(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
    let ext = path
        .extension()
        .and_then(|s| s.to_str())
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    path.with_file_name(format!(".{stem}.tmp-{}-{n}{ext}", std::process::id()))
}

/// Moves a finished temporary file over `path`, removing the temporary on failure.
pub(crate) fn commit(temp: &Path, path: &Path) -> Result<()> {
    fs::rename(temp, path).map_err(|e| {
        let _ = fs::remove_file(temp);
        io(path)(e)
    })
}

/// Writes `bytes` to `path` atomically: to a temporary file in the same folder, flushed to disk,
/// then renamed over `path`. On any failure `path` is untouched and the temporary removed.
///
/// # Errors
/// [`Error::Io`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = temp_beside(path);
    let written = (|| {
        let mut f = fs::File::create_new(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(io(path)(e));
    }
    commit(&temp, path)
}

/// Writes any result as pretty JSON, atomically.
///
/// # Errors
/// [`Error::Io`]; [`Error::ScenarioFile`] if the value cannot be represented (a NaN).
///
/// # Examples
/// ```
/// use bilateral::{audit, read_json, write_json, Dataset, Finding};
/// let findings = audit(&Dataset::builtin()?);
/// let path = std::env::temp_dir().join("bilateral-doc-findings.json");
/// write_json(&path, &findings)?;
/// let back: Vec<Finding> = read_json(&path)?;
/// assert_eq!(back, findings);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_vec_pretty(value).map_err(|e| Error::ScenarioFile {
        format: "json",
        message: e.to_string(),
    })?;
    write_atomic(path, &text)
}

/// Reads a result written by [`write_json`].
///
/// # Errors
/// [`Error::Io`]; [`Error::ScenarioFile`] for malformed JSON or the wrong shape.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = fs::read(path).map_err(io(path))?;
    serde_json::from_slice(&text).map_err(|e| Error::ScenarioFile {
        format: "json",
        message: format!("{}: {e}", path.display()),
    })
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::Csv {
        file: path.display().to_string(),
        line: e.position().map_or(0, csv::Position::line),
        message: e.to_string(),
    }
}

/// Builds CSV text from a header and rows, then writes it atomically.
fn write_table(
    path: &Path,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(csv_error(path))?;
    for row in rows {
        w.write_record(&row).map_err(csv_error(path))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Csv {
        file: path.display().to_string(),
        line: 0,
        message: e.to_string(),
    })?;
    write_atomic(path, &bytes)
}

/// A CSV table's rows as strings, with their line numbers.
type Rows = Vec<(u64, Vec<String>)>;

/// Reads a CSV table as (header, rows).
fn read_table(path: &Path) -> Result<(Vec<String>, Rows)> {
    let text = fs::read(path).map_err(io(path))?;
    let mut r = csv::Reader::from_reader(text.as_slice());
    let header = r
        .headers()
        .map_err(csv_error(path))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(csv_error(path))?;
        let line = rec.position().map_or(0, csv::Position::line);
        rows.push((line, rec.iter().map(str::to_owned).collect()));
    }
    Ok((header, rows))
}

/// Finite numbers as shortest round-trip text; ±infinity (an unbounded interval end) as empty.
fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// Reads a number cell; an empty cell is `empty` (e.g. +∞ for an unbounded upper end).
fn cell_num(path: &Path, line: u64, field: &str, text: &str, empty: f64) -> Result<f64> {
    if text.trim().is_empty() {
        return Ok(empty);
    }
    text.trim().parse().map_err(|_| {
        Error::InvalidNumber {
            text: text.to_owned(),
        }
        .at(&path.display().to_string(), line, field)
    })
}

struct Cells<'a> {
    path: &'a Path,
    header: &'a [String],
    line: u64,
    row: &'a [String],
}

impl Cells<'_> {
    fn get(&self, field: &str) -> Result<&str> {
        self.header
            .iter()
            .position(|h| h == field)
            .and_then(|i| self.row.get(i))
            .map(String::as_str)
            .ok_or_else(|| Error::MissingColumn {
                file: self.path.display().to_string(),
                column: field_name(field),
            })
    }
    fn num(&self, field: &str, empty: f64) -> Result<f64> {
        cell_num(self.path, self.line, field, self.get(field)?, empty)
    }
    fn estimate(&self, prefix: &str) -> Result<Estimate> {
        let f = |s: &str| format!("{prefix}_{s}");
        let point = self.num(&f("point"), f64::NAN)?;
        let lo = self.num(&f("lo"), f64::NEG_INFINITY)?;
        let hi = self.num(&f("hi"), f64::INFINITY)?;
        Interval::new(lo, hi)
            .and_then(|i| Estimate::new(point, i))
            .map_err(|e| e.at(&self.path.display().to_string(), self.line, prefix))
    }
    fn parse<T: std::str::FromStr<Err = Error>>(&self, field: &str) -> Result<T> {
        self.get(field)?
            .parse()
            .map_err(|e: Error| e.at(&self.path.display().to_string(), self.line, field))
    }
}

/// Column names are static in error values; map the ones these tables use.
fn field_name(field: &str) -> &'static str {
    const NAMES: &[&str] = &[
        "check",
        "corridor",
        "period",
        "figures",
        "unit",
        "verdict",
        "explanation",
        "derived_point",
        "derived_lo",
        "derived_hi",
        "compared_point",
        "compared_lo",
        "compared_hi",
        "scenario",
        "year",
        "component",
        "kind",
        "value",
        "target",
        "run",
        "total",
        "statistic",
        "level",
        "paths",
        "final_at_least_target",
    ];
    NAMES
        .iter()
        .copied()
        .find(|n| *n == field)
        .unwrap_or("column")
}

/// Writes a dataset's figures in the data format (`data/README.md`), so that
/// [`Dataset::load`] reads them back, provenance and all.
///
/// # Errors
/// [`Error::Io`] or [`Error::Csv`].
pub fn write_figures_csv(path: &Path, data: &Dataset) -> Result<()> {
    let opt = |o: Option<String>| o.unwrap_or_default();
    let rows = data.figures().iter().map(|f| {
        let (value, decimals) = match f.value() {
            Value::Amount { value, step } => {
                let d = -step.log10().round();
                // All the value's digits, and "decimals" to restore the printed step.
                let text = if f.unit() == Unit::Usd {
                    format!("{value} USD")
                } else {
                    format!("{value}")
                };
                (text, format!("{d}"))
            }
            Value::Date { period } => (period.to_string(), String::new()),
            Value::Countries { countries } => (
                countries
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
                    .join(";"),
                String::new(),
            ),
        };
        let p = f.provenance();
        vec![
            f.id().to_string(),
            f.measure().to_owned(),
            opt(f.corridor().map(|c| c.to_string())),
            opt(f.country().map(|c| c.to_string())),
            opt(f.period().map(|p| p.to_string())),
            opt(f.base_period().map(|p| p.to_string())),
            f.unit().to_string(),
            value,
            f.bound().as_str().to_owned(),
            decimals,
            opt(f.reporter().map(|c| c.to_string())),
            opt(p.attributed_to.clone()),
            p.source.name().to_owned(),
            opt(p.address.clone()),
            opt(p.published.map(|p| p.to_string())),
            opt(p.printed.clone()),
            p.quote.clone(),
        ]
    });
    write_table(path, FIGURE_COLUMNS, rows)
}

/// Writes a dataset's regime facts in the regimes data format.
///
/// # Errors
/// [`Error::Io`] or [`Error::Csv`].
pub fn write_regimes_csv(path: &Path, data: &Dataset) -> Result<()> {
    let rows = data.regimes().iter().map(|r| {
        vec![
            r.id.to_string(),
            r.regime.to_string(),
            r.countries
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(";"),
            r.status.to_string(),
            r.since.map(|p| p.to_string()).unwrap_or_default(),
            r.as_of.to_string(),
            r.provenance.source.name().to_owned(),
            r.provenance.address.clone().unwrap_or_default(),
            r.provenance
                .published
                .map(|p| p.to_string())
                .unwrap_or_default(),
            r.provenance.printed.clone().unwrap_or_default(),
            r.provenance.quote.clone(),
        ]
    });
    write_table(path, REGIME_COLUMNS, rows)
}

const FINDING_COLUMNS: &[&str] = &[
    "check",
    "corridor",
    "period",
    "figures",
    "derived_point",
    "derived_lo",
    "derived_hi",
    "compared_point",
    "compared_lo",
    "compared_hi",
    "unit",
    "verdict",
    "explanation",
];

/// The name serde gives a keyword enum value (`sum_of_flows`, `in_tension`).
fn keyword_text<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Reads a keyword enum cell by its serde name, naming file, line and field if it is unknown.
fn keyword<T: DeserializeOwned>(
    c: &Cells<'_>,
    file: &str,
    field: &'static str,
    expected: &'static str,
) -> Result<T> {
    let text = c.get(field)?;
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|_| {
        Error::UnknownKeyword {
            what: field,
            text: text.to_owned(),
            expected,
        }
        .at(file, c.line, field)
    })
}

/// Writes audit findings, one per row (empty interval ends are unbounded).
///
/// # Errors
/// [`Error::Io`] or [`Error::Csv`].
pub fn write_findings_csv(path: &Path, findings: &[Finding]) -> Result<()> {
    let rows = findings.iter().map(|f| {
        vec![
            keyword_text(f.check),
            f.corridor.map(|c| c.to_string()).unwrap_or_default(),
            f.period.map(|p| p.to_string()).unwrap_or_default(),
            f.figures
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            num(f.derived.point()),
            num(f.derived.interval().lo()),
            num(f.derived.interval().hi()),
            num(f.compared.point()),
            num(f.compared.interval().lo()),
            num(f.compared.interval().hi()),
            f.unit.to_string(),
            keyword_text(f.verdict),
            f.explanation.clone(),
        ]
    });
    write_table(path, FINDING_COLUMNS, rows)
}

/// Reads findings written by [`write_findings_csv`].
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], [`Error::MissingColumn`], or a field error naming the line.
pub fn read_findings_csv(path: &Path) -> Result<Vec<Finding>> {
    let (header, rows) = read_table(path)?;
    let file = path.display().to_string();
    rows.iter()
        .map(|(line, row)| {
            let c = Cells {
                path,
                header: &header,
                line: *line,
                row,
            };
            let check: Check = keyword(&c, &file, "check", "a check name")?;
            let verdict: Verdict =
                keyword(&c, &file, "verdict", "consistent, in_tension, inconsistent")?;
            let opt = |field: &str| -> Result<Option<&str>> {
                c.get(field).map(|t| (!t.is_empty()).then_some(t))
            };
            Ok(Finding {
                check,
                corridor: opt("corridor")?
                    .map(str::parse)
                    .transpose()
                    .map_err(|e: Error| e.at(&file, *line, "corridor"))?,
                period: opt("period")?
                    .map(str::parse)
                    .transpose()
                    .map_err(|e: Error| e.at(&file, *line, "period"))?,
                figures: c
                    .get("figures")?
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(FigureId::new)
                    .collect::<Result<_>>()
                    .map_err(|e| e.at(&file, *line, "figures"))?,
                derived: c.estimate("derived")?,
                compared: c.estimate("compared")?,
                unit: c.parse("unit")?,
                verdict,
                explanation: c.get("explanation")?.to_owned(),
            })
        })
        .collect()
}

const SCENARIO_COLUMNS: &[&str] = &["scenario", "year", "component", "kind", "value", "target"];

/// Writes a scenario result in long format: one row per year and component (`baseline`, each
/// layer in order, `total`).
///
/// # Errors
/// [`Error::Io`] or [`Error::Csv`].
pub fn write_scenario_csv(path: &Path, r: &ScenarioResult) -> Result<()> {
    let target = r.target.map(num).unwrap_or_default();
    let parts = std::iter::once(("baseline", "baseline", &r.baseline))
        .chain(
            r.contributions
                .iter()
                .map(|c| (c.layer.as_str(), c.kind.as_str(), &c.values)),
        )
        .chain(std::iter::once(("total", "total", &r.total)));
    let mut rows = Vec::new();
    for (name, kind, values) in parts {
        for (y, v) in r.years.iter().zip(values.iter()) {
            rows.push(vec![
                r.scenario.clone(),
                y.to_string(),
                name.to_owned(),
                kind.to_owned(),
                num(*v),
                target.clone(),
            ]);
        }
    }
    write_table(path, SCENARIO_COLUMNS, rows)
}

/// Reads a scenario result written by [`write_scenario_csv`].
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], [`Error::MissingColumn`], or a field error naming the line.
pub fn read_scenario_csv(path: &Path) -> Result<ScenarioResult> {
    let (header, rows) = read_table(path)?;
    let mut out = ScenarioResult {
        scenario: String::new(),
        years: Vec::new(),
        baseline: Vec::new(),
        contributions: Vec::new(),
        total: Vec::new(),
        target: None,
    };
    for (line, row) in &rows {
        let c = Cells {
            path,
            header: &header,
            line: *line,
            row,
        };
        out.scenario = c.get("scenario")?.to_owned();
        let target = c.num("target", f64::NAN)?;
        out.target = target.is_finite().then_some(target);
        let year: i32 = c.get("year")?.trim().parse().map_err(|_| {
            Error::InvalidNumber {
                text: c.get("year").unwrap_or_default().to_owned(),
            }
            .at(&path.display().to_string(), *line, "year")
        })?;
        let value = c.num("value", f64::NAN)?;
        match c.get("component")? {
            "baseline" => {
                out.years.push(year);
                out.baseline.push(value);
            }
            "total" => out.total.push(value),
            layer => {
                let kind = c.get("kind")?.to_owned();
                match out.contributions.iter_mut().find(|x| x.layer == layer) {
                    Some(x) => x.values.push(value),
                    None => out.contributions.push(Contribution {
                        layer: layer.to_owned(),
                        kind,
                        values: vec![value],
                    }),
                }
            }
        }
    }
    Ok(out)
}

/// Writes sweep runs: `run`, one column per axis (named by its path), `year`, `total`.
///
/// # Errors
/// [`Error::Io`] or [`Error::Csv`].
pub fn write_sweep_csv(path: &Path, sweep: &Sweep, runs: &[SweepRun]) -> Result<()> {
    let years = sweep.scenario().years();
    let mut header = vec!["run"];
    header.extend(sweep.axes().iter().map(|a| a.path.as_str()));
    header.extend(["year", "total"]);
    let rows = runs.iter().flat_map(|r| {
        years.iter().zip(&r.total).map(move |(y, v)| {
            let mut row = vec![r.index.to_string()];
            row.extend(r.params.iter().map(|p| num(*p)));
            row.extend([y.to_string(), num(*v)]);
            row
        })
    });
    write_table(path, &header, rows)
}

/// Reads sweep runs written by [`write_sweep_csv`] (any axes: the columns between `run` and
/// `year`).
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], [`Error::MissingColumn`], or a field error naming the line.
pub fn read_sweep_csv(path: &Path) -> Result<Vec<SweepRun>> {
    let (header, rows) = read_table(path)?;
    let params: Vec<String> = header
        .iter()
        .skip(1)
        .take_while(|h| *h != "year")
        .cloned()
        .collect();
    let mut out: Vec<SweepRun> = Vec::new();
    for (line, row) in &rows {
        let c = Cells {
            path,
            header: &header,
            line: *line,
            row,
        };
        let index = c.num("run", f64::NAN)?;
        if !(index.is_finite() && index >= 0.0 && index.fract() == 0.0) {
            return Err(Error::InvalidNumber {
                text: c.get("run")?.to_owned(),
            }
            .at(&path.display().to_string(), *line, "run"));
        }
        let Some(index) = crate::convert::f64_to_usize(index) else {
            return Err(Error::InvalidNumber {
                text: c.get("run")?.to_owned(),
            }
            .at(&path.display().to_string(), *line, "run"));
        };
        let total = c.num("total", f64::NAN)?;
        match out.last_mut() {
            Some(r) if r.index == index => r.total.push(total),
            _ => out.push(SweepRun {
                index,
                params: params
                    .iter()
                    .map(|p| c.num(p, f64::NAN))
                    .collect::<Result<_>>()?,
                total: vec![total],
            }),
        }
    }
    Ok(out)
}

const SUMMARY_COLUMNS: &[&str] = &[
    "year",
    "statistic",
    "level",
    "value",
    "paths",
    "target",
    "final_at_least_target",
];

/// Writes a path summary (sweep or Monte Carlo) in long format: quantile rows, then
/// `reached_by` rows, with the run's size and target in every row.
///
/// # Errors
/// [`Error::Io`] or [`Error::Csv`].
pub fn write_summary_csv(path: &Path, s: &PathSummary) -> Result<()> {
    let meta = [
        s.paths.to_string(),
        num(s.target),
        num(s.final_at_least_target),
    ];
    let mut rows = Vec::new();
    for (q, fan) in s.quantile_levels.iter().zip(&s.fan) {
        for (y, v) in s.years.iter().zip(fan) {
            let mut row = vec![y.to_string(), "quantile".into(), num(*q), num(*v)];
            row.extend(meta.iter().cloned());
            rows.push(row);
        }
    }
    for (y, v) in s.years.iter().zip(&s.reached_by) {
        let mut row = vec![y.to_string(), "reached_by".into(), String::new(), num(*v)];
        row.extend(meta.iter().cloned());
        rows.push(row);
    }
    write_table(path, SUMMARY_COLUMNS, rows)
}

/// Reads a path summary written by [`write_summary_csv`].
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`], [`Error::MissingColumn`], or a field error naming the line.
pub fn read_summary_csv(path: &Path) -> Result<PathSummary> {
    let (header, rows) = read_table(path)?;
    let mut s = PathSummary {
        years: Vec::new(),
        paths: 0,
        target: f64::NAN,
        quantile_levels: Vec::new(),
        fan: Vec::new(),
        reached_by: Vec::new(),
        final_at_least_target: f64::NAN,
    };
    for (line, row) in &rows {
        let c = Cells {
            path,
            header: &header,
            line: *line,
            row,
        };
        let file = path.display().to_string();
        let whole = |field: &str| -> Result<i64> {
            let t = c.get(field)?;
            t.trim()
                .parse()
                .map_err(|_| Error::InvalidNumber { text: t.to_owned() }.at(&file, *line, field))
        };
        let year = i32::try_from(whole("year")?).map_err(|_| {
            Error::InvalidPeriod {
                text: c.get("year").unwrap_or_default().to_owned(),
                reason: "year out of range",
            }
            .at(&file, *line, "year")
        })?;
        let value = c.num("value", f64::NAN)?;
        s.paths = usize::try_from(whole("paths")?).map_err(|_| {
            Error::InvalidNumber {
                text: c.get("paths").unwrap_or_default().to_owned(),
            }
            .at(&file, *line, "paths")
        })?;
        s.target = c.num("target", f64::NAN)?;
        s.final_at_least_target = c.num("final_at_least_target", f64::NAN)?;
        if c.get("statistic")? == "reached_by" {
            s.reached_by.push(value);
            continue;
        }
        let level = c.num("level", f64::NAN)?;
        match s.quantile_levels.iter().position(|q| *q == level) {
            Some(i) => {
                if let Some(f) = s.fan.get_mut(i) {
                    f.push(value);
                }
            }
            None => {
                s.quantile_levels.push(level);
                s.fan.push(vec![value]);
            }
        }
        if s.quantile_levels.len() == 1 {
            s.years.push(year);
        }
    }
    Ok(s)
}

/// Writes the target table of an outlook, one row per target year (for spreadsheets; the JSON
/// from [`write_json`] holds the whole outlook and reads back).
///
/// # Errors
/// [`Error::Io`] or [`Error::Csv`].
pub fn write_target_csv(path: &Path, o: &TargetOutlook) -> Result<()> {
    let mut header = vec![
        "year".to_owned(),
        "horizon".into(),
        "required_point".into(),
        "required_lo".into(),
        "required_hi".into(),
        "trend_point".into(),
        "trend_lo".into(),
        "trend_hi".into(),
        "trend_probability".into(),
    ];
    header.extend(
        o.historical
            .iter()
            .map(|h| format!("reached_at: {}", h.label)),
    );
    let rows = o.rows.iter().map(|r| {
        let mut row = vec![
            r.year.to_string(),
            r.horizon.to_string(),
            num(r.required.point()),
            num(r.required.interval().lo()),
            num(r.required.interval().hi()),
            num(r.trend_level.point()),
            num(r.trend_level.interval().lo()),
            num(r.trend_level.interval().hi()),
            num(r.trend_probability),
        ];
        row.extend(r.reached.iter().map(|b| b.to_string()));
        row
    });
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write_table(path, &header, rows)
}
