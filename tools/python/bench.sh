#!/usr/bin/env bash
# bilateral's Python package beside pyfixest and statsforecast, in one process, on this machine:
#   bash tools/python/bench.sh [PYTHON [--arima]] > tools/python/bench.txt 2>&1
# PYTHON: a virtual environment's python with pyfixest and statsforecast (default
# /work/peers-venv/bin/python); the package is installed into it from ./python first.
set -euo pipefail
py=${1:-/work/peers-venv/bin/python}
shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
"$py" -m pip install --quiet --disable-pip-version-check ./python
cargo build --release --example gravity 2>/dev/null
target/release/examples/gravity synthetic --countries 150 --years 20 --seed 1 --write "$tmp/panel.csv" >/dev/null 2>&1
target/release/examples/gravity fixest --rows 100000 --design simple --seed 1 --runs 1 --write "$tmp/fixest.csv" >/dev/null 2>&1
echo "## machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
"$py" tools/python/bench.py "$root/../shared/data/agtpa/rta_panel_1986_2006.csv" "$tmp/panel.csv" "$tmp/fixest.csv" "$@"
