;; A memory whose minimum is 32 pages: 2 MiB before any code runs.
(module
  (memory (export "memory") 32))
