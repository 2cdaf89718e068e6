/* The binary decoder (src/binary/), the byte reader and UTF-8 check beneath it (src/util/) and
 * the module-level validator (src/compile/validate_module.c). Modules are built as byte arrays. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "binary/module.h"
#include "util/reader.h"
#include "util/utf8.h"

/* ---------------------------------------------------------------------------------------------
 * A small module builder. Section sizes under 128 take one byte, so the contents of a section
 * whose id is at offset k start at k + 2.
 * ------------------------------------------------------------------------------------------- */

typedef struct mod {
    uint8_t b[4096];
    size_t n;
} mod;

static void put(mod *m, const uint8_t *p, size_t n)
{
    assert_true(m->n + n <= sizeof m->b);
    memcpy(m->b + m->n, p, n);
    m->n += n;
}

static void put_u32(mod *m, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        if (v) byte |= 0x80;
        put(m, &byte, 1);
    } while (v);
}

static void mod_init(mod *m)
{
    static const uint8_t hdr[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    m->n = 0;
    put(m, hdr, sizeof hdr);
}

static void section(mod *m, uint8_t id, const uint8_t *c, size_t n)
{
    put(m, &id, 1);
    put_u32(m, (uint32_t)n);
    put(m, c, n);
}

#define SECTION(m, id, ...)                                                                        \
    do {                                                                                           \
        const uint8_t c_[] = {__VA_ARGS__};                                                        \
        section((m), (id), c_, sizeof c_);                                                         \
    } while (0)

#define RAW(m, ...)                                                                                \
    do {                                                                                           \
        const uint8_t c_[] = {__VA_ARGS__};                                                        \
        put((m), c_, sizeof c_);                                                                   \
    } while (0)

#define HDR 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00

enum {
    S_CUSTOM,
    S_TYPE,
    S_IMPORT,
    S_FUNC,
    S_TABLE,
    S_MEM,
    S_GLOBAL,
    S_EXPORT,
    S_START,
    S_ELEM,
    S_CODE,
    S_DATA,
    S_DATACOUNT
};

static wd_module *decode_ok(const uint8_t *b, size_t n)
{
    wd_module *m = NULL;
    wd_decode_error e;
    bool ok = wd_decode(b, n, &m, &e);
    if (!ok)
        print_error("unexpected decode error: %s at %llu\n", e.message,
                    (unsigned long long)e.offset);
    assert_true(ok);
    assert_non_null(m);
    return m;
}

static wd_module *valid_ok(const uint8_t *b, size_t n)
{
    wd_module *m = decode_ok(b, n);
    wd_decode_error e;
    bool ok = wd_validate_module(m, &e);
    if (!ok)
        print_error("unexpected validation error: %s at %llu\n", e.message,
                    (unsigned long long)e.offset);
    assert_true(ok);
    return m;
}

/* Decoding fails with `msg` at `offset`; the error is marked malformed unless the decoder found a
 * validation fault (`malformed` false: a constant expression that is not constant). */
static void decode_fails_as(const uint8_t *b, size_t n, const char *msg, uint64_t offset,
                            bool malformed)
{
    wd_module *m = (wd_module *)(uintptr_t)1;
    wd_decode_error e;
    memset(&e, 0xA5, sizeof e); /* a stale flag must not survive */
    assert_false(wd_decode(b, n, &m, &e));
    assert_null(m);
    assert_string_equal(e.message, msg);
    assert_int_equal(e.offset, offset);
    assert_int_equal(e.malformed, malformed);
}

static void decode_fails(const uint8_t *b, size_t n, const char *msg, uint64_t offset)
{
    decode_fails_as(b, n, msg, offset, true);
}

static void validate_fails(const uint8_t *b, size_t n, const char *msg, uint64_t offset)
{
    wd_module *m = decode_ok(b, n);
    wd_decode_error e;
    e.malformed = true;
    assert_false(wd_validate_module(m, &e));
    assert_string_equal(e.message, msg);
    assert_int_equal(e.offset, offset);
    assert_false(e.malformed);
    wd_module_free(m);
}

#define DECODE_FAILS(m, msg, off) decode_fails((m)->b, (m)->n, (msg), (off))
#define DECODE_INVALID(m, msg, off) decode_fails_as((m)->b, (m)->n, (msg), (off), false)
#define VALIDATE_FAILS(m, msg, off) validate_fails((m)->b, (m)->n, (msg), (off))

/* ---------------------------------------------------------------------------------------------
 * Reader and LEB128
 * ------------------------------------------------------------------------------------------- */

typedef struct rd {
    wd_reader r;
    wd_decode_error e;
} rd;

static void rd_init(rd *x, const uint8_t *b, size_t n, bool nested)
{
    x->e.message[0] = '\0';
    x->e.offset = 0;
    x->e.malformed = false;
    wd_reader_init(&x->r, b, 0, n, &x->e);
    x->r.nested = nested;
}

static uint64_t u32_of(const uint8_t *b, size_t n)
{
    rd x;
    uint32_t v = 0;
    rd_init(&x, b, n, false);
    assert_true(wd_read_u32(&x.r, &v));
    assert_int_equal(x.r.pos, n);
    return v;
}

static void u32_fails(const uint8_t *b, size_t n, const char *msg, uint64_t off)
{
    rd x;
    uint32_t v;
    rd_init(&x, b, n, false);
    assert_false(wd_read_u32(&x.r, &v));
    assert_string_equal(x.e.message, msg);
    assert_int_equal(x.e.offset, off);
    assert_true(x.e.malformed);
}

static void test_leb_u32(void **state)
{
    (void)state;
    assert_int_equal(u32_of((const uint8_t[]){0x03}, 1), 3);
    assert_int_equal(u32_of((const uint8_t[]){0x83, 0x00}, 2), 3); /* trailing zeros allowed */
    assert_int_equal(u32_of((const uint8_t[]){0xE5, 0x8E, 0x26}, 3), 624485);
    assert_int_equal(u32_of((const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 5), UINT32_MAX);
    assert_int_equal(u32_of((const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x00}, 5), 0);
    u32_fails((const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 6,
              "integer representation too long", 4);
    u32_fails((const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x10}, 5, "integer too large", 4);
    u32_fails((const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, 5, "integer too large", 4);
    u32_fails((const uint8_t[]){0x80, 0x80}, 2, "unexpected end", 2);
    u32_fails((const uint8_t[]){0}, 0, "unexpected end", 0);
}

static int64_t sleb_of(unsigned bits, const uint8_t *b, size_t n)
{
    rd x;
    int64_t v = 0;
    rd_init(&x, b, n, false);
    assert_true(wd_read_sleb(&x.r, bits, &v));
    assert_int_equal(x.r.pos, n);
    return v;
}

static void sleb_fails(unsigned bits, const uint8_t *b, size_t n, const char *msg, uint64_t off)
{
    rd x;
    int64_t v;
    rd_init(&x, b, n, true);
    assert_false(wd_read_sleb(&x.r, bits, &v));
    assert_string_equal(x.e.message, msg);
    assert_int_equal(x.e.offset, off);
    assert_true(x.e.malformed);
}

static void test_leb_signed(void **state)
{
    (void)state;
    assert_true(sleb_of(32, (const uint8_t[]){0x7F}, 1) == -1);
    assert_true(sleb_of(32, (const uint8_t[]){0x3F}, 1) == 63);
    assert_true(sleb_of(32, (const uint8_t[]){0x40}, 1) == -64);
    assert_true(sleb_of(32, (const uint8_t[]){0xFE, 0x7F}, 2) == -2);
    assert_true(sleb_of(32, (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 5) == -1);
    assert_true(sleb_of(32, (const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x78}, 5) == INT32_MIN);
    assert_true(sleb_of(32, (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0x07}, 5) == INT32_MAX);
    /* Unused bits of the last byte must copy the sign. */
    sleb_fails(32, (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, 5, "integer too large", 4);
    sleb_fails(32, (const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x08}, 5, "integer too large", 4);
    sleb_fails(32, (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 6,
               "integer representation too long", 4);
    /* s33, the block type encoding. */
    assert_true(sleb_of(33, (const uint8_t[]){0x40}, 1) == -64);
    assert_true(sleb_of(33, (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 5) == 0xFFFFFFFFll);
    assert_true(sleb_of(33, (const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x70}, 5) == -4294967296ll);
    sleb_fails(33, (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, 5, "integer too large", 4);
    /* s64 bounds. */
    assert_true(
        sleb_of(64, (const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F},
                10) == INT64_MIN);
    assert_true(
        sleb_of(64, (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00},
                10) == INT64_MAX);
    sleb_fails(64, (const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01},
               10, "integer too large", 9);
    sleb_fails(64,
               (const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F},
               11, "integer representation too long", 9);
    /* Nested readers name the section or function in the end-of-input message. */
    sleb_fails(32, (const uint8_t[]){0xFF}, 1, "unexpected end of section or function", 1);
}

static void test_leb_u64(void **state)
{
    (void)state;
    rd x;
    uint64_t v;
    const uint8_t max[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    rd_init(&x, max, sizeof max, false);
    assert_true(wd_read_u64(&x.r, &v));
    assert_true(v == UINT64_MAX);
    const uint8_t big[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
    rd_init(&x, big, sizeof big, false);
    assert_false(wd_read_u64(&x.r, &v));
    assert_string_equal(x.e.message, "integer too large");
    assert_int_equal(x.e.offset, 9);
}

static void test_reader_values(void **state)
{
    (void)state;
    const uint8_t b[] = {0x00, 0x00, 0x80, 0x3F,                         /* f32 1.0 */
                         0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xBF, /* f64 -1.0 */
                         0x03, 'a',  'b',  'c',                          /* name */
                         0x02, 0xC3, 0xA9,                               /* name "é" */
                         0x02, 0xC3, 0x28};                              /* bad UTF-8 */
    rd x;
    uint32_t f32, len;
    uint64_t f64;
    const uint8_t *s;
    rd_init(&x, b, sizeof b, true);
    assert_true(wd_read_f32(&x.r, &f32));
    assert_int_equal(f32, 0x3F800000u);
    assert_true(wd_read_f64(&x.r, &f64));
    assert_true(f64 == 0xBFF0000000000000ull);
    assert_true(wd_read_name(&x.r, &s, &len));
    assert_int_equal(len, 3);
    assert_memory_equal(s, "abc", 3);
    assert_true(wd_read_name(&x.r, &s, &len));
    assert_int_equal(len, 2);
    assert_false(wd_read_name(&x.r, &s, &len));
    assert_string_equal(x.e.message, "malformed UTF-8 encoding");
    assert_int_equal(x.e.offset, 20);
}

static void test_reader_bounds(void **state)
{
    (void)state;
    rd x;
    uint32_t v;
    const uint8_t *p;
    /* A byte vector longer than what is left. */
    const uint8_t vec[] = {0x05, 'a', 'b'};
    rd_init(&x, vec, sizeof vec, true);
    assert_false(wd_read_byte_vec(&x.r, &p, &v));
    assert_string_equal(x.e.message, "length out of bounds");
    assert_int_equal(x.e.offset, 0);
    /* A huge length. */
    const uint8_t huge[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'a'};
    rd_init(&x, huge, sizeof huge, true);
    assert_false(wd_read_name(&x.r, &p, &v));
    assert_string_equal(x.e.message, "length out of bounds");
    /* A count of more items than bytes. */
    const uint8_t cnt[] = {0x03, 0x00, 0x00};
    rd_init(&x, cnt, sizeof cnt, true);
    assert_false(wd_read_count(&x.r, &v));
    assert_string_equal(x.e.message, "unexpected end of section or function");
    assert_int_equal(x.e.offset, 3);
    /* Sub-readers: bounded, advancing the parent. */
    const uint8_t sub[] = {0x01, 0x02, 0x03, 0x04};
    wd_reader s;
    uint8_t byte;
    rd_init(&x, sub, sizeof sub, false);
    assert_true(wd_reader_sub(&x.r, 2, 0, &s));
    assert_int_equal(x.r.pos, 2);
    assert_true(wd_read_u8(&s, &byte) && byte == 1);
    assert_true(wd_read_u8(&s, &byte) && byte == 2);
    assert_false(wd_read_u8(&s, &byte));
    assert_string_equal(x.e.message, "unexpected end of section or function");
    assert_int_equal(x.e.offset, 2);
    assert_true(x.e.malformed);
    /* The first failure is kept, with its kind. */
    assert_false(wd_reader_fail(&x.r, 7, "something else"));
    assert_string_equal(x.e.message, "unexpected end of section or function");
    assert_int_equal(x.e.offset, 2);
    assert_false(wd_reader_fail_invalid(&x.r, 7, "something else"));
    assert_string_equal(x.e.message, "unexpected end of section or function");
    assert_true(x.e.malformed);
    /* A validation fault recorded first is not malformed, and a later failed read keeps it. */
    rd_init(&x, sub, sizeof sub, false);
    assert_false(wd_reader_fail_invalid(&x.r, 1, "type mismatch"));
    assert_false(x.e.malformed);
    assert_false(wd_read_raw(&x.r, 5, &p));
    assert_string_equal(x.e.message, "type mismatch");
    assert_int_equal(x.e.offset, 1);
    assert_false(x.e.malformed);
    rd_init(&x, sub, sizeof sub, false);
    assert_false(wd_reader_sub(&x.r, 5, 0, &s));
    assert_string_equal(x.e.message, "length out of bounds");
    assert_false(wd_read_raw(&x.r, 5, &p));
}

static void test_utf8(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(wd_utf8_valid((const uint8_t *)"", 0, &bad));
    assert_true(wd_utf8_valid((const uint8_t *)"plain", 5, &bad));
    assert_true(wd_utf8_valid((const uint8_t[]){0xC2, 0x80, 0xDF, 0xBF}, 4, &bad));
    assert_true(wd_utf8_valid(
        (const uint8_t[]){0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80}, 9, &bad));
    assert_true(
        wd_utf8_valid((const uint8_t[]){0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF}, 8, &bad));
    assert_true(wd_utf8_valid((const uint8_t[]){0x00}, 1, &bad));
    /* Overlong forms. */
    assert_false(wd_utf8_valid((const uint8_t[]){'a', 0xC0, 0x80}, 3, &bad));
    assert_int_equal(bad, 1);
    assert_false(wd_utf8_valid((const uint8_t[]){0xC1, 0xBF}, 2, &bad));
    assert_false(wd_utf8_valid((const uint8_t[]){0xE0, 0x9F, 0xBF}, 3, &bad));
    assert_false(wd_utf8_valid((const uint8_t[]){0xF0, 0x8F, 0xBF, 0xBF}, 4, &bad));
    /* Surrogates and code points past U+10FFFF. */
    assert_false(wd_utf8_valid((const uint8_t[]){0xED, 0xA0, 0x80}, 3, &bad));
    assert_false(wd_utf8_valid((const uint8_t[]){0xED, 0xBF, 0xBF}, 3, &bad));
    assert_false(wd_utf8_valid((const uint8_t[]){0xF4, 0x90, 0x80, 0x80}, 4, &bad));
    assert_false(wd_utf8_valid((const uint8_t[]){0xF5, 0x80, 0x80, 0x80}, 4, &bad));
    assert_false(wd_utf8_valid((const uint8_t[]){0xFF}, 1, &bad));
    /* Stray continuation, truncated and interrupted sequences. */
    assert_false(wd_utf8_valid((const uint8_t[]){0x80}, 1, &bad));
    assert_false(wd_utf8_valid((const uint8_t[]){'x', 'y', 0xE2, 0x82}, 4, &bad));
    assert_int_equal(bad, 2);
    assert_false(wd_utf8_valid((const uint8_t[]){0xE2, 0x28, 0xA1}, 3, NULL));
}

/* ---------------------------------------------------------------------------------------------
 * Decoding valid modules
 * ------------------------------------------------------------------------------------------- */

static void test_empty_module(void **state)
{
    (void)state;
    const uint8_t b[] = {HDR};
    wd_module *m = valid_ok(b, sizeof b);
    assert_int_equal(m->ntypes, 0);
    assert_int_equal(m->nfuncs, 0);
    assert_int_equal(m->nsections, 0);
    assert_int_equal(m->len, 8);
    assert_null(wd_module_func_name(m, 0));
    wd_module_free(m);
    wd_module_free(NULL);
}

/* A module using every section. Offsets are noted where the test checks them. */
static void build_full(mod *m)
{
    mod_init(m);
    /* 8: types: 0 [] -> [], 1 [i32 i64] -> [f32], 2 [] -> [i32] */
    SECTION(m, S_TYPE, 0x03, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D, 0x60, 0x00, 0x01,
            0x7F);
    /* imports: func "m"."f" type 1; table "m"."t" funcref 1..2; global "m"."g" const i32;
     * global "m"."h" var i64 */
    SECTION(m, S_IMPORT, 0x04, 0x01, 'm', 0x01, 'f', 0x00, 0x01, 0x01, 'm', 0x01, 't', 0x01, 0x70,
            0x01, 0x01, 0x02, 0x01, 'm', 0x01, 'g', 0x03, 0x7F, 0x00, 0x01, 'm', 0x01, 'h', 0x03,
            0x7E, 0x01);
    /* functions 1, 2, 3 of types 0, 2, 0 */
    SECTION(m, S_FUNC, 0x03, 0x00, 0x02, 0x00);
    /* table 1: externref, min 0 */
    SECTION(m, S_TABLE, 0x01, 0x6F, 0x00, 0x00);
    /* memory 0: 1..65536 pages */
    SECTION(m, S_MEM, 0x01, 0x01, 0x01, 0x80, 0x80, 0x04);
    /* globals 2..6: i32.const -1; funcref ref.func 2; i32 global.get 0; f64.const; v128.const */
    SECTION(m, S_GLOBAL, 0x05, 0x7F, 0x00, 0x41, 0x7F, 0x0B, 0x70, 0x00, 0xD2, 0x02, 0x0B, 0x7F,
            0x01, 0x23, 0x00, 0x0B, 0x7C, 0x00, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0,
            0x3F, 0x0B, 0x7B, 0x00, 0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16, 0x0B);
    /* exports: "run" func 1, "mem" memory 0, "tab" table 0, "glob" global 2 */
    SECTION(m, S_EXPORT, 0x04, 0x03, 'r', 'u', 'n', 0x00, 0x01, 0x03, 'm', 'e', 'm', 0x02, 0x00,
            0x03, 't', 'a', 'b', 0x01, 0x00, 0x04, 'g', 'l', 'o', 'b', 0x03, 0x02);
    SECTION(m, S_START, 0x03);
    /* elems: active on table 0 with function 3; declarative ref.func 0 */
    SECTION(m, S_ELEM, 0x02, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x03, 0x07, 0x70, 0x01, 0xD2, 0x00,
            0x0B);
    SECTION(m, S_DATACOUNT, 0x02);
    /* bodies: nop; i32.const 7; empty */
    SECTION(m, S_CODE, 0x03, 0x03, 0x00, 0x01, 0x0B, 0x04, 0x00, 0x41, 0x07, 0x0B, 0x02, 0x00,
            0x0B);
    /* data: active memory 0 at 16 "hi"; passive "xyz" */
    SECTION(m, S_DATA, 0x02, 0x00, 0x41, 0x10, 0x0B, 0x02, 'h', 'i', 0x01, 0x03, 'x', 'y', 'z');
    /* name section: module "full", function names 1 "run", 3 "last" */
    SECTION(m, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x05, 0x04, 'f', 'u', 'l', 'l', 0x01, 0x0C,
            0x02, 0x01, 0x03, 'r', 'u', 'n', 0x03, 0x04, 'l', 'a', 's', 't');
    /* an unrelated custom section */
    SECTION(m, S_CUSTOM, 0x03, 'x', 'y', 'z', 0xAA, 0xBB);
}

static void test_full_module(void **state)
{
    (void)state;
    mod b;
    build_full(&b);
    wd_module *m = valid_ok(b.b, b.n);

    assert_int_equal(m->ntypes, 3);
    assert_int_equal(m->types[1].nparams, 2);
    assert_int_equal(m->types[1].nresults, 1);
    assert_memory_equal(m->types[1].types, ((const uint8_t[]){WD_I32, WD_I64, WD_F32}), 3);
    assert_int_equal(m->types[2].nparams, 0);
    assert_int_equal(m->types[2].types[0], WD_I32);

    assert_int_equal(m->nimports, 4);
    assert_int_equal(m->nfunc_imports, 1);
    assert_int_equal(m->ntable_imports, 1);
    assert_int_equal(m->nmem_imports, 0);
    assert_int_equal(m->nglobal_imports, 2);
    assert_string_equal(m->imports[0].module, "m");
    assert_string_equal(m->imports[1].name, "t");
    assert_int_equal(m->imports[1].name_len, 1);
    assert_int_equal(m->imports[1].d.table.lim.max, 2);
    assert_true(m->imports[3].d.global.mut);

    assert_int_equal(m->nfuncs, 4);
    assert_int_equal(m->func_types[0], 1);
    assert_int_equal(m->func_types[1], 0);
    assert_int_equal(m->func_types[2], 2);
    assert_int_equal(m->ntables, 2);
    assert_int_equal(m->tables[0].elem, WD_FUNCREF);
    assert_true(m->tables[0].lim.has_max);
    assert_int_equal(m->tables[1].elem, WD_EXTERNREF);
    assert_false(m->tables[1].lim.has_max);
    assert_int_equal(m->nmems, 1);
    assert_int_equal(m->mems[0].min, 1);
    assert_int_equal(m->mems[0].max, 65536);

    assert_int_equal(m->nglobals, 7);
    assert_int_equal(m->globals[0].type.type, WD_I32);
    assert_int_equal(m->globals[1].type.type, WD_I64);
    assert_int_equal(m->globals[2].init.kind, WD_CONST_I32);
    assert_true(m->globals[2].init.bits[0] == 0xFFFFFFFFu);
    assert_int_equal(m->globals[3].init.kind, WD_CONST_REF_FUNC);
    assert_int_equal(m->globals[3].init.index, 2);
    assert_int_equal(m->globals[4].init.kind, WD_CONST_GLOBAL_GET);
    assert_true(m->globals[4].type.mut);
    assert_int_equal(m->globals[5].init.kind, WD_CONST_F64);
    assert_true(m->globals[5].init.bits[0] == 0x3FF0000000000000ull);
    assert_int_equal(m->globals[6].init.kind, WD_CONST_V128);

    assert_int_equal(m->nexports, 4);
    assert_string_equal(m->exports[3].name, "glob");
    assert_int_equal(m->exports[3].kind, WD_EXTERN_GLOBAL);
    assert_int_equal(m->exports[3].index, 2);
    assert_true(m->has_start);
    assert_int_equal(m->start, 3);

    assert_int_equal(m->nelems, 2);
    assert_int_equal(m->elems[0].mode, WD_SEG_ACTIVE);
    assert_int_equal(m->elems[0].table, 0);
    assert_int_equal(m->elems[0].offset.kind, WD_CONST_I32);
    assert_int_equal(m->elems[0].count, 1);
    assert_int_equal(m->elems[0].items[0].kind, WD_CONST_REF_FUNC);
    assert_int_equal(m->elems[0].items[0].index, 3);
    assert_int_equal(m->elems[1].mode, WD_SEG_DECLARATIVE);

    assert_true(m->has_datacount);
    assert_int_equal(m->datacount, 2);
    assert_int_equal(m->ndatas, 2);
    assert_int_equal(m->datas[0].mode, WD_SEG_ACTIVE);
    assert_int_equal(m->datas[0].len, 2);
    assert_memory_equal(m->datas[0].bytes, "hi", 2);
    assert_true(m->datas[0].bytes >= m->bytes && m->datas[0].bytes < m->bytes + m->len);
    assert_int_equal(m->datas[1].mode, WD_SEG_PASSIVE);
    assert_memory_equal(m->datas[1].bytes, "xyz", 3);

    assert_int_equal(m->nbodies, 3);
    assert_int_equal(m->bodies[0].len, 3);
    assert_memory_equal(m->bytes + m->bodies[0].offset, ((const uint8_t[]){0x00, 0x01, 0x0B}), 3);
    assert_memory_equal(m->bytes + m->bodies[1].offset, ((const uint8_t[]){0x00, 0x41, 0x07, 0x0B}),
                        4);
    assert_int_equal(m->bodies[2].len, 2);

    assert_int_equal(m->nsections, 14);
    assert_int_equal(m->sections[0].id, S_TYPE);
    assert_int_equal(m->sections[0].offset, 10);
    assert_int_equal(m->sections[0].size, 14);
    assert_null(m->sections[0].name);
    assert_int_equal(m->sections[10].id, S_CODE);
    assert_int_equal(m->sections[9].id, S_DATACOUNT);
    assert_int_equal(m->sections[12].id, S_CUSTOM);
    assert_string_equal(m->sections[12].name, "name");
    assert_string_equal(m->sections[13].name, "xyz");
    assert_int_equal(m->sections[13].size, 6);
    assert_int_equal(m->sections[13].offset, b.n - 6);

    assert_string_equal(m->module_name, "full");
    assert_int_equal(m->nfunc_names, 2);
    assert_string_equal(wd_module_func_name(m, 1), "run");
    assert_string_equal(wd_module_func_name(m, 3), "last");
    assert_null(wd_module_func_name(m, 0));
    assert_null(wd_module_func_name(m, 2));
    assert_null(wd_module_func_name(m, 4));

    /* Declared: ref.func 2 in a global, 3 and 0 in elements, 1 exported. */
    assert_non_null(m->func_declared);
    assert_int_equal(m->func_declared[0], 1);
    assert_int_equal(m->func_declared[1], 1);
    assert_int_equal(m->func_declared[2], 1);
    assert_int_equal(m->func_declared[3], 1);
    wd_module_free(m);
}

static void test_v128_global(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7B, 0x00, 0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
            14, 15, 16, 0x0B);
    wd_module *m = valid_ok(b.b, b.n);
    assert_int_equal(m->globals[0].init.kind, WD_CONST_V128);
    assert_true(m->globals[0].init.bits[0] == 0x0807060504030201ull);
    assert_true(m->globals[0].init.bits[1] == 0x100F0E0D0C0B0A09ull);
    assert_int_equal(m->globals[0].init.offset, 13);
    wd_module_free(m);
}

/* The eight element segment encodings. */
static void test_elem_encodings(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x00);
    SECTION(&b, S_FUNC, 0x02, 0x00, 0x00);
    SECTION(&b, S_TABLE, 0x02, 0x70, 0x00, 0x05, 0x6F, 0x00, 0x05);
    SECTION(&b, S_ELEM, 0x08,
            /* 0: active table 0, function indices */
            0x00, 0x41, 0x01, 0x0B, 0x02, 0x00, 0x01,
            /* 1: passive, elemkind, function indices */
            0x01, 0x00, 0x01, 0x01,
            /* 2: active explicit table 0, elemkind, function indices */
            0x02, 0x00, 0x41, 0x02, 0x0B, 0x00, 0x01, 0x00,
            /* 3: declarative, elemkind, function indices */
            0x03, 0x00, 0x01, 0x01,
            /* 4: active table 0, expressions */
            0x04, 0x41, 0x03, 0x0B, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B,
            /* 5: passive, reftype, expressions */
            0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,
            /* 6: active explicit table 1, reftype, expressions */
            0x06, 0x01, 0x41, 0x00, 0x0B, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,
            /* 7: declarative, reftype, expressions */
            0x07, 0x70, 0x01, 0xD2, 0x01, 0x0B);
    SECTION(&b, S_CODE, 0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B);
    wd_module *m = valid_ok(b.b, b.n);
    assert_int_equal(m->nelems, 8);
    const uint8_t modes[8] = {WD_SEG_ACTIVE, WD_SEG_PASSIVE, WD_SEG_ACTIVE, WD_SEG_DECLARATIVE,
                              WD_SEG_ACTIVE, WD_SEG_PASSIVE, WD_SEG_ACTIVE, WD_SEG_DECLARATIVE};
    const uint8_t types[8] = {WD_FUNCREF, WD_FUNCREF,   WD_FUNCREF,   WD_FUNCREF,
                              WD_FUNCREF, WD_EXTERNREF, WD_EXTERNREF, WD_FUNCREF};
    const uint32_t counts[8] = {2, 1, 1, 1, 2, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
        assert_int_equal(m->elems[i].mode, modes[i]);
        assert_int_equal(m->elems[i].type, types[i]);
        assert_int_equal(m->elems[i].count, counts[i]);
    }
    assert_int_equal(m->elems[0].offset.bits[0], 1);
    assert_int_equal(m->elems[2].offset.bits[0], 2);
    assert_int_equal(m->elems[6].table, 1);
    assert_int_equal(m->elems[4].items[0].kind, WD_CONST_REF_FUNC);
    assert_int_equal(m->elems[4].items[1].kind, WD_CONST_REF_NULL);
    assert_int_equal(m->elems[4].items[1].reftype, WD_FUNCREF);
    assert_int_equal(m->elems[5].items[0].reftype, WD_EXTERNREF);
    assert_int_equal(m->func_declared[0], 1);
    assert_int_equal(m->func_declared[1], 1);
    wd_module_free(m);
}

static void test_data_encodings(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x00, 0x01);
    SECTION(&b, S_DATA, 0x03, 0x00, 0x41, 0x05, 0x0B, 0x01, 'a', 0x01, 0x00, 0x02, 0x00, 0x41, 0x06,
            0x0B, 0x02, 'b', 'c');
    wd_module *m = valid_ok(b.b, b.n);
    assert_int_equal(m->ndatas, 3);
    assert_false(m->has_datacount);
    assert_int_equal(m->datas[0].offset.bits[0], 5);
    assert_int_equal(m->datas[1].mode, WD_SEG_PASSIVE);
    assert_int_equal(m->datas[1].len, 0);
    assert_int_equal(m->datas[2].mem, 0);
    assert_int_equal(m->datas[2].offset.bits[0], 6);
    assert_memory_equal(m->datas[2].bytes, "bc", 2);
    wd_module_free(m);
}

/* Custom sections may appear anywhere, several times; empty sections are allowed. */
static void test_custom_anywhere(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x00);
    SECTION(&b, S_TYPE, 0x00);
    SECTION(&b, S_CUSTOM, 0x01, 'a', 0x00);
    SECTION(&b, S_CUSTOM, 0x01, 'a');
    SECTION(&b, S_DATACOUNT, 0x00);
    SECTION(&b, S_CODE, 0x00);
    SECTION(&b, S_CUSTOM, 0x00, 0x01, 0x02);
    wd_module *m = valid_ok(b.b, b.n);
    assert_int_equal(m->nsections, 7);
    assert_string_equal(m->sections[0].name, "");
    assert_string_equal(m->sections[2].name, "a");
    wd_module_free(m);
}

/* ---------------------------------------------------------------------------------------------
 * The name section: errors in it never fail the module.
 * ------------------------------------------------------------------------------------------- */

static void names_ignored(mod *b)
{
    wd_module *m = valid_ok(b->b, b->n);
    assert_null(m->module_name);
    assert_int_equal(m->nfunc_names, 0);
    assert_null(wd_module_func_name(m, 0));
    wd_module_free(m);
}

static void test_name_section_malformed(void **state)
{
    (void)state;
    mod b;
    /* Function indices not increasing. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x07, 0x02, 0x01, 0x01, 'a', 0x01, 0x01,
            'b');
    names_ignored(&b);
    /* Subsections out of order. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x01, 0x00, 0x00, 0x02, 0x01, 'x');
    names_ignored(&b);
    /* Subsection size beyond the section. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x7F, 0x01, 'x');
    names_ignored(&b);
    /* Bad UTF-8 in a function name. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x04, 0x01, 0x00, 0x01, 0xFF);
    names_ignored(&b);
    /* Subsection contents longer than their size says. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x02, 0x01, 'x', 0x00);
    names_ignored(&b);
    /* Truncated LEB in a subsection, and a huge count. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    names_ignored(&b);
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x80);
    names_ignored(&b);
}

static void test_name_section_partial(void **state)
{
    (void)state;
    mod b;
    /* Local names (id 2) and unknown later subsections are skipped; a second name section is not
     * read. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x04, 0x01, 0x05, 0x01, 'f', 0x02, 0x02,
            0xAA, 0xBB, 0x09, 0x00);
    SECTION(&b, S_CUSTOM, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x02, 0x01, 'x');
    wd_module *m = decode_ok(b.b, b.n);
    assert_null(m->module_name);
    assert_string_equal(wd_module_func_name(m, 5), "f");
    wd_module_free(m);
}

/* ---------------------------------------------------------------------------------------------
 * Malformed modules: each class with its message and offset.
 * ------------------------------------------------------------------------------------------- */

static void test_preamble(void **state)
{
    (void)state;
    decode_fails(NULL, 0, "unexpected end", 0);
    decode_fails((const uint8_t[]){0x00}, 0, "unexpected end", 0);
    decode_fails((const uint8_t[]){0x01}, 1, "unexpected end", 1);
    decode_fails((const uint8_t[]){0x00, 0x61, 0x73}, 3, "unexpected end", 3);
    decode_fails((const uint8_t *)"asm\0\1\0\0\0", 8, "magic header not detected", 0);
    decode_fails((const uint8_t *)"\0ASM\1\0\0\0", 8, "magic header not detected", 0);
    decode_fails((const uint8_t *)"\0asm", 4, "unexpected end", 4);
    decode_fails((const uint8_t *)"\0asm\1\0\0", 7, "unexpected end", 7);
    decode_fails((const uint8_t *)"\0asm\0\0\0\0", 8, "unknown binary version", 4);
    decode_fails((const uint8_t *)"\0asm\2\0\0\0", 8, "unknown binary version", 4);
    decode_fails((const uint8_t *)"\0asm\1\0\0\1", 8, "unknown binary version", 4);
}

static void test_section_framing(void **state)
{
    (void)state;
    mod b;
    /* Unknown section ids. */
    mod_init(&b);
    RAW(&b, 0x0D, 0x00);
    DECODE_FAILS(&b, "malformed section id", 8);
    mod_init(&b);
    RAW(&b, 0x80, 0x00);
    DECODE_FAILS(&b, "malformed section id", 8);
    /* Truncated section header. */
    mod_init(&b);
    RAW(&b, 0x01);
    DECODE_FAILS(&b, "unexpected end", 9);
    mod_init(&b);
    RAW(&b, 0x01, 0x80);
    DECODE_FAILS(&b, "unexpected end", 10);
    /* Size beyond the end of the module. */
    mod_init(&b);
    RAW(&b, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00);
    DECODE_FAILS(&b, "length out of bounds", 9);
    /* Size larger and smaller than the contents. */
    mod_init(&b);
    RAW(&b, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00);
    DECODE_FAILS(&b, "section size mismatch", 14);
    mod_init(&b);
    RAW(&b, 0x01, 0x03, 0x01, 0x60, 0x00, 0x00);
    DECODE_FAILS(&b, "unexpected end of section or function", 13);
    /* Section size encoded too long / with unused bits. */
    mod_init(&b);
    RAW(&b, 0x00, 0x83, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, '1', '2');
    DECODE_FAILS(&b, "integer representation too long", 13);
    mod_init(&b);
    RAW(&b, 0x00, 0x83, 0x80, 0x80, 0x80, 0x10, 0x01, '1', '2');
    DECODE_FAILS(&b, "integer too large", 13);
    /* Two modules back to back: the second header reads as a custom section too long. */
    mod_init(&b);
    RAW(&b, HDR);
    DECODE_FAILS(&b, "length out of bounds", 9);
    /* Empty custom section: no name. */
    mod_init(&b);
    RAW(&b, 0x00, 0x00);
    DECODE_FAILS(&b, "unexpected end of section or function", 10);
    /* Custom section name with bad UTF-8. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0x02, 'a', 0xC0, 0x01);
    DECODE_FAILS(&b, "malformed UTF-8 encoding", 12);
}

static void test_section_order(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x00);
    SECTION(&b, S_TYPE, 0x00);
    DECODE_FAILS(&b, "unexpected content after last section", 11);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x00);
    SECTION(&b, S_TYPE, 0x00);
    DECODE_FAILS(&b, "unexpected content after last section", 11);
    /* Data count belongs before code... */
    mod_init(&b);
    SECTION(&b, S_CODE, 0x00);
    SECTION(&b, S_DATACOUNT, 0x00);
    DECODE_FAILS(&b, "unexpected content after last section", 11);
    /* ...and after element. */
    mod_init(&b);
    SECTION(&b, S_DATACOUNT, 0x00);
    SECTION(&b, S_ELEM, 0x00);
    DECODE_FAILS(&b, "unexpected content after last section", 11);
    mod_init(&b);
    SECTION(&b, S_DATA, 0x00);
    SECTION(&b, S_CODE, 0x00);
    DECODE_FAILS(&b, "unexpected content after last section", 11);
    /* Custom sections do not reset the order. */
    mod_init(&b);
    SECTION(&b, S_MEM, 0x00);
    SECTION(&b, S_CUSTOM, 0x00);
    SECTION(&b, S_TABLE, 0x00);
    DECODE_FAILS(&b, "unexpected content after last section", 14);
}

static void test_count_consistency(void **state)
{
    (void)state;
    mod b;
    /* Functions without code. */
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x00);
    SECTION(&b, S_FUNC, 0x01, 0x00);
    DECODE_FAILS(&b, "function and code section have inconsistent lengths", b.n);
    /* Code without functions. */
    mod_init(&b);
    SECTION(&b, S_CODE, 0x01, 0x02, 0x00, 0x0B);
    DECODE_FAILS(&b, "function and code section have inconsistent lengths", 10);
    /* Different counts. */
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x00);
    SECTION(&b, S_FUNC, 0x02, 0x00, 0x00);
    SECTION(&b, S_CODE, 0x01, 0x02, 0x00, 0x0B);
    DECODE_FAILS(&b, "function and code section have inconsistent lengths", 21);
    /* Data count against data. */
    mod_init(&b);
    SECTION(&b, S_DATACOUNT, 0x01);
    DECODE_FAILS(&b, "data count and data section have inconsistent lengths", b.n);
    mod_init(&b);
    SECTION(&b, S_DATACOUNT, 0x03);
    SECTION(&b, S_DATA, 0x02, 0x01, 0x00, 0x01, 0x00);
    DECODE_FAILS(&b, "data count and data section have inconsistent lengths", b.n);
    /* A body whose size runs past the section. */
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x00);
    SECTION(&b, S_FUNC, 0x01, 0x00);
    SECTION(&b, S_CODE, 0x01, 0x05, 0x00, 0x0B);
    DECODE_FAILS(&b, "length out of bounds", 21);
}

static void test_malformed_types(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x61, 0x00, 0x00);
    DECODE_FAILS(&b, "malformed function type", 11);
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0xE0, 0x7F, 0x00, 0x00);
    DECODE_FAILS(&b, "integer representation too long", 11);
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x01, 0x7A, 0x00);
    DECODE_FAILS(&b, "malformed value type", 13);
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x01, 0x40);
    DECODE_FAILS(&b, "malformed value type", 14);
    /* Reference types. */
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01, 0x7F, 0x00, 0x00);
    DECODE_FAILS(&b, "malformed reference type", 11);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x70, 0x00, 0xD0, 0x7F, 0x0B);
    DECODE_FAILS(&b, "malformed reference type", 14);
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x05, 0x7F, 0x00);
    DECODE_FAILS(&b, "malformed reference type", 12);
    /* Limits flags, read as a one-bit LEB128. */
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x02, 0x00);
    DECODE_FAILS(&b, "integer too large", 11);
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x81, 0x00, 0x00, 0x00);
    DECODE_FAILS(&b, "integer representation too long", 11);
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01, 0x70, 0x08, 0x00);
    DECODE_FAILS(&b, "integer too large", 12);
    /* Limits values are u32. */
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x10);
    DECODE_FAILS(&b, "integer too large", 16);
    /* Mutability. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B);
    DECODE_FAILS(&b, "malformed mutability", 12);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x03, 0x7F, 0xFF);
    DECODE_FAILS(&b, "malformed mutability", 15);
}

static void test_malformed_entries(void **state)
{
    (void)state;
    mod b;
    /* Import and export kinds. */
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x04);
    DECODE_FAILS(&b, "malformed import kind", 13);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x80, 0x00);
    DECODE_FAILS(&b, "malformed import kind", 13);
    mod_init(&b);
    SECTION(&b, S_EXPORT, 0x01, 0x01, 'e', 0x04, 0x00);
    DECODE_FAILS(&b, "malformed export kind", 13);
    /* Names. */
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x01, 0xFF, 0x00, 0x00, 0x00);
    DECODE_FAILS(&b, "malformed UTF-8 encoding", 12);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x01, 'm', 0x03, 'a', 0xED, 0xA0, 0x00, 0x00);
    DECODE_FAILS(&b, "malformed UTF-8 encoding", 15);
    mod_init(&b);
    SECTION(&b, S_EXPORT, 0x01, 0x05, 'e', 0x00, 0x00);
    DECODE_FAILS(&b, "length out of bounds", 11);
    /* Element segments. */
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x08, 0x00);
    DECODE_FAILS(&b, "malformed elements segment kind", 11);
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x01, 0x01, 0x00);
    DECODE_FAILS(&b, "malformed element kind", 12);
    /* Data segments. */
    mod_init(&b);
    SECTION(&b, S_DATA, 0x01, 0x03, 0x00);
    DECODE_FAILS(&b, "malformed data segment kind", 11);
    mod_init(&b);
    SECTION(&b, S_DATA, 0x01, 0x01, 0x07, 'a', 'b');
    DECODE_FAILS(&b, "length out of bounds", 12);
    /* Entries missing: the count promises more than there is. */
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01);
    DECODE_FAILS(&b, "unexpected end of section or function", 11);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x02, 0x7F, 0x00, 0x41, 0x00, 0x0B);
    DECODE_FAILS(&b, "unexpected end of section or function", 16);
    /* Start section: one index, nothing more. */
    mod_init(&b);
    SECTION(&b, S_START, 0x00, 0x00);
    DECODE_FAILS(&b, "section size mismatch", 11);
}

