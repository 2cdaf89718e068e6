;; Imports of every kind, a start function that calls the host, and element and data segments
;; that initialise the imported table and memory.
(module $imports
  (type $wide (func (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64
                           i32 i64 f32 f64) (result i64)))
  (import "host" "note" (func $note (param i32)))
  (import "host" "wide" (func $wide (type $wide)))
  (import "host" "table" (table $t 2 funcref))
  (import "host" "memory" (memory $m 1))
  (import "host" "base" (global $base i32))
  (import "host" "count" (global $count (mut i64)))

  (elem (table $t) (i32.const 0) func $get $note)
  (data (memory $m) (global.get $base) "imported memory")

  (func $get (export "get") (result i64) (global.get $count))
  (func $start
    (call $note (i32.load8_u (global.get $base)))
    (global.set $count (i64.add (global.get $count) (i64.const 1))))
  (start $start)

  (func (export "call_wide") (result i64)
    (call $wide (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
                (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8)
                (i32.const 9) (i64.const 10) (f32.const 11) (f64.const 12)
                (i32.const 13) (i64.const 14) (f32.const 15) (f64.const 16)
                (i32.const 17) (i64.const 18) (f32.const 19) (f64.const 20)))
)
