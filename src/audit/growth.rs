//! Growth statements against levels: the stated rate against the published levels it links,
//! and the base levels its readings imply.

use super::context::{Context, Implied, Level};
use super::finding::*;
use crate::data::Estimate;
use crate::data::Flow;
use crate::data::Period;
use crate::data::{Figure, FigureId, Unit};

impl<'a> Context<'a> {
    pub(super) fn growth_vs_levels(&self, out: &mut Vec<Finding>) {
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
    pub(super) fn readings(g: &Figure) -> Vec<(&'static str, Period, i32)> {
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
    pub(super) fn implied_bases(&self, g: &'a Figure) -> Vec<(&'static str, Implied<'a>)> {
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

    pub(super) fn implied_levels(&self, out: &mut Vec<Finding>) {
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
}

pub(super) fn reading_name(years: i32) -> &'static str {
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
