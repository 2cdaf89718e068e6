;; m2.wasm of fuzz_text's wast scripts: an invalid module (built with --no-check), for
;; assert_invalid and for module commands that must fail.
(module
  (func (export "bad") (result i32) (i64.const 1))
)
