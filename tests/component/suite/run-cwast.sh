#!/usr/bin/env bash
# Runs one file of the component test suite through scripts/component-wast2json and `warden wast`,
# and checks its failures against the two lists beside this script:
#
#   skips.txt           commands that need what warden leaves out on purpose (Component Model
#                       async, core features beyond WebAssembly 2.0), each with its reason
#   known-failures.txt  commands that fail today and are to be fixed
#
#   run-cwast.sh WARDEN CONVERTER NODE SKIPS KNOWN SUITE_DIR REL.wast
#
# Entries are `REL.wast:LINE` (the line a command starts on). The test passes when the failing lines
# are exactly the listed ones: an unlisted failure fails it, and so does a listed line that passes
# (both lists only shrink).
set -u
if [ $# -ne 7 ]; then
    echo "usage: run-cwast.sh WARDEN CONVERTER NODE SKIPS KNOWN SUITE_DIR REL.wast" >&2
    exit 2
fi
warden=$1 converter=$2 node=$3 skips=$4 known=$5 suite=$6 rel=$7
name=$(basename "$rel" .wast)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/warden-cwast-$name.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! "$node" "$converter" "$suite/$rel" "$tmp" >"$tmp/convert.txt" 2>&1; then
    cat "$tmp/convert.txt"
    echo "FAIL: component-wast2json could not convert $rel"
    exit 1
fi
json=$tmp/$name.json
"$warden" wast "$json" >"$tmp/out.txt" 2>"$tmp/err.txt"
status=$?
cat "$tmp/out.txt"
cat "$tmp/err.txt" >&2
summary=$(tail -n 1 "$tmp/out.txt" | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$')
if [ -z "$summary" ]; then
    echo "FAIL: warden wast ended with status $status and no summary line (crashed?)"
    exit 1
fi

# Lines listed for this file in a list: `REL.wast:LINE ...`, '#' starts a comment.
entries() {
    local entry
    while IFS= read -r entry; do
        entry=${entry%%#*}
        entry=${entry%%[[:space:]]*}
        case $entry in
        "$rel:"*) echo "${entry#"$rel:"}" ;;
        esac
    done <"$1"
}
declare -A is_skip=() is_known=() is_failing=()
for line in $(entries "$skips"); do is_skip[$line]=1; done
for line in $(entries "$known"); do is_known[$line]=1; done

prefix="$json:"
failing=()
while IFS= read -r out_line; do
    rest=${out_line#"$prefix"}
    failing+=("${rest%%:*}")
done < <(grep -F -- "$prefix" "$tmp/out.txt" | grep -E ':[0-9]+: FAIL: ')
for line in "${failing[@]+"${failing[@]}"}"; do is_failing[$line]=1; done

ok=1
skipped=0 known_n=0
for line in "${failing[@]+"${failing[@]}"}"; do
    if [ -n "${is_skip[$line]+x}" ]; then
        skipped=$((skipped + 1))
    elif [ -n "${is_known[$line]+x}" ]; then
        known_n=$((known_n + 1))
    else
        echo "FAIL: new failure $rel:$line"
        ok=0
    fi
done
for line in "${!is_skip[@]}" "${!is_known[@]}"; do
    if [ -z "${is_failing[$line]+x}" ]; then
        echo "FAIL: $rel:$line passes now: remove it from its list"
        ok=0
    fi
done
if [ "$ok" = 1 ] && [ "$status" != 0 ] && [ "${#failing[@]}" = 0 ]; then
    echo "FAIL: warden wast exited with status $status but reported no failure"
    ok=0
fi
[ "$ok" = 1 ] || exit 1
echo "$rel: $summary; $skipped skipped by skips.txt, $known_n known failure(s), no new ones"
exit 0
