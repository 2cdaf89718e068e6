;; A call tree without a single loop: f0 calls f1 ten times, f1 calls f2 ten times, ... f9
;; calls f10 (empty) ten times: 10^10 calls, with only function-entry checks to stop it.
(module
  (func $f10)
  (func $f9
    call $f10
    call $f10
    call $f10
    call $f10
    call $f10
    call $f10
    call $f10
    call $f10
    call $f10
    call $f10
  )
  (func $f8
    call $f9
    call $f9
    call $f9
    call $f9
    call $f9
    call $f9
    call $f9
    call $f9
    call $f9
    call $f9
  )
  (func $f7
    call $f8
    call $f8
    call $f8
    call $f8
    call $f8
    call $f8
    call $f8
    call $f8
    call $f8
    call $f8
  )
  (func $f6
    call $f7
    call $f7
    call $f7
    call $f7
    call $f7
    call $f7
    call $f7
    call $f7
    call $f7
    call $f7
  )
  (func $f5
    call $f6
    call $f6
    call $f6
    call $f6
    call $f6
    call $f6
    call $f6
    call $f6
    call $f6
    call $f6
  )
  (func $f4
    call $f5
    call $f5
    call $f5
    call $f5
    call $f5
    call $f5
    call $f5
    call $f5
    call $f5
    call $f5
  )
  (func $f3
    call $f4
    call $f4
    call $f4
    call $f4
    call $f4
    call $f4
    call $f4
    call $f4
    call $f4
    call $f4
  )
  (func $f2
    call $f3
    call $f3
    call $f3
    call $f3
    call $f3
    call $f3
    call $f3
    call $f3
    call $f3
    call $f3
  )
  (func $f1
    call $f2
    call $f2
    call $f2
    call $f2
    call $f2
    call $f2
    call $f2
    call $f2
    call $f2
    call $f2
  )
  (func (export "f0")
    call $f1
    call $f1
    call $f1
    call $f1
    call $f1
    call $f1
    call $f1
    call $f1
    call $f1
    call $f1
  ))
