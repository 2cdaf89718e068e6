;; A host function with 10 parameters and 10 results, more values than fit the engine's inline
;; buffer for host calls.
(module
  (type $wide (func (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64)
                    (result i64 i32 f64 f32 i64 i32 f64 f32 i64 i32)))
  (import "host" "wide" (func $wide (type $wide)))
  (func (export "call_wide") (type $wide)
    (call $wide (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)
                (local.get 5) (local.get 6) (local.get 7) (local.get 8) (local.get 9))))
