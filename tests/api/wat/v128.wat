;; v128 values next to scalars (a v128 takes two frame slots), through calls, a global and the host.
(module
  (import "host" "swap" (func $swap (param v128 i32) (result i32 v128)))
  (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 0xFFFFFFFF))
  (func $id (export "id") (param v128) (result v128) (local.get 0))
  (func (export "rotate") (param i32 v128 i64) (result i64 v128 i32)
    (local.get 2) (call $id (local.get 1)) (local.get 0))
  (func (export "get") (result v128) (global.get $g))
  (func (export "set") (param v128) (global.set $g (local.get 0)))
  (func (export "via_host") (param v128 i32) (result i32 v128)
    (call $swap (local.get 0) (local.get 1))))
