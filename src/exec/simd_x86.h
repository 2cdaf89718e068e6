/* The lane operations that SSE2 (and SSSE3, for swizzle and shuffle) do in a few instructions
 * exactly as the spec asks, when the build targets them (WS_SSE2, WS_SSSE3: exec/simd_v128.h):
 * saturating arithmetic, rounding average, some min and max, narrowing, widening, bitmask,
 * all_true, dot product, sqrt, int-to-float conversion.
 *
 * Each has its portable definition in simd_int.h, simd_widen.h or simd_float.h, which those files
 * keep for builds without SSE2 (#ifndef WS_SSE2) or SSSE3 (#ifndef WS_SSSE3). */
#ifndef WARDEN_EXEC_SIMD_X86_H
#define WARDEN_EXEC_SIMD_X86_H

#include "exec/simd_v128.h"

#ifdef WS_SSSE3
/* ---- Lanes: swizzle, shuffle (exec/simd_int.h) -------------------------------------------- */

/* Lane i of the result is lane b[i] of a, or 0 when that index is 16 or more. */
static inline ws_v128 ws_i8x16_swizzle(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    /* pshufb zeroes a lane whose index has its top bit set: push every index >= 16 there. */
    r.m = _mm_shuffle_epi8(a.m, _mm_adds_epu8(b.m, _mm_set1_epi8(0x70)));
    return r;
}

/* Lane i of the result is lane s[i] of the 32 lanes of a then b; the indices are below 32
 * (validated). */
static inline ws_v128 ws_i8x16_shuffle(ws_v128 a, ws_v128 b, ws_v128 s)
{
    ws_v128 r;
    /* Each source picks its lanes; an index of the other source gets the top bit and picks 0. */
    __m128i i = _mm_and_si128(s.m, _mm_set1_epi8(31));
    __m128i from_a = _mm_or_si128(i, _mm_cmpgt_epi8(i, _mm_set1_epi8(15)));
    __m128i from_b =
        _mm_or_si128(_mm_sub_epi8(i, _mm_set1_epi8(16)), _mm_cmplt_epi8(i, _mm_set1_epi8(16)));
    r.m = _mm_or_si128(_mm_shuffle_epi8(a.m, from_a), _mm_shuffle_epi8(b.m, from_b));
    return r;
}
#endif

#ifdef WS_SSE2
/* ---- Min, max, rounding average (exec/simd_int.h) ------------------------------------------ */

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

/* ---- Saturating arithmetic (exec/simd_int.h), narrowing and dot product (simd_widen.h) ----- */

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

/* ---- Tests: all_true, bitmask (exec/simd_int.h) -------------------------------------------- */

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

/* ---- Widening (exec/simd_widen.h) --------------------------------------------------------- */

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

/* ---- Float arithmetic and conversion (exec/simd_float.h) ----------------------------------- */

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
static inline ws_v128 ws_f32x4_convert_i32x4_s(ws_v128 a)
{
    a.mf = _mm_cvtepi32_ps(a.m);
    return a;
}
#endif

#endif
