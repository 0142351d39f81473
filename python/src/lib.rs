//! `bilateral._core`: the crate's engine for Python. The Python package (`bilateral/`) wraps these
//! functions in an API that takes and returns DataFrames; this layer moves columns in as raw
//! little-endian bytes (one copy, no per-value Python objects), tables out as CSV text in the
//! crate's table formats, and turns the crate's typed errors into Python exceptions of the same
//! kinds.

use bilateral::Error;
use bilateral::equilibrium::{
    Change, Counterfactual, Draws, FirstStage, Imbalances, ZeroPairs, book,
};
use bilateral::gravity::{
    Estimator, FixedEffect, Gravity, GravityFit, GravitySpec, Models, Panel, PanelColumns, Vcov,
};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

create_exception!(
    _core,
    BilateralError,
    PyException,
    "Any error of the bilateral engine."
);
create_exception!(
    _core,
    InputError,
    BilateralError,
    "An input out of range, missing or of the wrong kind."
);
create_exception!(
    _core,
    DataError,
    BilateralError,
    "Data that contradict themselves or the model."
);
create_exception!(
    _core,
    FileError,
    BilateralError,
    "A file or document that cannot be read as given."
);
create_exception!(
    _core,
    GrowthError,
    BilateralError,
    "A growth computation without an answer."
);
create_exception!(
    _core,
    ForecastError,
    BilateralError,
    "A forecast or backtest without an answer."
);
create_exception!(
    _core,
    GravityError,
    BilateralError,
    "A gravity model that cannot be estimated as specified."
);
create_exception!(
    _core,
    EquilibriumError,
    BilateralError,
    "A general-equilibrium run that cannot be solved as specified."
);
create_exception!(
    _core,
    ScenarioError,
    BilateralError,
    "A scenario that cannot be run as specified."
);
create_exception!(_core, IoError, BilateralError, "Reading or writing failed.");

/// The crate's error as the Python exception of its kind, with the crate's message.
fn py_err(e: Error) -> PyErr {
    fn kind(e: &Error) -> &Error {
        match e {
            Error::Field { error, .. } | Error::Within { error, .. } => kind(error),
            other => other,
        }
    }
    let message = e.to_string();
    match kind(&e) {
        Error::Input(_) => InputError::new_err(message),
        Error::Data(_) => DataError::new_err(message),
        Error::File(_) => FileError::new_err(message),
        Error::Growth(_) => GrowthError::new_err(message),
        Error::Forecast(_) => ForecastError::new_err(message),
        Error::Gravity(_) => GravityError::new_err(message),
        Error::Equilibrium(_) => EquilibriumError::new_err(message),
        Error::Scenario(_) => ScenarioError::new_err(message),
        Error::Io(_) => IoError::new_err(message),
        _ => BilateralError::new_err(message),
    }
}

fn input(what: &str) -> PyErr {
    InputError::new_err(what.to_owned())
}

/// `n` little-endian values of `width` bytes from `bytes`, or an error naming `what`.
fn words<'a>(
    bytes: &'a [u8],
    width: usize,
    what: &str,
) -> PyResult<std::slice::ChunksExact<'a, u8>> {
    if !bytes.len().is_multiple_of(width) {
        return Err(input(&format!(
            "{what}: {} bytes is not a whole number of {width}-byte values",
            bytes.len()
        )));
    }
    Ok(bytes.chunks_exact(width))
}

fn f64s(bytes: &[u8], what: &str) -> PyResult<Vec<f64>> {
    Ok(words(bytes, 8, what)?
        .map(|c| f64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or([0; 8])))
        .collect())
}

fn i64s(bytes: &[u8], what: &str) -> PyResult<Vec<i64>> {
    Ok(words(bytes, 8, what)?
        .map(|c| i64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or([0; 8])))
        .collect())
}

