//! UN Comtrade bulk/API CSV files (WITS serves the same layout): read by header name, streamed
//! record by record, as typed trade records or as totals over commodity codes that never count a
//! value twice.
//!
//! A file may mix commodity levels (`TOTAL` and 2-, 4- and 6-digit HS codes), breakdowns (by mode
//! of transport `motCode`, customs procedure `customsCode`, second partner `partner2Code`) and
//! frequencies (`freqCode` A and M). [`comtrade_totals`] takes, for each year, reporter, partner
//! and flow:
//!
//! - only rows that are the total of every breakdown (`motCode` 0, `customsCode` C00,
//!   `partner2Code` 0 or `partner2ISO` W00, where the columns exist);
//! - annual rows where there are any; otherwise the monthly rows, summed over the months;
//! - within a year (or month): the `TOTAL` row if there is one; otherwise the rows the file marks
//!   as leaves (`isLeaf`); otherwise one level of the classification only, the coarsest present
//!   (`aggrLevel`, or the code's number of digits).
//!
//! Two `TOTAL` rows for the same year (or month), reporter, partner and flow are an error naming
//! both lines: summing them would double the value.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use std::fmt;

use crate::data::{ComtradeFlow, Origin, Party, TotalBasis, TradeRecord, TradeTotal};
use crate::data::{TradeRecordRow, TradeTotalRow};
use crate::error::{DataError, Error, FileError, InputError, Result};
use crate::table::{Table, TextTable};

/// What a read produced, with the rows it passed over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComtradeLoad<T> {
    /// Records or totals.
    pub items: Vec<T>,
    /// Data rows read.
    pub rows: u64,
    /// Rows whose reporter or partner is a Comtrade area rather than a country (`W00` World,
    /// `_X` unspecified, ...). They are read and kept, typed as [`Party::Area`].
    pub area_rows: u64,
    /// Rows that break a flow down (by mode of transport, customs procedure or second partner):
    /// read as records, left out of totals.
    pub breakdown_rows: u64,
    /// Monthly rows of a year that also has annual rows: read as records, left out of totals.
    pub monthly_rows_skipped: u64,
    /// Rows behind items a caller filtered out ([`ComtradeLoad::retain`]).
    #[serde(default)]
    pub filtered_rows: u64,
}

impl<T> ComtradeLoad<T> {
    /// Keeps the items `keep` wants; the rows behind the others (one per record, a total's
    /// [`rows`](crate::data::TradeTotal::rows)) are counted in
    /// [`filtered_rows`](ComtradeLoad::filtered_rows), so the accounting of rows still adds up.
    pub fn retain(&mut self, keep: impl Fn(&T) -> bool, rows_of: impl Fn(&T) -> u64) {
        let before: u64 = self.items.iter().map(&rows_of).sum();
        self.items.retain(keep);
        let after: u64 = self.items.iter().map(&rows_of).sum();
        self.filtered_rows += before - after;
    }
}

/// One row per total: year, reporter, partner, flow, value, basis, months, rows, file, line.
impl Table for ComtradeLoad<TradeTotal> {
    type Row = TradeTotalRow;
    const WHAT: &'static str = "Comtrade totals";
    fn rows(&self) -> Result<Vec<TradeTotalRow>> {
        Ok(self.items.iter().map(TradeTotalRow::from).collect())
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        vec![
            crate::table::ColumnUnit::usd("value", "value_usd"),
            crate::table::ColumnUnit::usd("cif", "cif_usd"),
            crate::table::ColumnUnit::usd("fob", "fob_usd"),
        ]
    }
}

/// One row per record, with its file and line.
impl Table for ComtradeLoad<TradeRecord> {
    type Row = TradeRecordRow;
    const WHAT: &'static str = "Comtrade records";
    fn rows(&self) -> Result<Vec<TradeRecordRow>> {
        Ok(self.items.iter().map(TradeRecordRow::from).collect())
    }
    fn units(&self) -> Vec<crate::table::ColumnUnit> {
        vec![
            crate::table::ColumnUnit::usd("value", "value_usd"),
            crate::table::ColumnUnit::usd("cif", "cif_usd"),
            crate::table::ColumnUnit::usd("fob", "fob_usd"),
        ]
    }
}

