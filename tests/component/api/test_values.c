/* Every value type through a component's exports (the values guest, tests/component/guests/
 * values.c): lowered into the guest and lifted back, as echoes and as what the guest read
 * (describe-*); flat and in memory (more than 16 flat parameters, results through a return
 * pointer); the canonical ABI's traps on what a guest returns, with their exact messages; post-
 * return; and poisoning: after a trap the instance refuses every call. */
#include "support.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define POISONED "cannot enter component instance: it trapped before"

typedef capi_guest_fixture fixture; /* the values guest */

#define CALL(call, expected) CAPI_CALL(fx->env, fx->inst, (call), (expected))
#define CALL_TRAP(call, message) CAPI_CALL_TRAP(fx->env, fx->inst, (call), (message))

/* ---- scalars ------------------------------------------------------------------------------ */

static void test_scalar_echoes(void **state)
{
    fixture *fx = *state;
    CALL("echo-bool(true)", "true");
    CALL("echo-bool(false)", "false");
    CALL("echo-s8(-128)", "-128");
    CALL("echo-s8(127)", "127");
    CALL("echo-u8(0)", "0");
    CALL("echo-u8(255)", "255");
    CALL("echo-s16(-32768)", "-32768");
    CALL("echo-s16(32767)", "32767");
    CALL("echo-u16(65535)", "65535");
    CALL("echo-s32(-2147483648)", "-2147483648");
    CALL("echo-s32(2147483647)", "2147483647");
    CALL("echo-u32(4294967295)", "4294967295");
    CALL("echo-s64(-9223372036854775808)", "-9223372036854775808");
    CALL("echo-s64(9223372036854775807)", "9223372036854775807");
    CALL("echo-u64(18446744073709551615)", "18446744073709551615");
    CALL("echo-f32(1.5)", "1.5");
    CALL("echo-f32(-0)", "-0");
    CALL("echo-f32(inf)", "inf");
    CALL("echo-f32(-inf)", "-inf");
    CALL("echo-f32(3.4028235e38)", "3.4028235e+38");
    CALL("echo-f64(0.1)", "0.1");
    CALL("echo-f64(-1e300)", "-1e+300");
    CALL("echo-f64(5e-324)", "5e-324");
    CALL("echo-char('a')", "'a'");
    CALL("echo-char('\\u{0}')", "'\\u{0}'");
    CALL("echo-char('é')", "'é'");
    CALL("echo-char('\\u{d7ff}')", "'\xed\x9f\xbf'");
    CALL("echo-char('\\u{e000}')", "'\xee\x80\x80'");
    CALL("echo-char('😀')", "'😀'");
    CALL("echo-char('\\u{10ffff}')", "'\xf4\x8f\xbf\xbf'");
}

/* The same values built by hand and checked member by member. */
static void test_scalar_structs(void **state)
{
    fixture *fx = *state;
    warden_component_val_t arg, res;

    arg = (warden_component_val_t){.kind = WARDEN_COMPONENT_S8, .of.s8 = -5};
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "echo-s8"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_S8);
    assert_int_equal(res.of.s8, -5);

    arg = (warden_component_val_t){.kind = WARDEN_COMPONENT_U64, .of.u64 = UINT64_C(1) << 63};
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "echo-u64"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_U64);
    assert_true(res.of.u64 == UINT64_C(1) << 63);

    arg = (warden_component_val_t){.kind = WARDEN_COMPONENT_CHAR, .of.ch = 0x1f600};
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "echo-char"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_CHAR);
    assert_int_equal(res.of.ch, 0x1f600);

    arg = (warden_component_val_t){.kind = WARDEN_COMPONENT_F64, .of.f64 = -2.25};
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "echo-f64"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_F64);
    assert_true(res.of.f64 == -2.25);

    arg = capi_bool(true);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "echo-bool"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_BOOL);
    assert_true(res.of.boolean);
}

