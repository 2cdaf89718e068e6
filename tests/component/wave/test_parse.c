/* Parsing WAVE (warden_component_val_from_wave): every kind, the grammar's corners, and every
 * error with its exact message. */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "wave_types.h"

/* A variant with payloads, a case without, and cases named like keywords. */
static const warden_component_type_t T_SHAPE =
    NAMED(VARIANT, "shape", NAMES("circle", "empty", "ok", "err", "HTTP3"),
          ELEMS(&T_F32, NULL, NULL, &T_STRING, &T_U8));
static const warden_component_type_t T_COLOR =
    NAMED(ENUM, "color", NAMES("red", "green", "none", "method-GET"), NULL);
static const warden_component_type_t T_PERMS =
    NAMED(FLAGS, "perms", NAMES("read", "write", "exec"), NULL);
static const warden_component_type_t T_POINT =
    NAMED(RECORD, "point", NAMES("x", "y"), ELEMS(&T_U32, &T_U32));
static const warden_component_type_t T_OPT_U8 = OPTION(T_U8);
static const warden_component_type_t T_BASIC =
    NAMED(RECORD, "basic", NAMES("required", "optional"), ELEMS(&T_U8, &T_OPT_U8));
static const warden_component_type_t T_ALL_OPTIONAL =
    NAMED(RECORD, "all-optional", NAMES("a", "b"), ELEMS(&T_OPT_U8, &T_OPT_U8));
static const warden_component_type_t T_KEYWORD_FIELDS =
    NAMED(RECORD, NULL, NAMES("true", "some", "inf"), ELEMS(&T_BOOL, &T_OPT_U8, &T_F32));
static const warden_component_type_t T_LIST_U8 = LIST(T_U8);
static const warden_component_type_t T_LIST_LIST_U8 = LIST(T_LIST_U8);
static const warden_component_type_t T_LIST_STRING = LIST(T_STRING);
static const warden_component_type_t T_PAIR = TUPLE(&T_U8, &T_STRING);
static const warden_component_type_t T_EMPTY_TUPLE = {.kind = WARDEN_COMPONENT_TUPLE};
static const warden_component_type_t T_OPT_OPT_U8 = OPTION(T_OPT_U8);
static const warden_component_type_t T_OPT_BOOL = OPTION(T_BOOL);
static const warden_component_type_t T_OPT_COLOR = OPTION(T_COLOR);
static const warden_component_type_t T_OPT_LIST_U8 = OPTION(T_LIST_U8);
static const warden_component_type_t T_RES_U8_STRING = RESULT(&T_U8, &T_STRING);
static const warden_component_type_t T_RES_U8 = RESULT(&T_U8, NULL);
static const warden_component_type_t T_RES_ERR_STRING = RESULT(NULL, &T_STRING);
static const warden_component_type_t T_RES_EMPTY = RESULT(NULL, NULL);
static const warden_component_type_t T_RES_OPT = RESULT(&T_OPT_U8, NULL);
static const warden_component_type_t T_OPT_RES = OPTION(T_RES_U8);
static const warden_component_type_t T_OWN = {.kind = WARDEN_COMPONENT_OWN, .resource = 0};
static const warden_component_type_t T_BORROW = {.kind = WARDEN_COMPONENT_BORROW, .resource = 1};
static const warden_component_type_t T_LIST_BORROW = LIST(T_BORROW);
/* More than 8 names: looked up in a sorted table. */
static const warden_component_type_t T_BIG_ENUM =
    NAMED(ENUM, NULL,
          NAMES("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven"),
          NULL);
static const warden_component_type_t T_BIG_FLAGS = NAMED(
    FLAGS, NULL,
    NAMES("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12"), NULL);
static const warden_component_type_t T_LIST_BIG_ENUM = LIST(T_BIG_ENUM);

static void test_bool(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_BOOL, "true");
    assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
    assert_true(v.of.boolean);
    v = wave_parse(&T_BOOL, "  false\n");
    assert_false(v.of.boolean);
    v = wave_parse(&T_BOOL, "// a comment\ntrue // and another");
    assert_true(v.of.boolean);
    wave_fails(&T_BOOL, "True", "at 1: expected `true` or `false`");
    wave_fails(&T_BOOL, "%true", "at 1: expected `true` or `false`");
    wave_fails(&T_BOOL, "1", "at 1: expected `true` or `false`");
    wave_fails(&T_BOOL, "", "at 1: expected `true` or `false`");
    wave_fails(&T_BOOL, "   ", "at 4: expected `true` or `false`");
    wave_fails(&T_BOOL, "truex", "at 1: expected `true` or `false`");
    wave_fails(&T_BOOL, "true false", "at 6: expected the end of the input");
    wave_fails(&T_BOOL, "true)", "at 5: expected the end of the input");
    wave_fails(&T_BOOL, "/ true", "at 1: expected `true` or `false`");
}

static void test_integers(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_U8, "0");
    assert_int_equal(v.kind, WARDEN_COMPONENT_U8);
    assert_int_equal(v.of.u8, 0);
    assert_int_equal(wave_parse(&T_U8, "255").of.u8, 255);
    assert_int_equal(wave_parse(&T_S8, "-128").of.s8, -128);
    assert_int_equal(wave_parse(&T_S8, "127").of.s8, 127);
    assert_int_equal(wave_parse(&T_S8, "-0").of.s8, 0);
    assert_int_equal(wave_parse(&T_U16, "65535").of.u16, 65535);
    assert_int_equal(wave_parse(&T_S16, "-32768").of.s16, -32768);
    assert_int_equal(wave_parse(&T_U32, "4294967295").of.u32, UINT32_MAX);
    assert_int_equal(wave_parse(&T_S32, "-2147483648").of.s32, INT32_MIN);
    assert_int_equal(wave_parse(&T_S32, "2147483647").of.s32, INT32_MAX);
    assert_true(wave_parse(&T_U64, "18446744073709551615").of.u64 == UINT64_MAX);
    assert_true(wave_parse(&T_S64, "-9223372036854775808").of.s64 == INT64_MIN);
    assert_true(wave_parse(&T_S64, "9223372036854775807").of.s64 == INT64_MAX);
    assert_int_equal(wave_parse(&T_S64, "-42").kind, WARDEN_COMPONENT_S64);

    wave_fails(&T_U8, "256", "at 1: integer out of range for u8");
    wave_fails(&T_U8, "-1", "at 1: u8 cannot be negative");
    wave_fails(&T_U8, "-0", "at 1: u8 cannot be negative");
    wave_fails(&T_S8, "128", "at 1: integer out of range for s8");
    wave_fails(&T_S8, "-129", "at 1: integer out of range for s8");
    wave_fails(&T_U16, "65536", "at 1: integer out of range for u16");
    wave_fails(&T_S16, "32768", "at 1: integer out of range for s16");
    wave_fails(&T_U32, "4294967296", "at 1: integer out of range for u32");
    wave_fails(&T_S32, "-2147483649", "at 1: integer out of range for s32");
    wave_fails(&T_U64, "18446744073709551616", "at 1: integer out of range for u64");
    wave_fails(&T_S64, "9223372036854775808", "at 1: integer out of range for s64");
    wave_fails(&T_S64, "-9223372036854775809", "at 1: integer out of range for s64");
    wave_fails(&T_U64, "123456789012345678901234567890123456789012345678901234567890",
               "at 1: integer out of range for u64");
    wave_fails(&T_U8, "1.0", "at 1: expected an integer");
    wave_fails(&T_U8, "1e2", "at 1: expected an integer");
    wave_fails(&T_U8, "+1", "at 1: expected an integer");
    wave_fails(&T_S8, "- 1", "at 1: expected an integer");
    wave_fails(&T_U8, "nan", "at 1: expected an integer");
    wave_fails(&T_U8, "\"1\"", "at 1: expected an integer");
    wave_fails(&T_U8, "01", "at 1: invalid number");
    wave_fails(&T_U8, "1x", "at 1: invalid number");
    wave_fails(&T_U8, "1_000", "at 1: invalid number");
    wave_fails(&T_U8, "1.", "at 1: invalid number");
    wave_fails(&T_U8, "1e", "at 1: invalid number");
    wave_fails(&T_U8, "1e+", "at 1: invalid number");
    wave_fails(&T_U8, "  7 8", "at 5: expected the end of the input");
}

