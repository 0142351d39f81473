//! Shares and multiples: the regional total a share implies, and a stated multiple of a level
//! against the target it leads to.

use super::context::Context;
use super::finding::*;
use crate::data::{Estimate, Figure, FigureId, Unit};
use crate::error::Result;

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
            for t in self.levels_at((Some(corridor), "turnover"), period) {
                let implied = match share
                    .scale(0.01)
                    .and_then(|fraction| t.estimate.checked_div(fraction))
                {
                    Ok(i) => i,
                    Err(e) => {
                        let what = format!(
                            "{} share: turnover {} / {}",
                            s.value_text(),
                            t.figure.value_text(),
                            s.value_text()
                        );
                        out.push(
                            Finding::not_checked(
                                Check::RegionalShare,
                                t.estimate,
                                Unit::Usd,
                                what,
                                &e,
                            )
                            .about(Some(corridor), Some(period))
                            .side(common_side(&[s.reporter(), t.figure.reporter()]))
                            .of([vec![s.id().clone()], t.ids()].concat()),
                        );
                        continue;
                    }
                };
                for total in self.levels.iter().filter(|l| {
                    l.figure.measure().starts_with("total_") && l.figure.period() == Some(period)
                }) {
                    let what = format!(
                        "{} share: turnover {} / {} = {} vs {} {}",
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
                    );
                    out.push(
                        Finding::compared(
                            Check::RegionalShare,
                            implied,
                            total.estimate,
                            Unit::Usd,
                            what,
                        )
                        .about(Some(corridor), Some(period))
                        .side(common_side(&[s.reporter(), t.figure.reporter()]))
                        .of([vec![s.id().clone()], t.ids(), total.ids()].concat()),
                    );
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
                    let placed = |f: Finding| {
                        f.about(Some(corridor), Some(base))
                            .side(b.figure.reporter())
                            .of([vec![m.id().clone(), target.id().clone()], b.ids()].concat())
                    };
                    let implied = match te.checked_div(b.estimate) {
                        Ok(i) => i,
                        Err(e) => {
                            let what = format!(
                                "{} / {base} turnover {}",
                                target.value_text(),
                                b.figure.value_text()
                            );
                            out.push(placed(Finding::not_checked(
                                Check::TargetMultiple,
                                te,
                                Unit::Usd,
                                what,
                                &e,
                            )));
                            continue;
                        }
                    };
                    let what = format!(
                        "\"{}\" to {}: {} / {base} turnover {} = {}",
                        m.provenance().printed.as_deref().unwrap_or("multiple"),
                        target.value_text(),
                        target.value_text(),
                        b.figure.value_text(),
                        fmt_ratio(implied),
                    );
                    out.push(placed(Finding::compared(
                        Check::TargetMultiple,
                        implied,
                        multiple,
                        Unit::Ratio,
                        what,
                    )));
                }
            }
        }
    }

    /// Shares worth showing that the figures imply but do not print: the parts of a portfolio
    /// (completed and underway projects, their jobs) as shares of the whole, for information.
    ///
    /// A part is a figure whose measure names a stage (`completed_projects_value`,
    /// `projects_underway_value`); its whole is the figure of the same corridor, source and unit
    /// whose measure ends with the stage-free name (`industrial_projects_value`).
    pub(super) fn derived_shares(&self, out: &mut Vec<Finding>) {
        const STAGES: [(&str, &str); 2] = [("completed_", "completed"), ("_underway", "underway")];
        let stage = |f: &Figure| STAGES.iter().find(|(tag, _)| f.measure().contains(tag));
        let mut groups: Vec<(&Figure, Vec<&Figure>)> = Vec::new();
        for part in self.figures.iter().filter(|f| stage(f).is_some()) {
            let Some((tag, _)) = stage(part) else {
                continue;
            };
            let rest = part.measure().replacen(tag, "", 1);
            let whole = self.figures.iter().find(|w| {
                stage(w).is_none()
                    && w.measure().ends_with(&rest)
                    && w.corridor() == part.corridor()
                    && w.unit() == part.unit()
                    && w.provenance().source == part.provenance().source
            });
            let Some(whole) = whole else {
                continue;
            };
            match groups.iter_mut().find(|(w, _)| w.id() == whole.id()) {
                Some((_, parts)) => parts.push(part),
                None => groups.push((whole, vec![part])),
            }
        }
        for (whole, parts) in groups {
            let Some(w) = whole.estimate() else { continue };
            let mut sum: Option<Result<Estimate>> = None;
            let mut names = Vec::new();
            for p in &parts {
                let (Some(e), Some((_, name))) = (p.estimate(), stage(p)) else {
                    continue;
                };
                sum = Some(match sum {
                    None => Ok(e),
                    Some(s) => s.and_then(|s| s + e),
                });
                names.push(format!("{name} {}", p.value_text()));
            }
            let Some(sum) = sum else { continue };
            let ids: Vec<FigureId> = std::iter::once(whole.id().clone())
                .chain(parts.iter().map(|p| p.id().clone()))
                .collect();
            let share = sum
                .and_then(|s| s.checked_div(w))
                .and_then(|s| s.scale(100.0));
            let share = match share {
                Ok(s) => s,
                Err(e) => {
                    let what = format!(
                        "{} of {} {}",
                        names.join(" + "),
                        whole.measure().replace('_', " "),
                        whole.value_text()
                    );
                    out.push(
                        Finding::not_checked(Check::DerivedShare, w, whole.unit(), what, &e)
                            .about(whole.corridor(), whole.period())
                            .side(whole.reporter())
                            .of(ids),
                    );
                    continue;
                }
            };
            let what = format!(
                "{} of {} {} is {}",
                names.join(" + "),
                whole.measure().replace('_', " "),
                whole.value_text(),
                fmt_estimate(share, Unit::Percent),
            );
            out.push(
                Finding::info(Check::DerivedShare, share, Unit::Percent, what)
                    .about(whole.corridor(), whole.period())
                    .side(whole.reporter())
                    .of(ids),
            );
        }
    }
}