/* Small integers reach the guest sign- or zero-extended to 32 bits, as the canonical ABI says. */
static void test_widening(void **state)
{
    fixture *fx = *state;
    CALL("widen(-1, 255, -32768, 65535, -2147483648, 4294967295)",
         "(-1, 255, -32768, 65535, -2147483648, 4294967295)");
    CALL("widen(127, 128, 32767, 32768, 2147483647, 2147483648)",
         "(127, 128, 32767, 32768, 2147483647, 2147483648)");
    CALL("widen(0, 0, 0, 0, 0, 0)", "(0, 0, 0, 0, 0, 0)");
}

/* Lifting keeps the low bits of what the guest returns; a bool is any non-zero value. */
static void test_lift_wraps(void **state)
{
    fixture *fx = *state;
    CALL("wrap-s8(384)", "-128");
    CALL("wrap-s8(4294967295)", "-1");
    CALL("wrap-u8(511)", "255");
    CALL("wrap-u8(256)", "0");
    CALL("wrap-s16(98304)", "-32768");
    CALL("wrap-u16(131071)", "65535");
    CALL("truthy(0)", "false");
    CALL("truthy(1)", "true");
    CALL("truthy(2)", "true");
    CALL("truthy(2147483648)", "true");
}

static uint32_t bits32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t bits64(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* Every NaN crosses the boundary as the canonical NaN, both ways; other bits are kept. */
static void test_float_bits(void **state)
{
    fixture *fx = *state;
    CALL("f32-bits(1.5)", "1069547520");
    CALL("f32-bits(-0)", "2147483648");
    CALL("f32-bits(nan)", "2143289344");
    CALL("f64-bits(-0)", "9223372036854775808");
    CALL("f64-bits(nan)", "9221120237041090560");
    CALL("f32-from-bits(1)", "1e-45");
    CALL("f32-from-bits(4290772993)", "nan");
    CALL("f64-from-bits(9221120237041090561)", "nan");

    /* A NaN with a payload, from the host: the guest sees the canonical NaN. */
    uint32_t payload = 0x7fa00001u;
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_F32}, res;
    memcpy(&arg.of.f32, &payload, 4);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "f32-bits"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_U32);
    assert_int_equal(res.of.u32, 0x7fc00000u);
    uint64_t payload64 = UINT64_C(0xfff0000000000001);
    arg = (warden_component_val_t){.kind = WARDEN_COMPONENT_F64};
    memcpy(&arg.of.f64, &payload64, 8);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "f64-bits"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_U64);
    assert_true(res.of.u64 == UINT64_C(0x7ff8000000000000));

    /* A NaN with a payload, from the guest: the host gets the canonical NaN. */
    arg = capi_u32(0xffc00001u);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "f32-from-bits"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_F32);
    assert_true(isnan(res.of.f32));
    assert_int_equal(bits32(res.of.f32), 0x7fc00000u);
    arg = (warden_component_val_t){.kind = WARDEN_COMPONENT_U64,
                                   .of.u64 = UINT64_C(0x7ff0000000000123)};
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "f64-from-bits"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_F64);
    assert_true(bits64(res.of.f64) == UINT64_C(0x7ff8000000000000));
    /* Denormals pass unchanged. */
    arg = capi_u32(1);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "f32-from-bits"), &arg, 1, &res);
    assert_int_equal(bits32(res.of.f32), 1);
}

static void test_chars(void **state)
{
    fixture *fx = *state;
    CALL("next-char('a')", "'b'");
    CALL("next-char('\\u{ffff}')", "'\xf0\x90\x80\x80'");
    CALL("char-from(1114111)", "'\xf4\x8f\xbf\xbf'");
    CALL("char-from(55295)", "'\xed\x9f\xbf'");
}

static void test_char_traps(void **state)
{
    fixture *fx = *state;
    /* U+D7FF + 1 is a surrogate. */
    CALL_TRAP("next-char('\\u{d7ff}')", "invalid `char` bit pattern");
    CALL_TRAP("echo-u32(1)", POISONED);
}

static void test_char_beyond_unicode_traps(void **state)
{
    fixture *fx = *state;
    CALL_TRAP("char-from(1114112)", "invalid `char` bit pattern");
    CALL_TRAP("char-from(1)", POISONED);
}

