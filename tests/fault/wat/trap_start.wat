;; A start function that traps three calls deep, after its segments were applied.
(module $trap_start
  (memory 1)
  (data (i32.const 0) "written before the trap")
  (func $deepest (unreachable))
  (func $middle (call $deepest))
  (func $outer (call $middle))
  (start $outer)
)