static void test_malformed_constexpr(void **state)
{
    (void)state;
    mod b;
    /* Not a constant instruction, or not one value: validation faults, found by the decoder. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x41, 0x00, 0x6A, 0x0B);
    DECODE_INVALID(&b, "type mismatch", 15);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x67, 0x0B);
    DECODE_INVALID(&b, "constant expression required", 15);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x01, 0x0B);
    DECODE_INVALID(&b, "constant expression required", 13);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x20, 0x00, 0x0B);
    DECODE_INVALID(&b, "constant expression required", 13);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x01, 0x0B);
    DECODE_INVALID(&b, "constant expression required", 15);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7B, 0x00, 0xFD, 0x0D, 0x0B);
    DECODE_INVALID(&b, "constant expression required", 13);
    /* Nothing, or two values. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x0B);
    DECODE_INVALID(&b, "type mismatch", 13);
    mod_init(&b);
    SECTION(&b, S_DATA, 0x01, 0x00, 0x23, 0x00, 0x23, 0x00, 0x0B, 0x00);
    DECODE_INVALID(&b, "type mismatch", 14);
    /* Opcodes that do not exist: malformed. */
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B);
    DECODE_FAILS(&b, "illegal opcode", 14);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x06);
    DECODE_FAILS(&b, "illegal opcode", 15);
    /* No end. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0x00);
    DECODE_FAILS(&b, "unexpected end of section or function", 15);
    /* Immediates encoded too long. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x0B);
    DECODE_FAILS(&b, "integer representation too long", 18);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7D, 0x00, 0x43, 0x00, 0x00, 0x0B);
    DECODE_FAILS(&b, "unexpected end of section or function", 17);
}

/* ---------------------------------------------------------------------------------------------
 * Hostile inputs: lengths and counts that claim far more than the input holds.
 * ------------------------------------------------------------------------------------------- */

