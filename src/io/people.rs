//! CSV for people: units in the header, rates in percent, no binary noise.

use crate::error::{Error, IoError, Result};
use crate::table::ColumnUnit;

/// A CSV cell's number rewritten to at most 15 significant digits when its shortest exact form
/// needs 16 or 17 (binary noise: `0.20000000000000004` → `0.2`, `4.2749999999999995` → `4.275`),
/// and a whole number without its `.0`; every other cell as it is. `None` when the cell is left
/// alone.
fn denoise(cell: &str) -> Option<String> {
    let body = cell.strip_prefix('-').unwrap_or(cell);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => body.split_at(i),
        None => (body, ""),
    };
    let exponent_digits = exponent
        .get(1..)
        .unwrap_or("")
        .trim_start_matches(['-', '+']);
    if !mantissa.contains('.')
        || !mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        || !exponent_digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let digits = mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count();
    if digits < 16 {
        // A whole number written with a trailing `.0` reads as the whole number.
        return (exponent.is_empty() && mantissa.ends_with(".0") && mantissa.len() > 2)
            .then(|| cell.trim_end_matches(".0").to_owned());
    }
    let v: f64 = cell.parse().ok()?;
    let rounded: f64 = format!("{v:.14e}").parse().ok()?;
    Some(format!("{rounded}"))
}

/// A table's CSV (as [`to_csv`](super::to_csv) writes it) made for people: each column of
/// `units` renamed with its unit and its numbers scaled (a fraction written in percent), and
/// every number to at most 15 significant digits when its exact form is binary noise
/// (`0.20000000000000004` → `0.2`) and whole numbers without `.0`. Files meant to be read back
/// keep [`to_csv`](super::to_csv)'s names and every bit.
///
/// # Errors
/// [`IoError::Serialize`] for CSV that does not parse, or a cell of a scaled column that is not
/// a finite number once scaled (naming its line and column).
///
/// ```
/// use bilateral::io::to_people_csv;
/// use bilateral::table::ColumnUnit;
/// let csv = b"year,rate,level\n2024,0.1208334,4.2749999999999995\n";
/// let units = [ColumnUnit::pct("rate", "rate_pct"), ColumnUnit::usd("level", "level_usd")];
/// let out = String::from_utf8(to_people_csv(csv, &units)?).expect("UTF-8");
/// assert_eq!(out, "year,rate_pct,level_usd\n2024,12.08334,4.275\n");
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn to_people_csv(csv: &[u8], units: &[ColumnUnit]) -> Result<Vec<u8>> {
    let serialize = |message: String| {
        Error::Io(IoError::Serialize {
            what: "a CSV table",
            message,
        })
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    // For each column, its unit when it has one (from the first record, the header).
    let mut scales: Vec<Option<&ColumnUnit>> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| serialize(e.to_string()))?;
        let cells: Vec<String> = if n == 0 {
            scales = record
                .iter()
                .map(|name| units.iter().find(|u| u.column == name))
                .collect();
            record
                .iter()
                .zip(&scales)
                .map(|(name, unit)| unit.map_or(name, |u| u.header).to_owned())
                .collect()
        } else {
            let mut cells = Vec::with_capacity(record.len());
            for (i, cell) in record.iter().enumerate() {
                let scaled = match scales.get(i).copied().flatten() {
                    Some(u) if u.scale != 1.0 && !cell.is_empty() => {
                        let v: f64 = cell.parse().map_err(|_| {
                            serialize(format!(
                                "line {}, column {}: {cell:?} is not a number",
                                n + 1,
                                u.column
                            ))
                        })?;
                        let scaled = v * u.scale;
                        if !scaled.is_finite() {
                            return Err(serialize(format!(
                                "line {}, column {}: {cell} times {} is not a finite number",
                                n + 1,
                                u.column,
                                u.scale
                            )));
                        }
                        format!("{scaled}")
                    }
                    _ => cell.to_owned(),
                };
                cells.push(denoise(&scaled).unwrap_or(scaled));
            }
            cells
        };
        writer
            .write_record(&cells)
            .map_err(|e| serialize(e.to_string()))?;
    }
    writer.into_inner().map_err(|e| serialize(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_noise_goes_and_everything_else_stays() {
        assert_eq!(denoise("0.20000000000000004").as_deref(), Some("0.2"));
        assert_eq!(denoise("4.2749999999999995").as_deref(), Some("4.275"));
        assert_eq!(denoise("-0.30000000000000004").as_deref(), Some("-0.3"));
        assert_eq!(denoise("4500000000.0").as_deref(), Some("4500000000"));
        for kept in [
            "0.2",
            "4450000000",
            "12.08",
            "KAZ",
            "0801",
            "2024-01..2024-04",
            "1e-3",
            "",
            "10.05",
        ] {
            assert_eq!(denoise(kept), None, "{kept}");
        }
        let csv = b"rate,level\n0.1,4.2749999999999995\n\"a, b\",x\n";
        let out = String::from_utf8(to_people_csv(csv, &[]).unwrap()).unwrap();
        assert_eq!(out, "rate,level\n0.1,4.275\n\"a, b\",x\n");
    }

    #[test]
    fn scaled_columns_are_renamed_and_multiplied_and_empty_cells_stay_empty() {
        let csv = b"year,rate,lo\n2026,0.1,\n2027,0.07,0.3\n";
        let units = [
            ColumnUnit::pct("rate", "rate_pct"),
            ColumnUnit::pct("lo", "low_pct"),
        ];
        let out = String::from_utf8(to_people_csv(csv, &units).unwrap()).unwrap();
        // 0.07 * 100 = 7.000000000000001 in binary: written 7.
        assert_eq!(out, "year,rate_pct,low_pct\n2026,10,\n2027,7,30\n");
        let bad = to_people_csv(b"rate\nx\n", &units).unwrap_err().to_string();
        assert!(bad.contains("line 2, column rate"), "{bad}");
        // 1e307 percent would be 1e309: infinite, refused rather than written as "inf".
        let huge = to_people_csv(b"rate\n1e307\n", &units)
            .unwrap_err()
            .to_string();
        assert!(
            huge.contains("line 2, column rate") && huge.contains("not a finite number"),
            "{huge}"
        );
    }
}