static uint64_t f64_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

static uint32_t f32_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

static double parse_f64(const char *text)
{
    val_t v = wave_parse(&T_F64, text);
    assert_int_equal(v.kind, WARDEN_COMPONENT_F64);
    return v.of.f64;
}

static float parse_f32(const char *text)
{
    val_t v = wave_parse(&T_F32, text);
    assert_int_equal(v.kind, WARDEN_COMPONENT_F32);
    return v.of.f32;
}

static void test_floats(void **state)
{
    (void)state;
    assert_true(f64_bits(parse_f64("0")) == 0);
    assert_true(f64_bits(parse_f64("-0")) == 0x8000000000000000ull);
    assert_true(f64_bits(parse_f64("-0.0e-0")) == 0x8000000000000000ull);
    assert_true(parse_f64("0.000e100") == 0);
    assert_true(parse_f64("1.5") == 1.5);
    assert_true(parse_f64("-3.1415") == -3.1415);
    assert_true(parse_f64("6.022e+23") == 6.022e23);
    assert_true(parse_f64("1E-3") == 1e-3);
    assert_true(parse_f64("100000") == 100000);
    assert_true(parse_f64("0.1") == 0.1);
    assert_true(parse_f64("1e05") == 1e5);
    assert_true(parse_f64("1.7976931348623157e308") == DBL_MAX);
    assert_true(parse_f64("5e-324") == 4.9406564584124654e-324);
    assert_true(isinf(parse_f64("1e400")) && parse_f64("1e400") > 0);
    assert_true(f64_bits(parse_f64("-1e-400")) == 0x8000000000000000ull);
    assert_true(isinf(parse_f64("1e99999999999999999999")));
    assert_true(parse_f64("1e-99999999999999999999") == 0);
    assert_true(f64_bits(parse_f64("nan")) == 0x7FF8000000000000ull);
    assert_true(parse_f64("inf") == INFINITY);
    assert_true(parse_f64("-inf") == -INFINITY);
    assert_true(parse_f64("0.1000000000000000055511151231257827021181583404541015625") == 0.1);

    /* 1 + 2^-53 lies halfway between 1 and the next double: it rounds to even (1), and anything
     * above it, even far past the 800 digits looked at, rounds up. */
    char big[1200];
    const char *half = "1.00000000000000011102230246251565404236316680908203125";
    assert_true(parse_f64(half) == 1.0);
    int n = snprintf(big, sizeof big, "%s", half);
    while (n < 1000) big[n++] = '0';
    big[n++] = '1';
    big[n] = '\0';
    assert_true(parse_f64(big) == 1.0000000000000002);
    /* 1000 digits before the point. */
    n = 0;
    big[n++] = '1';
    while (n < 1001) big[n++] = '0';
    big[n] = '\0';
    assert_true(isinf(parse_f64(big)));
    memcpy(big, "0.", 2);
    assert_true(parse_f64(big) == 0);

    assert_true(parse_f32("3.4028234664e38") == FLT_MAX);
    assert_true(parse_f32("3.4028234664123e38") == FLT_MAX);
    assert_true(isinf(parse_f32("3.4028234664e39")));
    assert_true(f32_bits(parse_f32("1.4012984643e-45")) == 1);
    assert_true(parse_f32("1.4012984643e-46") == 0);
    assert_true(parse_f32("0.1") == 0.1f);
    assert_true(parse_f32("16777217") == 16777216.0f);
    assert_true(f32_bits(parse_f32("nan")) == 0x7FC00000u);
    assert_true(parse_f32("-inf") == -INFINITY);
    assert_true(f32_bits(parse_f32("-0")) == 0x80000000u);

    wave_fails(&T_F64, "NaN", "at 1: expected a number");
    wave_fails(&T_F64, "-nan", "at 1: expected a number");
    wave_fails(&T_F32, "Inf", "at 1: expected a number");
    wave_fails(&T_F32, "INF", "at 1: expected a number");
    wave_fails(&T_F64, "infinity", "at 1: expected a number");
    wave_fails(&T_F64, "-infinity", "at 1: expected a number");
    wave_fails(&T_F64, "%nan", "at 1: expected a number");
    wave_fails(&T_F64, "+1", "at 1: expected a number");
    wave_fails(&T_F64, ".5", "at 1: expected a number");
    wave_fails(&T_F64, "1.", "at 1: invalid number");
    wave_fails(&T_F64, "1.5.5", "at 1: invalid number");
    wave_fails(&T_F64, "00.5", "at 1: invalid number");
    wave_fails(&T_F64, "1e", "at 1: invalid number");
    wave_fails(&T_F64, "1ee5", "at 1: invalid number");
    wave_fails(&T_F64, "true", "at 1: expected a number");
    wave_fails(&T_F64, "inf inf", "at 5: expected the end of the input");
}

