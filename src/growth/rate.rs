//! Growth arithmetic: rates between levels, the rate a target needs, when a target is reached,
//! projection paths and doubling times.
//!
//! Levels are in any one unit (dollars, billions); rates are fractions (0.05 = 5% a year). The
//! same functions on published figures, with their rounding carried through, are in
//! [`crate::growth::est`].

use crate::error::{Error, GrowthError, InputError, Result, finite};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An annual growth rate as a fraction (0.05 = 5% a year): finite and above −100%.
///
/// # Examples
/// ```
/// use bilateral::Rate;
/// let r = Rate::try_from(0.12083)?;
/// assert_eq!(r.to_string(), "12.08%");
/// assert!(Rate::new(-1.0).is_err());
/// assert!(Rate::new(f64::NAN).is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, PartialOrd)]
pub struct Rate(f64);

impl Rate {
    /// A rate given as a fraction.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] for NaN or infinity; [`GrowthError::RateAtOrBelowMinusOne`] at or
    /// below −1.
    pub fn new(fraction: f64) -> Result<Rate> {
        let r = finite("growth rate", fraction)?;
        if r <= -1.0 {
            return Err(Error::Growth(GrowthError::RateAtOrBelowMinusOne {
                rate: r,
            }));
        }
        Ok(Rate(r))
    }

    /// A rate given in percent (5.0 = 5%).
    ///
    /// # Errors
    /// As [`Rate::new`].
    pub fn percent(percent: f64) -> Result<Rate> {
        Rate::new(percent / 100.0)
    }

    /// The rate as a fraction.
    pub fn fraction(self) -> f64 {
        self.0
    }

    /// The rate in percent.
    pub fn as_percent(self) -> f64 {
        self.0 * 100.0
    }

    /// The growth factor `1 + r`.
    pub fn factor(self) -> f64 {
        1.0 + self.0
    }
}

impl TryFrom<f64> for Rate {
    type Error = Error;
    fn try_from(fraction: f64) -> Result<Rate> {
        Rate::new(fraction)
    }
}

