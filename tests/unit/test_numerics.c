/* Exact-bit tests of src/exec/numerics.h. Expected values follow the WebAssembly 2.0 spec
 * (exec/numerics.rst); many cases are the ones the official suite checks in i32/i64/f32/f64.wast,
 * float_misc.wast, float_exprs.wast and conversions.wast. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "exec/numerics.h"

/* Values the compiler cannot see through, so that the operation runs on the target. With constant
 * operands a compiler may fold x * 1.0 or x + -0.0 to x and skip the quieting of a signalling NaN
 * that the hardware performs, or fold away a division or conversion that would misbehave. */
static uint32_t opq32(uint32_t x)
{
    volatile uint32_t v = x;
    return v;
}
static uint64_t opq64(uint64_t x)
{
    volatile uint64_t v = x;
    return v;
}

/* Either of the above, by the type of x; the value reaches the callee unchanged either way. */
#define OPQ(x) _Generic((x), uint32_t: opq32, default: opq64)(x)

#define EQ(got, want) assert_int_equal((got), (want))

static void assert_canonical32(uint32_t x)
{
    EQ(x & 0x7FFFFFFFu, 0x7FC00000u);
}
static void assert_arithmetic32(uint32_t x)
{
    assert_true(wn_f32_is_nan(x));
    assert_true(x & WN_F32_QUIET);
}
static void assert_canonical64(uint64_t x)
{
    EQ(x & 0x7FFFFFFFFFFFFFFFu, 0x7FF8000000000000u);
}
static void assert_arithmetic64(uint64_t x)
{
    assert_true(wn_f64_is_nan(x));
    assert_true(x & WN_F64_QUIET);
}

/* Some f32 patterns */
#define FP0 0x00000000u
#define FN0 0x80000000u
#define FPINF 0x7F800000u
#define FNINF 0xFF800000u
#define FQNAN 0x7FC00000u  /* canonical */
#define FNQNAN 0xFFC00000u /* canonical, negative */
#define FSNAN 0x7FA00000u  /* nan:0x200000, signalling */
#define FSNAN1 0x7F800001u /* smallest payload */
#define FPLNAN 0x7FC12345u /* quiet, non-canonical payload */
/* and f64 */
#define D0 0x0000000000000000u
#define DN0 0x8000000000000000u
#define DINF 0x7FF0000000000000u
#define DNINF 0xFFF0000000000000u
#define DQNAN 0x7FF8000000000000u
#define DSNAN 0x7FF4000000000000u
#define DSNAN1 0x7FF0000000000001u
#define DPLNAN 0x7FF8000012345678u

static uint32_t f32b(float f)
{
    return wn_bits_from_f32(f);
}
static uint64_t f64b(double d)
{
    return wn_bits_from_f64(d);
}

/* ---- integers ---- */

static void test_i32_div_rem(void **state)
{
    (void)state;
    uint32_t r = 0xDEADBEEFu;
    EQ(wn_i32_div_s(opq32(7), opq32(0), &r), WN_DIV_ZERO);
    EQ(wn_i32_div_s(opq32(0), opq32(0), &r), WN_DIV_ZERO);
    EQ(wn_i32_div_u(opq32(7), opq32(0), &r), WN_DIV_ZERO);
    EQ(wn_i32_rem_s(opq32(7), opq32(0), &r), WN_DIV_ZERO);
    EQ(wn_i32_rem_u(opq32(7), opq32(0), &r), WN_DIV_ZERO);
    EQ(wn_i32_rem_s(opq32(0x80000000u), opq32(0), &r), WN_DIV_ZERO);
    EQ(wn_i32_div_s(opq32(0x80000000u), opq32(0xFFFFFFFFu), &r), WN_OVERFLOW);
    EQ(r, 0xDEADBEEFu); /* untouched on a trap */

    EQ(wn_i32_rem_s(opq32(0x80000000u), opq32(0xFFFFFFFFu), &r), WN_OK);
    EQ(r, 0);
    EQ(wn_i32_rem_s(opq32(5), opq32(0xFFFFFFFFu), &r), WN_OK);
    EQ(r, 0);
    EQ(wn_i32_div_s(opq32(0x80000000u), opq32(2), &r), WN_OK);
    EQ(r, 0xC0000000u);
    EQ(wn_i32_div_s(opq32(0x80000001u), opq32(0xFFFFFFFFu), &r), WN_OK);
    EQ(r, 0x7FFFFFFFu);
    EQ(wn_i32_div_s(opq32((uint32_t)-7), opq32(2), &r), WN_OK); /* truncates toward zero */
    EQ(r, (uint32_t)-3);
    EQ(wn_i32_div_s(opq32(7), opq32((uint32_t)-2), &r), WN_OK);
    EQ(r, (uint32_t)-3);
    EQ(wn_i32_div_s(opq32((uint32_t)-7), opq32((uint32_t)-2), &r), WN_OK);
    EQ(r, 3);
    EQ(wn_i32_rem_s(opq32((uint32_t)-7), opq32(2), &r), WN_OK); /* sign of the dividend */
    EQ(r, (uint32_t)-1);
    EQ(wn_i32_rem_s(opq32(7), opq32((uint32_t)-2), &r), WN_OK);
    EQ(r, 1);
    EQ(wn_i32_rem_s(opq32(0x80000000u), opq32(2), &r), WN_OK);
    EQ(r, 0);
    EQ(wn_i32_rem_s(opq32(0x80000000u), opq32(3), &r), WN_OK);
    EQ(r, (uint32_t)-2);

    EQ(wn_i32_div_u(opq32(0x80000000u), opq32(2), &r), WN_OK);
    EQ(r, 0x40000000u);
    EQ(wn_i32_div_u(opq32(0xFFFFFFFFu), opq32(0xFFFFFFFFu), &r), WN_OK);
    EQ(r, 1);
    EQ(wn_i32_div_u(opq32(0x80000000u), opq32(0xFFFFFFFFu), &r), WN_OK);
    EQ(r, 0);
    EQ(wn_i32_rem_u(opq32(0x80000000u), opq32(0xFFFFFFFFu), &r), WN_OK);
    EQ(r, 0x80000000u);
    EQ(wn_i32_rem_u(opq32(0x8FF00FF0u), opq32(0x10001u), &r), WN_OK);
    EQ(r, 0x8001u);
}

static void test_i64_div_rem(void **state)
{
    (void)state;
    uint64_t r = 0xDEADBEEFu;
    const uint64_t min = 0x8000000000000000u, m1 = UINT64_MAX;
    EQ(wn_i64_div_s(opq64(1), opq64(0), &r), WN_DIV_ZERO);
    EQ(wn_i64_div_u(opq64(1), opq64(0), &r), WN_DIV_ZERO);
    EQ(wn_i64_rem_s(opq64(1), opq64(0), &r), WN_DIV_ZERO);
    EQ(wn_i64_rem_u(opq64(1), opq64(0), &r), WN_DIV_ZERO);
    EQ(wn_i64_div_s(opq64(min), opq64(m1), &r), WN_OVERFLOW);
    EQ(r, 0xDEADBEEFu);

    EQ(wn_i64_rem_s(opq64(min), opq64(m1), &r), WN_OK);
    EQ(r, 0);
    EQ(wn_i64_div_s(opq64(min), opq64(2), &r), WN_OK);
    EQ(r, 0xC000000000000000u);
    EQ(wn_i64_div_s(opq64(min + 1), opq64(m1), &r), WN_OK);
    EQ(r, 0x7FFFFFFFFFFFFFFFu);
    EQ(wn_i64_div_s(opq64((uint64_t)-7), opq64(2), &r), WN_OK);
    EQ(r, (uint64_t)-3);
    EQ(wn_i64_rem_s(opq64((uint64_t)-7), opq64(2), &r), WN_OK);
    EQ(r, (uint64_t)-1);
    EQ(wn_i64_rem_s(opq64(7), opq64((uint64_t)-2), &r), WN_OK);
    EQ(r, 1);
    EQ(wn_i64_rem_s(opq64(min), opq64(3), &r), WN_OK);
    EQ(r, (uint64_t)-2);
    EQ(wn_i64_div_u(opq64(min), opq64(2), &r), WN_OK);
    EQ(r, 0x4000000000000000u);
    EQ(wn_i64_div_u(opq64(min), opq64(m1), &r), WN_OK);
    EQ(r, 0);
    EQ(wn_i64_rem_u(opq64(min), opq64(m1), &r), WN_OK);
    EQ(r, min);
    EQ(wn_i64_rem_u(opq64(0x8FF00FF00FF00FF0u), opq64(0x100000001u), &r), WN_OK);
    EQ(r, 0x80000001u);
}

