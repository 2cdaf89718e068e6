/* SIMD (v128): the lane operations of src/exec/simd.h at their edges, whole instructions through
 * the public API (validation, results, bounds checks, fuel), and the v128 text forms of the
 * command line and of script values (src/cli/valfmt.c, src/cli/wast_value.c, compiled in here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/valfmt.c"
#include "cli/wast_value.c"
#include "exec/simd.h"
#include "warden.h"

/* ---- Lane operations ------------------------------------------------------------------------ */

static ws_v128 i16x8(int a, int b, int c, int d, int e, int f, int g, int h)
{
    int l[8] = {a, b, c, d, e, f, g, h};
    ws_v128 v;
    for (int i = 0; i < 8; i++) v.u16[i] = (uint16_t)l[i];
    return v;
}

static ws_v128 i32x4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    ws_v128 v;
    v.u32[0] = a;
    v.u32[1] = b;
    v.u32[2] = c;
    v.u32[3] = d;
    return v;
}

static ws_v128 bytes16(const uint8_t b[16])
{
    ws_v128 v;
    memcpy(v.u8, b, 16);
    return v;
}

static void test_integer_edges(void **state)
{
    (void)state;
    /* q15mulr_sat: only -32768 * -32768 saturates; rounding adds 2^14 before the shift. */
    ws_v128 r = ws_i16x8_q15mulr_sat_s(i16x8(-32768, -32768, 16384, -16384, 1, -1, 32767, 0),
                                       i16x8(-32768, 32767, 16384, 16384, 16384, 16384, 32767, 5));
    int16_t want_q15[8] = {32767, -32767, 8192, -8192, 1, 0, 32766, 0};
    for (int i = 0; i < 8; i++) assert_int_equal(ws_s16(r.u16[i]), want_q15[i]);

    /* dot: the sum of two -32768^2 products wraps to INT32_MIN. */
    r = ws_i32x4_dot_i16x8_s(i16x8(-32768, -32768, 1, 2, 3, 4, -1, 1),
                             i16x8(-32768, -32768, 5, 6, 7, 8, 1, 1));
    assert_int_equal(r.u32[0], 0x80000000u);
    assert_int_equal(r.u32[1], 17);
    assert_int_equal(r.u32[2], 53);
    assert_int_equal(r.u32[3], 0);

    /* narrowing saturates signed input to the signed or unsigned range */
    ws_v128 a = i16x8(-129, -128, 127, 128, 255, 256, -1, 0);
    r = ws_i8x16_narrow_i16x8_s(a, a);
    uint8_t want_s[8] = {0x80, 0x80, 0x7F, 0x7F, 0x7F, 0x7F, 0xFF, 0};
    uint8_t want_u[8] = {0, 0, 127, 128, 255, 255, 0, 0};
    for (int i = 0; i < 8; i++) {
        assert_int_equal(r.u8[i], want_s[i]);
        assert_int_equal(r.u8[i + 8], want_s[i]);
    }
    r = ws_i8x16_narrow_i16x8_u(a, a);
    for (int i = 0; i < 8; i++) assert_int_equal(r.u8[i], want_u[i]);
    r = ws_i16x8_narrow_i32x4_u(i32x4(0xFFFFFFFFu, 65536, 65535, 0x80000000u), i32x4(0, 1, 2, 3));
    assert_int_equal(r.u16[0], 0);
    assert_int_equal(r.u16[1], 65535);
    assert_int_equal(r.u16[2], 65535);
    assert_int_equal(r.u16[3], 0);
    assert_int_equal(r.u16[7], 3);

    /* abs of the most negative lane wraps; saturating and rounding-average arithmetic */
    r = ws_i8x16_abs(ws_i8x16_splat(0x80));
    assert_int_equal(r.u8[5], 0x80);
    r = ws_i8x16_add_sat_s(ws_i8x16_splat(100), ws_i8x16_splat(100));
    assert_int_equal(r.u8[0], 127);
    r = ws_i8x16_sub_sat_u(ws_i8x16_splat(3), ws_i8x16_splat(4));
    assert_int_equal(r.u8[15], 0);
    r = ws_i16x8_add_sat_u(ws_i16x8_splat(65535), ws_i16x8_splat(1));
    assert_int_equal(r.u16[3], 65535);
    r = ws_i16x8_sub_sat_s(ws_i16x8_splat(0x8000), ws_i16x8_splat(1));
    assert_int_equal(r.u16[3], 0x8000);
    r = ws_i8x16_avgr_u(ws_i8x16_splat(255), ws_i8x16_splat(254));
    assert_int_equal(r.u8[9], 255);

    /* shift counts are taken modulo the lane width */
    r = ws_i8x16_shl(ws_i8x16_splat(1), 9);
    assert_int_equal(r.u8[0], 2);
    r = ws_i32x4_shr_s(ws_i32x4_splat(0x80000000u), 33);
    assert_int_equal(r.u32[2], 0xC0000000u);
    r = ws_i64x2_shr_u(ws_i64x2_splat(UINT64_C(0x8000000000000000)), 127);
    assert_true(r.u64[1] == 1);
    r = ws_i16x8_shr_s(ws_i16x8_splat(0xFFFE), 1);
    assert_int_equal(r.u16[0], 0xFFFF);

    /* min/max by signedness */
    r = ws_i32x4_min_s(i32x4(0xFFFFFFFFu, 1, 0x80000000u, 7), i32x4(0, 2, 0x7FFFFFFFu, 7));
    assert_int_equal(r.u32[0], 0xFFFFFFFFu);
    assert_int_equal(r.u32[2], 0x80000000u);
    r = ws_i32x4_max_u(i32x4(0xFFFFFFFFu, 1, 0x80000000u, 7), i32x4(0, 2, 0x7FFFFFFFu, 7));
    assert_int_equal(r.u32[0], 0xFFFFFFFFu);
    assert_int_equal(r.u32[1], 2);
    r = ws_i8x16_min_s(ws_i8x16_splat(0x80), ws_i8x16_splat(0x7F));
    assert_int_equal(r.u8[0], 0x80);
    r = ws_i16x8_max_u(ws_i16x8_splat(0x8000), ws_i16x8_splat(0x7FFF));
    assert_int_equal(r.u16[0], 0x8000);

    /* widening */
    r = ws_extend_i8_s(ws_i8x16_splat(0xFF), 8);
    assert_int_equal(r.u16[7], 0xFFFF);
    r = ws_extmul_i32_u(i32x4(0xFFFFFFFFu, 0xFFFFFFFFu, 2, 3), i32x4(0xFFFFFFFFu, 2, 5, 7), 0);
    assert_true(r.u64[0] == UINT64_C(0xFFFFFFFE00000001));
    assert_true(r.u64[1] == UINT64_C(0x1FFFFFFFE));
    r = ws_extmul_i16_s(i16x8(0, 0, 0, 0, -32768, -32768, 3, -3),
                        i16x8(0, 0, 0, 0, -32768, 32767, 3, 3), 4);
    assert_int_equal(r.u32[0], 0x40000000u);
    assert_int_equal(ws_s32(r.u32[1]), -32768 * 32767);
    r = ws_i16x8_extadd_pairwise_i8x16_s(ws_i8x16_splat(0x80));
    assert_int_equal(ws_s16(r.u16[0]), -256);
    r = ws_i32x4_extadd_pairwise_i16x8_u(ws_i16x8_splat(0xFFFF));
    assert_int_equal(r.u32[3], 0x1FFFEu);
}

