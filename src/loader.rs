//! Reading the data files (`figures` and `regimes` CSV files) into typed values, with errors that
//! name the file, line and field.
//!
//! The format is documented in `data/README.md`.

use std::collections::HashMap;

use crate::corridor::Corridor;
use crate::country::{Country, parse_country_list};
use crate::error::{Error, Result};
use crate::figure::{Bound, Figure, FigureId, Provenance, Source, Unit, Value};
use crate::money::Usd;
use crate::number;
use crate::period::Period;
use crate::regime::{Regime, RegimeFact, RegimeStatus};

/// Columns of a figures file, in documented order.
pub(crate) const FIGURE_COLUMNS: &[&str] = &[
    "id",
    "measure",
    "corridor",
    "country",
    "period",
    "base_period",
    "unit",
    "value",
    "bound",
    "decimals",
    "reporter",
    "attributed_to",
    "source",
    "address",
    "published",
    "printed",
    "quote",
];
const FIGURE_COLUMN_NAMES: &str = "id, measure, corridor, country, period, base_period, unit, value, bound, decimals, reporter, attributed_to, source, address, published, printed, quote";
const FIGURE_REQUIRED: &[&str] = &["id", "measure", "unit", "value", "source"];

/// Columns of a regimes file.
pub(crate) const REGIME_COLUMNS: &[&str] = &[
    "id",
    "regime",
    "countries",
    "status",
    "since",
    "as_of",
    "source",
    "address",
    "published",
    "printed",
    "quote",
];
const REGIME_COLUMN_NAMES: &str =
    "id, regime, countries, status, since, as_of, source, address, published, printed, quote";
const REGIME_REQUIRED: &[&str] = &["id", "regime", "countries", "status", "as_of", "source"];

/// A parsed CSV file: header positions and records with their line numbers.
struct Table<'a> {
    file: &'a str,
    columns: HashMap<String, usize>,
    records: Vec<(u64, csv::ByteRecord)>,
}

/// One record of a [`Table`], with field access that reports file, line and field on error.
struct Row<'t> {
    file: &'t str,
    line: u64,
    columns: &'t HashMap<String, usize>,
    record: &'t csv::ByteRecord,
}

impl Row<'_> {
    /// The trimmed field text, or `""` if the column is absent from this file.
    fn text(&self, field: &str) -> Result<&str> {
        let Some(&i) = self.columns.get(field) else {
            return Ok("");
        };
        let bytes = self.record.get(i).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(str::trim)
            .map_err(|e| Error::Csv {
                file: self.file.to_owned(),
                line: self.line,
                message: format!("field `{field}` is not valid UTF-8: {e}"),
            })
    }

    fn optional(&self, field: &str) -> Result<Option<&str>> {
        self.text(field).map(|t| (!t.is_empty()).then_some(t))
    }

    fn required(&self, field: &str) -> Result<&str> {
        self.optional(field)?
            .ok_or_else(|| self.wrap(Error::EmptyField, field))
    }

    fn wrap(&self, e: Error, field: &str) -> Error {
        e.at(self.file, self.line, field)
    }

    /// Parses a required field.
    fn parse<T>(&self, field: &str, f: impl FnOnce(&str) -> Result<T>) -> Result<T> {
        let t = self.required(field)?;
        f(t).map_err(|e| self.wrap(e, field))
    }

    /// Parses an optional field.
    fn parse_opt<T>(&self, field: &str, f: impl FnOnce(&str) -> Result<T>) -> Result<Option<T>> {
        match self.optional(field)? {
            Some(t) => f(t).map(Some).map_err(|e| self.wrap(e, field)),
            None => Ok(None),
        }
    }
}

