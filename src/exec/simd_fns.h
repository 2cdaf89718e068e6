/* The SIMD instructions on frame slots: the function tables of the interpreter's generic SIMD
 * handlers (exec/handlers_simd.inc), made from isa/simd_subops.h in exec/simd.c.
 *
 * The interpreter runs most SIMD instructions through a few generic handlers, one per operand
 * shape, that call one of these functions, found by the instruction's 0xFD sub-opcode: a handful
 * of handlers keep the interpreter loop small, which matters more to the scalar code sharing it
 * than one indirect call does to a 128-bit operation. `dst` may be the slots of an operand: every
 * function reads its operands before it writes. */
#ifndef WARDEN_EXEC_SIMD_FNS_H
#define WARDEN_EXEC_SIMD_FNS_H

#include <stdint.h>

typedef void (*ws_unary_fn)(uint64_t *dst, const uint64_t *a);
typedef void (*ws_binary_fn)(uint64_t *dst, const uint64_t *a, const uint64_t *b);
typedef uint32_t (*ws_test_fn)(const uint64_t *a);
typedef void (*ws_shift_fn)(uint64_t *dst, const uint64_t *a, uint32_t n);
typedef void (*ws_splat_fn)(uint64_t *dst, uint64_t x);
typedef uint64_t (*ws_extract_fn)(const uint64_t *a, uint32_t lane);
typedef void (*ws_replace_fn)(uint64_t *dst, const uint64_t *a, uint64_t x, uint32_t lane);

/* One table per KIND of isa/simd_subops.h that has a generic handler, indexed by sub-opcode:
 * the function of every S and I row of that kind, NULL elsewhere. `load` takes the bytes a
 * v128.loadN_* instruction read, zero-extended to 16, to its result. */
typedef struct ws_fn_tables {
    ws_unary_fn unary[256];
    ws_binary_fn binary[256];
    ws_test_fn test[256];
    ws_shift_fn shift[256];
    ws_splat_fn splat[256];
    ws_extract_fn extract[256];
    ws_replace_fn replace[256];
    ws_unary_fn load[256];
} ws_fn_tables;

extern const ws_fn_tables ws_fns;

/* i8x16.shuffle with SSSE3's pshufb, for a build that does not target SSSE3 on a CPU that has it
 * (wd_cpu_has_ssse3, util/cpu.h): the portable shuffle picks its sixteen bytes one by one. `lanes`
 * holds the sixteen indices, one per byte. */
void ws_shuffle_ssse3(uint64_t *dst, const uint64_t *a, const uint64_t *b, const uint64_t *lanes);

#endif