static void test_hostile_counts(void **state)
{
    (void)state;
    mod b;
    /* 0xFFFFFFFF types in a 6-byte section. */
    mod_init(&b);
    SECTION(&b, S_TYPE, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60);
    DECODE_FAILS(&b, "unexpected end of section or function", 16);
    /* 2^31 functions, imports, globals, exports, elements, bodies, data segments. */
    const uint8_t ids[] = {S_IMPORT, S_FUNC, S_TABLE, S_MEM, S_GLOBAL,
                           S_EXPORT, S_ELEM, S_CODE,  S_DATA};
    for (size_t i = 0; i < sizeof ids; i++) {
        mod_init(&b);
        SECTION(&b, ids[i], 0x80, 0x80, 0x80, 0x80, 0x08, 0x00, 0x00);
        DECODE_FAILS(&b, "unexpected end of section or function", 17);
    }
    /* A count of 2^32 does not fit a u32. */
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x80, 0x80, 0x80, 0x80, 0x10);
    DECODE_FAILS(&b, "integer too large", 14);
    /* Huge parameter count in a function type. */
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F);
    DECODE_FAILS(&b, "unexpected end of section or function", 18);
    /* Huge item count in an element segment. */
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00);
    DECODE_FAILS(&b, "unexpected end of section or function", 19);
    /* Huge name subsection counts are ignored with the name section. */
}