static void test_shifts_rotates(void **state)
{
    (void)state;
    EQ(wn_i32_shl(1, 31), 0x80000000u);
    EQ(wn_i32_shl(1, 32), 1);
    EQ(wn_i32_shl(1, 33), 2);
    EQ(wn_i32_shl(1, 0xFFFFFFFFu), 0x80000000u);
    EQ(wn_i32_shr_u(0x80000000u, 31), 1);
    EQ(wn_i32_shr_u(0x80000000u, 32), 0x80000000u);
    EQ(wn_i32_shr_s(0x80000000u, 31), 0xFFFFFFFFu);
    EQ(wn_i32_shr_s(0x80000000u, 1), 0xC0000000u);
    EQ(wn_i32_shr_s(0x80000000u, 32), 0x80000000u);
    EQ(wn_i32_shr_s(0x7FFFFFFFu, 30), 1);
    EQ(wn_i32_shr_s((uint32_t)-1, 0xFFFFFFFFu), 0xFFFFFFFFu);
    EQ(wn_i32_rotl(0xFE00DC00u, 4), 0xE00DC00Fu);
    EQ(wn_i32_rotl(0xABCD9876u, 1), 0x579B30EDu);
    EQ(wn_i32_rotl(0x12345678u, 0), 0x12345678u);
    EQ(wn_i32_rotl(0x12345678u, 32), 0x12345678u);
    EQ(wn_i32_rotl(0x80000000u, 0xFFFFFFFFu), 0x40000000u);
    EQ(wn_i32_rotr(0xB0C1D2E3u, 5), 0x1D860E97u);
    EQ(wn_i32_rotr(0x12345678u, 0), 0x12345678u);
    EQ(wn_i32_rotr(1, 0x20), 1);
    EQ(wn_i32_rotr(1, 31), 2);

    EQ(wn_i64_shl(1, 63), 0x8000000000000000u);
    EQ(wn_i64_shl(1, 64), 1);
    EQ(wn_i64_shl(1, 65), 2);
    EQ(wn_i64_shr_u(0x8000000000000000u, 63), 1);
    EQ(wn_i64_shr_u(0x8000000000000000u, 64), 0x8000000000000000u);
    EQ(wn_i64_shr_s(0x8000000000000000u, 63), UINT64_MAX);
    EQ(wn_i64_shr_s(0x8000000000000000u, 64), 0x8000000000000000u);
    EQ(wn_i64_shr_s(0x8000000000000000u, UINT64_MAX), UINT64_MAX);
    EQ(wn_i64_rotl(0xABD1234EF567809Cu, 63), 0x55E891A77AB3C04Eu);
    EQ(wn_i64_rotl(0xABD1234EF567809Cu, 0), 0xABD1234EF567809Cu);
    EQ(wn_i64_rotl(0xABD1234EF567809Cu, 64), 0xABD1234EF567809Cu);
    EQ(wn_i64_rotr(0xABD1234EF567809Cu, 63), 0x57A2469DEACF0139u);
    EQ(wn_i64_rotr(1, 64), 1);
    EQ(wn_i64_rotr(1, 63), 2);
}

static void test_bit_counts(void **state)
{
    (void)state;
    EQ(wn_i32_clz(0), 32);
    EQ(wn_i32_clz(1), 31);
    EQ(wn_i32_clz(0x80000000u), 0);
    EQ(wn_i32_clz(0x00008000u), 16);
    EQ(wn_i32_ctz(0), 32);
    EQ(wn_i32_ctz(0x80000000u), 31);
    EQ(wn_i32_ctz(0x00008000u), 15);
    EQ(wn_i32_ctz(0xFFFFFFFFu), 0);
    EQ(wn_i32_popcnt(0), 0);
    EQ(wn_i32_popcnt(0xFFFFFFFFu), 32);
    EQ(wn_i32_popcnt(0xAAAAAAAAu), 16);
    EQ(wn_i64_clz(0), 64);
    EQ(wn_i64_clz(1), 63);
    EQ(wn_i64_clz(0x8000000000000000u), 0);
    EQ(wn_i64_clz(0x100000000u), 31);
    EQ(wn_i64_ctz(0), 64);
    EQ(wn_i64_ctz(0x8000000000000000u), 63);
    EQ(wn_i64_ctz(0x100000000u), 32);
    EQ(wn_i64_popcnt(0), 0);
    EQ(wn_i64_popcnt(UINT64_MAX), 64);
    EQ(wn_i64_popcnt(0x8000800080008000u), 4);
}

static void test_extend(void **state)
{
    (void)state;
    EQ(wn_i32_extend8_s(0x7F), 0x7F);
    EQ(wn_i32_extend8_s(0x80), 0xFFFFFF80u);
    EQ(wn_i32_extend8_s(0xFF), 0xFFFFFFFFu);
    EQ(wn_i32_extend8_s(0x01234570u), 0x70); /* upper bits ignored */
    EQ(wn_i32_extend8_s(0xFEDCBA80u), 0xFFFFFF80u);
    EQ(wn_i32_extend16_s(0x7FFF), 0x7FFF);
    EQ(wn_i32_extend16_s(0x8000), 0xFFFF8000u);
    EQ(wn_i32_extend16_s(0x12345678u), 0x5678);
    EQ(wn_i32_extend16_s(0xFEDC8000u), 0xFFFF8000u);
    EQ(wn_i64_extend8_s(0x80), 0xFFFFFFFFFFFFFF80u);
    EQ(wn_i64_extend8_s(0x0123456789ABCD7Fu), 0x7F);
    EQ(wn_i64_extend16_s(0x8000), 0xFFFFFFFFFFFF8000u);
    EQ(wn_i64_extend16_s(0x0123456789AB7FFFu), 0x7FFF);
    EQ(wn_i64_extend32_s(0x7FFFFFFFu), 0x7FFFFFFFu);
    EQ(wn_i64_extend32_s(0x80000000u), 0xFFFFFFFF80000000u);
    EQ(wn_i64_extend32_s(0x0123456780000000u), 0xFFFFFFFF80000000u);
    EQ(wn_i64_extend32_s(0xFEDCBA9800000000u), 0);
    EQ(wn_i64_extend_i32_s(0x80000000u), 0xFFFFFFFF80000000u);
    EQ(wn_i64_extend_i32_s(0x7FFFFFFFu), 0x7FFFFFFFu);
}

