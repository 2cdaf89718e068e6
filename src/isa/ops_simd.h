/* The internal instructions of the fixed-width SIMD chapter (v128); included by isa/ops.h, whose
 * rows these are.
 *
 * Memory accesses, constants, shuffles and bitselect have handlers of their own; every other SIMD
 * instruction goes through one generic handler per operand shape, which calls the instruction's
 * function from a table indexed by its 0xFD sub-opcode `op` (src/exec/simd.c). That keeps
 * the interpreter loop, which the scalar handlers share, small. */
#ifndef WARDEN_ISA_OPS_SIMD_H
#define WARDEN_ISA_OPS_SIMD_H

/* clang-format off */
#define WI_SIMD_OPS(X) \
    X(V128_CONST,          V128_CONST,   _) \
    X(V128_LOAD,           V_LOAD,       _) \
    X(V128_LOAD_PART,      V_LOAD_PART,  _)  /* loadNxM_s/u, loadN_splat, loadN_zero */ \
    X(V128_LOAD_LANE,      V_LOAD_LANE,  _) \
    X(V128_STORE,          V_STORE,      _) \
    X(V128_STORE_LANE,     V_STORE_LANE, _) \
    X(I8X16_SHUFFLE,       SHUFFLE,      _)  /* lo and hi: the 16 lane indices, one per byte */ \
    X(I8X16_SHUFFLE_SSSE3, SHUFFLE,      _)  /* the same, through ws_shuffle_ssse3 (exec/simd.h) */ \
    X(V128_BITSELECT,      V_DABC,       _) \
    X(SIMD_UNARY,          V_UNARY,      _)  /* v128 -> v128 */ \
    X(SIMD_BINARY,         V_BINARY,     _)  /* v128 v128 -> v128 */ \
    X(SIMD_TEST,           V_TEST,       _)  /* v128 -> i32 */ \
    X(SIMD_SHIFT,          V_SHIFT_OP,   _)  /* v128 i32 -> v128 */ \
    X(SIMD_SPLAT,          V_SPLAT,      _)  /* scalar -> v128 */ \
    X(SIMD_EXTRACT,        V_EXTRACT,    _)  /* v128 -> scalar */ \
    X(SIMD_REPLACE,        V_REPLACE,    _)  /* v128 scalar -> v128 */ \
    WI_SIMD_INLINE_BINARY(X, WI_SIMD_INLINE_ROW_V_DAB) \
    WI_SIMD_INLINE_UNARY(X, WI_SIMD_INLINE_ROW_V_DA) \
    WI_SIMD_INLINE_SHIFT(X, WI_SIMD_INLINE_ROW_V_SHIFT) \
    X(I32X4_EXTRACT_LANE,  V_LANE,       _)

/* The operations compiled code uses most have handlers of their own, inline in the loop: the
 * generic handlers' call through a table costs more than the operation. Each row is F(X, NAME,
 * SUB-OPCODE, FUNCTION of exec/simd.h); the lowering picks these handlers by sub-opcode. */
#define WI_SIMD_INLINE_BINARY(X, F) \
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
#define WI_SIMD_INLINE_UNARY(X, F) \
    F(X, I16X8_EXTEND_LOW_I8X16_U, 137, ws_i16x8_extend_low_i8x16_u) \
    F(X, I32X4_EXTEND_LOW_I16X8_U, 169, ws_i32x4_extend_low_i16x8_u)
#define WI_SIMD_INLINE_SHIFT(X, F) \
    F(X, I32X4_SHL, 171, ws_i32x4_shl) F(X, I32X4_SHR_S, 172, ws_i32x4_shr_s) \
    F(X, I32X4_SHR_U, 173, ws_i32x4_shr_u) \
    F(X, I64X2_SHL, 203, ws_i64x2_shl) F(X, I64X2_SHR_U, 205, ws_i64x2_shr_u)
#define WI_SIMD_INLINE_ROW_V_DAB(X, name, sub, fn) X(name, V_DAB, _)
#define WI_SIMD_INLINE_ROW_V_DA(X, name, sub, fn) X(name, V_DA, _)
#define WI_SIMD_INLINE_ROW_V_SHIFT(X, name, sub, fn) X(name, V_SHIFT, _)
/* clang-format on */

#endif
