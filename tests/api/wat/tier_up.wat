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
  ;; A loop of n rounds without a call: its back-edges count toward the compile.
  (func (export "spin") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))
