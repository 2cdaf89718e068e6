;; Guests for the stack tests: unbounded recursion through direct calls, call_indirect, mutual
;; calls, calls with wide frames and calls that go through the host and back; "depth" counts the
;; guest frames entered.
(module
  (type $rec (func (param i32) (result i32)))
  (import "host" "reenter" (func $reenter_host (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $indirect $finite)
  (global $depth (export "depth") (mut i32) (i32.const 0))

  (func (export "reset")
    i32.const 0
    global.set $depth)

  (func $direct (export "direct") (param $n i32) (result i32)
    global.get $depth
    i32.const 1
    i32.add
    global.set $depth
    local.get $n
    i32.const 1
    i32.add
    call $direct)

  (func $indirect (export "indirect") (param $n i32) (result i32)
    global.get $depth
    i32.const 1
    i32.add
    global.set $depth
    local.get $n
    i32.const 1
    i32.add
    i32.const 0
    call_indirect (type $rec))

  (func $mutual_a (export "mutual") (param $n i32) (result i32)
    global.get $depth
    i32.const 1
    i32.add
    global.set $depth
    local.get $n
    call $mutual_b)
  (func $mutual_b (param $n i32) (result i32)
    global.get $depth
    i32.const 1
    i32.add
    global.set $depth
    local.get $n
    call $mutual_a)

  ;; Through the host: the import calls "reenter" again with n + 1.
  (func $reenter (export "reenter") (param $n i32) (result i32)
    global.get $depth
    i32.const 1
    i32.add
    global.set $depth
    local.get $n
    call $reenter_host)

  ;; Returns n after recursing n levels deep: n + 1 frames at the deepest point.
  (func $finite (export "finite") (param $n i32) (result i32)
    local.get $n
    i32.eqz
    (if (result i32)
      (then i32.const 0)
      (else
        local.get $n
        i32.const 1
        i32.sub
        call $finite
        i32.const 1
        i32.add)))

  ;; 128 i64 locals: a frame of at least 1 KiB.
  (func $wide (export "wide") (param $n i32) (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    global.get $depth
    i32.const 1
    i32.add
    global.set $depth
    local.get $n
    i32.const 1
    i32.add
    call $wide)
)
