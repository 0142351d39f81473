//! Calendar dates and the periods figures refer to.

use crate::error::{DataError, Error, Result};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Years the crate accepts; trade statistics outside this range are certainly typos.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// A calendar date (proleptic Gregorian).
///
/// # Examples
/// ```
/// use bilateral::data::Date;
/// let d: Date = "1996-01-29".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (1996, 1, 29));
/// assert!("2023-02-29".parse::<Date>().is_err()); // not a leap year
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A validated date.
    ///
    /// # Errors
    /// [`DataError::InvalidPeriod`] for a year outside 1000–9999, a month outside 1–12 or a day
    /// that the month does not have.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date> {
        let text = || format!("{year:04}-{month:02}-{day:02}");
        check_year(year, &text())?;
        let month8 = check_month(month, &text())?;
        if day == 0 || day > days_in_month(year, month8) {
            return Err(Error::Data(DataError::InvalidPeriod {
                text: text(),
                reason: "the month has no such day",
            }));
        }
        Ok(Date {
            year,
            month: month8,
            day: u8::try_from(day).unwrap_or(1),
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }
    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn check_year(year: i32, text: &str) -> Result<i32> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(Error::Data(DataError::InvalidPeriod {
            text: text.to_owned(),
            reason: "year must be between 1000 and 9999",
        }))
    }
}

fn check_month(month: u32, text: &str) -> Result<u8> {
    match u8::try_from(month) {
        Ok(m @ 1..=12) => Ok(m),
        _ => Err(Error::Data(DataError::InvalidPeriod {
            text: text.to_owned(),
            reason: "month must be 1-12",
        })),
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Date> {
        let bad = |reason| {
            Error::Data(DataError::InvalidPeriod {
                text: s.to_owned(),
                reason,
            })
        };
        let mut parts = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("expected YYYY-MM-DD"));
        };
        Date::new(parse_int(y, s)?, parse_uint(m, s)?, parse_uint(d, s)?)
    }
}

fn parse_int(part: &str, whole: &str) -> Result<i32> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Data(DataError::InvalidPeriod {
            text: whole.to_owned(),
            reason: "expected digits",
        }));
    }
    part.parse().map_err(|_| {
        Error::Data(DataError::InvalidPeriod {
            text: whole.to_owned(),
            reason: "number too large",
        })
    })
}

fn parse_uint(part: &str, whole: &str) -> Result<u32> {
    let v = parse_int(part, whole)?;
    u32::try_from(v).map_err(|_| {
        Error::Data(DataError::InvalidPeriod {
            text: whole.to_owned(),
            reason: "expected a positive number",
        })
    })
}

keyword_enum! {
    /// What kind of period a [`Period`] is.
    pub enum PeriodKind: "period kind" {
        /// A calendar year.
        Year = "year",
        /// A range of whole months (January–April 2024).
        Months = "months",
        /// A calendar quarter.
        Quarter = "quarter",
        /// A calendar half-year.
        Half = "half",
        /// A day or a range of days.
        Days = "days",
    }
}

/// The span of time a figure refers to: a calendar year, a range of whole months, a quarter, a
/// half-year, or a day or range of days.
///
/// Text forms (canonical, and accepted by [`FromStr`]): `2023`, `2024-01..2024-04`, `2024-03`,
/// `2026-Q4`, `2027-H1`, `1996-01-29`, `2024-07-11..2024-07-12`.
///
/// # Examples
/// ```
/// use bilateral::Period;
/// let p: Period = "2024-01..2024-04".parse()?;
/// assert_eq!(p.month_count(), Some(4));
/// assert!(!p.is_calendar_year());
/// assert_eq!(p.year(), Some(2024));
/// assert_eq!(Period::quarter(2026, 4)?.to_string(), "2026-Q4");
/// assert!("2023-13".parse::<Period>().is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    kind: PeriodKind,
    first: Date,
    last: Date,
}

impl Period {
    /// A calendar year.
    ///
    /// # Errors
    /// [`DataError::InvalidPeriod`] for a year outside 1000–9999.
    pub fn year_of(year: i32) -> Result<Period> {
        Ok(Period {
            kind: PeriodKind::Year,
            first: Date::new(year, 1, 1)?,
            last: Date::new(year, 12, 31)?,
        })
    }

