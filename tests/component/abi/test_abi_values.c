/* Lifting and lowering values: what the reference decides at the edges (bool, integer wrapping,
 * char, discriminants, flags bits, NaNs, variant coercions), every trap with its message (host
 * and fused), the realloc protocol and its checks, memory that grows under a lowering, resource
 * hooks, wm_val_check, values that do not match their type, and the call boundary (spilled
 * parameters, return pointers). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_support.h"

static warden_val_t i32(uint32_t v)
{
    return (warden_val_t){.kind = WARDEN_I32, .of.i32 = (int32_t)v};
}

static warden_val_t i64(uint64_t v)
{
    return (warden_val_t){.kind = WARDEN_I64, .of.i64 = (int64_t)v};
}

static warden_val_t f32b(uint32_t bits)
{
    return (warden_val_t){.kind = WARDEN_F32, .of.f32_bits = bits};
}

/* Lifts from core values, expecting all of them used. */
static bool lift(fixture *f, const warden_component_type_t *t, const warden_val_t *flat, size_t n,
                 warden_component_val_t *out, warden_trap_t **trap)
{
    size_t pos = 0;
    bool ok = wm_lift_flat(&f->abi, t, flat, n, &pos, out, trap);
    if (ok) assert_int_equal(pos, n);
    return ok;
}

static void lifts_to(fixture *f, const char *type, const warden_val_t *flat, size_t n,
                     const char *want)
{
    const warden_component_type_t *t = fx_type(f, type);
    warden_component_val_t got, w = fx_value(f, t, want);
    warden_trap_t *trap = NULL;
    assert_true(lift(f, t, flat, n, &got, &trap));
    assert_true(val_same(&got, &w));
    warden_component_val_delete(&got);
    warden_component_val_delete(&w);
}

static void lift_traps(fixture *f, const char *type, const warden_val_t *flat, size_t n,
                       const char *msg)
{
    warden_component_val_t got;
    warden_trap_t *trap = NULL;
    fx_trapped(lift(f, fx_type(f, type), flat, n, &got, &trap), &trap, msg);
    assert_int_equal(got.kind, WARDEN_COMPONENT_BOOL);
}

static void loads_to(fixture *f, const char *type, uint32_t ptr, const char *want)
{
    const warden_component_type_t *t = fx_type(f, type);
    warden_component_val_t got, w = fx_value(f, t, want);
    warden_trap_t *trap = NULL;
    assert_true(wm_load(&f->abi, t, ptr, &got, &trap));
    assert_true(val_same(&got, &w));
    warden_component_val_delete(&got);
    warden_component_val_delete(&w);
}

static void load_traps(fixture *f, const char *type, uint32_t ptr, const char *msg)
{
    warden_component_val_t got;
    warden_trap_t *trap = NULL;
    fx_trapped(wm_load(&f->abi, fx_type(f, type), ptr, &got, &trap), &trap, msg);
    assert_int_equal(got.kind, WARDEN_COMPONENT_BOOL);
}

/* Lowers a value to core values, which must be `want` (n of them). */
static void lowers_to(fixture *f, const char *type, const char *value, const warden_val_t *want,
                      size_t n)
{
    const warden_component_type_t *t = fx_type(f, type);
    warden_component_val_t v = fx_value(f, t, value);
    warden_val_t flat[WM_FLAT_CAP];
    size_t pos = 0;
    warden_trap_t *trap = NULL;
    assert_true(wm_lower_flat(&f->abi, t, &v, flat, &pos, &trap));
    assert_int_equal(pos, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(flat[i].kind, want[i].kind);
        if (want[i].kind == WARDEN_I32 || want[i].kind == WARDEN_F32) {
            assert_int_equal((uint32_t)flat[i].of.i32, (uint32_t)want[i].of.i32);
        } else {
            assert_int_equal(flat[i].of.i64, want[i].of.i64);
        }
    }
    warden_component_val_delete(&v);
}

static void put32(fixture *f, uint32_t at, uint32_t v)
{
    wm_put_le(fx_mem(f) + at, v, 4);
}

/* ------------------------------------------------------------------------------------------------
 * Scalars
 * ---------------------------------------------------------------------------------------------- */

static void test_bool(void **state)
{
    fixture *f = *state;
    /* convert_int_to_bool: any nonzero is true, from core values and from memory alike. */
    lifts_to(f, "bool", (warden_val_t[]){i32(0)}, 1, "0");
    lifts_to(f, "bool", (warden_val_t[]){i32(1)}, 1, "1");
    lifts_to(f, "bool", (warden_val_t[]){i32(2)}, 1, "1");
    lifts_to(f, "bool", (warden_val_t[]){i32(0xffffffff)}, 1, "1");
    fx_mem(f)[10] = 2;
    loads_to(f, "bool", 10, "1");
    fx_mem(f)[10] = 0x80;
    loads_to(f, "bool", 10, "1");
    lowers_to(f, "bool", "1", (warden_val_t[]){i32(1)}, 1);
}

static void test_integers(void **state)
{
    fixture *f = *state;
    /* Core values wrap to the type's width. */
    lifts_to(f, "u8", (warden_val_t[]){i32(256)}, 1, "0");
    lifts_to(f, "u8", (warden_val_t[]){i32(0xffffff80)}, 1, "128");
    lifts_to(f, "s8", (warden_val_t[]){i32(255)}, 1, "-1");
    lifts_to(f, "s8", (warden_val_t[]){i32(0xffffff7f)}, 1, "127");
    lifts_to(f, "u16", (warden_val_t[]){i32(0x18000)}, 1, "32768");
    lifts_to(f, "s16", (warden_val_t[]){i32(0x18000)}, 1, "-32768");
    lifts_to(f, "s32", (warden_val_t[]){i32(0x80000000)}, 1, "-2147483648");
    lifts_to(f, "u64", (warden_val_t[]){i64(UINT64_MAX)}, 1, "18446744073709551615");
    lifts_to(f, "s64", (warden_val_t[]){i64(UINT64_MAX)}, 1, "-1");
    /* Signed values lower sign-extended to 32 bits. */
    lowers_to(f, "s8", "-1", (warden_val_t[]){i32(0xffffffff)}, 1);
    lowers_to(f, "s16", "-2", (warden_val_t[]){i32(0xfffffffe)}, 1);
    lowers_to(f, "u16", "65535", (warden_val_t[]){i32(0xffff)}, 1);
    lowers_to(f, "s64", "-3", (warden_val_t[]){i64(UINT64_MAX - 2)}, 1);
    /* Memory: little-endian, the type's width. */
    memcpy(fx_mem(f) + 16, "\xfe\xff\xff\xff\x01\x02\x03\x04", 8);
    loads_to(f, "s16", 16, "-2");
    loads_to(f, "u32", 16, "4294967294");
    loads_to(f, "s64", 16, "289077008695033854");
}

