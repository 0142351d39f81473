//! Published figures: a printed value with its precision, bound and provenance.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::data::Country;
use crate::data::Period;
use crate::data::money;
use crate::data::{Corridor, Flow};
use crate::data::{Estimate, Interval};
use crate::error::{DataError, Error, InputError, Result};

/// A figure's identifier: lowercase letters, digits, `.`, `_` and `-`
/// (e.g. `d002.turnover.2023`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FigureId(String);

impl FigureId {
    /// A validated id.
    ///
    /// # Errors
    /// [`DataError::InvalidId`] for an empty id or one with other characters.
    pub fn new(text: &str) -> Result<FigureId> {
        let ok = !text.is_empty()
            && text.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        if ok {
            Ok(FigureId(text.to_owned()))
        } else {
            Err(Error::Data(DataError::InvalidId {
                text: text.to_owned(),
            }))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FigureId {
    /// Ids as one field: joined by `;`.
    pub fn join(ids: &[FigureId]) -> String {
        ids.iter()
            .map(FigureId::as_str)
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Ids from one field written by [`FigureId::join`] (blank parts skipped).
    ///
    /// # Errors
    /// As [`FigureId::new`].
    pub fn split(text: &str) -> Result<Vec<FigureId>> {
        text.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(FigureId::new)
            .collect()
    }
}

impl fmt::Display for FigureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for FigureId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<FigureId, D::Error> {
        let s = String::deserialize(d)?;
        FigureId::new(&s).map_err(serde::de::Error::custom)
    }
}

keyword_enum! {
    /// The unit a figure is measured in.
    pub enum Unit: "unit" {
        /// Current US dollars.
        Usd = "usd",
        /// A share, in percent (0–100).
        Percent = "percent",
        /// A percentage change (−100 exclusive upwards).
        PercentChange = "percent_change",
        /// A count of things (projects, jobs, members).
        Count = "count",
        /// Metric tonnes.
        Tonnes = "tonnes",
        /// Hectares.
        Hectares = "hectares",
        /// A duration in years.
        Years = "years",
        /// An ordinal ("21st meeting").
        Ordinal = "ordinal",
        /// Times per year ("semi-annual" = 2).
        PerYear = "per_year",
        /// A multiple ("double" = 2).
        Ratio = "ratio",
        /// A date or period ("29 January 1996", "fourth quarter of 2026").
        Date = "date",
        /// A list of countries.
        Countries = "countries",
    }
}

impl Unit {
    /// Whether values of this unit are numbers (as opposed to dates or country lists).
    pub fn is_numeric(self) -> bool {
        !matches!(self, Unit::Date | Unit::Countries)
    }
}

keyword_enum! {
    /// How the printed number relates to the true value. An empty field in a data file is
    /// [`Bound::Eq`].
    pub enum Bound: "bound" {
        /// Printed as is, rounded to its last digit: [v − step/2, v + step/2].
        Eq = "eq" | "",
        /// "More than", "exceeding": [v, ∞).
        Gt = "gt",
        /// "Less than", "under": [0, v] (or (−∞, v] for a percentage change).
        Lt = "lt",
        /// "About", "around": one printed step either way, [v − step, v + step].
        Approx = "approx",
        /// "Nearly", "almost": up to one printed step below, [v − step, v].
        Nearly = "nearly",
    }
}

impl Bound {
    /// The words a reader sees before the number.
    pub fn words(self) -> &'static str {
        match self {
            Bound::Eq => "",
            Bound::Gt => "more than ",
            Bound::Lt => "less than ",
            Bound::Approx => "about ",
            Bound::Nearly => "nearly ",
        }
    }
}

/// A figure's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Value {
    /// A number in the figure's unit (US dollars for money), and the size of its last printed
    /// digit (`"$3.1 billion"` → step 1e8 dollars).
    Amount {
        /// The printed value.
        value: f64,
        /// One unit of the last printed digit.
        step: f64,
    },
    /// A date or period.
    Date {
        /// The period.
        period: Period,
    },
    /// A list of countries.
    Countries {
        /// The countries, in printed order.
        countries: Vec<Country>,
    },
}

/// Where a figure was published.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "name")]
pub enum Source {
    /// One of the source documents, by file name (e.g. `002_26f6919544f59e0e.txt`).
    Document(String),
    /// Another publisher (a statistics office, a ministry, a news agency), by name.
    Publisher(String),
}

impl Source {
    /// Reads a `source` field: a document file name (`NNN_<16 hex>.txt`) or a publisher's name.
    pub fn parse(text: &str) -> Source {
        let t = text.trim();
        let is_document = t.ends_with(".txt")
            && t.len() == 24
            && t.bytes().take(3).all(|b| b.is_ascii_digit())
            && t.as_bytes().get(3) == Some(&b'_')
            && t.bytes().skip(4).take(16).all(|b| b.is_ascii_hexdigit());
        if is_document {
            Source::Document(t.to_owned())
        } else {
            Source::Publisher(t.to_owned())
        }
    }

