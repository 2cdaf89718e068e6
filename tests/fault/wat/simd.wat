;; SIMD: constants, splats, lanes, shuffles, arithmetic, comparisons, conversions, loads and stores.
(module $simd
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f")

  (func (export "dot") (param $a i32) (param $b i32) (result i32)
    (local $v v128)
    (local.set $v (i32x4.dot_i16x8_s (i16x8.splat (local.get $a)) (i16x8.splat (local.get $b))))
    (i32x4.extract_lane 0 (local.get $v)))

  (func (export "shuffle") (result i64)
    (i64x2.extract_lane 1
      (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0
        (v128.load (i32.const 0)) (v128.const i64x2 0 0))))

  (func (export "lanes") (param $x f32) (result f32)
    (local $v v128)
    (local.set $v (f32x4.replace_lane 2 (f32x4.splat (f32.const 1)) (local.get $x)))
    (local.set $v (f32x4.mul (local.get $v) (f32x4.sqrt (local.get $v))))
    (f32x4.extract_lane 2 (f32x4.add (local.get $v) (f32x4.convert_i32x4_s (i32x4.splat (i32.const 2))))))

  (func (export "compare") (param $a i32) (result i32)
    (i8x16.bitmask (i8x16.gt_s (i8x16.splat (local.get $a)) (v128.load (i32.const 0)))))

  (func (export "bitselect") (result i32)
    (v128.store (i32.const 32)
      (v128.bitselect (v128.load (i32.const 0)) (v128.const i32x4 -1 -1 -1 -1)
                      (v128.const i32x4 0xff00ff00 0 0xffff 0)))
    (i32.load (i32.const 32)))

  (func (export "narrow") (result i32)
    (i8x16.extract_lane_u 3
      (i8x16.narrow_i16x8_u (i16x8.extend_low_i8x16_u (v128.load (i32.const 0)))
                            (i16x8.abs (i16x8.splat (i32.const -300))))))

  (func (export "load_lane") (param $a i32) (result i64)
    (i64x2.extract_lane 0
      (v128.load64_lane 0 (local.get $a) (v128.load32_splat (i32.const 4)))))

  (func (export "any") (param $a i32) (result i32)
    (i32.add (v128.any_true (i32x4.splat (local.get $a)))
             (i64x2.all_true (i64x2.shl (i64x2.splat (i64.const 1)) (local.get $a)))))
)
