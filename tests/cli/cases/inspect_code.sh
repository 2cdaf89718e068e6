# shellcheck shell=bash
# `warden inspect --code`: the lowered code of every function, or of one by index or name.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
code=$WASM_DIR/code.wasm

fib_code='func 1 fib: 1 param slots, 1 local slots, 4 frame slots, 24 cells
     0  BR_I32_GE_S_IMM a=s0 imm=2 target=@8
     4  COPY dst=s1 a=s0
     6  BR target=@21
     8  I32_SUB_IMM dst=s1 a=s0 imm=1
    11  CALL func=#1 base=s1
    13  I32_SUB_IMM dst=s2 a=s0 imm=2
    16  CALL func=#1 base=s2
    18  I32_ADD dst=s1 a=s1 b=s2
    21  COPY dst=s0 a=s1
    23  RETURN'
loop_code='func 2 loop: 1 param slots, 2 local slots, 4 frame slots, 16 cells
     0  BR_IF_NOT cond=s0 target=@13
     3  I32_ADD dst=s1 a=s1 b=s0
     6  I32_SUB_IMM dst=s0 a=s0 imm=1
     9  BR_TABLE idx=s0 n=1 targets=@0,@13
    13  COPY dst=s0 a=s1
    15  RETURN'

run_warden inspect --code "$code"
expect_status 0
expect_stdout "func 0 print: imported
$fib_code
$loop_code"
expect_stderr ""

# One function: by index, by export name, by name-section name; --func may come first.
run_warden inspect --code "$code" --func 1
expect_status 0
expect_stdout "$fib_code"
run_warden inspect --code --func fib "$code"
expect_status 0
expect_stdout "$fib_code"
run_warden inspect --code "$code" --func=loop
expect_status 0
expect_stdout "$loop_code"
run_warden inspect --code "$code" --func 0
expect_status 0
expect_stdout "func 0 print: imported"

# --fuel: lowered with fuel metering, each basic block starting with its charge.
run_warden inspect --code --fuel "$code" --func loop
expect_status 0
expect_stdout 'func 2 loop: 1 param slots, 2 local slots, 4 frame slots, 22 cells
     0  FUEL cost=3
     2  BR_IF_NOT cond=s0 target=@17
     5  FUEL cost=10
     7  I32_ADD dst=s1 a=s1 b=s0
    10  I32_SUB_IMM dst=s0 a=s0 imm=1
    13  BR_TABLE idx=s0 n=1 targets=@0,@17
    17  FUEL cost=1
    19  COPY dst=s0 a=s1
    21  RETURN'

# Functions that are not there, and options that do not fit.
run_warden inspect --code "$code" --func 3
expect_status 1
expect_stdout ""
expect_stderr <<EOF2
warden: error: $code: no function 3 (the module has 3)
EOF2
run_warden inspect --code "$code" --func nothing
expect_status 1
expect_stderr <<EOF2
warden: error: $code: no function 'nothing'
EOF2
run_warden inspect --func 1 "$code"
expect_status 2
expect_stderr <<EOF2
warden: error: option '--func' needs '--code'
Try 'warden help' for more information.
EOF2
run_warden inspect --fuel "$code"
expect_status 2
expect_stderr <<EOF2
warden: error: option '--fuel' needs '--code'
Try 'warden help' for more information.
EOF2
run_warden inspect --code "$code" --func
expect_status 2
expect_stderr <<EOF2
warden: error: option '--func' needs a value
Try 'warden help' for more information.
EOF2
run_warden inspect --code "$code" "$code"
expect_status 2
expect_stderr <<EOF2
warden: error: inspect: unexpected argument '$code' after FILE
Try 'warden help' for more information.
EOF2
exit 0
