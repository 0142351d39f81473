//! UN Comtrade bulk/API CSV files (WITS serves the same layout): read by header name, streamed
//! record by record, as typed trade records or as totals over commodity codes.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::data::Country;
use crate::data::Origin;
use crate::data::{ComtradeFlow, TradeRecord, TradeTotal};
use crate::error::{Error, Result};

/// What a read produced, with the rows it passed over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComtradeLoad<T> {
    /// Records or totals.
    pub items: Vec<T>,
    /// Data rows read.
    pub rows: u64,
    /// Rows whose reporter or partner is a Comtrade area rather than a country (`W00` World,
    /// `_X` unspecified, ...): read, but not bilateral, so left out.
    pub area_rows: u64,
}

/// The columns a Comtrade file must have.
pub(crate) const REQUIRED: [&str; 6] = [
    "refYear",
    "reporterISO",
    "partnerISO",
    "flowCode",
    "cmdCode",
    "primaryValue",
];
const OPTIONAL: [&str; 4] = ["cifvalue", "fobvalue", "period", "freqCode"];

/// Column positions of the fields read; every other column is ignored.
struct Columns {
    required: [usize; 6],
    optional: [Option<usize>; 4],
}

fn columns(file: &str, header: &csv::ByteRecord) -> Result<Columns> {
    // Spreadsheets save a byte-order mark before the first column's name.
    let find = |name: &str| {
        header
            .iter()
            .position(|h| crate::schema::strip_bom(h).trim_ascii() == name.as_bytes())
    };
    let mut required = [0; 6];
    for (slot, name) in required.iter_mut().zip(REQUIRED) {
        *slot = find(name).ok_or_else(|| Error::MissingColumn {
            file: file.to_owned(),
            column: (*name).to_owned(),
        })?;
    }
    Ok(Columns {
        required,
        optional: OPTIONAL.map(find),
    })
}

/// Comtrade's partner codes that are areas, not countries: World, areas not elsewhere specified,
/// bunkers, free zones, special categories. Rows with them are counted and left out; any other
/// code that is not ISO 3166-1 alpha-3 is an error.
pub const AREA_CODES: [&str; 8] = ["W00", "WLD", "_X", "_AC", "XX", "X1", "X2", "ZA1"];

fn is_area(code: &[u8]) -> bool {
    AREA_CODES.iter().any(|a| a.as_bytes() == code)
}

/// The streaming core: calls `each` for every country-to-country row.
fn stream(
    file: &str,
    input: impl Read,
    mut each: impl FnMut(TradeRecord) -> Result<()>,
) -> Result<(u64, u64)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(input);
    let csv_error = |e: csv::Error| Error::Csv {
        file: file.to_owned(),
        line: e.position().map_or(0, csv::Position::line),
        message: e.to_string(),
    };
    let header = reader.byte_headers().map_err(csv_error)?.clone();
    if header.is_empty() || header.iter().all(<[u8]>::is_empty) {
        return Err(Error::EmptyFile {
            file: file.to_owned(),
        });
    }
    let cols = columns(file, &header)?;
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut areas) = (0u64, 0u64);
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        rows += 1;
        let line = record.position().map_or(0, csv::Position::line);
        let at = |field: &'static str| move |e: Error| e.at(file, line, field);
        let text = |i: usize, field: &str| -> Result<&str> {
            std::str::from_utf8(record.get(i).unwrap_or_default())
                .map(str::trim)
                .map_err(|e| Error::Csv {
                    file: file.to_owned(),
                    line,
                    message: format!("field `{field}` is not valid UTF-8: {e}"),
                })
        };
        let [year_i, rep_i, par_i, flow_i, cmd_i, val_i] = cols.required;
        let (rep, par) = (text(rep_i, "reporterISO")?, text(par_i, "partnerISO")?);
        if is_area(rep.as_bytes()) || is_area(par.as_bytes()) {
            areas += 1;
            continue;
        }
        let number = |i: usize, field: &'static str| -> Result<Option<f64>> {
            let t = text(i, field)?;
            if t.is_empty() {
                return Ok(None);
            }
            let v: f64 = t
                .parse()
                .map_err(|_| at(field)(Error::InvalidNumber { text: t.to_owned() }))?;
            if !v.is_finite() {
                return Err(at(field)(Error::NonFinite {
                    what: "trade value",
                    value: v,
                }));
            }
            if v < 0.0 {
                return Err(at(field)(Error::NegativeMoney { value: v }));
            }
            Ok(Some(v))
        };
        let year_text = text(year_i, "refYear")?;
        let year: i32 = year_text.parse().map_err(|_| {
            at("refYear")(Error::InvalidPeriod {
                text: year_text.to_owned(),
                reason: "expected a four-digit year",
            })
        })?;
        let optional_text = |k: usize, field: &str| -> Result<Option<String>> {
            match cols.optional.get(k).copied().flatten() {
                Some(i) => Ok(Some(text(i, field)?.to_owned()).filter(|s| !s.is_empty())),
                None => Ok(None),
            }
        };
        let optional_number = |k: usize, field: &'static str| -> Result<Option<f64>> {
            match cols.optional.get(k).copied().flatten() {
                Some(i) => number(i, field),
                None => Ok(None),
            }
        };
        each(TradeRecord {
            year,
            period: optional_text(2, "period")?,
            frequency: optional_text(3, "freqCode")?,
            reporter: Country::new(rep).map_err(at("reporterISO"))?,
            partner: Country::new(par).map_err(at("partnerISO"))?,
            flow: text(flow_i, "flowCode")?.parse().map_err(at("flowCode"))?,
            commodity: text(cmd_i, "cmdCode")?.to_owned(),
            value: number(val_i, "primaryValue")?
                .ok_or_else(|| at("primaryValue")(Error::EmptyField))?,
            cif: optional_number(0, "cifvalue")?,
            fob: optional_number(1, "fobvalue")?,
            origin: Origin {
                file: file.to_owned(),
                line,
            },
        })?;
    }
    Ok((rows, areas))
}

