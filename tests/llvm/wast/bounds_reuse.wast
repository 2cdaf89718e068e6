;; The compiled tier checks an access's bounds once for a value: a later access from the same slot
;; that ends no further skips its check (llvm/emit_access.c). Each case here must still trap where
;; an access leaves memory: a further end, the slot written between (by an integer operation, a
;; load, a handler, a copy), a join with a way that did not check (an if, a forward br_if, a
;; br_table, two branches to one block, a narrower check on one way), a loop (checked before it
;; or not), the address + k form.
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

  ;; Checked on the way that falls in, not on a forward branch's (br_if out of a block).
  (func (export "branched") (param $p i32) (param $c i32) (result i32)
    (block $b
      (br_if $b (local.get $c))
      (drop (i32.load (local.get $p))))
    (i32.load (local.get $p)))

  ;; Checked in one arm of an if/else only.
  (func (export "one_arm") (param $p i32) (param $q i32) (param $c i32) (result i32)
    (if (local.get $c)
      (then (drop (i32.load (local.get $p))))
      (else (drop (i32.load (local.get $q)))))
    (i32.load (local.get $p)))

  ;; Checked in both arms: the join keeps it (and the value read is right).
  (func (export "both_arms") (param $p i32) (param $c i32) (result i32)
    (if (local.get $c)
      (then (drop (i32.load (local.get $p))))
      (else (drop (i32.load offset=2 (local.get $p)))))
    (i32.load16_u offset=2 (local.get $p)))

  ;; Both arms checked, the narrower one decides: 1 byte on one way, then 4 needed.
  (func (export "narrower") (param $p i32) (param $c i32) (result i32)
    (if (local.get $c)
      (then (drop (i32.load (local.get $p))))
      (else (drop (i32.load8_u (local.get $p)))))
    (i32.load (local.get $p)))

  ;; Two branches to one target, the first with the check, the second without.
  (func (export "two_branches") (param $p i32) (param $q i32) (param $c i32) (result i32)
    (block $out
      (drop (i32.load (local.get $p)))
      (br_if $out (local.get $c))
      (local.set $p (local.get $q))
      (br $out))
    (i32.load (local.get $p)))

  ;; A br_table whose targets are reached with and without the check.
  (func (export "table") (param $p i32) (param $c i32) (result i32)
    (block $out
      (block $one
        (block $zero
          (br_table $zero $one $out (local.get $c)))
        (drop (i32.load (local.get $p)))
        (br $out))
      (nop))
    (i32.load (local.get $p)))

  ;; A loop walking up to the end: each iteration's address is new.
  (func (export "walk") (param $p i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $p) (i32.const 70000))))
    (local.get $sum))

  ;; Checked before a loop whose back-edge brings another value: the header knows nothing.
  (func (export "walk_checked") (param $p i32) (result i32)
    (local $sum i32)
    (drop (i32.load (local.get $p)))
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $p) (i32.const 70000))))
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
(assert_trap (invoke "walk_checked" (i32.const 65524)) "out of bounds memory access")
(assert_trap (invoke "branched" (i32.const 65534) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "branched" (i32.const 65534) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "branched" (i32.const 0) (i32.const 1)) (i32.const 70000))
(assert_trap (invoke "one_arm" (i32.const 65534) (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "one_arm" (i32.const 0) (i32.const 0) (i32.const 1)) (i32.const 70000))
(assert_return (invoke "both_arms" (i32.const 0) (i32.const 1)) (i32.const 1))
(assert_return (invoke "both_arms" (i32.const 0) (i32.const 0)) (i32.const 1))
(assert_trap (invoke "both_arms" (i32.const 65533) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "narrower" (i32.const 65535) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "two_branches" (i32.const 0) (i32.const 65534) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "two_branches" (i32.const 0) (i32.const 65534) (i32.const 1)) (i32.const 70000))
(assert_trap (invoke "table" (i32.const 65534) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "table" (i32.const 65534) (i32.const 2)) "out of bounds memory access")
(assert_trap (invoke "table" (i32.const 65534) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "table" (i32.const 0) (i32.const 1)) (i32.const 70000))
(assert_trap (invoke "plus_k" (i32.const 65528)) "out of bounds memory access")
(assert_return (invoke "plus_k" (i32.const 65520)) (i32.const 0))
(assert_return (invoke "after_grow" (i32.const 100)) (i32.const 16))
