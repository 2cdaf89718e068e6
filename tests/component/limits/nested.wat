;; A trap two components deep, for the backtrace: `run` calls the inner component's `boom`
;; (exported again as ns:pkg/iface@1.0.0#boom), whose core code reaches `unreachable`.
(component
  (component $inner
    (core module $m
      (func $deep unreachable)
      (func $boom (export "boom") (call $deep)))
    (core instance $i (instantiate $m))
    (func (export "boom") (canon lift (core func $i "boom"))))
  (instance $in (instantiate $inner))
  (core func $boom (canon lower (func $in "boom")))
  (core module $o
    (import "" "boom" (func $boom))
    (func $run (export "run") (call $boom)))
  (core instance $o (instantiate $o (with "" (instance (export "boom" (func $boom))))))
  (func (export "run") (canon lift (core func $o "run")))
  (instance $api (export "boom" (func $in "boom")))
  (export "ns:pkg/iface@1.0.0" (instance $api)))
