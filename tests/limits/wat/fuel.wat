;; Small functions whose fuel cost is computed by hand in test_fuel.c from the default cost table:
;; nop, block, loop, end, else, drop, unreachable and return cost 0, every other instruction 1,
;; bulk memory and table operations 1 more per 64 bytes or elements.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "host" "nop" (func $host_nop (param i32)))
  (memory (export "memory") 2)
  (table $t 256 funcref)
  (elem (i32.const 200) $straight)
  (data $passive "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")

  ;; local.get, local.get, i32.add, i32.const, i32.mul: 5
  (func $straight (export "straight") (type $binop)
    local.get 0
    local.get 1
    i32.add
    i32.const 3
    i32.mul)

  ;; 0
  (func (export "empty"))

  ;; only i32.const (twice) costs: 2
  (func (export "free_control") (result i32)
    nop
    (block nop)
    (loop nop)
    i32.const 7
    drop
    i32.const 1
    return)

  ;; 9 per iteration (n iterations for n >= 1), then local.get: 9n + 1
  (func (export "loop_n") (param $n i32) (result i32) (local $acc i32)
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

  ;; i32.const, i32.const, call (1 + 5), i32.const, i32.add: 10
  (func (export "call_straight") (result i32)
    i32.const 2
    i32.const 5
    call $straight
    i32.const 1
    i32.add)

  ;; i32.const x3, call_indirect (1 + 5): 9
  (func (export "call_indirect") (result i32)
    i32.const 2
    i32.const 5
    i32.const 200
    call_indirect $t (type $binop))

  ;; taken: i32.const, local.get, br_if = 3; not taken: 3 + i32.const, i32.const, i32.add = 6
  (func (export "br_if") (param $c i32) (result i32)
    (block $b (result i32)
      i32.const 10
      local.get $c
      br_if $b
      drop
      i32.const 20
      i32.const 1
      i32.add))

  ;; then: local.get, if, i32.const = 3; else: local.get, if, i32.const x2, i32.add = 5
  (func (export "if_else") (param $c i32) (result i32)
    local.get $c
    (if (result i32)
      (then i32.const 1)
      (else i32.const 2 i32.const 3 i32.add)))

  ;; n < 2: 5; otherwise 13 + fib(n - 1) + fib(n - 2)
  (func $fib (export "fib") (param $n i32) (result i32)
    local.get $n
    i32.const 2
    i32.lt_u
    (if (result i32)
      (then local.get $n)
      (else
        local.get $n
        i32.const 1
        i32.sub
        call $fib
        local.get $n
        i32.const 2
        i32.sub
        call $fib
        i32.add)))

  ;; i32.const, i32.const, local.get, memory.fill: 4 + n/64
  (func (export "fill") (param $n i32)
    i32.const 0
    i32.const 0xAB
    local.get $n
    memory.fill)

  ;; i32.const, i32.const, local.get, memory.copy: 4 + n/64
  (func (export "copy") (param $n i32)
    i32.const 65536
    i32.const 0
    local.get $n
    memory.copy)

  ;; i32.const, ref.null, local.get, table.fill: 4 + n/64
  (func (export "table_fill") (param $n i32)
    i32.const 0
    ref.null func
    local.get $n
    table.fill $t)

  ;; i32.const, i32.const, local.get, memory.init: 4 + n/64
  (func (export "init") (param $n i32)
    i32.const 0
    i32.const 0
    local.get $n
    memory.init $passive)

  ;; i32.const, i32.const, local.get, table.copy: 4 + n/64
  (func (export "table_copy") (param $n i32)
    i32.const 0
    i32.const 64
    local.get $n
    table.copy $t $t)

  ;; local.get, br_table, then i32.const on whichever label is taken: 3
  (func (export "br_table") (param $i i32) (result i32)
    (block $b2
      (block $b1
        (block $b0
          local.get $i
          br_table $b0 $b1 $b2)
        i32.const 10
        return)
      i32.const 11
      return)
    i32.const 12)

  ;; i32.const, drop, unreachable: 1, then a trap
  (func (export "unreachable")
    i32.const 1
    drop
    unreachable)

  ;; i32.const, call: 2 (the host function itself costs nothing)
  (func (export "call_host")
    i32.const 5
    call $host_nop)

  ;; loop, br: 1 per iteration, forever
  (func (export "spin")
    (loop $l br $l))

  ;; call: 1 per level, forever (no loop: only the function-entry check can stop it)
  (func $recurse (export "recurse")
    call $recurse)
)
