#!/usr/bin/env bash
# Runs warden's benchmarks and writes the report.
#
#   bench/run.sh [--only W1,W2] [--engines E1,E2] [--reps N] [--no-micro] [--no-workloads]
#
# Builds every workload of bench/workloads/list natively (gcc -O2) and to wasm32 (clang-19 -O2)
# into $BUILD/bench/, runs each in every engine found on the machine with the repetitions
# interleaved (native, warden, node, ..., native, warden, node, ...), checks every checksum
# against native code, runs the micro-benchmarks (bench/micro/micro.c against libwarden.a), and
# writes the report to $BUILD/bench/results/: latest.md, with gnuplot latest.png and latest.svg,
# and the raw data (samples.tsv, summary.tsv, micro.tsv, latest.dat). A full run (no option
# other than --reps) also copies latest.md, latest.png and latest.svg to bench/results/.
#
# Engines: native, warden, warden-fuel (fuel metering on), warden-llvm and warden-llvm-fuel (the
# compiled tier, --tier llvm, without and with fuel metering; when the build has LLVM), warden-auto
# (the default tier, which moves to compiled code once a module's calls add up), node (V8 as it comes), node-no-liftoff (V8 with --no-liftoff: the
# optimising compiler only), wasm2c (wabt's wasm2c, its C compiled by gcc -O2), wasm-interp (wabt's
# interpreter). Each is used when its tools are present. BUILD (default: build) is the build
# directory that holds the warden tool and libwarden.a (`make build`). BASELINE_WARDEN, the path
# of another build's warden tool (an older commit's, say), adds the engine warden-base: that
# tool, run like warden, interleaved with it, so that a change is measured side by side (and
# warden-base-llvm, its compiled tier, when it has one).
#
# Exits 1 when a checksum differs from native code's or an engine fails, after writing the report.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/bench
RESULTS=$OUT/results
REPS=3
ONLY=
ENGINES=
RUN_MICRO=1
RUN_WORKLOADS=1
RUN_TIMEOUT=${BENCH_TIMEOUT:-600}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --only) ONLY=${2:?}; shift 2 ;;
    --engines) ENGINES=${2:?}; shift 2 ;;
    --reps) REPS=${2:?}; shift 2 ;;
    --no-micro) RUN_MICRO=0; shift ;;
    --no-workloads) RUN_WORKLOADS=0; shift ;;
    -h|--help) usage ;;
    *) echo "bench: unknown option $1" >&2; usage ;;
  esac
done
case $REPS in '' | *[!0-9]* | 0) echo "bench: --reps needs a positive number" >&2; exit 2 ;; esac

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
first_of() { for c in "$@"; do if have "$c"; then command -v "$c"; return 0; fi; done; return 1; }

# ---- tools ----------------------------------------------------------------------------------

WARDEN=$BUILD/warden
LIBWARDEN=$BUILD/libwarden.a
if [ ! -x "$WARDEN" ] || [ ! -f "$LIBWARDEN" ]; then
  die "no $WARDEN or $LIBWARDEN: run 'make build' first"
fi
CC_NATIVE=${CC_NATIVE:-gcc}
have "$CC_NATIVE" || die "$CC_NATIVE not found"
CLANG=${CLANG:-$(first_of clang-19 clang || true)}
NODE=$(first_of node nodejs || true)
WASM2C=$(first_of wasm2c || true)
WASM_INTERP=$(first_of wasm-interp || true)
WAT2WASM=$(first_of wat2wasm || true)
GNUPLOT=$(first_of gnuplot || true)
W2C_RT=
for d in /usr/share/wabt/wasm2c /usr/src/wasm2c /usr/local/share/wabt/wasm2c; do
  if [ -f "$d/wasm-rt-impl.c" ]; then W2C_RT=$d; break; fi
done
W2C_INCLUDE=
for d in /usr/include /usr/local/include "$W2C_RT"; do
  if [ -n "$d" ] && [ -f "$d/wasm-rt.h" ]; then W2C_INCLUDE=$d; break; fi
done

