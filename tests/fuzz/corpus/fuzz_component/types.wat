;; Type definitions of every kind: core function and module types, component and instance types
;; with imports, exports, aliases and resources, an imported instance and an imported type, and
;; a function that takes and gives nested value types.
(component
  (core type $ft (func (param i32) (result i32)))
  (core type $mt (module
    (type $f (func (param i32)))
    (import "a" "b" (func (type $f)))
    (export "mem" (memory 1 2))
    (export "g" (global (mut i64)))
    (export "t" (table 1 funcref))))
  (type $deep (list (option (result (tuple u8 (list string)) (error (list (list u16)))))))
  (type $it (instance
    (export "r" (type $r (sub resource)))
    (type $x (record (field "a" u8) (field "b" (list $deep))))
    (export "x" (type (eq $x)))
    (export "get" (func (param "self" (borrow $r)) (result u32)))))
  (type $ct (component
    (import "dep" (instance (type $it)))
    (alias outer 1 $deep (type $d))
    (export "run" (func (param "d" $d)))))
  (import "ns:pkg/iface@1.2.3" (instance $iface
    (export "ping" (func (param "n" u8) (result u8)))
    (export "label" (func (result string)))))
  (import "kind" (type $kind (sub resource)))
  (import "plug" (component (type $ct)))
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8192))
    (func (export "deep") (param i32 i32) (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "deep") (param "d" $deep) (result $deep)
    (canon lift (core func $i "deep") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (alias export $iface "ping" (func $ping))
  (export "ping" (func $ping))
)
