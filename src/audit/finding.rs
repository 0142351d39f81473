//! What the audit finds: the verdicts, the checks, one finding, and how values are printed in
//! explanations.

use serde::{Deserialize, Serialize};

use crate::data::Corridor;
use crate::data::Period;
use crate::data::money;
use crate::data::{Estimate, Interval};
use crate::data::{FigureId, Unit};

/// The usual band for the ratio of the importer's CIF value to the exporter's FOB value used by
/// mirror-reconciliation pipelines: freight and insurance add 0–20%.
pub const FREIGHT_BAND: (f64, f64) = (1.0, 1.2);

keyword_enum! {
    /// How two sides of a check relate.
    pub enum Verdict: "verdict" {
        /// The figures agree as printed.
        Consistent = "consistent",
        /// The figures agree only at the edges of their rounding intervals.
        InTension = "in_tension" ("in tension"),
        /// No values within the printed precision make the figures agree.
        Inconsistent = "inconsistent",
    }
}

keyword_enum! {
    /// Which check produced a finding.
    pub enum Check: "check" {
        /// Turnover against exports + imports (and balance against exports − imports).
        SumOfFlows = "sum_of_flows" ("sum of flows"),
        /// Two published values of the same flow, period and reporting side.
        RepeatedLevel = "repeated_level" ("repeated level"),
        /// A stated growth rate against the rate between the two published levels it links.
        GrowthVsLevels = "growth_vs_levels" ("growth vs levels"),
        /// The base level implied by "rose/fell X% to Y" against published levels of the base
        /// period.
        ImpliedLevel = "implied_level" ("implied level"),
        /// Which readings of a multi-year growth statement the published levels support.
        GrowthReadings = "growth_readings" ("growth readings"),
        /// The two reporting sides of one flow (mirror statistics), against the CIF/FOB band.
        Mirror = "mirror",
        /// A partial-year figure against longer or full-year figures.
        PartialYear = "partial_year" ("partial year"),
        /// The regional total implied by a share, against published regional totals.
        RegionalShare = "regional_share" ("regional share"),
        /// A stated multiple of a level ("double") against the target it leads to.
        TargetMultiple = "target_multiple" ("target multiple"),
    }
}

/// One result of the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The check that produced it.
    pub check: Check,
    /// The corridor, when the check is about one.
    pub corridor: Option<Corridor>,
    /// The period the check is about.
    pub period: Option<Period>,
    /// The figures used, in the order the explanation names them.
    pub figures: Vec<FigureId>,
    /// What the other figures imply (e.g. exports + imports).
    pub derived: Estimate,
    /// What it is compared with (e.g. the stated turnover, or the CIF/FOB band).
    pub compared: Estimate,
    /// The unit of `derived` and `compared`.
    pub unit: Unit,
    /// The verdict.
    pub verdict: Verdict,
    /// One line a reader can act on.
    pub explanation: String,
}

/// The plain verdict on two estimates of one quantity.
///
/// # Formula
/// inconsistent if the intervals do not overlap ([`Interval::overlaps`]); consistent if each
/// point lies in the other's interval; in tension otherwise.
pub fn compare(derived: Estimate, stated: Estimate) -> Verdict {
    if !derived.interval().overlaps(stated.interval()) {
        Verdict::Inconsistent
    } else if stated.interval().contains(derived.point())
        && derived.interval().contains(stated.point())
    {
        Verdict::Consistent
    } else {
        Verdict::InTension
    }
}

/// The verdict on a CIF/FOB ratio against [`FREIGHT_BAND`]: consistent if the point ratio lies in
/// the band, in tension if only the interval reaches it, inconsistent otherwise.
pub(crate) fn compare_to_band(ratio: Estimate) -> Verdict {
    let (lo, hi) = FREIGHT_BAND;
    let band = Interval::new(lo, hi).unwrap_or_else(|_| ratio.interval());
    if !ratio.interval().overlaps(band) {
        Verdict::Inconsistent
    } else if band.contains(ratio.point()) {
        Verdict::Consistent
    } else {
        Verdict::InTension
    }
}

/// The words an explanation gives for a verdict.
pub(super) fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Consistent => "consistent",
        Verdict::InTension => "in tension (agree only at the edge of rounding)",
        Verdict::Inconsistent => "inconsistent (no values within the printed precision agree)",
    }
}

/// `$4.30-4.50 billion` (or `more than $3.6 billion`).
pub(crate) fn fmt_money(e: Estimate) -> String {
    let iv = e.interval();
    let (word, factor) = money::scale_for(e.point());
    // One digit more than the interval's width needs, so both ends show.
    let width = iv.width() / factor;
    let d = if width.is_finite() && width > 0.0 {
        let places = (-width.log10()).ceil() + 1.0;
        if places > 0.0 {
            crate::convert::f64_to_usize(places.min(4.0)).unwrap_or(2)
        } else {
            0
        }
    } else {
        2
    };
    if iv.hi().is_infinite() {
        return format!("at least ${:.d$}{word}", iv.lo() / factor);
    }
    format!("${:.d$}-{:.d$}{word}", iv.lo() / factor, iv.hi() / factor)
}

pub(super) fn fmt_percent(e: Estimate) -> String {
    let iv = e.interval();
    if iv.hi().is_infinite() {
        return format!("at least {:+.1}%", iv.lo());
    }
    format!(
        "{:+.1}% (range {:+.1}% to {:+.1}%)",
        e.point(),
        iv.lo(),
        iv.hi()
    )
}

pub(super) fn fmt_ratio(e: Estimate) -> String {
    let iv = e.interval();
    format!("{:.3} (range {:.3}-{:.3})", e.point(), iv.lo(), iv.hi())
}

/// Renders findings' derived and compared values for display, by unit.
pub fn fmt_estimate(e: Estimate, unit: Unit) -> String {
    match unit {
        Unit::Usd => fmt_money(e),
        Unit::PercentChange => fmt_percent(e),
        _ => fmt_ratio(e),
    }
}