static void test_lanes_and_tests(void **state)
{
    (void)state;
    uint8_t idx[16] = {0, 15, 16, 255, 128, 3, 17, 1, 2, 2, 2, 2, 31, 32, 14, 13};
    uint8_t src[16];
    for (int i = 0; i < 16; i++) src[i] = (uint8_t)(0xA0 + i);
    ws_v128 r = ws_i8x16_swizzle(bytes16(src), bytes16(idx));
    uint8_t want[16] = {0xA0, 0xAF, 0,    0,    0, 0xA3, 0,    0xA1,
                        0xA2, 0xA2, 0xA2, 0xA2, 0, 0,    0xAE, 0xAD};
    assert_memory_equal(r.u8, want, 16);

    uint8_t sel[16] = {0, 16, 1, 17, 15, 31, 30, 14, 2, 2, 2, 2, 2, 2, 2, 2};
    r = ws_i8x16_shuffle(bytes16(src), ws_i8x16_splat(0x55), bytes16(sel));
    assert_int_equal(r.u8[0], 0xA0);
    assert_int_equal(r.u8[1], 0x55);
    assert_int_equal(r.u8[4], 0xAF);
    assert_int_equal(r.u8[7], 0xAE);

    assert_int_equal(ws_i8x16_bitmask(bytes16(src)), 0xFFFF);
    assert_int_equal(ws_i16x8_bitmask(i16x8(-1, 0, 1, -32768, 32767, -2, 0, 0)), 0x29);
    assert_int_equal(ws_i32x4_bitmask(i32x4(0x80000000u, 0x7FFFFFFFu, 0, 0xFFFFFFFFu)), 0x9);
    assert_int_equal(ws_i64x2_bitmask(ws_make(1, UINT64_MAX)), 2);
    assert_int_equal(ws_i8x16_all_true(bytes16(src)), 1);
    assert_int_equal(ws_i16x8_all_true(i16x8(1, 1, 1, 1, 1, 1, 1, 0)), 0);
    assert_int_equal(ws_i32x4_all_true(i32x4(1, 0x100, 0x10000, 0x1000000)), 1);
    assert_int_equal(ws_i64x2_all_true(ws_make(0, 1)), 0);
    assert_int_equal(ws_v128_any_true(ws_make(0, 0)), 0);
    assert_int_equal(ws_v128_any_true(ws_make(0, 1)), 1);

    r = ws_i8x16_popcnt(ws_make(UINT64_C(0x0F0301FF), 0));
    assert_int_equal(r.u8[0], 8);
    assert_int_equal(r.u8[1], 1);
    assert_int_equal(r.u8[2], 2);
    assert_int_equal(r.u8[3], 4);
    assert_int_equal(r.u8[4], 0);

    r = ws_v128_bitselect(ws_make(UINT64_MAX, 0), ws_make(0, UINT64_MAX),
                          ws_make(UINT64_C(0xF0F0), UINT64_C(0xFF00)));
    assert_true(r.u64[0] == UINT64_C(0xF0F0));
    assert_true(r.u64[1] == ~UINT64_C(0xFF00));

    r = ws_i8x16_lt_s(ws_i8x16_splat(0x80), ws_i8x16_splat(0));
    assert_int_equal(r.u8[0], 0xFF);
    r = ws_i8x16_lt_u(ws_i8x16_splat(0x80), ws_i8x16_splat(0));
    assert_int_equal(r.u8[0], 0);
    r = ws_i64x2_ge_s(ws_make(UINT64_MAX, 5), ws_make(0, 5));
    assert_true(r.u64[0] == 0 && r.u64[1] == UINT64_MAX);
}

