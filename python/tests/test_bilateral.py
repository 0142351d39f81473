"""The Python package against the book's published RTA table, against pyfixest in the same
process, with pandas and polars frames, typed exceptions, hostile input, and Dask with real
worker processes. The AGTPA panels (Yotov, Piermartini, Monteiro & Larch 2016, CC BY 4.0) are read
from $BILATERAL_AGTPA or ../shared/data/agtpa beside the repository; tests that need them are
skipped without them unless $BILATERAL_REQUIRE_AGTPA is set (as CI sets it)."""
import math
import os
import pathlib

import numpy as np
import pandas as pd
import pytest

import bilateral

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def agtpa(name):
    base = pathlib.Path(os.environ.get("BILATERAL_AGTPA", ROOT.parent / "shared" / "data" / "agtpa"))
    path = base / name
    if not path.exists():
        if os.environ.get("BILATERAL_REQUIRE_AGTPA"):
            raise FileNotFoundError(path)
        pytest.skip(f"{path} not found")
    return path


@pytest.fixture(scope="module")
def book():
    """The RTA panel as the book's application 3 uses it, built here in pandas: the years
    1986, 1990, ..., 2006, ln_DIST, exporter-year and importer-year keys, the 4-, 8- and 12-year
    RTA lags (missing where the year is not in the file) and the international-border dummies."""
    full = pd.read_csv(agtpa("rta_panel_1986_2006.csv"))
    rta = full[["exporter", "importer", "year", "RTA"]]

    def shifted(k):
        s = rta.assign(year=rta["year"] - k).rename(columns={"RTA": "v"})
        return full[["exporter", "importer", "year"]].merge(s, how="left", on=["exporter", "importer", "year"])["v"].to_numpy()

    for k in (4, 8, 12):
        full[f"RTA_LAG{k}"] = shifted(-k)
    d = full[full["year"] % 4 == 2].copy()
    d["ln_DIST"] = np.log(d["DIST"])
    d["exp_year"] = d["exporter"] + "_" + d["year"].astype(str)
    d["imp_year"] = d["importer"] + "_" + d["year"].astype(str)
    intl = d["exporter"] != d["importer"]
    borders = []
    for y in range(1986, 2006, 4):
        d[f"INTL_BRDR_{y}"] = (intl & (d["year"] == y)).astype(float)
        borders.append(f"INTL_BRDR_{y}")
    return d, intl, borders


COV = "ln_DIST + CNTG + LANG + CLNY + RTA"


def models(d, intl, borders):
    lags = "RTA + RTA_LAG4 + RTA_LAG8 + RTA_LAG12"
    return [
        ("ppml", d[intl], f"trade ~ {COV} | exp_year + imp_year"),
        ("endog", d, "trade ~ RTA | exp_year + imp_year + pair_id"),
        ("phsng", d, f"trade ~ {lags} | exp_year + imp_year + pair_id"),
        ("globalization", d, f"trade ~ {lags} + {' + '.join(borders)} | exp_year + imp_year + pair_id"),
    ]


# The book's table as printed (README of ../shared/data/agtpa/published): RTA (standard error).
# The lag columns are not compared with print: the panel starts in 1986, so their lags of
# 1986-1994 are missing here and those rows leave the sample (the crate's tests say the same).
PRINTED = {"ppml": (0.191, 0.066), "endog": (0.557, 0.102)}


