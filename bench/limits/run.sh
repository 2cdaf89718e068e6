#!/usr/bin/env bash
# What the resource limits cost: the slowdown from fuel metering and from a deadline on CPU-bound
# guests, and how late a deadline's trap arrives. A benchmark, not a test: it asserts nothing about
# speed and is not part of `make test`.
#
#   bench/limits/run.sh [BUILD_DIR]        (default: build/ at the repository's root)
#
# It builds the `warden` tool and libwarden.a in BUILD_DIR (configuring it first if needed), and
# under BUILD_DIR/bench-limits/ the guest workloads (workloads.c, with clang for wasm32), the
# infinite loop spin.wat and the overshoot program (overshoot.c, linked against libwarden.a).
#
# Slowdown: each workload runs as `warden run --stats --invoke F` three ways, interleaved run by
# run (plain, fuel, deadline, plain, fuel, deadline, ...):
#   plain     no limit
#   fuel      --fuel 9223372036854775807: metering compiled in, never running out
#   deadline  --timeout 1h: the 1 ms ticker running, the deadline never reached
# Two measures of each run, each in its own table: the wall_ns figure of --stats (instantiation
# and the call; not process start-up or compilation), and the CPU time of the whole process (user
# and system, every thread, the ticker's included; start-up and compilation too, a few ms at most).
# A table shows the median of each configuration, the ratio of the medians, and the median of the
# per-repetition ratios (each repetition's run divided by the plain run of the same repetition).
#
# Overshoot: TRIALS calls of an infinite loop under a deadline of DEADLINE_TICKS ticks of the
# default 1 ms tick: p50, p90, p99 and max of how long after the deadline the trap arrived (see
# overshoot.c for what exactly is measured).
#
# Environment: REPS (repetitions per configuration, default 9), TRIALS (default 1000),
# DEADLINE_TICKS (default 2), CLANG (default clang-19), CC (default cc), JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/bench/limits
build=${1:-$root/build}
reps=${REPS:-9}
trials=${TRIALS:-1000}
deadline_ticks=${DEADLINE_TICKS:-2}
clang=${CLANG:-clang-19}
cc=${CC:-cc}
jobs=${JOBS:-2}

die() {
    echo "bench-limits: $*" >&2
    exit 1
}

for tool in cmake wat2wasm "$clang" "$cc"; do
    command -v "$tool" >/dev/null || die "'$tool' not found (scripts/install-deps.sh installs it)"
done
case $reps in '' | *[!0-9]* | 0) die "REPS must be a positive integer" ;; esac

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
if grep -q '^WARDEN_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
    echo "bench-limits: warning: $build is a sanitizer build; its times mean little" >&2
fi
out=$build/bench-limits
mkdir -p "$out"
cmake --build "$build" -j"$jobs" --target warden warden_static >"$out/build.log" 2>&1 ||
    { cat "$out/build.log" >&2; die "building $build failed"; }
warden=$build/warden
"$clang" --target=wasm32-wasi -O2 -nostdlib -fno-builtin -Wl,--no-entry -Wall -Wextra -Werror \
    "$here/workloads.c" -o "$out/workloads.wasm"
wat2wasm "$here/spin.wat" -o "$out/spin.wasm"
"$cc" -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$root/include" "$here/overshoot.c" \
    "$build/libwarden.a" -lpthread -lm -o "$out/overshoot"