/// Codes (int64, −1 for missing, as pandas.factorize gives) as u32 codes and a missing mask.
fn codes(bytes: &[u8], levels: usize, what: &str) -> PyResult<(Vec<u32>, Vec<bool>)> {
    let raw = i64s(bytes, what)?;
    let mut out = Vec::with_capacity(raw.len());
    let mut missing = Vec::with_capacity(raw.len());
    for (row, c) in raw.into_iter().enumerate() {
        if c < 0 {
            out.push(0);
            missing.push(true);
        } else {
            let code = u32::try_from(c)
                .ok()
                .filter(|&c| (c as usize) < levels)
                .ok_or_else(|| {
                    input(&format!(
                        "{what}: row {row} has code {c}, past its {levels} levels"
                    ))
                })?;
            out.push(code);
            missing.push(false);
        }
    }
    Ok((out, missing))
}

/// A gravity panel in memory.
#[pyclass(module = "bilateral._core", frozen)]
struct PanelData(Panel);

#[pymethods]
impl PanelData {
    /// Rows.
    fn __len__(&self) -> usize {
        self.0.len()
    }
    /// The columns besides the keys.
    fn columns(&self) -> Vec<String> {
        self.0.column_names().map(str::to_owned).collect()
    }
}

/// A panel from columns: the countries (exporters and importers coded into one list), the key
/// columns as int64/float64 bytes, numeric columns (float64 bytes, NaN for missing) and text
/// columns (int64 codes, −1 for missing, and their levels).
#[pyfunction]
#[pyo3(signature = (names, countries, exporter, importer, time, value, numeric, text))]
#[allow(clippy::too_many_arguments)]
fn panel(
    names: (String, String, String, String),
    countries: Vec<String>,
    exporter: &Bound<'_, PyBytes>,
    importer: &Bound<'_, PyBytes>,
    time: &Bound<'_, PyBytes>,
    value: &Bound<'_, PyBytes>,
    numeric: Vec<(String, Bound<'_, PyBytes>)>,
    text: Vec<(String, Bound<'_, PyBytes>, Vec<String>)>,
) -> PyResult<PanelData> {
    let n = countries.len();
    let (ex, ex_missing) = codes(exporter.as_bytes(), n, "the exporter column")?;
    let (im, im_missing) = codes(importer.as_bytes(), n, "the importer column")?;
    if let Some(row) = ex_missing
        .iter()
        .zip(&im_missing)
        .position(|(a, b)| *a || *b)
    {
        return Err(input(&format!("row {row} has no exporter or importer")));
    }
    let time = i64s(time.as_bytes(), "the time column")?;
    let value = f64s(value.as_bytes(), "the outcome column")?;
    let names = PanelColumns {
        exporter: names.0,
        importer: names.1,
        time: names.2,
        value: names.3,
    };
    let mut p =
        Panel::from_codes(names, countries, ex, im, time, value, Vec::new()).map_err(py_err)?;
    for (name, bytes) in numeric {
        let v = f64s(bytes.as_bytes(), &name)?;
        let values: Vec<Option<f64>> = v.into_iter().map(|x| (!x.is_nan()).then_some(x)).collect();
        p = p.with_optional_column(&name, values).map_err(py_err)?;
    }
    for (name, bytes, levels) in text {
        let (c, missing) = codes(bytes.as_bytes(), levels.len(), &name)?;
        p = p
            .with_text_column(&name, c, levels, missing)
            .map_err(py_err)?;
    }
    Ok(PanelData(p))
}

/// The columns a formula (and cluster keys, weights) read, besides the built-in keys: what the
/// Python side must hand over.
#[pyfunction]
fn formula_columns(formula: &str) -> PyResult<Vec<String>> {
    let spec = GravitySpec::parse(Estimator::Ppml, formula).map_err(py_err)?;
    let mut out: Vec<String> = vec![spec.outcome.column().to_owned()];
    out.extend(spec.regressors.iter().map(|t| t.column().to_owned()));
    for fe in &spec.fixed_effects {
        out.extend(fe.0.iter().cloned());
    }
    if let Some(o) = &spec.offset {
        out.extend(o.terms().iter().map(|(_, t)| t.column().to_owned()));
    }
    out.dedup();
    Ok(out)
}

/// A vcov given as `iid`, `hetero`, `default` or `cluster:KEY+KEY` (each key a column or
/// `a^b`).
fn vcov_of(text: &str) -> PyResult<Vcov> {
    match text {
        "iid" => Ok(Vcov::Iid),
        "hetero" | "HC1" | "hc1" => Ok(Vcov::Hetero),
        "default" => Ok(Vcov::Default),
        other => {
            let keys = other.strip_prefix("cluster:").ok_or_else(|| {
                input(&format!(
                    "unknown vcov {other:?}: use \"iid\", \"hetero\" or {{\"CRV1\": \"key\"}}"
                ))
            })?;
            let keys: Vec<FixedEffect> = keys
                .split('+')
                .map(|k| FixedEffect(k.split('^').map(|c| c.trim().to_owned()).collect()))
                .collect();
            if keys.is_empty()
                || keys.len() > 2
                || keys.iter().any(|k| k.0.iter().any(String::is_empty))
            {
                return Err(input(&format!(
                    "cluster keys {other:?}: one or two keys, `a` or `a^b`"
                )));
            }
            Ok(Vcov::Cluster(keys))
        }
    }
}

/// A fitted gravity model.
#[pyclass(module = "bilateral._core", frozen)]
struct Fit(GravityFit);

#[pymethods]
impl Fit {
    /// (name, estimate, std_error, statistic, p_value, ci_low, ci_high) per coefficient.
    #[allow(clippy::type_complexity)]
    fn coefficients(&self) -> Vec<(String, f64, f64, f64, f64, f64, f64)> {
        self.0
            .coefficients
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.estimate,
                    c.std_error,
                    c.statistic,
                    c.p_value,
                    c.ci_low,
                    c.ci_high,
                )
            })
            .collect()
    }
    /// The covariance matrix, rows in the coefficients' order.
    fn vcov(&self) -> Vec<Vec<f64>> {
        self.0.vcov.clone()
    }
    /// The printed summary.
    fn summary(&self) -> String {
        self.0.to_string()
    }
    /// The whole fit as JSON (the crate's format).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.0).map_err(|e| IoError::new_err(e.to_string()))
    }
    /// Observations used.
    fn nobs(&self) -> usize {
        self.0.observations
    }
    /// (fixed effect, level labels, values) per fixed effect.
    fn fixef(&self) -> Vec<(String, Vec<String>, Vec<f64>)> {
        self.0
            .fixed_effects
            .iter()
            .map(|f| (f.name.clone(), f.levels.clone(), f.values.clone()))
            .collect()
    }
    /// Predictions for each row of `panel` (None where a fixed-effect level is unseen, unless
    /// `strict`, which raises).
    fn predict(&self, panel: &PanelData, strict: bool) -> PyResult<Vec<Option<f64>>> {
        if strict {
            Ok(self
                .0
                .predict(&panel.0)
                .map_err(py_err)?
                .into_iter()
                .map(Some)
                .collect())
        } else {
            self.0.predict_known(&panel.0).map_err(py_err)
        }
    }
}

