/* The internal instructions of the fixed-width SIMD chapter (v128); included by ops.h.
 *
 * Memory accesses, constants, shuffles and bitselect have handlers of their own; every other SIMD
 * instruction goes through one generic handler per operand shape, which calls the instruction's
 * function from a table indexed by its 0xFD sub-opcode `op` (src/exec/simd.h, simd.c). That keeps
 * the interpreter loop, which the scalar handlers share, small.
 *
 * A v128 operand names the first of its two adjacent slots (bytes 0..7 in the first, 8..15 in the
 * second). Layouts, in cells after the handler cell as in ops.h: */
#ifndef WARDEN_EXEC_OPS_SIMD_H
#define WARDEN_EXEC_OPS_SIMD_H

/* clang-format off */
#define WX_SIMD_OPS(X) \
    X(V128_CONST)      /* dst|- lo64 hi64 */ \
    X(V128_LOAD)       /* dst|addr offset64 */ \
    X(V128_LOAD_PART)  /* dst|addr offset64 width|op   loadNxM_s/u, loadN_splat, loadN_zero */ \
    X(V128_LOAD_LANE)  /* dst|addr offset64 vec|lane width|- */ \
    X(V128_STORE)      /* addr|src offset64 */ \
    X(V128_STORE_LANE) /* addr|src offset64 lane|width */ \
    X(I8X16_SHUFFLE)   /* dst|a b|- lo64 hi64         the 16 lane indices, one per byte */ \
    X(V128_BITSELECT)  /* dst|a b|c */ \
    X(SIMD_UNARY)      /* dst|a op|-                  v128 -> v128 */ \
    X(SIMD_BINARY)     /* dst|a b|op                  v128 v128 -> v128 */ \
    X(SIMD_TEST)       /* dst|a op|-                  v128 -> i32 */ \
    X(SIMD_SHIFT)      /* dst|a b|op                  v128 i32 -> v128 */ \
    X(SIMD_SPLAT)      /* dst|a op|-                  scalar -> v128 */ \
    X(SIMD_EXTRACT)    /* dst|a lane|op               v128 -> scalar */ \
    X(SIMD_REPLACE)    /* dst|a b|lane op|-            v128 scalar -> v128 */
/* clang-format on */

#endif