def test_the_books_rta_table(book):
    d, intl, borders = book
    fits = {}
    for name, data, fml in models(d, intl, borders)[:2]:
        fit = bilateral.fepois(data, fml, vcov={"CRV1": "pair_id"})
        est, se = PRINTED[name]
        assert abs(fit.coef()["RTA"] - est) <= 0.0005 + 1e-9, (name, fit.coef()["RTA"])
        if se is not None:
            # Stata's clustered correction is G/(G-1) alone; ours (pyfixest's) also has
            # (N-1)/(N-K): taken out, the book's printed standard error to one unit of its
            # last digit.
            n, k = fit.nobs, fit.to_dict()["df_k"]
            stata = fit.se()["RTA"] * math.sqrt((n - k) / (n - 1))
            assert abs(stata - se) <= 1e-3 + 1e-9, (name, stata)
        fits[name] = fit
    # PPML on international flows: the book's N and the other printed coefficients.
    assert fits["ppml"].nobs == 28152
    for coef, printed in [("ln_DIST", -0.822), ("CNTG", 0.416), ("LANG", 0.250), ("CLNY", -0.205)]:
        assert abs(fits["ppml"].coef()[coef] - printed) <= 0.0005 + 1e-9, coef
    table = bilateral.etable(list(fits.values()), list(fits))
    assert set(table["model"]) == set(fits)
    assert list(table.columns) == ["model", "name", "estimate", "std_error", "p_value", "observations"]
    # The OLS column: log trade on positive international flows.
    pos = d[intl & (d["trade"] > 0)]
    ols = bilateral.feols(pos, f"log(trade) ~ {COV} | exp_year + imp_year", vcov={"CRV1": "pair_id"})
    assert abs(ols.coef()["RTA"] - (-0.004)) <= 0.0005 + 1e-9
    n, k = ols.nobs, ols.to_dict()["df_k"]
    assert abs(ols.se()["RTA"] * math.sqrt((n - k) / (n - 1)) - 0.053) <= 1e-3 + 1e-9
    assert ols.nobs == 25689
    assert fits["endog"].nobs == 28482


def test_the_same_fits_as_pyfixest_in_this_process(book):
    pf = pytest.importorskip("pyfixest")
    from pyfixest.demeaners import MapDemeaner

    d, intl, borders = book
    tight = dict(iwls_tol=1e-13, iwls_maxiter=500, demeaner=MapDemeaner(fixef_tol=1e-11, fixef_maxiter=100_000))
    for name, data, fml in models(d, intl, borders)[:3]:
        ours = bilateral.fepois(data, fml, vcov={"CRV1": "pair_id"})
        theirs = pf.fepois(fml, data=data, vcov={"CRV1": "pair_id"}, **tight)
        for coef, est, se in zip(theirs._coefnames, theirs.coef().to_numpy(), theirs.se().to_numpy()):
            assert abs(ours.coef()[coef] - est) < 1e-6, (name, coef, ours.coef()[coef], est)
            assert abs(ours.se()[coef] - se) < 1e-6 * max(1.0, abs(se)), (name, coef)
        assert ours.nobs == int(theirs._N)
    # Robust standard errors and OLS, too.
    data = d[intl]
    ours = bilateral.fepois(data, f"trade ~ {COV} | exp_year + imp_year", vcov="hetero")
    theirs = pf.fepois(f"trade ~ {COV} | exp_year + imp_year", data=data, vcov="hetero", **tight)
    assert np.allclose(ours.se().to_numpy(), theirs.se().to_numpy(), rtol=1e-6, atol=0)


def _small():
    return pd.read_csv(FIXTURES / "ge_central_asia.csv")


