#!/usr/bin/env bash
# Open-loop overload runs (docs/performance.md, "Hashing flood and admission control"): the
# server (`serve --demo`, SQLite) pinned to core 0 and the generator (`bench load`, one
# thread) pinned to core 1, a fresh node per run. Settings alternate within the one run so
# that the machine's noise shows; each result line is the bench's JSON line with the phase,
# the setting and the round added, and the load averages (`uptime`) before the run.
# NICE (e.g. -10, needs root) runs server and generator each in a session of its own whose
# autogroup has that niceness (with sched_autogroup the CPU is shared between sessions first, so
# a process's own nice value does not help against other sessions' compilers); the machine's
# other jobs then take less of the two cores. The run records the load averages anyway.
# Run from the repository root after a build.
# usage: [ROUNDS=2] [SECONDS_PER_RUN=8] [CONNS=2000]
#        [PHASES="capacity flood flood_apart admission"] [RATES="3000 4000 ..."]
#        [ADMISSION_RATES="4000 8000 12000"]
#        [ON_SETTINGS="qd5=--max-queue-delay-ms 5;qd10=--max-queue-delay-ms 10"] [NICE=-10]
#        bench/overload/open_loop.sh > results.jsonl
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-build/onewindow}
PHASES=${PHASES:-"capacity flood flood_apart admission"}
ROUNDS=${ROUNDS:-2}
SECS=${SECONDS_PER_RUN:-8}
CONNS=${CONNS:-2000}
RATES=${RATES:-"3000 4000 5000 6000 8000 10000"}
# Admission: arrival rates below and above capacity (about 5,000/s with p99 bounded here), and
# the settings compared with "off" (name=serve flags; separated by ';').
ADMISSION_RATES=${ADMISSION_RATES:-"4000 8000 12000"}
ON_SETTINGS=${ON_SETTINGS:-"qd5=--max-queue-delay-ms 5;qd10=--max-queue-delay-ms 10"}
SERVER_CORE=${SERVER_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}
NICE=${NICE:-0}
PORT=$((20000 + RANDOM % 10000))  # below the ephemeral range the clients use
DIR=""
SERVER=""
# prio CMD...: runs CMD (exec) in a new session whose autogroup has niceness NICE.
prio() {
  if [ "$NICE" = 0 ]; then exec "$@"; fi
  # shellcheck disable=SC2016  # expanded by the inner sh
  exec setsid sh -c 'echo "$0" >/proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' \
    "$NICE" "$@"
}
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -n "$DIR" ]; then rm -rf "$DIR"; fi
  SERVER=""; DIR=""
}
trap cleanup EXIT

# start_server FLAGS...: a fresh node with the demo accounts (the flood and the fixture log in
# from one address: no per-address limits).
start_server() {
  cleanup
  DIR=$(mktemp -d /tmp/ow-open-loop.XXXXXX)
  (prio taskset -c "$SERVER_CORE" "$BIN" serve --db "sqlite:$DIR/ow.db" \
    --key-file "$DIR/master.key" --port "$PORT" --demo --log-level warn \
    --registrations-per-minute 0 --logins-per-minute 0 "$@") >"$DIR/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "server did not start" >&2; cat "$DIR/server.log" >&2; exit 1
}

# tag PHASE SETTING ROUND LOAD: adds them to each JSON line read.
tag() {
  python3 -c '
import sys, json
phase, setting, rnd, load = sys.argv[1:5]
for l in sys.stdin:
    d = json.loads(l); d.update(phase=phase, setting=setting, round=int(rnd), loadavg=load)
    print(json.dumps(d, ensure_ascii=False))' "$@"
}

# run PHASE SETTING ROUND LOAD_FLAGS...: one measurement; prints tagged JSON lines. With
# PROBE="FLAGS" a second generator (names prefixed probe_) runs beside it on its own
# connections, e.g. a /healthz monitor that no scan can hold up.
run() {
  local phase=$1 setting=$2 round=$3; shift 3
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  sleep 1
  local side=""
  if [ -n "${PROBE:-}" ]; then
    # shellcheck disable=SC2086
    (prio taskset -c "$LOAD_CORE" "$BIN" bench load --port "$PORT" --seconds "$SECS" \
      --label probe $PROBE) >"$DIR/probe.out" &
    side=$!
  fi
  (prio taskset -c "$LOAD_CORE" "$BIN" bench load --port "$PORT" --seconds "$SECS" "$@") |
    tag "$phase" "$setting" "$round" "$load"
  if [ -n "$side" ]; then
    wait "$side"
    tag "$phase" "$setting" "$round" "$load" <"$DIR/probe.out"
  fi
  local refused; refused=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^onewindow_admission_refused/ {s+=$2} END {print s+0}')
  echo "{\"name\":\"server_admission_refused\",\"value\":$refused,\"unit\":\"requests\",\"phase\":\"$phase\",\"setting\":\"$setting\",\"round\":$round,\"loadavg\":\"$load\"}"
}

MIX="scan:1,code:1,healthz:0.05"
for phase in $PHASES; do
  case $phase in
  capacity)  # the highest rate at which p99 stays bounded, admission off
    for rate in $RATES; do
      start_server
      run capacity "rate_$rate" 1 --rate "$rate" --connections "$CONNS" --mix "$MIX"
    done ;;
  flood)  # probes of scans and /healthz at a modest rate, alone and beside a 64-connection flood
    for round in $(seq "$ROUNDS"); do
      start_server
      run flood baseline "$round" --rate 100 --connections 8 --mix scan:1,healthz:1
      start_server
      run flood flood64 "$round" --rate 100 --connections 8 --mix scan:1,healthz:1 \
        --flood-connections 64 --flood-mix register,login
    done ;;
  flood_apart)  # the same, with /healthz probed on connections of its own
    for round in $(seq "$ROUNDS"); do
      start_server
      PROBE="--rate 50 --connections 4 --mix healthz:1" \
        run flood_apart baseline "$round" --rate 50 --connections 4 --mix scan:1
      start_server
      PROBE="--rate 50 --connections 4 --mix healthz:1" \
        run flood_apart flood64 "$round" --rate 50 --connections 4 --mix scan:1 \
        --flood-connections 64 --flood-mix register,login
    done ;;
  admission)  # below and above capacity, admission off vs on
    IFS=';' read -ra settings <<<"$ON_SETTINGS"
    for rate in $ADMISSION_RATES; do
      for round in $(seq "$ROUNDS"); do
        start_server
        run "admission_$rate" off "$round" --rate "$rate" --connections "$CONNS" --mix "$MIX"
        for setting in "${settings[@]}"; do
          # shellcheck disable=SC2086
          start_server ${setting#*=}
          run "admission_$rate" "${setting%%=*}" "$round" --rate "$rate" --connections "$CONNS" \
            --mix "$MIX"
        done
      done
    done ;;
  esac
done