/* ---- strings and lists -------------------------------------------------------------------- */

static void test_strings(void **state)
{
    fixture *fx = *state;
    CALL("ellipsis(\"hello\")", "\"hello...\"");
    CALL("ellipsis(\"\")", "\"...\"");
    CALL("echo-string(\"\")", "\"\"");
    CALL("echo-string(\"h\\u{e9}llo w\\u{f6}rld \\u{1f600}\")", "\"héllo wörld 😀\"");
    CALL("echo-string(\"tab\\tquote\\\"nul\\u{0}end\")", "\"tab\\tquote\\\"nul\\u{0}end\"");
    CALL("string-len(\"\")", "0");
    CALL("string-len(\"😀\")", "4");
    CALL("string-len(\"é\")", "2");
    CALL("join([\"a\", \"b\", \"c\"], \", \")", "\"a, b, c\"");
    CALL("join([], \"-\")", "\"\"");
    CALL("join([\"only\"], \"-\")", "\"only\"");
    CALL("echo-strings([])", "[]");
    CALL("echo-strings([\"\", \"x\", \"yz\"])", "[\"\", \"x\", \"yz\"]");
    CALL("reverse-strings([\"a\", \"bb\", \"ccc\"])", "[\"ccc\", \"bb\", \"a\"]");
    CALL("echo-bytes([])", "[]");
    CALL("echo-bytes([0, 1, 127, 128, 255])", "[0, 1, 127, 128, 255]");
    CALL("sum-bytes([255, 255, 1])", "511");
    CALL("range(0)", "[]");
    CALL("range(5)", "[0, 1, 2, 3, 4]");
}

/* A string holding NUL bytes, by hand: the length counts, not the terminator. */
static void test_string_struct(void **state)
{
    fixture *fx = *state;
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL}, res;
    CAPI_OK(warden_component_val_set_string(&arg, "a\0b\0", 4));
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "echo-string"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_STRING);
    assert_int_equal(res.of.string.len, 4);
    assert_memory_equal(res.of.string.ptr, "a\0b\0", 4);
    warden_component_val_delete(&res);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "string-len"), &arg, 1, &res);
    assert_int_equal(res.of.u32, 4);
    warden_component_val_delete(&arg);
}

/* Large values: the guest's memory grows through cabi_realloc. */
static void test_large_values(void **state)
{
    fixture *fx = *state;
    enum { N = 300000 };
    char *text = malloc(N);
    assert_non_null(text);
    for (size_t i = 0; i < N; i++) text[i] = (char)('a' + i % 26);
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL}, res;
    CAPI_OK(warden_component_val_set_string(&arg, text, N));
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "ellipsis"), &arg, 1, &res);
    assert_int_equal(res.of.string.len, N + 3);
    assert_memory_equal(res.of.string.ptr, text, N);
    assert_memory_equal(res.of.string.ptr + N, "...", 3);
    warden_component_val_delete(&res);
    warden_component_val_delete(&arg);
    free(text);

    /* 20000 strings in a list. */
    CAPI_OK(warden_component_val_set_list(&arg, WARDEN_COMPONENT_LIST, 20000));
    for (size_t i = 0; i < 20000; i++) arg.of.list.ptr[i] = capi_string(i % 2 ? "odd" : "even");
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "reverse-strings"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_LIST);
    assert_int_equal(res.of.list.len, 20000);
    for (size_t i = 0; i < 20000; i++) {
        const warden_component_val_t *s = &res.of.list.ptr[i];
        assert_int_equal(s->kind, WARDEN_COMPONENT_STRING);
        assert_int_equal(s->of.string.len, i % 2 ? 4 : 3);
    }
    warden_component_val_delete(&res);
    warden_component_val_delete(&arg);

    arg = capi_u32(100000);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "range"), &arg, 1, &res);
    assert_int_equal(res.of.list.len, 100000);
    assert_int_equal(res.of.list.ptr[99999].kind, WARDEN_COMPONENT_U32);
    assert_int_equal(res.of.list.ptr[99999].of.u32, 99999);
    warden_component_val_delete(&res);
}

