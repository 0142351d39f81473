//! Trade records: one flow's value as a statistics office reports it (UN Comtrade's layout),
//! and totals over commodity codes. [`crate::io::read_comtrade`] reads them from files;
//! [`crate::audit::mirror_from_totals`] compares the two sides.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::data::{Country, FormerCountry, Origin};
use crate::error::{DataError, Error, Result};

keyword_enum! {
    /// Comtrade's trade flow codes.
    pub enum ComtradeFlow: "Comtrade flow code" {
        /// `X`: exports (`2` in the legacy bulk files).
        Export = "X" | "2",
        /// `M`: imports (`1` in the legacy bulk files).
        Import = "M" | "1",
        /// `RX`: re-exports (`3` in the legacy bulk files).
        ReExport = "RX" | "3",
        /// `RM`: re-imports (`4` in the legacy bulk files).
        ReImport = "RM" | "4",
    }
}

impl ComtradeFlow {
    /// The code as Comtrade writes it.
    pub fn code(self) -> &'static str {
        self.as_str()
    }
}

keyword_enum! {
    /// A Comtrade area or group that is not a country: the world, unspecified areas, bunkers,
    /// free zones, special categories, "Other Asia, nes" (Comtrade's partner for Taiwan), the
    /// Southern African Customs Union of older files. Codes are Comtrade's text codes; the
    /// numeric codes are in [`Area::numeric`].
    pub enum Area: "Comtrade area code" {
        /// `W00` (0): the world, all partners together.
        World = "W00" ("World") | "WLD",
        /// `_X` (899): areas not elsewhere specified.
        AreasNes = "_X" ("Areas, nes"),
        /// `XX` (837): ships' and aircraft bunkers.
        Bunkers = "XX" ("Bunkers"),
        /// `_AC` (838): free zones.
        FreeZones = "_AC" ("Free zones"),
        /// `X1` (839): special categories.
        SpecialCategories = "X1" ("Special categories") | "X2",
        /// `S19` (490): Other Asia, not elsewhere specified.
        OtherAsiaNes = "S19" ("Other Asia, nes"),
        /// `ZA1` (711): the Southern African Customs Union, as older files report it.
        Sacu = "ZA1" ("Southern African Customs Union"),
    }
}

impl Area {
    /// Comtrade's numeric code for the area.
    pub fn numeric(self) -> u16 {
        match self {
            Area::World => 0,
            Area::AreasNes => 899,
            Area::Bunkers => 837,
            Area::FreeZones => 838,
            Area::SpecialCategories => 839,
            Area::OtherAsiaNes => 490,
            Area::Sacu => 711,
        }
    }

    /// The area with this Comtrade numeric code.
    pub fn from_numeric(code: u16) -> Option<Area> {
        Area::ALL.iter().copied().find(|a| a.numeric() == code)
    }
}

/// Comtrade's own numeric codes that differ from UN M49 for the country they stand for (the
/// country with territories Comtrade reports with it), and Comtrade's codes for former countries.
const COMTRADE_NUMERIC: [(u16, &str); 8] = [
    (842, "USA"), // USA, incl. Puerto Rico and the US Virgin Islands
    (251, "FRA"), // France, incl. Monaco
    (381, "ITA"), // Italy, incl. San Marino and the Holy See
    (579, "NOR"), // Norway, incl. Svalbard and Jan Mayen
    (699, "IND"), // India, incl. Sikkim
    (757, "CHE"), // Switzerland, incl. Liechtenstein
    (280, "DEU"), // the Federal Republic of Germany before 1991
    (890, "YUG"), // the former Yugoslavia (891 is Serbia and Montenegro)
];

/// Who reports or partners in a trade record: a country, a former country, or an area.
///
/// Text forms: the alpha-3 code of a current or former country, or Comtrade's area code
/// (`KAZ`, `SUN`, `W00`). [`Party::from_numeric`] reads Comtrade's numeric codes.
///
/// # Examples
/// ```
/// use bilateral::data::{Area, Party};
/// use bilateral::Country;
/// assert_eq!("KAZ".parse::<Party>()?, Party::Country(Country::KAZ));
/// assert_eq!(Party::from_numeric(842)?, Party::Country(Country::USA)); // Comtrade's USA
/// assert_eq!(Party::from_numeric(0)?, Party::Area(Area::World));
/// assert_eq!(Party::from_numeric(810)?.to_string(), "SUN"); // the USSR
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    /// A current ISO 3166-1 country.
    Country(Country),
    /// A country whose code was withdrawn (ISO 3166-3).
    Former(FormerCountry),
    /// An area or group that is not a country.
    Area(Area),
}

