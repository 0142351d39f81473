//! A backtest's results as a table (one row per method, subset and horizon) and as text, and the
//! method they recommend.

use super::backtest::{Backtest, MetricRow, Reliability};
use super::methods::Method;
use crate::error::Result;
use crate::table::{Row, Table, TextTable};

impl Backtest {
    /// The method with the lowest mean log-MAE over every subset and horizon (the first in
    /// the spec's order on a tie).
    pub fn recommended(&self) -> Method {
        let mut best: Option<(Method, f64)> = None;
        for t in &self.seconds {
            let rows: Vec<&MetricRow> = self.rows.iter().filter(|r| r.method == t.method).collect();
            let mean = rows.iter().map(|r| r.log_mae).sum::<f64>() / rows.len().max(1) as f64;
            if best.is_none_or(|(_, b)| mean < b) {
                best = Some((t.method, mean));
            }
        }
        best.map_or(Method::Pooled, |b| b.0)
    }

    /// The rows of one method and subset, by horizon.
    pub fn rows_of(&self, method: Method, subset: &str) -> Vec<&MetricRow> {
        self.rows
            .iter()
            .filter(|r| r.method == method && r.subset == subset)
            .collect()
    }

    /// The text table its `Display` prints: per method and subset, log-MAE, MASE and bias by
    /// horizon, and the calibrated intervals' coverage beside the model's own; the method
    /// recommended.
    fn table(&self) -> String {
        let mut t = TextTable::new([
            "method",
            "subset",
            "h",
            "n",
            "log-MAE",
            "MASE",
            "bias",
            "cov80",
            "cov90",
            "Winkler80",
            "model cov80",
            "model cov90",
        ]);
        for r in &self.rows {
            t.row([
                r.method.as_str().to_owned(),
                r.subset.clone(),
                r.horizon.to_string(),
                r.n.to_string(),
                format!("{:.4}", r.log_mae),
                format!("{:.3}", r.mase),
                format!("{:+.4}", r.bias),
                format!("{:.3}", r.cov80),
                format!("{:.3}", r.cov90),
                format!("{:.3}", r.winkler80),
                format!("{:.3}", r.model_cov80),
                format!("{:.3}", r.model_cov90),
            ]);
        }
        let mut s = format!(
            "Backtest on {} series: origins {:?}, horizons 1-{}, intervals calibrated on the \
             errors of the {} origins before each ({} {} classes)\n\n",
            self.series,
            self.spec.origins,
            self.spec.horizons,
            self.spec.window,
            self.spec.classes,
            self.spec.class_by
        );
        s.push_str(&t.to_string());
        s.push_str(&format!(
            "\nRecommended (lowest mean log-MAE): {}\n",
            self.recommended().as_str()
        ));
        s
    }
}

impl Row for MetricRow {
    const REQUIRED: &'static [&'static str] = &["method", "subset", "horizon"];
}

/// The metrics, one row per method, subset and horizon (the fields of [`MetricRow`]).
impl Table for Backtest {
    type Row = MetricRow;
    const WHAT: &'static str = "backtest metrics";
    fn rows(&self) -> Result<Vec<MetricRow>> {
        Ok(self.rows.clone())
    }
}

impl std::fmt::Display for Backtest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.table())
    }
}

impl Row for Reliability {
    const REQUIRED: &'static [&'static str] = &["method", "subset", "horizon", "nominal"];
}

/// The reliability points of a backtest: nominal against observed coverage, per method, subset
/// and horizon ([`Backtest::reliability`](super::Backtest::reliability)).
impl Table for [Reliability] {
    type Row = Reliability;
    const WHAT: &'static str = "reliability points";
    fn rows(&self) -> Result<Vec<Reliability>> {
        Ok(self.to_vec())
    }
}
