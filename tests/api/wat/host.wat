;; Calls into host functions: plain, failing, re-entering the guest, reading the caller's memory.
(module
  (import "host" "add" (func $add (param i32 i32) (result i32)))                   ;; 0
  (import "host" "fail" (func $fail))                                              ;; 1
  (import "host" "reenter" (func $reenter (param i32) (result i32)))               ;; 2
  (import "host" "peek" (func $peek (param i32) (result i32)))                     ;; 3
  (import "host" "mixed" (func $mixed (param i64 f64 externref) (result f64 i64 externref)))
  (import "host" "wrong" (func $wrong (result i32)))                               ;; 5
  (memory (export "memory") 1)
  (global (export "answer") i32 (i32.const 42))
  (data (i32.const 16) "\2a\00\00\00")

  (func $call_add (export "call_add") (param i32 i32) (result i32)                 ;; 6
    (call $add (local.get 0) (local.get 1)))
  (func $call_fail (export "call_fail") (call $fail))                              ;; 7
  (func $nested_fail (export "nested_fail") (call $call_fail))                     ;; 8
  (func $countdown (export "countdown") (param i32) (result i32)                   ;; 9
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (local.get 0) (call $reenter (i32.sub (local.get 0) (i32.const 1)))))))
  (func $countdown_trap (export "countdown_trap") (param i32) (result i32)         ;; 10
    (if (result i32) (i32.eqz (local.get 0))
      (then (unreachable))
      (else (i32.add (local.get 0) (call $reenter (i32.sub (local.get 0) (i32.const 1)))))))
  (func $call_peek (export "call_peek") (param i32) (result i32)                   ;; 11
    (call $peek (local.get 0)))
  (func $read (export "read") (param i32) (result i32) (i32.load (local.get 0)))   ;; 12
  (func $call_mixed (export "call_mixed") (param i64 f64 externref)                ;; 13
    (result f64 i64 externref)
    (call $mixed (local.get 0) (local.get 1) (local.get 2)))
  (func $call_wrong (export "call_wrong") (result i32) (call $wrong))              ;; 14
  (func $size (export "size") (result i32) (memory.size))                          ;; 15
  ;; A call of the host that re-enters the guest, then a call that traps: the backtrace still
  ;; names the caller, whose frame record the nested call used while it ran.
  (func $reenter_then_trap (export "reenter_then_trap") (param i32) (result i32)   ;; 16
    (drop (call $reenter (local.get 0)))
    (call $trap_below (local.get 0)))
  (func $trap_below (export "trap_below") (param i32) (result i32) (unreachable))) ;; 17
