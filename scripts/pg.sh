#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#   scripts/pg.sh start DIR PORT   initdb DIR (if needed), start on 127.0.0.1:PORT, print URL
#   scripts/pg.sh stop DIR         stop the cluster (ok if it is not running)
# Trust auth on loopback only, fsync on, unix socket inside DIR. When run as root the server
# runs as the `postgres` system user (PostgreSQL refuses to run as root).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2
  exit 2
}

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

# Runs a command as the cluster owner (postgres when we are root, else ourselves).
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd "$DIR" && runuser -u postgres -- "$@")
  else
    (cd "$DIR" && "$@")
  fi
}

ensure_user() {
  [[ $(id -u) -eq 0 ]] || return 0
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

running() {
  as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

running_port() {
  sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true
}

wait_ready() {
  local port=$1
  for _ in $(seq 1 120); do
    if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres; then
      return 0
    fi
    sleep 0.25
  done
  return 1
}

cmd=${1:-}
[[ -n $cmd && -n ${2:-} ]] || usage
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
DATA=$DIR/data
LOG=$DIR/postgres.log
[[ -x $PGBIN/pg_ctl ]] || die "PostgreSQL binaries not found in $PGBIN (run scripts/install-deps.sh)"

case $cmd in
  start)
    PORT=${3:-}
    [[ $PORT =~ ^[0-9]+$ ]] || usage
    ensure_user
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres: "$DIR"
      runuser -u postgres -- test -w "$DIR" ||
        die "user postgres cannot write $DIR (a parent directory is not accessible to it)"
    fi
    chmod 700 "$DIR"
    if running; then
      actual=$(running_port)
      [[ $actual == "$PORT" ]] || die "already running in $DIR on port $actual, not $PORT"
    else
      if [[ ! -f $DATA/PG_VERSION ]]; then
        rm -rf "$DATA"
        as_owner "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
          --locale=C.UTF-8 --no-instructions >"$DIR/initdb.log" 2>&1 ||
          { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
        echo "include_if_exists = 'onewindow.conf'" >>"$DATA/postgresql.conf"
      fi
      cat >"$DATA/pg_hba.conf" <<HBA
# Throwaway test cluster: trust, loopback and the private socket only.
local all all               trust
host  all all 127.0.0.1/32  trust
HBA
      cat >"$DATA/onewindow.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
fsync = on
synchronous_commit = on
max_connections = 200
CONF
      if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DATA/pg_hba.conf" "$DATA/onewindow.conf"; fi
      as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null ||
        { tail -n 30 "$LOG" >&2 || true; die "pg_ctl start failed (log: $LOG)"; }
    fi
    wait_ready "$PORT" || die "server on port $PORT did not become ready (log: $LOG)"
    echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [[ -f $DATA/PG_VERSION ]] && running; then
      as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
    fi
    ;;
  status)
    if [[ -f $DATA/PG_VERSION ]] && running; then
      echo "running on port $(running_port)"
    else
      echo "not running"
      exit 3
    fi
    ;;
  *)
    usage
    ;;
esac
