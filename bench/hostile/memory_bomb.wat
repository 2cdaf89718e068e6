;; Grows its memory a page at a time until refused, then writes every byte of it, then spins.
(module
  (memory 0)
  (func (export "_start")
    (loop $grow
      (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.fill (i32.const 0) (i32.const 0x5A) (i32.mul (memory.size) (i32.const 65536)))
    (loop $spin (br $spin))))
