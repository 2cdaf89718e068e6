;; A module without a name section.
(module
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func $fail (export "fail") (unreachable)))
