"""Standard errors for the book's PPML column on international flows, as bilateral's default
(clustered by the first fixed effect, fixest's default) asks them of pyfixest, for
`tests/integration/gravity_solver.rs`. pyfixest 0.60's own default for fepois is iid, printed
first for the record.

    cd tools/gravity && /work/peers-venv/bin/python default_vcov.py ../../../shared/data/agtpa/rta_panel_1986_2006.csv > default_vcov.txt
"""
import sys
import warnings

import pyfixest as pf

from replicate_agtpa import book_panel

warnings.filterwarnings("ignore")
d, intl, _ = book_panel(sys.argv[1])
fml = "trade ~ ln_DIST + CNTG + LANG + CLNY + RTA | exp_year + imp_year"
default = pf.fepois(fml, data=d[intl].copy())
print(f"# pyfixest {pf.__version__}; its default vcov: {default._vcov_type}")
m = pf.fepois(fml, data=d[intl].copy(), vcov={"CRV1": "exp_year"})
print(f"# asked: {m._vcov_type} by {m._clustervar}")
print("coef,estimate,std_error")
for c, b, s in zip(m._coefnames, m.coef().to_numpy(), m.se().to_numpy()):
    print(f"{c},{b:.12g},{s:.12g}")