/// Reads `5.3%` (percent) or `0.053` (a fraction). A bare number of 1 or more is refused as
/// ambiguous: `5.3` might mean 5.3% or 530%, and the two answers differ a hundredfold.
///
/// # Examples
/// ```
/// use bilateral::Rate;
/// assert_eq!("5.3%".parse::<Rate>()?.fraction(), 0.053);
/// assert_eq!("0.053".parse::<Rate>()?.fraction(), 0.053);
/// assert_eq!("-10%".parse::<Rate>()?.fraction(), -0.1);
/// let e = "5.3".parse::<Rate>().unwrap_err();
/// assert!(e.to_string().contains("5.3%") && e.to_string().contains("0.053"));
/// # Ok::<(), bilateral::Error>(())
/// ```
impl std::str::FromStr for Rate {
    type Err = Error;
    fn from_str(text: &str) -> Result<Rate> {
        let t = text.trim();
        let invalid = || Error::Growth(GrowthError::InvalidRate { text: t.to_owned() });
        match t.strip_suffix('%') {
            Some(number) => {
                let x: f64 = number.trim().parse().map_err(|_| invalid())?;
                Rate::percent(finite("growth rate", x)?)
            }
            None => {
                let x: f64 = t.parse().map_err(|_| invalid())?;
                let x = finite("growth rate", x)?;
                if x.abs() >= 1.0 {
                    return Err(Error::Growth(GrowthError::AmbiguousRate {
                        text: t.to_owned(),
                        percent: x / 100.0,
                    }));
                }
                Rate::new(x)
            }
        }
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(2);
        write!(f, "{:.p$}%", self.as_percent())
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rate({})", self.0)
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Rate, D::Error> {
        Rate::new(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

fn positive(what: &'static str, x: f64) -> Result<f64> {
    let x = finite(what, x)?;
    if x <= 0.0 {
        return Err(Error::Input(InputError::NonPositiveBase { what, value: x }));
    }
    Ok(x)
}

fn non_negative(what: &'static str, x: f64) -> Result<f64> {
    let x = finite(what, x)?;
    if x < 0.0 {
        return Err(Error::Input(InputError::OutOfRange {
            what,
            value: x,
            expected: "at least zero",
        }));
    }
    Ok(x)
}

pub(super) fn horizon(years: f64) -> Result<f64> {
    let n = finite("horizon in years", years)?;
    if n == 0.0 {
        return Err(Error::Input(InputError::ZeroHorizon));
    }
    if n < 0.0 {
        return Err(Error::Input(InputError::OutOfRange {
            what: "horizon in years",
            value: n,
            expected: "a positive number of years",
        }));
    }
    Ok(n)
}

/// Simple period-on-period growth from `from` to `to`.
///
/// # Formula
/// g = to / from − 1
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `from ≤ 0`; [`InputError::OutOfRange`] if `to < 0`;
/// [`InputError::NonFinite`] for NaN or infinity.
///
/// # Examples
/// ```
/// // Kazakh exports to Uzbekistan, $2 billion (2022) to $3.1 billion (2023): +55%.
/// let g = bilateral::growth::growth(2.0, 3.1)?;
/// assert!((g - 0.55).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn growth(from: f64, to: f64) -> Result<f64> {
    let from = positive("starting level", from)?;
    let to = non_negative("ending level", to)?;
    finite("growth", to / from - 1.0)
}

/// Log growth from `from` to `to`.
///
/// # Formula
/// g = ln(to / from)
///
/// # Errors
/// [`InputError::NonPositiveBase`] if either level is ≤ 0 (the log is undefined);
/// [`InputError::NonFinite`] for NaN or infinity.
///
/// # Examples
/// ```
/// let g = bilateral::growth::log_growth(2.0, 4.0)?;
/// assert!((g - std::f64::consts::LN_2).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn log_growth(from: f64, to: f64) -> Result<f64> {
    let from = positive("starting level", from)?;
    let to = positive("ending level", to)?;
    finite("log growth", (to / from).ln())
}

/// Compound annual growth rate between two levels `years` apart (years may be fractional).
///
/// # Formula
/// r = (to / from)^(1 / n) − 1
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `from ≤ 0`; [`InputError::ZeroHorizon`] if `years = 0`;
/// [`InputError::OutOfRange`] for negative `years` or `to < 0`;
/// [`GrowthError::RateAtOrBelowMinusOne`] if `to = 0` (a fall to nothing);
/// [`InputError::NonFinite`] for NaN or infinity.
///
/// # Examples
/// ```
/// // $2.0 billion in 2017 to $4.5 billion in 2023: (4.5 / 2.0)^(1/6) − 1 ≈ 14.47% a year.
/// let r = bilateral::growth::cagr(2.0, 4.5, 6.0)?;
/// assert!((r.fraction() - 0.144_714).abs() < 1e-6);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn cagr(from: f64, to: f64, years: f64) -> Result<Rate> {
    let from = positive("starting level", from)?;
    let to = non_negative("ending level", to)?;
    let n = horizon(years)?;
    Rate::new((to / from).powf(1.0 / n) - 1.0)
}

/// The annual rate that takes `base` to `target` in `years` years (years may be fractional, as
/// for [`cagr`]).
///
/// # Formula
/// r = (target / base)^(1 / n) − 1
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `base ≤ 0` or `target ≤ 0`; [`InputError::ZeroHorizon`] if
/// `years = 0`; [`InputError::OutOfRange`] for negative `years`; [`InputError::NonFinite`] for NaN
/// or infinity.
///
/// # Examples
/// ```
/// // From $4.5 billion (2023) to $10 billion by 2030: (10 / 4.5)^(1/7) − 1 ≈ 12.083% a year.
/// let r = bilateral::growth::required_rate(4.5, 10.0, 7.0)?;
/// assert!((r.fraction() - 0.120_833).abs() < 1e-6);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn required_rate(base: f64, target: f64, years: f64) -> Result<Rate> {
    positive("target", target)?;
    cagr(base, target, years)
}

keyword_enum! {
    /// Which way a level moves to reach its target.
    pub enum Direction: "direction" {
        /// Rising to a higher target.
        Up = "up",
        /// Falling to a lower target.
        Down = "down",
    }
}

/// When a level moving at a constant rate reaches a target: `T` is fractional years
/// ([`years_to_target`]), whole years ([`first_year_reaching`]) or an interval of years
/// ([`crate::growth::est::years_to_target`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reach")]
pub enum Reach<T> {
    /// The base already meets the target: it equals it, or is above it and not falling.
    AlreadyThere,
    /// The level gets there after `years`: rising to a higher target, or falling to a lower one.
    After {
        /// How long it takes.
        years: T,
        /// Which way the level moves.
        direction: Direction,
    },
    /// Never: the level stays below the target (not growing), or the rate is zero.
    Never,
}

