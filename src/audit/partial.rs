//! Partial years: a few months' figure against longer or full-year figures, and pro-rata paces.

use super::context::Context;
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
                // A part cannot exceed the whole: the whole is compared with the part and
                // everything above it.
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
            if covered {
                continue;
            }
            // No full year to hold it against: set its pro-rata pace beside the previous year.
            let Some(year) = pa.year() else { continue };
            let Ok(prev) = Period::year_of(year - 1) else {
                continue;
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
                    continue;
                }
            };
            for b in self.levels_at(key, prev) {
                let growth = pace
                    .checked_div(b.estimate)
                    .and_then(|r| r.map_monotone(|r| (r - 1.0) * 100.0));
                let growth = match growth {
                    Ok(g) => g,
                    Err(e) => {
                        let what = format!(
                            "{pa} {} pace {} on {prev}'s {}",
                            a.figure.measure(),
                            fmt_money(pace),
                            b.figure.value_text()
                        );
                        out.push(
                            Finding::not_checked(Check::PartialYear, pace, Unit::Usd, what, &e)
                                .about(a.figure.corridor(), Some(pa))
                                .side(common_side(&[a.figure.reporter(), b.figure.reporter()]))
                                .of([a.ids(), b.ids()].concat()),
                        );
                        continue;
                    }
                };
                let what = format!(
                    "{pa} {} {} is a pro-rata pace of {} a year, {} on {prev}'s {}; no full-year {year} figure to check it against",
                    a.figure.measure(),
                    a.figure.value_text(),
                    fmt_money(pace),
                    fmt_percent(growth),
                    b.figure.value_text()
                );
                out.push(
                    Finding::info(Check::PartialYear, pace, Unit::Usd, what)
                        .about(a.figure.corridor(), Some(pa))
                        .side(common_side(&[a.figure.reporter(), b.figure.reporter()]))
                        .of([a.ids(), b.ids()].concat()),
                );
            }
        }
    }
}
