//! ISO 3166-1 alpha-3 country codes.

use crate::error::{DataError, Error, Result};

mod codes;
mod iso3166;

/// A country, by its ISO 3166-1 alpha-3 code (`KAZ`, `UZB`, `USA`).
///
/// Only codes in the ISO 3166-1 table are accepted, so a typo such as `KAZZ` or `KZX` is an error
/// instead of a new country.
///
/// # Examples
/// ```
/// use bilateral::Country;
/// let kaz: Country = "KAZ".parse()?;
/// assert_eq!(kaz.name(), "Kazakhstan");
/// assert_eq!(kaz.alpha2(), "KZ");
/// assert_eq!(Country::from_name("Uzbekistan")?, Country::UZB);
/// assert!("KZX".parse::<Country>().is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country {
    // Index into the ISO table; private so every value is a known country.
    index: u16,
}

impl Country {
    /// Kazakhstan.
    pub const KAZ: Country = Country::known("KAZ");
    /// Uzbekistan.
    pub const UZB: Country = Country::known("UZB");
    /// United States.
    pub const USA: Country = Country::known("USA");
    /// Russia.
    pub const RUS: Country = Country::known("RUS");
    /// Kyrgyzstan.
    pub const KGZ: Country = Country::known("KGZ");
    /// Tajikistan.
    pub const TJK: Country = Country::known("TJK");
    /// Turkmenistan.
    pub const TKM: Country = Country::known("TKM");
    /// Azerbaijan.
    pub const AZE: Country = Country::known("AZE");
    /// Belarus.
    pub const BLR: Country = Country::known("BLR");
    /// Armenia.
    pub const ARM: Country = Country::known("ARM");
    /// Germany.
    pub const DEU: Country = Country::known("DEU");
    /// China.
    pub const CHN: Country = Country::known("CHN");
    /// Canada.
    pub const CAN: Country = Country::known("CAN");
    /// Mexico.
    pub const MEX: Country = Country::known("MEX");