static void test_signed_views(void **state)
{
    (void)state;
    assert_true(wn_i32_to_signed(0x80000000u) == INT32_MIN);
    assert_true(wn_i32_to_signed(0xFFFFFFFFu) == -1);
    assert_true(wn_i32_to_signed(0x7FFFFFFFu) == INT32_MAX);
    assert_true(wn_i64_to_signed(0x8000000000000000u) == INT64_MIN);
    assert_true(wn_i64_to_signed(UINT64_MAX) == -1);
    EQ(wn_i32_lt_s(0x80000000u, 0), 1);
    EQ(wn_i32_lt_s(0, 0x80000000u), 0);
    EQ(wn_i32_gt_s(0x7FFFFFFFu, 0x80000000u), 1);
    EQ(wn_i32_le_s(0xFFFFFFFFu, 0xFFFFFFFFu), 1);
    EQ(wn_i32_ge_s(0xFFFFFFFFu, 0), 0);
    EQ(wn_i64_lt_s(0x8000000000000000u, 0), 1);
    EQ(wn_i64_gt_s(0x7FFFFFFFFFFFFFFFu, 0x8000000000000000u), 1);
    EQ(wn_i64_le_s(UINT64_MAX, 0), 1);
    EQ(wn_i64_ge_s(UINT64_MAX, 0), 0);
}

/* ---- floats ---- */

static void test_bits_roundtrip(void **state)
{
    (void)state;
    EQ(wn_bits_from_f32(wn_f32_from_bits(FSNAN1)), FSNAN1);
    EQ(wn_bits_from_f32(wn_f32_from_bits(0xFFA5A5A5u)), 0xFFA5A5A5u);
    EQ(wn_bits_from_f64(wn_f64_from_bits(DSNAN1)), DSNAN1);
    EQ(wn_bits_from_f32(1.0f), 0x3F800000u);
    EQ(wn_bits_from_f64(-2.0), 0xC000000000000000u);
    EQ(wn_f32_is_nan(FPINF), 0);
    EQ(wn_f32_is_nan(FSNAN1), 1);
    EQ(wn_f32_is_nan(0xFFFFFFFFu), 1);
    EQ(wn_f64_is_nan(DNINF), 0);
    EQ(wn_f64_is_nan(DSNAN1 | DN0), 1);
}

static void test_neg_abs_copysign(void **state)
{
    (void)state;
    /* Pure sign-bit operations: payloads, including signalling ones, pass through untouched. */
    EQ(wn_f32_neg(FSNAN), 0xFFA00000u);
    EQ(wn_f32_neg(0xFFA00000u), FSNAN);
    EQ(wn_f32_neg(FSNAN1), 0xFF800001u);
    EQ(wn_f32_neg(FP0), FN0);
    EQ(wn_f32_neg(FN0), FP0);
    EQ(wn_f32_neg(FPINF), FNINF);
    EQ(wn_f32_abs(0xFFA00000u), FSNAN);
    EQ(wn_f32_abs(0xFF800001u), FSNAN1);
    EQ(wn_f32_abs(FNQNAN), FQNAN);
    EQ(wn_f32_abs(FN0), FP0);
    EQ(wn_f32_abs(0xBF800000u), 0x3F800000u);
    EQ(wn_f32_copysign(FSNAN, FN0), 0xFFA00000u);
    EQ(wn_f32_copysign(0xFFA00000u, FP0), FSNAN);
    EQ(wn_f32_copysign(0x3F800000u, FNQNAN), 0xBF800000u); /* sign taken from a NaN too */
    EQ(wn_f32_copysign(0xBF800000u, FQNAN), 0x3F800000u);
    EQ(wn_f32_copysign(FP0, FN0), FN0);
    EQ(wn_f32_copysign(FNINF, FP0), FPINF);

    EQ(wn_f64_neg(DSNAN), DN0 | DSNAN);
    EQ(wn_f64_neg(DSNAN1 | DN0), DSNAN1);
    EQ(wn_f64_neg(D0), DN0);
    EQ(wn_f64_abs(DN0 | DSNAN1), DSNAN1);
    EQ(wn_f64_abs(DN0), D0);
    EQ(wn_f64_abs(DNINF), DINF);
    EQ(wn_f64_copysign(DSNAN, DN0), DN0 | DSNAN);
    EQ(wn_f64_copysign(DN0 | DPLNAN, D0), DPLNAN);
    EQ(wn_f64_copysign(0x3FF0000000000000u, DN0 | DQNAN), 0xBFF0000000000000u);
}

static void test_min_max(void **state)
{
    (void)state;
    const uint32_t one = 0x3F800000u, mone = 0xBF800000u;
    EQ(wn_f32_min(FP0, FN0), FN0);
    EQ(wn_f32_min(FN0, FP0), FN0);
    EQ(wn_f32_max(FP0, FN0), FP0);
    EQ(wn_f32_max(FN0, FP0), FP0);
    EQ(wn_f32_min(FN0, FN0), FN0);
    EQ(wn_f32_max(FN0, FN0), FN0);
    EQ(wn_f32_min(one, mone), mone);
    EQ(wn_f32_max(one, mone), one);
    EQ(wn_f32_min(FPINF, one), one);
    EQ(wn_f32_min(FNINF, one), FNINF);
    EQ(wn_f32_max(FNINF, one), one);
    EQ(wn_f32_max(FPINF, one), FPINF);
    EQ(wn_f32_min(0x00000001u, FN0), FN0);
    EQ(wn_f32_max(0x80000001u, FP0), FP0);
    /* NaN in, NaN out; canonical stays canonical; a signalling one comes out quiet. */
    assert_canonical32(wn_f32_min(FQNAN, one));
    assert_canonical32(wn_f32_min(one, FNQNAN));
    assert_canonical32(wn_f32_max(FNINF, FQNAN));
    assert_canonical32(wn_f32_max(FQNAN, FNQNAN));
    EQ(wn_f32_min(FSNAN, one), 0x7FE00000u);
    EQ(wn_f32_max(one, 0xFFA00000u), 0xFFE00000u);
    assert_arithmetic32(wn_f32_min(FSNAN1, FPINF));
    assert_arithmetic32(wn_f32_max(FPINF, FSNAN1));
    assert_arithmetic32(wn_f32_min(FPLNAN, FN0));
    EQ(wn_f32_max(FPLNAN, FQNAN), FPLNAN);

    const uint64_t done = 0x3FF0000000000000u, dmone = 0xBFF0000000000000u;
    EQ(wn_f64_min(D0, DN0), DN0);
    EQ(wn_f64_min(DN0, D0), DN0);
    EQ(wn_f64_max(D0, DN0), D0);
    EQ(wn_f64_max(DN0, D0), D0);
    EQ(wn_f64_min(done, dmone), dmone);
    EQ(wn_f64_max(done, dmone), done);
    EQ(wn_f64_min(DNINF, done), DNINF);
    EQ(wn_f64_max(DINF, done), DINF);
    EQ(wn_f64_max(DNINF, dmone), dmone);
    assert_canonical64(wn_f64_min(DQNAN, done));
    assert_canonical64(wn_f64_max(done, DN0 | DQNAN));
    EQ(wn_f64_min(DSNAN, done), 0x7FFC000000000000u);
    assert_arithmetic64(wn_f64_max(DINF, DSNAN1));
    assert_arithmetic64(wn_f64_min(DN0 | DSNAN1, DNINF));
}

