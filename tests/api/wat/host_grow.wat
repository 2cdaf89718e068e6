;; Asks the host to grow this module's memory in the middle of a call, then uses the new page.
(module
  (import "host" "grow" (func $grow (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (func (export "grow_then_store") (param i32) (result i32)
    (drop (call $grow (i32.const 1)))
    (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (local.get 0))
    (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))
  (func (export "guest_grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))