    /// Looks a code up at compile time; a code missing from the table fails the build.
    // Only ever evaluated in `const` items on literal codes: the indexing is bounded by the loop,
    // the table has 249 entries (fits u16), and the panic is a compile error, never a run-time one.
    #[allow(
        clippy::indexing_slicing,
        clippy::cast_possible_truncation,
        clippy::panic
    )]
    const fn known(code: &str) -> Country {
        let mut i = 0;
        while i < iso3166::COUNTRIES.len() {
            if const_eq(iso3166::COUNTRIES[i].0, code) {
                return Country { index: i as u16 };
            }
            i += 1;
        }
        panic!("country code missing from the ISO table")
    }

    /// Parses an alpha-3 code, ignoring ASCII case and surrounding whitespace.
    ///
    /// # Errors
    /// [`DataError::UnknownCountry`] if the code is not in ISO 3166-1.
    pub fn new(code: &str) -> Result<Country> {
        let wanted = code.trim().to_ascii_uppercase();
        iso3166::COUNTRIES
            .binary_search_by(|(c, _, _)| (*c).cmp(wanted.as_str()))
            .ok()
            .and_then(|i| u16::try_from(i).ok())
            .map(|index| Country { index })
            .ok_or_else(|| {
                Error::Data(DataError::UnknownCountry {
                    code: code.to_owned(),
                })
            })
    }

    /// Finds a country by an English name as published ("Kazakhstan", "Russia", "United States").
    ///
    /// # Errors
    /// [`DataError::UnknownCountryName`] if no ISO name or known alias matches (ignoring case).
    pub fn from_name(name: &str) -> Result<Country> {
        let wanted = name.trim();
        let by_name = iso3166::COUNTRIES
            .iter()
            .position(|(_, _, n)| n.eq_ignore_ascii_case(wanted));
        if let Some(index) = by_name.and_then(|i| u16::try_from(i).ok()) {
            return Ok(Country { index });
        }
        iso3166::ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(wanted))
            .map(|(_, code)| Country::new(code))
            .unwrap_or_else(|| {
                Err(Error::Data(DataError::UnknownCountryName {
                    name: name.to_owned(),
                }))
            })
    }

    fn entry(self) -> (&'static str, &'static str, &'static str) {
        // `index` is only ever built from a position in the table.
        iso3166::COUNTRIES
            .get(usize::from(self.index))
            .copied()
            .unwrap_or(("???", "??", "unknown"))
    }

    /// The alpha-3 code, e.g. `"KAZ"`.
    pub fn code(self) -> &'static str {
        self.entry().0
    }

    /// The alpha-2 code, e.g. `"KZ"`.
    pub fn alpha2(self) -> &'static str {
        self.entry().1
    }

    /// The ISO English short name, e.g. `"Kazakhstan"`.
    pub fn name(self) -> &'static str {
        self.entry().2
    }

    /// The ISO 3166-1 numeric code, which is the UN M49 code (`398` for Kazakhstan).
    pub fn numeric(self) -> u16 {
        codes::NUMERIC
            .get(usize::from(self.index))
            .map_or(0, |(_, n)| *n)
    }

    /// The country with this ISO 3166-1 numeric (UN M49) code.
    ///
    /// # Errors
    /// [`DataError::UnknownCountry`] for a code no current country has.
    ///
    /// # Examples
    /// ```
    /// use bilateral::Country;
    /// assert_eq!(Country::from_numeric(398)?, Country::KAZ);
    /// assert_eq!(Country::from_numeric(860)?.code(), "UZB");
    /// assert!(Country::from_numeric(810).is_err()); // the USSR is a former country
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn from_numeric(code: u16) -> Result<Country> {
        codes::NUMERIC
            .iter()
            .position(|(_, n)| *n == code)
            .and_then(|i| u16::try_from(i).ok())
            .map(|index| Country { index })
            .ok_or_else(|| {
                Error::Data(DataError::UnknownCountry {
                    code: code.to_string(),
                })
            })
    }

    /// Every ISO 3166-1 country, in alpha-3 order.
    pub fn all() -> impl Iterator<Item = Country> {
        (0..iso3166::COUNTRIES.len())
            .filter_map(|i| u16::try_from(i).ok())
            .map(|index| Country { index })
    }
}

// `const fn` cannot use iterators; `i < a.len() == b.len()` bounds both indexings.
#[allow(clippy::indexing_slicing)]
const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A country whose ISO code was withdrawn (ISO 3166-3): the USSR (`SUN`), Yugoslavia (`YUG`),
/// Czechoslovakia (`CSK`), the German Democratic Republic (`DDR`), Serbia and Montenegro (`SCG`),
/// ... Historical trade files report them; each keeps the year its code was withdrawn.
///
/// # Examples
/// ```
/// use bilateral::data::FormerCountry;
/// let ussr: FormerCountry = "SUN".parse()?;
/// assert_eq!(ussr.numeric(), Some(810));
/// assert_eq!(ussr.withdrawn(), 1992);
/// assert_eq!(FormerCountry::from_numeric(200).map(|c| c.code()), Some("CSK"));
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FormerCountry {
    // Index into the ISO 3166-3 table; private so every value is a known former country.
    index: u16,
}

impl FormerCountry {
    /// Parses a former alpha-3 code, ignoring ASCII case and surrounding whitespace.
    ///
    /// # Errors
    /// [`DataError::UnknownCountry`] if the code is not an ISO 3166-3 former country.
    pub fn new(code: &str) -> Result<FormerCountry> {
        let wanted = code.trim().to_ascii_uppercase();
        codes::FORMER
            .iter()
            .position(|(c, ..)| *c == wanted)
            .and_then(|i| u16::try_from(i).ok())
            .map(|index| FormerCountry { index })
            .ok_or_else(|| {
                Error::Data(DataError::UnknownCountry {
                    code: code.to_owned(),
                })
            })
    }