static void test_sqrt(void **state)
{
    (void)state;
    EQ(wn_f32_sqrt(FP0), FP0);
    EQ(wn_f32_sqrt(FN0), FN0);
    EQ(wn_f32_sqrt(FPINF), FPINF);
    EQ(wn_f32_sqrt(0x40800000u), 0x40000000u); /* 4 -> 2 */
    EQ(wn_f32_sqrt(0x40000000u), 0x3FB504F3u); /* sqrt 2, rounded */
    EQ(wn_f32_sqrt(0x00000001u), 0x1A3504F3u); /* sqrt of the least subnormal */
    EQ(wn_f32_sqrt(0x7F7FFFFFu), 0x5F7FFFFFu);
    assert_canonical32(wn_f32_sqrt(FNINF));
    assert_canonical32(wn_f32_sqrt(0xBF800000u));
    assert_canonical32(wn_f32_sqrt(0x80000001u));
    assert_canonical32(wn_f32_sqrt(FQNAN));
    assert_canonical32(wn_f32_sqrt(FNQNAN));
    EQ(wn_f32_sqrt(FSNAN), 0x7FE00000u);
    assert_arithmetic32(wn_f32_sqrt(0xFF800001u));

    EQ(wn_f64_sqrt(D0), D0);
    EQ(wn_f64_sqrt(DN0), DN0);
    EQ(wn_f64_sqrt(DINF), DINF);
    EQ(wn_f64_sqrt(0x4000000000000000u), 0x3FF6A09E667F3BCDu);
    EQ(wn_f64_sqrt(0x0000000000000001u), 0x1E60000000000000u);
    assert_canonical64(wn_f64_sqrt(DNINF));
    assert_canonical64(wn_f64_sqrt(0xBFF0000000000000u));
    assert_canonical64(wn_f64_sqrt(0x8000000000000001u));
    assert_canonical64(wn_f64_sqrt(DQNAN));
    assert_arithmetic64(wn_f64_sqrt(DSNAN1));
}

static void test_rounding_f32(void **state)
{
    (void)state;
    /* nearest: ties to even, sign of zero kept */
    EQ(wn_f32_nearest(f32b(0.5f)), FP0);
    EQ(wn_f32_nearest(f32b(-0.5f)), FN0);
    EQ(wn_f32_nearest(f32b(0.50000006f)), f32b(1.0f));
    EQ(wn_f32_nearest(f32b(-0.49999997f)), FN0);
    EQ(wn_f32_nearest(f32b(1.5f)), f32b(2.0f));
    EQ(wn_f32_nearest(f32b(2.5f)), f32b(2.0f));
    EQ(wn_f32_nearest(f32b(-2.5f)), f32b(-2.0f));
    EQ(wn_f32_nearest(f32b(-3.5f)), f32b(-4.0f));
    EQ(wn_f32_nearest(f32b(4.5f)), f32b(4.0f));
    EQ(wn_f32_nearest(0x4AFFFFFFu), 0x4B000000u); /* 8388607.5 -> 8388608 */
    EQ(wn_f32_nearest(0xCAFFFFFFu), 0xCB000000u);
    EQ(wn_f32_nearest(0x4AFFFFFDu), 0x4AFFFFFCu); /* 8388606.5 -> 8388606 */
    EQ(wn_f32_nearest(0x4B000001u), 0x4B000001u); /* already integral */
    EQ(wn_f32_nearest(0x00000001u), FP0);
    EQ(wn_f32_nearest(0x80000001u), FN0);
    EQ(wn_f32_nearest(FP0), FP0);
    EQ(wn_f32_nearest(FN0), FN0);
    EQ(wn_f32_nearest(FNINF), FNINF);
    EQ(wn_f32_nearest(0x7F7FFFFFu), 0x7F7FFFFFu);

    EQ(wn_f32_ceil(f32b(-0.5f)), FN0);
    EQ(wn_f32_ceil(0x80000001u), FN0);
    EQ(wn_f32_ceil(0x00000001u), f32b(1.0f));
    EQ(wn_f32_ceil(f32b(1.5f)), f32b(2.0f));
    EQ(wn_f32_ceil(f32b(-1.5f)), f32b(-1.0f));
    EQ(wn_f32_ceil(0x4AFFFFFFu), 0x4B000000u);
    EQ(wn_f32_ceil(FN0), FN0);
    EQ(wn_f32_floor(f32b(0.5f)), FP0);
    EQ(wn_f32_floor(f32b(-0.5f)), f32b(-1.0f));
    EQ(wn_f32_floor(0x00000001u), FP0);
    EQ(wn_f32_floor(0x80000001u), f32b(-1.0f));
    EQ(wn_f32_floor(0xCAFFFFFFu), 0xCB000000u);
    EQ(wn_f32_floor(FN0), FN0);
    EQ(wn_f32_trunc(f32b(-0.9f)), FN0);
    EQ(wn_f32_trunc(f32b(0.9f)), FP0);
    EQ(wn_f32_trunc(f32b(-1.5f)), f32b(-1.0f));
    EQ(wn_f32_trunc(0x4AFFFFFFu), 0x4AFFFFFEu);
    EQ(wn_f32_trunc(FPINF), FPINF);

    /* NaN: quieted, canonical kept canonical */
    EQ(wn_f32_nearest(FSNAN), 0x7FE00000u);
    EQ(wn_f32_ceil(0xFFA00000u), 0xFFE00000u);
    EQ(wn_f32_floor(FSNAN1), 0x7FC00001u);
    EQ(wn_f32_trunc(FPLNAN), FPLNAN);
    assert_canonical32(wn_f32_nearest(FNQNAN));
    assert_canonical32(wn_f32_ceil(FQNAN));
    assert_canonical32(wn_f32_floor(FQNAN));
    assert_canonical32(wn_f32_trunc(FNQNAN));
}

static void test_rounding_f64(void **state)
{
    (void)state;
    EQ(wn_f64_nearest(f64b(0.5)), D0);
    EQ(wn_f64_nearest(f64b(-0.5)), DN0);
    EQ(wn_f64_nearest(f64b(1.5)), f64b(2.0));
    EQ(wn_f64_nearest(f64b(2.5)), f64b(2.0));
    EQ(wn_f64_nearest(f64b(-2.5)), f64b(-2.0));
    EQ(wn_f64_nearest(f64b(-3.5)), f64b(-4.0));
    EQ(wn_f64_nearest(0x432FFFFFFFFFFFFFu), 0x4330000000000000u); /* 2^52 - 0.5 */
    EQ(wn_f64_nearest(0xC32FFFFFFFFFFFFFu), 0xC330000000000000u);
    EQ(wn_f64_nearest(0x432FFFFFFFFFFFFDu), 0x432FFFFFFFFFFFFCu); /* 2^52 - 1.5 */
    EQ(wn_f64_nearest(0x8000000000000001u), DN0);
    EQ(wn_f64_ceil(f64b(-0.5)), DN0);
    EQ(wn_f64_ceil(0x0000000000000001u), f64b(1.0));
    EQ(wn_f64_ceil(0x432FFFFFFFFFFFFFu), 0x4330000000000000u);
    EQ(wn_f64_floor(f64b(-0.5)), f64b(-1.0));
    EQ(wn_f64_floor(0x0000000000000001u), D0);
    EQ(wn_f64_floor(DN0), DN0);
    EQ(wn_f64_trunc(f64b(-0.9)), DN0);
    EQ(wn_f64_trunc(f64b(-1.9)), f64b(-1.0));
    EQ(wn_f64_trunc(0x432FFFFFFFFFFFFFu), 0x432FFFFFFFFFFFFEu);
    EQ(wn_f64_trunc(DNINF), DNINF);
    EQ(wn_f64_nearest(DSNAN), 0x7FFC000000000000u);
    EQ(wn_f64_ceil(DN0 | DSNAN1), 0xFFF8000000000001u);
    EQ(wn_f64_trunc(DPLNAN), DPLNAN);
    assert_canonical64(wn_f64_floor(DQNAN));
    assert_canonical64(wn_f64_nearest(DN0 | DQNAN));
}

