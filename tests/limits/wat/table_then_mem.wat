;; A table of 5 elements and a memory of 3 pages: the table is allocated before the memory, so a
;; memory limit fails the instantiation after the table exists.
(module
  (table (export "table") 5 funcref)
  (memory (export "memory") 3))