/// The totals, then the rows read and those left out of them.
impl fmt::Display for ComtradeLoad<TradeTotal> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = TextTable::new([
            "year", "reporter", "partner", "flow", "value", "from", "months",
        ]);
        for r in &self.items {
            t.row([
                r.year.to_string(),
                r.reporter.label(),
                r.partner.label(),
                r.flow.to_string(),
                format!("{}", r.value),
                r.basis.to_string(),
                r.months.to_string(),
            ]);
        }
        let used: u64 = self.items.iter().map(|t| t.rows).sum();
        let detail = self.rows.saturating_sub(
            used + self.breakdown_rows + self.monthly_rows_skipped + self.filtered_rows,
        );
        write!(
            f,
            "{t}{} rows read: {used} in these totals; left out: {detail} detail rows (codes under a \
             TOTAL row, or finer than the level summed), {} breakdown rows (by mode of transport, \
             customs procedure or second partner), {} monthly rows of years with annual rows",
            self.rows, self.breakdown_rows, self.monthly_rows_skipped
        )?;
        if self.filtered_rows > 0 {
            write!(f, ", {} rows of totals not asked for", self.filtered_rows)?;
        }
        writeln!(
            f,
            "; {} rows name an area (marked \"(area)\").",
            self.area_rows
        )
    }
}

/// The records, with their lines.
impl fmt::Display for ComtradeLoad<TradeRecord> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = TextTable::new([
            "line",
            "year",
            "reporter",
            "partner",
            "flow",
            "commodity",
            "value",
        ]);
        for r in &self.items {
            t.row([
                r.origin.line.to_string(),
                r.year.to_string(),
                r.reporter.label(),
                r.partner.label(),
                r.flow.to_string(),
                r.commodity.clone(),
                format!("{}", r.value),
            ]);
        }
        write!(f, "{t}{} rows read", self.rows)?;
        if self.filtered_rows > 0 {
            write!(
                f,
                ", {} not shown (other reporters or partners)",
                self.filtered_rows
            )?;
        }
        writeln!(f)
    }
}

/// The columns read, by name; every other column is ignored.
#[derive(Clone, Copy)]
enum Column {
    RefYear,
    ReporterIso,
    ReporterCode,
    PartnerIso,
    PartnerCode,
    FlowCode,
    CmdCode,
    PrimaryValue,
    Cif,
    Fob,
    Period,
    FreqCode,
    AggrLevel,
    IsLeaf,
    MotCode,
    CustomsCode,
    Partner2Code,
    Partner2Iso,
}

/// Column names, in the order of [`Column`]: today's (the Comtrade API's and its bulk files'),
/// then the legacy bulk CSV's (`Year`, `Trade Flow Code`, `Trade Value (US$)`, ...).
const NAMES: [[&str; 2]; 18] = [
    ["refYear", "Year"],
    ["reporterISO", "Reporter ISO"],
    ["reporterCode", "Reporter Code"],
    ["partnerISO", "Partner ISO"],
    ["partnerCode", "Partner Code"],
    ["flowCode", "Trade Flow Code"],
    ["cmdCode", "Commodity Code"],
    ["primaryValue", "Trade Value (US$)"],
    ["cifvalue", "CIF Trade Value (US$)"],
    ["fobvalue", "FOB Trade Value (US$)"],
    ["period", "Period"],
    ["freqCode", "freqCode"],
    ["aggrLevel", "Aggregate Level"],
    ["isLeaf", "Is Leaf Code"],
    ["motCode", "Mode of Transport Code"],
    ["customsCode", "Customs Proc. Code"],
    ["partner2Code", "2nd Partner Code"],
    ["partner2ISO", "2nd Partner ISO"],
];

/// The columns a Comtrade file must have (the reporter and partner by ISO code or by numeric
/// code, at least one of each).
pub(crate) const REQUIRED: [&str; 4] = ["refYear", "flowCode", "cmdCode", "primaryValue"];

