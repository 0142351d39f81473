//! Growth statements against levels: the stated rate against the published levels it links,
//! and the base levels its readings imply.

use super::context::{Context, Implied, Level};
use super::finding::*;
use crate::data::Estimate;
use crate::data::Flow;
use crate::data::Period;
use crate::data::{Figure, FigureId, Unit};
use crate::error::Result;

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
                    let derived = e
                        .estimate
                        .checked_div(s.estimate)
                        .and_then(|r| r.map_monotone(|r| (r - 1.0) * 100.0));
                    let derived = match derived {
                        Ok(d) => d,
                        Err(err) => {
                            let what = format!(
                                "stated {} ({b} to {p}) vs {} / {} - 1",
                                g.value_text(),
                                e.figure.value_text(),
                                s.figure.value_text()
                            );
                            out.push(
                                Finding::not_checked(
                                    Check::GrowthVsLevels,
                                    stated_of(g),
                                    Unit::PercentChange,
                                    what,
                                    &err,
                                )
                                .about(g.corridor(), Some(p))
                                .side(g.reporter())
                                .of([
                                    vec![g.id().clone()],
                                    e.ids(),
                                    s.ids(),
                                ]
                                .concat()),
                            );
                            continue;
                        }
                    };
                    let what = format!(
                        "stated {} ({b} to {p}) vs {} / {} - 1 = {}",
                        g.value_text(),
                        e.figure.value_text(),
                        s.figure.value_text(),
                        fmt_percent(derived),
                    );
                    out.push(
                        Finding::compared(
                            Check::GrowthVsLevels,
                            derived,
                            stated,
                            Unit::PercentChange,
                            what,
                        )
                        .about(g.corridor(), Some(p))
                        .side(common_side(&[
                            g.reporter(),
                            s.figure.reporter(),
                            e.figure.reporter(),
                        ]))
                        .reading(GrowthReading::AsStated)
                        .of([vec![g.id().clone()], s.ids(), e.ids()].concat()),
                    );
                }
            }
        }
    }

    /// The readings of a growth statement, each with its name in words, its base period and
    /// how many times the rate compounds: the stated base, and for multi-year statements the
    /// one-year reading (base = end − 1) and the annual-average reading (X% a year over n years).
    pub(super) fn readings(g: &Figure) -> Vec<(GrowthReading, &'static str, Period, i32)> {
        let (Some(p), Some(b)) = (g.period(), g.base_period()) else {
            return Vec::new();
        };
        let n = p.first_day().year() - b.first_day().year();
        let mut r = vec![(GrowthReading::AsStated, reading_name(n), b, 1)];
        if n > 1 {
            if let Ok(prev) = Period::year_of(p.first_day().year() - 1) {
                r.push((GrowthReading::OneYear, "one-year", prev, 1));
            }
            r.push((GrowthReading::AnnualAverage, "annual-average", b, n));
        }
        r
    }

    /// Base levels implied by "rose/fell X% to Y", for each reading; an error when the
    /// statement's arithmetic fails (a growth factor that overflows when compounded), which
    /// `implied_levels` reports as a finding that could not be checked.
    pub(super) fn implied_bases(
        &self,
        g: &'a Figure,
    ) -> Result<Vec<(GrowthReading, &'static str, Implied<'a>)>> {
        let Some(stated) = g.estimate() else {
            return Ok(Vec::new());
        };
        let factor = stated.map_monotone(|x| 1.0 + x / 100.0)?;
        let mut out = Vec::new();
        for (reading, name, base, years) in Context::readings(g) {
            let compound = (0..years - 1).try_fold(factor, |acc, _| acc * factor)?;
            for e in self.end_levels(g) {
                let mut figure_for_period = e.clone();
                figure_for_period.estimate = e.estimate.checked_div(compound)?;
                figure_for_period.implied_by = Some(g);
                out.push((reading, name, figure_for_period.with_period(base)));
            }
        }
        Ok(out)
    }

    pub(super) fn implied_levels(&self, out: &mut Vec<Finding>) {
        for g in &self.growths {
            let multi_year = Context::readings(g).len() > 1;
            let mut per_reading: Vec<(&'static str, Period, Vec<Verdict>)> = Vec::new();
            let mut best: Option<(Verdict, Estimate, Estimate, Vec<FigureId>)> = None;
            let bases = match self.implied_bases(g) {
                Ok(b) => b,
                Err(e) => {
                    let what = format!("levels implied by {}", g.value_text());
                    out.push(
                        Finding::not_checked(
                            Check::ImpliedLevel,
                            stated_of(g),
                            Unit::PercentChange,
                            what,
                            &e,
                        )
                        .about(g.corridor(), g.period())
                        .side(g.reporter())
                        .of(vec![g.id().clone()]),
                    );
                    continue;
                }
            };
            for (reading, name, implied) in bases {
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
                    let figures = [implied.level.ids(), l.ids()].concat();
                    let what = format!(
                        "{name} reading of {}: {base} level {} vs published {}",
                        g.value_text(),
                        fmt_money(implied.level.estimate),
                        l.describe(),
                    );
                    let finding = Finding::compared(
                        Check::ImpliedLevel,
                        implied.level.estimate,
                        l.estimate,
                        Unit::Usd,
                        what,
                    )
                    .about(g.corridor(), Some(base))
                    .side(common_side(&[g.reporter(), l.figure.reporter()]))
                    .reading(reading)
                    .of(figures.clone());
                    let verdict = finding.verdict;
                    entry.2.push(verdict);
                    if best.as_ref().is_none_or(|b| verdict < b.0) {
                        best = Some((verdict, implied.level.estimate, l.estimate, figures));
                    }
                    out.push(finding);
                }
            }
            if !multi_year {
                continue;
            }
            if let Some(best) = best {
                out.push(readings_summary(g, &per_reading, best));
            }
        }
    }

    /// The document's own level of `flow` for `base`, beside growth statement `g`: the base a
    /// one-year statement of the same document implies ("jumped by 56.9 percent to $3.1
    /// billion"), or else a level the document prints for that year.
    fn own_level(&self, g: &Figure, flow: Flow, base: Period) -> Option<Level<'a>> {
        let same_document = |f: &Figure| {
            f.provenance().source == g.provenance().source
                && f.corridor() == g.corridor()
                && f.reporter() == g.reporter()
                && f.flow() == Some(flow)
        };
        let implied = self
            .growths
            .iter()
            .filter(|h| same_document(h) && h.base_period() == Some(base))
            // A statement whose arithmetic fails implies nothing here; `implied_levels` says so.
            .flat_map(|h| self.implied_bases(h).into_iter().flatten())
            .find(|(reading, _, _)| *reading == GrowthReading::AsStated)
            .map(|(_, _, i)| i.level);
        implied.or_else(|| {
            self.levels
                .iter()
                .find(|l| same_document(l.figure) && l.figure.period() == Some(base))
                .cloned()
        })
    }

    /// The one-year reading of a multi-year turnover statement against the same document's own
    /// exports and imports for the year before: a document can agree with itself while
    /// disagreeing with the published series.
    pub(super) fn own_figures(&self, out: &mut Vec<Finding>) {
        for g in self
            .growths
            .iter()
            .filter(|g| g.flow() == Some(Flow::Turnover))
        {
            // A statement whose arithmetic fails is reported once, by `implied_levels`.
            for (reading, name, implied) in self.implied_bases(g).into_iter().flatten() {
                if reading != GrowthReading::OneYear {
                    continue;
                }
                let base = implied.period;
                let (Some(x), Some(m)) = (
                    self.own_level(g, Flow::Exports, base),
                    self.own_level(g, Flow::Imports, base),
                ) else {
                    continue;
                };
                let sum = match x.estimate + m.estimate {
                    Ok(s) => s,
                    Err(e) => {
                        let what = format!(
                            "the same document's {base} exports {} + imports {}",
                            x.describe(),
                            m.describe()
                        );
                        out.push(
                            Finding::not_checked(
                                Check::OwnFigures,
                                x.estimate,
                                Unit::Usd,
                                what,
                                &e,
                            )
                            .about(g.corridor(), Some(base))
                            .side(g.reporter())
                            .of([x.ids(), m.ids()].concat()),
                        );
                        continue;
                    }
                };
                let what = format!(
                    "{name} reading of {} implies {base} turnover of {}; the same document's {base} exports {} + imports {} = {}",
                    g.value_text(),
                    fmt_money(implied.level.estimate),
                    x.describe(),
                    m.describe(),
                    fmt_money(sum),
                );
                out.push(
                    Finding::compared(
                        Check::OwnFigures,
                        implied.level.estimate,
                        sum,
                        Unit::Usd,
                        what,
                    )
                    .about(g.corridor(), Some(base))
                    .side(g.reporter())
                    .reading(reading)
                    .of([implied.level.ids(), x.ids(), m.ids()].concat()),
                );
            }
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

/// A growth statement's value, for a finding that could not compare it (growth statements
/// always have one: the context keeps only numeric percentage changes).
fn stated_of(g: &Figure) -> Estimate {
    match g.estimate() {
        Some(e) => e,
        None => Estimate::ZERO,
    }
}

/// Which readings of a multi-year growth statement the published levels support, as one
/// finding carrying the best comparison's verdict.
fn readings_summary(
    g: &Figure,
    per_reading: &[(&'static str, Period, Vec<Verdict>)],
    best: (Verdict, Estimate, Estimate, Vec<FigureId>),
) -> Finding {
    let (verdict, derived, compared, figures) = best;
    let parts: Vec<String> = per_reading
        .iter()
        .map(|(name, base, verdicts)| {
            let best = verdicts.iter().min();
            let n = verdicts.len();
            match best {
                None => format!("{name} (base {base}): no published level to compare"),
                Some(Verdict::Inconsistent) => {
                    format!("{name} (base {base}): contradicted by all {n} published level(s)")
                }
                Some(v) => {
                    format!("{name} (base {base}): supported ({v}) by the published level")
                }
            }
        })
        .collect();
    Finding {
        verdict,
        explanation: format!("readings of {}: {}", g.value_text(), parts.join("; ")),
        ..Finding::compared(
            Check::GrowthReadings,
            derived,
            compared,
            Unit::Usd,
            String::new(),
        )
        .about(g.corridor(), g.period())
        .side(g.reporter())
        .of(figures)
    }
}
