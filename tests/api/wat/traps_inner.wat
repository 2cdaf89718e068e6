;; Traps three calls deep, for traps_outer.wat to import: a backtrace across two instances, each
;; with calls within itself (which compiled code records by the caller's index).
(module
  (func $inner_top (export "deep") (param i32) (result i32)
    (call $inner_mid (local.get 0)))
  (func $inner_mid (param i32) (result i32)
    (i32.add (call $inner_leaf (local.get 0)) (i32.const 1)))
  (func $inner_leaf (param i32) (result i32)
    (if (local.get 0) (then unreachable))
    (i32.const 0)))