/// Positions of the columns read, and the name each has in the file.
struct Columns([Option<(usize, &'static str)>; 18]);

impl Columns {
    fn get(&self, c: Column) -> Option<usize> {
        self.0.get(c as usize).copied().flatten().map(|p| p.0)
    }

    /// The column's name in the file (today's name when the file lacks it).
    fn name(&self, c: Column) -> &'static str {
        self.0
            .get(c as usize)
            .copied()
            .flatten()
            .map(|p| p.1)
            .or_else(|| NAMES.get(c as usize).map(|n| n[0]))
            .unwrap_or("")
    }
}

fn columns(file: &str, header: &csv::ByteRecord) -> Result<Columns> {
    // Spreadsheets save a byte-order mark before the first column's name.
    let names: Vec<&[u8]> = header
        .iter()
        .map(|h| crate::schema::strip_bom(h).trim_ascii())
        .collect();
    for (i, n) in names.iter().enumerate() {
        if names.iter().skip(i + 1).any(|m| m == n) {
            return Err(Error::File(FileError::DuplicateColumn {
                file: file.to_owned(),
                column: String::from_utf8_lossy(n).into_owned(),
            }));
        }
    }
    let find = |name: &str| names.iter().position(|h| *h == name.as_bytes());
    let cols = Columns(NAMES.map(|alts| alts.iter().find_map(|n| find(n).map(|i| (i, *n)))));
    let missing = |column: &str| {
        Error::File(FileError::MissingColumn {
            file: file.to_owned(),
            column: column.to_owned(),
        })
    };
    if let Some(name) = REQUIRED.iter().find(|n| {
        NAMES
            .iter()
            .find(|alts| alts[0] == **n)
            .is_some_and(|alts| alts.iter().all(|a| find(a).is_none()))
    }) {
        return Err(missing(name));
    }
    if cols.get(Column::ReporterIso).is_none() && cols.get(Column::ReporterCode).is_none() {
        return Err(missing("reporterISO"));
    }
    if cols.get(Column::PartnerIso).is_none() && cols.get(Column::PartnerCode).is_none() {
        return Err(missing("partnerISO"));
    }
    Ok(cols)
}

/// The latest `refYear` accepted: next year (a file may carry provisional figures).
fn next_year() -> i32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    // 365.2425 days a year from 1970 is within a day of the calendar: enough for a year bound.
    1970 + i32::try_from(days * 10_000 / 3_652_425).unwrap_or(0) + 1
}

/// One row, as the totals need it.
struct Row {
    record: TradeRecord,
    /// `aggrLevel`, when given.
    level: Option<u8>,
    /// `isLeaf`, when given.
    leaf: Option<bool>,
    /// Whether the row breaks its flow down (not the total of a breakdown column).
    breakdown: bool,
    /// Whether the row is monthly.
    monthly: bool,
}

/// The streaming core: calls `each` for every row; the rows and the area rows read. A file
/// whose first character is `{` or `[` is the Comtrade API's JSON ([`json_to_csv`]); any other,
/// CSV in today's or the legacy bulk layout, told apart by the header.
fn stream(file: &str, input: impl Read, each: impl FnMut(Row) -> Result<()>) -> Result<(u64, u64)> {
    use std::io::BufRead as _;
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    let head = input.fill_buf().map_err(|cause| {
        Error::Io(crate::error::IoError::Io {
            path: file.to_owned(),
            cause,
        })
    })?;
    let first = crate::schema::strip_bom(head)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    if matches!(first, Some(b'{' | b'[')) {
        let mut bytes = Vec::new();
        let limit = crate::limits::MAX_FILE_BYTES;
        input
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|cause| {
                Error::Io(crate::error::IoError::Io {
                    path: file.to_owned(),
                    cause,
                })
            })?;
        if bytes.len() as u64 > limit {
            return Err(Error::Input(InputError::TooLarge {
                what: "a Comtrade JSON file (read whole; CSV files are streamed)",
                limit,
            })
            .within(file.to_owned()));
        }
        let csv = json_to_csv(file, &bytes)?;
        return stream_csv(
            &format!("{file} (as CSV: line N is `data` item N - 1)"),
            csv.as_slice(),
            each,
        );
    }
    stream_csv(file, input, each)
}

