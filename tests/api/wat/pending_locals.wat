;; A value read from a local (local.get) stays on the operand stack while a later branch of control
;; flow assigns the local. The value read must be the one the local held when it was read, on every
;; path: the arm that assigns may run or not, run many times (loops), be left early (br_if,
;; br_table) or trap.
(module
  (memory 1)

  ;; The example of the report: an `if` arm assigns the local below the pending read.
  (func (export "if_arm") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (if (local.get 0) (then (local.set 1 (i32.const 99)))))

  ;; The `else` arm assigns it.
  (func (export "else_arm") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (if (local.get 0) (then (nop)) (else (local.set 1 (i32.const 99)))))

  ;; local.tee inside the arm.
  (func (export "tee_arm") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (if (local.get 0) (then (drop (local.tee 1 (i32.const 99))))))

  ;; A loop assigns the local on every iteration; the value read before it stays 7.
  (func (export "loop_body") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (loop
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get 1) (local.get 0)))))

  ;; br_if leaves the block before the assignment on one path.
  (func (export "br_if_out") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (block
      (br_if 0 (local.get 0))
      (local.set 1 (i32.const 99))))

  ;; br_table picks one of three paths, two of which assign.
  (func (export "br_table_paths") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (block
      (block
        (block
          (br_table 0 1 2 (local.get 0)))
        (local.set 1 (i32.const 99))
        (br 1))
      (local.set 1 (i32.const 98))))

  ;; Nested blocks: the assignment is two levels below the read.
  (func (export "nested") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (block (block (if (local.get 0) (then (local.set 1 (i32.const 99)))))))

  ;; The read is inside a block with a result, the assignment in an `if` nested in it.
  (func (export "inside_block") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (block (result i32)
      (local.get 1)
      (if (local.get 0) (then (local.set 1 (i32.const 99))))))

  ;; Two-slot values: i64 and v128.
  (func (export "i64_arm") (param i32) (result i64)
    (local i64)
    (local.set 1 (i64.const 0x123456789))
    (local.get 1)
    (if (local.get 0) (then (local.set 1 (i64.const 99)))))

  (func (export "v128_arm") (param i32) (result i64)
    (local v128)
    (local.set 1 (v128.const i64x2 0x1111 0x2222))
    (local.get 1)
    (if (local.get 0) (then (local.set 1 (v128.const i64x2 99 99))))
    (i64x2.extract_lane 1))

  ;; The parameter itself, read then assigned in an arm.
  (func (export "param_arm") (param i32) (result i32)
    (local.get 0)
    (if (local.get 0) (then (local.set 0 (i32.const 99)))))

  ;; The arm that assigns traps. On the other path the value must still be the local's: no slot of
  ;; the shared execution stack that an earlier call left behind.
  (func (export "trap_arm") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 7))
    (local.get 1)
    (if (local.get 0) (then (local.set 1 (i32.const 99)) (unreachable))))

  ;; Fills the low slots of the execution stack with 0xDEAD, as another tenant's call could.
  (func (export "dirty") (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32)
    (local.set 0 (i32.const 0xDEAD)) (local.set 1 (i32.const 0xDEAD))
    (local.set 2 (i32.const 0xDEAD)) (local.set 3 (i32.const 0xDEAD))
    (local.set 4 (i32.const 0xDEAD)) (local.set 5 (i32.const 0xDEAD))
    (local.set 6 (i32.const 0xDEAD)) (local.set 7 (i32.const 0xDEAD))
    (i32.add (local.get 0) (local.get 7)))
)
