/* Lane operations of the fixed-width SIMD chapter (v128), as static inline functions, and the
 * tables of per-instruction functions (simd.c) through which the interpreter's generic SIMD
 * handlers (interp_simd.inc) run them.
 *
 * A v128 is a ws_v128: sixteen bytes seen as lanes of 8, 16, 32 or 64 bits, lane 0 at the lowest
 * address (the host is little-endian, as interp.c checks). Floats are carried as their bits, like
 * the scalar operators of numerics.h, whose per-lane helpers give the float lanes the spec's NaN,
 * rounding and saturation rules.
 *
 * Every operation has a portable C definition, lane by lane, with no undefined or
 * implementation-defined behaviour: signed lanes are read through ws_s8()/ws_s16()/... and
 * results are written back through unsigned types. With GCC or Clang the lane-wise arithmetic,
 * comparisons, shifts and min/max use the compilers' vector extensions instead; with SSE2 (and
 * SSSE3 for swizzle and shuffle, when the build targets it) some operations use intrinsics where
 * a few instructions do exactly what the spec asks: saturating arithmetic, rounding average,
 * narrowing, widening, bitmask, all_true, dot product, sqrt, int-to-float conversion. Defining
 * WARDEN_SIMD_PORTABLE keeps only the portable definitions. */
#ifndef WARDEN_EXEC_SIMD_H
#define WARDEN_EXEC_SIMD_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "exec/numerics.h"

#if defined(__GNUC__) && !defined(WARDEN_SIMD_PORTABLE)
#define WS_VECTOR 1
#endif
#if defined(WS_VECTOR) && defined(__SSE2__)
#define WS_SSE2 1
#include <emmintrin.h>
#endif
#if defined(WS_SSE2) && defined(__SSSE3__)
#define WS_SSSE3 1
#include <tmmintrin.h>
#endif

#ifdef WS_VECTOR
typedef uint8_t ws_vu8 __attribute__((vector_size(16)));
typedef int8_t ws_vi8 __attribute__((vector_size(16)));
typedef uint16_t ws_vu16 __attribute__((vector_size(16)));
typedef int16_t ws_vi16 __attribute__((vector_size(16)));
typedef uint32_t ws_vu32 __attribute__((vector_size(16)));
typedef int32_t ws_vi32 __attribute__((vector_size(16)));
typedef uint64_t ws_vu64 __attribute__((vector_size(16)));
typedef int64_t ws_vi64 __attribute__((vector_size(16)));
typedef float ws_vf32 __attribute__((vector_size(16)));
typedef double ws_vf64 __attribute__((vector_size(16)));
#endif

typedef union ws_v128 {
    uint8_t u8[16];
    uint16_t u16[8];
    uint32_t u32[4];
    uint64_t u64[2];
#ifdef WS_VECTOR
    ws_vu8 vu8;
    ws_vi8 vi8;
    ws_vu16 vu16;
    ws_vi16 vi16;
    ws_vu32 vu32;
    ws_vi32 vi32;
    ws_vu64 vu64;
    ws_vi64 vi64;
    ws_vf32 vf32;
    ws_vf64 vf64;
#endif
#ifdef WS_SSE2
    __m128i m;
    __m128 mf;
    __m128d md;
#endif
} ws_v128;

_Static_assert(sizeof(ws_v128) == 16, "a v128 is 16 bytes");

/* ---- Moving v128 values: frame slots (two uint64_t, possibly not 16-byte aligned), memory --- */

static inline ws_v128 ws_get(const uint64_t *slots)
{
    ws_v128 v;
    memcpy(&v, slots, sizeof v);
    return v;
}

static inline void ws_put(uint64_t *slots, ws_v128 v)
{
    memcpy(slots, &v, sizeof v);
}

static inline ws_v128 ws_make(uint64_t lo, uint64_t hi)
{
    ws_v128 v;
    v.u64[0] = lo;
    v.u64[1] = hi;
    return v;
}

/* ---- Signed views of lanes, without implementation-defined conversions --------------------- */

