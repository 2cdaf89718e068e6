;; WASI under a scheduler (test_wasi_async.c): sleeping in poll_oneoff, waiting for a descriptor in
;; poll_oneoff, reading with fd_read and sock_recv. Memory layout: subscriptions at 0 (two of 48
;; bytes), events at 128 (two of 32 bytes), the event count or byte count at 192, sock_recv's
;; flags at 196, the iovec at 200, the bytes read at 256.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)

  ;; A clock subscription at `at`: relative to now on the monotonic clock.
  (func $clock_sub (param $at i32) (param $userdata i64) (param $ns i64)
    (memory.fill (local.get $at) (i32.const 0) (i32.const 48))
    (i64.store (local.get $at) (local.get $userdata))
    (i32.store offset=16 (local.get $at) (i32.const 1))
    (i64.store offset=24 (local.get $at) (local.get $ns)))

  ;; sleep(ns, userdata) -> poll_oneoff's errno
  (func (export "sleep") (param $ns i64) (param $userdata i64) (result i32)
    (call $clock_sub (i32.const 0) (local.get $userdata) (local.get $ns))
    (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 192)))

  ;; poll_read(fd, ns) -> errno: an fd_read subscription on fd (userdata 1) and a clock of ns
  ;; (userdata 2)
  (func (export "poll_read") (param $fd i32) (param $ns i64) (result i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 48))
    (i64.store (i32.const 0) (i64.const 1))
    (i32.store8 (i32.const 8) (i32.const 1))
    (i32.store (i32.const 16) (local.get $fd))
    (call $clock_sub (i32.const 48) (i64.const 2) (local.get $ns))
    (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 2) (i32.const 192)))

  ;; read(fd, len) -> fd_read's errno; the count at 192, the bytes at 256
  (func (export "read") (param $fd i32) (param $len i32) (result i32)
    (i32.store (i32.const 200) (i32.const 256))
    (i32.store (i32.const 204) (local.get $len))
    (call $fd_read (local.get $fd) (i32.const 200) (i32.const 1) (i32.const 192)))

  ;; recv(fd, len) -> sock_recv's errno; the count at 192, the flags at 196, the bytes at 256
  (func (export "recv") (param $fd i32) (param $len i32) (result i32)
    (i32.store (i32.const 200) (i32.const 256))
    (i32.store (i32.const 204) (local.get $len))
    (call $sock_recv (local.get $fd) (i32.const 200) (i32.const 1) (i32.const 0) (i32.const 192)
      (i32.const 196))))
