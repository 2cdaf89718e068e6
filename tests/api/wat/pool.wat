;; A guest that dirties all of its memory: the next memory made from the same reservation must
;; still read as zeros, apart from its own data segment.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "hi")
  ;; Grows by one page, then fills every byte with 0xEE.
  (func (export "dirty")
    (drop (memory.grow (i32.const 1)))
    (memory.fill (i32.const 0) (i32.const 0xEE) (i32.mul (memory.size) (i32.const 65536)))))
