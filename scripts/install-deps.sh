#!/usr/bin/env bash
# Installs exactly what OneWindow's build, tests and PostgreSQL backend need on Debian 12.
# Idempotent: installs only missing packages; runs `apt-get update` first when something is missing.
set -euo pipefail

PKGS=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev clang-format
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libssl-dev zlib1g-dev libpng-dev
  libqrencode-dev libzxing-dev libcli11-dev libfmt-dev libspdlog-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev wrk libxml2-dev
  # a real RFC 3161 time-stamping authority for the message log's tests (scripts/tsa.sh)
  openssl python3
  # PostgreSQL server for the scaled mode and its tests
  postgresql-15 postgresql-client-15
  # the cluster (scripts/cluster.sh, deploy/, tests/cluster): HAProxy 2.6 in front of the nodes
  # and the primary, Patroni for failover with etcd as its consensus store (python3-etcd is
  # only one of Patroni's alternative DCS dependencies, so it is named explicitly), envsubst
  # (gettext-base) to fill the templates, curl for health checks and the drills
  haproxy patroni python3-etcd python3-psycopg2 etcd-server etcd-client gettext-base curl
  # a real browser for e2e tests, ffmpeg to make its fake camera video
  chromium ffmpeg
  # a CJK font, so the browser renders the Chinese UI and the code's caption (not boxes)
  fonts-wqy-microhei
)
# Node.js and npm: some machines carry a vendor build of nodejs that bundles npm and conflicts
# with Debian's npm package, so only ask for them when the commands are missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PKGS+=(nodejs npm)
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
