;; A start function that never returns.
(module
  (func $start
    (loop $l br $l))
  (start $start))
