;; The floor: a guest that only spins, stopped by the deadline. The others are compared with it.
(module (func (export "_start") (loop $spin (br $spin))))
