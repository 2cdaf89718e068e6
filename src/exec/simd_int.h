/* Lane operations of the fixed-width SIMD chapter on whole v128s and integer lanes: bitwise,
 * splat, lane access, swizzle and shuffle, comparisons, arithmetic, min and max, saturating
 * arithmetic, shifts, and the tests (all_true, bitmask). Static inline functions of ws_v128
 * (exec/simd_v128.h).
 *
 * Every operation has a portable C definition, lane by lane, with no undefined or
 * implementation-defined behaviour: signed lanes are read through ws_s8()/ws_s16()/... and
 * results are written back through unsigned types. With GCC or Clang (WS_VECTOR) the lane-wise
 * arithmetic, comparisons, shifts and min/max use the compilers' vector extensions instead; an
 * operation that SSE2 or SSSE3 does in a few instructions is defined in simd_x86.h when the build
 * targets it, and here otherwise. */
#ifndef WARDEN_EXEC_SIMD_INT_H
#define WARDEN_EXEC_SIMD_INT_H

#include "exec/simd_v128.h"
#include "exec/simd_x86.h"

/* ---- Bitwise --------------------------------------------------------------------------------- */

static inline ws_v128 ws_v128_not(ws_v128 a)
{
    return ws_make(~a.u64[0], ~a.u64[1]);
}
static inline ws_v128 ws_v128_and(ws_v128 a, ws_v128 b)
{
    return ws_make(a.u64[0] & b.u64[0], a.u64[1] & b.u64[1]);
}
static inline ws_v128 ws_v128_andnot(ws_v128 a, ws_v128 b)
{
    return ws_make(a.u64[0] & ~b.u64[0], a.u64[1] & ~b.u64[1]);
}
static inline ws_v128 ws_v128_or(ws_v128 a, ws_v128 b)
{
    return ws_make(a.u64[0] | b.u64[0], a.u64[1] | b.u64[1]);
}
static inline ws_v128 ws_v128_xor(ws_v128 a, ws_v128 b)
{
    return ws_make(a.u64[0] ^ b.u64[0], a.u64[1] ^ b.u64[1]);
}
/* Bits of a where c is set, of b where it is not. */
static inline ws_v128 ws_v128_bitselect(ws_v128 a, ws_v128 b, ws_v128 c)
{
    return ws_make((a.u64[0] & c.u64[0]) | (b.u64[0] & ~c.u64[0]),
                   (a.u64[1] & c.u64[1]) | (b.u64[1] & ~c.u64[1]));
}
static inline uint32_t ws_v128_any_true(ws_v128 a)
{
    return (a.u64[0] | a.u64[1]) != 0;
}

/* ---- Lanes: splat, swizzle, shuffle, extract, replace; the splatting and zeroing loads ------- */

static inline ws_v128 ws_i8x16_splat(uint64_t x)
{
    uint64_t w = (x & 0xFFu) * UINT64_C(0x0101010101010101);
    return ws_make(w, w);
}
static inline ws_v128 ws_i16x8_splat(uint64_t x)
{
    uint64_t w = (x & 0xFFFFu) * UINT64_C(0x0001000100010001);
    return ws_make(w, w);
}
static inline ws_v128 ws_i32x4_splat(uint64_t x)
{
    uint64_t w = (x & 0xFFFFFFFFu) * UINT64_C(0x0000000100000001);
    return ws_make(w, w);
}
static inline ws_v128 ws_i64x2_splat(uint64_t x)
{
    return ws_make(x, x);
}

#ifndef WS_SSSE3
/* Lane i of the result is lane b[i] of a, or 0 when that index is 16 or more. */
static inline ws_v128 ws_i8x16_swizzle(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    for (int i = 0; i < 16; i++) r.u8[i] = b.u8[i] < 16 ? a.u8[b.u8[i]] : 0;
    return r;
}

/* Lane i of the result is lane s[i] of the 32 lanes of a then b; the indices are below 32
 * (validated). */
