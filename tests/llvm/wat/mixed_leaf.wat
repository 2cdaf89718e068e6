;; The second compiled module of llvm/mixed-tiers, called by the interpreted one: compiled code
;; under interpreted code under compiled code.
(module
  (import "host" "get" (func $get (param i32) (result i32)))
  (func (export "h") (param i32) (result i32)
    (i32.sub (call $get (local.get 0)) (i32.const 7)))
  (func (export "loop") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 5)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1)))
