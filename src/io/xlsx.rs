//! Workbooks for spreadsheets: tables as sheets with typed numbers, and a sheet of notes.

use crate::error::{Error, IoError, Result};

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Io(IoError::Serialize {
        what: "an Excel workbook",
        message: e.to_string(),
    })
}

/// Whether a cell's text is a number a spreadsheet should hold as one: it reads as a finite
/// number and is not a code with a leading zero (`0801`, an HS heading, stays text).
fn is_number(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    let coded = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    !coded && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the book.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .take(31)
        .collect();
    let clean = clean.trim().to_owned();
    let base = if clean.is_empty() {
        "table".into()
    } else {
        clean
    };
    let mut out = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&out)) {
        let suffix = format!(" {n}");
        out = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    taken.push(out.clone());
    out
}

/// A workbook of tables given as CSV (as [`to_csv`](super::to_csv) writes them), one sheet per
/// `(name, csv)`: the header row bold and frozen, numbers as numbers (codes with a leading zero
/// stay text), empty cells empty, columns fitted to their contents; then, when `notes` are given,
/// a sheet `provenance` of `(key, value)` rows (what made the workbook, from which data).
///
/// # Errors
/// [`FileError::Csv`](crate::error::FileError::Csv) for CSV that does not parse;
/// [`IoError::Serialize`] when the workbook cannot be written (a sheet beyond Excel's
/// 1,048,576 rows or 16,384 columns).
///
/// ```
/// use bilateral::io::{to_csv, to_xlsx};
/// let findings = bilateral::audit::audit(&bilateral::Dataset::builtin()?);
/// let book = to_xlsx(&[("audit", &to_csv(&findings)?)], &[("data", "built-in")])?;
/// assert_eq!(&book[..2], b"PK"); // a zip, as every .xlsx
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn to_xlsx(sheets: &[(&str, &[u8])], notes: &[(&str, &str)]) -> Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let mut taken = Vec::new();
    for (name, csv) in sheets {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(name, &mut taken))
            .map_err(xlsx_error)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(*csv);
        for (r, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                Error::File(crate::error::FileError::Csv {
                    file: format!("the {name} table"),
                    line: e.position().map_or(0, csv::Position::line),
                    message: e.to_string(),
                })
            })?;
            let row = u32::try_from(r).map_err(|_| {
                Error::Io(IoError::Serialize {
                    what: "an Excel sheet",
                    message: format!("{name} has more rows than a sheet holds"),
                })
            })?;
            for (c, cell) in record.iter().enumerate() {
                let col = u16::try_from(c).map_err(|_| {
                    Error::Io(IoError::Serialize {
                        what: "an Excel sheet",
                        message: format!("{name} has more columns than a sheet holds"),
                    })
                })?;
                if r == 0 {
                    sheet
                        .write_string_with_format(row, col, cell, &bold)
                        .map_err(xlsx_error)?;
                } else if cell.is_empty() {
                    continue;
                } else if is_number(cell) {
                    let v: f64 = cell.parse().map_err(|_| {
                        Error::Io(IoError::Serialize {
                            what: "an Excel cell",
                            message: format!("{cell:?} is not a number"),
                        })
                    })?;
                    sheet.write_number(row, col, v).map_err(xlsx_error)?;
                } else {
                    sheet.write_string(row, col, cell).map_err(xlsx_error)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        sheet.autofit();
    }
    if !notes.is_empty() {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name("provenance", &mut taken))
            .map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, 0, "about", &bold)
            .map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, 1, "value", &bold)
            .map_err(xlsx_error)?;
        for (row, (k, v)) in (1u32..).zip(notes) {
            sheet.write_string(row, 0, *k).map_err(xlsx_error)?;
            sheet.write_string(row, 1, *v).map_err(xlsx_error)?;
        }
        sheet.autofit();
    }
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_numbers_and_codes_stay_text() {
        for n in ["0", "0.5", "-0.25", "4450000000", "1e-3", "12.08"] {
            assert!(is_number(n), "{n}");
        }
        for t in ["0801", "-012", "KAZ", "NaN", "inf", "", "2024-01..2024-04"] {
            assert!(!is_number(t), "{t}");
        }
    }

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("a/b: c?", &mut taken), "a b  c");
        assert_eq!(sheet_name("A/B: C?", &mut taken), "A B  C 2");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut taken).len(), 31);
    }
}
