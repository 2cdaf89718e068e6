;; A WASI command that prints "ready" and then spins forever: the test knows it is running.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ready\n")
  (func $spin
    (loop $l (br $l)))
  (func $_start (export "_start")
    (i32.store (i32.const 0) (i32.const 16)) ;; iovec: "ready\n"
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $spin)))
