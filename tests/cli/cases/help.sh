# shellcheck shell=bash
# `warden run --help` documents every option of `run`.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"

run_warden run --help
expect_status 0
expect_stderr </dev/null
for option in "--invoke NAME" "--fuel N" "--timeout DURATION" "--max-memory SIZE" \
    "--max-table-elements N" "--max-instances N" "--max-stack SIZE" "--max-call-depth N" \
    "--trap-on-grow-failure" "--stats" "--tier TIER" "--cache DIR" "--no-cache"; do
    grep -Eq "^ +$option( |\$)" "$cli_tmp/stdout" || cli_fail "the help lacks '$option'"
done
for figure in fuel_consumed memory_peak_bytes memory_grow_denied wall_ns trap; do
    grep -q "$figure" "$cli_tmp/stdout" || cli_fail "the help lacks the figure '$figure'"
done

run_warden compile --help
expect_status 0
grep -Fq "warden compile [--fuel] FILE.wasm -o FILE.cwasm" "$cli_tmp/stdout" ||
    cli_fail "the help of compile lacks its usage"
