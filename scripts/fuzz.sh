#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) in build-fuzz and runs each one for
# FUZZ_SECONDS (default 20) on a scratch copy of its seed corpus in fuzz/corpus/<name>/.
# Exits non-zero if any fuzzer finds a crash, leak, timeout or sanitizer report; crashing
# inputs are kept in build-fuzz/artifacts/.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-20}
FUZZERS=(fuzz_base45 fuzz_zlib fuzz_cbor fuzz_verify fuzz_qr_image)

CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DOW_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" --target "${FUZZERS[@]}"

mkdir -p "$BUILD_DIR/artifacts"
status=0
for name in "${FUZZERS[@]}"; do
  work=$(mktemp -d)
  cp -r "fuzz/corpus/$name/." "$work/"
  echo "== $name (${SECONDS_EACH}s)"
  if ! "$BUILD_DIR/fuzz/$name" "$work" -max_total_time="$SECONDS_EACH" -timeout=10 \
      -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
      -artifact_prefix="$BUILD_DIR/artifacts/$name-" 2>"$BUILD_DIR/$name.log"; then
    echo "FAIL: $name (see $BUILD_DIR/$name.log and $BUILD_DIR/artifacts/)"
    tail -n 40 "$BUILD_DIR/$name.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$BUILD_DIR/$name.log" | tail -n 2 || true
  fi
  rm -rf "$work"
done
if [[ $status -eq 0 ]]; then
  echo "fuzz: all ${#FUZZERS[@]} fuzzers ran clean"
fi
exit $status
