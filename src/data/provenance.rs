//! Checking figures against the documents they cite: the quote is in the document, the printed
//! words are in the quote, and the printed words read as the figure's value.

use std::collections::BTreeMap;
use std::path::Path;

use crate::data::Dataset;
use crate::data::printed::{self, Reading};
use crate::data::{Figure, Origin, Source, Value};
use crate::error::{DataError, Error, Result};

/// Source documents by file name, whitespace-normalised for matching.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    texts: BTreeMap<String, String>,
}

impl Documents {
    /// Documents from `(file name, text)` pairs.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Documents {
        Documents {
            texts: texts
                .into_iter()
                .map(|(name, text)| (name.to_owned(), normalize(text)))
                .collect(),
        }
    }

    /// Every `*.txt` file in a folder (such as `../shared/sources`).
    ///
    /// # Errors
    /// [`IoError::Io`](crate::error::IoError::Io) if the folder or a file cannot be read (a file
    /// that is not UTF-8 is read lossily: its quotes will simply not match).
    pub fn load_dir(dir: &Path) -> Result<Documents> {
        let io = crate::file::io_error(dir);
        let mut texts = BTreeMap::new();
        for entry in std::fs::read_dir(dir).map_err(&io)? {
            let path = entry.map_err(&io)?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                let bytes = crate::file::read(&path)?;
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    texts.insert(name.to_owned(), normalize(&String::from_utf8_lossy(&bytes)));
                }
            }
        }
        Ok(Documents { texts })
    }

    /// The file names held.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }

    /// Whether `quote` (normalised) appears in document `name`.
    pub fn contains(&self, name: &str, quote: &str) -> Option<bool> {
        self.texts.get(name).map(|t| t.contains(&normalize(quote)))
    }
}

/// Collapses every run of whitespace to one space, and joins words hyphenated across a line
/// break ("Jackson-\n\nVanik" → "Jackson-Vanik"), so quotes match however the document wraps.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut run_has_newline = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            run_has_newline |= c == '\n' || c == '\r';
            continue;
        }
        if pending_space && !out.is_empty() && !(run_has_newline && out.ends_with('-')) {
            out.push(' ');
        }
        pending_space = false;
        run_has_newline = false;
        out.push(c);
    }
    out
}

/// The outcome of checking a dataset against its documents.
#[derive(Debug, Default)]
pub struct ProvenanceReport {
    /// Figures and regime facts that cite a document and were checked.
    pub checked: usize,
    /// Items that cite no document (published series), which cannot be checked here.
    pub skipped: usize,
    /// Every problem found; empty when all is well.
    pub problems: Vec<Error>,
    /// Every item in data order: its id, the document it cites (`None`: it cites none and was
    /// not checked), and the problem found with it (`None`: its quote and printed value are in
    /// the document).
    pub items: Vec<(String, Option<String>, Option<String>)>,
}

impl ProvenanceReport {
    /// Whether no problem was found.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks every figure and regime fact that cites a document.
///
/// For each: the document is among `docs`; the quote appears in it (whitespace-normalised); the
/// printed words appear in the quote; and, for figures, the printed words read as the figure's
/// value and bound (e.g. "exceeding $1.2 billion" reads as more than 1.2e9 dollars).
///
/// # Examples
/// ```
/// use bilateral::Dataset;
/// use bilateral::data::{Documents, check_provenance};
/// let doc = "Their trade turnover was $4.5 billion in 2023, exceeding $1.2 billion \
///            in the first four months of 2024.";
/// let csv = "id,measure,corridor,period,unit,value,source,printed,quote\n\
///     t,turnover,KAZ->UZB,2023,usd,$4.5 billion,002_26f6919544f59e0e.txt,$4.5 billion,\
///     Their trade turnover was $4.5 billion in 2023\n";
/// let data = Dataset::from_figures_csv("mine.csv", csv.as_bytes())?;
/// let docs = Documents::from_texts([("002_26f6919544f59e0e.txt", doc)]);
/// let report = check_provenance(&data, &docs);
/// assert!(report.is_clean() && report.checked == 1);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn check_provenance(data: &Dataset, docs: &Documents) -> ProvenanceReport {
    let mut report = ProvenanceReport::default();
    for f in data.figures() {
        let prov = f.provenance();
        let id = f.id().as_str();
        let Source::Document(doc) = &prov.source else {
            report.skipped += 1;
            report.items.push((id.to_owned(), None, None));
            continue;
        };
        report.checked += 1;
        let problem = check_quote(id, doc, &prov.quote, prov.printed.as_deref(), docs)
            .and_then(|printed| check_value(f, printed))
            .err()
            .map(|e| locate(e, f.origin()));
        report.items.push((
            id.to_owned(),
            Some(doc.to_string()),
            problem.as_ref().map(ToString::to_string),
        ));
        report.problems.extend(problem);
    }
    for r in data.regimes() {
        let prov = &r.provenance;
        let Source::Document(doc) = &prov.source else {
            report.skipped += 1;
            report.items.push((r.id.as_str().to_owned(), None, None));
            continue;
        };
        report.checked += 1;
        let problem = check_quote(
            r.id.as_str(),
            doc,
            &prov.quote,
            prov.printed.as_deref(),
            docs,
        )
        .err();
        report.items.push((
            r.id.as_str().to_owned(),
            Some(doc.to_string()),
            problem.as_ref().map(ToString::to_string),
        ));
        report.problems.extend(problem);
    }
    report
}

