//! Least-squares trend fits on annual series, with standard errors, prediction intervals and the
//! probability of reaching a level.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::data::{Estimate, Interval};
use crate::error::{Error, GrowthError, InputError, Result, finite};
use crate::growth::Rate;

keyword_enum! {
    /// The shape of a trend.
    pub enum TrendModel: "trend model" {
        /// `value = a + b · year`: constant absolute growth.
        Linear = "linear",
        /// `ln value = a + b · year`: constant percentage growth, e^b − 1 a year.
        LogLinear = "log_linear" | "loglinear" | "log-linear",
    }
}

/// An ordinary least-squares fit of a trend to annual values.
///
/// # Formula
/// With x the year and y the value (or ln value for [`TrendModel::LogLinear`]), n points,
/// x̄ and ȳ their means, Sxx = Σ(x − x̄)²:
/// b = Σ(x − x̄)(y − ȳ) / Sxx, a = ȳ − b·x̄, s² = Σ(y − a − b·x)² / (n − 2),
/// se(b) = s / √Sxx, se(a) = s·√(1/n + x̄²/Sxx). A prediction for year x₀ has standard error
/// s·√(1 + 1/n + (x₀ − x̄)²/Sxx) and follows Student's t with n − 2 degrees of freedom.
///
/// # Examples
/// ```
/// use bilateral::TrendFit;
/// use bilateral::growth::TrendModel;
/// // Values doubling each year: the log-linear fit finds 100% growth exactly.
/// let fit = TrendFit::new(&[(2020, 1.0), (2021, 2.0), (2022, 4.0), (2023, 8.0)], TrendModel::LogLinear)?;
/// assert!((fit.annual_rate(0.9)?.point() - 1.0).abs() < 1e-12);
/// assert!((fit.predict(2024)? - 16.0).abs() < 1e-9);
/// assert!(TrendFit::new(&[(2020, 1.0), (2021, 2.0)], TrendModel::Linear).is_err()); // needs 3 points
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TrendFitRepr")]
pub struct TrendFit {
    model: TrendModel,
    points: Vec<(i32, f64)>,
    stats: Stats,
}

/// A fit's statistics, as written after its model and points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stats {
    intercept: f64,
    slope: f64,
    se_intercept: f64,
    se_slope: f64,
    residual_se: f64,
    x_mean: f64,
    sxx: f64,
}

/// A fit as written. The fit is recomputed from its model and points with [`TrendFit::new`], and
/// the written statistics must match the recomputed ones, so no file can hold coefficients that
/// do not fit its points.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrendFitRepr {
    model: TrendModel,
    points: Vec<(i32, f64)>,
    stats: Stats,
}

impl TryFrom<TrendFitRepr> for TrendFit {
    type Error = Error;
    fn try_from(r: TrendFitRepr) -> Result<TrendFit> {
        let fit = TrendFit::new(&r.points, r.model)?;
        let (w, c) = (r.stats, fit.stats);
        let written = [
            ("intercept", w.intercept, c.intercept),
            ("slope", w.slope, c.slope),
            ("se_intercept", w.se_intercept, c.se_intercept),
            ("se_slope", w.se_slope, c.se_slope),
            ("residual_se", w.residual_se, c.residual_se),
            ("x_mean", w.x_mean, c.x_mean),
            ("sxx", w.sxx, c.sxx),
        ];
        for (what, stored, computed) in written {
            // The same computation on the same points: equal but for the last bits.
            if (stored - computed).abs() > 1e-9 * computed.abs().max(1e-300) {
                return Err(Error::Growth(GrowthError::Inconsistent {
                    what,
                    stored,
                    computed,
                }));
            }
        }
        Ok(fit)
    }
}

/// The Student t quantile for a two-sided interval at `level` (e.g. 0.9) with `df` degrees of
/// freedom.
fn t_quantile(level: f64, df: f64) -> Result<f64> {
    let level = finite("confidence level", level)?;
    if !(level > 0.0 && level < 1.0) {
        return Err(Error::Input(InputError::OutOfRange {
            what: "confidence level",
            value: level,
            expected: "strictly between 0 and 1 (e.g. 0.9 for 90%)",
        }));
    }
    let t = student(df)?;
    Ok(t.inverse_cdf(0.5 + level / 2.0))
}

fn student(df: f64) -> Result<StudentsT> {
    StudentsT::new(0.0, 1.0, df).map_err(|_| {
        Error::Input(InputError::OutOfRange {
            what: "degrees of freedom",
            value: df,
            expected: "a positive number",
        })
    })
}

