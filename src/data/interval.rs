//! Interval arithmetic for rounded published figures.
//!
//! A printed "$3.1 billion" stands for any value in [3.05, 3.15). The crate carries such ranges
//! through every sum, ratio and growth rate so that a check never rests on point values alone.
//! Intervals are treated as closed: the open upper end of a rounding interval only matters on a
//! set of measure zero, and closing it keeps the arithmetic simple and conservative.

use crate::error::{Error, InputError, Result};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A closed interval `[lo, hi]` of real numbers; either end may be infinite (for "more than"
/// figures), neither is NaN.
///
/// # Examples
/// ```
/// use bilateral::Interval;
/// let exports = Interval::new(3.05, 3.15)?; // "$3.1 billion"
/// let imports = Interval::new(1.25, 1.35)?; // "$1.3 billion"
/// let sum = (exports + imports)?;
/// assert!((sum.lo() - 4.30).abs() < 1e-12 && (sum.hi() - 4.50).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq)]
pub struct Interval {
    lo: f64,
    hi: f64,
}

impl Interval {
    /// The interval `[lo, hi]`.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] if an end is NaN; [`InputError::OutOfRange`] if `lo > hi` or the
    /// interval is a single infinite point.
    pub fn new(lo: f64, hi: f64) -> Result<Interval> {
        if lo.is_nan() {
            return Err(Error::Input(InputError::NonFinite {
                what: "interval lower end",
                value: lo,
            }));
        }
        if hi.is_nan() {
            return Err(Error::Input(InputError::NonFinite {
                what: "interval upper end",
                value: hi,
            }));
        }
        if lo > hi || lo == f64::INFINITY || hi == f64::NEG_INFINITY {
            return Err(Error::Input(InputError::OutOfRange {
                what: "interval lower end",
                value: lo,
                expected: "lo <= hi, and not both ends at the same infinity",
            }));
        }
        Ok(Interval { lo, hi })
    }

    /// The degenerate interval `[x, x]`.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] if `x` is NaN or infinite.
    pub fn point(x: f64) -> Result<Interval> {
        let x = crate::error::finite("interval point", x)?;
        Ok(Interval { lo: x, hi: x })
    }

    /// Lower end.
    pub fn lo(self) -> f64 {
        self.lo
    }

    /// Upper end (may be `f64::INFINITY`).
    pub fn hi(self) -> f64 {
        self.hi
    }

    /// Whether both ends are finite.
    pub fn is_bounded(self) -> bool {
        self.lo.is_finite() && self.hi.is_finite()
    }

    /// `hi - lo`.
    pub fn width(self) -> f64 {
        self.hi - self.lo
    }

    /// Whether `x` lies in the interval.
    pub fn contains(self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    /// Whether the two intervals share at least one point.
    pub fn intersects(self, other: Interval) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// Whether the two intervals overlap on more than a single shared end point.
    ///
    /// A rounding interval's upper end is open ("$4.4 billion" is [4.35, 4.45)), so two rounded
    /// figures that only touch at an end cannot both be right: this is the test the audit uses.
    /// A degenerate interval (a single exact value) overlaps another if it lies inside it.
    pub fn overlaps(self, other: Interval) -> bool {
        if self.lo == self.hi || other.lo == other.hi {
            return self.intersects(other);
        }
        self.lo < other.hi && other.lo < self.hi
    }

    /// The common part, if any.
    pub fn intersection(self, other: Interval) -> Option<Interval> {
        let lo = self.lo.max(other.lo);
        let hi = self.hi.min(other.hi);
        (lo <= hi).then_some(Interval { lo, hi })
    }

    /// The smallest interval holding both.
    pub fn hull(self, other: Interval) -> Interval {
        Interval {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }

    /// Multiplies by a finite constant.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] for a NaN or infinite `k`; [`InputError::OutOfRange`] if an end
    /// overflows so that the result is not an interval.
    pub fn scale(self, k: f64) -> Result<Interval> {
        let k = crate::error::finite("scale factor", k)?;
        let (a, b) = (mul(self.lo, k), mul(self.hi, k));
        Interval::new(a.min(b), a.max(b))
    }

    /// Applies a non-decreasing function to both ends.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] or [`InputError::OutOfRange`] if the ends it gives are not an
    /// interval (a NaN, or a function that is not non-decreasing).
    pub fn map_monotone(self, f: impl Fn(f64) -> f64) -> Result<Interval> {
        Interval::new(f(self.lo), f(self.hi))
    }

    /// `self / rhs`.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] if `rhs` contains zero (the quotient is unbounded).
    pub fn checked_div(self, rhs: Interval) -> Result<Interval> {
        if rhs.contains(0.0) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "interval divisor lower end",
                value: rhs.lo,
                expected: "a divisor interval that does not contain zero",
            }));
        }
        // Each end is the quotient of two ends, divided directly (not multiplied by a
        // reciprocal), so that a point divided by a point always lands inside: division rounds
        // monotonically, so fl(p/q) lies between the quotients of the ends.
        let corners = [
            div(self.lo, rhs.lo),
            div(self.lo, rhs.hi),
            div(self.hi, rhs.lo),
            div(self.hi, rhs.hi),
        ];
        let lo = corners.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
        let hi = corners
            .iter()
            .map(|c| c.1)
            .fold(f64::NEG_INFINITY, f64::max);
        Interval::new(lo, hi)
    }
}