def test_pandas_and_polars_frames_in_pandas_out():
    pl = pytest.importorskip("polars")
    df = _small()
    fml = "trade ~ log(DIST) + CNTG + RTA | exp_year + imp_year"
    a = bilateral.fepois(df, fml, vcov="hetero")
    b = bilateral.fepois(pl.from_pandas(df), fml, vcov="hetero")
    # Polars in, polars out; the same numbers.
    assert isinstance(b.tidy(), pl.DataFrame) and isinstance(a.tidy(), pd.DataFrame)
    pd.testing.assert_frame_equal(a.tidy(), b.tidy().to_pandas().set_index("name"))
    pd.testing.assert_series_equal(a.coef(), b.coef())
    e = bilateral.equilibrium(pl.from_pandas(df), "trade ~ log(DIST) + RTA | exporter + importer", "RUS",
                              "RTA = 1 among KAZ, UZB", year=2023)
    assert isinstance(e["countries"], pl.DataFrame) and e["countries"].height == 8
    assert isinstance(bilateral.etable([b]), pl.DataFrame)
    assert list(a.tidy().columns) == ["estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"]
    # Categorical and integer keys read like strings.
    c = df.astype({"exporter": "category", "importer": "category"})
    pd.testing.assert_frame_equal(a.tidy(), bilateral.fepois(c, fml, vcov="hetero").tidy())
    # predict: the fitted flows on the same rows; an unseen level is NaN or an error.
    p = a.predict(df)
    assert p.shape == (len(df),) and np.all(p > 0)
    new = df.copy()
    new.loc[0, "exporter"] = "XXX"
    assert np.isnan(a.predict(new)[0])
    with pytest.raises(bilateral.GravityError):
        a.predict(new, unseen="raise")
    fe = a.fixef()
    assert set(fe) == {"exp_year", "imp_year"}
    assert "log(DIST)" in a.summary()
    assert a.vcov().shape == (3, 3)


def test_equilibrium_with_draws_on_a_users_panel():
    df = _small()
    r = bilateral.equilibrium(df, "trade ~ log(DIST) + CNTG + RTA | exporter + importer", "RUS",
                              "RTA = 1 among KAZ, UZB", year=2023, draws=100, seed=1)
    c = r["countries"]
    assert list(c.columns) == ["from", "to", "country", "measure", "point", "median", "low", "high"]
    uzb = c[(c.country == "UZB") & (c.measure == "real_gdp_full_pct")].iloc[0]
    assert uzb["low"] <= uzb["median"] <= uzb["high"]
    assert r["result"]["draws"] == 100 and r["result"]["failed"] == 0
    point = bilateral.equilibrium(df, "trade ~ log(DIST) + CNTG + RTA | exporter + importer", "RUS",
                                  ["RTA = 1 among KAZ, UZB"], year=2023)
    row = point["countries"].set_index("country").loc["UZB"]
    assert math.isclose(row["real_gdp_full_pct"], uzb["point"], rel_tol=1e-12)
    assert {"exporter", "importer", "trade_full_pct"} <= set(point["pairs"].columns)
    with pytest.raises(bilateral.EquilibriumError, match="its years: 2022, 2023"):
        bilateral.equilibrium(df, "trade ~ RTA | exporter + importer", "RUS", "RTA = 1 among KAZ, UZB", year=2019)
    with pytest.raises(bilateral.InputError):
        bilateral.equilibrium(df, "trade ~ RTA | exporter + importer", "RUS", "RTA to 1", year=2023)


def test_backtest_forecast_and_the_published_figures():
    figures = bilateral.figures()
    assert "d002.turnover.2023.a" in set(figures["id"])
    assert len(bilateral.audit()) > 0
    out = bilateral.outlook()
    assert {"year", "horizon"} <= set(out.columns)
    # One row per target year: the base year's 3rd to 12th.
    assert list(out["year"]) == list(range(2026, 2036))
    f = bilateral.forecast([2018, 2019, 2020, 2021, 2022, 2023], [3.0e9, 3.3e9, 3.0e9, 3.6e9, 4.2e9, 4.5e9], horizon=3)
    assert list(f["year"]) == [2024, 2025, 2026]
    # Points in dollars: a year on from $4.5 billion, between $4 and $6 billion.
    assert 4e9 < f["point"][0] < 6e9
    assert np.all(np.diff(f["sd"]) > 0)
    with pytest.raises(bilateral.BilateralError):
        bilateral.forecast([2020], [1.0], horizon=3)


def test_backtest_on_the_agtpa_panel():
    df = pd.read_csv(agtpa("rta_panel_1986_2006.csv"))
    r = bilateral.backtest(df)
    m = r["metrics"]
    assert {"method", "horizon"} <= set(m.columns)
    assert len(m) > 0