static void test_hostile_lengths(void **state)
{
    (void)state;
    mod b;
    /* Section size 0xFFFFFFFF. */
    mod_init(&b);
    RAW(&b, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00);
    DECODE_FAILS(&b, "length out of bounds", 9);
    mod_init(&b);
    RAW(&b, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    DECODE_FAILS(&b, "length out of bounds", 9);
    /* Name lengths of 0xFFFFFFFF: custom section, import, export. */
    mod_init(&b);
    SECTION(&b, S_CUSTOM, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'x');
    DECODE_FAILS(&b, "length out of bounds", 10);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00);
    DECODE_FAILS(&b, "length out of bounds", 12);
    mod_init(&b);
    SECTION(&b, S_EXPORT, 0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00);
    DECODE_FAILS(&b, "length out of bounds", 11);
    /* Data segment and function body of 0xFFFFFFFF bytes. */
    mod_init(&b);
    SECTION(&b, S_DATA, 0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    DECODE_FAILS(&b, "length out of bounds", 12);
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x00);
    SECTION(&b, S_FUNC, 0x01, 0x00);
    SECTION(&b, S_CODE, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x0B);
    DECODE_FAILS(&b, "length out of bounds", 21);
}

/* Every prefix of a valid module, and every single-byte corruption of it, decodes or fails
 * cleanly (run under a sanitizer or valgrind to check memory). */
