;; m1.wasm of fuzz_text's wast scripts: imports what a script may register under "M" (m0's
;; exports), so that register and unlinkable paths run.
(module
  (import "M" "add" (func $add (param i32 i32) (result i32)))
  (import "M" "memory" (memory 1))
  (import "M" "g_i32" (global $g (mut i32)))
  (func (export "add3") (param i32) (result i32) (call $add (local.get 0) (i32.const 3)))
  (func (export "inc") (global.set $g (i32.add (global.get $g) (i32.const 1))) )
  (func (export "peek") (result i32) (i32.load8_u (i32.const 0)))
  (start 2)
)
