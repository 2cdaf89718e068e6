/* Value parsing and printing of the command line (src/cli/valfmt.c) and the script values built on
 * it (src/cli/wast_value.c). Both use only warden.h's types, so they are compiled in here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/valfmt.c"
#include "cli/wast_value.c"

static warden_val_t parse_ok(warden_valkind_t kind, const char *text)
{
    warden_val_t v;
    memset(&v, 0xAA, sizeof v);
    const char *err = valfmt_parse(kind, text, &v);
    if (err) fail_msg("parsing '%s' as %s failed: %s", text, valfmt_kind_name(kind), err);
    assert_int_equal(v.kind, kind);
    return v;
}

static void parse_fails(warden_valkind_t kind, const char *text)
{
    warden_val_t v;
    if (!valfmt_parse(kind, text, &v))
        fail_msg("parsing '%s' as %s succeeded", text, valfmt_kind_name(kind));
}

static void check_format(warden_val_t v, const char *want)
{
    char buf[VALFMT_BUF];
    size_t n = valfmt_format(&v, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static warden_val_t f32_bits(uint32_t bits)
{
    return (warden_val_t){.kind = WARDEN_F32, .of.f32_bits = bits};
}

static warden_val_t f64_bits(uint64_t bits)
{
    return (warden_val_t){.kind = WARDEN_F64, .of.f64_bits = bits};
}

/* Parses text as kind and prints it back. */
static void roundtrip(warden_valkind_t kind, const char *text, const char *want)
{
    check_format(parse_ok(kind, text), want);
}

static void test_i32_parse(void **state)
{
    (void)state;
    assert_int_equal(parse_ok(WARDEN_I32, "0").of.i32, 0);
    assert_int_equal(parse_ok(WARDEN_I32, "42").of.i32, 42);
    assert_int_equal(parse_ok(WARDEN_I32, "-1").of.i32, -1);
    assert_int_equal(parse_ok(WARDEN_I32, "+7").of.i32, 7);
    assert_int_equal(parse_ok(WARDEN_I32, "-0").of.i32, 0);
    assert_int_equal(parse_ok(WARDEN_I32, "2147483647").of.i32, INT32_MAX);
    assert_int_equal(parse_ok(WARDEN_I32, "-2147483648").of.i32, INT32_MIN);
    /* The unsigned range wraps to two's complement. */
    assert_int_equal(parse_ok(WARDEN_I32, "4294967295").of.i32, -1);
    assert_int_equal(parse_ok(WARDEN_I32, "2147483648").of.i32, INT32_MIN);
    assert_int_equal(parse_ok(WARDEN_I32, "0x10").of.i32, 16);
    assert_int_equal(parse_ok(WARDEN_I32, "0XfF").of.i32, 255);
    assert_int_equal(parse_ok(WARDEN_I32, "0xffffffff").of.i32, -1);
    assert_int_equal(parse_ok(WARDEN_I32, "-0x80000000").of.i32, INT32_MIN);
}

static void test_i32_reject(void **state)
{
    (void)state;
    parse_fails(WARDEN_I32, "");
    parse_fails(WARDEN_I32, "-");
    parse_fails(WARDEN_I32, "0x");
    parse_fails(WARDEN_I32, "12a");
    parse_fails(WARDEN_I32, " 1");
    parse_fails(WARDEN_I32, "1 ");
    parse_fails(WARDEN_I32, "1.0");
    parse_fails(WARDEN_I32, "--1");
    parse_fails(WARDEN_I32, "4294967296");
    parse_fails(WARDEN_I32, "-2147483649");
    parse_fails(WARDEN_I32, "0x100000000");
    parse_fails(WARDEN_I32, "99999999999999999999999");
}

static void test_i64_parse(void **state)
{
    (void)state;
    assert_true(parse_ok(WARDEN_I64, "9223372036854775807").of.i64 == INT64_MAX);
    assert_true(parse_ok(WARDEN_I64, "-9223372036854775808").of.i64 == INT64_MIN);
    assert_true(parse_ok(WARDEN_I64, "18446744073709551615").of.i64 == -1);
    assert_true(parse_ok(WARDEN_I64, "0x8000000000000000").of.i64 == INT64_MIN);
    assert_true(parse_ok(WARDEN_I64, "-1").of.i64 == -1);
    parse_fails(WARDEN_I64, "18446744073709551616");
    parse_fails(WARDEN_I64, "-9223372036854775809");
    parse_fails(WARDEN_I64, "0x10000000000000000");
}