static void test_char(void **state)
{
    fixture *f = *state;
    const uint32_t bad[] = {0xd800, 0xdbff, 0xdc00, 0xdfff, 0x110000, 0xffffffff};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lift_traps(f, "char", (warden_val_t[]){i32(bad[i])}, 1, "invalid `char` bit pattern");
        put32(f, 8, bad[i]);
        load_traps(f, "char", 8, "invalid `char` bit pattern");
    }
    lifts_to(f, "char", (warden_val_t[]){i32(0xd7ff)}, 1, "55295");
    lifts_to(f, "char", (warden_val_t[]){i32(0xe000)}, 1, "57344");
    lifts_to(f, "char", (warden_val_t[]){i32(0x10ffff)}, 1, "1114111");
    lifts_to(f, "char", (warden_val_t[]){i32(0)}, 1, "0");
}

static void test_floats(void **state)
{
    fixture *f = *state;
    /* The deterministic profile: every NaN lifts and lowers as the canonical one. */
    const uint32_t nan32[] = {0x7fc00001, 0x7fe00000, 0x7fffffff,
                              0xffffffff, 0x7f800001, 0xffc00000};
    for (size_t i = 0; i < sizeof nan32 / sizeof nan32[0]; i++) {
        lifts_to(f, "f32", (warden_val_t[]){f32b(nan32[i])}, 1, "7fc00000");
        put32(f, 4, nan32[i]);
        loads_to(f, "f32", 4, "7fc00000");
        char text[16];
        snprintf(text, sizeof text, "%08x", nan32[i]);
        lowers_to(f, "f32", text, (warden_val_t[]){f32b(0x7fc00000)}, 1);
        const warden_component_type_t *t = fx_type(f, "f32");
        warden_component_val_t v = fx_value(f, t, text);
        warden_trap_t *trap = NULL;
        assert_true(wm_store(&f->abi, t, &v, 32, &trap));
        assert_int_equal(wm_get_le(fx_mem(f) + 32, 4), 0x7fc00000);
    }
    lifts_to(f, "f64", (warden_val_t[]){{.kind = WARDEN_F64, .of.f64_bits = 0xfff0000000000001}}, 1,
             "7ff8000000000000");
    lowers_to(f, "f64", "7ff0000000000001",
              (warden_val_t[]){{.kind = WARDEN_F64, .of.f64_bits = 0x7ff8000000000000}}, 1);
    /* Everything else keeps its bits: -0, infinities, subnormals. */
    const uint32_t keep[] = {0x80000000, 0x7f800000, 0xff800000, 0x00000001, 0x3fc00000};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        char text[16];
        snprintf(text, sizeof text, "%08x", keep[i]);
        lifts_to(f, "f32", (warden_val_t[]){f32b(keep[i])}, 1, text);
        lowers_to(f, "f32", text, (warden_val_t[]){f32b(keep[i])}, 1);
    }
}

/* ------------------------------------------------------------------------------------------------
 * Variants and flags
 * ---------------------------------------------------------------------------------------------- */

static void test_discriminants(void **state)
{
    fixture *f = *state;
    const char *msg = "invalid variant discriminant";
    lift_traps(f, "variant 3 u8 f32 _", (warden_val_t[]){i32(3), i32(0)}, 2, msg);
    lift_traps(f, "variant 3 u8 f32 _", (warden_val_t[]){i32(0xffffffff), i32(0)}, 2, msg);
    lift_traps(f, "enum 2", (warden_val_t[]){i32(2)}, 1, msg);
    lift_traps(f, "option u8", (warden_val_t[]){i32(2), i32(0)}, 2, msg);
    lift_traps(f, "result _ _", (warden_val_t[]){i32(2)}, 1, msg);
    lifts_to(f, "variant 3 u8 f32 _", (warden_val_t[]){i32(2), i32(0xffffffff)}, 2, "2");
    fx_mem(f)[40] = 2;
    load_traps(f, "enum 2", 40, msg);
    load_traps(f, "option string", 40, msg);
    loads_to(f, "enum 3", 40, "2");
    /* More than 256 cases: a 16-bit discriminant. */
    wm_put_le(fx_mem(f) + 40, 300, 2);
    load_traps(f, "enum 300", 40, msg);
    wm_put_le(fx_mem(f) + 40, 299, 2);
    loads_to(f, "enum 300", 40, "299");
    /* Only the discriminant's own bytes count. */
    wm_put_le(fx_mem(f) + 40, 0xff01, 2);
    loads_to(f, "enum 2", 40, "1");
}

static void test_variant_coercions(void **state)
{
    fixture *f = *state;
    /* f32 joined with i32: lowered as its bits in an i32, lifted back from them. */
    lowers_to(f, "variant 2 f32 u32", "0 4048f5c3", (warden_val_t[]){i32(0), i32(0x4048f5c3)}, 2);
    lifts_to(f, "variant 2 f32 u32", (warden_val_t[]){i32(0), i32(0x4048f5c3)}, 2, "0 4048f5c3");
    lifts_to(f, "variant 2 f32 u32", (warden_val_t[]){i32(0), i32(0x7fc00001)}, 2, "0 7fc00000");
    /* i32 joined with i64: zero-extended down, wrapped back up. */
    lowers_to(f, "variant 2 s32 u64", "0 -1", (warden_val_t[]){i32(0), i64(0xffffffff)}, 2);
    lifts_to(f, "variant 2 s32 u64", (warden_val_t[]){i32(0), i64(0x1234567800000007)}, 2, "0 7");
    /* f32 and f64 joined with i64. */
    lowers_to(f, "variant 2 f32 f64", "0 3f800000", (warden_val_t[]){i32(0), i64(0x3f800000)}, 2);
    lowers_to(f, "variant 2 f32 f64", "1 3ff0000000000000",
              (warden_val_t[]){i32(1), i64(0x3ff0000000000000)}, 2);
    lifts_to(f, "variant 2 f32 f64", (warden_val_t[]){i32(0), i64(0xffffffff3f800000)}, 2,
             "0 3f800000");
    lifts_to(f, "variant 2 f32 f64", (warden_val_t[]){i32(1), i64(0x3ff0000000000000)}, 2,
             "1 3ff0000000000000");
    /* The positions a case does not use are zeros, and ignored when lifted. */
    lowers_to(f, "variant 2 tuple 2 u8 u8 _", "1", (warden_val_t[]){i32(1), i32(0), i32(0)}, 3);
    lifts_to(f, "variant 2 tuple 2 u8 u8 _", (warden_val_t[]){i32(1), i32(7), i32(9)}, 3, "1");
    lowers_to(f, "option f64", "0", (warden_val_t[]){i32(0), {.kind = WARDEN_F64}}, 2);
}

