//! Forecasting methods on annual series in logs: point forecasts and the model's own standard
//! errors for horizons 1..H.

use super::series::{LogSeries, changes, drift_and_variance};
use crate::error::{Error, GrowthError, InputError, Result};

/// The longest horizon a forecast takes: [`crate::limits::MAX_FORECAST_HORIZON`].
pub use crate::limits::MAX_FORECAST_HORIZON as MAX_HORIZON;

keyword_enum! {
    /// A forecasting method.
    pub enum Method: "forecast method" {
        /// Random walk: the last value.
        Naive = "naive" ("random walk"),
        /// Random walk with drift: the last value plus h times the mean change.
        Drift = "drift" ("random walk with drift"),
        /// Log-linear trend by least squares through every point.
        Trend = "trend" ("log-linear trend"),
        /// Damped-trend exponential smoothing (ETS(A,Ad,N)), parameters by least squares on a grid.
        Damped = "damped" ("damped-trend exponential smoothing"),
        /// Random walk with a drift and volatility shrunk towards those of similar series
        /// (empirical Bayes), given a [`Prior`].
        Pooled = "pooled" ("pooled random walk with drift (empirical Bayes)"),
    }
}

impl Method {
    /// Points a method needs.
    pub fn min_points(self) -> usize {
        match self {
            Method::Naive | Method::Pooled => 2,
            Method::Drift | Method::Trend => 3,
            Method::Damped => 4,
        }
    }
}

/// What similar series showed: the prior of [`Method::Pooled`] (see [`prior`]).
///
/// A series with drift estimate μ̂ over `span` years and variance s² on d degrees of freedom
/// is forecast with variance σ̃² = (d₀ s₀² + d s²)/(d₀ + d) and drift
/// μ̃ = (μ̂ span/σ̃² + m/τ²)/(span/σ̃² + 1/τ²), whose variance 1/(span/σ̃² + 1/τ²) adds h² times
/// to the h-step variance h σ̃².
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prior {
    /// m: the mean drift (log change a year) across the series.
    pub drift_mean: f64,
    /// τ²: the variance of the series' true drifts around it (method of moments, at least
    /// 1e-6).
    pub drift_var: f64,
    /// s₀²: the scale of the variance prior.
    pub sigma2: f64,
    /// d₀: the degrees of freedom of the variance prior (its weight against a series' own d).
    pub weight: f64,
}

/// A forecast in logs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Forecast {
    /// The method.
    pub method: Method,
    /// The years forecast: the series' last year + 1 ..= + H.
    pub years: Vec<i32>,
    /// Point forecast for horizons 1..=H.
    pub point: Vec<f64>,
    /// The model's own standard error of each (normal intervals: point ± z·sd).
    pub sd: Vec<f64>,
}

pub(crate) fn check_horizon(h: usize) -> Result<()> {
    crate::limits::horizon("a forecast horizon", h, MAX_HORIZON).map(drop)
}

/// Forecasts a log series `h` years ahead of its last year.
///
/// Years may have gaps for every method but [`Method::Damped`]: a gap of g years is a change
/// over g years (mean g·μ, variance g·σ² for the random walks; the trend uses the years as
/// they are).
///
/// # Errors
/// [`InputError::ZeroHorizon`]; [`InputError::OutOfRange`] beyond [`MAX_HORIZON`]; within `forecast
/// method M`: [`GrowthError::SeriesTooShort`] below [`Method::min_points`],
/// [`GrowthError::YearGap`] for [`Method::Damped`] on a series with gaps, [`InputError::Missing`]
/// for [`Method::Pooled`] without a prior.
///
/// ```
/// use bilateral::forecast::{forecast, LogSeries, Method};
/// let y = LogSeries::from_logs(&[2000, 2001, 2002, 2003], &[0.0, 0.1, 0.2, 0.3])?;
/// let f = forecast(Method::Drift, &y, 2, None)?;
/// assert_eq!(f.years, [2004, 2005]);
/// assert!((f.point[1] - 0.5).abs() < 1e-12); // 0.3 + 2 × 0.1
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn forecast(
    method: Method,
    series: &LogSeries,
    h: usize,
    prior: Option<&Prior>,
) -> Result<Forecast> {
    check_horizon(h)?;
    let within = |e: Error| e.within(format!("forecast method {method}"));
    if series.len() < method.min_points() {
        return Err(within(Error::Growth(GrowthError::SeriesTooShort {
            what: "a forecast",
            needed: method.min_points(),
            got: series.len(),
        })));
    }
    if method == Method::Damped
        && let Some((after, next)) = series.first_gap()
    {
        return Err(Error::Growth(GrowthError::YearGap {
            what: format!("forecast method {method}"),
            after,
            next,
        }));
    }
    if method == Method::Pooled && prior.is_none() {
        return Err(within(Error::Input(InputError::Missing {
            what: "a prior from similar series",
            purpose: "for the pooled method",
        })));
    }
    let (point, sd) = raw(method, series.years(), series.logs(), h, prior);
    if let Some(v) = point.iter().chain(&sd).find(|v| !v.is_finite()) {
        return Err(within(Error::Input(InputError::NonFinite {
            what: "a forecast",
            value: *v,
        })));
    }
    let last = series.last_year();
    if i64::from(last) + h as i64 > i64::from(*crate::limits::YEARS.end()) {
        return Err(within(Error::Input(InputError::OutOfRange {
            what: "a forecast's last year",
            value: i64::from(last) as f64 + h as f64,
            expected: "a year by 9999 (crate::limits::YEARS)",
        })));
    }
    Ok(Forecast {
        method,
        years: (1..=h)
            .map(|j| last.saturating_add(i32::try_from(j).unwrap_or(i32::MAX)))
            .collect(),
        point,
        sd,
    })
}

