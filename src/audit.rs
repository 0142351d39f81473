//! The consistency audit: do the published figures agree with each other?
//!
//! Every check works on intervals set by the figures' printed precision (see
//! [`Figure::estimate`]), never on point values alone, and gives one of three verdicts:
//!
//! - **consistent**: the intervals overlap, and each side's point value lies inside the other's
//!   interval: the figures agree as printed;
//! - **in tension**: the intervals overlap, but only because of rounding latitude: at least one
//!   point value lies outside the other's interval;
//! - **inconsistent**: the intervals do not overlap: no choice of true values within the printed
//!   precision makes the figures agree.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::corridor::{Corridor, Flow};
use crate::country::Country;
use crate::dataset::Dataset;
use crate::figure::{Figure, FigureId, Unit};
use crate::interval::{Estimate, Interval};
use crate::money;
use crate::period::Period;

/// The usual band for the ratio of the importer's CIF value to the exporter's FOB value used by
/// mirror-reconciliation pipelines: freight and insurance add 0–20%.
pub const FREIGHT_BAND: (f64, f64) = (1.0, 1.2);

/// How two sides of a check relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The figures agree as printed.
    Consistent,
    /// The figures agree only at the edges of their rounding intervals.
    InTension,
    /// No values within the printed precision make the figures agree.
    Inconsistent,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Consistent => "consistent",
            Verdict::InTension => "in tension",
            Verdict::Inconsistent => "inconsistent",
        })
    }
}

/// Which check produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Turnover against exports + imports (and balance against exports − imports).
    SumOfFlows,
    /// Two published values of the same flow, period and reporting side.
    RepeatedLevel,
    /// A stated growth rate against the rate between the two published levels it links.
    GrowthVsLevels,
    /// The base level implied by "rose/fell X% to Y" against published levels of the base period.
    ImpliedLevel,
    /// Which readings of a multi-year growth statement the published levels support.
    GrowthReadings,
    /// The two reporting sides of one flow (mirror statistics), against the CIF/FOB band.
    Mirror,
    /// A partial-year figure against longer or full-year figures.
    PartialYear,
    /// The regional total implied by a share, against published regional totals.
    RegionalShare,
    /// A stated multiple of a level ("double") against the target it leads to.
    TargetMultiple,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Check::SumOfFlows => "sum of flows",
            Check::RepeatedLevel => "repeated level",
            Check::GrowthVsLevels => "growth vs levels",
            Check::ImpliedLevel => "implied level",
            Check::GrowthReadings => "growth readings",
            Check::Mirror => "mirror",
            Check::PartialYear => "partial year",
            Check::RegionalShare => "regional share",
            Check::TargetMultiple => "target multiple",
        })
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

/// Runs every check over a dataset.
///
/// # Examples
/// ```
/// use bilateral::{audit, Check, Dataset, Verdict};
/// let findings = audit(&Dataset::builtin()?);
/// // 2023: "$4.4 billion" agrees with exports $3.1B + imports $1.3B; "$4.5 billion" only at
/// // the edge of rounding ($4.30–4.50B against $4.45–4.55B).
/// let sums: Vec<_> = findings.iter().filter(|f| f.check == Check::SumOfFlows
///     && f.figures.iter().any(|id| id.as_str().starts_with("d002.turnover.2023"))).collect();
/// assert!(sums.iter().any(|f| f.verdict == Verdict::Consistent));
/// assert!(sums.iter().any(|f| f.verdict == Verdict::InTension));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn audit(data: &Dataset) -> Vec<Finding> {
    let ctx = Context::new(data);
    let mut out = Vec::new();
    ctx.sum_of_flows(&mut out);
    ctx.repeated_levels(&mut out);
    ctx.growth_vs_levels(&mut out);
    ctx.implied_levels(&mut out);
    ctx.mirror(&mut out);
    ctx.partial_years(&mut out);
    ctx.regional_shares(&mut out);
    ctx.target_multiples(&mut out);
    out
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

