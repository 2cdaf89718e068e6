#!/usr/bin/env bash
# The component suite's runner must be able to fail (run-cwast.sh over `warden wast`): on
# can-fail/wrong.wast, whose commands at lines 14 to 17 are wrong, `warden wast` reports exactly
# those four and exits non-zero; run-cwast.sh fails while any of them is unlisted, passes when all
# are listed, and fails again when a listed line passes (a line that is right is listed).
#
#   runner-can-fail.sh WARDEN CONVERTER NODE
set -u
if [ $# -ne 3 ]; then
    echo "usage: runner-can-fail.sh WARDEN CONVERTER NODE" >&2
    exit 2
fi
warden=$1 converter=$2 node=$3
here=$(cd "$(dirname "$0")" && pwd)
run=$here/run-cwast.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/warden-can-fail.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*"
    exit 1
}

"$node" "$converter" "$here/can-fail/wrong.wast" "$tmp/json" >/dev/null || fail "conversion"
"$warden" wast "$tmp/json/wrong.json" >"$tmp/out.txt" 2>&1
status=$?
[ "$status" != 0 ] || fail "warden wast exited 0 on wrong expectations"
lines=$(grep -E ': FAIL: ' "$tmp/out.txt" | sed -E 's/^[^:]+:([0-9]+): FAIL: .*/\1/' | tr '\n' ' ')
[ "$lines" = "14 15 16 17 " ] || fail "warden wast reported lines '$lines', expected 14 15 16 17"
tail -n 1 "$tmp/out.txt" | grep -qx '4 passed, 4 failed, 0 skipped' ||
    fail "summary: $(tail -n 1 "$tmp/out.txt")"

# run_lists SKIPS KNOWN: run-cwast.sh's exit status with these lists.
run_lists() {
    printf '%s\n' "$1" >"$tmp/skips.txt"
    printf '%s\n' "$2" >"$tmp/known.txt"
    bash "$run" "$warden" "$converter" "$node" "$tmp/skips.txt" "$tmp/known.txt" "$here" \
        can-fail/wrong.wast >"$tmp/run.txt" 2>&1
}
run_lists "" "" && fail "run-cwast.sh passed with four unlisted failures"
grep -qx 'FAIL: new failure can-fail/wrong.wast:14' "$tmp/run.txt" || fail "no report of line 14"
run_lists "can-fail/wrong.wast:14 reason" "can-fail/wrong.wast:15" &&
    fail "run-cwast.sh passed with lines 16 and 17 unlisted"
run_lists "can-fail/wrong.wast:14 r
can-fail/wrong.wast:15 r" "can-fail/wrong.wast:16
can-fail/wrong.wast:17" || fail "run-cwast.sh failed with every failure listed: $(cat "$tmp/run.txt")"
run_lists "can-fail/wrong.wast:14 r
can-fail/wrong.wast:15 r
can-fail/wrong.wast:11 r" "can-fail/wrong.wast:16
can-fail/wrong.wast:17" && fail "run-cwast.sh passed with a passing line in skips"
grep -qx 'FAIL: can-fail/wrong.wast:11 passes now: remove it from its list' "$tmp/run.txt" ||
    fail "no report of the listed line that passes"
run_lists "can-fail/wrong.wast:14 r
can-fail/wrong.wast:15 r" "can-fail/wrong.wast:16
can-fail/wrong.wast:17
can-fail/wrong.wast:13" && fail "run-cwast.sh passed with a passing line in known failures"
echo "runner-can-fail: warden wast and run-cwast.sh report wrong expectations and stale lists"
