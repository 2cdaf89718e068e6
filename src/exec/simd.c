/* The SIMD instructions on frame slots: one small function per instruction of a generic handler,
 * wrapping its lane operation (exec/simd.h), in tables indexed by the instruction's 0xFD
 * sub-opcode for the interpreter's generic SIMD handlers (handlers_simd.inc). Both are made from
 * the rows of isa/simd_subops.h. */
#include "util/cpu.h"
#include "exec/simd.h"
#include "isa/simd_subops.h"

/* The function of an S or I row: ws_<kind>_<sub>, calling the row's lane operation. A row whose
 * kind has no generic handler (and so no WS_WRAP_<kind>) does not compile. */
#define WS_WRAP(P, sub, name, kind, type, width, fn) WS_WRAP_##kind(sub, ws_##fn)
#define WS_NO_WRAP(P, sub, name, kind, type, width, fn)
#define WS_WRAP_UNARY(sub, fn)                                                                     \
    static void ws_unary_##sub(uint64_t *dst, const uint64_t *a)                                   \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a)));                                                                \
    }
#define WS_WRAP_BINARY(sub, fn)                                                                    \
    static void ws_binary_##sub(uint64_t *dst, const uint64_t *a, const uint64_t *b)               \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a), ws_get(b)));                                                     \
    }
#define WS_WRAP_TEST(sub, fn)                                                                      \
    static uint32_t ws_test_##sub(const uint64_t *a)                                               \
    {                                                                                              \
        return fn(ws_get(a));                                                                      \
    }
#define WS_WRAP_SHIFT(sub, fn)                                                                     \
    static void ws_shift_##sub(uint64_t *dst, const uint64_t *a, uint32_t n)                       \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a), n));                                                             \
    }
#define WS_WRAP_SPLAT(sub, fn)                                                                     \
    static void ws_splat_##sub(uint64_t *dst, uint64_t x)                                          \
    {                                                                                              \
        ws_put(dst, fn(x));                                                                        \
    }
#define WS_WRAP_EXTRACT(sub, fn)                                                                   \
    static uint64_t ws_extract_##sub(const uint64_t *a, uint32_t lane)                             \
    {                                                                                              \
        return fn(ws_get(a), lane);                                                                \
    }
#define WS_WRAP_REPLACE(sub, fn)                                                                   \
    static void ws_replace_##sub(uint64_t *dst, const uint64_t *a, uint64_t x, uint32_t lane)      \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a), x, lane));                                                       \
    }
#define WS_WRAP_LOAD(sub, fn)                                                                      \
    static void ws_load_##sub(uint64_t *dst, const uint64_t *a)                                    \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a)));                                                                \
    }
WI_SIMD_SUBOPS(WS_WRAP, WS_WRAP, WS_NO_WRAP, ~)

/* Each S and I row's function in the table of its kind. */
#define WS_ENTRY(P, sub, name, kind, type, width, fn) WS_ENTRY_##kind(sub)
#define WS_NO_ENTRY(P, sub, name, kind, type, width, fn)
#define WS_ENTRY_UNARY(sub) .unary[sub] = ws_unary_##sub,
#define WS_ENTRY_BINARY(sub) .binary[sub] = ws_binary_##sub,
#define WS_ENTRY_TEST(sub) .test[sub] = ws_test_##sub,
#define WS_ENTRY_SHIFT(sub) .shift[sub] = ws_shift_##sub,
#define WS_ENTRY_SPLAT(sub) .splat[sub] = ws_splat_##sub,
#define WS_ENTRY_EXTRACT(sub) .extract[sub] = ws_extract_##sub,
#define WS_ENTRY_REPLACE(sub) .replace[sub] = ws_replace_##sub,
#define WS_ENTRY_LOAD(sub) .load[sub] = ws_load_##sub,

const ws_fn_tables ws_fns = {WI_SIMD_SUBOPS(WS_ENTRY, WS_ENTRY, WS_NO_ENTRY, ~)};

#ifdef WD_SSSE3_AT_RUN_TIME
#include <tmmintrin.h>

__attribute__((target("ssse3"))) void ws_shuffle_ssse3(uint64_t *dst, const uint64_t *a,
                                                       const uint64_t *b, const uint64_t *lanes)
{
    __m128i va = _mm_loadu_si128((const __m128i *)(const void *)a);
    __m128i vb = _mm_loadu_si128((const __m128i *)(const void *)b);
    __m128i i =
        _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)lanes), _mm_set1_epi8(31));
    /* Each source picks its lanes; an index of the other source gets the top bit and picks 0. */
    __m128i from_a = _mm_or_si128(i, _mm_cmpgt_epi8(i, _mm_set1_epi8(15)));
    __m128i from_b =
        _mm_or_si128(_mm_sub_epi8(i, _mm_set1_epi8(16)), _mm_cmplt_epi8(i, _mm_set1_epi8(16)));
    __m128i r = _mm_or_si128(_mm_shuffle_epi8(va, from_a), _mm_shuffle_epi8(vb, from_b));
    _mm_storeu_si128((__m128i *)(void *)dst, r);
}
#else
/* Either the build targets SSSE3 already, or the CPU is not x86: never chosen (util/cpu.h). */

void ws_shuffle_ssse3(uint64_t *dst, const uint64_t *a, const uint64_t *b, const uint64_t *lanes)
{
    ws_put(dst, ws_i8x16_shuffle(ws_get(a), ws_get(b), ws_get(lanes)));
}
#endif