# Every engine that can run here, in table order; --engines keeps a subset.
ALL_ENGINES=(native)
if [ -n "$CLANG" ]; then
  ALL_ENGINES+=(warden warden-fuel)
  if "$WARDEN" run --tier llvm --invoke x /dev/null 2>&1 | grep -q "no compiled tier"; then
    say "bench: $WARDEN has no compiled tier: no warden-llvm columns"
  else
    ALL_ENGINES+=(warden-llvm warden-llvm-fuel warden-auto)
  fi
  if [ -n "${BASELINE_WARDEN:-}" ]; then
    [ -x "$BASELINE_WARDEN" ] || die "BASELINE_WARDEN: no executable $BASELINE_WARDEN"
    ALL_ENGINES+=(warden-base)
    if ! "$BASELINE_WARDEN" run --tier llvm --invoke x /dev/null 2>&1 | grep -q "no compiled tier"; then
      ALL_ENGINES+=(warden-base-llvm)
    fi
  fi
  [ -n "$NODE" ] && ALL_ENGINES+=(node node-no-liftoff)
  [ -n "$WASM2C" ] && [ -n "$W2C_RT" ] && [ -n "$W2C_INCLUDE" ] && ALL_ENGINES+=(wasm2c)
  [ -n "$WASM_INTERP" ] && ALL_ENGINES+=(wasm-interp)
else
  say "bench: clang-19 not found: no WebAssembly engine can run, native code only"
fi
MISSING=()
for e in warden warden-fuel warden-llvm warden-llvm-fuel warden-auto node node-no-liftoff wasm2c wasm-interp; do
  case " ${ALL_ENGINES[*]} " in *" $e "*) ;; *) MISSING+=("$e") ;; esac
done
if [ -n "$ENGINES" ]; then
  IFS=, read -r -a wanted <<<"$ENGINES"
  RUN_ENGINES=(native)
  for e in "${ALL_ENGINES[@]}"; do
    [ "$e" = native ] && continue
    for w in "${wanted[@]}"; do [ "$w" = "$e" ] && RUN_ENGINES+=("$e"); done
  done
  for w in "${wanted[@]}"; do
    case " ${ALL_ENGINES[*]} " in
      *" $w "*) ;;
      *) die "engine '$w' is unknown or not available here" ;;
    esac
  done
else
  RUN_ENGINES=("${ALL_ENGINES[@]}")
fi

# ---- workloads ------------------------------------------------------------------------------

NAMES=()
declare -A ROUNDS ROUNDS_WARDEN ROUNDS_INTERP
while read -r name n nw ni rest; do
  case $name in '' | '#'*) continue ;; esac
  if [ -n "$rest" ] || [ -z "$ni" ]; then die "bench/workloads/list: bad line for '$name'"; fi
  NAMES+=("$name")
  ROUNDS[$name]=$n
  ROUNDS_WARDEN[$name]=$nw
  ROUNDS_INTERP[$name]=$ni
done <"$ROOT/bench/workloads/list"
ALL_NAMES=("${NAMES[@]}")
if [ -n "$ONLY" ]; then
  IFS=, read -r -a wanted <<<"$ONLY"
  NAMES=()
  for w in "${wanted[@]}"; do
    [ -n "${ROUNDS[$w]:-}" ] || die "no workload '$w' in bench/workloads/list"
    NAMES+=("$w")
  done
fi
FULL_RUN=0
if [ -z "$ONLY" ] && [ -z "$ENGINES" ] && [ -z "${BASELINE_WARDEN:-}" ] && [ $RUN_MICRO = 1 ] &&
  [ $RUN_WORKLOADS = 1 ]; then
  FULL_RUN=1
fi

# Whether ENGINE can run WORKLOAD: Debian's wasm2c (wabt 1.0.32) aborts on SIMD modules.
supports() { # ENGINE WORKLOAD
  case "$1|$2" in wasm2c\|*_simd) return 1 ;; esac
  return 0
}

rounds_for() { # ENGINE WORKLOAD
  case $1 in
    warden | warden-fuel | warden-base) echo "${ROUNDS_WARDEN[$2]}" ;;
    wasm-interp) echo "${ROUNDS_INTERP[$2]}" ;;
    *) echo "${ROUNDS[$2]}" ;;
  esac
}

# ---- building -------------------------------------------------------------------------------

WL=$ROOT/bench/workloads
SUP=$ROOT/bench/support
CFLAGS_COMMON=(-O2 -ffp-contract=off -Wall -Wextra -Werror -I"$WL")
WASM_CFLAGS=(--target=wasm32-wasi -mbulk-memory -mnontrapping-fptoint -nostdlibinc "${CFLAGS_COMMON[@]}")
WASM_LDFLAGS=(--target=wasm32-wasi -nostdlib '-Wl,--no-entry' '-Wl,-z,stack-size=1048576')