    /// The document file name or publisher name.
    pub fn name(&self) -> &str {
        match self {
            Source::Document(s) | Source::Publisher(s) => s,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a figure comes from: document or publisher, address, date, who said it, the exact
/// quote, and the words in the quote that give the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Document or publisher.
    pub source: Source,
    /// Web address or other locator, when known.
    pub address: Option<String>,
    /// When it was published.
    pub published: Option<Period>,
    /// Who the source attributes the figure to (a press service, a minister), when stated.
    pub attributed_to: Option<String>,
    /// The exact sentence, as printed (empty when only the figure itself was read).
    pub quote: String,
    /// The words within the quote that express the value (e.g. `"exceeding $1.2 billion"`).
    pub printed: Option<String>,
}

/// One published figure.
///
/// Keeps the value as printed with its precision and bound (so its interval), what it measures,
/// the period it covers, whose statistics it is, and its provenance.
///
/// # Examples
/// ```
/// use bilateral::Dataset;
/// let data = Dataset::builtin()?;
/// let f = data.figure("d002.turnover.2023.a").expect("built-in figure");
/// assert_eq!(f.value_text(), "$4.5 billion");
/// let e = f.estimate().expect("a number");
/// assert!((e.interval().lo() - 4.45e9).abs() < 1.0);
/// assert!((e.interval().hi() - 4.55e9).abs() < 1.0);
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "FigureRepr")]
pub struct Figure {
    id: FigureId,
    measure: String,
    corridor: Option<Corridor>,
    country: Option<Country>,
    period: Option<Period>,
    base_period: Option<Period>,
    unit: Unit,
    value: Value,
    bound: Bound,
    reporter: Option<Country>,
    provenance: Provenance,
    /// The data file and line the figure was read from (not part of its identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<Origin>,
    /// The value's interval, computed once by [`Figure::new`] (derived, never written).
    #[serde(skip)]
    estimate: Option<Estimate>,
}

/// A figure as written, checked by [`Figure::new`] when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureRepr {
    id: FigureId,
    measure: String,
    corridor: Option<Corridor>,
    country: Option<Country>,
    period: Option<Period>,
    base_period: Option<Period>,
    unit: Unit,
    value: Value,
    bound: Bound,
    reporter: Option<Country>,
    provenance: Provenance,
    #[serde(default)]
    origin: Option<Origin>,
}

impl TryFrom<FigureRepr> for Figure {
    type Error = Error;
    fn try_from(r: FigureRepr) -> Result<Figure> {
        let mut f = Figure::new(r.id, &r.measure, r.unit, r.value, r.bound, r.provenance)?;
        f.corridor = r.corridor;
        f.country = r.country;
        f.period = r.period;
        f.base_period = r.base_period;
        f.reporter = r.reporter;
        f.origin = r.origin;
        Ok(f)
    }
}

