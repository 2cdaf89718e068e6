;; A module whose exports another instantiation imports through the linker.
(module $provider
  (memory (export "memory") 1 4)
  (table (export "table") 3 funcref)
  (global (export "base") i32 (i32.const 8))
  (global (export "count") (mut i64) (i64.const 40))
  (func (export "note") (param i32))
  (elem (i32.const 2) func 0)
)
