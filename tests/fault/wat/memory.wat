;; A memory with active and passive data segments, bulk operations, globals of every type and a
;; start function.
(module $memory
  (memory $m (export "memory") 1 8)
  (data $hello (i32.const 16) "hello, fault")
  (data $later "passive bytes")
  (data $at_global (i32.const 64) "\01\02\03\04")

  (global $counter (export "counter") (mut i32) (i32.const 0))
  (global $wide (mut i64) (i64.const -1))
  (global $single f32 (f32.const 1.5))
  (global $double (export "double") (mut f64) (f64.const 2.25))
  (global $vec v128 (v128.const i32x4 1 2 3 4))
  (global $fref funcref (ref.func $bump))
  (global $eref (mut externref) (ref.null extern))

  (func $bump
    (global.set $counter (i32.add (global.get $counter) (i32.const 1))))
  (start $bump)

  (func (export "load") (param $a i32) (result i32) (i32.load8_u (local.get $a)))
  (func (export "store") (param $a i32) (param $v i64) (i64.store offset=8 (local.get $a) (local.get $v)))
  (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n)))
  (func (export "size") (result i32) (memory.size))
  (func (export "fill") (param $d i32) (param $v i32) (param $n i32)
    (memory.fill (local.get $d) (local.get $v) (local.get $n)))
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (memory.copy (local.get $d) (local.get $s) (local.get $n)))
  (func (export "init") (param $d i32)
    (memory.init $later (local.get $d) (i32.const 0) (i32.const 13))
    (data.drop $later))
  (func (export "globals") (result i64)
    (global.set $wide (i64.add (global.get $wide) (i64.extend_i32_u (global.get $counter))))
    (global.set $eref (ref.null extern))
    (drop (global.get $fref))
    (drop (global.get $vec))
    (global.set $double (f64.add (global.get $double) (f64.promote_f32 (global.get $single))))
    (global.get $wide))
)
