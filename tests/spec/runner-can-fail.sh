#!/usr/bin/env bash
# Checks that `warden wast` can fail: converts FILE.wast, changes the expected i32 result of its first
# single-result assert_return, and requires a non-zero exit and a failure line for that command.
#
#   runner-can-fail.sh WARDEN WAST2JSON JQ FILE.wast
set -u

if [ $# -ne 4 ]; then
    echo "usage: runner-can-fail.sh WARDEN WAST2JSON JQ FILE.wast" >&2
    exit 2
fi
warden=$1 wast2json=$2 jq=$3 wast=$4
if ! command -v "$jq" >/dev/null; then
    echo "FAIL: jq is needed (Debian package jq)"
    exit 1
fi
name=$(basename "$wast" .wast)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/warden-runner-can-fail.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

"$wast2json" "$wast" -o "$tmp/$name.json" || { echo "FAIL: wast2json failed"; exit 1; }

# The index of the command to break, and its line.
pick='first(.commands | to_entries[]
             | select(.value.type == "assert_return" and (.value.expected | length) == 1
                      and .value.expected[0].type == "i32")) | .key'
index=$("$jq" "$pick" "$tmp/$name.json")
line=$("$jq" ".commands[$index].line" "$tmp/$name.json")
if ! [[ $index =~ ^[0-9]+$ && $line =~ ^[0-9]+$ ]]; then
    echo "FAIL: no assert_return with one i32 result in $wast"
    exit 1
fi
broken=$tmp/broken.json
"$jq" ".commands[$index].expected[0].value |= (if . == \"7\" then \"8\" else \"7\" end)" \
    "$tmp/$name.json" >"$broken" || { echo "FAIL: jq failed"; exit 1; }

"$warden" wast "$broken" >"$tmp/out.txt" 2>&1
status=$?
cat "$tmp/out.txt"
if [ "$status" = 0 ]; then
    echo "FAIL: warden wast exited 0 on a wrong expectation"
    exit 1
fi
if ! grep -qF -- "$broken:$line: FAIL: assert_return " "$tmp/out.txt"; then
    echo "FAIL: no failure reported for line $line"
    exit 1
fi
if ! tail -n 1 "$tmp/out.txt" | grep -qE '^[0-9]+ passed, [1-9][0-9]* failed, [0-9]+ skipped$'; then
    echo "FAIL: the summary line does not count the failure"
    exit 1
fi
echo "runner-can-fail: the wrong expectation at line $line was reported"
