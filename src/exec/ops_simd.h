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
    X(I8X16_SHUFFLE_SSSE3) /* the same, through ws_shuffle_ssse3 (exec/simd.h) */ \
    X(V128_BITSELECT)  /* dst|a b|c */ \
    X(SIMD_UNARY)      /* dst|a op|-                  v128 -> v128 */ \
    X(SIMD_BINARY)     /* dst|a b|op                  v128 v128 -> v128 */ \
    X(SIMD_TEST)       /* dst|a op|-                  v128 -> i32 */ \
    X(SIMD_SHIFT)      /* dst|a b|op                  v128 i32 -> v128 */ \
    X(SIMD_SPLAT)      /* dst|a op|-                  scalar -> v128 */ \
    X(SIMD_EXTRACT)    /* dst|a lane|op               v128 -> scalar */ \
    X(SIMD_REPLACE)    /* dst|a b|lane op|-            v128 scalar -> v128 */ \
    WX_SIMD_INLINE_BINARY(X, WX_SIMD_INLINE_NAME)  /* dst|a b|-  */ \
    WX_SIMD_INLINE_UNARY(X, WX_SIMD_INLINE_NAME)   /* dst|a      */ \
    WX_SIMD_INLINE_SHIFT(X, WX_SIMD_INLINE_NAME)   /* dst|a b|-   v128 i32 -> v128 */ \
    X(I32X4_EXTRACT_LANE) /* dst|a lane|- */

/* The operations compiled code uses most have handlers of their own, inline in the loop: the
 * generic handlers' call through a table costs more than the operation. Each row is F(X, NAME,
 * SUB-OPCODE, FUNCTION of exec/simd.h); the lowering picks these handlers by sub-opcode. */
#define WX_SIMD_INLINE_BINARY(X, F) \
    F(X, V128_AND, 78, ws_v128_and) F(X, V128_ANDNOT, 79, ws_v128_andnot) \
    F(X, V128_OR, 80, ws_v128_or) F(X, V128_XOR, 81, ws_v128_xor) \
    F(X, I8X16_ADD, 110, ws_i8x16_add) F(X, I8X16_SUB, 113, ws_i8x16_sub) \
    F(X, I16X8_ADD, 142, ws_i16x8_add) F(X, I16X8_SUB, 145, ws_i16x8_sub) \
    F(X, I16X8_MUL, 149, ws_i16x8_mul) \
    F(X, I32X4_ADD, 174, ws_i32x4_add) F(X, I32X4_SUB, 177, ws_i32x4_sub) \
    F(X, I32X4_MUL, 181, ws_i32x4_mul) \
    F(X, I64X2_ADD, 206, ws_i64x2_add) F(X, I64X2_SUB, 209, ws_i64x2_sub) \
    F(X, F32X4_ADD, 228, ws_f32x4_add) F(X, F32X4_SUB, 229, ws_f32x4_sub) \
    F(X, F32X4_MUL, 230, ws_f32x4_mul) F(X, F32X4_DIV, 231, ws_f32x4_div) \
    F(X, F64X2_ADD, 240, ws_f64x2_add) F(X, F64X2_SUB, 241, ws_f64x2_sub) \
    F(X, F64X2_MUL, 242, ws_f64x2_mul) F(X, F64X2_DIV, 243, ws_f64x2_div)
#define WX_SIMD_INLINE_UNARY(X, F) \
    F(X, I16X8_EXTEND_LOW_I8X16_U, 137, ws_i16x8_extend_low_i8x16_u) \
    F(X, I32X4_EXTEND_LOW_I16X8_U, 169, ws_i32x4_extend_low_i16x8_u)
#define WX_SIMD_INLINE_SHIFT(X, F) \
    F(X, I32X4_SHL, 171, ws_i32x4_shl) F(X, I32X4_SHR_S, 172, ws_i32x4_shr_s) \
    F(X, I32X4_SHR_U, 173, ws_i32x4_shr_u) \
    F(X, I64X2_SHL, 203, ws_i64x2_shl) F(X, I64X2_SHR_U, 205, ws_i64x2_shr_u)
#define WX_SIMD_INLINE_NAME(X, name, sub, fn) X(name)
/* clang-format on */

#endif
