//! A file whose content does not fit its format.

/// A file whose content does not fit its format: columns, CSV, repeated rows, JSON and TOML
/// documents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// A data file lacks a required column.
    #[error("{file_x}: missing column `{column_x}`", file_x = crate::error::excerpt(file), column_x = crate::error::excerpt(column))]
    MissingColumn {
        /// The file.
        file: String,
        /// The column that is required.
        column: String,
    },
    /// A panel without one of its four key columns.
    #[error("{file_x}: no column `{column_x}` for the {role} (the file's columns: {found_x}); name the key columns with PanelColumns, on the command line --columns EXPORTER IMPORTER YEAR TRADE", file_x = crate::error::excerpt(file), column_x = crate::error::excerpt(column), found_x = crate::error::excerpt(found))]
    MissingKeyColumn {
        /// The file.
        file: String,
        /// The column name looked for.
        column: String,
        /// What it holds: exporter, importer, year or trade value.
        role: &'static str,
        /// The file's header, comma-separated.
        found: String,
    },
    /// A data file names the same column twice.
    #[error("{file_x}: column `{column_x}` appears more than once", file_x = crate::error::excerpt(file), column_x = crate::error::excerpt(column))]
    DuplicateColumn {
        /// The file.
        file: String,
        /// The repeated column.
        column: String,
    },
    /// A data file has a column the format does not know (often a typo or a wrong delimiter).
    #[error("{file_x}: unknown column `{column_x}` (known columns: {expected_x})", file_x = crate::error::excerpt(file), column_x = crate::error::excerpt(column), expected_x = crate::error::excerpt(expected))]
    UnknownColumn {
        /// The file.
        file: String,
        /// The unexpected column.
        column: String,
        /// The known columns, comma-separated.
        expected: String,
    },
    /// A data file whose header has one column holding `;` or tabs: the file uses another
    /// delimiter than the comma.
    #[error(
        "{file_x}: the header is one column containing {found:?}; data files must be comma-separated", file_x = crate::error::excerpt(file))]
    WrongDelimiter {
        /// The file.
        file: String,
        /// The delimiter found.
        found: char,
    },
    /// A data file with a header and no records.
    #[error("{file_x}: no records after the header", file_x = crate::error::excerpt(file))]
    NoRecords {
        /// The file.
        file: String,
    },
    /// A data file with no header line at all.
    #[error("{file_x}: the file is empty (expected a header line)", file_x = crate::error::excerpt(file))]
    EmptyFile {
        /// The file.
        file: String,
    },
    /// A CSV record (a line, or the lines of one quoted field) longer than
    /// [`MAX_RECORD_BYTES`](crate::limits::MAX_RECORD_BYTES): a file of one endless line, or an
    /// unclosed quote.
    #[error("{file_x}:{line}: a record longer than the limit of {limit} bytes (an unclosed quote, or not a CSV file?)", file_x = crate::error::excerpt(file))]
    RecordTooLong {
        /// The file.
        file: String,
        /// 1-based line where the record starts.
        line: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A data file that could not be read as CSV (bad UTF-8, ragged rows, ...).
    #[error("{file_x}:{line}: malformed CSV: {message_x}", file_x = crate::error::excerpt(file), message_x = crate::error::excerpt(message))]
    Csv {
        /// The file.
        file: String,
        /// 1-based line number (0 when unknown).
        line: u64,
        /// The CSV reader's description.
        message: String,
    },
    /// A row that repeats one already read, where adding both would count a value twice.
    #[error("{file_x}:{line}: a second {what} (the first is on line {first})", file_x = crate::error::excerpt(file))]
    DuplicateRow {
        /// The file.
        file: String,
        /// The line of the repeat.
        line: u64,
        /// The line of the first.
        first: u64,
        /// What is repeated.
        what: &'static str,
    },
    /// A JSON or TOML document that does not parse or does not fit the type it should build.
    #[error("{file_x}: {format} at {path_x}{}: {message_x}", position(*line, *column), file_x = crate::error::excerpt(file), path_x = crate::error::excerpt(path), message_x = crate::error::excerpt(message))]
    Document {
        /// The file name, or `<text>` for a string.
        file: String,
        /// `json` or `toml`.
        format: &'static str,
        /// The field path where it went wrong (`layers[1].free_trade.cost_after`), or `.` for
        /// the document itself.
        path: String,
        /// 1-based line (0 when the parser does not say).
        line: u64,
        /// 1-based column (0 when the parser does not say).
        column: u64,
        /// What was wrong.
        message: String,
    },
}

/// ` (line L, column C)`, or nothing where the parser gave no position.
fn position(line: u64, column: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}
