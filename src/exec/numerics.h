/* Scalar numeric operators of WebAssembly 2.0 (spec section "Numerics"), as static inline functions
 * for the interpreter's hot loop.
 *
 * Representation: i32 is uint32_t, i64 is uint64_t, f32 is its IEEE 754 bit pattern in a uint32_t
 * and f64 its bit pattern in a uint64_t. Every float operator below takes and returns bits, so a
 * value stack of plain integer slots needs no type punning; wn_f32_from_bits() and friends convert
 * with memcpy where a C float is wanted. Keeping floats as bits also keeps NaN payloads intact
 * through neg/abs/copysign/reinterpret (a float passed through an x87 register would be quieted).
 *
 * Operators that trap return a wn_status and write their result through `out` only on WN_OK.
 *
 * NaN results: the spec lets an operator return any NaN of the right kind ("canonical" when every
 * NaN input is canonical, else any "arithmetic" NaN, i.e. quiet bit set, either sign). Where this
 * header has its own code path for NaN (min, max, sqrt, rounding, promote, demote), it returns
 * the first NaN operand with its quiet bit set, or the positive canonical NaN when there is no NaN
 * input. add/sub/mul/div use the C operators: IEEE 754 hardware (x86 SSE, AArch64, RISC-V)
 * returns its default NaN (canonical) for an invalid operation and otherwise one of the input
 * NaNs, quieted, which meets the rule. That needs the operation to happen at run time: given a
 * compile-time constant operand, a C compiler may fold x * 1.0 or x + -0.0 to x and so return a
 * signalling NaN unquieted (clang does). Operands taken from the value stack are never constants.
 *
 * All of this assumes the C default floating-point environment: round to nearest, ties to even,
 * no flush-to-zero. Floating-point exception flags are ignored. */
#ifndef WARDEN_EXEC_NUMERICS_H
#define WARDEN_EXEC_NUMERICS_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Excess precision (x87 evaluation) would round float arithmetic twice. */
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "numerics.h needs FLT_EVAL_METHOD == 0 (e.g. SSE2 on x86)"
#endif
_Static_assert(sizeof(float) == 4 && FLT_MANT_DIG == 24 && FLT_MAX_EXP == 128, "binary32");
_Static_assert(sizeof(double) == 8 && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024, "binary64");

typedef enum wn_status {
    WN_OK = 0,
    WN_DIV_ZERO,     /* "integer divide by zero" */
    WN_OVERFLOW,     /* "integer overflow": div_s of INT_MIN by -1, float-to-int out of range */
    WN_INVALID_CONV, /* "invalid conversion to integer": float-to-int of a NaN */
} wn_status;

#define WN_F32_SIGN 0x80000000u
#define WN_F32_EXP 0x7F800000u
#define WN_F32_QUIET 0x00400000u
#define WN_F32_CANON_NAN 0x7FC00000u
#define WN_F64_SIGN UINT64_C(0x8000000000000000)
#define WN_F64_EXP UINT64_C(0x7FF0000000000000)
#define WN_F64_QUIET UINT64_C(0x0008000000000000)
#define WN_F64_CANON_NAN UINT64_C(0x7FF8000000000000)

/* ---- Bit conversions ------------------------------------------------------------------------ */