static int is_canonical32(uint32_t x)
{
    return (x & 0x7FFFFFFFu) == 0x7FC00000u;
}
static int is_arithmetic32(uint32_t x)
{
    return (x & 0x7FC00000u) == 0x7FC00000u;
}

/* The SSSE3 shuffle the interpreter uses where the CPU has it gives the portable shuffle's
 * bytes for every index (0..31) in every lane. (Without SSSE3 it is the portable one.) */
static void test_shuffle_ssse3(void **state)
{
    (void)state;
    uint64_t a[2], b[2], lanes[2], got[2];
    uint8_t ab[32], sel[16];
    for (int i = 0; i < 32; i++) ab[i] = (uint8_t)(0x80 + i * 3);
    memcpy(a, ab, 16);
    memcpy(b, ab + 16, 16);
    for (int round = 0; round < 32; round++) {
        for (int i = 0; i < 16; i++) sel[i] = (uint8_t)((round + i * 7) % 32);
        memcpy(lanes, sel, 16);
        ws_shuffle_ssse3(got, a, b, lanes);
        ws_v128 want = ws_i8x16_shuffle(ws_get(a), ws_get(b), ws_get(lanes));
        assert_memory_equal(got, want.u8, 16);
        for (int i = 0; i < 16; i++) assert_int_equal(((uint8_t *)got)[i], ab[sel[i]]);
    }
}

