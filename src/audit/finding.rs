//! What the audit finds: the verdicts, the checks, one finding, and how values are printed in
//! explanations.

use serde::{Deserialize, Serialize};

use crate::data::Period;
use crate::data::money;
use crate::data::{Corridor, Country};
use crate::data::{Estimate, Interval};
use crate::data::{FigureId, Unit};

/// The usual band for the ratio of the importer's CIF value to the exporter's FOB value used by
/// mirror-reconciliation pipelines: freight and insurance add 0–20%.
pub const FREIGHT_BAND: (f64, f64) = (1.0, 1.2);

keyword_enum! {
    /// How two sides of a check relate (see [`compare`] for the rule), or that nothing was
    /// compared.
    pub enum Verdict: "verdict" {
        /// The figures agree as printed: the narrower range sits in the middle half of the wider.
        Consistent = "consistent",
        /// The ranges overlap, but only near an edge of the wider one.
        InTension = "in_tension" ("in tension"),
        /// The ranges do not overlap: no values within the printed precision agree.
        Inconsistent = "inconsistent",
        /// A figure derived for information; nothing was compared.
        Info = "info",
        /// A check that could not be made (its reason is in the explanation).
        NotChecked = "not_checked" ("not checked"),
    }
}

impl Verdict {
    /// Whether a comparison was made (the verdict is one of the three outcomes).
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            Verdict::Consistent | Verdict::InTension | Verdict::Inconsistent
        )
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
        /// A reading of a growth statement against the same document's own figures for the base
        /// year.
        OwnFigures = "own_figures" ("own figures"),
        /// The change between published levels of consecutive years, beside the growth statements
        /// about those years.
        LevelChange = "level_change" ("level change"),
        /// The two reporting sides of one flow (mirror statistics), against the CIF/FOB band.
        Mirror = "mirror",
        /// A partial-year figure against longer or full-year figures, or its annual pace.
        PartialYear = "partial_year" ("partial year"),
        /// The regional total implied by a share, against published regional totals.
        RegionalShare = "regional_share" ("regional share"),
        /// A stated multiple of a level ("double") against the target it leads to.
        TargetMultiple = "target_multiple" ("target multiple"),
        /// A share derived from published parts and wholes (completed projects of the portfolio).
        DerivedShare = "derived_share" ("derived share"),
    }
}

keyword_enum! {
    /// Which reading of a growth statement a finding takes. A statement such as "rose by 29.5
    /// percent over the past five years" can be read over the span it states, as one year's
    /// change, or as an annual average over the span.
    pub enum GrowthReading: "growth reading" {
        /// Over the span the statement gives (five years for "over the past five years").
        AsStated = "as_stated" ("as stated"),
        /// As the change over the last year only.
        OneYear = "one_year" ("one-year"),
        /// As an annual rate, compounded over the span.
        AnnualAverage = "annual_average" ("annual-average"),
    }
}

