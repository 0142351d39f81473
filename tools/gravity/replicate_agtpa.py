"""Reference values for the gravity replication tests: the seven columns of the RTA-effects
table of Yotov, Piermartini, Monteiro & Larch (2016), *An Advanced Guide to Trade Policy
Analysis*, chapter 1, application 3, estimated with pyfixest on ../shared/data/agtpa/.

Run from the crate root, in a virtual environment outside the crate's build:

    python3 -m venv /work/peers-venv && /work/peers-venv/bin/pip install pyfixest
    /work/peers-venv/bin/python tools/gravity/replicate_agtpa.py ../shared/data/agtpa/rta_panel_1986_2006.csv \
        > tools/gravity/replicate_agtpa.txt

It prints the pyfixest version and each column's coefficients, standard errors (clustered by
pair_id, pyfixest's default small-sample corrections) and observations, then the PPML and OLS
columns again with iid, HC1 and two-way clustered standard errors, and writes
tools/gravity/agtpa_pyfixest.csv, which tests/integration/gravity.rs reads.

Definitions (the same as `bilateral::gravity` is given in the tests):
- years 1986, 1990, ..., 2006 (year % 4 == 2);
- RTA_LEADk / RTA_LAGk: RTA of the same directed pair in year t+k / t-k, read from the full
  annual panel before the years are filtered, missing (NaN) where that year is not in the file,
  so that the observations needing it leave that model (pyfixest drops rows with NaN, as
  bilateral drops them with the reason "missing"): the panel ends in 2006, so RTA_LEAD4 of
  2006 is unknown, not 0, and the lags of 1986-1994 reach before 1986;
- INTL_BRDR_y: 1 for an international pair (exporter != importer) in year y, 1986..2002
  (2006 is the reference);
- exp_year / imp_year: exporter-year and importer-year; intra: the country for an
  intra-national pair, one shared level for every international pair.
Tolerances are tighter than pyfixest's defaults so that the reference is exact to well below
the tests' 1e-6.
"""
import sys

import numpy as np
import pandas as pd
import pyfixest as pf
from pyfixest.demeaners import MapDemeaner


def book_panel(path):
    """The RTA panel as the book's applications use it (see the module docs)."""
    full = pd.read_csv(path)
    rta = full[["exporter", "importer", "year", "RTA"]]

    def shifted(k):
        s = rta.copy()
        s["year"] = s["year"] - k  # the value of year t+k, placed at year t
        s = s.rename(columns={"RTA": "v"})
        m = full[["exporter", "importer", "year"]].merge(s, how="left", on=["exporter", "importer", "year"])
        return m["v"].to_numpy()  # NaN where year t+k is not in the file

    full["RTA_LEAD4"] = shifted(4)
    for k in (4, 8, 12):
        full[f"RTA_LAG{k}"] = shifted(-k)

    d = full[full["year"] % 4 == 2].copy()
    d["ln_DIST"] = np.log(d["DIST"])
    d["exp_year"] = d["exporter"] + "_" + d["year"].astype(str)
    d["imp_year"] = d["importer"] + "_" + d["year"].astype(str)
    intl = d["exporter"] != d["importer"]
    d["intra"] = np.where(intl, "INTL", d["exporter"])
    borders = []
    for y in range(1986, 2006, 4):
        d[f"INTL_BRDR_{y}"] = (intl & (d["year"] == y)).astype(float)
        borders.append(f"INTL_BRDR_{y}")
    return d, intl, borders


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/agtpa/rta_panel_1986_2006.csv"
    out = sys.argv[2] if len(sys.argv) > 2 else "tools/gravity/agtpa_pyfixest.csv"
    d, intl, borders = book_panel(path)
    demeaner = MapDemeaner(fixef_tol=1e-11, fixef_maxiter=100_000)
    tight = dict(iwls_tol=1e-13, iwls_maxiter=500, demeaner=demeaner)
    vc = {"CRV1": "pair_id"}
    cov = "ln_DIST + CNTG + LANG + CLNY + RTA"
    pos = d[intl & (d["trade"] > 0)].copy()
    pos["ln_trade"] = np.log(pos["trade"])
    models = [
        ("ols", pf.feols(f"ln_trade ~ {cov} | exp_year + imp_year", data=pos, vcov=vc, demeaner=demeaner)),
        ("ppml", pf.fepois(f"trade ~ {cov} | exp_year + imp_year", data=d[intl], vcov=vc, **tight)),
        ("intra", pf.fepois(f"trade ~ {cov} | exp_year + imp_year + intra", data=d, vcov=vc, **tight)),
        ("endog", pf.fepois("trade ~ RTA | exp_year + imp_year + pair_id", data=d, vcov=vc, **tight)),
        ("lead", pf.fepois("trade ~ RTA + RTA_LEAD4 | exp_year + imp_year + pair_id", data=d, vcov=vc, **tight)),
        ("phsng", pf.fepois("trade ~ RTA + RTA_LAG4 + RTA_LAG8 + RTA_LAG12 | exp_year + imp_year + pair_id", data=d, vcov=vc, **tight)),
        ("globalization", pf.fepois("trade ~ RTA + RTA_LAG4 + RTA_LAG8 + RTA_LAG12 + " + " + ".join(borders) + " | exp_year + imp_year + pair_id", data=d, vcov=vc, **tight)),
        # The same columns with the other standard errors, to check each small-sample correction.
        ("ols_iid", pf.feols(f"ln_trade ~ {cov} | exp_year + imp_year", data=pos, vcov="iid", demeaner=demeaner)),
        ("ppml_iid", pf.fepois(f"trade ~ {cov} | exp_year + imp_year", data=d[intl], vcov="iid", **tight)),
        ("ppml_hetero", pf.fepois(f"trade ~ {cov} | exp_year + imp_year", data=d[intl], vcov="hetero", **tight)),
        ("ppml_twoway", pf.fepois(f"trade ~ {cov} | exp_year + imp_year", data=d[intl], vcov={"CRV1": "exporter + importer"}, **tight)),
        ("endog_twoway", pf.fepois("trade ~ RTA | exp_year + imp_year + pair_id", data=d, vcov={"CRV1": "pair_id + year"}, **tight)),
    ]

    print(f"pyfixest {pf.__version__}, numpy {np.__version__}, pandas {pd.__version__}")
    rows = []
    for name, m in models:
        nobs = int(m._N)
        print(f"\n[{name}] nobs={nobs} fml={m._fml}")
        for coef, est, se in zip(m._coefnames, m.coef().to_numpy(), m.se().to_numpy()):
            print(f"  {coef:16s} {est: .12e} ({se:.12e})")
            rows.append((name, coef, repr(float(est)), repr(float(se)), nobs))
    pd.DataFrame(rows, columns=["model", "coef", "estimate", "se", "nobs"]).to_csv(out, index=False)


if __name__ == "__main__":
    main()