static void test_float_edges(void **state)
{
    (void)state;
    const uint32_t pz = 0, nz = 0x80000000u, one = 0x3F800000u, inf = 0x7F800000u;
    const uint32_t qnan = 0x7FC00000u, snan = 0x7FA00000u, nnan = 0xFFC00001u;
    /* min/max: -0 < +0, a NaN operand wins (quieted), canonical in gives canonical out */
    ws_v128 r = ws_f32x4_min(i32x4(pz, nz, one, qnan), i32x4(nz, pz, inf, one));
    assert_int_equal(r.u32[0], nz);
    assert_int_equal(r.u32[1], nz);
    assert_int_equal(r.u32[2], one);
    assert_true(is_canonical32(r.u32[3]));
    r = ws_f32x4_max(i32x4(pz, nz, one, one), i32x4(nz, pz, inf, snan));
    assert_int_equal(r.u32[0], pz);
    assert_int_equal(r.u32[1], pz);
    assert_int_equal(r.u32[2], inf);
    assert_true(is_arithmetic32(r.u32[3]));
    r = ws_f64x2_min(ws_make(UINT64_C(0x8000000000000000), UINT64_C(0x7FF0000000000001)),
                     ws_make(0, 0));
    assert_true(r.u64[0] == UINT64_C(0x8000000000000000));
    assert_true(r.u64[1] == UINT64_C(0x7FF8000000000001));

    /* pmin/pmax keep the selected operand's bits, NaNs untouched */
    r = ws_f32x4_pmin(i32x4(snan, one, pz, nz), i32x4(one, snan, nz, pz));
    assert_int_equal(r.u32[0], snan);
    assert_int_equal(r.u32[1], one);
    assert_int_equal(r.u32[2], pz);
    assert_int_equal(r.u32[3], nz);
    r = ws_f32x4_pmax(i32x4(nnan, one, one, inf), i32x4(one, nnan, inf, one));
    assert_int_equal(r.u32[0], nnan);
    assert_int_equal(r.u32[1], one);
    assert_int_equal(r.u32[2], inf);
    assert_int_equal(r.u32[3], inf);

    /* invalid operations give a canonical NaN; NaN operands an arithmetic one */
    r = ws_f32x4_add(i32x4(inf, snan, one, pz), i32x4(0xFF800000u, one, one, pz));
    assert_true(is_canonical32(r.u32[0]));
    assert_true(is_arithmetic32(r.u32[1]));
    assert_int_equal(r.u32[2], 0x40000000u);
    r = ws_f32x4_sqrt(i32x4(0xBF800000u, snan, 0x40800000u, nz));
    assert_true(is_canonical32(r.u32[0]));
    assert_true(is_arithmetic32(r.u32[1]));
    assert_int_equal(r.u32[2], 0x40000000u);
    assert_int_equal(r.u32[3], nz);
    r = ws_f32x4_neg(i32x4(snan, pz, nnan, one));
    assert_int_equal(r.u32[0], snan | 0x80000000u);
    assert_int_equal(r.u32[2], nnan & 0x7FFFFFFFu);

    /* rounding: ties to even, signs of zero kept */
    r = ws_f32x4_nearest(
        i32x4(0x3FC00000u /* 1.5 */, 0x40200000u /* 2.5 */, 0xBF000000u /* -0.5 */, snan));
    assert_int_equal(r.u32[0], 0x40000000u);
    assert_int_equal(r.u32[1], 0x40000000u);
    assert_int_equal(r.u32[2], nz);
    assert_true(is_arithmetic32(r.u32[3]));
    r = ws_f32x4_ceil(i32x4(0xBF000000u, 0x3F000000u, inf, pz));
    assert_int_equal(r.u32[0], nz);
    assert_int_equal(r.u32[1], one);

    /* conversions saturate, NaN gives 0, the _zero forms clear the high lanes */
    r = ws_i32x4_trunc_sat_f32x4_s(i32x4(qnan, inf, 0xFF800000u, 0xC0200000u /* -2.5 */));
    assert_int_equal(r.u32[0], 0);
    assert_int_equal(r.u32[1], 0x7FFFFFFFu);
    assert_int_equal(r.u32[2], 0x80000000u);
    assert_int_equal(ws_s32(r.u32[3]), -2);
    r = ws_i32x4_trunc_sat_f32x4_u(i32x4(0xBF7FFFFFu, 0x4F800000u /* 2^32 */, nnan, one));
    assert_int_equal(r.u32[0], 0);
    assert_int_equal(r.u32[1], 0xFFFFFFFFu);
    assert_int_equal(r.u32[2], 0);
    assert_int_equal(r.u32[3], 1);
    r = ws_i32x4_trunc_sat_f64x2_s_zero(ws_make(UINT64_C(0xC1E0000000200000) /* -2^31-1 */,
                                                UINT64_C(0x41DFFFFFFFC00000) /* 2^31-1 */));
    assert_int_equal(r.u32[0], 0x80000000u);
    assert_int_equal(r.u32[1], 0x7FFFFFFFu);
    assert_true(r.u64[1] == 0);
    r = ws_f32x4_convert_i32x4_u(i32x4(0xFFFFFFFFu, 0x80000001u, 16777217, 0));
    assert_int_equal(r.u32[0], 0x4F800000u);
    assert_int_equal(r.u32[1], 0x4F000000u);
    assert_int_equal(r.u32[2], 0x4B800000u);
    r = ws_f32x4_convert_i32x4_s(i32x4(0xFFFFFFFFu, 0x80000000u, 16777217, 0));
    assert_int_equal(r.u32[0], 0xBF800000u);
    assert_int_equal(r.u32[1], 0xCF000000u);
    assert_int_equal(r.u32[2], 0x4B800000u);
    r = ws_f32x4_demote_f64x2_zero(
        ws_make(UINT64_C(0x7FF8000000000000), UINT64_C(0x3FF0000000000000)));
    assert_int_equal(r.u32[0], 0x7FC00000u);
    assert_int_equal(r.u32[1], one);
    assert_true(r.u64[1] == 0);
    r = ws_f64x2_promote_low_f32x4(i32x4(one, qnan, 5, 5));
    assert_true(r.u64[0] == UINT64_C(0x3FF0000000000000));
    assert_true(r.u64[1] == UINT64_C(0x7FF8000000000000));
    r = ws_f64x2_convert_low_i32x4_u(i32x4(0xFFFFFFFFu, 1, 9, 9));
    assert_true(r.u64[0] == UINT64_C(0x41EFFFFFFFE00000));

    /* comparisons: NaN is unordered, -0 == +0 */
    r = ws_f32x4_eq(i32x4(qnan, pz, one, one), i32x4(qnan, nz, one, inf));
    assert_int_equal(r.u32[0], 0);
    assert_int_equal(r.u32[1], 0xFFFFFFFFu);
    assert_int_equal(r.u32[2], 0xFFFFFFFFu);
    assert_int_equal(r.u32[3], 0);
    r = ws_f32x4_ne(i32x4(qnan, pz, one, one), i32x4(qnan, nz, one, inf));
    assert_int_equal(r.u32[0], 0xFFFFFFFFu);
    assert_int_equal(r.u32[1], 0);
}

