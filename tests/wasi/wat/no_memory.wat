;; A WASI command that exports no memory: every pointer it passes is out of bounds, so fd_write
;; returns errno fault (21), which it passes to proc_exit.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_start")
    (call $exit (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0)))))
