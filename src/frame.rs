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
