;; A table of 50 million elements: 400 MB of host memory, in 20 bytes of module.
(module (table (export "table") 50000000 funcref))
