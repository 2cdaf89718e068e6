/* Lane operations of the fixed-width SIMD chapter on float lanes (f32x4, f64x2): comparisons,
 * arithmetic, min and max, rounding, and the conversions between float and integer lanes. Static
 * inline functions of ws_v128 (exec/simd_v128.h): portable lane by lane through numerics.h, with
 * the compilers' vector extensions (WS_VECTOR) where their IEEE operations are the spec's; sqrt and
 * the signed int-to-float conversion are in simd_x86.h when the build targets SSE2. */
#ifndef WARDEN_EXEC_SIMD_FLOAT_H
#define WARDEN_EXEC_SIMD_FLOAT_H

#include "exec/simd_v128.h"
#include "exec/simd_x86.h"

/* ---- Comparisons: IEEE, false on NaN except ne, and -0 == +0 ------------------------------- */

#ifdef WS_VECTOR
WS_VCMP(ws_f32x4_eq, vf32, ==, vi32, ws_vi32)
WS_VCMP(ws_f32x4_ne, vf32, !=, vi32, ws_vi32)
WS_VCMP(ws_f32x4_lt, vf32, <, vi32, ws_vi32)
WS_VCMP(ws_f32x4_gt, vf32, >, vi32, ws_vi32)
WS_VCMP(ws_f32x4_le, vf32, <=, vi32, ws_vi32)
WS_VCMP(ws_f32x4_ge, vf32, >=, vi32, ws_vi32)
WS_VCMP(ws_f64x2_eq, vf64, ==, vi64, ws_vi64)
WS_VCMP(ws_f64x2_ne, vf64, !=, vi64, ws_vi64)
WS_VCMP(ws_f64x2_lt, vf64, <, vi64, ws_vi64)
WS_VCMP(ws_f64x2_gt, vf64, >, vi64, ws_vi64)
WS_VCMP(ws_f64x2_le, vf64, <=, vi64, ws_vi64)
WS_VCMP(ws_f64x2_ge, vf64, >=, vi64, ws_vi64)
#else
WS_CMP(ws_f32x4_eq, u32, 4, uint32_t, wn_f32_eq(x, y))
WS_CMP(ws_f32x4_ne, u32, 4, uint32_t, wn_f32_ne(x, y))
WS_CMP(ws_f32x4_lt, u32, 4, uint32_t, wn_f32_lt(x, y))
WS_CMP(ws_f32x4_gt, u32, 4, uint32_t, wn_f32_gt(x, y))
WS_CMP(ws_f32x4_le, u32, 4, uint32_t, wn_f32_le(x, y))
WS_CMP(ws_f32x4_ge, u32, 4, uint32_t, wn_f32_ge(x, y))
WS_CMP(ws_f64x2_eq, u64, 2, uint64_t, wn_f64_eq(x, y))
WS_CMP(ws_f64x2_ne, u64, 2, uint64_t, wn_f64_ne(x, y))
WS_CMP(ws_f64x2_lt, u64, 2, uint64_t, wn_f64_lt(x, y))
WS_CMP(ws_f64x2_gt, u64, 2, uint64_t, wn_f64_gt(x, y))
WS_CMP(ws_f64x2_le, u64, 2, uint64_t, wn_f64_le(x, y))
WS_CMP(ws_f64x2_ge, u64, 2, uint64_t, wn_f64_ge(x, y))
#endif

/* ---- Float arithmetic -------------------------------------------------------------------------
 * add, sub, mul, div, sqrt: the hardware's IEEE operations; an invalid operation gives the default
 * NaN and a NaN operand comes out quieted, as numerics.h explains for the scalar operators. */

#ifdef WS_VECTOR
/* The operands pass through WS_OPAQUE_V128, which is nothing here and a barrier in the compiled
 * tier's copy of these functions, as WN_OPAQUE_F32 is for the scalar operators (numerics.h). */
#ifndef WS_OPAQUE_V128
#define WS_OPAQUE_V128(v) (v)
#endif
#define WS_VFBIN(name, vf, op)                                                                     \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        a = WS_OPAQUE_V128(a);                                                                     \
        b = WS_OPAQUE_V128(b);                                                                     \
        a.vf = a.vf op b.vf;                                                                       \
        return a;                                                                                  \
    }
