;; The compiled module of llvm/mixed-tiers: it calls the interpreted one's functions, from a loop
;; with check sites of its own.
(module
  (import "callee" "g" (func $g (param i32) (result i32)))
  (import "callee" "spin" (func $spin (param i32) (result i32)))
  (import "callee" "boom" (func $boom (param i32) (result i32)))
  (import "callee" "g3" (func $g3 (param i32) (result i32)))
  (import "callee" "spin3" (func $spin3 (param i32) (result i32)))
  (func (export "f") (param i32) (result i32)
    (i32.mul (call $g (local.get 0)) (i32.const 2)))
  ;; k times spin(n), summed.
  (func (export "spins") (param i32 i32) (result i32) (local i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2) (call $spin (local.get 1))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 2))
  (func (export "fboom") (param i32) (result i32)
    (call $boom (local.get 0)))
  (func (export "f3") (param i32) (result i32)
    (i32.mul (call $g3 (local.get 0)) (i32.const 2)))
  (func (export "spins3") (param i32 i32) (result i32) (local i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2) (call $spin3 (local.get 1))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 2)))