/* ---- Whole instructions through the API ----------------------------------------------------- */

typedef struct wbuf {
    uint8_t b[512];
    size_t n;
} wbuf;

static void put(wbuf *w, const uint8_t *bytes, size_t n)
{
    assert_true(w->n + n <= sizeof w->b);
    memcpy(w->b + w->n, bytes, n);
    w->n += n;
}

static void put_byte(wbuf *w, uint8_t b)
{
    put(w, &b, 1);
}

static void put_u32(wbuf *w, uint32_t v)
{
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        put_byte(w, (uint8_t)(b | (v ? 0x80 : 0)));
    } while (v);
}

static void put_section(wbuf *w, uint8_t id, const wbuf *contents)
{
    put_byte(w, id);
    put_u32(w, (uint32_t)contents->n);
    put(w, contents->b, contents->n);
}

/* A module exporting one function "f" of type (params) -> (results) with the given body
 * (without its final `end`), and one page of memory when `memory`. */
static void build(wbuf *w, const uint8_t *params, size_t np, const uint8_t *results, size_t nr,
                  const uint8_t *body, size_t nbody, bool memory)
{
    static const uint8_t header[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    wbuf s;
    w->n = 0;
    put(w, header, sizeof header);
    s.n = 0;
    put_u32(&s, 1);
    put_byte(&s, 0x60);
    put_u32(&s, (uint32_t)np);
    put(&s, params, np);
    put_u32(&s, (uint32_t)nr);
    put(&s, results, nr);
    put_section(w, 1, &s);
    s.n = 0;
    put_u32(&s, 1);
    put_u32(&s, 0);
    put_section(w, 3, &s);
    if (memory) {
        s.n = 0;
        put_u32(&s, 1);
        put_byte(&s, 0x00);
        put_u32(&s, 1);
        put_section(w, 5, &s);
    }
    s.n = 0;
    put_u32(&s, 1);
    put_u32(&s, 1);
    put_byte(&s, 'f');
    put_byte(&s, 0x00);
    put_u32(&s, 0);
    put_section(w, 7, &s);
    wbuf code = {.n = 0};
    put_u32(&code, 0); /* no locals */
    put(&code, body, nbody);
    put_byte(&code, 0x0B);
    s.n = 0;
    put_u32(&s, 1);
    put_u32(&s, (uint32_t)code.n);
    put(&s, code.b, code.n);
    put_section(w, 10, &s);
}

typedef struct env {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_linker_t *linker;
    warden_module_t *module;
    warden_instance_t *instance;
    warden_func_t *f;
} env;

static warden_error_t *compile(env *e, const wbuf *w, bool fuel)
{
    memset(e, 0, sizeof *e);
    warden_config_t c;
    warden_config_default(&c);
    c.consume_fuel = fuel;
    assert_null(warden_engine_new_with_config(&c, &e->engine));
    return warden_module_new(e->engine, w->b, w->n, &e->module);
}

static void instantiate(env *e)
{
    assert_null(warden_store_new(e->engine, &e->store));
    assert_null(warden_linker_new(e->engine, &e->linker));
    warden_trap_t *trap = NULL;
    assert_null(warden_linker_instantiate(e->linker, e->store, e->module, &e->instance, &trap));
    assert_null(trap);
    e->f = warden_instance_export_func(e->instance, "f");
    assert_non_null(e->f);
}

static void env_free(env *e)
{
    warden_linker_delete(e->linker);
    warden_store_delete(e->store);
    warden_module_delete(e->module);
    warden_engine_delete(e->engine);
}

static warden_val_t v128_of(ws_v128 v)
{
    warden_val_t x = {.kind = WARDEN_V128};
    memcpy(x.of.v128, v.u8, 16);
    return x;
}

static void test_call_add(void **state)
{
    (void)state;
    static const uint8_t vv[] = {0x7B, 0x7B}, v[] = {0x7B};
    /* local.get 0; local.get 1; i32x4.add; i32x4.extract_lane 3 is checked separately */
    static const uint8_t body[] = {0x20, 0x00, 0x20, 0x01, 0xFD, 0xAE, 0x01};
    wbuf w;
    build(&w, vv, 2, v, 1, body, sizeof body, false);
    env e;
    assert_null(compile(&e, &w, true));
    instantiate(&e);
    assert_null(warden_store_set_fuel(e.store, 100));
    warden_val_t args[2] = {v128_of(i32x4(1, 2, 0xFFFFFFFFu, 40)), v128_of(i32x4(10, 20, 1, 2))};
    warden_val_t res = {.kind = WARDEN_V128};
    warden_trap_t *trap = NULL;
    assert_null(warden_func_call(e.store, e.f, args, 2, &res, 1, &trap));
    assert_null(trap);
    ws_v128 got;
    memcpy(got.u8, res.of.v128, 16);
    assert_int_equal(got.u32[0], 11);
    assert_int_equal(got.u32[1], 22);
    assert_int_equal(got.u32[2], 0);
    assert_int_equal(got.u32[3], 42);
    /* Fuel: one unit per instruction (two local.get and the add), the SIMD one included. */
    assert_int_equal(warden_store_fuel_consumed(e.store), 3);

    /* Not enough fuel for the block: the call traps. */
    assert_null(warden_store_set_fuel(e.store, 2));
    assert_null(warden_func_call(e.store, e.f, args, 2, &res, 1, &trap));
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_OUT_OF_FUEL);
    warden_trap_delete(trap);
    env_free(&e);
}