fn open(path: &Path) -> Result<std::io::BufReader<std::fs::File>> {
    std::fs::File::open(path)
        .map(|f| std::io::BufReader::with_capacity(1 << 20, f))
        .map_err(crate::file::io_error(path))
}

/// Reads every row of a Comtrade CSV (detail by commodity code), from any reader; `file` names
/// it in errors and provenance.
///
/// # Errors
/// [`Error::MissingColumn`] for a required column; a field error naming file, line and column for
/// an unknown flow code ([`Error::UnknownKeyword`]), a negative value ([`Error::NegativeMoney`]),
/// an empty `primaryValue` ([`Error::EmptyField`]), an unknown country code; [`Error::Csv`] for
/// malformed CSV.
pub fn read_comtrade_from(file: &str, input: impl Read) -> Result<ComtradeLoad<TradeRecord>> {
    let mut items = Vec::new();
    let (rows, area_rows) = stream(file, input, |r| {
        items.push(r);
        Ok(())
    })?;
    Ok(ComtradeLoad {
        items,
        rows,
        area_rows,
    })
}

/// [`read_comtrade_from`] on a file.
///
/// # Errors
/// [`Error::Io`] if the file cannot be opened; as [`read_comtrade_from`].
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

/// Totals over commodity codes per (year, reporter, partner, flow), streamed in constant memory.
///
/// A key with a `TOTAL` row takes that row's value (Comtrade's own total; adding HS rows to it
/// would count them twice); otherwise its HS rows are summed.
///
/// # Errors
/// As [`read_comtrade_from`].
pub fn comtrade_totals_from(file: &str, input: impl Read) -> Result<ComtradeLoad<TradeTotal>> {
    type Key = (i32, Country, Country, ComtradeFlow);
    // (sum of detail rows, detail rows, total row value, first line)
    let mut acc: BTreeMap<Key, (f64, u64, Option<f64>, u64)> = BTreeMap::new();
    let (rows, area_rows) = stream(file, input, |r| {
        let e = acc
            .entry((r.year, r.reporter, r.partner, r.flow))
            .or_insert((0.0, 0, None, r.origin.line));
        if r.commodity.eq_ignore_ascii_case("TOTAL") {
            e.2 = Some(e.2.unwrap_or(0.0) + r.value);
        } else {
            e.0 += r.value;
            e.1 += 1;
        }
        Ok(())
    })?;
    let items = acc
        .into_iter()
        .map(
            |((year, reporter, partner, flow), (sum, n, total, line))| TradeTotal {
                year,
                reporter,
                partner,
                flow,
                value: total.unwrap_or(sum),
                from_total_row: total.is_some(),
                rows: if total.is_some() { 1 } else { n },
                origin: Origin {
                    file: file.to_owned(),
                    line,
                },
            },
        )
        .collect();
    Ok(ComtradeLoad {
        items,
        rows,
        area_rows,
    })
}

/// [`comtrade_totals_from`] on a file.
///
/// # Errors
/// [`Error::Io`] if the file cannot be opened; as [`read_comtrade_from`].
pub fn comtrade_totals(path: &Path) -> Result<ComtradeLoad<TradeTotal>> {
    comtrade_totals_from(&path.display().to_string(), open(path)?)
}
