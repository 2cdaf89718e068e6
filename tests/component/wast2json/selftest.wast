;; The self-test of scripts/component-wast2json: every command form and value constant it knows,
;; with the comments, strings and numbers that the splitter must get right. selftest.json is
;; what the converter must write for it, byte for byte.

(; a block comment (; nested ;) with (parens) and "a quote ;)
(component $C
  (core module $M
    (func (export "id") (param i32) (result i32) local.get 0)
    (func (export "boom") unreachable))
  (core instance $m (instantiate $M))
  (func (export "id") (param "x" u32) (result u32) (canon lift (core func $m "id")))
  (func (export "boom") (canon lift (core func $m "boom")))
  ;; a line comment with ( and "
)
(assert_return (invoke "id" (u32.const 0xffff_ffff)) (u32.const 4294967295))
(assert_trap (invoke $C "boom") "unreachable")
(invoke "id" (u32.const 7))
(register "the-c")

(component definition $D
  (import "f" (func))
)
(component instance $i $D)
(component instance $D)
(register "the-d" $i)
(component (core module $X) (export "str;;(\")" (core module $X))) ;; a string with ;; ( ) and a quote
(component binary "\00asm" "\0d\00\01\00")
(component definition $E binary "\00asm" "\0d\00\01\00")
(component $F binary "\00as" "m\0d\00\01\00")

(module $Core (global (export "g") i32 (i32.const 42))
  (func (export "add") (param i32 i64 f32 f64) (result i32) (i32.const 1)))
(assert_return (get $Core "g") (i32.const 42))
(assert_return
  (invoke $Core "add" (i32.const -1) (i64.const -0x8000_0000_0000_0000) (f32.const -0x1p-149) (f64.const 1e308))
  (i32.const 1))
(assert_return (invoke "add" (i32.const 0) (i64.const 0) (f32.const nan:0x200000) (f64.const -inf))
  (f32.const nan:canonical) (f64.const nan:arithmetic))
(assert_exhaustion (invoke "add") "call stack exhausted")

;; every component value constant
(assert_return
  (invoke "values"
    (bool.const true) (bool.const false)
    (u8.const 255) (s8.const -128) (u16.const 0xffff) (s16.const -32768)
    (u32.const 4_294_967_295) (s32.const -2147483648)
    (u64.const 18446744073709551615) (s64.const -9223372036854775808)
    (f32.const 0.1) (f32.const 16777217) (f32.const 1_000.5) (f32.const inf) (f32.const nan)
    (f64.const 0x1.fffffffffffffp1023) (f64.const -0)
    (char.const "⛳") (char.const "\u{1F370}") (char.const "\"")
    (str.const "tab\there \"q\" \u{263a}\41\\ ;; (not a comment) ☃")
    (str.const "")
    (list.const) (list.const (list.const (u8.const 1)) (list.const))
    (tuple.const (str.const "x=") (u32.const 42))
    (record.const (field "a" (u32.const 1)) (field "b" str.const "v") (field "c" list.const (u8.const 2)))
    (variant.const "none") (variant.const "some" (s32.const -5))
    (enum.const "red")
    (flags.const) (flags.const "a" "c")
    (option.none) (option.some (option.some (u8.const 0)))
    (result.ok) (result.ok (str.const "yes")) (result.err) (result.err (u32.const 404))))
(assert_return (invoke "values"))

;; instantiation traps and link errors
(assert_trap (component instance $j $D) "unreachable")
(assert_trap (component (core module $T (func $s unreachable) (start $s)) (core instance (instantiate $T)))
  "unreachable")
(assert_unlinkable (component (import "missing" (func))) "missing import")

;; assertions on modules
(assert_invalid (component (export "x" (func 0))) "index out of bounds")
(assert_invalid (component (export "x" (func $nope))) "failed to find name")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (component binary "\00asm" "\0d\00\01") "unexpected end")
(assert_malformed (component quote "(export \"x\"" "(func $f))") "unexpected token")
(assert_malformed (module quote "(func" "(oops))") "unexpected token")

;; quoted identifiers are kept as written
(component definition $"a b" binary "\00asm" "\0d\00\01\00")
(component instance $"i;;" $"a b")
(assert_return (invoke $"i;;" "f"))
