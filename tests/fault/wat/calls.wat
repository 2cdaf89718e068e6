;; Calls in both directions, traps with a backtrace, growth, and re-entry.
(module $calls
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (import "host" "wide" (func $wide (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
                                           i32 i32 i32 i32 i32 i32) (result i32)))
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (import "host" "fail" (func $fail))
  (memory (export "memory") 1 4)
  (table $t 1 8 funcref)

  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "via_host") (param $x i32) (result i32)
    (i32.add (call $twice (local.get $x)) (i32.const 1)))
  (func (export "via_wide") (result i32)
    (call $wide (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)
                (i32.const 7) (i32.const 8) (i32.const 9) (i32.const 10) (i32.const 11)
                (i32.const 12) (i32.const 13) (i32.const 14) (i32.const 15) (i32.const 16)
                (i32.const 17) (i32.const 18)))
  ;; Host -> guest -> host -> guest: "reenter" calls "add" back.
  (func (export "via_reenter") (param $x i32) (result i32) (call $reenter (local.get $x)))
  (func (export "host_fails") (call $fail))

  ;; A trap twelve frames deep: more frames than the backtrace's first allocation holds.
  (func $f0 (export "deep") (param $n i32)
    (if (i32.eqz (local.get $n)) (then (unreachable)))
    (call $f1 (i32.sub (local.get $n) (i32.const 1))))
  (func $f1 (param $n i32) (call $f2 (local.get $n)))
  (func $f2 (param $n i32) (call $f0 (local.get $n)))

  (func $forever (export "recurse") (param $n i32) (result i32)
    (i32.add (call $forever (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func (export "divide") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))

  (func (export "grow_memory") (param $n i32) (result i32) (memory.grow (local.get $n)))
  (func (export "grow_table") (param $n i32) (result i32)
    (table.grow $t (ref.null func) (local.get $n)))
)
