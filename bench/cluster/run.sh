#!/usr/bin/env bash
# Cluster benchmark: what the cluster path (HAProxy in front of three `serve` nodes, one
# PostgreSQL primary with a synchronous standby; scripts/cluster.sh) costs against one node
# reached directly, in the same run and on the same database.
#
#   single:  wrk straight at node1's port
#   cluster: wrk at HAProxy's frontend (node1..node3 behind it)
#
# for two requests: scans (POST /api/v1/scans by a staff member, a fresh client_id per scan,
# sent also as the Idempotency-Key header, as the real clients do: bench/cluster/scans.lua) and
# code fetches (GET /api/v1/me/health-code with citizens' bearer tokens:
# bench/cluster/codes.lua). On this 2-core machine the cluster cannot be faster (its three
# nodes, HAProxy, PostgreSQL and wrk share the same cores); the goal is that the cluster path
# costs little: cluster rate >= 0.7 x single rate, cluster p99 < 50 ms, no errors.
#
# Usage: [ROUNDS=3] [CITIZENS=16] [GOALS=1] bench/cluster/run.sh [DURATION_S] [CONNECTIONS]
# ROUNDS: single and cluster alternate this many times per request (DURATION_S each), and the
#   order flips every round (single first, then cluster first), so that a phase of the noisy
#   machine, or the database growing during the run, does not always favour the same side;
#   the ratio of each round and their median are printed.
# CITIZENS: this many citizens are registered; their codes are scanned in turn and their
#   tokens fetch codes in turn.
# PACED: after the rounds, single and cluster run once more per request at this fraction of
#   the single node's median rate (default 0.5; 0 = skip): each connection pauses between
#   requests (bench/cluster/report.lua), so the latencies are those of a node with spare
#   capacity rather than of a saturated queue. The p99 goal applies to these runs; the
#   saturated rounds' p99 is reported too (with 32 connections it is mostly queueing).
# GOALS=1: exit 1 when a goal is missed. Otherwise the bench reports and exits non-zero only
#   when the set-up fails.
# Other settings: ONEWINDOW_BIN (default build/onewindow), OW_CLUSTER_PORT_BASE (default 28400,
#   away from the drills' 28000), WRK_THREADS (default 2), WARMUP_S (default 2),
#   OW_BENCH_KEEP=1 keeps the cluster's state directory (logs) afterwards.
#
# Prints JSON lines {"name","value","unit"} on stdout, progress on stderr. Besides rates and
# latencies it prints CPU time per request of each part (HAProxy, the nodes, the database:
# PostgreSQL + Patroni + etcd, the wrk client), read from /proc, and the cores busy outside
# them (other users of the machine), so that a low ratio can be traced to where the cores
# went. Needs wrk, curl, python3 and what scripts/cluster.sh needs (haproxy, patroni, etcd,
# PostgreSQL 15).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DUR=${1:-10}
CONN=${2:-32}
ROUNDS=${ROUNDS:-3}
PACED=${PACED:-0.5}
CITIZENS=${CITIZENS:-16}
THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP_S:-2}
export ONEWINDOW_BIN=${ONEWINDOW_BIN:-$ROOT/build/onewindow}
export OW_CLUSTER_PORT_BASE=${OW_CLUSTER_PORT_BASE:-28400}
export OW_CLUSTER_DIR=${OW_CLUSTER_DIR:-/tmp/ow-bench-cluster-$OW_CLUSTER_PORT_BASE}
CLUSTER=(bash "$ROOT/scripts/cluster.sh")

note() { echo "bench-cluster: $*" >&2; }
die() {
  note "$*"
  exit 1
}

command -v wrk >/dev/null || die "wrk not found (Debian package wrk)"
# A state directory left by another run (or a running cluster on this port base) would be
# reused by `cluster.sh up` and torn down by our trap: refuse instead.
[[ ! -e $OW_CLUSTER_DIR ]] ||
  die "$OW_CLUSTER_DIR exists (another run? if not: OW_CLUSTER_DIR=$OW_CLUSTER_DIR" \
    "OW_CLUSTER_PORT_BASE=$OW_CLUSTER_PORT_BASE scripts/cluster.sh down)"