impl<T> Reach<T> {
    /// Whether the target is met now or later.
    pub fn is_reached(&self) -> bool {
        !matches!(self, Reach::Never)
    }
}

impl Reach<f64> {
    /// The years it takes: 0 if already there, `None` if never.
    pub fn years(self) -> Option<f64> {
        match self {
            Reach::AlreadyThere => Some(0.0),
            Reach::After { years, .. } => Some(years),
            Reach::Never => None,
        }
    }
}

impl Reach<u32> {
    /// The whole years it takes: 0 if already there, `None` if never.
    pub fn years(self) -> Option<u32> {
        match self {
            Reach::AlreadyThere => Some(0),
            Reach::After { years, .. } => Some(years),
            Reach::Never => None,
        }
    }
}

/// How long a level growing (or falling) at `rate` from `base` takes to reach `target`, in
/// fractional years: the same years numpy-financial's `nper` gives, told apart from "already
/// there" and "never".
///
/// - `base = target`, or `base > target` with `rate ≥ 0`: [`Reach::AlreadyThere`];
/// - `base < target` with `rate > 0`: [`Reach::After`], rising ([`Direction::Up`]);
/// - `base > target` with `rate < 0`: [`Reach::After`], falling ([`Direction::Down`]);
/// - `base < target` with `rate ≤ 0`: [`Reach::Never`].
///
/// # Formula
/// y = ln(target / base) / ln(1 + r)
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `base ≤ 0` or `target ≤ 0`; [`InputError::NonFinite`] for NaN
/// or infinity, or a number of years that overflows.
///
/// # Examples
/// ```
/// use bilateral::Rate;
/// use bilateral::growth::{years_to_target, Direction, Reach};
/// // At 12.083% a year, $4.5 billion takes 7 years to reach $10 billion.
/// let Reach::After { years, direction } = years_to_target(4.5, 10.0, Rate::new(0.120_833_4)?)? else {
///     panic!("growing towards the target");
/// };
/// assert!((years - 7.0).abs() < 1e-4);
/// assert_eq!(direction, Direction::Up);
/// assert_eq!(years_to_target(4.5, 10.0, Rate::new(0.0)?)?, Reach::Never);
/// assert_eq!(years_to_target(12.0, 10.0, Rate::new(0.05)?)?, Reach::AlreadyThere);
/// // Falling 10% a year from 12 to 10: ln(10/12) / ln(0.9) ≈ 1.73 years, downwards.
/// let down = years_to_target(12.0, 10.0, Rate::new(-0.10)?)?;
/// assert!(matches!(down, Reach::After { direction: Direction::Down, years } if (years - 1.7305).abs() < 1e-4));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn years_to_target(base: f64, target: f64, rate: Rate) -> Result<Reach<f64>> {
    let base = positive("base", base)?;
    let target = positive("target", target)?;
    let r = rate.fraction();
    let direction = if base == target {
        return Ok(Reach::AlreadyThere);
    } else if base < target {
        if r <= 0.0 {
            return Ok(Reach::Never);
        }
        Direction::Up
    } else {
        if r >= 0.0 {
            return Ok(Reach::AlreadyThere);
        }
        Direction::Down
    };
    let years = finite("years to target", (target / base).ln() / r.ln_1p())?;
    Ok(Reach::After { years, direction })
}

/// The first whole year (counted from the base year) in which the level has reached `target`:
/// at or above it rising, at or below it falling. As [`years_to_target`], in whole years.
///
/// # Formula
/// k = ⌈ln(target / base) / ln(1 + r)⌉, with a tolerance of 1e-9 years for rounding in the
/// logarithms (a path that hits the target exactly in year 7 reaches it in year 7, not 8).
///
/// # Errors
/// As [`years_to_target`]; [`InputError::OutOfRange`] if the year count does not fit in a `u32`.
///
/// # Examples
/// ```
/// use bilateral::Rate;
/// use bilateral::growth::{first_year_reaching, Reach};
/// // 4.5 × 1.10^8 = 9.65 < 10 and 4.5 × 1.10^9 = 10.61: reached in year 9.
/// assert_eq!(first_year_reaching(4.5, 10.0, Rate::new(0.10)?)?.years(), Some(9));
/// assert_eq!(first_year_reaching(4.5, 10.0, Rate::new(-0.10)?)?, Reach::Never);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn first_year_reaching(base: f64, target: f64, rate: Rate) -> Result<Reach<u32>> {
    Ok(match years_to_target(base, target, rate)? {
        Reach::AlreadyThere => Reach::AlreadyThere,
        Reach::Never => Reach::Never,
        Reach::After { years, direction } => {
            let whole = (years - 1e-9).ceil().max(1.0);
            let years =
                crate::convert::f64_to_u32(whole).ok_or(Error::Input(InputError::OutOfRange {
                    what: "years to target",
                    value: whole,
                    expected: "at most 4294967295 years",
                }))?;
            Reach::After { years, direction }
        }
    })
}