static inline ws_v128 ws_i8x16_shuffle(ws_v128 a, ws_v128 b, ws_v128 s)
{
    ws_v128 r;
    uint8_t ab[32];
    memcpy(ab, &a, 16);
    memcpy(ab + 16, &b, 16);
#define WS_PICK(i) r.u8[i] = ab[s.u8[i] & 31u]
#define WS_PICK4(i)                                                                                \
    WS_PICK(i);                                                                                    \
    WS_PICK(i + 1);                                                                                \
    WS_PICK(i + 2);                                                                                \
    WS_PICK(i + 3)
    WS_PICK4(0);
    WS_PICK4(4);
    WS_PICK4(8);
    WS_PICK4(12);
#undef WS_PICK4
#undef WS_PICK
    return r;
}
#endif

/* extract_lane: the lane, zero-extended to its slot, or sign-extended to 32 bits for _s. */
static inline uint64_t ws_i8x16_extract_lane_s(ws_v128 a, uint32_t lane)
{
    return wn_i32_extend8_s(a.u8[lane]);
}
static inline uint64_t ws_i8x16_extract_lane_u(ws_v128 a, uint32_t lane)
{
    return a.u8[lane];
}
static inline uint64_t ws_i16x8_extract_lane_s(ws_v128 a, uint32_t lane)
{
    return wn_i32_extend16_s(a.u16[lane]);
}
static inline uint64_t ws_i16x8_extract_lane_u(ws_v128 a, uint32_t lane)
{
    return a.u16[lane];
}
static inline uint64_t ws_i32x4_extract_lane(ws_v128 a, uint32_t lane)
{
    return a.u32[lane];
}
static inline uint64_t ws_i64x2_extract_lane(ws_v128 a, uint32_t lane)
{
    return a.u64[lane];
}

/* replace_lane: a with the lane replaced by the low bits of x. */
static inline ws_v128 ws_i8x16_replace_lane(ws_v128 a, uint64_t x, uint32_t lane)
{
    a.u8[lane] = (uint8_t)x;
    return a;
}
static inline ws_v128 ws_i16x8_replace_lane(ws_v128 a, uint64_t x, uint32_t lane)
{
    a.u16[lane] = (uint16_t)x;
    return a;
}
static inline ws_v128 ws_i32x4_replace_lane(ws_v128 a, uint64_t x, uint32_t lane)
{
    a.u32[lane] = (uint32_t)x;
    return a;
}
static inline ws_v128 ws_i64x2_replace_lane(ws_v128 a, uint64_t x, uint32_t lane)
{
    a.u64[lane] = x;
    return a;
}

/* v128.loadN_splat and v128.loadN_zero: the result, from the bytes the load read, which sit in the
 * low bytes of a (the others are zero). */
static inline ws_v128 ws_v128_load8_splat(ws_v128 a)
{
    return ws_i8x16_splat(a.u64[0]);
}
static inline ws_v128 ws_v128_load16_splat(ws_v128 a)
{
    return ws_i16x8_splat(a.u64[0]);
}
static inline ws_v128 ws_v128_load32_splat(ws_v128 a)
{
    return ws_i32x4_splat(a.u64[0]);
}
static inline ws_v128 ws_v128_load64_splat(ws_v128 a)
{
    return ws_i64x2_splat(a.u64[0]);
}
static inline ws_v128 ws_v128_load32_zero(ws_v128 a)
{
    return a;
}
static inline ws_v128 ws_v128_load64_zero(ws_v128 a)
{
    return a;
}

/* ---- Integer comparisons --------------------------------------------------------------------- */