static void test_flags(void **state)
{
    fixture *f = *state;
    /* Bits beyond the labels are ignored. */
    lifts_to(f, "flags 2", (warden_val_t[]){i32(0xfffffffe)}, 1, "2");
    lifts_to(f, "flags 2", (warden_val_t[]){i32(4)}, 1, "0");
    lifts_to(f, "flags 32", (warden_val_t[]){i32(0xffffffff)}, 1, "4294967295");
    fx_mem(f)[50] = 0xff;
    fx_mem(f)[51] = 0x03;
    loads_to(f, "flags 9", 50, "511");
    loads_to(f, "flags 3", 50, "7");
    lowers_to(f, "flags 17", "65537", (warden_val_t[]){i32(65537)}, 1);
}

/* ------------------------------------------------------------------------------------------------
 * Memory: pointers, lists, realloc
 * ---------------------------------------------------------------------------------------------- */

static void test_pointers(void **state)
{
    fixture *f = *state;
    load_traps(f, "u32", 2, "unaligned pointer");
    load_traps(f, "u32", 65534, "unaligned pointer");
    load_traps(f, "u32", 65536, "pointer out of bounds of memory");
    load_traps(f, "u64", 0xfffffff8, "pointer out of bounds of memory");
    loads_to(f, "u32", 65532, "0");
    const warden_component_type_t *t = fx_type(f, "u16");
    warden_component_val_t v = fx_value(f, t, "7");
    warden_trap_t *trap = NULL;
    fx_trapped(wm_store(&f->abi, t, &v, 1, &trap), &trap, "unaligned pointer");
    fx_trapped(wm_store(&f->abi, t, &v, 65536, &trap), &trap, "pointer out of bounds of memory");
    assert_true(wm_store(&f->abi, t, &v, 65534, &trap));
    assert_int_equal(fx_mem(f)[65534], 7);
}

static void test_lists(void **state)
{
    fixture *f = *state;
    put32(f, 100, 1);
    put32(f, 104, 2);
    lifts_to(f, "list u32", (warden_val_t[]){i32(100), i32(2)}, 2, "2 1 2");
    lift_traps(f, "list u32", (warden_val_t[]){i32(102), i32(1)}, 2, "unaligned pointer");
    /* Misaligned even when empty. */
    lift_traps(f, "list u32", (warden_val_t[]){i32(102), i32(0)}, 2, "unaligned pointer");
    lift_traps(f, "list u32", (warden_val_t[]){i32(65532), i32(2)}, 2,
               "list pointer/length out of bounds of memory");
    lift_traps(f, "list u32", (warden_val_t[]){i32(0), i32(0x4000000)}, 2, "list length too large");
    lift_traps(f, "list u8", (warden_val_t[]){i32(0), i32(0x10000000)}, 2, "list length too large");
    lift_traps(f, "list u8", (warden_val_t[]){i32(1), i32(0xfffffff)}, 2,
               "list pointer/length out of bounds of memory");
    /* An empty list at the very end is in bounds; one past it is not. */
    lifts_to(f, "list u8", (warden_val_t[]){i32(65536), i32(0)}, 2, "0");
    lift_traps(f, "list u8", (warden_val_t[]){i32(65537), i32(0)}, 2,
               "list pointer/length out of bounds of memory");
    f->abi.fused = true;
    lift_traps(f, "list u32", (warden_val_t[]){i32(65532), i32(2)}, 2,
               "list content out-of-bounds");
    lift_traps(f, "list u32", (warden_val_t[]){i32(2), i32(2)}, 2, "unaligned pointer");
}

/* list<u8> lifts as BYTES (one copy), and lowers from BYTES or from a LIST of U8 alike. */
static void test_bytes(void **state)
{
    fixture *f = *state;
    const warden_component_type_t *t = fx_type(f, "list u8");
    uint8_t *mem = fx_mem(f);
    mem[200] = 7, mem[201] = 0, mem[202] = 255;
    warden_component_val_t got;
    warden_trap_t *trap = NULL;
    assert_true(lift(f, t, (warden_val_t[]){i32(200), i32(3)}, 2, &got, &trap));
    assert_int_equal(got.kind, WARDEN_COMPONENT_BYTES);
    assert_int_equal(got.of.bytes.len, 3);
    assert_memory_equal(got.of.bytes.ptr, ((uint8_t[]){7, 0, 255}), 3);
    /* The two forms compare equal both ways; a different byte does not. */
    warden_component_val_t list = fx_value(f, t, "3 7 0 255");
    assert_int_equal(list.kind, WARDEN_COMPONENT_LIST);
    assert_true(warden_component_val_equal(&got, &list));
    assert_true(warden_component_val_equal(&list, &got));
    list.of.list.ptr[2].of.u8 = 254;
    assert_false(warden_component_val_equal(&got, &list));
    warden_component_val_delete(&list);
    /* Copies keep the form. */
    warden_component_val_t copy = {.kind = WARDEN_COMPONENT_BOOL};
    assert_null(warden_component_val_copy(&got, &copy));
    assert_int_equal(copy.kind, WARDEN_COMPONENT_BYTES);
    assert_true(warden_component_val_equal(&got, &copy));
    warden_component_val_delete(&copy);
    /* Lowering BYTES: realloc(0, 0, 1, 3), then the bytes at the pointer it gave. */
    fx_bump(f, 1000);
    warden_val_t flat[2];
    size_t pos = 0;
    assert_true(wm_lower_flat(&f->abi, t, &got, flat, &pos, &trap));
    assert_int_equal(pos, 2);
    assert_int_equal(flat[1].of.i32, 3);
    mem = fx_mem(f);
    assert_memory_equal(mem + (uint32_t)flat[0].of.i32, ((uint8_t[]){7, 0, 255}), 3);
    assert_null(wm_val_check(t, &got));
    /* BYTES is only a list<u8>. */
    assert_non_null(wm_val_check(fx_type(f, "list u16"), &got));
    assert_non_null(wm_val_check(fx_type(f, "string"), &got));
    warden_component_val_delete(&got);
    /* The builder copies. */
    uint8_t data[2] = {1, 2};
    warden_component_val_t b = {.kind = WARDEN_COMPONENT_BOOL};
    assert_null(warden_component_val_set_bytes(&b, data, 2));
    data[0] = 9;
    assert_int_equal(b.of.bytes.ptr[0], 1);
    warden_component_val_delete(&b);
    assert_int_equal(b.kind, WARDEN_COMPONENT_BOOL);
}

