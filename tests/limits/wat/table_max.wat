;; A table whose type allows at most 2 elements.
(module
  (table $t (export "table") 1 2 funcref)
  (func (export "grow") (param i32) (result i32)
    ref.null func
    local.get 0
    table.grow $t))
