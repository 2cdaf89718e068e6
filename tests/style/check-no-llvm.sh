#!/usr/bin/env bash
# The library and the command as a build without the compiled tier sees them
# (-DWARDEN_LLVM=OFF: no WARDEN_HAVE_LLVM, no src/llvm/): every source is compiled with the
# project's warnings as errors, syntax only, so that code written for builds with LLVM (a
# variable only the compiled tier reads, say) cannot break the build without it unseen. The
# optimiser's warnings (-O3's) are not checked: that needs a build.
#
#   check-no-llvm.sh CC SOURCE_DIR
set -euo pipefail
cc=${1:?usage: check-no-llvm.sh CC SOURCE_DIR}
root=${2:?usage: check-no-llvm.sh CC SOURCE_DIR}
cd "$root"
shopt -s nullglob
files=(src/{util,isa,binary,compile,object,exec,runtime,sched,wasi,component,cli}/*.c)
[ ${#files[@]} -gt 0 ] || { echo "check-no-llvm: no sources under $root/src" >&2; exit 1; }
printf '%s\0' "${files[@]}" |
  xargs -0 -n 16 "$cc" -std=c11 -fsyntax-only -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Isrc
echo "check-no-llvm: ${#files[@]} files compile without the compiled tier"
