#!/usr/bin/env bash
# A production-shaped OneWindow cluster on loopback, from Debian packages and deploy/:
#
#   etcd (1 member) <── Patroni pg1, pg2 ──> PostgreSQL 15 primary + synchronous standby
#   HAProxy: fe_onewindow (HTTP, checks /readyz) ──> onewindow serve node1, node2, node3
#            pg_primary   (TCP, checks Patroni GET /primary) ──> the current primary
#
#   scripts/cluster.sh up        start everything (or what is missing), wait until healthy,
#                                print the URLs
#   scripts/cluster.sh down      stop everything and delete the state directory
#   scripts/cluster.sh status    each process and check; exit 0 only when all are healthy
#   scripts/cluster.sh env       shell assignments (URLs, ports, state dir) for scripts: eval
#   scripts/cluster.sh start X   (re)start one part: node1..node3, pg1, pg2, haproxy, etcd
#   scripts/cluster.sh pids X    the process ids of one part (pg1/pg2: Patroni + PostgreSQL)
#
# Settings (environment):
#   OW_CLUSTER_PORT_BASE  first of the 100 ports used (default 28000), see ports below
#   OW_CLUSTER_DIR        state directory (default /tmp/ow-cluster-<base>)
#   ONEWINDOW_BIN         the onewindow binary (default build/onewindow)
#   OW_CLUSTER_KEEP=1     `down` keeps the state directory (logs) instead of deleting it
#   OW_CLUSTER_DB_QUERY_TIMEOUT_MS  the nodes' --db-query-timeout-ms (default 2000), when the
#                         binary has that option
#
# When run as root (CI) PostgreSQL and Patroni run as the `postgres` system user, as in
# scripts/pg.sh: PostgreSQL refuses to run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

BASE=${OW_CLUSTER_PORT_BASE:-28000}
if ! [[ $BASE =~ ^[0-9]+$ ]] || ((BASE < 1024 || BASE > 65436)); then
  echo "cluster.sh: OW_CLUSTER_PORT_BASE must be 1024..65436" >&2
  exit 2
fi
STATE=${OW_CLUSTER_DIR:-/tmp/ow-cluster-$BASE}
BIN=${ONEWINDOW_BIN:-$ROOT/build/onewindow}
PGBIN=/usr/lib/postgresql/15/bin
ADDR=127.0.0.1

# Ports, all within BASE .. BASE+99.
HTTP_PORT=$((BASE + 0))     # HAProxy: the cluster's HTTP entry point
STATS_PORT=$((BASE + 1))    # HAProxy: statistics page
PGPROXY_PORT=$((BASE + 2))  # HAProxy: PostgreSQL primary (what the nodes use)
NODE_PORT0=$((BASE + 10))   # onewindow serve node1..3: BASE+11..13
PG_PORT0=$((BASE + 20))     # PostgreSQL pg1, pg2: BASE+21, BASE+22
API_PORT0=$((BASE + 30))    # Patroni REST API pg1, pg2: BASE+31, BASE+32
ETCD_CLIENT_PORT=$((BASE + 40))
ETCD_PEER_PORT=$((BASE + 41))

NODES=(node1 node2 node3)
MEMBERS=(pg1 pg2)

log() { echo "cluster: $*" >&2; }
die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

