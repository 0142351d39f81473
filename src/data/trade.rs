//! Trade records: one flow's value as a statistics office reports it (UN Comtrade's layout),
//! and totals over commodity codes. [`crate::io::comtrade`] reads them from files;
//! [`crate::audit::mirror`] compares the two sides.

use serde::{Deserialize, Serialize};

use crate::data::Country;
use crate::data::Origin;

keyword_enum! {
    /// Comtrade's trade flow codes.
    pub enum ComtradeFlow: "Comtrade flow code" {
        /// `X`: exports.
        Export = "X",
        /// `M`: imports.
        Import = "M",
        /// `RX`: re-exports.
        ReExport = "RX",
        /// `RM`: re-imports.
        ReImport = "RM",
    }
}

impl ComtradeFlow {
    /// The code as Comtrade writes it.
    pub fn code(self) -> &'static str {
        self.as_str()
    }
}

/// One row of a Comtrade file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeRecord {
    /// `refYear`.
    pub year: i32,
    /// `period` (e.g. `2022` or `202203`), when present.
    pub period: Option<String>,
    /// `freqCode` (`A` annual, `M` monthly), when present.
    pub frequency: Option<String>,
    /// `reporterISO`.
    pub reporter: Country,
    /// `partnerISO`.
    pub partner: Country,
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

/// The total of one (year, reporter, partner, flow) over commodity codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeTotal {
    /// `refYear`.
    pub year: i32,
    /// `reporterISO`.
    pub reporter: Country,
    /// `partnerISO`.
    pub partner: Country,
    /// `flowCode`.
    pub flow: ComtradeFlow,
    /// US dollars.
    pub value: f64,
    /// Whether the value is the file's own `TOTAL` row (true) or the sum of its HS rows.
    pub from_total_row: bool,
    /// How many rows it sums.
    pub rows: u64,
    /// The file, and the first row it draws on.
    pub origin: Origin,
}