run_logged() { # LOG COMMAND... : runs COMMAND with its output in LOG, shown on failure
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    die "failed: $*"
  fi
}

build_workloads() {
  mkdir -p "$OUT/native" "$OUT/wasm" "$OUT/wasm2c" "$OUT/log"
  local w
  run_logged "$OUT/log/timeit.log" "$CC_NATIVE" -O2 -std=c11 -Wall -Wextra -Werror \
    "$SUP/timeit.c" -o "$OUT/timeit"
  if [ -n "$CLANG" ]; then
    run_logged "$OUT/log/support.log" "$CLANG" "${WASM_CFLAGS[@]}" -fno-builtin \
      -c "$SUP/wasm_support.c" -o "$OUT/wasm/support.o"
  fi
  if [[ " ${RUN_ENGINES[*]} " == *" wasm2c "* ]]; then
    run_logged "$OUT/log/wasm-rt.log" "$CC_NATIVE" -O2 -I"$W2C_INCLUDE" -I"$W2C_RT" \
      -c "$W2C_RT/wasm-rt-impl.c" -o "$OUT/wasm2c/wasm-rt-impl.o"
  fi
  for w in "${NAMES[@]}"; do
    say "build $w"
    run_logged "$OUT/log/$w.native.log" "$CC_NATIVE" "${CFLAGS_COMMON[@]}" \
      "$WL/$w.c" "$SUP/native_main.c" -lm -o "$OUT/native/$w"
    [ -n "$CLANG" ] || continue
    local simd=()
    case $w in *_simd) simd=(-msimd128) ;; esac
    run_logged "$OUT/log/$w.wasm.log" "$CLANG" "${WASM_CFLAGS[@]}" "${simd[@]}" -c "$WL/$w.c" \
      -o "$OUT/wasm/$w.o"
    run_logged "$OUT/log/$w.link.log" "$CLANG" "${WASM_LDFLAGS[@]}" -Wl,--export=bench_run \
      "$OUT/wasm/$w.o" "$OUT/wasm/support.o" -o "$OUT/wasm/$w.wasm"
    if [[ " ${RUN_ENGINES[*]} " == *" wasm-interp "* ]]; then
      local n
      for n in "${ROUNDS_INTERP[$w]}" 0; do
        run_logged "$OUT/log/$w.main.log" "$CLANG" "${WASM_CFLAGS[@]}" -DBENCH_MAIN_ROUNDS="$n" \
          -c "$SUP/wasm_main.c" -o "$OUT/wasm/$w.main$n.o"
        run_logged "$OUT/log/$w.main.log" "$CLANG" "${WASM_LDFLAGS[@]}" -Wl,--export=bench_main \
          "$OUT/wasm/$w.o" "$OUT/wasm/$w.main$n.o" "$OUT/wasm/support.o" -o "$OUT/wasm/$w.main$n.wasm"
      done
    fi
    if [[ " ${RUN_ENGINES[*]} " == *" wasm2c "* ]] && supports wasm2c "$w"; then
      local d=$OUT/wasm2c/$w names=()
      mkdir -p "$d"
      run_logged "$OUT/log/$w.wasm2c.log" "$WASM2C" "$OUT/wasm/$w.wasm" -n bench -o "$d/bench_w2c.c"
      if grep -q 'Z_benchZ_bench_run' "$d/bench_w2c.h"; then names=(-DBENCH_W2C_OLD_NAMES); fi
      run_logged "$OUT/log/$w.wasm2c.log" "$CC_NATIVE" -O2 -ffp-contract=off -I"$d" \
        -I"$W2C_INCLUDE" -I"$W2C_RT" -c "$d/bench_w2c.c" -o "$d/bench_w2c.o"
      run_logged "$OUT/log/$w.wasm2c.log" "$CC_NATIVE" "${CFLAGS_COMMON[@]}" "${names[@]}" -I"$d" \
        -I"$W2C_INCLUDE" -I"$W2C_RT" -c "$SUP/wasm2c_main.c" -o "$d/main.o"
      run_logged "$OUT/log/$w.wasm2c.log" "$CC_NATIVE" "$d/main.o" "$d/bench_w2c.o" \
        "$OUT/wasm2c/wasm-rt-impl.o" -lm -o "$d/run"
    fi
  done
}

# ---- running --------------------------------------------------------------------------------