/// The Comtrade API's JSON download as CSV: the `data` array (or a top-level array) of flat
/// objects, one row each, under the union of their keys in the order first seen; `null` is an
/// empty cell. Line N of the CSV is item N − 1 of the array, so errors name the item as the
/// line (the header is line 1).
///
/// # Errors
/// [`FileError::Document`](crate::error::FileError::Document) for JSON that does not parse, has
/// no `data` array, or holds an item that is not a flat object.
fn json_to_csv(file: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |message: String| {
        Error::File(FileError::Csv {
            file: file.to_owned(),
            line: 0,
            message,
        })
    };
    let value: serde_json::Value = serde_json::from_slice(crate::schema::strip_bom(bytes))
        .map_err(|e| {
            bad(format!(
                "not valid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ))
        })?;
    let items = match &value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("data") {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(bad(
                    "a Comtrade API download is an object with a `data` array of records; this one has none"
                        .into(),
                ));
            }
        },
        _ => return Err(bad("expected an object with a `data` array".into())),
    };
    let mut header: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let serde_json::Value::Object(o) = item else {
            return Err(bad(format!("data item {} is not an object", i + 1)));
        };
        for k in o.keys() {
            if !header.iter().any(|h| h == k) {
                header.push(k.clone());
            }
        }
    }
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let csv_error = |e: csv::Error| bad(e.to_string());
    w.write_record(&header).map_err(csv_error)?;
    for (i, item) in items.iter().enumerate() {
        let mut record = Vec::with_capacity(header.len());
        for k in &header {
            let cell = match item.get(k) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(t)) => t.clone(),
                Some(serde_json::Value::Bool(b)) => b.to_string(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(_) => {
                    return Err(bad(format!(
                        "data item {}: field `{k}` is not a single value",
                        i + 1
                    )));
                }
            };
            record.push(cell);
        }
        w.write_record(&record).map_err(csv_error)?;
    }
    w.into_inner().map_err(|e| bad(e.to_string()))
}

/// [`stream`] on CSV.
fn stream_csv(
    file: &str,
    input: impl Read,
    mut each: impl FnMut(Row) -> Result<()>,
) -> Result<(u64, u64)> {
    let (mut reader, lines) = crate::lines::csv_reader(input, csv::Trim::None);
    let csv_error = |e: csv::Error| crate::lines::csv_error(file, &e, &lines);
    let header = reader.byte_headers().map_err(csv_error)?.clone();
    if header.is_empty() || header.iter().all(<[u8]>::is_empty) {
        return Err(Error::File(FileError::EmptyFile {
            file: file.to_owned(),
        }));
    }
    let cols = columns(file, &header)?;
    let last_year = next_year();
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut areas) = (0u64, 0u64);
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        rows += 1;
        let line = record
            .position()
            .map_or(0, |p| crate::lines::line(&lines, p));
        let cells = Cells {
            record: &record,
            cols: &cols,
            file,
            line,
        };
        let row = cells.row(last_year)?;
        if matches!(row.record.reporter, Party::Area(_))
            || matches!(row.record.partner, Party::Area(_))
        {
            areas += 1;
        }
        each(row)?;
    }
    Ok((rows, areas))
}

/// One record's cells by column, with what an error needs to say where.
struct Cells<'a> {
    record: &'a csv::ByteRecord,
    cols: &'a Columns,
    file: &'a str,
    line: u64,
}

