//! Phase-in profiles: how much of a measure's full effect applies in each year after it starts.

use crate::error::{Error, Result, ScenarioError};
use serde::{Deserialize, Serialize};

/// The share of a measure's full effect in force `t` years after it starts (t = 1 is its first
/// year).
///
/// # Examples
/// ```
/// use bilateral::scenario::PhaseIn;
/// let p = PhaseIn::Linear { years: 4 };
/// assert_eq!([p.share(0), p.share(1), p.share(2), p.share(4), p.share(9)], [0.0, 0.25, 0.5, 1.0, 1.0]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "shape", deny_unknown_fields)]
pub enum PhaseIn {
    /// Full effect from the first year.
    Immediate,
    /// Rising in equal steps to full effect after `years` years: share = min(t / years, 1).
    Linear {
        /// Years to full effect (at least 1).
        years: u32,
    },
    /// An S-curve: share = 1 / (1 + e^(−steepness · (t − midpoint))).
    Logistic {
        /// The year (after the start) at which half the effect is in force.
        midpoint: f64,
        /// How fast it rises (per year, positive).
        steepness: f64,
    },
    /// Shares given year by year (each in [0, 1]); the last one holds afterwards.
    Custom {
        /// The share in years 1, 2, ...
        shares: Vec<f64>,
    },
}

impl PhaseIn {
    /// The share in force `t` years after the start (0 before the first year).
    ///
    /// # Formula
    /// See each variant; every profile is 0 at t = 0.
    pub fn share(&self, t: u32) -> f64 {
        if t == 0 {
            return 0.0;
        }
        match self {
            PhaseIn::Immediate => 1.0,
            PhaseIn::Linear { years } => (f64::from(t) / f64::from((*years).max(1))).min(1.0),
            PhaseIn::Logistic {
                midpoint,
                steepness,
            } => 1.0 / (1.0 + (-steepness * (f64::from(t) - midpoint)).exp()),
            PhaseIn::Custom { shares } => {
                let i = usize::try_from(t - 1).unwrap_or(usize::MAX);
                shares
                    .get(i)
                    .or_else(|| shares.last())
                    .copied()
                    .unwrap_or(1.0)
            }
        }
    }

    /// Years until the profile is fully (or, for a logistic curve, 99%) in force.
    pub fn length(&self) -> u32 {
        match self {
            PhaseIn::Immediate => 1,
            PhaseIn::Linear { years } => *years,
            PhaseIn::Logistic {
                midpoint,
                steepness,
            } => {
                // 1 / (1 + e^(−k(t − m))) = 0.99  ⇔  t = m + ln 99 / k
                let t = midpoint + 99f64.ln() / steepness;
                if t.is_finite() && t > 0.0 {
                    crate::convert::f64_to_u32(t.ceil()).unwrap_or(u32::MAX)
                } else {
                    0
                }
            }
            PhaseIn::Custom { shares } => u32::try_from(shares.len()).unwrap_or(u32::MAX),
        }
    }

    /// Checks the profile's parameters and that it fits within `horizon` years.
    ///
    /// # Errors
    /// [`ScenarioError::Parameter`] for a zero-year linear phase-in, a non-positive or non-finite
    /// steepness, a non-finite midpoint, or custom shares outside [0, 1] or empty;
    /// [`ScenarioError::PhaseInTooLong`] if it takes longer than `horizon` years.
    pub fn validate(&self, layer: &str, horizon: u32) -> Result<()> {
        let bad = |parameter: &str, value: f64, expected| {
            Error::Scenario(ScenarioError::Parameter {
                layer: layer.to_owned(),
                parameter: parameter.to_owned(),
                value,
                expected,
            })
        };
        match self {
            PhaseIn::Immediate => {}
            PhaseIn::Linear { years: 0 } => {
                return Err(bad("phase_in.years", 0.0, "at least 1"));
            }
            PhaseIn::Linear { .. } => {}
            PhaseIn::Logistic {
                midpoint,
                steepness,
            } => {
                if !midpoint.is_finite() {
                    return Err(bad(
                        "phase_in.midpoint",
                        *midpoint,
                        "a finite number of years",
                    ));
                }
                if !(steepness.is_finite() && *steepness > 0.0) {
                    return Err(bad("phase_in.steepness", *steepness, "a positive number"));
                }
            }
            PhaseIn::Custom { shares } => {
                if shares.is_empty() {
                    return Err(bad("phase_in.shares", 0.0, "at least one share"));
                }
                if let Some(s) = shares.iter().find(|s| !(0.0..=1.0).contains(*s)) {
                    return Err(bad("phase_in.shares", *s, "each share in [0, 1]"));
                }
            }
        }
        let years = self.length();
        if years > horizon {
            return Err(Error::Scenario(ScenarioError::PhaseInTooLong {
                layer: layer.to_owned(),
                years,
                horizon,
            }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles() {
        let l = PhaseIn::Logistic {
            midpoint: 3.0,
            steepness: 1.0,
        };
        assert!((l.share(3) - 0.5).abs() < 1e-12);
        // m + ln 99 / k = 3 + 4.595 = 7.595 → 8 years.
        assert_eq!(l.length(), 8);
        let c = PhaseIn::Custom {
            shares: vec![0.2, 0.7],
        };
        assert_eq!([c.share(1), c.share(2), c.share(5)], [0.2, 0.7, 0.7]);
        assert_eq!(PhaseIn::Immediate.share(1), 1.0);
    }

    #[test]
    fn validation() {
        assert!(PhaseIn::Linear { years: 5 }.validate("x", 5).is_ok());
        assert!(matches!(
            PhaseIn::Linear { years: 6 }.validate("x", 5),
            Err(Error::Scenario(ScenarioError::PhaseInTooLong {
                years: 6,
                horizon: 5,
                ..
            }))
        ));
        assert!(matches!(
            PhaseIn::Linear { years: 0 }.validate("x", 5),
            Err(Error::Scenario(ScenarioError::Parameter { .. }))
        ));
        assert!(matches!(
            PhaseIn::Custom { shares: vec![1.5] }.validate("x", 5),
            Err(Error::Scenario(ScenarioError::Parameter { .. }))
        ));
        assert!(matches!(
            PhaseIn::Logistic {
                midpoint: 1.0,
                steepness: 0.0
            }
            .validate("x", 5),
            Err(Error::Scenario(ScenarioError::Parameter { .. }))
        ));
    }
}