static void test_chars(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_CHAR, "'a'");
    assert_int_equal(v.kind, WARDEN_COMPONENT_CHAR);
    assert_int_equal(v.of.ch, 'a');
    assert_int_equal(wave_parse(&T_CHAR, "'\xe2\x98\x83'").of.ch, 0x2603);
    assert_int_equal(wave_parse(&T_CHAR, "'\xf0\x9f\x98\x80'").of.ch, 0x1F600);
    assert_int_equal(wave_parse(&T_CHAR, "'\"'").of.ch, '"');
    assert_int_equal(wave_parse(&T_CHAR, "'\t'").of.ch, '\t');
    assert_int_equal(wave_parse(&T_CHAR, "'\\''").of.ch, '\'');
    assert_int_equal(wave_parse(&T_CHAR, "'\\\"'").of.ch, '"');
    assert_int_equal(wave_parse(&T_CHAR, "'\\\\'").of.ch, '\\');
    assert_int_equal(wave_parse(&T_CHAR, "'\\t'").of.ch, '\t');
    assert_int_equal(wave_parse(&T_CHAR, "'\\n'").of.ch, '\n');
    assert_int_equal(wave_parse(&T_CHAR, "'\\r'").of.ch, '\r');
    assert_int_equal(wave_parse(&T_CHAR, "'\\u{0}'").of.ch, 0);
    assert_int_equal(wave_parse(&T_CHAR, "'\\u{1F600}'").of.ch, 0x1F600);
    assert_int_equal(wave_parse(&T_CHAR, "'\\u{01f600}'").of.ch, 0x1F600);
    assert_int_equal(wave_parse(&T_CHAR, "'\\u{10FFFF}'").of.ch, 0x10FFFF);
    assert_int_equal(wave_parse(&T_CHAR, "'\\u{D7FF}'").of.ch, 0xD7FF);
    assert_int_equal(wave_parse(&T_CHAR, "'\\u{E000}'").of.ch, 0xE000);

    wave_fails(&T_CHAR, "a", "at 1: expected a char literal");
    wave_fails(&T_CHAR, "\"a\"", "at 1: expected a char literal");
    wave_fails(&T_CHAR, "''", "at 1: empty char literal");
    wave_fails(&T_CHAR, "'ab'", "at 3: expected `'`");
    wave_fails(&T_CHAR, "'\xe2\x98\x83\xe2\x98\x83'", "at 3: expected `'`");
    wave_fails(&T_CHAR, "'a", "at 1: unterminated char literal");
    wave_fails(&T_CHAR, "'", "at 1: unterminated char literal");
    wave_fails(&T_CHAR, "'\n'", "at 1: unterminated char literal");
    wave_fails(&T_CHAR, "'a\n'", "at 1: unterminated char literal");
    wave_fails(&T_CHAR, "'''", "at 1: empty char literal");
    wave_fails(&T_CHAR, "'\\q'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\'", "at 1: unterminated char literal");
    wave_fails(&T_CHAR, "'\\", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u0041'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u{}'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u{-1}'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u{+1}'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u{1234567}'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u{0000001}'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u{41'", "at 2: invalid escape");
    wave_fails(&T_CHAR, "'\\u{d800}'", "at 2: escape is not a Unicode scalar value");
    wave_fails(&T_CHAR, "'\\u{DFFF}'", "at 2: escape is not a Unicode scalar value");
    wave_fails(&T_CHAR, "'\\u{110000}'", "at 2: escape is not a Unicode scalar value");
    wave_fails(&T_CHAR, "'\\u{ffffff}'", "at 2: escape is not a Unicode scalar value");
}

/* Parses text as a string and checks its bytes (len of them). */
static void check_string(const char *text, const char *want, size_t len)
{
    val_t v = wave_parse(&T_STRING, text);
    assert_int_equal(v.kind, WARDEN_COMPONENT_STRING);
    if (v.of.string.len != len || memcmp(v.of.string.ptr, want, len) != 0)
        fail_msg("'%s' parsed as '%.*s'", text, (int)v.of.string.len, v.of.string.ptr);
    warden_component_val_delete(&v);
}

#define STRING_IS(text, want) check_string(text, want, sizeof want - 1)

static void test_strings(void **state)
{
    (void)state;
    STRING_IS("\"\"", "");
    STRING_IS("\"abc\"", "abc");
    STRING_IS("\"WAVE\xf0\x9f\x8c\x8a\"", "WAVE\xf0\x9f\x8c\x8a");
    STRING_IS("\"\\\\\\'\\\"\\t\\n\\r\"", "\\'\"\t\n\r");
    STRING_IS("\"'\\'\\u{27}\"", "'''");
    STRING_IS("\"\xe2\x98\x83\\u{2603}\\u{002603}\"", "\xe2\x98\x83\xe2\x98\x83\xe2\x98\x83");
    STRING_IS("\"a\\u{0}b\"", "a\0b");
    STRING_IS("\"\\u{e9}\\u{2603}\\u{1F600}\"", "\xc3\xa9\xe2\x98\x83\xf0\x9f\x98\x80");
    STRING_IS("\"tab\there\rcr\"", "tab\there\rcr");
    STRING_IS("  \"x\"  // done", "x");
    STRING_IS("\"// not a comment\"", "// not a comment");
    /* A raw NUL in the text. */
    val_t v;
    warden_error_t *e = warden_component_val_from_wave(&T_STRING, "\"a\0b\"", 5, &v);
    assert_null(e);
    assert_int_equal(v.of.string.len, 3);
    assert_memory_equal(v.of.string.ptr, "a\0b", 3);
    warden_component_val_delete(&v);

    wave_fails(&T_STRING, "abc", "at 1: expected a string");
    wave_fails(&T_STRING, "'a'", "at 1: expected a string");
    wave_fails(&T_STRING, "\"abc", "at 1: unterminated string");
    wave_fails(&T_STRING, "\"", "at 1: unterminated string");
    wave_fails(&T_STRING, "\"\\\"", "at 1: unterminated string");
    wave_fails(&T_STRING, "  \"a\nb\"", "at 3: unterminated string");
    wave_fails(&T_STRING, "\"a\\\nb\"", "at 1: unterminated string");
    wave_fails(&T_STRING, "\"\\x41\"", "at 2: invalid escape");
    wave_fails(&T_STRING, "\"ab\\u{d800}\"", "at 4: escape is not a Unicode scalar value");
    wave_fails(&T_STRING, "\"\\u{d800}\\u{dc00}\"", "at 2: escape is not a Unicode scalar value");
    wave_fails(&T_STRING, "\"\\u{110000}\"", "at 2: escape is not a Unicode scalar value");
    wave_fails(&T_STRING, "\"\\u{ffffffff}\"", "at 2: invalid escape");
    wave_fails(&T_STRING, "\"\xe2\x98\x83\\q\"", "at 3: invalid escape");
    wave_fails(&T_STRING, "\"a\" \"b\"", "at 5: expected the end of the input");
}

static void test_multiline_strings(void **state)
{
    (void)state;
    STRING_IS("\"\"\"\n\"\"\"", "");
    STRING_IS("\"\"\"\r\n\"\"\"", "");
    STRING_IS("\"\"\"\nA single line\n\"\"\"", "A single line");
    STRING_IS("\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\"",
              "  Indentation determined\n    by ending delimiter");
    STRING_IS("\"\"\"\n  Must escape carriage return at end of line: \\r\n"
              "  Must break up double quote triplets: \"\"\\\"\"\n  \"\"\"",
              "Must escape carriage return at end of line: \r\n"
              "Must break up double quote triplets: \"\"\"\"");
    STRING_IS("\"\"\"\n\nEmpty leading and trailing lines are retained\n\n\"\"\"",
              "\nEmpty leading and trailing lines are retained\n");
    STRING_IS("\"\"\"\r\nwindows\r\nlines\r\n\"\"\"", "windows\nlines");
    STRING_IS("\"\"\"\nquotes ' and \" and \"\" inside\n\"\"\"", "quotes ' and \" and \"\" inside");
    STRING_IS("\"\"\"\nescapes \\\\ \\t \\u{2603}\n\"\"\"", "escapes \\ \t \xe2\x98\x83");
    STRING_IS("\"\"\"\ncr\rinside\n\"\"\"", "cr\rinside");
    STRING_IS("\"\"\"\n\n\"\"\"", "");
    STRING_IS("\"\"\"\n\n\n\"\"\"", "\n");
    STRING_IS("\"\"\"\n  a\n  \"\"\"", "a");

    wave_fails(&T_STRING, "\"\"\"\"\"\"", "at 4: expected a line break after the opening `\"\"\"`");
    wave_fails(&T_STRING, "\"\"\" \"\"\"",
               "at 4: expected a line break after the opening `\"\"\"`");
    wave_fails(&T_STRING, "\"\"\"extra\n\"\"\"",
               "at 4: expected a line break after the opening `\"\"\"`");
    wave_fails(&T_STRING, "\"\"\"\nextra\"\"\"",
               "at 2:6: the closing `\"\"\"` must be on a line of its own after spaces");
    wave_fails(&T_STRING, "\"\"\"\n\"\"", "at 1: unterminated multiline string");
    wave_fails(&T_STRING, "\"\"\"\nabc", "at 1: unterminated multiline string");
    wave_fails(&T_STRING, "\"\"\"", "at 1: unterminated multiline string");
    wave_fails(&T_STRING, "\"\"\"\n\"\"\"\"", "at 2:4: expected the end of the input");
    wave_fails(&T_STRING, "\"\"\"\"\n\"\"\"",
               "at 4: expected a line break after the opening `\"\"\"`");
    wave_fails(&T_STRING, "\"\"\"\n  \"\"\"\n  \"\"\"", "at 3:3: expected the end of the input");
    wave_fails(&T_STRING, "\"\"\"\n  Between \"\"\" words\n  \"\"\"",
               "at 2:11: the closing `\"\"\"` must be on a line of its own after spaces");
    wave_fails(&T_STRING, "\"\"\"\n  a\n b\n  \"\"\"",
               "at 3:1: line indented less than the closing `\"\"\"`");
    wave_fails(&T_STRING, "\"\"\"\n  a\n\n  \"\"\"",
               "at 3:1: line indented less than the closing `\"\"\"`");
    wave_fails(&T_STRING, "\"\"\"\nInvalid surrogate: \\u{d800}\n\"\"\"",
               "at 2:20: escape is not a Unicode scalar value");
    wave_fails(&T_STRING, "\"\"\"\nInvalid escape: \\j\n\"\"\"", "at 2:17: invalid escape");
    wave_fails(&T_STRING, "\"\"\"\nends with a backslash \\\n\"\"\"", "at 2:23: invalid escape");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    wave_fails(&T_STRING, "\"\xff\"", "at 2: invalid UTF-8");
    wave_fails(&T_STRING, "\"a\xc0\x80\"", "at 3: invalid UTF-8");         /* overlong */
    wave_fails(&T_STRING, "\"\xe0\x80\x80\"", "at 2: invalid UTF-8");      /* overlong */
    wave_fails(&T_STRING, "\"\xed\xa0\x80\"", "at 2: invalid UTF-8");      /* surrogate */
    wave_fails(&T_STRING, "\"\xf4\x90\x80\x80\"", "at 2: invalid UTF-8");  /* > U+10FFFF */
    wave_fails(&T_STRING, "\"\xe2\x98\"", "at 2: invalid UTF-8");          /* truncated */
    wave_fails(&T_STRING, "\"abc\xe2\x98", "at 5: invalid UTF-8");         /* at the end */
    wave_fails(&T_STRING, "\"\x80\"", "at 2: invalid UTF-8");              /* continuation */
    wave_fails(&T_CHAR, "'\xf8\x88\x80\x80\x80'", "at 2: invalid UTF-8");  /* 5 bytes */
    wave_fails(&T_LIST_U8, "[1, 2, \xff]", "at 8: invalid UTF-8");         /* checked first */
    wave_fails(&T_U8, "1 // comment \xfe\n", "at 14: invalid UTF-8");      /* in a comment */
    wave_fails(&T_STRING, "\"\xe2\x98\x83\" \xff", "at 5: invalid UTF-8"); /* columns in chars */
}

static void test_lists(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_LIST_U8, "[]");
    assert_int_equal(v.kind, WARDEN_COMPONENT_LIST);
    assert_int_equal(v.of.list.len, 0);
    warden_component_val_delete(&v);
    v = wave_parse(&T_LIST_U8, "[1, 2, 3]");
    assert_int_equal(v.of.list.len, 3);
    assert_int_equal(v.of.list.ptr[0].kind, WARDEN_COMPONENT_U8);
    assert_int_equal(v.of.list.ptr[2].of.u8, 3);
    warden_component_val_delete(&v);
    wave_roundtrip(&T_LIST_U8, "[1,2,3,]", "[1, 2, 3]");
    wave_roundtrip(&T_LIST_U8, " [ 1 , // one\n 2 ] ", "[1, 2]");
    wave_roundtrip(&T_LIST_U8, "[ ]", "[]");
    wave_roundtrip(&T_LIST_LIST_U8, "[[], [1], [2, 3,],]", "[[], [1], [2, 3]]");
    wave_roundtrip(&T_LIST_STRING, "[\"a\", \"\"\"\n  b\n  \"\"\"]", "[\"a\", \"b\"]");
    /* Many elements: the array grows. */
    char text[4000];
    size_t n = 0;
    text[n++] = '[';
    for (int i = 0; i < 1000; i++) n += (size_t)snprintf(text + n, sizeof text - n, "%d,", i % 10);
    text[n++] = ']';
    text[n] = '\0';
    v = wave_parse(&T_LIST_U8, text);
    assert_int_equal(v.of.list.len, 1000);
    assert_int_equal(v.of.list.ptr[999].of.u8, 9);
    warden_component_val_delete(&v);

    wave_fails(&T_LIST_U8, "1", "at 1: expected `[`");
    wave_fails(&T_LIST_U8, "(1)", "at 1: expected `[`");
    wave_fails(&T_LIST_U8, "[1 2]", "at 4: expected `,` or `]`");
    wave_fails(&T_LIST_U8, "[1,", "at 4: expected an integer");
    wave_fails(&T_LIST_U8, "[", "at 2: expected an integer");
    wave_fails(&T_LIST_U8, "[1", "at 3: expected `,` or `]`");
    wave_fails(&T_LIST_U8, "[,]", "at 2: expected an integer");
    wave_fails(&T_LIST_U8, "[1,,]", "at 4: expected an integer");
    wave_fails(&T_LIST_U8, "[1, 300]", "at 5: integer out of range for u8");
    wave_fails(&T_LIST_U8, "[1]]", "at 4: expected the end of the input");
    wave_fails(&T_LIST_U8, "[1,\n x]", "at 2:2: expected an integer");
    wave_fails(&T_LIST_LIST_U8, "[[1], 2]", "at 7: expected `[`");
}

