//! Panels of bilateral flows: exporter, importer, time, value and any other columns.

use crate::error::{DataError, Error, FileError, GravityError, InputError, IoError, Result};
use std::collections::HashMap;
use std::path::Path;

/// The names of a panel's four key columns.
///
/// The default is the AGTPA panels' naming (`exporter`, `importer`, `year`, `trade`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PanelColumns {
    /// Exporter (origin) country code.
    pub exporter: String,
    /// Importer (destination) country code.
    pub importer: String,
    /// Time period (an integer year).
    pub time: String,
    /// The flow: non-negative and finite.
    pub value: String,
}

impl Default for PanelColumns {
    fn default() -> Self {
        PanelColumns {
            exporter: "exporter".into(),
            importer: "importer".into(),
            time: "year".into(),
            value: "trade".into(),
        }
    }
}

/// A column of a panel: numbers, or text kept as codes into its distinct values; either may
/// have missing cells (an empty cell or `NA` in a file, a null in a frame, a lead or lag past
/// the data), flagged in `missing` (empty when none is). A missing number is held as NaN.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Column {
    /// Every cell is a number (or missing).
    Numeric {
        values: Vec<f64>,
        missing: Vec<bool>,
    },
    /// Text: per-row codes, the distinct values, and the first line that is not a number.
    Text {
        codes: Vec<u32>,
        levels: Vec<String>,
        first_text: (u64, String),
        missing: Vec<bool>,
    },
}

impl Column {
    /// Numbers, none missing.
    pub(crate) fn numbers(values: Vec<f64>) -> Column {
        Column::Numeric {
            values,
            missing: Vec::new(),
        }
    }

    /// Which cells are missing, when any is.
    pub(crate) fn missing(&self) -> Option<&[bool]> {
        let m = match self {
            Column::Numeric { missing, .. } | Column::Text { missing, .. } => missing,
        };
        m.contains(&true).then_some(m.as_slice())
    }

    /// The cells of `rows`, in that order.
    fn take(&self, rows: &[usize]) -> Column {
        let missing = |m: &[bool]| {
            if m.is_empty() {
                Vec::new()
            } else {
                pick(m, rows)
            }
        };
        match self {
            Column::Numeric { values, missing: m } => Column::Numeric {
                values: pick(values, rows),
                missing: missing(m),
            },
            Column::Text {
                codes,
                levels,
                first_text,
                missing: m,
            } => Column::Text {
                codes: pick(codes, rows),
                levels: levels.clone(),
                first_text: first_text.clone(),
                missing: missing(m),
            },
        }
    }
}

/// The values at `rows` (an index past the end, which the callers never pass, is skipped).
fn pick<T: Clone>(v: &[T], rows: &[usize]) -> Vec<T> {
    rows.iter().filter_map(|&r| v.get(r).cloned()).collect()
}

/// Whether a cell of a file stands for a missing value: empty, or `NA` as R and pandas write it.
pub(crate) fn is_missing_cell(cell: &str) -> bool {
    cell.is_empty() || cell == "NA"
}

/// What a lead or lag holds where it falls outside the panel.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Missing {
    /// Nothing: the cell is missing, and a model that uses the column leaves the row out,
    /// counted as [`DropReason::Missing`](super::DropReason::Missing). An agreement's status
    /// in a year the panel does not hold is unknown, not 0.
    #[default]
    Leave,
    /// 0, asked for by name (an agreement taken as not in force where the data do not say).
    Zero,
    /// The given value, asked for by name.
    Value(f64),
}

/// A flow panel: one row per exporter, importer and period, with the flow and named columns.
///
/// Rows keep the file's order. Built from CSV with [`Panel::from_csv`] (or from memory with
/// [`Panel::new`]); regressors are added with [`Panel::with_log`], [`Panel::with_shift`] and
/// [`Panel::with_period_dummies`], and rows chosen with [`Panel::filter`].
///
/// ```
/// use bilateral::gravity::Panel;
/// let csv = "exporter,importer,year,trade,DIST\nKAZ,UZB,2020,3.0,1000\nUZB,KAZ,2020,1.0,1000\n";
/// let p = Panel::from_csv_bytes("memory.csv", csv.as_bytes(), &Default::default())?;
/// assert_eq!(p.len(), 2);
/// let p = p.with_log("DIST", "ln_DIST")?;
/// assert!((p.numeric("ln_DIST")?[0] - 1000f64.ln()).abs() < 1e-15);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Panel {
    source: String,
    names: PanelColumns,
    countries: Vec<String>,
    exporter: Vec<u32>,
    importer: Vec<u32>,
    time: Vec<i64>,
    value: Vec<f64>,
    columns: Vec<(String, Column)>,
    /// The file line of each row (header = 1), kept through filtering for error messages.
    lines: Vec<u64>,
}

/// One row of a panel, for [`Panel::filter`].
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    panel: &'a Panel,
    index: usize,
}

