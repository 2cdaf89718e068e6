# shellcheck shell=bash
# --fuel: the budget covers the whole run; running out traps with out-of-fuel, and --stats reports
# exactly what was consumed.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
loops=$WASM_DIR/loops.wasm

# An infinite loop costs 1 per iteration: all of the budget goes.
run_warden run --fuel 1000 --stats --invoke spin "$loops"
expect_status 134
expect_stdout ""
expect_stderr <<EOF2
warden: trap: out-of-fuel
  #0 func[0] spin
$(stats_lines out-of-fuel 1000 0 0 0 0 0 0 1)
EOF2

# Without --stats, only the trap and its backtrace.
run_warden run --fuel 1000 --invoke spin "$loops"
expect_status 134
expect_stderr <<EOF2
warden: trap: out-of-fuel
  #0 func[0] spin
EOF2

# count(n) costs 9n + 1.
run_warden run --fuel 1000000 --stats --invoke count "$loops" 10
expect_status 0
expect_stdout 55
expect_stderr <<EOF2
$(stats_lines none 91 0 0 0 0 0 0 1)
EOF2

# Exactly enough fuel, and one unit less.
run_warden run --fuel 91 --invoke count "$loops" 10
expect_status 0
expect_stdout 55
expect_stderr </dev/null
run_warden run --fuel=90 --stats --invoke count "$loops" 10
expect_status 134
expect_stdout ""
expect_stderr_line "warden: trap: out-of-fuel"
expect_stderr_line "warden: stats: fuel_consumed=90"
expect_stderr_line "warden: stats: trap=out-of-fuel"

# No fuel at all: the first metered instruction traps.
run_warden run --fuel 0 --stats --invoke count "$loops" 1
expect_status 134
expect_stderr <<EOF2
warden: trap: out-of-fuel
  #0 func[1] count
$(stats_lines out-of-fuel 0 0 0 0 0 0 0 1)
EOF2

# A start function is metered too: instantiation itself runs out, and the failed instance is
# given back (instances=0).
run_warden run --fuel 500 --stats "$WASM_DIR/start_spin.wasm"
expect_status 134
expect_stderr <<EOF2
warden: trap: out-of-fuel
  #0 func[0] spin_start
$(stats_lines out-of-fuel 500 0 0 0 0 0 0 0)
EOF2

# Fuel large enough to be unlimited in practice.
run_warden run --fuel 9223372036854775807 --stats --invoke count "$loops" 100
expect_status 0
expect_stdout 5050
expect_stderr <<EOF2
$(stats_lines none 901 0 0 0 0 0 0 1)
EOF2
