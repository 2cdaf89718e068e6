;; i32.add applied to an i64 operand: a type error inside a function body.
(module
  (func (result i32)
    (i32.add (i32.const 1) (i64.const 2))))
