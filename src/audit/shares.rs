//! Shares and multiples: the regional total a share implies, and a stated multiple of a level
//! against the target it leads to.

use super::context::Context;
use super::finding::*;
use crate::data::{Figure, Unit};

impl<'a> Context<'a> {
    pub(super) fn regional_shares(&self, out: &mut Vec<Finding>) {
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

    pub(super) fn target_multiples(&self, out: &mut Vec<Finding>) {
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
