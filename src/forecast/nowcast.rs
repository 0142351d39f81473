//! Nowcasts: a published figure for part of a year after a forecast's origin ("more than $1.2
//! billion in January–April 2024") updates the forecast of that year, and through it of the
//! years after, with the uncertainty of the share of the year those months carry.
//!
//! The forecast's log levels y₁, y₂, … have, for the random walks, error variances
//! var_h = a·h + b·h² (a the yearly shock's variance, b the drift's), so
//! cov(y_h, y_j) = a·min(h, j) + b·h·j; a and b are read off the forecast's own standard errors at
//! horizons 1 and 2 (exact for naive, drift and the pooled method). The partial figure P of
//! year j observes z = y_j + ln S, with S the months' share of the year: ln S has mean ln S̄
//! and standard deviation s (see [`share_sd`]). An exact figure (with its rounding, as a uniform
//! error in logs) conditions y on z by the normal formulas; a bound ("more than") truncates z,
//! and the forecast moves by the truncated normal's mean and variance (the updated distribution
//! is summarised by its mean and standard deviation, and the calibrated multipliers apply to
//! the new standard deviation).

use serde::{Deserialize, Serialize};

use super::calibrate::CalibratedForecast;
use crate::error::{Error, InputError, Result};

/// The standard deviation of the log share of a year that `months` months carry, when each
/// month's share of the year varies around 1/12 with coefficient of variation `cv` (twelve
/// shares drawn from a symmetric Dirichlet whose concentration gives a month that `cv`):
/// sd(ln S) ≈ cv·√((1 − S̄) / (11·S̄)) with S̄ = months/12 (the delta method on
/// Var S = S̄(1 − S̄)·cv²/11).
///
/// ```
/// use bilateral::forecast::share_sd;
/// // Four months of a year whose months vary by 25%: S̄ = 1/3, sd = 0.25·√(2/11) ≈ 0.107.
/// assert!((share_sd(4, 0.25)? - 0.25 * (2.0f64 / 11.0).sqrt()).abs() < 1e-12);
/// assert_eq!(share_sd(12, 0.25)?, 0.0);
/// # Ok::<(), bilateral::Error>(())
/// ```
///
/// # Errors
/// [`InputError::OutOfRange`] for months outside 1–12 or a `cv` that is negative or not finite.
pub fn share_sd(months: u32, cv: f64) -> Result<f64> {
    if !(1..=12).contains(&months) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "the months a partial-year figure covers",
            value: f64::from(months),
            expected: "1 to 12",
        }));
    }
    if !(cv.is_finite() && cv >= 0.0) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "the coefficient of variation of a month's share",
            value: cv,
            expected: "a finite number at or above 0, e.g. 0.25",
        }));
    }
    let s = f64::from(months) / 12.0;
    Ok(cv * ((1.0 - s) / (11.0 * s)).sqrt())
}

/// A partial-year figure as the forecast sees it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PartialYear {
    /// Years after the forecast's origin (1 for the next year).
    pub horizon: usize,
    /// The figure's lower end, in the forecast's log unit (−∞ for "less than").
    pub log_lo: f64,
    /// Its upper end (+∞ for "more than").
    pub log_hi: f64,
    /// The log of the months' mean share of the year.
    pub log_share: f64,
    /// The standard deviation of the log share.
    pub share_sd: f64,
}

/// What a nowcast did to the forecast of its year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NowcastEffect {
    /// The log point forecast of the year before and after.
    pub point: (f64, f64),
    /// Its standard deviation before and after.
    pub sd: (f64, f64),
}

fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

fn normal_cdf(x: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2)
}

impl CalibratedForecast {
    /// The forecast updated by a partial-year figure (see the module's docs).
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a horizon the forecast does not reach or a figure whose
    /// interval is empty; [`InputError::NonFinite`] for a share or sd that is not finite, or an
    /// update that is not.
    pub fn with_nowcast(&self, p: &PartialYear) -> Result<(CalibratedForecast, NowcastEffect)> {
        let f = &self.forecast;
        let j = p.horizon;
        let (Some(&pj), Some(&sj)) = (
            j.checked_sub(1).and_then(|i| f.point.get(i)),
            j.checked_sub(1).and_then(|i| f.sd.get(i)),
        ) else {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a partial year's horizon",
                value: j as f64,
                expected: "a year the forecast covers",
            }));
        };
        if p.log_lo >= p.log_hi || p.log_lo.is_nan() || p.log_hi.is_nan() {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a partial-year figure's interval",
                value: p.log_lo,
                expected: "a lower end below the upper end",
            }));
        }
        crate::error::finite("a partial year's log share", p.log_share)?;
        crate::error::finite("a partial year's share sd", p.share_sd)?;
        // var_h = a h + b h², from the standard errors at horizons 1 and 2.
        let s1 = f.sd.first().map_or(0.0, |s| s * s);
        let (a, b) = match f.sd.get(1) {
            Some(s2) => {
                let b = ((s2 * s2 - 2.0 * s1) / 2.0).max(0.0);
                ((s1 - b).max(0.0), b)
            }
            None => (s1, 0.0),
        };
        let jf = j as f64;
        let cov = |h: usize| a * (h.min(j) as f64) + b * h as f64 * jf;
        // z = y_j + ln S: observed as the figure's interval (rounding as uniform in logs).
        let (lo, hi) = (p.log_lo - p.log_share, p.log_hi - p.log_share);
        let exact = lo.is_finite() && hi.is_finite();
        let rounding = if exact { (hi - lo).powi(2) / 12.0 } else { 0.0 };
        let v = sj * sj + p.share_sd * p.share_sd + rounding;
        if v <= 0.0 {
            return Ok((
                self.clone(),
                NowcastEffect {
                    point: (pj, pj),
                    sd: (sj, sj),
                },
            ));
        }
        let sv = v.sqrt();
        // The shift of z's mean and the variance left, given what the figure says.
        let (shift, left) = if exact {
            (0.5 * (lo + hi) - pj, 0.0)
        } else if lo.is_finite() {
            let al = (lo - pj) / sv;
            let tail = (1.0 - normal_cdf(al)).max(1e-300);
            let lam = normal_pdf(al) / tail;
            (sv * lam, v * (1.0 + al * lam - lam * lam))
        } else {
            let be = (hi - pj) / sv;
            let body = normal_cdf(be).max(1e-300);
            let r = normal_pdf(be) / body;
            (-sv * r, v * (1.0 - be * r - r * r))
        };
        let mut g = self.clone();
        for (i, (pt, sd)) in g
            .forecast
            .point
            .iter_mut()
            .zip(&mut g.forecast.sd)
            .enumerate()
        {
            let k = cov(i + 1) / v;
            *pt += k * shift;
            let var = (*sd * *sd - k * k * (v - left.max(0.0))).max(0.0);
            *sd = var.sqrt();
        }
        for x in g.forecast.point.iter().chain(&g.forecast.sd) {
            crate::error::finite("a nowcast's updated forecast", *x)?;
        }
        let effect = NowcastEffect {
            point: (pj, g.forecast.point.get(j - 1).copied().unwrap_or(pj)),
            sd: (sj, g.forecast.sd.get(j - 1).copied().unwrap_or(sj)),
        };
        Ok((g, effect))
    }
}