static void test_invalid_utf8_traps(void **state)
{
    fixture *fx = *state;
    CALL_TRAP("bad-utf8()", "invalid utf-8");
    CALL_TRAP("ellipsis(\"x\")", POISONED);
}

static void test_string_out_of_bounds_traps(void **state)
{
    fixture *fx = *state;
    CALL_TRAP("bad-string-pointer()", "string pointer/length out of bounds of memory");
    CALL_TRAP("range(1)", POISONED);
}

static void test_unaligned_list_traps(void **state)
{
    fixture *fx = *state;
    CALL_TRAP("bad-list-align()", "unaligned pointer");
    CALL_TRAP("range(1)", POISONED);
}

/* ---- records and tuples ------------------------------------------------------------------- */

#define ANN                                                                                        \
    "{name: \"ann\", age: 30, nick: some(\"a\"), tags: [\"x\", \"y\"], fav: blue, "                \
    "home: {x: -1, y: 2}}"
#define BOB "{name: \"bob\", age: 255, nick: none, tags: [], fav: red, home: {x: 0, y: 0}}"

static void test_records(void **state)
{
    fixture *fx = *state;
    CALL("make-point(-7, 8)", "{x: -7, y: 8}");
    CALL("swap-point({x: 1, y: -2})", "{x: -2, y: 1}");
    CALL("echo-person(" ANN ")", ANN);
    /* A record field that is none is left out of WAVE. */
    CALL("echo-person(" BOB ")",
         "{name: \"bob\", age: 255, tags: [], fav: red, home: {x: 0, y: 0}}");
    CALL("describe-person(" ANN ")",
         "\"name=ann age=30 nick=some(a) tags=[x,y] fav=blue home=(-1,2)\"");
    CALL("describe-person(" BOB ")", "\"name=bob age=255 nick=none tags=[] fav=red home=(0,0)\"");
    CALL("swap-pair((42, \"answer\"))", "(\"answer\", 42)");
}

/* A record result as a structure: fields in the type's order, with their names. */
static void test_record_struct(void **state)
{
    fixture *fx = *state;
    warden_component_val_t args[2] = {capi_s32(3), capi_s32(-4)}, res;
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "make-point"), args, 2, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_RECORD);
    assert_int_equal(res.of.record.len, 2);
    CAPI_STREQ(res.of.record.ptr[0].name, "x");
    assert_int_equal(res.of.record.ptr[0].val.kind, WARDEN_COMPONENT_S32);
    assert_int_equal(res.of.record.ptr[0].val.of.s32, 3);
    CAPI_STREQ(res.of.record.ptr[1].name, "y");
    assert_int_equal(res.of.record.ptr[1].val.of.s32, -4);

    /* Passed back by hand: a record built with the builders. */
    warden_component_val_t p = {.kind = WARDEN_COMPONENT_BOOL}, swapped;
    const char *names[] = {"x", "y"};
    CAPI_OK(warden_component_val_set_record(&p, names, 2));
    p.of.record.ptr[0].val = capi_s32(10);
    p.of.record.ptr[1].val = capi_s32(20);
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "swap-point"), &p, 1, &swapped);
    CAPI_WAVE(&swapped, "{x: 20, y: 10}");
    assert_true(warden_component_val_equal(&swapped, &swapped));
    assert_false(warden_component_val_equal(&swapped, &p));
    warden_component_val_delete(&swapped);
    warden_component_val_delete(&p);
    warden_component_val_delete(&res);
}

/* ---- variants, enums, options, results, flags --------------------------------------------- */

