//! Scenario results as tables: a run in long format (one row per year and component), sweep runs
//! (a column per parameter swept), path summaries (quantile rows, then reach rows); and their
//! text forms.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Contribution, MonteCarloResult, PathSummary, ScenarioResult, SweepRun};
use crate::error::{DataError, Error, FileError, Result};
use crate::table::{FromTable, Record, Row, Scale, Table, TextTable};

/// One year of one component of a scenario result: `baseline`, each layer, `total`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRow {
    /// The scenario's name.
    pub scenario: String,
    /// The calendar year.
    pub year: i32,
    /// `baseline`, a layer's name, or `total`.
    pub component: String,
    /// `baseline`, the layer's kind, or `total`.
    pub kind: String,
    /// The level (baseline, total) or contribution (a layer), US dollars.
    pub value: f64,
    /// The scenario's target, if any.
    pub target: Option<f64>,
}

impl Row for ScenarioRow {
    const REQUIRED: &'static [&'static str] = &["scenario", "year", "component", "kind", "value"];
}

/// Long format, component by component: the baseline, each layer in order, the total.
impl Table for ScenarioResult {
    type Row = ScenarioRow;
    const WHAT: &'static str = "a scenario result";
    fn rows(&self) -> Result<Vec<ScenarioRow>> {
        let parts = std::iter::once(("baseline", "baseline", &self.baseline))
            .chain(
                self.contributions
                    .iter()
                    .map(|c| (c.layer.as_str(), c.kind.as_str(), &c.values)),
            )
            .chain(std::iter::once(("total", "total", &self.total)));
        let mut rows = Vec::new();
        for (component, kind, values) in parts {
            for (year, value) in self.years.iter().zip(values) {
                rows.push(ScenarioRow {
                    scenario: self.scenario.clone(),
                    year: *year,
                    component: component.to_owned(),
                    kind: kind.to_owned(),
                    value: *value,
                    target: self.target,
                });
            }
        }
        Ok(rows)
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        vec![
            crate::table::ColumnUnit::usd("value", "value_usd"),
            crate::table::ColumnUnit::usd("target", "target_usd"),
        ]
    }
}

impl FromTable for ScenarioResult {
    fn from_rows(file: &str, records: Vec<Record<ScenarioRow>>) -> Result<ScenarioResult> {
        let mut out = ScenarioResult {
            scenario: String::new(),
            years: Vec::new(),
            baseline: Vec::new(),
            contributions: Vec::new(),
            total: Vec::new(),
            target: None,
        };
        let mut total_years = Vec::new();
        for Record { row: r, .. } in records {
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
            return Err(Error::File(FileError::Csv {
                file: file.to_owned(),
                line: 0,
                message: "the baseline, layer and total rows do not cover the same years".into(),
            }));
        }
        Ok(out)
    }
}

/// Year, baseline, each layer's contribution (signed), total.
impl fmt::Display for ScenarioResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut head = vec!["year".to_string(), "baseline".to_string()];
        head.extend(self.contributions.iter().map(|c| c.layer.clone()));
        head.push("total".into());
        let mut t = TextTable::new(head);
        let scale = Scale::for_values(self.total.iter().chain(&self.baseline).copied());
        for (i, y) in self.years.iter().enumerate() {
            let at = |v: &[f64]| v.get(i).copied().unwrap_or(f64::NAN);
            let mut row = vec![y.to_string(), scale.fmt(at(&self.baseline))];
            row.extend(
                self.contributions
                    .iter()
                    .map(|c| scale.fmt_signed(at(&c.values))),
            );
            row.push(scale.fmt(at(&self.total)));
            t.row(row);
        }
        writeln!(f, "{t}{}", scale.note())
    }
}

/// The runs of a sweep ([`crate::scenario::Sweep::run`]): the parameters swept, the years, and
/// each run's parameter values and path. As a [`Table`], one row per run and year: `run`, a
/// column per parameter (named by its path), `year`, `total`, `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRuns {
    /// The parameter paths swept, in axis order.
    pub axes: Vec<String>,
    /// The calendar years of each path.
    pub years: Vec<i32>,
    /// The scenario's target, if any (what the text form summarises against).
    pub target: Option<f64>,
    /// The runs, in index order.
    pub runs: Vec<SweepRun>,
}

impl std::ops::Deref for SweepRuns {
    type Target = [SweepRun];
    fn deref(&self) -> &[SweepRun] {
        &self.runs
    }
}