static void test_truncations_and_corruptions(void **state)
{
    (void)state;
    mod full;
    build_full(&full);
    size_t rejected = 0;
    for (size_t n = 0; n < full.n; n++) {
        wd_module *m = NULL;
        wd_decode_error e;
        if (wd_decode(full.b, n, &m, &e)) {
            wd_validate_module(m, &e);
            wd_module_free(m);
        } else {
            assert_null(m);
            assert_true(e.message[0] != '\0');
            assert_true(e.offset <= n);
            rejected++;
        }
    }
    assert_true(rejected > full.n / 2);
    static const uint8_t patterns[] = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0B, 0x41};
    mod x;
    for (size_t i = 0; i < full.n; i++) {
        for (size_t k = 0; k < sizeof patterns; k++) {
            x = full;
            x.b[i] = patterns[k];
            wd_module *m = NULL;
            wd_decode_error e;
            if (wd_decode(x.b, x.n, &m, &e)) {
                wd_validate_module(m, &e);
                wd_module_free(m);
            } else {
                assert_null(m);
                assert_true(e.offset <= x.n);
            }
        }
    }
}

/* Section names by id, as the binary format gives them; none past the last id. */
static void test_section_names(void **state)
{
    (void)state;
    static const char *const want[] = {"custom", "type",   "import",   "function", "table",
                                       "memory", "global", "export",   "start",    "element",
                                       "code",   "data",   "datacount"};
    for (uint8_t id = 0; id < sizeof want / sizeof want[0]; id++)
        assert_string_equal(wd_section_name(id), want[id]);
    assert_null(wd_section_name(13));
    assert_null(wd_section_name(255));
}