impl Cells<'_> {
    fn at(&self, c: Column) -> impl Fn(Error) -> Error + '_ {
        let field = self.cols.name(c);
        move |e: Error| e.at(self.file, self.line, field)
    }

    /// A column's text, trimmed ("" for a column the file lacks).
    fn text(&self, c: Column) -> Result<&str> {
        let Some(i) = self.cols.get(c) else {
            return Ok("");
        };
        let name = self.cols.name(c);
        std::str::from_utf8(self.record.get(i).unwrap_or_default())
            .map(str::trim)
            .map_err(|e| {
                Error::File(FileError::Csv {
                    file: self.file.to_owned(),
                    line: self.line,
                    message: format!("field `{name}` is not valid UTF-8: {e}"),
                })
            })
    }

    fn optional(&self, c: Column) -> Result<Option<String>> {
        Ok(Some(self.text(c)?.to_owned()).filter(|s| !s.is_empty()))
    }

    /// A trade value: empty, or a finite number of at least zero.
    fn number(&self, c: Column) -> Result<Option<f64>> {
        let field = c;
        let t = self.text(c)?;
        if t.is_empty() {
            return Ok(None);
        }
        let v: f64 = t.parse().map_err(|_| {
            self.at(field)(Error::Data(DataError::InvalidNumber { text: t.to_owned() }))
        })?;
        if !v.is_finite() {
            return Err(self.at(field)(Error::Input(InputError::NonFinite {
                what: "trade value",
                value: v,
            })));
        }
        if v < 0.0 {
            return Err(self.at(field)(Error::Data(DataError::NegativeMoney {
                value: v,
            })));
        }
        Ok(Some(v))
    }

    /// A reporter or partner: its ISO code, or its numeric code where that is empty.
    fn party(&self, iso: Column, code: Column) -> Result<Party> {
        let t = self.text(iso)?;
        if !t.is_empty() {
            return Party::new(t).map_err(self.at(iso));
        }
        let n = self.text(code)?;
        n.parse::<u16>()
            .map_err(|_| Error::Data(DataError::UnknownCountry { code: n.to_owned() }))
            .and_then(Party::from_numeric)
            .map_err(self.at(code))
    }

    fn year(&self, last_year: i32) -> Result<i32> {
        let t = self.text(Column::RefYear)?;
        let year: i32 = t.parse().map_err(|_| {
            self.at(Column::RefYear)(Error::Data(DataError::InvalidPeriod {
                text: t.to_owned(),
                reason: "expected a four-digit year",
            }))
        })?;
        if !(1900..=last_year).contains(&year) {
            return Err(self.at(Column::RefYear)(Error::Input(
                InputError::OutOfRange {
                    what: "refYear",
                    value: f64::from(year),
                    expected: "a year from 1900 to next year",
                },
            )));
        }
        Ok(year)
    }

    fn level(&self) -> Result<Option<u8>> {
        match self.text(Column::AggrLevel)? {
            "" => Ok(None),
            t => t.parse::<u8>().map(Some).map_err(|_| {
                self.at(Column::AggrLevel)(Error::Data(DataError::InvalidNumber {
                    text: t.to_owned(),
                }))
            }),
        }
    }

    fn leaf(&self) -> Result<Option<bool>> {
        match self.text(Column::IsLeaf)?.to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "1" | "true" => Ok(Some(true)),
            "0" | "false" => Ok(Some(false)),
            other => Err(self.at(Column::IsLeaf)(Error::Data(
                DataError::UnknownKeyword {
                    what: "isLeaf flag".into(),
                    text: other.to_owned(),
                    expected: "true, false, 1, 0".into(),
                },
            ))),
        }
    }

    /// Whether the row breaks its flow down: a mode of transport, customs procedure or second
    /// partner other than the total.
    fn breakdown(&self) -> Result<bool> {
        let not_total = |c: Column, totals: &[&str]| -> Result<bool> {
            let t = self.text(c)?;
            Ok(!t.is_empty() && !totals.iter().any(|x| t.eq_ignore_ascii_case(x)))
        };
        Ok(not_total(Column::MotCode, &["0"])?
            || not_total(Column::CustomsCode, &["C00"])?
            || not_total(Column::Partner2Code, &["0"])?
            || not_total(Column::Partner2Iso, &["W00", "WLD"])?)
    }

    /// The row these cells make.
    fn row(&self, last_year: i32) -> Result<Row> {
        let reporter = self.party(Column::ReporterIso, Column::ReporterCode)?;
        let partner = self.party(Column::PartnerIso, Column::PartnerCode)?;
        let year = self.year(last_year)?;
        let period = self.optional(Column::Period)?;
        let frequency = self.optional(Column::FreqCode)?;
        let monthly = match frequency.as_deref() {
            Some(f) => f.eq_ignore_ascii_case("M"),
            None => period.as_deref().is_some_and(|p| p.len() == 6),
        };
        let record = TradeRecord {
            year,
            period,
            frequency,
            reporter,
            partner,
            flow: self
                .text(Column::FlowCode)?
                .parse()
                .map_err(self.at(Column::FlowCode))?,
            commodity: self.text(Column::CmdCode)?.to_owned(),
            value: self
                .number(Column::PrimaryValue)?
                .ok_or_else(|| self.at(Column::PrimaryValue)(Error::Data(DataError::EmptyField)))?,
            cif: self.number(Column::Cif)?,
            fob: self.number(Column::Fob)?,
            origin: Origin {
                file: self.file.to_owned(),
                line: self.line,
            },
        };
        Ok(Row {
            record,
            level: self.level()?,
            leaf: self.leaf()?,
            breakdown: self.breakdown()?,
            monthly,
        })
    }
}