/// `"ppml"` or `"ols"`.
fn estimator_of(name: &str) -> PyResult<Estimator> {
    match name {
        "ppml" => Ok(Estimator::Ppml),
        "ols" => Ok(Estimator::Ols),
        other => Err(input(&format!(
            "unknown estimator {other:?}: \"ppml\" or \"ols\""
        ))),
    }
}

/// Fits `formula` by PPML (`"ppml"`) or OLS (`"ols"`).
#[pyfunction]
#[pyo3(signature = (panel, estimator, formula, vcov, weights=None))]
fn fit(
    py: Python<'_>,
    panel: &PanelData,
    estimator: &str,
    formula: &str,
    vcov: &str,
    weights: Option<String>,
) -> PyResult<Fit> {
    let estimator = estimator_of(estimator)?;
    let mut spec = GravitySpec::parse(estimator, formula).map_err(py_err)?;
    spec.vcov = vcov_of(vcov)?;
    spec.weights = weights;
    let p = &panel.0;
    py.detach(|| Gravity::with_spec(p, spec).fit())
        .map(Fit)
        .map_err(py_err)
}

/// One fit per level of `by` (the crate's split fit, all levels in this process): CSV rows of
/// level, coefficient, estimate, ..., observations and the level's error, if any.
#[pyfunction]
fn split_fit(
    py: Python<'_>,
    panel: &PanelData,
    estimator: &str,
    formula: &str,
    vcov: &str,
    by: &str,
) -> PyResult<String> {
    let estimator = estimator_of(estimator)?;
    let mut spec = GravitySpec::parse(estimator, formula).map_err(py_err)?;
    spec.vcov = vcov_of(vcov)?;
    let p = &panel.0;
    let shard = bilateral::shard::Shard::new(0, 1).map_err(py_err)?;
    let r = py
        .detach(|| bilateral::gravity::split_fit(p, &spec, by, shard))
        .map_err(py_err)?;
    csv(&r)
}