static void test_int_format(void **state)
{
    (void)state;
    check_format((warden_val_t){.kind = WARDEN_I32, .of.i32 = -1}, "-1");
    check_format((warden_val_t){.kind = WARDEN_I32, .of.i32 = INT32_MIN}, "-2147483648");
    check_format((warden_val_t){.kind = WARDEN_I64, .of.i64 = INT64_MIN}, "-9223372036854775808");
    check_format((warden_val_t){.kind = WARDEN_I64, .of.i64 = INT64_MAX}, "9223372036854775807");
    roundtrip(WARDEN_I32, "0xffffffff", "-1");
    roundtrip(WARDEN_I64, "0x10", "16");
}

static void test_float_parse(void **state)
{
    (void)state;
    assert_int_equal(parse_ok(WARDEN_F32, "1").of.f32_bits, 0x3F800000);
    assert_int_equal(parse_ok(WARDEN_F32, "-2.5").of.f32_bits, 0xC0200000);
    assert_int_equal(parse_ok(WARDEN_F32, "0x1.8p3").of.f32_bits, 0x41400000); /* 12 */
    assert_int_equal(parse_ok(WARDEN_F32, "-0x1p-1").of.f32_bits, 0xBF000000);
    assert_int_equal(parse_ok(WARDEN_F32, "1e3").of.f32_bits, 0x447A0000);
    assert_int_equal(parse_ok(WARDEN_F32, "-0").of.f32_bits, 0x80000000);
    assert_int_equal(parse_ok(WARDEN_F32, "inf").of.f32_bits, 0x7F800000);
    assert_int_equal(parse_ok(WARDEN_F32, "-inf").of.f32_bits, 0xFF800000);
    assert_int_equal(parse_ok(WARDEN_F32, "nan").of.f32_bits, 0x7FC00000);
    assert_int_equal(parse_ok(WARDEN_F32, "-nan").of.f32_bits, 0xFFC00000);
    assert_int_equal(parse_ok(WARDEN_F32, "nan:0x200000").of.f32_bits, 0x7FA00000);
    assert_int_equal(parse_ok(WARDEN_F32, "-nan:0x1").of.f32_bits, 0xFF800001);
    assert_int_equal(parse_ok(WARDEN_F32, "nan:0x7fffff").of.f32_bits, 0x7FFFFFFF);
    assert_int_equal(parse_ok(WARDEN_F32, "1e-45").of.f32_bits, 0x00000001); /* subnormal */
    /* Parsed in the f32 type directly, without double rounding through f64. */
    assert_int_equal(parse_ok(WARDEN_F32, "0.1").of.f32_bits, 0x3DCCCCCD);

    assert_true(parse_ok(WARDEN_F64, "0.1").of.f64_bits == UINT64_C(0x3FB999999999999A));
    assert_true(parse_ok(WARDEN_F64, "0x1.8p3").of.f64_bits == UINT64_C(0x4028000000000000));
    assert_true(parse_ok(WARDEN_F64, "-inf").of.f64_bits == UINT64_C(0xFFF0000000000000));
    assert_true(parse_ok(WARDEN_F64, "nan").of.f64_bits == UINT64_C(0x7FF8000000000000));
    assert_true(parse_ok(WARDEN_F64, "-nan:0x4").of.f64_bits == UINT64_C(0xFFF0000000000004));
    assert_true(parse_ok(WARDEN_F64, "nan:0xfffffffffffff").of.f64_bits ==
                UINT64_C(0x7FFFFFFFFFFFFFFF));
    assert_true(parse_ok(WARDEN_F64, "4.9406564584124654e-324").of.f64_bits == 1);
    assert_true(parse_ok(WARDEN_F64, "1e21").of.f64_bits == UINT64_C(0x444B1AE4D6E2EF50));
}

static void test_float_reject(void **state)
{
    (void)state;
    parse_fails(WARDEN_F32, "");
    parse_fails(WARDEN_F32, "abc");
    parse_fails(WARDEN_F32, "1.0f");
    parse_fails(WARDEN_F32, " 1");
    parse_fails(WARDEN_F32, "infinity");
    parse_fails(WARDEN_F32, "INF");
    parse_fails(WARDEN_F32, "nan(1)");
    parse_fails(WARDEN_F32, "nan:0x0");      /* that would be infinity */
    parse_fails(WARDEN_F32, "nan:0x800000"); /* payload wider than the mantissa */
    parse_fails(WARDEN_F32, "nan:123");
    parse_fails(WARDEN_F32, "1e39"); /* rounds to infinity */
    parse_fails(WARDEN_F32, "-1e39");
    parse_fails(WARDEN_F32, "0x");
    parse_fails(WARDEN_F64, "1e309");
    parse_fails(WARDEN_F64, "nan:0x10000000000000");
    parse_fails(WARDEN_F64, "--1");
}

