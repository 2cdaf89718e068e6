;; A start function that never returns: instantiation itself must be stopped.
(module
  (func $spin_start
    (loop $l br $l))
  (start $spin_start))
