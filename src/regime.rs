//! Trade regimes as dated, sourced facts: WTO and EAEU membership, Jackson-Vanik status, and
//! bilateral free trade regimes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::{FigureId, Origin, Provenance};
use crate::period::{Date, Period};

/// A trade regime a country or pair of countries can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// Membership of the World Trade Organization.
    Wto,
    /// Membership of the Eurasian Economic Union.
    Eaeu,
    /// Treatment under the Jackson-Vanik amendment (Trade Act of 1974) by the United States.
    JacksonVanik,
    /// A bilateral free trade regime between two countries.
    FreeTrade,
}

impl Regime {
    const NAMES: &'static str = "wto, eaeu, jackson_vanik, free_trade";
    const ALL: [Regime; 4] = [
        Regime::Wto,
        Regime::Eaeu,
        Regime::JacksonVanik,
        Regime::FreeTrade,
    ];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Wto => "wto",
            Regime::Eaeu => "eaeu",
            Regime::JacksonVanik => "jackson_vanik",
            Regime::FreeTrade => "free_trade",
        }
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Regime {
    type Err = Error;
    fn from_str(s: &str) -> Result<Regime> {
        Regime::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| Error::UnknownKeyword {
                what: "regime",
                text: s.to_owned(),
                expected: Regime::NAMES,
            })
    }
}

/// Where a country or pair stands in a regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegimeStatus {
    /// Has applied to join (WTO, EAEU).
    Applicant,
    /// Accession negotiations concluded, membership not yet in force.
    NegotiationsConcluded,
    /// A member.
    Member,
    /// Jackson-Vanik: subject to annual review and/or a presidential waiver (temporary normal
    /// trade relations).
    AnnualReview,
    /// Jackson-Vanik lifted: permanent normal trade relations (PNTR).
    PermanentNtr,
    /// A regime announced or being prepared, not in force.
    Planned,
    /// A regime in force.
    InForce,
}

impl RegimeStatus {
    const NAMES: &'static str = "applicant, negotiations_concluded, member, annual_review, permanent_ntr, planned, in_force";
    const ALL: [RegimeStatus; 7] = [
        RegimeStatus::Applicant,
        RegimeStatus::NegotiationsConcluded,
        RegimeStatus::Member,
        RegimeStatus::AnnualReview,
        RegimeStatus::PermanentNtr,
        RegimeStatus::Planned,
        RegimeStatus::InForce,
    ];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            RegimeStatus::Applicant => "applicant",
            RegimeStatus::NegotiationsConcluded => "negotiations_concluded",
            RegimeStatus::Member => "member",
            RegimeStatus::AnnualReview => "annual_review",
            RegimeStatus::PermanentNtr => "permanent_ntr",
            RegimeStatus::Planned => "planned",
            RegimeStatus::InForce => "in_force",
        }
    }
}

impl fmt::Display for RegimeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RegimeStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<RegimeStatus> {
        RegimeStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| Error::UnknownKeyword {
                what: "regime status",
                text: s.to_owned(),
                expected: RegimeStatus::NAMES,
            })
    }
}

/// One sourced statement about a regime: `countries` had `status` in `regime` as of `as_of`
/// (and since `since`, when the source says).
///
/// For a bilateral regime (`free_trade`) `countries` holds the pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegimeFact {
    /// Identifier, unique in the dataset.
    pub id: FigureId,
    /// The regime.
    pub regime: Regime,
    /// The country, or the two countries of a bilateral regime.
    pub countries: Vec<Country>,
    /// The status.
    pub status: RegimeStatus,
    /// When the status began, if the source says.
    pub since: Option<Period>,
    /// The date the source describes (normally its publication date).
    pub as_of: Period,
    /// Where it is said.
    pub provenance: Provenance,
    /// The data file and line it was read from, when it came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// Equal when everything but the origin is equal (see [`crate::Figure`]'s equality).
impl PartialEq for RegimeFact {
    fn eq(&self, other: &RegimeFact) -> bool {
        self.id == other.id
            && self.regime == other.regime
            && self.countries == other.countries
            && self.status == other.status
            && self.since == other.since
            && self.as_of == other.as_of
            && self.provenance == other.provenance
    }
}

impl RegimeFact {
    /// Whether the fact is about `country` (alone or as part of a pair).
    pub fn concerns(&self, country: Country) -> bool {
        self.countries.contains(&country)
    }
}

/// The latest fact about `country` in `regime` stated as of `on` or earlier.
pub(crate) fn status_on(
    facts: &[RegimeFact],
    country: Country,
    regime: Regime,
    on: Date,
) -> Option<&RegimeFact> {
    facts
        .iter()
        .filter(|f| f.regime == regime && f.concerns(country) && f.as_of.first_day() <= on)
        .max_by_key(|f| f.as_of)
}
