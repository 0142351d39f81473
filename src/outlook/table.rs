//! The outlook as a table (long format, one row per target year and historical rate) and its text
//! form (the main job's).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{HistoricalRate, OutlookForecast, TargetOutlook};
use crate::data::{Estimate, Unit};
use crate::error::Result;
use crate::table::{Row, Table, TextTable, pct};

/// One target year of an outlook against one historical rate (long format: a row per year and
/// rate; with no rates, one row per year with the rate columns empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetTableRow {
    /// The target year.
    pub year: i32,
    /// Years from the base year.
    pub horizon: u32,
    /// The annual rate needed, as a fraction.
    pub required_point: f64,
    /// Its lower end.
    pub required_lo: Option<f64>,
    /// Its upper end.
    pub required_hi: Option<f64>,
    /// The trend's level; empty when the series is too short for a trend, as are the trend's
    /// other columns.
    pub trend_point: Option<f64>,
    /// Its prediction interval's lower end.
    pub trend_lo: Option<f64>,
    /// Its upper end.
    pub trend_hi: Option<f64>,
    /// The trend's chance of the target.
    pub trend_probability: Option<f64>,
    /// The calibrated forecast's median; empty without a forecast.
    pub forecast_point: Option<f64>,
    /// Its interval's lower end.
    pub forecast_lo: Option<f64>,
    /// Its upper end.
    pub forecast_hi: Option<f64>,
    /// The forecast's chance of the target.
    pub forecast_probability: Option<f64>,
    /// The lowest chance the inputs' ranges allow.
    pub forecast_probability_lo: Option<f64>,
    /// The highest.
    pub forecast_probability_hi: Option<f64>,
    /// The historical rate's label.
    pub rate: Option<String>,
    /// The rate as a fraction.
    pub rate_value: Option<f64>,
    /// Whether that rate has reached the target by the year.
    pub reached: Option<bool>,
}

impl Row for TargetTableRow {
    const REQUIRED: &'static [&'static str] = &["year", "horizon", "required_point"];
}

impl Table for TargetOutlook {
    type Row = TargetTableRow;
    const WHAT: &'static str = "a target outlook";
    fn rows(&self) -> Result<Vec<TargetTableRow>> {
        let mut rows = Vec::new();
        for r in &self.rows {
            let (required_point, required_lo, required_hi) = r.required.parts();
            let (trend_point, trend_lo, trend_hi) = Estimate::optional_parts(r.trend_level);
            let (forecast_point, forecast_lo, forecast_hi) =
                Estimate::optional_parts(r.forecast_level);
            let (forecast_probability, forecast_probability_lo, forecast_probability_hi) =
                Estimate::optional_parts(r.forecast_probability);
            let row = |rate: Option<(&HistoricalRate, bool)>| TargetTableRow {
                year: r.year,
                horizon: r.horizon,
                required_point,
                required_lo,
                required_hi,
                trend_point,
                trend_lo,
                trend_hi,
                trend_probability: r.trend_probability,
                forecast_point,
                forecast_lo,
                forecast_hi,
                forecast_probability,
                forecast_probability_lo,
                forecast_probability_hi,
                rate: rate.map(|(h, _)| h.label.clone()),
                rate_value: rate.map(|(h, _)| h.rate.point()),
                reached: rate.map(|(_, b)| b),
            };
            if self.historical.is_empty() {
                rows.push(row(None));
            }
            for (h, reached) in self.historical.iter().zip(&r.reached) {
                rows.push(row(Some((h, *reached))));
            }
        }
        Ok(rows)
    }
}

fn money(e: Estimate) -> String {
    crate::audit::fmt_estimate(e, Unit::Usd)
}

