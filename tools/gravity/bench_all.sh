#!/usr/bin/env bash
# The gravity speed comparison in one run, bilateral then pyfixest on each input, on this machine:
#   bash tools/gravity/bench_all.sh [PYTHON] > tools/gravity/bench_all.txt 2>&1
# PYTHON is a virtual environment's python with pyfixest (default /work/peers-venv/bin/python).
# The fixest_benchmarks panels are written by the example and read back by both; pyfixest's
# difficult 100k fit and its 1M fits take minutes (bench_pyfixest_fixest_*.txt hold earlier runs).
set -euo pipefail
py=${1:-/work/peers-venv/bin/python}
root=$(cd "$(dirname "$0")/../.." && pwd)
agtpa=$root/../shared/data/agtpa/rta_panel_1986_2006.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
cargo build --release --example gravity 2>/dev/null
ex=target/release/examples/gravity
echo "## machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "## AGTPA RTA panel"
$ex agtpa "$agtpa" 2>/dev/null
(cd tools/gravity && "$py" bench_pyfixest.py agtpa "$agtpa")
echo "## synthetic 150 countries x 20 years"
$ex synthetic --countries 150 --years 20 --seed 1 --write "$tmp/panel.csv" 2>/dev/null
(cd tools/gravity && "$py" bench_pyfixest.py synthetic "$tmp/panel.csv")
for design in simple difficult; do
  echo "## fixest_benchmarks $design, 100,000 rows"
  $ex fixest --rows 100000 --design $design --seed 1 --runs 3 --write "$tmp/fixest.csv" 2>/dev/null
  if [ "$design" = simple ]; then
    (cd tools/gravity && "$py" bench_pyfixest.py fixest "$tmp/fixest.csv" $design)
  fi
done
for design in simple difficult; do
  echo "## fixest_benchmarks $design, 1,000,000 rows (bilateral only; pyfixest: bench_pyfixest_fixest_1m.txt)"
  $ex fixest --rows 1000000 --design $design --seed 1 --runs 3 2>/dev/null
done