static void test_variants(void **state)
{
    fixture *fx = *state;
    CALL("echo-shape(circle(1.5))", "circle(1.5)");
    CALL("echo-shape(rect({x: -3, y: 4}))", "rect({x: -3, y: 4})");
    CALL("echo-shape(label(\"name\"))", "label(\"name\")");
    CALL("echo-shape(empty)", "empty");
    /* circle's f32 payload shares its core value with the i32 of the other cases. */
    CALL("describe-shape(circle(1.5))", "\"circle 0x3fc00000\"");
    CALL("describe-shape(circle(-0))", "\"circle 0x80000000\"");
    CALL("describe-shape(rect({x: -3, y: 4}))", "\"rect -3 4\"");
    CALL("describe-shape(label(\"hi\"))", "\"label hi\"");
    CALL("describe-shape(empty)", "\"empty\"");
    CALL("shape-from(0)", "circle(0)");
    CALL("shape-from(2)", "label(\"x\")");
    CALL("shape-from(3)", "empty");
    CALL("next-color(red)", "green");
    CALL("next-color(yellow)", "red");
    CALL("color-from(3)", "yellow");
}

static void test_options_results(void **state)
{
    fixture *fx = *state;
    CALL("echo-option(none)", "none");
    CALL("echo-option(some(\"\"))", "some(\"\")");
    CALL("echo-option(some(\"x\"))", "some(\"x\")");
    CALL("unwrap-or(some(5), 9)", "5");
    CALL("unwrap-or(none, 9)", "9");
    CALL("check(7)", "ok(7)");
    CALL("check(0)", "ok(0)");
    CALL("check(-5)", "err(\"negative: -5\")");
    CALL("check(-2147483648)", "err(\"negative: -2147483648\")");
    CALL("echo-result(ok(\"fine\"))", "ok(\"fine\")");
    CALL("echo-result(err(255))", "err(255)");
    CALL("parity(4)", "ok");
    CALL("parity(7)", "err");

    /* Results without payloads, as structures. */
    warden_component_val_t arg = capi_u32(3), res;
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "parity"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_RESULT);
    assert_true(res.of.result.is_err);
    assert_null(res.of.result.payload);
    /* An option by hand. */
    warden_component_val_t opt = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_OK(warden_component_val_set_option(&opt, true));
    *opt.of.payload = capi_string("abc");
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "echo-option"), &opt, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_OPTION);
    assert_non_null(res.of.payload);
    assert_true(warden_component_val_equal(&res, &opt));
    warden_component_val_delete(&res);
    warden_component_val_delete(&opt);
}

static void test_flags(void **state)
{
    fixture *fx = *state;
    CALL("echo-perms({})", "{}");
    CALL("echo-perms({read, exec})", "{read, exec}");
    CALL("invert-perms({write})", "{read, exec}");
    CALL("invert-perms({read, write, exec})", "{}");
    /* Bits beyond the flags are ignored when lifting. */
    CALL("perms-from(255)", "{read, write, exec}");
    CALL("perms-from(8)", "{}");
    CALL("echo-wide({b0, b31})", "{b0, b31}");
    CALL("echo-wide({})", "{}");
    CALL("echo-flagset({p: {write}, m: {m0, m11}, w: {b1, b30, b31}})",
         "{p: {write}, m: {m0, m11}, w: {b1, b30, b31}}");

    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL}, res;
    const char *set[] = {"read", "exec"};
    CAPI_OK(warden_component_val_set_flags(&arg, set, 2));
    CAPI_INVOKE(fx->env, capi_func(fx->inst, "invert-perms"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_FLAGS);
    assert_int_equal(res.of.flags.len, 1);
    CAPI_STREQ(res.of.flags.names[0], "write");
    warden_component_val_delete(&res);
    warden_component_val_delete(&arg);
}

static void test_bad_discriminant_traps(void **state)
{
    fixture *fx = *state;
    CALL_TRAP("shape-from(4)", "invalid variant discriminant");
    CALL_TRAP("shape-from(3)", POISONED);
}

static void test_bad_enum_traps(void **state)
{
    fixture *fx = *state;
    CALL_TRAP("color-from(4)", "invalid variant discriminant");
    CALL_TRAP("next-color(red)", POISONED);
}

/* ---- nested types ------------------------------------------------------------------------- */

