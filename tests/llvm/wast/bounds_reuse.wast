;; The compiled tier checks an access's bounds once for a value: a later access from the same slot
;; that ends no further skips its check (llvm/emit_access.c). Each case here must still trap where
;; an access leaves memory: a further end, the slot written between (by an integer operation, a
;; load, a handler, a copy), a join with a way that did not check, a loop, the address + k form.
;; Run in both tiers (tests/llvm/CMakeLists.txt).
(module
  (memory 1)
  (data (i32.const 0) "\70\11\01\00")  ;; 70000 at address 0

  ;; Bytes p .. p + 3, then p + 4 .. p + 7: the second check must not be skipped.
  (func (export "further") (param $p i32) (result i32)
    (drop (i32.load (local.get $p)))
    (i32.load offset=4 (local.get $p)))

  ;; An i64 load checks 8 bytes: the i32 loads within them need no check, and read right.
  (func (export "within") (param $p i32) (result i32)
    (drop (i64.load (local.get $p)))
    (i32.add (i32.load offset=4 (local.get $p)) (i32.load8_u offset=7 (local.get $p))))

  ;; A load then a store of the same address (the store's check is the one skipped).
  (func (export "load_store") (param $p i32) (result i32)
    (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 5)))
    (i32.load (local.get $p)))

  ;; The address slot written by an integer operation between the two.
  (func (export "moved") (param $p i32) (result i32)
    (drop (i32.load (local.get $p)))
    (local.set $p (i32.add (local.get $p) (i32.const 4)))
    (i32.load (local.get $p)))

  ;; The address slot written by the load itself: p = *p.
  (func (export "chased") (param $p i32) (result i32)
    (local.set $p (i32.load (local.get $p)))
    (i32.load (local.get $p)))

  ;; The address slot written by a handler (a SIMD lane).
  (func (export "lane") (param $p i32) (param $q i32) (result i32)
    (drop (i32.load (local.get $p)))
    (local.set $p (i32x4.extract_lane 0 (i32x4.splat (local.get $q))))
    (i32.load (local.get $p)))

  ;; The address slot written by a copy from another local.
  (func (export "copied") (param $p i32) (param $q i32) (result i32)
    (drop (i32.load (local.get $p)))
    (local.set $p (local.get $q))
    (i32.load (local.get $p)))

  ;; Checked on one way into the join only.
  (func (export "joined") (param $p i32) (param $c i32) (result i32)
    (if (local.get $c) (then (drop (i32.load (local.get $p)))))
    (i32.load (local.get $p)))

  ;; A loop walking up to the end: each iteration's address is new.
  (func (export "walk") (param $p i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $l))
    (local.get $sum))

  ;; p, then p + 8 (an address + k form): not the same address.
  (func (export "plus_k") (param $p i32) (result i32)
    (drop (i32.load (local.get $p)))
    (i32.load (i32.add (local.get $p) (i32.const 8))))

  ;; Checked, memory grown by a call, then the same bytes: in bounds all along.
  (func $grow (result i32) (memory.grow (i32.const 1)))
  (func (export "after_grow") (param $p i32) (result i32)
    (i32.store (local.get $p) (i32.const 7))
    (drop (call $grow))
    (i32.store offset=65536 (local.get $p) (i32.const 9))
    (i32.add (i32.load (local.get $p)) (i32.load offset=65536 (local.get $p))))
)

(assert_trap (invoke "further" (i32.const 65532)) "out of bounds memory access")
(assert_return (invoke "further" (i32.const 65528)) (i32.const 0))
(assert_return (invoke "within" (i32.const 0)) (i32.const 0))
(assert_trap (invoke "within" (i32.const 65529)) "out of bounds memory access")
(assert_return (invoke "load_store" (i32.const 16)) (i32.const 5))
(assert_return (invoke "load_store" (i32.const 16)) (i32.const 10))
(assert_trap (invoke "load_store" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "moved" (i32.const 65532)) "out of bounds memory access")
(assert_return (invoke "moved" (i32.const 65528)) (i32.const 0))
(assert_trap (invoke "chased" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "lane" (i32.const 0) (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "lane" (i32.const 0) (i32.const 0)) (i32.const 70000))
(assert_trap (invoke "copied" (i32.const 0) (i32.const 65535)) "out of bounds memory access")
(assert_trap (invoke "joined" (i32.const 65534) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "joined" (i32.const 65534) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "joined" (i32.const 0) (i32.const 1)) (i32.const 70000))
(assert_trap (invoke "walk" (i32.const 65524)) "out of bounds memory access")
(assert_trap (invoke "plus_k" (i32.const 65528)) "out of bounds memory access")
(assert_return (invoke "plus_k" (i32.const 65520)) (i32.const 0))
(assert_return (invoke "after_grow" (i32.const 100)) (i32.const 16))
