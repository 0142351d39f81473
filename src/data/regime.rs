//! Trade regimes as dated, sourced facts: WTO and EAEU membership, Jackson-Vanik status, and
//! bilateral free trade regimes.

use serde::{Deserialize, Serialize};

use crate::data::Country;
use crate::data::{Date, Period};
use crate::data::{FigureId, Origin, Provenance};

keyword_enum! {
    /// A trade regime a country or pair of countries can be in.
    pub enum Regime: "regime" {
        /// Membership of the World Trade Organization.
        Wto = "wto",
        /// Membership of the Eurasian Economic Union.
        Eaeu = "eaeu",
        /// Treatment under the Jackson-Vanik amendment (Trade Act of 1974) by the United States.
        JacksonVanik = "jackson_vanik",
        /// A bilateral free trade regime between two countries.
        FreeTrade = "free_trade",
    }
}

keyword_enum! {
    /// Where a country or pair stands in a regime.
    pub enum RegimeStatus: "regime status" {
        /// Has applied to join (WTO, EAEU).
        Applicant = "applicant",
        /// Accession negotiations concluded, membership not yet in force.
        NegotiationsConcluded = "negotiations_concluded",
        /// A member.
        Member = "member",
        /// Jackson-Vanik: subject to annual review and/or a presidential waiver (temporary normal
        /// trade relations).
        AnnualReview = "annual_review",
        /// Jackson-Vanik lifted: permanent normal trade relations (PNTR).
        PermanentNtr = "permanent_ntr",
        /// A regime announced or being prepared, not in force.
        Planned = "planned",
        /// A regime in force.
        InForce = "in_force",
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
