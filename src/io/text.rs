//! Plain-text tables for terminals and logs.

use std::fmt;

use crate::audit::{Finding, fmt_estimate};

/// A plain-text table whose columns are sized to their contents, wrapping cells wider than a
/// column's limit onto further lines.
///
/// # Examples
/// ```
/// use bilateral::io::TextTable;
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
        Ok(())
    }
}

/// Audit findings as a table: check, period, verdict, what the figures imply and the
/// explanation, which wraps at `explanation_width` characters.
///
/// # Examples
/// ```
/// use bilateral::audit::audit_corridor;
/// use bilateral::{Corridor, Dataset};
/// let data = Dataset::builtin()?;
/// let findings = audit_corridor(&data, Corridor::KAZ_UZB);
/// let table = bilateral::io::findings_table(&findings, 80);
/// assert_eq!(table.len(), findings.len());
/// assert!(table.to_string().starts_with("check"));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn findings_table<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    explanation_width: usize,
) -> TextTable {
    let mut t = TextTable::new(["check", "period", "verdict", "derived", "explanation"])
        .limit(3, 28)
        .limit(4, explanation_width);
    for f in findings {
        t.row([
            f.check.to_string(),
            f.period.map(|p| p.to_string()).unwrap_or_default(),
            f.verdict.to_string(),
            fmt_estimate(f.derived, f.unit),
            f.explanation.clone(),
        ]);
    }
    t
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
    }
}