/// A level with where it came from: published (by one or more sources printing the same value),
/// or implied by a growth statement.
#[derive(Clone)]
struct Level<'a> {
    figure: &'a Figure,
    /// Other figures printing the same value for the same flow, period and side.
    also: Vec<&'a Figure>,
    estimate: Estimate,
    /// The growth figure it was derived from, for implied levels.
    implied_by: Option<&'a Figure>,
}

impl Level<'_> {
    fn ids(&self) -> Vec<FigureId> {
        let mut ids = vec![self.figure.id().clone()];
        ids.extend(self.also.iter().map(|f| f.id().clone()));
        if let Some(g) = self.implied_by {
            ids.push(g.id().clone());
        }
        ids
    }

    fn describe(&self) -> String {
        let sources: Vec<String> = std::iter::once(self.figure)
            .chain(self.also.iter().copied())
            .map(|f| f.provenance().source.to_string())
            .collect();
        match self.implied_by {
            None => format!(
                "{} ({}{})",
                self.figure.value_text(),
                reporter_text(self.figure.reporter()),
                sources.join("; ")
            ),
            Some(g) => format!(
                "{} implied by {} to {} ({})",
                fmt_money(self.estimate),
                g.value_text(),
                self.figure.value_text(),
                g.provenance().source
            ),
        }
    }
}

fn reporter_text(r: Option<Country>) -> String {
    r.map(|c| format!("{c}, ")).unwrap_or_default()
}

/// Key of a series of levels: corridor (if any) and measure.
type SeriesKey<'a> = (Option<Corridor>, &'a str);

struct Context<'a> {
    /// Published dollar levels with a period: flows along corridors, and regional totals.
    levels: Vec<Level<'a>>,
    /// Percentage changes with a period and a base period.
    growths: Vec<&'a Figure>,
    figures: &'a [Figure],
}

impl<'a> Context<'a> {
    fn new(data: &'a Dataset) -> Context<'a> {
        let figures = data.figures();
        let mut levels: Vec<Level<'a>> = Vec::new();
        for f in figures.iter().filter(|f| {
            f.unit() == Unit::Usd
                && f.period().is_some()
                && (f.flow().is_some() || f.measure().starts_with("total_"))
        }) {
            let Some(estimate) = f.estimate() else {
                continue;
            };
            // The same printed value for the same flow, period and side is one level, however
            // many sources print it.
            let same = levels.iter_mut().find(|l| {
                Context::key(l.figure) == Context::key(f)
                    && l.figure.period() == f.period()
                    && l.figure.reporter() == f.reporter()
                    && l.estimate == estimate
            });
            match same {
                Some(l) => l.also.push(f),
                None => levels.push(Level {
                    figure: f,
                    also: Vec::new(),
                    estimate,
                    implied_by: None,
                }),
            }
        }
        let growths = figures
            .iter()
            .filter(|f| {
                f.unit() == Unit::PercentChange && f.period().is_some() && f.base_period().is_some()
            })
            .collect();
        Context {
            levels,
            growths,
            figures,
        }
    }

    fn key(f: &Figure) -> SeriesKey<'_> {
        (f.corridor(), f.measure())
    }