static inline int32_t ws_s8(uint8_t x)
{
    return (int32_t)x - (int32_t)((x & 0x80u) << 1);
}
static inline int32_t ws_s16(uint16_t x)
{
    return (int32_t)x - (int32_t)((x & 0x8000u) << 1);
}
static inline int32_t ws_s32(uint32_t x)
{
    return wn_i32_to_signed(x);
}
static inline int64_t ws_s64(uint64_t x)
{
    return wn_i64_to_signed(x);
}

/* Saturation of a wider signed value to a lane. */
static inline uint8_t ws_sat_s8(int32_t x)
{
    return (uint8_t)(x < -128 ? -128 : x > 127 ? 127 : x);
}
static inline uint8_t ws_sat_u8(int32_t x)
{
    return (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x);
}
static inline uint16_t ws_sat_s16(int32_t x)
{
    return (uint16_t)(x < -32768 ? -32768 : x > 32767 ? 32767 : x);
}
static inline uint16_t ws_sat_u16(int64_t x)
{
    return (uint16_t)(x < 0 ? 0 : x > 65535 ? 65535 : x);
}

/* ---- Portable lane-by-lane definitions ------------------------------------------------------
 * In `expr`, x is lane i of a and y lane i of b, both of the unsigned lane type T; the result is
 * converted to T (modulo 2^width, which is what wrapping integer lanes need). */

#define WS_UN(name, f, n, T, expr)                                                                 \
    static inline ws_v128 name(ws_v128 a)                                                          \
    {                                                                                              \
        ws_v128 r;                                                                                 \
        for (int i = 0; i < (n); i++) {                                                            \
            T x = a.f[i];                                                                          \
            r.f[i] = (T)(expr);                                                                    \
        }                                                                                          \
        return r;                                                                                  \
    }

#define WS_BIN(name, f, n, T, expr)                                                                \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        ws_v128 r;                                                                                 \
        for (int i = 0; i < (n); i++) {                                                            \
            T x = a.f[i], y = b.f[i];                                                              \
            r.f[i] = (T)(expr);                                                                    \
        }                                                                                          \
        return r;                                                                                  \
    }

/* A comparison: every bit of a lane set when `cond` holds, else none. */
#define WS_CMP(name, f, n, T, cond) WS_BIN(name, f, n, T, (cond) ? (T) ~(T)0 : (T)0)

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

/* ---- Lanes: splat, swizzle, shuffle -------------------------------------------------------- */

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

/* Lane i of the result is lane b[i] of a, or 0 when that index is 16 or more. */
static inline ws_v128 ws_i8x16_swizzle(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
#ifdef WS_SSSE3
    /* pshufb zeroes a lane whose index has its top bit set: push every index >= 16 there. */
    r.m = _mm_shuffle_epi8(a.m, _mm_adds_epu8(b.m, _mm_set1_epi8(0x70)));
#else
    for (int i = 0; i < 16; i++) r.u8[i] = b.u8[i] < 16 ? a.u8[b.u8[i]] : 0;
#endif
    return r;
}

/* Lane i of the result is lane s[i] of the 32 lanes of a then b; the indices are below 32
 * (validated). */
static inline ws_v128 ws_i8x16_shuffle(ws_v128 a, ws_v128 b, ws_v128 s)
{
    ws_v128 r;
#ifdef WS_SSSE3
    /* Each source picks its lanes; an index of the other source gets the top bit and picks 0. */
    __m128i i = _mm_and_si128(s.m, _mm_set1_epi8(31));
    __m128i from_a = _mm_or_si128(i, _mm_cmpgt_epi8(i, _mm_set1_epi8(15)));
    __m128i from_b =
        _mm_or_si128(_mm_sub_epi8(i, _mm_set1_epi8(16)), _mm_cmplt_epi8(i, _mm_set1_epi8(16)));
    r.m = _mm_or_si128(_mm_shuffle_epi8(a.m, from_a), _mm_shuffle_epi8(b.m, from_b));
#else
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
#endif
    return r;
}

/* ---- Integer comparisons --------------------------------------------------------------------- */

#ifdef WS_VECTOR
#define WS_VCMP(name, vf, op, rf, RT)                                                              \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        ws_v128 r;                                                                                 \
        r.rf = (RT)(a.vf op b.vf);                                                                 \
        return r;                                                                                  \
    }
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
/* Floats: IEEE comparisons, false on NaN except ne, and -0 == +0. */
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
#undef WS_VCMP
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

