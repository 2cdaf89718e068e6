;; The reexport guest: exports the host's `greet` itself, so that the host calls its own function
;; through the instance (test_async.c: an async host function called with
;; warden_component_func_call).
(component
  (import "greet" (func $greet (param "name" string) (result string)))
  (export "greet" (func $greet))
)
