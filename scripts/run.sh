#!/usr/bin/env bash
# `make run`: migrate data/onewindow.db, load demo data, serve http://127.0.0.1:PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-sqlite:data/onewindow.db}
PORT=${2:-8080}
mkdir -p data
STATIC=()
[ -f web/dist/index.html ] && STATIC=(--static-dir web/dist)
echo "OneWindow: http://127.0.0.1:$PORT  (demo accounts: see README.md)"
exec build/onewindow serve --db "$DB" --port "$PORT" --key-file data/master.key --demo "${STATIC[@]}"