#ifdef WS_VECTOR
WS_VCMP(ws_i8x16_eq, vu8, ==, vi8, ws_vi8)
WS_VCMP(ws_i8x16_ne, vu8, !=, vi8, ws_vi8)
WS_VCMP(ws_i8x16_lt_s, vi8, <, vi8, ws_vi8)
WS_VCMP(ws_i8x16_lt_u, vu8, <, vi8, ws_vi8)
WS_VCMP(ws_i8x16_gt_s, vi8, >, vi8, ws_vi8)
WS_VCMP(ws_i8x16_gt_u, vu8, >, vi8, ws_vi8)
WS_VCMP(ws_i8x16_le_s, vi8, <=, vi8, ws_vi8)
WS_VCMP(ws_i8x16_le_u, vu8, <=, vi8, ws_vi8)
WS_VCMP(ws_i8x16_ge_s, vi8, >=, vi8, ws_vi8)
WS_VCMP(ws_i8x16_ge_u, vu8, >=, vi8, ws_vi8)
WS_VCMP(ws_i16x8_eq, vu16, ==, vi16, ws_vi16)
WS_VCMP(ws_i16x8_ne, vu16, !=, vi16, ws_vi16)
WS_VCMP(ws_i16x8_lt_s, vi16, <, vi16, ws_vi16)
WS_VCMP(ws_i16x8_lt_u, vu16, <, vi16, ws_vi16)
WS_VCMP(ws_i16x8_gt_s, vi16, >, vi16, ws_vi16)
WS_VCMP(ws_i16x8_gt_u, vu16, >, vi16, ws_vi16)
WS_VCMP(ws_i16x8_le_s, vi16, <=, vi16, ws_vi16)
WS_VCMP(ws_i16x8_le_u, vu16, <=, vi16, ws_vi16)
WS_VCMP(ws_i16x8_ge_s, vi16, >=, vi16, ws_vi16)
WS_VCMP(ws_i16x8_ge_u, vu16, >=, vi16, ws_vi16)
WS_VCMP(ws_i32x4_eq, vu32, ==, vi32, ws_vi32)
WS_VCMP(ws_i32x4_ne, vu32, !=, vi32, ws_vi32)
WS_VCMP(ws_i32x4_lt_s, vi32, <, vi32, ws_vi32)
WS_VCMP(ws_i32x4_lt_u, vu32, <, vi32, ws_vi32)
WS_VCMP(ws_i32x4_gt_s, vi32, >, vi32, ws_vi32)
WS_VCMP(ws_i32x4_gt_u, vu32, >, vi32, ws_vi32)
WS_VCMP(ws_i32x4_le_s, vi32, <=, vi32, ws_vi32)
WS_VCMP(ws_i32x4_le_u, vu32, <=, vi32, ws_vi32)
WS_VCMP(ws_i32x4_ge_s, vi32, >=, vi32, ws_vi32)
WS_VCMP(ws_i32x4_ge_u, vu32, >=, vi32, ws_vi32)
WS_VCMP(ws_i64x2_eq, vu64, ==, vi64, ws_vi64)
WS_VCMP(ws_i64x2_ne, vu64, !=, vi64, ws_vi64)
WS_VCMP(ws_i64x2_lt_s, vi64, <, vi64, ws_vi64)
WS_VCMP(ws_i64x2_gt_s, vi64, >, vi64, ws_vi64)
WS_VCMP(ws_i64x2_le_s, vi64, <=, vi64, ws_vi64)
WS_VCMP(ws_i64x2_ge_s, vi64, >=, vi64, ws_vi64)
#else
WS_CMP(ws_i8x16_eq, u8, 16, uint8_t, x == y)
WS_CMP(ws_i8x16_ne, u8, 16, uint8_t, x != y)
WS_CMP(ws_i8x16_lt_s, u8, 16, uint8_t, ws_s8(x) < ws_s8(y))
WS_CMP(ws_i8x16_lt_u, u8, 16, uint8_t, x < y)
WS_CMP(ws_i8x16_gt_s, u8, 16, uint8_t, ws_s8(x) > ws_s8(y))
WS_CMP(ws_i8x16_gt_u, u8, 16, uint8_t, x > y)
WS_CMP(ws_i8x16_le_s, u8, 16, uint8_t, ws_s8(x) <= ws_s8(y))
WS_CMP(ws_i8x16_le_u, u8, 16, uint8_t, x <= y)
WS_CMP(ws_i8x16_ge_s, u8, 16, uint8_t, ws_s8(x) >= ws_s8(y))
WS_CMP(ws_i8x16_ge_u, u8, 16, uint8_t, x >= y)
WS_CMP(ws_i16x8_eq, u16, 8, uint16_t, x == y)
WS_CMP(ws_i16x8_ne, u16, 8, uint16_t, x != y)
WS_CMP(ws_i16x8_lt_s, u16, 8, uint16_t, ws_s16(x) < ws_s16(y))
WS_CMP(ws_i16x8_lt_u, u16, 8, uint16_t, x < y)
WS_CMP(ws_i16x8_gt_s, u16, 8, uint16_t, ws_s16(x) > ws_s16(y))
WS_CMP(ws_i16x8_gt_u, u16, 8, uint16_t, x > y)
WS_CMP(ws_i16x8_le_s, u16, 8, uint16_t, ws_s16(x) <= ws_s16(y))
WS_CMP(ws_i16x8_le_u, u16, 8, uint16_t, x <= y)
WS_CMP(ws_i16x8_ge_s, u16, 8, uint16_t, ws_s16(x) >= ws_s16(y))
WS_CMP(ws_i16x8_ge_u, u16, 8, uint16_t, x >= y)
WS_CMP(ws_i32x4_eq, u32, 4, uint32_t, x == y)
WS_CMP(ws_i32x4_ne, u32, 4, uint32_t, x != y)
WS_CMP(ws_i32x4_lt_s, u32, 4, uint32_t, ws_s32(x) < ws_s32(y))
WS_CMP(ws_i32x4_lt_u, u32, 4, uint32_t, x < y)
WS_CMP(ws_i32x4_gt_s, u32, 4, uint32_t, ws_s32(x) > ws_s32(y))
WS_CMP(ws_i32x4_gt_u, u32, 4, uint32_t, x > y)
WS_CMP(ws_i32x4_le_s, u32, 4, uint32_t, ws_s32(x) <= ws_s32(y))
WS_CMP(ws_i32x4_le_u, u32, 4, uint32_t, x <= y)
WS_CMP(ws_i32x4_ge_s, u32, 4, uint32_t, ws_s32(x) >= ws_s32(y))
WS_CMP(ws_i32x4_ge_u, u32, 4, uint32_t, x >= y)
WS_CMP(ws_i64x2_eq, u64, 2, uint64_t, x == y)
WS_CMP(ws_i64x2_ne, u64, 2, uint64_t, x != y)
WS_CMP(ws_i64x2_lt_s, u64, 2, uint64_t, ws_s64(x) < ws_s64(y))
WS_CMP(ws_i64x2_gt_s, u64, 2, uint64_t, ws_s64(x) > ws_s64(y))
WS_CMP(ws_i64x2_le_s, u64, 2, uint64_t, ws_s64(x) <= ws_s64(y))
WS_CMP(ws_i64x2_ge_s, u64, 2, uint64_t, ws_s64(x) >= ws_s64(y))
#endif

