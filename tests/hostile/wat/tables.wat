;; Table growth a guest controls: filled with a function (so every new element is written) or
;; with null; and after a host call that may raise an interrupt.
(module
  (import "host" "raise" (func $raise))
  (table (export "table") 1 funcref)
  (func $nothing)
  (elem declare func $nothing)
  (func (export "grow") (param i32) (result i32)
    (table.grow 0 (ref.func $nothing) (local.get 0)))
  (func (export "grow_null") (param i32) (result i32)
    (table.grow 0 (ref.null func) (local.get 0)))
  (func (export "raise_then_grow") (param i32) (result i32)
    (call $raise)
    (table.grow 0 (ref.func $nothing) (local.get 0)))
  (func (export "size") (result i32) (table.size 0)))
