//! Numbers as they are printed in published text: digits with thousands separators, and the small
//! number words that press releases spell out ("ten billion dollars", "three projects").

use crate::error::{DataError, Error, InputError, Result};

/// A number read from text, with the place of its last printed digit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Printed {
    /// The value.
    pub value: f64,
    /// Digits after the decimal point as printed (`"3.1"` → 1, `"14,700"` → 0, `"1.5e9"` → −8).
    pub decimals: i32,
}

impl Printed {
    /// The size of one unit in the last printed digit (`"3.1"` → 0.1).
    pub fn step(self) -> f64 {
        10f64.powi(-self.decimals)
    }
}

const WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("a dozen", 12.0),
    ("a decade", 10.0),
    ("decade", 10.0),
];

/// Reads a number written in digits: optional sign, thousands separated by commas in groups of
/// three, optional decimal part, optional exponent.
///
/// # Errors
/// [`DataError::InvalidNumber`] for anything else (including `"1,2"`, `"n/a"`, `""`);
/// [`InputError::NonFinite`] when the digits overflow to infinity (`"1e400"`).
pub(crate) fn parse_digits(text: &str) -> Result<Printed> {
    let invalid = || {
        Error::Data(DataError::InvalidNumber {
            text: text.to_owned(),
        })
    };
    let t = text.trim();
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => {
            let (m, e) = t.split_at(i);
            let e = e.get(1..).ok_or_else(invalid)?;
            let exp: i32 = e.parse().map_err(|_| invalid())?;
            (m, exp)
        }
        None => (t, 0),
    };
    let unsigned = mantissa
        .strip_prefix(['-', '+', '\u{2212}'])
        .unwrap_or(mantissa);
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, f),
        None => (unsigned, ""),
    };
    let int_ok = if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
        first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    } else {
        int_part.bytes().all(|b| b.is_ascii_digit())
    };
    let frac_ok = frac_part.bytes().all(|b| b.is_ascii_digit());
    if !int_ok || !frac_ok || (int_part.is_empty() && frac_part.is_empty()) {
        return Err(invalid());
    }
    let plain: String = t
        .chars()
        .filter(|c| *c != ',')
        .collect::<String>()
        .replace('\u{2212}', "-");
    let value: f64 = plain.parse().map_err(|_| invalid())?;
    if !value.is_finite() {
        return Err(Error::Input(InputError::NonFinite {
            what: "number",
            value,
        }));
    }
    // "1e-400" parses to 0: a printed non-zero number that f64 cannot hold is not a zero.
    let nonzero_digits = int_part
        .bytes()
        .chain(frac_part.bytes())
        .any(|b| (b'1'..=b'9').contains(&b));
    if value == 0.0 && nonzero_digits {
        return Err(Error::Data(DataError::Underflow {
            text: text.to_owned(),
        }));
    }
    let frac_digits = i32::try_from(frac_part.len()).map_err(|_| invalid())?;
    Ok(Printed {
        value,
        decimals: frac_digits.saturating_sub(exponent),
    })
}

/// Reads a number in digits or as one of the small English number words ("ten", "twenty").
///
/// # Errors
/// As [`parse_digits`] when the text is not a number word.
pub(crate) fn parse_number(text: &str) -> Result<Printed> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if let Some((_, v)) = WORDS.iter().find(|(w, _)| *w == lower) {
        return Ok(Printed {
            value: *v,
            decimals: 0,
        });
    }
    parse_digits(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        let p = parse_digits("3.1").ok();
        assert_eq!(
            p,
            Some(Printed {
                value: 3.1,
                decimals: 1
            })
        );
        assert_eq!(parse_digits("14,700").ok().map(|p| p.value), Some(14_700.0));
        assert_eq!(parse_digits("500,000").ok().map(|p| p.decimals), Some(0));
        assert_eq!(parse_digits("-9.1").ok().map(|p| p.value), Some(-9.1));
        assert_eq!(parse_digits("1.5e9").ok().map(|p| p.decimals), Some(-8));
        assert_eq!(parse_digits(".5").ok().map(|p| p.value), Some(0.5));
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "n/a",
            "1,2",
            "1,2345",
            "abc",
            "1.2.3",
            "$3",
            "-",
            "1e",
            "12,34,567",
        ] {
            assert!(
                matches!(
                    parse_digits(bad),
                    Err(Error::Data(DataError::InvalidNumber { .. }))
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            parse_digits("1e400"),
            Err(Error::Input(InputError::NonFinite { .. }))
        ));
    }

    #[test]
    fn words() {
        assert_eq!(parse_number("ten").ok().map(|p| p.value), Some(10.0));
        assert_eq!(parse_number("Five").ok().map(|p| p.value), Some(5.0));
        assert_eq!(parse_number("a decade").ok().map(|p| p.value), Some(10.0));
        assert!(parse_number("eleventy").is_err());
    }
}