static void test_nested(void **state)
{
    fixture *fx = *state;
    CALL("echo-nested([])", "[]");
    CALL("echo-nested([none, some((\"a\", [])), some((\"b\", [{x: 1, y: 2}, {x: -3, y: 4}]))])",
         "[none, some((\"a\", [])), some((\"b\", [{x: 1, y: 2}, {x: -3, y: 4}]))]");
    CALL("describe-nested([none, some((\"a\", [])), some((\"b\", [{x: 1, y: 2}, {x: -3, y: "
         "4}]))])",
         "\"[none, a:, b:(1,2)(-3,4)]\"");
    CALL("echo-deep(ok(none))", "ok(none)");
    CALL("echo-deep(ok(some([])))", "ok(some([]))");
    CALL("echo-deep(ok(some([circle(2), rect({x: 5, y: 6}), label(\"l\"), empty])))",
         "ok(some([circle(2), rect({x: 5, y: 6}), label(\"l\"), empty]))");
    CALL("echo-deep(err(({read, exec}, yellow, '😀')))", "err(({read, exec}, yellow, '😀'))");
    CALL("echo-deep(err(({}, red, 'a')))", "err(({}, red, 'a'))");
}

/* ---- more than 16 flat parameters --------------------------------------------------------- */

static void test_many_params(void **state)
{
    fixture *fx = *state;
    /* Each argument lands in its place: the guest sums a_i << i. */
    CALL("sum17(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)", "131071");
    CALL("sum17(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4294967295)", "281474976645120");
    CALL("sum17(5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)", "5");
    CALL("describe-many(1, 18446744073709551615, 65535, 1.5, \"e\", -128, 2.5, true, 'é', [1, "
         "2], -32768, 4294967295, -9223372036854775808, some(255), {x: 9, y: -10})",
         "\"a=1 b=18446744073709551615 c=65535 d=0x3fc00000 e=e f=-128 g=0x4004000000000000 "
         "h=true i=é j=[1,2] k=-32768 l=4294967295 m=-9223372036854775808 n=some(255) "
         "o=(9,-10)\"");
    CALL("describe-many(0, 0, 0, -0, \"\", 0, -0, false, '\\u{0}', [], 0, 0, 0, none, {x: 0, y: "
         "0})",
         "\"a=0 b=0 c=0 d=0x80000000 e= f=0 g=0x8000000000000000 h=false i=\\u{0} j=[] k=0 l=0 "
         "m=0 n=none o=(0,0)\"");
}

/* ---- the exported interface --------------------------------------------------------------- */

static void test_interface(void **state)
{
    fixture *fx = *state;
    CALL("test:pkg/iface@1.0.0#add(2, 3)", "5");
    CALL("test:pkg/iface@1.0.0#add(4294967295, 2)", "1");
    CALL("test:pkg/iface@1.0.0#greet(\"bob\")", "\"hello, bob!\"");
    CALL("test:pkg/iface@1.0.0#nothing()", NULL);
    CALL("test:pkg/iface@1.0.0#nothing()", NULL);
    CALL("test:pkg/iface@1.0.0#swap({a: 7, b: \"seven\"})", "(\"seven\", 7)");
    CALL("counters()", "(2, 1)");

    /* Lookups: a function of an interface needs the interface's name; a root name is not one. */
    const warden_component_instance_t *inst = fx->inst;
    assert_null(warden_component_instance_func(inst, "add", 3));
    assert_null(warden_component_instance_func(inst, "test:pkg/iface@1.0.0#missing", 28));
    assert_null(warden_component_instance_func(inst, "test:pkg/other@1.0.0#add", 24));
    assert_null(warden_component_instance_func(inst, "test:pkg/iface@2.0.0#add", 24));
    assert_null(warden_component_instance_func(inst, "test:pkg/iface@1.0.0", 20));
    assert_null(warden_component_instance_func(inst, "echo-s", 6));
    /* The length counts, not a terminator. */
    assert_true(warden_component_instance_func(inst, "echo-s8!", 7) == capi_func(inst, "echo-s8"));
    assert_true(warden_component_instance_func(inst, "test:pkg/iface@1.0.0#addition", 24) ==
                capi_func(inst, "test:pkg/iface@1.0.0#add"));
}

/* ---- post-return and traps ---------------------------------------------------------------- */

