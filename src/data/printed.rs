//! Reading a value back out of the words a document printed ("exceeding $1.2 billion",
//! "fell by 9.1 percent", "nearly twenty-year", "fourth quarter of 2026").
//!
//! The provenance check uses this to confirm that each figure's value is what its quote says.

use crate::data::Country;
use crate::data::money::Usd;
use crate::data::number;
use crate::data::{Bound, Unit};
use crate::data::{Date, Period};
use crate::error::{DataError, Error, Result};

/// What a piece of printed text says.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// A number (dollars for money) and the bound its words express.
    Amount {
        /// The number.
        value: f64,
        /// "more than", "nearly", ... or [`Bound::Eq`] when no such word is printed.
        bound: Bound,
    },
    /// A date or period.
    Date(Period),
    /// A list of countries.
    Countries(Vec<Country>),
}

const BOUND_WORDS: &[(&str, Bound)] = &[
    ("more than", Bound::Gt),
    ("exceeding", Bound::Gt),
    ("exceeded", Bound::Gt),
    ("over", Bound::Gt),
    ("above", Bound::Gt),
    ("less than", Bound::Lt),
    ("under", Bound::Lt),
    ("below", Bound::Lt),
    ("nearly", Bound::Nearly),
    ("almost", Bound::Nearly),
    ("around", Bound::Approx),
    ("about", Bound::Approx),
    ("approximately", Bound::Approx),
    ("roughly", Bound::Approx),
    ("some", Bound::Approx),
];

const FALL_WORDS: &[&str] = &[
    "fell", "fall", "decreas", "declin", "drop", "down", "shrank", "contract",
];

const FREQUENCY_WORDS: &[(&str, f64)] = &[
    ("semi-annual", 2.0),
    ("semiannual", 2.0),
    ("biannual", 2.0),
    ("twice a year", 2.0),
    ("quarterly", 4.0),
    ("monthly", 12.0),
    ("yearly", 1.0),
    ("annually", 1.0),
    ("annual", 1.0),
];

const MULTIPLE_WORDS: &[(&str, f64)] = &[("double", 2.0), ("triple", 3.0), ("halve", 0.5)];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const ORDINALS: [&str; 4] = ["first", "second", "third", "fourth"];

/// Reads printed text as a value of `unit`.
///
/// `context_year` supplies the year for dates printed without one ("22 June", "July 11-12").
///
/// # Errors
/// [`DataError::InvalidNumber`], [`DataError::InvalidMoney`], [`DataError::InvalidPeriod`] or
/// [`DataError::UnknownCountryName`] when the text does not read as the unit.
pub fn read(printed: &str, unit: Unit, context_year: Option<i32>) -> Result<Reading> {
    let text = printed.trim();
    let lower = text.to_lowercase();
    match unit {
        Unit::Date => read_date(&lower, context_year).map(Reading::Date),
        Unit::Countries => read_countries(text).map(Reading::Countries),
        Unit::Usd => {
            let (bound, rest) = strip_bound(&lower);
            let (usd, _) = Usd::parse_printed(rest)?;
            Ok(Reading::Amount {
                value: usd.value(),
                bound,
            })
        }
        _ => {
            let (bound, rest) = strip_bound(&lower);
            let mut value = read_number(rest, unit)?;
            if unit == Unit::PercentChange && FALL_WORDS.iter().any(|w| rest.contains(w)) {
                value = -value;
            }
            Ok(Reading::Amount { value, bound })
        }
    }
}

fn strip_bound(lower: &str) -> (Bound, &str) {
    for (word, bound) in BOUND_WORDS {
        if let Some(rest) = lower.strip_prefix(word)
            && rest.starts_with(' ')
        {
            return (*bound, rest.trim_start());
        }
    }
    (Bound::Eq, lower)
}

fn read_number(lower: &str, unit: Unit) -> Result<f64> {
    let not_a_number = || {
        Error::Data(DataError::InvalidNumber {
            text: lower.to_owned(),
        })
    };
    let words = match unit {
        Unit::PerYear => FREQUENCY_WORDS,
        Unit::Ratio => MULTIPLE_WORDS,
        _ => &[],
    };
    if let Some((_, v)) = words.iter().find(|(w, _)| lower.contains(w)) {
        return Ok(*v);
    }
    if lower.contains("a decade") {
        return Ok(10.0);
    }
    let tokens = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == '%')
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty());
    for token in tokens {
        let bare = strip_ordinal_suffix(token);
        if let Ok(p) = number::parse_number(bare) {
            return Ok(p.value);
        }
    }
    Err(not_a_number())
}

fn strip_ordinal_suffix(token: &str) -> &str {
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(rest) = token.strip_suffix(suffix)
            && !rest.is_empty()
            && rest.bytes().all(|b| b.is_ascii_digit())
        {
            return rest;
        }
    }
    token
}