    fn levels_at(&self, key: SeriesKey<'_>, period: Period) -> impl Iterator<Item = &Level<'a>> {
        self.levels
            .iter()
            .filter(move |l| Context::key(l.figure) == key && l.figure.period() == Some(period))
    }

    fn sum_of_flows(&self, out: &mut Vec<Finding>) {
        // Group flow levels by corridor, period and reporter.
        let mut groups: BTreeMap<(Corridor, Period, Option<Country>), Vec<&Level<'a>>> =
            BTreeMap::new();
        for l in &self.levels {
            if let (Some(c), Some(p), Some(_)) =
                (l.figure.corridor(), l.figure.period(), l.figure.flow())
            {
                groups
                    .entry((c, p, l.figure.reporter()))
                    .or_default()
                    .push(l);
            }
        }
        for ((corridor, period, _), group) in groups {
            let of = |flow| group.iter().filter(move |l| l.figure.flow() == Some(flow));
            for x in of(Flow::Exports) {
                for m in of(Flow::Imports) {
                    let sum = x.estimate + m.estimate;
                    let diff = x.estimate - m.estimate;
                    for (flow, derived, sign) in
                        [(Flow::Turnover, sum, "+"), (Flow::Balance, diff, "-")]
                    {
                        for t in of(flow) {
                            let verdict = compare(derived, t.estimate);
                            out.push(Finding {
                                check: Check::SumOfFlows,
                                corridor: Some(corridor),
                                period: Some(period),
                                figures: [x.ids(), m.ids(), t.ids()].concat(),
                                derived,
                                compared: t.estimate,
                                unit: Unit::Usd,
                                verdict,
                                explanation: format!(
                                    "{period} {flow} {} vs exports {} {sign} imports {} = {}: {}",
                                    t.figure.value_text(),
                                    x.figure.value_text(),
                                    m.figure.value_text(),
                                    fmt_money(derived),
                                    verdict_words(verdict)
                                ),
                            });
                        }
                    }
                }
            }
        }
    }

    fn repeated_levels(&self, out: &mut Vec<Finding>) {
        for (i, a) in self.levels.iter().enumerate() {
            for b in self.levels.iter().skip(i + 1) {
                let (fa, fb) = (a.figure, b.figure);
                if Context::key(fa) != Context::key(fb)
                    || fa.period() != fb.period()
                    || fa.reporter() != fb.reporter()
                {
                    continue;
                }
                let verdict = compare(a.estimate, b.estimate);
                out.push(Finding {
                    check: Check::RepeatedLevel,
                    corridor: fa.corridor(),
                    period: fa.period(),
                    figures: [a.ids(), b.ids()].concat(),
                    derived: a.estimate,
                    compared: b.estimate,
                    unit: Unit::Usd,
                    verdict,
                    explanation: format!(
                        "{} {} published with different values by the {} side: {} vs {}: {}",
                        fa.period().map(|p| p.to_string()).unwrap_or_default(),
                        fa.measure(),
                        fa.reporter().map_or("same", Country::code),
                        a.describe(),
                        b.describe(),
                        verdict_words(verdict)
                    ),
                });
            }
        }
    }

    /// Levels at the end of a growth statement: the "to Y" figure from the same sentence if
    /// there is one, otherwise every same-side level of the end period.
    fn end_levels(&self, g: &Figure) -> Vec<&Level<'a>> {
        let Some(p) = g.period() else {
            return Vec::new();
        };
        let same_side: Vec<&Level<'a>> = self
            .levels_at(Context::key(g), p)
            .filter(|l| l.figure.reporter() == g.reporter() || g.reporter().is_none())
            .collect();
        let same_quote: Vec<&Level<'a>> = same_side
            .iter()
            .copied()
            .filter(|l| {
                !g.provenance().quote.is_empty()
                    && l.figure.provenance().quote == g.provenance().quote
            })
            .collect();
        if same_quote.is_empty() {
            same_side
        } else {
            same_quote
        }
    }

    fn growth_vs_levels(&self, out: &mut Vec<Finding>) {
        for g in &self.growths {
            let (Some(p), Some(b), Some(stated)) = (g.period(), g.base_period(), g.estimate())
            else {
                continue;
            };
            let ends: Vec<&Level<'a>> = self
                .levels_at(Context::key(g), p)
                .filter(|l| g.reporter().is_none() || l.figure.reporter() == g.reporter())
                .collect();
            for e in ends {
                for s in self
                    .levels_at(Context::key(g), b)
                    .filter(|l| g.reporter().is_none() || l.figure.reporter() == g.reporter())
                {
                    let Ok(ratio) = e.estimate.checked_div(s.estimate) else {
                        continue;
                    };
                    let derived = ratio.map_monotone(|r| (r - 1.0) * 100.0);
                    let verdict = compare(derived, stated);
                    out.push(Finding {
                        check: Check::GrowthVsLevels,
                        corridor: g.corridor(),
                        period: Some(p),
                        figures: [vec![g.id().clone()], s.ids(), e.ids()].concat(),
                        derived,
                        compared: stated,
                        unit: Unit::PercentChange,
                        verdict,
                        explanation: format!(
                            "stated {} ({b} to {p}) vs {} / {} - 1 = {}: {}",
                            g.value_text(),
                            e.figure.value_text(),
                            s.figure.value_text(),
                            fmt_percent(derived),
                            verdict_words(verdict)
                        ),
                    });
                }
            }
        }
    }