/* v128.load/store at the end of memory: the whole 16 bytes must fit. */
static void test_bounds(void **state)
{
    (void)state;
    static const uint8_t i32[] = {0x7F}, v[] = {0x7B};
    /* (v128.store offset=1 (local.get 0) (v128.const i32x4 7 7 7 7))
       (v128.load offset=1 (local.get 0)) */
    uint8_t body[64];
    size_t n = 0;
    const uint8_t store_head[] = {0x20, 0x00, 0xFD, 0x0C};
    memcpy(body + n, store_head, sizeof store_head);
    n += sizeof store_head;
    for (int i = 0; i < 16; i++) body[n++] = (i % 4 == 0) ? 7 : 0;
    const uint8_t rest[] = {0xFD, 0x0B, 0x04, 0x01, 0x20, 0x00, 0xFD, 0x00, 0x04, 0x01};
    memcpy(body + n, rest, sizeof rest);
    n += sizeof rest;
    wbuf w;
    build(&w, i32, 1, v, 1, body, n, true);
    env e;
    assert_null(compile(&e, &w, false));
    instantiate(&e);
    warden_trap_t *trap = NULL;
    warden_val_t res = {.kind = WARDEN_V128};
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = 65536 - 17};
    assert_null(warden_func_call(e.store, e.f, &arg, 1, &res, 1, &trap));
    assert_null(trap);
    assert_int_equal(res.of.v128[0], 7);
    assert_int_equal(res.of.v128[12], 7);
    arg.of.i32 = 65536 - 16; /* + offset 1: one byte past the end */
    assert_null(warden_func_call(e.store, e.f, &arg, 1, &res, 1, &trap));
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
    warden_trap_delete(trap);
    arg.of.i32 = -1;
    assert_null(warden_func_call(e.store, e.f, &arg, 1, &res, 1, &trap));
    assert_non_null(trap);
    warden_trap_delete(trap);
    env_free(&e);
}

