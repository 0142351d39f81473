//! Growth arithmetic on published figures: the functions of [`crate::growth`] on
//! [`Estimate`]s (such as [`Figure::estimate`](crate::Figure::estimate) gives), carrying the
//! figures' rounding through as an interval.
//!
//! ```
//! use bilateral::growth::est;
//! use bilateral::{Estimate, Interval};
//! // 4.5 → 10 in 7 years needs 12.08% a year; over the rounding of "$4.5 billion", 11.9–12.3%.
//! let base = Estimate::new(4.5, Interval::new(4.45, 4.55)?)?;
//! let r = est::required_rate(base, Estimate::exact(10.0)?, 7.0)?;
//! assert!((r.point() - 0.120_833).abs() < 1e-6);
//! # Ok::<(), bilateral::Error>(())
//! ```

use crate::data::{Estimate, Interval};
use crate::error::{Error, InputError, Result};
use crate::growth::rate::{self, Direction, Rate, Reach, horizon};

fn positive_estimate(what: &'static str, e: Estimate) -> Result<Estimate> {
    if e.interval().lo() <= 0.0 {
        return Err(Error::Input(InputError::NonPositiveBase {
            what,
            value: e.interval().lo(),
        }));
    }
    Ok(e)
}

fn estimate(point: f64, lo: f64, hi: f64) -> Result<Estimate> {
    Estimate::new(point, Interval::new(lo, hi)?)
}

/// [`growth`](crate::growth::growth) on estimates: the interval holds every growth the two
/// intervals allow.
///
/// # Formula
/// g ∈ [to_lo / from_hi − 1, to_hi / from_lo − 1]
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `from`'s interval reaches zero; as
/// [`growth`](crate::growth::growth) otherwise.
///
/// # Examples
/// ```
/// use bilateral::growth::est;
/// use bilateral::Dataset;
/// let data = Dataset::builtin()?;
/// let from = data.figure("d002.exports.2022").and_then(|f| f.estimate()).expect("built-in"); // $2 billion
/// let to = data.figure("d002.exports.2023").and_then(|f| f.estimate()).expect("built-in"); // $3.1 billion
/// let g = est::growth(from, to)?;
/// // [3.05 / 2.5 − 1, 3.15 / 1.5 − 1] = [+22%, +110%], point +55%
/// assert!((g.interval().lo() - 0.22).abs() < 1e-12 && (g.interval().hi() - 1.10).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn growth(from: Estimate, to: Estimate) -> Result<Estimate> {
    let from = positive_estimate("starting level", from)?;
    let point = rate::growth(from.point(), to.point())?;
    let (f, t) = (from.interval(), to.interval());
    estimate(
        point,
        (t.lo() / f.hi() - 1.0).max(-1.0),
        t.hi() / f.lo() - 1.0,
    )
}

/// [`cagr`](crate::growth::cagr) on estimates.
///
/// # Formula
/// r ∈ [(to_lo / from_hi)^(1/n) − 1, (to_hi / from_lo)^(1/n) − 1]
///
/// # Errors
/// [`InputError::NonPositiveBase`] if `from`'s interval reaches zero; as
/// [`cagr`](crate::growth::cagr) otherwise.
///
/// # Examples
/// ```
/// use bilateral::growth::est;
/// use bilateral::{Estimate, Interval};
/// // "+29.5% over five years" as a factor 1.295 in [1.2945, 1.2955]: 5.3%/yr in [5.29%, 5.32%].
/// let one = Estimate::exact(1.0)?;
/// let factor = Estimate::new(1.295, Interval::new(1.2945, 1.2955)?)?;
/// let r = est::cagr(one, factor, 5.0)?;
/// assert!((r.point() - (1.295f64.powf(0.2) - 1.0)).abs() < 1e-12);
/// assert!((r.interval().lo() - (1.2945f64.powf(0.2) - 1.0)).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn cagr(from: Estimate, to: Estimate, years: f64) -> Result<Estimate> {
    let from = positive_estimate("starting level", from)?;
    let n = horizon(years)?;
    let point = rate::cagr(from.point(), to.point(), n)?.fraction();
    let (f, t) = (from.interval(), to.interval());
    let root = |x: f64| x.powf(1.0 / n) - 1.0;
    estimate(point, root(t.lo() / f.hi()), root(t.hi() / f.lo()))
}

