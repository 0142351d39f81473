#!/usr/bin/env bash
# The forecasting backtest on the AGTPA RTA panel, both sides in one run on this machine:
# statsforecast's five models (tools/forecast/statsforecast_backtest.py, written to
# statsforecast_backtest.txt), then ours with the prior age study and the calibration variants
# tried (`cargo run --release --example backtest -- FILE --trials`, written to backtest.txt).
#
#     bash tools/forecast/bench.sh [../shared/data/agtpa/rta_panel_1986_2006.csv]
#
# Needs /work/peers-venv with statsforecast (see the Python script's docstring). Run it on an
# idle machine: the two sides share its cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
file=${1:-../shared/data/agtpa/rta_panel_1986_2006.csv}
python=${PEERS_PYTHON:-/work/peers-venv/bin/python}
cargo build --release --example backtest
date -u +"run %Y-%m-%d %H:%M UTC, $(nproc) cores"
"$python" tools/forecast/statsforecast_backtest.py "$file" > tools/forecast/statsforecast_backtest.txt
./target/release/examples/backtest "$file" --trials > tools/forecast/backtest.txt
grep -h "seconds=" tools/forecast/statsforecast_backtest.txt | awk '{for(i=1;i<=NF;i++) if($i ~ /^seconds=/){split($i,a,"="); s[$2]=a[2]}} END {t=0; for(m in s) t+=s[m]; printf "statsforecast, five models: %.1f s\n", t}'
grep -h "^total, backtest and age study" tools/forecast/backtest.txt