    /// The readings of a growth statement: the stated base, and for multi-year statements the
    /// one-year reading (base = end − 1) and the annual-average reading (X% a year over n years).
    fn readings(g: &Figure) -> Vec<(&'static str, Period, i32)> {
        let (Some(p), Some(b)) = (g.period(), g.base_period()) else {
            return Vec::new();
        };
        let n = p.first_day().year() - b.first_day().year();
        let mut r = vec![(reading_name(n), b, 1)];
        if n > 1 {
            if let Ok(prev) = Period::year_of(p.first_day().year() - 1) {
                r.push(("one-year", prev, 1));
            }
            r.push(("annual-average", b, n));
        }
        r
    }

    /// Base levels implied by "rose/fell X% to Y", for each reading.
    fn implied_bases(&self, g: &'a Figure) -> Vec<(&'static str, Implied<'a>)> {
        let Some(stated) = g.estimate() else {
            return Vec::new();
        };
        let factor = stated.map_monotone(|x| 1.0 + x / 100.0);
        let mut out = Vec::new();
        for (name, base, years) in Context::readings(g) {
            let compound = (0..years - 1).fold(factor, |acc, _| acc * factor);
            for e in self.end_levels(g) {
                if let Ok(implied) = e.estimate.checked_div(compound) {
                    let mut figure_for_period = e.clone();
                    figure_for_period.estimate = implied;
                    figure_for_period.implied_by = Some(g);
                    out.push((name, figure_for_period.with_period(base)));
                }
            }
        }
        out
    }

