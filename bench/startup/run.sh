#!/usr/bin/env bash
# Start-up of a big module: builds it (build-module.sh: C written by gen.py, clang-19 -O2 for
# wasm32) and runs bench_startup on it, which prints the time from the bytes in memory to the
# first call's result with functions lowered eagerly and lazily (bench_startup.c says how).
#
#   bench/startup/run.sh [BUILD_DIR]        (default: build/ at the repository's root)
#
# Environment: NFUNCS (functions in the module, default 12000: about 30 MB of code), SEED
# (default 1), REPS (default 5), JOBS (parallel compilations, default 2), CLANG (default
# clang-19). The module is kept in BUILD_DIR/bench-startup/ and built again only when gen.py
# changes. A benchmark, not a test: it asserts nothing about speed.
#
# In a build with LLVM it then runs bench_compiled on a smaller module of the same kind
# (LLVM_NFUNCS functions, default 1500: about 4 MB), which the compiled tier compiles into an
# empty code cache and then starts from that cache and from a .cwasm (bench_compiled.c); set
# LLVM_NFUNCS=0 to skip it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
nfuncs=${NFUNCS:-12000}
seed=${SEED:-1}
reps=${REPS:-5}

if [ ! -x "$build/bench/startup/bench_startup" ]; then
  echo "bench-startup: no $build/bench/startup/bench_startup: run 'make build' first" >&2
  exit 1
fi
wasm=$(bash "$root/bench/startup/build-module.sh" "$build/bench-startup" "$nfuncs" "$seed")
code=$(wasm-objdump -h "$wasm" 2>/dev/null | sed -n 's/.*Code start=[^ ]* end=[^ ]* (size=\(0x[0-9a-f]*\)).*/\1/p')
if [ -n "$code" ]; then
  echo "code section: $((code)) bytes, $nfuncs generated functions"
fi
echo "machine: $(nproc) online CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
"$build/bench/startup/bench_startup" "$wasm" "$reps"

llvm_nfuncs=${LLVM_NFUNCS:-1500}
if [ -x "$build/bench/startup/bench_compiled" ] && [ "$llvm_nfuncs" -gt 0 ]; then
  wasm=$(bash "$root/bench/startup/build-module.sh" "$build/bench-startup" "$llvm_nfuncs" "$seed")
  code=$(wasm-objdump -h "$wasm" 2>/dev/null | sed -n 's/.*Code start=[^ ]* end=[^ ]* (size=\(0x[0-9a-f]*\)).*/\1/p')
  echo
  echo "compiled tier: code section $((code)) bytes, $llvm_nfuncs generated functions"
  cache=$(mktemp -d)
  trap 'rm -rf "$cache"' EXIT
  "$build/bench/startup/bench_compiled" "$wasm" "$cache/code" "$reps"
fi