    /// Whole months from `(start_year, start_month)` to `(end_year, end_month)`, inclusive.
    ///
    /// # Errors
    /// [`DataError::InvalidPeriod`] for an invalid month or an end before the start.
    pub fn months(
        start_year: i32,
        start_month: u32,
        end_year: i32,
        end_month: u32,
    ) -> Result<Period> {
        let first = Date::new(start_year, start_month, 1)?;
        let end_first = Date::new(end_year, end_month, 1)?;
        let last = Date::new(
            end_year,
            end_month,
            days_in_month(end_year, end_first.month),
        )?;
        if last < first {
            return Err(Error::Data(DataError::InvalidPeriod {
                text: format!("{start_year:04}-{start_month:02}..{end_year:04}-{end_month:02}"),
                reason: "the end is before the start",
            }));
        }
        Ok(Period {
            kind: PeriodKind::Months,
            first,
            last,
        })
    }

    /// A calendar quarter (1–4).
    ///
    /// # Errors
    /// [`DataError::InvalidPeriod`] for a quarter outside 1–4.
    pub fn quarter(year: i32, quarter: u32) -> Result<Period> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::Data(DataError::InvalidPeriod {
                text: format!("{year}-Q{quarter}"),
                reason: "quarter must be 1-4",
            }));
        }
        let p = Period::months(year, quarter * 3 - 2, year, quarter * 3)?;
        Ok(Period {
            kind: PeriodKind::Quarter,
            ..p
        })
    }

    /// A calendar half-year (1 or 2).
    ///
    /// # Errors
    /// [`DataError::InvalidPeriod`] for a half other than 1 or 2.
    pub fn half(year: i32, half: u32) -> Result<Period> {
        if !(1..=2).contains(&half) {
            return Err(Error::Data(DataError::InvalidPeriod {
                text: format!("{year}-H{half}"),
                reason: "half must be 1 or 2",
            }));
        }
        let p = Period::months(year, half * 6 - 5, year, half * 6)?;
        Ok(Period {
            kind: PeriodKind::Half,
            ..p
        })
    }

    /// A range of days, inclusive (a single day when `first == last`).
    ///
    /// # Errors
    /// [`DataError::InvalidPeriod`] if `last` is before `first`.
    pub fn days(first: Date, last: Date) -> Result<Period> {
        if last < first {
            return Err(Error::Data(DataError::InvalidPeriod {
                text: format!("{first}..{last}"),
                reason: "the end is before the start",
            }));
        }
        Ok(Period {
            kind: PeriodKind::Days,
            first,
            last,
        })
    }

    /// What kind of period this is.
    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The first day of the period.
    pub fn first_day(self) -> Date {
        self.first
    }

    /// The last day of the period.
    pub fn last_day(self) -> Date {
        self.last
    }

    /// The year, when the period lies within one calendar year.
    pub fn year(self) -> Option<i32> {
        (self.first.year == self.last.year).then_some(self.first.year)
    }

    /// Whether the period is exactly one calendar year (of any kind: `2023-01..2023-12` counts).
    pub fn is_calendar_year(self) -> bool {
        self.year().is_some()
            && (self.first.month, self.first.day) == (1, 1)
            && (self.last.month, self.last.day) == (12, 31)
    }

    /// The number of whole months, when the period is made of whole months.
    pub fn month_count(self) -> Option<u32> {
        let whole_start = self.first.day == 1;
        let whole_end = u32::from(self.last.day) == days_in_month(self.last.year, self.last.month);
        if !(whole_start && whole_end) {
            return None;
        }
        let months = (self.last.year - self.first.year) * 12 + i32::from(self.last.month)
            - i32::from(self.first.month)
            + 1;
        u32::try_from(months).ok()
    }

    /// Whether `other` lies entirely within this period.
    pub fn contains(self, other: Period) -> bool {
        self.first <= other.first && other.last <= self.last
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first, self.last).cmp(&(other.first, other.last))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (self.first, self.last);
        match self.kind {
            PeriodKind::Year => write!(f, "{:04}", a.year),
            PeriodKind::Quarter => write!(f, "{:04}-Q{}", a.year, a.month.div_ceil(3)),
            PeriodKind::Half => write!(f, "{:04}-H{}", a.year, a.month.div_ceil(6)),
            PeriodKind::Months if (a.year, a.month) == (b.year, b.month) => {
                write!(f, "{:04}-{:02}", a.year, a.month)
            }
            PeriodKind::Months => write!(
                f,
                "{:04}-{:02}..{:04}-{:02}",
                a.year, a.month, b.year, b.month
            ),
            PeriodKind::Days if a == b => write!(f, "{a}"),
            PeriodKind::Days => write!(f, "{a}..{b}"),
        }
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// One side of a period's text form.
enum Point {
    Year(i32),
    Month(i32, u32),
    Day(Date),
}

