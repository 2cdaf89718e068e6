;; A memory whose type allows at most 2 pages.
(module
  (memory (export "memory") 1 2)
  (func (export "grow") (param i32) (result i32)
    local.get 0
    memory.grow))
