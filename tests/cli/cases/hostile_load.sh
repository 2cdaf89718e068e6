# shellcheck shell=bash
# Modules that are costly to load: the --timeout clock runs while the file is read and the module
# created, and --max-memory refuses an instance the store cannot hold. HOSTILE_GEN writes them.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
: "${HOSTILE_GEN:?HOSTILE_GEN must name the hostile module generator}"

# 8 million empty functions, 32 MB: loading takes far longer than 50 ms, and is stopped.
"$HOSTILE_GEN" funcs 8000000 "$cli_tmp/huge.wasm" || cli_fail "cannot write the module"
run_warden run --timeout 50ms --max-memory 64MiB --stats "$cli_tmp/huge.wasm"
expect_status 134
expect_stdout ""
expect_stderr_line "warden: trap: deadline"
expect_stderr_line "warden: stats: instances=0"
expect_stderr_line "warden: stats: trap=deadline"

# A million functions load, but their instance needs more than 64 MiB of host memory.
"$HOSTILE_GEN" funcs 1000000 "$cli_tmp/wide.wasm" || cli_fail "cannot write the module"
run_warden run --max-memory 64MiB "$cli_tmp/wide.wasm"
expect_status 1
grep -q "memory limit exceeded: limit 67108864 bytes, in use 0, requested [0-9]* for an instance" \
    "$cli_tmp/stderr" || cli_fail "no limit error for the instance"
