//! Partial years: a few months' figure against longer or full-year figures, and pro-rata paces.

use super::context::{Context, Level};
use super::finding::*;
use crate::data::Period;
use crate::data::Unit;
use crate::growth::Annualise;

impl<'a> Context<'a> {
    pub(super) fn partial_years(&self, out: &mut Vec<Finding>) {
        for a in &self.levels {
            let Some(pa) = a.figure.period() else {
                continue;
            };
            if pa.month_count().is_none() || pa.is_calendar_year() {
                continue;
            }
            let covered = self.part_against_wholes(a, pa, out);
            if !covered {
                self.pace(a, pa, out);
            }
        }
    }

    /// A partial year against every longer figure of the same series that contains it: a part
    /// cannot exceed the whole. Whether a full year covers it.
    fn part_against_wholes(&self, a: &Level<'a>, pa: Period, out: &mut Vec<Finding>) -> bool {
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
            let (pi, wi) = (a.estimate.interval(), b.estimate.interval());
            let what = format!(
                "{} {pa} {} must not exceed {pb} {}",
                a.figure.measure(),
                a.describe(),
                b.describe(),
            );
            let (verdict, words) = if pi.lo() >= wi.hi() {
                (Verdict::Inconsistent, verdict_words(Verdict::Inconsistent))
            } else if a.estimate.point() > b.estimate.point() {
                (
                    Verdict::InTension,
                    "in tension (the part's printed value exceeds the whole's; only rounding reconciles them)",
                )
            } else {
                (
                    Verdict::Consistent,
                    "consistent (the part is below the whole)",
                )
            };
            let finding = Finding::with(
                Check::PartialYear,
                a.estimate,
                Some(b.estimate),
                Unit::Usd,
                verdict,
                format!("{what}: {words}"),
            );
            out.push(
                finding
                    .about(a.figure.corridor(), Some(pa))
                    .side(common_side(&[a.figure.reporter(), b.figure.reporter()]))
                    .of([a.ids(), b.ids()].concat()),
            );
        }
        covered
    }

    /// With no full year to hold it against, a partial year's pro-rata pace beside the previous
    /// year, for information.
    fn pace(&self, a: &Level<'a>, pa: Period, out: &mut Vec<Finding>) {
        let Some(year) = pa.year() else { return };
        let Ok(prev) = Period::year_of(year - 1) else {
            // Year 1000, the first the crate knows: there is no year before it.
            return;
        };
        let pace = match crate::growth::annualise(a.estimate, pa, Annualise::ProRata) {
            Ok(p) => p,
            Err(e) => {
                let what = format!(
                    "{pa} {} {}, annualised",
                    a.figure.measure(),
                    a.figure.value_text()
                );
                out.push(
                    Finding::not_checked(Check::PartialYear, a.estimate, Unit::Usd, what, &e)
                        .about(a.figure.corridor(), Some(pa))
                        .side(a.figure.reporter())
                        .of(a.ids()),
                );
                return;
            }
        };
        for b in self.levels_at(Context::key(a.figure), prev) {
            let side = common_side(&[a.figure.reporter(), b.figure.reporter()]);
            let growth = pace
                .checked_div(b.estimate)
                .and_then(|r| r.map_monotone(|r| (r - 1.0) * 100.0));
            let finding = match growth {
                Ok(growth) => {
                    let what = format!(
                        "{pa} {} {} is a pro-rata pace of {} a year, {} on {prev}'s {}; no full-year {year} figure to check it against",
                        a.figure.measure(),
                        a.figure.value_text(),
                        fmt_money(pace),
                        fmt_percent(growth),
                        b.figure.value_text()
                    );
                    Finding::info(Check::PartialYear, pace, Unit::Usd, what)
                }
                Err(e) => {
                    let what = format!(
                        "{pa} {} pace {} on {prev}'s {}",
                        a.figure.measure(),
                        fmt_money(pace),
                        b.figure.value_text()
                    );
                    Finding::not_checked(Check::PartialYear, pace, Unit::Usd, what, &e)
                }
            };
            out.push(
                finding
                    .about(a.figure.corridor(), Some(pa))
                    .side(side)
                    .of([a.ids(), b.ids()].concat()),
            );
        }
    }
}