static void test_realloc_protocol(void **state)
{
    fixture *f = *state;
    fx_bump(f, 1001);
    lowers_to(f, "list u32", "2 7 8", (warden_val_t[]){i32(1004), i32(2)}, 2);
    assert_int_equal(f->rig.heap.nlog, 1);
    realloc_call c = f->rig.heap.log[0];
    assert_true(c.old == 0 && c.old_size == 0 && c.align == 4 && c.new_size == 8);
    assert_int_equal(wm_get_le(fx_mem(f) + 1004, 4), 7);
    assert_int_equal(wm_get_le(fx_mem(f) + 1008, 4), 8);
    /* An empty list still calls realloc(0, 0, align, 0). */
    fx_bump(f, 2000);
    lowers_to(f, "list u64", "0", (warden_val_t[]){i32(2000), i32(0)}, 2);
    assert_int_equal(f->rig.heap.nlog, 1);
    assert_int_equal(f->rig.heap.log[0].align, 8);
    assert_int_equal(f->rig.heap.log[0].new_size, 0);
    /* Nested lists: the outer one's memory first, then each element's. */
    fx_bump(f, 0);
    lowers_to(f, "list list u8", "2 1 5 2 6 7", (warden_val_t[]){i32(0), i32(2)}, 2);
    assert_int_equal(f->rig.heap.nlog, 3);
    assert_int_equal(f->rig.heap.log[0].new_size, 16);
    assert_int_equal(f->rig.heap.log[1].new_size, 1);
    assert_int_equal(f->rig.heap.log[2].new_size, 2);
    assert_memory_equal(fx_mem(f), "\x10\0\0\0\x01\0\0\0\x11\0\0\0\x02\0\0\0\x05\x06\x07", 19);
}

static void lower_list_traps(fixture *f, const char *type, const char *value, uint32_t bad,
                             const char *msg)
{
    fx_bad(f, 0, bad);
    const warden_component_type_t *t = fx_type(f, type);
    warden_component_val_t v = fx_value(f, t, value);
    warden_val_t flat[2];
    size_t pos = 0;
    warden_trap_t *trap = NULL;
    fx_trapped(wm_lower_flat(&f->abi, t, &v, flat, &pos, &trap), &trap, msg);
    warden_component_val_delete(&v);
    f->rig.heap.mode = 'b';
}

static void test_realloc_results(void **state)
{
    fixture *f = *state;
    /* From the host: realloc's own messages; the alignment is checked first. */
    lower_list_traps(f, "list u32", "2 1 2", 0xffffffff, "realloc return: result not aligned");
    lower_list_traps(f, "list u32", "2 1 2", 0xfffffffc, "realloc return: beyond end of memory");
    lower_list_traps(f, "list u32", "0", 0xfffffffc, "realloc return: beyond end of memory");
    lower_list_traps(f, "list u32", "1 1", 65534, "realloc return: result not aligned");
    lower_list_traps(f, "list u32", "1 1", 65536, "realloc return: beyond end of memory");
    lower_list_traps(f, "string", "s6869", 65535, "realloc return: beyond end of memory");
    f->abi.encoding = WM_UTF16;
    lower_list_traps(f, "string", "s6869", 65533, "realloc return: result not aligned");
    /* Between components: the adapter's messages. */
    f->abi.fused = true;
    f->abi.encoding = WM_UTF8;
    lower_list_traps(f, "list u32", "2 1 2", 0xffffffff, "unaligned pointer");
    lower_list_traps(f, "list u8", "0", 0xffffffff, "list content out-of-bounds");
    lower_list_traps(f, "string", "s6869", 65535, "string content out-of-bounds");
    /* A realloc that returns an in-bounds pointer for an empty list at the very end is fine. */
    fx_bad(f, 0, 65536);
    lowers_to(f, "list u8", "0", (warden_val_t[]){i32(65536), i32(0)}, 2);
    f->rig.heap.mode = 'b';
}

static warden_trap_t *no_params(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env;
    (void)caller;
    (void)args;
    (void)nargs;
    (void)nresults;
    results[0].of.i32 = 0;
    return NULL;
}

static void test_realloc_failures(void **state)
{
    fixture *f = *state;
    /* realloc's own trap ends the lowering. */
    fx_bump(f, 65530);
    const warden_component_type_t *lt = fx_type(f, "list u64");
    warden_component_val_t lv = fx_value(f, lt, "1 1");
    warden_val_t lflat[2];
    size_t lpos = 0;
    warden_trap_t *ltrap = NULL;
    fx_trapped(wm_lower_flat(&f->abi, lt, &lv, lflat, &lpos, &ltrap), &ltrap,
               "realloc: out of memory");
    warden_component_val_delete(&lv);
    /* Options without realloc or memory. */
    const warden_component_type_t *t = fx_type(f, "string");
    warden_component_val_t v = fx_value(f, t, "s61");
    warden_val_t flat[2];
    size_t pos = 0;
    warden_trap_t *trap = NULL;
    wm_abi abi = f->abi;
    abi.realloc = NULL;
    fx_trapped(wm_lower_flat(&abi, t, &v, flat, &pos, &trap), &trap,
               "canonical options name no realloc function");
    abi = f->abi;
    abi.memory = NULL;
    warden_component_val_t got;
    fx_trapped(wm_lift_flat(&abi, t, (warden_val_t[]){i32(0), i32(0)}, 2, &pos, &got, &trap), &trap,
               "canonical options name no memory");
    /* A realloc of the wrong type cannot be called: a trap, not a crash. */
    static const warden_valkind_t r[1] = {WARDEN_I32};
    warden_functype_t type = {0, 1, NULL, r};
    warden_func_t *wrong;
    assert_null(warden_func_new(f->rig.store, &type, no_params, NULL, NULL, &wrong));
    abi = f->abi;
    abi.realloc = wrong;
    assert_false(wm_lower_flat(&abi, t, &v, flat, &pos, &trap));
    assert_non_null(trap);
    assert_non_null(strstr(warden_trap_message(trap), "realloc could not be called"));
    warden_trap_delete(trap);
    warden_component_val_delete(&v);
}

