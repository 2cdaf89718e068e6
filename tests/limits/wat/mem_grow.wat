;; A memory of 2 pages without a maximum, and a bomb that grows it until memory.grow says -1,
;; calling the host after every attempt so it can look at the store's accounting.
(module
  (import "host" "observe" (func $observe))
  (memory (export "memory") 2)
  (func (export "grow") (param i32) (result i32)
    local.get 0
    memory.grow)
  (func (export "size") (result i32)
    memory.size)
  ;; Returns the number of successful grows.
  (func (export "bomb") (param $delta i32) (result i32) (local $n i32)
    (block $done
      (loop $again
        local.get $delta
        memory.grow
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