/// [`required_rate`](crate::growth::required_rate) on estimates.
///
/// # Formula
/// r ∈ [(target_lo / base_hi)^(1/n) − 1, (target_hi / base_lo)^(1/n) − 1]
///
/// # Errors
/// As [`cagr`] and [`required_rate`](crate::growth::required_rate).
///
/// # Examples
/// ```
/// use bilateral::growth::est;
/// use bilateral::Dataset;
/// let data = Dataset::builtin()?;
/// let base = data.figure("d002.turnover.2023.a").and_then(|f| f.estimate()).expect("$4.5 billion");
/// let target = data.figure("d002.target.a").and_then(|f| f.estimate()).expect("ten billion dollars");
/// let r = est::required_rate(base, target, 7.0)?;
/// // Point (10 / 4.5)^(1/7) − 1; range from (9.5 / 4.55)^(1/7) − 1 to (10.5 / 4.45)^(1/7) − 1.
/// assert!((r.point() - 0.120_833).abs() < 1e-6);
/// assert!((r.interval().lo() - (9.5f64 / 4.55).powf(1.0 / 7.0) + 1.0).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn required_rate(base: Estimate, target: Estimate, years: f64) -> Result<Estimate> {
    positive_estimate("target", target)?;
    cagr(base, target, years)
}

/// [`years_to_target`](crate::growth::years_to_target) on estimates. The point values decide
/// whether and which way the target is reached; the interval of years runs from the fastest
/// combination of values within the intervals to the slowest, with an upper end of infinity
/// where some values within the intervals never get there.
///
/// # Formula
/// Rising: y ∈ [y(base_hi, target_lo, r_hi), y(base_lo, target_hi, r_lo)]; falling:
/// y ∈ [y(base_lo, target_hi, r_lo), y(base_hi, target_lo, r_hi)], with y as in
/// [`years_to_target`](crate::growth::years_to_target) (0 where already there, ∞ for never).
///
/// # Errors
/// [`InputError::NonPositiveBase`] if an interval reaches zero;
/// [`GrowthError::RateAtOrBelowMinusOne`](crate::error::GrowthError::RateAtOrBelowMinusOne) if the
/// rate's interval reaches −100%.
///
/// # Examples
/// ```
/// use bilateral::growth::{est, Reach};
/// use bilateral::{Estimate, Interval};
/// let base = Estimate::new(4.5, Interval::new(4.45, 4.55)?)?;
/// let target = Estimate::exact(10.0)?;
/// let rate = Estimate::new(0.10, Interval::new(0.05, 0.15)?)?;
/// let Reach::After { years: y, .. } = est::years_to_target(base, target, rate)? else {
///     panic!("reached");
/// };
/// // point ln(10/4.5)/ln 1.1 ≈ 8.378; fastest ln(10/4.55)/ln 1.15 ≈ 5.634; slowest ln(10/4.45)/ln 1.05 ≈ 16.59
/// assert!((y.point() - 8.378).abs() < 1e-3);
/// assert!((y.interval().lo() - 5.634).abs() < 1e-3 && (y.interval().hi() - 16.59).abs() < 1e-2);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn years_to_target(
    base: Estimate,
    target: Estimate,
    rate: Estimate,
) -> Result<Reach<Estimate>> {
    let base = positive_estimate("base", base)?;
    let target = positive_estimate("target", target)?;
    let (b, t, r) = (base.interval(), target.interval(), rate.interval());
    let r_lo = Rate::new(r.lo())?;
    let r_hi = Rate::new(r.hi().min(f64::MAX))?;
    let point = rate::years_to_target(base.point(), target.point(), Rate::new(rate.point())?)?;
    let Reach::After { years, direction } = point else {
        return Ok(match point {
            Reach::AlreadyThere => Reach::AlreadyThere,
            _ => Reach::Never,
        });
    };
    // Years for one combination of ends: 0 where already there, infinity where it never gets
    // there in this direction.
    let span = |b: f64, t: f64, r: Rate, fastest: bool| -> Result<f64> {
        if !(b.is_finite() && t.is_finite()) {
            return Ok(if fastest { 0.0 } else { f64::INFINITY });
        }
        Ok(match rate::years_to_target(b, t, r)? {
            Reach::After {
                years,
                direction: d,
            } if d == direction => years,
            Reach::AlreadyThere if fastest => 0.0,
            _ => f64::INFINITY,
        })
    };
    let (fastest, slowest) = match direction {
        Direction::Up => (
            span(b.hi(), t.lo(), r_hi, true)?,
            span(b.lo(), t.hi(), r_lo, false)?,
        ),
        Direction::Down => (
            span(b.lo(), t.hi(), r_lo, true)?,
            span(b.hi(), t.lo(), r_hi, false)?,
        ),
    };
    Ok(Reach::After {
        years: estimate(years, fastest.min(years), slowest.max(years))?,
        direction,
    })
}