/// The range of `a / b` near one corner of two intervals, `b` not zero: a single quotient, or,
/// for an infinite end over an infinite end, everything from 0 to that infinity (the limit
/// depends on how both grow).
fn div(a: f64, b: f64) -> (f64, f64) {
    match (a.is_infinite(), b.is_infinite()) {
        (true, true) => {
            let inf = if (a > 0.0) == (b > 0.0) {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            };
            (inf.min(0.0), inf.max(0.0))
        }
        (false, true) => (0.0, 0.0),
        _ => (a / b, a / b),
    }
}

/// Multiplication with 0 · ∞ = 0, the convention of interval arithmetic.
fn mul(a: f64, b: f64) -> f64 {
    if a == 0.0 || b == 0.0 { 0.0 } else { a * b }
}

// The operators give a `Result`: an end that overflows (1e308 + 1e308) is an error, never an
// interval that is not one.
impl std::ops::Add for Interval {
    type Output = Result<Interval>;
    fn add(self, rhs: Interval) -> Result<Interval> {
        Interval::new(self.lo + rhs.lo, self.hi + rhs.hi)
    }
}

impl std::ops::Sub for Interval {
    type Output = Result<Interval>;
    fn sub(self, rhs: Interval) -> Result<Interval> {
        Interval::new(self.lo - rhs.hi, self.hi - rhs.lo)
    }
}

impl std::ops::Mul for Interval {
    type Output = Result<Interval>;
    fn mul(self, rhs: Interval) -> Result<Interval> {
        let c = [
            mul(self.lo, rhs.lo),
            mul(self.lo, rhs.hi),
            mul(self.hi, rhs.lo),
            mul(self.hi, rhs.hi),
        ];
        Interval::new(
            c.iter().copied().fold(f64::INFINITY, f64::min),
            c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = |x: f64| match f.precision() {
            _ if x == f64::INFINITY => "inf".to_string(),
            _ if x == f64::NEG_INFINITY => "-inf".to_string(),
            Some(p) => format!("{x:.p$}"),
            None => crate::data::money::trim_number(x, 6),
        };
        write!(f, "[{}, {}]", end(self.lo), end(self.hi))
    }
}

impl fmt::Debug for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{:?}, {:?}]", self.lo, self.hi)
    }
}

#[derive(Serialize, Deserialize)]
struct IntervalRepr {
    lo: Option<f64>,
    hi: Option<f64>,
}

impl Serialize for Interval {
    /// Infinite ends serialise as `null` (JSON has no infinity).
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        IntervalRepr {
            lo: self.lo.is_finite().then_some(self.lo),
            hi: self.hi.is_finite().then_some(self.hi),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Interval, D::Error> {
        let r = IntervalRepr::deserialize(d)?;
        Interval::new(
            r.lo.unwrap_or(f64::NEG_INFINITY),
            r.hi.unwrap_or(f64::INFINITY),
        )
        .map_err(serde::de::Error::custom)
    }
}

/// A point value with the interval it may really lie in: what a rounded figure, or a quantity
/// derived from rounded figures, tells.
///
/// The point is what a reader computes from the printed numbers; the interval is everything the
/// printed precision allows.
///
/// # Examples
/// ```
/// use bilateral::{Estimate, Interval};
/// let exports = Estimate::new(3.1, Interval::new(3.05, 3.15)?)?;
/// let base = Estimate::new(2.0, Interval::new(1.5, 2.5)?)?;
/// let growth = exports.checked_div(base)?;
/// assert!((growth.point() - 1.55).abs() < 1e-12);
/// assert!((growth.interval().lo() - 1.22).abs() < 1e-12);
/// assert!((growth.interval().hi() - 2.1).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EstimateRepr")]
pub struct Estimate {
    point: f64,
    interval: Interval,
}

/// An estimate as written, checked by [`Estimate::new`] when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EstimateRepr {
    point: f64,
    interval: Interval,
}

