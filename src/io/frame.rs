//! Comtrade files as DataFrames (feature `polars`): a lazy scan of the raw rows, and the totals
//! the reader's rules give.

use crate::error::Result;
use polars::prelude::DataFrame;

/// A lazy scan of a Comtrade CSV's raw rows: every column as text, with `row` (the 0-based data
/// row; its line in the file is `row + 2`). Nothing is read until the frame is collected, and
/// polars streams the file. It applies none of the crate's rules; for totals that never count a
/// value twice, use [`comtrade_totals_frame`].
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io) if the header cannot be read;
/// [`FileError::MissingColumn`](crate::error::FileError::MissingColumn) for a required column;
/// [`IoError::Polars`](crate::error::IoError::Polars).
pub fn scan_comtrade(path: &std::path::Path) -> Result<polars::prelude::LazyFrame> {
    use polars::prelude::*;
    use std::io::BufRead;
    let file = path.display().to_string();
    let io = crate::file::io_error(path);
    let mut header = String::new();
    std::io::BufReader::new(std::fs::File::open(path).map_err(&io)?)
        .read_line(&mut header)
        .map_err(io)?;
    let present: Vec<&str> = header
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .map(|h| h.trim_matches('"'))
        .collect();
    for column in crate::io::comtrade::REQUIRED {
        if !present.contains(&column) {
            return Err(crate::Error::File(crate::error::FileError::MissingColumn {
                file,
                column: column.to_owned(),
            }));
        }
    }
    Ok(
        LazyCsvReader::new(PlRefPath::new(path.to_string_lossy().as_ref()))
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .finish()?
            .with_row_index("row", None),
    )
}

/// Comtrade totals per (year, reporter, partner, flow) as a DataFrame: the rows of
/// [`crate::io::comtrade_totals`], which applies the rules (one level, totals of breakdowns,
/// annual before monthly, no repeated TOTAL rows).
///
/// Columns: `year`, `reporter`, `partner`, `flow`, `value`, `basis`, `months`, `rows`, `file`,
/// `line`.
///
/// # Errors
/// As [`crate::io::comtrade_totals`]; [`IoError::Polars`](crate::error::IoError::Polars).
pub fn comtrade_totals_frame(path: &std::path::Path) -> Result<DataFrame> {
    crate::frame::of_table(&crate::io::comtrade_totals(path)?)
}
