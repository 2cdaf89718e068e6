/* Lane operations of the fixed-width SIMD chapter that change the lane width: narrowing with
 * saturation, widening (extend, extended multiplication, pairwise addition) and the dot product.
 * Static inline functions of ws_v128 (exec/simd_v128.h), portable lane by lane; the ones SSE2 does
 * in a few instructions are defined in simd_x86.h when the build targets it, and here otherwise. */
#ifndef WARDEN_EXEC_SIMD_WIDEN_H
#define WARDEN_EXEC_SIMD_WIDEN_H

#include "exec/simd_v128.h"
#include "exec/simd_x86.h"

/* ---- Narrowing: signed lanes saturated to the narrower lanes, a's first, then b's --------- */

#ifndef WS_SSE2
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
static inline ws_v128 ws_i16x8_narrow_i32x4_u(ws_v128 a, ws_v128 b)
{
    ws_v128 r;
    for (int i = 0; i < 4; i++) {
        r.u16[i] = ws_sat_u16(ws_s32(a.u32[i]));
        r.u16[i + 4] = ws_sat_u16(ws_s32(b.u32[i]));
    }
    return r;
}

/* The sum of two adjacent products of signed 16-bit lanes. */
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
#ifndef WS_SSE2
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

#endif