OUT=$(mktemp -d /tmp/ow-bench-cluster-out.XXXXXX)
# On a failure before the report, the cluster's logs are kept for a look (and the state
# directory must then be removed before the next run: see above); a missed goal is no failure.
REPORTED=0
cleanup() {
  local rc=$?
  if [[ ($rc -ne 0 && $REPORTED == 0) || ${OW_BENCH_KEEP:-0} == 1 ]]; then
    note "cluster logs kept in $OW_CLUSTER_DIR/logs, measurements in $OUT"
    OW_CLUSTER_KEEP=1 "${CLUSTER[@]}" down >/dev/null 2>&1 || true
  else
    "${CLUSTER[@]}" down >/dev/null 2>&1 || true
    rm -rf "$OUT"
  fi
}
trap cleanup EXIT

load_avg() { cut -d' ' -f1 /proc/loadavg; }
LOAD_START=$(load_avg)
note "load average $LOAD_START; starting the cluster (port base $OW_CLUSTER_PORT_BASE)"
"${CLUSTER[@]}" up >&2
eval "$("${CLUSTER[@]}" env)"
read -r NODE1_URL _ <<<"$OW_CLUSTER_NODE_URLS"
CLUSTER_URL=$OW_CLUSTER_URL

# ---- set-up through the public API (as tests/cluster/load.mjs) ------------------------------

