"""Sets bilateral's general-equilibrium intervals beside gegravity's MonteCarloGE summary on the
borders application (the outputs of bench_montecarlo.sh):

    python3 tools/equilibrium/compare_montecarlo.py tools/equilibrium/bilateral_intervals.csv \
        tools/equilibrium/gegravity_montecarlo.csv

Per country, the real GDP change (gegravity's "GDP change (percent)"): ours at the estimates, the
median of our draws and our 90% interval's width over 2 × 1.645 (the standard deviation a normal
spread of that width has), beside gegravity's mean and standard deviation over its trials. Only
the standard library, so it runs with any python3.
"""
import csv
import sys
from statistics import median

ours_path = sys.argv[1] if len(sys.argv) > 1 else "tools/equilibrium/bilateral_intervals.csv"
theirs_path = sys.argv[2] if len(sys.argv) > 2 else "tools/equilibrium/gegravity_montecarlo.csv"

ours = {}
with open(ours_path) as f:
    for r in csv.DictReader(f):
        if r["measure"] == "real_gdp_full_pct":
            code = "ZZZ" if r["country"] == "DEU" else r["country"]
            ours[code] = (float(r["point"]), float(r["median"]), (float(r["high"]) - float(r["low"])) / (2 * 1.6448536))
theirs = {}
with open(theirs_path) as f:
    for r in csv.DictReader(f):
        theirs.setdefault(r["country"], {})[r["statistic"]] = float(r["GDP change (percent)"])

print(f"{'country':8} {'ours point':>10} {'ours median':>11} {'ours sd':>8} {'gegravity mean':>14} {'gegravity sd':>12}")
gaps, ratios = [], []
for code in sorted(ours, key=lambda c: -ours[c][1]):
    if code not in theirs:
        continue
    p, m, s = ours[code]
    gm, gs = theirs[code]["mean"], theirs[code]["std"]
    gaps.append(abs(m - gm))
    ratios.append(s / gs if gs > 0 else float("nan"))
    print(f"{code:8} {p:10.3f} {m:11.3f} {s:8.3f} {gm:14.3f} {gs:12.3f}")
print(f"countries={len(gaps)} median |our median - their mean|={median(gaps):.3f} points, "
      f"largest={max(gaps):.3f}; median sd ratio (ours/theirs)={median(ratios):.3f}, "
      f"range {min(ratios):.3f}-{max(ratios):.3f}")
