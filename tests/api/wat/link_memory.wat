;; Imports a memory of 2 to 3 pages.
(module
  (import "env" "m" (memory 2 3))
  (func (export "size") (result i32) (memory.size)))
