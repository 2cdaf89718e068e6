# shellcheck shell=bash
# Helpers for the command-line tests, sourced by every tests/cli/cases/*.sh.
#
# The environment names the tool and the fixtures: WARDEN (the built warden binary) and WASM_DIR
# (the directory of the .wasm files built from tests/cli/wat/).
#
#   run_warden ARGS...     runs "$WARDEN" ARGS...; keeps the exit status, stdout and stderr, and
#                          fails at once on a sanitizer report
#   expect_status N        the exit status was N
#   expect_stdout TEXT     stdout was exactly TEXT (a final newline is implied unless TEXT is empty)
#   expect_stderr          stderr was exactly the text on standard input; a stats line
#                          'warden: stats: wall_ns=DIGITS' is compared as 'wall_ns=N'
#   expect_stderr_line L   stderr has a line exactly L
#   stats_lines KIND FUEL MEM PEAK GROWS DENIED TPEAK TDENIED INSTANCES
#                          prints the lines --stats prints for these figures (wall_ns as N)
# With WARDEN_TEST_TIER set (llvm/cli/*), every `warden run` gets `--tier $WARDEN_TEST_TIER`,
# and stats_lines expects that tier: the same expectations hold in every tier.
# A failed expectation prints what differs and exits 1.
set -u

: "${WARDEN:?WARDEN must name the warden binary}"
: "${WASM_DIR:?WASM_DIR must name the directory of the built fixtures}"

cli_tmp=$(mktemp -d)
trap 'rm -rf "$cli_tmp"' EXIT
# The compiled tier's default code cache is under XDG_CACHE_HOME: the test's own, not the user's.
export XDG_CACHE_HOME="$cli_tmp/cache"
cli_what=""

run_warden() {
    if [ -n "${WARDEN_TEST_TIER:-}" ] && [ "${1-}" = run ]; then
        shift
        set -- run --tier "$WARDEN_TEST_TIER" "$@"
    fi
    cli_what="warden $*"
    "$WARDEN" "$@" >"$cli_tmp/stdout" 2>"$cli_tmp/stderr"
    cli_status=$?
    # Under the sanitizer build a report also ends in status 134: never mistake it for a trap.
    if grep -Eq '^==[0-9]+==ERROR|runtime error:' "$cli_tmp/stderr"; then
        cli_fail "a sanitizer report"
    fi
    return 0
}

cli_fail() {
    echo "FAIL: $cli_what: $1" >&2
    echo "--- stdout:" >&2
    cat "$cli_tmp/stdout" >&2
    echo "--- stderr:" >&2
    cat "$cli_tmp/stderr" >&2
    exit 1
}

expect_status() {
    [ "$cli_status" -eq "$1" ] || cli_fail "exit status $cli_status, expected $1"
}

expect_stdout() {
    if [ -z "$1" ]; then
        : >"$cli_tmp/want"
    else
        printf '%s\n' "$1" >"$cli_tmp/want"
    fi
    cmp -s "$cli_tmp/want" "$cli_tmp/stdout" ||
        cli_fail "stdout differs: $(diff "$cli_tmp/want" "$cli_tmp/stdout" | head -20)"
}

expect_stderr() {
    cat >"$cli_tmp/want"
    # The one figure that is not reproducible; its shape is still checked.
    sed -E 's/^(warden: stats: wall_ns=)[0-9]+$/\1N/' "$cli_tmp/stderr" >"$cli_tmp/got"
    cmp -s "$cli_tmp/want" "$cli_tmp/got" ||
        cli_fail "stderr differs (< expected, > actual):
$(diff "$cli_tmp/want" "$cli_tmp/got" | head -40)"
}

expect_stderr_line() {
    grep -Fxq -- "$1" "$cli_tmp/stderr" || cli_fail "stderr lacks the line '$1'"
}

stats_lines() {
    printf 'warden: stats: %s\n' "fuel_consumed=$2" "memory_bytes=$3" "memory_peak_bytes=$4" \
        "memory_grow_calls=$5" "memory_grow_denied=$6" "table_peak_elements=$7" \
        "table_grow_denied=$8" "instances=$9" "wall_ns=N" "trap=$1" \
        "tier=${WARDEN_TEST_TIER:-interp}"
}