fn open(path: &Path) -> Result<std::io::BufReader<std::fs::File>> {
    std::fs::File::open(path)
        .map(|f| std::io::BufReader::with_capacity(1 << 20, f))
        .map_err(crate::file::io_error(path))
}

/// Reads every row of a Comtrade CSV (detail by commodity code, breakdowns and monthly rows
/// included), from any reader; `file` names it in errors and provenance.
///
/// Reporters and partners are read from `reporterISO`/`partnerISO`, or from the numeric
/// `reporterCode`/`partnerCode` where the ISO column is absent or empty: current countries,
/// former countries (ISO 3166-3: `SUN`, `YUG`, `CSK`, ...) and Comtrade's areas (`W00` World,
/// ...) are all read, typed as [`Party`].
///
/// # Errors
/// [`FileError::MissingColumn`] for a required column; [`FileError::DuplicateColumn`] for a column
/// named twice; a field error naming file, line and column for an unknown flow code
/// ([`DataError::UnknownKeyword`]), a negative value ([`DataError::NegativeMoney`]), an empty
/// `primaryValue` ([`DataError::EmptyField`]), an unknown country or area code, a `refYear` outside
/// 1900 to next year ([`InputError::OutOfRange`]); [`FileError::Csv`] for malformed CSV.
pub fn read_comtrade_from(file: &str, input: impl Read) -> Result<ComtradeLoad<TradeRecord>> {
    let mut items = Vec::new();
    let mut breakdown_rows = 0;
    let (rows, area_rows) = stream(file, input, |r| {
        breakdown_rows += u64::from(r.breakdown);
        items.push(r.record);
        Ok(())
    })?;
    Ok(ComtradeLoad {
        items,
        rows,
        area_rows,
        breakdown_rows,
        monthly_rows_skipped: 0,
        filtered_rows: 0,
    })
}

/// [`read_comtrade_from`] on a file.
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io) if the file cannot be opened; as
/// [`read_comtrade_from`].
///
/// # Examples
/// ```
/// let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comtrade_kaz_uzb.csv");
/// let load = bilateral::io::read_comtrade(&path)?;
/// assert!(load.items.iter().any(|r| r.commodity == "7208"));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn read_comtrade(path: &Path) -> Result<ComtradeLoad<TradeRecord>> {
    read_comtrade_from(&path.display().to_string(), open(path)?)
}

/// The rows of one year (or one month) of one key, kept as the few sums the rules need.
#[derive(Default)]
struct Part {
    /// The `TOTAL` row's value and line.
    total: Option<(f64, u64)>,
    /// Sum and count of rows marked as leaves.
    leaves: (f64, u64),
    /// Whether any row says whether it is a leaf.
    leaf_info: bool,
    /// Sum and count of rows per level (digits).
    levels: BTreeMap<u8, (f64, u64)>,
}

impl Part {
    fn add(&mut self, file: &str, r: &Row) -> Result<()> {
        let line = r.record.origin.line;
        let value = r.record.value;
        if r.record.commodity.eq_ignore_ascii_case("TOTAL") {
            if let Some((_, first)) = self.total {
                return Err(Error::File(FileError::DuplicateRow {
                    file: file.to_owned(),
                    line,
                    first,
                    what: "TOTAL row for this year or month, reporter, partner and flow",
                }));
            }
            self.total = Some((value, line));
            return Ok(());
        }
        if let Some(leaf) = r.leaf {
            self.leaf_info = true;
            if leaf {
                self.leaves.0 += value;
                self.leaves.1 += 1;
            }
        }
        let digits = r.level.unwrap_or_else(|| {
            u8::try_from(
                r.record
                    .commodity
                    .chars()
                    .filter(char::is_ascii_digit)
                    .count(),
            )
            .unwrap_or(u8::MAX)
        });
        let e = self.levels.entry(digits).or_insert((0.0, 0));
        e.0 += value;
        e.1 += 1;
        Ok(())
    }

    /// (value, basis, rows) by the rules: the TOTAL row, else the leaves, else the coarsest level.
    fn result(&self) -> Option<(f64, TotalBasis, u64)> {
        if let Some((v, _)) = self.total {
            return Some((v, TotalBasis::TotalRow, 1));
        }
        if self.leaf_info && self.leaves.1 > 0 {
            return Some((self.leaves.0, TotalBasis::Leaves, self.leaves.1));
        }
        self.levels
            .iter()
            .next()
            .map(|(digits, (v, n))| (*v, TotalBasis::Level { digits: *digits }, *n))
    }
}