/// The main job's table: by target year, the rate needed, the forecast's median, interval and
/// chance of the target, and the trend's; what the forecast rests on; the rates the corridor
/// has shown and when each reaches the target.
impl fmt::Display for TargetOutlook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.spec;
        f.write_str(&published_note(self))?;
        writeln!(
            f,
            "{} {}: from {}'s {} to {}\n",
            s.series.corridor,
            s.series.flow,
            s.base_year,
            money(s.base),
            money(s.target)
        )?;
        let level = format!("{:.0}%", s.level * 100.0);
        let mut t = TextTable::new([
            "year".to_owned(),
            "rate needed [range]".to_owned(),
            "forecast median".to_owned(),
            format!("{level} interval"),
            "P(≥ target) [inputs]".to_owned(),
            format!("trend, {level} interval"),
            "P(trend ≥ target)".to_owned(),
        ]);
        for r in &self.rows {
            let iv = r.required.interval();
            t.row([
                r.year.to_string(),
                format!(
                    "{} [{}, {}]",
                    pct(r.required.point()),
                    pct(iv.lo()),
                    pct(iv.hi())
                ),
                r.forecast_level.map_or_else(
                    || "-".into(),
                    |e| format!("${:.2} billion", e.point() / 1e9),
                ),
                r.forecast_level.map_or_else(|| "-".into(), money),
                r.forecast_probability.map_or_else(
                    || "-".into(),
                    |p| {
                        format!(
                            "{:.2} [{:.2}, {:.2}]",
                            p.point(),
                            p.interval().lo(),
                            p.interval().hi()
                        )
                    },
                ),
                r.trend_level.map_or_else(|| "-".into(), money),
                r.trend_probability
                    .map_or_else(|| "-".into(), |p| format!("{p:.2}")),
            ]);
        }
        write!(f, "{t}")?;
        if self.fit.is_none() {
            writeln!(
                f,
                "No trend: the series has {} published year(s), a trend needs 3.",
                self.series.points().len()
            )?;
        }
        if let Some(fc) = &self.forecast {
            f.write_str(&forecast_note(fc, s.level))?;
            f.write_str(&comparison_note(self, fc))?;
        }
        f.write_str("\nRates the corridor has shown:\n")?;
        let mut h = TextTable::new(["rate", "reaches the target", "from"]).limit(2, 70);
        for r in &self.historical {
            h.row([
                pct(r.rate.point()),
                r.year_reached.map_or("never".into(), |y| y.to_string()),
                r.label.clone(),
            ]);
        }
        write!(f, "{h}")
    }
}

/// The answer first: each published figure of the base year with its document and the rate it
/// needs by the reading year, and whether they agree.
fn published_note(o: &TargetOutlook) -> String {
    use std::fmt::Write as _;
    let s = &o.spec;
    if o.published.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "{} {} in {} as published, and the rate each figure needs to reach {} by {}:\n\n",
        s.series.corridor,
        s.series.flow,
        s.base_year,
        crate::data::money::format_dollars(s.target.point(), None),
        o.reading_year
    );
    let mut t = TextTable::new([
        "published".to_owned(),
        "source".to_owned(),
        format!("rate needed by {} [rounding range]", o.reading_year),
    ])
    .limit(1, 60);
    for p in &o.published {
        let iv = p.required.interval();
        t.row([
            p.printed.clone(),
            p.source.clone(),
            format!(
                "{} a year [{}, {}]",
                pct(p.required.point()),
                pct(iv.lo()),
                pct(iv.hi())
            ),
        ]);
    }
    let _ = write!(out, "{t}");
    if let Some(d) = &o.disagreement {
        let _ = writeln!(out, "{d}");
    }
    let _ = writeln!(
        out,
        "The target's documents name no year: {} is read as {} years after {}; the table gives \
         every year.\n",
        o.reading_year,
        o.reading_year - s.base_year,
        s.base_year
    );
    out
}

/// How much the answer depends on the method: each method's median, interval and chance of the
/// target at the headline year, beside its measured skill.
fn comparison_note(o: &TargetOutlook, f: &OutlookForecast) -> String {
    use std::fmt::Write as _;
    let year = o.reading_year;
    let level = format!("{:.0}%", o.spec.level * 100.0);
    let mut t = TextTable::new([
        "method".to_owned(),
        format!("{year} median"),
        format!("{level} interval"),
        "P(≥ target)".to_owned(),
        "log-MAE h1/h2/h3, all [large]".to_owned(),
        "80% covered h1/h2/h3, all [large]".to_owned(),
    ]);
    for m in &f.comparison {
        let Some((_, level, p)) = m.years.iter().find(|y| y.0 == year) else {
            continue;
        };
        let cells = |sub: &str, g: fn(&crate::forecast::MetricRow) -> String| -> String {
            m.measured
                .iter()
                .filter(|r| r.subset == sub)
                .map(g)
                .collect::<Vec<_>>()
                .join("/")
        };
        let mae = |r: &crate::forecast::MetricRow| format!("{:.3}", r.log_mae);
        let cov = |r: &crate::forecast::MetricRow| format!("{:.0}%", r.cov80 * 100.0);
        t.row([
            format!(
                "{}{}",
                m.label,
                if m.chosen { " (this outlook)" } else { "" }
            ),
            level.map_or_else(
                || "-".into(),
                |e| format!("${:.2} billion", e.point() / 1e9),
            ),
            level.map_or_else(|| "-".into(), money),
            p.map_or_else(|| "-".into(), |p| format!("{:.2}", p.point())),
            format!("{} [{}]", cells("all", mae), cells("large", mae)),
            format!("{} [{}]", cells("all", cov), cells("large", cov)),
        ]);
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nHow much the answer depends on the method ({year}; skill measured out of sample on the \
         reference panel, each method with its own calibration):"
    );
    let _ = write!(s, "{t}");
    s
}