static void test_arith_nan(void **state)
{
    (void)state;
    const uint32_t one = 0x3F800000u;
    /* Exact non-NaN results */
    EQ(wn_f32_add(opq32(FN0), opq32(FN0)), FN0);
    EQ(wn_f32_add(opq32(FP0), opq32(FN0)), FP0);
    EQ(wn_f32_sub(opq32(FN0), opq32(FP0)), FN0);
    EQ(wn_f32_sub(opq32(one), opq32(one)), FP0);
    EQ(wn_f32_mul(opq32(FN0), opq32(one)), FN0);
    EQ(wn_f32_div(opq32(one), opq32(FN0)), FNINF);
    EQ(wn_f32_add(opq32(0x00000001u), opq32(0x00000001u)), 0x00000002u); /* no flush to zero */
    EQ(wn_f32_mul(opq32(0x00800000u), opq32(0x3F000000u)), 0x00400000u);
    EQ(wn_f32_add(opq32(0x7F7FFFFFu), opq32(0x7F7FFFFFu)), FPINF);
    EQ(wn_f32_add(opq32(one), opq32(0x33800000u)), one); /* 1 + 2^-24: tie to even */
    EQ(wn_f32_add(opq32(one), opq32(0x33800001u)), 0x3F800001u);
    /* Invalid operations: canonical */
    assert_canonical32(wn_f32_sub(opq32(FPINF), opq32(FPINF)));
    assert_canonical32(wn_f32_add(opq32(FPINF), opq32(FNINF)));
    assert_canonical32(wn_f32_mul(opq32(FP0), opq32(FNINF)));
    assert_canonical32(wn_f32_div(opq32(FP0), opq32(FN0)));
    assert_canonical32(wn_f32_div(opq32(FNINF), opq32(FPINF)));
    /* Canonical NaN inputs: canonical */
    assert_canonical32(wn_f32_add(opq32(FQNAN), opq32(one)));
    assert_canonical32(wn_f32_mul(opq32(one), opq32(FNQNAN)));
    assert_canonical32(wn_f32_div(opq32(FNQNAN), opq32(FQNAN)));
    /* A non-canonical NaN input: arithmetic, even when the other operand is the identity
     * (float_exprs.wast no_fold_add_zero, no_fold_mul_one, ...) */
    assert_arithmetic32(wn_f32_add(opq32(FSNAN), opq32(FN0)));
    assert_arithmetic32(wn_f32_add(opq32(FN0), opq32(0xFFA00000u)));
    assert_arithmetic32(wn_f32_sub(opq32(FSNAN), opq32(FP0)));
    assert_arithmetic32(wn_f32_sub(opq32(FN0), opq32(FSNAN)));
    assert_arithmetic32(wn_f32_mul(opq32(FSNAN), opq32(one)));
    assert_arithmetic32(wn_f32_mul(opq32(FSNAN1), opq32(0xBF800000u)));
    assert_arithmetic32(wn_f32_div(opq32(FSNAN), opq32(one)));
    assert_arithmetic32(wn_f32_div(opq32(FP0), opq32(FSNAN)));
    assert_arithmetic32(wn_f32_add(opq32(FPLNAN), opq32(FSNAN)));

    const uint64_t done = 0x3FF0000000000000u;
    EQ(wn_f64_add(opq64(DN0), opq64(DN0)), DN0);
    EQ(wn_f64_add(opq64(D0), opq64(DN0)), D0);
    EQ(wn_f64_sub(opq64(done), opq64(done)), D0);
    EQ(wn_f64_div(opq64(done), opq64(D0)), DINF);
    EQ(wn_f64_add(opq64(1), opq64(1)), 2);
    EQ(wn_f64_add(opq64(done), opq64(0x3CA0000000000000u)), done); /* 1 + 2^-53: tie to even */
    assert_canonical64(wn_f64_sub(opq64(DINF), opq64(DINF)));
    assert_canonical64(wn_f64_mul(opq64(DN0), opq64(DINF)));
    assert_canonical64(wn_f64_div(opq64(D0), opq64(D0)));
    assert_canonical64(wn_f64_add(opq64(DQNAN), opq64(done)));
    assert_canonical64(wn_f64_mul(opq64(done), opq64(DN0 | DQNAN)));
    assert_arithmetic64(wn_f64_add(opq64(DSNAN), opq64(DN0)));
    assert_arithmetic64(wn_f64_sub(opq64(DSNAN), opq64(D0)));
    assert_arithmetic64(wn_f64_mul(opq64(DSNAN), opq64(done)));
    assert_arithmetic64(wn_f64_div(opq64(DSNAN1), opq64(done)));
    assert_arithmetic64(wn_f64_mul(opq64(DNINF), opq64(DPLNAN)));
}

static void test_compare(void **state)
{
    (void)state;
    const uint32_t one = 0x3F800000u;
    EQ(wn_f32_eq(FP0, FN0), 1);
    EQ(wn_f32_ne(FP0, FN0), 0);
    EQ(wn_f32_lt(FN0, FP0), 0);
    EQ(wn_f32_le(FN0, FP0), 1);
    EQ(wn_f32_gt(FP0, FN0), 0);
    EQ(wn_f32_ge(FP0, FN0), 1);
    EQ(wn_f32_eq(FQNAN, FQNAN), 0);
    EQ(wn_f32_ne(FQNAN, FQNAN), 1);
    EQ(wn_f32_lt(FSNAN, FPINF), 0);
    EQ(wn_f32_gt(FPINF, FSNAN), 0);
    EQ(wn_f32_le(one, FNQNAN), 0);
    EQ(wn_f32_ge(FNQNAN, FNINF), 0);
    EQ(wn_f32_lt(FNINF, one), 1);
    EQ(wn_f32_gt(0x00000001u, FP0), 1);
    EQ(wn_f64_eq(D0, DN0), 1);
    EQ(wn_f64_ne(DQNAN, DQNAN), 1);
    EQ(wn_f64_eq(DSNAN, DSNAN), 0);
    EQ(wn_f64_lt(DN0, D0), 0);
    EQ(wn_f64_le(DNINF, DINF), 1);
    EQ(wn_f64_gt(1, D0), 1);
    EQ(wn_f64_ge(DQNAN, DNINF), 0);
}

/* ---- conversions ---- */

/* A trapping conversion: status, and the result (or that `out` is left alone on a trap). */
#define TRAP32(fn, in, st)                                                                         \
    do {                                                                                           \
        uint32_t r_ = 0xDEADBEEFu;                                                                 \
        EQ(fn(OPQ(in), &r_), (st));                                                                \
        EQ(r_, 0xDEADBEEFu);                                                                       \
    } while (0)
#define OK32(fn, in, want)                                                                         \
    do {                                                                                           \
        uint32_t r_ = 0xDEADBEEFu;                                                                 \
        EQ(fn(OPQ(in), &r_), WN_OK);                                                               \
        EQ(r_, (want));                                                                            \
    } while (0)
#define TRAP64(fn, in, st)                                                                         \
    do {                                                                                           \
        uint64_t r_ = 0xDEADBEEFu;                                                                 \
        EQ(fn(OPQ(in), &r_), (st));                                                                \
        EQ(r_, 0xDEADBEEFu);                                                                       \
    } while (0)
#define OK64(fn, in, want)                                                                         \
    do {                                                                                           \
        uint64_t r_ = 0xDEADBEEFu;                                                                 \
        EQ(fn(OPQ(in), &r_), WN_OK);                                                               \
        EQ(r_, (want));                                                                            \
    } while (0)