/// The forecast without checks: `years` increasing (consecutive for [`Method::Damped`]), at
/// least [`Method::min_points`] finite values, a prior for [`Method::Pooled`] (a flat one
/// stands in otherwise).
#[allow(clippy::indexing_slicing)]
pub(crate) fn raw(
    method: Method,
    years: &[i32],
    y: &[f64],
    h: usize,
    prior: Option<&Prior>,
) -> (Vec<f64>, Vec<f64>) {
    let n = y.len();
    let last = y[n - 1];
    let hs = 1..=h;
    let rw = drift_and_variance(years, y);
    match method {
        Method::Naive => {
            let (sum, k) =
                changes(years, y).fold((0.0, 0.0), |(s, k), (d, g)| (s + d * d / g, k + 1.0));
            let s2 = sum / k;
            (vec![last; h], hs.map(|j| (s2 * j as f64).sqrt()).collect())
        }
        Method::Drift => {
            let (m, s2, span, _) = rw.unwrap_or((0.0, 0.0, 1.0, 2.0));
            (
                hs.clone().map(|j| last + m * j as f64).collect(),
                hs.map(|j| (s2 * j as f64 * (1.0 + j as f64 / span)).sqrt())
                    .collect(),
            )
        }
        Method::Trend => {
            let nf = n as f64;
            let x0 = f64::from(years[n - 1]);
            let x: Vec<f64> = years.iter().map(|t| f64::from(*t) - x0).collect();
            let xm = x.iter().sum::<f64>() / nf;
            let ym = y.iter().sum::<f64>() / nf;
            let sxx: f64 = x.iter().map(|v| (v - xm).powi(2)).sum();
            let b = x
                .iter()
                .zip(y)
                .map(|(a, v)| (a - xm) * (v - ym))
                .sum::<f64>()
                / sxx;
            let a = ym - b * xm;
            let s2 = x
                .iter()
                .zip(y)
                .map(|(t, v)| (v - a - b * t).powi(2))
                .sum::<f64>()
                / (nf - 2.0);
            (
                hs.clone().map(|j| a + b * j as f64).collect(),
                hs.map(|j| (s2 * (1.0 + 1.0 / nf + (j as f64 - xm).powi(2) / sxx)).sqrt())
                    .collect(),
            )
        }
        Method::Damped => damped(y, h),
        Method::Pooled => {
            let flat = Prior {
                drift_mean: 0.0,
                drift_var: 1e6,
                sigma2: rw.map_or(0.01, |r| r.1.max(1e-12)),
                weight: 1.0,
            };
            let p = prior.unwrap_or(&flat);
            let span = f64::from(years[n - 1] - years[0]);
            let own_m = (last - y[0]) / span;
            let (own_s2, k) = rw.map_or((p.sigma2, 1.0), |r| (r.1, r.3));
            let s2 = ((k - 1.0) * own_s2 + p.weight * p.sigma2) / ((k - 1.0) + p.weight);
            let precision = span / s2 + 1.0 / p.drift_var;
            let m = (own_m * span / s2 + p.drift_mean / p.drift_var) / precision;
            let v = 1.0 / precision;
            (
                hs.clone().map(|j| last + m * j as f64).collect(),
                hs.map(|j| (s2 * j as f64 + v * (j as f64).powi(2)).sqrt())
                    .collect(),
            )
        }
    }
}

