/* Function bodies that try to exhaust the validator: huge local counts, deep nesting, huge
 * branch tables. Each must end with an exact error (or load fine) without unbounded memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "warden.h"

typedef struct buf {
    uint8_t *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *src, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}

static void put_byte(buf *b, uint8_t v)
{
    put(b, &v, 1);
}

static void put_u32(buf *b, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        if (v) byte |= 0x80;
        put_byte(b, byte);
    } while (v);
}

/* A module with one function of type [] -> [] whose body (locals and code) is `body`. The body
 * starts at offset *body_at of the result. */
static buf module_with_body(const buf *body, size_t *body_at)
{
    static const uint8_t head[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00,
                                   0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, /* type: [] -> [] */
                                   0x03, 0x02, 0x01, 0x00};                  /* func: type 0 */
    buf m = {0};
    put(&m, head, sizeof head);
    buf code = {0};
    put_u32(&code, 1);
    put_u32(&code, (uint32_t)body->n);
    size_t inner = code.n;
    put(&code, body->p, body->n);
    put_byte(&m, 0x0A);
    put_u32(&m, (uint32_t)code.n);
    *body_at = m.n + inner;
    put(&m, code.p, code.n);
    free(code.p);
    return m;
}

static warden_error_t *load(const buf *m)
{
    warden_engine_t *engine;
    assert_null(warden_engine_new(&engine));
    warden_module_t *mod = NULL;
    warden_error_t *e = warden_module_new(engine, m->p, m->n, &mod);
    warden_module_delete(mod);
    warden_engine_delete(engine);
    return e;
}

static void expect_error(const buf *body, const char *message, size_t offset_in_body)
{
    size_t at;
    buf m = module_with_body(body, &at);
    warden_error_t *e = load(&m);
    assert_non_null(e);
    assert_string_equal(warden_error_message(e), message);
    assert_int_equal(warden_error_offset(e), (int64_t)(at + offset_in_body));
    warden_error_delete(e);
    free(m.p);
}

static void test_local_count_of_2_pow_32_minus_1(void **state)
{
    (void)state;
    buf b = {0};
    put_u32(&b, 1);          /* one group */
    put_u32(&b, UINT32_MAX); /* of 2^32-1 locals */
    put_byte(&b, 0x7F);
    put_byte(&b, 0x0B);
    expect_error(&b, "too many locals", 1);
    free(b.p);
}

/* Each group is within the limit of 50,000 locals; their sum is not. */
static void test_local_counts_summing_past_limit(void **state)
{
    (void)state;
    buf b = {0};
    put_u32(&b, 2);
    put_u32(&b, 40000); /* three bytes */
    put_byte(&b, 0x7F);
    put_u32(&b, 40000);
    put_byte(&b, 0x7E);
    put_byte(&b, 0x0B);
    expect_error(&b, "too many locals", 5); /* at the second count */
    free(b.p);
}

static void test_million_unclosed_blocks(void **state)
{
    (void)state;
    buf b = {0};
    put_u32(&b, 0);
    for (int i = 0; i < 1000000; i++) put(&b, "\x02\x40", 2);
    expect_error(&b, "unexpected end", b.n);
    free(b.p);
}

static void test_million_nested_blocks_load(void **state)
{
    (void)state;
    buf b = {0};
    put_u32(&b, 0);
    for (int i = 0; i < 1000000; i++) put(&b, "\x02\x40", 2);
    for (int i = 0; i < 1000000; i++) put_byte(&b, 0x0B);
    put_byte(&b, 0x0B);
    size_t at;
    buf m = module_with_body(&b, &at);
    warden_error_t *e = load(&m);
    assert_null(e);
    free(m.p);
    free(b.p);
}

static void test_br_table_with_huge_count(void **state)
{
    (void)state;
    buf b = {0};
    put_u32(&b, 0);
    put(&b, "\x41\x00", 2); /* i32.const 0 */
    put_byte(&b, 0x0E);     /* br_table */
    put_u32(&b, UINT32_MAX);
    put_byte(&b, 0x00);
    put_byte(&b, 0x0B);
    expect_error(&b, "unexpected end", 3);
    free(b.p);
}

static void test_unknown_label(void **state)
{
    (void)state;
    buf b = {0};
    put_u32(&b, 0);
    put(&b, "\x0C\x01\x0B", 3); /* br 1 at function level */
    expect_error(&b, "unknown label", 1);
    free(b.p);
}

static void test_type_mismatch_offset(void **state)
{
    (void)state;
    buf b = {0};
    put_u32(&b, 0);
    put(&b, "\x41\x01\x42\x01\x6A\x1A\x0B", 7); /* i32.const 1 i64.const 1 i32.add drop */
    expect_error(&b, "type mismatch", 5);
    free(b.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local_count_of_2_pow_32_minus_1),
        cmocka_unit_test(test_local_counts_summing_past_limit),
        cmocka_unit_test(test_million_unclosed_blocks),
        cmocka_unit_test(test_million_nested_blocks_load),
        cmocka_unit_test(test_br_table_with_huge_count),
        cmocka_unit_test(test_unknown_label),
        cmocka_unit_test(test_type_mismatch_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