/// Fits side by side, as a CSV table (model, name, estimate, std_error, p_value, observations).
#[pyfunction]
fn etable(fits: Vec<PyRef<'_, Fit>>, names: Vec<String>) -> PyResult<String> {
    let models = Models {
        models: names
            .into_iter()
            .zip(fits.iter().map(|f| f.0.clone()))
            .collect(),
    };
    csv(&models)
}

fn csv<T: bilateral::table::Table + ?Sized>(table: &T) -> PyResult<String> {
    let bytes = bilateral::io::to_csv(table).map_err(py_err)?;
    String::from_utf8(bytes).map_err(|e| IoError::new_err(e.to_string()))
}

fn keyword<T: std::str::FromStr<Err = Error>>(text: &str) -> PyResult<T> {
    text.parse().map_err(py_err)
}

/// A general-equilibrium run on a panel: the first stage, the changes (in words), and draws.
/// Returns (per-country CSV, per-pair CSV, the whole result as JSON).
#[pyfunction]
#[pyo3(signature = (panel, formula, reference, changes, year=None, sigma=book::SIGMA, terms=Vec::new(), zero_pairs="impute", imbalances="fixed_shares", draws=0, seed=1, level=0.9, name=None))]
#[allow(clippy::too_many_arguments)]
fn equilibrium(
    py: Python<'_>,
    panel: &PanelData,
    formula: &str,
    reference: &str,
    changes: Vec<String>,
    year: Option<i64>,
    sigma: f64,
    terms: Vec<String>,
    zero_pairs: &str,
    imbalances: &str,
    draws: usize,
    seed: u64,
    level: f64,
    name: Option<String>,
) -> PyResult<(String, String, String)> {
    let mut stage = FirstStage::new(formula, reference).map_err(py_err)?;
    stage.year = year;
    stage.sigma = sigma;
    stage.terms = terms;
    stage.zero_pairs = keyword::<ZeroPairs>(zero_pairs)?;
    stage.imbalances = keyword::<Imbalances>(imbalances)?;
    let mut cf = Counterfactual::new(name.as_deref().unwrap_or_default());
    cf.changes = changes
        .iter()
        .map(|c| c.parse::<Change>())
        .collect::<bilateral::Result<_>>()
        .map_err(py_err)?;
    let p = &panel.0;
    py.detach(|| -> bilateral::Result<(String, String, String)> {
        let (b, _) = stage.baseline(p)?;
        let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
        if draws == 0 {
            let r = b.solve(&cf)?;
            let pairs = bilateral::io::to_csv(&r.pair_table())?;
            Ok((
                text(bilateral::io::to_csv(&r)?),
                text(pairs),
                text(bilateral::io::to_json(&r)?),
            ))
        } else {
            let spec = Draws::new(draws, seed)?.level(level)?;
            let r = b.solve_with_draws(&cf, &spec)?;
            Ok((
                text(bilateral::io::to_csv(&r)?),
                text(bilateral::io::to_csv(&r.pair_table())?),
                text(bilateral::io::to_json(&r)?),
            ))
        }
    })
    .map_err(py_err)
}

