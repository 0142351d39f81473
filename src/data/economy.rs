//! The economies of a model: ISO countries, former countries, and the codes data files give
//! units that are neither (the book's `ZZZ`, a synthetic world's `C0001`).

use crate::data::{Country, FormerCountry};
use crate::error::{DataError, Error, Result};

/// The most bytes a [`DataCode`] holds.
pub const MAX_CODE_LEN: usize = 24;

/// A data file's code for an economy that is not an ISO 3166 country, current or former: the
/// book's `ZZZ` (Germany, renamed so that it sorts last), a region, a synthetic world's `C0001`.
///
/// 1 to [`MAX_CODE_LEN`] printable ASCII characters, surrounding whitespace trimmed, case kept.
/// An ISO code (current or former, in any case) is refused: it is an [`Economy::Country`] or
/// [`Economy::Former`], so each text has one economy and text round trips are exact.
///
/// # Examples
/// ```
/// use bilateral::data::DataCode;
/// assert_eq!(DataCode::new(" ZZZ ")?.code(), "ZZZ");
/// assert!(DataCode::new("KAZ").is_err()); // an ISO country
/// assert!(DataCode::new("").is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DataCode {
    // Printable ASCII, `len` bytes used; the rest zero, so derived comparisons are by text.
    bytes: [u8; MAX_CODE_LEN],
    len: u8,
}

impl DataCode {
    /// Reads a data code.
    ///
    /// # Errors
    /// [`DataError::InvalidCode`] for empty text, more than [`MAX_CODE_LEN`] bytes, a character
    /// outside printable ASCII, or an ISO country code.
    pub fn new(code: &str) -> Result<DataCode> {
        let text = code.trim();
        let bad = |reason: &'static str| {
            Error::Data(DataError::InvalidCode {
                code: code.to_owned(),
                reason,
            })
        };
        if text.is_empty() {
            return Err(bad("it is empty"));
        }
        if text.len() > MAX_CODE_LEN {
            return Err(bad("it is longer than 24 bytes"));
        }
        if !text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return Err(bad(
                "it has a character outside printable ASCII (letters, digits, punctuation, spaces)",
            ));
        }
        if Country::new(text).is_ok() || FormerCountry::new(text).is_ok() {
            return Err(bad("it is an ISO country code: read it as an Economy"));
        }
        let mut bytes = [0u8; MAX_CODE_LEN];
        for (slot, b) in bytes.iter_mut().zip(text.bytes()) {
            *slot = b;
        }
        // At most MAX_CODE_LEN (24) bytes, checked above.
        let len = u8::try_from(text.len()).map_err(|_| bad("it is longer than 24 bytes"))?;
        Ok(DataCode { bytes, len })
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        let used = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        // Printable ASCII by construction, so always UTF-8.
        std::str::from_utf8(used).unwrap_or("")
    }
}

code_text!(DataCode);

/// An economy of a model: a current ISO 3166-1 country, a former one (ISO 3166-3), or a data
/// code for a unit that is neither.
///
/// Text forms: the code. [`Economy::new`] reads an ISO code first (any case), then a former
/// country's, then keeps the text as a [`DataCode`]; serialised as the code.
///
/// # Examples
/// ```
/// use bilateral::data::Economy;
/// use bilateral::Country;
/// assert_eq!(Economy::new("kaz")?, Economy::Country(Country::KAZ));
/// assert_eq!(Economy::new("SUN")?.to_string(), "SUN"); // the USSR
/// assert_eq!(Economy::new("ZZZ")?.country(), None); // the book's code for Germany
/// let codes = Economy::list(["CAN", "MEX", "USA"])?;
/// assert_eq!(codes[2], Economy::from(Country::USA));
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Economy {
    /// A current ISO 3166-1 country.
    Country(Country),
    /// A country whose code was withdrawn (ISO 3166-3).
    Former(FormerCountry),
    /// A data file's code for a unit that is neither.
    Code(DataCode),
}

impl Economy {
    /// Reads a code: a current country's, a former country's, or a data code.
    ///
    /// # Errors
    /// As [`DataCode::new`], for text that is no ISO code and no valid data code.
    pub fn new(code: &str) -> Result<Economy> {
        if let Ok(c) = Country::new(code) {
            return Ok(Economy::Country(c));
        }
        if let Ok(f) = FormerCountry::new(code) {
            return Ok(Economy::Former(f));
        }
        DataCode::new(code).map(Economy::Code)
    }

    /// Reads each code, in order.
    ///
    /// # Errors
    /// As [`Economy::new`], for the first code that fails.
    pub fn list<S: AsRef<str>>(codes: impl IntoIterator<Item = S>) -> Result<Vec<Economy>> {
        codes
            .into_iter()
            .map(|c| Economy::new(c.as_ref()))
            .collect()
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        match self {
            Economy::Country(c) => c.code(),
            Economy::Former(f) => f.code(),
            Economy::Code(d) => d.code(),
        }
    }

    /// The country, if the economy is a current ISO one.
    pub fn country(&self) -> Option<Country> {
        match self {
            Economy::Country(c) => Some(*c),
            _ => None,
        }
    }

    /// Whether `text` reads as this economy (an ISO code in any case; a data code exactly).
    pub fn is(&self, text: &str) -> bool {
        Economy::new(text).is_ok_and(|e| e == *self)
    }
}

impl From<Country> for Economy {
    fn from(c: Country) -> Economy {
        Economy::Country(c)
    }
}

impl From<FormerCountry> for Economy {
    fn from(f: FormerCountry) -> Economy {
        Economy::Former(f)
    }
}

impl From<DataCode> for Economy {
    fn from(d: DataCode) -> Economy {
        Economy::Code(d)
    }
}

code_text!(Economy);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_reads_as_one_economy_and_round_trips() {
        for text in ["KAZ", "SUN", "ZZZ", "C0001", "Region 7", "a.b-c_d"] {
            let e = Economy::new(text).unwrap();
            assert_eq!(e.to_string(), text);
            assert_eq!(Economy::new(&e.to_string()).unwrap(), e);
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Economy>(&json).unwrap(), e);
        }
        assert_eq!(
            Economy::new(" usa ").unwrap(),
            Economy::Country(Country::USA)
        );
        assert!(Economy::new("ZZZ").unwrap().is("ZZZ"));
        assert!(!Economy::new("ZZZ").unwrap().is("zzz"));
        assert!(Economy::new("deu").unwrap().is("DEU"));
    }

    #[test]
    fn bad_codes_are_typed_errors() {
        let long = "X".repeat(MAX_CODE_LEN + 1);
        for bad in ["", "   ", long.as_str(), "Côte", "tab\there"] {
            assert!(
                matches!(
                    Economy::new(bad),
                    Err(Error::Data(DataError::InvalidCode { .. }))
                ),
                "{bad:?}"
            );
        }
        assert!(Economy::new(&"X".repeat(MAX_CODE_LEN)).is_ok());
        assert!(matches!(
            DataCode::new("yug"),
            Err(Error::Data(DataError::InvalidCode { .. }))
        ));
    }

    #[test]
    fn orders_by_kind_then_code() {
        let mut v = Economy::list(["ZZZ", "USA", "AAA", "CAN"]).unwrap();
        v.sort();
        let codes: Vec<&str> = v.iter().map(Economy::code).collect();
        assert_eq!(codes, ["CAN", "USA", "AAA", "ZZZ"]);
    }
}
