;; One memory.fill of 4 GiB - 1 bytes: seconds of work in a single instruction.
(module
  (memory (export "memory") 65536)
  (func (export "fill_all")
    i32.const 0
    i32.const 1
    i32.const -1
    memory.fill))