static void test_post_return(void **state)
{
    fixture *fx = *state;
    CALL("counters()", "(0, 0)");
    CALL("ellipsis(\"a\")", "\"a...\"");
    CALL("ellipsis(\"b\")", "\"b...\"");
    CALL("test:pkg/iface@1.0.0#greet(\"c\")", "\"hello, c!\"");
    /* Functions without a post-return function do not count. */
    CALL("echo-string(\"d\")", "\"d\"");
    CALL("counters()", "(0, 3)");
}

static void test_unreachable_poisons(void **state)
{
    fixture *fx = *state;
    CALL("echo-u32(1)", "1");
    CALL_TRAP("fail()", "unreachable executed");
    CALL_TRAP("fail()", POISONED);
    CALL_TRAP("echo-u32(1)", POISONED);
    CALL_TRAP("test:pkg/iface@1.0.0#add(1, 2)", POISONED);

    /* Another instance of the same component, in the same store, still works. */
    warden_component_instance_t *other = capi_instantiate(fx->env, "values");
    CAPI_CALL(fx->env, other, "echo-u32(2)", "2");
    CAPI_CALL_TRAP(fx->env, fx->inst, "counters()", POISONED);
}

/* A trap in post-return fails the call: its result is freed, the instance poisoned. */
static void test_post_return_trap(void **state)
{
    fixture *fx = *state;
    CALL_TRAP("fail-in-post-return()", "unreachable executed");
    CALL_TRAP("counters()", POISONED);
}

/* A trap is a guest backtrace too. */
static void test_trap_details(void **state)
{
    fixture *fx = *state;
    warden_trap_t *trap = NULL;
    warden_component_val_t none = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_OK(warden_component_func_call(fx->env->store, capi_func(fx->inst, "fail"), NULL, 0, NULL,
                                       0, &trap));
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_UNREACHABLE);
    assert_true(warden_trap_frame_count(trap) >= 1);
    warden_trap_delete(trap);
    /* A canonical ABI trap is a host trap. */
    warden_component_instance_t *other = capi_instantiate(fx->env, "values");
    CAPI_OK(warden_component_func_call(fx->env->store, capi_func(other, "bad-utf8"), NULL, 0, &none,
                                       1, &trap));
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_HOST);
    assert_int_equal(none.kind, WARDEN_COMPONENT_BOOL);
    warden_trap_delete(trap);
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        CAPI_VALUES_TEST(test_scalar_echoes),
        CAPI_VALUES_TEST(test_scalar_structs),
        CAPI_VALUES_TEST(test_widening),
        CAPI_VALUES_TEST(test_lift_wraps),
        CAPI_VALUES_TEST(test_float_bits),
        CAPI_VALUES_TEST(test_chars),
        CAPI_VALUES_TEST(test_char_traps),
        CAPI_VALUES_TEST(test_char_beyond_unicode_traps),
        CAPI_VALUES_TEST(test_strings),
        CAPI_VALUES_TEST(test_string_struct),
        CAPI_VALUES_TEST(test_large_values),
        CAPI_VALUES_TEST(test_invalid_utf8_traps),
        CAPI_VALUES_TEST(test_string_out_of_bounds_traps),
        CAPI_VALUES_TEST(test_unaligned_list_traps),
        CAPI_VALUES_TEST(test_records),
        CAPI_VALUES_TEST(test_record_struct),
        CAPI_VALUES_TEST(test_variants),
        CAPI_VALUES_TEST(test_options_results),
        CAPI_VALUES_TEST(test_flags),
        CAPI_VALUES_TEST(test_bad_discriminant_traps),
        CAPI_VALUES_TEST(test_bad_enum_traps),
        CAPI_VALUES_TEST(test_nested),
        CAPI_VALUES_TEST(test_many_params),
        CAPI_VALUES_TEST(test_interface),
        CAPI_VALUES_TEST(test_post_return),
        CAPI_VALUES_TEST(test_unreachable_poisons),
        CAPI_VALUES_TEST(test_post_return_trap),
        CAPI_VALUES_TEST(test_trap_details),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
