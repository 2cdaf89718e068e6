/* The internal instructions of the fixed-width SIMD chapter (v128); included by isa/ops.h, whose
 * rows these are.
 *
 * Every SIMD instruction is defined by its row in isa/simd_subops.h, by 0xFD sub-opcode. Memory
 * accesses, constants, shuffles and bitselect have instructions and handlers of their own, listed
 * here; every other instruction goes through one generic handler per operand shape, which calls
 * the instruction's function from a table indexed by its sub-opcode `op` (exec/simd.c). That keeps
 * the interpreter loop, which the scalar handlers share, small. The operations compiled code uses
 * most (the I rows of isa/simd_subops.h) also have instructions of their own, made from their rows,
 * whose handlers are inline in the loop. */
#ifndef WARDEN_ISA_OPS_SIMD_H
#define WARDEN_ISA_OPS_SIMD_H

#include "isa/simd_subops.h"

/* clang-format off */
#define WI_SIMD_OPS(X) \
    X(V128_CONST,          V128_CONST,   _) \
    X(V128_LOAD,           V_LOAD,       _) \
    X(V128_LOAD_PART,      V_LOAD_PART,  _)  /* loadNxM_s/u, loadN_splat, loadN_zero */ \
    X(V128_LOAD_LANE,      V_LOAD_LANE,  _) \
    X(V128_STORE,          V_STORE,      _) \
    X(V128_STORE_LANE,     V_STORE_LANE, _) \
    X(I8X16_SHUFFLE,       SHUFFLE,      _)  /* lo and hi: the 16 lane indices, one per byte */ \
    X(I8X16_SHUFFLE_SSSE3, SHUFFLE,      _)  /* the same, through ws_shuffle_ssse3 */ \
    X(V128_BITSELECT,      V_DABC,       _) \
    X(SIMD_UNARY,          V_UNARY,      _)  /* v128 -> v128 */ \
    X(SIMD_BINARY,         V_BINARY,     _)  /* v128 v128 -> v128 */ \
    X(SIMD_TEST,           V_TEST,       _)  /* v128 -> i32 */ \
    X(SIMD_SHIFT,          V_SHIFT_OP,   _)  /* v128 i32 -> v128 */ \
    X(SIMD_SPLAT,          V_SPLAT,      _)  /* scalar -> v128 */ \
    X(SIMD_EXTRACT,        V_EXTRACT,    _)  /* v128 -> scalar */ \
    X(SIMD_REPLACE,        V_REPLACE,    _)  /* v128 scalar -> v128 */ \
    WI_SIMD_SUBOPS(WI_SIMD_NO_OP, WI_SIMD_INLINE_OP, WI_SIMD_NO_OP, X)

/* The instruction of an I row of isa/simd_subops.h: X(NAME, the layout of its KIND, _). */
#define WI_SIMD_NO_OP(X, sub, name, kind, type, width, fn)
#define WI_SIMD_INLINE_OP(X, sub, name, kind, type, width, fn) \
    WI_SIMD_INLINE_OP_(X, name, WI_SIMD_INLINE_LAYOUT_##kind)
#define WI_SIMD_INLINE_OP_(X, name, layout) X(name, layout, _)
#define WI_SIMD_INLINE_LAYOUT_UNARY V_DA
#define WI_SIMD_INLINE_LAYOUT_BINARY V_DAB
#define WI_SIMD_INLINE_LAYOUT_SHIFT V_SHIFT
#define WI_SIMD_INLINE_LAYOUT_EXTRACT V_LANE
/* clang-format on */

#endif
