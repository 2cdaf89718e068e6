;; bench_async's guest without imports: compute(n) runs n rounds of a xorshift step and returns the
;; state, so that no round can be left out. About 4 ns a round in warden on the machine of
;; docs/performance.md; the benchmark sizes n to the time it wants.
(module
  (func (export "compute") (param $n i32) (result i64)
    (local $x i64) (local $i i32)
    (local.set $x (i64.const 88172645463325252))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $x)))