    /// The former country with this numeric code, if one had it.
    pub fn from_numeric(code: u16) -> Option<FormerCountry> {
        codes::FORMER
            .iter()
            .position(|(_, _, n, _)| *n == Some(code))
            .and_then(|i| u16::try_from(i).ok())
            .map(|index| FormerCountry { index })
    }

    fn entry(self) -> (&'static str, &'static str, Option<u16>, i32) {
        codes::FORMER
            .get(usize::from(self.index))
            .copied()
            .unwrap_or(("???", "unknown", None, 0))
    }

    /// The former alpha-3 code, e.g. `"SUN"`.
    pub fn code(self) -> &'static str {
        self.entry().0
    }

    /// The ISO name, e.g. `"USSR, Union of Soviet Socialist Republics"`.
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// The former numeric code, if it had one.
    pub fn numeric(self) -> Option<u16> {
        self.entry().2
    }

    /// The year the code was withdrawn from ISO 3166-1.
    pub fn withdrawn(self) -> i32 {
        self.entry().3
    }
}

code_text!(Country);
code_text!(FormerCountry);

/// Parses a list of countries written as codes separated by `;` or `,` (`"AZE;KAZ;TJK"`).
///
/// # Errors
/// [`DataError::UnknownCountry`] for the first code that is not ISO 3166-1;
/// [`DataError::EmptyField`] for an empty list.
pub fn parse_country_list(text: &str) -> Result<Vec<Country>> {
    let list = text
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Country::new)
        .collect::<Result<Vec<_>>>()?;
    if list.is_empty() {
        return Err(Error::Data(DataError::EmptyField));
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_codes_follow_the_alpha_codes() {
        // One numeric code per current country, all distinct; spot checks against UN M49.
        let mut seen = std::collections::HashSet::new();
        for c in Country::all() {
            assert!(seen.insert(c.numeric()), "{c} repeats {}", c.numeric());
            assert_eq!(Country::from_numeric(c.numeric()).ok(), Some(c));
        }
        assert_eq!(Country::KAZ.numeric(), 398);
        assert_eq!(Country::UZB.numeric(), 860);
        assert_eq!(Country::USA.numeric(), 840);
        assert_eq!(
            FormerCountry::new("yug").map(FormerCountry::withdrawn).ok(),
            Some(2003)
        );
        assert!(FormerCountry::new("KAZ").is_err());
    }

    #[test]
    fn table_is_sorted_and_complete() {
        let codes: Vec<&str> = iso3166::COUNTRIES.iter().map(|c| c.0).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "binary search needs a sorted, unique table");
        assert_eq!(
            codes.len(),
            249,
            "ISO 3166-1 has 249 officially assigned codes"
        );
    }

    #[test]
    fn codes_round_trip() {
        for c in Country::all() {
            assert_eq!(Country::new(c.code()).ok(), Some(c));
        }
        assert_eq!(Country::new(" kaz ").ok(), Some(Country::KAZ));
    }

    #[test]
    fn rejects_unknown_codes() {
        for bad in ["", "KZ", "KAZZ", "XXX", "K4Z"] {
            assert!(
                matches!(
                    Country::new(bad),
                    Err(Error::Data(DataError::UnknownCountry { .. }))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_and_aliases() {
        assert_eq!(Country::from_name("Russia").ok(), Some(Country::RUS));
        assert_eq!(Country::from_name("kyrgyzstan").ok(), Some(Country::KGZ));
        assert_eq!(Country::from_name("United States").ok(), Some(Country::USA));
        assert!(Country::from_name("Atlantis").is_err());
    }

    #[test]
    fn lists() {
        let l = parse_country_list("AZE; KAZ;TJK").unwrap_or_default();
        assert_eq!(l, vec![Country::AZE, Country::KAZ, Country::TJK]);
        assert!(parse_country_list(";").is_err());
        assert!(parse_country_list("KAZ;XYZ").is_err());
    }
}
