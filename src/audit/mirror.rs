//! Mirror statistics: one flow as its exporter (FOB) and its importer (CIF) report it.

use serde::{Deserialize, Serialize};

use crate::audit::{FREIGHT_BAND, MirrorPairs, Verdict, compare_band};
use crate::data::Country;
use crate::data::Dataset;
use crate::data::Estimate;
use crate::data::{ComtradeFlow, Party, TradeTotal};
use crate::data::{Corridor, Flow};
use crate::error::{Error, InputError, Result, finite};
use crate::growth::{Series, SeriesSpec};

/// How a reconciled value is formed from the two sides.
///
/// # Formula
/// reconciled (FOB) = w · exporter's FOB + (1 − w) · importer's CIF / f, with f the CIF/FOB factor.
///
/// The default, w = 0.5 and f = 1.1, weighs both sides equally after taking the importer's value
/// back to FOB at the middle of the usual 1.0–1.2 freight band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Weight of the exporter's report, in [0, 1].
    pub exporter_weight: f64,
    /// CIF/FOB factor used to take the importer's report to FOB (≥ 1).
    pub cif_fob_factor: f64,
}

impl Default for Reconciliation {
    fn default() -> Reconciliation {
        Reconciliation {
            exporter_weight: 0.5,
            cif_fob_factor: (FREIGHT_BAND.0 + FREIGHT_BAND.1) / 2.0,
        }
    }
}

impl Reconciliation {
    fn validate(self) -> Result<Reconciliation> {
        let w = finite("exporter weight", self.exporter_weight)?;
        if !(0.0..=1.0).contains(&w) {
            return Err(Error::Input(InputError::OutOfRange {
                what: "exporter weight",
                value: w,
                expected: "between 0 and 1",
            }));
        }
        let f = finite("CIF/FOB factor", self.cif_fob_factor)?;
        if f < 1.0 {
            return Err(Error::Input(InputError::OutOfRange {
                what: "CIF/FOB factor",
                value: f,
                expected: "at least 1 (CIF includes freight and insurance)",
            }));
        }
        Ok(self)
    }

    /// The stated rule, in words.
    pub fn rule(self) -> String {
        format!(
            "{:.2} x exporter FOB + {:.2} x importer CIF / {:.2}",
            self.exporter_weight,
            1.0 - self.exporter_weight,
            self.cif_fob_factor
        )
    }

    fn apply(self, exporter: Estimate, importer: Estimate) -> Result<Estimate> {
        exporter.scale(self.exporter_weight)?
            + importer.scale((1.0 - self.exporter_weight) / self.cif_fob_factor)?
    }
}

/// One flow in one year as both sides report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MirrorPair {
    /// The year.
    pub year: i32,
    /// The exporting country.
    pub exporter: Country,
    /// The importing country.
    pub importer: Country,
    /// The exporter's report (FOB), with its rounding.
    pub exporter_reports: Estimate,
    /// Where the exporter's report comes from (figure ids, or file and row).
    pub exporter_sources: Vec<String>,
    /// The importer's report (CIF).
    pub importer_reports: Estimate,
    /// Where the importer's report comes from.
    pub importer_sources: Vec<String>,
    /// Importer's minus exporter's report.
    pub gap: Estimate,
    /// Importer's over exporter's report (the CIF/FOB ratio); `None` when the exporter's report
    /// reaches zero, so that there is no ratio.
    pub ratio: Option<Estimate>,
    /// The ratio against the 1.0–1.2 freight band by [`compare_band`](crate::audit::compare_band):
    /// consistent if its point is inside, in tension if only its interval reaches it,
    /// inconsistent otherwise. Without a ratio: consistent when both sides report exactly zero,
    /// inconsistent when the exporter reports exactly zero and the importer more, not checked
    /// when the exporter's report is a range that reaches zero.
    pub verdict: Verdict,
    /// The reconciled FOB value.
    pub reconciled: Estimate,
    /// The rule that made it.
    pub rule: String,
}

fn pair(
    year: i32,
    exporter: (Country, Estimate, Vec<String>),
    importer: (Country, Estimate, Vec<String>),
    rule: Reconciliation,
) -> Result<MirrorPair> {
    let (x, m) = (exporter.1, importer.1);
    let (ratio, verdict) = if x.interval().lo() > 0.0 || x.interval().hi() < 0.0 {
        let ratio = m.checked_div(x)?;
        (Some(ratio), compare_band(ratio, FREIGHT_BAND))
    } else if x.interval().lo() == x.interval().hi() {
        // The exporter reports exactly zero.
        let both_zero = m.interval().lo() == 0.0 && m.interval().hi() == 0.0;
        let v = if both_zero {
            Verdict::Consistent
        } else {
            Verdict::Inconsistent
        };
        (None, v)
    } else {
        (None, Verdict::NotChecked)
    };
    Ok(MirrorPair {
        year,
        exporter: exporter.0,
        importer: importer.0,
        exporter_reports: exporter.1,
        exporter_sources: exporter.2,
        importer_reports: importer.1,
        importer_sources: importer.2,
        gap: (importer.1 - exporter.1)?,
        ratio,
        verdict,
        reconciled: rule.apply(exporter.1, importer.1)?,
        rule: rule.rule(),
    })
}

