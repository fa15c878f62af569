#!/usr/bin/env bash
# Fault drills on the loopback cluster (scripts/cluster.sh), under a steady mixed load through
# HAProxy (tests/cluster/load.mjs: scans with idempotency keys, code fetches, logins, reads):
#
#   1. kill -9 the `serve` node holding the hall timers' once-per-cluster lease: error rate
#      while HAProxy takes it out, how soon another node takes the lease; then restart it
#   2. kill -9 the PostgreSQL primary's machine (its Patroni and every PostgreSQL process):
#      Patroni promotes the synchronous standby, the nodes reconnect through HAProxy by
#      themselves; the unavailable window for writes is measured (goal < 30 s); the old
#      primary then rejoins as the new synchronous standby (pg_rewind)
#   3. SIGSTOP every process of the primary PostgreSQL for 10 s, then SIGCONT: how fast the
#      nodes answer meanwhile, and that they recover without a restart (same pids)
#   4. start a fourth node with a different master key: it must refuse to start
#   5. a rolling upgrade to another build (onewindow-next: a newer version with the next
#      schema versions of two modules): migrate while the old nodes serve, the old binary is
#      then refused at start, and the nodes are replaced one at a time (SIGTERM: pre-stop,
#      drain; start the new build): writes keep being acknowledged
#
# Before the load, HAProxy's shared cache is checked: public documents are answered from it,
# revalidate with 304, and a personal answer never comes from it.
#
# Afterwards every scan the cluster acknowledged (201) must be in pass_client_ids on the
# current primary, and every acknowledged application in hall_cases exactly once (by its
# Idempotency-Key): acknowledged writes lost must be 0.
#
# Prints JSON lines {"name","value","unit"}; exits 1 when a goal is missed. About 3 minutes.
# Settings: ONEWINDOW_BIN (default build/onewindow), OW_CLUSTER_PORT_BASE (default 28000),
# OW_DRILL_KEEP=1 keeps the cluster's state directory (logs) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export ONEWINDOW_BIN=${ONEWINDOW_BIN:-$ROOT/build/onewindow}
export OW_CLUSTER_PORT_BASE=${OW_CLUSTER_PORT_BASE:-28000}
export OW_CLUSTER_DIR=${OW_CLUSTER_DIR:-/tmp/ow-drill-$OW_CLUSTER_PORT_BASE}
CLUSTER=(bash "$ROOT/scripts/cluster.sh")
OUT=$(mktemp -d /tmp/ow-drill-out.XXXXXX)
LOAD_PID=""
FAILED=()
T_START=$SECONDS

cleanup() {
  local rc=$?
  if [[ -n $LOAD_PID ]] && kill -0 "$LOAD_PID" 2>/dev/null; then kill -TERM "$LOAD_PID" || true; fi
  if [[ $rc -ne 0 || ${OW_DRILL_KEEP:-0} == 1 ]]; then
    echo "drills: cluster logs kept in $OW_CLUSTER_DIR/logs, load in $OUT" >&2
    OW_CLUSTER_KEEP=1 "${CLUSTER[@]}" down >/dev/null 2>&1 || true
  else
    "${CLUSTER[@]}" down >/dev/null 2>&1 || true
    rm -rf "$OUT"
  fi
}
trap cleanup EXIT

note() { echo "drills: $*" >&2; }
now_ms() { date +%s%3N; }
metric() { printf '{"name":"%s","value":%s,"unit":"%s"}\n' "$1" "$2" "$3"; }
goal() { # NAME OK(0|1) WHAT
  if [[ $2 == 1 ]]; then note "ok: $3"; else
    note "FAILED: $3"
    FAILED+=("$1")
  fi
}
# Reads one field of a JSON object on stdin.
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];console.log(v===null||v===undefined?"null":v)})' "$1"; }
analyze() { node tests/cluster/load.mjs analyze "$OUT/load" "$@"; }
ms_to_s() { awk -v m="$1" 'BEGIN { printf "%.2f", m / 1000 }'; }

