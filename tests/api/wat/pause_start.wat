;; A start function that fills frames of the store's stack (200 levels of recursion, four i64
;; locals each set to -1): instantiated while a call of the store is paused.
(module
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $rec (param i32) (result i32) (local i64 i64 i64 i64)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else
        (local.set 1 (i64.const -1))
        (local.set 2 (i64.const -1))
        (local.set 3 (i64.const -1))
        (local.set 4 (i64.const -1))
        (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1)))
                 (i32.wrap_i64 (local.get 1))))))
  (func $start (global.set $g (call $rec (i32.const 200))))
  (start $start))
