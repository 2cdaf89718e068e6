;; The module fuzz_artifact compiles once and serializes: its artifact is what the inputs edit.
;; Two parts of code would need 32 KiB of bodies; this one is a single object with calls, a
;; table, memory and a global, so that the object refers to every kind of helper.
(module
  (type $ii (func (param i32) (result i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 7))
  (table 2 funcref)
  (elem (i32.const 0) $double $inc)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func (export "f") (param i32) (result i32)
    (local $i i32)
    (i32.store (i32.const 16) (local.get 0))
    (loop $l
      (global.set $g (i32.add (global.get $g) (call_indirect (type $ii) (local.get $i) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 2))))
    (i32.add (call $double (i32.load (i32.const 16))) (global.get $g))))