/// Mirror pairs from a dataset's published full-year levels, both directions of a corridor.
///
/// Each side's value for a year is its published full-year level; several published values of one
/// side are kept as their hull (see [`crate::growth::Duplicates::Hull`]).
///
/// # Errors
/// [`InputError::OutOfRange`] or [`InputError::NonFinite`] for an invalid rule, or for a gap, ratio
/// or reconciled value that overflows.
///
/// # Examples
/// ```
/// use bilateral::{Corridor, Country, Dataset, Verdict};
/// use bilateral::audit::{Reconciliation, mirror_from_dataset};
/// let pairs = mirror_from_dataset(&Dataset::builtin()?, Corridor::KAZ_UZB, Reconciliation::default())?;
/// // 2022 Kazakh exports: "$2 billion" by Kazakhstan (002), $3.7 billion by Uzbekistan.
/// let p = pairs.iter().find(|p| p.year == 2022 && p.exporter == Country::KAZ).expect("a pair");
/// assert_eq!(p.verdict, Verdict::Inconsistent);
/// assert!((p.ratio.expect("both sides positive").point() - 1.85).abs() < 1e-12);
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn mirror_from_dataset(
    data: &Dataset,
    corridor: Corridor,
    rule: Reconciliation,
) -> Result<MirrorPairs> {
    let rule = rule.validate()?;
    let mut out = Vec::new();
    for flow in [Flow::Exports, Flow::Imports] {
        let (Some(exporter), Some(importer)) = (corridor.exporter(flow), corridor.importer(flow))
        else {
            continue;
        };
        let side = |c: Country| Series::from_dataset(data, SeriesSpec::new(corridor, flow).side(c));
        let (by_exporter, by_importer) = (side(exporter)?, side(importer)?);
        for e in by_exporter.points() {
            if let Some(i) = by_importer.at(e.year) {
                let ids = |p: &crate::growth::SeriesPoint| {
                    p.figures.iter().map(ToString::to_string).collect()
                };
                out.push(pair(
                    e.year,
                    (exporter, e.estimate, ids(e)),
                    (importer, i.estimate, ids(i)),
                    rule,
                )?);
            }
        }
    }
    out.sort_by_key(|p| (p.year, p.exporter));
    Ok(MirrorPairs::new(out))
}

/// Mirror pairs from Comtrade totals: `a`'s exports to `b` against `b`'s imports from `a`, and
/// the reverse, by year. Only full-year totals are paired (a year reported only for some months
/// is not a year's flow).
///
/// # Errors
/// [`InputError::OutOfRange`] or [`InputError::NonFinite`] for an invalid rule, a total that is not
/// finite, or a gap, ratio or reconciled value that overflows.
pub fn mirror_from_totals(
    totals: &[TradeTotal],
    a: Country,
    b: Country,
    rule: Reconciliation,
) -> Result<MirrorPairs> {
    let rule = rule.validate()?;
    let mut out = Vec::new();
    for (exporter, importer) in [(a, b), (b, a)] {
        let find = |reporter: Country, partner: Country, flow: ComtradeFlow| {
            move |t: &&TradeTotal| {
                t.reporter == Party::Country(reporter)
                    && t.partner == Party::Country(partner)
                    && t.flow == flow
                    && t.months == 12
            }
        };
        for x in totals
            .iter()
            .filter(find(exporter, importer, ComtradeFlow::Export))
        {
            for m in totals
                .iter()
                .filter(find(importer, exporter, ComtradeFlow::Import))
                .filter(|m| m.year == x.year)
            {
                let (xe, me) = (Estimate::exact(x.value)?, Estimate::exact(m.value)?);
                let src = |t: &TradeTotal| {
                    vec![format!(
                        "{}, row {} ({} rows, {})",
                        t.origin.file, t.origin.line, t.rows, t.basis
                    )]
                };
                out.push(pair(
                    x.year,
                    (exporter, xe, src(x)),
                    (importer, me, src(m)),
                    rule,
                )?);
            }
        }
    }
    out.sort_by_key(|p| (p.year, p.exporter));
    Ok(MirrorPairs::new(out))
}
