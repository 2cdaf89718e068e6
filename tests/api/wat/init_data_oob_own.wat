;; An active data segment past the end of the module's own memory.
(module
  (memory 1)
  (data (i32.const 65536) "x"))