/// Rounds fractional years up to whole years, forgiving float noise; saturates at `u32::MAX`.
pub(crate) fn whole_years(y: f64) -> u32 {
    let k = (y - 1e-9).ceil().max(0.0);
    crate::convert::f64_to_u32(k).unwrap_or(u32::MAX)
}

/// The compound path from `base`: element `t` is the level `t` years on, for t = 0..=years.
///
/// # Formula
/// x_t = base · (1 + r)^t
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `base ≤ 0`; [`InputError::ZeroHorizon`] if `years = 0`;
/// [`InputError::NonFinite`] for NaN, infinity, or a path that overflows.
///
/// # Examples
/// ```
/// use bilateral::Rate;
/// use bilateral::growth::compound_path;
/// let p = compound_path(4.5, Rate::new(0.10)?, 2)?;
/// assert_eq!(p.len(), 3);
/// assert!((p[2] - 5.445).abs() < 1e-12); // 4.5 × 1.1²
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn compound_path(base: f64, rate: Rate, years: u32) -> Result<Vec<f64>> {
    let base = positive("base", base)?;
    horizon_years(years)?;
    let path: Vec<f64> = (0..=years)
        .map(|t| base * rate.factor().powf(f64::from(t)))
        .collect();
    if let Some(bad) = path.iter().find(|x| !x.is_finite()) {
        return Err(Error::Input(InputError::NonFinite {
            what: "projected level",
            value: *bad,
        }));
    }
    Ok(path)
}

/// The linear path from `base` adding `slope` each year: element `t` is the level `t` years on.
///
/// # Formula
/// x_t = base + slope · t
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `base ≤ 0`; [`InputError::ZeroHorizon`] if `years = 0`;
/// [`InputError::OutOfRange`] if the path falls below zero (a trade flow cannot);
/// [`InputError::NonFinite`] for NaN or infinity.
///
/// # Examples
/// ```
/// let p = bilateral::growth::linear_path(4.5, 0.5, 3)?;
/// assert_eq!(p, vec![4.5, 5.0, 5.5, 6.0]);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn linear_path(base: f64, slope: f64, years: u32) -> Result<Vec<f64>> {
    let base = positive("base", base)?;
    let slope = finite("slope", slope)?;
    horizon_years(years)?;
    let path: Vec<f64> = (0..=years).map(|t| base + slope * f64::from(t)).collect();
    if let Some(bad) = path.iter().find(|x| **x < 0.0 || !x.is_finite()) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "projected level",
            value: *bad,
            expected: "a path that stays at or above zero",
        }));
    }
    Ok(path)
}

/// Years for a level to double at `rate`; `None` if it never does (`rate ≤ 0`).
///
/// # Formula
/// T = ln 2 / ln(1 + r)
///
/// # Errors
/// None beyond what [`Rate`] already rules out; the `Result` is kept for symmetry.
///
/// # Examples
/// ```
/// use bilateral::Rate;
/// use bilateral::growth::doubling_time;
/// let t = doubling_time(Rate::new(0.10)?)?.expect("growing");
/// assert!((t - 7.272_540_897).abs() < 1e-9);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn doubling_time(rate: Rate) -> Result<Option<f64>> {
    if rate.fraction() <= 0.0 {
        return Ok(None);
    }
    finite(
        "doubling time",
        std::f64::consts::LN_2 / rate.fraction().ln_1p(),
    )
    .map(Some)
}

/// Checks a path's length: at least one year, at most [`crate::limits::MAX_HORIZON`].
pub(crate) fn horizon_years(years: u32) -> Result<u32> {
    let max = crate::limits::MAX_HORIZON as usize;
    crate::limits::horizon("years of a path", years as usize, max).map(|_| years)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_years_forgive_float_noise() {
        assert_eq!(whole_years(7.000_000_000_01), 7);
        assert_eq!(whole_years(7.000_001), 8);
        assert_eq!(whole_years(0.0), 0);
        assert_eq!(whole_years(1e300), u32::MAX);
    }
}
