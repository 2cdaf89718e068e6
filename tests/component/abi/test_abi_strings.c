/* Strings: lifting in UTF-8, UTF-16 and latin1+UTF-16 with every check and message of the
 * reference (length limit, alignment, bounds, invalid and incomplete UTF-8, lone surrogates), and
 * lowering with each transcoding case of store_string_into_range: the realloc calls it makes, in
 * order, the bytes it leaves, the (tagged) code units it returns, and the checks of each realloc
 * result. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_support.h"

#define TAG 0x80000000u

/* Lifts a string from (ptr, tagged) in `enc`; *out is its UTF-8. */
static bool lift(fixture *f, wm_encoding enc, uint32_t ptr, uint32_t tagged,
                 warden_component_val_t *out, warden_trap_t **trap)
{
    f->abi.encoding = enc;
    warden_val_t flat[2] = {{.kind = WARDEN_I32, .of.i32 = (int32_t)ptr},
                            {.kind = WARDEN_I32, .of.i32 = (int32_t)tagged}};
    size_t pos = 0;
    return wm_lift_flat(&f->abi, wm_type_scalar(WARDEN_COMPONENT_STRING), flat, 2, &pos, out, trap);
}

static void lifts(fixture *f, wm_encoding enc, const char *bytes, size_t n, uint32_t tagged,
                  const char *want)
{
    memcpy(fx_mem(f) + 64, bytes, n);
    warden_component_val_t v;
    warden_trap_t *trap = NULL;
    assert_true(lift(f, enc, 64, tagged, &v, &trap));
    assert_int_equal(v.of.string.len, strlen(want));
    assert_memory_equal(v.of.string.ptr, want, strlen(want));
    warden_component_val_delete(&v);
}

static void lift_traps(fixture *f, wm_encoding enc, const char *bytes, size_t n, uint32_t ptr,
                       uint32_t tagged, const char *msg)
{
    if (n) memcpy(fx_mem(f) + ptr, bytes, n);
    warden_component_val_t v;
    warden_trap_t *trap = NULL;
    fx_trapped(lift(f, enc, ptr, tagged, &v, &trap), &trap, msg);
    assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
}

