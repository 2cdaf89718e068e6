;; A memory of 2 pages and a table of 10 elements, neither with a maximum, and bombs that grow
;; them until growth is denied. Each bomb returns the number of successful grows.
(module
  (memory (export "memory") 2)
  (table $t (export "table") 10 funcref)
  (func $memory_bomb (export "memory_bomb") (param $delta i32) (result i32) (local $n i32)
    (block $done
      (loop $again
        local.get $delta
        memory.grow
        i32.const -1
        i32.eq
        br_if $done
        local.get $n
        i32.const 1
        i32.add
        local.set $n
        br $again))
    local.get $n)
  (func $table_bomb (export "table_bomb") (param $delta i32) (result i32) (local $n i32)
    (block $done
      (loop $again
        ref.null func
        local.get $delta
        table.grow $t
        i32.const -1
        i32.eq
        br_if $done
        local.get $n
        i32.const 1
        i32.add
        local.set $n
        br $again))
    local.get $n))
