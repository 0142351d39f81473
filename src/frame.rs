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

/// Audit findings, one row each.
///
/// Columns: `check`, `corridor`, `period`, `figures` (ids joined by `;`), `verdict`,
/// `derived_point`, `derived_lo`, `derived_hi`, `compared_point`, `compared_lo`, `compared_hi`
/// (null for an unbounded end), `unit`, `explanation`.
///
/// # Errors
/// [`crate::Error::Polars`] if polars rejects the columns.
pub fn findings_frame(findings: &[crate::Finding]) -> Result<DataFrame> {
    let s =
        |f: &dyn Fn(&crate::Finding) -> String| -> Vec<String> { findings.iter().map(f).collect() };
    let x = |f: &dyn Fn(&crate::Finding) -> f64| -> Vec<Option<f64>> {
        findings
            .iter()
            .map(|g| Some(f(g)).filter(|v| v.is_finite()))
            .collect()
    };
    let columns = vec![
        Column::new("check".into(), s(&|f| f.check.to_string())),
        Column::new(
            "corridor".into(),
            s(&|f| f.corridor.map(|c| c.to_string()).unwrap_or_default()),
        ),
        Column::new(
            "period".into(),
            s(&|f| f.period.map(|p| p.to_string()).unwrap_or_default()),
        ),
        Column::new(
            "figures".into(),
            s(&|f| {
                f.figures
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(";")
            }),
        ),
        Column::new("verdict".into(), s(&|f| f.verdict.to_string())),
        Column::new("derived_point".into(), x(&|f| f.derived.point())),
        Column::new("derived_lo".into(), x(&|f| f.derived.interval().lo())),
        Column::new("derived_hi".into(), x(&|f| f.derived.interval().hi())),
        Column::new("compared_point".into(), x(&|f| f.compared.point())),
        Column::new("compared_lo".into(), x(&|f| f.compared.interval().lo())),
        Column::new("compared_hi".into(), x(&|f| f.compared.interval().hi())),
        Column::new("unit".into(), s(&|f| f.unit.to_string())),
        Column::new("explanation".into(), s(&|f| f.explanation.clone())),
    ];
    Ok(DataFrame::new(findings.len(), columns)?)
}

