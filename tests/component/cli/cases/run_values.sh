# shellcheck shell=bash
# `warden run --invoke 'NAME(ARGS)' FILE` on a component (the values guest): the arguments are
# WAVE parsed against the function's parameter types, the result is printed in WAVE on one line,
# and a function without a result prints nothing.
# shellcheck source=SCRIPTDIR/../../../cli/lib.sh
source "${BASH_SOURCE[0]%/*}/../../../cli/lib.sh"
values=$WASM_DIR/values.wasm

# expect_invoke CALL OUTPUT: `warden run --invoke CALL values.wasm` prints OUTPUT and succeeds.
expect_invoke() {
    run_warden run --invoke "$1" "$values"
    expect_status 0
    expect_stdout "$2"
    expect_stderr </dev/null
}

# Strings.
expect_invoke 'ellipsis("hello")' '"hello..."'
expect_invoke 'ellipsis("")' '"..."'
expect_invoke 'echo-string("tab\there \"quoted\" \u{e9}\u{1f600}\u{0}")' \
    '"tab\there \"quoted\" é😀\u{0}"'
expect_invoke 'string-len("😀")' '4'
# Scalars.
expect_invoke 'echo-bool(true)' 'true'
expect_invoke 'echo-s8(-128)' '-128'
expect_invoke 'echo-u64(18446744073709551615)' '18446744073709551615'
expect_invoke 'echo-s64(-9223372036854775808)' '-9223372036854775808'
expect_invoke 'echo-f32(1.5)' '1.5'
expect_invoke 'echo-f64(-inf)' '-inf'
expect_invoke 'echo-f64(nan)' 'nan'
expect_invoke 'f32-bits(nan)' '2143289344'
expect_invoke 'widen(-1, 255, -32768, 65535, -5, 4294967295)' '(-1, 255, -32768, 65535, -5, 4294967295)'
# Chars.
expect_invoke "echo-char('x')" "'x'"
expect_invoke "echo-char('\\'')" "'\\''"
expect_invoke "next-char('a')" "'b'"
expect_invoke "echo-char('\\u{0}')" "'\\u{0}'"
# Lists and tuples.
expect_invoke 'echo-bytes([0, 255])' '[0, 255]'
expect_invoke 'range(4)' '[0, 1, 2, 3]'
expect_invoke 'range(0)' '[]'
expect_invoke 'reverse-strings(["a", "b", "c"])' '["c", "b", "a"]'
expect_invoke 'join(["x", "y"], " + ")' '"x + y"'
expect_invoke 'swap-pair((7, "seven"))' '("seven", 7)'
# Records (a field that is none is left out).
expect_invoke 'swap-point({x: 1, y: -2})' '{x: -2, y: 1}'
expect_invoke 'echo-person({name: "ann", age: 30, nick: some("a"), tags: ["x"], fav: blue, home: {x: -1, y: 2}})' \
    '{name: "ann", age: 30, nick: some("a"), tags: ["x"], fav: blue, home: {x: -1, y: 2}}'
expect_invoke 'echo-person({name: "bob", age: 1, tags: [], fav: red, home: {x: 0, y: 0}})' \
    '{name: "bob", age: 1, tags: [], fav: red, home: {x: 0, y: 0}}'
# Variants and enums.
expect_invoke 'echo-shape(circle(2.5))' 'circle(2.5)'
expect_invoke 'echo-shape(rect({x: 3, y: 4}))' 'rect({x: 3, y: 4})'
expect_invoke 'echo-shape(empty)' 'empty'
expect_invoke 'describe-shape(label("tag"))' '"label tag"'
expect_invoke 'next-color(yellow)' 'red'
# Options and results.
expect_invoke 'echo-option(some("x"))' 'some("x")'
expect_invoke 'echo-option(none)' 'none'
expect_invoke 'unwrap-or(none, 3)' '3'
expect_invoke 'check(-5)' 'err("negative: -5")'
expect_invoke 'check(5)' 'ok(5)'
expect_invoke 'echo-result(err(9))' 'err(9)'
expect_invoke 'parity(2)' 'ok'
expect_invoke 'parity(3)' 'err'
# Flags.
expect_invoke 'echo-perms({read, exec})' '{read, exec}'
expect_invoke 'invert-perms({read, exec})' '{write}'
expect_invoke 'echo-perms({})' '{}'
expect_invoke 'echo-flagset({p: {write}, m: {m11}, w: {b0, b31}})' '{p: {write}, m: {m11}, w: {b0, b31}}'
# Nested values, and more than 16 flat parameters.
expect_invoke 'echo-deep(ok(some([rect({x: 1, y: 2}), label("l"), empty])))' \
    'ok(some([rect({x: 1, y: 2}), label("l"), empty]))'
expect_invoke "echo-deep(err(({read}, green, 'z')))" "err(({read}, green, 'z'))"
expect_invoke 'sum17(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)' '131071'
expect_invoke "describe-many(1, 2, 3, 1.5, \"e\", -4, 2.5, true, 'é', [1, 2], -5, 6, -7, some(8), {x: 9, y: 10})" \
    '"a=1 b=2 c=3 d=0x3fc00000 e=e f=-4 g=0x4004000000000000 h=true i=é j=[1,2] k=-5 l=6 m=-7 n=some(8) o=(9,10)"'
# Functions of an exported interface, by their full name.
expect_invoke 'test:pkg/iface@1.0.0#add(1, 2)' '3'
expect_invoke 'test:pkg/iface@1.0.0#greet("ann")' '"hello, ann!"'
expect_invoke 'test:pkg/iface@1.0.0#swap({a: 1, b: "one"})' '("one", 1)'
# No result: no output.
expect_invoke 'test:pkg/iface@1.0.0#nothing()' ''
# Spaces, a trailing comma, and no parentheses for a function without parameters.
expect_invoke 'echo-u8 ( 5 ) ' '5'
expect_invoke 'echo-u8(5,)' '5'
expect_invoke 'counters' '(0, 0)'

# Without --invoke the component is only instantiated.
run_warden run "$values"
expect_status 0
expect_stdout ""
expect_stderr </dev/null