/// What the forecast columns rest on: the method, the series' class, and the method's measured
/// out-of-sample coverage.
fn forecast_note(f: &OutlookForecast, level: f64) -> String {
    use std::fmt::Write as _;
    let mut s = format!(
        "\nForecast: {} from {} ({}; interval = median × e^(±q·sd), q = {:.2} at 80%, {:.2} at \
         90%), calibrated on the {}.\n",
        f.method.label(),
        f.origin,
        f.class,
        f.multipliers.0,
        f.multipliers.1,
        f.reference
    );
    if f.method == crate::forecast::Method::Pooled {
        let e = &f.prior_estimated;
        let _ = write!(
            s,
            "The drift is shrunk towards the class's prior: {:.1}% a year (sd of true drifts {:.1} \
             points) in the reference panel's years and nominal dollars, a prior {} years old \
             here",
            e.drift_mean.exp_m1() * 100.0,
            e.drift_var.sqrt() * 100.0,
            f.prior_age,
        );
        match &f.discount {
            Some(d) if f.prior_age > 0 => {
                let _ = writeln!(
                    s,
                    ", discounted by the rule fitted on the prior age study ({d}) to {:.1}% a \
                     year (sd {:.1} points).",
                    f.prior.drift_mean.exp_m1() * 100.0,
                    f.prior.drift_var.sqrt() * 100.0
                );
            }
            _ => {
                let _ = writeln!(s, ", used as estimated.");
            }
        }
        let mut subsets: Vec<&str> = f.aged.iter().map(|r| r.subset.as_str()).collect();
        subsets.dedup();
        if let (Some(age), Some(sub)) = (f.aged.first().map(|r| r.age), subsets.first()) {
            let cells = |use_: crate::forecast::PriorUse| -> Vec<String> {
                f.aged
                    .iter()
                    .filter(|r| r.prior == use_ && r.subset == *sub)
                    .map(|r| format!("{:.3}", r.log_mae))
                    .collect()
            };
            let naive: Vec<String> = f
                .aged
                .iter()
                .filter(|r| r.prior == crate::forecast::PriorUse::AsEstimated && r.subset == *sub)
                .map(|r| format!("{:.3}", r.naive_log_mae))
                .collect();
            let _ = writeln!(
                s,
                "With a prior {age} years old (the oldest the panel allows), log-MAE at h1-h{} on \
                 {sub} pairs: {} discounted, {} as estimated, naive {}.",
                naive.len(),
                cells(crate::forecast::PriorUse::Discounted).join("/"),
                cells(crate::forecast::PriorUse::AsEstimated).join("/"),
                naive.join("/"),
            );
        }
    }
    for n in &f.nowcasts {
        let _ = writeln!(
            s,
            "Nowcast: {} ({}), the months' share of the year taken as {:.0}% (sd of its log \
             {:.2}), moves the {} median from {} to {}.",
            n.text,
            n.figure,
            n.share * 100.0,
            n.share_sd,
            n.year,
            crate::data::money::format_dollars(n.median.0, Some(2)),
            crate::data::money::format_dollars(n.median.1, Some(2)),
        );
    }
    for note in &f.notes {
        let _ = writeln!(s, "Not a nowcast: {note}.");
    }
    let mut subsets: Vec<&str> = f.measured.iter().map(|r| r.subset.as_str()).collect();
    subsets.dedup();
    for sub in subsets {
        let cells: Vec<String> = f
            .measured
            .iter()
            .filter(|r| r.subset == sub)
            .map(|r| {
                format!(
                    "h{} {:.0}%/{:.0}% (log-MAE {:.3})",
                    r.horizon,
                    r.cov80 * 100.0,
                    r.cov90 * 100.0,
                    r.log_mae
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "Measured out of sample on {sub} pairs, 80%/90% intervals covered: {}.",
            cells.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "Beyond {} years the calibrated multipliers are extrapolated; [inputs] is the range the \
         published figures' rounding and partial years allow. The {:.0}% interval widens by the \
         same.",
        f.calibrated_horizons,
        level * 100.0
    );
    s
}
