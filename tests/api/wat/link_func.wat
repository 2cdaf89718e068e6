;; Imports one function of type [i32] -> [i32].
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (func (export "call") (param i32) (result i32) (call $f (local.get 0))))
