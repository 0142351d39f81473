//! One schema per table: each CSV table is a flat row struct with serde derives
//! ([`crate::table::Row`]), and this module reads and writes it with the csv crate. The column
//! list comes from the struct itself (serde reports its field names), so the header check, the
//! error messages and the writer can never drift from the struct.
//!
//! Reading checks the header first (a leading BOM is accepted; a wrong delimiter, an unknown, a
//! repeated or a missing column is a typed error naming the file), then deserializes each record,
//! keeping its line: a field that does not read is [`Error::Field`] with file, line and column.

use std::collections::HashSet;

use serde::Serialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

use crate::error::{DataError, Error, FileError, IoError, Result};
use crate::table::{Record, Row, Table};

/// The field names of a struct, as serde sees them (its `deserialize_struct` call reports them).
pub(crate) fn columns<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe;
    #[derive(Debug)]
    struct Fields(&'static [&'static str]);
    impl std::fmt::Display for Fields {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("field probe")
        }
    }
    impl std::error::Error for Fields {}
    impl de::Error for Fields {
        fn custom<M: std::fmt::Display>(_: M) -> Fields {
            Fields(&[])
        }
    }
    impl<'de> Deserializer<'de> for Probe {
        type Error = Fields;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> std::result::Result<V::Value, Fields> {
            Err(Fields(&[]))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> std::result::Result<V::Value, Fields> {
            Err(Fields(fields))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    match T::deserialize(Probe) {
        Err(Fields(f)) => f,
        Ok(_) => &[],
    }
}

/// A checked header: the file's column names, in file order.
pub(crate) struct Header {
    pub(crate) names: Vec<String>,
}

/// Checks a file's header against a table's columns.
///
/// # Errors
/// [`FileError::EmptyFile`], [`FileError::WrongDelimiter`], [`FileError::UnknownColumn`],
/// [`FileError::DuplicateColumn`], [`FileError::MissingColumn`], or [`FileError::Csv`] for bad
/// bytes.
pub(crate) fn check_header(
    file: &str,
    header: &csv::ByteRecord,
    known: &[&str],
    required: &[&str],
    extra: impl Fn(&str) -> bool,
) -> Result<Header> {
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(header.len());
    for raw in header {
        let name = std::str::from_utf8(raw)
            .map_err(|e| {
                Error::File(FileError::Csv {
                    file: file.to_owned(),
                    line: 1,
                    message: format!("header is not valid UTF-8: {e}"),
                })
            })?
            .trim()
            .to_owned();
        if header.len() == 1
            && let Some(found) = [';', '\t', '|'].into_iter().find(|c| name.contains(*c))
        {
            return Err(Error::File(FileError::WrongDelimiter {
                file: file.to_owned(),
                found,
            }));
        }
        if !known.contains(&name.as_str()) && !extra(&name) {
            return Err(Error::File(FileError::UnknownColumn {
                file: file.to_owned(),
                column: name,
                expected: known.join(", "),
            }));
        }
        if !seen.insert(name.clone()) {
            return Err(Error::File(FileError::DuplicateColumn {
                file: file.to_owned(),
                column: name,
            }));
        }
        names.push(name);
    }
    if let Some(missing) = required.iter().find(|c| !seen.contains(**c)) {
        return Err(Error::File(FileError::MissingColumn {
            file: file.to_owned(),
            column: (*missing).to_owned(),
        }));
    }
    Ok(Header { names })
}

/// The bytes without a leading UTF-8 byte-order mark (spreadsheets write one).
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// A CSV reader with the crate's settings (headers, trimmed fields, no ragged rows) over `bytes`
/// without a byte-order mark, and the record lines it reads ([`crate::lines`]).
pub(crate) fn reader(
    bytes: &[u8],
) -> (
    csv::Reader<crate::lines::Counting<&[u8]>>,
    std::rc::Rc<std::cell::RefCell<crate::lines::Lines>>,
) {
    crate::lines::csv_reader(strip_bom(bytes), csv::Trim::All)
}

/// Reads every record of a table, with its line number. Blank lines are skipped.
///
/// # Errors
/// As [`check_header`]; [`FileError::NoRecords`] for a header with no records; [`Error::Field`]
/// with file, line and column for a field that does not read.
pub(crate) fn read<R: Row>(file: &str, bytes: &[u8]) -> Result<Vec<(u64, R)>> {
    let records = read_records::<R>(file, bytes, |_| false)?;
    if records.is_empty() {
        return Err(Error::File(FileError::NoRecords {
            file: file.to_owned(),
        }));
    }
    Ok(records.into_iter().map(|r| (r.line, r.row)).collect())
}

/// Reads a table's records, accepting extra columns for which `extra` is true (a sweep's axes),
/// whose cells each record carries. A header without records is an empty table.
///
/// # Errors
/// As [`check_header`]; [`Error::Field`] with file, line and column for a field that does not read.
pub(crate) fn read_records<R: Row>(
    file: &str,
    bytes: &[u8],
    extra: impl Fn(&str) -> bool,
) -> Result<Vec<Record<R>>> {
    if strip_bom(bytes).iter().all(u8::is_ascii_whitespace) {
        return Err(Error::File(FileError::EmptyFile {
            file: file.to_owned(),
        }));
    }
    let (mut r, lines) = reader(bytes);
    let csv_error = |e: &csv::Error| crate::lines::csv_error(file, e, &lines);
    let raw = r.byte_headers().map_err(|e| csv_error(&e))?.clone();
    let known = columns::<R>();
    let header = check_header(file, &raw, known, R::REQUIRED, extra)?;
    let extras: Vec<(usize, &String)> = header
        .names
        .iter()
        .enumerate()
        .filter(|(_, n)| !known.contains(&n.as_str()))
        .collect();
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match r.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&e)),
        }
        let line = record
            .position()
            .map_or(0, |p| crate::lines::line(&lines, p));
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        let row = record
            .deserialize::<R>(Some(&raw))
            .map_err(|e| field_error(file, line, &header, &e))?;
        let cells = extras
            .iter()
            .map(|&(i, name)| {
                let cell = record.get(i).unwrap_or_default();
                std::str::from_utf8(cell)
                    .map(|t| (name.clone(), t.trim().to_owned()))
                    .map_err(|_| {
                        Error::Data(DataError::Unreadable {
                            message: "not valid UTF-8".into(),
                        })
                        .at(file, line, name)
                    })
            })
            .collect::<Result<Vec<(String, String)>>>()?;
        rows.push(Record {
            line,
            row,
            extra: cells,
        });
    }
    Ok(rows)
}

