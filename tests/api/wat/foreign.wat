;; A host function hands the guest a function reference, which the guest keeps in its table and
;; calls: it must belong to the guest's store.
(module
  (type $answer (func (result i32)))
  (import "host" "give" (func $give (result funcref)))
  (table 1 funcref)
  (func (export "keep_and_call") (result i32)
    (table.set 0 (i32.const 0) (call $give))
    (call_indirect (type $answer) (i32.const 0)))
  (func (export "call_kept") (result i32)
    (call_indirect (type $answer) (i32.const 0))))