#ifdef WS_SSE2
static inline ws_v128 ws_i8x16_min_u(ws_v128 a, ws_v128 b)
{
    a.m = _mm_min_epu8(a.m, b.m);
    return a;
}
static inline ws_v128 ws_i8x16_max_u(ws_v128 a, ws_v128 b)
{
    a.m = _mm_max_epu8(a.m, b.m);
    return a;
}
static inline ws_v128 ws_i16x8_min_s(ws_v128 a, ws_v128 b)
{
    a.m = _mm_min_epi16(a.m, b.m);
    return a;
}
static inline ws_v128 ws_i16x8_max_s(ws_v128 a, ws_v128 b)
{
    a.m = _mm_max_epi16(a.m, b.m);
    return a;
}
static inline ws_v128 ws_i8x16_avgr_u(ws_v128 a, ws_v128 b)
{
    a.m = _mm_avg_epu8(a.m, b.m);
    return a;
}
static inline ws_v128 ws_i16x8_avgr_u(ws_v128 a, ws_v128 b)
{
    a.m = _mm_avg_epu16(a.m, b.m);
    return a;
}
#else
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

/* ---- Saturating arithmetic ------------------------------------------------------------------- */

#ifdef WS_SSE2
#define WS_SSE_BIN(name, intrinsic)                                                                \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        a.m = intrinsic(a.m, b.m);                                                                 \
        return a;                                                                                  \
    }
WS_SSE_BIN(ws_i8x16_add_sat_s, _mm_adds_epi8)
WS_SSE_BIN(ws_i8x16_add_sat_u, _mm_adds_epu8)
WS_SSE_BIN(ws_i8x16_sub_sat_s, _mm_subs_epi8)
WS_SSE_BIN(ws_i8x16_sub_sat_u, _mm_subs_epu8)
WS_SSE_BIN(ws_i16x8_add_sat_s, _mm_adds_epi16)
WS_SSE_BIN(ws_i16x8_add_sat_u, _mm_adds_epu16)
WS_SSE_BIN(ws_i16x8_sub_sat_s, _mm_subs_epi16)
WS_SSE_BIN(ws_i16x8_sub_sat_u, _mm_subs_epu16)
/* Signed saturation to the narrower lanes: a's lanes first, then b's. */
WS_SSE_BIN(ws_i8x16_narrow_i16x8_s, _mm_packs_epi16)
WS_SSE_BIN(ws_i8x16_narrow_i16x8_u, _mm_packus_epi16)
WS_SSE_BIN(ws_i16x8_narrow_i32x4_s, _mm_packs_epi32)
/* pmaddwd: the sum of two adjacent products, wrapping as the spec's does. */
WS_SSE_BIN(ws_i32x4_dot_i16x8_s, _mm_madd_epi16)
#undef WS_SSE_BIN
#else
WS_BIN(ws_i8x16_add_sat_s, u8, 16, uint8_t, ws_sat_s8(ws_s8(x) + ws_s8(y)))
WS_BIN(ws_i8x16_add_sat_u, u8, 16, uint8_t, ws_sat_u8((int32_t)x + y))
WS_BIN(ws_i8x16_sub_sat_s, u8, 16, uint8_t, ws_sat_s8(ws_s8(x) - ws_s8(y)))
WS_BIN(ws_i8x16_sub_sat_u, u8, 16, uint8_t, ws_sat_u8((int32_t)x - y))
WS_BIN(ws_i16x8_add_sat_s, u16, 8, uint16_t, ws_sat_s16(ws_s16(x) + ws_s16(y)))
WS_BIN(ws_i16x8_add_sat_u, u16, 8, uint16_t, ws_sat_u16((int32_t)x + y))
WS_BIN(ws_i16x8_sub_sat_s, u16, 8, uint16_t, ws_sat_s16(ws_s16(x) - ws_s16(y)))
WS_BIN(ws_i16x8_sub_sat_u, u16, 8, uint16_t, ws_sat_u16((int32_t)x - y))

