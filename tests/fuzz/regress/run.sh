#!/usr/bin/env bash
# A regression test from a fuzz finding: a .wat module and, in its comments, the calls to make and
# what each must print.
#   run.sh WARDEN WAT2WASM FILE.wat
# Directives (each on its own line, anywhere in the file):
#   ;; RUN: NAME [ARGS...]        call the export NAME (warden run --invoke NAME FILE.wasm ARGS)
#   ;; EXPECT: TEXT               the next line its standard output must hold (one per result)
#   ;; EXPECT-TRAP: KIND          it must trap with KIND (warden: trap: KIND, exit status 134)
# Each RUN is a fresh instance. Every difference is printed; the test fails if there is one.
set -u
warden=$1 wat2wasm=$2 wat=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm=$tmp/module.wasm
if ! "$wat2wasm" "$wat" -o "$wasm"; then
  echo "FAIL: $wat does not assemble" >&2
  exit 1
fi

failures=0
runs=0
check() { # the RUN collected so far
  [ -n "${name:-}" ] || return 0
  runs=$((runs + 1))
  local out err status
  out=$("$warden" run --invoke "$name" "$wasm" "${args[@]}" 2>"$tmp/err")
  status=$?
  err=$(head -1 "$tmp/err")
  if [ -n "$trap_kind" ]; then
    if [ "$status" -ne 134 ] || [ "$err" != "warden: trap: $trap_kind" ]; then
      echo "FAIL: $name ${args[*]}: expected the trap $trap_kind, got status $status: $err" >&2
      [ -z "$out" ] || echo "  stdout: $out" >&2
      failures=$((failures + 1))
    fi
  elif [ "$status" -ne 0 ] || [ "$out" != "$expect" ]; then
    echo "FAIL: $name ${args[*]}: expected" >&2
    printf '%s\n' "$expect" | sed 's/^/    /' >&2
    echo "  got (status $status):" >&2
    printf '%s\n' "$out" | sed 's/^/    /' >&2
    [ -z "$err" ] || echo "  stderr: $err" >&2
    failures=$((failures + 1))
  fi
}

name=""
while IFS= read -r line; do
  case $line in
    *";; RUN: "*)
      check
      read -r -a words <<< "${line#*;; RUN: }"
      name=${words[0]}
      args=("${words[@]:1}")
      expect=""
      trap_kind=""
      first=1
      ;;
    *";; EXPECT: "*)
      text=${line#*;; EXPECT: }
      if [ "$first" = 1 ]; then expect=$text; first=0; else expect+=$'\n'"$text"; fi
      ;;
    *";; EXPECT-TRAP: "*)
      trap_kind=${line#*;; EXPECT-TRAP: }
      ;;
  esac
done < "$wat"
check

if [ "$runs" -eq 0 ]; then
  echo "FAIL: $wat has no ';; RUN:' line" >&2
  exit 1
fi
[ "$failures" -eq 0 ] || exit 1
echo "$runs calls as expected"