WS_VFBIN(ws_f32x4_add, vf32, +)
WS_VFBIN(ws_f32x4_sub, vf32, -)
WS_VFBIN(ws_f32x4_mul, vf32, *)
WS_VFBIN(ws_f32x4_div, vf32, /)
WS_VFBIN(ws_f64x2_add, vf64, +)
WS_VFBIN(ws_f64x2_sub, vf64, -)
WS_VFBIN(ws_f64x2_mul, vf64, *)
WS_VFBIN(ws_f64x2_div, vf64, /)
#undef WS_VFBIN
static inline ws_v128 ws_f32x4_abs(ws_v128 a)
{
    a.vu32 &= (ws_vu32){~WN_F32_SIGN, ~WN_F32_SIGN, ~WN_F32_SIGN, ~WN_F32_SIGN};
    return a;
}
static inline ws_v128 ws_f32x4_neg(ws_v128 a)
{
    a.vu32 ^= (ws_vu32){WN_F32_SIGN, WN_F32_SIGN, WN_F32_SIGN, WN_F32_SIGN};
    return a;
}
static inline ws_v128 ws_f64x2_abs(ws_v128 a)
{
    a.vu64 &= (ws_vu64){~WN_F64_SIGN, ~WN_F64_SIGN};
    return a;
}
static inline ws_v128 ws_f64x2_neg(ws_v128 a)
{
    a.vu64 ^= (ws_vu64){WN_F64_SIGN, WN_F64_SIGN};
    return a;
}
#else
WS_BIN(ws_f32x4_add, u32, 4, uint32_t, wn_f32_add(x, y))
WS_BIN(ws_f32x4_sub, u32, 4, uint32_t, wn_f32_sub(x, y))
WS_BIN(ws_f32x4_mul, u32, 4, uint32_t, wn_f32_mul(x, y))
WS_BIN(ws_f32x4_div, u32, 4, uint32_t, wn_f32_div(x, y))
WS_BIN(ws_f64x2_add, u64, 2, uint64_t, wn_f64_add(x, y))
WS_BIN(ws_f64x2_sub, u64, 2, uint64_t, wn_f64_sub(x, y))
WS_BIN(ws_f64x2_mul, u64, 2, uint64_t, wn_f64_mul(x, y))
WS_BIN(ws_f64x2_div, u64, 2, uint64_t, wn_f64_div(x, y))
WS_UN(ws_f32x4_abs, u32, 4, uint32_t, wn_f32_abs(x))
WS_UN(ws_f32x4_neg, u32, 4, uint32_t, wn_f32_neg(x))
WS_UN(ws_f64x2_abs, u64, 2, uint64_t, wn_f64_abs(x))
WS_UN(ws_f64x2_neg, u64, 2, uint64_t, wn_f64_neg(x))
#endif

#ifndef WS_SSE2
WS_UN(ws_f32x4_sqrt, u32, 4, uint32_t, wn_f32_sqrt(x))
WS_UN(ws_f64x2_sqrt, u64, 2, uint64_t, wn_f64_sqrt(x))
#endif

/* min/max: a NaN operand wins (quieted) and -0 < +0, as wn_f32_min/max. The vector form picks,
 * per lane, the smaller/larger operand when they compare unequal, the OR/AND of the bits when
 * they are equal (only {+0, -0} differ), and the first NaN operand, quieted, when unordered. */
#ifdef WS_VECTOR
#define WS_VFMINMAX(name, vf, vu, VU, quiet, combine, less)                                        \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        VU ua = a.vu, ub = b.vu;                                                                   \
        VU pick_a = (VU)(less(a.vf, b.vf)), pick_b = (VU)(less(b.vf, a.vf));                       \
        VU nan_a = (VU)(a.vf != a.vf), unord = nan_a | (VU)(b.vf != b.vf);                         \
        VU nan = ((ua & nan_a) | (ub & ~nan_a)) | ((VU){0} + (quiet));                             \
        VU same = ~(pick_a | pick_b | unord);                                                      \
        a.vu = (ua & pick_a) | (ub & pick_b) | ((ua combine ub) & same) | (nan & unord);           \
        return a;                                                                                  \
    }
#define WS_LT(x, y) ((x) < (y))
#define WS_GT(x, y) ((x) > (y))
WS_VFMINMAX(ws_f32x4_min, vf32, vu32, ws_vu32, WN_F32_QUIET, |, WS_LT)
WS_VFMINMAX(ws_f32x4_max, vf32, vu32, ws_vu32, WN_F32_QUIET, &, WS_GT)
WS_VFMINMAX(ws_f64x2_min, vf64, vu64, ws_vu64, WN_F64_QUIET, |, WS_LT)
WS_VFMINMAX(ws_f64x2_max, vf64, vu64, ws_vu64, WN_F64_QUIET, &, WS_GT)
#undef WS_LT
#undef WS_GT
#undef WS_VFMINMAX
#else
WS_BIN(ws_f32x4_min, u32, 4, uint32_t, wn_f32_min(x, y))
WS_BIN(ws_f32x4_max, u32, 4, uint32_t, wn_f32_max(x, y))
WS_BIN(ws_f64x2_min, u64, 2, uint64_t, wn_f64_min(x, y))
WS_BIN(ws_f64x2_max, u64, 2, uint64_t, wn_f64_max(x, y))
#endif

