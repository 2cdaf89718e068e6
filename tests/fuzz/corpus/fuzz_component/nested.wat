;; Nested components: an inner component instantiated twice with a host function passed in,
;; instance exports aliased out, an outer alias of a type, and a component re-exporting an
;; instance it made from inline exports.
(component
  (import "tick" (func $tick (param "n" u32) (result u32)))
  (type $num (tuple u32 u32))
  (component $inner
    (import "f" (func $f (param "n" u32) (result u32)))
    (alias outer 1 $num (type $n))
    (core func $fl (canon lower (func $f)))
    (core module $m
      (import "h" "f" (func $f (param i32) (result i32)))
      (func (export "twice") (param i32) (result i32) (call $f (call $f (local.get 0))))
      (func (export "swap") (param i32 i32) (result i32) (i32.const 0))
      (memory (export "mem") 1))
    (core instance $i (instantiate $m (with "h" (instance (export "f" (func $fl))))))
    (func (export "twice") (param "n" u32) (result u32) (canon lift (core func $i "twice")))
    (func $swap (param "p" $n) (result $n) (canon lift (core func $i "swap") (memory (core memory $i "mem"))))
    (export "swap" (func $swap))
  )
  (instance $a (instantiate $inner (with "f" (func $tick))))
  (alias export $a "twice" (func $twice))
  (instance $b (instantiate $inner (with "f" (func $twice))))
  (instance $both (export "first" (func $twice)) (export "second" (func $b "twice")))
  (export "pair" (instance $both))
  (export "four" (func $b "twice"))
)
