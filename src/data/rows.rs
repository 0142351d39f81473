//! The data format's row structs: one per table (`figures`, `regimes`), read and written by the
//! csv crate, converted to and from the typed values with every check the constructors make.
//! Fields are text so that each one is parsed by its own type's parser and a bad value names its
//! column (`data/README.md` documents the format).

use serde::{Deserialize, Serialize};

use crate::data::Period;
use crate::data::RegimeFact;
use crate::data::money::Usd;
use crate::data::number;
use crate::data::{Bound, Figure, FigureId, Origin, Provenance, Source, Unit, Value};
use crate::data::{Country, parse_country_list};
use crate::error::{DataError, Error, InputError, Result};
use crate::table::Row;

/// One row of a figures file (`data/figures.csv`, `data/series.csv`), as text: each field is
/// parsed by its own type when the row becomes a [`Figure`], so a bad value names its column.
/// `data/README.md` documents each column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureRow {
    /// The figure's id.
    pub id: String,
    /// What is measured.
    pub measure: String,
    /// The corridor, `KAZ->UZB`.
    pub corridor: String,
    /// The country the figure is about.
    pub country: String,
    /// The period covered.
    pub period: String,
    /// The base period of a change.
    pub base_period: String,
    /// The unit.
    pub unit: String,
    /// The value, as printed or with all its digits.
    pub value: String,
    /// The bound the printed words express.
    pub bound: String,
    /// The printed precision, when the digits do not show it.
    pub decimals: String,
    /// Whose statistics these are.
    pub reporter: String,
    /// Who the source attributes the figure to.
    pub attributed_to: String,
    /// The document or publisher.
    pub source: String,
    /// Where it can be found.
    pub address: String,
    /// When it was published.
    pub published: String,
    /// The words that give the value.
    pub printed: String,
    /// The sentence, as printed.
    pub quote: String,
}

impl Row for FigureRow {
    const REQUIRED: &'static [&'static str] = &["id", "measure", "unit", "value", "source"];
}

/// One row of a regimes file (`data/regimes.csv`), as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegimeRow {
    /// The fact's id.
    pub id: String,
    /// The regime.
    pub regime: String,
    /// The countries, `;`-separated.
    pub countries: String,
    /// Their status.
    pub status: String,
    /// Since when.
    pub since: String,
    /// The date the source describes.
    pub as_of: String,
    /// The document or publisher.
    pub source: String,
    /// Where it can be found.
    pub address: String,
    /// When it was published.
    pub published: String,
    /// The words that state it.
    pub printed: String,
    /// The sentence, as printed.
    pub quote: String,
}

impl Row for RegimeRow {
    const REQUIRED: &'static [&'static str] =
        &["id", "regime", "countries", "status", "as_of", "source"];
}

/// Field access for one row: parse errors name the file, line and column.
struct At<'a> {
    file: &'a str,
    line: u64,
}

impl At<'_> {
    fn required<'t>(&self, field: &str, text: &'t str) -> Result<&'t str> {
        let t = text.trim();
        if t.is_empty() {
            Err(Error::Data(DataError::EmptyField).at(self.file, self.line, field))
        } else {
            Ok(t)
        }
    }

    fn parse<T>(&self, field: &str, text: &str, f: impl FnOnce(&str) -> Result<T>) -> Result<T> {
        let t = self.required(field, text)?;
        f(t).map_err(|e| e.at(self.file, self.line, field))
    }

    fn parse_opt<T>(
        &self,
        field: &str,
        text: &str,
        f: impl FnOnce(&str) -> Result<T>,
    ) -> Result<Option<T>> {
        match text.trim() {
            "" => Ok(None),
            t => f(t)
                .map(Some)
                .map_err(|e| e.at(self.file, self.line, field)),
        }
    }
}