static void test_tuples(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_PAIR, "(1, \"a\")");
    assert_int_equal(v.kind, WARDEN_COMPONENT_TUPLE);
    assert_int_equal(v.of.list.len, 2);
    assert_int_equal(v.of.list.ptr[0].of.u8, 1);
    assert_int_equal(v.of.list.ptr[1].kind, WARDEN_COMPONENT_STRING);
    warden_component_val_delete(&v);
    wave_roundtrip(&T_PAIR, "( 1 ,\"a\" , )", "(1, \"a\")");
    wave_roundtrip(&T_EMPTY_TUPLE, "( )", "()");

    wave_fails(&T_PAIR, "[1, \"a\"]", "at 1: expected `(`");
    wave_fails(&T_PAIR, "(1)", "at 3: too few tuple elements (the tuple has 2)");
    wave_fails(&T_PAIR, "(1,)", "at 4: too few tuple elements (the tuple has 2)");
    wave_fails(&T_PAIR, "()", "at 2: too few tuple elements (the tuple has 2)");
    wave_fails(&T_PAIR, "(1, \"a\", 2)", "at 10: too many tuple elements (the tuple has 2)");
    wave_fails(&T_PAIR, "(1 \"a\")", "at 4: expected `,` or `)`");
    wave_fails(&T_PAIR, "(1, 2)", "at 5: expected a string");
    wave_fails(&T_PAIR, "(1, \"a\"", "at 8: expected `,` or `)`");
    wave_fails(&T_EMPTY_TUPLE, "(,)", "at 2: too many tuple elements (the tuple has 0)");
}