/* ---- Integer arithmetic: wrapping add, sub, mul, neg ---------------------------------------- */

#ifdef WS_VECTOR
#define WS_VBIN(name, vf, op)                                                                      \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        a.vf = a.vf op b.vf;                                                                       \
        return a;                                                                                  \
    }
WS_VBIN(ws_i8x16_add, vu8, +)
WS_VBIN(ws_i8x16_sub, vu8, -)
WS_VBIN(ws_i16x8_add, vu16, +)
WS_VBIN(ws_i16x8_sub, vu16, -)
WS_VBIN(ws_i16x8_mul, vu16, *)
WS_VBIN(ws_i32x4_add, vu32, +)
WS_VBIN(ws_i32x4_sub, vu32, -)
WS_VBIN(ws_i32x4_mul, vu32, *)
WS_VBIN(ws_i64x2_add, vu64, +)
WS_VBIN(ws_i64x2_sub, vu64, -)
WS_VBIN(ws_i64x2_mul, vu64, *)
#undef WS_VBIN
static inline ws_v128 ws_i8x16_neg(ws_v128 a)
{
    a.vu8 = (ws_vu8){0} - a.vu8;
    return a;
}
static inline ws_v128 ws_i16x8_neg(ws_v128 a)
{
    a.vu16 = (ws_vu16){0} - a.vu16;
    return a;
}
static inline ws_v128 ws_i32x4_neg(ws_v128 a)
{
    a.vu32 = (ws_vu32){0} - a.vu32;
    return a;
}
static inline ws_v128 ws_i64x2_neg(ws_v128 a)
{
    a.vu64 = (ws_vu64){0} - a.vu64;
    return a;
}
#else
WS_BIN(ws_i8x16_add, u8, 16, uint8_t, x + y)
WS_BIN(ws_i8x16_sub, u8, 16, uint8_t, x - y)
WS_BIN(ws_i16x8_add, u16, 8, uint16_t, x + y)
WS_BIN(ws_i16x8_sub, u16, 8, uint16_t, x - y)
WS_BIN(ws_i16x8_mul, u16, 8, uint16_t, (uint32_t)x *y)
WS_BIN(ws_i32x4_add, u32, 4, uint32_t, x + y)
WS_BIN(ws_i32x4_sub, u32, 4, uint32_t, x - y)
WS_BIN(ws_i32x4_mul, u32, 4, uint32_t, x *y)
WS_BIN(ws_i64x2_add, u64, 2, uint64_t, x + y)
WS_BIN(ws_i64x2_sub, u64, 2, uint64_t, x - y)
WS_BIN(ws_i64x2_mul, u64, 2, uint64_t, x *y)
WS_UN(ws_i8x16_neg, u8, 16, uint8_t, 0u - x)
WS_UN(ws_i16x8_neg, u16, 8, uint16_t, 0u - x)
WS_UN(ws_i32x4_neg, u32, 4, uint32_t, 0u - x)
WS_UN(ws_i64x2_neg, u64, 2, uint64_t, 0u - x)
#endif