fn read_table<'a>(
    file: &'a str,
    bytes: &[u8],
    known: &[&str],
    known_names: &'static str,
    required: &[&'static str],
) -> Result<Table<'a>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyFile {
            file: file.to_owned(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let csv_error = |e: csv::Error| Error::Csv {
        file: file.to_owned(),
        line: e.position().map_or(0, csv::Position::line),
        message: e.to_string(),
    };
    let header = reader.byte_headers().map_err(csv_error)?.clone();
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = std::str::from_utf8(raw)
            .map_err(|e| Error::Csv {
                file: file.to_owned(),
                line: 1,
                message: format!("header is not valid UTF-8: {e}"),
            })?
            .trim()
            .trim_start_matches('\u{feff}')
            .to_owned();
        if header.len() == 1
            && let Some(found) = [';', '\t', '|'].into_iter().find(|c| name.contains(*c))
        {
            return Err(Error::WrongDelimiter {
                file: file.to_owned(),
                found,
            });
        }
        if !known.contains(&name.as_str()) {
            return Err(Error::UnknownColumn {
                file: file.to_owned(),
                column: name,
                expected: known_names,
            });
        }
        if columns.insert(name.clone(), i).is_some() {
            return Err(Error::DuplicateColumn {
                file: file.to_owned(),
                column: name,
            });
        }
    }
    if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
        return Err(Error::MissingColumn {
            file: file.to_owned(),
            column: missing,
        });
    }
    let mut records = Vec::new();
    for result in reader.byte_records() {
        let record = result.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        // Skip blank lines: the csv crate yields them as one empty field.
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        records.push((line, record));
    }
    if records.is_empty() {
        return Err(Error::NoRecords {
            file: file.to_owned(),
        });
    }
    Ok(Table {
        file,
        columns,
        records,
    })
}

impl Table<'_> {
    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|(line, record)| Row {
            file: self.file,
            line: *line,
            columns: &self.columns,
            record,
        })
    }
}

/// Parses a `value` field for `unit`; `decimals` overrides the precision the digits show.
fn parse_value(unit: Unit, text: &str, decimals: Option<i32>) -> Result<Value> {
    let mismatch = || Error::UnitMismatch {
        value: text.to_owned(),
        unit: unit.as_str().to_owned(),
    };
    match unit {
        Unit::Date => Ok(Value::Date {
            period: text.parse()?,
        }),
        Unit::Countries => Ok(Value::Countries {
            countries: parse_country_list(text)?,
        }),
        Unit::Usd => {
            let (usd, step) = Usd::parse_printed(text)?;
            let step = match decimals {
                // The step of the written digits is 10^-d times the scale word's factor.
                Some(d) => {
                    let printed_decimals = number_decimals(text);
                    step * 10f64.powi(printed_decimals - d)
                }
                None => step,
            };
            Ok(Value::Amount {
                value: usd.value(),
                step,
            })
        }
        _ => {
            let p = number::parse_number(text).map_err(|e| match e {
                Error::InvalidNumber { .. } if text.parse::<Period>().is_ok() => mismatch(),
                other => other,
            })?;
            let d = decimals.unwrap_or(p.decimals);
            Ok(Value::Amount {
                value: p.value,
                step: 10f64.powi(-d),
            })
        }
    }
}

/// Digits after the decimal point in the number part of money text ("0.7352 bn USD" → 4).
fn number_decimals(text: &str) -> i32 {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    digits
        .split_once('.')
        .map_or(0, |(_, f)| i32::try_from(f.len()).unwrap_or(0))
}

fn parse_decimals(text: &str) -> Result<i32> {
    let p = number::parse_digits(text)?;
    if p.decimals != 0 || p.value.abs() > 30.0 {
        return Err(Error::OutOfRange {
            what: "decimals",
            value: p.value,
            expected: "a whole number between -30 and 30",
        });
    }
    crate::convert::f64_to_i32(p.value).ok_or(Error::OutOfRange {
        what: "decimals",
        value: p.value,
        expected: "a whole number between -30 and 30",
    })
}

fn provenance(row: &Row<'_>) -> Result<Provenance> {
    let owned = |o: Option<&str>| o.map(str::to_owned);
    Ok(Provenance {
        source: Source::parse(row.required("source")?),
        address: owned(row.optional("address")?),
        published: row.parse_opt("published", str::parse)?,
        attributed_to: owned(row.optional("attributed_to")?),
        quote: row.text("quote")?.to_owned(),
        printed: owned(row.optional("printed")?),
    })
}

