//! The outlook as tidy tables (one row per target year; the rates the corridor has shown and the
//! published base figures as companion tables) and its text form (the main job's).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{OutlookForecast, TargetOutlook, TargetRow};
use crate::data::{Estimate, Unit};
use crate::error::Result;
use crate::table::{ColumnUnit, Companion, Row, Table, TextTable, pct};

/// One target year of an outlook: the rate needed, the calibrated forecast and the trend (a
/// tidy table of its own; the rates the corridor has shown and the published base figures are
/// the outlook's [companion tables](Table::companions), [`HistoricalRateRow`] and
/// [`PublishedBaseRow`]).
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
    /// The trend's level; empty when the series is too short for a trend, as are the trend's
    /// other columns.
    pub trend_point: Option<f64>,
    /// Its prediction interval's lower end.
    pub trend_lo: Option<f64>,
    /// Its upper end.
    pub trend_hi: Option<f64>,
    /// The trend's chance of the target.
    pub trend_probability: Option<f64>,
}

impl Row for TargetTableRow {
    const REQUIRED: &'static [&'static str] = &["year", "horizon", "required_point"];
}

/// One rate the corridor has shown, and when it reaches the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoricalRateRow {
    /// The annual rate, as a fraction.
    pub rate: f64,
    /// Its interval's lower end.
    pub rate_lo: Option<f64>,
    /// Its upper end.
    pub rate_hi: Option<f64>,
    /// The first calendar year at or above the target at the rate (empty: never).
    pub year_reached: Option<i32>,
    /// The earliest such year over the rate's interval.
    pub year_reached_earliest: Option<i32>,
    /// The latest (empty: some rates in the interval never reach it).
    pub year_reached_latest: Option<i32>,
    /// Where the rate comes from.
    pub label: String,
    /// The figures it rests on, `;`-separated.
    pub figures: String,
}

impl Row for HistoricalRateRow {
    const REQUIRED: &'static [&'static str] = &["rate", "label"];
}

/// One published figure of the base year and the rate it needs by the reading year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedBaseRow {
    /// The base year.
    pub year: i32,
    /// The figure.
    pub figure: String,
    /// Its value as printed.
    pub printed: String,
    /// The document or publisher.
    pub source: String,
    /// Its value, US dollars.
    pub value: f64,
    /// The lower end its rounding allows.
    pub value_lo: Option<f64>,
    /// The upper end.
    pub value_hi: Option<f64>,
    /// The year the rate is for (the reading year).
    pub by_year: i32,
    /// The annual rate needed, as a fraction.
    pub required: f64,
    /// Its lower end over the figure's and the target's rounding.
    pub required_lo: Option<f64>,
    /// Its upper end.
    pub required_hi: Option<f64>,
}

impl Row for PublishedBaseRow {
    const REQUIRED: &'static [&'static str] = &["year", "figure", "value", "required"];
}

/// The rates the corridor has shown (an outlook's companion table).
struct RatesTable<'a>(&'a TargetOutlook);

impl Table for RatesTable<'_> {
    type Row = HistoricalRateRow;
    const WHAT: &'static str = "the rates the corridor has shown";
    fn rows(&self) -> Result<Vec<HistoricalRateRow>> {
        Ok(self
            .0
            .historical
            .iter()
            .map(|h| {
                let (rate, rate_lo, rate_hi) = h.rate.parts();
                HistoricalRateRow {
                    rate,
                    rate_lo,
                    rate_hi,
                    year_reached: h.year_reached,
                    year_reached_earliest: h.year_reached_range.0,
                    year_reached_latest: h.year_reached_range.1,
                    label: h.label.clone(),
                    figures: crate::data::FigureId::join(&h.figures),
                }
            })
            .collect())
    }
    fn units(&self) -> Vec<ColumnUnit> {
        vec![
            ColumnUnit::pct("rate", "rate_pct"),
            ColumnUnit::pct("rate_lo", "rate_low_pct"),
            ColumnUnit::pct("rate_hi", "rate_high_pct"),
        ]
    }
}

/// The published base figures (an outlook's companion table).
struct PublishedTable<'a>(&'a TargetOutlook);

