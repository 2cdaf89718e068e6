;; Needs 3 pages of memory at instantiation.
(module
  (memory (export "memory") 3))