static void expect_invalid(const uint8_t *params, size_t np, const uint8_t *results, size_t nr,
                           const uint8_t *body, size_t nbody, bool memory)
{
    wbuf w;
    build(&w, params, np, results, nr, body, nbody, memory);
    env e;
    warden_error_t *err = compile(&e, &w, false);
    assert_non_null(err);
    warden_error_delete(err);
    env_free(&e);
}

static void test_validation(void **state)
{
    (void)state;
    static const uint8_t v[] = {0x7B}, i32[] = {0x7F};
    /* i32x4.extract_lane 4 */
    static const uint8_t lane4[] = {0x20, 0x00, 0xFD, 0x1B, 0x04};
    expect_invalid(v, 1, i32, 1, lane4, sizeof lane4, false);
    /* i8x16.shuffle with an index of 32 */
    uint8_t shuf[32] = {0x20, 0x00, 0x20, 0x00, 0xFD, 0x0D};
    shuf[6 + 5] = 32;
    expect_invalid((const uint8_t[]){0x7B, 0x7B}, 2, v, 1, shuf, 6 + 16, false);
    /* v128.load32_lane with align 3 (8 bytes) */
    static const uint8_t align[] = {0x20, 0x00, 0x20, 0x01, 0xFD, 0x56, 0x03, 0x00, 0x00};
    expect_invalid((const uint8_t[]){0x7F, 0x7B}, 2, v, 1, align, sizeof align, true);
    /* v128.load without a memory */
    static const uint8_t nomem[] = {0x20, 0x00, 0xFD, 0x00, 0x04, 0x00};
    expect_invalid(i32, 1, v, 1, nomem, sizeof nomem, false);
    /* i32x4.add of an i32 */
    static const uint8_t mismatch[] = {0x20, 0x00, 0x20, 0x00, 0xFD, 0xAE, 0x01};
    expect_invalid(i32, 1, v, 1, mismatch, sizeof mismatch, false);
    /* an opcode of the prefix that does not exist */
    static const uint8_t illegal[] = {0x20, 0x00, 0xFD, 0x9A, 0x01};
    expect_invalid(v, 1, v, 1, illegal, sizeof illegal, false);
    /* i8x16.replace_lane with an i64 scalar */
    static const uint8_t replace[] = {0x20, 0x00, 0x42, 0x00, 0xFD, 0x17, 0x00};
    expect_invalid(v, 1, v, 1, replace, sizeof replace, false);
}

/* ---- Text forms ----------------------------------------------------------------------------- */

static void check_v128_text(const char *in, const char *want_out)
{
    warden_val_t v;
    const char *err = valfmt_parse(WARDEN_V128, in, &v);
    if (err) fail_msg("parsing '%s': %s", in, err);
    char buf[VALFMT_BUF];
    valfmt_format(&v, buf, sizeof buf);
    assert_string_equal(buf, want_out);
}

