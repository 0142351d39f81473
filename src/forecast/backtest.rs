//! Backtesting on many series: rolling origins, horizons 1..H, point accuracy, and intervals
//! calibrated out of sample (conformal) beside the models' own.

use std::time::Instant;

use rayon::prelude::*;

use super::methods::{Method, Prior, forecast, prior};
use crate::error::{Error, Result};
use crate::gravity::Panel;

/// Annual series on common consecutive years, positive values.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesSet {
    years: Vec<i32>,
    ids: Vec<String>,
    levels: Vec<Vec<f64>>,
    logs: Vec<Vec<f64>>,
}

impl SeriesSet {
    /// Series `levels[s][t]` for `years[t]`.
    ///
    /// # Errors
    /// [`Error::Estimation`] for ragged series, years that are not consecutive, or no series;
    /// [`Error::NonPositiveBase`] (within the series' name) for a value that is not positive.
    pub fn new(years: Vec<i32>, ids: Vec<String>, levels: Vec<Vec<f64>>) -> Result<SeriesSet> {
        let bad = |reason: String| Error::Estimation {
            what: "a set of series".into(),
            reason,
        };
        if levels.is_empty() || ids.len() != levels.len() {
            return Err(bad("no series, or not one id per series".into()));
        }
        if years.windows(2).any(|w| w[1] != w[0] + 1) {
            return Err(bad(
                "the years have gaps: annual series need consecutive years".into(),
            ));
        }
        let mut logs = Vec::with_capacity(levels.len());
        for (id, l) in ids.iter().zip(&levels) {
            if l.len() != years.len() {
                return Err(bad(format!(
                    "series {id} has {} values for {} years",
                    l.len(),
                    years.len()
                )));
            }
            if let Some(v) = l.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
                return Err(Error::Within {
                    context: format!("series {id}"),
                    error: Box::new(Error::NonPositiveBase {
                        what: "a value in a log model",
                        value: *v,
                    }),
                });
            }
            logs.push(l.iter().map(|v| v.ln()).collect());
        }
        Ok(SeriesSet {
            years,
            ids,
            levels,
            logs,
        })
    }

    /// The international pairs of a panel whose flow is positive in every year of it, one
    /// series per directed pair (3,459 on the AGTPA RTA panel).
    ///
    /// # Errors
    /// As [`SeriesSet::new`].
    pub fn from_panel(panel: &Panel) -> Result<SeriesSet> {
        let mut years: Vec<i64> = panel.times().to_vec();
        years.sort_unstable();
        years.dedup();
        let first = years.first().copied().unwrap_or(0);
        let t = years.len();
        let mut map: std::collections::BTreeMap<(u32, u32), Vec<f64>> =
            std::collections::BTreeMap::new();
        for i in 0..panel.len() {
            let (e, m) = (panel.exporters()[i], panel.importers()[i]);
            if e == m {
                continue;
            }
            let slot = map.entry((e, m)).or_insert_with(|| vec![0.0; t]);
            let k = usize::try_from(panel.times()[i] - first).unwrap_or(0);
            if let Some(v) = slot.get_mut(k) {
                *v = panel.values()[i];
            }
        }
        let (mut ids, mut levels) = (Vec::new(), Vec::new());
        for ((e, m), v) in map {
            if v.iter().all(|x| *x > 0.0) {
                let c = panel.countries();
                ids.push(format!("{}->{}", c[e as usize], c[m as usize]));
                levels.push(v);
            }
        }
        let years = years
            .into_iter()
            .map(|y| i32::try_from(y).unwrap_or(0))
            .collect();
        SeriesSet::new(years, ids, levels)
    }

    /// Number of series.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True without series (never, after [`SeriesSet::new`]).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The years.
    pub fn years(&self) -> &[i32] {
        &self.years
    }
}

/// Which series a metric covers, decided at each origin.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Subset {
    /// Every series.
    All,
    /// Series whose level in the origin year is at least this.
    Large(f64),
}

impl Subset {
    fn name(&self) -> String {
        match self {
            Subset::All => "all".into(),
            Subset::Large(_) => "large".into(),
        }
    }
    fn holds(&self, level: f64) -> bool {
        match self {
            Subset::All => true,
            Subset::Large(t) => level >= *t,
        }
    }
}

/// A backtest's protocol.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BacktestSpec {
    /// Methods to compare.
    pub methods: Vec<Method>,
    /// Test origins: the last training year of each round.
    pub origins: Vec<i32>,
    /// Horizons 1..=horizons.
    pub horizons: usize,
    /// Conformal intervals for origin T and horizon h use the errors of the origins T − window
    /// to T − h (outcomes known by T), of series in the same size class.
    pub window: usize,
    /// Size classes (quantiles of the level at the origin) for the pooled prior and the
    /// conformal errors; 1 for none.
    pub classes: usize,
    /// Subsets to report.
    pub subsets: Vec<Subset>,
    /// What the classes rank by.
    pub class_by: ClassBy,
}