static void test_trunc_f32(void **state)
{
    (void)state;
    /* i32.trunc_f32_s */
    OK32(wn_i32_trunc_f32_s, FN0, 0);
    OK32(wn_i32_trunc_f32_s, 0x80000001u, 0);
    OK32(wn_i32_trunc_f32_s, f32b(-1.9f), 0xFFFFFFFFu);
    OK32(wn_i32_trunc_f32_s, f32b(1.9f), 1);
    OK32(wn_i32_trunc_f32_s, 0xCF000000u, 0x80000000u); /* -2147483648.0 */
    OK32(wn_i32_trunc_f32_s, 0x4EFFFFFFu, 2147483520u);
    TRAP32(wn_i32_trunc_f32_s, 0x4F000000u, WN_OVERFLOW); /* 2147483648.0 */
    TRAP32(wn_i32_trunc_f32_s, 0xCF000001u, WN_OVERFLOW); /* -2147483904.0 */
    TRAP32(wn_i32_trunc_f32_s, FPINF, WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f32_s, FNINF, WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f32_s, FQNAN, WN_INVALID_CONV);
    TRAP32(wn_i32_trunc_f32_s, 0xFFA00000u, WN_INVALID_CONV);
    TRAP32(wn_i32_trunc_f32_s, FSNAN1, WN_INVALID_CONV);
    /* i32.trunc_f32_u */
    OK32(wn_i32_trunc_f32_u, 0xBF7FFFFFu, 0); /* -0.99999994 */
    OK32(wn_i32_trunc_f32_u, FN0, 0);
    OK32(wn_i32_trunc_f32_u, 0x4F000000u, 0x80000000u);
    OK32(wn_i32_trunc_f32_u, 0x4F7FFFFFu, 0xFFFFFF00u);   /* 4294967040.0 */
    TRAP32(wn_i32_trunc_f32_u, 0x4F800000u, WN_OVERFLOW); /* 4294967296.0 */
    TRAP32(wn_i32_trunc_f32_u, 0xBF800000u, WN_OVERFLOW); /* -1.0 */
    TRAP32(wn_i32_trunc_f32_u, FPINF, WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f32_u, FNQNAN, WN_INVALID_CONV);
    /* i64.trunc_f32_s */
    OK64(wn_i64_trunc_f32_s, 0xDF000000u, 0x8000000000000000u); /* -2^63 */
    OK64(wn_i64_trunc_f32_s, 0x5EFFFFFFu, 0x7FFFFF8000000000u);
    OK64(wn_i64_trunc_f32_s, f32b(-4294967296.0f), 0xFFFFFFFF00000000u);
    TRAP64(wn_i64_trunc_f32_s, 0x5F000000u, WN_OVERFLOW); /* 2^63 */
    TRAP64(wn_i64_trunc_f32_s, 0xDF000001u, WN_OVERFLOW);
    TRAP64(wn_i64_trunc_f32_s, FNINF, WN_OVERFLOW);
    TRAP64(wn_i64_trunc_f32_s, FSNAN, WN_INVALID_CONV);
    /* i64.trunc_f32_u */
    OK64(wn_i64_trunc_f32_u, 0xBF7FFFFFu, 0);
    OK64(wn_i64_trunc_f32_u, 0x5F7FFFFFu, 0xFFFFFF0000000000u);
    TRAP64(wn_i64_trunc_f32_u, 0x5F800000u, WN_OVERFLOW); /* 2^64 */
    TRAP64(wn_i64_trunc_f32_u, 0xBF800000u, WN_OVERFLOW);
    TRAP64(wn_i64_trunc_f32_u, FQNAN, WN_INVALID_CONV);
}

static void test_trunc_f64(void **state)
{
    (void)state;
    /* i32.trunc_f64_s */
    OK32(wn_i32_trunc_f64_s, f64b(-2147483648.9), 0x80000000u);
    OK32(wn_i32_trunc_f64_s, 0xC1E00000001FFFFFu, 0x80000000u); /* just above -2147483649 */
    TRAP32(wn_i32_trunc_f64_s, f64b(-2147483649.0), WN_OVERFLOW);
    OK32(wn_i32_trunc_f64_s, f64b(2147483647.9), 0x7FFFFFFFu);
    TRAP32(wn_i32_trunc_f64_s, f64b(2147483648.0), WN_OVERFLOW);
    OK32(wn_i32_trunc_f64_s, 0x8000000000000001u, 0);
    OK32(wn_i32_trunc_f64_s, f64b(-1.5), 0xFFFFFFFFu);
    TRAP32(wn_i32_trunc_f64_s, DINF, WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f64_s, DN0 | DSNAN1, WN_INVALID_CONV);
    TRAP32(wn_i32_trunc_f64_s, DQNAN, WN_INVALID_CONV);
    /* i32.trunc_f64_u */
    OK32(wn_i32_trunc_f64_u, f64b(-0.9999999999999999), 0);
    OK32(wn_i32_trunc_f64_u, f64b(4294967295.9), 0xFFFFFFFFu);
    OK32(wn_i32_trunc_f64_u, f64b(1e8), 100000000u);
    TRAP32(wn_i32_trunc_f64_u, f64b(4294967296.0), WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f64_u, f64b(-1.0), WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f64_u, f64b(1e16), WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f64_u, DNINF, WN_OVERFLOW);
    TRAP32(wn_i32_trunc_f64_u, DSNAN, WN_INVALID_CONV);
    /* i64.trunc_f64_s */
    OK64(wn_i64_trunc_f64_s, 0xC3E0000000000000u, 0x8000000000000000u); /* -2^63 */
    OK64(wn_i64_trunc_f64_s, 0x43DFFFFFFFFFFFFFu, 0x7FFFFFFFFFFFFC00u);
    TRAP64(wn_i64_trunc_f64_s, 0x43E0000000000000u, WN_OVERFLOW); /* 2^63 */
    TRAP64(wn_i64_trunc_f64_s, 0xC3E0000000000001u, WN_OVERFLOW);
    OK64(wn_i64_trunc_f64_s, f64b(-2.5), (uint64_t)-2);
    TRAP64(wn_i64_trunc_f64_s, DNINF, WN_OVERFLOW);
    TRAP64(wn_i64_trunc_f64_s, DN0 | DQNAN, WN_INVALID_CONV);
    /* i64.trunc_f64_u */
    OK64(wn_i64_trunc_f64_u, f64b(-0.9999999999999999), 0);
    OK64(wn_i64_trunc_f64_u, 0x43EFFFFFFFFFFFFFu, 0xFFFFFFFFFFFFF800u);
    OK64(wn_i64_trunc_f64_u, 0x43E0000000000000u, 0x8000000000000000u);
    TRAP64(wn_i64_trunc_f64_u, 0x43F0000000000000u, WN_OVERFLOW); /* 2^64 */
    TRAP64(wn_i64_trunc_f64_u, f64b(-1.0), WN_OVERFLOW);
    TRAP64(wn_i64_trunc_f64_u, DINF, WN_OVERFLOW);
    TRAP64(wn_i64_trunc_f64_u, DPLNAN, WN_INVALID_CONV);
}

