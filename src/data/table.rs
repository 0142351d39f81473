//! The data as tables: a dataset in the data format (it reads back), a list of figures with
//! their values and intervals (for analysis), regime facts, and Comtrade totals.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::data::rows::{FigureRow, RegimeRow};
use crate::data::{
    Bound, Corridor, Country, Dataset, Figure, Period, RegimeFact, TradeRecord, TradeTotal, Unit,
};
use crate::error::Result;
use crate::table::{FromTable, Record, Row, Table, TextTable};

/// A dataset's figures in the data format (`data/README.md`): what [`Dataset::load`] reads, so
/// that a written table reads back, provenance and all.
impl Table for Dataset {
    type Row = FigureRow;
    const WHAT: &'static str = "figures";
    fn rows(&self) -> Result<Vec<FigureRow>> {
        self.figures().iter().map(FigureRow::from_figure).collect()
    }
}

impl FromTable for Dataset {
    fn from_rows(file: &str, records: Vec<Record<FigureRow>>) -> Result<Dataset> {
        let figures = records
            .into_iter()
            .map(|r| r.row.into_figure(file, r.line))
            .collect::<Result<Vec<Figure>>>()?;
        Dataset::from_parts(figures, Vec::new())
    }
}

/// Regime facts in the regimes format.
impl Table for [RegimeFact] {
    type Row = RegimeRow;
    const WHAT: &'static str = "regime facts";
    fn rows(&self) -> Result<Vec<RegimeRow>> {
        Ok(self.iter().map(RegimeRow::from_fact).collect())
    }
}

list_result! {
    /// A list of figures to read and analyse: as a [`Table`], one [`FigureValueRow`] each, with
    /// the value as printed, its point and the interval its precision and bound allow; its text
    /// form lists id, period, value, interval, side, source and quote.
    pub struct Figures(Figure);
}

/// One figure with its value: the printed text, the number, and the interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureValueRow {
    /// The figure's id.
    pub id: String,
    /// What is measured.
    pub measure: String,
    /// The corridor.
    pub corridor: Option<Corridor>,
    /// The country it is about.
    pub country: Option<Country>,
    /// The period covered.
    pub period: Option<Period>,
    /// The base period of a change.
    pub base_period: Option<Period>,
    /// The unit (`usd`: US dollars, not millions).
    pub unit: Unit,
    /// The value as a reader prints it (`$3.1 billion`, `more than $1.2 billion`).
    pub value: String,
    /// The bound the printed words express.
    pub bound: Bound,
    /// The number (empty for a date or a country list).
    pub point: Option<f64>,
    /// The lower end of its interval (empty when unbounded).
    pub lo: Option<f64>,
    /// The upper end (empty when unbounded).
    pub hi: Option<f64>,
    /// Whose statistics these are.
    pub reporter: Option<Country>,
    /// The document or publisher.
    pub source: String,
    /// The sentence, as printed.
    pub quote: String,
}

impl Row for FigureValueRow {
    const REQUIRED: &'static [&'static str] = &[];
}

impl From<&Figure> for FigureValueRow {
    fn from(f: &Figure) -> FigureValueRow {
        let (point, lo, hi) = crate::data::Estimate::optional_parts(f.estimate());
        FigureValueRow {
            id: f.id().to_string(),
            measure: f.measure().to_owned(),
            corridor: f.corridor(),
            country: f.country(),
            period: f.period(),
            base_period: f.base_period(),
            unit: f.unit(),
            value: f.value_text(),
            bound: f.bound(),
            point,
            lo,
            hi,
            reporter: f.reporter(),
            source: f.provenance().source.to_string(),
            quote: f.provenance().quote.clone(),
        }
    }
}

impl Table for [Figure] {
    type Row = FigureValueRow;
    const WHAT: &'static str = "figures";
    fn rows(&self) -> Result<Vec<FigureValueRow>> {
        Ok(self.iter().map(FigureValueRow::from).collect())
    }
}

impl Table for Figures {
    type Row = FigureValueRow;
    const WHAT: &'static str = "figures";
    fn rows(&self) -> Result<Vec<FigureValueRow>> {
        (**self).rows()
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = TextTable::new([
            "id", "period", "value", "interval", "side", "source", "quote",
        ])
        .limit(5, 30)
        .limit(6, 60);
        for fig in self {
            t.row([
                fig.id().to_string(),
                fig.period().map(|p| p.to_string()).unwrap_or_default(),
                fig.value_text(),
                fig.estimate()
                    .map(|e| e.interval().to_string())
                    .unwrap_or_default(),
                fig.reporter().map(|c| c.to_string()).unwrap_or_default(),
                fig.provenance().source.to_string(),
                fig.provenance().quote.clone(),
            ]);
        }
        writeln!(f, "{t}{} figures", self.len())
    }
}

/// One Comtrade total over commodity codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeTotalRow {
    /// The year.
    pub year: i32,
    /// The reporter (a country or an area).
    pub reporter: String,
    /// The partner.
    pub partner: String,
    /// The flow.
    pub flow: String,
    /// US dollars.
    pub value: f64,
    /// What the value was taken from.
    pub basis: String,
    /// Months covered.
    pub months: u8,
    /// Rows summed.
    pub rows: u64,
    /// The file.
    pub file: String,
    /// The first row it draws on.
    pub line: u64,
}

impl Row for TradeTotalRow {
    const REQUIRED: &'static [&'static str] = &[];
}

impl From<&TradeTotal> for TradeTotalRow {
    fn from(t: &TradeTotal) -> TradeTotalRow {
        TradeTotalRow {
            year: t.year,
            reporter: t.reporter.to_string(),
            partner: t.partner.to_string(),
            flow: t.flow.to_string(),
            value: t.value,
            basis: t.basis.to_string(),
            months: t.months,
            rows: t.rows,
            file: t.origin.file.clone(),
            line: t.origin.line,
        }
    }
}

/// One Comtrade record as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeRecordRow {
    /// The year.
    pub year: i32,
    /// The period (`2022`, `202203`), when given.
    pub period: Option<String>,
    /// The reporter (a country or an area).
    pub reporter: String,
    /// The partner.
    pub partner: String,
    /// The flow.
    pub flow: String,
    /// The commodity code.
    pub commodity: String,
    /// US dollars.
    pub value: f64,
    /// The CIF value, when given.
    pub cif: Option<f64>,
    /// The FOB value, when given.
    pub fob: Option<f64>,
    /// The file.
    pub file: String,
    /// The line.
    pub line: u64,
}

impl Row for TradeRecordRow {
    const REQUIRED: &'static [&'static str] = &[];
}

impl From<&TradeRecord> for TradeRecordRow {
    fn from(r: &TradeRecord) -> TradeRecordRow {
        TradeRecordRow {
            year: r.year,
            period: r.period.clone(),
            reporter: r.reporter.to_string(),
            partner: r.partner.to_string(),
            flow: r.flow.to_string(),
            commodity: r.commodity.clone(),
            value: r.value,
            cif: r.cif,
            fob: r.fob,
            file: r.origin.file.clone(),
            line: r.origin.line,
        }
    }
}
