//! Levels against levels: turnover against exports + imports, and two printings of one level.

use std::collections::BTreeMap;

use super::context::{Context, Level};
use super::finding::*;
use crate::data::Country;
use crate::data::Period;
use crate::data::Unit;
use crate::data::{Corridor, Estimate, Figure, Flow, Interval};
use crate::error::{Error, InputError, Result};

impl<'a> Context<'a> {
    pub(super) fn sum_of_flows(&self, out: &mut Vec<Finding>) {
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
        for ((corridor, period, side), group) in groups {
            let of = |flow| group.iter().filter(move |l| l.figure.flow() == Some(flow));
            for x in of(Flow::Exports) {
                for m in of(Flow::Imports) {
                    let sum = x.estimate + m.estimate;
                    let diff = x.estimate - m.estimate;
                    for (flow, derived, sign) in
                        [(Flow::Turnover, sum, "+"), (Flow::Balance, diff, "-")]
                    {
                        let derived = match derived {
                            Ok(d) => d,
                            Err(e) => {
                                let what = format!(
                                    "{period} exports {} {sign} imports {}",
                                    x.figure.value_text(),
                                    m.figure.value_text()
                                );
                                out.push(
                                    Finding::not_checked(
                                        Check::SumOfFlows,
                                        x.estimate,
                                        Unit::Usd,
                                        what,
                                        &e,
                                    )
                                    .about(Some(corridor), Some(period))
                                    .side(side)
                                    .of([x.ids(), m.ids()].concat()),
                                );
                                continue;
                            }
                        };
                        for t in of(flow) {
                            let what = format!(
                                "{period} {flow} {} vs exports {} {sign} imports {} = {}",
                                t.figure.value_text(),
                                x.figure.value_text(),
                                m.figure.value_text(),
                                fmt_money(derived),
                            );
                            out.push(
                                Finding::compared(
                                    Check::SumOfFlows,
                                    derived,
                                    t.estimate,
                                    Unit::Usd,
                                    what,
                                )
                                .about(Some(corridor), Some(period))
                                .side(side)
                                .of([x.ids(), m.ids(), t.ids()].concat()),
                            );
                        }
                    }
                }
            }
        }
    }

    pub(super) fn repeated_levels(&self, out: &mut Vec<Finding>) {
        for (i, a) in self.levels.iter().enumerate() {
            for b in self.levels.iter().skip(i + 1) {
                let (fa, fb) = (a.figure, b.figure);
                if Context::key(fa) != Context::key(fb)
                    || fa.period() != fb.period()
                    || fa.reporter() != fb.reporter()
                {
                    continue;
                }
                let what = format!(
                    "{} {} published with different values by the {} side: {} vs {}",
                    fa.period().map(|p| p.to_string()).unwrap_or_default(),
                    fa.measure(),
                    fa.reporter().map_or("same", Country::code),
                    a.describe(),
                    b.describe(),
                );
                out.push(
                    Finding::compared(
                        Check::RepeatedLevel,
                        a.estimate,
                        b.estimate,
                        Unit::Usd,
                        what,
                    )
                    .about(fa.corridor(), fa.period())
                    .side(fa.reporter())
                    .of([a.ids(), b.ids()].concat()),
                );
            }
        }
    }

