//! The book's RTA application on the AGTPA panel (Yotov, Piermartini, Monteiro & Larch 2016,
//! *An Advanced Guide to Trade Policy Analysis*, chapter 1, application 3; data CC BY 4.0).
//!
//! [`rta_panel`] prepares `rta_panel_1986_2006.csv` as the book's applications use it, and
//! [`rta_table`] gives the seven columns of its table of RTA effects as specifications.

use crate::error::Result;
use std::path::Path;

use super::panel::{Condition, Missing, Panel, PanelColumns};
use super::spec::{Estimator, FixedEffect, GravitySpec, Vcov};

/// The years the book's applications use: 1986, 1990, ..., 2006.
pub const BOOK_YEARS: [i64; 6] = [1986, 1990, 1994, 1998, 2002, 2006];

/// Reads the RTA panel and prepares it as the book does:
/// - `RTA_LEAD4`, `RTA_LAG4`, `RTA_LAG8`, `RTA_LAG12`: RTA of the same directed pair four
///   years later, or 4, 8, 12 years earlier, read from the full annual panel, and missing where
///   that year is not in the file: the panel ends in 2006, so the lead of 2006 (which needs
///   2010) is unknown, as are the lags that reach before 1986. A model that uses such a column
///   leaves those rows out and says so ([`DropReason::Missing`](super::DropReason::Missing));
///   [`prepare_with`] fills them with a value asked for by name instead;
/// - then only the years 1986, 1990, ..., 2006;
/// - `ln_DIST` = ln(DIST);
/// - `INTL_BRDR_1986` ... `INTL_BRDR_2002`: 1 for an international pair in that year (2006 is
///   the reference).
///
/// # Errors
/// As [`Panel::from_csv`]; [`GravityError::NoSuchColumn`](crate::error::GravityError::NoSuchColumn)
/// for a file without `RTA` or `DIST`.
pub fn rta_panel(path: impl AsRef<Path>) -> Result<Panel> {
    let p = Panel::from_csv(path, &PanelColumns::default())?;
    prepare(p)
}

/// [`rta_panel`] on a panel already read.
///
/// # Errors
/// As [`rta_panel`].
pub fn prepare(p: Panel) -> Result<Panel> {
    prepare_with(p, Missing::Leave)
}

/// [`prepare`], with the leads and lags that reach outside the panel filled as `fill` says.
///
/// Filling them with 0 ([`Missing::Zero`]) takes every agreement as not in force where the
/// data do not say: for the lead of 2006 that turns the 1,034 pairs with an agreement in 2006
/// into pairs whose agreement ends, which manufactures a negative "anticipation" effect.
///
/// # Errors
/// As [`rta_panel`]; [`InputError::NonFinite`](crate::error::InputError::NonFinite) for a fill that
/// is not finite.
pub fn prepare_with(p: Panel, fill: Missing) -> Result<Panel> {
    let p = p
        .with_shift("RTA", 4, fill, "RTA_LEAD4")?
        .with_shift("RTA", -4, fill, "RTA_LAG4")?
        .with_shift("RTA", -8, fill, "RTA_LAG8")?
        .with_shift("RTA", -12, fill, "RTA_LAG12")?;
    let p = p.filter(|r| BOOK_YEARS.contains(&r.time()));
    p.with_log("DIST", "ln_DIST")?.with_period_dummies(
        "INTL_BRDR",
        &BOOK_YEARS[..5],
        Condition::International,
    )
}

/// The seven columns of the book's table of RTA effects, as (name, specification, sample):
/// the sample is `International` (exporter ≠ importer) or `All`. Standard errors are clustered
/// by `pair_id`.
///
/// On [`rta_panel`], `lead` leaves out the 2006 rows (their lead is unknown) and `phsng` and
/// `globalization` the rows of 1986-1994 (their lags reach before the panel); the book's data
/// set held those years' agreements, so its columns rest on all years.
///
/// | name | model |
/// |---|---|
/// | `ols` | OLS of ln trade on ln_DIST, CNTG, LANG, CLNY, RTA; exporter-year and importer-year effects; positive international flows |
/// | `ppml` | the same by PPML, all international flows |
/// | `intra` | PPML with intra-national flows and country-specific border effects (`intra`) |
/// | `endog` | PPML of RTA with exporter-year, importer-year and symmetric pair effects |
/// | `lead` | plus RTA four years ahead |
/// | `phsng` | RTA with lags of 4, 8 and 12 years |
/// | `globalization` | plus international-border × year dummies |
///
/// # Errors
/// [`GravityError::Formula`](crate::error::GravityError::Formula) if a column's formula did not
/// parse (it always does).
pub fn rta_table() -> Result<Vec<(&'static str, GravitySpec, Sample)>> {
    let grav = "ln_DIST + CNTG + LANG + CLNY + RTA";
    let lags = "RTA + RTA_LAG4 + RTA_LAG8 + RTA_LAG12";
    let borders =
        "INTL_BRDR_1986 + INTL_BRDR_1990 + INTL_BRDR_1994 + INTL_BRDR_1998 + INTL_BRDR_2002";
    let rows = [
        (
            "ols",
            Estimator::Ols,
            format!("log(trade) ~ {grav} | exp_year + imp_year"),
            Sample::International,
        ),
        (
            "ppml",
            Estimator::Ppml,
            format!("trade ~ {grav} | exp_year + imp_year"),
            Sample::International,
        ),
        (
            "intra",
            Estimator::Ppml,
            format!("trade ~ {grav} | exp_year + imp_year + intra"),
            Sample::All,
        ),
        (
            "endog",
            Estimator::Ppml,
            "trade ~ RTA | exp_year + imp_year + pair_id".to_owned(),
            Sample::All,
        ),
        (
            "lead",
            Estimator::Ppml,
            "trade ~ RTA + RTA_LEAD4 | exp_year + imp_year + pair_id".to_owned(),
            Sample::All,
        ),
        (
            "phsng",
            Estimator::Ppml,
            format!("trade ~ {lags} | exp_year + imp_year + pair_id"),
            Sample::All,
        ),
        (
            "globalization",
            Estimator::Ppml,
            format!("trade ~ {lags} + {borders} | exp_year + imp_year + pair_id"),
            Sample::All,
        ),
    ];
    rows.into_iter()
        .map(|(name, est, f, sample)| {
            let mut spec = GravitySpec::parse(est, &f)?;
            spec.vcov = Vcov::Cluster(vec![FixedEffect(vec!["pair_id".into()])]);
            Ok((name, spec, sample))
        })
        .collect()
}

/// Which rows of the panel a column of the table uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// Every row, intra-national flows included.
    All,
    /// International flows only.
    International,
}

impl Sample {
    /// The rows of `panel` in this sample.
    pub fn of(self, panel: &Panel) -> Panel {
        match self {
            Sample::All => panel.clone(),
            Sample::International => panel.filter(|r| !r.is_domestic()),
        }
    }
}
