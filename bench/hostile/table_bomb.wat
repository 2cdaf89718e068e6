;; Grows its table by a million elements at a time until refused, then spins.
(module
  (table 0 funcref)
  (func (export "_start")
    (loop $grow
      (br_if $grow (i32.ne (table.grow 0 (ref.null func) (i32.const 1000000)) (i32.const -1))))
    (loop $spin (br $spin))))