/* abs of the most negative value is itself (the negation wraps). */
WS_UN(ws_i8x16_abs, u8, 16, uint8_t, (x & 0x80u) ? 0u - x : x)
WS_UN(ws_i16x8_abs, u16, 8, uint16_t, (x & 0x8000u) ? 0u - x : x)
WS_UN(ws_i32x4_abs, u32, 4, uint32_t, (x & 0x80000000u) ? 0u - x : x)
WS_UN(ws_i64x2_abs, u64, 2, uint64_t, (x >> 63) ? 0u - x : x)
WS_UN(ws_i8x16_popcnt, u8, 16, uint8_t, wn_i32_popcnt(x))

/* ---- Min, max, rounding average ------------------------------------------------------------- */

#ifdef WS_VECTOR
/* m ? a : b, lane by lane, for a mask of whole lanes. */
#define WS_VSELECT(name, vf, VT, cf, op)                                                           \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        VT m = (VT)(a.cf op b.cf);                                                                 \
        a.vf = (a.vf & m) | (b.vf & ~m);                                                           \
        return a;                                                                                  \
    }
#endif

#ifndef WS_SSE2
WS_BIN(ws_i8x16_min_u, u8, 16, uint8_t, x < y ? x : y)
WS_BIN(ws_i8x16_max_u, u8, 16, uint8_t, x > y ? x : y)
WS_BIN(ws_i16x8_min_s, u16, 8, uint16_t, ws_s16(x) < ws_s16(y) ? x : y)
WS_BIN(ws_i16x8_max_s, u16, 8, uint16_t, ws_s16(x) > ws_s16(y) ? x : y)
WS_BIN(ws_i8x16_avgr_u, u8, 16, uint8_t, ((uint32_t)x + y + 1) >> 1)
WS_BIN(ws_i16x8_avgr_u, u16, 8, uint16_t, ((uint32_t)x + y + 1) >> 1)
#endif

#ifdef WS_VECTOR
WS_VSELECT(ws_i8x16_min_s, vu8, ws_vu8, vi8, <)
WS_VSELECT(ws_i8x16_max_s, vu8, ws_vu8, vi8, >)
WS_VSELECT(ws_i16x8_min_u, vu16, ws_vu16, vu16, <)
WS_VSELECT(ws_i16x8_max_u, vu16, ws_vu16, vu16, >)
WS_VSELECT(ws_i32x4_min_s, vu32, ws_vu32, vi32, <)
WS_VSELECT(ws_i32x4_min_u, vu32, ws_vu32, vu32, <)
WS_VSELECT(ws_i32x4_max_s, vu32, ws_vu32, vi32, >)
WS_VSELECT(ws_i32x4_max_u, vu32, ws_vu32, vu32, >)
#else
WS_BIN(ws_i8x16_min_s, u8, 16, uint8_t, ws_s8(x) < ws_s8(y) ? x : y)
WS_BIN(ws_i8x16_max_s, u8, 16, uint8_t, ws_s8(x) > ws_s8(y) ? x : y)
WS_BIN(ws_i16x8_min_u, u16, 8, uint16_t, x < y ? x : y)
WS_BIN(ws_i16x8_max_u, u16, 8, uint16_t, x > y ? x : y)
WS_BIN(ws_i32x4_min_s, u32, 4, uint32_t, ws_s32(x) < ws_s32(y) ? x : y)
WS_BIN(ws_i32x4_min_u, u32, 4, uint32_t, x < y ? x : y)
WS_BIN(ws_i32x4_max_s, u32, 4, uint32_t, ws_s32(x) > ws_s32(y) ? x : y)
WS_BIN(ws_i32x4_max_u, u32, 4, uint32_t, x > y ? x : y)
#endif
#undef WS_VSELECT

