;; Assorted validation rules: canonical options, core module subtyping, annotated names of
;; eq-bound names and in instance types, visibility through nested instances, versionsuffix and
;; outer aliases.

;; canonical options
(assert_invalid
  (component
    (core module $m
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
      (func (export "f")))
    (core instance $i (instantiate $m))
    (func (canon lift (core func $i "f") (realloc (core func $i "realloc")))))
  "requires `memory`")
(assert_invalid
  (component
    (core module $m (func (export "f")))
    (core instance $i (instantiate $m))
    (func (canon lift (core func $i "f") string-encoding=utf8 string-encoding=utf16)))
  "conflicts with option")
(assert_invalid
  (component
    (core module $m (func (export "f") (result i32) unreachable) (func (export "pr")))
    (core instance $i (instantiate $m))
    (func (result u32) (canon lift (core func $i "f") (post-return (core func $i "pr")))))
  "post-return")
(component definition
  (core module $m (func (export "f") (result i32) unreachable) (func (export "pr") (param i32)))
  (core instance $i (instantiate $m))
  (func (result u32) (canon lift (core func $i "f") (post-return (core func $i "pr")))))
(assert_invalid
  (component
    (import "f" (func $f (result string)))
    (core module $m (memory (export "m") 1))
    (core instance $i (instantiate $m))
    (core func (canon lower (func $f) (memory (core memory $i "m")))))
  "`realloc` is required")
(assert_invalid
  (component
    (import "f" (func $f (param "x" string)))
    (core func (canon lower (func $f))))
  "`memory` is required")

;; core module types: limits are contravariant in imports, covariant in exports
(component definition
  (core module $m (import "" "m" (table 1 4 funcref)) (table (export "e") 2 3 funcref))
  (component $c (import "m" (core module
    (import "" "m" (table 2 3 funcref))
    (export "e" (table 1 4 funcref)))))
  (instance (instantiate $c (with "m" (core module $m)))))
(assert_invalid
  (component
    (core module $m (import "" "m" (memory 2 3)))
    (component $c (import "m" (core module (import "" "m" (memory 1 4)))))
    (instance (instantiate $c (with "m" (core module $m)))))
  "type mismatch in import `::m`")
(assert_invalid
  (component
    (core module $m (memory (export "e") 1 4))
    (component $c (import "m" (core module (export "e" (memory 2 3)))))
    (instance (instantiate $c (with "m" (core module $m)))))
  "type mismatch in export `e`")

;; annotated names: an eq-bound re-import is a name of its own
(component definition
  (import "a" (type $a (sub resource)))
  (import "b" (type $b (eq $a)))
  (import "[constructor]b" (func (result (own $b))))
  (import "[method]a.f" (func (param "self" (borrow $a)))))
(assert_invalid
  (component
    (import "a" (type $a (sub resource)))
    (import "b" (type $b (eq $a)))
    (import "[constructor]b" (func (result (own $a)))))
  "function does not match expected resource name `a`")
(component definition
  (type (instance
    (export "r" (type $r (sub resource)))
    (export "[constructor]r" (func (result (result (own $r) (error string)))))
    (export "[method]r.get" (func (param "self" (borrow $r)) (result u32)))
    (export "[static]r.make" (func (result (own $r)))))))
(assert_invalid
  (component (type (instance
    (export "r" (type $r (sub resource)))
    (export "[method]r.get" (func (param "me" (borrow $r)))))))
  "first argument called `self`")

;; visibility: instances name what they export, recursively
(component definition
  (type $R (resource (rep i32)))
  (type $Rec (record (field "r" u32)))
  (instance $inner (export "rec" (type $Rec)) (export "res" (type $R)))
  (instance $outer (export "in" (instance $inner)))
  (export $o "o" (instance $outer))
  (alias export $o "in" (instance $in))
  (alias export $in "rec" (type $Rec'))
  (alias export $in "res" (type $R'))
  (type $F (func (param "a" $Rec') (param "b" (borrow $R'))))
  (export "f" (type $F)))
(assert_invalid
  (component
    (type $R (resource (rep i32)))
    (type $Rec (record (field "r" u32)))
    (instance $inner (export "rec" (type $Rec)) (export "res" (type $R)))
    (instance $outer (export "in" (instance $inner)))
    (type $F (func (param "a" $Rec)))
    (export "f" (type $F)))
  "type not valid to be used as export")
;; a borrow may be exported in a parameter, never in a result
(assert_invalid
  (component
    (import "r" (type $r (sub resource)))
    (import "f" (func (result (borrow $r)))))
  "borrow")

;; versionsuffix
(component definition
  (import "a:b/c@1" (versionsuffix ".2.3") (instance))
  (import "x" (implements "a:b/d@0.2") (versionsuffix ".1-rc") (instance)))
(assert_invalid
  (component (import "a:b/c@1.2.3" (versionsuffix ".4") (instance)))
  "version")
(assert_invalid
  (component (import "a" (versionsuffix ".2.3") (instance)))
  "versionsuffix")

;; outer aliases: types from beyond a component may not name resources, from within types may
(component definition
  (type $R (resource (rep i32)))
  (type (component
    (alias outer 1 $R (type $r))
    (import "f" (type (eq $r))))))
(assert_invalid
  (component
    (type $R (resource (rep i32)))
    (type $L (list (list (option (own $R)))))
    (component (type (instance (alias outer 2 $L (type $l))))))
  "transitively refers to resources")

;; imports may not name the resources a component (or component type) defines itself
(assert_invalid
  (component
    (type $R (resource (rep i32)))
    (import "x" (type $X (eq $R)))
    (import "f" (func (param "p" (own $X)))))
  "local resource type found in imports")
(assert_invalid
  (component
    (type $R (resource (rep i32)))
    (import "x" (type $X (eq $R))))
  "local resource type found in imports")
(assert_invalid
  (component
    (component $C (type $R (resource (rep i32))) (export "r" (type $R)))
    (instance $c (instantiate $C))
    (alias export $c "r" (type $R))
    (import "x" (type $X (eq $R))))
  "local resource type found in imports")
(assert_invalid
  (component
    (type (component
      (export "r" (type $r (sub resource)))
      (import "x" (type (eq $r))))))
  "local resource type found in imports")
(component definition
  (import "r" (type $R (sub resource)))
  (import "x" (type $X (eq $R)))
  (type $L (resource (rep i32)))
  (export "l" (type $L)))
