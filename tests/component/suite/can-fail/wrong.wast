;; A script with wrong expectations, for runner-can-fail.sh: line 14 expects the wrong result,
;; line 15 a trap that does not happen, line 16 a valid component to be invalid, line 17 a
;; trap with another message; every other command is right.
(component
  (core module $m
    (func (export "id") (param i32) (result i32) (local.get 0))
    (func (export "boom") unreachable))
  (core instance $i (instantiate $m))
  (func (export "id") (param "x" u32) (result u32) (canon lift (core func $i "id")))
  (func (export "boom") (canon lift (core func $i "boom"))))
(assert_return (invoke "id" (u32.const 7)) (u32.const 7))
(assert_trap (invoke "boom") "unreachable")
(assert_invalid (component (type (list u8 0))) "more than zero elements")
(assert_return (invoke "id" (u32.const 7)) (u32.const 8))
(assert_trap (invoke "id" (u32.const 1)) "unreachable")
(assert_invalid (component) "anything")
(assert_trap (invoke "boom") "out of bounds")
