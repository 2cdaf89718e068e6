/* The v128 of the fixed-width SIMD chapter as the interpreter holds it, and what every lane
 * operation (exec/simd_int.h, simd_widen.h, simd_float.h, simd_x86.h) is written with.
 *
 * A v128 is a ws_v128: sixteen bytes seen as lanes of 8, 16, 32 or 64 bits, lane 0 at the lowest
 * address (the host is little-endian, as interp.c checks). Floats are carried as their bits, like
 * the scalar operators of numerics.h, whose per-lane helpers give the float lanes the spec's NaN,
 * rounding and saturation rules.
 *
 * Which forms the lane operations take is decided here: WS_VECTOR with GCC or Clang (their vector
 * extensions), WS_SSE2 and WS_SSSE3 when the build targets those (intrinsics, simd_x86.h).
 * Defining WARDEN_SIMD_PORTABLE turns all three off and keeps only the portable definitions. */
#ifndef WARDEN_EXEC_SIMD_V128_H
#define WARDEN_EXEC_SIMD_V128_H

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

static inline ws_v128 ws_make(uint64_t lo, uint64_t hi)
{
    ws_v128 v;
    v.u64[0] = lo;
    v.u64[1] = hi;
    return v;
}

#ifdef WS_SLOTS_BY_HALVES
/* The compiled tier's (llvm/rt/handlers_rt.c): its frame lives in registers, one per slot, which
 * LLVM makes only of slots that every access reads and writes whole. A 16-byte access across two
 * slots would keep them in memory, and a v128 written as two halves and read back whole stalls
 * the CPU's store forwarding. */
static inline ws_v128 ws_get(const uint64_t *slots)
{
    return ws_make(slots[0], slots[1]);
}

static inline void ws_put(uint64_t *slots, ws_v128 v)
{
    slots[0] = v.u64[0];
    slots[1] = v.u64[1];
}
#else
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
#endif

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

#ifdef WS_VECTOR
/* A comparison with the vector extensions: the lanes of the comparison's result (all ones or all
 * zeros, as signed lanes of the same width) become the result's. */
#define WS_VCMP(name, vf, op, rf, RT)                                                              \
    static inline ws_v128 name(ws_v128 a, ws_v128 b)                                               \
    {                                                                                              \
        ws_v128 r;                                                                                 \
        r.rf = (RT)(a.vf op b.vf);                                                                 \
        return r;                                                                                  \
    }
#endif

#endif
