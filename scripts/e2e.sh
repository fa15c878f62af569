#!/usr/bin/env bash
# Browser tests (issue 6): playwright-core drives Debian's chromium (never a downloaded browser)
# against a real `build/onewindow serve --test-clock` with fresh databases. Screenshots go to
# build/e2e-screenshots/ (OW_SCREENSHOTS=docs/screenshots refreshes the committed ones).
# Exits non-zero when a test fails.
#   ONEWINDOW_BIN=path  use another binary        OW_NO_SCREENSHOTS=1  do not write screenshots
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ONEWINDOW_BIN:-build/onewindow}
export ONEWINDOW_BIN="$(realpath -m "$BIN")"

if [ ! -x "$ONEWINDOW_BIN" ]; then
  echo "e2e: $BIN is missing; build it first (cmake --build build --target onewindow)" >&2
  exit 1
fi
CHROMIUM_BIN=${CHROMIUM_BIN:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_BIN" ]; then
  echo "e2e: $CHROMIUM_BIN is missing; run scripts/install-deps.sh" >&2
  exit 1
fi
command -v ffmpeg >/dev/null || { echo "e2e: ffmpeg is missing; run scripts/install-deps.sh" >&2; exit 1; }
export CHROMIUM_BIN
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Build the front end when it is missing or older than its sources.
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/public web/scripts web/index.html web/package.json web/package-lock.json web/vite.config.ts web/tsconfig.json docs/api/openapi.yaml -newer web/dist/index.html -print -quit 2>/dev/null)" ]; then
  bash scripts/build-web.sh
elif [ ! -d web/node_modules/playwright-core ]; then
  (cd web && npm ci --no-audit --no-fund)
fi

cd web
exec timeout --foreground 600 node --test --test-concurrency=1 --test-reporter=spec e2e/*.test.mjs
