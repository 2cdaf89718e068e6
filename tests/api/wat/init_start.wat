;; A start function that calls the host and sets a global.
(module
  (import "env" "tick" (func $tick))
  (global $g (mut i32) (i32.const 0))
  (func $start (call $tick) (global.set $g (i32.const 42)))
  (func (export "get") (result i32) (global.get $g))
  (start $start))
