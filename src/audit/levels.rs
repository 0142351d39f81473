//! Levels against levels: turnover against exports + imports, and two printings of one level.

use std::collections::BTreeMap;

use super::context::{Context, Level};
use super::finding::*;
use crate::data::Country;
use crate::data::Period;
use crate::data::Unit;
use crate::data::{Corridor, Flow};

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
}