fn owned(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn text<T: ToString>(x: Option<T>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// Parses a `value` field for `unit`; `decimals` overrides the precision the digits show.
fn parse_value(unit: Unit, text: &str, decimals: Option<i32>) -> Result<Value> {
    let mismatch = || {
        Error::Data(DataError::UnitMismatch {
            value: text.to_owned(),
            unit: unit.as_str().to_owned(),
        })
    };
    match unit {
        Unit::Date => Ok(Value::Date {
            period: text.parse()?,
        }),
        Unit::Countries => Ok(Value::Countries {
            countries: parse_country_list(text)?,
        }),
        Unit::Usd => {
            let (usd, step) = Usd::parse_printed(text)?;
            let step = match decimals {
                // The step of the written digits is 10^-d times the scale word's factor.
                Some(d) => step * 10f64.powi(number_decimals(text) - d),
                None => step,
            };
            Ok(Value::Amount {
                value: usd.value(),
                step,
            })
        }
        _ => {
            let p = number::parse_number(text).map_err(|e| match e {
                Error::Data(DataError::InvalidNumber { .. }) if text.parse::<Period>().is_ok() => {
                    mismatch()
                }
                other => other,
            })?;
            let d = decimals.unwrap_or(p.decimals);
            Ok(Value::Amount {
                value: p.value,
                step: 10f64.powi(-d),
            })
        }
    }
}

/// Digits after the decimal point in the number part of money text ("0.7352 bn USD" → 4).
fn number_decimals(text: &str) -> i32 {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    digits
        .split_once('.')
        .map_or(0, |(_, f)| i32::try_from(f.len()).unwrap_or(0))
}

fn parse_decimals(text: &str) -> Result<i32> {
    let out_of_range = |value| {
        Error::Input(InputError::OutOfRange {
            what: "decimals",
            value,
            expected: "a whole number between -300 and 300",
        })
    };
    let p = number::parse_digits(text)?;
    if p.decimals != 0 || p.value.abs() > 300.0 {
        return Err(out_of_range(p.value));
    }
    crate::convert::f64_to_i32(p.value).ok_or(out_of_range(p.value))
}

/// The provenance columns, shared by both tables.
struct ProvenanceText<'a> {
    attributed_to: &'a str,
    source: &'a str,
    address: &'a str,
    published: &'a str,
    printed: &'a str,
    quote: &'a str,
}

impl ProvenanceText<'_> {
    fn read(&self, at: &At<'_>) -> Result<Provenance> {
        Ok(Provenance {
            source: Source::parse(at.required("source", self.source)?),
            address: owned(self.address),
            published: at.parse_opt("published", self.published, str::parse)?,
            attributed_to: owned(self.attributed_to),
            quote: self.quote.trim().to_owned(),
            printed: owned(self.printed),
        })
    }
}

impl FigureRow {
    /// The figure this row describes, with its origin (whether its id is unique is the
    /// dataset's check).
    pub(crate) fn into_figure(self, file: &str, line: u64) -> Result<Figure> {
        let at = At { file, line };
        let id = at.parse("id", &self.id, FigureId::new)?;
        let unit: Unit = at.parse("unit", &self.unit, str::parse)?;
        let decimals = at.parse_opt("decimals", &self.decimals, parse_decimals)?;
        let value = at.parse("value", &self.value, |t| parse_value(unit, t, decimals))?;
        let bound: Bound = self
            .bound
            .parse()
            .map_err(|e: Error| e.at(file, line, "bound"))?;
        let measure = at.required("measure", &self.measure)?;
        let provenance = ProvenanceText {
            attributed_to: &self.attributed_to,
            source: &self.source,
            address: &self.address,
            published: &self.published,
            printed: &self.printed,
            quote: &self.quote,
        }
        .read(&at)?;
        let mut figure = Figure::new(id, measure, unit, value, bound, provenance)
            .map_err(|e| e.at(file, line, "value"))?
            .with_origin(file, line);
        if let Some(c) = at.parse_opt("corridor", &self.corridor, str::parse)? {
            figure = figure.with_corridor(c);
        }
        if let Some(c) = at.parse_opt("country", &self.country, Country::new)? {
            figure = figure.with_country(c);
        }
        if let Some(p) = at.parse_opt("period", &self.period, str::parse)? {
            figure = figure.with_period(p);
        }
        if let Some(p) = at.parse_opt("base_period", &self.base_period, str::parse)? {
            figure = figure.with_base_period(p);
        }
        if let Some(r) = at.parse_opt("reporter", &self.reporter, Country::new)? {
            figure = figure.with_reporter(r);
        }
        Ok(figure)
    }