/// Two figures are equal when everything but their origin (the file and line they were read
/// from) is equal: the same figure written out and read back is the same figure.
impl PartialEq for Figure {
    fn eq(&self, other: &Figure) -> bool {
        self.id == other.id
            && self.measure == other.measure
            && self.corridor == other.corridor
            && self.country == other.country
            && self.period == other.period
            && self.base_period == other.base_period
            && self.unit == other.unit
            && self.value == other.value
            && self.bound == other.bound
            && self.reporter == other.reporter
            && self.provenance == other.provenance
    }
}

/// Snaps a rounding step to the exact power of ten it stands for (0.1 × 1e9 is 1e8 up to float
/// noise), so steps compare equal however they were computed.
pub(crate) fn canonical_step(step: f64) -> f64 {
    let k = step.log10().round();
    let p = 10f64.powf(k);
    if (step - p).abs() <= 1e-9 * p {
        p
    } else {
        step
    }
}

/// The data file and line a figure or fact was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file name as given to the loader.
    pub file: String,
    /// 1-based line number.
    pub line: u64,
}

impl Figure {
    /// A figure with the required parts; add the optional ones with the `with_*` methods.
    ///
    /// # Errors
    /// [`DataError::UnitMismatch`] if the value does not fit the unit; [`InputError::NonFinite`]
    /// for a NaN or infinite amount or step; [`DataError::NegativeMoney`] for a negative dollar
    /// amount; [`InputError::OutOfRange`] for a negative count, a share over 100%, a change at or
    /// below −100%, or a step that is not positive.
    pub fn new(
        id: FigureId,
        measure: &str,
        unit: Unit,
        value: Value,
        bound: Bound,
        provenance: Provenance,
    ) -> Result<Figure> {
        check_value(unit, &value)?;
        // The quote and printed words as a reader sees them: edge whitespace is not part of a
        // quote, and a CSV field cannot keep it.
        let mut provenance = provenance;
        provenance.quote = provenance.quote.trim().to_owned();
        provenance.printed = provenance
            .printed
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        let value = match value {
            Value::Amount { value, step } => Value::Amount {
                value,
                step: canonical_step(step),
            },
            other => other,
        };
        let estimate = interval_of(unit, &value, bound)?;
        Ok(Figure {
            id,
            measure: measure.trim().to_owned(),
            corridor: None,
            country: None,
            period: None,
            base_period: None,
            unit,
            value,
            bound,
            reporter: None,
            provenance,
            origin: None,
            estimate,
        })
    }

    /// Records the data file and line the figure was read from.
    pub fn with_origin(mut self, file: &str, line: u64) -> Figure {
        self.origin = Some(Origin {
            file: file.to_owned(),
            line,
        });
        self
    }

    /// The data file and line the figure was read from, when it came from a file.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// Sets the corridor.
    pub fn with_corridor(mut self, corridor: Corridor) -> Figure {
        self.corridor = Some(corridor);
        self
    }
    /// Sets the country the figure is about.
    pub fn with_country(mut self, country: Country) -> Figure {
        self.country = Some(country);
        self
    }
    /// Sets the period the figure covers (for a change, the end period).
    pub fn with_period(mut self, period: Period) -> Figure {
        self.period = Some(period);
        self
    }
    /// Sets the base period of a change (the "from" of "rose X% from ...").
    pub fn with_base_period(mut self, base: Period) -> Figure {
        self.base_period = Some(base);
        self
    }
    /// Sets whose statistics the figure is.
    pub fn with_reporter(mut self, reporter: Country) -> Figure {
        self.reporter = Some(reporter);
        self
    }

