//! Results as tables: a result names its row type and yields its rows; the writers in
//! [`crate::io`] turn any [`Table`] into CSV, JSON or a DataFrame, and read a [`FromTable`] back.
//!
//! A row is a flat struct whose fields are the table's columns ([`Row`]): the CSV header, the
//! DataFrame's columns and the reader's checks all come from it, so they cannot drift apart. A
//! result's plain-text form is its `Display` ([`TextTable`] and [`Scale`] help lay it out).
//!
//! To add a result: give it a row struct (`#[derive(Serialize, Deserialize)]`, `impl Row`),
//! `impl Table` (and `FromTable` if files of it should read back), and `impl Display`. Nothing in
//! `io` changes.
//!
//! # Examples
//! ```
//! use bilateral::table::Table;
//! let findings = bilateral::audit::audit(&bilateral::Dataset::builtin()?);
//! let rows = findings.rows()?;
//! assert_eq!(rows.len(), findings.len());
//! let csv = String::from_utf8(bilateral::io::to_csv(&findings)?).expect("UTF-8");
//! assert!(csv.starts_with("id,check,corridor,period"));
//! # Ok::<(), bilateral::Error>(())
//! ```

use crate::error::Result;
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// One row of a table: a flat struct whose fields are the columns, in order.
pub trait Row: Serialize + DeserializeOwned {
    /// The columns a file must have to be read back (the others may be left out and read as
    /// empty).
    const REQUIRED: &'static [&'static str];
}

/// A result that is a table.
pub trait Table {
    /// Its row.
    type Row: Row;
    /// What the table holds, in words, for messages (`"audit findings"`).
    const WHAT: &'static str;
    /// The rows, in order.
    ///
    /// # Errors
    /// When a row cannot be formed from the result (a value its format cannot hold).
    fn rows(&self) -> Result<Vec<Self::Row>>;
    /// The column names when they are not the row struct's fields: a sweep has one column per
    /// parameter swept, so its rows carry those values as a sequence the header names.
    fn header(&self) -> Option<Vec<String>> {
        None
    }
    /// The columns whose numbers have one unit throughout the table, for files meant for
    /// people ([`crate::io::to_people_csv`]): each renamed with its unit (`point` →
    /// `value_usd`) and scaled (a fraction → `rate_pct`). Columns not listed keep their name
    /// (a table whose rows differ in unit has a `unit` column instead).
    fn units(&self) -> Vec<ColumnUnit> {
        Vec::new()
    }
    /// The further tidy tables of the result, each its own concept (an outlook's years, then
    /// the rates the corridor has shown, then the published base figures): written beside the
    /// main table or as further sheets of a workbook.
    ///
    /// # Errors
    /// As [`Table::rows`].
    fn companions(&self) -> Result<Vec<Companion>> {
        Ok(Vec::new())
    }
}

/// A column's unit in files meant for people: the name it is written under and the factor its
/// numbers are multiplied by.
///
/// ```
/// use bilateral::table::ColumnUnit;
/// let rate = ColumnUnit::pct("rate", "rate_pct");
/// assert_eq!((rate.column, rate.header, rate.scale), ("rate", "rate_pct", 100.0));
/// assert_eq!(ColumnUnit::usd("point", "value_usd").scale, 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnUnit {
    /// The row's field.
    pub column: &'static str,
    /// The header written for people, with the unit (`value_usd`, `rate_pct`).
    pub header: &'static str,
    /// The factor the numbers are multiplied by (100 for a fraction written in percent).
    pub scale: f64,
}

impl ColumnUnit {
    /// A column in US dollars, renamed.
    pub const fn usd(column: &'static str, header: &'static str) -> ColumnUnit {
        ColumnUnit {
            column,
            header,
            scale: 1.0,
        }
    }
    /// A column renamed with its unit, its numbers as they are (`point` → `years`).
    pub const fn renamed(column: &'static str, header: &'static str) -> ColumnUnit {
        ColumnUnit {
            column,
            header,
            scale: 1.0,
        }
    }
    /// A fraction written in percent (0.1208 → 12.08), renamed.
    pub const fn pct(column: &'static str, header: &'static str) -> ColumnUnit {
        ColumnUnit {
            column,
            header,
            scale: 100.0,
        }
    }
}

/// One further table of a result ([`Table::companions`]): a short name for its file or sheet
/// (`rates` → `outlook.rates.csv`), what it holds, its CSV and its columns' units.
#[derive(Debug, Clone, PartialEq)]
pub struct Companion {
    /// A short name, a file-name suffix and a sheet name.
    pub name: &'static str,
    /// What the table holds, in words.
    pub what: &'static str,
    /// The table as [`crate::io::to_csv`] writes it.
    pub csv: Vec<u8>,
    /// Its columns' units.
    pub units: Vec<ColumnUnit>,
}