/// Declares a struct that starts with what a finding is about (its id, check, corridor,
/// period, side and reading), then its own fields: [`Finding`] and its table row share these
/// columns, written once.
macro_rules! about_a_finding {
    ($(#[$attr:meta])* pub struct $name:ident { $($rest:tt)* }) => {
        $(#[$attr])*
        pub struct $name {
            /// A stable identifier: the check, the period and the figures involved (and the
            /// reading), the same from run to run on the same data.
            pub id: String,
            /// The check that produced it.
            pub check: Check,
            /// The corridor, when the check is about one.
            pub corridor: Option<Corridor>,
            /// The period the check is about.
            pub period: Option<Period>,
            /// The reporting side whose figures are compared, when all of them come from one
            /// side.
            pub side: Option<Country>,
            /// The reading of a growth statement the finding takes, for checks on growth
            /// statements.
            pub reading: Option<GrowthReading>,
            $($rest)*
        }
    };
}

about_a_finding! {
/// One result of the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The figures used, in the order the explanation names them.
    pub figures: Vec<FigureId>,
    /// What the figures imply (e.g. exports + imports), or the figure derived for information.
    pub derived: Estimate,
    /// What it is compared with (e.g. the stated turnover, or the CIF/FOB band); `None` when
    /// nothing was compared.
    pub compared: Option<Estimate>,
    /// The unit of `derived` and `compared`.
    pub unit: Unit,
    /// The verdict.
    pub verdict: Verdict,
    /// One line a reader can act on, with its arithmetic.
    pub explanation: String,
}
}

impl Finding {
    /// A finding comparing `derived` with `compared` by [`compare`]; its explanation is
    /// `what`, a colon, and the verdict's words.
    pub(super) fn compared(
        check: Check,
        derived: Estimate,
        compared: Estimate,
        unit: Unit,
        what: String,
    ) -> Finding {
        let verdict = compare(derived, compared);
        let explanation = format!("{what}: {}", verdict_words(verdict));
        Finding::with(check, derived, Some(compared), unit, verdict, explanation)
    }

    /// A finding comparing a ratio with a band of normal values by [`compare_band`]; the
    /// band is kept as `compared` (its middle as the point).
    pub(super) fn against_band(
        check: Check,
        ratio: Estimate,
        band: (f64, f64),
        what: String,
    ) -> Finding {
        let (lo, hi) = band;
        match band_estimate(band) {
            Ok(b) => {
                let verdict = compare_band(ratio, band);
                let explanation = format!(
                    "{what} vs the band {lo:.1}-{hi:.1}: {}",
                    band_words(verdict)
                );
                Finding::with(check, ratio, Some(b), Unit::Ratio, verdict, explanation)
            }
            // Never compare the ratio with itself: say the check was not made.
            Err(e) => Finding::with(
                check,
                ratio,
                None,
                Unit::Ratio,
                Verdict::NotChecked,
                format!("{what}; not checked: the band {lo}-{hi} is not a valid range ({e})"),
            ),
        }
    }

    /// A check that could not be made: the value it started from, and why it stopped (an
    /// arithmetic error on the figures, such as a divisor whose range reaches zero). The
    /// finding says so rather than leave the check out.
    pub(super) fn not_checked(
        check: Check,
        given: Estimate,
        unit: Unit,
        what: String,
        error: &crate::Error,
    ) -> Finding {
        Finding::with(
            check,
            given,
            None,
            unit,
            Verdict::NotChecked,
            format!("{what}: not checked ({error})"),
        )
    }

    /// A finding that derives `derived` for information, comparing nothing.
    pub(super) fn info(check: Check, derived: Estimate, unit: Unit, what: String) -> Finding {
        Finding::with(check, derived, None, unit, Verdict::Info, what)
    }

    /// A finding with its verdict and explanation given.
    pub(super) fn with(
        check: Check,
        derived: Estimate,
        compared: Option<Estimate>,
        unit: Unit,
        verdict: Verdict,
        explanation: String,
    ) -> Finding {
        Finding {
            id: String::new(),
            check,
            corridor: None,
            period: None,
            side: None,
            reading: None,
            figures: Vec::new(),
            derived,
            compared,
            unit,
            verdict,
            explanation,
        }
    }

    /// Sets the corridor and period.
    pub(super) fn about(mut self, corridor: Option<Corridor>, period: Option<Period>) -> Finding {
        self.corridor = corridor;
        self.period = period;
        self
    }

    /// Sets the figures involved.
    pub(super) fn of(mut self, figures: Vec<FigureId>) -> Finding {
        self.figures = figures;
        self
    }

    /// Sets the reporting side.
    pub(super) fn side(mut self, side: Option<Country>) -> Finding {
        self.side = side;
        self
    }

    /// Sets the reading of a growth statement.
    pub(super) fn reading(mut self, reading: GrowthReading) -> Finding {
        self.reading = Some(reading);
        self
    }

    /// The stable id: `check:period:figure,figure[:reading]`.
    pub(super) fn stable_id(&self) -> String {
        let figures: Vec<&str> = self.figures.iter().map(FigureId::as_str).collect();
        let mut id = format!(
            "{}:{}:{}",
            self.check.as_str(),
            self.period
                .map(|p| p.to_string())
                .unwrap_or_else(|| "-".into()),
            figures.join(",")
        );
        if let Some(r) = self.reading {
            id.push(':');
            id.push_str(r.as_str());
        }
        id
    }
}

/// The one side all `sides` share, if they share one.
pub(super) fn common_side(sides: &[Option<Country>]) -> Option<Country> {
    let first = (*sides.first()?)?;
    sides.iter().all(|s| *s == Some(first)).then_some(first)
}

/// Whether two intervals overlap, taking a range as half-open, [lo, hi) (rounding intervals are:
/// "$3.1 billion" is at least 3.05 and below 3.15), and a single value x as [x, x].
fn overlap(a: Interval, b: Interval) -> bool {
    let point = |i: Interval| i.lo() == i.hi();
    match (point(a), point(b)) {
        (true, true) => a.lo() == b.lo(),
        (true, false) => b.lo() <= a.lo() && a.lo() < b.hi(),
        (false, true) => a.lo() <= b.lo() && b.lo() < a.hi(),
        (false, false) => a.lo().max(b.lo()) < a.hi().min(b.hi()),
    }
}

/// The verdict on two estimates of one quantity, from their intervals alone; symmetric.
///
/// # Formula
/// Ranges are taken as half-open, [lo, hi), and a single value x as [x, x]. Let N be the
/// narrower interval and W the wider (either, when equally wide), c = (N.lo + N.hi) / 2 the
/// middle of N and m = (W.hi − W.lo) / 4 a quarter of W's width (a quarter of N's width when W is
/// unbounded and N is not):
///
/// - **inconsistent** when the intervals do not overlap;
/// - **consistent** when they overlap and W.lo + m ≤ c ≤ W.hi − m: the narrower range's middle
///   lies in the middle half of the wider;
/// - **in tension** when they overlap but c lies in an outer quarter of W: they agree only near
///   an edge of W's rounding.
///
/// When both are unbounded, overlapping intervals are consistent.
///
/// # Examples
/// ```
/// use bilateral::audit::compare;
/// use bilateral::{Estimate, Interval, Verdict};
/// let e = |p: f64, lo: f64, hi: f64| Estimate::new(p, Interval::new(lo, hi).unwrap()).unwrap();
/// // "+56.9%" against 3.1 / 2.0 with "$2 billion" read as [1.5, 2.5): 56.9 lies in the middle
/// // half of [+22%, +110%], which is [44%, 88%].
/// assert_eq!(compare(e(55.0, 22.0, 110.0), e(56.9, 56.85, 56.95)), Verdict::Consistent);
/// // "$4.5 billion" [4.45, 4.55) against exports + imports [4.30, 4.50): they overlap, but 4.5
/// // is past 4.45, the end of the middle half of [4.30, 4.50].
/// assert_eq!(compare(e(4.4, 4.30, 4.50), e(4.5, 4.45, 4.55)), Verdict::InTension);
/// // "$4.5 billion" [4.45, 4.55) against "$4.4 billion" [4.35, 4.45): they only touch.
/// assert_eq!(compare(e(4.5, 4.45, 4.55), e(4.4, 4.35, 4.45)), Verdict::Inconsistent);
/// ```
pub fn compare(derived: Estimate, stated: Estimate) -> Verdict {
    let (a, b) = (derived.interval(), stated.interval());
    if !overlap(a, b) {
        return Verdict::Inconsistent;
    }
    let (n, w) = if a.width() <= b.width() {
        (a, b)
    } else {
        (b, a)
    };
    if !n.width().is_finite() {
        return Verdict::Consistent;
    }
    let c = (n.lo() + n.hi()) / 2.0;
    let m = if w.width().is_finite() {
        w.width() / 4.0
    } else {
        n.width() / 4.0
    };
    if w.lo() + m <= c && c <= w.hi() - m {
        Verdict::Consistent
    } else {
        Verdict::InTension
    }
}

/// A ratio against a band of normal values, such as the 1.0–1.2 CIF/FOB freight band of
/// mirror statistics. A band is not a rounding interval: every value inside it is normal, so
/// the middle-half rule of [`compare`] does not apply.
///
/// # Formula
/// With the band [lo, hi] (closed) and the ratio's point r and interval R:
///
/// - **consistent** when lo ≤ r ≤ hi: the ratio as printed is normal;
/// - **in tension** when r is outside the band but R reaches it: only the figures' rounding
///   brings it in;
/// - **inconsistent** when R does not reach the band.
///
/// # Examples
/// ```
/// use bilateral::audit::{FREIGHT_BAND, compare_band};
/// use bilateral::{Estimate, Interval, Verdict};
/// let e = |p: f64, lo: f64, hi: f64| Estimate::new(p, Interval::new(lo, hi).unwrap()).unwrap();
/// // Neighbours' CIF/FOB ratio of 1.04 (or exactly 1.00) is normal.
/// assert_eq!(compare_band(e(1.04, 1.03, 1.05), FREIGHT_BAND), Verdict::Consistent);
/// assert_eq!(compare_band(e(1.0, 1.0, 1.0), FREIGHT_BAND), Verdict::Consistent);
/// // 1.25 printed, 1.15-1.35 over the rounding: only the rounding reaches the band.
/// assert_eq!(compare_band(e(1.25, 1.15, 1.35), FREIGHT_BAND), Verdict::InTension);
/// // 1.85 (1.22-2.10): outside whatever the rounding.
/// assert_eq!(compare_band(e(1.85, 1.22, 2.10), FREIGHT_BAND), Verdict::Inconsistent);
/// ```
pub fn compare_band(ratio: Estimate, band: (f64, f64)) -> Verdict {
    let (lo, hi) = band;
    let r = ratio.interval();
    if (lo..=hi).contains(&ratio.point()) {
        Verdict::Consistent
    } else if r.lo() <= hi && lo <= r.hi() {
        Verdict::InTension
    } else {
        Verdict::Inconsistent
    }
}

/// A band as an estimate, its middle as the point (what a band finding is compared with).
pub(crate) fn band_estimate(band: (f64, f64)) -> crate::Result<Estimate> {
    let (lo, hi) = band;
    Estimate::new((lo + hi) / 2.0, Interval::new(lo, hi)?)
}

fn band_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Consistent => "consistent (inside the band)",
        Verdict::InTension => {
            "in tension (outside the band as printed; only the figures' rounding reaches it)"
        }
        _ => "inconsistent (outside the band whatever the rounding)",
    }
}

