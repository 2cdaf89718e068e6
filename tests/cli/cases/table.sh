# shellcheck shell=bash
# --max-table-elements: table.grow past the limit returns -1; a module whose tables need more
# fails to instantiate.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"

# 10 elements to start with, a limit of 25: grows of 5 succeed three times.
run_warden run --max-table-elements 25 --stats --invoke table_bomb "$WASM_DIR/grow.wasm" 5
expect_status 0
expect_stdout 3
expect_stderr <<EOF2
$(stats_lines none 0 131072 131072 0 0 25 1 1)
EOF2

run_warden run --max-table-elements 25 --trap-on-grow-failure --invoke table_bomb \
    "$WASM_DIR/grow.wasm" 5
expect_status 134
expect_stderr <<EOF2
warden: trap: resource-limit
  #0 func[1] table_bomb
EOF2

big=$WASM_DIR/big_table.wasm
run_warden run --max-table-elements 10 --stats "$big"
expect_status 1
expect_stderr <<EOF2
warden: error: $big: table element limit exceeded: limit 10, in use 0, requested 20
$(stats_lines none 0 0 0 0 0 0 0 0)
EOF2

run_warden run --max-table-elements 20 "$big"
expect_status 0
expect_stderr </dev/null