api() { curl -fsS -m 30 -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import sys,json; print(json.load(sys.stdin)['$1'])"; }
login() { # ID_NUMBER PASSWORD: prints a bearer token
  api -d "{\"id_number\":\"$1\",\"password\":\"$2\"}" "$CLUSTER_URL/api/v1/sessions" | json token
}

# The demo checkpoint account (node1 loads the demo data) and the place it is assigned to.
STAFF_TOKEN=$(login 350102198001010038 demo-community) || die "staff login failed"
PLACE=$(curl -fsS -m 30 -H "Authorization: Bearer $STAFF_TOKEN" "$CLUSTER_URL/api/v1/places" |
  python3 -c "import sys,json
places = json.load(sys.stdin)['places']
place = next((p for p in places if p['name'] == '三坊七巷社区东门'), places[0])
print(place['place_id'])") ||
  die "no place for the demo checkpoint account"

# Resident ID numbers with valid check digits (GB 11643), as bench/http/run.sh; none is a demo
# account's. Registration and login hash passwords (Argon2id): 2 at a time.
python3 - "$CITIZENS" >"$OUT/ids.txt" <<'PY'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
for i in range(int(sys.argv[1])):
    body = "330104%04d%02d%02d%03d" % (1950 + i % 50, 1 + i // 50 % 12, 1 + i // 600 % 28, i % 1000)
    print(body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11])
PY
citizen() { # ID_NUMBER: registers the citizen and prints a bearer token
  api -d "{\"name\":\"张三\",\"id_number\":\"$1\",\"password\":\"bench citizen pw\"}" \
    "$CLUSTER_URL/api/v1/citizens" >/dev/null
  login "$1" "bench citizen pw"
}
export -f citizen login api json
export CLUSTER_URL
note "registering $CITIZENS citizens"
xargs -P 2 -I{} bash -c 'citizen {}' <"$OUT/ids.txt" >"$OUT/tokens.txt"
[[ $(grep -c . "$OUT/tokens.txt") -eq $CITIZENS ]] || die "citizen set-up failed"

# Codes live code_ttl_seconds (300 s): fetched anew before every round (whose scan runs take
# 2 x DURATION_S, so DURATION_S must stay below ~150 s), and one scan through the cluster must
# be allowed (green code, assigned place) before wrk repeats it.
refresh_codes() {
  local t
  while read -r t; do
    curl -fsS -m 30 -H "Authorization: Bearer $t" "$CLUSTER_URL/api/v1/me/health-code" |
      json payload
  done <"$OUT/tokens.txt" >"$OUT/payloads.txt"
  [[ $(grep -c . "$OUT/payloads.txt") -eq $CITIZENS ]] || die "code fetch failed"
  local first body
  body="{\"payload\":\"$(head -n 1 "$OUT/payloads.txt")\",\"place_id\":\"$PLACE\","
  body+="\"direction\":\"in\"}"
  first=$(api -H "Authorization: Bearer $STAFF_TOKEN" -d "$body" "$CLUSTER_URL/api/v1/scans") ||
    die "check scan failed"
  echo "$first" | python3 -c "import sys,json; d=json.load(sys.stdin); assert d['allowed'], d" ||
    die "bench scan not allowed: $first"
}
refresh_codes
# A code fetch straight at node1 must work too (the single-node side).
curl -fsS -m 30 -o /dev/null -H "Authorization: Bearer $(head -n 1 "$OUT/tokens.txt")" \
  "$NODE1_URL/api/v1/me/health-code" || die "code fetch from node1 failed"
export OW_TOKEN=$STAFF_TOKEN OW_PLACE=$PLACE OW_PAYLOADS=$OUT/payloads.txt OW_TOKENS=$OUT/tokens.txt

# ---- CPU accounting from /proc ---------------------------------------------------------------

TCK=$(getconf CLK_TCK)
# The long-lived processes of each part, resolved once (cluster.sh pids; pg* = Patroni and
# its PostgreSQL). PostgreSQL's backends come and go, so the postmasters' children are listed
# at each sample.
mapfile -t HAPROXY_PIDS < <("${CLUSTER[@]}" pids haproxy)
mapfile -t NODE_PIDS < <(for n in node1 node2 node3; do "${CLUSTER[@]}" pids "$n"; done)
mapfile -t DB_PIDS < <(for p in pg1 pg2 etcd; do "${CLUSTER[@]}" pids "$p"; done)
POSTMASTERS=$(for m in pg1 pg2; do head -n 1 "$OW_CLUSTER_DIR/$m/data/postmaster.pid"; done |
  paste -sd,)
((${#HAPROXY_PIDS[@]} && ${#NODE_PIDS[@]} == 3 && ${#DB_PIDS[@]})) ||
  die "cluster processes not found"
# Ticks (user + system, own + reaped children) of the given processes, in one read of /proc
# (short, so that the sample brackets the wrk run closely). A process that ended meanwhile is
# skipped: its time is in its parent's children's time, and the parent is listed.
ticks_of() {
  local files=() p
  for p in "$@"; do files+=("/proc/$p/stat"); done
  awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); t += f[12] + f[13] + f[14] + f[15] }
       END { print t + 0 }' "${files[@]}" 2>/dev/null || true
}
# One sample: ticks of haproxy, nodes, database (PostgreSQL + Patroni + etcd), client (this
# shell's reaped children: wrk, run in a subshell this shell waits for), the whole machine's
# busy ticks, and the time in ns.
cpu_sample() {
  local db
  # Each pid once: DB_PIDS already holds the backends that existed at the start (cluster.sh
  # pids lists a member's postmaster children), which are children now too.
  mapfile -t db < <({
    printf '%s\n' "${DB_PIDS[@]}"
    pgrep -P "$POSTMASTERS"
  } | sort -u)
  echo "$(ticks_of "${HAPROXY_PIDS[@]}") $(ticks_of "${NODE_PIDS[@]}")" \
    "$(ticks_of "${db[@]}") $(ticks_of $$)" \
    "$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat) $(date +%s%N)"
}

# HAProxy's retries and redispatches for the nodes' backend (statistics CSV, by column name):
# a request HAProxy re-sent after a node failed is not an error for wrk, so count them apart.
proxy_retries() {
  curl -fsS -m 5 "${OW_CLUSTER_STATS_URL};csv" | python3 -c "import sys, csv
rows = list(csv.reader(l.lstrip('# ') for l in sys.stdin))
h = rows[0]
r = next(r for r in rows[1:] if r[0] == 'be_onewindow' and r[1] == 'BACKEND')
print(int(r[h.index('wretr')] or 0) + int(r[h.index('wredis')] or 0))"
}

# Transactions the application database has run (committed + rolled back), from PostgreSQL's
# statistics on the primary (through HAProxy's pg_primary port, as the nodes reach it): scans
# are written in group commits per node, so this says how well the nodes batch. Backends
# publish their counts within about a second, so measure() waits before reading the end count.
# shellcheck disable=SC1091
source "$OW_CLUSTER_DIR/secrets.env"
db_xacts() {
  PGPASSWORD=$OW_PG_SUPERUSER_PASSWORD PGCONNECT_TIMEOUT=5 /usr/lib/postgresql/15/bin/psql -X -qtA \
    -h 127.0.0.1 -p $((OW_CLUSTER_PORT_BASE + 2)) -U postgres -d postgres -c \
    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'onewindow'"
}
db_xacts >/dev/null || die "cannot read the database's statistics"

# ---- measurements ----------------------------------------------------------------------------

# measure TARGET OP ROUND DURATION [THINK_MS]: one wrk run; with ROUND > 0 appends its figures
# and CPU per request to results.jsonl (ROUND 0 is a warm-up: pools filled, caches warm). With
# THINK_MS, each connection pauses that long before each request (a paced run).
measure() {
  local target=$1 op=$2 round=$3 dur=$4 think=${5:-0} url path c0 c1 r0 r1 x0 x1 line
  [[ $target == single ]] && url=$NODE1_URL || url=$CLUSTER_URL
  [[ $op == scans ]] && path=/api/v1/scans || path=/api/v1/me/health-code
  x0=$(db_xacts)
  r0=$(proxy_retries)
  c0=$(cpu_sample)
  line=$(OW_THINK_MS=$think wrk -t"$THREADS" -c"$CONN" -d"${dur}s" -s "bench/cluster/$op.lua" \
    "$url$path" | grep '^{') || die "wrk failed ($target $op)"
  c1=$(cpu_sample)
  r1=$(proxy_retries)
  ((round > 0)) || return 0
  sleep 1.5
  x1=$(db_xacts)
  python3 - "$target" "$op" "$round" "$line" "$c0" "$c1" "$((r1 - r0))" "$TCK" "$((x1 - x0))" \
    "$think" >>"$OUT/results.jsonl" <<'PY'
import json, os, sys
target, op, rnd, line, c0, c1, retries, tck, xacts, think = sys.argv[1:]
d = json.loads(line)
d["db_xacts_per_req"] = int(xacts) / max(d["requests"], 1)
a = [int(x) for x in c0.split()]
b = [int(x) for x in c1.split()]
n = max(d["requests"], 1)
secs = lambda i: (b[i] - a[i]) / int(tck)
wall = (b[5] - a[5]) / 1e9
parts = ("haproxy", "nodes", "database", "client")
cpu = {k: secs(i) / n * 1e6 for i, k in enumerate(parts)}
# Cores busy outside the bench's processes (other users of the machine: builds, tests), and
# cores idle, over the sampled window.
d["other_cores"] = (secs(4) - sum(secs(i) for i in range(4))) / wall
d["idle_cores"] = os.cpu_count() - secs(4) / wall
d.update(target=target, op=op, round=int(rnd), retries=int(retries), cpu_us=cpu, window_s=wall,
         think_ms=float(think))
print(json.dumps(d))
PY
  tail -n 1 "$OUT/results.jsonl" | python3 -c "import sys, json
d = json.load(sys.stdin)
print('bench-cluster: round %d%s %-7s %-5s %8.1f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d+%d  '
      'retries %d  db xacts/req %.3f  cpu us/req: haproxy %.0f nodes %.0f db %.0f wrk %.0f; '
      'cores: other %.2f idle %.2f' % (
      d['round'], ' paced' if d['think_ms'] else '', d['target'], d['op'], d['per_s'], d['p50_ms'], d['p99_ms'],
      d['status_errors'], d['socket_errors'], d['retries'], d['db_xacts_per_req'],
      d['cpu_us']['haproxy'], d['cpu_us']['nodes'], d['cpu_us']['database'], d['cpu_us']['client'],
      d['other_cores'], d['idle_cores']))" >&2
}

note "warm-up (${WARMUP}s each)"
for op in scans codes; do
  for target in single cluster; do measure "$target" "$op" 0 "$WARMUP"; done
done
LOAD_MID=()
for round in $(seq "$ROUNDS"); do
  # Odd rounds: single first; even rounds: cluster first.
  if ((round % 2)); then order=(single cluster); else order=(cluster single); fi
  refresh_codes
  for target in "${order[@]}"; do measure "$target" scans "$round" "$DUR"; done
  for target in "${order[@]}"; do measure "$target" codes "$round" "$DUR"; done
  LOAD_MID+=("$(load_avg)")
  note "round $round done, load average ${LOAD_MID[-1]}"
done
# Paced: both paths at PACED x the single node's median rate of the rounds above.
if awk -v f="$PACED" 'BEGIN { exit !(f > 0) }'; then
  refresh_codes
  for op in scans codes; do
    think=$(python3 - "$OUT/results.jsonl" "$op" "$PACED" "$CONN" <<'PY'
import json, statistics, sys
path, op, frac, conn = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
rates = [d["per_s"] for d in map(json.loads, open(path))
         if d["target"] == "single" and d["op"] == op and not d["think_ms"]]
print("%.1f" % max(1.0, conn * 1000 / (frac * statistics.median(rates))))
PY
)
    note "paced $op: $CONN connections, ${think} ms between requests on each"
    for target in single cluster; do measure "$target" "$op" $((ROUNDS + 1)) "$DUR" "$think"; done
  done
fi
LOAD_END=$(load_avg)

# ---- report ----------------------------------------------------------------------------------

REPORTED=1
python3 - "$OUT/results.jsonl" "$LOAD_START" "$LOAD_END" "${GOALS:-0}" <<'PY'
import json, statistics, sys
path, load_start, load_end, goals = sys.argv[1:]
everything = [json.loads(l) for l in open(path)]
rows = [r for r in everything if not r["think_ms"]]
paced = [r for r in everything if r["think_ms"]]
med = statistics.median
def metric(name, value, unit):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit},
                     ensure_ascii=False, separators=(",", ":")))
