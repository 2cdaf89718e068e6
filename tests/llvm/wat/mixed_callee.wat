;; The interpreted module of llvm/mixed-tiers: what compiled code calls in a module the auto tier
;; has not compiled. "get" is an async host function; "leaf" is compiled (mixed_leaf.wat).
(module
  (import "host" "get" (func $get (param i32) (result i32)))
  (import "leaf" "h" (func $h (param i32) (result i32)))
  (import "leaf" "loop" (func $loop (param i32) (result i32)))
  (func (export "g") (param i32) (result i32)
    (i32.add (call $get (local.get 0)) (i32.const 1)))
  ;; n iterations of a loop: a check site at each back-edge.
  (func $spin (export "spin") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  ;; Two async calls, then a trap.
  (func (export "boom") (param i32) (result i32)
    (drop (call $get (local.get 0)))
    (drop (call $get (local.get 0)))
    unreachable)
  ;; Through the compiled leaf: its async call, and its loop beside one of this module's.
  (func (export "g3") (param i32) (result i32)
    (i32.add (call $h (local.get 0)) (i32.const 1)))
  (func (export "spin3") (param i32) (result i32)
    (i32.add (call $loop (local.get 0)) (call $spin (local.get 0)))))
