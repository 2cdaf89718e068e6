# shellcheck shell=bash
# --timeout: an epoch deadline stops loops and start functions with the trap `deadline`. Nothing
# here depends on how long anything took.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
loops=$WASM_DIR/loops.wasm

run_warden run --timeout 20ms --stats --invoke spin "$loops"
expect_status 134
expect_stdout ""
expect_stderr <<EOF2
warden: trap: deadline
  #0 func[0] spin
$(stats_lines deadline 0 0 0 0 0 0 0 1)
EOF2

# Shorter than the default 1 ms tick: the tick becomes the timeout itself. The clock starts before
# the file is read, so on a slow machine (a sanitizer build) 500 us may end while the module is
# loading, before spin has a frame: then there is no backtrace line. Either way it is a deadline.
run_warden run --timeout 500us --invoke spin "$loops"
expect_status 134
[ "$(head -1 "$cli_tmp/stderr")" = "warden: trap: deadline" ] ||
    cli_fail "expected 'warden: trap: deadline' first"
rest=$(tail -n +2 "$cli_tmp/stderr")
[ -z "$rest" ] || [ "$rest" = "  #0 func[0] spin" ] ||
    cli_fail "expected no backtrace or '  #0 func[0] spin', got: $rest"

# The deadline covers instantiation: a start function that never returns is stopped, and the
# failed instance is given back (instances=0).
run_warden run --timeout=30ms --stats "$WASM_DIR/start_spin.wasm"
expect_status 134
expect_stderr <<EOF2
warden: trap: deadline
  #0 func[0] spin_start
$(stats_lines deadline 0 0 0 0 0 0 0 0)
EOF2

# With fuel as well, whichever comes first stops the guest: here the deadline.
run_warden run --timeout 20ms --fuel 9223372036854775807 --invoke spin "$loops"
expect_status 134
expect_stderr_line "warden: trap: deadline"

# A guest that finishes in time is not affected, and the tool exits without waiting for the hour.
run_warden run --timeout 1h --invoke count "$loops" 10
expect_status 0
expect_stdout 55
expect_stderr </dev/null