impl<'a> Row<'a> {
    /// The exporter's code.
    pub fn exporter(&self) -> &'a str {
        self.panel.country_at(&self.panel.exporter, self.index)
    }
    /// The importer's code.
    pub fn importer(&self) -> &'a str {
        self.panel.country_at(&self.panel.importer, self.index)
    }
    /// True for an intra-national (domestic) flow.
    pub fn is_domestic(&self) -> bool {
        self.panel.exporter.get(self.index) == self.panel.importer.get(self.index)
    }
    /// The period.
    pub fn time(&self) -> i64 {
        self.panel.time.get(self.index).copied().unwrap_or_default()
    }
    /// The flow.
    pub fn value(&self) -> f64 {
        self.panel
            .value
            .get(self.index)
            .copied()
            .unwrap_or_default()
    }
    /// A numeric column's value in this row (`None` for an unknown or text column, or a
    /// missing cell).
    pub fn get(&self, column: &str) -> Option<f64> {
        match self.panel.column(column) {
            Some(c @ Column::Numeric { values, .. }) => {
                let missing = c.missing().and_then(|m| m.get(self.index)) == Some(&true);
                if missing {
                    None
                } else {
                    values.get(self.index).copied()
                }
            }
            _ => None,
        }
    }
}

impl Panel {
    /// A panel from columns in memory. `countries` are the exporter and importer codes per row.
    ///
    /// # Errors
    /// [`InputError::Length`] for columns of different lengths; [`Error::Field`] naming the row for
    /// a negative or non-finite flow.
    pub fn new(
        exporter: &[&str],
        importer: &[&str],
        time: &[i64],
        value: &[f64],
        columns: Vec<(String, Vec<f64>)>,
    ) -> Result<Panel> {
        // Countries coded in order of first appearance, exporters first; from_codes checks the rest.
        let mut index = HashMap::new();
        let mut countries = Vec::new();
        let mut code = |c: &str| -> u32 {
            *index.entry(c.to_owned()).or_insert_with(|| {
                countries.push(c.to_owned());
                u32::try_from(countries.len() - 1).unwrap_or(u32::MAX)
            })
        };
        let ex: Vec<u32> = exporter.iter().map(|c| code(c)).collect();
        let im: Vec<u32> = importer.iter().map(|c| code(c)).collect();
        Panel::from_codes(
            PanelColumns::default(),
            countries,
            ex,
            im,
            time.to_vec(),
            value.to_vec(),
            columns,
        )
    }

