;; bench_async's scheduler guest: run(n) waits n times on the host's async wait(i), which a reactor
;; timer finishes with 1, and returns the sum of what the waits returned (n when all went well).
;; No memory, no table: an instance costs little, so that 10,000 stores fit in the benchmark.
(module
  (import "bench" "wait" (func $wait (param i32) (result i32)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $wait (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
