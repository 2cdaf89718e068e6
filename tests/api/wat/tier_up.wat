;; The auto tier's move to compiled code (api/test_tier_up): host.compile asks for the module's
;; compile (warden_module_compile) from inside a call, so that the calls after it run compiled code
;; while the frames below it are the interpreter's; host.probe notes the C stack's depth.
(module
  (import "host" "compile" (func $compile))
  (import "host" "probe" (func $probe))
  (global $dives (mut i32) (i32.const 0))
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; fib(n), the compile, fib(n) again: the sum.
  (func (export "switch") (param $n i32) (result i32)
    (local $a i32)
    (local.set $a (call $fib (local.get $n)))
    (call $compile)
    (i32.add (local.get $a) (call $fib (local.get $n))))
  ;; Recursion n deep; at depth `at` the compile, at the bottom unreachable: the frames above
  ;; `at` are interpreted, those below it compiled.
  (func $deep (export "deep") (param $n i32) (param $at i32)
    (if (i32.eq (local.get $n) (local.get $at)) (then (call $compile)))
    (if (i32.eqz (local.get $n)) (then (unreachable)))
    (call $deep (i32.sub (local.get $n) (i32.const 1)) (local.get $at)))
  ;; Recursion until the call depth runs out, the compile at depth `at` (counted from the top).
  (func $forever (export "forever") (param $d i32)
    (if (i32.eq (local.get $d) (i32.const 0)) (then (call $compile)))
    (call $forever (i32.sub (local.get $d) (i32.const 1))))
  ;; Recursion n deep, then host.probe: the interpreter calls the host from the same C frame at
  ;; any depth, compiled code from one C frame per call deeper. (Not a tail call: the global.)
  (func $dive (export "dive") (param $n i32)
    (if (i32.eqz (local.get $n)) (then (call $probe) (return)))
    (call $dive (i32.sub (local.get $n) (i32.const 1)))
    (global.set $dives (i32.add (global.get $dives) (i32.const 1))))
  ;; A loop of n rounds, and one of three inside each, whose state lives in locals of every type
  ;; (the outer loop starts the body: its header is the first cell). Round `at` asks for the
  ;; compile, rounds 0 and n - 1 note the C stack (host.probe), round `stop` traps (none when
  ;; stop >= n). It returns its state folded into an i64.
  (func $churn (param $n i32) (param $at i32) (param $stop i32) (result i64)
    (local $i i32) (local $j i32) (local $x i64) (local $f f64) (local $g f32) (local $v v128)
    (loop $round
      (if (i32.eq (local.get $i) (local.get $at)) (then (call $compile)))
      (if (i32.or (i32.eqz (local.get $i))
                  (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 1))))
        (then (call $probe)))
      (if (i32.eq (local.get $i) (local.get $stop)) (then (unreachable)))
      (local.set $j (i32.const 0))
      (loop $step
        (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005))
                               (i64.extend_i32_u (i32.add (local.get $i) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $step (i32.lt_u (local.get $j) (i32.const 3))))
      (local.set $f (f64.add (local.get $f) (f64.convert_i32_u (local.get $i))))
      (local.set $g (f32.add (local.get $g) (f32.const 0.5)))
      (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $round (i32.lt_u (local.get $i) (local.get $n))))
    (i64.xor
      (i64.xor (local.get $x) (i64.trunc_sat_f64_u (local.get $f)))
      (i64.xor (i64.shl (i64.extend_i32_u (i32.trunc_sat_f32_u (local.get $g))) (i64.const 32))
               (i64.add (i64x2.extract_lane 0 (local.get $v))
                        (i64.rotl (i64x2.extract_lane 1 (local.get $v)) (i64.const 7))))))
  (export "churn_direct" (func $churn))
  ;; churn called from a function that goes on after it returns.
  (func $churn_in (export "churn") (param $n i32) (param $at i32) (param $stop i32) (result i64)
    (i64.add (call $churn (local.get $n) (local.get $at) (local.get $stop)) (i64.const 7)))
  ;; A loop of n rounds without a call: its back-edges count toward the compile.
  (func (export "spin") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))
