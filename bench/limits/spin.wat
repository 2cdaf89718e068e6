;; An infinite loop for the deadline overshoot measurement.
(module
  (func (export "spin")
    (loop $l br $l)))
