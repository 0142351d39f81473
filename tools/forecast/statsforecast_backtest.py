"""statsforecast's side of the forecasting backtest (`cargo run --release --example backtest`).

The same protocol: international pairs of ../shared/data/agtpa/rta_panel_1986_2006.csv with
positive flows in all 21 years, in logs; origins (last training year) 2000, 2001, 2002, 2003;
horizons 1-3; subsets all pairs and large pairs (flow >= 1000, US$ 1 billion in the file's
millions, in the origin year). Models: Naive, RandomWalkWithDrift, AutoETS, AutoTheta,
AutoARIMA, with their own 80% and 90% intervals.

    /work/peers-venv/bin/pip install statsforecast      # 2.1.1 here
    /work/peers-venv/bin/python tools/forecast/statsforecast_backtest.py ../shared/data/agtpa/rta_panel_1986_2006.csv \
        > tools/forecast/statsforecast_backtest.txt
"""
import os
import sys
import time

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, Naive, RandomWalkWithDrift
import statsforecast

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/agtpa/rta_panel_1986_2006.csv"
d = pd.read_csv(path)
d = d[d.exporter != d.importer]
wide = d.pivot_table(index=["exporter", "importer"], columns="year", values="trade")
wide = wide[(wide > 0).all(axis=1)]
print(f"statsforecast {statsforecast.__version__}, pandas {pd.__version__}, numpy {np.__version__}, cores {os.cpu_count()}")
print(f"{len(wide)} series")
long = wide.stack().rename("y").reset_index()
long["unique_id"] = long.exporter + "->" + long.importer
long["ds"] = long.year.astype(int)
long["y"] = np.log(long.y)
long = long[["unique_id", "ds", "y"]]
level = dict(zip(wide.index.map(lambda t: t[0] + "->" + t[1]), range(len(wide))))
levels_by_year = {y: wide[y].to_numpy() for y in wide.columns}
ids = np.array(list(level))

models = {
    "naive": Naive(),
    "drift": RandomWalkWithDrift(),
    "autoets": AutoETS(season_length=1),
    "autotheta": AutoTheta(season_length=1),
    "autoarima": AutoARIMA(season_length=1),
}
for name, model in models.items():
    start = time.perf_counter()
    rows = []
    for origin in (2000, 2001, 2002, 2003):
        train = long[long.ds <= origin]
        sf = StatsForecast(models=[model], freq=1, n_jobs=-1)
        fc = sf.forecast(df=train, h=3, level=[80, 90]).reset_index()
        col = [c for c in fc.columns if c not in ("unique_id", "ds", "index") and "-lo-" not in c and "-hi-" not in c][0]
        fc["h"] = fc.ds - origin
        fc = fc.merge(long.rename(columns={"y": "actual"}), on=["unique_id", "ds"])
        fc["size"] = fc.unique_id.map(lambda u: levels_by_year[origin][level[u]])
        fc["err"] = fc.actual - fc[col]
        fc["in80"] = (fc.actual >= fc[f"{col}-lo-80"]) & (fc.actual <= fc[f"{col}-hi-80"])
        fc["in90"] = (fc.actual >= fc[f"{col}-lo-90"]) & (fc.actual <= fc[f"{col}-hi-90"])
        rows.append(fc[["h", "size", "err", "in80", "in90"]])
    seconds = time.perf_counter() - start
    r = pd.concat(rows)
    for subset, mask in (("all", r["size"] > 0), ("large", r["size"] >= 1000)):
        s = r[mask]
        mae = " ".join(f"h{h}={s[s.h == h].err.abs().mean():.4f}" for h in (1, 2, 3))
        cov = " ".join(f"cov80_h{h}={s[s.h == h].in80.mean():.3f} cov90_h{h}={s[s.h == h].in90.mean():.3f}" for h in (1, 2, 3))
        print(f"statsforecast {name} {subset} {mae} cov80={s.in80.mean():.3f} cov90={s.in90.mean():.3f} seconds={seconds:.3f} ({cov})", flush=True)
