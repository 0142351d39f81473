"""bilateral: bilateral trade statistics from Python.

PPML and OLS gravity with high-dimensional fixed effects (``fepois``, ``feols``, ``etable``),
general-equilibrium counterfactuals with intervals from the first stage's uncertainty
(``equilibrium``), the forecast backtest and calibrated forecasts (``backtest``, ``forecast``), and
the published Kazakhstan–Uzbekistan figures with their audit and target outlook (``figures``,
``audit``, ``outlook``). The engine is the Rust crate ``bilateral``; DataFrames go in (pandas or
polars) and come out in the same kind (pandas for the built-in data).

>>> import math, pandas as pd, bilateral
>>> df = pd.DataFrame({"exporter": list("AABB"), "importer": list("ABAB"),
...                    "year": [2000] * 4, "trade": [10.0, 2.0, 3.0, 12.0],
...                    "border": [0.0, 1.0, 1.0, 0.0]})
>>> fit = bilateral.fepois(df, "trade ~ border", vcov="hetero")
>>> # PPML on a dummy with an intercept: ln(mean flow across borders / mean flow at home).
>>> abs(float(fit.coef()["border"]) - math.log(2.5 / 11.0)) < 1e-8
True

Errors are raised as ``bilateral.BilateralError`` subclasses (``InputError``, ``GravityError``,
``EquilibriumError``, ...) carrying the engine's message.
"""
from __future__ import annotations

import io
import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._core import (  # noqa: F401  (re-exported)
    BilateralError,
    DataError,
    EquilibriumError,
    FileError,
    ForecastError,
    GravityError,
    GrowthError,
    InputError,
    IoError,
    ScenarioError,
)

__version__ = _core.version()

__all__ = [
    "fepois", "feols", "etable", "Fit", "equilibrium", "backtest", "forecast", "figures", "audit",
    "outlook", "BilateralError", "InputError", "DataError", "FileError", "GrowthError",
    "ForecastError", "GravityError", "EquilibriumError", "ScenarioError", "IoError",
]

KEYS = ("exporter", "importer", "year")


def _frame(csv_text: str) -> pd.DataFrame:
    """A CSV table of the engine as a DataFrame (an empty table keeps its columns)."""
    # round_trip: pandas' default float parser can be one unit in the last place off, and the
    # engine writes every number so that it reads back exactly.
    return pd.read_csv(io.StringIO(csv_text), keep_default_na=False, na_values=[""],
                       float_precision="round_trip")


def _is_polars(df: Any) -> bool:
    return type(df).__module__.split(".")[0] == "polars"


def _out(frame: pd.DataFrame, like: Any) -> Any:
    """A result table in the kind of DataFrame the user gave: polars for polars input (an index
    becomes a column), pandas otherwise."""
    if not _is_polars(like):
        return frame
    import polars as pl

    if frame.index.name is not None:
        frame = frame.reset_index()
    return pl.from_pandas(frame)


def _column(df: Any, name: str) -> np.ndarray:
    """One column of a pandas or polars DataFrame as a numpy array."""
    try:
        col = df[name]
    except Exception as e:  # KeyError for pandas, ColumnNotFoundError for polars
        raise InputError(f"the DataFrame has no column {name!r} (columns: {list(df.columns)})") from e
    if isinstance(col, pd.Series) and pd.api.types.is_numeric_dtype(col.dtype) and col.dtype.kind not in "fiub":
        # A nullable extension dtype (Int64, Float64, boolean): missing as NaN.
        return col.to_numpy(dtype="float64", na_value=np.nan)
    return col.to_numpy() if hasattr(col, "to_numpy") else np.asarray(col)


def _is_numeric(a: np.ndarray) -> bool:
    return a.dtype.kind in "fiub"


def _f64_bytes(a: np.ndarray, name: str) -> bytes:
    try:
        return np.ascontiguousarray(a, dtype="<f8").tobytes()
    except (TypeError, ValueError) as e:
        raise InputError(f"column {name!r} is not numeric: {e}") from e


