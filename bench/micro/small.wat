;; The small module of the micro-benchmarks: a memory, a table, globals, data and element
;; segments, and the functions that calls and traps are measured with. It imports nothing.
(module
  (memory (export "memory") 1 1)
  (table 4 funcref)
  (global $counter (mut i32) (i32.const 0))
  (global $seed i64 (i64.const 0x123456789))
  (data (i32.const 16) "a small module for warden's micro-benchmarks")
  (elem (i32.const 0) $empty $add)

  (func $empty (export "empty"))

  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)

  (func $trap (export "trap")
    unreachable)

  ;; Recurses n frames deep, then traps.
  (func $trap_deep (export "trap_deep") (param $n i32)
    local.get $n
    i32.eqz
    if
      unreachable
    end
    local.get $n
    i32.const 1
    i32.sub
    call $trap_deep))