/// Tracks ids across files so a repeated id names both places.
#[derive(Default)]
pub(crate) struct IdRegistry {
    seen: HashMap<String, String>,
}

impl IdRegistry {
    pub(crate) fn claim(&mut self, id: &str, file: &str, line: u64) -> Result<()> {
        if let Some(first) = self.seen.get(id) {
            return Err(Error::DuplicateId {
                file: file.to_owned(),
                line,
                id: id.to_owned(),
                first: first.clone(),
            });
        }
        self.seen.insert(id.to_owned(), format!("{file}:{line}"));
        Ok(())
    }
}

/// Reads a figures file.
pub(crate) fn read_figures(file: &str, bytes: &[u8], ids: &mut IdRegistry) -> Result<Vec<Figure>> {
    let table = read_table(
        file,
        bytes,
        FIGURE_COLUMNS,
        FIGURE_COLUMN_NAMES,
        FIGURE_REQUIRED,
    )?;
    let mut out = Vec::with_capacity(table.records.len());
    for row in table.rows() {
        let id = row.parse("id", FigureId::new)?;
        ids.claim(id.as_str(), file, row.line)
            .map_err(|e| match e {
                Error::DuplicateId { .. } => e,
                other => row.wrap(other, "id"),
            })?;
        let unit: Unit = row.parse("unit", str::parse)?;
        let decimals = row.parse_opt("decimals", parse_decimals)?;
        let value = row.parse("value", |t| parse_value(unit, t, decimals))?;
        let bound: Bound = row
            .text("bound")?
            .parse()
            .map_err(|e| row.wrap(e, "bound"))?;
        let measure = row.required("measure")?;
        let mut figure = Figure::new(id, measure, unit, value, bound, provenance(&row)?)
            .map_err(|e| row.wrap(e, "value"))?
            .with_origin(file, row.line);
        if let Some(c) = row.parse_opt("corridor", str::parse::<Corridor>)? {
            figure = figure.with_corridor(c);
        }
        if let Some(c) = row.parse_opt("country", Country::new)? {
            figure = figure.with_country(c);
        }
        if let Some(p) = row.parse_opt("period", str::parse::<Period>)? {
            figure = figure.with_period(p);
        }
        if let Some(p) = row.parse_opt("base_period", str::parse::<Period>)? {
            figure = figure.with_base_period(p);
        }
        if let Some(r) = row.parse_opt("reporter", Country::new)? {
            figure = figure.with_reporter(r);
        }
        out.push(figure);
    }
    Ok(out)
}

