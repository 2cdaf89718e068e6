;; Loops that only a deadline or an interrupt stops. "spin_poke" calls the host once first, which
;; raises the interrupt.
(module $spin
  (import "host" "poke" (func $poke))
  (func $spin (export "spin")
    (loop $again (br $again)))
  (func (export "spin_poke")
    (call $poke)
    (call $spin))
  (func (export "answer") (result i32) (i32.const 42))
)
