#!/usr/bin/env bash
# Makes seed modules for the fuzz targets that read .wasm, at build time (no binary is kept in the
# repository):
#   make-seeds.sh wat OUT_DIR WAT2WASM FILE.wat...
#       every .wat to OUT_DIR/<parent dir>_<stem>.wasm, without validation (invalid fixtures too)
#   make-seeds.sh random OUT_DIR COUNT SIZE
#       COUNT files of SIZE pseudo-random bytes, the same on every build (bash's RANDOM, seeded):
#       translate-to-fuzz makes richer modules from high-entropy input than from text
#   make-seeds.sh spec OUT_DIR WAST2JSON SUITE_DIR
#       every module of the spec suite's .wast scripts (wast2json), at most 16 KiB each, one copy
#       of each distinct module
# OUT_DIR is emptied first. Scripts or fixtures that the tools cannot read are skipped.
set -u
mode=$1 out=$2 tool=$3
shift 3
rm -rf "$out"
mkdir -p "$out"
case $mode in
  wat)
    for wat in "$@"; do
      stem=$(basename "$(dirname "$wat")")_$(basename "$wat" .wat)
      "$tool" --no-check "$wat" -o "$out/$stem.wasm" 2>/dev/null || rm -f "$out/$stem.wasm"
    done
    ;;
  random)
    count=$tool size=$1
    for ((i = 1; i <= count; i++)); do
      RANDOM=$i
      hex=""
      for ((k = 0; k < size; k++)); do
        printf -v byte '\\x%02x' $((RANDOM & 255))
        hex+=$byte
      done
      printf "$hex" > "$out/random_$i"
    done
    ;;
  spec)
    suite=$1
    [ -d "$suite" ] || exit 0
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    for wast in "$suite"/*.wast; do
      name=$(basename "$wast" .wast)
      "$tool" "$wast" -o "$tmp/$name.json" 2>/dev/null || true
    done
    declare -A seen
    for wasm in "$tmp"/*.wasm; do
      [ -f "$wasm" ] || continue
      [ "$(stat -c %s "$wasm")" -le 16384 ] || continue
      sum=$(md5sum < "$wasm")
      sum=${sum%% *}
      [ -z "${seen[$sum]:-}" ] || continue
      seen[$sum]=1
      mv "$wasm" "$out/$(basename "$wasm")"
    done
    ;;
  *)
    echo "make-seeds.sh: unknown mode $mode" >&2
    exit 2
    ;;
esac
