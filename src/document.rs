//! JSON and TOML documents (scenario files, saved results) read into typed values, with errors
//! that name the file, the field path (`layers[1].free_trade.cost_after`), the line and the
//! column. A leading byte-order mark is accepted. Types with invariants deserialize through their
//! validating constructors, so the message of a value that does not fit is the constructor's.

use crate::error::{Error, FileError, IoError, Result};
use serde::de::DeserializeOwned;

/// The bytes without a leading UTF-8 byte-order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// A field path as serde_path_to_error prints it, `.` for the document itself.
fn path_text(path: &serde_path_to_error::Path) -> String {
    let p = path.to_string();
    if p.is_empty() { ".".into() } else { p }
}

/// Reads a JSON document.
///
/// # Errors
/// [`FileError::Document`] with the field path, line and column. A value as pretty JSON text; a NaN
/// or infinity is refused, naming where.
///
/// # Errors
/// [`IoError::Serialize`] for a NaN or infinity, or a value serde cannot write.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    crate::finite::check("JSON", value)?;
    serde_json::to_vec_pretty(value).map_err(|e| {
        Error::Io(IoError::Serialize {
            what: "JSON",
            message: e.to_string(),
        })
    })
}

pub(crate) fn from_json<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(strip_bom(bytes));
    let json_error = |path: String, e: serde_json::Error| {
        // serde_json appends " at line L column C" to its message; the variant holds both.
        let full = e.to_string();
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m)
            .to_owned();
        Error::File(FileError::Document {
            file: file.to_owned(),
            format: "json",
            path,
            line: e.line() as u64,
            column: e.column() as u64,
            message,
        })
    };
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| json_error(path_text(e.path()), e.into_inner()))?;
    de.end().map_err(|e| json_error(".".into(), e))?;
    Ok(value)
}

/// The 1-based line and column of a byte offset in `text`.
fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, l)| l)
        .chars()
        .count() as u64
        + 1;
    (line, column)
}

/// Reads a TOML document.
///
/// # Errors
/// [`FileError::Document`] with the field path, line and column; [`FileError::Document`] at line 0
/// for text that is not UTF-8.
pub(crate) fn from_toml<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T> {
    let document = |path: String, line, column, message: String| {
        Error::File(FileError::Document {
            file: file.to_owned(),
            format: "toml",
            path,
            line,
            column,
            message,
        })
    };
    let text = std::str::from_utf8(strip_bom(bytes))
        .map_err(|e| document(".".into(), 0, 0, format!("not UTF-8: {e}")))?;
    let toml_error = |path: String, e: &toml::de::Error| {
        let (line, column) = e.span().map_or((0, 0), |s| line_column(text, s.start));
        document(path, line, column, e.message().trim().to_owned())
    };
    let de = toml::Deserializer::parse(text).map_err(|e| toml_error(".".into(), &e))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = path_text(e.path());
        toml_error(path, e.inner())
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[allow(dead_code)]
        rate: f64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        layers: Vec<Inner>,
    }

    #[test]
    fn json_errors_name_path_line_and_column() {
        let text = b"\xef\xbb\xbf{\"layers\": [{\"rate\": 1},\n {\"rat\": 2}]}";
        let e = from_json::<Doc>("s.json", text).unwrap_err();
        match e {
            Error::File(FileError::Document {
                path,
                line,
                message,
                ..
            }) => {
                assert_eq!(path, "layers[1].rat");
                assert_eq!(line, 2);
                assert!(message.contains("unknown field `rat`"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(from_json::<Doc>("s.json", b"{\"layers\": []} x").is_err());
    }

    #[test]
    fn toml_errors_name_path_line_and_column() {
        let text = b"[[layers]]\nrate = 1.0\n\n[[layers]]\nrate = \"high\"\n";
        match from_toml::<Doc>("s.toml", text).unwrap_err() {
            Error::File(FileError::Document {
                path, line, column, ..
            }) => {
                assert_eq!(path, "layers[1].rate");
                assert_eq!((line, column), (5, 8));
            }
            other => panic!("{other:?}"),
        }
    }
}
