# shellcheck shell=bash
# --max-memory: memory.grow past the limit returns -1 (or traps with --trap-on-grow-failure); a
# module whose memories need more than the limit fails to instantiate.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
grow=$WASM_DIR/grow.wasm
big=$WASM_DIR/big_memory.wasm

# 2 pages to start with. The limit counts the instance's host memory too (its table's 10
# elements, its functions, ...: a few hundred bytes), so 1 MiB holds 15 pages, not 16: 13 grows of
# one page succeed, the 14th sees -1.
run_warden run --max-memory 1MiB --stats --invoke memory_bomb "$grow" 1
expect_status 0
expect_stdout 13
expect_stderr <<EOF2
$(stats_lines none 0 983040 983040 14 1 10 0 1)
EOF2

# Grows of 3 pages: 2 + 4 * 3 = 14 pages, the fifth would pass 16.
run_warden run --max-memory=1048576 --stats --invoke memory_bomb "$grow" 3
expect_status 0
expect_stdout 4
expect_stderr <<EOF2
$(stats_lines none 0 917504 917504 5 1 10 0 1)
EOF2

# A limit that is not a whole number of pages rounds down to one.
run_warden run --max-memory 200000 --invoke memory_bomb "$grow" 1
expect_status 0
expect_stdout 1

# The denied grow traps instead.
run_warden run --max-memory 1MiB --trap-on-grow-failure --stats --invoke memory_bomb "$grow" 1
expect_status 134
expect_stdout ""
expect_stderr <<EOF2
warden: trap: resource-limit
  #0 func[0] memory_bomb
$(stats_lines resource-limit 0 983040 983040 14 1 10 0 1)
EOF2

# A memory whose minimum (2 MiB) exceeds the limit: a limit error, status 1, stats still printed;
# the refused instance holds nothing. "In use" is the instance's own host memory, 176 bytes.
run_warden run --max-memory 1MiB --stats "$big"
expect_status 1
expect_stdout ""
expect_stderr <<EOF2
warden: error: $big: memory limit exceeded: limit 1048576 bytes, in use 176, requested 2097152 for linear memory
$(stats_lines none 0 0 0 0 0 0 0 0)
EOF2

# The same without --stats, and with a limit that fits.
run_warden run --max-memory 64KiB "$big"
expect_status 1
expect_stderr <<EOF2
warden: error: $big: memory limit exceeded: limit 65536 bytes, in use 176, requested 2097152 for linear memory
EOF2
# 2 MiB of linear memory and the instance's few hundred bytes fit in 2 MiB + 1 KiB.
run_warden run --max-memory 2049KiB "$big"
expect_status 0
expect_stderr </dev/null
