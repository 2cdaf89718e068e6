;; A component that makes two core instances (each with a memory of 2 pages), for the store's
;; instance and memory limits.
(component
  (core module $M (memory (export "mem") 2) (func (export "f") (result i32) (i32.const 7)))
  (core instance $a (instantiate $M))
  (core instance $b (instantiate $M))
  (func (export "f") (result u32) (canon lift (core func $b "f")))
)
