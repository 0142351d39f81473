//! Levels against levels: turnover against exports + imports, and two printings of one level.

use std::collections::BTreeMap;

use super::context::{Context, Level};
use super::finding::*;
use crate::data::Country;
use crate::data::Period;
use crate::data::Unit;
use crate::data::{Corridor, Figure, Flow};

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
                        let Ok(derived) = derived else {
                            continue;
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

    /// Consecutive years' published levels of one flow: the change between them, for
    /// information, beside the growth statements the documents make about the end year. (A
    /// statement about exactly these two years is compared by `growth_vs_levels` instead.)
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
                continue;
            };
            let side = b.figure.reporter();
            let stated: Vec<&Figure> = self
                .growths
                .iter()
                .copied()
                .filter(|g| g.corridor() == Some(corridor) && g.period() == Some(pb))
                .collect();
            let exact = stated.iter().any(|g| {
                g.flow() == Some(flow)
                    && g.base_period() == Some(prev)
                    && (g.reporter().is_none() || g.reporter() == side)
            });
            if exact {
                continue;
            }
            let starts: Vec<&Level<'a>> = self.levels_at(Context::key(b.figure), prev).collect();
            let same_side: Vec<&Level<'a>> = starts
                .iter()
                .copied()
                .filter(|a| a.figure.reporter() == side)
                .collect();
            let starts = if same_side.is_empty() {
                starts
            } else {
                same_side
            };
            let statements: Vec<String> = stated
                .iter()
                .map(|g| {
                    let base = g.base_period().map(|p| p.to_string()).unwrap_or_default();
                    format!(
                        "{} {} since {base} ({})",
                        g.measure(),
                        g.value_text(),
                        g.provenance().source
                    )
                })
                .collect();
            let beside = if statements.is_empty() {
                format!("no growth statement about {year}")
            } else {
                format!("statements about {year}: {}", statements.join("; "))
            };
            for a in starts {
                let Ok(ratio) = b.estimate.checked_div(a.estimate) else {
                    continue;
                };
                let Ok(change) = ratio.map_monotone(|r| (r - 1.0) * 100.0) else {
                    continue;
                };
                let what = format!(
                    "{flow} {prev} {} to {year} {} is {}; {beside}",
                    a.describe(),
                    b.describe(),
                    fmt_percent(change),
                );
                let ids = stated.iter().map(|g| g.id().clone());
                out.push(
                    Finding::info(Check::LevelChange, change, Unit::PercentChange, what)
                        .about(Some(corridor), Some(pb))
                        .side(common_side(&[a.figure.reporter(), side]))
                        .of([a.ids(), b.ids(), ids.collect()].concat()),
                );
            }
        }
    }
}