/// Names the file, line and field of a problem when the item came from a file.
fn locate(e: Error, origin: Option<&Origin>) -> Error {
    let field = match e {
        Error::Data(DataError::QuoteNotInDocument { .. }) => "quote",
        Error::Data(DataError::PrintedNotInQuote { .. })
        | Error::Data(DataError::ValueNotInPrinted { .. }) => "printed",
        _ => "source",
    };
    match origin {
        Some(o) => e.at(&o.file, o.line, field),
        None => e,
    }
}

fn check_quote<'a>(
    id: &str,
    doc: &str,
    quote: &str,
    printed: Option<&'a str>,
    docs: &Documents,
) -> Result<&'a str> {
    match docs.contains(doc, quote) {
        None => {
            return Err(Error::Data(DataError::MissingDocument {
                id: id.to_owned(),
                document: doc.to_owned(),
            }));
        }
        Some(false) => {
            return Err(Error::Data(DataError::QuoteNotInDocument {
                id: id.to_owned(),
                document: doc.to_owned(),
                quote: quote.to_owned(),
            }));
        }
        Some(true) if quote.trim().is_empty() => {
            return Err(Error::Data(DataError::QuoteNotInDocument {
                id: id.to_owned(),
                document: doc.to_owned(),
                quote: String::new(),
            }));
        }
        Some(true) => {}
    }
    let printed = printed.unwrap_or("");
    if printed.trim().is_empty() || !normalize(quote).contains(&normalize(printed)) {
        return Err(Error::Data(DataError::PrintedNotInQuote {
            id: id.to_owned(),
            printed: printed.to_owned(),
        }));
    }
    Ok(printed)
}

fn check_value(f: &Figure, printed: &str) -> Result<()> {
    let context_year = match f.value() {
        Value::Date { period } => Some(period.first_day().year()),
        _ => None,
    };
    let mismatch = |read: String| {
        Error::Data(DataError::ValueNotInPrinted {
            id: f.id().to_string(),
            printed: printed.to_owned(),
            read,
            value: f.value_text(),
        })
    };
    let reading = printed::read(printed, f.unit(), context_year)
        .map_err(|e| mismatch(format!("nothing ({e})")))?;
    let ok = match (&reading, f.value()) {
        (Reading::Amount { value: r, bound }, Value::Amount { value, .. }) => {
            *bound == f.bound() && (r - value).abs() <= 1e-9 * value.abs().max(1.0)
        }
        (Reading::Date(p), Value::Date { period }) => p == period,
        (Reading::Countries(c), Value::Countries { countries }) => c == countries,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(mismatch(format!("{reading:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_whitespace_and_line_break_hyphens() {
        assert_eq!(normalize("  a \n\n b\tc  "), "a b c");
        assert_eq!(
            normalize("Jackson-\n\nVanik needlessly"),
            "Jackson-Vanik needlessly"
        );
        assert_eq!(normalize("Kazakh- Uzbek"), "Kazakh- Uzbek");
    }

    fn data(value: &str, printed: &str, quote: &str) -> Result<Dataset> {
        let csv = format!(
            "id,measure,corridor,period,unit,value,bound,source,printed,quote\n\
             t,turnover,KAZ->UZB,2023,usd,{value},gt,002_26f6919544f59e0e.txt,{printed},\"{quote}\"\n"
        );
        Dataset::from_figures_csv("t.csv", csv.as_bytes())
    }

    const DOC: &str = "Their trade turnover was $4.5 billion in 2023, exceeding $1.2 billion in the\nfirst four months of 2024.";

    fn problems(value: &str, printed: &str, quote: &str) -> Vec<String> {
        let docs = Documents::from_texts([("002_26f6919544f59e0e.txt", DOC)]);
        let d = data(value, printed, quote).unwrap_or_default();
        check_provenance(&d, &docs)
            .problems
            .iter()
            .map(|e| {
                format!("{:?}", e.root())
                    .trim_start_matches("Data(")
                    .split([' ', '{'])
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn finds_each_kind_of_problem() {
        let q = "exceeding $1.2 billion in the first four months";
        assert!(problems("$1.2 billion", "exceeding $1.2 billion", q).is_empty());
        assert_eq!(
            problems(
                "$1.2 billion",
                "exceeding $1.2 billion",
                "exceeding $1.3 billion"
            ),
            ["QuoteNotInDocument"]
        );
        assert_eq!(
            problems("$1.2 billion", "more than $1.2 billion", q),
            ["PrintedNotInQuote"]
        );
        assert_eq!(
            problems("$1.3 billion", "exceeding $1.2 billion", q),
            ["ValueNotInPrinted"]
        );
        // The bound is part of the value: "$1.2 billion" alone does not say "more than".
        assert_eq!(
            problems("$1.2 billion", "$1.2 billion", q),
            ["ValueNotInPrinted"]
        );
    }
}