    /// The row that reads back as `f`, provenance and all: the value with all its digits and
    /// `decimals` restoring the printed step.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] for a step that is not a power of ten: the format records
    /// precision as decimals, so it could not read back.
    pub(crate) fn from_figure(f: &Figure) -> Result<FigureRow> {
        let (value, decimals) = match f.value() {
            Value::Amount { value, step } => {
                let d = -step.log10().round();
                if crate::data::figure::canonical_step(10f64.powf(-d)) != *step || d.abs() > 300.0 {
                    return Err(Error::Input(InputError::OutOfRange {
                        what: "figure step",
                        value: *step,
                        expected: "a power of ten from 1e-300 to 1e300 (the data format records precision as decimals)",
                    })
                    .about_figure(f.id()));
                }
                let text = if f.unit() == Unit::Usd {
                    format!("{value} USD")
                } else {
                    format!("{value}")
                };
                (text, format!("{d}"))
            }
            Value::Date { period } => (period.to_string(), String::new()),
            Value::Countries { countries } => (join_countries(countries), String::new()),
        };
        let p = f.provenance();
        Ok(FigureRow {
            id: f.id().to_string(),
            measure: f.measure().to_owned(),
            corridor: text(f.corridor()),
            country: text(f.country()),
            period: text(f.period()),
            base_period: text(f.base_period()),
            unit: f.unit().to_string(),
            value,
            bound: f.bound().to_string(),
            decimals,
            reporter: text(f.reporter()),
            attributed_to: p.attributed_to.clone().unwrap_or_default(),
            source: p.source.name().to_owned(),
            address: p.address.clone().unwrap_or_default(),
            published: text(p.published),
            printed: p.printed.clone().unwrap_or_default(),
            quote: p.quote.clone(),
        })
    }
}

fn join_countries(countries: &[Country]) -> String {
    countries
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(";")
}

impl RegimeRow {
    /// The fact this row describes, its id claimed in `ids`.
    pub(crate) fn into_fact(self, file: &str, line: u64) -> Result<RegimeFact> {
        let at = At { file, line };
        let id = at.parse("id", &self.id, FigureId::new)?;
        Ok(RegimeFact {
            id,
            regime: at.parse("regime", &self.regime, str::parse)?,
            countries: at.parse("countries", &self.countries, parse_country_list)?,
            status: at.parse("status", &self.status, str::parse)?,
            since: at.parse_opt("since", &self.since, str::parse)?,
            as_of: at.parse("as_of", &self.as_of, str::parse)?,
            provenance: ProvenanceText {
                attributed_to: "",
                source: &self.source,
                address: &self.address,
                published: &self.published,
                printed: &self.printed,
                quote: &self.quote,
            }
            .read(&at)?,
            origin: Some(Origin {
                file: file.to_owned(),
                line,
            }),
        })
    }

    /// The row that reads back as `r`.
    pub(crate) fn from_fact(r: &RegimeFact) -> RegimeRow {
        let p = &r.provenance;
        RegimeRow {
            id: r.id.to_string(),
            regime: r.regime.to_string(),
            countries: join_countries(&r.countries),
            status: r.status.to_string(),
            since: text(r.since),
            as_of: r.as_of.to_string(),
            source: p.source.name().to_owned(),
            address: p.address.clone().unwrap_or_default(),
            published: text(p.published),
            printed: p.printed.clone().unwrap_or_default(),
            quote: p.quote.clone(),
        }
    }
}
