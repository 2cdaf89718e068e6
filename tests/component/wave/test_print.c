/* Printing WAVE (warden_component_val_to_wave): every kind in its canonical form, floats in
 * their shortest form, escapes, and the values that cannot be printed. */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "wave_types.h"

#define V(k, member, x) ((val_t){.kind = WARDEN_COMPONENT_##k, .of.member = (x)})

static void test_scalars(void **state)
{
    (void)state;
    wave_prints(&V(BOOL, boolean, true), "true");
    wave_prints(&V(BOOL, boolean, false), "false");
    wave_prints(&V(S8, s8, -128), "-128");
    wave_prints(&V(U8, u8, 255), "255");
    wave_prints(&V(S16, s16, -32768), "-32768");
    wave_prints(&V(U16, u16, 65535), "65535");
    wave_prints(&V(S32, s32, INT32_MIN), "-2147483648");
    wave_prints(&V(U32, u32, UINT32_MAX), "4294967295");
    wave_prints(&V(S64, s64, INT64_MIN), "-9223372036854775808");
    wave_prints(&V(S64, s64, 0), "0");
    wave_prints(&V(U64, u64, UINT64_MAX), "18446744073709551615");
}

static void f64_prints(double d, const char *want)
{
    wave_prints(&V(F64, f64, d), want);
    val_t v = wave_parse(&T_F64, want);
    if (!warden_component_val_equal(&v, &V(F64, f64, d))) fail_msg("%s did not read back", want);
}

static void f32_prints(float f, const char *want)
{
    wave_prints(&V(F32, f32, f), want);
    val_t v = wave_parse(&T_F32, want);
    if (!warden_component_val_equal(&v, &V(F32, f32, f))) fail_msg("%s did not read back", want);
}

static void test_floats(void **state)
{
    (void)state;
    f64_prints(0.0, "0");
    f64_prints(-0.0, "-0");
    f64_prints(1.0, "1");
    f64_prints(-1.5, "-1.5");
    f64_prints(0.1, "0.1");
    f64_prints(1.0 / 3, "0.3333333333333333");
    f64_prints(100, "100");
    f64_prints(123456789, "123456789");
    f64_prints(123.456, "123.456");
    f64_prints(0.000001, "0.000001");
    f64_prints(1e-7, "1e-7");
    f64_prints(1.5e-7, "1.5e-7");
    f64_prints(1e20, "100000000000000000000");
    f64_prints(1e21, "1e+21");
    f64_prints(6.022e23, "6.022e+23");
    f64_prints(DBL_MAX, "1.7976931348623157e+308");
    f64_prints(DBL_MIN, "2.2250738585072014e-308");
    f64_prints(4.9406564584124654e-324, "5e-324");
    f64_prints(9007199254740993.0, "9007199254740992");
    f64_prints(0.30000000000000004, "0.30000000000000004");
    f64_prints(INFINITY, "inf");
    f64_prints(-INFINITY, "-inf");
    f64_prints(NAN, "nan");
    uint64_t payload = 0xFFF4000000000001ull; /* a negative NaN with a payload */
    double odd;
    memcpy(&odd, &payload, 8);
    wave_prints(&V(F64, f64, odd), "nan");

    f32_prints(0.0f, "0");
    f32_prints(-0.0f, "-0");
    f32_prints(0.1f, "0.1");
    f32_prints(1.0f / 3, "0.33333334");
    f32_prints(16777216.0f, "16777216");
    f32_prints(FLT_MAX, "3.4028235e+38");
    f32_prints(FLT_MIN, "1.1754944e-38");
    f32_prints(1.4e-45f, "1e-45");
    f32_prints(3.14159265f, "3.1415927");
    f32_prints(1e10f, "10000000000");
    f32_prints(-INFINITY, "-inf");
    f32_prints(NAN, "nan");
}

static void test_chars(void **state)
{
    (void)state;
    wave_prints(&V(CHAR, ch, 'a'), "'a'");
    wave_prints(&V(CHAR, ch, '\''), "'\\''");
    wave_prints(&V(CHAR, ch, '"'), "'\"'");
    wave_prints(&V(CHAR, ch, '\\'), "'\\\\'");
    wave_prints(&V(CHAR, ch, '\n'), "'\\n'");
    wave_prints(&V(CHAR, ch, '\t'), "'\\t'");
    wave_prints(&V(CHAR, ch, '\r'), "'\\r'");
    wave_prints(&V(CHAR, ch, 0), "'\\u{0}'");
    wave_prints(&V(CHAR, ch, 0x1B), "'\\u{1b}'");
    wave_prints(&V(CHAR, ch, 0x7F), "'\\u{7f}'");
    wave_prints(&V(CHAR, ch, 0x85), "'\\u{85}'");
    wave_prints(&V(CHAR, ch, 0xE9), "'\xc3\xa9'");
    wave_prints(&V(CHAR, ch, 0x2603), "'\xe2\x98\x83'");
    wave_prints(&V(CHAR, ch, 0x1F600), "'\xf0\x9f\x98\x80'");
    wave_prints(&V(CHAR, ch, 0x10FFFF), "'\xf4\x8f\xbf\xbf'");
    wave_prints(&V(CHAR, ch, 0x2028), "'\\u{2028}'");
    wave_prints(&V(CHAR, ch, 0x202E), "'\\u{202e}'");
    wave_prints(&V(CHAR, ch, 0x2066), "'\\u{2066}'");
}

