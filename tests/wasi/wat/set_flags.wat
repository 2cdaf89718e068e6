;; A WASI command that makes its standard output non-blocking and append-only, and exits with
;; fd_fdstat_set_flags's errno.
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; fdflags: append (1) | nonblock (4)
    (call $exit (call $set_flags (i32.const 1) (i32.const 5)))))
