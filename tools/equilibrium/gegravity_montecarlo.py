"""gegravity's MonteCarloGE (USITC, gegravity 0.3) on the book's first general-equilibrium
application, timed, for comparison with bilateral's intervals
(cargo run --release --example equilibrium -- borders FILE --draws 1000 --seed 1).

A world without international borders on ../shared/data/agtpa/cross_section_2006.csv (Yotov,
Piermartini, Monteiro & Larch 2016; CC BY 4.0). The first stage is estimated here with pyfixest
(PPML of trade on ln_DIST, CNTG and INTL_BRDR with exporter and importer fixed effects,
heteroskedasticity-robust covariance: one observation per pair, so clustering by pair is the same
up to the small-sample factor), independently of bilateral; its coefficients and full covariance
are handed to gegravity, which draws the cost coefficients from Normal(b, V) and re-solves the
baseline and the counterfactual once per trial. σ = 7; reference importer ZZZ (Germany in the
book's files).

    /work/peers-venv/bin/pip install pyfixest gegravity
    /work/peers-venv/bin/python tools/equilibrium/gegravity_montecarlo.py \
        ../shared/data/agtpa/cross_section_2006.csv 1000 tools/equilibrium/gegravity_montecarlo.csv \
        > tools/equilibrium/gegravity_montecarlo.txt

Prints `gegravity borders trials=T seconds=S failed=F` (the trials' wall time, first stage
excluded) and writes the per-country summary (mean and standard deviation of the real GDP change
over trials) to the CSV.
"""
import sys
import time
import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
import gegravity as ge
from importlib.metadata import version

warnings.filterwarnings("ignore")
path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/agtpa/cross_section_2006.csv"
trials = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
out = sys.argv[3] if len(sys.argv) > 3 else "tools/equilibrium/gegravity_montecarlo.csv"

d = pd.read_csv(path)
d["ln_DIST"] = np.log(d["DIST"])
d["INTL_BRDR"] = (d["exporter"] != d["importer"]).astype(float)
fit = pf.fepois("trade ~ ln_DIST + CNTG + INTL_BRDR | exporter + importer", data=d, vcov="hetero",
                iwls_tol=1e-12, demeaner=pf.demeaners.MapDemeaner(fixef_tol=1e-12))
names = list(fit._coefnames)
coefs = pd.DataFrame({"var": names, "coef": fit.coef().to_numpy(), "se": fit.se().to_numpy()})
covar = pd.DataFrame(np.asarray(fit._vcov), index=names, columns=names)
print(f"pyfixest {pf.__version__}, gegravity {version('gegravity')}, pandas {pd.__version__}, numpy {np.__version__}")
print(coefs.to_string(index=False))
print("covariance:")
print(covar.to_string())

d["year"] = d["year"].astype(str)
d["output"] = d.groupby("exporter")["trade"].transform("sum")
d["expenditure"] = d.groupby("importer")["trade"].transform("sum")
baseline = ge.BaselineData(d, trade_var_name="trade", imp_var_name="importer", exp_var_name="exporter",
                           year_var_name="year", output_var_name="output", expend_var_name="expenditure")
costs = ge.CostCoeffs(estimates=coefs, identifier_col="var", coeff_col="coef", stderr_col="se",
                      covar_matrix=covar)
experiment = d.copy()
experiment["INTL_BRDR"] = 0.0
start = time.perf_counter()
mc = ge.MonteCarloGE(baseline, year="2006", trials=trials, sigma=7, reference_importer="ZZZ",
                     cost_variables=names, cost_coeff_values=costs, seed=1)
mc.run_trials(experiment, omr_rescale=1000, quiet=True)
seconds = time.perf_counter() - start
print(f"gegravity borders trials={trials} seconds={seconds:.1f} failed={mc.num_failed_trials}")
r = mc.country_results
print("columns:", list(r.columns)[:12])
r.to_csv(out)
print(r.head(10).to_string())
