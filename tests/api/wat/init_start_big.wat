;; A start function that traps after a host call, in an instance with a 1 MiB memory and a
;; 1000-element table of its own: a failed instantiation must give them back, unless the host
;; took the memory (env.grab may do so through the caller).
(module
  (import "env" "grab" (func $grab))
  (memory (export "memory") 16)
  (table 1000 funcref)
  (func $start
    (call $grab)
    (unreachable))
  (start $start))
