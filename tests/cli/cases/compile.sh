# shellcheck shell=bash
# `warden compile` writes a .cwasm that `warden run` runs without compiling, and refuses for
# another configuration; `warden run --tier llvm --cache DIR` keeps the code and reuses it, and
# compiles again over an entry that is damaged. (Builds with LLVM only.)
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
loops=$WASM_DIR/loops.wasm
cwasm=$cli_tmp/loops.cwasm

run_warden compile "$loops" -o "$cwasm"
expect_status 0
expect_stdout ""
expect_stderr </dev/null

# The default tier runs it, --tier llvm too, with the same results, traps and backtraces.
for tier in "" "--tier llvm"; do
    # shellcheck disable=SC2086
    run_warden run $tier --stats --invoke count "$cwasm" 10
    expect_status 0
    expect_stdout 55
    expect_stderr <<EOF2
$(WARDEN_TEST_TIER=llvm stats_lines none 0 0 0 0 0 0 0 1)
EOF2
    # shellcheck disable=SC2086
    run_warden run $tier --invoke fail "$cwasm"
    expect_status 134
    expect_stderr <<EOF2
warden: trap: unreachable
  #0 func[4] fail
EOF2
done

# Made without fuel metering: a run with --fuel refuses it, saying why; so does the interpreter.
run_warden run --fuel 1000 --invoke count "$cwasm" 10
expect_status 1
expect_stderr <<EOF2
warden: error: $cwasm: compiled module: made for another engine configuration (fuel metering or its costs differ)
EOF2
run_warden run --tier interp --invoke count "$cwasm" 10
expect_status 1
expect_stderr <<EOF2
warden: error: $cwasm: compiled module: this engine's tier (interp) runs no native code
EOF2

# With --fuel, the code meters fuel exactly as the interpreter does: 9n + 1.
run_warden compile --fuel "$loops" -o "$cwasm"
expect_status 0
run_warden run --fuel 1000 --stats --invoke count "$cwasm" 10
expect_status 0
expect_stdout 55
expect_stderr <<EOF2
$(WARDEN_TEST_TIER=llvm stats_lines none 91 0 0 0 0 0 0 1)
EOF2

# Damaged: refused, not run.
printf '\377' | dd of="$cwasm" bs=1 seek=300 conv=notrunc status=none
run_warden run --fuel 1000 --invoke count "$cwasm" 10
expect_status 1
expect_stderr <<EOF2
warden: error: $cwasm:0: compiled module: damaged (checksum)
EOF2

# Usage errors.
run_warden compile "$loops"
expect_status 2
run_warden compile -o "$cwasm"
expect_status 2
run_warden compile --bogus "$loops" -o "$cwasm"
expect_status 2
run_warden compile "$WASM_DIR/missing.wasm" -o "$cwasm"
expect_status 1

# The code cache: the first run compiles and keeps an entry, the second uses it (the file is not
# written again), and a damaged entry is compiled again and replaced.
cache=$cli_tmp/codecache
run_warden run --tier llvm --cache "$cache" --invoke count "$loops" 100
expect_status 0
expect_stdout 5050
entry=$(find "$cache" -name '*.wcode')
[ "$(echo "$entry" | wc -l)" -eq 1 ] && [ -f "$entry" ] || cli_fail "no single cache entry: '$entry'"
inode=$(stat -c %i "$entry")
run_warden run --tier llvm --cache "$cache" --invoke count "$loops" 100
expect_status 0
expect_stdout 5050
[ "$(stat -c %i "$entry")" = "$inode" ] || cli_fail "a cache hit wrote the entry again"
size=$(stat -c %s "$entry")
printf '\377\377\377\377' | dd of="$entry" bs=1 seek=$((size / 2)) conv=notrunc status=none
run_warden run --tier llvm --cache "$cache" --invoke count "$loops" 100
expect_status 0
expect_stdout 5050
[ "$(stat -c %i "$entry")" != "$inode" ] || cli_fail "a damaged entry was not replaced"
# --no-cache neither reads nor writes; without --cache the default is under XDG_CACHE_HOME.
rm -rf "$cache"
run_warden run --tier llvm --no-cache --invoke count "$loops" 3
expect_stdout 6
[ ! -e "$cache" ] && [ ! -e "$XDG_CACHE_HOME/warden" ] || cli_fail "--no-cache wrote a cache"
run_warden run --tier llvm --invoke count "$loops" 3
expect_stdout 6
[ "$(find "$XDG_CACHE_HOME/warden" -name '*.wcode' | wc -l)" -eq 1 ] ||
    cli_fail "no entry in the default cache"
# The default tier (auto) runs the code the cache holds from the start; --tier interp does not.
run_warden run --stats --invoke count "$loops" 3
expect_stdout 6
expect_stderr_line "warden: stats: tier=llvm"
if [ -z "${WARDEN_TEST_TIER:-}" ]; then
    run_warden run --tier interp --stats --invoke count "$loops" 3
    expect_stdout 6
    expect_stderr_line "warden: stats: tier=interp"
fi
# The interpreter keeps nothing.
rm -rf "$XDG_CACHE_HOME/warden"
run_warden run --tier interp --invoke count "$loops" 3
[ ! -e "$XDG_CACHE_HOME/warden" ] || cli_fail "the interpreter wrote a cache"

# `warden wast --cache DIR` keeps the code of a script's modules there, and takes it from there the
# next time; without --cache, wast keeps nothing.
wast_dir=$cli_tmp/wast
mkdir "$wast_dir"
cp "$loops" "$wast_dir/loops.wasm"
cat >"$wast_dir/count.json" <<'EOF2'
{"source_filename": "count.wast",
 "commands": [
  {"type": "module", "line": 1, "filename": "loops.wasm"},
  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "count", "args": [{"type": "i32", "value": "10"}]}, "expected": [{"type": "i32", "value": "55"}]}
 ]}
EOF2
cache=$cli_tmp/wastcache
run_warden wast --tier llvm --cache "$cache" "$wast_dir/count.json"
expect_status 0
expect_stdout "2 passed, 0 failed, 0 skipped"
entry=$(find "$cache" -name '*.wcode')
[ "$(echo "$entry" | wc -l)" -eq 1 ] && [ -f "$entry" ] || cli_fail "no single cache entry: '$entry'"
inode=$(stat -c %i "$entry")
run_warden wast --tier llvm --cache "$cache" "$wast_dir/count.json"
expect_status 0
expect_stdout "2 passed, 0 failed, 0 skipped"
[ "$(stat -c %i "$entry")" = "$inode" ] || cli_fail "a cache hit wrote the entry again"
run_warden wast --tier llvm "$wast_dir/count.json"
expect_stdout "2 passed, 0 failed, 0 skipped"
[ ! -e "$XDG_CACHE_HOME/warden" ] || cli_fail "wast without --cache wrote a cache"
run_warden wast --tier llvm --cache "" "$wast_dir/count.json"
expect_status 2
expect_stdout ""
expect_stderr <<EOF2
warden: error: option '--cache' needs a directory
Try 'warden help' for more information.
EOF2
exit 0
