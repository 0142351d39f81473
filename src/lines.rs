//! Physical line numbers of CSV records, whatever the line ends.
//!
//! The csv crate counts lines by `\n` and reports a record's position where its reader
//! started: after a record ended by `\r\n` that is the `\n`, and before any blank lines it then
//! skips. Its line numbers fall one behind per such step in files with Windows line ends
//! (as Comtrade downloads often are) or blank lines. [`Counting`] passes the bytes through and
//! notes where runs of line-break bytes lie; [`Lines::line_of`] turns a record's byte position
//! into the line its first character is on. A line break is `\n`, `\r\n` or a lone `\r`.
//!
//! Only the runs in the reader's look-ahead are kept: each run is forgotten once a record past
//! it is asked for, so memory stays bounded by the longest record.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

use crate::limits::MAX_RECORD_BYTES;

/// A run of consecutive line-break bytes.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: u64,
    end: u64,
    breaks: u64,
    last_cr: bool,
}

/// Line-break runs seen so far, and the lines counted before them.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    runs: VecDeque<Run>,
    /// Line breaks in runs already forgotten.
    before: u64,
    /// The last position asked for and its answer (a record's error asks again).
    last: Option<(u64, u64)>,
    /// Where a record that grew past [`MAX_RECORD_BYTES`] starts, once one has.
    overlong: Option<u64>,
}

impl Lines {
    fn note(&mut self, offset: u64, byte: u8) {
        let is_cr = byte == b'\r';
        match self.runs.back_mut() {
            Some(r) if r.end == offset => {
                // `\r\n` is one break; every other break byte is one.
                if !(byte == b'\n' && r.last_cr) {
                    r.breaks += 1;
                }
                r.end = offset + 1;
                r.last_cr = is_cr;
            }
            _ => self.runs.push_back(Run {
                start: offset,
                end: offset + 1,
                breaks: 1,
                last_cr: is_cr,
            }),
        }
    }

    /// The 1-based line of the first character at or after byte `position` that is not a line
    /// break (where a record reported at `position` starts). Positions are asked for in
    /// increasing order; asking again for an earlier one gives the last answer.
    pub(crate) fn line_of(&mut self, position: u64) -> u64 {
        if let Some((p, line)) = self.last
            && position <= p
        {
            return line;
        }
        // Runs that start at or before the position end before the record's first character:
        // a run holding the position is the blank lines (or the `\n` of a `\r\n`) skipped.
        while let Some(r) = self.runs.front() {
            if r.start > position {
                break;
            }
            self.before += r.breaks;
            self.runs.pop_front();
        }
        let line = self.before + 1;
        self.last = Some((position, line));
        line
    }
}

/// A reader that notes line breaks in [`Lines`] as bytes pass through, and stops with an error
/// at a record longer than [`MAX_RECORD_BYTES`] (a record ends at a line break outside quotes).
pub(crate) struct Counting<R> {
    inner: R,
    offset: u64,
    lines: Rc<RefCell<Lines>>,
    in_quotes: bool,
    record_start: u64,
}

impl<R: Read> Counting<R> {
    /// Wraps `inner`; the second value answers line numbers for the bytes read through it.
    pub(crate) fn new(inner: R) -> (Counting<R>, Rc<RefCell<Lines>>) {
        let lines = Rc::new(RefCell::new(Lines::default()));
        (
            Counting {
                inner,
                offset: 0,
                lines: Rc::clone(&lines),
                in_quotes: false,
                record_start: 0,
            },
            lines,
        )
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.borrow_mut();
        for (i, b) in buf.iter().take(n).enumerate() {
            let at = self.offset + i as u64;
            match b {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' | b'\r' => {
                    lines.note(at, *b);
                    if !self.in_quotes {
                        self.record_start = at + 1;
                    }
                }
                _ => {}
            }
            if at.saturating_sub(self.record_start) >= MAX_RECORD_BYTES {
                lines.overlong = Some(self.record_start);
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "a record longer than the limit",
                ));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A strict CSV reader over `input` (a header, every record as wide; fields trimmed as `trim`
/// says) and the line counter it feeds.
pub(crate) fn csv_reader<R: Read>(
    input: R,
    trim: csv::Trim,
) -> (csv::Reader<Counting<R>>, Rc<RefCell<Lines>>) {
    let (input, lines) = Counting::new(input);
    let reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(trim)
        .from_reader(input);
    (reader, lines)
}

/// The CSV reader's error as ours, with the file and the line `lines` counted; a record that
/// grew past [`MAX_RECORD_BYTES`] is [`FileError::RecordTooLong`](crate::error::FileError::RecordTooLong).
pub(crate) fn csv_error(file: &str, e: &csv::Error, lines: &RefCell<Lines>) -> crate::Error {
    let overlong = lines.borrow().overlong;
    if let Some(start) = overlong {
        return crate::Error::File(crate::error::FileError::RecordTooLong {
            file: file.to_owned(),
            line: lines.borrow_mut().line_of(start),
            limit: MAX_RECORD_BYTES,
        });
    }
    crate::Error::File(crate::error::FileError::Csv {
        file: file.to_owned(),
        line: e.position().map_or(0, |p| line(lines, p)),
        message: match e.kind() {
            csv::ErrorKind::Utf8 { err, .. } => {
                format!("field {} is not valid UTF-8", err.field() + 1)
            }
            _ => e.to_string(),
        },
    })
}

/// The line of a csv position, through `lines`.
pub(crate) fn line(lines: &RefCell<Lines>, p: &csv::Position) -> u64 {
    lines.borrow_mut().line_of(p.byte())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's first field and line, read through [`Counting`].
    fn lines_of(text: &[u8]) -> Vec<(String, u64)> {
        let (input, lines) = Counting::new(text);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(input);
        let mut out = Vec::new();
        let mut rec = csv::StringRecord::new();
        while r.read_record(&mut rec).unwrap() {
            let l = line(&lines, rec.position().unwrap());
            out.push((rec.get(0).unwrap().to_owned(), l));
        }
        out
    }

    #[test]
    fn lf_crlf_and_cr_give_the_same_lines() {
        let lf = "a,b\n1,2\n\n3,4\n\"x\ny\",5\n6,7\n";
        let expected = vec![
            ("1".to_owned(), 2),
            ("3".to_owned(), 4),
            ("x\ny".to_owned(), 5),
            ("6".to_owned(), 7),
        ];
        assert_eq!(lines_of(lf.as_bytes()), expected);
        let crlf = lf.replace('\n', "\r\n");
        let mut want_crlf = expected.clone();
        want_crlf[2].0 = "x\r\ny".into();
        assert_eq!(lines_of(crlf.as_bytes()), want_crlf);
        let cr = lf.replace('\n', "\r");
        let mut want_cr = expected;
        want_cr[2].0 = "x\ry".into();
        assert_eq!(lines_of(cr.as_bytes()), want_cr);
    }

    #[test]
    fn many_blank_lines_keep_one_run() {
        let mut text = b"a\n".to_vec();
        text.extend(std::iter::repeat_n(b'\n', 100_000));
        text.extend(b"1\n");
        assert_eq!(lines_of(&text), vec![("1".to_owned(), 100_002)]);
    }
}