/// A field that did not deserialize, as [`Error::Field`] naming its column.
fn field_error(file: &str, line: u64, header: &Header, e: &csv::Error) -> Error {
    let (field, message) = match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => (
            err.field()
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| header.names.get(i))
                .cloned()
                .unwrap_or_default(),
            match err.kind() {
                csv::DeserializeErrorKind::Message(m) => m.clone(),
                other => other.to_string(),
            },
        ),
        _ => (String::new(), e.to_string()),
    };
    Error::Data(DataError::Unreadable { message }).at(file, line, &field)
}

/// Writes a table: its header (the row struct's fields, or the table's own), then its rows.
/// An empty table is its header. A NaN or infinity is refused, naming where.
///
/// # Errors
/// [`IoError::Serialize`] if a row cannot be formed or written, or holds a NaN or infinity.
pub(crate) fn write_table<T: Table + ?Sized>(table: &T) -> Result<Vec<u8>> {
    let rows = table.rows()?;
    crate::finite::check(T::WHAT, &rows)?;
    let header: Vec<String> = match table.header() {
        Some(h) => h,
        None => columns::<T::Row>()
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
    };
    write_rows(&header, rows)
}

/// Writes rows under a header, into memory (rows serialize as their fields, in order).
///
/// # Errors
/// [`IoError::Serialize`] if a row cannot be written.
pub(crate) fn write_rows<S: AsRef<[u8]>, R: Serialize>(
    header: &[S],
    rows: impl IntoIterator<Item = R>,
) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(header).map_err(serialize_error)?;
    for row in rows {
        w.serialize(&row).map_err(serialize_error)?;
    }
    w.into_inner().map_err(|e| {
        Error::Io(IoError::Serialize {
            what: "a CSV table",
            message: e.to_string(),
        })
    })
}

fn serialize_error(e: csv::Error) -> Error {
    Error::Io(IoError::Serialize {
        what: "a CSV row",
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        name: String,
        value: f64,
        #[serde(default)]
        note: Option<String>,
    }
    impl crate::table::Row for Row {
        const REQUIRED: &'static [&'static str] = &["name", "value"];
    }

    #[test]
    fn columns_come_from_the_struct() {
        assert_eq!(columns::<Row>(), ["name", "value", "note"]);
    }

    #[test]
    fn reads_with_bom_and_names_the_bad_field() {
        let rows: Vec<(u64, Row)> = read(
            "t.csv",
            b"\xef\xbb\xbfname,value\n a , 1.5\n\nb,2\r\n\r\n\nc,3\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].1.name, "a");
        // Physical lines, counting the blank ones: 1 header, 2 a, 3 blank, 4 b, 5-6 blank, 7 c.
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4, 7]);
        let e = read::<Row>("t.csv", b"name,value\na,1\nb,x\n").unwrap_err();
        let loc = e.location().unwrap();
        assert_eq!(
            (loc.file.as_str(), loc.line, loc.field.as_str()),
            ("t.csv", 3, "value")
        );
        assert!(matches!(
            read::<Row>("t.csv", b"name,value,colour\n"),
            Err(Error::File(FileError::UnknownColumn { column, .. })) if column == "colour"
        ));
        assert!(matches!(
            read::<Row>("t.csv", b"name\na\n"),
            Err(Error::File(FileError::MissingColumn { column, .. })) if column == "value"
        ));
    }

    #[test]
    fn writes_the_struct_header() {
        let header = columns::<Row>();
        let bytes = write_rows(
            header,
            [Row {
                name: "a".into(),
                value: 1.5,
                note: None,
            }],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "name,value,note\na,1.5,\n"
        );
        // An empty table is its header.
        let empty = write_rows(header, Vec::<Row>::new()).unwrap();
        assert_eq!(String::from_utf8(empty).unwrap(), "name,value,note\n");
    }
}
