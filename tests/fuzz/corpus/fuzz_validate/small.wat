;; A seed for fuzz_validate: the smallest modules worth mutating.
(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (memory 1)
  (data (i32.const 0) "\00\01\02\03"))
