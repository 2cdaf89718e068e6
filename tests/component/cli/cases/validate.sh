# shellcheck shell=bash
# `warden validate` on components: every guest validates (silently, status 0); malformed bytes
# fail with the file, the offset and the reason (status 1).
# shellcheck source=SCRIPTDIR/../../../cli/lib.sh
source "${BASH_SOURCE[0]%/*}/../../../cli/lib.sh"

for guest in values roundtrip resources consumer provider12 mismatch extra res_user badalloc; do
    run_warden validate "$WASM_DIR/$guest.wasm"
    expect_status 0
    expect_stdout ""
    expect_stderr </dev/null
done

# The component preamble alone is an empty component.
printf '\0asm\r\0\1\0' >"$cli_tmp/empty.wasm"
run_warden validate "$cli_tmp/empty.wasm"
expect_status 0
expect_stderr </dev/null

# A type section whose 5 bytes are missing.
printf '\0asm\r\0\1\0\7\5' >"$cli_tmp/short.wasm"
run_warden validate "$cli_tmp/short.wasm"
expect_status 1
expect_stdout ""
expect_stderr <<EOF2
$cli_tmp/short.wasm:10: error: section size mismatch: unexpected end of section or function
EOF2
