# shellcheck shell=bash
# `warden inspect` on a component prints its world in WIT, exactly as expected/<guest>.wit holds
# it (the world's types and functions, then the packages of the interfaces it imports or exports;
# roundtrip's world `use`s the records and other types of the interface it imports).
# shellcheck source=SCRIPTDIR/../../../cli/lib.sh
source "${BASH_SOURCE[0]%/*}/../../../cli/lib.sh"
: "${EXPECTED_DIR:?EXPECTED_DIR must name tests/component/cli/expected}"

for guest in values resources provider12 roundtrip; do
    run_warden inspect "$WASM_DIR/$guest.wasm"
    expect_status 0
    expect_stdout "$(cat "$EXPECTED_DIR/$guest.wit")"
    expect_stderr </dev/null
done

# The empty component.
printf '\0asm\r\0\1\0' >"$cli_tmp/empty.wasm"
run_warden inspect "$cli_tmp/empty.wasm"
expect_status 0
expect_stdout "package root:component;

world root {
}"
