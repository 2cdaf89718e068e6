;; The guest of examples/thread_pool_host.c: a request handler, and a tenant that never stops.
(module
  ;; The value stored under `key` in the host's database: an async host function, finished by the
  ;; host's backend thread. The guest's call pauses until then.
  (import "db" "get" (func $db_get (param $key i32) (result i64)))

  ;; How many times spin's loop went round.
  (global $spins (export "spins") (mut i64) (i64.const 0))

  ;; A request: looks up a user's two accounts (keys 2 * user and 2 * user + 1) and returns
  ;; 3 * the first + the second.
  (func (export "handle") (param $user i32) (result i64)
    (local $first i64)
    (local.set $first (call $db_get (i32.shl (local.get $user) (i32.const 1))))
    (i64.add
      (i64.mul (local.get $first) (i64.const 3))
      (call $db_get (i32.or (i32.shl (local.get $user) (i32.const 1)) (i32.const 1)))))

  ;; A tenant stuck in a loop: it never returns. Time slices keep it from holding a worker.
  (func (export "spin")
    (loop $forever
      (global.set $spins (i64.add (global.get $spins) (i64.const 1)))
      (br $forever))))
