;; A start function that hands the host a function of its own, then traps: the host may keep it,
;; so the failed instance must stay.
(module
  (import "env" "keep" (func $keep (param funcref)))
  (memory (export "memory") 16)
  (func $seven (result i32) (i32.const 7))
  (elem declare func $seven)
  (func $start
    (call $keep (ref.func $seven))
    (unreachable))
  (start $start))