impl Companion {
    /// The companion made of a table.
    ///
    /// # Errors
    /// As [`crate::io::to_csv`].
    pub fn of<T: Table + ?Sized>(name: &'static str, table: &T) -> Result<Companion> {
        Ok(Companion {
            name,
            what: T::WHAT,
            csv: crate::schema::write_table(table)?,
            units: table.units(),
        })
    }
}

/// A table that can be rebuilt from its rows (a CSV file it wrote, read back).
pub trait FromTable: Table + Sized {
    /// Whether the file may hold `column` although the row struct has no such field (a
    /// sweep's parameter columns); its cells come in [`Record::extra`].
    fn accepts(column: &str) -> bool {
        let _ = column;
        false
    }

    /// The result from the records of `file`, each with its line for errors.
    ///
    /// # Errors
    /// When the rows do not make a valid result: an error naming the file, line and field.
    fn from_rows(file: &str, records: Vec<Record<Self::Row>>) -> Result<Self>;
}

/// A row read from a file: its line (the header is line 1), the row, and the cells of the
/// columns the row struct does not have, as `(column, text)` in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<R> {
    /// The line the record starts on.
    pub line: u64,
    /// The row.
    pub row: R,
    /// The other columns' cells.
    pub extra: Vec<(String, String)>,
}

impl<T: Table + ?Sized> Table for &T {
    type Row = T::Row;
    const WHAT: &'static str = T::WHAT;
    fn rows(&self) -> Result<Vec<T::Row>> {
        (**self).rows()
    }
    fn header(&self) -> Option<Vec<String>> {
        (**self).header()
    }
    fn units(&self) -> Vec<ColumnUnit> {
        (**self).units()
    }
    fn companions(&self) -> Result<Vec<Companion>> {
        (**self).companions()
    }
}

/// A plain-text table whose columns are sized to their contents, wrapping cells wider than a
/// column's limit onto further lines. An empty table is its header and a line saying it is
/// empty.
///
/// # Examples
/// ```
/// use bilateral::table::TextTable;
/// let mut t = TextTable::new(["flow", "value"]);
/// t.row(["exports", "$3.1 billion"]);
/// t.row(["imports", "$1.3 billion"]);
/// let s = t.to_string();
/// assert!(s.contains("exports  $3.1 billion"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    limits: Vec<usize>,
}

impl TextTable {
    /// A table with these column headers.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> TextTable {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        let limits = vec![usize::MAX; headers.len()];
        TextTable {
            headers,
            rows: Vec::new(),
            limits,
        }
    }

    /// Limits a column's width (in characters); longer cells wrap at spaces.
    pub fn limit(mut self, column: usize, width: usize) -> TextTable {
        if let Some(l) = self.limits.get_mut(column) {
            *l = width.max(8);
        }
        self
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut r: Vec<String> = cells.into_iter().map(Into::into).collect();
        r.resize(self.headers.len(), String::new());
        self.rows.push(r);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

impl fmt::Display for TextTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wrapped: Vec<Vec<Vec<String>>> = std::iter::once(&self.headers)
            .chain(&self.rows)
            .map(|r| {
                r.iter()
                    .zip(&self.limits)
                    .map(|(c, l)| wrap(c, *l))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|i| {
                wrapped
                    .iter()
                    .filter_map(|r| r.get(i))
                    .flatten()
                    .map(|l| l.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for (n, row) in wrapped.iter().enumerate() {
            let height = row.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let cells: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{:<w$}", c.get(k).map_or("", String::as_str)))
                    .collect();
                writeln!(f, "{}", cells.join("  ").trim_end())?;
            }
            if n == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                writeln!(f, "{}", rule.join("  "))?;
            }
        }
        if self.rows.is_empty() {
            writeln!(f, "(no rows)")?;
        }
        Ok(())
    }
}

/// A fraction as a percentage: two decimals, or scientific notation past a million percent.
///
/// ```
/// assert_eq!(bilateral::table::pct(0.12083), "12.08%");
/// ```
pub fn pct(x: f64) -> String {
    let p = x * 100.0;
    if p.abs() >= 1e6 {
        format!("{p:.3e}%")
    } else {
        format!("{p:.2}%")
    }
}

/// One scale for every amount in a table, so its columns line up and read at a glance: millions
/// with one decimal and thousands separators (4,500.0 for 4.5 billion), whole units below a
/// million, scientific notation past a thousand trillion, where digit groups stop helping.
///
/// # Examples
/// ```
/// use bilateral::table::Scale;
/// let s = Scale::for_values([4.5e9, 4.2436e7]);
/// assert_eq!(s.fmt(4.5e9), "4,500.0");
/// assert_eq!(s.fmt_signed(4.2436e7), "+42.4");
/// assert_eq!(s.note(), "amounts in millions");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    divisor: f64,
    places: usize,
    scientific: bool,
}