# Sets CMD to the command that runs WORKLOAD for ROUNDS rounds in ENGINE.
engine_cmd() { # ENGINE WORKLOAD ROUNDS
  local e=$1 w=$2 n=$3
  case $e in
    native) CMD=("$OUT/native/$w" "$n") ;;
    warden) CMD=("$WARDEN" run --tier interp --invoke bench_run "$OUT/wasm/$w.wasm" "$n") ;;
    # Fuel metering on, with a budget that never runs out: the cost of metering alone.
    warden-fuel) CMD=("$WARDEN" run --tier interp --fuel 9223372036854775807 --invoke bench_run "$OUT/wasm/$w.wasm" "$n") ;;
    warden-llvm) CMD=("$WARDEN" run --tier llvm --invoke bench_run "$OUT/wasm/$w.wasm" "$n") ;;
    warden-llvm-fuel) CMD=("$WARDEN" run --tier llvm --fuel 9223372036854775807 --invoke bench_run "$OUT/wasm/$w.wasm" "$n") ;;
    # The default tier, compiling in the background on its own (no cache): its compile's CPU
    # counts in the rounds' time.
    warden-auto) CMD=("$WARDEN" run --no-cache --invoke bench_run "$OUT/wasm/$w.wasm" "$n") ;;
    warden-base) CMD=("$BASELINE_WARDEN" run --tier interp --invoke bench_run "$OUT/wasm/$w.wasm" "$n") ;;
    warden-base-llvm) CMD=("$BASELINE_WARDEN" run --tier llvm --invoke bench_run "$OUT/wasm/$w.wasm" "$n") ;;
    node) CMD=("$NODE" "$ROOT/bench/peers/run.mjs" "$OUT/wasm/$w.wasm" "$n") ;;
    node-no-liftoff) CMD=("$NODE" --no-liftoff "$ROOT/bench/peers/run.mjs" "$OUT/wasm/$w.wasm" "$n") ;;
    wasm2c) CMD=("$OUT/wasm2c/$w/run" "$n") ;;
    wasm-interp) CMD=("$WASM_INTERP" "$OUT/wasm/$w.main$n.wasm" --run-all-exports) ;;
  esac
}

# Prints the checksum in ENGINE's output FILE as an unsigned decimal, or nothing.
checksum_of() { # ENGINE FILE
  local v
  if [ "$1" = wasm-interp ]; then
    v=$(sed -n 's/^bench_main() => i64:\([0-9-]*\)$/\1/p' "$2")
  else
    v=$(sed -n '1{/^-\{0,1\}[0-9][0-9]*$/p}' "$2")
  fi
  [ -n "$v" ] && printf '%u\n' "$v"
  return 0
}