/// What size classes rank series by at each origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClassBy {
    /// The level in the origin year.
    Size,
    /// The standard deviation of the yearly log change up to the origin.
    Volatility,
    /// Size for the pooled prior, volatility for the conformal errors.
    SizeThenVolatility,
}

impl BacktestSpec {
    /// The protocol on the AGTPA panel: every method, origins 2000–2003, horizons 1–3,
    /// a window of 8 origins, 5 size classes, all pairs and pairs of at least 1000 (US$ 1 billion in
    /// the file's millions).
    pub fn agtpa() -> BacktestSpec {
        BacktestSpec {
            methods: Method::ALL.to_vec(),
            origins: vec![2000, 2001, 2002, 2003],
            horizons: 3,
            window: 8,
            classes: 5,
            subsets: vec![Subset::All, Subset::Large(1000.0)],
            class_by: ClassBy::Size,
        }
    }
}

/// One method, subset and horizon.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MetricRow {
    /// The method.
    pub method: Method,
    /// The subset (`all`, `large`).
    pub subset: String,
    /// The horizon in years.
    pub horizon: usize,
    /// Forecasts scored (series × origins).
    pub n: usize,
    /// Mean absolute error of the log forecast.
    pub log_mae: f64,
    /// Mean absolute scaled error (scale: the series' in-sample mean absolute yearly change).
    pub mase: f64,
    /// Mean error (actual − forecast), in logs.
    pub bias: f64,
    /// Coverage of the conformal 80% interval.
    pub cov80: f64,
    /// Coverage of the conformal 90% interval.
    pub cov90: f64,
    /// Mean Winkler score of the conformal 80% interval.
    pub winkler80: f64,
    /// Coverage of the model's own 80% interval.
    pub model_cov80: f64,
    /// Coverage of the model's own 90% interval.
    pub model_cov90: f64,
}

/// A backtest's results.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Backtest {
    /// The protocol.
    pub spec: BacktestSpec,
    /// Series in the set.
    pub series: usize,
    /// Metrics per method, subset and horizon.
    pub rows: Vec<MetricRow>,
    /// Seconds per method, all origins (calibration ones included).
    pub seconds: Vec<(Method, f64)>,
}

const Z80: f64 = 1.281_551_565_544_600_5;
const Z90: f64 = 1.644_853_626_951_472_2;

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let (a, b) = (
        sorted.get(lo).copied().unwrap_or(0.0),
        sorted.get(hi).copied().unwrap_or(0.0),
    );
    a + (b - a) * (pos - lo as f64)
}

