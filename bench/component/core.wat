;; The core module of the component benchmark (bench_component.c), also instantiated on its own
;; for the baseline: the same functions called as core functions, without the canonical ABI.
(module
  (memory (export "mem") 40)
  ;; A bump allocator from 64 KiB up; post-return ("reset") frees everything.
  (global $bump (mut i32) (i32.const 65536))
  (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32)
        (param $size i32) (result i32)
    (local $p i32) (local $short i32)
    (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $bump (i32.add (local.get $p) (local.get $size)))
    (local.set $short (i32.sub (global.get $bump) (i32.mul (memory.size) (i32.const 65536))))
    (if (i32.gt_s (local.get $short) (i32.const 0))
      (then (if (i32.lt_s (memory.grow (i32.add (i32.shr_u (local.get $short) (i32.const 16))
                                                (i32.const 1)))
                          (i32.const 0))
              (then unreachable))))
    (local.get $p))
  (func (export "reset") (param i32) (global.set $bump (i32.const 65536)))
  (func (export "id") (param i32) (result i32) (local.get 0))
  ;; Returns its (pointer, length) argument through the return area at 16.
  (func (export "echo") (param $p i32) (param $n i32) (result i32)
    (i32.store (i32.const 16) (local.get $p))
    (i32.store (i32.const 20) (local.get $n))
    (i32.const 16))
  (func (export "len") (param $p i32) (param $n i32) (result i32) (local.get $n))
)