/// ETS(A,Ad,N) with l₀ = y₀, b₀ = y₁ − y₀ and (α, β, φ) minimising the one-step squared errors
/// on a grid (α 0.1–1.0 by 0.1; β/α in {0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1}; φ in {0.8, 0.85,
/// 0.9, 0.95, 0.98}); σ² = SSE / (n − 1); the h-step variance is
/// σ²(1 + Σ_{j<h} (α + β φ (1 − φ^j)/(1 − φ))²).
#[allow(clippy::indexing_slicing)]
fn damped(y: &[f64], h: usize) -> (Vec<f64>, Vec<f64>) {
    let n = y.len();
    let mut best = (f64::INFINITY, 0.0, 0.0, 0.0, 0.0, 0.0);
    for ai in 1..=10 {
        let alpha = f64::from(ai) / 10.0;
        for beta_share in [0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0] {
            let beta = alpha * beta_share;
            for phi in [0.8, 0.85, 0.9, 0.95, 0.98] {
                let (mut l, mut b) = (y[0], y[1] - y[0]);
                let mut sse = 0.0;
                for &obs in &y[1..] {
                    let f = l + phi * b;
                    let e = obs - f;
                    sse += e * e;
                    l = f + alpha * e;
                    b = phi * b + beta * e;
                }
                if sse < best.0 {
                    best = (sse, alpha, beta, phi, l, b);
                }
            }
        }
    }
    let (sse, alpha, beta, phi, l, b) = best;
    let s2 = sse / (n as f64 - 1.0);
    let mut point = Vec::with_capacity(h);
    let mut sd = Vec::with_capacity(h);
    let (mut damp, mut var_sum) = (0.0, 1.0);
    let mut power = 1.0;
    for _ in 1..=h {
        power *= phi;
        damp += power;
        point.push(l + damp * b);
        sd.push((s2 * var_sum).sqrt());
        let c = alpha + beta * phi * (1.0 - power) / (1.0 - phi);
        var_sum += c * c;
    }
    (point, sd)
}

/// The pooled prior from many log series (each of 3 points or more; shorter ones are skipped).
///
/// - Drift: the mean of the series' drifts, and the variance of their true drifts by the
///   method of moments (the spread of the drifts less their average sampling variance
///   σ²/span, at least 1e-6).
/// - Volatility: a scaled inverse-χ² prior for the series' variances σ², fitted by the moments
///   of log s² (Smyth 2004, the estimator of limma's `squeezeVar`): with d the degrees of
///   freedom of each s², the prior's degrees of freedom d₀ solve
///   ψ₁(d₀/2) = var(log s² − ψ(d/2) + log(d/2)) − mean ψ₁(d/2), and its scale is
///   s₀² = exp(mean(log s² − ψ(d/2) + log(d/2)) + ψ(d₀/2) − log(d₀/2)). A series' variance is
///   then shrunk to (d₀ s₀² + d s²)/(d₀ + d). When the spread of log s² is no more than
///   sampling alone explains, d₀ is capped at 10,000 (all series share s₀²).
///
/// # Errors
/// [`GrowthError::SeriesTooShort`] without any series of 3 points or more.
///
/// ```
/// use bilateral::forecast::{prior, LogSeries};
/// let a = LogSeries::from_logs(&[2000, 2001, 2002], &[0.0, 0.1, 0.3])?; // drift 0.15
/// let b = LogSeries::from_logs(&[2000, 2001, 2002], &[1.0, 1.0, 1.1])?; // drift 0.05
/// let p = prior([&a, &b])?;
/// assert!((p.drift_mean - 0.10).abs() < 1e-12);
/// // Both variances are 0.005 on d = 1 degree of freedom: no spread beyond sampling, so
/// // d₀ is capped at 10,000 and s₀² = 0.005 · exp(−ψ(1/2) − ln 2 + ψ(5000) − ln 5000), with
/// // ψ(1/2) = −γ − 2 ln 2 and ψ(x) − ln x ≈ −1/(2x) − 1/(12x²).
/// let psi_half = -0.577_215_664_901_532_9 - 2.0 * 2f64.ln();
/// let tail = -1.0 / 10_000.0 - 1.0 / (12.0 * 5000f64.powi(2));
/// let s0 = 0.005 * (-psi_half - 2f64.ln() + tail).exp();
/// assert!((p.sigma2 / s0 - 1.0).abs() < 1e-9, "{} vs {s0}", p.sigma2);
/// assert_eq!(p.weight, 10_000.0);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn prior<'a>(series: impl IntoIterator<Item = &'a LogSeries>) -> Result<Prior> {
    prior_raw(series.into_iter().map(|s| (s.years(), s.logs())))
}

