# shellcheck shell=bash
# Bad option values: a usage error naming the option and the value, status 2, nothing run.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
loops=$WASM_DIR/loops.wasm

# expect_usage_error MESSAGE ARGS...: `warden run ARGS... loops.wasm` fails with MESSAGE.
expect_usage_error() {
    local message=$1
    shift
    run_warden run "$@" "$loops"
    expect_status 2
    expect_stdout ""
    expect_stderr <<EOF2
warden: error: $message
Try 'warden help' for more information.
EOF2
}

expect_usage_error "option '--fuel': 'abc' is not a number" --fuel abc
expect_usage_error "option '--fuel': '-5' is negative" --fuel -5
expect_usage_error "option '--fuel': '1.5' is not a whole number" --fuel 1.5
expect_usage_error "option '--fuel': '1e6' is not a number" --fuel 1e6
expect_usage_error \
    "option '--fuel': '9223372036854775808' is too large (at most 9223372036854775807)" \
    --fuel 9223372036854775808
expect_usage_error "option '--fuel' needs a value" --fuel=
expect_usage_error "option '--timeout': '20' has no unit (durations take ns, us, ms, s, m or h)" \
    --timeout 20
expect_usage_error \
    "option '--timeout': '20sec' has an unknown unit (durations take ns, us, ms, s, m or h)" \
    --timeout 20sec
expect_usage_error "option '--timeout': '0s' must be greater than zero" --timeout 0s
expect_usage_error "option '--timeout': '-1ms' is negative" --timeout -1ms
expect_usage_error \
    "option '--timeout': '99999999999h' is too large (at most 18446744073709551615 ns)" \
    --timeout 99999999999h
expect_usage_error \
    "option '--max-memory': '16MB' has an unknown unit (sizes take B, KiB, MiB, GiB or TiB)" \
    --max-memory 16MB
expect_usage_error "option '--max-memory': '0' must be greater than zero" --max-memory 0
expect_usage_error "option '--max-memory': 'lots' is not a number" --max-memory lots
expect_usage_error \
    "option '--max-memory': '16777216TiB' is too large (at most 18446744073709551615 bytes)" \
    --max-memory 16777216TiB
expect_usage_error "option '--max-table-elements': '0' must be greater than zero" \
    --max-table-elements 0
expect_usage_error \
    "option '--max-instances': '4294967296' is too large (at most 4294967295)" \
    --max-instances 4294967296
expect_usage_error "option '--max-stack': '100' is below the minimum of 512 bytes" \
    --max-stack 100
expect_usage_error "option '--max-call-depth': '0' must be greater than zero" --max-call-depth 0
expect_usage_error "option '--max-call-depth': 'deep' is not a number" --max-call-depth=deep
expect_usage_error "option '--stats' takes no value" --stats=1
expect_usage_error "option '--trap-on-grow-failure' takes no value" --trap-on-grow-failure=yes

# A missing value at the end of the options.
run_warden run --max-memory
expect_status 2
expect_stderr <<EOF2
warden: error: option '--max-memory' needs a value
Try 'warden help' for more information.
EOF2