/// The forecast backtest on a panel's international series (the AGTPA protocol): metrics as CSV
/// and the whole result as JSON.
#[pyfunction]
fn backtest(py: Python<'_>, panel: &PanelData) -> PyResult<(String, String)> {
    let p = &panel.0;
    py.detach(|| -> bilateral::Result<(String, String)> {
        let set = p.international_series()?;
        let r = bilateral::forecast::backtest(&set, &bilateral::forecast::BacktestSpec::agtpa())?;
        Ok((
            String::from_utf8_lossy(&bilateral::io::to_csv(&r)?).into_owned(),
            String::from_utf8_lossy(&bilateral::io::to_json(&r)?).into_owned(),
        ))
    })
    .map_err(py_err)
}

/// A forecast of one series (years, levels in US dollars) by a method, h years ahead, with the
/// AGTPA calibration of the method: JSON of the calibrated forecast (points in log dollars).
#[pyfunction]
fn forecast(years: Vec<i32>, levels: Vec<f64>, method: &str, horizon: usize) -> PyResult<String> {
    let method: bilateral::forecast::Method = keyword(method)?;
    let series = bilateral::forecast::LogSeries::from_levels(&years, &levels).map_err(py_err)?;
    let calibration = bilateral::forecast::Calibration::agtpa(method).map_err(py_err)?;
    let f = calibration
        .forecast_dollars(&series, horizon)
        .map_err(py_err)?;
    String::from_utf8(bilateral::io::to_json(&f).map_err(py_err)?)
        .map_err(|e| IoError::new_err(e.to_string()))
}

/// The built-in published figures as CSV.
#[pyfunction]
fn figures() -> PyResult<String> {
    let data = bilateral::Dataset::builtin().map_err(py_err)?;
    csv(data.figures())
}

/// The audit of the built-in figures as CSV.
#[pyfunction]
fn audit() -> PyResult<String> {
    let data = bilateral::Dataset::builtin().map_err(py_err)?;
    csv(&bilateral::audit::audit(&data))
}

/// The target outlook of a corridor's flow from the built-in data, as the command's main job
/// computes it: CSV.
#[pyfunction]
#[pyo3(signature = (corridor="KAZ-UZB", flow="turnover"))]
fn outlook(corridor: &str, flow: &str) -> PyResult<String> {
    let data = bilateral::Dataset::builtin().map_err(py_err)?;
    let corridor: bilateral::Corridor = keyword(corridor)?;
    let flow: bilateral::data::Flow = keyword(flow)?;
    let spec =
        bilateral::outlook::TargetSpec::published(&data, corridor, flow, None).map_err(py_err)?;
    csv(&bilateral::outlook::target_outlook(&data, &spec).map_err(py_err)?)
}

/// The engine's version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    for (name, class) in [
        ("BilateralError", py.get_type::<BilateralError>()),
        ("InputError", py.get_type::<InputError>()),
        ("DataError", py.get_type::<DataError>()),
        ("FileError", py.get_type::<FileError>()),
        ("GrowthError", py.get_type::<GrowthError>()),
        ("ForecastError", py.get_type::<ForecastError>()),
        ("GravityError", py.get_type::<GravityError>()),
        ("EquilibriumError", py.get_type::<EquilibriumError>()),
        ("ScenarioError", py.get_type::<ScenarioError>()),
        ("IoError", py.get_type::<IoError>()),
    ] {
        m.add(name, class)?;
    }
    m.add_class::<PanelData>()?;
    m.add_class::<Fit>()?;
    m.add_function(wrap_pyfunction!(panel, m)?)?;
    m.add_function(wrap_pyfunction!(formula_columns, m)?)?;
    m.add_function(wrap_pyfunction!(fit, m)?)?;
    m.add_function(wrap_pyfunction!(etable, m)?)?;
    m.add_function(wrap_pyfunction!(split_fit, m)?)?;
    m.add_function(wrap_pyfunction!(equilibrium, m)?)?;
    m.add_function(wrap_pyfunction!(backtest, m)?)?;
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(figures, m)?)?;
    m.add_function(wrap_pyfunction!(audit, m)?)?;
    m.add_function(wrap_pyfunction!(outlook, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