/// The largest prior weight (degrees of freedom) of the variance prior.
const MAX_PRIOR_DF: f64 = 10_000.0;

pub(crate) fn prior_raw<'a>(
    series: impl IntoIterator<Item = (&'a [i32], &'a [f64])>,
) -> Result<Prior> {
    let (mut means, mut samp, mut z, mut tri) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (years, y) in series {
        let Some((m, v, span, k)) = drift_and_variance(years, y) else {
            continue;
        };
        means.push(m);
        samp.push(v / span);
        let d = k - 1.0;
        // A series that never moved has no log variance; it still counts for the drift.
        if v > 0.0 {
            z.push(v.ln() - digamma(d / 2.0) + (d / 2.0).ln());
            tri.push(trigamma(d / 2.0));
        }
    }
    if means.is_empty() {
        return Err(Error::Growth(GrowthError::SeriesTooShort {
            what: "a pooled prior (series of 3 points or more)",
            needed: 1,
            got: 0,
        }));
    }
    let c = means.len() as f64;
    let drift_mean = means.iter().sum::<f64>() / c;
    let spread = means.iter().map(|m| (m - drift_mean).powi(2)).sum::<f64>() / (c - 1.0).max(1.0);
    let drift_var = (spread - samp.iter().sum::<f64>() / c).max(1e-6);
    let (sigma2, weight) = if z.is_empty() {
        (1e-12, MAX_PRIOR_DF)
    } else {
        let nz = z.len() as f64;
        let zm = z.iter().sum::<f64>() / nz;
        let excess = if z.len() > 1 {
            z.iter().map(|v| (v - zm).powi(2)).sum::<f64>() / (nz - 1.0)
                - tri.iter().sum::<f64>() / nz
        } else {
            0.0
        };
        let d0 = if excess > 0.0 {
            (2.0 * inverse_trigamma(excess)).min(MAX_PRIOR_DF)
        } else {
            MAX_PRIOR_DF
        };
        let s0 = (zm + digamma(d0 / 2.0) - (d0 / 2.0).ln()).exp();
        (s0.max(1e-12), d0)
    };
    // Series at the edge of f64 (levels of 1e300 and 1e-300) can overflow the moments: an
    // error naming the moment, not an infinite prior.
    for (what, v) in [
        ("the prior's drift mean", drift_mean),
        ("the prior's drift variance", drift_var),
        ("the prior's variance", sigma2),
        ("the prior's weight", weight),
    ] {
        crate::error::finite(what, v)?;
    }
    Ok(Prior {
        drift_mean,
        drift_var,
        sigma2,
        weight,
    })
}

fn digamma(x: f64) -> f64 {
    statrs::function::gamma::digamma(x)
}

/// ψ₁(x) for x > 0: the recurrence ψ₁(x) = ψ₁(x + 1) + 1/x² up to x ≥ 20, then the asymptotic
/// series to 1/x⁹ (its next term, 5/(66 x¹¹), is below 4e-16 there).
fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 20.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + 1.0 / x
        + x2 / 2.0
        + (1.0 / x) * x2 * (1.0 / 6.0 - x2 * (1.0 / 30.0 - x2 * (1.0 / 42.0 - x2 / 30.0)))
}

/// The x > 0 with ψ₁(x) = y (y > 0), by bisection on log x (ψ₁ decreases): 200 halvings of
/// [1e-8, 1e8] leave far less than one part in 1e12.
fn inverse_trigamma(y: f64) -> f64 {
    let (mut lo, mut hi) = ((1e-8f64).ln(), (1e8f64).ln());
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if trigamma(mid.exp()) > y {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (0.5 * (lo + hi)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigamma_matches_known_values() {
        // ψ₁(1) = π²/6, ψ₁(1/2) = π²/2, ψ₁(x+1) = ψ₁(x) − 1/x².
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-12);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-12);
        assert!((trigamma(7.5) - (trigamma(6.5) - 1.0 / 42.25)).abs() < 1e-13);
        assert!((inverse_trigamma(pi2 / 6.0) - 1.0).abs() < 1e-9);
    }
}
