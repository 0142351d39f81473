//! Partial-year figures after the forecast's origin, as nowcasts of their year.

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, FigureId};
use crate::error::{Error, ForecastError, Result};
use crate::forecast::{PartialYear, share_sd};
use crate::growth::{PartialYears, Series};

use super::TargetSpec;

/// A published partial-year figure the outlook's forecast was updated with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nowcast {
    /// The figure.
    pub figure: FigureId,
    /// Its year.
    pub year: i32,
    /// The months it covers.
    pub months: u32,
    /// The figure as printed, with its period ("more than $1.2 billion in 2024-01..2024-04").
    pub text: String,
    /// The months' mean share of the year.
    pub share: f64,
    /// The standard deviation of the log share.
    pub share_sd: f64,
    /// The forecast's median level of the year before and after the update.
    pub median: (f64, f64),
}

/// The partial-year figures of the outlook's series after `origin`, one per year (the one
/// covering the most months), as the forecast takes them, with notes on those left aside.
pub(super) struct Partials {
    pub(super) used: Vec<(Nowcast, PartialYear)>,
    pub(super) notes: Vec<String>,
}

/// Finds them.
///
/// # Errors
/// [`ForecastError::PartialMonths`] for a figure whose period is not made of whole months;
/// as [`share_sd`] and the seasonal shares.
pub(super) fn partials(
    data: &Dataset,
    spec: &TargetSpec,
    series: &Series,
    origin: i32,
    horizons: usize,
    log_unit: f64,
) -> Result<Partials> {
    let s = spec.series;
    let mut best: std::collections::BTreeMap<i32, (&crate::data::Figure, u32)> =
        std::collections::BTreeMap::new();
    let mut notes = Vec::new();
    for f in data.flow_levels(s.corridor, s.flow) {
        if s.side.is_some() && f.reporter() != s.side {
            continue;
        }
        let Some(period) = f.period() else { continue };
        if period.is_calendar_year() {
            continue;
        }
        let Some(year) = period.year() else {
            notes.push(format!(
                "{} ({period}) spans more than one calendar year: not a nowcast",
                f.id()
            ));
            continue;
        };
        if year <= origin {
            if series.at(year).is_some_and(|p| p.annualised.is_none()) {
                notes.push(format!(
                    "{} ({} in {period}): {year} has a full-year figure, which the forecast \
                     uses; the partial figure is not a nowcast",
                    f.id(),
                    f.value_text()
                ));
            }
            continue;
        }
        let months = period.month_count().ok_or_else(|| {
            Error::Forecast(ForecastError::PartialMonths {
                figure: f.id().to_string(),
                period: period.to_string(),
            })
        })?;
        match best.get(&year) {
            Some((g, m)) if *m >= months => notes.push(format!(
                "{} ({period}) left aside for {}, which covers more months of {year}",
                f.id(),
                g.id()
            )),
            Some((g, _)) => {
                notes.push(format!(
                    "{} left aside for {} ({period}), which covers more months of {year}",
                    g.id(),
                    f.id()
                ));
                best.insert(year, (f, months));
            }
            None => {
                best.insert(year, (f, months));
            }
        }
    }
    let mut used = Vec::new();
    for (year, (f, months)) in best {
        let h = usize::try_from(year - origin).unwrap_or(usize::MAX);
        let (Some(period), Some(e)) = (f.period(), f.estimate()) else {
            continue;
        };
        if h > horizons {
            notes.push(format!(
                "{} ({period}) is beyond the outlook's last year: not used",
                f.id()
            ));
            continue;
        }
        let (lo, hi) = (e.interval().lo(), e.interval().hi());
        if lo <= 0.0 && hi.is_infinite() {
            continue;
        }
        let share = match s.partial_years {
            PartialYears::SeasonalShare(shares) => {
                crate::growth::series::seasonal_share(&shares, period.first_day().month(), months)?
            }
            _ => f64::from(months) / 12.0,
        };
        let sd = share_sd(months, spec.share_cv)?;
        let log = |v: f64| {
            if v <= 0.0 {
                f64::NEG_INFINITY
            } else {
                v.ln() - log_unit
            }
        };
        used.push((
            Nowcast {
                figure: f.id().clone(),
                year,
                months,
                text: format!("{} in {period}", f.value_text()),
                share,
                share_sd: sd,
                median: (f64::NAN, f64::NAN),
            },
            PartialYear {
                horizon: h,
                log_lo: log(lo),
                log_hi: if hi.is_finite() {
                    log(hi)
                } else {
                    f64::INFINITY
                },
                log_share: share.ln(),
                share_sd: sd,
            },
        ));
    }
    Ok(Partials { used, notes })
}
