#!/usr/bin/env python3
"""Writes, as WebAssembly text, a module for the auto tier's compile in the background.

    gen_hot.py NFUNCS > hot.wat      (then wat2wasm hot.wat -o hot.wasm)

NFUNCS filler functions of about 700 bytes of code each (integer arithmetic on locals, a few
loads), and last the export `hot`, a loop of n iterations calling the last filler: the hot code
is in the module's last part. `warden run --tier auto --no-cache --invoke hot hot.wasm N` shows
how soon the loop moves to compiled code. Same argument, same output.
"""
import random
import sys


def main():
    nfuncs = int(sys.argv[1])
    rng = random.Random(1)
    out = ["(module", "  (memory 1)"]
    for i in range(nfuncs):
        out.append("  (func $f%d (param i32) (result i32) (local i32 i32 i32)" % i)
        out.append("    (local.set 1 (local.get 0)) (local.set 2 (i32.const %d))" % i)
        for j in range(60):
            op = rng.choice(["i32.add", "i32.mul", "i32.xor", "i32.sub", "i32.rotl"])
            out.append("    (local.set %d (%s (local.get %d) (i32.const %d)))"
                       % (1 + j % 3, op, 1 + (j + 1) % 3, rng.randint(1, 1 << 20)))
            if j % 10 == 0:
                out.append("    (if (i32.gt_u (local.get 1) (i32.const %d)) (then (local.set 3"
                           " (i32.load (i32.and (local.get 2) (i32.const 1020))))))"
                           % rng.randint(1, 1 << 30))
        out.append("    (i32.add (local.get 1) (i32.add (local.get 2) (local.get 3))))")
    out.append('  (func (export "hot") (param i32) (result i32) (local i32)')
    out.append("    (loop $l (local.set 1 (i32.add (local.get 1) (call $f%d (local.get 0))))"
               % (nfuncs - 1))
    out.append("      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))")
    out.append("    (local.get 1)))")
    print("\n".join(out))


if __name__ == "__main__":
    main()
