;; Needs nothing but an instance.
(module
  (func (export "nothing")))
