;; One way to reach each trap that plain WebAssembly code can raise.
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (memory 1)
  (table $t 4 funcref)
  (elem (table $t) (i32.const 0) func $inc $void)

  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))              ;; 0
  (func $void (type $v))                                                    ;; 1
  (func $do_unreachable (export "unreachable") (unreachable))               ;; 2
  (func $load (param i32) (result i32) (i32.load (local.get 0)))            ;; 3
  (func $middle (param i32) (result i32) (call $load (local.get 0)))        ;; 4
  (func $outer (export "load_via") (param i32) (result i32)                 ;; 5
    (i32.add (call $middle (local.get 0)) (i32.const 0)))
  (func $fill (export "fill") (param i32 i32)                               ;; 6
    (memory.fill (local.get 0) (i32.const 0xAA) (local.get 1)))
  (func $table_get (export "table_get") (param i32) (result i32)            ;; 7
    (ref.is_null (table.get $t (local.get 0))))
  (func $indirect (export "call_indirect") (param i32) (result i32)         ;; 8
    (call_indirect $t (type $ii) (i32.const 41) (local.get 0)))
  (func $div_s (export "div_s") (param i32 i32) (result i32)                ;; 9
    (i32.div_s (local.get 0) (local.get 1)))
  (func $rem_u (export "rem_u") (param i64 i64) (result i64)                ;; 10
    (i64.rem_u (local.get 0) (local.get 1)))
  (func $trunc (export "trunc") (param f32) (result i32)                    ;; 11
    (i32.trunc_f32_s (local.get 0)))
  (func $trunc64 (export "trunc64") (param f64) (result i64)                ;; 12
    (i64.trunc_f64_u (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)                ;; 13
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $ping (param i32) (result i32)                                      ;; 14
    (if (result i32) (i32.eqz (local.get 0))
      (then (unreachable))
      (else (call $pong (i32.sub (local.get 0) (i32.const 1))))))
  (func $pong (param i32) (result i32)                                      ;; 15
    (call $ping (local.get 0)))
  (func $ping_pong (export "ping_pong") (param i32) (result i32)            ;; 16
    (call $ping (local.get 0)))
  (func $store (export "store") (param i32 i32)                             ;; 17
    (i32.store (local.get 0) (local.get 1)))
  (func $sum (export "sum") (param i32) (result i32)                        ;; 18
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get 0)))
        (local.set $acc (i32.add (local.get $acc) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
