"""gegravity's OneSectorGE (USITC) on the book's first general-equilibrium application, for
comparison with `bilateral::equilibrium` (cargo run --release --example equilibrium -- borders).

A world without international borders on ../shared/data/agtpa/cross_section_2006.csv (Yotov,
Piermartini, Monteiro & Larch 2016; CC BY 4.0). The first stage is estimated here with
pyfixest (PPML of trade on ln_DIST, CNTG and INTL_BRDR with exporter and importer fixed
effects), independently of bilateral; its coefficients are handed to gegravity as CostCoeffs.
Output and expenditure are each country's observed totals; σ = 7; reference importer ZZZ
(Germany in the book's files).

    /work/peers-venv/bin/pip install pyfixest gegravity     # gegravity 0.3 here
    /work/peers-venv/bin/python tools/equilibrium/gegravity_borders.py \
        ../shared/data/agtpa/cross_section_2006.csv tools/equilibrium/gegravity_borders.csv \
        > tools/equilibrium/gegravity_borders.txt

Writes the per-country results with bilateral's column names where gegravity reports the same
quantity (see the printed mapping).
"""
import sys
import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
import gegravity as ge
from importlib.metadata import version

warnings.filterwarnings("ignore")
path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/agtpa/cross_section_2006.csv"
out = sys.argv[2] if len(sys.argv) > 2 else "tools/equilibrium/gegravity_borders.csv"

d = pd.read_csv(path)
d["ln_DIST"] = np.log(d["DIST"])
d["INTL_BRDR"] = (d["exporter"] != d["importer"]).astype(float)
fit = pf.fepois("trade ~ ln_DIST + CNTG + INTL_BRDR | exporter + importer", data=d, vcov="hetero",
                iwls_tol=1e-12, demeaner=pf.demeaners.MapDemeaner(fixef_tol=1e-12))
coefs = pd.DataFrame({"var": fit._coefnames, "coef": fit.coef().to_numpy(), "se": fit.se().to_numpy()})
print(f"pyfixest {pf.__version__}, gegravity {version('gegravity')}, pandas {pd.__version__}")
print(coefs.to_string(index=False))

d["year"] = d["year"].astype(str)
d["output"] = d.groupby("exporter")["trade"].transform("sum")
d["expenditure"] = d.groupby("importer")["trade"].transform("sum")
baseline = ge.BaselineData(d, trade_var_name="trade", imp_var_name="importer", exp_var_name="exporter",
                           year_var_name="year", output_var_name="output", expend_var_name="expenditure")
costs = ge.CostCoeffs(estimates=coefs, identifier_col="var", coeff_col="coef", stderr_col="se")
model = ge.OneSectorGE(baseline, year="2006", reference_importer="ZZZ", sigma=7,
                       cost_variables=["ln_DIST", "CNTG", "INTL_BRDR"], cost_coeff_values=costs, quiet=True)
model.build_baseline(omr_rescale=1000, mr_tolerance=1e-12)
experiment = d.copy()
experiment["INTL_BRDR"] = 0.0
model.define_experiment(experiment)
model.simulate(ge_tolerance=1e-12)
r = model.country_results
print("\ncolumns:", list(r.columns))
mapping = {
    "factory gate price change (percent)": "price_full_pct",
    "omr change (percent)": "omr_full_pct",
    "imr change (percent)": "imr_full_pct",
    "GDP change (percent)": "real_gdp_full_pct",
    "foreign exports change (percent, model)": "exports_full_pct",
}
present = {k: v for k, v in mapping.items() if k in r.columns}
print("mapping:", present)
table = r[list(present)].rename(columns=present)
table.index.name = "country"
table.to_csv(out)
print(table.round(4).to_string())