    /// Consecutive years' published levels of one flow, every side's against every side's:
    /// the change between them, compared with the direction of each statement a document makes
    /// about the flow in the end year ("turnover rose by 29.5 percent" over 2018–2023 says it
    /// rose, and a certain fall from the year before contradicts that for the end year), or for
    /// information when no document states a change for that year. (A statement about exactly
    /// these two years is compared by `growth_vs_levels` instead.)
    pub(super) fn level_changes(&self, out: &mut Vec<Finding>) {
        for b in &self.levels {
            let (Some(pb), Some(flow), Some(corridor)) =
                (b.figure.period(), b.figure.flow(), b.figure.corridor())
            else {
                continue;
            };
            let (true, Some(year)) = (pb.is_calendar_year(), pb.year()) else {
                continue;
            };
            let Ok(prev) = Period::year_of(year - 1) else {
                // Year 1000, the first the crate knows: there is no year before it.
                continue;
            };
            let stated: Vec<&Figure> = self
                .growths
                .iter()
                .copied()
                .filter(|g| {
                    g.corridor() == Some(corridor)
                        && g.period() == Some(pb)
                        && g.flow() == Some(flow)
                })
                .collect();
            if stated.iter().any(|g| g.base_period() == Some(prev)) {
                continue;
            }
            for a in self.levels_at(Context::key(b.figure), prev) {
                let side = common_side(&[a.figure.reporter(), b.figure.reporter()]);
                let figures = [a.ids(), b.ids()].concat();
                let change = b
                    .estimate
                    .checked_div(a.estimate)
                    .and_then(|r| r.map_monotone(|r| (r - 1.0) * 100.0));
                let head = format!("{flow} {prev} {} to {year} {}", a.describe(), b.describe());
                let change = match change {
                    Ok(c) => c,
                    Err(e) => {
                        out.push(
                            Finding::not_checked(
                                Check::LevelChange,
                                b.estimate,
                                Unit::Usd,
                                head,
                                &e,
                            )
                            .about(Some(corridor), Some(pb))
                            .side(side)
                            .of(figures),
                        );
                        continue;
                    }
                };
                let head = format!("{head} is {}", fmt_percent(change));
                if stated.is_empty() {
                    let what = format!("{head}; no document states a change for {year}");
                    out.push(
                        Finding::info(Check::LevelChange, change, Unit::PercentChange, what)
                            .about(Some(corridor), Some(pb))
                            .side(side)
                            .of(figures.clone()),
                    );
                }
                for g in &stated {
                    out.push(
                        direction_finding(&head, change, g, year)
                            .unwrap_or_else(|e| {
                                let what = format!("{head}, against {}", g.id());
                                Finding::not_checked(
                                    Check::LevelChange,
                                    change,
                                    Unit::PercentChange,
                                    what,
                                    &e,
                                )
                            })
                            .about(Some(corridor), Some(pb))
                            .side(side)
                            .of([figures.clone(), vec![g.id().clone()]].concat()),
                    );
                }
            }
        }
    }
}

/// A year's change between published levels against the direction of a statement about a
/// period ending that year: a rise is [0, ∞) (its annual average as the point), a fall
/// (−∞, 0].
fn direction_finding(head: &str, change: Estimate, g: &Figure, year: i32) -> Result<Finding> {
    let stated = g.estimate().ok_or(Error::Input(InputError::Missing {
        what: "a numeric growth statement",
        purpose: "to compare a level change with",
    }))?;
    let base = g
        .base_period()
        .and_then(|p| p.year())
        .ok_or(Error::Input(InputError::Missing {
            what: "a statement's base year",
            purpose: "to annualise it",
        }))?;
    let years = f64::from((year - base).max(1));
    let annual = ((1.0 + stated.point() / 100.0).powf(1.0 / years) - 1.0) * 100.0;
    let rose = stated.point() >= 0.0;
    let direction = if rose {
        Estimate::new(annual.max(0.0), Interval::new(0.0, f64::INFINITY)?)?
    } else {
        Estimate::new(annual.min(0.0), Interval::new(f64::NEG_INFINITY, 0.0)?)?
    };
    let verb = if rose { "rose" } else { "fell" };
    let what = format!(
        "{head}; {} says {} {verb} ({} from {base} to {year}, {annual:+.1}% a year), so it {verb} in {year} unless the change came in earlier years",
        g.provenance().source,
        g.measure(),
        g.value_text(),
    );
    Ok(Finding::compared(
        Check::LevelChange,
        change,
        direction,
        Unit::PercentChange,
        what,
    ))
}
