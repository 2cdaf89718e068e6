;; Guests for the interrupt tests. The host imports: "ready" tells another thread the guest runs,
;; "raise" raises the store's interrupt from inside the call (directly or through a signal).
(module
  (import "host" "ready" (func $ready))
  (import "host" "raise" (func $raise))

  (func (export "ready_spin")
    call $ready
    (loop $l br $l))

  ;; Raises, then returns without passing another check site.
  (func (export "raise_then_return") (result i32)
    call $raise
    i32.const 42)

  (func (export "raise_then_spin")
    call $raise
    (loop $l br $l))

  (func $add (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)

  ;; 1 + 2 + ... + n with a call per iteration: many check sites, function entries and
  ;; back-edges alike.
  (func (export "finite") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      local.get $acc
      local.get $n
      call $add
      local.set $acc
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      br_if $l)
    local.get $acc))