/// [`compound_path`](crate::growth::compound_path) on estimates: element `t` is the level `t` years
/// on, with its range.
///
/// # Formula
/// x_t ∈ [base_lo · (1 + r_lo)^t, base_hi · (1 + r_hi)^t]
///
/// # Errors
/// As [`compound_path`](crate::growth::compound_path);
/// [`GrowthError::RateAtOrBelowMinusOne`](crate::error::GrowthError::RateAtOrBelowMinusOne) if the
/// rate's interval reaches −100%.
///
/// # Examples
/// ```
/// use bilateral::growth::est;
/// use bilateral::{Estimate, Interval};
/// let base = Estimate::new(4.5, Interval::new(4.45, 4.55)?)?;
/// let rate = Estimate::new(0.10, Interval::new(0.09, 0.11)?)?;
/// let p = est::compound_path(base, rate, 1)?;
/// assert!((p[1].interval().lo() - 4.45 * 1.09).abs() < 1e-12);
/// assert!((p[1].interval().hi() - 4.55 * 1.11).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn compound_path(base: Estimate, rate: Estimate, years: u32) -> Result<Vec<Estimate>> {
    let base = positive_estimate("base", base)?;
    let (b, r) = (base.interval(), rate.interval());
    let point = rate::compound_path(base.point(), Rate::new(rate.point())?, years)?;
    let lo = rate::compound_path(b.lo(), Rate::new(r.lo())?, years)?;
    let hi = rate::compound_path(b.hi(), Rate::new(r.hi())?, years)?;
    point
        .iter()
        .zip(lo.iter().zip(&hi))
        .map(|(p, (l, h))| estimate(*p, *l, *h))
        .collect()
}

/// [`doubling_time`](crate::growth::doubling_time) on an estimated rate; `None` if the point rate
/// never doubles.
///
/// # Formula
/// T ∈ [ln 2 / ln(1 + r_hi), ln 2 / ln(1 + r_lo)] (∞ where r_lo ≤ 0)
///
/// # Errors
/// [`GrowthError::RateAtOrBelowMinusOne`](crate::error::GrowthError::RateAtOrBelowMinusOne) if the
/// rate's interval reaches −100%.
///
/// # Examples
/// ```
/// use bilateral::growth::est;
/// use bilateral::{Estimate, Interval};
/// let r = Estimate::new(0.10, Interval::new(0.05, 0.15)?)?;
/// let t = est::doubling_time(r)?.expect("growing");
/// assert!((t.interval().hi() - 2f64.ln() / 1.05f64.ln()).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn doubling_time(rate: Estimate) -> Result<Option<Estimate>> {
    let r = rate.interval();
    let Some(point) = rate::doubling_time(Rate::new(rate.point())?)? else {
        return Ok(None);
    };
    let fastest = rate::doubling_time(Rate::new(r.hi().min(f64::MAX))?)?.unwrap_or(f64::INFINITY);
    let slowest = rate::doubling_time(Rate::new(r.lo())?)?.unwrap_or(f64::INFINITY);
    estimate(point, fastest, slowest).map(Some)
}