static void test_records(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_POINT, "{x: 1, y: 2}");
    assert_int_equal(v.kind, WARDEN_COMPONENT_RECORD);
    assert_int_equal(v.of.record.len, 2);
    assert_string_equal(v.of.record.ptr[0].name, "x");
    assert_int_equal(v.of.record.ptr[0].val.of.u32, 1);
    assert_string_equal(v.of.record.ptr[1].name, "y");
    warden_component_val_delete(&v);
    /* Any order; the value has the type's. */
    v = wave_parse(&T_POINT, "{ y : 2 , x : 1 , }");
    assert_string_equal(v.of.record.ptr[0].name, "x");
    assert_int_equal(v.of.record.ptr[0].val.of.u32, 1);
    assert_int_equal(v.of.record.ptr[1].val.of.u32, 2);
    warden_component_val_delete(&v);
    wave_roundtrip(&T_POINT, "{%x: 1, %y: 2}", "{x: 1, y: 2}");
    /* Option fields may be left out for none; the printer leaves them out. */
    wave_roundtrip(&T_BASIC, "{required: 1}", "{required: 1}");
    wave_roundtrip(&T_BASIC, "{required: 1, optional: none,}", "{required: 1}");
    wave_roundtrip(&T_BASIC, "{optional: 2, required: 1}", "{required: 1, optional: some(2)}");
    wave_roundtrip(&T_BASIC, "{optional: 2, required: 1}", "{required: 1, optional: some(2)}");
    wave_roundtrip(&T_ALL_OPTIONAL, "{:}", "{:}");
    wave_roundtrip(&T_ALL_OPTIONAL, "{ : }", "{:}");
    wave_roundtrip(&T_ALL_OPTIONAL, "{a: none, b: none}", "{:}");
    wave_roundtrip(&T_ALL_OPTIONAL, "{b: 1}", "{b: some(1)}");
    v = wave_parse(&T_ALL_OPTIONAL, "{:}");
    assert_int_equal(v.of.record.len, 2);
    assert_string_equal(v.of.record.ptr[1].name, "b");
    assert_int_equal(v.of.record.ptr[1].val.kind, WARDEN_COMPONENT_OPTION);
    assert_null(v.of.record.ptr[1].val.of.payload);
    warden_component_val_delete(&v);
    /* Field names need no `%`, even keywords. */
    wave_roundtrip(&T_KEYWORD_FIELDS, "{true: true, some: some(1), inf: inf}",
                   "{true: true, some: some(1), inf: inf}");
    wave_roundtrip(&T_KEYWORD_FIELDS, "{%true: false, %inf: nan}", "{true: false, inf: nan}");

    wave_fails(&T_POINT, "{x: 1}", "at 1: missing field `y`");
    wave_fails(&T_POINT, "  {y: 1}", "at 3: missing field `x`");
    wave_fails(&T_POINT, "{:}", "at 1: missing field `x`");
    wave_fails(&T_POINT, "{x: 1, z: 2}", "at 8: unknown field `z`");
    wave_fails(&T_POINT, "{x: 1, x: 2}", "at 8: duplicate field `x`");
    wave_fails(&T_POINT, "{x: 1, %x: 2}", "at 8: duplicate field `x`");
    wave_fails(&T_POINT, "{x 1}", "at 4: expected `:`");
    wave_fails(&T_POINT, "{}", "at 2: expected a field name");
    wave_fails(&T_POINT, "{,}", "at 2: expected a field name");
    wave_fails(&T_POINT, "{x: 1,,}", "at 7: expected a field name");
    wave_fails(&T_POINT, "{x: 1 y: 2}", "at 7: expected `,` or `}`");
    wave_fails(&T_POINT, "{x: 1, y: 2", "at 12: expected `,` or `}`");
    wave_fails(&T_POINT, "{fooBar: 1}", "at 2: invalid label `fooBar`");
    wave_fails(&T_POINT, "{foo-: 1}", "at 2: invalid label `foo-`");
    wave_fails(&T_POINT, "{%: 1}", "at 2: expected a label after `%`");
    wave_fails(&T_POINT, "{x: -1, y: 1}", "at 5: u32 cannot be negative");
    wave_fails(&T_POINT, "(1, 2)", "at 1: expected `{`");
    wave_fails(&T_ALL_OPTIONAL, "{}", "at 2: expected a field name");
    wave_fails(&T_ALL_OPTIONAL, "{:,}", "at 3: expected `}`");
    wave_fails(&T_BASIC, "{optional: 1}", "at 1: missing field `required`");
}