static void test_bad_arguments(void **state)
{
    (void)state;
    const uint8_t b[] = {HDR};
    wd_decode_error e;
    assert_false(wd_decode(b, sizeof b, NULL, &e));
    wd_module *m = NULL;
    assert_true(wd_decode(b, sizeof b, &m, NULL));
    assert_false(wd_validate_module(NULL, &e));
    assert_true(wd_validate_module(m, NULL));
    wd_module_free(m);
}

/* ---------------------------------------------------------------------------------------------
 * Module validation
 * ------------------------------------------------------------------------------------------- */

static void test_validate_limits(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x00, 0x81, 0x80, 0x04);
    VALIDATE_FAILS(&b, "memory size must be at most 65536 pages (4GiB)", 10);
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    VALIDATE_FAILS(&b, "memory size must be at most 65536 pages (4GiB)", 10);
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x01, 0x02, 0x01);
    VALIDATE_FAILS(&b, "size minimum must not be greater than maximum", 10);
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01, 0x70, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00);
    VALIDATE_FAILS(&b, "size minimum must not be greater than maximum", 10);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x02, 0x00, 0x81, 0x80, 0x04);
    VALIDATE_FAILS(&b, "memory size must be at most 65536 pages (4GiB)", 10);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x01, 0x70, 0x01, 0x03, 0x02);
    VALIDATE_FAILS(&b, "size minimum must not be greater than maximum", 10);
    /* The largest limits that are valid. */
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01, 0x70, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF,
            0x0F);
    SECTION(&b, S_MEM, 0x01, 0x01, 0x80, 0x80, 0x04, 0x80, 0x80, 0x04);
    wd_module_free(valid_ok(b.b, b.n));
}

