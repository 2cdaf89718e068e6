;; Recursion without end: the stack limit stops it, however deep it is allowed to go.
(module
  (func $down (export "down") (param i32) (result i32)
    (call $down (i32.add (local.get 0) (i32.const 1)))))