def _codes(a: np.ndarray) -> "tuple[np.ndarray, List[str]]":
    codes, levels = pd.factorize(pd.Series(a, dtype=object).astype(object), use_na_sentinel=True)
    return codes.astype("<i8"), [str(v) for v in levels]


def _panel(df: Any, formula: Optional[str], keys: Sequence[str] = KEYS, extra: Iterable[str] = (),
           outcome: str = "trade") -> "_core.PanelData":
    """The engine's panel from the columns a formula reads (or the keys and ``outcome`` alone)."""
    if len(keys) != 3:
        raise InputError("keys must name three columns: exporter, importer, year")
    exporter, importer, year = keys
    wanted = _core.formula_columns(formula) if formula is not None else [outcome]
    outcome = wanted[0]
    ex, im = _column(df, exporter), _column(df, importer)
    n = len(ex)
    both, countries = _codes(np.concatenate([ex.astype(object), im.astype(object)]))
    if (both < 0).any():
        raise InputError(f"missing exporter or importer codes in columns {exporter!r}/{importer!r}")
    t = _column(df, year)
    if not _is_numeric(t) or t.dtype.kind == "f" and not np.all(np.isfinite(t) & (t == np.round(t))):
        raise InputError(f"column {year!r} must hold whole years")
    value = _column(df, outcome)
    if not _is_numeric(value):
        raise InputError(f"the outcome column {outcome!r} is not numeric")
    numeric, text = [], []
    columns = set(df.columns)
    seen = set(keys) | {outcome}
    for name in list(wanted[1:]) + list(extra):
        if name in seen or name not in columns:
            continue  # a key, or a built-in key such as exp_year that the engine builds
        seen.add(name)
        a = _column(df, name)
        if _is_numeric(a):
            numeric.append((name, _f64_bytes(a, name)))
        else:
            codes, levels = _codes(a)
            text.append((name, codes.tobytes(), levels))
    return _core.panel(
        (exporter, importer, year, outcome),
        countries,
        both[:n].tobytes(),
        both[n:].tobytes(),
        np.ascontiguousarray(t, dtype="<i8").tobytes(),
        _f64_bytes(value, outcome),
        numeric,
        text,
    )


def _vcov(vcov: Union[str, Dict[str, str], None]) -> str:
    if vcov is None:
        return "default"
    if isinstance(vcov, str):
        return {"hetero": "hetero", "HC1": "hetero", "iid": "iid", "default": "default"}.get(vcov, vcov)
    if isinstance(vcov, dict) and len(vcov) == 1:
        ((kind, keys),) = vcov.items()
        if kind.upper() != "CRV1":
            raise InputError(f"unsupported vcov {kind!r}: use 'iid', 'hetero' or {{'CRV1': 'key'}}")
        return "cluster:" + str(keys).replace(" ", "")
    raise InputError(f"unsupported vcov {vcov!r}")


def _cluster_keys(vcov: Any) -> List[str]:
    if isinstance(vcov, dict):
        return [c for k in vcov.values() for c in str(k).replace("^", "+").split("+") if c]
    return []