fn month_of(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| *m == word)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn read_date(lower: &str, context_year: Option<i32>) -> Result<Period> {
    let bad = || {
        Error::Data(DataError::InvalidPeriod {
            text: lower.to_owned(),
            reason: "not a date this reader knows",
        })
    };
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let year = words
        .iter()
        .filter(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .find_map(|w| w.parse::<i32>().ok());
    let ordinal = words
        .iter()
        .find_map(|w| ORDINALS.iter().position(|o| o == w))
        .and_then(|i| u32::try_from(i + 1).ok());
    let year_or_context = year.or(context_year);

    if words.contains(&"quarter") {
        return Period::quarter(year_or_context.ok_or_else(bad)?, ordinal.ok_or_else(bad)?);
    }
    if words.contains(&"half") {
        return Period::half(year_or_context.ok_or_else(bad)?, ordinal.ok_or_else(bad)?);
    }
    if words.contains(&"months") {
        // "first four months of 2024"
        let n = words
            .iter()
            .find_map(|w| number::parse_number(w).ok())
            .ok_or_else(bad)?;
        let y = year_or_context.ok_or_else(bad)?;
        let n = crate::convert::f64_to_u32(n.value).ok_or_else(bad)?;
        return Period::months(y, 1, y, n);
    }
    // Month names may sit inside hyphenated words ("mid-October").
    let month = words.iter().flat_map(|w| w.split('-')).find_map(month_of);
    if let Some(m) = month {
        let y = year_or_context.ok_or_else(bad)?;
        // Day numbers: "29 January 1996", "July 11-12", "6 February".
        let days: Vec<u32> = words
            .iter()
            .flat_map(|w| w.split(['-', '\u{2013}']))
            .filter(|w| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()))
            .filter_map(|w| w.parse().ok())
            .collect();
        return match days.as_slice() {
            [] => Period::months(y, m, y, m),
            [d] => {
                let date = Date::new(y, m, *d)?;
                Period::days(date, date)
            }
            [d1, d2] => Period::days(Date::new(y, m, *d1)?, Date::new(y, m, *d2)?),
            _ => Err(bad()),
        };
    }
    match year {
        Some(y) => Period::year_of(y),
        None => Err(bad()),
    }
}

fn read_countries(text: &str) -> Result<Vec<Country>> {
    text.replace(" and ", ", ")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Country::from_name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(printed: &str, unit: Unit) -> (f64, Bound) {
        match read(printed, unit, None) {
            Ok(Reading::Amount { value, bound }) => (value, bound),
            other => panic!("{printed}: {other:?}"),
        }
    }

    fn date(printed: &str, year: Option<i32>) -> String {
        match read(printed, Unit::Date, year) {
            Ok(Reading::Date(p)) => p.to_string(),
            other => panic!("{printed}: {other:?}"),
        }
    }

    #[test]
    fn money_and_bounds() {
        assert_eq!(
            amount("exceeding $1.2 billion", Unit::Usd),
            (1.2e9, Bound::Gt)
        );
        assert_eq!(amount("$100bn", Unit::Usd), (1e11, Bound::Eq));
        assert_eq!(amount("ten billion dollars", Unit::Usd), (1e10, Bound::Eq));
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(
            amount("fell by 9.1 percent", Unit::PercentChange),
            (-9.1, Bound::Eq)
        );
        assert_eq!(
            amount("jumped by 56.9 percent", Unit::PercentChange),
            (56.9, Bound::Eq)
        );
        assert_eq!(
            amount("a 30-percent increase", Unit::PercentChange),
            (30.0, Bound::Eq)
        );
        assert_eq!(amount("57 percent", Unit::Percent), (57.0, Bound::Eq));
        assert_eq!(
            amount("nearly 14,700", Unit::Count),
            (14_700.0, Bound::Nearly)
        );
        assert_eq!(
            amount("around 4,500", Unit::Count),
            (4_500.0, Bound::Approx)
        );
        assert_eq!(amount("three", Unit::Count), (3.0, Bound::Eq));
        assert_eq!(amount("21st", Unit::Ordinal), (21.0, Bound::Eq));
        assert_eq!(
            amount("nearly twenty-year", Unit::Years),
            (20.0, Bound::Nearly)
        );
        assert_eq!(amount("more than a decade", Unit::Years), (10.0, Bound::Gt));
        assert_eq!(amount("semi-annual", Unit::PerYear), (2.0, Bound::Eq));
        assert_eq!(amount("yearly", Unit::PerYear), (1.0, Bound::Eq));
        assert_eq!(amount("double", Unit::Ratio), (2.0, Bound::Eq));
        assert_eq!(amount("500,000 tons", Unit::Tonnes), (500_000.0, Bound::Eq));
        assert!(read("abc", Unit::Count, None).is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(date("29 January 1996", None), "1996-01-29");
        assert_eq!(date("22 June", Some(2015)), "2015-06-22");
        assert_eq!(date("July 11-12", Some(2024)), "2024-07-11..2024-07-12");
        assert_eq!(date("fourth quarter of 2026", None), "2026-Q4");
        assert_eq!(date("first half of 2027", None), "2027-H1");
        assert_eq!(date("first four months of 2024", None), "2024-01..2024-04");
        assert_eq!(date("1974", None), "1974");
        assert_eq!(date("mid-October", Some(2025)), "2025-10");
        assert!(read("22 June", Unit::Date, None).is_err());
    }

    #[test]
    fn countries() {
        let r = read(
            "Azerbaijan, Kazakhstan, Tajikistan, Turkmenistan and Uzbekistan",
            Unit::Countries,
            None,
        );
        assert_eq!(
            r.ok(),
            Some(Reading::Countries(vec![
                Country::AZE,
                Country::KAZ,
                Country::TJK,
                Country::TKM,
                Country::UZB
            ]))
        );
    }
}