    /// The id.
    pub fn id(&self) -> &FigureId {
        &self.id
    }
    /// What is measured (`turnover`, `exports`, `industrial_projects`, ...).
    pub fn measure(&self) -> &str {
        &self.measure
    }
    /// The trade flow, when the measure is one.
    pub fn flow(&self) -> Option<Flow> {
        self.measure.parse().ok()
    }
    /// The corridor, if the figure is about one.
    pub fn corridor(&self) -> Option<Corridor> {
        self.corridor
    }
    /// The country the figure is about, if any.
    pub fn country(&self) -> Option<Country> {
        self.country
    }
    /// The period covered (for a change, its end).
    pub fn period(&self) -> Option<Period> {
        self.period
    }
    /// The base period of a change.
    pub fn base_period(&self) -> Option<Period> {
        self.base_period
    }
    /// The unit.
    pub fn unit(&self) -> Unit {
        self.unit
    }
    /// The value.
    pub fn value(&self) -> &Value {
        &self.value
    }
    /// The bound.
    pub fn bound(&self) -> Bound {
        self.bound
    }
    /// Whose statistics these are.
    pub fn reporter(&self) -> Option<Country> {
        self.reporter
    }
    /// Where the figure comes from.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Whether this is a level of a trade flow along a corridor in US dollars.
    pub fn is_flow_level(&self) -> bool {
        self.unit == Unit::Usd
            && self.flow().is_some()
            && self.corridor.is_some()
            && self.period.is_some()
    }

    /// The printed value and the interval its precision and bound allow, for numeric figures.
    ///
    /// # Formula
    /// With printed value v and step s (one unit of the last printed digit):
    /// `eq` → [v − s/2, v + s/2]; `gt` → [v, ∞); `lt` → [0, v]; `approx` → [v − s, v + s];
    /// `nearly` → [v − s, v]. Lower ends are clipped at 0 for units that cannot be negative.
    ///
    /// Counts of things (`count`, `ordinal`, `per_year`) printed to the unit are exact: "12
    /// completed projects" is 12, not 11.5–12.5. They get an interval only from a bound word
    /// ("about", "nearly", "over") or a stated precision coarser than one (`decimals` below 0,
    /// as in "14,700" rounded to the hundred).
    ///
    /// # Examples
    /// ```
    /// use bilateral::Dataset;
    /// let data = Dataset::builtin()?;
    /// let completed = data.figure("d002.completed.count").and_then(|f| f.estimate()).expect("built-in");
    /// assert_eq!((completed.interval().lo(), completed.interval().hi()), (12.0, 12.0));
    /// let jobs = data.figure("d002.projects.jobs").and_then(|f| f.estimate()).expect("built-in"); // nearly 14,700
    /// assert_eq!((jobs.interval().lo(), jobs.interval().hi()), (14_600.0, 14_700.0));
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn estimate(&self) -> Option<Estimate> {
        self.estimate
    }