static void test_f32_format(void **state)
{
    (void)state;
    check_format(f32_bits(0x3DCCCCCD), "0.1");
    check_format(f32_bits(0x3F800000), "1");
    check_format(f32_bits(0x00000000), "0");
    check_format(f32_bits(0x80000000), "-0");
    check_format(f32_bits(0x41400000), "12");
    check_format(f32_bits(0x3EAAAAAB), "0.33333334");
    check_format(f32_bits(0x03AA2F28), "1.00025285e-36"); /* needs all 9 digits */
    check_format(f32_bits(0x00000001), "1e-45");          /* the least subnormal */
    check_format(f32_bits(0x007FFFFF), "1.1754942e-38");  /* the greatest subnormal */
    check_format(f32_bits(0x7F7FFFFF), "3.4028235e+38");
    check_format(f32_bits(0x7F800000), "inf");
    check_format(f32_bits(0xFF800000), "-inf");
    check_format(f32_bits(0x7FC00000), "nan");
    check_format(f32_bits(0xFFC00000), "-nan");
    check_format(f32_bits(0x7FA00000), "nan:0x200000");
    check_format(f32_bits(0x7FC00001), "nan:0x400001");
    check_format(f32_bits(0xFF800001), "-nan:0x1");
    check_format(f32_bits(0x4426A666), "666.6"); /* shortest in f32, though 666.6f != 666.6 */
}

static void test_f64_format(void **state)
{
    (void)state;
    check_format(f64_bits(UINT64_C(0x3FB999999999999A)), "0.1");
    check_format(f64_bits(UINT64_C(0x444B1AE4D6E2EF50)), "1e+21");
    check_format(f64_bits(UINT64_C(0x8000000000000000)), "-0");
    check_format(f64_bits(UINT64_C(0x0000000000000001)), "5e-324");
    check_format(f64_bits(UINT64_C(0x000FFFFFFFFFFFFF)), "2.225073858507201e-308");
    check_format(f64_bits(UINT64_C(0x3FD3333333333334)), "0.30000000000000004"); /* 17 digits */
    check_format(f64_bits(UINT64_C(0x7FEFFFFFFFFFFFFF)), "1.7976931348623157e+308");
    check_format(f64_bits(UINT64_C(0x3FD5555555555555)), "0.3333333333333333");
    check_format(f64_bits(UINT64_C(0x7FF0000000000000)), "inf");
    check_format(f64_bits(UINT64_C(0xFFF0000000000000)), "-inf");
    check_format(f64_bits(UINT64_C(0x7FF8000000000000)), "nan");
    check_format(f64_bits(UINT64_C(0xFFF8000000000000)), "-nan");
    check_format(f64_bits(UINT64_C(0x7FF0000000000001)), "nan:0x1");
    check_format(f64_bits(UINT64_C(0xFFFFFFFFFFFFFFFF)), "-nan:0xfffffffffffff");
}

static void test_float_roundtrip(void **state)
{
    (void)state;
    const char *texts[] = {"0.1",  "-0", "1e+21", "inf",  "-inf", "nan",
                           "-nan", "12", "1.5",   "-2.5", "1e-45"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        roundtrip(WARDEN_F32, texts[i], texts[i]);
        roundtrip(WARDEN_F64, texts[i], texts[i]);
    }
    roundtrip(WARDEN_F32, "nan:0x200000", "nan:0x200000");
    roundtrip(WARDEN_F32, "nan:0x400000", "nan");
    roundtrip(WARDEN_F64, "-nan:0x8000000000000", "-nan");
    roundtrip(WARDEN_F64, "nan:0x1234", "nan:0x1234");
    roundtrip(WARDEN_F64, "0x1p-1074", "5e-324");
    roundtrip(WARDEN_F32, "1e21", "1e+21");
}