def test_errors_are_exceptions_and_hostile_input_does_not_crash():
    df = _small()
    with pytest.raises(bilateral.InputError, match="no column 'nope'"):
        bilateral.fepois(df, "nope ~ RTA | exporter")
    with pytest.raises(bilateral.GravityError):
        bilateral.fepois(df, "trade ~ RTA ||| exporter")
    bad = df.copy()
    bad.loc[3, "trade"] = -1.0
    with pytest.raises(bilateral.InputError, match="flow"):
        bilateral.fepois(bad, "trade ~ RTA | exporter")
    nan = df.copy()
    nan.loc[3, "trade"] = np.nan
    with pytest.raises(bilateral.InputError):
        bilateral.fepois(nan, "trade ~ RTA | exporter")
    # A NaN regressor drops its row, counted, as pyfixest drops it.
    reg = df.copy()
    reg.loc[3, "CNTG"] = np.nan
    fit = bilateral.fepois(reg, "trade ~ CNTG | exporter + importer", vcov="hetero")
    assert fit.nobs == len(df) - 1
    # Wrong dtypes, an empty frame, wrong vcov.
    text = df.copy()
    text["trade"] = "many"
    with pytest.raises(bilateral.InputError):
        bilateral.fepois(text, "trade ~ RTA | exporter")
    with pytest.raises(bilateral.BilateralError):
        bilateral.fepois(df.iloc[0:0], "trade ~ RTA | exporter")
    with pytest.raises(bilateral.InputError):
        bilateral.fepois(df, "trade ~ RTA | exporter", vcov={"HC3": "x"})
    years = df.copy()
    years["year"] = years["year"] + 0.5
    with pytest.raises(bilateral.InputError, match="whole years"):
        bilateral.fepois(years, "trade ~ RTA | exporter")
    assert issubclass(bilateral.InputError, bilateral.BilateralError)
    # Nullable dtypes: a missing regressor drops its row as NaN does.
    nullable = df.astype({"CNTG": "Int64"})
    nullable.loc[3, "CNTG"] = pd.NA
    assert bilateral.fepois(nullable, "trade ~ CNTG | exporter + importer", vcov="hetero").nobs == len(df) - 1


def test_repeated_fits_and_errors_do_not_grow_memory():
    import resource

    df = _small()
    fml = "trade ~ log(DIST) + CNTG + RTA | exp_year + imp_year"

    def rounds(k):
        for _ in range(k):
            bilateral.fepois(df, fml, vcov="hetero").tidy()
            with pytest.raises(bilateral.BilateralError):
                bilateral.fepois(df, "trade ~ nothing | exporter")

    rounds(50)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rounds(500)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert after - before < 20_000, f"peak RSS grew by {after - before} KiB over 500 rounds"


def test_split_fit_over_dask_worker_processes_equals_one_process():
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import bilateral.dask

    df = _small()
    df["product"] = np.where((df["exporter"] < "RUS"), "p1", "p2")
    df = pd.concat([df.assign(product="p3", trade=df["trade"] * 1.1), df], ignore_index=True)
    df = df.sort_values(["product", "exporter", "importer", "year"], kind="stable").reset_index(drop=True)
    fml = "trade ~ log(DIST) + CNTG | exp_year + imp_year"
    one = bilateral.split_fit(df, fml, by="product", vcov="hetero")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
            ddf = dd.from_pandas(df.sample(frac=1.0, random_state=1), npartitions=3)
            many = bilateral.dask.split_fit(ddf, fml, by="product", vcov="hetero").compute()
    many = many.sort_values(["level", "name"], kind="stable").reset_index(drop=True)
    one = one.sort_values(["level", "name"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(one[bilateral.dask.COLUMNS[:-1]], many[bilateral.dask.COLUMNS[:-1]],
                                  check_exact=True, check_dtype=False)
