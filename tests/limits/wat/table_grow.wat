;; A table of 10 elements without a maximum, and a bomb that grows it until table.grow says -1,
;; calling the host after every attempt.
(module
  (import "host" "observe" (func $observe))
  (table $t (export "table") 10 funcref)
  (func (export "grow") (param i32) (result i32)
    ref.null func
    local.get 0
    table.grow $t)
  (func (export "size") (result i32)
    table.size $t)
  (func (export "bomb") (param $delta i32) (result i32) (local $n i32)
    (block $done
      (loop $again
        ref.null func
        local.get $delta
        table.grow $t
        call $observe
        i32.const -1
        i32.eq
        br_if $done
        local.get $n
        i32.const 1
        i32.add
        local.set $n
        br $again))
    local.get $n))