    /// A panel from coded keys in memory, for large panels built without a string per row:
    /// `countries` names the codes that `exporter` and `importer` hold (one list for both, so a
    /// name is one country whichever side it is on), `names` says what the key columns are
    /// called (in formulas and when written).
    ///
    /// # Errors
    /// [`InputError::Length`] for columns of different lengths; [`InputError::OutOfRange`] for a
    /// code past `countries`; [`DataError::DuplicateItem`](crate::error::DataError::DuplicateItem)
    /// for a name given twice; [`FileError::DuplicateColumn`] for a column named like another or
    /// like a key; [`Error::Field`] naming the row of a negative or non-finite flow.
    pub fn from_codes(
        names: PanelColumns,
        countries: Vec<String>,
        exporter: Vec<u32>,
        importer: Vec<u32>,
        time: Vec<i64>,
        value: Vec<f64>,
        columns: Vec<(String, Vec<f64>)>,
    ) -> Result<Panel> {
        let n = value.len();
        let lengths = [
            ("the exporters".to_owned(), exporter.len()),
            ("the importers".to_owned(), importer.len()),
            ("the times".to_owned(), time.len()),
        ];
        let more = columns
            .iter()
            .map(|(c, v)| (format!("column `{c}`"), v.len()));
        if let Some((what, len)) = lengths.into_iter().chain(more).find(|(_, l)| *l != n) {
            return Err(Error::Input(InputError::Length {
                what,
                len,
                expected: n,
            }));
        }
        if let Some(&c) = exporter
            .iter()
            .chain(&importer)
            .find(|&&c| c as usize >= countries.len())
        {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a country code",
                value: f64::from(c),
                expected: "a code below the number of country names",
            }));
        }
        let keys = [&names.exporter, &names.importer, &names.time, &names.value];
        if let Some(k) = keys
            .iter()
            .enumerate()
            .find(|(i, k)| keys.iter().skip(i + 1).any(|o| o == *k))
            .map(|(_, k)| k)
        {
            return Err(Error::File(FileError::DuplicateColumn {
                file: "memory".into(),
                column: (*k).clone(),
            }));
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(countries.len());
        for (i, c) in countries.iter().enumerate() {
            if let Some(first) = seen.insert(c.as_str(), i) {
                return Err(Error::Data(crate::error::DataError::DuplicateItem {
                    id: c.clone(),
                    first: format!("country #{}", first + 1),
                    second: format!("country #{}", i + 1),
                }));
            }
        }
        for (i, v) in value.iter().enumerate() {
            check_flow(*v).map_err(|e| e.at("memory", i as u64 + 2, &names.value))?;
        }
        let mut p = Panel {
            source: "memory".into(),
            names,
            countries,
            exporter,
            importer,
            time,
            value,
            columns: Vec::new(),
            lines: (0..n as u64).map(|i| i + 2).collect(),
        };
        for (name, col) in columns {
            p.check_new_name(&name)?;
            p.columns.push((name, Column::numbers(col)));
        }
        Ok(p)
    }

    /// Reads a panel from a CSV file with a header row.
    ///
    /// The four key columns are named by `columns`; every other column is kept, as numbers if
    /// every cell is a number and as text otherwise (text columns can be fixed-effect or
    /// cluster keys).
    ///
    /// The file is streamed, record by record into the panel's columns, so reading never holds
    /// the file and the panel at once (a 20-million-row panel needs its columns only); a record
    /// is bounded by [`crate::limits::MAX_RECORD_BYTES`].
    ///
    /// # Errors
    /// [`IoError::Io`]; [`FileError::RecordTooLong`](crate::error::FileError::RecordTooLong);
    /// [`FileError::MissingColumn`]; [`Error::Field`] with file, line and column for a negative or
    /// non-finite flow, a time that is not an integer, or a ragged row.
    pub fn from_csv(path: impl AsRef<Path>, columns: &PanelColumns) -> Result<Panel> {
        let path = path.as_ref();
        let input = crate::file::open_stream(path)?;
        Panel::read_csv(&path.display().to_string(), input, columns)
    }

    /// Reads a panel from CSV text; `file` names it in errors.
    ///
    /// # Errors
    /// As [`Panel::from_csv`].
    pub fn from_csv_bytes(file: &str, bytes: &[u8], columns: &PanelColumns) -> Result<Panel> {
        Panel::read_csv(file, crate::schema::strip_bom(bytes), columns)
    }

    /// Reads a panel from a stream of CSV (past any byte order mark).
    fn read_csv(file: &str, input: impl std::io::Read, columns: &PanelColumns) -> Result<Panel> {
        let (mut reader, counter) = crate::lines::csv_reader(input, csv::Trim::None);
        let csv_error = |e: csv::Error| crate::lines::csv_error(file, &e, &counter);
        let header: Vec<String> = reader
            .headers()
            .map_err(csv_error)?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        if header.iter().all(String::is_empty) {
            return Err(Error::File(FileError::EmptyFile {
                file: file.to_owned(),
            }));
        }
        let keys = key_positions(file, &header, columns)?;
        let mut rows = RowsRead::new(file, columns, keys, header.len());
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_error(e)),
            }
            let line = record
                .position()
                .map_or(0, |p| crate::lines::line(&counter, p));
            rows.push(&record, line)?;
        }
        rows.finish(&header)
    }

    /// The panel as CSV: the four key columns, then the others, every value written so that it
    /// reads back to the same number.
    ///
    /// # Errors
    /// [`IoError::Serialize`] if the CSV writer fails.
    pub fn to_csv_bytes(&self) -> Result<Vec<u8>> {
        let fail = |e: &dyn std::fmt::Display| {
            Error::Io(IoError::Serialize {
                what: "a panel",
                message: e.to_string(),
            })
        };
        let mut w = csv::Writer::from_writer(Vec::with_capacity(self.len() * 48));
        let keys = [
            &self.names.exporter,
            &self.names.importer,
            &self.names.time,
            &self.names.value,
        ];
        let head = keys
            .into_iter()
            .map(String::as_str)
            .chain(self.column_names());
        w.write_record(head).map_err(|e| fail(&e))?;
        let mut record: Vec<String> = Vec::with_capacity(4 + self.columns.len());
        for i in 0..self.len() {
            record.clear();
            record.push(self.country_at(&self.exporter, i).to_owned());
            record.push(self.country_at(&self.importer, i).to_owned());
            record.push(self.time.get(i).copied().unwrap_or(0).to_string());
            record.push(self.value.get(i).copied().unwrap_or(0.0).to_string());
            for (_, c) in &self.columns {
                let missing = c.missing().and_then(|m| m.get(i)) == Some(&true);
                record.push(match c {
                    // A missing cell is written empty, and reads back missing.
                    _ if missing => String::new(),
                    Column::Numeric { values, .. } => {
                        values.get(i).copied().unwrap_or(f64::NAN).to_string()
                    }
                    Column::Text { codes, levels, .. } => codes
                        .get(i)
                        .and_then(|&c| levels.get(c as usize))
                        .cloned()
                        .unwrap_or_default(),
                });
            }
            w.write_record(&record).map_err(|e| fail(&e))?;
        }
        w.into_inner().map_err(|e| fail(&e))
    }

    /// Writes [`Panel::to_csv_bytes`] to `path` atomically (a complete file or none).
    ///
    /// # Errors
    /// [`IoError::Io`]; as [`Panel::to_csv_bytes`].
    pub fn write_csv(&self, path: impl AsRef<Path>) -> Result<()> {
        crate::file::write_atomic(path.as_ref(), &self.to_csv_bytes()?)
    }

    /// A panel from coded keys and converted columns (a DataFrame's or a Parquet file's),
    /// checked as [`Panel::from_codes`] checks its inputs; `source` names it in errors.
    #[cfg(feature = "polars")]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_coded(
        source: &str,
        names: PanelColumns,
        countries: Vec<String>,
        exporter: Vec<u32>,
        importer: Vec<u32>,
        time: Vec<i64>,
        value: Vec<f64>,
        columns: Vec<(String, Column)>,
    ) -> Result<Panel> {
        let mut p = Panel::from_codes(
            names,
            countries,
            exporter,
            importer,
            time,
            value,
            Vec::new(),
        )
        .map_err(|e| match e {
            Error::Field { location, error } => Error::Field {
                location: crate::error::Location {
                    file: source.to_owned(),
                    ..location
                },
                error,
            },
            other => other,
        })?;
        p.source = source.to_owned();
        for (name, c) in columns {
            p.check_new_name(&name)?;
            p.columns.push((name, c));
        }
        Ok(p)
    }

    /// The panel with one country code replaced by another everywhere (the AGTPA 2006 file
    /// codes Germany `ZZZ` so that it sorts last; `with_country_renamed("ZZZ", "DEU")` gives the
    /// ISO code back).
    ///
    /// # Errors
    /// [`InputError::NotInModel`] if `from` is not a country of the panel;
    /// [`DataError::DuplicateItem`] if `to` already is one (the two would merge).
    pub fn with_country_renamed(mut self, from: &str, to: &str) -> Result<Panel> {
        if self.countries.iter().any(|c| c == to) {
            return Err(Error::Data(DataError::DuplicateItem {
                id: to.to_owned(),
                first: format!("country {to} of the panel"),
                second: format!("the new name for {from}"),
            }));
        }
        let slot = self
            .countries
            .iter_mut()
            .find(|c| *c == from)
            .ok_or_else(|| {
                Error::Input(InputError::NotInModel {
                    what: "country",
                    name: from.to_owned(),
                    known: String::new(),
                })
            })?;
        to.clone_into(slot);
        Ok(self)
    }

    /// The file the panel was read from (`memory` for [`Panel::new`]).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The names of the key columns.
    pub fn key_columns(&self) -> &PanelColumns {
        &self.names
    }

    /// The international pairs of a panel whose flow is positive in every year of it, one
    /// series per directed pair (3,459 on the AGTPA RTA panel).
    ///
    /// # Errors
    /// As [`SeriesSet::new`](crate::forecast::SeriesSet::new):
    /// [`GrowthError::YearGap`](crate::error::GrowthError::YearGap) for a panel whose years have
    /// gaps, [`InputError::Missing`] when no pair is positive in every year.
    pub fn international_series(&self) -> Result<crate::forecast::SeriesSet> {
        let panel = self;
        let mut years: Vec<i64> = panel.times().to_vec();
        years.sort_unstable();
        years.dedup();
        let t = years.len();
        let mut map: std::collections::BTreeMap<(u32, u32), Vec<f64>> =
            std::collections::BTreeMap::new();
        let rows = panel
            .exporters()
            .iter()
            .zip(panel.importers())
            .zip(panel.times().iter().zip(panel.values()));
        for ((&e, &m), (&time, &value)) in rows {
            if e == m {
                continue;
            }
            let slot = map.entry((e, m)).or_insert_with(|| vec![0.0; t]);
            // By the year's place among the panel's years: with gaps (1986, 1990, ...) too, which
            // SeriesSet::new then refuses naming the gap.
            if let Some(v) = years.binary_search(&time).map_or(None, |k| slot.get_mut(k)) {
                *v = value;
            }
        }
        let (mut ids, mut levels) = (Vec::new(), Vec::new());
        let name = |c: u32| {
            panel
                .countries()
                .get(c as usize)
                .cloned()
                .unwrap_or_default()
        };
        for ((e, m), v) in map {
            if v.iter().all(|x| *x > 0.0) {
                ids.push(format!("{}->{}", name(e), name(m)));
                levels.push(v);
            }
        }
        if ids.is_empty() {
            return Err(Error::Input(InputError::Missing {
                what: "an international pair with a positive flow in every year of the panel",
                purpose: "for a set of series",
            }));
        }
        let years = years
            .into_iter()
            .map(|y| {
                i32::try_from(y).map_err(|_| {
                    Error::Input(InputError::OutOfRange {
                        what: "a panel's year",
                        value: y as f64,
                        expected: "a calendar year",
                    })
                })
            })
            .collect::<Result<Vec<i32>>>()?;
        crate::forecast::SeriesSet::new(years, ids, levels)
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// True for a panel without rows (only possible after [`Panel::filter`]).
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The distinct exporter and importer codes, in order of first appearance.
    pub fn countries(&self) -> &[String] {
        &self.countries
    }

    /// The flows.
    pub fn values(&self) -> &[f64] {
        &self.value
    }

    /// The periods.
    pub fn times(&self) -> &[i64] {
        &self.time
    }

    /// Exporter codes per row, as indexes into [`Panel::countries`].
    pub fn exporters(&self) -> &[u32] {
        &self.exporter
    }

    /// Importer codes per row, as indexes into [`Panel::countries`].
    pub fn importers(&self) -> &[u32] {
        &self.importer
    }

    /// Names of all columns other than the four keys.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(n, _)| n.as_str())
    }

    /// All column names, the keys first, comma-separated (for error messages).
    pub(crate) fn available(&self) -> String {
        let keys = [
            &self.names.exporter,
            &self.names.importer,
            &self.names.time,
            &self.names.value,
        ];
        keys.into_iter()
            .map(String::as_str)
            .chain(self.column_names())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(crate) fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    fn no_such(&self, column: &str) -> Error {
        Error::Gravity(GravityError::NoSuchColumn {
            panel: self.source.clone(),
            column: column.to_owned(),
            available: self.available(),
        })
    }

    /// A numeric column by name; the flow column by its name too.
    ///
    /// # Errors
    /// [`GravityError::NoSuchColumn`]; [`GravityError::NotNumeric`] for a text column, naming its
    /// first line of text.
    pub fn numeric(&self, name: &str) -> Result<&[f64]> {
        if name == self.names.value {
            return Ok(&self.value);
        }
        match self.column(name) {
            Some(Column::Numeric { values, .. }) => Ok(values),
            Some(Column::Text { first_text, .. }) => {
                Err(Error::Gravity(GravityError::NotNumeric {
                    panel: self.source.clone(),
                    column: name.to_owned(),
                    line: first_text.0,
                    text: first_text.1.clone(),
                }))
            }
            None => Err(self.no_such(name)),
        }
    }

    /// A column as category codes (any column, numeric or text, or a key column), with the
    /// number of distinct values and a label function.
    pub(crate) fn categories(&self, name: &str) -> Result<(Vec<u32>, Vec<String>)> {
        if name == self.names.exporter {
            return Ok((self.exporter.clone(), self.countries.clone()));
        }
        if name == self.names.importer {
            return Ok((self.importer.clone(), self.countries.clone()));
        }
        if name == self.names.time {
            return Ok(codes_of(self.time.iter().map(|t| t.to_string())));
        }
        match self.column(name) {
            Some(Column::Text { codes, levels, .. }) => Ok((codes.clone(), levels.clone())),
            Some(Column::Numeric { values, .. }) => {
                Ok(codes_of(values.iter().map(|x| format!("{x}"))))
            }
            None if name == self.names.value => {
                Ok(codes_of(self.value.iter().map(|x| format!("{x}"))))
            }
            None => Err(self.no_such(name)),
        }
    }

    /// The file line of row `i` (header = 1).
    pub(crate) fn line(&self, i: usize) -> u64 {
        self.lines.get(i).copied().unwrap_or(0)
    }

    fn country_at<'a>(&'a self, codes: &[u32], i: usize) -> &'a str {
        codes
            .get(i)
            .and_then(|&c| self.countries.get(c as usize))
            .map_or("", String::as_str)
    }

    fn check_new_name(&self, name: &str) -> Result<()> {
        let taken = self.column(name).is_some()
            || [
                &self.names.exporter,
                &self.names.importer,
                &self.names.time,
                &self.names.value,
            ]
            .iter()
            .any(|k| *k == name);
        if taken {
            return Err(Error::File(FileError::DuplicateColumn {
                file: self.source.clone(),
                column: name.to_owned(),
            }));
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            return Err(Error::Gravity(GravityError::Formula {
                formula: name.to_owned(),
                reason: "a column name needs letters, digits, '_' or '.'".into(),
            }));
        }
        Ok(())
    }

    /// A new column's name is free and valid, and its length is the panel's.
    fn check_new_column(&self, name: &str, len: usize) -> Result<()> {
        self.check_new_name(name)?;
        if len != self.len() {
            return Err(Error::Input(InputError::Length {
                what: format!("column `{name}`"),
                len,
                expected: self.len(),
            }));
        }
        Ok(())
    }

    /// Adds a numeric column.
    ///
    /// # Errors
    /// [`FileError::DuplicateColumn`] for a taken name; [`InputError::Length`] for a wrong length.
    pub fn with_column(mut self, name: &str, values: Vec<f64>) -> Result<Panel> {
        self.check_new_column(name, values.len())?;
        self.columns
            .push((name.to_owned(), Column::numbers(values)));
        Ok(self)
    }

    /// Adds a text column (a fixed-effect or cluster key, or a column to split by) from per-row
    /// codes into `levels` (a DataFrame's factorized column), `missing` marking rows without a
    /// value (empty: none missing).
    ///
    /// # Errors
    /// [`FileError::DuplicateColumn`] for a taken name; [`InputError::Length`] for codes or a
    /// mask of the wrong length; [`InputError::OutOfRange`] for a code past `levels` on a row
    /// that is not missing.
    ///
    /// ```
    /// use bilateral::gravity::Panel;
    /// let p = Panel::new(&["A", "B"], &["B", "A"], &[2000, 2000], &[1.0, 2.0], vec![])?
    ///     .with_text_column("pair", vec![0, 0], vec!["AB".into()], vec![])?;
    /// assert!(p.column_names().any(|c| c == "pair"));
    /// assert!(Panel::new(&["A"], &["B"], &[2000], &[1.0], vec![])?
    ///     .with_text_column("pair", vec![3], vec!["AB".into()], vec![]).is_err());
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn with_text_column(
        mut self,
        name: &str,
        codes: Vec<u32>,
        levels: Vec<String>,
        missing: Vec<bool>,
    ) -> Result<Panel> {
        self.check_new_column(name, codes.len())?;
        if !missing.is_empty() && missing.len() != codes.len() {
            return Err(Error::Input(InputError::Length {
                what: format!("the missing-value mask of column `{name}`"),
                len: missing.len(),
                expected: codes.len(),
            }));
        }
        if let Some((_, &c)) = codes.iter().enumerate().find(|(i, c)| {
            **c as usize >= levels.len() && !missing.get(*i).copied().unwrap_or(false)
        }) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a text column's code",
                value: f64::from(c),
                expected: "a code below the number of levels",
            }));
        }
        let first_text = levels
            .first()
            .map_or((0, String::new()), |l| (2, l.clone()));
        let missing = if missing.is_empty() {
            vec![false; codes.len()]
        } else {
            missing
        };
        self.columns.push((
            name.to_owned(),
            Column::Text {
                codes,
                levels,
                first_text,
                missing,
            },
        ));
        Ok(self)
    }

    /// Adds `name` = ln(`column`).
    ///
    /// # Errors
    /// [`GravityError::NoSuchColumn`], [`GravityError::NotNumeric`]; [`Error::Field`] naming the
    /// line of a value that is zero or negative.
    pub fn with_log(self, column: &str, name: &str) -> Result<Panel> {
        let v = self.numeric(column)?;
        let mut out = Vec::with_capacity(v.len());
        for (i, &x) in v.iter().enumerate() {
            if x.is_nan() || x <= 0.0 {
                return Err(Error::Input(InputError::NonPositiveBase {
                    what: "the logarithm's argument",
                    value: x,
                })
                .at(&self.source, self.line(i), column));
            }
            out.push(x.ln());
        }
        self.with_column(name, out)
    }

    /// Adds `name`: `column`'s value for the same directed pair (exporter, importer) `offset`
    /// periods later (a lead for `offset > 0`, a lag for `offset < 0`). Where the panel has no
    /// row for that period (a lead past its last year), `missing` says what the cell holds: by
    /// default nothing ([`Missing::Leave`]), so that a model using the column leaves the row
    /// out and says so, or a fill asked for by name.
    ///
    /// Compute shifts before [`Panel::filter`] so that a lag reads the unfiltered years.
    ///
    /// # Errors
    /// [`GravityError::NoSuchColumn`], [`GravityError::NotNumeric`], [`FileError::DuplicateColumn`]
    /// for a pair with two rows in one period (naming it).
    pub fn with_shift(
        self,
        column: &str,
        offset: i64,
        missing: Missing,
        name: &str,
    ) -> Result<Panel> {
        let v = self.numeric(column)?;
        let mut at: HashMap<(u32, u32, i64), usize> = HashMap::with_capacity(self.len());
        let keys: Vec<(u32, u32, i64)> = self
            .exporter
            .iter()
            .zip(&self.importer)
            .zip(&self.time)
            .map(|((e, i), t)| (*e, *i, *t))
            .collect();
        for (i, key) in keys.iter().enumerate() {
            if let Some(&first) = at.get(key) {
                return Err(Error::File(FileError::DuplicateRow {
                    file: self.source.clone(),
                    line: self.line(i),
                    first: self.line(first),
                    what: "row for the same exporter, importer and period",
                }));
            }
            at.insert(*key, i);
        }
        let fill = match missing {
            Missing::Leave => None,
            Missing::Zero => Some(0.0),
            Missing::Value(x) => Some(crate::error::finite("the fill value of a shift", x)?),
        };
        let source_missing = self.column(column).and_then(Column::missing);
        let out: Vec<Option<f64>> = keys
            .iter()
            .map(|&(e, i, t)| {
                let j = t.checked_add(offset).and_then(|t| at.get(&(e, i, t)));
                match j {
                    // The source cell itself may be missing.
                    Some(&j) if source_missing.and_then(|m| m.get(j)) == Some(&true) => None,
                    Some(&j) => v.get(j).copied(),
                    None => fill,
                }
            })
            .collect();
        self.with_optional_column(name, out)
    }

    /// Adds a numeric column whose `None` cells are missing: a model that uses the column
    /// leaves those rows out (counted as
    /// [`DropReason::Missing`](super::DropReason::Missing)).
    ///
    /// # Errors
    /// As [`Panel::with_column`].
    pub fn with_optional_column(mut self, name: &str, values: Vec<Option<f64>>) -> Result<Panel> {
        self.check_new_column(name, values.len())?;
        let missing: Vec<bool> = values.iter().map(Option::is_none).collect();
        let missing = if missing.contains(&true) {
            missing
        } else {
            Vec::new()
        };
        let values = values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        self.columns
            .push((name.to_owned(), Column::Numeric { values, missing }));
        Ok(self)
    }

    /// How many cells of a column are missing (0 for the key columns, which cannot be).
    ///
    /// # Errors
    /// [`GravityError::NoSuchColumn`].
    pub fn missing_count(&self, column: &str) -> Result<usize> {
        let keys = [
            &self.names.exporter,
            &self.names.importer,
            &self.names.time,
            &self.names.value,
        ];
        if keys.iter().any(|k| *k == column) {
            return Ok(0);
        }
        let c = self.column(column).ok_or_else(|| self.no_such(column))?;
        Ok(c.missing().map_or(0, |m| m.iter().filter(|x| **x).count()))
    }

    /// Which rows of a column are missing, when any is.
    pub(crate) fn missing_mask(&self, column: &str) -> Option<&[bool]> {
        self.column(column).and_then(Column::missing)
    }

    /// Adds one dummy per period in `periods`, named `{prefix}_{period}`: 1 where the row is in
    /// that period and `condition` holds, else 0. The book's international-border × year
    /// dummies are `with_period_dummies("INTL_BRDR", &[1986, 1990, 1994, 1998, 2002],
    /// Condition::International)`.
    ///
    /// # Errors
    /// As [`Panel::with_column`]; [`GravityError::NoSuchColumn`] for a condition's column;
    /// [`InputError::TooLarge`] when periods × rows exceeds [`crate::limits::MAX_VALUES`].
    pub fn with_period_dummies(
        mut self,
        prefix: &str,
        periods: &[i64],
        condition: Condition,
    ) -> Result<Panel> {
        // One column of every row per period: bounded like any other set of numbers held at once.
        crate::limits::values(
            "period dummies (periods × rows)",
            periods.len().checked_mul(self.len()),
        )?;
        let pairs = self.exporter.iter().zip(&self.importer);
        let holds: Vec<bool> = match &condition {
            Condition::International => pairs.map(|(e, i)| e != i).collect(),
            Condition::Domestic => pairs.map(|(e, i)| e == i).collect(),
            Condition::NonZero(c) => self.numeric(c)?.iter().map(|x| *x != 0.0).collect(),
            Condition::Always => vec![true; self.len()],
        };
        for &p in periods {
            let col = holds
                .iter()
                .zip(&self.time)
                .map(|(h, t)| if *h && *t == p { 1.0 } else { 0.0 })
                .collect();
            self = self.with_column(&format!("{prefix}_{p}"), col)?;
        }
        Ok(self)
    }

    /// The rows for which `keep` is true, in order.
    pub fn filter(&self, mut keep: impl FnMut(Row<'_>) -> bool) -> Panel {
        let mask: Vec<bool> = (0..self.len())
            .map(|index| keep(Row { panel: self, index }))
            .collect();
        self.select(&mask)
    }

    fn select(&self, mask: &[bool]) -> Panel {
        let rows: Vec<usize> = mask
            .iter()
            .enumerate()
            .filter(|(_, k)| **k)
            .map(|(i, _)| i)
            .collect();
        self.take(&rows)
    }

    /// The rows at `rows` (indexes into this panel), in that order; their lines stay those of
    /// the file they came from.
    pub(crate) fn take(&self, rows: &[usize]) -> Panel {
        let columns = self
            .columns
            .iter()
            .map(|(n, c)| (n.clone(), c.take(rows)))
            .collect();
        Panel {
            source: self.source.clone(),
            names: self.names.clone(),
            countries: self.countries.clone(),
            exporter: pick(&self.exporter, rows),
            importer: pick(&self.importer, rows),
            time: pick(&self.time, rows),
            value: pick(&self.value, rows),
            columns,
            lines: pick(&self.lines, rows),
        }
    }
}

