//! Scenario files whose numbers may cite published figures: anywhere a number is expected, a
//! table `{ figure = "<id>" }` stands for that figure's printed value, so a scenario states where
//! its base comes from instead of copying it. The presets are written this way.
//!
//! A reference is a table with these keys:
//! - `figure`: the figure id (its point value: dollars for money, percent for shares and changes);
//! - `minus` (optional): ids whose values are subtracted;
//! - `times` (optional, default 1): a factor applied after the subtraction;
//! - `annualised` (optional, default false): for a percentage change over n years (its base
//!   period to its period), the annual rate as a fraction, (1 + v/100)^(1/n) − 1.
//!
//! ```toml
//! [baseline]
//! method = "compound"
//! base = { figure = "d002.turnover.2023.a" }                    # $4.5 billion
//! rate = { figure = "d002.turnover.growth.5y", annualised = true } # 1.295^(1/5) − 1
//! ```

use serde_json::Value as Json;

use super::Scenario;
use crate::data::{Dataset, Figure, FigureId, Unit};
use crate::error::{Error, FileError, Result};

/// The keys a reference table may have.
const KEYS: [&str; 4] = ["figure", "minus", "times", "annualised"];

fn reference_error(path: &str, message: String) -> Error {
    Error::File(FileError::Document {
        file: String::new(),
        format: "json",
        path: path.to_owned(),
        line: 0,
        column: 0,
        message,
    })
}

/// A figure's point value, by id.
fn value_of<'d>(data: &'d Dataset, path: &str, id: &Json) -> Result<(&'d Figure, f64)> {
    let id = id
        .as_str()
        .ok_or_else(|| reference_error(path, "a figure id must be a string".into()))?;
    let id = FigureId::new(id)?;
    let figure = data.figure(id.as_str()).ok_or_else(|| {
        reference_error(path, format!("no figure with id \"{id}\" in the dataset"))
    })?;
    let value = figure
        .estimate()
        .map(|e| e.point())
        .ok_or_else(|| reference_error(path, format!("figure {id} is not a number")))?;
    Ok((figure, value))
}

/// The number a reference table stands for.
fn resolve_reference(
    data: &Dataset,
    path: &str,
    table: &serde_json::Map<String, Json>,
) -> Result<f64> {
    if let Some(k) = table.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(reference_error(
            path,
            format!("unknown key `{k}` in a figure reference (expected one of: {KEYS:?})"),
        ));
    }
    let (figure, mut value) = value_of(data, path, table.get("figure").unwrap_or(&Json::Null))?;
    if let Some(minus) = table.get("minus") {
        let ids = minus
            .as_array()
            .ok_or_else(|| reference_error(path, "`minus` must be a list of figure ids".into()))?;
        for id in ids {
            value -= value_of(data, path, id)?.1;
        }
    }
    if let Some(times) = table.get("times") {
        value *= times
            .as_f64()
            .filter(|t| t.is_finite())
            .ok_or_else(|| reference_error(path, "`times` must be a finite number".into()))?;
    }
    if table.get("annualised").and_then(Json::as_bool) == Some(true) {
        let years = match (figure.unit(), figure.period(), figure.base_period()) {
            (Unit::PercentChange, Some(p), Some(b)) => p.first_day().year() - b.first_day().year(),
            _ => 0,
        };
        if years < 1 {
            return Err(reference_error(
                path,
                format!(
                    "figure {} is not a change over whole years, so it cannot be annualised",
                    figure.id()
                ),
            ));
        }
        value = (1.0 + value / 100.0).powf(1.0 / f64::from(years)) - 1.0;
    }
    crate::error::finite("figure reference", value)
}