def of(target, op):
    return sorted((r for r in rows if r["target"] == target and r["op"] == op),
                  key=lambda r: r["round"])
n = len({r["round"] for r in rows})
missed = []
for op, unit in (("scans", "scans/s"), ("codes", "code fetches/s")):
    s, c = of("single", op), of("cluster", op)
    for target, rs in (("single", s), ("cluster", c)):
        metric(f"{target}_{op}_per_s", med(r["per_s"] for r in rs),
               f"{unit} (median of {n} rounds)")
        metric(f"{target}_{op}_p50_ms", med(r["p50_ms"] for r in rs), "ms (median of rounds)")
        metric(f"{target}_{op}_p99_ms", med(r["p99_ms"] for r in rs), "ms (median of rounds)")
        metric(f"{target}_{op}_p99_ms_worst", max(r["p99_ms"] for r in rs), "ms (worst round)")
        for part in ("haproxy", "nodes", "database", "client"):
            metric(f"{target}_{op}_cpu_us_{part}", med(r["cpu_us"][part] for r in rs),
                   "us of CPU per request (median of rounds)")
        metric(f"{target}_{op}_db_xacts_per_req", med(r["db_xacts_per_req"] for r in rs),
               "database transactions per request (median of rounds)")
        metric(f"{target}_{op}_other_cores", med(r["other_cores"] for r in rs),
               "cores busy outside the bench (median of rounds)")
    ratios = [cr["per_s"] / sr["per_s"] for sr, cr in zip(s, c)]
    for r in ratios:
        metric(f"cluster_vs_single_{op}_round", r, "ratio")
    ratio = med(ratios)
    metric(f"cluster_vs_single_{op}", ratio, f"ratio (median of {n} rounds)")
    if ratio < 0.7:
        missed.append(f"cluster_vs_single_{op} {ratio:.3f} < 0.7")
    # Latency with spare capacity: the paced runs (PACED x the single node's rate).
    for r in (r for r in paced if r["op"] == op):
        t = r["target"]
        metric(f"{t}_{op}_paced_per_s", r["per_s"], f"{unit} (paced, {r['think_ms']:.0f} ms pauses)")
        metric(f"{t}_{op}_paced_p50_ms", r["p50_ms"], "ms (paced)")
        metric(f"{t}_{op}_paced_p99_ms", r["p99_ms"], "ms (paced)")
        if t == "cluster" and r["p99_ms"] >= 50:
            missed.append(f"cluster_{op}_paced_p99_ms {r['p99_ms']:.2f} >= 50")
errors = {t: sum(r["status_errors"] + r["socket_errors"] for r in everything if r["target"] == t)
          for t in ("single", "cluster")}
metric("cluster_errors", errors["cluster"], "responses >= 400 + socket errors (all cluster runs)")
metric("single_errors", errors["single"], "responses >= 400 + socket errors (all single runs)")
metric("cluster_retries", sum(r["retries"] for r in everything if r["target"] == "cluster"),
       "requests HAProxy re-sent to another node (all cluster runs)")
if errors["cluster"]:
    missed.append(f"cluster_errors {errors['cluster']} > 0")
metric("load_avg_start", float(load_start), "1-minute load average")
metric("load_avg_end", float(load_end), "1-minute load average")
if not paced:
    missed.append("no paced runs (PACED=0): the p99 goal was not measured")
metric("cluster_goals_met", 0 if missed else 1,
       "1 = ratio >= 0.7, paced p99 < 50 ms, 0 errors")
for m in missed:
    print("bench-cluster: goal missed:", m, file=sys.stderr)
sys.exit(1 if missed and goals == "1" else 0)
PY
