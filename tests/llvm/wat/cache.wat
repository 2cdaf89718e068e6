;; A module for the code cache and .cwasm tests: a recursive function (direct calls, a check
;; site at each entry), a trap, a call through a table and a recursion with no end.
(module
  (type $i2i (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $fib)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $div (export "div") (param i32) (result i32)
    (i32.div_u (i32.const 100) (local.get 0)))
  (func (export "via_table") (param i32) (result i32)
    (call_indirect (type $i2i) (local.get 0) (i32.const 0)))
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))
