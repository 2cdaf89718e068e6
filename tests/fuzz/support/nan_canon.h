/* NaN canonicalisation of SIMD floating-point results, for differential execution.
 *
 * The spec lets a NaN produced by a floating-point operation carry any payload and sign
 * (canonical or arithmetic NaN, nondeterministically), so two correct engines may disagree on the
 * bits of f32x4.add(0/0, ...) and then on everything computed from them. binaryen's --denan pass
 * removes that freedom for scalar f32/f64 values but leaves v128 alone. This rewrites a valid
 * WebAssembly 2.0 module so that the result of every SIMD operation whose NaN bits are not
 * determined (f32x4/f64x2 add, sub, mul, div, sqrt, min, max, ceil, floor, trunc, nearest,
 * demote, promote) goes through a new function that turns NaN lanes into +0 (x & (x == x)).
 * Operations that move bits exactly (loads, stores, lanes, shuffles, abs, neg, pmin, pmax, bitwise)
 * are left alone, so payloads still flow through them and are compared exactly. */
#ifndef WARDEN_FUZZ_NAN_CANON_H
#define WARDEN_FUZZ_NAN_CANON_H

#include <stddef.h>
#include <stdint.h>

typedef enum nan_canon_result {
    NAN_CANON_UNCHANGED, /* nothing to rewrite: *out is NULL, use the input */
    NAN_CANON_REWRITTEN, /* *out (malloc'd) holds the new module, *out_len bytes */
    NAN_CANON_FAILED,    /* the module could not be parsed (not a valid 2.0 module?) */
} nan_canon_result_t;

nan_canon_result_t nan_canon_simd(const uint8_t *wasm, size_t len, uint8_t **out, size_t *out_len);

#endif