/// Runs the backtest.
///
/// # Errors
/// [`Error::Estimation`] for origins outside the years or too early for the window and the
/// methods, a horizon of 0 or one that runs past the data, or a subset with no series.
#[allow(clippy::indexing_slicing, clippy::too_many_lines)]
pub fn backtest(set: &SeriesSet, spec: &BacktestSpec) -> Result<Backtest> {
    let bad = |reason: String| Error::Estimation {
        what: "a backtest".into(),
        reason,
    };
    let h_max = spec.horizons;
    if h_max == 0 {
        return Err(Error::ZeroHorizon);
    }
    let t_of = |year: i32| set.years.iter().position(|y| *y == year);
    let first_test = spec
        .origins
        .iter()
        .copied()
        .min()
        .ok_or_else(|| bad("no origins".into()))?;
    let last_test = spec.origins.iter().copied().max().unwrap_or(first_test);
    let first = first_test - i32::try_from(spec.window).unwrap_or(0);
    let need = spec
        .methods
        .iter()
        .map(|m| m.min_points())
        .max()
        .unwrap_or(2)
        .max(3);
    let t_first =
        t_of(first).ok_or_else(|| bad(format!("calibration origin {first} is not in the data")))?;
    if t_first + 1 < need {
        return Err(bad(format!(
            "the first calibration origin {first} leaves fewer than {need} training years"
        )));
    }
    let t_last =
        t_of(last_test).ok_or_else(|| bad(format!("origin {last_test} is not in the data")))?;
    if t_last + h_max >= set.years.len() {
        return Err(bad(format!(
            "origin {last_test} + {h_max} years runs past the data"
        )));
    }
    let n = set.len();
    let origins: Vec<usize> = (t_first..=t_last).collect();
    let classes = spec.classes.max(1);
    // Class of each series at each origin, by quantiles of size or volatility.
    let rank = |key: &dyn Fn(usize, usize) -> f64| -> Vec<Vec<usize>> {
        origins
            .iter()
            .map(|&t| {
                let mut lv: Vec<(f64, usize)> = (0..n).map(|s| (key(s, t), s)).collect();
                lv.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut c = vec![0; n];
                for (r, (_, s)) in lv.iter().enumerate() {
                    c[*s] = (r * classes / n).min(classes - 1);
                }
                c
            })
            .collect()
    };
    let size = |s: usize, t: usize| set.levels[s][t];
    let vol = |s: usize, t: usize| {
        let d: Vec<f64> = set.logs[s][..=t].windows(2).map(|w| w[1] - w[0]).collect();
        let m = d.iter().sum::<f64>() / d.len() as f64;
        d.iter().map(|x| (x - m).powi(2)).sum::<f64>()
    };
    let class_at = rank(&size);
    let conf_class = match spec.class_by {
        ClassBy::Size => class_at.clone(),
        ClassBy::Volatility | ClassBy::SizeThenVolatility => rank(&vol),
    };
    let class_at = if spec.class_by == ClassBy::Volatility {
        conf_class.clone()
    } else {
        class_at
    };
    // Pooled priors per origin and class, from the training data only.
    let priors: Vec<Vec<Prior>> = origins
        .iter()
        .enumerate()
        .map(|(oi, &t)| {
            (0..classes)
                .map(|c| {
                    prior(
                        (0..n)
                            .filter(|&s| class_at[oi][s] == c)
                            .map(|s| &set.logs[s][..=t]),
                    )
                })
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<_>>()?;
    for sub in &spec.subsets {
        for &o in &spec.origins {
            let t = t_of(o).unwrap_or(0);
            if !(0..n).any(|s| sub.holds(set.levels[s][t])) {
                return Err(bad(format!(
                    "no series is in subset {} at origin {o}",
                    sub.name()
                )));
            }
        }
    }
    let mut rows = Vec::new();
    let mut seconds = Vec::new();
    for &method in &spec.methods {
        let start = Instant::now();
        // errors[s][oi][h-1] = actual − point; sds likewise.
        let per_series: Vec<Vec<Vec<(f64, f64)>>> = (0..n)
            .into_par_iter()
            .map(|s| {
                origins
                    .iter()
                    .enumerate()
                    .map(|(oi, &t)| {
                        let train = &set.logs[s][..=t];
                        let p = &priors[oi][class_at[oi][s]];
                        let f = forecast(method, train, h_max, Some(p))?;
                        Ok((1..=h_max)
                            .map(|h| {
                                let actual = set.logs[s].get(t + h).copied().unwrap_or(f64::NAN);
                                (actual - f.point[h - 1], f.sd[h - 1])
                            })
                            .collect())
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<_>>()?;
        seconds.push((method, start.elapsed().as_secs_f64()));
        // Conformal quantiles per test origin, horizon and class.
        for sub in &spec.subsets {
            for h in 1..=h_max {
                let (mut cnt, mut ae, mut se, mut bias, mut c80, mut c90, mut wk, mut m80, mut m90) =
                    (0usize, 0.0, 0.0, 0.0, 0usize, 0usize, 0.0, 0usize, 0usize);
                for &o in &spec.origins {
                    let t = t_of(o).unwrap_or(0);
                    let oi = t - t_first;
                    // Calibration errors: origins t − window ..= t − h.
                    let mut cal: Vec<Vec<f64>> = vec![Vec::new(); classes];
                    for coi in oi.saturating_sub(spec.window)..=oi.saturating_sub(h) {
                        if coi + h > oi {
                            continue;
                        }
                        for s in 0..n {
                            cal[conf_class[coi][s]].push(per_series[s][coi][h - 1].0);
                        }
                    }
                    let bands: Vec<[f64; 4]> = cal
                        .iter_mut()
                        .map(|e| {
                            e.sort_by(f64::total_cmp);
                            [
                                quantile(e, 0.10),
                                quantile(e, 0.90),
                                quantile(e, 0.05),
                                quantile(e, 0.95),
                            ]
                        })
                        .collect();
                    for s in 0..n {
                        if !sub.holds(set.levels[s][t]) {
                            continue;
                        }
                        let (e, sd) = per_series[s][oi][h - 1];
                        let scale = {
                            let d: f64 = set.logs[s][..=t]
                                .windows(2)
                                .map(|w| (w[1] - w[0]).abs())
                                .sum();
                            d / t as f64
                        };
                        let b = bands[conf_class[oi][s]];
                        cnt += 1;
                        ae += e.abs();
                        se += e.abs() / scale;
                        bias += e;
                        c80 += usize::from(e >= b[0] && e <= b[1]);
                        c90 += usize::from(e >= b[2] && e <= b[3]);
                        wk += (b[1] - b[0]) + 10.0 * ((b[0] - e).max(0.0) + (e - b[1]).max(0.0));
                        m80 += usize::from(e.abs() <= Z80 * sd);
                        m90 += usize::from(e.abs() <= Z90 * sd);
                    }
                }
                let c = cnt as f64;
                rows.push(MetricRow {
                    method,
                    subset: sub.name(),
                    horizon: h,
                    n: cnt,
                    log_mae: ae / c,
                    mase: se / c,
                    bias: bias / c,
                    cov80: c80 as f64 / c,
                    cov90: c90 as f64 / c,
                    winkler80: wk / c,
                    model_cov80: m80 as f64 / c,
                    model_cov90: m90 as f64 / c,
                });
            }
        }
    }
    Ok(Backtest {
        spec: spec.clone(),
        series: n,
        rows,
        seconds,
    })
}