static void test_variants(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_SHAPE, "circle(1.5)");
    assert_int_equal(v.kind, WARDEN_COMPONENT_VARIANT);
    assert_string_equal(v.of.variant.name, "circle");
    assert_non_null(v.of.variant.payload);
    assert_true(v.of.variant.payload->of.f32 == 1.5f);
    warden_component_val_delete(&v);
    v = wave_parse(&T_SHAPE, "empty");
    assert_string_equal(v.of.variant.name, "empty");
    assert_null(v.of.variant.payload);
    warden_component_val_delete(&v);
    wave_roundtrip(&T_SHAPE, "%empty", "empty");
    wave_roundtrip(&T_SHAPE, "%ok", "%ok");
    wave_roundtrip(&T_SHAPE, " %err ( \"x\" ) ", "%err(\"x\")");
    wave_roundtrip(&T_SHAPE, "HTTP3(3)", "HTTP3(3)");
    wave_roundtrip(&T_SHAPE, "circle(-inf)", "circle(-inf)");

    wave_fails(&T_SHAPE, "ok", "at 1: `ok` is a keyword: write the case as `%ok`");
    wave_fails(&T_SHAPE, "err(\"x\")", "at 1: `err` is a keyword: write the case as `%err`");
    wave_fails(&T_SHAPE, "true", "at 1: expected a case name");
    wave_fails(&T_SHAPE, "circle", "at 7: case `circle` needs a payload");
    wave_fails(&T_SHAPE, "circle ", "at 8: case `circle` needs a payload");
    wave_fails(&T_SHAPE, "empty(1)", "at 6: case `empty` has no payload");
    wave_fails(&T_SHAPE, "empty ()", "at 7: case `empty` has no payload");
    wave_fails(&T_SHAPE, "square", "at 1: unknown case `square`");
    wave_fails(&T_SHAPE, "%square(1)", "at 1: unknown case `square`");
    wave_fails(&T_SHAPE, "circle(1.5", "at 11: expected `)`");
    wave_fails(&T_SHAPE, "circle(1.5 2)", "at 12: expected `)`");
    wave_fails(&T_SHAPE, "circle()", "at 8: expected a number");
    wave_fails(&T_SHAPE, "1", "at 1: expected a case name");
    wave_fails(&T_SHAPE, "Circle", "at 1: invalid label `Circle`");
    wave_fails(&T_SHAPE, "http3(1)", "at 1: unknown case `http3`");
    wave_fails(&T_SHAPE, "%", "at 1: expected a label after `%`");
    wave_fails(&T_SHAPE, "%1", "at 1: expected a label after `%`");
    wave_fails(&T_SHAPE,
               "a-very-long-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on",
               "at 1: unknown case "
               "`a-very-long-name-that-goes-on-and-on-and-on-and-on-and-on-and-on...`");
}

static void test_enums(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_COLOR, "green");
    assert_int_equal(v.kind, WARDEN_COMPONENT_ENUM);
    assert_string_equal(v.of.name, "green");
    warden_component_val_delete(&v);
    wave_roundtrip(&T_COLOR, "%red", "red");
    wave_roundtrip(&T_COLOR, "%none", "%none");
    wave_roundtrip(&T_COLOR, "method-GET", "method-GET");
    for (int i = 0; i < 12; i++) {
        const char *name = T_BIG_ENUM.names[i];
        v = wave_parse(&T_BIG_ENUM, name);
        assert_string_equal(v.of.name, name);
        warden_component_val_delete(&v);
    }
    wave_roundtrip(&T_LIST_BIG_ENUM, "[eleven, zero, five, five]", "[eleven, zero, five, five]");

    wave_fails(&T_COLOR, "none", "at 1: `none` is a keyword: write the case as `%none`");
    wave_fails(&T_COLOR, "blue", "at 1: unknown case `blue`");
    wave_fails(&T_COLOR, "red(1)", "at 4: case `red` has no payload");
    wave_fails(&T_COLOR, "\"red\"", "at 1: expected a case name");
    wave_fails(&T_BIG_ENUM, "twelve", "at 1: unknown case `twelve`");
    wave_fails(&T_BIG_ENUM, "a", "at 1: unknown case `a`");
    wave_fails(&T_BIG_ENUM, "zz", "at 1: unknown case `zz`");
    wave_fails(&T_BIG_ENUM, "on", "at 1: unknown case `on`");
    wave_fails(&T_BIG_ENUM, "ones", "at 1: unknown case `ones`");
}

static void test_options(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_OPT_U8, "some(1)");
    assert_int_equal(v.kind, WARDEN_COMPONENT_OPTION);
    assert_non_null(v.of.payload);
    assert_int_equal(v.of.payload->of.u8, 1);
    warden_component_val_delete(&v);
    v = wave_parse(&T_OPT_U8, "none");
    assert_int_equal(v.kind, WARDEN_COMPONENT_OPTION);
    assert_null(v.of.payload);
    wave_roundtrip(&T_OPT_U8, "1", "some(1)");
    wave_roundtrip(&T_OPT_U8, "some ( 1 )", "some(1)");
    wave_roundtrip(&T_OPT_OPT_U8, "some(some(1))", "some(some(1))");
    wave_roundtrip(&T_OPT_OPT_U8, "some(none)", "some(none)");
    wave_roundtrip(&T_OPT_OPT_U8, "some(2)", "some(some(2))");
    wave_roundtrip(&T_OPT_OPT_U8, "none", "none");
    wave_roundtrip(&T_OPT_BOOL, "true", "some(true)");
    wave_roundtrip(&T_OPT_COLOR, "%none", "some(%none)");
    wave_roundtrip(&T_OPT_COLOR, "none", "none");
    wave_roundtrip(&T_OPT_COLOR, "red", "some(red)");
    wave_roundtrip(&T_OPT_LIST_U8, "[1]", "some([1])");
    wave_roundtrip(&T_OPT_RES, "some(ok(1))", "some(ok(1))");

    wave_fails(&T_OPT_U8, "some", "at 5: expected `(`");
    wave_fails(&T_OPT_U8, "some 1", "at 6: expected `(`");
    wave_fails(&T_OPT_U8, "some(1", "at 7: expected `)`");
    wave_fails(&T_OPT_U8, "some()", "at 6: expected an integer");
    wave_fails(&T_OPT_U8, "none(1)", "at 5: `none` has no payload");
    wave_fails(&T_OPT_U8, "%none", "at 1: expected an integer");
    wave_fails(&T_OPT_U8, "x", "at 1: expected an integer");
    wave_fails(&T_OPT_OPT_U8, "1", "at 1: expected `some` or `none`");
    wave_fails(&T_OPT_RES, "ok(1)", "at 1: expected `some` or `none`");
    wave_fails(&T_OPT_BOOL, "some(none)", "at 6: expected `true` or `false`");
}

