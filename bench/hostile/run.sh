#!/usr/bin/env bash
# Hostile modules under `warden run --max-memory 64MiB --timeout 100ms`: for each, the peak
# resident memory of the whole process and how long the run took, next to the module's size. A
# measurement, not a test (nothing is asserted): the bounds it shows are what docs/limits.md and
# warden.h promise, and `make bench-hostile` prints them.
#
#   bench/hostile/run.sh [BUILD_DIR]     (default: build/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build}
OUT=$BUILD/bench-hostile
mkdir -p "$OUT"
cmake --build "$BUILD" -j"${JOBS:-2}" --target warden hostile_gen >/dev/null
for w in bench/hostile/*.wat; do
  wat2wasm "$w" -o "$OUT/$(basename "${w%.wat}").wasm"
done
"$BUILD/tests/hostile/hostile_gen" funcs 1000000 "$OUT/funcs_1m.wasm"
"$BUILD/tests/hostile/hostile_gen" funcs 8000000 "$OUT/funcs_8m.wasm"
"$BUILD/tests/hostile/hostile_gen" types 120000 "$OUT/types_120k.wasm"
TIME=$(command -v /usr/bin/time || true)
[ -n "$TIME" ] || { echo "bench-hostile: needs GNU time (/usr/bin/time)" >&2; exit 1; }
printf '| module | size | status | peak RSS | wall | outcome |\n|---|---:|---:|---:|---:|---|\n'
for m in "$OUT"/*.wasm; do
  size=$(stat -c %s "$m")
  set +e
  "$TIME" -f '%M %e' -o "$OUT/time.txt" "$BUILD/warden" run --max-memory 64MiB --timeout 100ms \
    "$m" >/dev/null 2>"$OUT/stderr.txt"
  status=$?
  set -e
  read -r rss_kb wall_s < <(tail -n 1 "$OUT/time.txt")
  outcome=$(grep -m1 -E '^warden: (trap|error)' "$OUT/stderr.txt" | cut -c1-60 || true)
  printf '| %s | %s | %s | %s MiB | %s s | %s |\n' "$(basename "$m")" "$size" "$status" \
    "$((rss_kb / 1024))" "$wall_s" "${outcome:-exit}"
done
