;; A global of type i32 initialised with an i64 constant: a type error in a constant expression.
(module
  (global i32 (i64.const 0)))
