#!/usr/bin/env bash
# HTTP benchmark: drives POST /api/v1/scans with valid codes against a fresh server, beside
# GET /healthz as the baseline in the same run. Prints JSON lines. Needs wrk (Debian package).
# Usage: [ROUNDS=3] [CITIZENS=1] bench/http/run.sh [DURATION_S] [CONNECTIONS]
# ROUNDS: healthz and scans alternate this many times (DURATION_S each); the ratio of each
# round and their median are printed, so that a phase of the noisy machine that falls on one
# route only shows as an outlier round instead of as the result.
# CITIZENS: codes of this many registered citizens are scanned in turn (one code: every scan
# hits the same person's index entries and colour; many: closer to a real gate).
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-10}
CONN=${2:-64}
ROUNDS=${ROUNDS:-3}
CITIZENS=${CITIZENS:-1}
BIN=${BIN:-build/onewindow}
DIR=$(mktemp -d /tmp/ow-bench-http.XXXXXX)
PORT=$((30000 + RANDOM % 20000))
DB="sqlite:$DIR/ow.db"
KEY="$DIR/master.key"
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT

"$BIN" admin bootstrap --db "$DB" --key-file "$KEY" --name 赵管理 --id-number 330104197002200057 \
  --password "bench admin pw" >/dev/null
# Every citizen registers and logs in from this one address: no per-address rate limits.
"$BIN" serve --db "$DB" --key-file "$KEY" --port "$PORT" --log-level warn \
  --registrations-per-minute 0 --logins-per-minute 0 2>"$DIR/server.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

api() { curl -sf -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import sys,json; print(json.load(sys.stdin)['$1'])"; }
TOKEN=$(api -d '{"id_number":"330104197002200057","password":"bench admin pw"}' \
  "http://127.0.0.1:$PORT/api/v1/sessions" | json token)
PLACE=$(api -H "Authorization: Bearer $TOKEN" \
  -d '{"name":"bench gate","kind":"community_gate","region":"330104"}' \
  "http://127.0.0.1:$PORT/api/v1/places" | json place_id)
# Resident ID numbers with valid check digits (GB 11643): 330104 + birth date + sequence.
python3 - "$CITIZENS" >"$DIR/ids.txt" <<'PY'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
for i in range(int(sys.argv[1])):
    body = "330104%04d%02d%02d%03d" % (1950 + i % 50, 1 + i // 50 % 12, 1 + i // 600 % 28, i % 1000)
    print(body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11])
PY
# citizen ID: registers, logs in and prints the citizen's code payload.
citizen() {
  api -d "{\"name\":\"张三\",\"id_number\":\"$1\",\"password\":\"bench citizen pw\"}" \
    "http://127.0.0.1:$PORT/api/v1/citizens" >/dev/null
  local ct
  ct=$(api -d "{\"id_number\":\"$1\",\"password\":\"bench citizen pw\"}" \
    "http://127.0.0.1:$PORT/api/v1/sessions" | json token)
  curl -sf -H "Authorization: Bearer $ct" "http://127.0.0.1:$PORT/api/v1/me/health-code" | json payload
}
export -f citizen api json
export PORT
xargs -P 2 -I{} bash -c 'citizen {}' <"$DIR/ids.txt" >"$DIR/payloads.txt"
[ "$(wc -l <"$DIR/payloads.txt")" -eq "$CITIZENS" ] || { echo "citizen set-up failed" >&2; exit 1; }
PAYLOAD=$(head -1 "$DIR/payloads.txt")

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
export OW_TOKEN=$TOKEN OW_PLACE=$PLACE OW_PAYLOADS=$DIR/payloads.txt
rate_of() { sed -n "s/.*\"$1_per_s\",\"value\":\([0-9.]*\).*/\1/p"; }
ratios=()
for _ in $(seq "$ROUNDS"); do
  h=$(run healthz wrk -t2 -c"$CONN" -d"${DUR}s" --latency -s bench/http/healthz.lua \
    "http://127.0.0.1:$PORT/healthz")
  echo "$h"
  s=$(run scans wrk -t2 -c"$CONN" -d"${DUR}s" --latency -s bench/http/scans.lua \
    "http://127.0.0.1:$PORT/api/v1/scans")
  echo "$s"
  r=$(python3 -c "print('%.3f' % ($(echo "$s" | rate_of scans) / $(echo "$h" | rate_of healthz)))")
  echo "{\"name\":\"scans_vs_healthz_round\",\"value\":$r,\"unit\":\"ratio\"}"
  ratios+=("$r")
done
python3 -c "import statistics, sys
print('{\"name\":\"scans_vs_healthz\",\"value\":%.3f,\"unit\":\"ratio (median of %d rounds)\"}'
      % (statistics.median(map(float, sys.argv[1:])), len(sys.argv) - 1))" "${ratios[@]}"