impl SweepRuns {
    /// The quantile fan per year and the share of runs reaching `target` by each year (an
    /// empty `levels` uses 5%, 25%, 50%, 75%, 95%).
    ///
    /// # Errors
    /// [`GrowthError::SeriesTooShort`](crate::error::GrowthError::SeriesTooShort) for no runs;
    /// [`InputError::OutOfRange`](crate::error::InputError::OutOfRange) for a level outside [0, 1].
    pub fn summarize(&self, target: f64, levels: &[f64]) -> Result<PathSummary> {
        super::sweep::summarize_paths(
            self.years.clone(),
            self.runs.iter().map(|r| r.total.as_slice()),
            target,
            levels,
        )
    }
}

/// One year of one sweep run; its parameter values are the columns between `run` and `year`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRow {
    /// The run's index in the grid.
    pub run: usize,
    /// Its parameter values, one column per axis (named by the table's header).
    #[serde(default)]
    pub params: Vec<f64>,
    /// The calendar year.
    pub year: i32,
    /// The scenario's total that year.
    pub total: f64,
    /// The scenario's target, if any.
    #[serde(default)]
    pub target: Option<f64>,
}

impl Row for SweepRow {
    const REQUIRED: &'static [&'static str] = &["run", "year", "total"];
}

impl Table for SweepRuns {
    type Row = SweepRow;
    const WHAT: &'static str = "sweep runs";
    fn rows(&self) -> Result<Vec<SweepRow>> {
        crate::limits::values(
            "a sweep table's rows (runs × years)",
            self.runs.len().checked_mul(self.years.len()),
        )?;
        let mut rows = Vec::with_capacity(self.runs.len() * self.years.len());
        for r in &self.runs {
            for (y, v) in self.years.iter().zip(&r.total) {
                rows.push(SweepRow {
                    run: r.index,
                    params: r.params.clone(),
                    year: *y,
                    total: *v,
                    target: self.target,
                });
            }
        }
        Ok(rows)
    }
    fn header(&self) -> Option<Vec<String>> {
        let mut h = vec!["run".to_owned()];
        h.extend(self.axes.iter().cloned());
        h.extend(["year".to_owned(), "total".to_owned(), "target".to_owned()]);
        Some(h)
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        vec![
            crate::table::ColumnUnit::usd("total", "total_usd"),
            crate::table::ColumnUnit::usd("target", "target_usd"),
        ]
    }
}

/// Any other column of a sweep file is a parameter swept.
impl FromTable for SweepRuns {
    fn accepts(_column: &str) -> bool {
        true
    }

    fn from_rows(file: &str, records: Vec<Record<SweepRow>>) -> Result<SweepRuns> {
        let axes: Vec<String> = records
            .first()
            .map(|r| r.extra.iter().map(|(name, _)| name.clone()).collect())
            .unwrap_or_default();
        let mut out = SweepRuns {
            axes,
            years: Vec::new(),
            target: None,
            runs: Vec::new(),
        };
        for Record { line, row, extra } in records {
            let params = extra
                .iter()
                .map(|(name, text)| match text.parse::<f64>() {
                    Ok(x) if x.is_finite() => Ok(x),
                    _ => Err(Error::Data(DataError::InvalidNumber { text: text.clone() })
                        .at(file, line, name)),
                })
                .collect::<Result<Vec<f64>>>()?;
            match out.runs.last_mut() {
                Some(r) if r.index == row.run => r.total.push(row.total),
                _ => out.runs.push(SweepRun {
                    index: row.run,
                    params,
                    total: vec![row.total],
                }),
            }
            if out.runs.len() == 1 {
                out.years.push(row.year);
            }
            out.target = row.target;
        }
        Ok(out)
    }
}

/// Against its target, the summary of the runs (quantiles by year, the share reaching it);
/// without one, how many runs there are.
impl fmt::Display for SweepRuns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target.map(|t| self.summarize(t, &[])) {
            Some(Ok(s)) => s.fmt(f),
            Some(Err(e)) => writeln!(f, "{} runs (no summary: {e})", self.runs.len()),
            None => writeln!(
                f,
                "{} runs of {} (the scenario has no target to summarise against)",
                self.runs.len(),
                self.axes.join(", ")
            ),
        }
    }
}

keyword_enum! {
    /// What a summary row holds.
    pub enum Statistic: "summary statistic" {
        /// A quantile of the level (its level in `level`).
        Quantile = "quantile",
        /// The share of paths at or above the target by the year.
        ReachedBy = "reached_by",
    }
}

/// One row of a path summary: a quantile for a year, or the share reaching the target by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// The calendar year.
    pub year: i32,
    /// A quantile, or the share reaching the target by the year.
    pub statistic: Statistic,
    /// The quantile's level (empty for `reached_by`).
    pub level: Option<f64>,
    /// The quantile (US dollars) or the share.
    pub value: f64,
    /// How many paths.
    pub paths: usize,
    /// The target.
    pub target: f64,
    /// Share of paths at or above the target in the last year.
    pub final_at_least_target: f64,
}