    /// The value as a reader would print it: `"$4.5 billion"`, `"more than $1.2 billion"`,
    /// `"+56.9%"`, `"nearly 14,700"`, `"2026-Q4"`, `"AZE, KAZ"`.
    pub fn value_text(&self) -> String {
        let words = self.bound.words();
        match &self.value {
            Value::Amount { value, step } => {
                let decimals = step_decimals(*step);
                let number = match self.unit {
                    Unit::Usd => {
                        money::format_dollars(*value, Some(money::decimals_for_step(*value, *step)))
                    }
                    Unit::Percent => format!("{value:.decimals$}%"),
                    Unit::PercentChange => format!("{value:+.decimals$}%"),
                    Unit::Ratio => format!("{value:.decimals$}x"),
                    Unit::Years => format!("{value:.decimals$} years"),
                    Unit::Tonnes => format!("{} t", group_thousands(*value, decimals)),
                    Unit::Hectares => format!("{} ha", group_thousands(*value, decimals)),
                    Unit::PerYear => format!("{value:.decimals$} per year"),
                    Unit::Ordinal => format!("no. {value:.decimals$}"),
                    _ => group_thousands(*value, decimals),
                };
                format!("{words}{number}")
            }
            Value::Date { period } => format!("{words}{period}"),
            Value::Countries { countries } => countries
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// The interval [`Figure::estimate`] describes, for numeric values.
fn interval_of(unit: Unit, value: &Value, bound: Bound) -> Result<Option<Estimate>> {
    let Value::Amount { value, step } = *value else {
        return Ok(None);
    };
    let counted = matches!(unit, Unit::Count | Unit::Ordinal | Unit::PerYear);
    if counted && bound == Bound::Eq && step <= 1.0 {
        return Estimate::exact(value).map(Some);
    }
    let floor = if unit == Unit::PercentChange {
        f64::NEG_INFINITY
    } else {
        0.0
    };
    let (lo, hi) = match bound {
        Bound::Eq => (value - step / 2.0, value + step / 2.0),
        Bound::Gt => (value, f64::INFINITY),
        Bound::Lt => (floor, value),
        Bound::Approx => (value - step, value + step),
        Bound::Nearly => (value - step, value),
    };
    Estimate::new(value, Interval::new(lo.max(floor), hi)?).map(Some)
}

/// Decimals to print so a step shows (step 0.1 → 1; step 100 → 0).
fn step_decimals(step: f64) -> usize {
    let d = -step.log10();
    if d.is_finite() && d > 0.0 {
        crate::convert::f64_to_usize(d.round()).unwrap_or(0).min(12)
    } else {
        0
    }
}

/// `14700` → `"14,700"`.
fn group_thousands(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 { format!("-{out}") } else { out }
}

fn check_value(unit: Unit, value: &Value) -> Result<()> {
    let mismatch = |v: String| {
        Error::Data(DataError::UnitMismatch {
            value: v,
            unit: unit.as_str().to_owned(),
        })
    };
    match (unit, value) {
        (Unit::Date, Value::Date { .. }) | (Unit::Countries, Value::Countries { .. }) => Ok(()),
        (Unit::Date | Unit::Countries, v)
        | (_, v @ (Value::Date { .. } | Value::Countries { .. })) => {
            Err(mismatch(format!("{v:?}")))
        }
        (unit, Value::Amount { value, step }) => {
            crate::error::finite("figure value", *value)?;
            crate::error::finite("figure step", *step)?;
            if *step <= 0.0 {
                return Err(Error::Input(InputError::OutOfRange {
                    what: "figure step",
                    value: *step,
                    expected: "a positive step (one unit of the last printed digit)",
                }));
            }
            match unit {
                Unit::Usd if *value < 0.0 => {
                    Err(Error::Data(DataError::NegativeMoney { value: *value }))
                }
                Unit::Percent if !(0.0..=100.0).contains(value) => {
                    Err(Error::Input(InputError::OutOfRange {
                        what: "share",
                        value: *value,
                        expected: "0 to 100 percent",
                    }))
                }
                Unit::PercentChange if *value <= -100.0 => {
                    Err(Error::Input(InputError::OutOfRange {
                        what: "percentage change",
                        value: *value,
                        expected: "above -100%",
                    }))
                }
                Unit::PercentChange | Unit::Usd | Unit::Percent => Ok(()),
                _ if *value < 0.0 => Err(Error::Input(InputError::OutOfRange {
                    what: "figure value",
                    value: *value,
                    expected: "at least zero",
                })),
                _ => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prov() -> Provenance {
        Provenance {
            source: Source::parse("002_26f6919544f59e0e.txt"),
            address: None,
            published: None,
            attributed_to: None,
            quote: String::new(),
            printed: None,
        }
    }

    fn amount(unit: Unit, value: f64, step: f64, bound: Bound) -> Result<Figure> {
        Figure::new(
            FigureId::new("t")?,
            "x",
            unit,
            Value::Amount { value, step },
            bound,
            prov(),
        )
    }

    #[test]
    fn intervals_follow_bound_and_precision() {
        let iv = |unit, v, s, b| {
            amount(unit, v, s, b)
                .ok()
                .and_then(|f| f.estimate())
                .map(|e| (e.interval().lo(), e.interval().hi()))
        };
        // "$3.1 billion" → [3.05, 3.15) bn
        assert_eq!(iv(Unit::Usd, 3.1e9, 1e8, Bound::Eq), Some((3.05e9, 3.15e9)));
        // "exceeding $1.2 billion" → [1.2, ∞)
        assert_eq!(
            iv(Unit::Usd, 1.2e9, 1e8, Bound::Gt),
            Some((1.2e9, f64::INFINITY))
        );
        // "nearly 14,700" (to the hundred) → [14,600, 14,700]
        assert_eq!(
            iv(Unit::Count, 14_700.0, 100.0, Bound::Nearly),
            Some((14_600.0, 14_700.0))
        );
        // "around 4,500" → [4,400, 4,600]
        assert_eq!(
            iv(Unit::Count, 4_500.0, 100.0, Bound::Approx),
            Some((4_400.0, 4_600.0))
        );
        // "less than 5%" change → (−∞, 5]
        assert_eq!(
            iv(Unit::PercentChange, 5.0, 1.0, Bound::Lt),
            Some((f64::NEG_INFINITY, 5.0))
        );
    }

    #[test]
    fn rejects_values_that_do_not_fit() {
        assert!(matches!(
            amount(Unit::Usd, -1.0, 1.0, Bound::Eq),
            Err(Error::Data(DataError::NegativeMoney { .. }))
        ));
        assert!(matches!(
            amount(Unit::Percent, 101.0, 1.0, Bound::Eq),
            Err(Error::Input(InputError::OutOfRange { .. }))
        ));
        assert!(matches!(
            amount(Unit::PercentChange, -100.0, 1.0, Bound::Eq),
            Err(Error::Input(InputError::OutOfRange { .. }))
        ));
        assert!(matches!(
            amount(Unit::Count, f64::NAN, 1.0, Bound::Eq),
            Err(Error::Input(InputError::NonFinite { .. }))
        ));
        assert!(matches!(
            amount(Unit::Count, 1.0, 0.0, Bound::Eq),
            Err(Error::Input(InputError::OutOfRange { .. }))
        ));
        assert!(matches!(
            amount(Unit::Date, 1.0, 1.0, Bound::Eq),
            Err(Error::Data(DataError::UnitMismatch { .. }))
        ));
    }

    #[test]
    fn value_text() {
        let t = |unit, v, s, b| {
            amount(unit, v, s, b)
                .map(|f| f.value_text())
                .unwrap_or_default()
        };
        assert_eq!(t(Unit::Usd, 4.5e9, 1e8, Bound::Eq), "$4.5 billion");
        assert_eq!(
            t(Unit::Usd, 1.2e9, 1e8, Bound::Gt),
            "more than $1.2 billion"
        );
        assert_eq!(t(Unit::Usd, 217e6, 1e6, Bound::Eq), "$217 million");
        assert_eq!(t(Unit::PercentChange, -9.1, 0.1, Bound::Eq), "-9.1%");
        assert_eq!(t(Unit::PercentChange, 56.9, 0.1, Bound::Eq), "+56.9%");
        assert_eq!(
            t(Unit::Count, 14_700.0, 100.0, Bound::Nearly),
            "nearly 14,700"
        );
        assert_eq!(t(Unit::Tonnes, 500_000.0, 1.0, Bound::Eq), "500,000 t");
    }

    #[test]
    fn ids_and_sources() {
        assert!(FigureId::new("d002.turnover.2023-a_1").is_ok());
        assert!(matches!(
            FigureId::new("Bad Id"),
            Err(Error::Data(DataError::InvalidId { .. }))
        ));
        assert!(matches!(
            FigureId::new(""),
            Err(Error::Data(DataError::InvalidId { .. }))
        ));
        assert!(matches!(
            Source::parse("002_26f6919544f59e0e.txt"),
            Source::Document(_)
        ));
        assert!(matches!(
            Source::parse("Trend News Agency"),
            Source::Publisher(_)
        ));
    }
}