static void test_memory_grows(void **state)
{
    fixture *f = *state;
    /* realloc grows the memory from one page to two: the lowering must see the new size. */
    f->rig.heap.mode = 'g';
    f->rig.heap.last = 65530;
    f->rig.heap.max_pages = 2;
    lowers_to(f, "list u64", "3 1 2 3", (warden_val_t[]){i32(65536), i32(3)}, 2);
    assert_int_equal(warden_memory_size(f->rig.memory), 2 * 65536);
    assert_int_equal(wm_get_le(fx_mem(f) + 65536 + 16, 8), 3);
    /* And the grown memory is read back. */
    lifts_to(f, "list u64", (warden_val_t[]){i32(65536), i32(3)}, 2, "3 1 2 3");
    f->rig.heap.mode = 'b';
}

/* ------------------------------------------------------------------------------------------------
 * Resources
 * ---------------------------------------------------------------------------------------------- */

typedef struct handles {
    int lifts, lowers;
    uint32_t last_id, last_index;
    bool last_own;
    bool refuse, refuse_silently;
} handles;

static warden_component_resource_t *fake_resource(uint32_t index)
{
    static char pool[64];
    return (warden_component_resource_t *)(void *)&pool[index % 64];
}

static bool lift_handle(void *env, uint32_t id, bool own, uint32_t index,
                        warden_component_resource_t **out, warden_trap_t **trap)
{
    handles *h = env;
    h->lifts++;
    h->last_id = id;
    h->last_own = own;
    h->last_index = index;
    if (h->refuse) {
        if (!h->refuse_silently) *trap = warden_trap_new("unknown handle index");
        return false;
    }
    *out = fake_resource(index);
    return true;
}

static bool lower_handle(void *env, uint32_t id, bool own, warden_component_resource_t *res,
                         uint32_t *index, warden_trap_t **trap)
{
    handles *h = env;
    h->lowers++;
    h->last_id = id;
    h->last_own = own;
    if (h->refuse) {
        if (!h->refuse_silently) *trap = warden_trap_new("resource of another type");
        return false;
    }
    *index = (uint32_t)((char *)(void *)res - (char *)(void *)fake_resource(0)) + 100;
    return true;
}

static void test_resources(void **state)
{
    fixture *f = *state;
    handles h = {0};
    f->abi.lift_handle = lift_handle;
    f->abi.lower_handle = lower_handle;
    f->abi.handle_env = &h;
    warden_component_type_t own = {.kind = WARDEN_COMPONENT_OWN, .resource = 3};
    warden_component_type_t borrow = {.kind = WARDEN_COMPONENT_BORROW, .resource = 4};
    assert_true(wm_type_finish(&own));
    assert_true(wm_type_finish(&borrow));
    assert_int_equal(own.size, 4);

    warden_component_val_t v;
    warden_trap_t *trap = NULL;
    size_t pos = 0;
    assert_true(wm_lift_flat(&f->abi, &own, (warden_val_t[]){i32(5)}, 1, &pos, &v, &trap));
    assert_int_equal(v.kind, WARDEN_COMPONENT_OWN);
    assert_ptr_equal(v.of.resource, fake_resource(5));
    assert_true(h.last_own && h.last_id == 3 && h.last_index == 5);
    warden_val_t flat[1];
    pos = 0;
    assert_true(wm_lower_flat(&f->abi, &own, &v, flat, &pos, &trap));
    assert_int_equal(flat[0].of.i32, 105);
    assert_true(h.last_own);

    put32(f, 8, 7);
    assert_true(wm_load(&f->abi, &borrow, 8, &v, &trap));
    assert_int_equal(v.kind, WARDEN_COMPONENT_BORROW);
    assert_false(h.last_own);
    assert_int_equal(h.last_id, 4);
    assert_true(wm_store(&f->abi, &borrow, &v, 12, &trap));
    assert_int_equal(wm_get_le(fx_mem(f) + 12, 4), 107);

    /* The hook's trap goes through; a refusal without one gets a message. */
    h.refuse = true;
    pos = 0;
    fx_trapped(wm_lift_flat(&f->abi, &own, (warden_val_t[]){i32(5)}, 1, &pos, &v, &trap), &trap,
               "unknown handle index");
    fx_trapped(wm_store(&f->abi, &borrow,
                        &(warden_component_val_t){.kind = WARDEN_COMPONENT_BORROW,
                                                  .of.resource = fake_resource(1)},
                        12, &trap),
               &trap, "resource of another type");
    h.refuse_silently = true;
    fx_trapped(wm_load(&f->abi, &own, 8, &v, &trap), &trap, "invalid resource handle");
    /* No hooks: a trap. */
    f->abi.lift_handle = NULL;
    f->abi.lower_handle = NULL;
    fx_trapped(wm_load(&f->abi, &own, 8, &v, &trap), &trap,
               "resource handles are not supported here");
    pos = 0;
    fx_trapped(wm_lower_flat(&f->abi, &own,
                             &(warden_component_val_t){.kind = WARDEN_COMPONENT_OWN,
                                                       .of.resource = fake_resource(1)},
                             flat, &pos, &trap),
               &trap, "resource handles are not supported here");
    /* The value must hold a resource of the same kind. */
    assert_null(wm_val_check(&own, &(warden_component_val_t){.kind = WARDEN_COMPONENT_OWN,
                                                             .of.resource = fake_resource(1)}));
    assert_non_null(wm_val_check(&own, &(warden_component_val_t){.kind = WARDEN_COMPONENT_OWN}));
    assert_non_null(wm_val_check(&own, &(warden_component_val_t){.kind = WARDEN_COMPONENT_BORROW,
                                                                 .of.resource = fake_resource(1)}));
}

