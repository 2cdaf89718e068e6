;; bench_async's host-call guest: loop(n) calls the host's f n times, with a xorshift step of guest
;; work around each call. The host links f as a sync or an async host function; either way it
;; returns its argument plus one, so every variant computes the same result.
(module
  (import "bench" "f" (func $f (param i64) (result i64)))
  (func (export "loop") (param $n i32) (result i64)
    (local $x i64) (local $i i32)
    (local.set $x (i64.const 88172645463325252))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (call $f (i64.xor (local.get $x) (i64.extend_i32_u (local.get $i)))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $x)))