/// Counts of findings by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Findings whose figures agree.
    pub consistent: usize,
    /// Findings whose figures agree only near an edge.
    pub in_tension: usize,
    /// Findings whose figures cannot all be right.
    pub inconsistent: usize,
    /// Figures derived for information.
    pub info: usize,
    /// Checks that could not be made.
    pub not_checked: usize,
}

impl Tally {
    /// The counts for `findings`.
    pub fn of(findings: &[Finding]) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            match f.verdict {
                Verdict::Consistent => t.consistent += 1,
                Verdict::InTension => t.in_tension += 1,
                Verdict::Inconsistent => t.inconsistent += 1,
                Verdict::Info => t.info += 1,
                Verdict::NotChecked => t.not_checked += 1,
            }
        }
        t
    }

    /// Findings that compared something.
    pub fn compared(self) -> usize {
        self.consistent + self.in_tension + self.inconsistent
    }
}

/// The words an explanation gives for a verdict.
pub(super) fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Consistent => "consistent (the narrower range sits in the middle of the wider)",
        Verdict::InTension => "in tension (the ranges overlap only near an edge of the wider)",
        Verdict::Inconsistent => "inconsistent (no values within the printed precision agree)",
        Verdict::Info => "for information (nothing compared)",
        Verdict::NotChecked => "not checked",
    }
}

/// `$4.30-4.50 billion` (or `more than $3.6 billion`).
pub(crate) fn fmt_money(e: Estimate) -> String {
    let iv = e.interval();
    // Past a million trillion, scale words stop helping: scientific notation.
    if iv.lo().abs().max(iv.hi().abs()).is_finite() && iv.lo().abs().max(iv.hi().abs()) >= 1e18 {
        return format!("${:.3e}-{:.3e}", iv.lo(), iv.hi());
    }
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
        Unit::Percent => {
            let iv = e.interval();
            if iv.lo() == iv.hi() {
                format!("{:.1}% (exact)", e.point())
            } else {
                format!("{:.1}% ({:.1}-{:.1}%)", e.point(), iv.lo(), iv.hi())
            }
        }
        _ => fmt_ratio(e),
    }
}
