//! Amounts of money in current US dollars.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::data::number::{self, Printed};
use crate::error::{DataError, Error, Result};

const SCALES: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("tn", 1e12),
    ("billion", 1e9),
    ("bln", 1e9),
    ("bn", 1e9),
    ("b", 1e9),
    ("million", 1e6),
    ("mln", 1e6),
    ("mn", 1e6),
    ("m", 1e6),
    ("thousand", 1e3),
    ("k", 1e3),
];

/// A non-negative amount of money in current US dollars.
///
/// Trade values are never negative; a trade *balance* can be, and is carried as a signed
/// [`Interval`](crate::Interval) instead.
///
/// Parses the forms published text uses — `"$3.1 billion"`, `"$217 million"`, `"$100bn"`,
/// `"USD3 billion"`, `"ten billion dollars"`, `"4.5 bn USD"` — and prints as `"$3.1 billion"`.
///
/// # Examples
/// ```
/// use bilateral::Usd;
/// let x: Usd = "$3.1 billion".parse()?;
/// assert_eq!(x.value(), 3.1e9);
/// assert_eq!("$100bn".parse::<Usd>()?.value(), 1.0e11);
/// assert_eq!("ten billion dollars".parse::<Usd>()?, Usd::billions(10.0)?);
/// assert_eq!(Usd::millions(217.0)?.to_string(), "$217 million");
/// assert!("$-3 billion".parse::<Usd>().is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Usd(f64);

impl Usd {
    /// An amount in US dollars.
    ///
    /// # Errors
    /// [`InputError::NonFinite`](crate::error::InputError::NonFinite) for NaN or infinity;
    /// [`DataError::NegativeMoney`] below zero.
    pub fn new(dollars: f64) -> Result<Usd> {
        let v = crate::error::finite("money amount", dollars)?;
        if v < 0.0 {
            return Err(Error::Data(DataError::NegativeMoney { value: v }));
        }
        // Normalise -0.0 so it prints as 0.
        Ok(Usd(v + 0.0))
    }

    /// An amount in billions of US dollars.
    ///
    /// # Errors
    /// As [`Usd::new`].
    pub fn billions(billions: f64) -> Result<Usd> {
        Usd::new(billions * 1e9)
    }

    /// An amount in millions of US dollars.
    ///
    /// # Errors
    /// As [`Usd::new`].
    pub fn millions(millions: f64) -> Result<Usd> {
        Usd::new(millions * 1e6)
    }

    /// The amount in US dollars.
    pub fn value(self) -> f64 {
        self.0
    }

    /// The amount in billions of US dollars.
    pub fn in_billions(self) -> f64 {
        self.0 / 1e9
    }

    /// Parses published text and also returns the size of the last printed digit in dollars
    /// (`"$3.1 billion"` → step 1e8), which sets the figure's rounding interval.
    ///
    /// # Errors
    /// [`DataError::InvalidMoney`] for text that is not an amount; [`DataError::NegativeMoney`] for
    /// a negative one; [`InputError::NonFinite`](crate::error::InputError::NonFinite) when the
    /// digits overflow.
    pub fn parse_printed(text: &str) -> Result<(Usd, f64)> {
        let (printed, scale) = parse_parts(text)?;
        let usd = Usd::new(printed.value * scale)?;
        Ok((usd, printed.step() * scale))
    }
}

/// Splits money text into its number and scale.
fn parse_parts(text: &str) -> Result<(Printed, f64)> {
    let invalid = || {
        Error::Data(DataError::InvalidMoney {
            text: text.to_owned(),
        })
    };
    let mut t = text.trim().to_string();
    let mut negative = false;
    if let Some(rest) = t.strip_prefix(['-', '\u{2212}']) {
        negative = true;
        t = rest.trim_start().to_string();
    }
    // Currency markers before or after the number.
    for prefix in ["US$", "USD", "$"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start().to_string();
            break;
        }
    }
    let lower = t.to_lowercase();
    let mut body = lower.as_str();
    for suffix in [" us dollars", " dollars", " usd", "usd"] {
        if let Some(rest) = body.strip_suffix(suffix) {
            body = rest.trim_end();
            break;
        }
    }
    // The scale word, attached ("100bn") or separate ("3.1 billion").
    let mut scale = 1.0;
    let mut number_text = body;
    for (word, factor) in SCALES {
        if let Some(rest) = body.strip_suffix(word) {
            let rest_trimmed = rest.trim_end();
            // A bare one-letter scale must follow a digit directly ("5m", "2b").
            let attached_ok = word.len() > 1 || rest.ends_with(|c: char| c.is_ascii_digit());
            let ok_boundary = rest.ends_with(' ') || rest.ends_with(|c: char| c.is_ascii_digit());
            if attached_ok && ok_boundary && !rest_trimmed.is_empty() {
                scale = *factor;
                number_text = rest_trimmed;
                break;
            }
        }
    }
    // One sign at most: "--3" and "-$-3" are not amounts.
    if number_text.is_empty() || (negative && number_text.starts_with(['-', '+', '\u{2212}'])) {
        return Err(invalid());
    }
    let printed = number::parse_number(number_text).map_err(|e| match e {
        Error::Data(DataError::InvalidNumber { .. }) => invalid(),
        other => other,
    })?;
    let value = if negative {
        -printed.value
    } else {
        printed.value
    };
    if value < 0.0 {
        return Err(Error::Data(DataError::NegativeMoney {
            value: value * scale,
        }));
    }
    Ok((Printed { value, ..printed }, scale))
}

