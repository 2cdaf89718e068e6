/* A generator of valid WebAssembly 2.0 modules from fuzz input, for differential execution.
 *
 * binaryen's translate-to-fuzz makes modules of every feature but few SIMD operations, and spends
 * much of each body on its hang-limit checks. This one aims at what warden's lowering rewrites:
 * values kept on the operand stack across blocks, ifs, loops and branches (with parameters and
 * several results) whose arms assign the locals those values came from; constants, loads with
 * offsets, compares feeding branches; and every SIMD operation (block parameters too, for a
 * reference that reads them).
 *
 * The module (deterministic by construction):
 *   imports   fuzzing-support log-i32, log-i64, log-f32, log-f64, log-v128 (functions 0..4)
 *   functions 5..8 turn NaN into +0 (f32, f64, f32x4 lanes, f64x2 lanes): every operation whose NaN
 *             bits the spec leaves open goes through one, operations that move bits exactly don't
 *             the generated functions, exported as f0, f1, ... in order; each calls only functions
 *             before it, directly or through its own table (table k holds f0..f(k-1) and a null),
 *             and every loop counts down a local of its own, so everything ends
 *             "hash", last: logs every global and returns a hash of the first 8 KiB of memory
 *   memory    1 page (maximum 2), a data segment at 0 and a passive one (memory.init, data.drop);
 *             addresses are mostly masked into 8 KiB
 *   globals   mutable, of every numeric type
 * Functions also read, set and grow their own table (ref.func of earlier functions, ref.null) —
 * not table.fill, table.copy or table.init, which binaryen 108 cannot read. */
#ifndef WARDEN_FUZZ_GEN_MODULE_H
#define WARDEN_FUZZ_GEN_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The module's bytes (malloc'd) and their count in *len. With block_params, blocks and ifs may
 * take parameters (binaryen cannot read those). */
uint8_t *gen_module(const uint8_t *data, size_t size, bool block_params, size_t *len);

#endif
