;; CPU-bound functions that run for a known number of fuel units, or forever. Fuel by the default
;; cost table: nop, block, loop, end, else, drop, unreachable and return cost 0, everything else 1.
(module
  ;; loop, br: 1 per iteration, forever
  (func $spin (export "spin")
    (loop $l br $l))

  ;; The sum n + (n-1) + ... + 1 for n >= 1: 9 per iteration, then local.get: 9n + 1.
  (func $count (export "count") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      local.get $acc
      local.get $n
      i32.add
      local.set $acc
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      br_if $l)
    local.get $acc)

  ;; call: 1 per level, forever (no loop: only the function-entry check can stop it)
  (func $recurse (export "recurse")
    call $recurse)

  ;; Recursion with a wide frame, to reach the value-stack limit before the call-depth limit.
  (func $wide (export "wide") (param $n i64) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get $n
    i64.const 1
    i64.add
    call $wide)

  (func $fail (export "fail")
    unreachable)
)