static inline float wn_f32_from_bits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}
static inline uint32_t wn_bits_from_f32(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}
static inline double wn_f64_from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}
static inline uint64_t wn_bits_from_f64(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

static inline int wn_f32_is_nan(uint32_t a)
{
    return (a & ~WN_F32_SIGN) > WN_F32_EXP;
}
static inline int wn_f64_is_nan(uint64_t a)
{
    return (a & ~WN_F64_SIGN) > WN_F64_EXP;
}

/* The signed interpretation. Converting an out-of-range value to a signed type is
 * implementation-defined in C; this form is not, and compiles to nothing. */
static inline int32_t wn_i32_to_signed(uint32_t a)
{
    return a <= INT32_MAX ? (int32_t)a : (int32_t)(a - 0x80000000u) - INT32_MAX - 1;
}
static inline int64_t wn_i64_to_signed(uint64_t a)
{
    return a <= INT64_MAX ? (int64_t)a : (int64_t)(a - 0x8000000000000000u) - INT64_MAX - 1;
}

/* ---- Integer operators ---------------------------------------------------------------------- */

static inline wn_status wn_i32_div_u(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    *out = a / b;
    return WN_OK;
}
static inline wn_status wn_i32_rem_u(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    *out = a % b;
    return WN_OK;
}
static inline wn_status wn_i32_div_s(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    if (a == 0x80000000u && b == 0xFFFFFFFFu) return WN_OVERFLOW;
    *out = (uint32_t)(wn_i32_to_signed(a) / wn_i32_to_signed(b));
    return WN_OK;
}
static inline wn_status wn_i32_rem_s(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    /* x rem -1 is 0 for every x; INT_MIN % -1 in C is undefined. */
    if (b == 0xFFFFFFFFu) {
        *out = 0;
        return WN_OK;
    }
    *out = (uint32_t)(wn_i32_to_signed(a) % wn_i32_to_signed(b));
    return WN_OK;
}

static inline wn_status wn_i64_div_u(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    *out = a / b;
    return WN_OK;
}
static inline wn_status wn_i64_rem_u(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    *out = a % b;
    return WN_OK;
}
static inline wn_status wn_i64_div_s(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    if (a == 0x8000000000000000u && b == UINT64_MAX) return WN_OVERFLOW;
    *out = (uint64_t)(wn_i64_to_signed(a) / wn_i64_to_signed(b));
    return WN_OK;
}
static inline wn_status wn_i64_rem_s(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WN_DIV_ZERO;
    if (b == UINT64_MAX) { /* see wn_i32_rem_s */
        *out = 0;
        return WN_OK;
    }
    *out = (uint64_t)(wn_i64_to_signed(a) % wn_i64_to_signed(b));
    return WN_OK;
}

/* Shifts and rotates take the count modulo the width. */
static inline uint32_t wn_i32_shl(uint32_t a, uint32_t n)
{
    return a << (n & 31);
}
static inline uint32_t wn_i32_shr_u(uint32_t a, uint32_t n)
{
    return a >> (n & 31);
}
static inline uint32_t wn_i32_shr_s(uint32_t a, uint32_t n)
{
#if defined(__GNUC__)
    /* GCC and Clang define >> of a negative value as an arithmetic shift. */
    return (uint32_t)(wn_i32_to_signed(a) >> (n & 31));
#else
    uint32_t m = 0u - (a >> 31);
    return ((a ^ m) >> (n & 31)) ^ m;
#endif
}
static inline uint32_t wn_i32_rotl(uint32_t a, uint32_t n)
{
    return (a << (n & 31)) | (a >> ((0u - n) & 31));
}
static inline uint32_t wn_i32_rotr(uint32_t a, uint32_t n)
{
    return (a >> (n & 31)) | (a << ((0u - n) & 31));
}

static inline uint64_t wn_i64_shl(uint64_t a, uint64_t n)
{
    return a << (n & 63);
}
static inline uint64_t wn_i64_shr_u(uint64_t a, uint64_t n)
{
    return a >> (n & 63);
}
static inline uint64_t wn_i64_shr_s(uint64_t a, uint64_t n)
{
#if defined(__GNUC__)
    return (uint64_t)(wn_i64_to_signed(a) >> (n & 63));
#else
    uint64_t m = 0u - (a >> 63);
    return ((a ^ m) >> (n & 63)) ^ m;
#endif
}
static inline uint64_t wn_i64_rotl(uint64_t a, uint64_t n)
{
    return (a << (n & 63)) | (a >> ((0u - n) & 63));
}
static inline uint64_t wn_i64_rotr(uint64_t a, uint64_t n)
{
    return (a >> (n & 63)) | (a << ((0u - n) & 63));
}

/* Bit counts. The builtins are undefined for 0, which is handled first. */
static inline uint32_t wn_i32_clz(uint32_t a)
{
#if defined(__GNUC__)
    return a ? (uint32_t)__builtin_clz(a) : 32;
#else
    uint32_t n = 0;
    while (n < 32 && !(a & (0x80000000u >> n))) n++;
    return n;
#endif
}
static inline uint32_t wn_i32_ctz(uint32_t a)
{
#if defined(__GNUC__)
    return a ? (uint32_t)__builtin_ctz(a) : 32;
#else
    uint32_t n = 0;
    while (n < 32 && !(a & (1u << n))) n++;
    return n;
#endif
}
static inline uint32_t wn_i32_popcnt(uint32_t a)
{
#if defined(__GNUC__)
    return (uint32_t)__builtin_popcount(a);
#else
    uint32_t n = 0;
    for (; a; a &= a - 1) n++;
    return n;
#endif
}
static inline uint64_t wn_i64_clz(uint64_t a)
{
#if defined(__GNUC__)
    return a ? (uint64_t)__builtin_clzll(a) : 64;
#else
    uint64_t n = 0;
    while (n < 64 && !(a & (0x8000000000000000u >> n))) n++;
    return n;
#endif
}
static inline uint64_t wn_i64_ctz(uint64_t a)
{
#if defined(__GNUC__)
    return a ? (uint64_t)__builtin_ctzll(a) : 64;
#else
    uint64_t n = 0;
    while (n < 64 && !(a & ((uint64_t)1 << n))) n++;
    return n;
#endif
}
static inline uint64_t wn_i64_popcnt(uint64_t a)
{
#if defined(__GNUC__)
    return (uint64_t)__builtin_popcountll(a);
#else
    uint64_t n = 0;
    for (; a; a &= a - 1) n++;
    return n;
#endif
}

/* Sign extension from the low M bits, in unsigned arithmetic: flipping the sign bit and
 * subtracting it back wraps to the two's complement value. */
static inline uint32_t wn_i32_extend8_s(uint32_t a)
{
    return ((a & 0xFFu) ^ 0x80u) - 0x80u;
}
static inline uint32_t wn_i32_extend16_s(uint32_t a)
{
    return ((a & 0xFFFFu) ^ 0x8000u) - 0x8000u;
}
static inline uint64_t wn_i64_extend8_s(uint64_t a)
{
    return ((a & 0xFFu) ^ 0x80u) - 0x80u;
}
static inline uint64_t wn_i64_extend16_s(uint64_t a)
{
    return ((a & 0xFFFFu) ^ 0x8000u) - 0x8000u;
}
static inline uint64_t wn_i64_extend32_s(uint64_t a)
{
    return ((a & 0xFFFFFFFFu) ^ 0x80000000u) - 0x80000000u;
}
static inline uint64_t wn_i64_extend_i32_s(uint32_t a)
{
    return wn_i64_extend32_s(a);
}

/* Signed comparisons; the unsigned ones are the C operators on the carried values. */
static inline uint32_t wn_i32_lt_s(uint32_t a, uint32_t b)
{
    return wn_i32_to_signed(a) < wn_i32_to_signed(b);
}
static inline uint32_t wn_i32_gt_s(uint32_t a, uint32_t b)
{
    return wn_i32_to_signed(a) > wn_i32_to_signed(b);
}
static inline uint32_t wn_i32_le_s(uint32_t a, uint32_t b)
{
    return wn_i32_to_signed(a) <= wn_i32_to_signed(b);
}
static inline uint32_t wn_i32_ge_s(uint32_t a, uint32_t b)
{
    return wn_i32_to_signed(a) >= wn_i32_to_signed(b);
}
static inline uint32_t wn_i64_lt_s(uint64_t a, uint64_t b)
{
    return wn_i64_to_signed(a) < wn_i64_to_signed(b);
}
static inline uint32_t wn_i64_gt_s(uint64_t a, uint64_t b)
{
    return wn_i64_to_signed(a) > wn_i64_to_signed(b);
}
static inline uint32_t wn_i64_le_s(uint64_t a, uint64_t b)
{
    return wn_i64_to_signed(a) <= wn_i64_to_signed(b);
}
static inline uint32_t wn_i64_ge_s(uint64_t a, uint64_t b)
{
    return wn_i64_to_signed(a) >= wn_i64_to_signed(b);
}

/* ---- Float operators ------------------------------------------------------------------------ */

/* The NaN result of an operator with at least one NaN input: the first NaN input, made quiet.
 * A canonical input stays canonical; any other NaN becomes an arithmetic NaN. */
static inline uint32_t wn_f32_nan2(uint32_t a, uint32_t b)
{
    return (wn_f32_is_nan(a) ? a : b) | WN_F32_QUIET;
}
static inline uint64_t wn_f64_nan2(uint64_t a, uint64_t b)
{
    return (wn_f64_is_nan(a) ? a : b) | WN_F64_QUIET;
}

/* neg, abs and copysign only touch the sign bit, NaN payloads included. */
static inline uint32_t wn_f32_neg(uint32_t a)
{
    return a ^ WN_F32_SIGN;
}
static inline uint32_t wn_f32_abs(uint32_t a)
{
    return a & ~WN_F32_SIGN;
}
static inline uint32_t wn_f32_copysign(uint32_t a, uint32_t b)
{
    return (a & ~WN_F32_SIGN) | (b & WN_F32_SIGN);
}
static inline uint64_t wn_f64_neg(uint64_t a)
{
    return a ^ WN_F64_SIGN;
}
static inline uint64_t wn_f64_abs(uint64_t a)
{
    return a & ~WN_F64_SIGN;
}
static inline uint64_t wn_f64_copysign(uint64_t a, uint64_t b)
{
    return (a & ~WN_F64_SIGN) | (b & WN_F64_SIGN);
}

/* The arithmetic operators' operands pass through WN_OPAQUE_F32/F64, which are nothing here.
 * Code that inlines these functions with constants in view (the compiled tier, llvm/rt/) makes
 * them barriers: a compiler that folds x * 1.0 or x - 0.0 into x keeps a signalling NaN that the
 * operation must quiet. */
#ifndef WN_OPAQUE_F32
#define WN_OPAQUE_F32(x) (x)
#define WN_OPAQUE_F64(x) (x)
#endif

static inline uint32_t wn_f32_add(uint32_t a, uint32_t b)
{
    return wn_bits_from_f32(WN_OPAQUE_F32(wn_f32_from_bits(a)) +
                            WN_OPAQUE_F32(wn_f32_from_bits(b)));
}
static inline uint32_t wn_f32_sub(uint32_t a, uint32_t b)
{
    return wn_bits_from_f32(WN_OPAQUE_F32(wn_f32_from_bits(a)) -
                            WN_OPAQUE_F32(wn_f32_from_bits(b)));
}
static inline uint32_t wn_f32_mul(uint32_t a, uint32_t b)
{
    return wn_bits_from_f32(WN_OPAQUE_F32(wn_f32_from_bits(a)) *
                            WN_OPAQUE_F32(wn_f32_from_bits(b)));
}
static inline uint32_t wn_f32_div(uint32_t a, uint32_t b)
{
    return wn_bits_from_f32(WN_OPAQUE_F32(wn_f32_from_bits(a)) /
                            WN_OPAQUE_F32(wn_f32_from_bits(b)));
}
static inline uint64_t wn_f64_add(uint64_t a, uint64_t b)
{
    return wn_bits_from_f64(WN_OPAQUE_F64(wn_f64_from_bits(a)) +
                            WN_OPAQUE_F64(wn_f64_from_bits(b)));
}
static inline uint64_t wn_f64_sub(uint64_t a, uint64_t b)
{
    return wn_bits_from_f64(WN_OPAQUE_F64(wn_f64_from_bits(a)) -
                            WN_OPAQUE_F64(wn_f64_from_bits(b)));
}
static inline uint64_t wn_f64_mul(uint64_t a, uint64_t b)
{
    return wn_bits_from_f64(WN_OPAQUE_F64(wn_f64_from_bits(a)) *
                            WN_OPAQUE_F64(wn_f64_from_bits(b)));
}
static inline uint64_t wn_f64_div(uint64_t a, uint64_t b)
{
    return wn_bits_from_f64(WN_OPAQUE_F64(wn_f64_from_bits(a)) /
                            WN_OPAQUE_F64(wn_f64_from_bits(b)));
}

/* min/max: unlike C fmin/fmax, a NaN input wins, and -0 < +0. Equal non-NaN inputs have the same
 * bits except for the pair {+0, -0}, where OR picks -0 and AND picks +0. */
static inline uint32_t wn_f32_min(uint32_t a, uint32_t b)
{
    if (wn_f32_is_nan(a) || wn_f32_is_nan(b)) return wn_f32_nan2(a, b);
    float x = wn_f32_from_bits(a), y = wn_f32_from_bits(b);
    if (x < y) return a;
    if (y < x) return b;
    return a | b;
}
static inline uint32_t wn_f32_max(uint32_t a, uint32_t b)
{
    if (wn_f32_is_nan(a) || wn_f32_is_nan(b)) return wn_f32_nan2(a, b);
    float x = wn_f32_from_bits(a), y = wn_f32_from_bits(b);
    if (x > y) return a;
    if (y > x) return b;
    return a & b;
}
static inline uint64_t wn_f64_min(uint64_t a, uint64_t b)
{
    if (wn_f64_is_nan(a) || wn_f64_is_nan(b)) return wn_f64_nan2(a, b);
    double x = wn_f64_from_bits(a), y = wn_f64_from_bits(b);
    if (x < y) return a;
    if (y < x) return b;
    return a | b;
}
static inline uint64_t wn_f64_max(uint64_t a, uint64_t b)
{
    if (wn_f64_is_nan(a) || wn_f64_is_nan(b)) return wn_f64_nan2(a, b);
    double x = wn_f64_from_bits(a), y = wn_f64_from_bits(b);
    if (x > y) return a;
    if (y > x) return b;
    return a & b;
}

/* sqrt of a value below zero (not -0) has no NaN input, so its NaN is canonical. */
static inline uint32_t wn_f32_sqrt(uint32_t a)
{
    if (wn_f32_is_nan(a)) return a | WN_F32_QUIET;
    if ((a & WN_F32_SIGN) && a != WN_F32_SIGN) return WN_F32_CANON_NAN;
    return wn_bits_from_f32(sqrtf(wn_f32_from_bits(a)));
}
static inline uint64_t wn_f64_sqrt(uint64_t a)
{
    if (wn_f64_is_nan(a)) return a | WN_F64_QUIET;
    if ((a & WN_F64_SIGN) && a != WN_F64_SIGN) return WN_F64_CANON_NAN;
    return wn_bits_from_f64(sqrt(wn_f64_from_bits(a)));
}

/* Rounding to an integral value. The NaN case is handled here so that the result does not depend
 * on how the C library treats signalling NaNs. The libm functions keep the sign of zero (e.g.
 * ceil(-0.5) is -0), and rint rounds half to even in the default rounding mode. */
#define WN_ROUNDING(name, f32_fn, f64_fn)                                                          \
    static inline uint32_t wn_f32_##name(uint32_t a)                                               \
    {                                                                                              \
        if (wn_f32_is_nan(a)) return a | WN_F32_QUIET;                                             \
        return wn_bits_from_f32(f32_fn(wn_f32_from_bits(a)));                                      \
    }                                                                                              \
    static inline uint64_t wn_f64_##name(uint64_t a)                                               \
    {                                                                                              \
        if (wn_f64_is_nan(a)) return a | WN_F64_QUIET;                                             \
        return wn_bits_from_f64(f64_fn(wn_f64_from_bits(a)));                                      \
    }
WN_ROUNDING(ceil, ceilf, ceil)
WN_ROUNDING(floor, floorf, floor)
WN_ROUNDING(trunc, truncf, trunc)
WN_ROUNDING(nearest, rintf, rint)
#undef WN_ROUNDING

/* Comparisons (C's float comparisons are IEEE: false on NaN except !=, and -0 == +0). */
static inline uint32_t wn_f32_eq(uint32_t a, uint32_t b)
{
    return wn_f32_from_bits(a) == wn_f32_from_bits(b);
}
static inline uint32_t wn_f32_ne(uint32_t a, uint32_t b)
{
    return wn_f32_from_bits(a) != wn_f32_from_bits(b);
}
static inline uint32_t wn_f32_lt(uint32_t a, uint32_t b)
{
    return wn_f32_from_bits(a) < wn_f32_from_bits(b);
}
static inline uint32_t wn_f32_gt(uint32_t a, uint32_t b)
{
    return wn_f32_from_bits(a) > wn_f32_from_bits(b);
}
static inline uint32_t wn_f32_le(uint32_t a, uint32_t b)
{
    return wn_f32_from_bits(a) <= wn_f32_from_bits(b);
}
static inline uint32_t wn_f32_ge(uint32_t a, uint32_t b)
{
    return wn_f32_from_bits(a) >= wn_f32_from_bits(b);
}
static inline uint32_t wn_f64_eq(uint64_t a, uint64_t b)
{
    return wn_f64_from_bits(a) == wn_f64_from_bits(b);
}
static inline uint32_t wn_f64_ne(uint64_t a, uint64_t b)
{
    return wn_f64_from_bits(a) != wn_f64_from_bits(b);
}
static inline uint32_t wn_f64_lt(uint64_t a, uint64_t b)
{
    return wn_f64_from_bits(a) < wn_f64_from_bits(b);
}
static inline uint32_t wn_f64_gt(uint64_t a, uint64_t b)
{
    return wn_f64_from_bits(a) > wn_f64_from_bits(b);
}
static inline uint32_t wn_f64_le(uint64_t a, uint64_t b)
{
    return wn_f64_from_bits(a) <= wn_f64_from_bits(b);
}
static inline uint32_t wn_f64_ge(uint64_t a, uint64_t b)
{
    return wn_f64_from_bits(a) >= wn_f64_from_bits(b);
}

/* ---- Float to integer ----------------------------------------------------------------------- */

/* trunc(z) fits a signed N-bit integer iff -2^(N-1) - 1 < z < 2^(N-1), and an unsigned one iff
 * -1 < z < 2^N. Each bound below is exact in the source type, or replaced by the nearest
 * representable one that gives the same test (-2^31 - 1 is not a float, and no float lies strictly
 * between it and -2^31). Inside the range the C conversion is defined and truncates. */
static inline wn_status wn_i32_trunc_f32_s(uint32_t a, uint32_t *out)
{
    if (wn_f32_is_nan(a)) return WN_INVALID_CONV;
    float z = wn_f32_from_bits(a);
    if (!(z >= -0x1p31f && z < 0x1p31f)) return WN_OVERFLOW;
    *out = (uint32_t)(int32_t)z;
    return WN_OK;
}
static inline wn_status wn_i32_trunc_f32_u(uint32_t a, uint32_t *out)
{
    if (wn_f32_is_nan(a)) return WN_INVALID_CONV;
    float z = wn_f32_from_bits(a);
    if (!(z > -1.0f && z < 0x1p32f)) return WN_OVERFLOW;
    *out = (uint32_t)z;
    return WN_OK;
}
static inline wn_status wn_i32_trunc_f64_s(uint64_t a, uint32_t *out)
{
    if (wn_f64_is_nan(a)) return WN_INVALID_CONV;
    double z = wn_f64_from_bits(a);
    if (!(z > -2147483649.0 && z < 2147483648.0)) return WN_OVERFLOW;
    *out = (uint32_t)(int32_t)z;
    return WN_OK;
}
static inline wn_status wn_i32_trunc_f64_u(uint64_t a, uint32_t *out)
{
    if (wn_f64_is_nan(a)) return WN_INVALID_CONV;
    double z = wn_f64_from_bits(a);
    if (!(z > -1.0 && z < 4294967296.0)) return WN_OVERFLOW;
    *out = (uint32_t)z;
    return WN_OK;
}
static inline wn_status wn_i64_trunc_f32_s(uint32_t a, uint64_t *out)
{
    if (wn_f32_is_nan(a)) return WN_INVALID_CONV;
    float z = wn_f32_from_bits(a);
    if (!(z >= -0x1p63f && z < 0x1p63f)) return WN_OVERFLOW;
    *out = (uint64_t)(int64_t)z;
    return WN_OK;
}
static inline wn_status wn_i64_trunc_f32_u(uint32_t a, uint64_t *out)
{
    if (wn_f32_is_nan(a)) return WN_INVALID_CONV;
    float z = wn_f32_from_bits(a);
    if (!(z > -1.0f && z < 0x1p64f)) return WN_OVERFLOW;
    *out = (uint64_t)z;
    return WN_OK;
}
static inline wn_status wn_i64_trunc_f64_s(uint64_t a, uint64_t *out)
{
    if (wn_f64_is_nan(a)) return WN_INVALID_CONV;
    double z = wn_f64_from_bits(a);
    if (!(z >= -0x1p63 && z < 0x1p63)) return WN_OVERFLOW;
    *out = (uint64_t)(int64_t)z;
    return WN_OK;
}
static inline wn_status wn_i64_trunc_f64_u(uint64_t a, uint64_t *out)
{
    if (wn_f64_is_nan(a)) return WN_INVALID_CONV;
    double z = wn_f64_from_bits(a);
    if (!(z > -1.0 && z < 0x1p64)) return WN_OVERFLOW;
    *out = (uint64_t)z;
    return WN_OK;
}

/* Saturating variants: NaN gives 0, out of range clamps (infinities included). */
static inline uint32_t wn_i32_trunc_sat_f32_s(uint32_t a)
{
    if (wn_f32_is_nan(a)) return 0;
    float z = wn_f32_from_bits(a);
    if (z < -0x1p31f) return 0x80000000u;
    if (z >= 0x1p31f) return 0x7FFFFFFFu;
    return (uint32_t)(int32_t)z;
}
static inline uint32_t wn_i32_trunc_sat_f32_u(uint32_t a)
{
    float z = wn_f32_from_bits(a);
    if (!(z > -1.0f)) return 0; /* NaN too */
    if (z >= 0x1p32f) return UINT32_MAX;
    return (uint32_t)z;
}
static inline uint32_t wn_i32_trunc_sat_f64_s(uint64_t a)
{
    if (wn_f64_is_nan(a)) return 0;
    double z = wn_f64_from_bits(a);
    if (z <= -2147483649.0) return 0x80000000u;
    if (z >= 2147483648.0) return 0x7FFFFFFFu;
    return (uint32_t)(int32_t)z;
}
static inline uint32_t wn_i32_trunc_sat_f64_u(uint64_t a)
{
    double z = wn_f64_from_bits(a);
    if (!(z > -1.0)) return 0;
    if (z >= 4294967296.0) return UINT32_MAX;
    return (uint32_t)z;
}
static inline uint64_t wn_i64_trunc_sat_f32_s(uint32_t a)
{
    if (wn_f32_is_nan(a)) return 0;
    float z = wn_f32_from_bits(a);
    if (z < -0x1p63f) return 0x8000000000000000u;
    if (z >= 0x1p63f) return 0x7FFFFFFFFFFFFFFFu;
    return (uint64_t)(int64_t)z;
}
static inline uint64_t wn_i64_trunc_sat_f32_u(uint32_t a)
{
    float z = wn_f32_from_bits(a);
    if (!(z > -1.0f)) return 0;
    if (z >= 0x1p64f) return UINT64_MAX;
    return (uint64_t)z;
}
static inline uint64_t wn_i64_trunc_sat_f64_s(uint64_t a)
{
    if (wn_f64_is_nan(a)) return 0;
    double z = wn_f64_from_bits(a);
    if (z < -0x1p63) return 0x8000000000000000u;
    if (z >= 0x1p63) return 0x7FFFFFFFFFFFFFFFu;
    return (uint64_t)(int64_t)z;
}
static inline uint64_t wn_i64_trunc_sat_f64_u(uint64_t a)
{
    double z = wn_f64_from_bits(a);
    if (!(z > -1.0)) return 0;
    if (z >= 0x1p64) return UINT64_MAX;
    return (uint64_t)z;
}

/* ---- Integer to float, float to float ------------------------------------------------------- */

/* C's integer-to-float conversion rounds once, in the current (nearest-even) mode, on IEEE
 * implementations (Annex F); in particular uint64_t/int64_t to float does not go through double. */
static inline uint32_t wn_f32_convert_i32_s(uint32_t a)
{
    return wn_bits_from_f32((float)wn_i32_to_signed(a));
}
static inline uint32_t wn_f32_convert_i32_u(uint32_t a)
{
    return wn_bits_from_f32((float)a);
}
static inline uint32_t wn_f32_convert_i64_s(uint64_t a)
{
    return wn_bits_from_f32((float)wn_i64_to_signed(a));
}
static inline uint32_t wn_f32_convert_i64_u(uint64_t a)
{
    return wn_bits_from_f32((float)a);
}
static inline uint64_t wn_f64_convert_i32_s(uint32_t a)
{
    return wn_bits_from_f64((double)wn_i32_to_signed(a));
}
static inline uint64_t wn_f64_convert_i32_u(uint32_t a)
{
    return wn_bits_from_f64((double)a);
}
static inline uint64_t wn_f64_convert_i64_s(uint64_t a)
{
    return wn_bits_from_f64((double)wn_i64_to_signed(a));
}
static inline uint64_t wn_f64_convert_i64_u(uint64_t a)
{
    return wn_bits_from_f64((double)a);
}

/* A NaN keeps its sign and the top bits of its payload, and is made quiet, as x86 does in
 * hardware; so a canonical NaN maps to the canonical NaN and any other to an arithmetic NaN. */
static inline uint32_t wn_f32_demote_f64(uint64_t a)
{
    if (wn_f64_is_nan(a)) {
        return (uint32_t)((a >> 32) & WN_F32_SIGN) | WN_F32_CANON_NAN |
               (uint32_t)((a >> 29) & 0x7FFFFFu);
    }
    return wn_bits_from_f32((float)wn_f64_from_bits(a));
}
static inline uint64_t wn_f64_promote_f32(uint32_t a)
{
    if (wn_f32_is_nan(a)) {
        return ((uint64_t)(a & WN_F32_SIGN) << 32) | WN_F64_CANON_NAN |
               ((uint64_t)(a & 0x7FFFFFu) << 29);
    }
    return wn_bits_from_f64((double)wn_f32_from_bits(a));
}

#endif
