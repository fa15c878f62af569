#!/usr/bin/env bash
# `make run`: migrate data/onewindow.db, load demo data, serve http://127.0.0.1:PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-sqlite:data/onewindow.db}
PORT=${2:-8080}
mkdir -p data
STATIC=()
[ -f web/dist/index.html ] && STATIC=(--static-dir web/dist)
# The department systems of the demo (dept-sim, its default seed and data set) for the hall's
# prefill and 免申即享 offers.
SIM_PORT=$((PORT + 1))
build/onewindow dept-sim --port "$SIM_PORT" > data/dept-sim.log 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null || true' EXIT INT TERM
echo "OneWindow: http://127.0.0.1:$PORT  (demo accounts: see README.md; dept-sim on $SIM_PORT)"
build/onewindow serve --db "$DB" --port "$PORT" --key-file data/master.key --demo \
  --hall-exchange-url "http://127.0.0.1:$SIM_PORT" "${STATIC[@]}"