static inline ws_v128 ws_i8x16_narrow_i16x8_s(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) {
        r.u8[i] = ws_sat_s8(ws_s16(a.u16[i]));
        r.u8[i + 8] = ws_sat_s8(ws_s16(b.u16[i]));
    }
    return r;
}
static inline ws_v128 ws_i8x16_narrow_i16x8_u(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) {
        r.u8[i] = ws_sat_u8(ws_s16(a.u16[i]));
        r.u8[i + 8] = ws_sat_u8(ws_s16(b.u16[i]));
    }
    return r;
}
static inline ws_v128 ws_i16x8_narrow_i32x4_s(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) {
        int32_t x = ws_s32(a.u32[i]), y = ws_s32(b.u32[i]);
        r.u16[i] = (uint16_t)(x < -32768 ? 0x8000u : x > 32767 ? 0x7FFFu : (uint32_t)x);
        r.u16[i + 4] = (uint16_t)(y < -32768 ? 0x8000u : y > 32767 ? 0x7FFFu : (uint32_t)y);
    }
    return r;
}
static inline ws_v128 ws_i32x4_dot_i16x8_s(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) {
        /* Each product fits an int32; their sum may not (-32768^2 * 2), so it wraps. */
        uint32_t p = (uint32_t)(ws_s16(a.u16[2 * i]) * ws_s16(b.u16[2 * i]));
        uint32_t q = (uint32_t)(ws_s16(a.u16[2 * i + 1]) * ws_s16(b.u16[2 * i + 1]));
        r.u32[i] = p + q;
    }
    return r;
}
#endif

#ifdef WS_SSE2
/* Clamps each signed lane to 0..65535, then moves the range down by 32768 so that the signed
 * saturating pack keeps every value, and back up. */
static inline __m128i ws_clamp_u16_biased(__m128i x)
{
    x = _mm_and_si128(x, _mm_cmpgt_epi32(x, _mm_setzero_si128()));
    __m128i big = _mm_cmpgt_epi32(x, _mm_set1_epi32(65535));
    x = _mm_or_si128(_mm_andnot_si128(big, x), _mm_and_si128(big, _mm_set1_epi32(65535)));
    return _mm_sub_epi32(x, _mm_set1_epi32(32768));
}
static inline ws_v128 ws_i16x8_narrow_i32x4_u(ws_v128 a, ws_v128 b)
{
    __m128i packed = _mm_packs_epi32(ws_clamp_u16_biased(a.m), ws_clamp_u16_biased(b.m));
    a.m = _mm_xor_si128(packed, _mm_set1_epi16((short)0x8000));
    return a;
}
#else
static inline ws_v128 ws_i16x8_narrow_i32x4_u(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) {
        r.u16[i] = ws_sat_u16(ws_s32(a.u32[i]));
        r.u16[i + 4] = ws_sat_u16(ws_s32(b.u32[i]));
    }
    return r;
}
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

#ifdef WS_SSE2
static inline uint32_t ws_i8x16_all_true(ws_v128 a)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi8(a.m, _mm_setzero_si128())) == 0;
}
static inline uint32_t ws_i16x8_all_true(ws_v128 a)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi16(a.m, _mm_setzero_si128())) == 0;
}
static inline uint32_t ws_i32x4_all_true(ws_v128 a)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi32(a.m, _mm_setzero_si128())) == 0;
}
static inline uint32_t ws_i8x16_bitmask(ws_v128 a)
{
    return (uint32_t)_mm_movemask_epi8(a.m);
}
static inline uint32_t ws_i16x8_bitmask(ws_v128 a)
{
    /* Signed saturation keeps each lane's sign in one byte. */
    return (uint32_t)_mm_movemask_epi8(_mm_packs_epi16(a.m, _mm_setzero_si128()));
}
static inline uint32_t ws_i32x4_bitmask(ws_v128 a)
{
    return (uint32_t)_mm_movemask_ps(a.mf);
}
static inline uint32_t ws_i64x2_bitmask(ws_v128 a)
{
    return (uint32_t)_mm_movemask_pd(a.md);
}
#else
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

/* ---- Widening: extend, extended multiplication, pairwise addition ---------------------------
 * `h` is the first source lane: 0 for the low half, half the lane count for the high one. */