static void test_refs(void **state)
{
    (void)state;
    assert_null(parse_ok(WARDEN_FUNCREF, "null").of.funcref);
    assert_null(parse_ok(WARDEN_EXTERNREF, "null").of.externref);
    parse_fails(WARDEN_FUNCREF, "0");
    parse_fails(WARDEN_EXTERNREF, "1");
    parse_fails(WARDEN_V128, "0");
    int dummy;
    check_format((warden_val_t){.kind = WARDEN_FUNCREF, .of.funcref = NULL}, "null");
    check_format((warden_val_t){.kind = WARDEN_FUNCREF, .of.funcref = (warden_func_t *)&dummy},
                 "ref.func");
    check_format((warden_val_t){.kind = WARDEN_EXTERNREF, .of.externref = NULL}, "null");
    check_format((warden_val_t){.kind = WARDEN_EXTERNREF, .of.externref = &dummy}, "ref.extern");
}

/* The truncation is the point: the warning gcc gives once it inlines the call is expected. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
static void test_format_truncates(void **state)
{
    (void)state;
    char buf[4];
    warden_val_t v = {.kind = WARDEN_I32, .of.i32 = -123456};
    assert_int_equal(valfmt_format(&v, buf, sizeof buf), 7);
    assert_string_equal(buf, "-12");
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/* ---- script values ---- */

static wast_expect_t expect_ok(const char *type, const char *value)
{
    wast_expect_t e;
    const char *err = wast_parse_expect(type, value, &e);
    if (err) fail_msg("expectation %s:%s: %s", type, value ? value : "(none)", err);
    return e;
}

