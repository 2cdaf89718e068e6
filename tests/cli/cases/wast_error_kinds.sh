# shellcheck shell=bash
# `warden wast` checks the kind of a rejection: assert_malformed needs a malformed module and
# assert_invalid an invalid one. A module rejected with the other kind is a failure whose reason
# names both kinds. Text-format assert_malformed commands are skipped.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
dir=$cli_tmp/kinds
mkdir "$dir"

# One function of type [] -> []: the header, a type section, a function section, then a code
# section of one body; the body starts at offset 22.
head='\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00'
# Invalid: i32.const 0, i64.const 0, i32.add (at 22 + 5 = 27: type mismatch), drop, end.
printf '%b' "$head" '\x0a\x0a\x01\x08\x00\x41\x00\x42\x00\x6a\x1a\x0b' >"$dir/invalid.wasm"
# Malformed: i32.const with six LEB128 bytes; the fifth (at 22 + 6 = 28) still continues.
printf '%b' "$head" '\x0a\x0c\x01\x0a\x00\x41\x80\x80\x80\x80\x80\x00\x1a\x0b' >"$dir/malformed.wasm"

json=$dir/kinds.json
cat >"$json" <<'EOF'
{"source_filename": "kinds.wast",
 "commands": [
  {"type": "assert_invalid", "line": 1, "filename": "invalid.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_malformed", "line": 2, "filename": "invalid.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_malformed", "line": 3, "filename": "malformed.wasm", "text": "integer representation too long", "module_type": "binary"},
  {"type": "assert_invalid", "line": 4, "filename": "malformed.wasm", "text": "integer representation too long", "module_type": "binary"},
  {"type": "assert_malformed", "line": 5, "filename": "kinds.0.wat", "text": "unexpected token", "module_type": "text"}
 ]}
EOF

run_warden wast "$json"
expect_status 1
expect_stdout "$json:2: FAIL: assert_malformed invalid.wasm: module rejected as invalid, expected malformed: offset 27: type mismatch
$json:4: FAIL: assert_invalid malformed.wasm: module rejected as malformed, expected invalid: offset 28: integer representation too long
2 passed, 2 failed, 1 skipped"
expect_stderr </dev/null

# With the expectations the right way round, the script passes.
sed -e 's/"line": 2, "filename": "invalid.wasm"/"line": 2, "filename": "malformed.wasm"/' \
    -e 's/"line": 4, "filename": "malformed.wasm"/"line": 4, "filename": "invalid.wasm"/' \
    "$json" >"$dir/fixed.json"
run_warden wast "$dir/fixed.json"
expect_status 0
expect_stdout "4 passed, 0 failed, 1 skipped"
expect_stderr </dev/null