impl Row for SummaryRow {
    const REQUIRED: &'static [&'static str] = &[
        "year",
        "statistic",
        "level",
        "value",
        "paths",
        "target",
        "final_at_least_target",
    ];
}

/// Quantile rows level by level, then `reached_by` rows.
impl Table for PathSummary {
    type Row = SummaryRow;
    const WHAT: &'static str = "a path summary";
    fn rows(&self) -> Result<Vec<SummaryRow>> {
        let row = |year: i32, statistic, level, value| SummaryRow {
            year,
            statistic,
            level,
            value,
            paths: self.paths,
            target: self.target,
            final_at_least_target: self.final_at_least_target,
        };
        let mut rows = Vec::new();
        for (q, fan) in self.quantile_levels.iter().zip(&self.fan) {
            for (y, v) in self.years.iter().zip(fan) {
                rows.push(row(*y, Statistic::Quantile, Some(*q), *v));
            }
        }
        for (y, v) in self.years.iter().zip(&self.reached_by) {
            rows.push(row(*y, Statistic::ReachedBy, None, *v));
        }
        Ok(rows)
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        vec![crate::table::ColumnUnit::usd("target", "target_usd")]
    }
}

/// A summary from its rows, checking that every quantile level covers the same years.
impl FromTable for PathSummary {
    fn from_rows(file: &str, records: Vec<Record<SummaryRow>>) -> Result<PathSummary> {
        let mut s = PathSummary {
            years: Vec::new(),
            paths: 0,
            target: 0.0,
            quantile_levels: Vec::new(),
            fan: Vec::new(),
            reached_by: Vec::new(),
            final_at_least_target: 0.0,
        };
        let mut reach_years = Vec::new();
        // Each level's place in `quantile_levels`, by its bits: one lookup a row.
        let mut level_at: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
        for Record { line, row: r, .. } in records {
            s.paths = r.paths;
            s.target = r.target;
            s.final_at_least_target = r.final_at_least_target;
            match (r.statistic, r.level) {
                (Statistic::ReachedBy, _) => {
                    reach_years.push(r.year);
                    s.reached_by.push(r.value);
                }
                (Statistic::Quantile, None) => {
                    return Err(Error::Data(DataError::EmptyField).at(file, line, "level"));
                }
                (Statistic::Quantile, Some(level)) => {
                    match level_at.get(&level.to_bits()) {
                        Some(&i) => {
                            if let Some(f) = s.fan.get_mut(i) {
                                f.push(r.value);
                            }
                        }
                        None => {
                            level_at.insert(level.to_bits(), s.quantile_levels.len());
                            s.quantile_levels.push(level);
                            s.fan.push(vec![r.value]);
                        }
                    }
                    if s.quantile_levels.len() == 1 {
                        s.years.push(r.year);
                    }
                }
            }
        }
        if s.years.is_empty() {
            s.years = reach_years.clone();
        }
        let ragged = s.fan.iter().any(|f| f.len() != s.years.len())
            || (!s.reached_by.is_empty() && reach_years != s.years);
        if ragged {
            return Err(Error::File(FileError::Csv {
                file: file.to_owned(),
                line: 0,
                message: "the summary's quantile and reached_by rows do not cover the same years"
                    .into(),
            }));
        }
        Ok(s)
    }
}

/// Year, each quantile, and the share reaching the target by the year.
impl fmt::Display for PathSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut head = vec!["year".to_string()];
        head.extend(
            self.quantile_levels
                .iter()
                .map(|q| format!("p{:.0}", q * 100.0)),
        );
        head.push("reached by".into());
        let mut t = TextTable::new(head);
        let scale = Scale::for_values(self.fan.iter().flatten().copied().chain([self.target]));
        for (i, y) in self.years.iter().enumerate() {
            let mut row = vec![y.to_string()];
            row.extend(
                self.fan
                    .iter()
                    .map(|q| q.get(i).map_or(String::new(), |v| scale.fmt(*v))),
            );
            row.push(
                self.reached_by
                    .get(i)
                    .map_or(String::new(), |v| format!("{v:.3}")),
            );
            t.row(row);
        }
        writeln!(
            f,
            "{t}{} paths, target {}; {}",
            self.paths,
            scale.fmt(self.target),
            scale.note()
        )
    }
}

/// The summary's rows.
impl Table for MonteCarloResult {
    type Row = SummaryRow;
    const WHAT: &'static str = "a Monte Carlo summary";
    fn rows(&self) -> Result<Vec<SummaryRow>> {
        self.summary.rows()
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        self.summary.units()
    }
}

/// The summary's table.
impl fmt::Display for MonteCarloResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.summary.fmt(f)
    }
}