impl TryFrom<EstimateRepr> for Estimate {
    type Error = Error;
    fn try_from(r: EstimateRepr) -> Result<Estimate> {
        Estimate::new(r.point, r.interval)
    }
}

impl Estimate {
    /// Exactly zero.
    pub const ZERO: Estimate = Estimate {
        point: 0.0,
        interval: Interval { lo: 0.0, hi: 0.0 },
    };

    /// A point inside its interval.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] for a NaN or infinite point; [`InputError::OutOfRange`] if the
    /// point lies outside the interval.
    pub fn new(point: f64, interval: Interval) -> Result<Estimate> {
        let point = crate::error::finite("estimate point", point)?;
        if !interval.contains(point) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "estimate point",
                value: point,
                expected: "a point inside its interval",
            }));
        }
        Ok(Estimate { point, interval })
    }

    /// An exact value.
    ///
    /// # Errors
    /// [`InputError::NonFinite`] for NaN or infinity.
    pub fn exact(x: f64) -> Result<Estimate> {
        Ok(Estimate {
            point: crate::error::finite("estimate point", x)?,
            interval: Interval::point(x)?,
        })
    }

    /// The point value.
    pub fn point(self) -> f64 {
        self.point
    }

    /// Point, lower end and upper end as a table writes them: an unbounded end is `None` (an
    /// empty CSV cell, a null in a DataFrame).
    ///
    /// ```
    /// use bilateral::{Estimate, Interval};
    /// let more_than = Estimate::new(1.2, Interval::new(1.2, f64::INFINITY)?)?;
    /// assert_eq!(more_than.parts(), (1.2, Some(1.2), None));
    /// assert_eq!(Estimate::from_parts(1.2, Some(1.2), None)?, more_than);
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn parts(self) -> (f64, Option<f64>, Option<f64>) {
        let bounded = |x: f64| x.is_finite().then_some(x);
        (
            self.point,
            bounded(self.interval.lo),
            bounded(self.interval.hi),
        )
    }

    /// An estimate from [`Estimate::parts`] (a missing end is unbounded).
    ///
    /// # Errors
    /// As [`Estimate::new`].
    pub fn from_parts(point: f64, lo: Option<f64>, hi: Option<f64>) -> Result<Estimate> {
        Estimate::new(
            point,
            Interval::new(lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY))?,
        )
    }

    /// [`Estimate::parts`] of an optional estimate: all `None` without one.
    pub fn optional_parts(e: Option<Estimate>) -> (Option<f64>, Option<f64>, Option<f64>) {
        e.map_or((None, None, None), |e| {
            let (p, lo, hi) = e.parts();
            (Some(p), lo, hi)
        })
    }

    /// The interval.
    pub fn interval(self) -> Interval {
        self.interval
    }

    /// Multiplies by a finite constant.
    ///
    /// # Errors
    /// As [`Interval::scale`]; [`InputError::NonFinite`] if the point overflows.
    pub fn scale(self, k: f64) -> Result<Estimate> {
        Estimate::new(self.point * k, self.interval.scale(k)?)
    }

    /// Applies a non-decreasing function to point and ends.
    ///
    /// # Errors
    /// As [`Interval::map_monotone`]; [`InputError::NonFinite`] or [`InputError::OutOfRange`] if
    /// the point it gives is not finite or not inside the interval.
    pub fn map_monotone(self, f: impl Fn(f64) -> f64 + Copy) -> Result<Estimate> {
        Estimate::new(f(self.point), self.interval.map_monotone(f)?)
    }

    /// `self / rhs`.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] if `rhs`'s interval contains zero.
    pub fn checked_div(self, rhs: Estimate) -> Result<Estimate> {
        let interval = self.interval.checked_div(rhs.interval)?;
        // rhs.point is inside rhs.interval, which excludes zero.
        Estimate::new(self.point / rhs.point, interval)
    }
}