impl Scale {
    /// The scale for the largest finite magnitude among `values`.
    pub fn for_values(values: impl IntoIterator<Item = f64>) -> Scale {
        let max = values
            .into_iter()
            .filter(|v| v.is_finite())
            .map(f64::abs)
            .fold(0.0, f64::max);
        if max >= 1e15 {
            Scale {
                divisor: 1.0,
                places: 4,
                scientific: true,
            }
        } else if max >= 1e6 {
            Scale {
                divisor: 1e6,
                places: 1,
                scientific: false,
            }
        } else {
            Scale {
                divisor: 1.0,
                places: 0,
                scientific: false,
            }
        }
    }

    /// The line that says what the table's amounts are in.
    pub fn note(self) -> &'static str {
        match (self.scientific, self.divisor > 1.0) {
            (true, _) => "amounts as printed (scientific notation)",
            (false, true) => "amounts in millions",
            (false, false) => "amounts in units",
        }
    }

    /// An amount on this scale.
    pub fn fmt(self, v: f64) -> String {
        self.render(v, false)
    }

    /// An amount on this scale with its sign always shown (a change or contribution).
    pub fn fmt_signed(self, v: f64) -> String {
        self.render(v, true)
    }

    /// A value with its range on this scale: the point, and `[lo, hi]` when they differ.
    pub fn fmt_range(self, point: f64, lo: f64, hi: f64) -> String {
        if lo == hi {
            self.fmt(point)
        } else {
            format!("{} [{}, {}]", self.fmt(point), self.fmt(lo), self.fmt(hi))
        }
    }

    fn render(self, v: f64, signed: bool) -> String {
        if self.scientific || !v.is_finite() {
            let d = self.places;
            return if signed {
                format!("{v:+.d$e}")
            } else {
                format!("{v:.d$e}")
            };
        }
        let d = self.places;
        let text = format!("{:.d$}", (v / self.divisor).abs());
        let (int, frac) = text
            .split_once('.')
            .map_or((text.as_str(), ""), |(i, f)| (i, f));
        let mut grouped = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if !frac.is_empty() {
            grouped.push('.');
            grouped.push_str(frac);
        }
        // A value that rounds to zero prints unsigned (no "-0.0").
        let zero = text.bytes().all(|b| b == b'0' || b == b'.');
        let sign = if v < 0.0 && !zero {
            "-"
        } else if signed && !zero {
            "+"
        } else {
            ""
        };
        format!("{sign}{grouped}")
    }
}

/// A result that is a list of rows-to-be (`Findings`, `MirrorPairs`): a newtype over `Vec<T>`
/// that derefs to `[T]`, iterates, collects and (de)serializes as the list itself.
macro_rules! list_result {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($item:ty);
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(Vec<$item>);

        impl $name {
            /// The list.
            pub fn new(items: Vec<$item>) -> Self {
                $name(items)
            }

            /// The items, as a vector.
            pub fn into_vec(self) -> Vec<$item> {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = [$item];
            fn deref(&self) -> &[$item] {
                &self.0
            }
        }

        impl From<Vec<$item>> for $name {
            fn from(items: Vec<$item>) -> Self {
                $name(items)
            }
        }

        impl FromIterator<$item> for $name {
            fn from_iter<I: IntoIterator<Item = $item>>(iter: I) -> Self {
                $name(iter.into_iter().collect())
            }
        }

        impl IntoIterator for $name {
            type Item = $item;
            type IntoIter = std::vec::IntoIter<$item>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.into_iter()
            }
        }

        impl<'a> IntoIterator for &'a $name {
            type Item = &'a $item;
            type IntoIter = std::slice::Iter<'a, $item>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }

        impl PartialEq<Vec<$item>> for $name {
            fn eq(&self, other: &Vec<$item>) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for Vec<$item> {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_long_cells() {
        let mut t = TextTable::new(["a", "b"]).limit(1, 10);
        t.row(["x", "one two three four"]);
        let s = t.to_string();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(
            lines,
            ["a  b", "-  ----------", "x  one two", "   three four"].map(|l| l.trim_end())
        );
        assert_eq!(
            TextTable::new(["a"]).to_string(),
            "a\n-\n(no rows)\n".to_owned()
        );
    }

    #[test]
    fn scale_groups_millions_and_signs_changes() {
        let s = Scale::for_values([4.5e9, 4.2436e7, -1.0]);
        assert_eq!(s.fmt(4.5e9), "4,500.0");
        assert_eq!(s.fmt_signed(4.2436e7), "+42.4");
        assert_eq!(s.fmt_signed(-1_234_567_890.0), "-1,234.6");
        assert_eq!(s.fmt_signed(0.0), "0.0");
        assert_eq!(s.fmt(-1.0), "0.0");
        assert_eq!(s.note(), "amounts in millions");
        let small = Scale::for_values([950.0, f64::NAN]);
        assert_eq!(small.fmt(950.4), "950");
        assert_eq!(small.fmt(1234.0), "1,234");
        let huge = Scale::for_values([2e18]);
        assert_eq!(huge.fmt(2e18), "2.0000e18");
        assert_eq!(huge.fmt_signed(2e18), "+2.0000e18");
    }
}
