//! Forecasting methods on annual series in logs: point forecasts and the model's own standard
//! errors for horizons 1..H.

use crate::error::{Error, Result};

/// The longest horizon a forecast takes.
pub const MAX_HORIZON: usize = 50;

keyword_enum! {
    /// A forecasting method.
    pub enum Method: "forecast method" {
        /// Random walk: the last value.
        Naive = "naive",
        /// Random walk with drift: the last value plus h times the mean change.
        Drift = "drift",
        /// Log-linear trend by least squares through every point.
        Trend = "trend",
        /// Damped-trend exponential smoothing (ETS(A,Ad,N)), parameters by least squares on a grid.
        Damped = "damped",
        /// Random walk with a drift and volatility shrunk towards those of similar series
        /// (empirical Bayes), given a [`Prior`].
        Pooled = "pooled",
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

/// What similar series showed: the prior of [`Method::Pooled`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prior {
    /// Mean drift (log change a year) across the series.
    pub drift_mean: f64,
    /// Variance of the series' true drifts around it (method of moments, at least 1e-6).
    pub drift_var: f64,
    /// Pooled variance of the yearly log change around each series' own drift.
    pub sigma2: f64,
    /// Weight of the pooled variance, in pseudo-observations.
    pub weight: f64,
}

/// A forecast in logs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Forecast {
    /// Point forecast for horizons 1..=H.
    pub point: Vec<f64>,
    /// The model's standard error of each (normal intervals: point ± z·sd).
    pub sd: Vec<f64>,
}

fn check(method: Method, y: &[f64], h: usize) -> Result<()> {
    if h == 0 {
        return Err(Error::ZeroHorizon);
    }
    if h > MAX_HORIZON {
        return Err(Error::OutOfRange {
            what: "a forecast horizon",
            value: h as f64,
            expected: "1 to 50 years",
        });
    }
    if y.len() < method.min_points() {
        return Err(Error::Within {
            context: format!("forecast method {method}"),
            error: Box::new(Error::SeriesTooShort {
                what: "a forecast",
                needed: method.min_points(),
                got: y.len(),
            }),
        });
    }
    if let Some(v) = y.iter().find(|v| !v.is_finite()) {
        return Err(Error::NonFinite {
            what: "a log value",
            value: *v,
        });
    }
    Ok(())
}

fn diffs(y: &[f64]) -> Vec<f64> {
    y.windows(2).map(|w| w[1] - w[0]).collect()
}