static void test_utf8(void **state)
{
    fixture *f = *state;
    lifts(f, WM_UTF8, "a", 1, 1, "a");
    lifts(f, WM_UTF8, "\xe2\x98\x83\xe2\x98\xba\xef\xb8\x8f\xc3\xb6\xe3\x83\x84", 14, 14,
          "\xe2\x98\x83\xe2\x98\xba\xef\xb8\x8f\xc3\xb6\xe3\x83\x84");
    memcpy(fx_mem(f) + 64, "a\0b", 3);
    warden_component_val_t v;
    warden_trap_t *trap = NULL;
    assert_true(lift(f, WM_UTF8, 64, 3, &v, &trap));
    assert_int_equal(v.of.string.len, 3);
    assert_memory_equal(v.of.string.ptr, "a\0b", 3);
    warden_component_val_delete(&v);
    lifts(f, WM_UTF8, "\xf4\x8f\xbf\xbf", 4, 4, "\xf4\x8f\xbf\xbf");
    lifts(f, WM_UTF8, "", 0, 0, "");
    /* Invalid anywhere: "invalid utf-8"; a valid start cut off by the end: "incomplete". */
    static const struct {
        const char *bytes;
        const char *msg;
    } cases[] = {
        {"\xff", "invalid utf-8"},
        {"\x80", "invalid utf-8"},
        {"\xc0\x80", "invalid utf-8"},         /* overlong */
        {"\xe0\x80\x80", "invalid utf-8"},     /* overlong */
        {"\xed\xa0\x80", "invalid utf-8"},     /* a surrogate */
        {"\xf4\x90\x80\x80", "invalid utf-8"}, /* past U+10FFFF */
        {"\xf8\x88\x80\x80\x80", "invalid utf-8"},
        {"\xc3(", "invalid utf-8"},
        {"\xe0\x80", "invalid utf-8"}, /* cut off, but already wrong */
        {"\xc3", "incomplete utf-8 byte sequence"},
        {"a\xe2\x82", "incomplete utf-8 byte sequence"},
        {"\xf0\x9f\x98", "incomplete utf-8 byte sequence"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        lift_traps(f, WM_UTF8, cases[i].bytes, strlen(cases[i].bytes), 64,
                   (uint32_t)strlen(cases[i].bytes), cases[i].msg);
}

static void test_utf16(void **state)
{
    fixture *f = *state;
    lifts(f, WM_UTF16, "h\0i\0", 4, 2, "hi");
    /* A surrogate pair: one code point, four bytes of UTF-8. */
    lifts(f, WM_UTF16, "\x3d\xd8\x00\xde", 4, 2, "\xf0\x9f\x98\x80");
    lifts(f, WM_UTF16, "\xac\x20\xe9\x00", 4, 2, "\xe2\x82\xac\xc3\xa9");
    lift_traps(f, WM_UTF16, "\x00\xd8", 2, 64, 1, "invalid utf-16");         /* high, then end */
    lift_traps(f, WM_UTF16, "\x00\xdc\x41\x00", 4, 64, 2, "invalid utf-16"); /* low alone */
    lift_traps(f, WM_UTF16, "\x00\xd8\x41\x00", 4, 64, 2, "invalid utf-16"); /* high, no low */
    /* latin1+utf16: the tag picks UTF-16. */
    lifts(f, WM_LATIN1_UTF16, "\xe9t\xe9", 3, 3, "\xc3\xa9t\xc3\xa9");
    lifts(f, WM_LATIN1_UTF16, "\xe9\0", 2, 1 | TAG, "\xc3\xa9");
    lift_traps(f, WM_LATIN1_UTF16, "\x00\xdc", 2, 64, 1 | TAG, "invalid utf-16");
}

static void test_checks(void **state)
{
    fixture *f = *state;
    /* Out of bounds, even when empty. */
    lift_traps(f, WM_UTF8, "", 0, 0xdeadbeef, 0, "string pointer/length out of bounds of memory");
    lift_traps(f, WM_UTF8, "o", 1, 65535, 2, "string pointer/length out of bounds of memory");
    lifts(f, WM_UTF8, "", 0, 0, "");
    memcpy(fx_mem(f) + 65534, "ok", 2);
    warden_component_val_t v;
    warden_trap_t *trap = NULL;
    assert_true(lift(f, WM_UTF8, 65534, 2, &v, &trap));
    warden_component_val_delete(&v);
    assert_true(lift(f, WM_UTF8, 65536, 0, &v, &trap));
    warden_component_val_delete(&v);
    /* UTF-16 and latin1+utf16 pointers are 2-aligned, in both representations, even empty. */
    lift_traps(f, WM_UTF16, "", 0, 1, 0, "unaligned pointer");
    lift_traps(f, WM_LATIN1_UTF16, "", 0, 1, 0, "unaligned pointer");
    lift_traps(f, WM_LATIN1_UTF16, "", 0, 1, TAG, "unaligned pointer");
    /* The length limit comes first: MAX_STRING_BYTE_LENGTH is 2^28 - 1 bytes. */
    lift_traps(f, WM_UTF8, "", 0, 1, 1u << 28, "string length too large");
    lift_traps(f, WM_UTF16, "", 0, 1, 1u << 27, "string length too large");
    lift_traps(f, WM_UTF16, "", 0, 1, 0xffffffff, "string length too large");
    lift_traps(f, WM_LATIN1_UTF16, "", 0, 1, TAG | (1u << 27), "string length too large");
    lift_traps(f, WM_LATIN1_UTF16, "", 0, 1, 0x7fffffff, "string length too large");
    lift_traps(f, WM_UTF8, "", 0, 0, (1u << 28) - 1,
               "string pointer/length out of bounds of memory");
    /* Between components: the adapter's message. */
    f->abi.fused = true;
    lift_traps(f, WM_UTF8, "", 0, 0x80000000, 1, "string content out-of-bounds");
    lift_traps(f, WM_UTF8, "", 0, 65535, 2, "string content out-of-bounds");
}

/* ------------------------------------------------------------------------------------------------
 * Lowering
 * ---------------------------------------------------------------------------------------------- */

typedef struct call {
    uint32_t old, old_size, align, new_size;
} call;

/* Lowers `utf8` that came from `src` with `src_units` into `dst` with a bump allocator from 100,
 * and checks the realloc calls, the result, and the bytes at the result. */
static void lowers(fixture *f, const char *utf8, wm_encoding src, uint32_t src_units,
                   wm_encoding dst, const call *calls, size_t ncalls, uint32_t want_ptr,
                   uint32_t want_units, const char *bytes, size_t nbytes)
{
    memset(fx_mem(f), 0, 4096);
    fx_bump(f, 100);
    f->abi.encoding = dst;
    uint32_t ptr, units;
    warden_trap_t *trap = NULL;
    assert_true(
        wm_store_string_range(&f->abi, utf8, strlen(utf8), src, src_units, &ptr, &units, &trap));
    assert_int_equal(f->rig.heap.nlog, ncalls);
    for (size_t i = 0; i < ncalls; i++) {
        const realloc_call *c = &f->rig.heap.log[i];
        assert_int_equal(c->old, calls[i].old);
        assert_int_equal(c->old_size, calls[i].old_size);
        assert_int_equal(c->align, calls[i].align);
        assert_int_equal(c->new_size, calls[i].new_size);
    }
    assert_int_equal(ptr, want_ptr);
    assert_int_equal(units, want_units);
    assert_memory_equal(fx_mem(f) + ptr, bytes, nbytes);
}

static void test_from_utf8(void **state)
{
    fixture *f = *state;
    /* utf8 -> utf8: a copy. */
    lowers(f, "h\xc3\xa9", WM_UTF8, 3, WM_UTF8, (call[]){{0, 0, 1, 3}}, 1, 100, 3, "h\xc3\xa9", 3);
    /* utf8 -> utf16: the worst case (2 bytes per UTF-8 byte), then shrunk. */
    lowers(f, "h\xc3\xa9", WM_UTF8, 3, WM_UTF16, (call[]){{0, 0, 2, 6}, {100, 6, 2, 4}}, 2, 100, 2,
           "h\0\xe9\0", 4);
    lowers(f, "ab", WM_UTF8, 2, WM_UTF16, (call[]){{0, 0, 2, 4}}, 1, 100, 2, "a\0b\0", 4);
    /* utf8 -> latin1+utf16, all latin-1: one byte each, then shrunk. */
    lowers(f, "h\xc3\xa9", WM_UTF8, 3, WM_LATIN1_UTF16, (call[]){{0, 0, 2, 3}, {100, 3, 2, 2}}, 2,
           100, 2, "h\xe9", 2);
    lowers(f, "hi", WM_UTF8, 2, WM_LATIN1_UTF16, (call[]){{0, 0, 2, 2}}, 1, 100, 2, "hi", 2);
    /* ... and not: widened in place to UTF-16 at the first code point past 0xFF. */
    lowers(f, "h\xe2\x82\xac", WM_UTF8, 4, WM_LATIN1_UTF16,
           (call[]){{0, 0, 2, 4}, {100, 4, 2, 8}, {104, 8, 2, 4}}, 3, 104, 2 | TAG, "h\0\xac\x20",
           4);
    lowers(f, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", WM_UTF8, 9, WM_LATIN1_UTF16,
           (call[]){{0, 0, 2, 9}, {100, 9, 2, 18}, {110, 18, 2, 8}}, 3, 110, 4 | TAG,
           "\xe9\0\xac\x20\x3d\xd8\x00\xde", 8);
    lowers(f, "", WM_UTF8, 0, WM_UTF16, (call[]){{0, 0, 2, 0}}, 1, 100, 0, "", 0);
    lowers(f, "", WM_UTF8, 0, WM_LATIN1_UTF16, (call[]){{0, 0, 2, 0}}, 1, 100, 0, "", 0);
}

static void test_from_utf16(void **state)
{
    fixture *f = *state;
    /* utf16 -> utf8: ASCII optimistically (one byte per unit), then the worst case (3 per unit),
     * then shrunk. */
    lowers(f, "hi", WM_UTF16, 2, WM_UTF8, (call[]){{0, 0, 1, 2}}, 1, 100, 2, "hi", 2);
    lowers(f, "h\xe2\x82\xac", WM_UTF16, 2, WM_UTF8,
           (call[]){{0, 0, 1, 2}, {100, 2, 1, 6}, {102, 6, 1, 4}}, 3, 102, 4, "h\xe2\x82\xac", 4);
    /* utf16 -> utf16: a copy. */
    lowers(f, "h\xe2\x82\xac", WM_UTF16, 2, WM_UTF16, (call[]){{0, 0, 2, 4}}, 1, 100, 2,
           "h\0\xac\x20", 4);
    /* utf16 -> latin1+utf16: as from utf8, by code units. */
    lowers(f, "h\xc3\xa9", WM_UTF16, 2, WM_LATIN1_UTF16, (call[]){{0, 0, 2, 2}}, 1, 100, 2, "h\xe9",
           2);
    lowers(f, "h\xe2\x82\xac", WM_UTF16, 2, WM_LATIN1_UTF16, (call[]){{0, 0, 2, 2}, {100, 2, 2, 4}},
           2, 102, 2 | TAG, "h\0\xac\x20", 4);
    /* latin1+utf16 in UTF-16 -> latin1+utf16: UTF-16 first, narrowed when it all fits latin-1
     * (and that last realloc's result is not checked for alignment). */
    lowers(f, "h\xe2\x82\xac", WM_LATIN1_UTF16, 2 | TAG, WM_LATIN1_UTF16, (call[]){{0, 0, 2, 4}}, 1,
           100, 2 | TAG, "h\0\xac\x20", 4);
    lowers(f, "h\xc3\xa9", WM_LATIN1_UTF16, 2 | TAG, WM_LATIN1_UTF16,
           (call[]){{0, 0, 2, 4}, {100, 4, 1, 2}}, 2, 100, 2, "h\xe9", 2);
    /* ... and into utf8 or utf16 as any UTF-16. */
    lowers(f, "h\xc3\xa9", WM_LATIN1_UTF16, 2 | TAG, WM_UTF8,
           (call[]){{0, 0, 1, 2}, {100, 2, 1, 6}, {102, 6, 1, 3}}, 3, 102, 3, "h\xc3\xa9", 3);
}

static void test_from_latin1(void **state)
{
    fixture *f = *state;
    /* latin-1 -> utf8: ASCII optimistically, then 2 bytes per unit, then shrunk if needed. */
    lowers(f, "\xc3\xa9", WM_LATIN1_UTF16, 1, WM_UTF8, (call[]){{0, 0, 1, 1}, {100, 1, 1, 2}}, 2,
           101, 2, "\xc3\xa9", 2);
    lowers(f, "a\xc3\xa9z", WM_LATIN1_UTF16, 3, WM_UTF8,
           (call[]){{0, 0, 1, 3}, {100, 3, 1, 6}, {103, 6, 1, 4}}, 3, 103, 4, "a\xc3\xa9z", 4);
    /* latin-1 -> utf16: widened. */
    lowers(f, "\xc3\xa9z", WM_LATIN1_UTF16, 2, WM_UTF16, (call[]){{0, 0, 2, 4}}, 1, 100, 2,
           "\xe9\0z\0", 4);
    /* latin-1 -> latin1+utf16: a copy. */
    lowers(f, "\xc3\xa9z", WM_LATIN1_UTF16, 2, WM_LATIN1_UTF16, (call[]){{0, 0, 2, 2}}, 1, 100, 2,
           "\xe9z", 2);
}

static void test_lowering_checks(void **state)
{
    fixture *f = *state;
    uint32_t ptr, units;
    warden_trap_t *trap = NULL;
    /* Each realloc result is checked, the shrinking ones too. */
    f->abi.encoding = WM_UTF16;
    fx_bad(f, 1, 101);
    fx_trapped(wm_store_string_range(&f->abi, "h\xc3\xa9", 3, WM_UTF8, 3, &ptr, &units, &trap),
               &trap, "realloc return: result not aligned");
    fx_bad(f, 1, 65534);
    fx_trapped(wm_store_string_range(&f->abi, "h\xc3\xa9", 3, WM_UTF8, 3, &ptr, &units, &trap),
               &trap, "realloc return: beyond end of memory");
    f->abi.encoding = WM_LATIN1_UTF16;
    fx_bad(f, 1, 65535);
    fx_trapped(wm_store_string_range(&f->abi, "h\xe2\x82\xac", 4, WM_UTF8, 4, &ptr, &units, &trap),
               &trap, "realloc return: result not aligned");
    /* The narrowing realloc of probably-UTF-16 needs no alignment. */
    fx_bad(f, 1, 1001);
    assert_true(wm_store_string_range(&f->abi, "h\xc3\xa9", 3, WM_LATIN1_UTF16, 2 | TAG, &ptr,
                                      &units, &trap));
    assert_int_equal(ptr, 1001);
    fx_bad(f, 1, 65535);
    fx_trapped(wm_store_string_range(&f->abi, "h\xc3\xa9", 3, WM_LATIN1_UTF16, 2 | TAG, &ptr,
                                     &units, &trap),
               &trap, "realloc return: beyond end of memory");
    f->abi.fused = true;
    f->abi.encoding = WM_UTF8;
    fx_bad(f, 0, 65535);
    fx_trapped(wm_store_string_range(&f->abi, "hi", 2, WM_UTF8, 2, &ptr, &units, &trap), &trap,
               "string content out-of-bounds");
    f->abi.encoding = WM_UTF16;
    fx_bad(f, 0, 3);
    fx_trapped(wm_store_string_range(&f->abi, "hi", 2, WM_UTF8, 2, &ptr, &units, &trap), &trap,
               "unaligned pointer");
    f->abi.fused = false;
    /* A source that does not say what it holds. */
    fx_bump(f, 100);
    fx_trapped(wm_store_string_range(&f->abi, "hi", 2, WM_UTF16, 3, &ptr, &units, &trap), &trap,
               "value does not match its type");
    fx_trapped(
        wm_store_string_range(&f->abi, "\xe2\x82\xac", 3, WM_LATIN1_UTF16, 1, &ptr, &units, &trap),
        &trap, "value does not match its type");
    fx_trapped(wm_store_string_range(&f->abi, "\xc3", 1, WM_UTF8, 1, &ptr, &units, &trap), &trap,
               "invalid utf-8");
    fx_trapped(wm_store_string_range(&f->abi, "", 0, WM_UTF16, 1u << 27, &ptr, &units, &trap),
               &trap, "string length too large");
    assert_int_equal(f->rig.heap.nlog, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(test_utf8),       T(test_utf16),       T(test_checks),          T(test_from_utf8),
        T(test_from_utf16), T(test_from_latin1), T(test_lowering_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
