;; The guest of the tests of calls that pause (test_call_pause, test_async_host, test_call_limits).
;; "get" is an async host function in most tests (a sync one where a test compares the two);
;; "tick" advances the engine's epoch; "reenter" calls back into the guest with warden_func_call;
;; "getref" is an async host function returning the funcref the test chose.
(module
  (import "host" "get" (func $get (param i32) (result i32)))                       ;; 0
  (import "host" "tick" (func $tick))                                              ;; 1
  (import "host" "reenter" (func $reenter (param i32) (result i32)))               ;; 2
  (import "host" "getref" (func $getref (param i32) (result funcref)))             ;; 3
  (global $flag (export "flag") (mut i32) (i32.const 0))

  (func $add (export "add") (param i32 i32) (result i32)                           ;; 4
    (i32.add (local.get 0) (local.get 1)))

  (func $call_get (export "call_get") (param i32) (result i32)                     ;; 5
    (call $get (local.get 0)))

  (func $nested_get (export "nested_get") (param i32) (result i32)                 ;; 6
    (i32.add (call $call_get (local.get 0)) (i32.const 1)))

  ;; acc = get(acc + i) for i = 1..n
  (func $loop_get (export "loop_get") (param $n i32) (result i32)                  ;; 7
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $acc (call $get (i32.add (local.get $acc) (local.get $i))))
        (br $next)))
    (local.get $acc))

  ;; acc = acc * 31 + k for k = n..1
  (func $spin_inner (param $n i32) (result i32)                                    ;; 8
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  (func $spin (export "spin") (param i32) (result i32)                             ;; 9
    (call $spin_inner (local.get 0)))

  ;; n >= 1 iterations, each calling tick: acc = acc * 31 + i for i = 1..n
  (func $tick_loop (param $n i32) (result i32)                                     ;; 10
    (local $i i32) (local $acc i32)
    (loop $next
      (call $tick)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  (func $ticks (export "ticks") (param i32) (result i32)                           ;; 11
    (call $tick_loop (local.get 0)))

  ;; Spins until the host sets the global, then returns it plus one.
  (func $wait_flag (export "wait_flag") (result i32)                               ;; 12
    (loop $wait
      (br_if $wait (i32.eqz (global.get $flag))))
    (i32.add (global.get $flag) (i32.const 1)))

  (func $forever (export "forever")                                                ;; 13
    (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $again)))

  ;; which != 0: unreachable; which == 0: acc / 0
  (func $boom (param $which i32) (param $acc i32) (result i32)                     ;; 14
    (if (local.get $which) (then (unreachable)))
    (i32.div_s (local.get $acc) (global.get $flag)))

  (func $trap_after (export "trap_after") (param $n i32) (param $which i32) (result i32) ;; 15
    (call $boom (local.get $which) (call $loop_get (local.get $n))))

  (func $call_reenter (export "call_reenter") (param i32) (result i32)             ;; 16
    (i32.add (call $reenter (local.get 0)) (i32.const 100)))

  (func $fib (export "fib") (param $n i32) (result i32)                            ;; 17
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func $recurse (export "recurse") (param i32) (result i32)                       ;; 18
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))

  (func $swap (export "swap") (param i32 i64) (result i64 i32)                     ;; 19
    (local.get 1) (local.get 0))

  ;; n calls of get, then n iterations of spin, then get again: mixes pauses and slices
  (func $mixed (export "mixed") (param $n i32) (result i32)                        ;; 20
    (i32.add (call $loop_get (local.get $n))
             (i32.add (call $spin_inner (local.get $n))
                      (call $get (local.get $n)))))

  ;; get, then reenter, then get again: pauses before and after a nested call
  (func $around (export "around") (param $n i32) (result i32)                      ;; 21
    (i32.add (call $get (local.get $n))
             (i32.add (call $reenter (local.get $n))
                      (call $get (local.get $n)))))

  (func $call_getref (export "call_getref") (param i32) (result funcref)            ;; 22
    (call $getref (local.get 0)))

  (func $double (export "double") (param i32) (result i32)                         ;; 23
    (i32.add (local.get 0) (local.get 0)))

  ;; n >= 1 iterations, each calling tick and then get: acc = get(acc + i) for i = 1..n
  (func $tick_get_loop (export "tick_get_loop") (param $n i32) (result i32)        ;; 24
    (local $i i32) (local $acc i32)
    (loop $next
      (call $tick)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $acc (call $get (i32.add (local.get $acc) (local.get $i))))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; One tick, then spin(x): spin's entry is a check site after the tick.
  (func $tick_spin (export "tick_spin") (param i32) (result i32)                   ;; 25
    (call $tick)
    (call $spin (local.get 0)))

  ;; n >= 1 iterations: acc = acc + reenter(i) for i = 1..n
  (func $reenter_loop (export "reenter_loop") (param $n i32) (result i32)          ;; 26
    (local $i i32) (local $acc i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $acc (i32.add (local.get $acc) (call $reenter (local.get $i))))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; Spins until the memory has two pages (the host grows it while the call is paused), at most
  ;; n iterations, then reads the second page: its first word, plus its second read as a lane of
  ;; a v128; -1 when it never grew.
  (memory (export "memory") 1 2)
  (func $wait_grown (export "wait_grown") (param $n i32) (result i32)              ;; 27
    (local $i i32)
    (block $grown
      (loop $next
        (br_if $grown (i32.eq (memory.size) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n)))))
    (if (result i32) (i32.eq (memory.size) (i32.const 2))
      (then (i32.add (i32.load (i32.const 65536))
                     (i32x4.extract_lane 1 (v128.load (i32.const 65536)))))
      (else (i32.const -1))))

  ;; Four results held in registers across a return whose fuel ran out in the middle of a slice
  ;; (compiled code keeps them in one vector register there, the two last in its upper half).
  (global $fours (mut i32) (i32.const 1000))
  (func $four (export "four") (param i64 f32 f64) (result i64 i32 f64 i64)         ;; 28
    (local.set 1 (call $same_f32 (local.get 1)))
    (local.set 2 (call $same_f64 (local.get 2)))
    (if (i32.eqz (global.get $fours))
      (then (return (i64.const 1) (i32.const 2) (call $same_f64 (f64.const 3)) (i64.const 4))))
    (global.set $fours (i32.sub (global.get $fours) (i32.const 1)))
    (i64.const 262145) (i32.const 2147483647) (f64.const 0.5) (i64.const -2147483648))
  (func $same_f32 (param f32) (result f32)                                         ;; 29
    (if (result f32) (f32.eq (local.get 0) (local.get 0))
      (then (local.get 0)) (else (f32.const 0))))
  (func $same_f64 (param f64) (result f64)                                         ;; 30
    (if (result f64) (f64.eq (local.get 0) (local.get 0))
      (then (local.get 0)) (else (f64.const 0)))))
