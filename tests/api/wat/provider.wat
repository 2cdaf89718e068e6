;; Exports a memory, a table, a mutable global and functions, for another module to import.
(module
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 10))
  (func $seven (export "seven") (result i32) (i32.const 7))
  (elem (i32.const 0) $seven)
  (func (export "get_counter") (result i32) (global.get $counter))
  (func (export "bump") (global.set $counter (i32.add (global.get $counter) (i32.const 1))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "call_slot") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
  (func $crash (export "crash") (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0))))
