//! Directed trade corridors and the flows along them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::data::Country;
use crate::error::{DataError, Error, Result};

/// A directed trade corridor: `reporter` trading with `partner`, seen from the reporter's side.
///
/// Flows are named from the reporter's point of view: exports go reporter → partner, imports go
/// partner → reporter. The canonical text form is `KAZ->UZB`.
///
/// # Examples
/// ```
/// use bilateral::{Corridor, Country};
/// let c: Corridor = "KAZ->UZB".parse()?;
/// assert_eq!(c.reporter(), Country::KAZ);
/// assert_eq!(c.reversed().to_string(), "UZB->KAZ");
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Corridor {
    reporter: Country,
    partner: Country,
}

impl Corridor {
    /// Kazakhstan–Uzbekistan, from the Kazakh side.
    pub const KAZ_UZB: Corridor = Corridor {
        reporter: Country::KAZ,
        partner: Country::UZB,
    };
    /// Kazakhstan–United States, from the Kazakh side.
    pub const KAZ_USA: Corridor = Corridor {
        reporter: Country::KAZ,
        partner: Country::USA,
    };

    /// A corridor between two different countries.
    ///
    /// # Errors
    /// [`DataError::SelfCorridor`] if `reporter == partner`.
    pub fn new(reporter: Country, partner: Country) -> Result<Corridor> {
        if reporter == partner {
            return Err(Error::Data(DataError::SelfCorridor {
                country: reporter.code().to_owned(),
            }));
        }
        Ok(Corridor { reporter, partner })
    }

    /// The country from whose side flows are named.
    pub fn reporter(self) -> Country {
        self.reporter
    }

    /// The other country.
    pub fn partner(self) -> Country {
        self.partner
    }

    /// The same pair seen from the partner's side.
    pub fn reversed(self) -> Corridor {
        Corridor {
            reporter: self.partner,
            partner: self.reporter,
        }
    }

    /// Whether the corridor joins these two countries, in either direction.
    pub fn joins(self, a: Country, b: Country) -> bool {
        (self.reporter == a && self.partner == b) || (self.reporter == b && self.partner == a)
    }

    /// The country that ships the goods of `flow` (the exporter), if the flow has a direction.
    pub fn exporter(self, flow: Flow) -> Option<Country> {
        match flow {
            Flow::Exports => Some(self.reporter),
            Flow::Imports => Some(self.partner),
            Flow::Turnover | Flow::Balance => None,
        }
    }

    /// The country that receives the goods of `flow` (the importer), if the flow has a direction.
    pub fn importer(self, flow: Flow) -> Option<Country> {
        match flow {
            Flow::Exports => Some(self.partner),
            Flow::Imports => Some(self.reporter),
            Flow::Turnover | Flow::Balance => None,
        }
    }
}

impl fmt::Display for Corridor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}->{}", self.reporter, self.partner)
    }
}

impl FromStr for Corridor {
    type Err = Error;
    fn from_str(s: &str) -> Result<Corridor> {
        let invalid = || Error::Data(DataError::InvalidCorridor { text: s.to_owned() });
        let (a, b) = s
            .split_once("->")
            .or_else(|| s.split_once('-'))
            .ok_or_else(invalid)?;
        // A side left out (`KAZ->`, `->UZB`, `KAZ->->UZB`) is a malformed corridor, not an
        // unknown country "".
        if [a, b]
            .iter()
            .any(|side| side.trim().is_empty() || side.contains('>'))
        {
            return Err(invalid());
        }
        Corridor::new(Country::new(a)?, Country::new(b)?)
    }
}

impl Serialize for Corridor {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Corridor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Corridor, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

keyword_enum! {
    /// A trade flow along a corridor, from the reporter's side.
    pub enum Flow: "trade flow" {
        /// Reporter → partner.
        Exports = "exports",
        /// Partner → reporter.
        Imports = "imports",
        /// Exports + imports.
        Turnover = "turnover",
        /// Exports − imports.
        Balance = "balance",
    }
}

impl Flow {
    /// The same goods seen from the partner's side (exports become imports).
    pub fn mirrored(self) -> Flow {
        match self {
            Flow::Exports => Flow::Imports,
            Flow::Imports => Flow::Exports,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let c: Corridor = "KAZ->UZB".parse().unwrap_or(Corridor::KAZ_USA);
        assert_eq!(c, Corridor::KAZ_UZB);
        assert_eq!(c.to_string(), "KAZ->UZB");
        assert!(matches!(
            "KAZ->KAZ".parse::<Corridor>(),
            Err(Error::Data(DataError::SelfCorridor { .. }))
        ));
        assert!(matches!(
            "KAZ UZB".parse::<Corridor>(),
            Err(Error::Data(DataError::InvalidCorridor { .. }))
        ));
        assert!(matches!(
            "KAZ->ZZZ".parse::<Corridor>(),
            Err(Error::Data(DataError::UnknownCountry { .. }))
        ));
    }

    #[test]
    fn directions() {
        let c = Corridor::KAZ_UZB;
        assert_eq!(c.exporter(Flow::Exports), Some(Country::KAZ));
        assert_eq!(c.importer(Flow::Exports), Some(Country::UZB));
        assert_eq!(c.exporter(Flow::Imports), Some(Country::UZB));
        assert_eq!(c.importer(Flow::Turnover), None);
        assert_eq!(Flow::Exports.mirrored(), Flow::Imports);
        assert!(c.joins(Country::UZB, Country::KAZ));
    }
}
