//! Figures as a polars `DataFrame` (feature `polars`).

use polars::prelude::{Column, DataFrame};

use crate::dataset::Dataset;
use crate::error::Result;
use crate::figure::Value;

/// Every figure of a dataset as one row of a `DataFrame`.
///
/// Columns (nullable where the figure lacks the part): `id`, `measure`, `corridor`, `country`,
/// `period`, `base_period`, `unit`, `value` (number, dollars for money; null for dates and
/// country lists), `lo` and `hi` (the interval the printed precision and bound allow; null for
/// an unbounded end), `text` (the value as printed by [`crate::Figure::value_text`]), `bound`,
/// `reporter`, `source`, `quote`.
///
/// # Errors
/// [`crate::Error::Polars`] if polars rejects the columns (it should not: all have one length).
///
/// # Examples
/// ```
/// let data = bilateral::Dataset::builtin()?;
/// let df = bilateral::figures_frame(&data)?;
/// assert_eq!(df.height(), data.figures().len());
/// assert!(df.column("lo").is_ok());
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn figures_frame(data: &Dataset) -> Result<DataFrame> {
    let figs = data.figures();
    let text = |f: &dyn Fn(&crate::Figure) -> Option<String>| -> Vec<Option<String>> {
        figs.iter().map(f).collect()
    };
    let estimate = |which: fn(crate::Estimate) -> f64| -> Vec<Option<f64>> {
        figs.iter()
            .map(|f| f.estimate().map(which).filter(|x| x.is_finite()))
            .collect()
    };
    let value: Vec<Option<f64>> = figs
        .iter()
        .map(|f| match f.value() {
            Value::Amount { value, .. } => Some(*value),
            _ => None,
        })
        .collect();
    let columns = vec![
        Column::new("id".into(), text(&|f| Some(f.id().to_string()))),
        Column::new("measure".into(), text(&|f| Some(f.measure().to_owned()))),
        Column::new(
            "corridor".into(),
            text(&|f| f.corridor().map(|c| c.to_string())),
        ),
        Column::new(
            "country".into(),
            text(&|f| f.country().map(|c| c.to_string())),
        ),
        Column::new(
            "period".into(),
            text(&|f| f.period().map(|p| p.to_string())),
        ),
        Column::new(
            "base_period".into(),
            text(&|f| f.base_period().map(|p| p.to_string())),
        ),
        Column::new("unit".into(), text(&|f| Some(f.unit().to_string()))),
        Column::new("value".into(), value),
        Column::new("lo".into(), estimate(|e| e.interval().lo())),
        Column::new("hi".into(), estimate(|e| e.interval().hi())),
        Column::new("text".into(), text(&|f| Some(f.value_text()))),
        Column::new(
            "bound".into(),
            text(&|f| Some(f.bound().as_str().to_owned())),
        ),
        Column::new(
            "reporter".into(),
            text(&|f| f.reporter().map(|c| c.to_string())),
        ),
        Column::new(
            "source".into(),
            text(&|f| Some(f.provenance().source.to_string())),
        ),
        Column::new(
            "quote".into(),
            text(&|f| Some(f.provenance().quote.clone())),
        ),
    ];
    Ok(DataFrame::new(figs.len(), columns)?)
}

/// A scenario result in long format, one row per year and component.
///
/// Columns: `scenario` (str), `year` (i32), `component` (str: `baseline`, each layer's name in
/// order, then `total`), `kind` (str: `baseline`, the layer's kind, or `total`), `value` (f64).
///
/// # Errors
/// [`crate::Error::Polars`] if polars rejects the columns.
///
/// # Examples
/// ```
/// let r = bilateral::presets()[4].run()?;
/// let df = bilateral::scenario_frame(&r)?;
/// assert_eq!(df.height(), r.years.len() * (r.contributions.len() + 2));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn scenario_frame(result: &crate::ScenarioResult) -> Result<DataFrame> {
    let parts: Vec<(&str, &str, &[f64])> =
        std::iter::once(("baseline", "baseline", result.baseline.as_slice()))
            .chain(
                result
                    .contributions
                    .iter()
                    .map(|c| (c.layer.as_str(), c.kind.as_str(), c.values.as_slice())),
            )
            .chain(std::iter::once(("total", "total", result.total.as_slice())))
            .collect();
    let (mut year, mut component, mut kind, mut value) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (name, k, values) in parts {
        for (y, v) in result.years.iter().zip(values) {
            year.push(*y);
            component.push(name);
            kind.push(k);
            value.push(*v);
        }
    }
    let n = year.len();
    let columns = vec![
        Column::new("scenario".into(), vec![result.scenario.as_str(); n]),
        Column::new("year".into(), year),
        Column::new("component".into(), component),
        Column::new("kind".into(), kind),
        Column::new("value".into(), value),
    ];
    Ok(DataFrame::new(n, columns)?)
}

/// Sweep runs in long format, one row per run and year.
///
/// Columns: `run` (u64, the grid index), one f64 column per axis named by its parameter path,
/// `year` (i32), `total` (f64).
///
/// # Errors
/// [`crate::Error::Polars`] if two axes share a path.
pub fn sweep_frame(sweep: &crate::Sweep, runs: &[crate::SweepRun]) -> Result<DataFrame> {
    let years = sweep.scenario().years();
    let mut run = Vec::new();
    let mut params: Vec<Vec<f64>> = vec![Vec::new(); sweep.axes().len()];
    let (mut year, mut total) = (Vec::new(), Vec::new());
    for r in runs {
        for (y, v) in years.iter().zip(&r.total) {
            run.push(r.index as u64);
            for (col, p) in params.iter_mut().zip(&r.params) {
                col.push(*p);
            }
            year.push(*y);
            total.push(*v);
        }
    }
    let n = run.len();
    let mut columns = vec![Column::new("run".into(), run)];
    for (axis, values) in sweep.axes().iter().zip(params) {
        columns.push(Column::new(axis.path.as_str().into(), values));
    }
    columns.push(Column::new("year".into(), year));
    columns.push(Column::new("total".into(), total));
    Ok(DataFrame::new(n, columns)?)
}

/// A path summary (sweep or Monte Carlo) in long format.
///
/// Columns: `year` (i32), `statistic` (str: `quantile` or `reached_by`), `level` (f64: the
/// quantile level; null for `reached_by`), `value` (f64: the quantile, or the share of paths at or
/// above the target by that year).
///
/// # Errors
/// [`crate::Error::Polars`] if polars rejects the columns.
pub fn summary_frame(summary: &crate::PathSummary) -> Result<DataFrame> {
    let (mut year, mut statistic, mut level, mut value) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (q, row) in summary.quantile_levels.iter().zip(&summary.fan) {
        for (y, v) in summary.years.iter().zip(row) {
            year.push(*y);
            statistic.push("quantile");
            level.push(Some(*q));
            value.push(*v);
        }
    }
    for (y, v) in summary.years.iter().zip(&summary.reached_by) {
        year.push(*y);
        statistic.push("reached_by");
        level.push(None);
        value.push(*v);
    }
    let n = year.len();
    let columns = vec![
        Column::new("year".into(), year),
        Column::new("statistic".into(), statistic),
        Column::new("level".into(), level),
        Column::new("value".into(), value),
    ];
    Ok(DataFrame::new(n, columns)?)
}
