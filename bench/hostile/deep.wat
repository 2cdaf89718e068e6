;; Recursion until the stack limit, under a deadline.
(module
  (func $down (export "_start") (call $down)))
