;; A data segment that does not fit: instantiation traps after the first segment is written.
(module $init_oob
  (memory 1)
  (table 1 funcref)
  (func $f)
  (elem (i32.const 0) func $f)
  (data (i32.const 0) "fits")
  (data (i32.const 65534) "does not fit")
)
