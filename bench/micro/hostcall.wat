;; Calls from the guest to the host: call_host(n) calls the host's empty function n times;
;; loop_only(n) is the same loop without the call, to subtract.
(module
  (import "host" "nop" (func $host_nop))

  (func (export "call_host") (param $n i32)
    (block $done
      (loop $again
        local.get $n
        i32.eqz
        br_if $done
        call $host_nop
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $again)))

  (func (export "loop_only") (param $n i32)
    (block $done
      (loop $again
        local.get $n
        i32.eqz
        br_if $done
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $again))))
