//! Published data: what was published, by whom, and how precisely.
//!
//! The vocabulary of trade statistics as validated types ([`Country`], [`Corridor`], [`Flow`],
//! [`Period`], [`Usd`]), a published [`Figure`] with its printed precision, bound and
//! [`Provenance`], the [`Interval`]/[`Estimate`] arithmetic that carries printed precision
//! through every computation, dated [`RegimeFact`]s, trade records as statistics offices report
//! them ([`TradeRecord`], [`TradeTotal`]), and the [`Dataset`] that holds them: the built-in data
//! of the source documents, or your own files in the same format (`data/README.md`).
//! [`check_provenance`] checks every quote against the document it cites.
//!
//! # Examples
//! ```
//! use bilateral::data::{Bound, Dataset, Unit};
//! let data = Dataset::builtin()?;
//! let f = data.figure("d002.turnover.2024-jan-apr").expect("built-in");
//! // "exceeding $1.2 billion": a lower bound, so the interval is [1.2e9, ∞).
//! assert_eq!(f.bound(), Bound::Gt);
//! assert_eq!(f.unit(), Unit::Usd);
//! assert_eq!(f.estimate().map(|e| e.interval().lo()), Some(1.2e9));
//! # Ok::<(), bilateral::Error>(())
//! ```

pub(crate) mod corridor;
pub(crate) mod country;
pub(crate) mod dataset;
pub(crate) mod economy;
pub(crate) mod figure;
pub(crate) mod interval;
pub(crate) mod loader;
pub(crate) mod money;
pub(crate) mod number;
pub(crate) mod period;
pub(crate) mod printed;
pub(crate) mod provenance;
pub(crate) mod regime;
pub(crate) mod rows;
mod table;
pub(crate) mod trade;

pub use corridor::{Corridor, Flow};
pub use country::{Country, FormerCountry, parse_country_list};
pub use dataset::Dataset;
pub use economy::{DataCode, Economy, MAX_CODE_LEN};
pub use figure::{Bound, Figure, FigureId, Origin, Provenance, Source, Unit, Value};
pub use interval::{Estimate, Interval};
pub use money::Usd;
pub use period::{Date, Period, PeriodKind};
pub use printed::{Reading, read as read_printed};
pub use provenance::{Documents, ProvenanceReport, check_provenance, normalize};
pub use regime::{Regime, RegimeFact, RegimeStatus};
pub use rows::{FigureRow, RegimeRow};
pub use table::{FigureValueRow, Figures, TradeRecordRow, TradeTotalRow};
pub use trade::{Area, ComtradeFlow, Party, TotalBasis, TradeRecord, TradeTotal};

pub(crate) use regime::status_on;
