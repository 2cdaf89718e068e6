;; Maps and fixed-length lists: what validation refuses (an empty fixed-length list, keys that are
;; not a <keytype>, types that differ only in a list's length), and fixed-length lists crossing
;; flattened, in memory, and from one component to another.

(assert_invalid (component (type (list u8 0))) "more than zero elements")
(assert_invalid (component (type (map f32 u8))) "map key type")
(assert_invalid (component (type (map f64 u8))) "map key type")
(assert_invalid (component (type (map (list u8) u8))) "map key type")
(assert_invalid (component (type (map (tuple u8) u8))) "map key type")
(assert_invalid (component (type (map (option u8) u8))) "map key type")
(component
  (type (map bool u8)) (type (map s8 u8)) (type (map u8 u8)) (type (map s16 u8))
  (type (map u16 u8)) (type (map s32 u8)) (type (map u32 u8)) (type (map s64 u8))
  (type (map u64 u8)) (type (map char u8)) (type (map string (map string (list u8 2)))))

;; A list's length is part of its type: list<u8, 2>, list<u8, 3> and list<u8> differ.
(assert_invalid
  (component
    (component $c (import "f" (func (param "a" (list u8 2)))))
    (component $p
      (core module $m (func (export "f") (param i32 i32 i32)))
      (core instance $i (instantiate $m))
      (func (export "f") (param "a" (list u8 3)) (canon lift (core func $i "f"))))
    (instance $pi (instantiate $p))
    (instance (instantiate $c (with "f" (func $pi "f")))))
  "list lengths differ")
(assert_invalid
  (component
    (component $c (import "f" (func (param "a" (list u8 2)))))
    (component $p
      (core module $m
        (memory (export "mem") 1)
        (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
        (func (export "f") (param i32 i32)))
      (core instance $i (instantiate $m))
      (func (export "f") (param "a" (list u8))
        (canon lift (core func $i "f") (memory (core memory $i "mem"))
          (realloc (core func $i "realloc")))))
    (instance $pi (instantiate $p))
    (instance (instantiate $c (with "f" (func $pi "f")))))
  "list lengths differ")

;; list<u32, 4> flattened, list<u16, 10> past 16 flat values in memory, and from one component
;; through another that lowers them again.
(component
  (component $inner
    (core module $m
      (memory (export "mem") 1)
      (func (export "sum4") (param i32 i32 i32 i32) (result i32)
        (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3))))
      ;; list<u16, 10> x 2: 20 flat values, passed in memory at the pointer
      (func (export "sum-pairs") (param $p i32) (result i32)
        (local $i i32) (local $s i32)
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $i) (i32.const 40)))
          (local.set $s (i32.add (local.get $s)
            (i32.load16_u (i32.add (local.get $p) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br $l)))
        (local.get $s))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 256)))
    (core instance $i (instantiate $m))
    (func (export "sum4") (param "a" (list u32 4)) (result u32)
      (canon lift (core func $i "sum4")))
    (func (export "sum-pairs") (param "a" (list u16 10)) (param "b" (list u16 10)) (result u32)
      (canon lift (core func $i "sum-pairs") (memory (core memory $i "mem"))
        (realloc (core func $i "realloc")))))
  (component $outer
    (import "sum4" (func $sum4 (param "a" (list u32 4)) (result u32)))
    (core func $lowered (canon lower (func $sum4)))
    (core module $m
      (import "" "sum4" (func $sum4 (param i32 i32 i32 i32) (result i32)))
      (func (export "twice") (param i32 i32 i32 i32) (result i32)
        (i32.add (call $sum4 (local.get 0) (local.get 1) (local.get 2) (local.get 3))
                 (call $sum4 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))))
    (core instance $i (instantiate $m (with "" (instance (export "sum4" (func $lowered))))))
    (func (export "twice") (param "a" (list u32 4)) (result u32)
      (canon lift (core func $i "twice"))))
  (instance $in (instantiate $inner))
  (instance $out (instantiate $outer (with "sum4" (func $in "sum4"))))
  (export "sum4" (func $in "sum4"))
  (export "sum-pairs" (func $in "sum-pairs"))
  (export "twice" (func $out "twice")))
(assert_return
  (invoke "sum4" (list.const (u32.const 1) (u32.const 2) (u32.const 3) (u32.const 4)))
  (u32.const 10))
(assert_return
  (invoke "sum-pairs"
    (list.const (u16.const 1) (u16.const 2) (u16.const 3) (u16.const 4) (u16.const 5)
                (u16.const 6) (u16.const 7) (u16.const 8) (u16.const 9) (u16.const 10))
    (list.const (u16.const 100) (u16.const 0) (u16.const 0) (u16.const 0) (u16.const 0)
                (u16.const 0) (u16.const 0) (u16.const 0) (u16.const 0) (u16.const 65535)))
  (u32.const 65690))
(assert_return
  (invoke "twice" (list.const (u32.const 1) (u32.const 2) (u32.const 3) (u32.const 4)))
  (u32.const 20))
