/* The fixed-width SIMD chapter (v128) in the interpreter: everything exec/ needs of it, in one
 * include.
 *
 *   simd_v128.h   the v128 (ws_v128), moving it between frame slots, the forms the lane
 *                 operations take (portable, vector extensions, SSE2/SSSE3) and the macros they
 *                 are written with
 *   simd_x86.h    the lane operations SSE2 and SSSE3 do in a few instructions, when targeted
 *   simd_int.h    bitwise, lanes (splat, extract, replace, swizzle, shuffle), integer comparisons,
 *                 arithmetic, min/max, saturation, shifts, all_true and bitmask
 *   simd_widen.h  narrowing, widening (extend, extmul, extadd_pairwise), dot product
 *   simd_float.h  float comparisons, arithmetic, min/max, rounding, conversions
 *   simd_fns.h    the per-instruction functions on frame slots and their tables (simd.c)
 *
 * Every SIMD instruction is defined by its row of isa/simd_subops.h, which names its lane
 * operation. */
#ifndef WARDEN_EXEC_SIMD_H
#define WARDEN_EXEC_SIMD_H

#include "exec/simd_v128.h"
#include "exec/simd_x86.h"
#include "exec/simd_int.h"
#include "exec/simd_widen.h"
#include "exec/simd_float.h"
#include "exec/simd_fns.h"

#undef WS_UN
#undef WS_BIN
#undef WS_CMP
#undef WS_VCMP

#endif