/* ------------------------------------------------------------------------------------------------
 * Checking and mismatched values
 * ---------------------------------------------------------------------------------------------- */

static void test_val_check(void **state)
{
    fixture *f = *state;
    const warden_component_type_t *t =
        fx_type(f, "record 4 list string variant 2 u8 _ flags 4 tuple 2 char option s8");
    warden_component_val_t v = fx_value(f, t, "2 s68 s 0 9 10 65 1 -3");
    assert_null(wm_val_check(t, &v));
    warden_component_val_t *fields[4];
    for (uint32_t i = 0; i < 4; i++) fields[i] = &v.of.record.ptr[i].val;

    /* A field renamed. */
    char *name = v.of.record.ptr[1].name;
    v.of.record.ptr[1].name = (char *)"other";
    assert_non_null(wm_val_check(t, &v));
    v.of.record.ptr[1].name = name;
    /* An invalid char. */
    fields[3]->of.list.ptr[0].of.ch = 0xd800;
    assert_non_null(wm_val_check(t, &v));
    fields[3]->of.list.ptr[0].of.ch = 65;
    /* A string that is not UTF-8. */
    fields[0]->of.list.ptr[0].of.string.ptr[0] = (char)0xff;
    assert_non_null(wm_val_check(t, &v));
    fields[0]->of.list.ptr[0].of.string.ptr[0] = 'h';
    /* A variant case that does not exist, a payload missing. */
    char *cname = fields[1]->of.variant.name;
    fields[1]->of.variant.name = (char *)"c9";
    assert_non_null(wm_val_check(t, &v));
    fields[1]->of.variant.name = cname;
    warden_component_val_t *payload = fields[1]->of.variant.payload;
    fields[1]->of.variant.payload = NULL;
    assert_non_null(wm_val_check(t, &v));
    fields[1]->of.variant.payload = payload;
    /* Flags out of order, repeated, unknown. */
    char **names = fields[2]->of.flags.names;
    char *tmp = names[0];
    names[0] = names[1];
    names[1] = tmp;
    assert_non_null(wm_val_check(t, &v));
    names[1] = names[0];
    assert_non_null(wm_val_check(t, &v));
    names[1] = (char *)"g7";
    assert_non_null(wm_val_check(t, &v));
    names[1] = tmp;
    assert_non_null(wm_val_check(t, &v)); /* g3 then g0: still out of order */
    names[1] = names[0];
    names[0] = tmp;
    assert_null(wm_val_check(t, &v));
    /* A tuple of another length, a value of another kind. */
    fields[3]->of.list.len = 1;
    assert_non_null(wm_val_check(t, &v));
    fields[3]->of.list.len = 2;
    fields[3]->of.list.ptr[1].kind = WARDEN_COMPONENT_U8;
    assert_non_null(wm_val_check(t, &v));
    fields[3]->of.list.ptr[1].kind = WARDEN_COMPONENT_OPTION;
    assert_null(wm_val_check(t, &v));
    /* An option's payload of the wrong type. */
    fields[3]->of.list.ptr[1].of.payload->kind = WARDEN_COMPONENT_U8;
    assert_non_null(wm_val_check(t, &v));
    fields[3]->of.list.ptr[1].of.payload->kind = WARDEN_COMPONENT_S8;
    assert_null(wm_val_check(t, &v));
    warden_component_val_delete(&v);

    const warden_component_type_t *r = fx_type(f, "result _ u8");
    warden_component_val_t ok = fx_value(f, r, "0");
    assert_null(wm_val_check(r, &ok));
    ok.of.result.is_err = true; /* err needs a payload */
    assert_non_null(wm_val_check(r, &ok));
    const warden_component_type_t *e = fx_type(f, "enum 2");
    warden_component_val_t ev = fx_value(f, e, "1");
    assert_null(wm_val_check(e, &ev));
    warden_component_val_delete(&ev);
    assert_non_null(wm_val_check(NULL, &ok));
    assert_non_null(wm_val_check(r, NULL));
}

static void test_mismatched_values(void **state)
{
    fixture *f = *state;
    /* Lowering trusts wm_val_check, but a value that does not match still only traps. */
    const char *msg = "value does not match its type";
    warden_val_t flat[WM_FLAT_CAP];
    size_t pos = 0;
    warden_trap_t *trap = NULL;
    const warden_component_type_t *t = fx_type(f, "record 2 u8 variant 2 u8 _");
    warden_component_val_t v = fx_value(f, t, "1 0 2");
    v.of.record.ptr[0].val.kind = WARDEN_COMPONENT_S8;
    fx_trapped(wm_lower_flat(&f->abi, t, &v, flat, &pos, &trap), &trap, msg);
    fx_trapped(wm_store(&f->abi, t, &v, 0, &trap), &trap, msg);
    v.of.record.ptr[0].val.kind = WARDEN_COMPONENT_U8;
    v.of.record.ptr[1].val.of.variant.name[1] = '7';
    pos = 0;
    fx_trapped(wm_lower_flat(&f->abi, t, &v, flat, &pos, &trap), &trap, msg);
    v.of.record.ptr[1].val.of.variant.name[1] = '1'; /* c1 has no payload, but one is there */
    pos = 0;
    fx_trapped(wm_lower_flat(&f->abi, t, &v, flat, &pos, &trap), &trap, msg);
    v.of.record.len = 1;
    pos = 0;
    fx_trapped(wm_lower_flat(&f->abi, t, &v, flat, &pos, &trap), &trap, msg);
    v.of.record.len = 2;
    warden_component_val_delete(&v);

    const warden_component_type_t *fl = fx_type(f, "flags 3");
    warden_component_val_t fv = fx_value(f, fl, "5");
    fv.of.flags.names[0][0] = 'x';
    pos = 0;
    fx_trapped(wm_lower_flat(&f->abi, fl, &fv, flat, &pos, &trap), &trap, msg);
    warden_component_val_delete(&fv);

    warden_component_val_t bad_char = {.kind = WARDEN_COMPONENT_CHAR, .of.ch = 0xdc00};
    pos = 0;
    fx_trapped(
        wm_lower_flat(&f->abi, wm_type_scalar(WARDEN_COMPONENT_CHAR), &bad_char, flat, &pos, &trap),
        &trap, msg);
    /* Host strings that are not UTF-8 are never transcoded. */
    f->abi.encoding = WM_UTF16;
    warden_component_val_t s = {.kind = WARDEN_COMPONENT_STRING,
                                .of.string = {.ptr = (char *)"\xc3", .len = 1}};
    pos = 0;
    fx_trapped(
        wm_lower_flat(&f->abi, wm_type_scalar(WARDEN_COMPONENT_STRING), &s, flat, &pos, &trap),
        &trap, "invalid utf-8");
}