static inline ws_v128 ws_extend_i8_s(ws_v128 a, int h)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) r.u16[i] = (uint16_t)ws_s8(a.u8[h + i]);
    return r;
}
static inline ws_v128 ws_extend_i8_u(ws_v128 a, int h)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) r.u16[i] = a.u8[h + i];
    return r;
}
static inline ws_v128 ws_extend_i16_s(ws_v128 a, int h)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) r.u32[i] = (uint32_t)ws_s16(a.u16[h + i]);
    return r;
}
static inline ws_v128 ws_extend_i16_u(ws_v128 a, int h)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) r.u32[i] = a.u16[h + i];
    return r;
}
static inline ws_v128 ws_extend_i32_s(ws_v128 a, int h)
{
    ws_v128 r;
    for (int i = 0; i < 2; i++) r.u64[i] = wn_i64_extend_i32_s(a.u32[h + i]);
    return r;
}
static inline ws_v128 ws_extend_i32_u(ws_v128 a, int h)
{
    ws_v128 r;
    for (int i = 0; i < 2; i++) r.u64[i] = a.u32[h + i];
    return r;
}

static inline ws_v128 ws_extmul_i8_s(ws_v128 a, ws_v128 b, int h)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) r.u16[i] = (uint16_t)(ws_s8(a.u8[h + i]) * ws_s8(b.u8[h + i]));
    return r;
}
static inline ws_v128 ws_extmul_i8_u(ws_v128 a, ws_v128 b, int h)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) r.u16[i] = (uint16_t)((uint32_t)a.u8[h + i] * b.u8[h + i]);
    return r;
}
static inline ws_v128 ws_extmul_i16_s(ws_v128 a, ws_v128 b, int h)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) r.u32[i] = (uint32_t)(ws_s16(a.u16[h + i]) * ws_s16(b.u16[h + i]));
    return r;
}
static inline ws_v128 ws_extmul_i16_u(ws_v128 a, ws_v128 b, int h)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) r.u32[i] = (uint32_t)a.u16[h + i] * b.u16[h + i];
    return r;
}
static inline ws_v128 ws_extmul_i32_s(ws_v128 a, ws_v128 b, int h)
{
    ws_v128 r;
    for (int i = 0; i < 2; i++)
        r.u64[i] = (uint64_t)((int64_t)ws_s32(a.u32[h + i]) * ws_s32(b.u32[h + i]));
    return r;
}
static inline ws_v128 ws_extmul_i32_u(ws_v128 a, ws_v128 b, int h)
{
    ws_v128 r;
    for (int i = 0; i < 2; i++) r.u64[i] = (uint64_t)a.u32[h + i] * b.u32[h + i];
    return r;
}

static inline ws_v128 ws_i16x8_extadd_pairwise_i8x16_s(ws_v128 a)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) r.u16[i] = (uint16_t)(ws_s8(a.u8[2 * i]) + ws_s8(a.u8[2 * i + 1]));
    return r;
}
static inline ws_v128 ws_i16x8_extadd_pairwise_i8x16_u(ws_v128 a)
{
    ws_v128 r;
    for (int i = 0; i < 8; i++) r.u16[i] = (uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1]);
    return r;
}
static inline ws_v128 ws_i32x4_extadd_pairwise_i16x8_s(ws_v128 a)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++)
        r.u32[i] = (uint32_t)(ws_s16(a.u16[2 * i]) + ws_s16(a.u16[2 * i + 1]));
    return r;
}
static inline ws_v128 ws_i32x4_extadd_pairwise_i16x8_u(ws_v128 a)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) r.u32[i] = (uint32_t)a.u16[2 * i] + a.u16[2 * i + 1];
    return r;
}

/* The widening instructions by name. */
#define WS_WIDEN1(name, fn, h)                                                                     \
    static inline ws_v128 name(ws_v128 a)                                                          \
    {                                                                                              \
        return fn(a, h);                                                                           \
    }
#define WS_WIDEN2(name, fn, h)                                                                     \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        return fn(a, b, h);                                                                        \
    }
#ifdef WS_SSE2
/* Interleaving a lane with zero extends it without sign; interleaving it with itself and shifting
 * right arithmetically extends it with sign (64-bit lanes interleave with their sign mask). */
