#!/usr/bin/env bash
# HTTP benchmark: drives POST /api/v1/scans with a valid code against a fresh server, beside
# GET /healthz as the baseline in the same run. Prints JSON lines. Needs wrk (Debian package).
# Usage: bench/http/run.sh [DURATION_S] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-10}
CONN=${2:-64}
BIN=${BIN:-build/onewindow}
DIR=$(mktemp -d /tmp/ow-bench-http.XXXXXX)
PORT=$((30000 + RANDOM % 20000))
DB="sqlite:$DIR/ow.db"
KEY="$DIR/master.key"
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT

"$BIN" admin bootstrap --db "$DB" --key-file "$KEY" --name 赵管理 --id-number 330104197002200057 \
  --password "bench admin pw" >/dev/null
"$BIN" serve --db "$DB" --key-file "$KEY" --port "$PORT" --log-level warn 2>"$DIR/server.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

api() { curl -sf -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import sys,json; print(json.load(sys.stdin)['$1'])"; }
TOKEN=$(api -d '{"id_number":"330104197002200057","password":"bench admin pw"}' \
  "http://127.0.0.1:$PORT/api/v1/sessions" | json token)
PLACE=$(api -H "Authorization: Bearer $TOKEN" \
  -d '{"name":"bench gate","kind":"community_gate","region":"330104"}' \
  "http://127.0.0.1:$PORT/api/v1/places" | json place_id)
api -d '{"name":"张三","id_number":"330104199003071233","password":"bench citizen pw"}' \
  "http://127.0.0.1:$PORT/api/v1/citizens" >/dev/null
CT=$(api -d '{"id_number":"330104199003071233","password":"bench citizen pw"}' \
  "http://127.0.0.1:$PORT/api/v1/sessions" | json token)
PAYLOAD=$(curl -sf -H "Authorization: Bearer $CT" "http://127.0.0.1:$PORT/api/v1/me/health-code" | json payload)

# The benchmarked request must be a real, allowed scan (a green code at an assigned place).
FIRST=$(api -H "Authorization: Bearer $TOKEN" \
  -d "{\"payload\":\"$PAYLOAD\",\"place_id\":\"$PLACE\",\"direction\":\"in\"}" \
  "http://127.0.0.1:$PORT/api/v1/scans")
echo "$FIRST" | python3 -c "import sys,json; d=json.load(sys.stdin); assert d['allowed'], d" \
  || { echo "bench scan not allowed: $FIRST" >&2; exit 1; }

# Server CPU time (user + system) per request: steadier than rates on a noisy machine, and
# it says where a ratio comes from. Idle CPU per request (the whole machine's idle + iowait
# time): what a closed loop of CONN connections leaves unused while requests wait, e.g. for
# a group commit.
TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
idle_ticks() { awk '/^cpu /{print $5 + $6}' /proc/stat; }
# run NAME WRK-ARGS...: the wrk JSON lines, then NAME_server_cpu_us and NAME_idle_cpu_us.
run() {
  local name=$1 out t0 t1 i0 i1 rate
  shift
  t0=$(cpu_ticks)
  i0=$(idle_ticks)
  out=$("$@" | grep '^{')
  t1=$(cpu_ticks)
  i1=$(idle_ticks)
  echo "$out"
  rate=$(echo "$out" | sed -n "s/.*\"${name}_per_s\",\"value\":\([0-9.]*\).*/\1/p")
  python3 -c "n = $rate * $DUR
print('{\"name\":\"${name}_server_cpu_us\",\"value\":%.1f,\"unit\":\"us/req\"}' % (($t1 - $t0) / $TCK / n * 1e6))
print('{\"name\":\"${name}_idle_cpu_us\",\"value\":%.1f,\"unit\":\"us/req\"}' % (($i1 - $i0) / $TCK / n * 1e6))"
}
run healthz wrk -t2 -c"$CONN" -d"${DUR}s" --latency -s bench/http/healthz.lua \
  "http://127.0.0.1:$PORT/healthz"
OW_TOKEN=$TOKEN OW_PLACE=$PLACE OW_PAYLOAD=$PAYLOAD run scans \
  wrk -t2 -c"$CONN" -d"${DUR}s" --latency -s bench/http/scans.lua "http://127.0.0.1:$PORT/api/v1/scans"