declare -A SAMPLES WALL EXPECTED STATUS
RECORD=1
# Runs ENGINE on WORKLOAD for ROUNDS rounds once and checks the checksum against native code's;
# with RECORD=1, appends its CPU time and wall-clock time (s) to SAMPLES and WALL and to
# samples.tsv.
run_once() { # ENGINE WORKLOAD ROUNDS
  local e=$1 w=$2 n=$3 key="$1|$2|$3" out=$OUT/log/run.out err=$OUT/log/run.err
  local times=$OUT/log/run.time rc=0
  engine_cmd "$e" "$w" "$n"
  "$OUT/timeit" "$RUN_TIMEOUT" "$times" "${CMD[@]}" >"$out" 2>"$err" || rc=$?
  local sum
  sum=$(checksum_of "$e" "$out")
  if [ $rc -ne 0 ] || [ -z "$sum" ]; then
    local why
    why=$(head -c 300 "$err" "$out" 2>/dev/null | tr '\n' ' ')
    [ $rc -eq 124 ] && why="timed out after ${RUN_TIMEOUT}s"
    say "bench: FAILED: $e $w $n (exit $rc): $why"
    STATUS[$e|$w]="failed"
    return
  fi
  if [ "$e" = native ]; then
    EXPECTED[$w|$n]=$sum
  elif [ "${EXPECTED[$w|$n]:-}" != "$sum" ]; then
    say "bench: CHECKSUM MISMATCH: $e $w $n gave $sum, native code ${EXPECTED[$w|$n]:-(none)}"
    STATUS[$e|$w]="mismatch"
  fi
  [ $RECORD = 1 ] || return 0
  local wall user sys cpu
  read -r wall user sys <"$times"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.6f", u + s }')
  SAMPLES[$key]="${SAMPLES[$key]:-} $cpu"
  WALL[$key]="${WALL[$key]:-} $wall"
  printf '%s\t%s\t%s\t%s\t%s\n' "$w" "$e" "$n" "$cpu" "$wall" >>"$RESULTS/samples.tsv"
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END {
  if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

run_workloads() {
  : >"$RESULTS/samples.tsv"
  local w e n
  for w in "${NAMES[@]}"; do
    # The checksums to compare with: native code at every round count any engine runs.
    RECORD=0
    for n in 0 "${ROUNDS_WARDEN[$w]}" "${ROUNDS_INTERP[$w]}"; do
      if [ -z "${EXPECTED[$w|$n]:-}" ]; then run_once native "$w" "$n"; fi
    done
    RECORD=1
    SAMPLES=()
    WALL=()
    for ((rep = 1; rep <= REPS; rep++)); do
      for e in "${RUN_ENGINES[@]}"; do
        [ "${STATUS[$e|$w]:-}" = failed ] && continue
        supports "$e" "$w" || continue
        n=$(rounds_for "$e" "$w")
        say "run $w: $e, $n rounds and 0 rounds (repetition $rep of $REPS)"
        run_once "$e" "$w" 0
        [ "${STATUS[$e|$w]:-}" = failed ] && continue
        run_once "$e" "$w" "$n"
      done
    done
    for e in "${RUN_ENGINES[@]}"; do
      supports "$e" "$w" || continue
      n=$(rounds_for "$e" "$w")
      local t t0 wall wall0
      t=$(median <<<"${SAMPLES[$e|$w|$n]:-}")
      t0=$(median <<<"${SAMPLES[$e|$w|0]:-}")
      wall=$(median <<<"${WALL[$e|$w|$n]:-}")
      wall0=$(median <<<"${WALL[$e|$w|0]:-}")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$e" "$n" "${ROUNDS[$w]}" "${t:--}" \
        "${t0:--}" "${STATUS[$e|$w]:-ok}" "${wall:--}" "${wall0:--}" >>"$RESULTS/summary.tsv"
    done
  done
}

# ---- micro-benchmarks -----------------------------------------------------------------------

run_micro() {
  [ -n "$WAT2WASM" ] || { say "bench: wat2wasm not found: no micro-benchmarks"; return; }
  [ -n "$CLANG" ] || { say "bench: clang-19 not found: no micro-benchmarks"; return; }
  mkdir -p "$OUT/micro"
  say "build micro"
  run_logged "$OUT/log/micro.log" "$WAT2WASM" "$ROOT/bench/micro/small.wat" -o "$OUT/micro/small.wasm"
  run_logged "$OUT/log/micro.log" "$WAT2WASM" "$ROOT/bench/micro/hostcall.wat" -o "$OUT/micro/hostcall.wasm"
  # The corpus: every workload in one module, each bench_run renamed.
  local objs=() exports=() w
  for w in "${ALL_NAMES[@]}"; do
    run_logged "$OUT/log/micro.log" "$CLANG" "${WASM_CFLAGS[@]}" -Dbench_run="bench_run_$w" \
      -c "$WL/$w.c" -o "$OUT/micro/$w.o"
    objs+=("$OUT/micro/$w.o")
    exports+=("-Wl,--export=bench_run_$w")
  done
  run_logged "$OUT/log/micro.log" "$CLANG" "${WASM_CFLAGS[@]}" -fno-builtin \
    -c "$SUP/wasm_support.c" -o "$OUT/micro/support.o"
  run_logged "$OUT/log/micro.log" "$CLANG" "${WASM_LDFLAGS[@]}" "${exports[@]}" "${objs[@]}" \
    "$OUT/micro/support.o" -o "$OUT/micro/corpus.wasm"
  run_logged "$OUT/log/micro.log" "$CC_NATIVE" -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
    -I"$ROOT/include" "$ROOT/bench/micro/micro.c" "$LIBWARDEN" -lm -lpthread -o "$OUT/micro/micro"
  say "run micro"
  if ! "$OUT/micro/micro" "$OUT/micro/small.wasm" "$OUT/micro/hostcall.wasm" \
    "$OUT/micro/corpus.wasm" >"$RESULTS/micro.tsv"; then
    say "bench: FAILED: micro-benchmarks"
    MICRO_FAILED=1
  fi
}

# ---- the report -----------------------------------------------------------------------------

version_of() { # COMMAND...: the first line of its version output, or "absent"
  local v=
  if [ -n "$1" ]; then v=$("$@" 2>&1 | head -n 1) || true; fi
  echo "${v:-absent}"
}

write_report() {
  local md=$RESULTS/latest.md
  local cpu mem os load_end commit
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  os=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | head -n 1)" ]; then
    commit="$commit (with local changes)"
  fi

  {
    echo "# warden benchmarks: latest run"
    echo
    echo "Made by \`make bench\` (\`bench/run.sh\`); docs/performance.md explains the method."
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
    echo "| machine | ${cpu:-unknown CPU}, $(nproc) cores, $mem, $(uname -srm) |"
    echo "| system | ${os:-unknown} |"
    echo "| load average (1, 5, 15 min) | at start $LOAD_START; at end $load_end |"
    echo "| warden | $("$WARDEN" --version 2>&1 | head -n 1), commit $commit, $(basename "$BUILD")/ |"
    echo "| gcc | $(version_of "$CC_NATIVE" --version) |"
    echo "| clang | $(version_of "$CLANG" --version) |"
    echo "| node | $(version_of "$NODE" --version) |"
    echo "| wabt (wasm2c, wasm-interp) | $(version_of "$WASM2C" --version) |"
    echo "| repetitions | $REPS per engine and round count, interleaved |"
    if [ ${#MISSING[@]} -gt 0 ]; then echo "| engines not found | ${MISSING[*]} |"; fi
    echo
    if [ -s "$RESULTS/summary.tsv" ]; then
      echo "## Workloads: time per round relative to native code (lower is better)"
      echo
      awk -F'\t' -v engines="${RUN_ENGINES[*]}" -f "$ROOT/bench/report.awk" "$RESULTS/summary.tsv"
    fi
    if [ -s "$RESULTS/micro.tsv" ]; then
      echo
      echo "## Micro-benchmarks (warden)"
      echo
      echo "| measure | value | what |"
      echo "|---|---:|---|"
      awk -F'\t' '{ printf "| %s | %s %s | %s |\n", $1, $2, $3, $4 }' "$RESULTS/micro.tsv"
    fi
  } >"$md"

  # The plot's data: one row per workload, one column per engine other than native.
  if [ -s "$RESULTS/summary.tsv" ]; then
    awk -F'\t' -v engines="${RUN_ENGINES[*]}" -v plot=1 -f "$ROOT/bench/report.awk" \
      "$RESULTS/summary.tsv" >"$RESULTS/latest.dat"
    if [ -n "$GNUPLOT" ] && [ ${#RUN_ENGINES[@]} -gt 1 ]; then
      local term columns
      columns=$(head -n 1 "$RESULTS/latest.dat" | awk -F'\t' '{ print NF }')
      for term in png svg; do
        local vars="data='$RESULTS/latest.dat'; out='$RESULTS/latest.$term'; kind='$term'"
        if ! "$GNUPLOT" -e "$vars; columns=$columns" "$ROOT/bench/plot.gp" \
          2>"$OUT/log/gnuplot.log"; then
          cat "$OUT/log/gnuplot.log" >&2
          say "bench: gnuplot failed: no $term plot"
        fi
      done
    elif [ -z "$GNUPLOT" ]; then
      say "bench: gnuplot not found: no plot"
    fi
  fi
}

# ---- main -----------------------------------------------------------------------------------

mkdir -p "$RESULTS" "$OUT/log"
rm -f "$RESULTS"/latest.* "$RESULTS/summary.tsv" "$RESULTS/micro.tsv"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
MICRO_FAILED=0
say "bench: engines: ${RUN_ENGINES[*]}${MISSING[*]:+ (not found: ${MISSING[*]})}"
if [ $RUN_WORKLOADS = 1 ]; then
  build_workloads
  run_workloads
fi
if [ $RUN_MICRO = 1 ]; then run_micro; fi
write_report

if [ $FULL_RUN = 1 ]; then
  mkdir -p "$ROOT/bench/results"
  for f in latest.md latest.png latest.svg; do
    if [ -f "$RESULTS/$f" ]; then cp "$RESULTS/$f" "$ROOT/bench/results/$f"; fi
  done
  say "bench: wrote bench/results/latest.md (and the plot)"
fi
cat "$RESULTS/latest.md"
say "bench: all results in ${RESULTS#"$ROOT"/}/"

bad=$(awk -F'\t' '$7 != "ok"' "$RESULTS/summary.tsv" 2>/dev/null | wc -l)
if [ "$bad" -gt 0 ] || [ $MICRO_FAILED = 1 ]; then
  say "bench: FAILURES OR CHECKSUM MISMATCHES: see the table"
  exit 1
fi
