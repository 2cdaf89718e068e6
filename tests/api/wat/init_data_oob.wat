;; The second active data segment does not fit the imported one-page memory.
(module
  (import "env" "memory" (memory 1))
  (data (i32.const 0) "hi")
  (data (i32.const 65535) "ab")
  (data (i32.const 8) "never"))
