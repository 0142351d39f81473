#!/usr/bin/env bash
# General-equilibrium uncertainty, bilateral then gegravity's MonteCarloGE, on the book's borders
# application (cross_section_2006.csv, 69 countries, full endowment), same first stage inputs and
# number of draws, in one run on this machine:
#   bash tools/equilibrium/bench_montecarlo.sh [DRAWS] [PYTHON] > tools/equilibrium/bench_montecarlo.txt 2>&1
# PYTHON: a virtual environment's python with pyfixest and gegravity (default /work/peers-venv/bin/python).
# gegravity takes about 4-5 s per trial here: 1,000 trials run for over an hour.
set -euo pipefail
draws=${1:-1000}
py=${2:-/work/peers-venv/bin/python}
root=$(cd "$(dirname "$0")/../.." && pwd)
data=$root/../shared/data/agtpa/cross_section_2006.csv
cd "$root"
cargo build --release --example equilibrium 2>/dev/null
echo "## machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "## bilateral"
target/release/examples/equilibrium borders "$data" --draws "$draws" --seed 1 \
    --csv tools/equilibrium/bilateral_intervals.csv | tail -n 4
echo "## gegravity"
"$py" tools/equilibrium/gegravity_montecarlo.py "$data" "$draws" tools/equilibrium/gegravity_montecarlo.csv \
    | grep -E "^(pyfixest|gegravity borders)"
echo "## done $(date -u +%Y-%m-%dT%H:%MZ)"