static void string_prints(const char *bytes, size_t len, const char *want)
{
    val_t v = {.kind = WARDEN_COMPONENT_STRING};
    v.of.string.ptr = (char *)bytes;
    v.of.string.len = len;
    wave_prints(&v, want);
}

#define STRING_PRINTS(bytes, want) string_prints(bytes, sizeof bytes - 1, want)

static void test_strings(void **state)
{
    (void)state;
    STRING_PRINTS("", "\"\"");
    STRING_PRINTS("abc", "\"abc\"");
    STRING_PRINTS("it's \"quoted\"", "\"it's \\\"quoted\\\"\"");
    STRING_PRINTS("a\\b\tc\nd\re", "\"a\\\\b\\tc\\nd\\re\"");
    STRING_PRINTS("nul\0inside", "\"nul\\u{0}inside\"");
    STRING_PRINTS("bell\a", "\"bell\\u{7}\"");
    STRING_PRINTS("WAVE\xf0\x9f\x8c\x8a \xe2\x98\x83", "\"WAVE\xf0\x9f\x8c\x8a \xe2\x98\x83\"");
    STRING_PRINTS("rtl\xe2\x80\xaeltr", "\"rtl\\u{202e}ltr\"");
    STRING_PRINTS("// no comment", "\"// no comment\"");
    /* A NULL pointer with no bytes. */
    string_prints(NULL, 0, "\"\"");
}

static void test_compound(void **state)
{
    (void)state;
    val_t items[3] = {V(U8, u8, 1), V(U8, u8, 2), V(U8, u8, 3)};
    val_t list = {.kind = WARDEN_COMPONENT_LIST, .of.list = {items, 3}};
    wave_prints(&list, "[1, 2, 3]");
    list.of.list.len = 0;
    wave_prints(&list, "[]");
    list.of.list.ptr = NULL;
    wave_prints(&list, "[]");
    val_t pair[2] = {V(U8, u8, 1), {.kind = WARDEN_COMPONENT_STRING, .of.string = {"a", 1}}};
    val_t tuple = {.kind = WARDEN_COMPONENT_TUPLE, .of.list = {pair, 2}};
    wave_prints(&tuple, "(1, \"a\")");
    tuple.of.list.len = 1;
    wave_prints(&tuple, "(1)");

    val_t some1 = V(U8, u8, 1);
    warden_component_field_t fields[3] = {
        {"x", V(U32, u32, 1)},
        {"opt", {.kind = WARDEN_COMPONENT_OPTION, .of.payload = NULL}},
        {"true", {.kind = WARDEN_COMPONENT_OPTION, .of.payload = &some1}},
    };
    val_t record = {.kind = WARDEN_COMPONENT_RECORD, .of.record = {fields, 3}};
    wave_prints(&record, "{x: 1, true: some(1)}");
    record.of.record.ptr = &fields[1];
    record.of.record.len = 1;
    wave_prints(&record, "{:}");
    record.of.record.len = 0;
    wave_prints(&record, "{:}");

    val_t variant = {.kind = WARDEN_COMPONENT_VARIANT, .of.variant = {"circle", &some1}};
    wave_prints(&variant, "circle(1)");
    variant.of.variant.payload = NULL;
    wave_prints(&variant, "circle");
    variant.of.variant.name = "err";
    wave_prints(&variant, "%err");
    variant.of.variant.payload = &some1;
    wave_prints(&variant, "%err(1)");
    variant.of.variant.name = "method-GET";
    wave_prints(&variant, "method-GET(1)");

    wave_prints(&V(ENUM, name, "red"), "red");
    wave_prints(&V(ENUM, name, "none"), "%none");
    wave_prints(&V(ENUM, name, "nan"), "%nan");
    wave_prints(&V(ENUM, name, "infinity"), "infinity");

    wave_prints(&V(OPTION, payload, NULL), "none");
    wave_prints(&V(OPTION, payload, &some1), "some(1)");
    val_t none = V(OPTION, payload, NULL);
    wave_prints(&V(OPTION, payload, &none), "some(none)");

    val_t result = {.kind = WARDEN_COMPONENT_RESULT, .of.result = {false, NULL}};
    wave_prints(&result, "ok");
    result.of.result.payload = &some1;
    wave_prints(&result, "ok(1)");
    result.of.result.is_err = true;
    wave_prints(&result, "err(1)");
    result.of.result.payload = NULL;
    wave_prints(&result, "err");

    char *names[] = {"read", "write", "true"};
    val_t flags = {.kind = WARDEN_COMPONENT_FLAGS, .of.flags = {names, 3}};
    wave_prints(&flags, "{read, write, true}");
    flags.of.flags.len = 0;
    wave_prints(&flags, "{}");

    wave_prints(&V(OWN, resource, (warden_component_resource_t *)&some1), "<own resource>");
    wave_prints(&V(BORROW, resource, NULL), "<borrow resource>");
    val_t handles[2] = {V(OWN, resource, NULL), V(BORROW, resource, NULL)};
    val_t hlist = {.kind = WARDEN_COMPONENT_LIST, .of.list = {handles, 2}};
    wave_prints(&hlist, "[<own resource>, <borrow resource>]");
}