static void test_host_limits(void **state)
{
    fixture *f = *state;
    warden_val_t flat[2];
    size_t pos = 0;
    warden_trap_t *trap = NULL;
    /* A host string past MAX_STRING_BYTE_LENGTH could never have been lifted: refused before
     * realloc is called. */
    size_t len = WM_MAX_STRING_BYTE_LENGTH + 1;
    char *big = calloc(len, 1);
    assert_non_null(big);
    warden_component_val_t s = {.kind = WARDEN_COMPONENT_STRING, .of.string = {big, len}};
    fx_bump(f, 0);
    fx_trapped(
        wm_lower_flat(&f->abi, wm_type_scalar(WARDEN_COMPONENT_STRING), &s, flat, &pos, &trap),
        &trap, "string length too large");
    assert_int_equal(f->rig.heap.nlog, 0);
    free(big);
    /* Likewise a list past MAX_LIST_BYTE_LENGTH: 2^17 elements of 2 KiB. */
    char text[1100] = "list tuple 256";
    for (int i = 0; i < 256; i++) strcat(text, " u64");
    const warden_component_type_t *t = fx_type(f, text);
    assert_int_equal(t->elems[0]->size, 2048);
    warden_component_val_t l = {.kind = WARDEN_COMPONENT_BOOL};
    assert_null(warden_component_val_set_list(&l, WARDEN_COMPONENT_LIST, 131072));
    pos = 0;
    fx_trapped(wm_lower_flat(&f->abi, t, &l, flat, &pos, &trap), &trap, "list length too large");
    assert_int_equal(f->rig.heap.nlog, 0);
    warden_component_val_delete(&l);
}

static void test_too_flat(void **state)
{
    fixture *f = *state;
    const warden_component_type_t *t =
        fx_type(f, "tuple 17 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8");
    warden_val_t flat[WM_FLAT_CAP];
    for (int i = 0; i < WM_FLAT_CAP; i++) flat[i] = i32(0);
    warden_component_val_t v;
    size_t pos = 0;
    warden_trap_t *trap = NULL;
    fx_trapped(wm_lift_flat(&f->abi, t, flat, 17, &pos, &v, &trap), &trap,
               "type too large for core values");
    warden_component_val_t w = fx_value(f, t, "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    fx_trapped(wm_lower_flat(&f->abi, t, &w, flat, &pos, &trap), &trap,
               "type too large for core values");
    warden_component_val_delete(&w);
    /* Core values of the wrong kind, or too few. */
    lift_traps(f, "u32", (warden_val_t[]){i64(1)}, 1, "core values do not match the type");
    lift_traps(f, "string", (warden_val_t[]){i32(1)}, 1, "core values do not match the type");
    lift_traps(f, "variant 2 u8 u64", (warden_val_t[]){i32(0), i32(1)}, 2,
               "core values do not match the type");
}

static void test_partial_lift(void **state)
{
    fixture *f = *state;
    /* Values lifted before the trap are freed (ASan's leak check watches), *out is false. */
    memcpy(fx_mem(f) + 200, "abc", 3);
    lift_traps(f, "record 3 string list string char",
               (warden_val_t[]){i32(200), i32(3), i32(0), i32(0), i32(0xd800)}, 5,
               "invalid `char` bit pattern");
    put32(f, 300, 200);
    put32(f, 304, 3);
    put32(f, 308, 200);
    put32(f, 312, 70000);
    lift_traps(f, "list string", (warden_val_t[]){i32(300), i32(2)}, 2,
               "string pointer/length out of bounds of memory");
}

/* ------------------------------------------------------------------------------------------------
 * Calls
 * ---------------------------------------------------------------------------------------------- */

static warden_component_functype_t *fn(fixture *f, const char *text)
{
    toks t;
    toks_split(&f->arena, arena_strdup(&f->arena, text), &t);
    warden_component_functype_t *ft = parse_functype(&f->arena, &t);
    assert_non_null(ft);
    return ft;
}

static void test_spilled_params(void **state)
{
    fixture *f = *state;
    warden_component_functype_t *ft =
        fn(f, "17 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u8 _");
    assert_true(ft->params_in_memory);
    warden_component_val_t args[17];
    for (uint32_t i = 0; i < 17; i++) {
        args[i] = (warden_component_val_t){.kind = WARDEN_COMPONENT_U32, .of.u32 = i * 10};
    }
    args[16] = (warden_component_val_t){.kind = WARDEN_COMPONENT_U8, .of.u8 = 9};
    warden_val_t core[1];
    warden_trap_t *trap = NULL;
    fx_bump(f, 1002);
    assert_true(wm_lower_args(&f->abi, ft, args, core, &trap));
    assert_int_equal(core[0].of.i32, 1004);
    realloc_call c = f->rig.heap.log[0];
    assert_true(c.old == 0 && c.old_size == 0 && c.align == 4 && c.new_size == 68);
    assert_int_equal(wm_get_le(fx_mem(f) + 1004 + 4 * 15, 4), 150);
    assert_int_equal(fx_mem(f)[1004 + 64], 9);

    /* Lifted back from the pointer. */
    warden_component_val_t out[17];
    assert_true(wm_lift_args(&f->abi, ft, core, 1, out, &trap));
    for (uint32_t i = 0; i < 17; i++) {
        assert_true(val_same(&out[i], &args[i]));
        warden_component_val_delete(&out[i]);
    }
    fx_trapped(wm_lift_args(&f->abi, ft, (warden_val_t[]){i32(1006)}, 1, out, &trap), &trap,
               "unaligned pointer");
    fx_trapped(wm_lift_args(&f->abi, ft, (warden_val_t[]){i32(65532)}, 1, out, &trap), &trap,
               "pointer out of bounds of memory");
    assert_int_equal(out[0].kind, WARDEN_COMPONENT_BOOL);

    /* The spill's realloc result is checked like any. */
    fx_bad(f, 0, 2);
    fx_trapped(wm_lower_args(&f->abi, ft, args, core, &trap), &trap,
               "realloc return: result not aligned");
    f->abi.fused = true;
    fx_bad(f, 0, 2);
    fx_trapped(wm_lower_args(&f->abi, ft, args, core, &trap), &trap, "unaligned pointer");
    fx_bad(f, 0, 65532);
    fx_trapped(wm_lower_args(&f->abi, ft, args, core, &trap), &trap,
               "pointer out of bounds of memory");
    f->abi.fused = false;
    fx_bad(f, 0, 65532);
    fx_trapped(wm_lower_args(&f->abi, ft, args, core, &trap), &trap,
               "realloc return: beyond end of memory");
    f->rig.heap.mode = 'b';
}

