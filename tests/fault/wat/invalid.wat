;; Well-formed but invalid: the body leaves an i64 where an i32 is due (wat2wasm --no-check).
(module
  (func (export "bad") (result i32) (i64.const 1))
)
