;; Guests for the deadline tests. The host imports: "ready" tells another thread the guest runs,
;; "tick" advances the engine's epoch, "expire" advances it past the store's deadline.
(module
  (import "host" "ready" (func $ready))
  (import "host" "tick" (func $tick))
  (import "host" "expire" (func $expire))
  (memory (export "memory") 1024)

  (func (export "spin")
    (loop $l br $l))

  (func (export "ready_spin")
    call $ready
    (loop $l br $l))

  (func (export "tick_loop")
    (loop $l
      call $tick
      br $l))

  ;; 1 + 2 + ... + n, in a loop
  (func $finite (export "finite") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      local.get $acc
      local.get $n
      i32.add
      local.set $acc
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      br_if $l)
    local.get $acc)

  ;; The deadline passes inside "expire"; nothing but the fill follows.
  (func (export "expire_fill") (param $n i32)
    call $expire
    i32.const 0
    i32.const 0xCD
    local.get $n
    memory.fill)

  (func (export "expire_copy") (param $d i32) (param $s i32) (param $n i32)
    call $expire
    local.get $d
    local.get $s
    local.get $n
    memory.copy))