static void test_results(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_RES_U8_STRING, "ok(1)");
    assert_int_equal(v.kind, WARDEN_COMPONENT_RESULT);
    assert_false(v.of.result.is_err);
    assert_int_equal(v.of.result.payload->of.u8, 1);
    warden_component_val_delete(&v);
    v = wave_parse(&T_RES_U8_STRING, "err(\"no\")");
    assert_true(v.of.result.is_err);
    assert_int_equal(v.of.result.payload->kind, WARDEN_COMPONENT_STRING);
    warden_component_val_delete(&v);
    wave_roundtrip(&T_RES_U8_STRING, "7", "ok(7)");
    wave_roundtrip(&T_RES_U8, "ok(1)", "ok(1)");
    wave_roundtrip(&T_RES_U8, "err", "err");
    wave_roundtrip(&T_RES_U8, "2", "ok(2)");
    wave_roundtrip(&T_RES_ERR_STRING, "ok", "ok");
    wave_roundtrip(&T_RES_ERR_STRING, "err(\"oops\")", "err(\"oops\")");
    wave_roundtrip(&T_RES_EMPTY, "ok", "ok");
    wave_roundtrip(&T_RES_EMPTY, " err ", "err");
    wave_roundtrip(&T_RES_OPT, "ok(none)", "ok(none)");

    wave_fails(&T_RES_U8_STRING, "ok", "at 3: `ok` needs a payload");
    wave_fails(&T_RES_U8_STRING, "err", "at 4: `err` needs a payload");
    wave_fails(&T_RES_U8_STRING, "ok(1", "at 5: expected `)`");
    wave_fails(&T_RES_U8_STRING, "\"x\"", "at 1: expected an integer");
    wave_fails(&T_RES_EMPTY, "ok(1)", "at 3: `ok` has no payload");
    wave_fails(&T_RES_EMPTY, "err(1)", "at 4: `err` has no payload");
    wave_fails(&T_RES_EMPTY, "1", "at 1: expected `ok` or `err`");
    wave_fails(&T_RES_ERR_STRING, "\"x\"", "at 1: expected `ok` or `err`");
    wave_fails(&T_RES_OPT, "1", "at 1: expected `ok` or `err`");
    wave_fails(&T_RES_OPT, "none", "at 1: expected `ok` or `err`");
    wave_fails(&T_RES_U8, "%ok(1)", "at 1: expected an integer");
}

static void test_flags(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_PERMS, "{}");
    assert_int_equal(v.kind, WARDEN_COMPONENT_FLAGS);
    assert_int_equal(v.of.flags.len, 0);
    warden_component_val_delete(&v);
    /* Any order; the value has the type's. */
    v = wave_parse(&T_PERMS, "{exec, read}");
    assert_int_equal(v.of.flags.len, 2);
    assert_string_equal(v.of.flags.names[0], "read");
    assert_string_equal(v.of.flags.names[1], "exec");
    warden_component_val_delete(&v);
    wave_roundtrip(&T_PERMS, "{ write , read , }", "{read, write}");
    wave_roundtrip(&T_PERMS, "{%read}", "{read}");
    wave_roundtrip(&T_PERMS, "{ }", "{}");
    wave_roundtrip(&T_BIG_FLAGS, "{f12, f0, f7, f10}", "{f0, f7, f10, f12}");

    wave_fails(&T_PERMS, "{read, read}", "at 8: duplicate flag `read`");
    wave_fails(&T_PERMS, "{exec, write, exec, write}", "at 15: duplicate flag `exec`");
    wave_fails(&T_BIG_FLAGS, "{f3, f1, f3}", "at 10: duplicate flag `f3`");
    wave_fails(&T_PERMS, "{foo}", "at 2: unknown flag `foo`");
    wave_fails(&T_BIG_FLAGS, "{f13}", "at 2: unknown flag `f13`");
    wave_fails(&T_PERMS, "{read write}", "at 7: expected `,` or `}`");
    wave_fails(&T_PERMS, "{read", "at 6: expected `,` or `}`");
    wave_fails(&T_PERMS, "{:}", "at 2: expected a flag name or `}`");
    wave_fails(&T_PERMS, "{read: true}", "at 6: expected `,` or `}`");
    wave_fails(&T_PERMS, "{,}", "at 2: expected a flag name or `}`");
    wave_fails(&T_PERMS, "[]", "at 1: expected `{`");
}

static void test_resources(void **state)
{
    (void)state;
    wave_fails(&T_OWN, "1", "at 1: own handles (resources) cannot be written in WAVE");
    wave_fails(&T_LIST_BORROW, "[x]", "at 2: borrow handles (resources) cannot be written in WAVE");
    /* An empty list of them holds no handle. */
    val_t v = wave_parse(&T_LIST_BORROW, "[]");
    assert_int_equal(v.of.list.len, 0);
    warden_component_val_delete(&v);
}

/* deep[i] is i lists around a u8. */
static warden_component_type_t deep[200];
static const warden_component_type_t *deep_ptrs[200];

static void make_deep(void)
{
    deep[0] = (warden_component_type_t){.kind = WARDEN_COMPONENT_U8};
    deep_ptrs[0] = &deep[0];
    for (size_t i = 1; i < 200; i++) {
        deep[i] = (warden_component_type_t){.kind = WARDEN_COMPONENT_LIST, .count = 1};
        deep[i].elems = &deep_ptrs[i - 1];
        deep_ptrs[i] = &deep[i];
    }
}

static void test_depth(void **state)
{
    (void)state;
    make_deep();
    warden_component_type_t *types = deep;
    char text[512];
    /* 99 lists around a u8: 100 levels. */
    size_t n = 0;
    for (int i = 0; i < 99; i++) text[n++] = '[';
    text[n++] = '7';
    for (int i = 0; i < 99; i++) text[n++] = ']';
    text[n] = '\0';
    val_t v = wave_parse(&types[99], text);
    char *printed = wave_print(&v);
    assert_string_equal(printed, text);
    free(printed);
    warden_component_val_delete(&v);
    /* 100 lists, empty inside: 100 levels too. */
    n = 0;
    for (int i = 0; i < 100; i++) text[n++] = '[';
    for (int i = 0; i < 100; i++) text[n++] = ']';
    text[n] = '\0';
    v = wave_parse(&types[150], text);
    warden_component_val_delete(&v);
    /* 100 lists around a u8: 101. */
    n = 0;
    for (int i = 0; i < 100; i++) text[n++] = '[';
    text[n++] = '7';
    for (int i = 0; i < 100; i++) text[n++] = ']';
    text[n] = '\0';
    wave_fails(&types[100], text, "at 101: nested too deeply (the limit is 100 levels)");
    /* 199 lists deep, without the elements: refused at the 101st `[`. */
    n = 0;
    for (int i = 0; i < 199; i++) text[n++] = '[';
    text[n] = '\0';
    wave_fails(&types[199], text, "at 101: nested too deeply (the limit is 100 levels)");
}

/* Large and hostile texts: each is read in linear time (a quadratic parse of these megabytes would
 * not finish in the test's time), and none nests deeper than the limit. */
