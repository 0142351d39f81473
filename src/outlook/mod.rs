//! The target outlook: what growth a target needs by each year, how that compares with the rates
//! the corridor has shown, when each of those rates gets there, and how likely it is: by the
//! forecast method the backtest supports, with intervals calibrated out of sample
//! ([`crate::forecast`]), and by the fitted trend ([`crate::growth::TrendFit`]), kept beside it
//! as one method among others.
//!
//! The outlook composes the floors below it (growth arithmetic and series, forecasts), so it sits
//! above them. Its text form is the main job's table (`bilateral outlook`); as a
//! [`Table`](crate::table::Table), one [`TargetTableRow`] per target year, with the rates shown ([`HistoricalRateRow`]) and the published base figures ([`PublishedBaseRow`]) as companion tables.
//!
//! # Examples
//! ```
//! use bilateral::outlook::{TargetSpec, target_outlook};
//! use bilateral::growth::{PartialYears, SeriesSpec};
//! use bilateral::{Corridor, Dataset, Flow};
//! let data = Dataset::builtin()?;
//! let base = data.figure("d002.turnover.2023.a").and_then(|f| f.estimate()).expect("built-in");
//! let target = data.figure("d002.target.a").and_then(|f| f.estimate()).expect("built-in");
//! let series = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover).partial_years(PartialYears::ProRata);
//! let o = target_outlook(&data, &TargetSpec::new(series, 2023, base, target, 2026..=2035))?;
//! let y2030 = o.rows.iter().find(|r| r.year == 2030).expect("in range");
//! // (10 / 4.5)^(1/7) - 1 = 12.08% a year.
//! assert!((y2030.required.point() - 0.120_833).abs() < 1e-5);
//! assert!(o.to_string().contains("2030"));
//! # Ok::<(), bilateral::Error>(())
//! ```

mod partial;
pub(crate) mod table;
mod target;

pub use partial::Nowcast;

pub use table::{HistoricalRateRow, PublishedBaseRow, TargetTableRow};
pub use target::{
    DEFAULT_SHARE_CV, HistoricalRate, MethodView, OutlookForecast, RateSource, TargetOutlook,
    TargetRow, TargetSpec, published_base, published_target, target_outlook, target_outlook_with,
};
