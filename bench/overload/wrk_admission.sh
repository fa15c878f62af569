#!/usr/bin/env bash
# Out-of-process admission check (docs/performance.md, "Queue delay"): one node, wrk pinned to
# core 1 with 1,000 connections on GET /api/v1/me/health-code; extra arguments go to serve.
# Run from the repository root after a build.
# usage: bench/overload/wrk_admission.sh [serve flags...]
set -e
D=$(mktemp -d); PORT=18190
./build/onewindow serve --db sqlite:$D/ow.db --port $PORT --key-file $D/k --registrations-per-minute 0 --logins-per-minute 0 --log-level warn "$@" > $D/log 2>&1 &
P=$!; sleep 3
curl -s -X POST -H 'Content-Type: application/json' http://127.0.0.1:$PORT/api/v1/citizens -d '{"name":"张三","id_number":"11010519491231002X","password":"correct horse battery"}' >/dev/null
T=$(curl -s -X POST -H 'Content-Type: application/json' http://127.0.0.1:$PORT/api/v1/sessions -d '{"id_number":"11010519491231002X","password":"correct horse battery"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
curl -s -o /dev/null -w "probe %{http_code}\n" -H "Authorization: Bearer $T" http://127.0.0.1:$PORT/api/v1/me/health-code
taskset -c 1 wrk -t1 -c1000 -d10s --latency -H "Authorization: Bearer $T" http://127.0.0.1:$PORT/api/v1/me/health-code 2>&1 | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|requests in"
curl -s http://127.0.0.1:$PORT/metrics | grep -E "^onewindow_admission_refused"
kill $P; wait $P 2>/dev/null || true; rm -rf $D
