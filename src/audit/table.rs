//! The audit's results as tables: findings and mirror pairs, one row each, with their text form.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::finding::fmt_estimate;
use super::{Check, Finding, GrowthReading, MirrorPair, Verdict};
use crate::data::{Corridor, Country, Estimate, FigureId, Period, Unit};
use crate::error::{DataError, Error, Result};
use crate::table::{FromTable, Record, Row, Table, TextTable};

list_result! {
    /// Audit findings, in the order the checks produce them ([`crate::audit::audit`]). Its text
    /// form is a table of check, period, verdict, what the figures imply and the explanation,
    /// with the tally below; as a [`Table`], one [`FindingRow`] per finding.
    pub struct Findings(Finding);
}

about_a_finding! {
/// One audit finding as a table row: intervals as point and ends (an unbounded end empty), the
/// figure ids `;`-separated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    /// The figure ids, `;`-separated.
    pub figures: String,
    /// What the figures imply.
    pub derived_point: f64,
    /// Its lower end.
    pub derived_lo: Option<f64>,
    /// Its upper end.
    pub derived_hi: Option<f64>,
    /// What it is compared with (empty when nothing is).
    pub compared_point: Option<f64>,
    /// Its lower end.
    pub compared_lo: Option<f64>,
    /// Its upper end.
    pub compared_hi: Option<f64>,
    /// The unit of the derived and compared values.
    pub unit: Unit,
    /// The verdict.
    pub verdict: Verdict,
    /// The explanation, with its arithmetic.
    pub explanation: String,
}
}

impl Row for FindingRow {
    const REQUIRED: &'static [&'static str] =
        &["id", "check", "figures", "derived_point", "unit", "verdict"];
}

impl From<&Finding> for FindingRow {
    fn from(f: &Finding) -> FindingRow {
        let (derived_point, derived_lo, derived_hi) = f.derived.parts();
        let (compared_point, compared_lo, compared_hi) = Estimate::optional_parts(f.compared);
        FindingRow {
            id: f.id.clone(),
            check: f.check,
            corridor: f.corridor,
            period: f.period,
            side: f.side,
            reading: f.reading,
            figures: FigureId::join(&f.figures),
            derived_point,
            derived_lo,
            derived_hi,
            compared_point,
            compared_lo,
            compared_hi,
            unit: f.unit,
            verdict: f.verdict,
            explanation: f.explanation.clone(),
        }
    }
}

impl FindingRow {
    /// The finding, with every interval checked.
    fn into_finding(self, file: &str, line: u64) -> Result<Finding> {
        let compared = match (self.compared_point, self.compared_lo, self.compared_hi) {
            (None, None, None) => None,
            (Some(p), lo, hi) => Some(
                Estimate::from_parts(p, lo, hi).map_err(|e| e.at(file, line, "compared_point"))?,
            ),
            (None, _, _) => {
                return Err(Error::Data(DataError::EmptyField).at(file, line, "compared_point"));
            }
        };
        Ok(Finding {
            id: self.id,
            check: self.check,
            corridor: self.corridor,
            period: self.period,
            side: self.side,
            reading: self.reading,
            figures: FigureId::split(&self.figures).map_err(|e| e.at(file, line, "figures"))?,
            derived: Estimate::from_parts(self.derived_point, self.derived_lo, self.derived_hi)
                .map_err(|e| e.at(file, line, "derived_point"))?,
            compared,
            unit: self.unit,
            verdict: self.verdict,
            explanation: self.explanation,
        })
    }
}

impl Table for Findings {
    type Row = FindingRow;
    const WHAT: &'static str = "audit findings";
    fn rows(&self) -> Result<Vec<FindingRow>> {
        Ok(self.iter().map(FindingRow::from).collect())
    }
}

impl FromTable for Findings {
    fn from_rows(file: &str, records: Vec<Record<FindingRow>>) -> Result<Findings> {
        records
            .into_iter()
            .map(|r| r.row.into_finding(file, r.line))
            .collect()
    }
}

/// Findings as a table: check, corridor, period, verdict, what the figures imply and the
/// explanation, which wraps at `explanation_width` characters.
///
/// # Examples
/// ```
/// use bilateral::audit::{audit_corridor, findings_table};
/// use bilateral::{Corridor, Dataset};
/// let data = Dataset::builtin()?;
/// let findings = audit_corridor(&data, Corridor::KAZ_UZB);
/// let table = findings_table(&findings, 80);
/// assert_eq!(table.len(), findings.len());
/// assert!(table.to_string().starts_with("check"));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn findings_table<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    explanation_width: usize,
) -> TextTable {
    let mut t = TextTable::new([
        "check",
        "corridor",
        "period",
        "verdict",
        "derived",
        "explanation",
    ])
    .limit(4, 28)
    .limit(5, explanation_width);
    for f in findings {
        t.row([
            f.check.to_string(),
            f.corridor.map(|c| c.to_string()).unwrap_or_default(),
            f.period.map(|p| p.to_string()).unwrap_or_default(),
            f.verdict.to_string(),
            fmt_estimate(f.derived, f.unit),
            f.explanation.clone(),
        ]);
    }
    t
}

