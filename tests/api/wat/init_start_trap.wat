;; A start function that traps two calls deep.
(module
  (import "env" "tick" (func $tick))
  (func $start (call $tick) (call $boom))
  (func $boom (unreachable))
  (start $start))