static void test_trunc_sat(void **state)
{
    (void)state;
    EQ(wn_i32_trunc_sat_f32_s(opq32(FQNAN)), 0);
    EQ(wn_i32_trunc_sat_f32_s(opq32(0xFFA00000u)), 0);
    EQ(wn_i32_trunc_sat_f32_s(opq32(FPINF)), 0x7FFFFFFFu);
    EQ(wn_i32_trunc_sat_f32_s(opq32(FNINF)), 0x80000000u);
    EQ(wn_i32_trunc_sat_f32_s(opq32(0x4F000000u)), 0x7FFFFFFFu);
    EQ(wn_i32_trunc_sat_f32_s(opq32(0xCF000000u)), 0x80000000u);
    EQ(wn_i32_trunc_sat_f32_s(opq32(0xCF000001u)), 0x80000000u);
    EQ(wn_i32_trunc_sat_f32_s(opq32(0x4EFFFFFFu)), 2147483520u);
    EQ(wn_i32_trunc_sat_f32_s(opq32(f32b(-1.9f))), 0xFFFFFFFFu);
    EQ(wn_i32_trunc_sat_f32_u(opq32(FSNAN1)), 0);
    EQ(wn_i32_trunc_sat_f32_u(opq32(FPINF)), 0xFFFFFFFFu);
    EQ(wn_i32_trunc_sat_f32_u(opq32(FNINF)), 0);
    EQ(wn_i32_trunc_sat_f32_u(opq32(0xBF800000u)), 0);
    EQ(wn_i32_trunc_sat_f32_u(opq32(0xBF7FFFFFu)), 0);
    EQ(wn_i32_trunc_sat_f32_u(opq32(0x4F7FFFFFu)), 0xFFFFFF00u);
    EQ(wn_i32_trunc_sat_f32_u(opq32(0x4F800000u)), 0xFFFFFFFFu);

    EQ(wn_i32_trunc_sat_f64_s(opq64(DQNAN)), 0);
    EQ(wn_i32_trunc_sat_f64_s(opq64(DINF)), 0x7FFFFFFFu);
    EQ(wn_i32_trunc_sat_f64_s(opq64(DNINF)), 0x80000000u);
    EQ(wn_i32_trunc_sat_f64_s(opq64(f64b(2147483647.9))), 0x7FFFFFFFu);
    EQ(wn_i32_trunc_sat_f64_s(opq64(f64b(2147483648.0))), 0x7FFFFFFFu);
    EQ(wn_i32_trunc_sat_f64_s(opq64(f64b(-2147483648.9))), 0x80000000u);
    EQ(wn_i32_trunc_sat_f64_s(opq64(f64b(-2147483649.0))), 0x80000000u);
    EQ(wn_i32_trunc_sat_f64_s(opq64(f64b(-1e300))), 0x80000000u);
    EQ(wn_i32_trunc_sat_f64_s(opq64(f64b(-5.9))), (uint32_t)-5);
    EQ(wn_i32_trunc_sat_f64_u(opq64(DSNAN)), 0);
    EQ(wn_i32_trunc_sat_f64_u(opq64(f64b(4294967295.9))), 0xFFFFFFFFu);
    EQ(wn_i32_trunc_sat_f64_u(opq64(f64b(4294967296.0))), 0xFFFFFFFFu);
    EQ(wn_i32_trunc_sat_f64_u(opq64(f64b(-0.9))), 0);
    EQ(wn_i32_trunc_sat_f64_u(opq64(DNINF)), 0);

    EQ(wn_i64_trunc_sat_f32_s(opq32(FNQNAN)), 0);
    EQ(wn_i64_trunc_sat_f32_s(opq32(FPINF)), 0x7FFFFFFFFFFFFFFFu);
    EQ(wn_i64_trunc_sat_f32_s(opq32(FNINF)), 0x8000000000000000u);
    EQ(wn_i64_trunc_sat_f32_s(opq32(0x5F000000u)), 0x7FFFFFFFFFFFFFFFu);
    EQ(wn_i64_trunc_sat_f32_s(opq32(0xDF000000u)), 0x8000000000000000u);
    EQ(wn_i64_trunc_sat_f32_s(opq32(0x5EFFFFFFu)), 0x7FFFFF8000000000u);
    EQ(wn_i64_trunc_sat_f32_u(opq32(FQNAN)), 0);
    EQ(wn_i64_trunc_sat_f32_u(opq32(FPINF)), UINT64_MAX);
    EQ(wn_i64_trunc_sat_f32_u(opq32(0x5F800000u)), UINT64_MAX);
    EQ(wn_i64_trunc_sat_f32_u(opq32(0x5F7FFFFFu)), 0xFFFFFF0000000000u);
    EQ(wn_i64_trunc_sat_f32_u(opq32(0xBF800000u)), 0);

    EQ(wn_i64_trunc_sat_f64_s(opq64(DPLNAN)), 0);
    EQ(wn_i64_trunc_sat_f64_s(opq64(DINF)), 0x7FFFFFFFFFFFFFFFu);
    EQ(wn_i64_trunc_sat_f64_s(opq64(DNINF)), 0x8000000000000000u);
    EQ(wn_i64_trunc_sat_f64_s(opq64(0x43E0000000000000u)), 0x7FFFFFFFFFFFFFFFu);
    EQ(wn_i64_trunc_sat_f64_s(opq64(0x43DFFFFFFFFFFFFFu)), 0x7FFFFFFFFFFFFC00u);
    EQ(wn_i64_trunc_sat_f64_s(opq64(0xC3E0000000000000u)), 0x8000000000000000u);
    EQ(wn_i64_trunc_sat_f64_s(opq64(0xC3E0000000000001u)), 0x8000000000000000u);
    EQ(wn_i64_trunc_sat_f64_u(opq64(DQNAN)), 0);
    EQ(wn_i64_trunc_sat_f64_u(opq64(DINF)), UINT64_MAX);
    EQ(wn_i64_trunc_sat_f64_u(opq64(0x43F0000000000000u)), UINT64_MAX);
    EQ(wn_i64_trunc_sat_f64_u(opq64(0x43EFFFFFFFFFFFFFu)), 0xFFFFFFFFFFFFF800u);
    EQ(wn_i64_trunc_sat_f64_u(opq64(f64b(-0.9999999999999999))), 0);
    EQ(wn_i64_trunc_sat_f64_u(opq64(DNINF)), 0);
}

static void test_convert(void **state)
{
    (void)state;
    /* The values go through opq so that the conversion runs on the target, not in the compiler. */
    EQ(wn_f32_convert_i32_s(opq32(0x80000000u)), 0xCF000000u);
    EQ(wn_f32_convert_i32_s(opq32(0x7FFFFFFFu)), 0x4F000000u);
    EQ(wn_f32_convert_i32_s(opq32(16777217)), 0x4B800000u); /* tie: down to 16777216 */
    EQ(wn_f32_convert_i32_s(opq32((uint32_t)-16777219)), 0xCB800002u);
    EQ(wn_f32_convert_i32_s(opq32(0)), FP0);
    EQ(wn_f32_convert_i32_u(opq32(0xFFFFFFFFu)), 0x4F800000u);
    EQ(wn_f32_convert_i32_u(opq32(0x80000080u)), 0x4F000000u); /* tie to even */
    EQ(wn_f32_convert_i32_u(opq32(0x80000081u)), 0x4F000001u);
    EQ(wn_f32_convert_i32_u(opq32(0xFFFFFE80u)), 0x4F7FFFFEu); /* tie to even */
    EQ(wn_f32_convert_i32_u(opq32(0xFFFFFE81u)), 0x4F7FFFFFu);
    EQ(wn_f32_convert_i32_u(opq32(0x12345678u)), 0x4D91A2B4u);
    /* u64/i64 -> f32: a conversion through double would round twice and get these wrong */
    EQ(wn_f32_convert_i64_u(opq64(0x0020000020000001u)), 0x5A000001u);
    EQ(wn_f32_convert_i64_u(opq64(0x7FFFFFBFFFFFFFFFu)), 0x5EFFFFFFu);
    EQ(wn_f32_convert_i64_u(opq64(0x8000008000000001u)), 0x5F000001u);
    EQ(wn_f32_convert_i64_u(opq64(0xFFFFFE8000000001u)), 0x5F7FFFFFu);
    EQ(wn_f32_convert_i64_u(opq64(0xFFFFFFFFFFFFFFFFu)), 0x5F800000u);
    EQ(wn_f32_convert_i64_u(opq64(0x8000000000000000u)), 0x5F000000u);
    EQ(wn_f32_convert_i64_u(opq64(0)), FP0);
    EQ(wn_f32_convert_i64_s(opq64(0x7FFFFF4000000001u)), 0x5EFFFFFFu);
    EQ(wn_f32_convert_i64_s(opq64(0x8000004000000001u)), 0xDEFFFFFFu);
    EQ(wn_f32_convert_i64_s(opq64(0x0020000020000001u)), 0x5A000001u);
    EQ(wn_f32_convert_i64_s(opq64(0xFFDFFFFFDFFFFFFFu)), 0xDA000001u);
    EQ(wn_f32_convert_i64_s(opq64(0x8000000000000000u)), 0xDF000000u);
    EQ(wn_f32_convert_i64_s(opq64(0x7FFFFFFFFFFFFFFFu)), 0x5F000000u);
    EQ(wn_f32_convert_i64_s(opq64((uint64_t)-1)), 0xBF800000u);

    EQ(wn_f64_convert_i32_s(opq32(0x80000000u)), 0xC1E0000000000000u);
    EQ(wn_f64_convert_i32_s(opq32(0xFFFFFFFFu)), 0xBFF0000000000000u);
    EQ(wn_f64_convert_i32_u(opq32(0xFFFFFFFFu)), 0x41EFFFFFFFE00000u);
    EQ(wn_f64_convert_i32_u(opq32(0x80000000u)), 0x41E0000000000000u);
    EQ(wn_f64_convert_i64_s(opq64(9007199254740993u)), 0x4340000000000000u); /* tie: down */
    EQ(wn_f64_convert_i64_s(opq64((uint64_t)-9007199254740995)), 0xC340000000000002u);
    EQ(wn_f64_convert_i64_s(opq64(0x8000000000000000u)), 0xC3E0000000000000u);
    EQ(wn_f64_convert_i64_s(opq64(0x7FFFFFFFFFFFFFFFu)), 0x43E0000000000000u);
    EQ(wn_f64_convert_i64_u(opq64(0x8000000000000400u)), 0x43E0000000000000u);
    EQ(wn_f64_convert_i64_u(opq64(0x8000000000000401u)), 0x43E0000000000001u);
    EQ(wn_f64_convert_i64_u(opq64(0xFFFFFFFFFFFFF400u)), 0x43EFFFFFFFFFFFFEu);
    EQ(wn_f64_convert_i64_u(opq64(0xFFFFFFFFFFFFF401u)), 0x43EFFFFFFFFFFFFFu);
    EQ(wn_f64_convert_i64_u(opq64(0xFFFFFFFFFFFFFFFFu)), 0x43F0000000000000u);
    EQ(wn_f64_convert_i64_u(opq64(9007199254740995u)), 0x4340000000000002u);
}

