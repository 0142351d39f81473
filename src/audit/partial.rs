//! Partial years: a few months' figure against longer or full-year figures, and pro-rata paces.

use super::context::Context;
use super::finding::*;
use crate::data::Period;
use crate::data::Unit;

impl<'a> Context<'a> {
    pub(super) fn partial_years(&self, out: &mut Vec<Finding>) {
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
}
