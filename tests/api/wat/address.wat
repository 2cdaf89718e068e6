;; Accesses whose address is `base + constant`: the add wraps at 32 bits before the memarg offset
;; is added, whichever way the engine computes it.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f")
  ;; The byte at (p + 1 mod 2^32) + 2.
  (func (export "load8") (param $p i32) (result i32)
    (i32.load8_u offset=2 (i32.add (local.get $p) (i32.const 1))))
  ;; The low half of the i64 at (p + 0xFFFFFFFF mod 2^32) + 3: at p + 2 for p >= 1.
  (func (export "load64_low") (param $p i32) (result i32)
    (i32.wrap_i64 (i64.load offset=3 (i32.add (local.get $p) (i32.const -1)))))
  ;; Stores v at (p + 4 mod 2^32) + 1 and reads that byte back through a plain access.
  (func (export "store8") (param $p i32) (param $v i32) (result i32)
    (i32.store8 offset=1 (i32.add (local.get $p) (i32.const 4)) (local.get $v))
    (i32.load8_u (i32.add (i32.add (local.get $p) (i32.const 4)) (i32.const 1))))
  ;; The address is kept in a local too: the add must still write it.
  (func (export "tee") (param $p i32) (result i32) (local $a i32)
    (drop (i32.load8_u (local.tee $a (i32.add (local.get $p) (i32.const 5)))))
    (local.get $a)))
