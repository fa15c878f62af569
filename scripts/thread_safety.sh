#!/usr/bin/env bash
# Clang's thread-safety analysis over the sources that use core/mutex.h annotations
# (GUARDED_BY, REQUIRES, ...): each is compiled with -fsyntax-only -Wthread-safety -Werror,
# with the flags of its entry in the build's compile_commands.json. Run by scripts/test.sh;
# takes seconds. Usage: scripts/thread_safety.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-${BUILD:-build}}
CLANG=${CLANG:-clang++}
if ! command -v "$CLANG" >/dev/null; then
  echo "thread-safety check: $CLANG not found" >&2
  exit 1
fi
python3 - "$BUILD/compile_commands.json" "$CLANG" <<'PY' | xargs -0 -n1 -P "$(nproc)" bash -c
import json, os, shlex, sys
db, clang = sys.argv[1], sys.argv[2]
for e in json.load(open(db)):
    f = e["file"]
    if "/src/" not in f:
        continue
    with open(f, encoding="utf-8") as src:
        text = src.read()
    # Sources that include the annotated Mutex, directly or through a header of their own
    # directory that does.
    headers = [os.path.splitext(f)[0] + ".h"]
    if not any(
        "core/mutex.h" in t or "core/thread_annotations.h" in t
        for t in [text] + [open(h, encoding="utf-8").read() for h in headers if os.path.exists(h)]
    ):
        continue
    args = shlex.split(e["command"])
    keep, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c"):
            skip = a == "-o"
            continue
        if a.endswith("ccache") or a == f or a.startswith("-O") or a == "-g":
            continue
        keep.append(a)
    cmd = [clang, "-fsyntax-only", "-Wthread-safety", "-Wthread-safety-beta", "-Werror",
           "-Wno-unknown-warning-option"] + keep + [f]
    sys.stdout.write("cd %s && echo '  %s' && %s\0" % (
        shlex.quote(e["directory"]), os.path.relpath(f), " ".join(map(shlex.quote, cmd))))
PY
echo "thread-safety check passed"
