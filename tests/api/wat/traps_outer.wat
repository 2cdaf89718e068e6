;; Calls traps_inner.wat's "deep" two calls deep. Its functions have the indices of the inner
;; module's, other names: a caller looked up in the wrong instance shows in the backtrace.
(module
  (import "inner" "deep" (func $deep (param i32) (result i32)))
  (func $outer_top (export "go") (param i32) (result i32)
    (call $outer_mid (local.get 0)))
  (func $outer_mid (param i32) (result i32)
    (i32.add (call $deep (local.get 0)) (i32.const 2))))