/// An annual series, one row per year: `year`, `point`, `lo`, `hi`, `figures`, `annualised`
/// (`pro_rata`, `seasonal_share` or empty).
///
/// # Errors
/// [`crate::Error::Polars`] if polars rejects the columns.
pub fn series_frame(series: &crate::Series) -> Result<DataFrame> {
    let p = series.points();
    let columns = vec![
        Column::new("year".into(), p.iter().map(|p| p.year).collect::<Vec<_>>()),
        Column::new(
            "point".into(),
            p.iter().map(|p| p.estimate.point()).collect::<Vec<_>>(),
        ),
        Column::new(
            "lo".into(),
            p.iter()
                .map(|p| p.estimate.interval().lo())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "hi".into(),
            p.iter()
                .map(|p| p.estimate.interval().hi())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "figures".into(),
            p.iter()
                .map(|p| {
                    p.figures
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "annualised".into(),
            p.iter()
                .map(|p| match p.annualised {
                    Some(crate::Annualised::ProRata { .. }) => "pro_rata",
                    Some(crate::Annualised::SeasonalShare { .. }) => "seasonal_share",
                    None => "",
                })
                .collect::<Vec<_>>(),
        ),
    ];
    Ok(DataFrame::new(p.len(), columns)?)
}

/// Writes a DataFrame as Parquet, atomically.
///
/// # Errors
/// [`crate::Error::Polars`] if polars cannot encode it; [`crate::Error::Io`].
///
/// # Examples
/// ```
/// let data = bilateral::Dataset::builtin()?;
/// let mut df = bilateral::figures_frame(&data)?;
/// let path = std::env::temp_dir().join("bilateral-doc-figures.parquet");
/// bilateral::write_parquet(&path, &mut df)?;
/// assert!(bilateral::read_parquet(&path)?.equals_missing(&df));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn write_parquet(path: &std::path::Path, df: &mut DataFrame) -> Result<()> {
    let mut bytes = Vec::new();
    polars::prelude::ParquetWriter::new(&mut bytes).finish(df)?;
    crate::export::write_atomic(path, &bytes)
}

/// Reads a Parquet file written by [`write_parquet`].
///
/// # Errors
/// [`crate::Error::Io`]; [`crate::Error::Polars`] for a file polars cannot read.
pub fn read_parquet(path: &std::path::Path) -> Result<DataFrame> {
    use polars::prelude::SerReader;
    let bytes = std::fs::read(path).map_err(|source| crate::Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(polars::prelude::ParquetReader::new(std::io::Cursor::new(bytes)).finish()?)
}

/// A lazy scan of a Comtrade CSV: the columns the crate reads, typed (`refYear` i32;
/// `primaryValue`, `cifvalue`, `fobvalue` f64; the rest strings), with `row` (the 0-based data
/// row; its line in the file is `row + 2`). Rows whose reporter or partner is a Comtrade area
/// ([`crate::AREA_CODES`]) are left out. Nothing is read until the frame is collected,
/// and polars streams the file.
///
/// # Errors
/// [`crate::Error::Io`] if the header cannot be read; [`crate::Error::MissingColumn`] for a
/// required column; [`crate::Error::Polars`].
pub fn scan_comtrade(path: &std::path::Path) -> Result<polars::prelude::LazyFrame> {
    use polars::prelude::*;
    use std::io::BufRead;
    let file = path.display().to_string();
    let io = |source| crate::Error::Io {
        path: file.clone(),
        source,
    };
    let mut header = String::new();
    std::io::BufReader::new(std::fs::File::open(path).map_err(io)?)
        .read_line(&mut header)
        .map_err(io)?;
    let present: Vec<&str> = header
        .trim_end()
        .split(',')
        .map(|h| h.trim_matches('"'))
        .collect();
    for column in crate::comtrade::REQUIRED {
        if !present.contains(&column) {
            return Err(crate::Error::MissingColumn { file, column });
        }
    }
    let mut select = vec![
        col("row"),
        col("refYear").cast(DataType::Int32),
        col("reporterISO"),
        col("partnerISO"),
        col("flowCode"),
        col("cmdCode"),
        col("primaryValue").alias("primaryValue_text"),
        col("primaryValue").cast(DataType::Float64),
    ];
    for (name, number) in [
        ("cifvalue", true),
        ("fobvalue", true),
        ("period", false),
        ("freqCode", false),
    ] {
        if present.contains(&name) {
            select.push(if number {
                col(name).cast(DataType::Float64)
            } else {
                col(name)
            });
        }
    }
    let area = |c: &str| {
        crate::comtrade::AREA_CODES
            .iter()
            .fold(lit(false), |any, code| any.or(col(c).eq(lit(*code))))
    };
    Ok(
        LazyCsvReader::new(PlRefPath::new(path.to_string_lossy().as_ref()))
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .finish()?
            .with_row_index("row", None)
            .select(select)
            .filter(area("reporterISO").not().and(area("partnerISO").not())),
    )
}

/// Comtrade totals per (year, reporter, partner, flow) with polars: the `TOTAL` row where a key
/// has one, the sum of its HS rows otherwise (as [`crate::comtrade_totals`]).
///
/// Columns: `refYear`, `reporterISO`, `partnerISO`, `flowCode`, `value`, `from_total_row`,
/// `rows`, `first_row`.
///
/// # Errors
/// As [`scan_comtrade`]; a field error naming file, line and column for an unknown flow code,
/// a missing, unreadable or negative `primaryValue`, or an unknown country code.
pub fn comtrade_totals_frame(path: &std::path::Path) -> Result<DataFrame> {
    use polars::prelude::*;
    let file = path.display().to_string();
    let lf = scan_comtrade(path)?;
    // The first bad row, if any.
    let flow_ok = col("flowCode")
        .eq(lit("X"))
        .or(col("flowCode").eq(lit("M")))
        .or(col("flowCode").eq(lit("RX")))
        .or(col("flowCode").eq(lit("RM")));
    let bad = lf
        .clone()
        .filter(
            flow_ok
                .clone()
                .not()
                .or(col("primaryValue").is_null())
                .or(col("primaryValue").lt(lit(0.0))),
        )
        .select([
            col("row"),
            col("flowCode"),
            col("primaryValue_text"),
            col("primaryValue"),
        ])
        .limit(1)
        .collect()?;
    if bad.height() > 0 {
        let row = bad.column("row")?.idx()?.get(0).unwrap_or(0);
        let line = u64::from(row) + 2;
        let flow = bad
            .column("flowCode")?
            .str()?
            .get(0)
            .unwrap_or("")
            .to_owned();
        let text = bad
            .column("primaryValue_text")?
            .str()?
            .get(0)
            .unwrap_or("")
            .to_owned();
        let value = bad.column("primaryValue")?.f64()?.get(0);
        if let Err(e) = flow.parse::<crate::ComtradeFlow>() {
            return Err(e.at(&file, line, "flowCode"));
        }
        return Err(match value {
            Some(v) if v < 0.0 => {
                crate::Error::NegativeMoney { value: v }.at(&file, line, "primaryValue")
            }
            _ if text.trim().is_empty() => crate::Error::EmptyField.at(&file, line, "primaryValue"),
            _ => crate::Error::InvalidNumber { text }.at(&file, line, "primaryValue"),
        });
    }
    let is_total = col("cmdCode").eq(lit("TOTAL"));
    let totals = lf
        .group_by([
            col("refYear"),
            col("reporterISO"),
            col("partnerISO"),
            col("flowCode"),
        ])
        .agg([
            col("primaryValue")
                .filter(is_total.clone())
                .sum()
                .alias("total_row"),
            col("primaryValue")
                .filter(is_total.clone().not())
                .sum()
                .alias("detail"),
            is_total.clone().any(true).alias("from_total_row"),
            is_total.clone().not().sum().alias("detail_rows"),
            col("row").min().alias("first_row"),
        ])
        .with_columns([
            when(col("from_total_row"))
                .then(col("total_row"))
                .otherwise(col("detail"))
                .alias("value"),
            when(col("from_total_row"))
                .then(lit(1u32))
                .otherwise(col("detail_rows"))
                .alias("rows"),
        ])
        .select([
            col("refYear"),
            col("reporterISO"),
            col("partnerISO"),
            col("flowCode"),
            col("value"),
            col("from_total_row"),
            col("rows"),
            col("first_row"),
        ])
        .sort(
            ["refYear", "reporterISO", "partnerISO", "flowCode"],
            Default::default(),
        )
        .collect()?;
    // Country codes, checked on the (small) totals.
    for name in ["reporterISO", "partnerISO"] {
        let codes = totals.column(name)?.str()?.clone();
        let rows = totals.column("first_row")?.idx()?.clone();
        for (code, row) in codes.iter().zip(rows.iter()) {
            if let Err(e) = crate::Country::new(code.unwrap_or("")) {
                return Err(e.at(&file, u64::from(row.unwrap_or(0)) + 2, name));
            }
        }
    }
    Ok(totals)
}