fn parse_point(s: &str, whole: &str) -> Result<Point> {
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] => Ok(Point::Year(check_year(parse_int(y, whole)?, whole)?)),
        [y, m] => {
            let year = check_year(parse_int(y, whole)?, whole)?;
            let month = parse_uint(m, whole)?;
            check_month(month, whole)?;
            Ok(Point::Month(year, month))
        }
        [_, _, _] => Ok(Point::Day(s.parse().map_err(|e: Error| match e {
            Error::Data(DataError::InvalidPeriod { reason, .. }) => {
                Error::Data(DataError::InvalidPeriod {
                    text: whole.to_owned(),
                    reason,
                })
            }
            other => other,
        })?)),
        _ => Err(Error::Data(DataError::InvalidPeriod {
            text: whole.to_owned(),
            reason: "expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn or a range A..B",
        })),
    }
}

impl FromStr for Period {
    type Err = Error;
    fn from_str(s: &str) -> Result<Period> {
        let t = s.trim();
        let bad = |reason| {
            Error::Data(DataError::InvalidPeriod {
                text: s.to_owned(),
                reason,
            })
        };
        if let Some((y, q)) = t.split_once("-Q").or_else(|| t.split_once("-q")) {
            return Period::quarter(parse_int(y, s)?, parse_uint(q, s)?);
        }
        if let Some((y, h)) = t.split_once("-H").or_else(|| t.split_once("-h")) {
            return Period::half(parse_int(y, s)?, parse_uint(h, s)?);
        }
        let (a, b) = match t.split_once("..") {
            Some((a, b)) => (parse_point(a.trim(), s)?, Some(parse_point(b.trim(), s)?)),
            None => (parse_point(t, s)?, None),
        };
        match (a, b) {
            (Point::Year(y), None) => Period::year_of(y),
            (Point::Month(y, m), None) => Period::months(y, m, y, m),
            (Point::Day(d), None) => Period::days(d, d),
            (Point::Month(y1, m1), Some(Point::Month(y2, m2))) => Period::months(y1, m1, y2, m2),
            (Point::Day(d1), Some(Point::Day(d2))) => Period::days(d1, d2),
            _ => Err(bad("a range must join two months or two days")),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn text_forms_round_trip() {
        for s in [
            "2023",
            "2024-01..2024-04",
            "2024-03",
            "2026-Q4",
            "2027-H1",
            "1996-01-29",
            "2024-07-11..2024-07-12",
            "2020-11..2021-02",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn months_and_years() {
        assert_eq!(p("2024-01..2024-04").month_count(), Some(4));
        assert_eq!(p("2023").month_count(), Some(12));
        assert_eq!(p("2026-Q4").month_count(), Some(3));
        assert_eq!(p("2024-07-11..2024-07-12").month_count(), None);
        assert!(p("2023-01..2023-12").is_calendar_year());
        assert!(!p("2023-01..2023-11").is_calendar_year());
        assert!(p("2023").contains(p("2023-Q2")));
        assert!(!p("2023").contains(p("2022-12..2023-01")));
        assert_eq!(p("2020-11..2021-02").year(), None);
        // February of a leap year ends on the 29th.
        assert_eq!(p("2024-02").last_day().day(), 29);
    }

    #[test]
    fn rejects_bad_periods() {
        for bad in [
            "2023-13",
            "2023-00",
            "2023-Q5",
            "2023-H3",
            "23",
            "",
            "2023-02-30",
            "2024-05..2024-02",
            "2023..2024",
            "abc",
            "2023-1-1-1",
        ] {
            assert!(
                matches!(
                    bad.parse::<Period>(),
                    Err(Error::Data(DataError::InvalidPeriod { .. }))
                ),
                "{bad:?} should be an invalid period"
            );
        }
    }
}
