;; a + b * c and a - b * c, as compiled code writes them: each operation rounds on its own.
(module
  (func (export "add_f64") (param $a f64) (param $b f64) (param $c f64) (result f64)
    (f64.add (local.get $a) (f64.mul (local.get $b) (local.get $c))))
  (func (export "sub_f64") (param $a f64) (param $b f64) (param $c f64) (result f64)
    (f64.sub (local.get $a) (f64.mul (local.get $b) (local.get $c))))
  (func (export "add_f32") (param $a f32) (param $b f32) (param $c f32) (result f32)
    (f32.add (local.get $a) (f32.mul (local.get $b) (local.get $c))))
  (func (export "sub_f32") (param $a f32) (param $b f32) (param $c f32) (result f32)
    (f32.sub (local.get $a) (f32.mul (local.get $b) (local.get $c))))
  ;; The product is also kept in a local: it must still be written there.
  (func (export "add_f64_tee") (param $a f64) (param $b f64) (param $c f64) (result f64)
    (local $p f64)
    (drop (f64.add (local.get $a) (local.tee $p (f64.mul (local.get $b) (local.get $c)))))
    (local.get $p)))
