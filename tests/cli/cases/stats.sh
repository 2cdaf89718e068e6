# shellcheck shell=bash
# --stats without limits, with an ordinary trap, and the other options that need no limit hit.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
loops=$WASM_DIR/loops.wasm

run_warden run --stats --invoke count "$loops" 10
expect_status 0
expect_stdout 55
expect_stderr <<EOF2
$(stats_lines none 0 0 0 0 0 0 0 1)
EOF2

run_warden run --stats --invoke fail "$loops"
expect_status 134
expect_stderr <<EOF2
warden: trap: unreachable
  #0 func[4] fail
$(stats_lines unreachable 0 0 0 0 0 0 0 1)
EOF2

# A module without _start and without --invoke: only instantiation runs.
run_warden run --stats "$WASM_DIR/grow.wasm"
expect_status 0
expect_stdout ""
expect_stderr <<EOF2
$(stats_lines none 0 131072 131072 0 0 10 0 1)
EOF2

# One instance is all `warden run` makes.
run_warden run --max-instances 1 --invoke count "$loops" 3
expect_status 0
expect_stdout 6

# No stats when the module cannot even be loaded: nothing ran.
run_warden run --stats "$WASM_DIR/no-such-file.wasm"
expect_status 1
grep -q 'warden: stats:' "$cli_tmp/stderr" && cli_fail "stats printed for a missing file"

# The options after FILE are the guest's arguments, not warden's.
run_warden run --invoke count "$loops" --stats
expect_status 2
grep -q 'warden: stats:' "$cli_tmp/stderr" && cli_fail "stats printed without --stats"
exit 0
