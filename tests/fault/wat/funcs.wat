;; Functions of every shape the lowering handles: recursion, loops, branches, br_table, locals of
;; every type, numeric operations, select, multi-value blocks, direct and indirect calls.
(module $funcs
  (type $binop (func (param i32 i32) (result i32)))
  (table $fns 4 funcref)
  (elem (table $fns) (i32.const 0) func $add $sub $mul $fib)

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))

  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func $apply (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect $fns (type $binop) (local.get $a) (local.get $b) (local.get $op)))

  (func $sum_to (export "sum_to") (param $n i64) (result i64)
    (local $acc i64) (local $i i64)
    (block $done
      (loop $next
        (br_if $done (i64.gt_u (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $acc))

  (func $classify (export "classify") (param $x i32) (result i32)
    (block $default
      (block $two
        (block $one
          (block $zero
            (br_table $zero $one $two $default (local.get $x)))
          (return (i32.const 100)))
        (return (i32.const 101)))
      (return (i32.const 102)))
    (i32.const -1))

  (func $floats (export "floats") (param $a f32) (param $b f64) (result f64)
    (local $t f64)
    (local.set $t (f64.promote_f32 (f32.sqrt (local.get $a))))
    (f64.add (f64.mul (local.get $t) (local.get $b))
             (f64.convert_i64_s (i64.trunc_sat_f64_s (local.get $b)))))

  (func $pick (export "pick") (param $c i32) (param $a i64) (param $b i64) (result i64)
    (select (local.get $a) (local.get $b) (local.get $c)))

  (func $swap (export "swap") (param i32 i32) (result i32 i32)
    (local.get 1) (local.get 0)
    (block (param i32 i32) (result i32 i32)
      (br 0)))

  (func $bits (export "bits") (param $x i64) (result i32)
    (i32.add (i32.wrap_i64 (i64.popcnt (local.get $x)))
             (i32.add (i32.clz (i32.wrap_i64 (local.get $x)))
                      (i32.wrap_i64 (i64.rotl (local.get $x) (i64.const 7))))))
)
