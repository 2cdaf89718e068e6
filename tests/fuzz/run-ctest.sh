#!/usr/bin/env bash
# One short, reproducible fuzz run as a CTest test:
#   run-ctest.sh TARGET WORK_DIR RUNS DICT SEED_DIR...
# The scratch corpus WORK_DIR/corpus starts empty every time (libFuzzer writes new inputs into the
# first directory it is given), so that a fixed -seed and -runs always do the same work. A finding
# is left in WORK_DIR/findings/ and fails the test.
set -eu
target=$1 work=$2 runs=$3 dict=$4
shift 4
rm -rf "$work"
mkdir -p "$work/corpus" "$work/findings"
dirs=()
for d in "$@"; do
  [ -d "$d" ] && dirs+=("$d")
done
exec "$target" -seed=1 -runs="$runs" -timeout=60 -print_final_stats=1 -dict="$dict" \
  -artifact_prefix="$work/findings/" "$work/corpus" "${dirs[@]}"
