;; An export ascribed `(sub resource)` is a resource type of its own, bound at run time to the
;; exported resource: dropping a handle through it runs the resource's destructor.
(component
  (component $C
    (core module $M
      (global $c (mut i32) (i32.const 0))
      (func (export "dtor") (param i32) (global.set $c (i32.add (global.get $c) (local.get 0))))
      (func (export "count") (result i32) (global.get $c)))
    (core instance $m (instantiate $M))
    (type $R (resource (rep i32) (dtor (core func $m "dtor"))))
    (export $r1 "r1" (type $R))
    (export $r2 "r2" (type $R) (type (sub resource)))
    (core func $new (canon resource.new $R))
    (core func $drop (canon resource.drop $r2))
    (core module $U
      (import "e" "new" (func $new (param i32) (result i32)))
      (import "e" "drop" (func $drop (param i32)))
      (func (export "run") (param i32) (call $drop (call $new (local.get 0)))))
    (core instance $u (instantiate $U (with "e" (instance (export "new" (func $new)) (export "drop" (func $drop))))))
    (func (export "run") (param "x" u32) (canon lift (core func $u "run")))
    (func (export "count") (result u32) (canon lift (core func $m "count"))))
  (instance $c1 (instantiate $C))
  (instance $c2 (instantiate $C))
  (func (export "run") (alias export $c1 "run"))
  (func (export "count") (alias export $c1 "count"))
)
(assert_return (invoke "run" (u32.const 5)))
(assert_return (invoke "count") (u32.const 5))