impl Table for PublishedTable<'_> {
    type Row = PublishedBaseRow;
    const WHAT: &'static str = "the published base-year figures and the rate each needs";
    fn rows(&self) -> Result<Vec<PublishedBaseRow>> {
        let o = self.0;
        Ok(o.published
            .iter()
            .map(|p| {
                let (value, value_lo, value_hi) = p.estimate.parts();
                let (required, required_lo, required_hi) = p.required.parts();
                PublishedBaseRow {
                    year: o.spec.base_year,
                    figure: p.figure.to_string(),
                    printed: p.printed.clone(),
                    source: p.source.clone(),
                    value,
                    value_lo,
                    value_hi,
                    by_year: o.reading_year,
                    required,
                    required_lo,
                    required_hi,
                }
            })
            .collect())
    }
    fn units(&self) -> Vec<ColumnUnit> {
        vec![
            ColumnUnit::usd("value", "value_usd"),
            ColumnUnit::usd("value_lo", "value_low_usd"),
            ColumnUnit::usd("value_hi", "value_high_usd"),
            ColumnUnit::pct("required", "rate_needed_pct"),
            ColumnUnit::pct("required_lo", "rate_needed_low_pct"),
            ColumnUnit::pct("required_hi", "rate_needed_high_pct"),
        ]
    }
}

/// One row per target year ([`TargetTableRow`]); the rates the corridor has shown and the
/// published base figures are its companions `rates` and `published`.
impl Table for TargetOutlook {
    type Row = TargetTableRow;
    const WHAT: &'static str = "a target outlook";
    fn rows(&self) -> Result<Vec<TargetTableRow>> {
        Ok(self
            .rows
            .iter()
            .map(|r| {
                let (required_point, required_lo, required_hi) = r.required.parts();
                let (trend_point, trend_lo, trend_hi) = Estimate::optional_parts(r.trend_level);
                let (forecast_point, forecast_lo, forecast_hi) =
                    Estimate::optional_parts(r.forecast_level);
                let (forecast_probability, forecast_probability_lo, forecast_probability_hi) =
                    Estimate::optional_parts(r.forecast_probability);
                TargetTableRow {
                    year: r.year,
                    horizon: r.horizon,
                    required_point,
                    required_lo,
                    required_hi,
                    forecast_point,
                    forecast_lo,
                    forecast_hi,
                    forecast_probability,
                    forecast_probability_lo,
                    forecast_probability_hi,
                    trend_point,
                    trend_lo,
                    trend_hi,
                    trend_probability: r.trend_probability,
                }
            })
            .collect())
    }
    fn units(&self) -> Vec<ColumnUnit> {
        vec![
            ColumnUnit::pct("required_point", "rate_needed_pct"),
            ColumnUnit::pct("required_lo", "rate_needed_low_pct"),
            ColumnUnit::pct("required_hi", "rate_needed_high_pct"),
            ColumnUnit::usd("forecast_point", "forecast_median_usd"),
            ColumnUnit::usd("forecast_lo", "forecast_low_usd"),
            ColumnUnit::usd("forecast_hi", "forecast_high_usd"),
            ColumnUnit::usd("trend_point", "trend_usd"),
            ColumnUnit::usd("trend_lo", "trend_low_usd"),
            ColumnUnit::usd("trend_hi", "trend_high_usd"),
        ]
    }
    fn companions(&self) -> Result<Vec<Companion>> {
        Ok(vec![
            Companion::of("rates", &RatesTable(self))?,
            Companion::of("published", &PublishedTable(self))?,
        ])
    }
}

fn money(e: Estimate) -> String {
    crate::audit::fmt_estimate(e, Unit::Usd)
}

/// One unit for a table's amounts, said once in its header: billions of US dollars when the
/// target is a billion or more, millions when a million or more, else dollars.
/// (The report's tables use the same unit.)
#[derive(Clone, Copy)]
pub(crate) struct Amounts {
    divisor: f64,
    /// The unit in words: "US$ billion".
    pub(crate) name: &'static str,
    /// The unit for a column header: "US$ bn" (the report's headers; without the `charts`
    /// feature there is no report to read it).
    #[cfg_attr(not(feature = "charts"), allow(dead_code))]
    pub(crate) short: &'static str,
}

impl Amounts {
    pub(crate) fn for_target(target: f64) -> Amounts {
        let (divisor, name, short) = if target.abs() >= 1e9 {
            (1e9, "US$ billion", "US$ bn")
        } else if target.abs() >= 1e6 {
            (1e6, "US$ million", "US$ m")
        } else {
            (1.0, "US$", "US$")
        };
        Amounts {
            divisor,
            name,
            short,
        }
    }
    /// An amount in the unit, to two decimals.
    pub(crate) fn value(self, v: f64) -> String {
        format!("{:.2}", v / self.divisor)
    }
    pub(crate) fn point(self, e: Estimate) -> String {
        self.value(e.point())
    }
    /// An interval in the unit, its ends joined by `dash`.
    pub(crate) fn range_with(self, e: Estimate, dash: &str) -> String {
        let iv = e.interval();
        format!("{}{dash}{}", self.value(iv.lo()), self.value(iv.hi()))
    }
}

