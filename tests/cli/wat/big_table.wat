;; A table whose minimum is 20 elements.
(module
  (table (export "table") 20 funcref))
