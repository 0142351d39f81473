//! Checks: do the published figures agree with each other?
//!
//! Every check works on intervals set by the figures' printed precision (see
//! [`Figure::estimate`](crate::Figure::estimate)), never on point values alone, and gives one of
//! three verdicts:
//!
//! - **consistent**: the intervals overlap, and each side's point value lies inside the other's
//!   interval: the figures agree as printed;
//! - **in tension**: the intervals overlap, but only because of rounding latitude: at least one
//!   point value lies outside the other's interval;
//! - **inconsistent**: the intervals do not overlap: no choice of true values within the printed
//!   precision makes the figures agree.
//!
//! One file per family of checks: `levels` (sums of flows, repeated printings), `growth` (stated
//! growth against levels, implied base levels), `sides` (the two reporting sides against the
//! CIF/FOB band), `partial` (partial years), `shares` (regional shares and target multiples).
//! [`mirror`](mirror_from_dataset) compares the two sides of one flow in full.
//!
//! # Examples
//! ```
//! use bilateral::audit::{self, Check};
//! use bilateral::{Dataset, Verdict};
//! let findings = audit::audit(&Dataset::builtin()?);
//! // The two 2023 turnovers ($4.5 billion and $4.4 billion) cannot both be right.
//! assert!(findings.iter().any(|f| f.check == Check::RepeatedLevel
//!     && f.verdict == Verdict::Inconsistent));
//! let tally = audit::tally(&findings);
//! assert_eq!(tally.compared() + tally.info + tally.not_checked, findings.len());
//! # Ok::<(), bilateral::Error>(())
//! ```

pub(crate) mod context;
#[macro_use]
pub(crate) mod finding;
pub(crate) mod growth;
pub(crate) mod levels;
pub(crate) mod mirror;
pub(crate) mod partial;
pub(crate) mod shares;
pub(crate) mod sides;
mod table;

use context::Context;

use crate::data::{Corridor, Dataset};

pub use finding::{
    Check, FREIGHT_BAND, Finding, GrowthReading, Tally, Verdict, compare, compare_band,
    fmt_estimate,
};
pub use mirror::{MirrorPair, Reconciliation, mirror_from_dataset, mirror_from_totals};
pub use table::{FindingRow, Findings, MirrorPairs, MirrorRow, findings_table};

/// Runs every check over a dataset.
///
/// # Examples
/// ```
/// use bilateral::audit::{audit, Check};
/// use bilateral::{Dataset, Verdict};
/// let findings = audit(&Dataset::builtin()?);
/// // 2023: "$4.4 billion" agrees with exports $3.1B + imports $1.3B; "$4.5 billion" only at
/// // the edge of rounding ($4.30–4.50B against $4.45–4.55B).
/// let sums: Vec<_> = findings.iter().filter(|f| f.check == Check::SumOfFlows
///     && f.figures.iter().any(|id| id.as_str().starts_with("d002.turnover.2023"))).collect();
/// assert!(sums.iter().any(|f| f.verdict == Verdict::Consistent));
/// assert!(sums.iter().any(|f| f.verdict == Verdict::InTension));
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn audit(data: &Dataset) -> Findings {
    let ctx = Context::new(data);
    let mut out = Vec::new();
    ctx.sum_of_flows(&mut out);
    ctx.repeated_levels(&mut out);
    ctx.growth_vs_levels(&mut out);
    ctx.implied_levels(&mut out);
    ctx.own_figures(&mut out);
    ctx.level_changes(&mut out);
    ctx.mirror(&mut out);
    ctx.partial_years(&mut out);
    ctx.regional_shares(&mut out);
    ctx.target_multiples(&mut out);
    ctx.derived_shares(&mut out);
    // Stable ids: the check, period, figures and reading; a repeat (the same figures compared
    // twice in one check) gets a counter.
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for f in &mut out {
        let id = f.stable_id();
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        f.id = if *n == 1 { id } else { format!("{id}#{n}") };
    }
    Findings::new(out)
}

/// Counts findings by verdict; findings that compared nothing (`info`, `not checked`) are
/// counted apart.
pub fn tally(findings: &[Finding]) -> Tally {
    Tally::of(findings)
}

/// Runs the audit and keeps the findings about one corridor (in either direction).
pub fn audit_corridor(data: &Dataset, corridor: Corridor) -> Findings {
    audit(data)
        .into_iter()
        .filter(|f| {
            f.corridor
                .is_some_and(|c| c.joins(corridor.reporter(), corridor.partner()))
        })
        .collect()
}