/// The positions of the four key columns in a header; an error names a column missing or
/// repeated.
fn key_positions(file: &str, header: &[String], columns: &PanelColumns) -> Result<[usize; 4]> {
    let mut seen = std::collections::HashSet::with_capacity(header.len());
    for h in header {
        if !seen.insert(h.as_str()) {
            return Err(Error::File(FileError::DuplicateColumn {
                file: file.to_owned(),
                column: h.clone(),
            }));
        }
    }
    let find = |name: &str, role: &'static str| -> Result<usize> {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::File(FileError::MissingKeyColumn {
                file: file.to_owned(),
                column: name.to_owned(),
                role,
                found: header.join(", "),
            })
        })
    };
    Ok([
        find(&columns.exporter, "exporter")?,
        find(&columns.importer, "importer")?,
        find(&columns.time, "year")?,
        find(&columns.value, "trade value")?,
    ])
}

/// A panel read row by row: the key columns parsed and checked, the other columns collected.
struct RowsRead<'a> {
    file: &'a str,
    names: &'a PanelColumns,
    keys: [usize; 4],
    others: Vec<usize>,
    builders: Vec<ColumnBuilder>,
    index: HashMap<String, u32>,
    countries: Vec<String>,
    exporter: Vec<u32>,
    importer: Vec<u32>,
    time: Vec<i64>,
    value: Vec<f64>,
    lines: Vec<u64>,
}