impl Party {
    /// Reads a text code: a current country's alpha-3 code, a former country's, or an area code.
    ///
    /// # Errors
    /// [`DataError::UnknownCountry`] for a code that is none of these.
    pub fn new(code: &str) -> Result<Party> {
        if let Ok(c) = Country::new(code) {
            return Ok(Party::Country(c));
        }
        if let Ok(f) = FormerCountry::new(code) {
            return Ok(Party::Former(f));
        }
        code.parse::<Area>().map(Party::Area).map_err(|_| {
            Error::Data(DataError::UnknownCountry {
                code: code.to_owned(),
            })
        })
    }

    /// Reads a Comtrade numeric code: Comtrade's own codes (842 USA, 251 France, 381 Italy, 579
    /// Norway, 699 India, 757 Switzerland, 280 Germany, 890 Yugoslavia), then UN M49 codes of
    /// current countries, then former countries, then areas.
    ///
    /// # Errors
    /// [`DataError::UnknownCountry`] for a code that is none of these.
    pub fn from_numeric(code: u16) -> Result<Party> {
        if let Some((_, alpha)) = COMTRADE_NUMERIC.iter().find(|(n, _)| *n == code) {
            return Party::new(alpha);
        }
        if let Ok(c) = Country::from_numeric(code) {
            return Ok(Party::Country(c));
        }
        if let Some(f) = FormerCountry::from_numeric(code) {
            return Ok(Party::Former(f));
        }
        Area::from_numeric(code).map(Party::Area).ok_or_else(|| {
            Error::Data(DataError::UnknownCountry {
                code: code.to_string(),
            })
        })
    }

    /// The country, if the party is a current one.
    pub fn country(self) -> Option<Country> {
        match self {
            Party::Country(c) => Some(c),
            _ => None,
        }
    }

    /// The code as a table shows it: areas and former countries marked as such
    /// (`W00 (area)`, `SUN (former)`), countries as their code.
    ///
    /// ```
    /// use bilateral::data::Party;
    /// assert_eq!(Party::new("W00")?.label(), "W00 (area)");
    /// assert_eq!(Party::new("KAZ")?.label(), "KAZ");
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn label(self) -> String {
        match self {
            Party::Country(c) => c.code().to_owned(),
            Party::Former(f) => format!("{} (former)", f.code()),
            Party::Area(a) => format!("{} (area)", a.as_str()),
        }
    }

    /// The text code.
    pub fn code(self) -> &'static str {
        match self {
            Party::Country(c) => c.code(),
            Party::Former(f) => f.code(),
            Party::Area(a) => a.as_str(),
        }
    }
}

impl From<Country> for Party {
    fn from(c: Country) -> Party {
        Party::Country(c)
    }
}

code_text!(Party);

/// One row of a Comtrade file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeRecord {
    /// `refYear`.
    pub year: i32,
    /// `period` (e.g. `2022` or `202203`), when present.
    pub period: Option<String>,
    /// `freqCode` (`A` annual, `M` monthly), when present.
    pub frequency: Option<String>,
    /// `reporterISO`, or `reporterCode` where the ISO column is absent or empty.
    pub reporter: Party,
    /// `partnerISO`, or `partnerCode` where the ISO column is absent or empty.
    pub partner: Party,
    /// `flowCode`.
    pub flow: ComtradeFlow,
    /// `cmdCode` (`TOTAL` or an HS code).
    pub commodity: String,
    /// `primaryValue`, US dollars.
    pub value: f64,
    /// `cifvalue`, when present and filled.
    pub cif: Option<f64>,
    /// `fobvalue`, when present and filled.
    pub fob: Option<f64>,
    /// The file and row it was read from (row = line number, header is line 1).
    pub origin: Origin,
}

/// What a total over commodity codes was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "basis")]
pub enum TotalBasis {
    /// The file's own `TOTAL` row.
    TotalRow,
    /// The sum of the rows the file marks as leaves (`isLeaf`).
    Leaves,
    /// The sum of the rows of one level of the commodity classification (`aggrLevel`, or the
    /// code's length): `digits` 2, 4 or 6.
    Level {
        /// The level's number of digits.
        digits: u8,
    },
}

impl fmt::Display for TotalBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TotalBasis::TotalRow => f.write_str("TOTAL row"),
            TotalBasis::Leaves => f.write_str("sum of leaf codes"),
            TotalBasis::Level { digits } => write!(f, "sum of {digits}-digit codes"),
        }
    }
}

/// The total of one (year, reporter, partner, flow) over commodity codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeTotal {
    /// `refYear`.
    pub year: i32,
    /// The reporter.
    pub reporter: Party,
    /// The partner.
    pub partner: Party,
    /// `flowCode`.
    pub flow: ComtradeFlow,
    /// US dollars.
    pub value: f64,
    /// What the value was taken from (for a monthly total, each month's).
    pub basis: TotalBasis,
    /// Months covered: 12 for an annual row; for a year reported only monthly, the number of
    /// months summed.
    pub months: u8,
    /// How many rows it sums.
    pub rows: u64,
    /// The file, and the first row it draws on.
    pub origin: Origin,
}