static void check_expect_text(wast_expect_t e, const char *want)
{
    char buf[WAST_VALUE_BUF];
    wast_format_expect(&e, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static bool matches(const wast_expect_t *e, warden_val_t v)
{
    return wast_match_value(e, &v);
}

static void test_wast_args(void **state)
{
    (void)state;
    warden_val_t v;
    assert_null(wast_parse_arg("i32", "4294967295", &v));
    assert_int_equal(v.kind, WARDEN_I32);
    assert_int_equal(v.of.i32, -1);
    assert_null(wast_parse_arg("f32", "1065353216", &v));
    assert_int_equal(v.of.f32_bits, 0x3F800000);
    assert_null(wast_parse_arg("f64", "9221120237041090560", &v));
    assert_true(v.of.f64_bits == UINT64_C(0x7FF8000000000000));
    assert_null(wast_parse_arg("externref", "0", &v));
    assert_true(v.of.externref == (void *)(uintptr_t)1);
    assert_null(wast_parse_arg("externref", "null", &v));
    assert_null(v.of.externref);
    assert_null(wast_parse_arg("funcref", "null", &v));
    assert_null(v.of.funcref);
    assert_non_null(wast_parse_arg("v128", "0", &v));
    assert_non_null(wast_parse_arg("i32", "4294967296", &v));
    assert_non_null(wast_parse_arg("i32", NULL, &v));
    assert_non_null(wast_parse_arg("externref", "-1", &v));
    assert_non_null(wast_parse_arg("f32", "nan:canonical", &v));
}

static void test_wast_match(void **state)
{
    (void)state;
    wast_expect_t canon32 = expect_ok("f32", "nan:canonical");
    assert_true(matches(&canon32, f32_bits(0x7FC00000)));
    assert_true(matches(&canon32, f32_bits(0xFFC00000)));
    assert_false(matches(&canon32, f32_bits(0x7FC00001)));
    assert_false(matches(&canon32, f32_bits(0x7F800000)));
    assert_false(matches(&canon32, f64_bits(UINT64_C(0x7FF8000000000000))));

    wast_expect_t arith64 = expect_ok("f64", "nan:arithmetic");
    assert_true(matches(&arith64, f64_bits(UINT64_C(0x7FF8000000000000))));
    assert_true(matches(&arith64, f64_bits(UINT64_C(0xFFF8000000000001))));
    assert_false(matches(&arith64, f64_bits(UINT64_C(0x7FF4000000000000))));
    assert_false(matches(&arith64, f64_bits(UINT64_C(0x7FF0000000000000))));
    assert_false(matches(&arith64, f64_bits(UINT64_C(0x3FF8000000000000))));

    /* Exact floats compare bits: -0 is not 0 and NaN payloads count. */
    wast_expect_t zero = expect_ok("f32", "0");
    assert_true(matches(&zero, f32_bits(0)));
    assert_false(matches(&zero, f32_bits(0x80000000)));
    wast_expect_t nan = expect_ok("f32", "2143289345"); /* 0x7FC00001 */
    assert_true(matches(&nan, f32_bits(0x7FC00001)));
    assert_false(matches(&nan, f32_bits(0x7FC00000)));

    wast_expect_t i = expect_ok("i32", "4294967295");
    assert_true(matches(&i, (warden_val_t){.kind = WARDEN_I32, .of.i32 = -1}));
    assert_false(matches(&i, (warden_val_t){.kind = WARDEN_I64, .of.i64 = -1}));

    int dummy;
    warden_val_t func = {.kind = WARDEN_FUNCREF, .of.funcref = (warden_func_t *)&dummy};
    warden_val_t null_func = {.kind = WARDEN_FUNCREF, .of.funcref = NULL};
    warden_val_t null_extern = {.kind = WARDEN_EXTERNREF, .of.externref = NULL};
    warden_val_t extern3 = {.kind = WARDEN_EXTERNREF, .of.externref = (void *)(uintptr_t)4};
    warden_val_t extern2 = {.kind = WARDEN_EXTERNREF, .of.externref = (void *)(uintptr_t)3};
    wast_expect_t anyfunc = expect_ok("funcref", NULL);
    assert_int_equal(anyfunc.match, WAST_MATCH_NONNULL);
    assert_true(matches(&anyfunc, func));
    assert_false(matches(&anyfunc, null_func));
    wast_expect_t nullfunc = expect_ok("funcref", "null");
    assert_true(matches(&nullfunc, null_func));
    assert_false(matches(&nullfunc, null_extern));
    wast_expect_t ext3 = expect_ok("externref", "3");
    assert_true(matches(&ext3, extern3));
    assert_false(matches(&ext3, extern2));
    assert_false(matches(&ext3, null_extern));
}

static void test_wast_format(void **state)
{
    (void)state;
    check_expect_text(expect_ok("i32", "1"), "i32:1");
    check_expect_text(expect_ok("i32", "4294967295"), "i32:-1");
    check_expect_text(expect_ok("i64", "9223372036854775808"), "i64:-9223372036854775808");
    check_expect_text(expect_ok("f32", "1065353216"), "f32:1");
    check_expect_text(expect_ok("f64", "nan:canonical"), "f64:nan:canonical");
    check_expect_text(expect_ok("f32", "nan:arithmetic"), "f32:nan:arithmetic");
    check_expect_text(expect_ok("externref", "0"), "externref:0");
    check_expect_text(expect_ok("externref", "null"), "externref:null");
    check_expect_text(expect_ok("externref", NULL), "externref:ref.extern");
    check_expect_text(expect_ok("funcref", "null"), "funcref:null");
    check_expect_text(expect_ok("funcref", NULL), "funcref:ref.func");
}

static void test_trap_texts(void **state)
{
    (void)state;
    assert_int_equal(wast_trap_kind_for_text("unreachable"), WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(wast_trap_kind_for_text("unreachable executed"), WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(wast_trap_kind_for_text("out of bounds memory access"),
                     WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
    assert_int_equal(wast_trap_kind_for_text("out of bounds table access"),
                     WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
    assert_int_equal(wast_trap_kind_for_text("undefined element"), WARDEN_TRAP_UNDEFINED_ELEMENT);
    assert_int_equal(wast_trap_kind_for_text("uninitialized element 2"),
                     WARDEN_TRAP_UNINITIALIZED_ELEMENT);
    assert_int_equal(wast_trap_kind_for_text("indirect call type mismatch"),
                     WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
    assert_int_equal(wast_trap_kind_for_text("integer overflow"), WARDEN_TRAP_INTEGER_OVERFLOW);
    assert_int_equal(wast_trap_kind_for_text("integer divide by zero"),
                     WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO);
    assert_int_equal(wast_trap_kind_for_text("invalid conversion to integer"),
                     WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER);
    assert_int_equal(wast_trap_kind_for_text("call stack exhausted"), WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(wast_trap_kind_for_text("something else"), 0);
    assert_int_equal(wast_trap_kind_for_text(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_i32_parse),        cmocka_unit_test(test_i32_reject),
        cmocka_unit_test(test_i64_parse),        cmocka_unit_test(test_int_format),
        cmocka_unit_test(test_float_parse),      cmocka_unit_test(test_float_reject),
        cmocka_unit_test(test_f32_format),       cmocka_unit_test(test_f64_format),
        cmocka_unit_test(test_float_roundtrip),  cmocka_unit_test(test_refs),
        cmocka_unit_test(test_format_truncates), cmocka_unit_test(test_wast_args),
        cmocka_unit_test(test_wast_match),       cmocka_unit_test(test_wast_format),
        cmocka_unit_test(test_trap_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
