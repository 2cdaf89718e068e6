#!/usr/bin/env bash
# Builds the start-up benchmark's big module: C written by gen.py, compiled for wasm32 by
# clang-19 -O2, JOBS files at a time. Kept between runs: a module already built for the same
# NFUNCS and SEED is not built again.
#
#   bench/startup/build-module.sh OUTDIR [NFUNCS] [SEED]      (default 12000 functions, seed 1)
#
# Prints the module's path. Environment: CLANG (default clang-19), JOBS (default 2),
# WASI_SYSROOT (default /usr).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: build-module.sh OUTDIR [NFUNCS] [SEED]}
nfuncs=${2:-12000}
seed=${3:-1}
clang=${CLANG:-clang-19}
jobs=${JOBS:-2}
sysroot=${WASI_SYSROOT:-/usr}
python=${PYTHON:-python3}

src=$out/src-$nfuncs-$seed
wasm=$out/big-$nfuncs-$seed.wasm
if [ -f "$wasm" ] && [ "$wasm" -nt "$here/gen.py" ]; then
  echo "$wasm"
  exit 0
fi
command -v "$clang" >/dev/null || { echo "build-module: $clang not found" >&2; exit 1; }
mkdir -p "$src"
"$python" "$here/gen.py" "$src" "$nfuncs" "$seed"
echo "build-module: compiling $nfuncs functions with $clang -O2 ($jobs at a time)" >&2
export clang sysroot src
(cd "$src" && ls funcs_*.c main.c) |
  xargs -P "$jobs" -I{} sh -c \
    '"$clang" --target=wasm32-wasi --sysroot="$sysroot" -O2 -c "$src/{}" -o "$src/{}.o"'
# Linked without -O: clang would then run binaryen's wasm-opt over the whole program, which
# inlines and folds away what a program's first call does not reach. Every function is kept,
# reached or not, as in a real program; no C library: the module imports nothing.
"$clang" --target=wasm32-wasi -nostdlib -Wl,--no-entry -Wl,--no-gc-sections -o "$wasm.tmp" \
  "$src"/*.c.o
mv "$wasm.tmp" "$wasm"
echo "$wasm"
