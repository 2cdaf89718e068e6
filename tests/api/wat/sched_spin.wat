;; loop(id, n): calls note(id) once per iteration, n times (n = -1: practically forever, 2^32
;; times), then returns id. With fuel slices, every slice of it calls note at least once.
(module
  (import "host" "note" (func $note (param i32)))
  (func (export "loop") (param $id i32) (param $n i32) (result i32)
    (block $out
      (loop $again
        (br_if $out (i32.eqz (local.get $n)))
        (call $note (local.get $id))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (local.get $id)))
