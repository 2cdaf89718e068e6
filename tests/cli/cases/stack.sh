# shellcheck shell=bash
# --max-call-depth and --max-stack: reaching either traps with stack-exhausted.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
loops=$WASM_DIR/loops.wasm

# Infinite recursion stops at exactly 100 frames. The backtrace shows the innermost 64 and the
# outermost 16, numbered by depth, and counts the 20 between.
run_warden run --max-call-depth 100 --stats --invoke recurse "$loops"
expect_status 134
expect_stdout ""
expect_stderr <<EOF2
warden: trap: stack-exhausted
$(for i in $(seq 0 63); do echo "  #$i func[2] recurse"; done)
  ... 20 frames omitted
$(for i in $(seq 84 99); do echo "  #$i func[2] recurse"; done)
$(stats_lines stack-exhausted 0 0 0 0 0 0 0 1)
EOF2

# Depth 1 allows the called function itself and nothing more.
run_warden run --max-call-depth 1 --invoke count "$loops" 4
expect_status 0
expect_stdout 10
run_warden run --max-call-depth 1 --invoke recurse "$loops"
expect_status 134
expect_stderr <<EOF2
warden: trap: stack-exhausted
  #0 func[2] recurse
EOF2

# Wide frames exhaust a 4 KiB value stack long before the default call depth.
run_warden run --max-stack 4KiB --stats --invoke wide "$loops" 0
expect_status 134
expect_stdout ""
expect_stderr_line "warden: trap: stack-exhausted"
expect_stderr_line "  #0 func[3] wide"
expect_stderr_line "warden: stats: trap=stack-exhausted"
# The depth is the outermost frame's number plus one (frames are numbered by depth).
frames=$(grep '^  #[0-9]* func\[3\] wide$' "$cli_tmp/stderr" | tail -n 1 | sed 's/^  #\([0-9]*\) .*/\1/')
[ -n "$frames" ] || cli_fail "no frame in the backtrace"
[ "$((frames + 1))" -lt 100 ] || cli_fail "$((frames + 1)) frames fit in a 4 KiB stack"

# The smallest stack accepted still runs a small function.
run_warden run --max-stack 512 --invoke count "$loops" 3
expect_status 0
expect_stdout 6
