;; A call that waits twice on an async host function: run(x) = 2 * fetch(x) + fetch(x + 1000).
;; The scheduler tests' fetch returns 3 * its argument, so run(x) = 9x + 3000.
(module
  (import "host" "fetch" (func $fetch (param i32) (result i32)))
  (func (export "run") (param $x i32) (result i32)
    (i32.add
      (i32.mul (call $fetch (local.get $x)) (i32.const 2))
      (call $fetch (i32.add (local.get $x) (i32.const 1000))))))