impl TrendFit {
    /// Fits `model` to `(year, value)` points (in any order).
    ///
    /// # Errors
    /// [`GrowthError::SeriesTooShort`] with fewer than 3 points; [`GrowthError::DuplicateYear`] if
    /// a year repeats; [`InputError::NonFinite`] for NaN or infinite values;
    /// [`InputError::NonPositiveBase`] for a value ≤ 0 in a log-linear fit;
    /// [`InputError::OutOfRange`] for a negative value in a linear fit.
    pub fn new(points: &[(i32, f64)], model: TrendModel) -> Result<TrendFit> {
        if points.len() < 3 {
            return Err(Error::Growth(GrowthError::SeriesTooShort {
                what: "a trend fit",
                needed: 3,
                got: points.len(),
            }));
        }
        let mut sorted = points.to_vec();
        sorted.sort_by_key(|p| p.0);
        for pair in sorted.windows(2) {
            if let [a, b] = pair
                && a.0 == b.0
            {
                return Err(Error::Growth(GrowthError::DuplicateYear { year: a.0 }));
            }
        }
        let ys: Vec<f64> = sorted
            .iter()
            .map(|&(_, v)| {
                let v = finite("series value", v)?;
                match model {
                    TrendModel::LogLinear if v <= 0.0 => {
                        Err(Error::Input(InputError::NonPositiveBase {
                            what: "series value in a log-linear fit",
                            value: v,
                        }))
                    }
                    TrendModel::LogLinear => Ok(v.ln()),
                    TrendModel::Linear if v < 0.0 => Err(Error::Input(InputError::OutOfRange {
                        what: "series value",
                        value: v,
                        expected: "at least zero",
                    })),
                    TrendModel::Linear => Ok(v),
                }
            })
            .collect::<Result<_>>()?;
        let xs: Vec<f64> = sorted.iter().map(|p| f64::from(p.0)).collect();
        let n = xs.len() as f64;
        let x_mean = xs.iter().sum::<f64>() / n;
        let y_mean = ys.iter().sum::<f64>() / n;
        let sxx: f64 = xs.iter().map(|x| (x - x_mean).powi(2)).sum();
        let sxy: f64 = xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| (x - x_mean) * (y - y_mean))
            .sum();
        let slope = sxy / sxx;
        let intercept = y_mean - slope * x_mean;
        let ssr: f64 = xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| (y - intercept - slope * x).powi(2))
            .sum();
        let residual_se = (ssr / (n - 2.0)).sqrt();
        let stats = Stats {
            intercept,
            slope,
            se_intercept: residual_se * (1.0 / n + x_mean * x_mean / sxx).sqrt(),
            se_slope: residual_se / sxx.sqrt(),
            residual_se,
            x_mean,
            sxx,
        };
        let fit = TrendFit {
            model,
            points: sorted,
            stats,
        };
        // Values near f64's limits (three points of 1e308) overflow the sums of squares.
        for (what, v) in [
            ("trend intercept", fit.stats.intercept),
            ("trend slope", fit.stats.slope),
            ("trend standard error", fit.stats.se_intercept),
            ("trend standard error", fit.stats.se_slope),
            ("trend residual standard error", fit.stats.residual_se),
        ] {
            finite(what, v)?;
        }
        Ok(fit)
    }

    /// The model.
    pub fn model(&self) -> TrendModel {
        self.model
    }
    /// The points fitted, sorted by year.
    pub fn points(&self) -> &[(i32, f64)] {
        &self.points
    }
    /// The intercept `a` (at year 0, on the model's scale).
    pub fn intercept(&self) -> f64 {
        self.stats.intercept
    }
    /// The slope `b` per year (on the model's scale: log points for a log-linear fit).
    pub fn slope(&self) -> f64 {
        self.stats.slope
    }
    /// Standard error of the intercept.
    pub fn se_intercept(&self) -> f64 {
        self.stats.se_intercept
    }
    /// Standard error of the slope.
    pub fn se_slope(&self) -> f64 {
        self.stats.se_slope
    }
    /// Residual standard error `s` (on the model's scale).
    pub fn residual_se(&self) -> f64 {
        self.stats.residual_se
    }
    /// The residuals y − a − b·x in year order, on the model's scale (log points for a
    /// log-linear fit).
    pub fn residuals(&self) -> Vec<f64> {
        self.points
            .iter()
            .map(|&(year, v)| {
                let y = match self.model {
                    TrendModel::Linear => v,
                    TrendModel::LogLinear => v.ln(),
                };
                y - self.stats.intercept - self.stats.slope * f64::from(year)
            })
            .collect()
    }

    /// Degrees of freedom, n − 2.
    pub fn df(&self) -> f64 {
        self.points.len() as f64 - 2.0
    }

    fn to_level(&self, y: f64) -> f64 {
        match self.model {
            TrendModel::Linear => y,
            TrendModel::LogLinear => y.exp(),
        }
    }

    /// The fitted level in `year` (for a log-linear fit, the median level).
    ///
    /// # Errors
    /// [`InputError::NonFinite`] if the prediction overflows.
    pub fn predict(&self, year: i32) -> Result<f64> {
        let x = f64::from(year);
        finite(
            "predicted level",
            self.to_level(self.stats.intercept + self.stats.slope * x),
        )
    }

    fn prediction_se(&self, x: f64) -> f64 {
        let n = self.points.len() as f64;
        self.stats.residual_se
            * (1.0 + 1.0 / n + (x - self.stats.x_mean).powi(2) / self.stats.sxx).sqrt()
    }

    /// The prediction interval for the level in `year` at `level` (e.g. 0.9 for 90%).
    ///
    /// # Formula
    /// ŷ ± t(n − 2, (1 + level)/2) · s·√(1 + 1/n + (x₀ − x̄)²/Sxx), exponentiated for a
    /// log-linear fit; a linear fit's lower end is clipped at zero (a trade flow cannot be
    /// negative).
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a level outside (0, 1); [`InputError::NonFinite`] on
    /// overflow.
    pub fn prediction_interval(&self, year: i32, level: f64) -> Result<Estimate> {
        let x = f64::from(year);
        let t = t_quantile(level, self.df())?;
        let y = self.stats.intercept + self.stats.slope * x;
        let half = t * self.prediction_se(x);
        let (point, lo, hi) = (
            self.to_level(y),
            self.to_level(y - half),
            self.to_level(y + half),
        );
        finite("predicted level", hi)?;
        Estimate::new(
            finite("predicted level", point)?,
            Interval::new(lo.max(0.0), hi)?,
        )
    }

    /// The probability, under the fit's predictive distribution, that the level in `year` is at
    /// least `target`.
    ///
    /// For a rising trend this is the probability of having reached the target by that year.
    ///
    /// # Formula
    /// P = 1 − F_t((g(target) − ŷ) / (s·√(1 + 1/n + (x₀ − x̄)²/Sxx))), with g the identity or ln
    /// and F_t Student's t CDF with n − 2 degrees of freedom.
    ///
    /// # Errors
    /// [`InputError::NonPositiveBase`] for a target ≤ 0; [`InputError::NonFinite`] for NaN or
    /// infinity.
    pub fn probability_at_least(&self, year: i32, target: f64) -> Result<f64> {
        let x = f64::from(year);
        let target = finite("target", target)?;
        if target <= 0.0 {
            return Err(Error::Input(InputError::NonPositiveBase {
                what: "target",
                value: target,
            }));
        }
        let g = match self.model {
            TrendModel::Linear => target,
            TrendModel::LogLinear => target.ln(),
        };
        let y = self.stats.intercept + self.stats.slope * x;
        let se = self.prediction_se(x);
        if se == 0.0 || !se.is_finite() {
            return Ok(if y >= g { 1.0 } else { 0.0 });
        }
        let p = 1.0 - student(self.df())?.cdf((g - y) / se);
        Ok(p.clamp(0.0, 1.0))
    }

    /// The fitted annual growth rate with its confidence interval at `level`.
    ///
    /// # Formula
    /// Log-linear: e^b − 1 over [e^(b − t·se(b)) − 1, e^(b + t·se(b)) − 1], with t the Student t
    /// quantile at (1 + level)/2 and n − 2 degrees of freedom. Linear: b / ŷ(last year), over
    /// (b ± t·se(b)) / ŷ(last year).
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a level outside (0, 1);
    /// [`GrowthError::RateAtOrBelowMinusOne`] if a linear trend falls to nothing within a year.
    pub fn annual_rate(&self, level: f64) -> Result<Estimate> {
        let t = t_quantile(level, self.df())?;
        let (b, h) = (self.stats.slope, t * self.stats.se_slope);
        match self.model {
            TrendModel::LogLinear => {
                let f = |x: f64| x.exp_m1();
                Estimate::new(f(b), Interval::new(f(b - h), f(b + h))?)
            }
            TrendModel::Linear => {
                let last = self
                    .points
                    .last()
                    .map_or(self.stats.x_mean, |p| f64::from(p.0));
                let level_last = self.stats.intercept + self.stats.slope * last;
                if level_last <= 0.0 {
                    return Err(Error::Input(InputError::NonPositiveBase {
                        what: "fitted level in the last year",
                        value: level_last,
                    }));
                }
                let r = |s: f64| Rate::new(s / level_last).map(Rate::fraction);
                Estimate::new(r(b)?, Interval::new(r(b - h)?, r(b + h)?)?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_series() {
        let fit = |p: &[(i32, f64)], m| TrendFit::new(p, m).err();
        assert!(matches!(
            fit(&[], TrendModel::Linear),
            Some(Error::Growth(GrowthError::SeriesTooShort { got: 0, .. }))
        ));
        assert!(matches!(
            fit(&[(1, 1.0), (1, 2.0), (2, 3.0)], TrendModel::Linear),
            Some(Error::Growth(GrowthError::DuplicateYear { year: 1 }))
        ));
        assert!(matches!(
            fit(&[(1, 1.0), (2, 0.0), (3, 3.0)], TrendModel::LogLinear),
            Some(Error::Input(InputError::NonPositiveBase { .. }))
        ));
        assert!(matches!(
            fit(&[(1, 1.0), (2, f64::NAN), (3, 3.0)], TrendModel::Linear),
            Some(Error::Input(InputError::NonFinite { .. }))
        ));
    }

    #[test]
    fn level_must_be_a_probability() {
        let f = TrendFit::new(&[(1, 1.0), (2, 2.0), (3, 2.5)], TrendModel::Linear);
        let f = f.unwrap_or_else(|e| panic!("{e}"));
        for bad in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            assert!(f.prediction_interval(4, bad).is_err(), "{bad}");
        }
    }
}
