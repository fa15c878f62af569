#!/usr/bin/env bash
# The Debian package (cmake/Packaging.cmake, deploy/debian/), checked without installing it:
#
#   tests/package/deb_test.sh [PACKAGE.deb]
#
# Without an argument it packs $BUILD/onewindow (default build/) and web/dist with CPack into
# a throwaway directory (`make test` has built both). Then:
#   1. dpkg-deb --info: name, version (the project() version, revision 1), architecture,
#      a Depends line that names every package providing a library the binary links to
#      (dpkg-shlibdeps), the conffile, executable maintainer scripts that parse;
#   2. dpkg-deb --contents: the expected files, owned by root, nothing outside the package's
#      places, a stripped binary;
#   3. dpkg-deb -x into a throwaway root: the unit's hardening lines, `systemd-analyze verify`
#      and its offline security rating (when systemd-analyze is there), the config's keys are
#      all real `serve` options;
#   4. runs the extracted binary (`version`, `--help`), then `serve` with the shipped config
#      (its paths moved into the throwaway directory, a key made as postinst makes it, a free
#      port in 28150-28159): GET /healthz 200, GET / is the packaged web app's index.html,
#      one of its assets is served, the database is where the config says, the key is left
#      alone, and SIGTERM ends it with exit 0.
# Exits non-zero with a message naming the first failed check.
set -euo pipefail
ARG_DEB=
if [ $# -ge 1 ]; then ARG_DEB=$(realpath -- "$1"); fi
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
START=$(date +%s)

fail() {
  echo "deb_test: FAIL: $*" >&2
  exit 1
}
say() { echo "deb_test: $*"; }

command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing (apt-get install dpkg)"

WORK=$(mktemp -d /tmp/ow-deb-test.XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

VERSION=$(sed -n 's/^project(onewindow VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$VERSION" ] || fail "cannot read the version from CMakeLists.txt's project() line"

# --- the package ---
if [ -n "$ARG_DEB" ]; then
  DEB=$ARG_DEB
  [ -f "$DEB" ] || fail "$DEB: no such file"
else
  [ -x "$BUILD/onewindow" ] || fail "$BUILD/onewindow is missing: build it (make build)"
  [ -f web/dist/index.html ] || fail "web/dist is missing: bash scripts/build-web.sh"
  [ -f "$BUILD/CPackConfig.cmake" ] ||
    fail "$BUILD/CPackConfig.cmake is missing: reconfigure (cmake -S . -B $BUILD)"
  say "packing $BUILD/onewindow and web/dist with cpack -G DEB"
  t0=$(date +%s)
  if ! cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/pkg" >"$WORK/cpack.log" 2>&1; then
    cat "$WORK/cpack.log" >&2
    fail "cpack -G DEB failed"
  fi
  debs=("$WORK"/pkg/onewindow_*.deb)
  DEB=${debs[0]}
  [ -f "$DEB" ] || fail "cpack made no onewindow_*.deb (see above)"
  say "cpack took $(($(date +%s) - t0)) s"
fi
say "package $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"

# --- 1. control information ---
field() { dpkg-deb --field "$DEB" "$1"; }
[ "$(field Package)" = onewindow ] || fail "Package is '$(field Package)', not onewindow"
[ "$(field Version)" = "$VERSION-1" ] || fail "Version is '$(field Version)', not $VERSION-1"
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
[ "$(field Architecture)" = "$ARCH" ] || fail "Architecture is '$(field Architecture)', not $ARCH"
DEPENDS=$(field Depends)
say "Depends: $DEPENDS"
# The package names of Depends, one a line (versions and alternatives' bars dropped).
DEP_NAMES=$(echo "$DEPENDS" | tr ',|' '\n\n' | sed 's/^ *//; s/ .*//')
depends_on() { grep -qxF "$1" <<<"$DEP_NAMES"; }
for p in adduser libc6 libstdc++6 libsodium23 libsqlite3-0 libpq5 libssl3; do
  depends_on "$p" || fail "Depends lacks $p: $DEPENDS"
done
dpkg-deb --info "$DEB" conffiles >"$WORK/conffiles" 2>/dev/null || fail "the package has no conffiles"
grep -qx /etc/onewindow/onewindow.conf "$WORK/conffiles" ||
  fail "/etc/onewindow/onewindow.conf is not a conffile (conffiles: $(cat "$WORK/conffiles"))"
dpkg-deb --control "$DEB" "$WORK/control"
for s in postinst prerm postrm; do
  [ -x "$WORK/control/$s" ] || fail "maintainer script $s is missing or not executable"
  sh -n "$WORK/control/$s" || fail "maintainer script $s does not parse"
done
grep -q 'adduser --system' "$WORK/control/postinst" || fail "postinst does not create the system user"
KEY_RECIPE='head -c 32 /dev/urandom | base64 -w 0'
grep -qF "$KEY_RECIPE" "$WORK/control/postinst" || fail "postinst does not make the key as this test does"
grep -q 'rm -rf /var/lib/onewindow' "$WORK/control/postrm" || fail "postrm purge keeps /var/lib/onewindow"

# --- 2. contents ---
dpkg-deb --contents "$DEB" >"$WORK/contents"
for f in ./usr/bin/onewindow ./usr/share/onewindow/web/index.html \
  ./lib/systemd/system/onewindow.service ./etc/onewindow/onewindow.conf \
  ./usr/share/doc/onewindow/operations.md; do
  grep -q " $f\$" "$WORK/contents" || fail "the package lacks $f"
done
grep -q ' ./usr/share/onewindow/web/assets/.*\.js$' "$WORK/contents" ||
  fail "the package lacks the web app's scripts (usr/share/onewindow/web/assets/*.js)"
grep -q '^-rwxr-xr-x root/root .* ./usr/bin/onewindow$' "$WORK/contents" ||
  fail "/usr/bin/onewindow is not root-owned mode 0755: $(grep ' ./usr/bin/onewindow$' "$WORK/contents")"
awk '$2 != "root/root"' "$WORK/contents" | grep . && fail "files not owned by root/root (above)"
awk '{print $NF}' "$WORK/contents" |
  grep -v -E '^\./$|^\./(etc/|etc/onewindow/.*|lib/|lib/systemd/|lib/systemd/system/.*|usr/|usr/bin/|usr/bin/onewindow|usr/share/|usr/share/(onewindow|doc/onewindow)/.*|usr/share/(onewindow|doc)/)$' |
  grep . && fail "unexpected paths in the package (above)"

# --- 3. the extracted tree ---
X="$WORK/root"
dpkg-deb -x "$DEB" "$X"
BIN="$X/usr/bin/onewindow"
if command -v readelf >/dev/null; then
  readelf -S "$BIN" >"$WORK/sections"
  ! grep -q '\.debug_info' "$WORK/sections" || fail "/usr/bin/onewindow is not stripped (CPACK_STRIP_FILES)"
fi
# Every library the binary needs comes from a package in Depends.
if command -v readelf >/dev/null && command -v dpkg >/dev/null; then
  for lib in $(readelf -d "$BIN" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    # (awk reads all of ldconfig's output: an early exit would kill it with SIGPIPE.)
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !p {p = $NF} END {print p}')
    [ -n "$path" ] || fail "library $lib of the binary is not installed here"
    pkg=$(dpkg -S "$path" 2>/dev/null | sed -n '1s/:.*//p' || true)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | sed -n '1s/:.*//p' || true)
    [ -n "$pkg" ] || fail "no package owns $path ($lib)"
    # Either the package itself or a virtual package it provides (libspdlog1.10 provides
    # libspdlog1.10-fmt9, the name its shlibs file gives to dpkg-shlibdeps).
    satisfied=
    for name in "$pkg" $(dpkg-query -W -f='${Provides}' "$pkg" 2>/dev/null | tr ',' '\n' | sed 's/^ *//; s/ .*//'); do
      if depends_on "$name"; then satisfied=1; fi
    done
    [ -n "$satisfied" ] || fail "$lib comes from $pkg, which is not in Depends (nor anything it provides): $DEPENDS"
  done
fi

UNIT="$X/lib/systemd/system/onewindow.service"
for line in 'Type=exec' \
  'ExecStart=/usr/bin/onewindow --config /etc/onewindow/onewindow.conf serve' \
  'User=onewindow' 'Group=onewindow' 'StateDirectory=onewindow' 'NoNewPrivileges=yes' \
  'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'PrivateDevices=yes' \
  'CapabilityBoundingSet=' 'AmbientCapabilities=' \
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' 'SystemCallFilter=@system-service' \
  'SystemCallArchitectures=native' 'MemoryDenyWriteExecute=yes' 'RestrictNamespaces=yes' \
  'ProtectKernelTunables=yes' 'ProtectKernelModules=yes' 'ProtectControlGroups=yes' \
  'UMask=0077' 'Restart=on-failure' 'WantedBy=multi-user.target'; do
  grep -qxF "$line" "$UNIT" || fail "the unit lacks the line '$line'"
done
# Nothing writable beyond the state directory.
if grep -E '^ReadWritePaths=' "$UNIT" | grep -v -E '^ReadWritePaths=(-?/var/lib/onewindow ?)*$'; then
  fail "the unit makes more than /var/lib/onewindow writable (above)"
fi
! grep -qE '^(User=root|DynamicUser=|PermissionsStartOnly=)' "$UNIT" || fail "the unit runs as root"
if command -v systemd-analyze >/dev/null; then
  # verify checks that ExecStart's binary exists: point it at the extracted one.
  sed "s#^ExecStart=/usr/bin/onewindow #ExecStart=$BIN #" "$UNIT" >"$WORK/onewindow.service"
  out=$(systemd-analyze verify --man=no "$WORK/onewindow.service" 2>&1) ||
    fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify complains: $out"
  if systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
    # Exposure 0.0 (locked down) .. 10.0 (unprotected); --threshold is in tenths.
    rating=$(systemd-analyze security --offline=true --man=no "$WORK/onewindow.service" 2>&1 |
      sed -n 's/.*Overall exposure level for onewindow.service: \([0-9.]*\).*/\1/p')
    systemd-analyze security --offline=true --man=no --threshold=20 "$WORK/onewindow.service" \
      >/dev/null 2>&1 || fail "systemd-analyze security rates the unit's exposure ${rating:-?}, above 2.0"
    say "systemd-analyze verify: clean; security exposure $rating (limit 2.0)"
  else
    say "systemd-analyze verify: clean"
  fi
else
  say "systemd-analyze missing: unit not verified by systemd"
fi

CONF="$X/etc/onewindow/onewindow.conf"
grep -q '^\[serve\]$' "$CONF" || fail "the config has no [serve] section"
for want in 'db = "sqlite:/var/lib/onewindow/onewindow.db"' 'key-file = "/etc/onewindow/master.key"' \
  'static-dir = "/usr/share/onewindow/web"'; do
  grep -qxF "$want" "$CONF" || fail "the config lacks the line '$want'"
done
# The binary refuses unknown keys at start; checking them here names the bad key early:
# every key of the file, commented-out examples included, must be a `serve` option.
"$BIN" serve --help >"$WORK/serve-help" 2>&1 || fail "onewindow serve --help failed"
for key in $(sed -n 's/^#\{0,1\} *\([a-z][a-z0-9-]*\) *= .*/\1/p' "$CONF"); do
  grep -qE -- "^ *--${key}[ =]" "$WORK/serve-help" || fail "config key '$key' is not an option of onewindow serve"
done

# --- 4. run it ---
[ "$("$BIN" version)" = "onewindow $VERSION" ] || fail "onewindow version printed '$("$BIN" version)'"
"$BIN" --help >/dev/null || fail "onewindow --help failed"

PORT=
for p in $(seq 28150 28159); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    PORT=$p
    break
  fi
done
[ -n "$PORT" ] || fail "no free port in 28150-28159"

mkdir -p "$WORK/state" "$WORK/etc"
(
  umask 077
  eval "$KEY_RECIPE" >"$WORK/etc/master.key"
  echo >>"$WORK/etc/master.key"
)
cp "$WORK/etc/master.key" "$WORK/master.key.orig"
# The shipped config with its paths moved into the throwaway directory (each must be there).
sed -e "s#/var/lib/onewindow/onewindow.db#$WORK/state/onewindow.db#" \
  -e "s#/etc/onewindow/master.key#$WORK/etc/master.key#" \
  -e "s#/usr/share/onewindow/web#$X/usr/share/onewindow/web#" \
  -e "s#^port = 8080\$#port = $PORT#" "$CONF" >"$WORK/onewindow.conf"
for want in "$WORK/state/onewindow.db" "$WORK/etc/master.key" "$X/usr/share/onewindow/web" "port = $PORT"; do
  grep -qF "$want" "$WORK/onewindow.conf" || fail "could not move '$want' into the test config"
done
# ONEWINDOW_* variables would override the config: none from the caller's environment.
for v in $(compgen -e | grep '^ONEWINDOW_' || true); do unset "$v"; done

say "serve from the extracted tree on 127.0.0.1:$PORT"
# From $WORK, which has no web/dist: only the config's static-dir can serve the web app.
(cd "$WORK" && exec "$BIN" --config "$WORK/onewindow.conf" serve >"$WORK/serve.log" 2>&1) &
SERVER_PID=$!
URL="http://127.0.0.1:$PORT"
ok=
for _ in $(seq 1 120); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz" || true)" = 200 ]; then
    ok=1
    break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || {
    tail -n 20 "$WORK/serve.log" >&2
    fail "serve exited before answering /healthz"
  }
  sleep 0.5
done
[ -n "$ok" ] || {
  tail -n 20 "$WORK/serve.log" >&2
  fail "GET /healthz did not answer 200 within 60 s"
}
code=$(curl -s -o "$WORK/index.html" -w '%{http_code}' "$URL/")
[ "$code" = 200 ] || fail "GET / answered $code"
cmp -s "$WORK/index.html" "$X/usr/share/onewindow/web/index.html" ||
  fail "GET / is not the packaged web app's index.html: $(head -c 200 "$WORK/index.html")"
grep -q '<html lang="zh-CN"' "$WORK/index.html" || fail "GET / is not the zh-CN web app"
asset=$(grep -o '/assets/[^"]*\.js' "$WORK/index.html" | sed -n 1p)
[ -n "$asset" ] || fail "index.html references no /assets/*.js"
code=$(curl -s -o "$WORK/asset.js" -w '%{http_code}' "$URL$asset")
[ "$code" = 200 ] || fail "GET $asset answered $code"
cmp -s "$WORK/asset.js" "$X/usr/share/onewindow/web$asset" || fail "GET $asset is not the packaged file"
[ -f "$WORK/state/onewindow.db" ] || fail "no database at the config's db path"
cmp -s "$WORK/etc/master.key" "$WORK/master.key.orig" || fail "serve changed the key file"

kill -TERM "$SERVER_PID"
rc=
for _ in $(seq 1 40); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    rc=0
    wait "$SERVER_PID" || rc=$?
    break
  fi
  sleep 0.5
done
[ -n "$rc" ] || fail "serve did not stop within 20 s of SIGTERM"
SERVER_PID=
[ "$rc" = 0 ] || {
  tail -n 20 "$WORK/serve.log" >&2
  fail "serve exited $rc after SIGTERM, not 0"
}

# --- 5. install, run as the service user, upgrade, remove, purge (root only) ---
# dpkg runs for real, but in a private mount namespace whose /etc, /usr and /var are overlays
# with their upper layers in $WORK: the maintainer scripts create the user, the key and the
# state directory there, and the machine itself is never changed. Skipped (with a message)
# where that cannot be set up: not root, no unshare, no overlayfs.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v setpriv >/dev/null &&
  unshare --mount --fork true 2>/dev/null; then
  NS="$WORK/ns"
  mkdir -p "$NS"
  cat >"$NS/inside.sh" <<'INSIDE'
set -euo pipefail
NS=$1 DEB=$2 PORT=$3
fail() { echo "deb_test: FAIL (dpkg -i in a namespace): $*" >&2; exit 1; }
mount --make-rprivate /
for d in etc usr var; do
  mkdir -p "$NS/$d-upper" "$NS/$d-work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$NS/$d-upper,workdir=$NS/$d-work" "/$d" ||
    exit 3
  # Never go on unless writes to /$d really land in the throwaway upper layer.
  touch "/$d/.ow-deb-test" && [ -e "$NS/$d-upper/.ow-deb-test" ] || exit 3
done
dpkg -i "$DEB" >"$NS/dpkg-install.log" 2>&1 || { cat "$NS/dpkg-install.log" >&2; fail "dpkg -i failed"; }
getent passwd onewindow >/dev/null || fail "postinst made no user onewindow"
[ "$(getent passwd onewindow | cut -d: -f6,7)" = /var/lib/onewindow:/usr/sbin/nologin ] ||
  fail "user onewindow: $(getent passwd onewindow)"
[ "$(stat -c '%U:%G %a' /var/lib/onewindow)" = "onewindow:onewindow 700" ] ||
  fail "/var/lib/onewindow is $(stat -c '%U:%G %a' /var/lib/onewindow)"
[ "$(stat -c '%U:%G %a' /etc/onewindow/master.key)" = "onewindow:onewindow 600" ] ||
  fail "the key is $(stat -c '%U:%G %a' /etc/onewindow/master.key)"
[ "$(stat -c '%U:%G %a' /etc/onewindow/onewindow.conf)" = "root:onewindow 640" ] ||
  fail "the config is $(stat -c '%U:%G %a' /etc/onewindow/onewindow.conf)"
if command -v systemctl >/dev/null; then
  [ -L /etc/systemd/system/multi-user.target.wants/onewindow.service ] || fail "postinst did not enable the unit"
fi
# The unit's command line, as the unit's user (without systemd's sandbox), on a test port.
setpriv --reuid=onewindow --regid=onewindow --init-groups -- \
  /usr/bin/onewindow --config /etc/onewindow/onewindow.conf serve --port "$PORT" >"$NS/serve.log" 2>&1 &
pid=$!
ok=
for _ in $(seq 1 120); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)" = 200 ]; then ok=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
[ -n "$ok" ] || { kill -KILL "$pid" 2>/dev/null; tail -n 20 "$NS/serve.log" >&2; fail "the installed service did not answer /healthz"; }
curl -s "http://127.0.0.1:$PORT/" | grep -q '<html lang="zh-CN"' || { kill -KILL "$pid"; fail "GET / is not the web app"; }
kill -TERM "$pid"
wait "$pid" || fail "the installed service exited $? after SIGTERM"
[ "$(stat -c '%U' /var/lib/onewindow/onewindow.db)" = onewindow ] || fail "no database of user onewindow in /var/lib/onewindow"
key=$(md5sum </etc/onewindow/master.key)
dpkg -i "$DEB" >"$NS/dpkg-upgrade.log" 2>&1 || { cat "$NS/dpkg-upgrade.log" >&2; fail "reinstalling (upgrade) failed"; }
[ "$(md5sum </etc/onewindow/master.key)" = "$key" ] || fail "an upgrade replaced the master key"
dpkg -r onewindow >"$NS/dpkg-remove.log" 2>&1 || { cat "$NS/dpkg-remove.log" >&2; fail "dpkg -r failed"; }
[ ! -e /usr/bin/onewindow ] || fail "dpkg -r left /usr/bin/onewindow"
[ -f /var/lib/onewindow/onewindow.db ] && [ -f /etc/onewindow/master.key ] || fail "dpkg -r removed data or the key"
dpkg --purge onewindow >"$NS/dpkg-purge.log" 2>&1 || { cat "$NS/dpkg-purge.log" >&2; fail "dpkg --purge failed"; }
[ ! -e /var/lib/onewindow ] || fail "purge left /var/lib/onewindow"
[ ! -e /etc/onewindow ] || fail "purge left /etc/onewindow: $(ls -A /etc/onewindow)"
! getent passwd onewindow >/dev/null || fail "purge left the user onewindow"
! getent group onewindow >/dev/null || fail "purge left the group onewindow"
! dpkg-statoverride --list /etc/onewindow/onewindow.conf >/dev/null || fail "purge left the statoverride"
INSIDE
  rc=0
  unshare --mount --fork bash "$NS/inside.sh" "$NS" "$DEB" "$PORT" || rc=$?
  case $rc in
    0) say "dpkg -i / run as onewindow / upgrade / -r / --purge in a private mount namespace: ok" ;;
    3) say "install check skipped: overlayfs mounts not possible here" ;;
    *) fail "the install check failed (above)" ;;
  esac
else
  say "install check skipped: needs root, unshare and setpriv"
fi
say "passed in $(($(date +%s) - START)) s"
