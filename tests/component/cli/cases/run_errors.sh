# shellcheck shell=bash
# `warden run` on a component that fails: a trap exits with status 134 as for a module, after
# "warden: trap message: MESSAGE" and the trap's kind; arguments that do not parse or do not fit
# are usage errors (status 2, nothing run); a missing import is a link error (status 1).
# shellcheck source=SCRIPTDIR/../../../cli/lib.sh
source "${BASH_SOURCE[0]%/*}/../../../cli/lib.sh"
values=$WASM_DIR/values.wasm

# Traps in the guest: the backtrace's core frames are the C compiler's, so the first lines and
# the outermost frame, the component function, are checked.
run_warden run --invoke 'fail()' "$values"
expect_status 134
expect_stdout ""
expect_stderr_line "warden: trap message: unreachable executed"
expect_stderr_line "warden: trap: unreachable"
[ "$(tail -n 1 "$cli_tmp/stderr" | sed -E 's/^  #[0-9]+ //')" = "component func fail" ] ||
    cli_fail "the last frame is not the component's"
run_warden run --invoke 'fail-in-post-return()' "$values"
expect_status 134
expect_stdout ""
expect_stderr_line "warden: trap message: unreachable executed"
[ "$(tail -n 1 "$cli_tmp/stderr" | sed -E 's/^  #[0-9]+ //')" = \
    "component func fail-in-post-return" ] || cli_fail "the last frame is not the component's"
run_warden run --fuel 1 --invoke 'range(100)' "$values"
expect_status 134
expect_stderr_line "warden: trap message: all fuel consumed"
expect_stderr_line "warden: trap: out-of-fuel"

# expect_abi_trap CALL MESSAGE: the canonical ABI refuses what the guest returned; the backtrace
# is the component function alone.
expect_abi_trap() {
    run_warden run --invoke "$1" "$values"
    expect_status 134
    expect_stdout ""
    expect_stderr <<EOF2
warden: trap message: $2
warden: trap: host
  #0 component func ${1%%(*}
EOF2
}
expect_abi_trap 'bad-utf8()' 'invalid utf-8'
expect_abi_trap 'bad-string-pointer()' 'string pointer/length out of bounds of memory'
expect_abi_trap 'bad-list-align()' 'unaligned pointer'
expect_abi_trap 'shape-from(4)' 'invalid variant discriminant'
expect_abi_trap 'color-from(9)' 'invalid variant discriminant'
expect_abi_trap 'char-from(55296)' 'invalid `char` bit pattern'

# expect_usage_error CALL MESSAGE: --invoke CALL is refused before anything runs.
expect_usage_error() {
    run_warden run --invoke "$1" "$values"
    expect_status 2
    expect_stdout ""
    expect_stderr <<EOF2
warden: error: $2
EOF2
}
expect_usage_error 'echo-u8(256)' "--invoke 'echo-u8': argument 1 (x): at 1: integer out of range for u8"
expect_usage_error 'echo-u8(1, 2)' "--invoke 'echo-u8': the function takes 1 argument, got 2"
expect_usage_error 'echo-u8()' "--invoke 'echo-u8': the function takes 1 argument, got 0"
expect_usage_error 'ellipsis(hello)' "--invoke 'ellipsis': argument 1 (s): at 1: expected a string"
expect_usage_error "echo-char(\"a\")" "--invoke 'echo-char': argument 1 (x): at 1: expected a char literal"
expect_usage_error 'echo-bool(1)' "--invoke 'echo-bool': argument 1 (x): at 1: expected \`true\` or \`false\`"
expect_usage_error 'echo-string("\u{d800}")' \
    "--invoke 'echo-string': argument 1 (s): at 2: escape is not a Unicode scalar value"
expect_usage_error 'next-color(purple)' "--invoke 'next-color': argument 1 (c): at 1: unknown case \`purple\`"
expect_usage_error 'swap-point({x: 1})' "--invoke 'swap-point': argument 1 (p): at 1: missing field \`y\`"
expect_usage_error 'echo-perms({read, read})' "--invoke 'echo-perms': argument 1 (p): at 8: duplicate flag \`read\`"
expect_usage_error 'echo-option(some(none))' "--invoke 'echo-option': argument 1 (o): at 6: expected a string"
expect_usage_error 'echo-u8(' "--invoke 'echo-u8(': the arguments must end with ')'"
expect_usage_error 'echo-u8(5) x' "--invoke 'echo-u8(5) x': the arguments must end with ')'"
expect_usage_error '(5)' "--invoke '(5)': the function's name is missing before '('"
expect_usage_error 'nope()' "$values has no exported function named 'nope'"
expect_usage_error 'test:pkg/iface@1.0.0#nope()' "$values has no exported function named 'test:pkg/iface@1.0.0#nope'"

# Arguments after the file are for modules: a component takes them in the parentheses.
run_warden run --invoke 'test:pkg/iface@1.0.0#add' "$values" 1 2
expect_status 2
expect_stderr <<EOF2
warden: error: --invoke 'test:pkg/iface@1.0.0#add': give a component function's arguments in parentheses, NAME(ARGS)
EOF2

# The command line defines no imports.
run_warden run --invoke 'identity(1)' "$WASM_DIR/roundtrip.wasm"
expect_status 1
expect_stdout ""
expect_stderr <<EOF2
warden: error: $WASM_DIR/roundtrip.wasm: missing import \`test:pkg/host@1.0.0#all-scalars\`
EOF2
