;; Substitution at instantiation (Explainer.md, "Type Checking"): component-typed arguments,
;; instance types imported twice, type imports of every kind, and exports that carry the
;; arguments onward. Each assertion matches what wasmparser reports.

;; component-typed arguments: the expected type's imported resources are bound to what its
;; instantiation supplies, its exported ones to the argument's
(component definition
  (component $C
    (import "r" (type $r (sub resource)))
    (import "f" (func $f (param "x" (own $r))))
    (export "g" (func $f)))
  (component $P
    (import "c" (component $c
      (import "r" (type $r (sub resource)))
      (import "f" (func (param "x" (own $r))))
      (export "g" (func (param "x" (own $r))))))
    (type $R (resource (rep i32)))
    (export $R' "r" (type $R))
    (core func $d (canon resource.drop $R))
    (func $f (param "x" (own $R')) (canon lift (core func $d)))
    (instance $i (instantiate $c (with "r" (type $R')) (with "f" (func $f))))
    (export "g" (func $i "g")))
  (instance (instantiate $P (with "c" (component $C)))))

(assert_invalid
  (component
    (component $C
      (import "r" (type $r (sub resource)))
      (type $D (resource (rep i32)))
      (export $D' "d" (type $D))
      (core func $drop (canon resource.drop $D))
      (func (export "g") (param "x" (own $D')) (canon lift (core func $drop))))
    (component $P
      (import "c" (component $c
        (import "r" (type $r (sub resource)))
        (export "g" (func (param "x" (own $r)))))))
    (instance (instantiate $P (with "c" (component $C)))))
  "resource types are not the same")

;; the argument may import less and export more; an exported resource of the expected type
;; stands for the argument's
(component definition
  (component $C
    (type $D (resource (rep i32)))
    (export $D' "d" (type $D))
    (export "e" (type $D'))
    (core func $drop (canon resource.drop $D))
    (func (export "g") (param "x" (own $D')) (canon lift (core func $drop))))
  (component $P
    (import "c" (component
      (import "unused" (func))
      (export "d" (type $d (sub resource)))
      (export "g" (func (param "x" (own $d)))))))
  (instance (instantiate $P (with "c" (component $C)))))

(assert_invalid
  (component
    (component $C (import "needed" (func)))
    (component $P (import "c" (component)))
    (instance (instantiate $P (with "c" (component $C)))))
  "missing import named `needed`")

(assert_invalid
  (component
    (component $C)
    (component $P (import "c" (component (export "x" (func)))))
    (instance (instantiate $P (with "c" (component $C)))))
  "missing export named `x`")

;; two imports of one instance type have distinct resources
(component definition
  (type $I (instance
    (export "r" (type $r (sub resource)))
    (export "make" (func (result (own $r))))
    (export "take" (func (param "x" (own $r))))))
  (import "a" (instance $a (type $I)))
  (import "b" (instance $b (type $I)))
  (component $Use
    (import "r" (type $r (sub resource)))
    (import "make" (func (result (own $r))))
    (import "take" (func (param "x" (own $r)))))
  (instance (instantiate $Use
    (with "r" (type $a "r")) (with "make" (func $a "make")) (with "take" (func $a "take"))))
  (instance (instantiate $Use
    (with "r" (type $b "r")) (with "make" (func $b "make")) (with "take" (func $b "take")))))

(assert_invalid
  (component
    (type $I (instance
      (export "r" (type $r (sub resource)))
      (export "make" (func (result (own $r))))
      (export "take" (func (param "x" (own $r))))))
    (import "a" (instance $a (type $I)))
    (import "b" (instance $b (type $I)))
    (component $Use
      (import "r" (type $r (sub resource)))
      (import "make" (func (result (own $r))))
      (import "take" (func (param "x" (own $r)))))
    (instance (instantiate $Use
      (with "r" (type $a "r")) (with "make" (func $a "make")) (with "take" (func $b "take")))))
  "resource types are not the same")

;; type imports of function, instance and component types
(component definition
  (component $C
    (type $F (func (param "x" u32)))
    (import "t" (type (eq $F))))
  (type $G (func (param "x" u32)))
  (instance (instantiate $C (with "t" (type $G)))))

(assert_invalid
  (component
    (component $C
      (type $F (func (param "x" u32)))
      (import "t" (type (eq $F))))
    (type $G (func (param "y" u32)))
    (instance (instantiate $C (with "t" (type $G)))))
  "expected parameter named `x`, found `y`")

(component definition
  (component $C
    (type $I (instance (export "f" (func))))
    (import "t" (type (eq $I))))
  (type $J (instance (export "f" (func)) (export "g" (func))))
  (instance (instantiate $C (with "t" (type $J)))))

(assert_invalid
  (component
    (component $C
      (type $I (instance (export "f" (func))))
      (import "t" (type (eq $I))))
    (type $J (instance (export "g" (func))))
    (instance (instantiate $C (with "t" (type $J)))))
  "missing expected export `f`")

;; exports of an instantiation are the component's with the arguments substituted, so they can
;; be passed on where the arguments are expected
(component definition
  (type $R (resource (rep i32)))
  (export $R' "r" (type $R))
  (component $Wrap
    (import "r" (type $r (sub resource)))
    (type $L (list (own $r)))
    (export $L' "l" (type $L))
    (export "r" (type $r)))
  (instance $w (instantiate $Wrap (with "r" (type $R'))))
  (component $Need
    (import "r" (type $r (sub resource)))
    (type $L (list (own $r)))
    (import "l" (type (eq $L))))
  (instance (instantiate $Need (with "r" (type $R')) (with "l" (type $w "l")))))

(assert_invalid
  (component
    (type $R (resource (rep i32)))
    (type $S (resource (rep i32)))
    (component $Wrap
      (import "r" (type $r (sub resource)))
      (type $L (list (own $r)))
      (export "l" (type $L)))
    (instance $w (instantiate $Wrap (with "r" (type $S))))
    (component $Need
      (import "r" (type $r (sub resource)))
      (type $L (list (own $r)))
      (import "l" (type (eq $L))))
    (instance (instantiate $Need (with "r" (type $R)) (with "l" (type $w "l")))))
  "resource types are not the same")

;; every parameter name counts, not only the first ones
(assert_invalid
  (component
    (import "f" (func $f (param "a" u32) (param "b" u32) (param "c" u32)))
    (component $C (import "f" (func (param "a" u32) (param "b" u32) (param "d" u32))))
    (instance (instantiate $C (with "f" (func $f)))))
  "expected parameter named `d`, found `c`")
