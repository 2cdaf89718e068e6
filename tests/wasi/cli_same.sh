#!/usr/bin/env bash
# `warden run` against a native build of the same C program: same standard output, same status.
#
#   cli_same.sh WARDEN NATIVE_EXE PROGRAM.wasm
#
# Both run in fresh copies of one directory (file.txt, sub/inner.txt, empty/): the native program
# there as its working directory, the WASI one with it granted as ".". Exits 77 (skipped) while
# `warden run` has no --dir option.
set -u
warden=$1 native=$2 wasm=$3
if ! "$warden" run --help 2>&1 | grep -q -- '--dir'; then
    echo "warden run has no --dir option yet: skipped"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/warden-cli-same.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
for d in native wasi; do
    mkdir -p "$tmp/$d/sub" "$tmp/$d/empty"
    printf 'hello\n' >"$tmp/$d/file.txt"
    printf 'inner\n' >"$tmp/$d/sub/inner.txt"
done
(cd "$tmp/native" && env -i COLOR=blue EMPTY= "$native" alpha "two words") >"$tmp/native.out"
native_status=$?
(cd "$tmp" && HOME=/nowhere "$warden" run --dir "$tmp/wasi::." --env COLOR=blue --env EMPTY= \
    "$wasm" alpha "two words") >"$tmp/wasi.out"
wasi_status=$?
if [ "$native_status" != "$wasi_status" ]; then
    echo "FAIL: native exit status $native_status, warden run $wasi_status"
    exit 1
fi
if ! diff -u "$tmp/native.out" "$tmp/wasi.out"; then
    echo "FAIL: the standard outputs differ"
    exit 1
fi
echo "same output, status $wasi_status"