node_port() { echo $((NODE_PORT0 + ${1#node})); }
pg_port() { echo $((PG_PORT0 + ${1#pg})); }
api_port() { echo $((API_PORT0 + ${1#pg})); }

is_root() { [[ $(id -u) -eq 0 ]]; }

# ---- processes ------------------------------------------------------------------------------

pidfile() { echo "$STATE/run/$1.pid"; }

alive() {
  local f
  f=$(pidfile "$1")
  [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# Starts a long-running process in its own session, detached from this shell; its pid (the
# process itself: bash execs into it) goes to run/NAME.pid, its output to logs/NAME.log.
# With AS_PG=1 it runs as the postgres user when we are root.
spawn() {
  local name=$1
  shift
  local -a pre=()
  if [[ ${AS_PG:-0} == 1 ]] && is_root; then
    pre=(setpriv --reuid=postgres --regid=postgres --init-groups -- env HOME="$STATE/$name")
  fi
  # shellcheck disable=SC2016 # $$ and $0 belong to the inner bash
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$(pidfile "$name")" "${pre[@]}" "$@" \
    </dev/null >>"$STATE/logs/$name.log" 2>&1 &
  for _ in $(seq 1 50); do
    [[ -s $(pidfile "$name") ]] && return 0
    sleep 0.1
  done
  die "$name did not start (log: $STATE/logs/$name.log)"
}

# Sends SIGTERM to a process, waits up to SECS for it to exit, then kills it. With a third
# argument `now`, a second SIGTERM follows (a node then skips its pre-stop wait).
stop_pid() {
  local pid=$1 secs=${2:-20}
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if [[ ${3:-} == now ]]; then
    sleep 0.3
    kill -TERM "$pid" 2>/dev/null || true
  fi
  for _ in $(seq 1 $((secs * 10))); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_part() {
  local f
  f=$(pidfile "$1")
  [[ -f $f ]] || return 0
  stop_pid "$(cat "$f")" "${2:-20}" "${3:-}"
  rm -f "$f"
}

# Polls CMD until it succeeds or SECS pass.
wait_for() {
  local secs=$1 what=$2
  shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || {
      log "timed out after ${secs}s waiting for $what"
      return 1
    }
    sleep 0.25
  done
}

http_ok() { curl -fsS -m 2 -o /dev/null "$1"; }

# ---- configuration --------------------------------------------------------------------------

# Exported for envsubst; only these names are substituted in deploy/ templates.
TEMPLATE_VARS=(OW_STATE_DIR OW_DEPLOY_DIR OW_BIND_ADDR OW_HAPROXY_HTTP_PORT OW_HAPROXY_STATS_PORT
  OW_HAPROXY_PG_PORT OW_NODE1_ADDR OW_NODE1_PORT OW_NODE2_ADDR OW_NODE2_PORT OW_NODE3_ADDR
  OW_NODE3_PORT OW_PG1_ADDR OW_PG1_PORT OW_PG2_ADDR OW_PG2_PORT OW_PATRONI1_PORT
  OW_PATRONI2_PORT OW_ETCD_NAME OW_ETCD_DATA_DIR OW_ETCD_CLIENT_PORT OW_ETCD_PEER_PORT
  OW_ETCD_TOKEN OW_PATRONI_NAME OW_PATRONI_API_PORT OW_PG_PORT OW_PG_DATA_DIR OW_PG_DIR
  OW_PG_SUPERUSER_PASSWORD OW_PG_REPLICATION_PASSWORD OW_PG_REWIND_PASSWORD OW_HBA_NET
  OW_HAPROXY_THREADS)

render() {
  local src=$1 dst=$2 list=""
  for v in "${TEMPLATE_VARS[@]}"; do list+="\${$v} "; done
  envsubst "$list" <"$src" >"$dst"
}

load_secrets() {
  # shellcheck disable=SC1091
  source "$STATE/secrets.env"
}

make_config() {
  mkdir -p "$STATE/run" "$STATE/logs"
  chmod 755 "$STATE"
  if [[ ! -f $STATE/secrets.env ]]; then
    (
      umask 077
      cat >"$STATE/secrets.env" <<EOF
OW_PG_SUPERUSER_PASSWORD=$(openssl rand -hex 16)
OW_PG_REPLICATION_PASSWORD=$(openssl rand -hex 16)
OW_PG_REWIND_PASSWORD=$(openssl rand -hex 16)
OW_APP_PASSWORD=$(openssl rand -hex 16)
OW_ETCD_TOKEN=onewindow-$(openssl rand -hex 6)
EOF
    )
  fi
  load_secrets
  export OW_PG_SUPERUSER_PASSWORD OW_PG_REPLICATION_PASSWORD OW_PG_REWIND_PASSWORD OW_ETCD_TOKEN
  export OW_STATE_DIR=$STATE OW_DEPLOY_DIR=$ROOT/deploy OW_BIND_ADDR=$ADDR OW_HBA_NET=127.0.0.1/32
  export OW_HAPROXY_HTTP_PORT=$HTTP_PORT OW_HAPROXY_STATS_PORT=$STATS_PORT
  export OW_HAPROXY_PG_PORT=$PGPROXY_PORT
  # One HAProxy thread on loopback: it shares the cores with the nodes and the database, and
  # bench/cluster/run.sh measured 30-45 % less HAProxy CPU per request than with one thread
  # per core (docs/operations.md, "Cluster benchmark").
  export OW_HAPROXY_THREADS=${OW_HAPROXY_THREADS:-1}
  local n m
  for n in 1 2 3; do
    export "OW_NODE${n}_ADDR=$ADDR" "OW_NODE${n}_PORT=$((NODE_PORT0 + n))"
  done
  for m in 1 2; do
    export "OW_PG${m}_ADDR=$ADDR" "OW_PG${m}_PORT=$((PG_PORT0 + m))"
    export "OW_PATRONI${m}_PORT=$((API_PORT0 + m))"
  done
  export OW_ETCD_NAME=etcd1 OW_ETCD_DATA_DIR=$STATE/etcd OW_ETCD_CLIENT_PORT=$ETCD_CLIENT_PORT
  export OW_ETCD_PEER_PORT=$ETCD_PEER_PORT
  render deploy/haproxy.cfg "$STATE/haproxy.cfg"
  render deploy/etcd.yml "$STATE/etcd.yml"
  for m in "${MEMBERS[@]}"; do
    mkdir -p "$STATE/$m"
    OW_PATRONI_API_PORT=$(api_port "$m")
    OW_PG_PORT=$(pg_port "$m")
    export OW_PATRONI_NAME=$m OW_PATRONI_API_PORT OW_PG_PORT
    export OW_PG_DIR=$STATE/$m OW_PG_DATA_DIR=$STATE/$m/data
    (
      umask 077
      render deploy/patroni.yml "$STATE/$m/patroni.yml"
    )
    chmod 700 "$STATE/$m"
    if is_root; then chown -R postgres: "$STATE/$m"; fi
  done
}

ensure_pg_user() {
  is_root || return 0
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

check_tools() {
  local missing=()
  for c in haproxy patroni patronictl etcd etcdctl envsubst curl openssl setsid; do
    command -v "$c" >/dev/null || missing+=("$c")
  done
  [[ -x $PGBIN/postgres ]] || missing+=("$PGBIN/postgres")
  [[ ${#missing[@]} -eq 0 ]] || die "missing: ${missing[*]} (run scripts/install-deps.sh)"
  [[ -x $BIN ]] || die "no onewindow binary at $BIN (build it, or set ONEWINDOW_BIN)"
}

# ---- parts ----------------------------------------------------------------------------------

# connect_timeout=2: a new connection to a paused primary (HAProxy still has it up for the
# first seconds of a pause) gives up after 2 s instead of libpq's 10 s default the binary uses.
app_db_url() {
  load_secrets
  echo "postgresql://onewindow:$OW_APP_PASSWORD@$ADDR:$PGPROXY_PORT/onewindow?connect_timeout=2"
}

psql_super() {
  load_secrets
  PGPASSWORD=$OW_PG_SUPERUSER_PASSWORD PGCONNECT_TIMEOUT=3 "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$ADDR" -p "$PGPROXY_PORT" -U postgres -d "${PGDATABASE:-postgres}" "$@"
}

start_etcd() {
  alive etcd || spawn etcd etcd --config-file "$STATE/etcd.yml"
  wait_for 30 "etcd" etcd_healthy
}
etcd_healthy() { curl -fsS -m 2 "http://$ADDR:$ETCD_CLIENT_PORT/health" | grep -q '"health":"true"'; }

start_member() {
  local m=$1
  alive "$m" || AS_PG=1 spawn "$m" patroni "$STATE/$m/patroni.yml"
}

# Patroni's REST API: GET /primary is 200 on the leader, GET /sync on the synchronous standby.
is_primary() { http_ok "http://$ADDR:$(api_port "$1")/primary"; }
is_sync() { http_ok "http://$ADDR:$(api_port "$1")/sync"; }
primary_member() {
  local m
  for m in "${MEMBERS[@]}"; do
    if is_primary "$m"; then
      echo "$m"
      return 0
    fi
  done
  return 1
}
has_sync_pair() {
  local p m
  p=$(primary_member) || return 1
  for m in "${MEMBERS[@]}"; do
    [[ $m != "$p" ]] && is_sync "$m" && return 0
  done
  return 1
}

start_haproxy() {
  haproxy -c -q -f "$STATE/haproxy.cfg" || die "haproxy configuration invalid"
  alive haproxy || spawn haproxy haproxy -db -f "$STATE/haproxy.cfg"
  wait_for 10 "haproxy" http_ok "http://$ADDR:$STATS_PORT/"
}

pg_through_proxy() { psql_super -tAc "SELECT 1" | grep -q 1; }

ensure_app_database() {
  load_secrets
  if ! psql_super -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'onewindow'" | grep -q 1; then
    psql_super -c "CREATE ROLE onewindow LOGIN PASSWORD '$OW_APP_PASSWORD'"
  fi
  if ! psql_super -tAc "SELECT 1 FROM pg_database WHERE datname = 'onewindow'" | grep -q 1; then
    psql_super -c "CREATE DATABASE onewindow OWNER onewindow"
  fi
}

start_node() {
  local n=$1 extra=()
  alive "$n" && return 0
  # The first node loads the demo accounts (and migrates); all share one master key file,
  # created by the first node to start.
  [[ $n == node1 ]] && extra+=(--demo)
  # A per-statement deadline (newer binaries): a paused or unreachable database gives a quick
  # 503 + Retry-After instead of requests piling up behind it.
  if "$BIN" serve --help 2>/dev/null | grep -q -- --db-query-timeout-ms; then
    extra+=(--db-query-timeout-ms "${OW_CLUSTER_DB_QUERY_TIMEOUT_MS:-2000}")
  fi
  # The hall's timers run every few seconds here (default 60 s) so that the drills can see
  # their once-per-cluster lease move to another node when its holder dies.
  if "$BIN" serve --help 2>/dev/null | grep -q -- --hall-timer-seconds; then
    extra+=(--hall-timer-seconds "${OW_CLUSTER_HALL_TIMER_SECONDS:-2}")
  fi
  # A stopping node first fails its /readyz for a while (HAProxy needs fall 2 x inter 1 s to
  # take it out), so that no request meets its closed port.
  if "$BIN" serve --help 2>/dev/null | grep -q -- --pre-stop-seconds; then
    extra+=(--pre-stop-seconds "${OW_CLUSTER_PRE_STOP_SECONDS:-3}")
  fi
  spawn "$n" "$BIN" serve --db "$(app_db_url)" --key-file "$STATE/master.key" \
    --address "$ADDR" --port "$(node_port "$n")" --log-level warn \
    --logins-per-minute 0 --registrations-per-minute 0 "${extra[@]}"
}
node_ready() { http_ok "http://$ADDR:$(node_port "$1")/readyz"; }

# HAProxy's view of one server: UP, DOWN, ... (from the statistics page's CSV).
proxy_state() {
  curl -fsS -m 2 "http://$ADDR:$STATS_PORT/;csv" | awk -F, -v b="$1" -v s="$2" \
    '$1 == b && $2 == s { print $18 }'
}
all_nodes_up_in_proxy() {
  local n
  for n in "${NODES[@]}"; do [[ $(proxy_state be_onewindow "$n") == UP* ]] || return 1; done
}

start_part() {
  case $1 in
    etcd) start_etcd ;;
    pg1 | pg2) start_member "$1" ;;
    haproxy) start_haproxy ;;
    node1 | node2 | node3)
      start_node "$1"
      wait_for 60 "$1 /readyz" node_ready "$1"
      ;;
    *) die "unknown part $1" ;;
  esac
}

part_pids() {
  local p=$1
  alive "$p" && cat "$(pidfile "$p")"
  if [[ $p == pg? && -f $STATE/$p/data/postmaster.pid ]]; then
    local pm
    pm=$(head -n 1 "$STATE/$p/data/postmaster.pid")
    if kill -0 "$pm" 2>/dev/null; then
      echo "$pm"
      pgrep -P "$pm" || true
    fi
  fi
}

# ---- commands -------------------------------------------------------------------------------

print_env() {
  cat <<EOF
OW_CLUSTER_DIR=$STATE
OW_CLUSTER_URL=http://$ADDR:$HTTP_PORT
OW_CLUSTER_STATS_URL=http://$ADDR:$STATS_PORT/
OW_CLUSTER_PG_URL=$(app_db_url)
OW_CLUSTER_NODE_URLS="http://$ADDR:$((NODE_PORT0 + 1)) http://$ADDR:$((NODE_PORT0 + 2)) http://$ADDR:$((NODE_PORT0 + 3))"
OW_CLUSTER_PATRONI_URLS="http://$ADDR:$((API_PORT0 + 1)) http://$ADDR:$((API_PORT0 + 2))"
OW_CLUSTER_ETCD_URL=http://$ADDR:$ETCD_CLIENT_PORT
EOF
}

cmd_up() {
  check_tools
  ensure_pg_user
  local t0=$SECONDS
  make_config
  log "state in $STATE, ports $BASE..$((BASE + 99))"
  start_etcd
  start_member pg1
  wait_for 90 "pg1 to bootstrap as primary" is_primary pg1 || die "pg1: see $STATE/logs/pg1.log"
  start_member pg2
  wait_for 120 "a synchronous standby" has_sync_pair || die "pg2: see $STATE/logs/pg2.log"
  start_haproxy
  wait_for 30 "the primary through HAProxy" pg_through_proxy || die "HAProxy cannot reach the primary"
  ensure_app_database
  start_part node1
  start_node node2
  start_node node3
  wait_for 60 "node2 /readyz" node_ready node2 || die "node2: see $STATE/logs/node2.log"
  wait_for 60 "node3 /readyz" node_ready node3 || die "node3: see $STATE/logs/node3.log"
  wait_for 30 "HAProxy to see all nodes up" all_nodes_up_in_proxy || die "HAProxy: nodes not up"
  log "up in $((SECONDS - t0))s"
  echo "OneWindow     http://$ADDR:$HTTP_PORT   (HAProxy; nodes on $((NODE_PORT0 + 1))-$((NODE_PORT0 + 3)))"
  echo "HAProxy stats http://$ADDR:$STATS_PORT/"
  echo "PostgreSQL    postgresql://onewindow@$ADDR:$PGPROXY_PORT/onewindow (primary via HAProxy; password in $STATE/secrets.env)"
  echo "Patroni       http://$ADDR:$((API_PORT0 + 1))/cluster  (patronictl -c $STATE/pg1/patroni.yml list)"
  echo "etcd          http://$ADDR:$ETCD_CLIENT_PORT"
}

cmd_down() {
  [[ -d $STATE ]] || return 0
  local n m pm
  # The whole cluster goes: the nodes skip their pre-stop wait (nothing to hand over to).
  for n in "${NODES[@]}"; do stop_part "$n" 10 now; done
  stop_part haproxy 5
  # The standby first, so stopping the primary does not cause a failover.
  for m in pg2 pg1; do
    [[ -f $(pidfile "$m") ]] && log "stopping $m"
    stop_part "$m" 40
  done
  # PostgreSQL left behind (Patroni killed with -9 in a drill): stop it directly.
  for m in "${MEMBERS[@]}"; do
    if [[ -f $STATE/$m/data/postmaster.pid ]]; then
      pm=$(head -n 1 "$STATE/$m/data/postmaster.pid")
      if kill -0 "$pm" 2>/dev/null; then
        kill -CONT "$pm" 2>/dev/null || true
        stop_pid "$pm" 20
      fi
    fi
  done
  stop_part etcd 10
  if [[ ${OW_CLUSTER_KEEP:-0} == 1 ]]; then
    log "stopped; state kept in $STATE"
  else
    rm -rf "$STATE"
    log "stopped and removed $STATE"
  fi
}

cmd_status() {
  [[ -f $STATE/secrets.env ]] || {
    echo "not running ($STATE does not exist)"
    return 3
  }
  local bad=0 p state
  printf '%-8s %-8s %s\n' part pid state
  for p in etcd pg1 pg2 haproxy "${NODES[@]}"; do
    if alive "$p"; then
      case $p in
        etcd) etcd_healthy && state=healthy || state=unhealthy ;;
        pg?) if is_primary "$p"; then state=primary; elif is_sync "$p"; then
          state=sync_standby; else state=not-ready; fi ;;
        haproxy) http_ok "http://$ADDR:$STATS_PORT/" && state=running || state=unhealthy ;;
        node?) node_ready "$p" && state="ready (haproxy: $(proxy_state be_onewindow "$p"))" ||
          state=not-ready ;;
      esac
      printf '%-8s %-8s %s\n' "$p" "$(cat "$(pidfile "$p")")" "$state"
      [[ $state == unhealthy || $state == not-ready ]] && bad=1
    else
      printf '%-8s %-8s %s\n' "$p" - stopped
      bad=1
    fi
  done
  has_sync_pair || {
    echo "no synchronous standby"
    bad=1
  }
  return $((bad ? 3 : 0))
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env)
    [[ -f $STATE/secrets.env ]] || die "not running"
    print_env
    ;;
  start)
    [[ -n ${2:-} ]] || die "usage: $0 start PART"
    make_config
    start_part "$2"
    ;;
  pids)
    [[ -n ${2:-} ]] || die "usage: $0 pids PART"
    part_pids "$2"
    ;;
  *)
    echo "usage: $0 up | down | status | env | start PART | pids PART" >&2
    exit 2
    ;;
esac
