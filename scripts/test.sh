#!/usr/bin/env bash
# Everything CI runs (`make test`): unit + integration tests over SQLite and a real
# PostgreSQL server started here on loopback, the fuzzers (short run), and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

PG_DIR=$(mktemp -d /tmp/ow-pg-test.XXXXXX)
PG_PORT=${OW_TEST_PG_PORT:-$((20000 + RANDOM % 20000))}
# The tests record every API call here (one file per test process) for the contract check.
RECORD_DIR=$(mktemp -d /tmp/ow-api-record.XXXXXX)
cleanup() {
  bash scripts/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR" "$RECORD_DIR"
}
trap cleanup EXIT

echo "== starting PostgreSQL on 127.0.0.1:$PG_PORT"
PG_URL=$(bash scripts/pg.sh start "$PG_DIR" "$PG_PORT" | tail -n 1)
export OW_TEST_PG_URL="$PG_URL"
export OW_REQUIRE_PG=1

echo "== thread-safety annotations (clang -Wthread-safety)"
bash scripts/thread_safety.sh "$BUILD"

echo "== unit and integration tests (ctest)"
OW_API_RECORD_DIR="$RECORD_DIR" ctest --test-dir "$BUILD" -j "$(nproc)" --output-on-failure --timeout 600

# The Debian package: packs $BUILD/onewindow and web/dist with CPack, checks it with dpkg-deb,
# runs the extracted tree and, as root, installs it in a throwaway mount namespace (ports
# 28150-28159; ~45 s, most of it cpack).
if command -v dpkg-deb >/dev/null; then
  echo "== Debian package (cpack -G DEB; dpkg-deb --info/--contents; serve from the extracted tree; dpkg -i in a namespace)"
  BUILD="$BUILD" bash tests/package/deb_test.sh
else
  echo "== Debian package: skipped (dpkg-deb missing)"
fi

# The cluster drills need HAProxy, Patroni and etcd (scripts/install-deps.sh installs them);
# they use ports OW_CLUSTER_PORT_BASE .. +99 (default 28000).
if command -v haproxy >/dev/null && command -v patroni >/dev/null && command -v etcd >/dev/null &&
  [ -f tests/cluster/drills.sh ]; then
  echo "== cluster fault drills (HAProxy, 3 nodes, Patroni + etcd, synchronous standby; ~3 min)"
  # One known intermittent failure (about 1 run in 5 on a loaded 2-core machine: after the
  # primary's kill, Patroni reports no promotion; docs/operations.md, "Cluster") is given one
  # more full run; both runs' figures are printed, and a second failure fails the stage.
  if ! ONEWINDOW_BIN="$(cd "$BUILD" && pwd)/onewindow" bash tests/cluster/drills.sh; then
    echo "== cluster fault drills: FAILED once; running all drills again (known intermittent failure)"
    ONEWINDOW_BIN="$(cd "$BUILD" && pwd)/onewindow" bash tests/cluster/drills.sh
  fi
else
  echo "== cluster fault drills: skipped (haproxy, patroni or etcd missing: scripts/install-deps.sh)"
fi

echo "== API contract: test the checker, lint docs/api/openapi.yaml, check the recorded calls"
(
  cd tests/contract
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  npm test --silent
  npm run --silent lint
  npm run --silent check -- "$RECORD_DIR"
)

echo "== FHIR R4: resources validated against R4 (@medplum/core), operations driven by fhir-kit-client"
(
  BIN="$(cd "$BUILD" && pwd)/onewindow"
  cd tests/fhir
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  ONEWINDOW_BIN="$BIN" npm test --silent
)

echo "== recruitment: JobPosting JSON-LD (@adobe/structured-data-validator), JSON Resume, iCalendar (node-ical)"
(
  BIN="$(cd "$BUILD" && pwd)/onewindow"
  cd tests/jobs
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  ONEWINDOW_BIN="$BIN" npm test --silent
)

if [ -x scripts/fuzz.sh ] || [ -f scripts/fuzz.sh ]; then
  echo "== fuzzers (short run)"
  bash scripts/fuzz.sh
fi

if [ -f web/package.json ] && [ -d web/e2e ]; then
  echo "== browser tests (playwright-core + Debian chromium)"
  bash scripts/e2e.sh
fi
echo "== all tests passed"
