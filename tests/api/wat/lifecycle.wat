;; A small module with a name section and a mutable global, for lifecycle tests.
(module
  (global $count (mut i32) (i32.const 0))
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func $bump (export "bump") (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count))
  (func $fail (unreachable))
  (func $call_fail (export "call_fail") (call $fail)))