# One run: prints "WALL_NS CPU_NS", its wall_ns figure and the process's CPU time (user and
# system, every thread). Checks that every run of a workload computes the same result.
# run_once WORKLOAD EXPECTED_RESULT_FILE OPTIONS... -- FUNC ARGS...
run_once() {
    local name=$1 result_file=$2
    shift 2
    local opts=()
    while [ "$1" != "--" ]; do
        opts+=("$1")
        shift
    done
    shift
    local func=$1
    shift
    local TIMEFORMAT='%3U %3S' status=0
    { time "$warden" run --stats "${opts[@]}" --invoke "$func" "$out/workloads.wasm" "$@" \
        >"$out/stdout" 2>"$out/stderr" || status=$?; } 2>"$out/time"
    [ "$status" -eq 0 ] || die "$name ${opts[*]}: warden failed: $(cat "$out/stderr")"
    if [ -f "$result_file" ]; then
        cmp -s "$out/stdout" "$result_file" || die "$name ${opts[*]}: the result differs"
    else
        cp "$out/stdout" "$result_file"
    fi
    local wall
    wall=$(sed -n 's/^warden: stats: wall_ns=\([0-9]*\)$/\1/p' "$out/stderr")
    [ -n "$wall" ] || die "$name ${opts[*]}: no wall_ns in: $(cat "$out/stderr")"
    awk -v w="$wall" '{ printf "%s %.0f\n", w, ($1 + $2) * 1e9 }' "$out/time"
}

# The median of the numbers on standard input, one a line.
median() {
    sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

workloads=(
    "hash|hash 10000000"
    "fib|fib 32"
    "sieve|sieve 1000000 3"
)
configs=(plain fuel deadline)
config_opts() {
    case $1 in
    plain) ;;
    fuel) echo "--fuel 9223372036854775807" ;;
    deadline) echo "--timeout 1h" ;;
    esac
}

# table COLUMN TITLE: the table of one measure (1: wall_ns, 2: CPU time) over every workload.
table() {
    local column=$1
    echo "$2"
    printf '%-8s %-16s %9s %9s %7s %7s %9s %7s %7s\n' workload call "plain" "fuel" ratio pairs \
        "deadline" ratio pairs
    for entry in "${workloads[@]}"; do
        local name=${entry%%|*} config m pairs
        local plain
        plain=$(cut -d' ' -f"$column" "$out/$name.plain" | median)
        local row
        row=$(printf '%-8s %-16s %9.1f' "$name" "${entry#*|}" \
            "$(awk -v v="$plain" 'BEGIN { print v / 1e6 }')")
        for config in fuel deadline; do
            m=$(cut -d' ' -f"$column" "$out/$name.$config" | median)
            pairs=$(paste -d' ' <(cut -d' ' -f"$column" "$out/$name.$config") \
                <(cut -d' ' -f"$column" "$out/$name.plain") | awk '{ print $1 / $2 }' | median)
            row+=$(printf ' %9.1f %6.3fx %6.3fx' "$(awk -v v="$m" 'BEGIN { print v / 1e6 }')" \
                "$(awk -v a="$m" -v b="$plain" 'BEGIN { print a / b }')" "$pairs")
        done
        echo "$row"
    done
    echo
}

build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")
echo "warden limits benchmark: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "build: $build (${build_type:-RelWithDebInfo}," \
    "C compiler $(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt"))"
echo "repetitions: $reps per configuration, interleaved plain, fuel, deadline"
echo
for entry in "${workloads[@]}"; do
    name=${entry%%|*}
    read -r -a call <<<"${entry#*|}"
    rm -f "$out/$name".*
    for ((r = 0; r < reps; r++)); do
        for config in "${configs[@]}"; do
            read -r -a opts <<<"$(config_opts "$config")"
            run_once "$name" "$out/$name.result" "${opts[@]}" -- "${call[@]}" >>"$out/$name.$config"
        done
    done
done
table 1 "wall time, ms (the run's wall_ns: instantiation and call)"
table 2 "CPU time, ms (the process's user + system time, every thread)"
echo "ratio: median over the plain median; pairs: median of the per-repetition ratios"
echo "fuel: --fuel 9223372036854775807; deadline: --timeout 1h"
echo
echo "deadline overshoot: $trials trials, deadline $deadline_ticks ticks of 1 ms, infinite loop"
"$out/overshoot" "$out/spin.wasm" "$trials" "$deadline_ticks" | sed 's/^/  /'