/// Everything one (year, reporter, partner, flow) needs.
struct Acc {
    annual: Part,
    monthly: BTreeMap<String, Part>,
    first_line: u64,
}

/// Totals over commodity codes per (year, reporter, partner, flow), by the rules in the module
/// docs: one level only, totals of breakdowns only, annual rows before monthly ones. Memory
/// grows with the number of keys, not of rows.
///
/// # Errors
/// As [`read_comtrade_from`]; [`FileError::DuplicateRow`] for a second `TOTAL` row of the same key
/// (and month); [`InputError::NonFinite`] for a total that overflows.
///
/// # Examples
/// ```
/// let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comtrade_kaz_uzb.csv");
/// let totals = bilateral::io::comtrade_totals(&path)?;
/// let kaz_exports = totals.items.iter().find(|t| t.reporter.code() == "KAZ"
///     && t.partner.code() == "UZB" && t.flow == bilateral::data::ComtradeFlow::Export).expect("in the file");
/// // No TOTAL row: the three 4-digit rows, 1.2 + 0.8 + 0.5 billion.
/// assert_eq!(kaz_exports.value, 2.5e9);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn comtrade_totals_from(file: &str, input: impl Read) -> Result<ComtradeLoad<TradeTotal>> {
    type Key = (i32, Party, Party, ComtradeFlow);
    let mut acc: BTreeMap<Key, Acc> = BTreeMap::new();
    let mut breakdown_rows = 0;
    let (rows, area_rows) = stream(file, input, |r| {
        if r.breakdown {
            breakdown_rows += 1;
            return Ok(());
        }
        let rec = &r.record;
        let e = acc
            .entry((rec.year, rec.reporter, rec.partner, rec.flow))
            .or_insert_with(|| Acc {
                annual: Part::default(),
                monthly: BTreeMap::new(),
                first_line: rec.origin.line,
            });
        if r.monthly {
            let month = rec.period.clone().unwrap_or_default();
            e.monthly.entry(month).or_default().add(file, &r)
        } else {
            e.annual.add(file, &r)
        }
    })?;
    let mut monthly_rows_skipped = 0;
    let mut items = Vec::with_capacity(acc.len());
    for ((year, reporter, partner, flow), a) in acc {
        let annual = a.annual.result();
        let (value, basis, n, months) = match annual {
            Some((v, basis, n)) => {
                monthly_rows_skipped += a
                    .monthly
                    .values()
                    .map(|p| {
                        u64::from(p.total.is_some()) + p.levels.values().map(|l| l.1).sum::<u64>()
                    })
                    .sum::<u64>();
                (v, basis, n, 12)
            }
            None => {
                let parts: Vec<(f64, TotalBasis, u64)> =
                    a.monthly.values().filter_map(Part::result).collect();
                let Some((_, basis, _)) = parts.first().copied() else {
                    continue;
                };
                let value = parts.iter().map(|p| p.0).sum();
                let n = parts.iter().map(|p| p.2).sum();
                let months = u8::try_from(parts.len()).unwrap_or(u8::MAX);
                (value, basis, n, months)
            }
        };
        if !value.is_finite() {
            return Err(Error::Input(InputError::NonFinite {
                what: "trade total",
                value,
            })
            .at(file, a.first_line, "primaryValue"));
        }
        items.push(TradeTotal {
            year,
            reporter,
            partner,
            flow,
            value,
            basis,
            months,
            rows: n,
            origin: Origin {
                file: file.to_owned(),
                line: a.first_line,
            },
        });
    }
    Ok(ComtradeLoad {
        items,
        rows,
        area_rows,
        breakdown_rows,
        monthly_rows_skipped,
        filtered_rows: 0,
    })
}

/// [`comtrade_totals_from`] on a file.
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io) if the file cannot be opened; as
/// [`comtrade_totals_from`].
pub fn comtrade_totals(path: &Path) -> Result<ComtradeLoad<TradeTotal>> {
    comtrade_totals_from(&path.display().to_string(), open(path)?)
}
