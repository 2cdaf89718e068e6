;; Needs 20 table elements at instantiation.
(module
  (table (export "table") 20 funcref))