impl fmt::Display for Findings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = super::tally(self);
        writeln!(
            f,
            "{}\n{} compared: {} consistent, {} in tension, {} inconsistent; {} for information, {} not checked",
            findings_table(self, 80),
            n.compared(),
            n.consistent,
            n.in_tension,
            n.inconsistent,
            n.info,
            n.not_checked
        )
    }
}

list_result! {
    /// Mirror pairs ([`crate::audit::mirror_from_dataset`], [`crate::audit::mirror_from_totals`]).
    /// As a [`Table`], one [`MirrorRow`] per pair.
    pub struct MirrorPairs(MirrorPair);
}

/// One mirror pair as a table row: a flow as its exporter and its importer report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MirrorRow {
    /// The year.
    pub year: i32,
    /// The exporting country.
    pub exporter: Country,
    /// The importing country.
    pub importer: Country,
    /// The exporter's report (FOB).
    pub exporter_point: f64,
    /// Its lower end.
    pub exporter_lo: Option<f64>,
    /// Its upper end.
    pub exporter_hi: Option<f64>,
    /// The importer's report (CIF).
    pub importer_point: f64,
    /// Its lower end.
    pub importer_lo: Option<f64>,
    /// Its upper end.
    pub importer_hi: Option<f64>,
    /// The CIF/FOB ratio (empty without one).
    pub ratio_point: Option<f64>,
    /// Its lower end.
    pub ratio_lo: Option<f64>,
    /// Its upper end.
    pub ratio_hi: Option<f64>,
    /// Against the freight band.
    pub verdict: Verdict,
    /// The reconciled FOB value.
    pub reconciled: f64,
    /// The rule that made it.
    pub rule: String,
}

impl Row for MirrorRow {
    const REQUIRED: &'static [&'static str] = &[];
}

impl From<&MirrorPair> for MirrorRow {
    fn from(m: &MirrorPair) -> MirrorRow {
        let (exporter_point, exporter_lo, exporter_hi) = m.exporter_reports.parts();
        let (importer_point, importer_lo, importer_hi) = m.importer_reports.parts();
        let (ratio_point, ratio_lo, ratio_hi) = Estimate::optional_parts(m.ratio);
        MirrorRow {
            year: m.year,
            exporter: m.exporter,
            importer: m.importer,
            exporter_point,
            exporter_lo,
            exporter_hi,
            importer_point,
            importer_lo,
            importer_hi,
            ratio_point,
            ratio_lo,
            ratio_hi,
            verdict: m.verdict,
            reconciled: m.reconciled.point(),
            rule: m.rule.clone(),
        }
    }
}

impl Table for MirrorPairs {
    type Row = MirrorRow;
    const WHAT: &'static str = "mirror pairs";
    fn rows(&self) -> Result<Vec<MirrorRow>> {
        Ok(self.iter().map(MirrorRow::from).collect())
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        vec![
            crate::table::ColumnUnit::usd("exporter_point", "exporter_usd"),
            crate::table::ColumnUnit::usd("exporter_lo", "exporter_low_usd"),
            crate::table::ColumnUnit::usd("exporter_hi", "exporter_high_usd"),
            crate::table::ColumnUnit::usd("importer_point", "importer_usd"),
            crate::table::ColumnUnit::usd("importer_lo", "importer_low_usd"),
            crate::table::ColumnUnit::usd("importer_hi", "importer_high_usd"),
            crate::table::ColumnUnit::usd("reconciled", "reconciled_usd"),
        ]
    }
}

impl fmt::Display for MirrorPairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = TextTable::new([
            "year",
            "flow",
            "exporter says",
            "importer says",
            "CIF/FOB",
            "verdict",
            "reconciled",
        ]);
        let scale = crate::table::Scale::for_values(self.iter().flat_map(|p| {
            [p.exporter_reports, p.importer_reports, p.reconciled]
                .into_iter()
                .flat_map(|e| [e.interval().lo(), e.interval().hi()])
        }));
        let range = |e: Estimate| scale.fmt_range(e.point(), e.interval().lo(), e.interval().hi());
        for p in self {
            t.row([
                p.year.to_string(),
                format!("{}->{}", p.exporter, p.importer),
                range(p.exporter_reports),
                range(p.importer_reports),
                p.ratio
                    .map_or_else(|| "none".to_owned(), |r| format!("{:.3}", r.point())),
                p.verdict.to_string(),
                scale.fmt(p.reconciled.point()),
            ]);
        }
        let rule = self.first().map_or("", |p| p.rule.as_str());
        writeln!(f, "{t}{}; reconciled = {rule}", scale.note())
    }
}
