"""Split fits across machines with Dask: one gravity fit per level of a column (a product), each
level's rows fitted on whichever worker holds them, the result the same as
:func:`bilateral.split_fit` in one process.

>>> import dask.dataframe as dd                                       # doctest: +SKIP
>>> from dask.distributed import Client, LocalCluster                 # doctest: +SKIP
>>> client = Client(LocalCluster(n_workers=4, processes=True))        # doctest: +SKIP
>>> ddf = dd.read_parquet("products/*.parquet")                       # doctest: +SKIP
>>> table = bilateral.dask.split_fit(ddf, "trade ~ ln_DIST + RTA | exp_year + imp_year",
...                                  by="product").compute()          # doctest: +SKIP

Rows are sorted by the keys within each level before fitting, on the workers and in
:func:`bilateral.split_fit` alike (sort your frame by ``by`` and the keys for the one-process
call), so both fit the same rows in the same order and agree exactly.
"""
from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from . import KEYS, BilateralError, feols, fepois

COLUMNS = ["level", "name", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high",
           "observations", "error"]


def _fit_level(part: pd.DataFrame, fml: str, by: str, vcov: Any, keys: Sequence[str], estimator: str) -> pd.DataFrame:
    level = part.name if by not in part.columns else part[by].iloc[0]
    part = part.sort_values(list(keys), kind="stable")
    fit = _fit_one(estimator, part, fml, vcov, keys)
    if isinstance(fit, BilateralError):
        return pd.DataFrame([{**{c: None for c in COLUMNS}, "level": str(level), "name": "",
                              "observations": 0, "error": str(fit)}], columns=COLUMNS)
    t = fit._tidy().reset_index()
    t.insert(0, "level", str(level))
    t["observations"] = fit.nobs
    t["error"] = None
    return t.reindex(columns=COLUMNS)


def _fit_one(estimator: str, part: pd.DataFrame, fml: str, vcov: Any, keys: Sequence[str]):
    try:
        return (fepois if estimator == "ppml" else feols)(part, fml, vcov=vcov, keys=keys)
    except BilateralError as e:  # one level that cannot be fitted does not stop the others
        return e


def split_fit(ddf: Any, fml: str, by: str, vcov: Any = None, keys: Sequence[str] = KEYS, estimator: str = "ppml"):
    """A lazy Dask DataFrame of :func:`bilateral.split_fit`'s rows: Dask groups the rows by
    ``by`` (shuffling across workers as needed) and each group is fitted where it lands. Call
    ``.compute()`` for the pandas result, sorted by level as the one-process result is."""
    meta = pd.DataFrame({c: pd.Series(dtype="float64" if c not in ("level", "name", "error") else "object")
                         for c in COLUMNS})
    meta["observations"] = meta["observations"].astype("int64")
    return ddf.groupby(by).apply(_fit_level, fml, by, vcov, tuple(keys), estimator, meta=meta)
