;; A table declared with 50 million elements (400 MB).
(module (table 50000000 funcref) (func (export "_start")))
