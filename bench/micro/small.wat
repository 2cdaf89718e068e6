;; The small module of the micro-benchmarks: one page of memory, a table, globals, data and
;; element segments, and ten functions, among them those that calls and traps are measured with.
;; It imports nothing.
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
    call $trap_deep)

  ;; The rest of the ten: what a small plugin's exports look like.
  (func $bump (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))

  (func $load (export "load") (param $p i32) (result i32)
    (i32.load (local.get $p)))

  (func $store (export "store") (param $p i32) (param $v i32)
    (i32.store (local.get $p) (local.get $v)))

  (func $mix (export "mix") (param $x i64) (result i64)
    (i64.xor (i64.mul (local.get $x) (global.get $seed)) (i64.shr_u (local.get $x) (i64.const 29))))

  (func $sum (export "sum") (param $p i32) (param $n i32) (result i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  (func $pick (export "pick") (param $i i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (param i32 i32) (result i32) (local.get $a) (local.get $b) (local.get $i))))
