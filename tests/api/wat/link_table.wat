;; Imports a funcref table of 2 to 5 elements.
(module
  (import "env" "t" (table 2 5 funcref))
  (func (export "size") (result i32) (table.size 0)))
