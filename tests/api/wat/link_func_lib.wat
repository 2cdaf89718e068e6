;; Exports a function of type [i32] -> [i32] for link_func.wat to import.
(module
  (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
