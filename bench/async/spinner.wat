;; bench_async's spinning guest: spin() never returns, and calls the host's progress() every time
;; round its loop (the host counts the engine ticks it sees there, one per 1-tick slice).
(module
  (import "bench" "progress" (func $progress))
  (func (export "spin")
    (loop $forever
      (call $progress)
      (br $forever))))