#define WS_SSE_EXTEND(name, expr)                                                                  \
    static inline ws_v128 name(ws_v128 a)                                                          \
    {                                                                                              \
        __m128i x = a.m, z = _mm_setzero_si128();                                                  \
        (void)z;                                                                                   \
        a.m = (expr);                                                                              \
        return a;                                                                                  \
    }
WS_SSE_EXTEND(ws_i16x8_extend_low_i8x16_s, _mm_srai_epi16(_mm_unpacklo_epi8(x, x), 8))
WS_SSE_EXTEND(ws_i16x8_extend_high_i8x16_s, _mm_srai_epi16(_mm_unpackhi_epi8(x, x), 8))
WS_SSE_EXTEND(ws_i16x8_extend_low_i8x16_u, _mm_unpacklo_epi8(x, z))
WS_SSE_EXTEND(ws_i16x8_extend_high_i8x16_u, _mm_unpackhi_epi8(x, z))
WS_SSE_EXTEND(ws_i32x4_extend_low_i16x8_s, _mm_srai_epi32(_mm_unpacklo_epi16(x, x), 16))
WS_SSE_EXTEND(ws_i32x4_extend_high_i16x8_s, _mm_srai_epi32(_mm_unpackhi_epi16(x, x), 16))
WS_SSE_EXTEND(ws_i32x4_extend_low_i16x8_u, _mm_unpacklo_epi16(x, z))
WS_SSE_EXTEND(ws_i32x4_extend_high_i16x8_u, _mm_unpackhi_epi16(x, z))
WS_SSE_EXTEND(ws_i64x2_extend_low_i32x4_s, _mm_unpacklo_epi32(x, _mm_srai_epi32(x, 31)))
WS_SSE_EXTEND(ws_i64x2_extend_high_i32x4_s, _mm_unpackhi_epi32(x, _mm_srai_epi32(x, 31)))
WS_SSE_EXTEND(ws_i64x2_extend_low_i32x4_u, _mm_unpacklo_epi32(x, z))
WS_SSE_EXTEND(ws_i64x2_extend_high_i32x4_u, _mm_unpackhi_epi32(x, z))
#undef WS_SSE_EXTEND
#else
WS_WIDEN1(ws_i16x8_extend_low_i8x16_s, ws_extend_i8_s, 0)
WS_WIDEN1(ws_i16x8_extend_high_i8x16_s, ws_extend_i8_s, 8)
WS_WIDEN1(ws_i16x8_extend_low_i8x16_u, ws_extend_i8_u, 0)
WS_WIDEN1(ws_i16x8_extend_high_i8x16_u, ws_extend_i8_u, 8)
WS_WIDEN1(ws_i32x4_extend_low_i16x8_s, ws_extend_i16_s, 0)
WS_WIDEN1(ws_i32x4_extend_high_i16x8_s, ws_extend_i16_s, 4)
WS_WIDEN1(ws_i32x4_extend_low_i16x8_u, ws_extend_i16_u, 0)
WS_WIDEN1(ws_i32x4_extend_high_i16x8_u, ws_extend_i16_u, 4)
WS_WIDEN1(ws_i64x2_extend_low_i32x4_s, ws_extend_i32_s, 0)
WS_WIDEN1(ws_i64x2_extend_high_i32x4_s, ws_extend_i32_s, 2)
WS_WIDEN1(ws_i64x2_extend_low_i32x4_u, ws_extend_i32_u, 0)
WS_WIDEN1(ws_i64x2_extend_high_i32x4_u, ws_extend_i32_u, 2)
#endif
WS_WIDEN2(ws_i16x8_extmul_low_i8x16_s, ws_extmul_i8_s, 0)
WS_WIDEN2(ws_i16x8_extmul_high_i8x16_s, ws_extmul_i8_s, 8)
WS_WIDEN2(ws_i16x8_extmul_low_i8x16_u, ws_extmul_i8_u, 0)
WS_WIDEN2(ws_i16x8_extmul_high_i8x16_u, ws_extmul_i8_u, 8)
WS_WIDEN2(ws_i32x4_extmul_low_i16x8_s, ws_extmul_i16_s, 0)
WS_WIDEN2(ws_i32x4_extmul_high_i16x8_s, ws_extmul_i16_s, 4)
WS_WIDEN2(ws_i32x4_extmul_low_i16x8_u, ws_extmul_i16_u, 0)
WS_WIDEN2(ws_i32x4_extmul_high_i16x8_u, ws_extmul_i16_u, 4)
WS_WIDEN2(ws_i64x2_extmul_low_i32x4_s, ws_extmul_i32_s, 0)
WS_WIDEN2(ws_i64x2_extmul_high_i32x4_s, ws_extmul_i32_s, 2)
WS_WIDEN2(ws_i64x2_extmul_low_i32x4_u, ws_extmul_i32_u, 0)
WS_WIDEN2(ws_i64x2_extmul_high_i32x4_u, ws_extmul_i32_u, 2)
#undef WS_WIDEN1
#undef WS_WIDEN2