/// Forecasts the log series `y` (consecutive years) `h` years ahead.
///
/// # Errors
/// [`Error::ZeroHorizon`], [`Error::OutOfRange`] beyond [`MAX_HORIZON`]; [`Error::Within`] a
/// [`Error::SeriesTooShort`] naming the method; [`Error::NonFinite`]; [`Error::Missing`] for
/// [`Method::Pooled`] without a prior.
///
/// ```
/// use bilateral::forecast::{forecast, Method};
/// let y = [0.0, 0.1, 0.2, 0.3];
/// let f = forecast(Method::Drift, &y, 2, None)?;
/// assert!((f.point[1] - 0.5).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[allow(clippy::indexing_slicing)]
pub fn forecast(method: Method, y: &[f64], h: usize, prior: Option<&Prior>) -> Result<Forecast> {
    check(method, y, h)?;
    let n = y.len();
    let last = y[n - 1];
    let d = diffs(y);
    let k = d.len() as f64;
    let hs = 1..=h;
    Ok(match method {
        Method::Naive => {
            let s2 = d.iter().map(|x| x * x).sum::<f64>() / k;
            Forecast {
                point: vec![last; h],
                sd: hs.map(|j| (s2 * j as f64).sqrt()).collect(),
            }
        }
        Method::Drift => {
            let m = d.iter().sum::<f64>() / k;
            let s2 = d.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (k - 1.0);
            Forecast {
                point: hs.clone().map(|j| last + m * j as f64).collect(),
                sd: hs
                    .map(|j| (s2 * j as f64 * (1.0 + j as f64 / k)).sqrt())
                    .collect(),
            }
        }
        Method::Trend => {
            let nf = n as f64;
            let xm = (nf - 1.0) / 2.0;
            let ym = y.iter().sum::<f64>() / nf;
            let sxx: f64 = (0..n).map(|i| (i as f64 - xm).powi(2)).sum();
            let b = (0..n).map(|i| (i as f64 - xm) * (y[i] - ym)).sum::<f64>() / sxx;
            let a = ym - b * xm;
            let s2 = (0..n)
                .map(|i| (y[i] - a - b * i as f64).powi(2))
                .sum::<f64>()
                / (nf - 2.0);
            Forecast {
                point: hs.clone().map(|j| a + b * (nf - 1.0 + j as f64)).collect(),
                sd: hs
                    .map(|j| {
                        (s2 * (1.0 + 1.0 / nf + (nf - 1.0 + j as f64 - xm).powi(2) / sxx)).sqrt()
                    })
                    .collect(),
            }
        }
        Method::Damped => damped(y, h),
        Method::Pooled => {
            let p = prior.ok_or(Error::Missing {
                what: "a prior from similar series",
                purpose: "for the pooled method",
            })?;
            let own_m = d.iter().sum::<f64>() / k;
            let own_s2 = if k > 1.0 {
                d.iter().map(|x| (x - own_m).powi(2)).sum::<f64>() / (k - 1.0)
            } else {
                p.sigma2
            };
            let s2 = ((k - 1.0).max(0.0) * own_s2 + p.weight * p.sigma2)
                / ((k - 1.0).max(0.0) + p.weight);
            let precision = k / s2 + 1.0 / p.drift_var;
            let m = (own_m * k / s2 + p.drift_mean / p.drift_var) / precision;
            let v = 1.0 / precision;
            Forecast {
                point: hs.clone().map(|j| last + m * j as f64).collect(),
                sd: hs
                    .map(|j| (s2 * j as f64 + v * (j as f64).powi(2)).sqrt())
                    .collect(),
            }
        }
    })
}

/// ETS(A,Ad,N) with l₀ = y₀, b₀ = y₁ − y₀ and (α, β, φ) minimising the one-step squared errors
/// on a grid (α 0.1–1.0 by 0.1; β/α in {0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1}; φ in {0.8, 0.85,
/// 0.9, 0.95, 0.98}); σ² = SSE / (n − 1); the h-step variance is
/// σ²(1 + Σ_{j<h} (α + β φ (1 − φ^j)/(1 − φ))²).
#[allow(clippy::indexing_slicing)]
fn damped(y: &[f64], h: usize) -> Forecast {
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
    for j in 1..=h {
        damp += phi.powi(j as i32);
        point.push(l + damp * b);
        sd.push((s2 * var_sum).sqrt());
        let c = alpha + beta * phi * (1.0 - phi.powi(j as i32)) / (1.0 - phi);
        var_sum += c * c;
    }
    Forecast { point, sd }
}

/// The pooled prior from the changes of many log series (each at least 3 points): the mean of
/// their mean changes, the variance of true drifts by the method of moments (the spread of the
/// mean changes less their average sampling variance, at least 1e-6), and the average
/// within-series variance.
///
/// # Errors
/// [`Error::SeriesTooShort`] without any series of 3 points or more.
pub fn prior<'a>(series: impl IntoIterator<Item = &'a [f64]>) -> Result<Prior> {
    let (mut means, mut vars, mut samp) = (Vec::new(), Vec::new(), Vec::new());
    for y in series {
        if y.len() < 3 {
            continue;
        }
        let d = diffs(y);
        let k = d.len() as f64;
        let m = d.iter().sum::<f64>() / k;
        let v = d.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (k - 1.0);
        means.push(m);
        vars.push(v);
        samp.push(v / k);
    }
    if means.is_empty() {
        return Err(Error::SeriesTooShort {
            what: "a pooled prior (series of 3 points or more)",
            needed: 1,
            got: 0,
        });
    }
    let c = means.len() as f64;
    let drift_mean = means.iter().sum::<f64>() / c;
    let spread = means.iter().map(|m| (m - drift_mean).powi(2)).sum::<f64>() / (c - 1.0).max(1.0);
    let drift_var = (spread - samp.iter().sum::<f64>() / c).max(1e-6);
    Ok(Prior {
        drift_mean,
        drift_var,
        sigma2: vars.iter().sum::<f64>() / c,
        weight: 10.0,
    })
}