impl<'a> RowsRead<'a> {
    fn new(file: &'a str, names: &'a PanelColumns, keys: [usize; 4], width: usize) -> Self {
        let others: Vec<usize> = (0..width).filter(|c| !keys.contains(c)).collect();
        RowsRead {
            file,
            names,
            keys,
            builders: others.iter().map(|_| ColumnBuilder::new()).collect(),
            others,
            index: HashMap::new(),
            countries: Vec::new(),
            exporter: Vec::new(),
            importer: Vec::new(),
            time: Vec::new(),
            value: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// A country code's index, interned on first sight.
    fn country(&mut self, text: &str, line: u64, column: &str) -> Result<u32> {
        if text.is_empty() {
            return Err(Error::Data(DataError::EmptyField).at(self.file, line, column));
        }
        if let Some(&k) = self.index.get(text) {
            return Ok(k);
        }
        let k = u32::try_from(self.countries.len()).map_err(|_| {
            Error::Input(InputError::TooLarge {
                what: "a panel's countries",
                limit: u64::from(u32::MAX),
            })
        })?;
        self.countries.push(text.to_owned());
        self.index.insert(text.to_owned(), k);
        Ok(k)
    }

    fn push(&mut self, record: &csv::StringRecord, line: u64) -> Result<()> {
        let cell = |c: usize| record.get(c).unwrap_or("").trim();
        let [ci, cj, ct, cv] = self.keys;
        let (file, names) = (self.file, self.names);
        let e = self.country(cell(ci), line, &names.exporter)?;
        let i = self.country(cell(cj), line, &names.importer)?;
        let t = cell(ct);
        let year: i64 = t.parse().map_err(|_| {
            Error::Data(DataError::InvalidNumber { text: t.to_owned() }).at(file, line, &names.time)
        })?;
        let v = cell(cv);
        let v: f64 = v.parse().map_err(|_| {
            Error::Data(DataError::InvalidNumber { text: v.to_owned() }).at(
                file,
                line,
                &names.value,
            )
        })?;
        check_flow(v).map_err(|e| e.at(file, line, &names.value))?;
        self.exporter.push(e);
        self.importer.push(i);
        self.time.push(year);
        self.value.push(v);
        self.lines.push(line);
        for (b, &c) in self.builders.iter_mut().zip(&self.others) {
            b.push(cell(c), line);
        }
        crate::limits::values("a panel's rows", Some(self.value.len()))?;
        Ok(())
    }

    fn finish(self, header: &[String]) -> Result<Panel> {
        if self.value.is_empty() {
            return Err(Error::File(FileError::NoRecords {
                file: self.file.to_owned(),
            }));
        }
        let columns = self
            .builders
            .into_iter()
            .zip(&self.others)
            .map(|(b, &c)| (header.get(c).cloned().unwrap_or_default(), b.finish()))
            .collect();
        Ok(Panel {
            source: self.file.to_owned(),
            names: self.names.clone(),
            countries: self.countries,
            exporter: self.exporter,
            importer: self.importer,
            time: self.time,
            value: self.value,
            columns,
            lines: self.lines,
        })
    }
}

/// A condition for [`Panel::with_period_dummies`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Condition {
    /// Exporter and importer differ.
    International,
    /// Exporter and importer are the same country.
    Domestic,
    /// The named numeric column is not zero.
    NonZero(String),
    /// Every row.
    Always,
}

fn check_flow(v: f64) -> Result<()> {
    if !v.is_finite() {
        return Err(Error::Input(InputError::NonFinite {
            what: "a flow",
            value: v,
        }));
    }
    if v < 0.0 {
        return Err(Error::Input(InputError::OutOfRange {
            what: "a flow",
            value: v,
            expected: "zero or more",
        }));
    }
    Ok(())
}

/// Codes in order of first appearance.
pub(crate) fn codes_of(values: impl Iterator<Item = String>) -> (Vec<u32>, Vec<String>) {
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut levels = Vec::new();
    let codes = values.map(|v| intern(&mut index, &mut levels, v)).collect();
    (codes, levels)
}

/// A text column under construction: codes, levels, their index, and the first text cell.
type TextBuilder = (Vec<u32>, Vec<String>, HashMap<String, u32>, (u64, String));

/// Collects a column's cells, as numbers while they all parse (or are missing).
struct ColumnBuilder {
    numbers: Vec<f64>,
    missing: Vec<bool>,
    text: Option<TextBuilder>,
}

impl ColumnBuilder {
    fn new() -> Self {
        ColumnBuilder {
            numbers: Vec::new(),
            missing: Vec::new(),
            text: None,
        }
    }