static void test_demote_promote(void **state)
{
    (void)state;
    EQ(wn_f32_demote_f64(opq64(D0)), FP0);
    EQ(wn_f32_demote_f64(opq64(DN0)), FN0);
    EQ(wn_f32_demote_f64(opq64(0x0000000000000001u)), FP0);
    EQ(wn_f32_demote_f64(opq64(0x8000000000000001u)), FN0);
    EQ(wn_f32_demote_f64(opq64(DINF)), FPINF);
    EQ(wn_f32_demote_f64(opq64(DNINF)), FNINF);
    EQ(wn_f32_demote_f64(opq64(0x47EFFFFFE0000000u)), 0x7F7FFFFFu); /* f32 max */
    EQ(wn_f32_demote_f64(opq64(0x47EFFFFFEFFFFFFFu)), 0x7F7FFFFFu); /* just under the limit */
    EQ(wn_f32_demote_f64(opq64(0x47EFFFFFF0000000u)), FPINF);       /* the limit: to inf */
    EQ(wn_f32_demote_f64(opq64(0xC7EFFFFFF0000000u)), FNINF);
    EQ(wn_f32_demote_f64(opq64(0x47EFFFFFD0000000u)), 0x7F7FFFFEu); /* tie to even */
    EQ(wn_f32_demote_f64(opq64(0x36A0000000000000u)), 0x00000001u); /* 2^-149 */
    EQ(wn_f32_demote_f64(opq64(0x3690000000000000u)), FP0);         /* 2^-150: tie to 0 */
    EQ(wn_f32_demote_f64(opq64(0xB690000000000000u)), FN0);
    EQ(wn_f32_demote_f64(opq64(0x3690000000000001u)), 0x00000001u); /* above the tie */
    EQ(wn_f32_demote_f64(opq64(0x3680000000000000u)), FP0);         /* 2^-151 */
    EQ(wn_f32_demote_f64(opq64(0x380FFFFFC0000000u)), 0x007FFFFFu); /* largest subnormal */
    EQ(wn_f32_demote_f64(opq64(0x380FFFFFE0000000u)), 0x00800000u); /* rounds up to normal */
    EQ(wn_f32_demote_f64(opq64(0x3FF0000010000000u)), 0x3F800000u); /* tie to even: down */
    EQ(wn_f32_demote_f64(opq64(0x3FF0000030000000u)), 0x3F800002u); /* tie to even: up */
    EQ(wn_f32_demote_f64(opq64(0x3FF0000010000001u)), 0x3F800001u);
    /* NaN: canonical stays canonical, others stay NaN and become quiet, sign kept */
    EQ(wn_f32_demote_f64(opq64(DQNAN)), FQNAN);
    EQ(wn_f32_demote_f64(opq64(DN0 | DQNAN)), FNQNAN);
    EQ(wn_f32_demote_f64(opq64(DSNAN)), 0x7FE00000u);
    EQ(wn_f32_demote_f64(opq64(DN0 | DSNAN)), 0xFFE00000u);
    EQ(wn_f32_demote_f64(opq64(DSNAN1)), FQNAN); /* low payload bits are dropped */
    assert_arithmetic32(wn_f32_demote_f64(opq64(0x7FF0000020000000u)));
    EQ(wn_f32_demote_f64(opq64(DPLNAN)), 0x7FC00000u);

    EQ(wn_f64_promote_f32(opq32(FP0)), D0);
    EQ(wn_f64_promote_f32(opq32(FN0)), DN0);
    EQ(wn_f64_promote_f32(opq32(0x00000001u)), 0x36A0000000000000u);
    EQ(wn_f64_promote_f32(opq32(0x807FFFFFu)), 0xB80FFFFFC0000000u);
    EQ(wn_f64_promote_f32(opq32(0x7F7FFFFFu)), 0x47EFFFFFE0000000u);
    EQ(wn_f64_promote_f32(opq32(FPINF)), DINF);
    EQ(wn_f64_promote_f32(opq32(FNINF)), DNINF);
    EQ(wn_f64_promote_f32(opq32(FQNAN)), DQNAN);
    EQ(wn_f64_promote_f32(opq32(FNQNAN)), DN0 | DQNAN);
    EQ(wn_f64_promote_f32(opq32(FSNAN)), 0x7FFC000000000000u);
    EQ(wn_f64_promote_f32(opq32(0xFF800001u)), 0xFFF8000020000000u);
    EQ(wn_f64_promote_f32(opq32(FPLNAN)), 0x7FF82468A0000000u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_i32_div_rem),    cmocka_unit_test(test_i64_div_rem),
        cmocka_unit_test(test_shifts_rotates), cmocka_unit_test(test_bit_counts),
        cmocka_unit_test(test_extend),         cmocka_unit_test(test_signed_views),
        cmocka_unit_test(test_bits_roundtrip), cmocka_unit_test(test_neg_abs_copysign),
        cmocka_unit_test(test_min_max),        cmocka_unit_test(test_sqrt),
        cmocka_unit_test(test_rounding_f32),   cmocka_unit_test(test_rounding_f64),
        cmocka_unit_test(test_arith_nan),      cmocka_unit_test(test_compare),
        cmocka_unit_test(test_trunc_f32),      cmocka_unit_test(test_trunc_f64),
        cmocka_unit_test(test_trunc_sat),      cmocka_unit_test(test_convert),
        cmocka_unit_test(test_demote_promote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