static void test_large(void **state)
{
    (void)state;
    const size_t big = (size_t)1 << 20;
    char *text = malloc(4 * big + 16);
    assert_non_null(text);
    val_t v;
    warden_error_t *e;

    /* A million list elements. */
    size_t n = 0;
    text[n++] = '[';
    for (size_t i = 0; i < big; i++) {
        text[n++] = (char)('0' + i % 10);
        text[n++] = ',';
    }
    text[n++] = ']';
    e = warden_component_val_from_wave(&T_LIST_U8, text, n, &v);
    assert_null(e);
    assert_int_equal(v.of.list.len, big);
    warden_component_val_delete(&v);

    /* A string of a megabyte of escapes, and one left open. */
    n = 0;
    text[n++] = '"';
    for (size_t i = 0; i < big; i++) {
        text[n++] = '\\';
        text[n++] = 'n';
    }
    text[n++] = '"';
    e = warden_component_val_from_wave(&T_STRING, text, n, &v);
    assert_null(e);
    assert_int_equal(v.of.string.len, big);
    warden_component_val_delete(&v);
    e = warden_component_val_from_wave(&T_STRING, text, n - 1, &v);
    assert_string_equal(warden_error_message(e), "at 1: unterminated string");
    warden_error_delete(e);

    /* Multiline: a megabyte of lines, and of quotes that never make a closing `\"\"\"`. */
    memcpy(text, "\"\"\"\n", 4);
    n = 4;
    for (size_t i = 0; i < big / 4; i++) memcpy(text + n, "ab\n ", 4), n += 4;
    memcpy(text + n, "\"\"\"", 3);
    e = warden_component_val_from_wave(&T_STRING, text, n + 3, &v);
    assert_non_null(e); /* the last line is not spaces only */
    warden_error_delete(e);
    n = 4;
    for (size_t i = 0; i < big; i++) memcpy(text + n, "\"\"x", 3), n += 3;
    e = warden_component_val_from_wave(&T_STRING, text, n, &v);
    assert_string_equal(warden_error_message(e), "at 1: unterminated multiline string");
    warden_error_delete(e);

    /* Four million `[`: refused at the 101st. */
    make_deep();
    memset(text, '[', 4 * big);
    e = warden_component_val_from_wave(&deep[199], text, 4 * big, &v);
    assert_string_equal(warden_error_message(e),
                        "at 101: nested too deeply (the limit is 100 levels)");
    warden_error_delete(e);

    /* A megabyte label, number, comment, and a megabyte of flags (all but one duplicates). */
    memset(text, 'a', big);
    e = warden_component_val_from_wave(&T_OPT_U8, text, big, &v);
    assert_string_equal(warden_error_message(e), "at 1: expected an integer");
    warden_error_delete(e);
    e = warden_component_val_from_wave(&T_COLOR, text, big, &v);
    assert_string_equal(warden_error_message(e),
                        "at 1: unknown case "
                        "`aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...`");
    warden_error_delete(e);
    memset(text, '9', big);
    e = warden_component_val_from_wave(&T_U64, text, big, &v);
    assert_string_equal(warden_error_message(e), "at 1: integer out of range for u64");
    warden_error_delete(e);
    e = warden_component_val_from_wave(&T_F64, text, big, &v);
    assert_null(e);
    assert_true(isinf(v.of.f64));
    text[0] = '0';
    text[1] = '.';
    e = warden_component_val_from_wave(&T_F64, text, big, &v);
    assert_null(e);
    assert_true(v.of.f64 == 1.0);
    memcpy(text, "1 //", 4);
    memset(text + 4, 'x', big - 4);
    e = warden_component_val_from_wave(&T_U8, text, big, &v);
    assert_null(e);
    n = 0;
    text[n++] = '{';
    for (size_t i = 0; i < big / 8; i++) memcpy(text + n, "read,   ", 8), n += 8;
    text[n++] = '}';
    e = warden_component_val_from_wave(&T_PERMS, text, n, &v);
    assert_string_equal(warden_error_message(e), "at 10: duplicate flag `read`");
    warden_error_delete(e);
    n = 0;
    text[n++] = '[';
    for (size_t i = 0; i < big / 8; i++) memcpy(text + n, "eleven, ", 8), n += 8;
    text[n++] = ']';
    e = warden_component_val_from_wave(&T_LIST_BIG_ENUM, text, n, &v);
    assert_null(e);
    assert_int_equal(v.of.list.len, big / 8);
    warden_component_val_delete(&v);
    free(text);
}

static void test_bad_calls(void **state)
{
    (void)state;
    val_t v;
    warden_error_t *e = warden_component_val_from_wave(&T_U8, "1", 1, NULL);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    assert_string_equal(warden_error_message(e), "warden_component_val_from_wave: NULL output");
    warden_error_delete(e);
    memset(&v, 0xAB, sizeof v);
    e = warden_component_val_from_wave(NULL, "1", 1, &v);
    assert_string_equal(warden_error_message(e),
                        "warden_component_val_from_wave: NULL type or text");
    assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
    warden_error_delete(e);
    e = warden_component_val_from_wave(&T_U8, NULL, 1, &v);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(e);
    e = warden_component_val_from_wave(&T_U8, NULL, 0, &v);
    assert_string_equal(warden_error_message(e), "at 1: expected an integer");
    warden_error_delete(e);
    /* Only len bytes are read. */
    e = warden_component_val_from_wave(&T_U8, "12", 1, &v);
    assert_null(e);
    assert_int_equal(v.of.u8, 1);
    e = warden_component_val_from_wave(&T_STRING, "\"abc\"", 4, &v);
    assert_string_equal(warden_error_message(e), "at 1: unterminated string");
    warden_error_delete(e);

    /* Malformed types. */
    static const warden_component_type_t no_elem = {.kind = WARDEN_COMPONENT_LIST};
    static const warden_component_type_t bad_kind = {.kind = (warden_component_kind_t)99};
    static const warden_component_type_t no_names = {.kind = WARDEN_COMPONENT_RECORD, .count = 1};
    wave_fails(&no_elem, "[]", "warden_component_val_from_wave: malformed type");
    wave_fails(&bad_kind, "1", "warden_component_val_from_wave: malformed type");
    wave_fails(&no_names, "{a: 1}", "warden_component_val_from_wave: malformed type");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bool),         cmocka_unit_test(test_integers),
        cmocka_unit_test(test_floats),       cmocka_unit_test(test_chars),
        cmocka_unit_test(test_strings),      cmocka_unit_test(test_multiline_strings),
        cmocka_unit_test(test_invalid_utf8), cmocka_unit_test(test_lists),
        cmocka_unit_test(test_tuples),       cmocka_unit_test(test_records),
        cmocka_unit_test(test_variants),     cmocka_unit_test(test_enums),
        cmocka_unit_test(test_options),      cmocka_unit_test(test_results),
        cmocka_unit_test(test_flags),        cmocka_unit_test(test_resources),
        cmocka_unit_test(test_depth),        cmocka_unit_test(test_large),
        cmocka_unit_test(test_bad_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
