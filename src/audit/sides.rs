//! The two reporting sides of one flow (mirror statistics) against the CIF/FOB band.

use super::context::{Context, Level};
use super::finding::*;
use crate::data::Period;
use crate::data::Unit;

impl<'a> Context<'a> {
    pub(super) fn mirror(&self, out: &mut Vec<Finding>) {
        // Published levels plus levels implied by the stated readings of growth statements.
        let mut all: Vec<Level<'a>> = self.levels.clone();
        for g in &self.growths {
            // A statement whose arithmetic fails is reported once, by `implied_levels`.
            all.extend(
                self.implied_bases(g)
                    .into_iter()
                    .flatten()
                    .filter(|(reading, _, _)| *reading == GrowthReading::AsStated)
                    .map(|(_, _, l)| l.level),
            );
        }
        // Implied levels keep their end figure's period; use the base period stored alongside.
        let levels: Vec<(Period, &Level<'a>)> = all
            .iter()
            .filter_map(|l| {
                let p = match l.implied_by {
                    Some(g) => g.base_period(),
                    None => l.figure.period(),
                }?;
                Some((p, l))
            })
            .collect();
        for (i, (pa, a)) in levels.iter().enumerate() {
            for (pb, b) in levels.iter().skip(i + 1) {
                let (fa, fb) = (a.figure, b.figure);
                if pa != pb
                    || Context::key(fa) != Context::key(fb)
                    || fa.reporter() == fb.reporter()
                    || fa.reporter().is_none()
                    || fb.reporter().is_none()
                {
                    continue;
                }
                let (Some(corridor), Some(flow)) = (fa.corridor(), fa.flow()) else {
                    continue;
                };
                let mut figures = a.ids();
                figures.extend(b.ids());
                match (corridor.exporter(flow), corridor.importer(flow)) {
                    (Some(exporter), Some(importer)) => {
                        let (exp, imp) = if fa.reporter() == Some(exporter)
                            && fb.reporter() == Some(importer)
                        {
                            (a, b)
                        } else if fb.reporter() == Some(exporter) && fa.reporter() == Some(importer)
                        {
                            (b, a)
                        } else {
                            continue;
                        };
                        let head = format!(
                            "{pa} {flow} {exporter}->{importer}: importer {importer} reports {}, exporter {exporter} reports {}",
                            imp.describe(),
                            exp.describe(),
                        );
                        let finding = match imp.estimate.checked_div(exp.estimate) {
                            Ok(ratio) => Finding::against_band(
                                Check::Mirror,
                                ratio,
                                FREIGHT_BAND,
                                format!("{head}; CIF/FOB ratio {}", fmt_ratio(ratio)),
                            ),
                            // The exporter's range reaches zero: no ratio, and the finding says
                            // why instead of vanishing.
                            Err(e) => Finding::with(
                                Check::Mirror,
                                imp.estimate,
                                Some(exp.estimate),
                                Unit::Usd,
                                Verdict::NotChecked,
                                format!("{head}; not checked: no CIF/FOB ratio ({e})"),
                            ),
                        };
                        out.push(finding.about(Some(corridor), Some(*pa)).of(figures));
                    }
                    _ => {
                        let what = format!(
                            "{pa} {flow} as reported by each side: {} vs {}",
                            a.describe(),
                            b.describe(),
                        );
                        out.push(
                            Finding::compared(
                                Check::Mirror,
                                a.estimate,
                                b.estimate,
                                Unit::Usd,
                                what,
                            )
                            .about(Some(corridor), Some(*pa))
                            .of(figures),
                        );
                    }
                }
            }
        }
    }
}