/// Reads a regimes file.
pub(crate) fn read_regimes(
    file: &str,
    bytes: &[u8],
    ids: &mut IdRegistry,
) -> Result<Vec<RegimeFact>> {
    let table = read_table(
        file,
        bytes,
        REGIME_COLUMNS,
        REGIME_COLUMN_NAMES,
        REGIME_REQUIRED,
    )?;
    let mut out = Vec::with_capacity(table.records.len());
    for row in table.rows() {
        let id = row.parse("id", FigureId::new)?;
        ids.claim(id.as_str(), file, row.line)?;
        out.push(RegimeFact {
            id,
            regime: row.parse("regime", str::parse::<Regime>)?,
            countries: row.parse("countries", parse_country_list)?,
            status: row.parse("status", str::parse::<RegimeStatus>)?,
            since: row.parse_opt("since", str::parse)?,
            as_of: row.parse("as_of", str::parse)?,
            provenance: provenance(&row)?,
            origin: Some(crate::figure::Origin {
                file: file.to_owned(),
                line: row.line,
            }),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,measure,corridor,period,unit,value,bound,reporter,source,quote\n";

    fn load(body: &str) -> Result<Vec<Figure>> {
        let text = format!("{HEADER}{body}");
        read_figures("t.csv", text.as_bytes(), &mut IdRegistry::default())
    }

    fn located(e: &Error) -> (u64, &str, &Error) {
        let loc = e.location().map_or((0, ""), |l| (l.line, l.field.as_str()));
        (loc.0, loc.1, e.root())
    }

    #[test]
    fn reads_a_good_row() {
        let f =
            load("a,turnover,KAZ->UZB,2023,usd,$4.5 billion,eq,KAZ,002_26f6919544f59e0e.txt,q\n");
        let f = f.unwrap_or_default();
        assert_eq!(f.len(), 1);
        assert_eq!(
            f.first().map(Figure::value_text).as_deref(),
            Some("$4.5 billion")
        );
    }

    #[test]
    fn decimals_override_sets_the_step() {
        let text = "id,measure,unit,value,decimals,source\n\
                    a,imports,usd,0.7352 bn USD,4,x\n\
                    b,turnover,usd,3.0 bn USD,0,x\n\
                    c,jobs,count,\"14,700\",-2,x\n";
        let f =
            read_figures("t.csv", text.as_bytes(), &mut IdRegistry::default()).unwrap_or_default();
        let steps: Vec<f64> = f
            .iter()
            .filter_map(|f| match f.value() {
                Value::Amount { step, .. } => Some(*step),
                _ => None,
            })
            .collect();
        assert_eq!(steps.len(), 3);
        approx::assert_relative_eq!(steps[0], 1e5, max_relative = 1e-9);
        approx::assert_relative_eq!(steps[1], 1e9, max_relative = 1e-9);
        approx::assert_relative_eq!(steps[2], 100.0, max_relative = 1e-9);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = load("a,turnover,KAZ->UZB,2023,usd,$-3 billion,eq,KAZ,x,q\n").err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(e, Some((2, "value", Error::NegativeMoney { .. }))),
            "{e:?}"
        );

        let e = load("a,turnover,KAZ->UZB,2023,usd,$1 billion,eq,KZX,x,q\n").err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(e, Some((2, "reporter", Error::UnknownCountry { .. }))),
            "{e:?}"
        );

        let e = load("a,turnover,KAZ->UZB,2023-13,usd,$1 billion,eq,KAZ,x,q\n").err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(e, Some((2, "period", Error::InvalidPeriod { .. }))),
            "{e:?}"
        );

        let good = "a,turnover,KAZ->UZB,2023,usd,$1 billion,eq,KAZ,x,q\n";
        let e = load(&format!(
            "{good}b,share,KAZ->UZB,2023,percent,abc,eq,KAZ,x,q\n"
        ))
        .err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(e, Some((3, "value", Error::InvalidNumber { .. }))),
            "{e:?}"
        );

        let e = load(&format!("{good}{good}")).err();
        assert!(
            matches!(e, Some(Error::DuplicateId { line: 3, .. })),
            "{e:?}"
        );
    }

    #[test]
    fn file_level_errors() {
        let ids = &mut IdRegistry::default();
        assert!(matches!(
            read_figures("t", b"", ids),
            Err(Error::EmptyFile { .. })
        ));
        assert!(matches!(
            read_figures("t", HEADER.as_bytes(), ids),
            Err(Error::NoRecords { .. })
        ));
        assert!(matches!(
            read_figures("t", b"id,measure,unit,value\na,b,usd,1\n", ids),
            Err(Error::MissingColumn {
                column: "source",
                ..
            })
        ));
        assert!(matches!(
            read_figures("t", b"id;measure;unit;value;source\n", ids),
            Err(Error::WrongDelimiter { found: ';', .. })
        ));
        assert!(matches!(
            read_figures("t", b"id,id,measure,unit,value,source\n", ids),
            Err(Error::DuplicateColumn { .. })
        ));
        assert!(matches!(
            read_figures("t", b"id,measure,unit,value,source,colour\n", ids),
            Err(Error::UnknownColumn { .. })
        ));
        assert!(matches!(
            read_figures("t", b"id,measure,unit,value,source\na,b,usd\n", ids),
            Err(Error::Csv { line: 2, .. })
        ));
        assert!(matches!(
            read_figures("t", b"id,measure,unit,value,source\na,b,usd,\xff,x\n", ids),
            Err(Error::Csv { line: 2, .. })
        ));
    }
}