/// Replaces every reference table in `value` by its number.
fn resolve(data: &Dataset, path: &str, value: &mut Json) -> Result<()> {
    match value {
        Json::Object(table) if table.contains_key("figure") => {
            let x = resolve_reference(data, path, table)?;
            *value = serde_json::Number::from_f64(x)
                .map(Json::Number)
                .ok_or_else(|| reference_error(path, "not a finite number".into()))?;
        }
        Json::Object(table) => {
            for (k, v) in table.iter_mut() {
                let sub = if path == "." {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                resolve(data, &sub, v)?;
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                resolve(data, &format!("{path}[{i}]"), v)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A document error at a layer (`layers[1]`) with the field inside it named
/// (`layers[1].covered_share`): a layer is tagged by its `kind`, so the reader takes it whole
/// and its path stops at the layer; the layer is read again as its kind to find the field.
/// Errors elsewhere, and layers that read, are returned as they are.
pub(crate) fn at_layer_field(error: Error, document: &Json) -> Error {
    let Error::File(FileError::Document { path, .. }) = &error else {
        return error;
    };
    let Some(index) = path
        .strip_prefix("layers[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return error;
    };
    let Some(Json::Object(layer)) = document.get("layers").and_then(|l| l.get(index)) else {
        return error;
    };
    let mut fields = layer.clone();
    let kind = fields.remove("kind");
    let inner = match kind.as_ref().and_then(Json::as_str) {
        Some("trade_cost") => field_error::<super::TradeCost>(fields),
        Some("import_substitution") => field_error::<super::ImportSubstitution>(fields),
        Some("project_pipeline") => field_error::<super::ProjectPipeline>(fields),
        Some("estimated_effect") => field_error::<super::EstimatedEffect>(fields),
        Some("equilibrium_effect") => field_error::<super::EquilibriumEffect>(fields),
        _ => None,
    };
    match (error, inner) {
        (
            Error::File(FileError::Document {
                file,
                format,
                path,
                line,
                column,
                ..
            }),
            Some((field, message)),
        ) => Error::File(FileError::Document {
            file,
            format,
            path: format!("{path}.{field}"),
            line,
            column,
            message,
        }),
        (error, _) => error,
    }
}

/// The path and message of the first field of `fields` that does not read as `T`.
fn field_error<T: serde::de::DeserializeOwned>(
    fields: serde_json::Map<String, Json>,
) -> Option<(String, String)> {
    match serde_path_to_error::deserialize::<_, T>(Json::Object(fields)) {
        Ok(_) => None,
        Err(e) => {
            let path = e.path().to_string();
            (!path.is_empty() && path != ".").then(|| (path, e.into_inner().to_string()))
        }
    }
}

/// Reads a scenario whose numbers may cite figures of `data`, from a parsed document.
fn from_value(
    file: &str,
    format: &'static str,
    mut value: Json,
    data: &Dataset,
) -> Result<Scenario> {
    let named = |e: Error| e.in_file(file, Some(format));
    resolve(data, ".", &mut value).map_err(named)?;
    // A layer whose change comes from a general-equilibrium run needs no change of its own:
    // a placeholder until the run fills it.
    if let Some(Json::Array(layers)) = value.get_mut("layers") {
        for layer in layers.iter_mut() {
            if let Json::Object(fields) = layer
                && fields.get("kind").and_then(Json::as_str) == Some("equilibrium_effect")
                && fields.contains_key("run")
                && !fields.contains_key("change")
            {
                fields.insert("change".into(), Json::from(0.0));
            }
        }
    }
    let parsed: super::model::ScenarioFile = serde_path_to_error::deserialize(value.clone())
        .map_err(|e| {
            let path = e.path().to_string();
            named(at_layer_field(
                reference_error(
                    if path.is_empty() { "." } else { &path },
                    e.into_inner().to_string(),
                ),
                &value,
            ))
        })?;
    let mut scenario = Scenario::try_from(parsed)?;
    let folder = std::path::Path::new(file)
        .parent()
        .unwrap_or_else(|| std::path::Path::new(""));
    let mut ran = false;
    for (i, layer) in scenario.layers.iter_mut().enumerate() {
        if let super::Layer::EquilibriumEffect(l) = layer
            && let Some(run) = l.run.clone()
        {
            run.apply(folder, l).map_err(|e| Error::Within {
                context: format!("the general-equilibrium run of layers[{i}] ({})", l.name),
                error: Box::new(e),
            })?;
            ran = true;
        }
    }
    if ran {
        scenario.validate()?;
    }
    Ok(scenario)
}

impl Scenario {
    /// Reads a TOML scenario whose numbers may cite figures of `data` (see the module docs of
    /// [`crate::scenario`]'s files: `{ figure = "<id>" }`), and validates it.
    ///
    /// # Errors
    /// [`FileError::Document`] naming the field path for malformed TOML, an unknown figure id or
    /// reference key, or a value [`Scenario::validate`] refuses.
    ///
    /// # Examples
    /// ```
    /// use bilateral::{Dataset, Scenario};
    /// let text = r#"
    /// name = "cited"
    /// base_year = 2023
    /// horizon = 7
    /// [baseline]
    /// method = "compound"
    /// base = { figure = "d002.turnover.2023.a" }
    /// rate = { figure = "d002.turnover.growth.5y", annualised = true }
    /// "#;
    /// let s = Scenario::from_toml_with(text, &Dataset::builtin()?)?;
    /// let r = s.run()?;
    /// // 4.5e9 · 1.295^(7/5) in 2030.
    /// assert!((r.total[7] - 4.5e9 * 1.295f64.powf(1.4)).abs() < 1.0);
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn from_toml_with(text: &str, data: &Dataset) -> Result<Scenario> {
        Scenario::parse_with("<toml>", "toml", text.as_bytes(), data)
    }

    /// [`Scenario::from_toml_with`] for JSON.
    ///
    /// # Errors
    /// As [`Scenario::from_toml_with`].
    pub fn from_json_with(text: &str, data: &Dataset) -> Result<Scenario> {
        Scenario::parse_with("<json>", "json", text.as_bytes(), data)
    }

    /// Reads a scenario file (TOML for a `.toml` name, JSON otherwise) whose numbers may cite
    /// figures of `data`.
    ///
    /// # Errors
    /// [`IoError::Io`](crate::error::IoError::Io) if it cannot be read; as
    /// [`Scenario::from_toml_with`], naming the file.
    pub fn load_with(path: &std::path::Path, data: &Dataset) -> Result<Scenario> {
        let bytes = crate::file::read(path)?;
        let toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        let format = if toml { "toml" } else { "json" };
        Scenario::parse_with(&path.display().to_string(), format, &bytes, data)
    }

    fn parse_with(
        file: &str,
        format: &'static str,
        bytes: &[u8],
        data: &Dataset,
    ) -> Result<Scenario> {
        let value: Json = if format == "toml" {
            crate::document::from_toml(file, bytes)?
        } else {
            crate::document::from_json(file, bytes)?
        };
        from_value(file, format, value, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Dataset {
        Dataset::builtin().unwrap()
    }

    #[test]
    fn references_resolve_with_minus_and_times() {
        let mut v: Json = serde_json::json!({
            "a": { "figure": "d002.projects.value",
                   "minus": ["d002.completed.value", "d002.underway.value"], "times": 0.5 }
        });
        resolve(&data(), ".", &mut v).unwrap();
        // 0.5 · (3.1e9 − 217e6 − 178e6) = 1.3525e9
        assert_eq!(v["a"].as_f64(), Some(1.3525e9));
    }

    #[test]
    fn bad_references_name_their_path() {
        let mut v: Json = serde_json::json!({ "layers": [{ "x": { "figure": "no.such" } }] });
        let e = resolve(&data(), ".", &mut v).unwrap_err();
        assert!(
            matches!(&e, Error::File(FileError::Document { path, message, .. })
                if path == "layers[0].x" && message.contains("no.such")),
            "{e:?}"
        );
        let mut v: Json =
            serde_json::json!({ "x": { "figure": "d002.exports.2023", "annualised": true } });
        assert!(resolve(&data(), ".", &mut v).is_err());
        let mut v: Json = serde_json::json!({ "x": { "figure": "d002.exports.2023", "time": 2 } });
        assert!(resolve(&data(), ".", &mut v).is_err());
    }
}
