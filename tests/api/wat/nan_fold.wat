;; Operations with an identity constant that a compiler may not fold away: a signalling NaN that
;; goes through them must come out quiet (WebAssembly: arithmetic NaN), so x * 1.0 is not x.
(module
  (func (export "f32_mul1") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 1)))
  (func (export "f32_div1") (param f32) (result f32) (f32.div (local.get 0) (f32.const 1)))
  (func (export "f32_sub0") (param f32) (result f32) (f32.sub (local.get 0) (f32.const 0)))
  (func (export "f32_addm0") (param f32) (result f32) (f32.add (local.get 0) (f32.const -0)))
  (func (export "f32_mulm1") (param f32) (result f32) (f32.mul (local.get 0) (f32.const -1)))
  (func (export "f32_m0sub") (param f32) (result f32) (f32.sub (f32.const -0) (local.get 0)))
  (func (export "f64_mul1") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 1)))
  (func (export "f64_div1") (param f64) (result f64) (f64.div (local.get 0) (f64.const 1)))
  (func (export "f64_sub0") (param f64) (result f64) (f64.sub (local.get 0) (f64.const 0)))
  (func (export "f64_addm0") (param f64) (result f64) (f64.add (local.get 0) (f64.const -0)))
  ;; Through a local set once, which the compiler sees as the constant too.
  (func (export "f32_mul1_local") (param f32) (result f32) (local f32)
    (local.set 1 (f32.const 1))
    (f32.mul (local.get 0) (local.get 1)))
  ;; The same on lanes: every lane of the result must be quiet.
  (func (export "f32x4_mul1") (param f32) (result v128)
    (f32x4.mul (f32x4.splat (local.get 0)) (v128.const f32x4 1 1 1 1)))
  (func (export "f32x4_div1") (param f32) (result v128)
    (f32x4.div (f32x4.splat (local.get 0)) (v128.const f32x4 1 1 1 1)))
  (func (export "f64x2_sub0") (param f64) (result v128)
    (f64x2.sub (f64x2.splat (local.get 0)) (v128.const f64x2 0 0)))
  (func (export "f64x2_addm0") (param f64) (result v128)
    (f64x2.add (f64x2.splat (local.get 0)) (v128.const f64x2 -0 -0))))
