;; Grows its memory a page at a time until refused, touching every page, then spins.
(module
  (memory 0)
  (func (export "_start") (local $p i32)
    (loop $grow
      (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1))
        (then
          (i32.store8 (i32.mul (i32.sub (memory.size) (i32.const 1)) (i32.const 65536)) (i32.const 1))
          (br $grow))))
    (loop $spin (br $spin))))