static void test_text(void **state)
{
    (void)state;
    check_v128_text("v128:i32x4:1 -2 3 4", "v128:i32x4:1 -2 3 4");
    check_v128_text("i32x4:1,2,3,0xFFFFFFFF", "v128:i32x4:1 2 3 -1");
    check_v128_text("i64x2 -1 0x100000000", "v128:i32x4:-1 -1 0 1");
    check_v128_text("i8x16:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -128",
                    "v128:i32x4:67305985 134678021 202050057 -2146497011");
    check_v128_text("i16x8:-1 0 65535 0 1 0 0 -32768", "v128:i32x4:65535 65535 1 -2147483648");
    check_v128_text("f32x4:1 -0 inf nan",
                    "v128:i32x4:1065353216 -2147483648 2139095040 2143289344");
    check_v128_text("v128:f64x2:1.5 -nan:0x1", "v128:i32x4:0 1073217536 1 -1048576");

    warden_val_t v;
    assert_non_null(valfmt_parse(WARDEN_V128, "0", &v));
    assert_non_null(valfmt_parse(WARDEN_V128, "i32x4:1 2 3", &v));
    assert_non_null(valfmt_parse(WARDEN_V128, "i32x4:1 2 3 4 5", &v));
    assert_non_null(valfmt_parse(WARDEN_V128, "i8x16:256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", &v));
    assert_non_null(valfmt_parse(WARDEN_V128, "i8x16:-129 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", &v));
    assert_null(valfmt_parse(WARDEN_V128, "i8x16:-0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 255", &v));
    assert_non_null(valfmt_parse(WARDEN_V128, "i33x4:1 2 3 4", &v));
    assert_non_null(valfmt_parse(WARDEN_V128, "f32x4:1 2 3 x", &v));

    char buf[VALFMT_BUF];
    uint8_t b[16];
    for (int i = 0; i < 16; i++) b[i] = (uint8_t)(0x80 + i);
    valfmt_format_v128(b, VALFMT_I8X16, buf, sizeof buf);
    assert_string_equal(buf, "v128:i8x16:-128 -127 -126 -125 -124 -123 -122 -121 -120 -119 -118 "
                             "-117 -116 -115 -114 -113");
    memset(b, 0xFF, 16);
    valfmt_format_v128(b, VALFMT_F32X4, buf, sizeof buf);
    assert_string_equal(buf, "v128:f32x4:-nan:0x7fffff -nan:0x7fffff -nan:0x7fffff -nan:0x7fffff");
}

static void test_script_values(void **state)
{
    (void)state;
    const char *lanes[] = {"2143289344", "nan:arithmetic", "nan:canonical", "1065353216"};
    wast_expect_t e;
    assert_null(wast_parse_v128_expect("f32", lanes, 4, &e));
    warden_val_t got = v128_of(i32x4(0x7FC00000u, 0xFFC00001u, 0xFFC00000u, 0x3F800000u));
    assert_true(wast_match_value(&e, &got));
    got = v128_of(i32x4(0x7FC00001u, 0xFFC00001u, 0xFFC00000u, 0x3F800000u));
    assert_false(wast_match_value(&e, &got)); /* lane 0 is exact */
    got = v128_of(i32x4(0x7FC00000u, 0xFFA00001u, 0xFFC00000u, 0x3F800000u));
    assert_false(wast_match_value(&e, &got)); /* lane 1 is not arithmetic */
    got = v128_of(i32x4(0x7FC00000u, 0xFFC00001u, 0xFFC00001u, 0x3F800000u));
    assert_false(wast_match_value(&e, &got)); /* lane 2 is not canonical */
    char buf[WAST_VALUE_BUF];
    wast_format_expect(&e, buf, sizeof buf);
    assert_string_equal(buf, "v128:f32x4:nan nan:arithmetic nan:canonical 1");
    wast_format_value_like(&got, &e, buf, sizeof buf);
    assert_string_equal(buf, "v128:f32x4:nan -nan:0x400001 -nan:0x400001 1");

    const char *ints[] = {"255", "0", "65535", "1", "2", "3", "4", "32768"};
    warden_val_t v;
    assert_null(wast_parse_v128_arg("i16", ints, 8, &v));
    assert_int_equal(v.kind, WARDEN_V128);
    assert_int_equal(v.of.v128[0], 255);
    assert_int_equal(v.of.v128[4], 0xFF);
    assert_int_equal(v.of.v128[5], 0xFF);
    assert_int_equal(v.of.v128[15], 0x80);
    assert_non_null(wast_parse_v128_arg("i16", ints, 7, &v));
    assert_non_null(wast_parse_v128_arg("i8", ints, 8, &v));
    assert_non_null(wast_parse_v128_arg("f32", lanes, 4, &v)); /* NaN patterns only expected */
    assert_non_null(wast_parse_v128_arg("i128", ints, 8, &v));
    assert_non_null(wast_parse_arg("v128", "0", &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integer_edges), cmocka_unit_test(test_lanes_and_tests),
        cmocka_unit_test(test_shuffle_ssse3), cmocka_unit_test(test_float_edges),
        cmocka_unit_test(test_call_add),      cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_validation),    cmocka_unit_test(test_text),
        cmocka_unit_test(test_script_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