class Fit:
    """A fitted gravity model: ``coef()``, ``se()``, ``pvalue()``, ``tidy()``, ``summary()``,
    ``predict(newdata)``, ``fixef()``, ``vcov()``, ``nobs``."""

    def __init__(self, inner: "_core.Fit", formula: str, keys: Sequence[str], name: str = "", like: Any = None):
        self._inner = inner
        self._like = like
        self.formula = formula
        self._keys = tuple(keys)
        self.name = name or formula

    def _tidy(self) -> pd.DataFrame:
        rows = self._inner.coefficients()
        return pd.DataFrame(
            rows, columns=["name", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"]
        ).set_index("name")

    def tidy(self) -> Any:
        """One row per coefficient: estimate, std_error, statistic, p_value, ci_low, ci_high
        (indexed by name; a polars frame with a ``name`` column when the fit was given one)."""
        return _out(self._tidy(), self._like)

    def coef(self) -> pd.Series:
        """The coefficients, by regressor."""
        return self._tidy()["estimate"]

    def se(self) -> pd.Series:
        """The standard errors, by regressor."""
        return self._tidy()["std_error"]

    def pvalue(self) -> pd.Series:
        """The two-sided p-values, by regressor."""
        return self._tidy()["p_value"]

    def vcov(self) -> pd.DataFrame:
        """The covariance matrix of the coefficients."""
        names = list(self.coef().index)
        return pd.DataFrame(self._inner.vcov(), index=names, columns=names)

    @property
    def nobs(self) -> int:
        """Observations used."""
        return self._inner.nobs()

    def summary(self) -> str:
        """The printed summary (coefficients, sample, drops, standard errors, solver)."""
        return self._inner.summary()

    def __repr__(self) -> str:
        return self.summary()

    def to_dict(self) -> Dict[str, Any]:
        """The whole fit in the engine's JSON form."""
        return json.loads(self._inner.to_json())

    def fixef(self) -> Dict[str, pd.Series]:
        """The estimated fixed effects, by fixed effect, indexed by level."""
        return {name: pd.Series(values, index=levels, name=name) for name, levels, values in self._inner.fixef()}

    def predict(self, newdata: Any, unseen: str = "nan") -> np.ndarray:
        """Predicted flows (PPML) or outcomes (OLS) for the rows of ``newdata``, which needs the
        formula's columns. A fixed-effect level the fit did not see gives NaN (``unseen="nan"``)
        or raises ``GravityError`` (``unseen="raise"``)."""
        if unseen not in ("nan", "raise"):
            raise InputError("unseen must be 'nan' or 'raise'")
        p = _panel(newdata, self.formula, self._keys)
        out = self._inner.predict(p, unseen == "raise")
        return np.array([np.nan if v is None else v for v in out], dtype=float)


def _fit(estimator: str, df: Any, formula: str, vcov: Any, keys: Sequence[str], weights: Optional[str]) -> Fit:
    extra = _cluster_keys(vcov) + ([weights] if weights else [])
    panel = _panel(df, formula, keys, extra)
    return Fit(_core.fit(panel, estimator, formula, _vcov(vcov), weights), formula, keys, like=df)


def fepois(df: Any, fml: str, vcov: Any = None, keys: Sequence[str] = KEYS, weights: Optional[str] = None) -> Fit:
    """PPML with high-dimensional fixed effects, as pyfixest's ``fepois``.

    ``fml`` is ``"trade ~ ln_DIST + RTA | exp_year + imp_year + pair_id"``: regressors are columns
    or ``log(col)``; fixed effects are columns, ``a^b`` interactions or built-in keys (exporter,
    importer, year, exp_year, imp_year, pair, sym_pair). ``vcov`` is ``"iid"``, ``"hetero"`` or
    ``{"CRV1": "pair_id"}`` (two-way: ``"a+b"``); by default clustered by the first fixed effect.
    ``keys`` names the exporter, importer and year columns.
    """
    return _fit("ppml", df, fml, vcov, keys, weights)


def feols(df: Any, fml: str, vcov: Any = None, keys: Sequence[str] = KEYS, weights: Optional[str] = None) -> Fit:
    """OLS with high-dimensional fixed effects (the outcome as given: write ``log(trade)`` to fit
    logs), as pyfixest's ``feols``; arguments as :func:`fepois`."""
    return _fit("ols", df, fml, vcov, keys, weights)


def etable(fits: Sequence[Fit], names: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """Fits side by side: one row per model and coefficient (model, name, estimate, std_error,
    p_value, observations)."""
    fits = list(fits)
    names = list(names) if names is not None else [f"({i + 1})" for i in range(len(fits))]
    if len(names) != len(fits):
        raise InputError(f"{len(names)} names for {len(fits)} fits")
    return _out(_frame(_core.etable([f._inner for f in fits], names)), fits[0]._like if fits else None)


def equilibrium(
    df: Any,
    fml: str,
    reference: str,
    changes: Union[str, Sequence[str]],
    year: Optional[int] = None,
    sigma: float = 7.0,
    terms: Sequence[str] = (),
    zero_pairs: str = "impute",
    imbalances: str = "fixed_shares",
    draws: int = 0,
    seed: int = 1,
    level: float = 0.9,
    keys: Sequence[str] = KEYS,
    name: Optional[str] = None,
) -> Dict[str, Any]:
    """A general-equilibrium counterfactual on a panel (intra-national flows included): the cost
    terms of ``fml`` (``"trade ~ log(DIST) + CNTG + RTA | exporter + importer"``) estimated on
    ``year``'s cross-section, the changes in words (``"RTA = 1 among KAZ, UZB"``), solved
    conditionally and in full. With ``draws``, the cost coefficients are drawn from Normal(β̂, V̂)
    and every column gets a median and a ``level`` interval.

    Returns ``{"countries": DataFrame, "pairs": DataFrame, "result": dict}``: without draws one row
    per country (or pair) with each % change; with draws one row per country (or pair) and
    column (``measure``) with ``point``, ``median``, ``low``, ``high``.
    """
    if isinstance(changes, str):
        changes = [changes]
    panel = _panel(df, fml, keys)
    countries, pairs, result = _core.equilibrium(
        panel, fml, reference, list(changes), year, sigma, list(terms), zero_pairs, imbalances,
        int(draws), int(seed), float(level), name,
    )
    return {"countries": _out(_frame(countries), df), "pairs": _out(_frame(pairs), df), "result": json.loads(result)}


def backtest(df: Any, keys: Sequence[str] = KEYS, value: str = "trade") -> Dict[str, Any]:
    """The forecast backtest (every method, the AGTPA protocol: origins 2000–2003, horizons 1–3)
    on a panel's international flows. Returns ``{"metrics": DataFrame, "result": dict}``."""
    metrics, result = _core.backtest(_panel(df, None, keys, outcome=value))
    return {"metrics": _out(_frame(metrics), df), "result": json.loads(result)}


def forecast(years: Sequence[int], levels: Sequence[float], method: str = "pooled", horizon: int = 7) -> pd.DataFrame:
    """A calibrated forecast of one series (levels in US dollars by year) by a backtested method,
    ``horizon`` years ahead: one row per year with the point, its standard deviation and the
    calibrated quantiles of the log level. Pairs over $1 billion are calibrated apart, so the
    unit matters; the pooled method's prior is discounted for its age (years since 2006)."""
    out = json.loads(_core.forecast([int(y) for y in years], [float(v) for v in levels], method, int(horizon)))
    f = out["forecast"]
    frame = pd.DataFrame({"year": f["years"], "log_point": f["point"], "sd": f["sd"]})
    frame["point"] = np.exp(frame["log_point"])
    frame.attrs["engine"] = out
    return frame


def figures() -> pd.DataFrame:
    """Every published figure of the built-in data, with its document, quote and printed precision."""
    return _frame(_core.figures())


def audit() -> pd.DataFrame:
    """The rounding-aware audit of the built-in figures: one row per finding."""
    return _frame(_core.audit())


def outlook(corridor: str = "KAZ-UZB", flow: str = "turnover") -> pd.DataFrame:
    """The target outlook from the published figures (the command's main job): one row per year."""
    return _frame(_core.outlook(corridor, flow))


def split_fit(df: Any, fml: str, by: str, vcov: Any = None, keys: Sequence[str] = KEYS, estimator: str = "ppml") -> pd.DataFrame:
    """One fit per level of the column ``by`` (a product, a sector), in this process: one row per
    level and coefficient (``level``, ``name``, ``estimate``, ``std_error``, ``statistic``,
    ``p_value``, ``ci_low``, ``ci_high``, ``observations``, and ``error`` for a level that could
    not be fitted, which does not stop the others). :func:`bilateral.dask.split_fit` runs the
    same over a Dask cluster; the command line's ``--split COL --shard I/N`` over a job array."""
    panel = _panel(df, fml, keys, _cluster_keys(vcov) + [by])
    return _out(_frame(_core.split_fit(panel, estimator, fml, _vcov(vcov), by)), df)