/* ---- Float arithmetic -------------------------------------------------------------------------
 * add, sub, mul, div, sqrt: the hardware's IEEE operations; an invalid operation gives the default
 * NaN and a NaN operand comes out quieted, as numerics.h explains for the scalar operators. */

#ifdef WS_VECTOR
#define WS_VFBIN(name, vf, op)                                                                     \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
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

#ifdef WS_SSE2
static inline ws_v128 ws_f32x4_sqrt(ws_v128 a)
{
    a.mf = _mm_sqrt_ps(a.mf);
    return a;
}
static inline ws_v128 ws_f64x2_sqrt(ws_v128 a)
{
    a.md = _mm_sqrt_pd(a.md);
    return a;
}
#else
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
#ifdef WS_SSE2
static inline ws_v128 ws_f32x4_convert_i32x4_s(ws_v128 a)
{
    a.mf = _mm_cvtepi32_ps(a.m);
    return a;
}
#else
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

/* ---- The instructions on frame slots ------------------------------------------------------
 * The interpreter runs most SIMD instructions through a few generic handlers that call one of
 * these functions (src/exec/simd.c), found by the instruction's 0xFD sub-opcode: a handful of
 * handlers keep the interpreter loop small, which matters more to the scalar code sharing it than
 * one indirect call does to a 128-bit operation. `dst` may be the slots of an operand: every
 * function reads its operands before it writes. */

typedef void (*ws_unary_fn)(uint64_t *dst, const uint64_t *a);
typedef void (*ws_binary_fn)(uint64_t *dst, const uint64_t *a, const uint64_t *b);
typedef uint32_t (*ws_test_fn)(const uint64_t *a);
typedef void (*ws_shift_fn)(uint64_t *dst, const uint64_t *a, uint32_t n);
typedef void (*ws_splat_fn)(uint64_t *dst, uint64_t x);
typedef uint64_t (*ws_extract_fn)(const uint64_t *a, uint32_t lane);
typedef void (*ws_replace_fn)(uint64_t *dst, const uint64_t *a, uint64_t x, uint32_t lane);

/* Indexed by sub-opcode; NULL where the sub-opcode is not of that kind. ws_load_fns takes the
 * bytes a v128.loadN_* instruction read, zero-extended to 16, to its result. */
extern const ws_unary_fn ws_unary_fns[256];
extern const ws_binary_fn ws_binary_fns[256];
extern const ws_test_fn ws_test_fns[256];
extern const ws_shift_fn ws_shift_fns[256];
extern const ws_splat_fn ws_splat_fns[256];
extern const ws_extract_fn ws_extract_fns[256];
extern const ws_replace_fn ws_replace_fns[256];
extern const ws_unary_fn ws_load_fns[256];

/* i8x16.shuffle with SSSE3's pshufb, for a build that does not target SSSE3 on a CPU that has it
 * (wd_cpu_has_ssse3, util/cpu.h): the portable shuffle picks its sixteen bytes one by one. `lanes`
 * holds the sixteen indices, one per byte. */
void ws_shuffle_ssse3(uint64_t *dst, const uint64_t *a, const uint64_t *b, const uint64_t *lanes);

#undef WS_UN
#undef WS_BIN
#undef WS_CMP
#ifdef WS_VECTOR
#undef WS_VSELECT
#endif

#endif
