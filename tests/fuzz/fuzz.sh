#!/usr/bin/env bash
# `make fuzz`: runs each fuzz target for a while and reports what it did.
#   fuzz.sh BUILD_DIR OUT_DIR SECONDS TARGET...
# For each TARGET, OUT_DIR/TARGET/ holds:
#   corpus/     the inputs libFuzzer found worth keeping (kept between runs; the seeds in the
#               repository and those made at build time are read too, never written)
#   findings/   inputs that crashed, leaked, timed out or diverged (crash-*, leak-*, timeout-*)
#   log.txt     libFuzzer's output
# A finding ends a libFuzzer run: the target is started again until its SECONDS are used up (at most
# 5 findings a target, which are almost always one bug found again). Prints one line per target:
# executions, executions per second, coverage (libFuzzer's cov: edges, ft: features), corpus size
# and findings. Exits 1 when anything was found.
set -u
build=$1 out=$2 seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
fuzzdir=$build/tests/fuzz
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for s in llvm-symbolizer-19 llvm-symbolizer; do
  if command -v $s >/dev/null; then export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v $s)}; break; fi
done

summary=()
status=0
for target in "$@"; do
  bin=$fuzzdir/$target
  if [ ! -x "$bin" ]; then
    echo "fuzz.sh: $bin is missing (configure with -DWARDEN_FUZZ=ON and clang)" >&2
    exit 2
  fi
  dir=$out/$target
  mkdir -p "$dir/corpus" "$dir/findings"
  seeds=("$here/corpus/$target")
  extra=()
  if [ "$target" = fuzz_validate ]; then
    seeds=("$fuzzdir/seeds/fuzz_validate" "$fuzzdir/seeds/spec")
  elif [ "$target" = fuzz_component ]; then
    seeds=("$fuzzdir/seeds/fuzz_component")
  elif [ "$target" = fuzz_exec ]; then
    seeds+=("$fuzzdir/seeds/fuzz_exec")
    extra=(-max_len=16384) # translate-to-fuzz makes more functions from more bytes
  fi
  existing=()
  for d in "${seeds[@]}"; do [ -d "$d" ] && existing+=("$d"); done
  findings_before=$(ls "$dir/findings" | wc -l)
  : > "$dir/log.txt"
  start=$(date +%s)
  execs=0 runs=0 cov=? ft=? corp=?
  while :; do
    now=$(date +%s)
    left=$((seconds - (now - start)))
    [ "$left" -ge 1 ] || break
    [ "$runs" -lt 6 ] || break
    runs=$((runs + 1))
    echo "== $target: libFuzzer run $runs, $left s" >> "$dir/log.txt"
    from=$(($(wc -l < "$dir/log.txt") + 1))
    "$bin" -max_total_time="$left" -timeout=60 -print_final_stats=1 -dict="$here/$target.dict" "${extra[@]}" \
      -artifact_prefix="$dir/findings/" "$dir/corpus" "${existing[@]}" >> "$dir/log.txt" 2>&1
    rc=$?
    n=$(tail -n +"$from" "$dir/log.txt" | grep 'stat::number_of_executed_units' | tail -1 |
        awk '{print $2}')
    if [ -z "$n" ]; then # no final statistics (a crash): the last status line's count
      n=$(tail -n +"$from" "$dir/log.txt" | grep -E '^#[0-9]+' | tail -1 | sed -E 's/^#([0-9]+).*/\1/')
    fi
    execs=$((execs + ${n:-0}))
    line=$(tail -n +"$from" "$dir/log.txt" | grep -E '^#[0-9]+.*cov: ' | tail -1)
    if [ -n "$line" ]; then
      cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<< "$line")
      ft=$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<< "$line")
      corp=$(sed -E 's/.*corp: ([0-9]+\/[0-9A-Za-z]+).*/\1/' <<< "$line")
    fi
    [ "$rc" -eq 0 ] && break
    [ "$(ls "$dir/findings" | wc -l)" -lt $((findings_before + 5)) ] || break
  done
  elapsed=$(( $(date +%s) - start ))
  [ "$elapsed" -gt 0 ] || elapsed=1
  found=$(( $(ls "$dir/findings" | wc -l) - findings_before ))
  [ "$found" -eq 0 ] || status=1
  verdict="nothing found"
  [ "$found" -eq 0 ] || verdict="$found FOUND in $dir/findings"
  summary+=("$(printf '%-14s %6ss %10s execs %8s exec/s  cov %-6s ft %-6s corpus %-12s %s' \
    "$target" "$elapsed" "$execs" "$((execs / elapsed))" "$cov" "$ft" "$corp" "$verdict")")
  echo "${summary[-1]}"
done
echo
echo "fuzz summary ($seconds s a target; logs and findings under $out/):"
printf '  %s\n' "${summary[@]}"
exit $status
