#!/usr/bin/env python3
"""Writes the C source of a big module for the start-up benchmark (bench/startup/run.sh).

    gen.py OUTDIR NFUNCS [SEED]

Writes OUTDIR/funcs_K.c (FUNCS_PER_FILE functions each) and OUTDIR/main.c. The functions are
random but shaped like compiled application code: loops, branches, switches (br_table), integer,
64-bit and floating-point arithmetic, loads and stores, direct calls and calls through a table of
every function (which also keeps the linker from dropping any). Every function takes a depth
budget and calls others only while it lasts, so running one touches a few dozen functions: the
exported `first` is what a program's first call looks like. Same arguments, same output.
"""
import os
import random
import sys

FUNCS_PER_FILE = 250
SIG = "uint32_t *p, uint32_t n, uint32_t d"


class Gen:
    def __init__(self, rng, nfuncs, index):
        self.rng = rng
        self.nfuncs = nfuncs
        self.index = index
        self.calls = 0

    def u32(self):
        r = self.rng
        return r.choice(["a", "b", "c", "n", "p[%d & 255]" % r.randrange(256), "(uint32_t)w",
                         "%du" % r.randrange(1, 1 << 16), "(uint32_t)x", "g_mem[(a ^ %d) & 4095]"
                         % r.randrange(4096)])

    def expr32(self, depth=0):
        r = self.rng
        if depth > 0 or r.random() < 0.3:
            return self.u32()
        op = r.choice(["+", "-", "*", "^", "|", "&", "<<", ">>", "/", "%"])
        a, b = self.expr32(depth + 1), self.expr32(depth + 1)
        if op in ("<<", ">>"):
            return "(%s %s (%s & 31))" % (a, op, b)
        if op in ("/", "%"):
            return "(%s %s ((%s) | 1u))" % (a, op, b)
        return "(%s %s %s)" % (a, op, b)

    def expr64(self):
        r = self.rng
        return r.choice([
            "(w * 0x9E3779B97F4A7C15ull + %s)" % self.expr32(),
            "(w ^ (w >> %d))" % r.randrange(1, 63),
            "((uint64_t)%s << %d)" % (self.expr32(), r.randrange(32)),
            "(w + (uint64_t)%s * %s)" % (self.expr32(), self.expr32()),
        ])

    def exprf(self):
        r = self.rng
        return r.choice([
            "(x * %.3f + (double)%s)" % (r.uniform(0.5, 2.0), self.expr32()),
            "(x / (1.0 + (double)(%s & 255)))" % self.expr32(),
            "(x - (double)(int32_t)%s * %.4f)" % (self.expr32(), r.uniform(0.001, 0.1)),
            "(x < %.1f ? x + 1.0 : x * 0.5)" % r.uniform(1, 1000),
        ])

    def call(self):
        self.calls += 1
        r = self.rng
        if r.random() < 0.5:
            return "f%d(p, n / 2, d - 1)" % r.randrange(self.nfuncs)
        return "g_table[(%s) %% %du](p, n / 2, d - 1)" % (self.expr32(), self.nfuncs)

    def stmt(self, depth, in_loop):
        r = self.rng
        k = r.random()
        if depth < 3 and k < 0.15:
            var = "i%d" % depth
            body = self.block(depth + 1, True)
            return "for (uint32_t %s = 0; %s < (n & 15); %s++) {\n%s\na += %s;\n}" % (
                var, var, var, body, var)
        if depth < 3 and k < 0.30:
            return "if ((%s) & %du) {\n%s\n} else {\n%s\n}" % (
                self.expr32(), 1 << r.randrange(8), self.block(depth + 1, in_loop),
                self.block(depth + 1, in_loop))
        if depth < 3 and k < 0.38:
            cases = []
            for c in range(r.randrange(3, 12)):
                cases.append("case %d: %s break;" % (c, self.simple()))
            return "switch ((%s) %% %du) {\n%s\ndefault: %s break;\n}" % (
                self.expr32(), len(cases) + 1, "\n".join(cases), self.simple())
        if not in_loop and self.calls < 2 and k < 0.45:
            return "if (d) b += %s;" % self.call()
        return self.simple()

    def simple(self):
        r = self.rng
        k = r.randrange(7)
        if k == 0:
            return "a = %s;" % self.expr32()
        if k == 1:
            return "b ^= %s;" % self.expr32()
        if k == 2:
            return "c += %s;" % self.expr32()
        if k == 3:
            return "w = %s;" % self.expr64()
        if k == 4:
            return "x = %s;" % self.exprf()
        if k == 5:
            return "p[(%s) & 255] = %s;" % (self.expr32(), self.expr32())
        return "g_mem[(%s) & 4095] += %s;" % (self.expr32(), self.expr32())

    def block(self, depth, in_loop):
        n = self.rng.randrange(1, 5 if depth else 12)
        return "\n".join(self.stmt(depth, in_loop) for _ in range(n))

    def func(self):
        # Most functions are small; a few are big, as in real programs.
        parts = 1 if self.rng.random() < 0.9 else self.rng.randrange(4, 24)
        body = "\n".join(self.block(0, False) for _ in range(parts))
        return ("uint32_t f%d(%s)\n{\nuint32_t a = n * %du, b = d, c = p[%d];\n"
                "uint64_t w = a;\ndouble x = (double)c;\n%s\n"
                "return a ^ b ^ c ^ (uint32_t)w ^ (uint32_t)(int64_t)x;\n}\n") % (
                    self.index, SIG, self.rng.randrange(1, 1 << 31), self.rng.randrange(256), body)


HEADER = """/* Generated by bench/startup/gen.py: do not edit. */
#include <stdint.h>
typedef uint32_t (*fn_t)(%s);
extern fn_t const g_table[];
extern uint32_t g_mem[4096];
""" % SIG


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: gen.py OUTDIR NFUNCS [SEED]")
    out, nfuncs = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) == 4 else 1
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    decls = "".join("uint32_t f%d(%s);\n" % (i, SIG) for i in range(nfuncs))
    nfiles = (nfuncs + FUNCS_PER_FILE - 1) // FUNCS_PER_FILE
    for k in range(nfiles):
        with open(os.path.join(out, "funcs_%d.c" % k), "w") as f:
            f.write(HEADER)
            f.write(decls)
            for i in range(k * FUNCS_PER_FILE, min(nfuncs, (k + 1) * FUNCS_PER_FILE)):
                f.write(Gen(rng, nfuncs, i).func())
    with open(os.path.join(out, "main.c"), "w") as f:
        f.write(HEADER)
        f.write(decls)
        f.write("uint32_t g_mem[4096];\n")
        f.write("fn_t const g_table[] = {\n%s\n};\n" % ",\n".join("f%d" % i for i in range(nfuncs)))
        f.write("""
/* The program's first call: a few dozen functions run, out of all of them. */
__attribute__((export_name("first"))) uint32_t first(void)
{
    static uint32_t p[256];
    for (uint32_t i = 0; i < 256; i++) p[i] = i * 2654435761u;
    return f0(p, 16, 4);
}
""")
    with open(os.path.join(out, "files"), "w") as f:
        f.write("".join("funcs_%d.c\\n" % k for k in range(nfiles)).replace("\\n", "\n"))


if __name__ == "__main__":
    main()
