;; An active element segment past the end of the imported table; the one before it fits.
(module
  (import "env" "table" (table 2 funcref))
  (func $f (result i32) (i32.const 1))
  (elem (i32.const 0) $f)
  (elem (i32.const 1) $f $f))