    fn implied_levels(&self, out: &mut Vec<Finding>) {
        for g in &self.growths {
            let multi_year = Context::readings(g).len() > 1;
            let mut per_reading: Vec<(&'static str, Period, Vec<Verdict>)> = Vec::new();
            let mut best: Option<(Verdict, Estimate, Estimate, Vec<FigureId>)> = None;
            for (name, implied) in self.implied_bases(g) {
                let base = implied.period;
                if !per_reading.iter().any(|r| r.0 == name) {
                    per_reading.push((name, base, Vec::new()));
                }
                let Some(entry) = per_reading.iter_mut().find(|r| r.0 == name) else {
                    continue;
                };
                for l in self.levels_at(Context::key(g), base) {
                    // Directed flows reported by the other side are mirror statistics, checked
                    // against the freight band in `mirror`, not here.
                    let other_side = l.figure.reporter() != g.reporter()
                        && matches!(g.flow(), Some(Flow::Exports | Flow::Imports));
                    if other_side {
                        continue;
                    }
                    let verdict = compare(implied.level.estimate, l.estimate);
                    entry.2.push(verdict);
                    let figures = [implied.level.ids(), l.ids()].concat();
                    if best.as_ref().is_none_or(|b| verdict < b.0) {
                        best = Some((verdict, implied.level.estimate, l.estimate, figures.clone()));
                    }
                    out.push(Finding {
                        check: Check::ImpliedLevel,
                        corridor: g.corridor(),
                        period: Some(base),
                        figures,
                        derived: implied.level.estimate,
                        compared: l.estimate,
                        unit: Unit::Usd,
                        verdict,
                        explanation: format!(
                            "{name} reading of {}: {base} level {} vs published {}: {}",
                            g.value_text(),
                            fmt_money(implied.level.estimate),
                            l.describe(),
                            verdict_words(verdict)
                        ),
                    });
                }
            }
            if !multi_year {
                continue;
            }
            let Some((verdict, derived, compared, figures)) = best else {
                continue;
            };
            let parts: Vec<String> = per_reading
                .iter()
                .map(|(name, base, verdicts)| {
                    let best = verdicts.iter().min();
                    let n = verdicts.len();
                    match best {
                        None => format!("{name} (base {base}): no published level to compare"),
                        Some(Verdict::Inconsistent) => {
                            format!(
                                "{name} (base {base}): contradicted by all {n} published level(s)"
                            )
                        }
                        Some(v) => {
                            format!("{name} (base {base}): supported ({v}) by the published level")
                        }
                    }
                })
                .collect();
            out.push(Finding {
                check: Check::GrowthReadings,
                corridor: g.corridor(),
                period: g.period(),
                figures,
                derived,
                compared,
                unit: Unit::Usd,
                verdict,
                explanation: format!("readings of {}: {}", g.value_text(), parts.join("; ")),
            });
        }
    }

    fn mirror(&self, out: &mut Vec<Finding>) {
        // Published levels plus levels implied by the stated readings of growth statements.
        let mut all: Vec<Level<'a>> = self.levels.clone();
        for g in &self.growths {
            let stated = Context::readings(g).first().map(|r| r.0);
            all.extend(
                self.implied_bases(g)
                    .into_iter()
                    .filter(|(name, _)| Some(*name) == stated)
                    .map(|(_, l)| l.level),
            );
        }
        // Implied levels keep their end figure's period; use the base period stored alongside.
        let levels: Vec<(Period, &Level<'a>)> = all
            .iter()
            .filter_map(|l| {
                let p = match l.implied_by {
                    Some(g) => g.base_period(),
                    None => l.figure.period(),
                }?;
                Some((p, l))
            })
            .collect();
        for (i, (pa, a)) in levels.iter().enumerate() {
            for (pb, b) in levels.iter().skip(i + 1) {
                let (fa, fb) = (a.figure, b.figure);
                if pa != pb
                    || Context::key(fa) != Context::key(fb)
                    || fa.reporter() == fb.reporter()
                    || fa.reporter().is_none()
                    || fb.reporter().is_none()
                {
                    continue;
                }
                let (Some(corridor), Some(flow)) = (fa.corridor(), fa.flow()) else {
                    continue;
                };
                let mut figures = a.ids();
                figures.extend(b.ids());
                match (corridor.exporter(flow), corridor.importer(flow)) {
                    (Some(exporter), Some(importer)) => {
                        let (exp, imp) = if fa.reporter() == Some(exporter)
                            && fb.reporter() == Some(importer)
                        {
                            (a, b)
                        } else if fb.reporter() == Some(exporter) && fa.reporter() == Some(importer)
                        {
                            (b, a)
                        } else {
                            continue;
                        };
                        let Ok(ratio) = imp.estimate.checked_div(exp.estimate) else {
                            continue;
                        };
                        let verdict = compare_to_band(ratio);
                        let band = Estimate::new(
                            (FREIGHT_BAND.0 + FREIGHT_BAND.1) / 2.0,
                            Interval::new(FREIGHT_BAND.0, FREIGHT_BAND.1)
                                .unwrap_or(ratio.interval()),
                        )
                        .unwrap_or(ratio);
                        out.push(Finding {
                            check: Check::Mirror,
                            corridor: Some(corridor),
                            period: Some(*pa),
                            figures,
                            derived: ratio,
                            compared: band,
                            unit: Unit::Ratio,
                            verdict,
                            explanation: format!(
                                "{pa} {flow} {exporter}->{importer}: importer {importer} reports {}, exporter {exporter} reports {}; CIF/FOB ratio {} vs freight band {:.1}-{:.1}: {}",
                                imp.describe(),
                                exp.describe(),
                                fmt_ratio(ratio),
                                FREIGHT_BAND.0,
                                FREIGHT_BAND.1,
                                verdict_words(verdict)
                            ),
                        });
                    }
                    _ => {
                        let verdict = compare(a.estimate, b.estimate);
                        out.push(Finding {
                            check: Check::Mirror,
                            corridor: Some(corridor),
                            period: Some(*pa),
                            figures,
                            derived: a.estimate,
                            compared: b.estimate,
                            unit: Unit::Usd,
                            verdict,
                            explanation: format!(
                                "{pa} {flow} as reported by each side: {} vs {}: {}",
                                a.describe(),
                                b.describe(),
                                verdict_words(verdict)
                            ),
                        });
                    }
                }
            }
        }
    }

    fn partial_years(&self, out: &mut Vec<Finding>) {
        for a in &self.levels {
            let Some(pa) = a.figure.period() else {
                continue;
            };
            let Some(months) = pa.month_count().filter(|_| !pa.is_calendar_year()) else {
                continue;
            };
            let key = Context::key(a.figure);
            let mut covered = false;
            for b in self.levels.iter().filter(|b| Context::key(b.figure) == key) {
                let Some(pb) = b.figure.period() else {
                    continue;
                };
                if pb == pa || !pb.contains(pa) {
                    continue;
                }
                covered |= pb.is_calendar_year();
                // A part cannot exceed the whole.
                let (pi, wi) = (a.estimate.interval(), b.estimate.interval());
                let verdict = if pi.lo() >= wi.hi() {
                    Verdict::Inconsistent
                } else if a.estimate.point() > b.estimate.point() {
                    Verdict::InTension
                } else {
                    Verdict::Consistent
                };
                out.push(Finding {
                    check: Check::PartialYear,
                    corridor: a.figure.corridor(),
                    period: Some(pa),
                    figures: [a.ids(), b.ids()].concat(),
                    derived: a.estimate,
                    compared: b.estimate,
                    unit: Unit::Usd,
                    verdict,
                    explanation: format!(
                        "{} {pa} {} must not exceed {pb} {}: {}",
                        a.figure.measure(),
                        a.describe(),
                        b.describe(),
                        verdict_words(verdict)
                    ),
                });
            }
            if covered {
                continue;
            }
            // No full year to hold it against: set its pro-rata pace beside the previous year.
            let Some(year) = pa.year() else { continue };
            let Ok(prev) = Period::year_of(year - 1) else {
                continue;
            };
            let pace = a.estimate.scale(12.0 / f64::from(months));
            for b in self.levels_at(key, prev) {
                let Ok(ratio) = pace.checked_div(b.estimate) else {
                    continue;
                };
                let growth = ratio.map_monotone(|r| (r - 1.0) * 100.0);
                out.push(Finding {
                    check: Check::PartialYear,
                    corridor: a.figure.corridor(),
                    period: Some(pa),
                    figures: [a.ids(), b.ids()].concat(),
                    derived: pace,
                    compared: b.estimate,
                    unit: Unit::Usd,
                    verdict: Verdict::Consistent,
                    explanation: format!(
                        "{pa} {} {} is a pro-rata pace of {} a year, {} on {prev}'s {}; no full-year {year} figure to check it against",
                        a.figure.measure(),
                        a.figure.value_text(),
                        fmt_money(pace),
                        fmt_percent(growth),
                        b.figure.value_text()
                    ),
                });
            }
        }
    }

    fn regional_shares(&self, out: &mut Vec<Finding>) {
        for s in self.figures.iter().filter(|f| {
            f.unit() == Unit::Percent
                && f.measure().starts_with("share_of_")
                && f.period().is_some()
        }) {
            let (Some(corridor), Some(period), Some(share)) =
                (s.corridor(), s.period(), s.estimate())
            else {
                continue;
            };
            let fraction = share.scale(0.01);
            for t in self.levels_at((Some(corridor), "turnover"), period) {
                let Ok(implied) = t.estimate.checked_div(fraction) else {
                    continue;
                };
                for total in self.levels.iter().filter(|l| {
                    l.figure.measure().starts_with("total_") && l.figure.period() == Some(period)
                }) {
                    let verdict = compare(implied, total.estimate);
                    out.push(Finding {
                        check: Check::RegionalShare,
                        corridor: Some(corridor),
                        period: Some(period),
                        figures: [vec![s.id().clone()], t.ids(), total.ids()].concat(),
                        derived: implied,
                        compared: total.estimate,
                        unit: Unit::Usd,
                        verdict,
                        explanation: format!(
                            "{} share: turnover {} / {} = {} vs {} {}: {}",
                            s.value_text(),
                            t.figure.value_text(),
                            s.value_text(),
                            fmt_money(implied),
                            total
                                .figure
                                .measure()
                                .trim_start_matches("total_")
                                .replace('_', " "),
                            total.figure.value_text(),
                            verdict_words(verdict)
                        ),
                    });
                }
            }
        }
    }

    fn target_multiples(&self, out: &mut Vec<Finding>) {
        for m in self
            .figures
            .iter()
            .filter(|f| f.unit() == Unit::Ratio && f.measure() == "target_multiple")
        {
            let (Some(corridor), Some(base), Some(multiple)) =
                (m.corridor(), m.base_period(), m.estimate())
            else {
                continue;
            };
            let targets: Vec<&Figure> = self
                .figures
                .iter()
                .filter(|f| {
                    f.measure() == "target_turnover"
                        && f.corridor() == Some(corridor)
                        && f.provenance().quote == m.provenance().quote
                })
                .collect();
            for target in targets {
                let Some(te) = target.estimate() else {
                    continue;
                };
                for b in self.levels_at((Some(corridor), "turnover"), base) {
                    let Ok(implied) = te.checked_div(b.estimate) else {
                        continue;
                    };
                    let verdict = compare(implied, multiple);
                    out.push(Finding {
                        check: Check::TargetMultiple,
                        corridor: Some(corridor),
                        period: Some(base),
                        figures: [vec![m.id().clone(), target.id().clone()], b.ids()].concat(),
                        derived: implied,
                        compared: multiple,
                        unit: Unit::Ratio,
                        verdict,
                        explanation: format!(
                            "\"{}\" to {}: {} / {base} turnover {} = {}: {}",
                            m.provenance().printed.as_deref().unwrap_or("multiple"),
                            target.value_text(),
                            target.value_text(),
                            b.figure.value_text(),
                            fmt_ratio(implied),
                            verdict_words(verdict)
                        ),
                    });
                }
            }
        }
    }
}

/// An implied level and the period it is for.
struct Implied<'a> {
    level: Level<'a>,
    period: Period,
}

impl<'a> Level<'a> {
    fn with_period(self, period: Period) -> Implied<'a> {
        Implied {
            level: self,
            period,
        }
    }
}

fn reading_name(years: i32) -> &'static str {
    match years {
        1 => "one-year",
        2 => "two-year",
        3 => "three-year",
        4 => "four-year",
        5 => "five-year",
        6 => "six-year",
        7 => "seven-year",
        8 => "eight-year",
        9 => "nine-year",
        10 => "ten-year",
        _ => "stated",
    }
}

fn verdict_words(v: Verdict) -> &'static str {
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

fn fmt_percent(e: Estimate) -> String {
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

fn fmt_ratio(e: Estimate) -> String {
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

/// Counts findings by verdict: (consistent, in tension, inconsistent).
pub fn tally(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(c, t, i), f| match f.verdict {
            Verdict::Consistent => (c + 1, t, i),
            Verdict::InTension => (c, t + 1, i),
            Verdict::Inconsistent => (c, t, i + 1),
        })
}

/// Runs the audit and keeps the findings about one corridor (in either direction).
pub fn audit_corridor(data: &Dataset, corridor: Corridor) -> Vec<Finding> {
    audit(data)
        .into_iter()
        .filter(|f| {
            f.corridor
                .is_some_and(|c| c.joins(corridor.reporter(), corridor.partner()))
        })
        .collect()
}