static void test_validate_multiple_memories(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_MEM, 0x02, 0x00, 0x00, 0x00, 0x00);
    VALIDATE_FAILS(&b, "multiple memories", 10);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00);
    SECTION(&b, S_MEM, 0x01, 0x00, 0x00);
    VALIDATE_FAILS(&b, "multiple memories", 18);
}

static void test_validate_exports(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B);
    SECTION(&b, S_EXPORT, 0x02, 0x01, 'a', 0x03, 0x00, 0x01, 'a', 0x03, 0x00);
    VALIDATE_FAILS(&b, "duplicate export name", 18);
    /* Same name length, different bytes; a prefix of another name. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B);
    SECTION(&b, S_EXPORT, 0x03, 0x01, 'a', 0x03, 0x00, 0x01, 'b', 0x03, 0x00, 0x02, 'a', 'b', 0x03,
            0x00);
    wd_module_free(valid_ok(b.b, b.n));

    mod_init(&b);
    SECTION(&b, S_EXPORT, 0x01, 0x01, 'f', 0x00, 0x03);
    VALIDATE_FAILS(&b, "unknown function 3", 10);
    mod_init(&b);
    SECTION(&b, S_EXPORT, 0x01, 0x01, 't', 0x01, 0x00);
    VALIDATE_FAILS(&b, "unknown table 0", 10);
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x00, 0x00);
    SECTION(&b, S_EXPORT, 0x01, 0x01, 'm', 0x02, 0x01);
    VALIDATE_FAILS(&b, "unknown memory 1", 15);
    mod_init(&b);
    SECTION(&b, S_EXPORT, 0x01, 0x01, 'g', 0x03, 0x00);
    VALIDATE_FAILS(&b, "unknown global 0", 10);
}

static void test_validate_start(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_START, 0x00);
    VALIDATE_FAILS(&b, "unknown function 0", 10);
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x01, 0x7F, 0x00);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x00, 0x00);
    SECTION(&b, S_START, 0x00);
    VALIDATE_FAILS(&b, "start function", 24);
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x01, 0x7F);
    SECTION(&b, S_FUNC, 0x01, 0x00);
    SECTION(&b, S_START, 0x00);
    SECTION(&b, S_CODE, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0B);
    VALIDATE_FAILS(&b, "start function", 21);
}

static void test_validate_type_indices(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x00, 0x00);
    VALIDATE_FAILS(&b, "unknown type 0", 10);
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x00);
    SECTION(&b, S_FUNC, 0x01, 0x01);
    SECTION(&b, S_CODE, 0x01, 0x02, 0x00, 0x0B);
    VALIDATE_FAILS(&b, "unknown type 1", 16);
}

static void test_validate_globals(void **state)
{
    (void)state;
    mod b;
    /* Type of the initialiser. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x42, 0x00, 0x0B);
    VALIDATE_FAILS(&b, "type mismatch", 13);
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x6F, 0x00, 0xD0, 0x70, 0x0B);
    VALIDATE_FAILS(&b, "type mismatch", 13);
    /* global.get: only imported globals, only immutable ones. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x02, 0x7F, 0x00, 0x41, 0x00, 0x0B, 0x7F, 0x00, 0x23, 0x00, 0x0B);
    VALIDATE_FAILS(&b, "unknown global 0", 18);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x03, 0x7F, 0x01);
    SECTION(&b, S_GLOBAL, 0x01, 0x7F, 0x00, 0x23, 0x00, 0x0B);
    VALIDATE_FAILS(&b, "constant expression required", 21);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x03, 0x6F, 0x00);
    SECTION(&b, S_GLOBAL, 0x01, 0x70, 0x00, 0x23, 0x00, 0x0B);
    VALIDATE_FAILS(&b, "type mismatch", 21);
    mod_init(&b);
    SECTION(&b, S_IMPORT, 0x01, 0x00, 0x00, 0x03, 0x7E, 0x00);
    SECTION(&b, S_GLOBAL, 0x01, 0x7E, 0x01, 0x23, 0x00, 0x0B);
    wd_module_free(valid_ok(b.b, b.n));
    /* ref.func of a function that does not exist. */
    mod_init(&b);
    SECTION(&b, S_GLOBAL, 0x01, 0x70, 0x00, 0xD2, 0x00, 0x0B);
    VALIDATE_FAILS(&b, "unknown function 0", 13);
}

