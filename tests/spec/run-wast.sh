#!/usr/bin/env bash
# Runs one spec-suite file through `warden wast` and checks its failures against known-failures.txt.
#
#   run-wast.sh [--skip] [--tier TIER [--cache DIR]] WARDEN WAST2JSON KNOWN_FAILURES FILE.wast
#
# --tier runs the file's modules in that tier (`warden wast --tier`), against that tier's list;
# --cache keeps and takes their native code in DIR (`warden wast --cache`).
# Passes when the failing command lines are exactly the ones listed for FILE.wast: a failure that is
# not listed fails the test, and so does a listed line that now passes (the list only shrinks).
# A `NAME.wast:*` entry expects the file to fail in any way, a crash included; the test then fails
# once the file passes completely. --skip exits 77 at once (CTest reports the test as skipped).
set -u

skip=0
if [ "${1-}" = --skip ]; then
    skip=1
    shift
fi
tier=()
if [ "${1-}" = --tier ]; then
    tier=(--tier "$2")
    shift 2
    if [ "${1-}" = --cache ]; then
        tier+=(--cache "$2")
        shift 2
    fi
fi
if [ $# -ne 4 ]; then
    echo "usage: run-wast.sh [--skip] [--tier TIER [--cache DIR]] WARDEN WAST2JSON KNOWN_FAILURES" \
        "FILE.wast" >&2
    exit 2
fi
warden=$1 wast2json=$2 known=$3 wast=$4
name=$(basename "$wast" .wast)

if [ "$skip" = 1 ]; then
    echo "$name.wast: skipped (SIMD spec tests are off; configure with -DWARDEN_SIMD=ON)"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/warden-spec-$name.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
json=$tmp/$name.json

if ! "$wast2json" "$wast" -o "$json" >"$tmp/wast2json.txt" 2>&1; then
    cat "$tmp/wast2json.txt"
    echo "FAIL: wast2json could not convert $wast"
    exit 1
fi

"$warden" wast "${tier[@]+"${tier[@]}"}" "$json" >"$tmp/out.txt" 2>"$tmp/err.txt"
status=$?
cat "$tmp/out.txt"
cat "$tmp/err.txt" >&2

# This file's entries in the list: `NAME.wast:LINE` or `NAME.wast:*`, '#' starts a comment.
whole=0
listed=()
bad_entries=0
while IFS= read -r entry; do
    entry=${entry%%#*}
    entry=${entry//[[:space:]]/}
    case $entry in
    "$name.wast:*") whole=1 ;;
    "$name.wast:"*)
        line=${entry#"$name.wast:"}
        if [[ $line =~ ^[0-9]+$ ]]; then
            listed+=("$line")
        else
            echo "$(basename "$known"): bad entry '$entry'"
            bad_entries=1
        fi
        ;;
    esac
done <"$known"
[ "$bad_entries" = 0 ] || exit 1

summary=$(tail -n 1 "$tmp/out.txt" | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$')

if [ "$whole" = 1 ]; then
    if [ "$status" = 0 ] && [ -n "$summary" ]; then
        echo "FAIL: $name.wast passes completely now: remove '$name.wast:*' from $(basename "$known")"
        exit 1
    fi
    echo "$name.wast: fails as expected (listed as '$name.wast:*')"
    exit 0
fi

if [ -z "$summary" ]; then
    echo "FAIL: warden wast ended with status $status and no summary line (crashed?)"
    exit 1
fi

# The runner prints "JSON:LINE: FAIL: ..." per failing command; keep the LINE numbers.
prefix="$json:"
failing=()
while IFS= read -r out_line; do
    rest=${out_line#"$prefix"}
    failing+=("${rest%%:*}")
done < <(grep -F -- "$prefix" "$tmp/out.txt" | grep -E ':[0-9]+: FAIL: ')

ok=1
declare -A is_listed=() is_failing=()
for line in "${listed[@]+"${listed[@]}"}"; do is_listed[$line]=1; done
for line in "${failing[@]+"${failing[@]}"}"; do is_failing[$line]=1; done
for line in "${failing[@]+"${failing[@]}"}"; do
    if [ -z "${is_listed[$line]+x}" ]; then
        echo "FAIL: new failure $name.wast:$line"
        ok=0
    fi
done
for line in "${listed[@]+"${listed[@]}"}"; do
    if [ -z "${is_failing[$line]+x}" ]; then
        echo "FAIL: $name.wast:$line passes now: remove it from $(basename "$known")"
        ok=0
    fi
done
if [ "$ok" = 1 ] && [ "$status" != 0 ] && [ "${#failing[@]}" = 0 ]; then
    echo "FAIL: warden wast exited with status $status but reported no failure"
    ok=0
fi
[ "$ok" = 1 ] || exit 1
echo "$name.wast: ${#failing[@]} known failure(s), no new ones"
exit 0