/* ---- Saturating arithmetic ------------------------------------------------------------------- */

#ifndef WS_SSE2
WS_BIN(ws_i8x16_add_sat_s, u8, 16, uint8_t, ws_sat_s8(ws_s8(x) + ws_s8(y)))
WS_BIN(ws_i8x16_add_sat_u, u8, 16, uint8_t, ws_sat_u8((int32_t)x + y))
WS_BIN(ws_i8x16_sub_sat_s, u8, 16, uint8_t, ws_sat_s8(ws_s8(x) - ws_s8(y)))
WS_BIN(ws_i8x16_sub_sat_u, u8, 16, uint8_t, ws_sat_u8((int32_t)x - y))
WS_BIN(ws_i16x8_add_sat_s, u16, 8, uint16_t, ws_sat_s16(ws_s16(x) + ws_s16(y)))
WS_BIN(ws_i16x8_add_sat_u, u16, 8, uint16_t, ws_sat_u16((int32_t)x + y))
WS_BIN(ws_i16x8_sub_sat_s, u16, 8, uint16_t, ws_sat_s16(ws_s16(x) - ws_s16(y)))
WS_BIN(ws_i16x8_sub_sat_u, u16, 8, uint16_t, ws_sat_u16((int32_t)x - y))
#endif

/* Rounding, saturating Q15 multiplication: (x * y + 2^14) >> 15 with an arithmetic shift, which
 * only overflows for -32768 * -32768. The shift is done on a biased non-negative value. */
static inline uint16_t ws_q15mulr_sat(uint16_t x, uint16_t y)
{
    int64_t p = (int64_t)ws_s16(x) * ws_s16(y) + 0x4000 + ((int64_t)1 << 31);
    int64_t q = (int64_t)((uint64_t)p >> 15) - ((int64_t)1 << 16);
    return ws_sat_s16((int32_t)q);
}
WS_BIN(ws_i16x8_q15mulr_sat_s, u16, 8, uint16_t, ws_q15mulr_sat(x, y))

/* ---- Shifts: the count is taken modulo the lane width ---------------------------------------- */

#ifdef WS_VECTOR
#define WS_VSHIFT(name, vf, op, bits)                                                              \
    static inline ws_v128 name(ws_v128 a, uint32_t n)                                              \
    {                                                                                              \
        a.vf = a.vf op(int)(n & ((bits) - 1u));                                                    \
        return a;                                                                                  \
    }