/* Pseudo-min/max: b < a ? b : a and a < b ? b : a, the operand's bits untouched (NaNs too). */
WS_BIN(ws_f32x4_pmin, u32, 4, uint32_t, wn_f32_lt(y, x) ? y : x)
WS_BIN(ws_f32x4_pmax, u32, 4, uint32_t, wn_f32_lt(x, y) ? y : x)
WS_BIN(ws_f64x2_pmin, u64, 2, uint64_t, wn_f64_lt(y, x) ? y : x)
WS_BIN(ws_f64x2_pmax, u64, 2, uint64_t, wn_f64_lt(x, y) ? y : x)

/* Rounding to integral values, lane by lane through numerics.h. */
WS_UN(ws_f32x4_ceil, u32, 4, uint32_t, wn_f32_ceil(x))
WS_UN(ws_f32x4_floor, u32, 4, uint32_t, wn_f32_floor(x))
WS_UN(ws_f32x4_trunc, u32, 4, uint32_t, wn_f32_trunc(x))
WS_UN(ws_f32x4_nearest, u32, 4, uint32_t, wn_f32_nearest(x))
WS_UN(ws_f64x2_ceil, u64, 2, uint64_t, wn_f64_ceil(x))
WS_UN(ws_f64x2_floor, u64, 2, uint64_t, wn_f64_floor(x))
WS_UN(ws_f64x2_trunc, u64, 2, uint64_t, wn_f64_trunc(x))
WS_UN(ws_f64x2_nearest, u64, 2, uint64_t, wn_f64_nearest(x))

/* ---- Conversions ------------------------------------------------------------------------------
 * Float to integer saturates (NaN gives 0) through numerics.h's checked helpers: a C conversion of
 * an out-of-range float is never evaluated. */

WS_UN(ws_i32x4_trunc_sat_f32x4_s, u32, 4, uint32_t, wn_i32_trunc_sat_f32_s(x))
WS_UN(ws_i32x4_trunc_sat_f32x4_u, u32, 4, uint32_t, wn_i32_trunc_sat_f32_u(x))
WS_UN(ws_f32x4_convert_i32x4_u, u32, 4, uint32_t, wn_f32_convert_i32_u(x))
#ifndef WS_SSE2
WS_UN(ws_f32x4_convert_i32x4_s, u32, 4, uint32_t, wn_f32_convert_i32_s(x))
#endif

static inline ws_v128 ws_i32x4_trunc_sat_f64x2_s_zero(ws_v128 a)
{
    return ws_make(
        wn_i32_trunc_sat_f64_s(a.u64[0]) | (uint64_t)wn_i32_trunc_sat_f64_s(a.u64[1]) << 32, 0);
}
static inline ws_v128 ws_i32x4_trunc_sat_f64x2_u_zero(ws_v128 a)
{
    return ws_make(
        wn_i32_trunc_sat_f64_u(a.u64[0]) | (uint64_t)wn_i32_trunc_sat_f64_u(a.u64[1]) << 32, 0);
}
static inline ws_v128 ws_f64x2_convert_low_i32x4_s(ws_v128 a)
{
    return ws_make(wn_f64_convert_i32_s(a.u32[0]), wn_f64_convert_i32_s(a.u32[1]));
}
static inline ws_v128 ws_f64x2_convert_low_i32x4_u(ws_v128 a)
{
    return ws_make(wn_f64_convert_i32_u(a.u32[0]), wn_f64_convert_i32_u(a.u32[1]));
}
static inline ws_v128 ws_f32x4_demote_f64x2_zero(ws_v128 a)
{
    return ws_make(wn_f32_demote_f64(a.u64[0]) | (uint64_t)wn_f32_demote_f64(a.u64[1]) << 32, 0);
}
static inline ws_v128 ws_f64x2_promote_low_f32x4(ws_v128 a)
{
    return ws_make(wn_f64_promote_f32(a.u32[0]), wn_f64_promote_f32(a.u32[1]));
}

#endif