# Patroni: which member holds the leader lock, and is the other one the synchronous standby.
patroni_port() { echo $((OW_CLUSTER_PORT_BASE + 30 + ${1#pg})); }
is_primary() { curl -fs -m 2 -o /dev/null -X OPTIONS "http://127.0.0.1:$(patroni_port "$1")/primary"; }
is_sync() { curl -fs -m 2 -o /dev/null -X OPTIONS "http://127.0.0.1:$(patroni_port "$1")/sync"; }
primary() {
  local m
  for m in pg1 pg2; do is_primary "$m" && echo "$m" && return 0; done
  return 1
}
other() { [[ $1 == pg1 ]] && echo pg2 || echo pg1; }

# Waits (bounded) until a scan started at or after FROM_MS has been acknowledged; prints the
# time from FROM_MS to that acknowledgement in ms, or "null".
wait_write_after() {
  local from=$1 end=$((SECONDS + $2)) v
  while :; do
    v=$(analyze "$from" "$(now_ms)" | field first_write_ok_after_ms)
    if [[ $v != null ]] || ((SECONDS >= end)); then
      echo "$v"
      return 0
    fi
    sleep 0.5
  done
}

# Starts a node outside the cluster (BIN KEY_FILE PORT_OFFSET LOG) that is expected to refuse
# to start; prints its exit code (124: still running after 30 s).
start_extra_node() {
  local rc=0
  timeout 30 "$1" serve --db "$OW_CLUSTER_PG_URL" --key-file "$2" --address 127.0.0.1 \
    --port $((OW_CLUSTER_PORT_BASE + $3)) --log-level warn >"$4" 2>&1 || rc=$?
  echo "$rc"
}

# ---- the cluster and the load ---------------------------------------------------------------
note "starting the cluster (state $OW_CLUSTER_DIR)"
"${CLUSTER[@]}" down >/dev/null 2>&1 || true
t0=$SECONDS
if ! "${CLUSTER[@]}" up >"$OUT/up.log" 2>&1; then
  cat "$OUT/up.log" >&2
  exit 1
fi
metric cluster_up_seconds $((SECONDS - t0)) s
eval "$("${CLUSTER[@]}" env)"

# ---- the shared cache: HAProxy answers public documents itself, never personal ones ------
cache_headers() { curl -sS -m 5 -D - -o /dev/null "$@"; }
cache_headers "$OW_CLUSTER_URL/api/v1/hall/items" >/dev/null
second=$(cache_headers "$OW_CLUSTER_URL/api/v1/hall/items")
grep -qi '^x-cache: HIT' <<<"$second" && ok=1 || ok=0
goal cache_hit "$ok" "a repeated GET /api/v1/hall/items is answered from HAProxy's cache"
tag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' <<<"$second" | tr -d '\r')
revalidated=$(cache_headers -H "If-None-Match: $tag" "$OW_CLUSTER_URL/api/v1/hall/items" | head -n 1)
[[ -n $tag && $revalidated == *" 304"* ]] && ok=1 || ok=0
goal cache_revalidate "$ok" "If-None-Match with the ETag gets 304 (${revalidated%%$'\r'})"
# The exchange catalogue says "public, s-maxage=60" (browsers revalidate, shared caches keep it).
cache_headers "$OW_CLUSTER_URL/api/v1/exchange/services" >/dev/null
grep -qi '^x-cache: HIT' <<<"$(cache_headers "$OW_CLUSTER_URL/api/v1/exchange/services")" && ok=1 || ok=0
goal cache_hit_shared_only "$ok" "a repeated GET /api/v1/exchange/services (s-maxage only) is answered from the cache"
personal=$(cache_headers "$OW_CLUSTER_URL/api/v1/me"; cache_headers "$OW_CLUSTER_URL/api/v1/me")
grep -qi '^x-cache: HIT' <<<"$personal" && ok=0 || ok=1
goal cache_not_personal "$ok" "GET /api/v1/me never comes from the cache"

RUN_ID=drill-$(date +%s)-$RANDOM
mkdir -p "$OUT/load"
node tests/cluster/load.mjs run "$OW_CLUSTER_URL" "$OUT/load" "$RUN_ID" 2>"$OUT/load.err" &
LOAD_PID=$!
for _ in $(seq 1 120); do
  [[ -f $OUT/load/ready ]] && break
  kill -0 "$LOAD_PID" 2>/dev/null || break
  sleep 0.25
done
[[ -f $OUT/load/ready ]] || {
  cat "$OUT/load.err" >&2
  note "the load client could not log in"
  exit 1
}
t_ready=$(now_ms)
sleep 5
base=$(analyze "$t_ready" "$(now_ms)")
metric baseline_error_rate "$(field error_rate <<<"$base")" ratio
metric baseline_p99_latency "$(field p99_ms <<<"$base")" ms
for op in scan code login; do
  metric "baseline_${op}_p99_latency" "$(analyze "$t_ready" "$(now_ms)" "$op" | field p99_ms)" ms
done

# ---- drill 1: kill -9 a serve node ----------------------------------------------------------
# The victim is the node holding the hall timers' once-per-cluster lease (job_leases.holder is
# host:pid:random), so the drill also shows the background job moving to a surviving node:
# the lease lapses after three periods (cluster.sh runs the timers every 2 s) and the next
# node to tick takes it.
lease() {
  psql -X -q -tA -F ' ' "$OW_CLUSTER_PG_URL" \
    -c "SELECT holder, runs FROM job_leases WHERE name = 'hall_timers'" 2>/dev/null || true
}
victim=node2
read -r holder0 _ <<<"$(lease)"
for n in node1 node2 node3; do
  [[ -n ${holder0:-} && $(cut -d: -f2 <<<"$holder0") == "$("${CLUSTER[@]}" pids "$n")" ]] && victim=$n
done
[[ -n ${holder0:-} ]] || note "warning: no holder of the hall_timers lease yet"
note "drill 1: kill -9 $victim (holds the hall_timers lease: ${holder0:-nobody})"
t1=$(now_ms)
# shellcheck disable=SC2046 # one word per pid
kill -KILL $("${CLUSTER[@]}" pids "$victim")
takeover=null
while (($(now_ms) - t1 < 20000)); do
  read -r holder runs <<<"$(lease)"
  if [[ -n ${holder:-} && -n ${holder0:-} && $holder != "$holder0" ]]; then
    takeover=$(($(now_ms) - t1))
    break
  fi
  sleep 0.25
done
left=$((10000 - ($(now_ms) - t1)))
((left > 0)) && sleep "$(ms_to_s "$left")"
t1e=$(now_ms)
d1=$(analyze "$t1" "$t1e")
metric node_kill_error_rate "$(field error_rate <<<"$d1")" ratio
metric node_kill_failed_requests "$(field errors <<<"$d1")" count
metric node_kill_requests "$(field attempts <<<"$d1")" count
metric node_kill_max_write_gap "$(field max_write_gap_ms <<<"$d1")" ms
metric job_lease_takeover "$takeover" ms
[[ $takeover != null ]] && ((takeover < 15000)) && ok=1 || ok=0
goal job_lease_takeover "$ok" "the hall timers' lease moved from the killed node to ${holder:-nobody} after ${takeover} ms (goal < 15 s)"
t=$SECONDS
"${CLUSTER[@]}" start "$victim" >/dev/null
metric node_restart_seconds $((SECONDS - t)) s

# ---- drill 2: kill -9 the PostgreSQL primary ------------------------------------------------
old=$(primary) || {
  note "no primary before drill 2"
  exit 1
}
new=$(other "$old")
is_sync "$new" || note "warning: $new is not the synchronous standby before drill 2"
note "drill 2: kill -9 $old (Patroni and PostgreSQL)"
pids=$("${CLUSTER[@]}" pids "$old")
t2=$(now_ms)
# shellcheck disable=SC2086 # one word per pid
kill -KILL $pids
window=$(wait_write_after "$t2" 60)
t2e=$(now_ms)
d2=$(analyze "$t2" "$t2e")
if [[ $window == null ]]; then
  metric failover_unavailable_window null ms
  goal failover_window 0 "no write acknowledged within 60 s after killing the primary"
else
  metric failover_unavailable_window "$window" ms
  ok=$((window < 30000 ? 1 : 0))
  goal failover_window "$ok" "writes resumed $(ms_to_s "$window") s after the primary was killed (goal < 30 s)"
fi
metric failover_failed_requests "$(field errors <<<"$d2")" count
is_primary "$new" && promoted=1 || promoted=0
goal failover_promoted "$promoted" "Patroni promoted $new"
t=$SECONDS
"${CLUSTER[@]}" start "$old" >/dev/null
end=$((SECONDS + 90))
until is_sync "$old" || ((SECONDS >= end)); do sleep 0.5; done
is_sync "$old" && rejoined=1 || rejoined=0
metric old_primary_rejoined_as_sync_standby_seconds $((SECONDS - t)) s
goal failover_rejoin "$rejoined" "$old rejoined as the synchronous standby"

# ---- drill 3: pause the database ------------------------------------------------------------
p=$(primary) || {
  note "no primary before drill 3"
  exit 1
}
note "drill 3: SIGSTOP $p's PostgreSQL for 10 s"
node_pids_before=$(for n in node1 node2 node3; do "${CLUSTER[@]}" pids "$n"; done | tr '\n' ' ')
pg_pids=$("${CLUSTER[@]}" pids "$p" | tail -n +2) # without Patroni
t3=$(now_ms)
# shellcheck disable=SC2086 # one word per pid
kill -STOP $pg_pids
sleep 10
# shellcheck disable=SC2086
kill -CONT $pg_pids
t3c=$(now_ms)
recovery=$(wait_write_after "$t3c" 30)
d3=$(analyze "$t3" "$t3c")
metric pause_requests "$(field attempts <<<"$d3")" count
metric pause_failed_requests "$(field errors <<<"$d3")" count
metric pause_503_responses "$(field status_503 <<<"$d3")" count
metric pause_unanswered_requests "$(field no_answer <<<"$d3")" count
metric pause_p99_latency "$(field p99_ms <<<"$d3")" ms
metric pause_failed_p99_latency "$(field error_p99_ms <<<"$d3")" ms
metric pause_recovery_after_sigcont "$recovery" ms
# "Quickly instead of piling up": requests in flight when the database stops wait for the
# nodes' per-statement deadline (2 s, times HAProxy's re-sends of a 503) and may reach the
# client's 5 s timeout; these first seconds are reported. Once HAProxy has taken the paused
# primary (its Patroni API stops answering) and then the nodes (their /readyz fails) out,
# within about 4 s, the requests that need the database (scans, code fetches, reads) should be
# answered (503 + Retry-After) within 2 s (p99), none left to the client's 5 s timeout. Logins are reported apart:
# they also queue for argon2id on the CPU (seconds at p99 on this 2-core machine at baseline).
d3db=$(analyze "$t3" "$t3c" scan,code,read)
d3late=$(analyze $((t3 + 5000)) "$t3c" scan,code,read)
d3login=$(analyze "$t3" "$t3c" login)
metric pause_db_requests_p99_latency "$(field p99_ms <<<"$d3db")" ms
metric pause_db_requests_unanswered "$(field no_answer <<<"$d3db")" count
metric pause_after_5s_db_requests "$(field attempts <<<"$d3late")" count
metric pause_after_5s_db_requests_p99_latency "$(field p99_ms <<<"$d3late")" ms
metric pause_after_5s_db_requests_unanswered "$(field no_answer <<<"$d3late")" count
metric pause_after_5s_db_requests_timed_out "$(field timeouts <<<"$d3late")" count
metric pause_login_p99_latency "$(field p99_ms <<<"$d3login")" ms
metric pause_login_unanswered "$(field no_answer <<<"$d3login")" count
# Reported, not yet a goal: in some runs requests still reach the client's timeout after 5 s
# (see docs/operations.md, "Cluster"); make it a goal once that is understood.
note "from 5 s into the pause: scans/codes/reads p99 $(field p99_ms <<<"$d3late") ms, $(field timeouts <<<"$d3late") timed out (reported, not a goal yet)"
[[ $recovery != null ]] && ok=1 || ok=0
goal pause_recovery "$ok" "writes acknowledged again $(ms_to_s "${recovery/null/0}") s after SIGCONT"
node_pids_after=$(for n in node1 node2 node3; do "${CLUSTER[@]}" pids "$n"; done | tr '\n' ' ')
[[ $node_pids_before == "$node_pids_after" && $(wc -w <<<"$node_pids_after") == 3 ]] && ok=1 || ok=0
goal pause_no_restart "$ok" "the nodes recovered without a restart (pids $node_pids_after)"
[[ $(primary || echo none) == "$p" ]] && same=1 || same=0
metric pause_caused_failover $((1 - same)) bool

# ---- drill 4: a node with another master key ----------------------------------------------
# It must refuse to start (rather than write data the other nodes cannot read), quickly.
note "drill 4: start a fourth node with a different master key"
head -c 32 /dev/urandom | base64 >"$OUT/other.key"
chmod 600 "$OUT/other.key"
t=$SECONDS
rc=$(start_extra_node "$ONEWINDOW_BIN" "$OUT/other.key" 14 "$OUT/wrong-key.log")
metric wrong_key_exit_code "$rc" code
metric wrong_key_refusal_seconds $((SECONDS - t)) s
[[ $rc -ne 0 && $rc -ne 124 ]] && grep -q "master key" "$OUT/wrong-key.log" && ok=1 || ok=0
goal wrong_key_refused "$ok" "a node with another master key refused to start (exit $rc: $(grep -o 'cannot start.*' "$OUT/wrong-key.log" | head -c 120))"

# ---- drill 5: a rolling upgrade to another build, one node at a time ----------------------
# The new build is `onewindow-next` (tests/cluster/next_release.cpp: the same code, a newer
# version, and the next schema version of identity and of the scans, additions only). As an
# operator would: `onewindow-next migrate` first, while the old nodes serve; then each node in
# turn gets SIGTERM (it fails /readyz for --pre-stop-seconds while still serving, so HAProxy
# takes it out before its port closes, then finishes what it has) and is started as the new
# build; wait until HAProxy has it back, then the next. The old binary, started on the
# migrated schema, must be refused. Without onewindow-next (an installed binary), the same
# binary is restarted.
NEXT_BIN=${ONEWINDOW_NEXT_BIN:-$(dirname "$ONEWINDOW_BIN")/onewindow-next}
node_versions() {
  local u
  for u in $OW_CLUSTER_NODE_URLS; do curl -fsS -m 5 "$u/api/v1/version" | field version || echo none; done | tr '\n' ' '
}
if [[ -x $NEXT_BIN ]]; then
  note "drill 5: rolling upgrade of node1, node2, node3 to $(basename "$NEXT_BIN")"
else
  note "drill 5: no $NEXT_BIN; rolling restart of node1, node2, node3 with the same binary"
  NEXT_BIN=$ONEWINDOW_BIN
fi
versions_before=$(node_versions)
t5=$(now_ms)
if [[ $NEXT_BIN != "$ONEWINDOW_BIN" ]]; then
  set +e
  "$NEXT_BIN" migrate --db "$OW_CLUSTER_PG_URL" --key-file "$OW_CLUSTER_DIR/master.key" \
    >"$OUT/migrate.log" 2>&1
  rc=$?
  set -e
  metric rolling_upgrade_migrate_seconds "$(ms_to_s $(($(now_ms) - t5)))" s
  goal rolling_upgrade_migrated "$((rc == 0 ? 1 : 0))" "the new build migrated the schema while the old nodes served (exit $rc)"
  rc=$(start_extra_node "$ONEWINDOW_BIN" "$OW_CLUSTER_DIR/master.key" 15 "$OUT/old-on-new.log")
  [[ $rc -ne 0 && $rc -ne 124 ]] && grep -q "upgrade onewindow" "$OUT/old-on-new.log" && ok=1 || ok=0
  goal rolling_upgrade_old_refused "$ok" "the old binary, started on the migrated schema, refused (exit $rc: $(grep -o 'database schema.*' "$OUT/old-on-new.log" | head -c 120))"
fi
for n in node1 node2 node3; do
  # shellcheck disable=SC2046 # one word per pid
  kill -TERM $("${CLUSTER[@]}" pids "$n")
  for _ in $(seq 1 300); do # `pids` prints nothing once the node has exited
    [[ -n $("${CLUSTER[@]}" pids "$n" 2>/dev/null) ]] || break
    sleep 0.1
  done
  ONEWINDOW_BIN=$NEXT_BIN "${CLUSTER[@]}" start "$n" >/dev/null
  sleep 2 # HAProxy's `rise 2` at 1 s checks
done
t5e=$(now_ms)
d5=$(analyze "$t5" "$t5e")
versions_after=$(node_versions)
note "node versions before: $versions_before; after: $versions_after"
metric rolling_upgrade_seconds $(((t5e - t5) / 1000)) s
metric rolling_upgrade_error_rate "$(field error_rate <<<"$d5")" ratio
metric rolling_upgrade_failed_requests "$(field errors <<<"$d5")" count
metric rolling_upgrade_requests "$(field attempts <<<"$d5")" count
metric rolling_upgrade_max_write_gap "$(field max_write_gap_ms <<<"$d5")" ms
gap=$(field max_write_gap_ms <<<"$d5")
[[ $gap != null ]] && awk -v g="$gap" 'BEGIN { exit !(g < 5000) }' && ok=1 || ok=0
goal rolling_upgrade_serves "$ok" "writes kept being acknowledged during the rolling upgrade (longest gap ${gap} ms, goal < 5 s)"
# With the pre-stop phase no request meets a closed port: none may fail, logins included
# (HAProxy does not re-send those). Without it, 7 of 884 failed (docs/operations.md). Logins
# count only when none failed in the 10 s before the upgrade: a login backlog left by the
# earlier drills is not the upgrade's doing (it is reported apart).
pre_login=$(analyze $((t5 - 10000)) "$t5" login | field errors)
ops=scan,code,read,apply
[[ $pre_login == 0 ]] && ops=scan,code,read,apply,login
d5ops=$(analyze "$t5" "$t5e" "$ops")
failed=$(field errors <<<"$d5ops")
metric rolling_upgrade_login_failures "$(analyze "$t5" "$t5e" login | field errors)" count
metric rolling_upgrade_login_failures_before "$pre_login" count
[[ $failed == 0 ]] && ok=1 || ok=0
goal rolling_upgrade_no_failures "$ok" "no request failed during the rolling upgrade ($failed of $(field attempts <<<"$d5ops"): $ops)"
want=$("$NEXT_BIN" version | awk '{ print $2 }')
[[ $versions_after == "$want $want $want " ]] && ok=1 || ok=0
goal rolling_upgrade_versions "$ok" "all three nodes answer as $want (before: $versions_before)"

# ---- acknowledged writes --------------------------------------------------------------------
sleep 2
kill -TERM "$LOAD_PID"
wait "$LOAD_PID" || true
LOAD_PID=""
summary=$(cat "$OUT/load/summary.json")
note "load: $summary"
metric load_operations "$(field ops <<<"$summary")" count
metric load_operations_failed_after_retries "$(field failed <<<"$summary")" count
acked=$(sort -u "$OUT/load/acked.txt" | tee "$OUT/acked.sorted" | wc -l)
psql -X -q -tA "$OW_CLUSTER_PG_URL" \
  -c "SELECT client_id FROM pass_client_ids WHERE client_id LIKE '$RUN_ID-%'" |
  sort -u >"$OUT/stored.sorted"
lost=$(comm -23 "$OUT/acked.sorted" "$OUT/stored.sorted" | wc -l)
metric acknowledged_writes "$acked" count
metric acknowledged_writes_lost "$lost" count
((acked > 0)) && ok=1 || ok=0
goal writes_acknowledged "$ok" "$acked scans acknowledged"
((lost == 0)) && ok=1 || ok=0
goal no_write_lost "$ok" "$lost acknowledged scans missing from the database"
# Applications: each acknowledged one is a case with its Idempotency-Key, exactly once, though
# the client and HAProxy re-sent some of them (a re-sent attempt may also have created the case
# whose first answer was lost: such a case is not counted as acknowledged, and is not a copy).
applied=$(sort -u "$OUT/load/applied.txt" | tee "$OUT/applied.sorted" | wc -l)
psql -X -q -tA "$OW_CLUSTER_PG_URL" \
  -c "SELECT request_key FROM hall_cases WHERE request_key LIKE '$RUN_ID-a-%'" |
  sort >"$OUT/cases.sorted"
applied_lost=$(comm -23 "$OUT/applied.sorted" <(sort -u "$OUT/cases.sorted") | wc -l)
doubled=$(uniq -d "$OUT/cases.sorted" | wc -l)
metric applications_acknowledged "$applied" count
metric applications_lost "$applied_lost" count
metric applications_doubled "$doubled" count
((applied > 0 && applied_lost == 0 && doubled == 0)) && ok=1 || ok=0
goal applications_once "$ok" "$applied applications acknowledged: $applied_lost missing, $doubled keys with more than one case"
metric drill_seconds $((SECONDS - T_START)) s

if ((${#FAILED[@]} > 0)); then
  note "FAILED: ${FAILED[*]}"
  exit 1
fi
note "all drills passed"