    fn push(&mut self, cell: &str, line: u64) {
        let missing = is_missing_cell(cell);
        self.missing.push(missing);
        if self.text.is_none() {
            let number = if missing {
                Some(f64::NAN)
            } else {
                cell.parse::<f64>().ok()
            };
            if let Some(x) = number {
                self.numbers.push(x);
                return;
            }
            // Switch to text: earlier numbers become their own text (missing ones empty).
            let mut levels = Vec::new();
            let mut index = HashMap::new();
            let mut codes = Vec::with_capacity(self.numbers.capacity());
            for (x, m) in self.numbers.iter().zip(&self.missing) {
                let text = if *m { String::new() } else { format!("{x}") };
                codes.push(intern(&mut index, &mut levels, text));
            }
            self.numbers = Vec::new();
            self.text = Some((codes, levels, index, (line, cell.to_owned())));
        }
        if let Some((codes, levels, index, _)) = &mut self.text {
            codes.push(intern(index, levels, cell.to_owned()));
        }
    }

    fn finish(self) -> Column {
        let missing = if self.missing.contains(&true) {
            self.missing
        } else {
            Vec::new()
        };
        match self.text {
            Some((codes, levels, _, first_text)) => Column::Text {
                codes,
                levels,
                first_text,
                missing,
            },
            // NaN and infinities stay: a column nobody uses may hold them; a regressor that does
            // is refused where it is used, naming the line.
            None => Column::Numeric {
                values: self.numbers,
                missing,
            },
        }
    }
}

fn intern(index: &mut HashMap<String, u32>, levels: &mut Vec<String>, v: String) -> u32 {
    *index.entry(v).or_insert_with_key(|k| {
        levels.push(k.clone());
        u32::try_from(levels.len() - 1).unwrap_or(u32::MAX)
    })
}