impl std::ops::Add for Estimate {
    type Output = Result<Estimate>;
    fn add(self, rhs: Estimate) -> Result<Estimate> {
        Estimate::new(self.point + rhs.point, (self.interval + rhs.interval)?)
    }
}

impl std::ops::Sub for Estimate {
    type Output = Result<Estimate>;
    fn sub(self, rhs: Estimate) -> Result<Estimate> {
        Estimate::new(self.point - rhs.point, (self.interval - rhs.interval)?)
    }
}

impl std::ops::Mul for Estimate {
    type Output = Result<Estimate>;
    fn mul(self, rhs: Estimate) -> Result<Estimate> {
        Estimate::new(self.point * rhs.point, (self.interval * rhs.interval)?)
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match f.precision() {
            Some(p) => write!(f, "{:.p$} in {:.p$}", self.point, self.interval),
            None => write!(
                f,
                "{} in {}",
                crate::data::money::trim_number(self.point, 6),
                self.interval
            ),
        }
    }
}

impl fmt::Debug for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} in {:?}", self.point, self.interval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn iv(lo: f64, hi: f64) -> Interval {
        Interval::new(lo, hi).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn arithmetic() {
        let a = iv(1.0, 2.0);
        let b = iv(-3.0, 4.0);
        assert_eq!((a + b).unwrap(), iv(-2.0, 6.0));
        assert_eq!((a - b).unwrap(), iv(-3.0, 5.0));
        assert_eq!((a * b).unwrap(), iv(-6.0, 8.0));
        // An end that overflows is an error, not an interval ending at +inf from below.
        assert!((iv(1e308, 1e308) + iv(1e308, 1e308)).is_err());
        assert!(a.scale(f64::NAN).is_err());
        assert!(a.map_monotone(|x| -x).is_err());
        assert!(a.checked_div(b).is_err());
        let q = a.checked_div(iv(4.0, 8.0)).unwrap_or(a);
        assert_relative_eq!(q.lo(), 0.125);
        assert_relative_eq!(q.hi(), 0.5);
        // "more than 1.2" times three months → at least 3.6, no upper end.
        let gt = iv(1.2, f64::INFINITY).scale(3.0).unwrap();
        assert_relative_eq!(gt.lo(), 3.6, epsilon = 1e-12);
        assert_eq!(gt.hi(), f64::INFINITY);
        assert_eq!(
            (iv(0.0, f64::INFINITY) * iv(0.0, 1.0)).unwrap(),
            iv(0.0, f64::INFINITY)
        );
    }

    #[test]
    fn relations() {
        assert!(iv(4.45, 4.55).intersects(iv(4.30, 4.50)));
        assert!(!iv(4.45, 4.55).intersects(iv(4.35, 4.44)));
        // "$4.5 billion" and "$4.4 billion" touch at 4.45 but cannot both be right.
        assert!(iv(4.45, 4.55).intersects(iv(4.35, 4.45)));
        assert!(!iv(4.45, 4.55).overlaps(iv(4.35, 4.45)));
        assert!(iv(4.45, 4.55).overlaps(iv(4.30, 4.50)));
        assert!(iv(1.0, 1.0).overlaps(iv(1.0, 2.0)));
        assert_eq!(iv(1.0, 3.0).intersection(iv(2.0, 5.0)), Some(iv(2.0, 3.0)));
        assert_eq!(iv(1.0, 3.0).hull(iv(2.0, 5.0)), iv(1.0, 5.0));
    }

    #[test]
    fn rejects_nonsense() {
        assert!(Interval::new(f64::NAN, 1.0).is_err());
        assert!(Interval::new(2.0, 1.0).is_err());
        assert!(Interval::new(f64::INFINITY, f64::INFINITY).is_err());
        assert!(Estimate::new(5.0, iv(1.0, 2.0)).is_err());
    }

    #[test]
    fn serde_uses_null_for_infinity() {
        let j = serde_json::to_string(&iv(1.2, f64::INFINITY)).unwrap_or_default();
        assert_eq!(j, r#"{"lo":1.2,"hi":null}"#);
        let back: Interval = serde_json::from_str(&j).unwrap_or(iv(0.0, 0.0));
        assert_eq!(back, iv(1.2, f64::INFINITY));
    }
}
