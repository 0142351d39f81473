//! The two reporting sides of one flow (mirror statistics) against the CIF/FOB band.

use super::context::{Context, Level};
use super::finding::*;
use crate::data::Period;
use crate::data::Unit;
use crate::data::{Estimate, Interval};

impl<'a> Context<'a> {
    pub(super) fn mirror(&self, out: &mut Vec<Finding>) {
        // Published levels plus levels implied by the stated readings of growth statements.
        let mut all: Vec<Level<'a>> = self.levels.clone();
        for g in &self.growths {
            let stated = Context::readings(g).first().map(|r| r.0);
            all.extend(
                self.implied_bases(g)
                    .into_iter()
                    .filter(|(name, _)| Some(*name) == stated)
                    .map(|(_, l)| l.level),
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
                        let Ok(ratio) = imp.estimate.checked_div(exp.estimate) else {
                            continue;
                        };
                        let verdict = compare_to_band(ratio);
                        let band = Estimate::new(
                            (FREIGHT_BAND.0 + FREIGHT_BAND.1) / 2.0,
                            Interval::new(FREIGHT_BAND.0, FREIGHT_BAND.1)
                                .unwrap_or(ratio.interval()),
                        )
                        .unwrap_or(ratio);
                        out.push(Finding {
                            check: Check::Mirror,
                            corridor: Some(corridor),
                            period: Some(*pa),
                            figures,
                            derived: ratio,
                            compared: band,
                            unit: Unit::Ratio,
                            verdict,
                            explanation: format!(
                                "{pa} {flow} {exporter}->{importer}: importer {importer} reports {}, exporter {exporter} reports {}; CIF/FOB ratio {} vs freight band {:.1}-{:.1}: {}",
                                imp.describe(),
                                exp.describe(),
                                fmt_ratio(ratio),
                                FREIGHT_BAND.0,
                                FREIGHT_BAND.1,
                                verdict_words(verdict)
                            ),
                        });
                    }
                    _ => {
                        let verdict = compare(a.estimate, b.estimate);
                        out.push(Finding {
                            check: Check::Mirror,
                            corridor: Some(corridor),
                            period: Some(*pa),
                            figures,
                            derived: a.estimate,
                            compared: b.estimate,
                            unit: Unit::Usd,
                            verdict,
                            explanation: format!(
                                "{pa} {flow} as reported by each side: {} vs {}: {}",
                                a.describe(),
                                b.describe(),
                                verdict_words(verdict)
                            ),
                        });
                    }
                }
            }
        }
    }
}