WS_VSHIFT(ws_i8x16_shl, vu8, <<, 8)
WS_VSHIFT(ws_i8x16_shr_s, vi8, >>, 8)
WS_VSHIFT(ws_i8x16_shr_u, vu8, >>, 8)
WS_VSHIFT(ws_i16x8_shl, vu16, <<, 16)
WS_VSHIFT(ws_i16x8_shr_s, vi16, >>, 16)
WS_VSHIFT(ws_i16x8_shr_u, vu16, >>, 16)
WS_VSHIFT(ws_i32x4_shl, vu32, <<, 32)
WS_VSHIFT(ws_i32x4_shr_s, vi32, >>, 32)
WS_VSHIFT(ws_i32x4_shr_u, vu32, >>, 32)
WS_VSHIFT(ws_i64x2_shl, vu64, <<, 64)
WS_VSHIFT(ws_i64x2_shr_s, vi64, >>, 64)
WS_VSHIFT(ws_i64x2_shr_u, vu64, >>, 64)
#undef WS_VSHIFT
#else
/* Arithmetic shift right of a `bits`-wide lane, in unsigned arithmetic. */
static inline uint64_t ws_sar(uint64_t x, uint32_t n, unsigned bits)
{
    uint64_t lane = UINT64_MAX >> (64 - bits);
    uint64_t m = (0u - ((x >> (bits - 1)) & 1u)) & lane; /* all ones when negative */
    return ((x ^ m) >> n) ^ m;
}
#define WS_SHIFT(name, f, nl, T, bits, expr)                                                       \
    static inline ws_v128 name(ws_v128 a, uint32_t n)                                              \
    {                                                                                              \
        ws_v128 r;                                                                                 \
        n &= (bits) - 1u;                                                                          \
        for (int i = 0; i < (nl); i++) {                                                           \
            T x = a.f[i];                                                                          \
            r.f[i] = (T)(expr);                                                                    \
        }                                                                                          \
        return r;                                                                                  \
    }
WS_SHIFT(ws_i8x16_shl, u8, 16, uint8_t, 8, (uint32_t)x << n)
WS_SHIFT(ws_i8x16_shr_s, u8, 16, uint8_t, 8, ws_sar(x, n, 8))
WS_SHIFT(ws_i8x16_shr_u, u8, 16, uint8_t, 8, x >> n)
WS_SHIFT(ws_i16x8_shl, u16, 8, uint16_t, 16, (uint32_t)x << n)
WS_SHIFT(ws_i16x8_shr_s, u16, 8, uint16_t, 16, ws_sar(x, n, 16))
WS_SHIFT(ws_i16x8_shr_u, u16, 8, uint16_t, 16, x >> n)
WS_SHIFT(ws_i32x4_shl, u32, 4, uint32_t, 32, x << n)
WS_SHIFT(ws_i32x4_shr_s, u32, 4, uint32_t, 32, ws_sar(x, n, 32))
WS_SHIFT(ws_i32x4_shr_u, u32, 4, uint32_t, 32, x >> n)
WS_SHIFT(ws_i64x2_shl, u64, 2, uint64_t, 64, x << n)
WS_SHIFT(ws_i64x2_shr_s, u64, 2, uint64_t, 64, ws_sar(x, n, 64))
WS_SHIFT(ws_i64x2_shr_u, u64, 2, uint64_t, 64, x >> n)
#undef WS_SHIFT
#endif

/* ---- Tests: all_true, bitmask ---------------------------------------------------------------- */

#ifndef WS_SSE2
static inline uint32_t ws_i8x16_all_true(ws_v128 a)
{
    for (int i = 0; i < 16; i++)
        if (!a.u8[i]) return 0;
    return 1;
}
static inline uint32_t ws_i16x8_all_true(ws_v128 a)
{
    for (int i = 0; i < 8; i++)
        if (!a.u16[i]) return 0;
    return 1;
}
static inline uint32_t ws_i32x4_all_true(ws_v128 a)
{
    for (int i = 0; i < 4; i++)
        if (!a.u32[i]) return 0;
    return 1;
}
static inline uint32_t ws_i8x16_bitmask(ws_v128 a)
{
    uint32_t r = 0;
    for (int i = 0; i < 16; i++) r |= (uint32_t)(a.u8[i] >> 7) << i;
    return r;
}
static inline uint32_t ws_i16x8_bitmask(ws_v128 a)
{
    uint32_t r = 0;
    for (int i = 0; i < 8; i++) r |= (uint32_t)(a.u16[i] >> 15) << i;
    return r;
}
static inline uint32_t ws_i32x4_bitmask(ws_v128 a)
{
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) r |= (a.u32[i] >> 31) << i;
    return r;
}
static inline uint32_t ws_i64x2_bitmask(ws_v128 a)
{
    return (uint32_t)(a.u64[0] >> 63) | (uint32_t)(a.u64[1] >> 63) << 1;
}
#endif
static inline uint32_t ws_i64x2_all_true(ws_v128 a)
{
    return a.u64[0] != 0 && a.u64[1] != 0;
}

#endif