static void test_validate_elems(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x00);
    VALIDATE_FAILS(&b, "unknown table 0", 12);
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01, 0x70, 0x00, 0x01);
    SECTION(&b, S_ELEM, 0x01, 0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x00);
    VALIDATE_FAILS(&b, "unknown table 1", 19);
    /* Offset type, table type, item types. */
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01, 0x70, 0x00, 0x01);
    SECTION(&b, S_ELEM, 0x01, 0x00, 0x42, 0x00, 0x0B, 0x00);
    VALIDATE_FAILS(&b, "type mismatch", 18);
    mod_init(&b);
    SECTION(&b, S_TABLE, 0x01, 0x70, 0x00, 0x01);
    SECTION(&b, S_ELEM, 0x01, 0x06, 0x00, 0x41, 0x00, 0x0B, 0x6F, 0x00);
    VALIDATE_FAILS(&b, "type mismatch", 19);
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x05, 0x70, 0x01, 0xD0, 0x6F, 0x0B);
    VALIDATE_FAILS(&b, "type mismatch", 14);
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x01, 0x01, 0x00, 0x01, 0x00);
    VALIDATE_FAILS(&b, "unknown function 0", 14);
    /* Passive and declarative segments need no table. */
    mod_init(&b);
    SECTION(&b, S_ELEM, 0x02, 0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B, 0x07, 0x70, 0x00);
    wd_module_free(valid_ok(b.b, b.n));
}

static void test_validate_datas(void **state)
{
    (void)state;
    mod b;
    mod_init(&b);
    SECTION(&b, S_DATA, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x00);
    VALIDATE_FAILS(&b, "unknown memory 0", 12);
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x00, 0x00);
    SECTION(&b, S_DATA, 0x01, 0x02, 0x01, 0x41, 0x00, 0x0B, 0x00);
    VALIDATE_FAILS(&b, "unknown memory 1", 18);
    mod_init(&b);
    SECTION(&b, S_MEM, 0x01, 0x00, 0x00);
    SECTION(&b, S_DATA, 0x01, 0x00, 0x42, 0x00, 0x0B, 0x00);
    VALIDATE_FAILS(&b, "type mismatch", 17);
    /* A passive segment needs no memory. */
    mod_init(&b);
    SECTION(&b, S_DATA, 0x01, 0x01, 0x01, 'z');
    wd_module_free(valid_ok(b.b, b.n));
}

static void test_validate_declared(void **state)
{
    (void)state;
    mod b;
    /* Functions 0..3: 1 exported, 2 in a global, 3 in a passive element; 0 only started. */
    mod_init(&b);
    SECTION(&b, S_TYPE, 0x01, 0x60, 0x00, 0x00);
    SECTION(&b, S_FUNC, 0x04, 0x00, 0x00, 0x00, 0x00);
    SECTION(&b, S_GLOBAL, 0x01, 0x70, 0x00, 0xD2, 0x02, 0x0B);
    SECTION(&b, S_EXPORT, 0x01, 0x01, 'f', 0x00, 0x01);
    SECTION(&b, S_START, 0x00);
    SECTION(&b, S_ELEM, 0x01, 0x01, 0x00, 0x01, 0x03);
    SECTION(&b, S_CODE, 0x04, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B, 0x02, 0x00,
            0x0B);
    wd_module *m = valid_ok(b.b, b.n);
    assert_int_equal(m->func_declared[0], 0);
    assert_int_equal(m->func_declared[1], 1);
    assert_int_equal(m->func_declared[2], 1);
    assert_int_equal(m->func_declared[3], 1);
    /* Validating twice gives the same result without leaking. */
    assert_true(wd_validate_module(m, NULL));
    assert_int_equal(m->func_declared[0], 0);
    wd_module_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leb_u32),
        cmocka_unit_test(test_leb_signed),
        cmocka_unit_test(test_leb_u64),
        cmocka_unit_test(test_reader_values),
        cmocka_unit_test(test_reader_bounds),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_empty_module),
        cmocka_unit_test(test_full_module),
        cmocka_unit_test(test_v128_global),
        cmocka_unit_test(test_elem_encodings),
        cmocka_unit_test(test_data_encodings),
        cmocka_unit_test(test_custom_anywhere),
        cmocka_unit_test(test_name_section_malformed),
        cmocka_unit_test(test_name_section_partial),
        cmocka_unit_test(test_preamble),
        cmocka_unit_test(test_section_framing),
        cmocka_unit_test(test_section_order),
        cmocka_unit_test(test_count_consistency),
        cmocka_unit_test(test_malformed_types),
        cmocka_unit_test(test_malformed_entries),
        cmocka_unit_test(test_malformed_constexpr),
        cmocka_unit_test(test_hostile_counts),
        cmocka_unit_test(test_hostile_lengths),
        cmocka_unit_test(test_truncations_and_corruptions),
        cmocka_unit_test(test_section_names),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_validate_limits),
        cmocka_unit_test(test_validate_multiple_memories),
        cmocka_unit_test(test_validate_exports),
        cmocka_unit_test(test_validate_start),
        cmocka_unit_test(test_validate_type_indices),
        cmocka_unit_test(test_validate_globals),
        cmocka_unit_test(test_validate_elems),
        cmocka_unit_test(test_validate_datas),
        cmocka_unit_test(test_validate_declared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
