"""bilateral from Python against pyfixest and statsforecast, in the same process, on this machine.

    bash tools/python/bench.sh > tools/python/bench.txt 2>&1

(bench.sh builds the panels with the gravity example, installs the package into the peers'
virtual environment and runs this script.) Each gravity fit is timed as the best of 3 after a
warm-up, both packages given the same DataFrame; bilateral's time includes moving the columns
from pandas (factorising text keys) into the engine. pyfixest runs with its defaults (MAP
demeaner, its rust backend, fixef_tol 1e-6, iwls_tol 1e-8). The backtest: bilateral.backtest
(every method of the crate, the AGTPA protocol) against statsforecast's Naive,
RandomWalkWithDrift, AutoETS and AutoTheta over the same series, origins and horizons
(AutoARIMA, 680 s in tools/forecast/statsforecast_backtest.txt, is left out unless --arima).

Arguments: RTA_PANEL SYNTHETIC_CSV FIXEST_CSV [--arima]
"""
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd

import bilateral
import pyfixest as pf

warnings.filterwarnings("ignore")
RUNS = 3


def best(fn, runs=RUNS):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def book_panel(path):
    d = pd.read_csv(path)
    d = d[d["year"] % 4 == 2].copy()
    d["exp_year"] = d["exporter"] + "_" + d["year"].astype(str)
    d["imp_year"] = d["importer"] + "_" + d["year"].astype(str)
    return d


def compare(name, fml, data, vcov, coef, keys=bilateral.KEYS):
    tb, ours = best(lambda: bilateral.fepois(data, fml, vcov=vcov, keys=keys))
    tp, theirs = best(lambda: pf.fepois(fml, data=data, vcov=vcov))
    gap = abs(float(ours.coef()[coef]) - float(theirs.coef()[coef]))
    print(f"{name}: rows={len(data)} bilateral={tb:.3f}s pyfixest={tp:.3f}s ratio={tp / tb:.1f}x "
          f"{coef}: {float(ours.coef()[coef]):.6f} vs {float(theirs.coef()[coef]):.6f} (|gap| {gap:.1e})", flush=True)


def statsforecast_backtest(path, arima):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, Naive, RandomWalkWithDrift

    d = pd.read_csv(path)
    d = d[d.exporter != d.importer]
    wide = d.pivot_table(index=["exporter", "importer"], columns="year", values="trade")
    wide = wide[(wide > 0).all(axis=1)]
    long = np.log(wide).stack().rename("y").reset_index()
    long["unique_id"] = long["exporter"] + "_" + long["importer"]
    long["ds"] = pd.to_datetime(long["year"].astype(str) + "-01-01")
    models = [Naive(), RandomWalkWithDrift(), AutoETS(season_length=1), AutoTheta(season_length=1)]
    if arima:
        models.append(AutoARIMA(season_length=1))
    start = time.perf_counter()
    for origin in (2000, 2001, 2002, 2003):
        train = long[long["year"] <= origin][["unique_id", "ds", "y"]]
        sf = StatsForecast(models=models, freq="YS", n_jobs=1)
        sf.forecast(df=train, h=3, level=[80, 90])
    return time.perf_counter() - start, len(wide)


def main():
    rta, synthetic, fixest = sys.argv[1:4]
    arima = "--arima" in sys.argv
    print(f"bilateral {bilateral.__version__}, pyfixest {pf.__version__}, pandas {pd.__version__}, "
          f"numpy {np.__version__}, cores {os.cpu_count()}", flush=True)
    d = book_panel(rta)
    compare("agtpa pair effects (PPML, RTA | exp_year + imp_year + pair_id)",
            "trade ~ RTA | exp_year + imp_year + pair_id", d, {"CRV1": "pair_id"}, "RTA")
    s = pd.read_csv(synthetic)
    s["exp_year"] = s["exporter"] + "_" + s["year"].astype(str)
    s["imp_year"] = s["importer"] + "_" + s["year"].astype(str)
    s["pair"] = s["exporter"] + "_" + s["importer"]
    compare("synthetic 150 countries x 20 years (x1 + x2 | exp_year + imp_year + pair)",
            "trade ~ x1 + x2 | exp_year + imp_year + pair", s, {"CRV1": "pair"}, "x1")
    f = pd.read_csv(fixest)
    compare("fixest_benchmarks simple 100k (negbin_y ~ x1 + x2 | indiv_id + firm_id + year)",
            "negbin_y ~ x1 + x2 | indiv_id + firm_id + year", f, {"CRV1": "indiv_id"}, "x1",
            keys=("indiv_id", "firm_id", "year"))
    full = pd.read_csv(rta)
    tb, r = best(lambda: bilateral.backtest(full), runs=1)
    print(f"backtest: bilateral every method {tb:.3f}s", flush=True)
    ts, series = statsforecast_backtest(rta, arima)
    which = "five models" if arima else "four models (no AutoARIMA)"
    print(f"backtest: statsforecast {which} over {series} series {ts:.1f}s, ratio {ts / tb:.0f}x", flush=True)


if __name__ == "__main__":
    main()