/// The scale word and factor used to print an amount of this size.
pub(crate) fn scale_for(dollars: f64) -> (&'static str, f64) {
    let a = dollars.abs();
    if a >= 1e12 {
        (" trillion", 1e12)
    } else if a >= 1e9 {
        (" billion", 1e9)
    } else if a >= 1e6 {
        (" million", 1e6)
    } else {
        ("", 1.0)
    }
}

/// Prints dollars as `$3.1 billion`, with `decimals` digits after the point at the chosen scale,
/// or the shortest exact form (at most four decimals) when `decimals` is `None`.
pub(crate) fn format_dollars(dollars: f64, decimals: Option<usize>) -> String {
    let (word, factor) = scale_for(dollars);
    let scaled = dollars / factor;
    let sign = if scaled < 0.0 { "-" } else { "" };
    let digits = match decimals {
        Some(d) => format!("{:.*}", d, scaled.abs()),
        None => trim_number(scaled.abs(), 4),
    };
    format!("{sign}${digits}{word}")
}

/// Shortest form of `x` with at most `max_decimals` decimals, trailing zeros removed.
pub(crate) fn trim_number(x: f64, max_decimals: usize) -> String {
    let s = format!("{x:.max_decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Decimals to print at the display scale of `dollars` so that a step of `step` dollars shows.
pub(crate) fn decimals_for_step(dollars: f64, step: f64) -> usize {
    let (_, factor) = scale_for(dollars);
    let d = -(step / factor).log10();
    if d.is_finite() && d > 0.0 {
        // Round to absorb 1e-16 noise in log10 of powers of ten; steps are powers of ten.
        let r = d.round();
        crate::convert::f64_to_usize(r).unwrap_or(0).min(12)
    } else {
        0
    }
}

impl fmt::Display for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_dollars(self.0, f.precision()))
    }
}

impl fmt::Debug for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Usd({})", self.0)
    }
}

impl FromStr for Usd {
    type Err = Error;
    fn from_str(s: &str) -> Result<Usd> {
        Usd::parse_printed(s).map(|(u, _)| u)
    }
}

impl TryFrom<f64> for Usd {
    type Error = Error;
    fn try_from(v: f64) -> Result<Usd> {
        Usd::new(v)
    }
}

impl Usd {
    /// The sum of two amounts.
    ///
    /// # Errors
    /// [`InputError::NonFinite`](crate::error::InputError::NonFinite) if the sum overflows past
    /// 1.8e308 dollars.
    ///
    /// # Examples
    /// ```
    /// use bilateral::Usd;
    /// let t = Usd::billions(3.1)?.checked_add(Usd::billions(1.3)?)?;
    /// assert_eq!(t.to_string(), "$4.4 billion");
    /// assert!(Usd::new(1e308)?.checked_add(Usd::new(1e308)?).is_err());
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn checked_add(self, rhs: Usd) -> Result<Usd> {
        Usd::new(self.0 + rhs.0)
    }
}

impl Serialize for Usd {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Usd {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Usd, D::Error> {
        let v = f64::deserialize(d)?;
        Usd::new(v).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InputError;

    fn parse(s: &str) -> (f64, f64) {
        Usd::parse_printed(s)
            .map(|(u, step)| (u.value(), step))
            .unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn published_forms() {
        assert_eq!(parse("$4.5 billion"), (4.5e9, 1e8));
        assert_eq!(parse("$217 million"), (217e6, 1e6));
        assert_eq!(parse("$100bn"), (100e9, 1e9));
        assert_eq!(parse("USD3 billion"), (3e9, 1e9));
        assert_eq!(parse("US$ 1.2 bn"), (1.2e9, 1e8));
        assert_eq!(parse("4.5 bn USD"), (4.5e9, 1e8));
        assert_eq!(parse("0.7352 bn USD"), (0.7352e9, 1e5));
        assert_eq!(parse("ten billion dollars"), (10e9, 1e9));
        assert_eq!(parse("$5m"), (5e6, 1e6));
        assert_eq!(parse("$1,200"), (1200.0, 1.0));
    }

    #[test]
    fn rejects() {
        assert!(matches!(
            "$-3 billion".parse::<Usd>(),
            Err(Error::Data(DataError::NegativeMoney { .. }))
        ));
        assert!(matches!(
            "-$3 billion".parse::<Usd>(),
            Err(Error::Data(DataError::NegativeMoney { .. }))
        ));
        for bad in [
            "",
            "$",
            "billion",
            "n/a",
            "$1,2 billion",
            "3.1 bananas",
            "$ bn",
        ] {
            assert!(
                matches!(
                    bad.parse::<Usd>(),
                    Err(Error::Data(DataError::InvalidMoney { .. }))
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            "$1e400".parse::<Usd>(),
            Err(Error::Input(InputError::NonFinite { .. }))
        ));
        assert!(matches!(
            Usd::new(f64::NAN),
            Err(Error::Input(InputError::NonFinite { .. }))
        ));
        assert!(matches!(
            Usd::new(-1.0),
            Err(Error::Data(DataError::NegativeMoney { .. }))
        ));
    }

    #[test]
    fn prints() {
        let s = |v: f64| Usd::new(v).map(|u| u.to_string()).unwrap_or_default();
        assert_eq!(s(3.1e9), "$3.1 billion");
        assert_eq!(s(217e6), "$217 million");
        assert_eq!(s(1e11), "$100 billion");
        assert_eq!(s(2.5e12), "$2.5 trillion");
        assert_eq!(s(950.0), "$950");
        assert_eq!(
            format!("{:.2}", Usd::new(4.5e9).unwrap_or_default()),
            "$4.50 billion"
        );
        assert_eq!(decimals_for_step(3.1e9, 1e8), 1);
        assert_eq!(decimals_for_step(0.7352e9, 1e5), 1);
        assert_eq!(decimals_for_step(5e9, 1e9), 0);
    }
}
