# shellcheck shell=bash
# Maps and fixed-length lists on the command line (the echo guest, guests/echo.wat): WAVE in and
# out (`{key: value, ...}`, `[a, b, c]`), their WIT in `warden inspect`, every way the canonical
# ABI passes them (a map as the list of its entries; a fixed-length list flattened, in parameter
# memory and in result memory), and the traps of a guest whose result points out of memory.
# shellcheck source=SCRIPTDIR/../../../cli/lib.sh
source "${BASH_SOURCE[0]%/*}/../../../cli/lib.sh"
: "${ECHO_DIR:?ECHO_DIR must name the directory of echo.wasm}"
echo=$ECHO_DIR/echo.wasm

expect_invoke() {
    run_warden run --invoke "$1" "$echo"
    expect_status 0
    expect_stdout "$2"
    expect_stderr </dev/null
}

run_warden inspect "$echo"
expect_status 0
expect_stdout "package root:component;

world root {
  type names = map<string, u32>;
  export echo-map: func(m: names) -> names;
  export echo-map-lists: func(m: map<char, list<u8>>) -> map<char, list<u8>>;
  export echo-three: func(a: list<u32, 3>) -> list<u32, 3>;
  export sum-three: func(a: list<u32, 3>) -> u32;
  export echo-bytes: func(a: list<u8, 20>) -> list<u8, 20>;
  export echo-strings: func(a: list<string, 2>) -> list<string, 2>;
  export bad-map: func() -> map<string, u32>;
  export bad-fixed: func() -> list<u64, 4>;
}"
expect_stderr </dev/null

# Maps keep every entry in order, repeated keys too.
expect_invoke 'echo-map({"a": 1, "b": 2, "a": 3})' '{"a": 1, "b": 2, "a": 3}'
expect_invoke 'echo-map({})' '{}'
expect_invoke 'echo-map({:})' '{}'
expect_invoke 'echo-map({"x": 4294967295,})' '{"x": 4294967295}'
expect_invoke "echo-map-lists({'x': [1, 2], 'y': [], '😀': [255]})" \
    "{'x': [1, 2], 'y': [], '😀': [255]}"
# Fixed-length lists: flattened (3 values), through parameter memory (20 values), of strings.
expect_invoke 'echo-three([1, 2, 4294967295])' '[1, 2, 4294967295]'
expect_invoke 'sum-three([1, 2, 3])' '6'
expect_invoke 'echo-bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 255])' \
    '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 255]'
expect_invoke 'echo-strings(["ab", ""])' '["ab", ""]'

# A fixed-length list of another length, a map entry without its value.
run_warden run --invoke 'echo-three([1, 2])' "$echo"
expect_status 2
expect_stdout ""
expect_stderr <<'OUT'
warden: error: --invoke 'echo-three': argument 1 (a): at 6: expected 3 list elements, found 2
OUT
run_warden run --invoke 'echo-three([1, 2, 3, 4])' "$echo"
expect_status 2
expect_stderr <<'OUT'
warden: error: --invoke 'echo-three': argument 1 (a): at 12: expected 3 list elements, found 4
OUT
run_warden run --invoke 'echo-map({"a" 1})' "$echo"
expect_status 2
expect_stderr <<'OUT'
warden: error: --invoke 'echo-map': argument 1 (m): at 6: expected `:`
OUT

# Results pointing past the end of memory: a map's entries, a fixed-length list in place.
run_warden run --invoke 'bad-map()' "$echo"
expect_status 134
expect_stdout ""
expect_stderr <<'OUT'
warden: trap message: list pointer/length out of bounds of memory
warden: trap: host
  #0 component func bad-map
OUT
run_warden run --invoke 'bad-fixed()' "$echo"
expect_status 134
expect_stdout ""
expect_stderr <<'OUT'
warden: trap message: pointer out of bounds of memory
warden: trap: host
  #0 component func bad-fixed
OUT