/// The main job's table: by target year, the rate needed, the forecast's median, interval and
/// chance of the target, and the trend's; what the forecast rests on; the rates the corridor
/// has shown and when each reaches the target.
impl fmt::Display for TargetOutlook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.spec;
        f.write_str(&published_note(self))?;
        let amounts = Amounts::for_target(s.target.point());
        writeln!(
            f,
            "{} {}: from {}'s {} to {} (amounts in {})\n",
            s.series.corridor,
            s.series.flow,
            s.base_year,
            money(s.base),
            money(s.target),
            amounts.name
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
            t.row(year_cells(r, amounts, "-"));
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

/// One target year's cells, as the outlook's text table and the report show them: the year, the
/// rate needed with its range, the forecast's median and interval (in `amounts`, the ends joined
/// by `dash`), its chance with the inputs' range, the trend's interval and chance; `-` where there
/// is none.
pub(crate) fn year_cells(r: &TargetRow, amounts: Amounts, dash: &str) -> [String; 7] {
    let none = || "-".to_owned();
    let iv = r.required.interval();
    [
        r.year.to_string(),
        format!(
            "{} [{}, {}]",
            pct(r.required.point()),
            pct(iv.lo()),
            pct(iv.hi())
        ),
        r.forecast_level.map_or_else(none, |e| amounts.point(e)),
        r.forecast_level
            .map_or_else(none, |e| amounts.range_with(e, dash)),
        r.forecast_probability.map_or_else(none, |p| {
            format!(
                "{:.2} [{:.2}, {:.2}]",
                p.point(),
                p.interval().lo(),
                p.interval().hi()
            )
        }),
        r.trend_level
            .map_or_else(none, |e| amounts.range_with(e, dash)),
        r.trend_probability.map_or_else(none, |p| format!("{p:.2}")),
    ]
}

/// The method comparison's cells at the reading year, one row per method: its label, median,
/// interval, chance of the target, and its measured log-MAE and 80% coverage by horizon (all
/// pairs, [large pairs]).
pub(crate) fn comparison_cells(
    o: &TargetOutlook,
    f: &OutlookForecast,
    amounts: Amounts,
    dash: &str,
) -> Vec<[String; 6]> {
    let none = || "-".to_owned();
    let mut rows = Vec::new();
    for m in &f.comparison {
        let Some((_, level, p)) = m.years.iter().find(|y| y.0 == o.reading_year) else {
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
        rows.push([
            format!(
                "{}{}",
                m.label,
                if m.chosen { " (this outlook)" } else { "" }
            ),
            level.map_or_else(none, |e| amounts.point(e)),
            level.map_or_else(none, |e| amounts.range_with(e, dash)),
            p.map_or_else(none, |p| format!("{:.2}", p.point())),
            format!("{} [{}]", cells("all", mae), cells("large", mae)),
            format!("{} [{}]", cells("all", cov), cells("large", cov)),
        ]);
    }
    rows
}

/// How much the answer depends on the method: each method's median, interval and chance of the
/// target at the headline year, beside its measured skill.
fn comparison_note(o: &TargetOutlook, f: &OutlookForecast) -> String {
    use std::fmt::Write as _;
    let year = o.reading_year;
    let level = format!("{:.0}%", o.spec.level * 100.0);
    let amounts = Amounts::for_target(o.spec.target.point());
    let mut t = TextTable::new([
        "method".to_owned(),
        format!("{year} median"),
        format!("{level} interval"),
        "P(≥ target)".to_owned(),
        "log-MAE h1/h2/h3, all [large]".to_owned(),
        "80% covered h1/h2/h3, all [large]".to_owned(),
    ]);
    for row in comparison_cells(o, f, amounts, "-") {
        t.row(row);
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nHow much the answer depends on the method ({year}, amounts in {}; skill measured out of \
         sample on the reference panel, each method with its own calibration):",
        amounts.name
    );
    let _ = write!(s, "{t}");
    s
}

/// What the forecast columns rest on: the method, the series' class, and the method's measured
/// out-of-sample coverage.
pub(crate) fn forecast_note(f: &OutlookForecast, level: f64) -> String {
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