/* Printing v fails with ARGUMENT and the message want; *out is NULL and *len 0. */
static void print_fails(const val_t *v, const char *want)
{
    char *out = (char *)"x";
    size_t len = 7;
    warden_error_t *e = warden_component_val_to_wave(v, &out, &len);
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    assert_string_equal(warden_error_message(e), want);
    assert_null(out);
    assert_int_equal(len, 0);
    warden_error_delete(e);
}

static void test_refused(void **state)
{
    (void)state;
    print_fails(&V(CHAR, ch, 0xD800),
                "warden_component_val_to_wave: a char is not a Unicode scalar value");
    print_fails(&V(CHAR, ch, 0x110000),
                "warden_component_val_to_wave: a char is not a Unicode scalar value");
    val_t s = {.kind = WARDEN_COMPONENT_STRING, .of.string = {"a\xff", 2}};
    print_fails(&s, "warden_component_val_to_wave: a string is not valid UTF-8");
    s.of.string.ptr = "\xed\xa0\x80"; /* a surrogate */
    s.of.string.len = 3;
    print_fails(&s, "warden_component_val_to_wave: a string is not valid UTF-8");
    s.of.string.ptr = NULL;
    print_fails(&s, "warden_component_val_to_wave: a string is NULL");
    print_fails(&V(ENUM, name, NULL), "warden_component_val_to_wave: a name is NULL");
    print_fails(&V(ENUM, name, "not a label"),
                "warden_component_val_to_wave: a name is not a kebab-case label");
    print_fails(&V(ENUM, name, "camelCase"),
                "warden_component_val_to_wave: a name is not a kebab-case label");
    print_fails(&V(ENUM, name, ""),
                "warden_component_val_to_wave: a name is not a kebab-case label");
    warden_component_field_t f = {"Bad_name", {.kind = WARDEN_COMPONENT_OPTION}};
    val_t record = {.kind = WARDEN_COMPONENT_RECORD, .of.record = {&f, 1}};
    print_fails(&record, "warden_component_val_to_wave: a name is not a kebab-case label");
    char *bad[] = {"ok", "9lives"};
    val_t flags = {.kind = WARDEN_COMPONENT_FLAGS, .of.flags = {bad, 2}};
    print_fails(&flags, "warden_component_val_to_wave: a name is not a kebab-case label");
    val_t list = {.kind = WARDEN_COMPONENT_LIST, .of.list = {NULL, 2}};
    print_fails(&list, "warden_component_val_to_wave: a list or tuple is NULL");
    val_t odd = {.kind = (warden_component_kind_t)0};
    print_fails(&odd, "warden_component_val_to_wave: a value has an unknown kind");

    /* 100 levels print; 101 do not. */
    val_t chain[101];
    chain[100] = V(U8, u8, 5);
    for (int i = 99; i >= 0; i--) chain[i] = V(OPTION, payload, &chain[i + 1]);
    print_fails(&chain[0], "warden_component_val_to_wave: the value is nested too deeply (the "
                           "limit is 100 levels)");
    char *text = wave_print(&chain[1]);
    assert_int_equal(strlen(text), 99 * strlen("some()") + 1);
    free(text);

    warden_error_t *e = warden_component_val_to_wave(NULL, &text, NULL);
    assert_string_equal(warden_error_message(e),
                        "warden_component_val_to_wave: NULL value or output");
    warden_error_delete(e);
    e = warden_component_val_to_wave(&chain[100], NULL, NULL);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(e);
    /* len may be NULL. */
    e = warden_component_val_to_wave(&chain[100], &text, NULL);
    assert_null(e);
    assert_string_equal(text, "5");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),  cmocka_unit_test(test_floats),
        cmocka_unit_test(test_chars),    cmocka_unit_test(test_strings),
        cmocka_unit_test(test_compound), cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