static void test_flat_params(void **state)
{
    fixture *f = *state;
    warden_component_functype_t *ft = fn(f, "3 u8 string f32 u16");
    const warden_component_val_t args[3] = {
        {.kind = WARDEN_COMPONENT_U8, .of.u8 = 200},
        {.kind = WARDEN_COMPONENT_STRING, .of.string = {(char *)"hey", 3}},
        {.kind = WARDEN_COMPONENT_F32, .of.f32 = 1.5f},
    };
    warden_val_t core[4];
    warden_trap_t *trap = NULL;
    fx_bump(f, 500);
    assert_true(wm_lower_args(&f->abi, ft, args, core, &trap));
    assert_int_equal(core[0].of.i32, 200);
    assert_int_equal(core[1].of.i32, 500);
    assert_int_equal(core[2].of.i32, 3);
    assert_int_equal(core[3].kind, WARDEN_F32);
    warden_component_val_t out[3];
    assert_true(wm_lift_args(&f->abi, ft, core, 4, out, &trap));
    for (int i = 0; i < 3; i++) {
        assert_true(val_same(&out[i], &args[i]));
        warden_component_val_delete(&out[i]);
    }
    /* A trap in the second parameter frees the first. */
    core[2] = i32(70000);
    fx_trapped(wm_lift_args(&f->abi, ft, core, 4, out, &trap), &trap,
               "string pointer/length out of bounds of memory");
    /* The flat result. */
    warden_component_val_t r = {.kind = WARDEN_COMPONENT_U16, .of.u16 = 65535};
    warden_val_t res[1];
    assert_true(wm_lower_result(&f->abi, ft, &r, 0xdeadbeef, res, &trap));
    assert_int_equal(res[0].of.i32, 65535);
    warden_component_val_t got;
    assert_true(wm_lift_result(&f->abi, ft, res, 1, &got, &trap));
    assert_true(val_same(&got, &r));
    /* No result: nothing to lift or lower. */
    warden_component_functype_t *none = fn(f, "0 _");
    assert_true(wm_lift_result(&f->abi, none, NULL, 0, &got, &trap));
    assert_int_equal(got.kind, WARDEN_COMPONENT_BOOL);
    assert_true(wm_lower_result(&f->abi, none, NULL, 0, NULL, &trap));
    assert_true(wm_lower_args(&f->abi, none, NULL, NULL, &trap));
}

static void test_return_pointer(void **state)
{
    fixture *f = *state;
    warden_component_functype_t *ft = fn(f, "0 tuple 2 u32 string");
    assert_true(ft->result_in_memory);
    const warden_component_type_t *t = ft->result;
    warden_component_val_t v = fx_value(f, t, "7 s6f6b");
    warden_trap_t *trap = NULL;
    fx_bump(f, 3000);
    /* The caller's return pointer: checked, then written. */
    assert_true(wm_lower_result(&f->abi, ft, &v, 64, NULL, &trap));
    assert_int_equal(wm_get_le(fx_mem(f) + 64, 4), 7);
    assert_int_equal(wm_get_le(fx_mem(f) + 68, 4), 3000);
    assert_int_equal(wm_get_le(fx_mem(f) + 72, 4), 2);
    fx_trapped(wm_lower_result(&f->abi, ft, &v, 66, NULL, &trap), &trap, "unaligned pointer");
    fx_trapped(wm_lower_result(&f->abi, ft, &v, 65528, NULL, &trap), &trap,
               "pointer out of bounds of memory");
    /* The callee's returned pointer. */
    warden_component_val_t got;
    assert_true(wm_lift_result(&f->abi, ft, (warden_val_t[]){i32(64)}, 1, &got, &trap));
    assert_true(val_same(&got, &v));
    warden_component_val_delete(&got);
    fx_trapped(wm_lift_result(&f->abi, ft, (warden_val_t[]){i32(1)}, 1, &got, &trap), &trap,
               "unaligned pointer");
    fx_trapped(wm_lift_result(&f->abi, ft, (warden_val_t[]){i32(65532)}, 1, &got, &trap), &trap,
               "pointer out of bounds of memory");
    fx_trapped(wm_lift_result(&f->abi, ft, NULL, 0, &got, &trap), &trap,
               "core values do not match the type");
    /* A bad string inside: the partial value is freed. */
    put32(f, 72, 1u << 30);
    fx_trapped(wm_lift_result(&f->abi, ft, (warden_val_t[]){i32(64)}, 1, &got, &trap), &trap,
               "string length too large");
    assert_int_equal(got.kind, WARDEN_COMPONENT_BOOL);
    warden_component_val_delete(&v);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(test_bool),
        T(test_integers),
        T(test_char),
        T(test_floats),
        T(test_discriminants),
        T(test_variant_coercions),
        T(test_flags),
        T(test_pointers),
        T(test_bytes),
        T(test_lists),
        T(test_realloc_protocol),
        T(test_realloc_results),
        T(test_realloc_failures),
        T(test_memory_grows),
        T(test_resources),
        T(test_val_check),
        T(test_mismatched_values),
        T(test_host_limits),
        T(test_too_flat),
        T(test_partial_lift),
        T(test_spilled_params),
        T(test_flat_params),
        T(test_return_pointer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
