;; The guest of examples/uv_host.c. Both imports are async host functions: the guest calls them
;; like any function, and its call pauses until libuv says the operation is over.
(module
  ;; Waits `ms` milliseconds (a libuv timer).
  (import "host" "sleep_ms" (func $sleep_ms (param $ms i32)))
  ;; Reads up to `len` bytes of the host's data file at `offset` into memory[ptr, ptr + len)
  ;; (libuv's uv_fs_read). Returns the number of bytes read, or a negative error number.
  (import "host" "read_file" (func $read_file (param $offset i64) (param $ptr i32) (param $len i32)
                                              (result i32)))
  (memory (export "memory") 1)

  ;; FNV-1a (64-bit) of memory[0, n), continuing from h.
  (func $fnv1a (param $h i64) (param $n i32) (result i64)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h
          (i64.mul (i64.xor (local.get $h) (i64.load8_u (local.get $i)))
                   (i64.const 0x100000001b3)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $h))

  ;; Three rounds of: sleep 1 to 5 ms, read 4 KiB of the file at an offset that depends on the
  ;; tenant's id and the round, and fold the bytes (and their count) into a checksum. The host
  ;; computes the same checksum from the file to check the answer.
  (func (export "run") (param $id i32) (result i64)
    (local $h i64) (local $round i32) (local $n i32)
    (local.set $h (i64.const 0xcbf29ce484222325))
    (loop $again
      (call $sleep_ms
        (i32.add (i32.const 1)
                 (i32.rem_u (i32.add (local.get $id) (local.get $round)) (i32.const 5))))
      (local.set $n
        (call $read_file
          (i64.extend_i32_u
            (i32.add (i32.mul (local.get $id) (i32.const 1300))
                     (i32.mul (local.get $round) (i32.const 173))))
          (i32.const 0) (i32.const 4096)))
      (if (i32.lt_s (local.get $n) (i32.const 0)) (then unreachable))
      (local.set $h
        (i64.xor (call $fnv1a (local.get $h) (local.get $n)) (i64.extend_i32_u (local.get $n))))
      (local.set $round (i32.add (local.get $round) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $round) (i32.const 3))))
    (local.get $h)))
