//! Cost changes and sets of pairs read from words, in the form their descriptions print:
//! `RTA = 1 among KAZ, UZB`, `INTL_BRDR = 0 on international pairs`, `costs × 0.9 from KAZ to
//! UZB, TJK`, `RTA = 1 on KAZ->UZB, UZB->KAZ`.

use std::str::FromStr;

use super::counterfactual::{Change, Pairs};
use crate::data::Economy;
use crate::error::{Error, InputError, Result};

fn invalid(text: &str, expected: &'static str) -> Error {
    Error::Input(InputError::WrongKind {
        what: "a cost change or set of pairs",
        expected,
        got: text.to_owned(),
    })
}

const PAIRS_EXPECTED: &str = "`among A, B, ...`, `from A, B to C`, `on A->B, C->D`, `on all pairs` \
                              or `on international pairs`";

const CHANGE_EXPECTED: &str = "`TERM = VALUE` or `costs × FACTOR` (also `costs * FACTOR`), then \
                               the pairs: `among A, B, ...`, `from A, B to C`, `on A->B, C->D`, \
                               `on all pairs` or `on international pairs`";

/// Countries separated by commas, spaces after them allowed.
fn list(text: &str) -> Result<Vec<Economy>> {
    text.split(',')
        .map(|c| Economy::new(c.trim()))
        .collect::<Result<Vec<_>>>()
}

/// Reads `among A, B`, `from A to B, C`, `on A->B, B->A`, `on all pairs`, `on international
/// pairs`.
///
/// ```
/// use bilateral::equilibrium::Pairs;
/// let p: Pairs = "among KAZ, UZB".parse()?;
/// assert_eq!(p.to_string(), "among KAZ, UZB");
/// assert_eq!("on international pairs".parse::<Pairs>()?, Pairs::International);
/// # Ok::<(), bilateral::Error>(())
/// ```
impl FromStr for Pairs {
    type Err = Error;
    fn from_str(s: &str) -> Result<Pairs> {
        let text = s.trim();
        let lower = text.to_ascii_lowercase();
        let rest = |n: usize| text.get(n..).unwrap_or("").trim();
        if lower == "on all pairs" || lower == "all" {
            return Ok(Pairs::All);
        }
        if lower == "on international pairs" || lower == "international" {
            return Ok(Pairs::International);
        }
        if lower.starts_with("among ") {
            return Ok(Pairs::Among(list(rest(6))?));
        }
        if lower.starts_with("from ") {
            let body = rest(5);
            let to = body
                .to_ascii_lowercase()
                .find(" to ")
                .ok_or_else(|| invalid(text, PAIRS_EXPECTED))?;
            let (a, b) = (
                body.get(..to).unwrap_or(""),
                body.get(to + 4..).unwrap_or(""),
            );
            return Ok(Pairs::Between(list(a)?, list(b)?));
        }
        if lower.starts_with("on ") {
            let pairs = rest(3)
                .split(',')
                .map(|p| {
                    let (e, i) = p
                        .split_once("->")
                        .ok_or_else(|| invalid(text, PAIRS_EXPECTED))?;
                    Ok((Economy::new(e.trim())?, Economy::new(i.trim())?))
                })
                .collect::<Result<Vec<_>>>()?;
            return Ok(Pairs::List(pairs));
        }
        Err(invalid(text, PAIRS_EXPECTED))
    }
}

/// Reads `TERM = VALUE PAIRS` or `costs × FACTOR PAIRS` (`*` for `×`), PAIRS as [`Pairs`] reads
/// them: the form [`Counterfactual::describe`](super::Counterfactual::describe) prints.
///
/// ```
/// use bilateral::equilibrium::{Change, Pairs};
/// let c: Change = "RTA = 1 among KAZ, UZB".parse()?;
/// assert_eq!(c, Change::SetTerm { term: "RTA".into(), pairs: "among KAZ, UZB".parse()?, value: 1.0 });
/// let c: Change = "costs * 0.9 on international pairs".parse()?;
/// assert_eq!(c, Change::ScaleCost { pairs: Pairs::International, factor: 0.9 });
/// assert!("RTA = yes among KAZ, UZB".parse::<Change>().is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
impl FromStr for Change {
    type Err = Error;
    fn from_str(s: &str) -> Result<Change> {
        let text = s.trim();
        let number_then_pairs = |body: &str| -> Result<(f64, Pairs)> {
            let body = body.trim();
            let (number, pairs) = body
                .split_once(char::is_whitespace)
                .ok_or_else(|| invalid(text, CHANGE_EXPECTED))?;
            let value: f64 = number
                .parse()
                .map_err(|_| invalid(text, "a number after `=` or `×`"))?;
            if !value.is_finite() {
                return Err(invalid(text, "a finite number after `=` or `×`"));
            }
            Ok((value, pairs.parse()?))
        };
        let lower = text.to_ascii_lowercase();
        for prefix in ["costs", "cost"] {
            if let Some(body) = lower.strip_prefix(prefix) {
                let body = body.trim_start();
                if let Some(after) = body.strip_prefix('×').or_else(|| body.strip_prefix('*')) {
                    let start = text.len() - after.len();
                    let (factor, pairs) = number_then_pairs(text.get(start..).unwrap_or(""))?;
                    return Ok(Change::ScaleCost { pairs, factor });
                }
            }
        }
        let (term, body) = text
            .split_once('=')
            .ok_or_else(|| invalid(text, CHANGE_EXPECTED))?;
        let term = term.trim();
        if term.is_empty() || term.contains(char::is_whitespace) {
            return Err(invalid(text, "a cost term's name (one word) before `=`"));
        }
        let (value, pairs) = number_then_pairs(body)?;
        Ok(Change::SetTerm {
            term: term.to_owned(),
            pairs,
            value,
        })
    }
}
