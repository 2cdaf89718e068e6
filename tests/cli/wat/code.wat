;; Lowered code for `warden inspect --code` (tests/cli/cases/inspect_code.sh): an import, a call,
;; a fused compare-and-branch, a loop with br_if and br_table, constants folded into operators.
(module
  (import "env" "print" (func $print (param i32)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $loop (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_table 0 1 (local.get 0))))
    (local.get 1)))
