/* The kind of the error warden_module_new gives for a bad function body: a fault of the binary
 * format (an over-long or too large LEB128, a truncated immediate, an opcode that does not exist,
 * a non-zero reserved byte, too many locals...) is WARDEN_ERROR_MALFORMED; a fault of validation
 * (typing, an unknown index, an alignment larger than natural...) is WARDEN_ERROR_INVALID. The
 * message and the offset stay exact. Modules are built as byte arrays. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "warden.h"

/* A module of one function of type [] -> [] whose body (locals and code, without the body's size)
 * is `body`, with a memory of one page when `memory`. Sizes stay below 128, so each takes one byte.
 */
typedef struct mod {
    uint8_t b[512];
    size_t n;
    size_t body_at; /* where the body's first byte is */
} mod;

static void put(mod *m, const uint8_t *p, size_t n)
{
    assert_true(m->n + n <= sizeof m->b);
    memcpy(m->b + m->n, p, n);
    m->n += n;
}

static void put_byte(mod *m, uint8_t v)
{
    put(m, &v, 1);
}

static void build(mod *m, bool memory, const uint8_t *body, size_t n)
{
    static const uint8_t head[] = {
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, /* header */
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             /* type section: [] -> [] */
        0x03, 0x02, 0x01, 0x00,                         /* function section: type 0 */
    };
    static const uint8_t mem[] = {0x05, 0x03, 0x01, 0x00, 0x01}; /* memory section: min 1 */
    assert_true(n + 2 < 128);
    m->n = 0;
    put(m, head, sizeof head);
    if (memory) put(m, mem, sizeof mem);
    put_byte(m, 0x0A);             /* code section */
    put_byte(m, (uint8_t)(n + 2)); /* its size */
    put_byte(m, 0x01);             /* one body */
    put_byte(m, (uint8_t)n);       /* of n bytes */
    m->body_at = m->n;
    put(m, body, n);
}

/* Creating the module fails with `kind`, `message`, at `offset` counted from the body's start. */
static void expect(bool memory, const uint8_t *body, size_t n, warden_error_kind_t kind,
                   const char *message, size_t offset)
{
    mod m;
    build(&m, memory, body, n);
    warden_engine_t *engine = NULL;
    assert_null(warden_engine_new(&engine));
    warden_module_t *module = NULL;
    warden_error_t *e = warden_module_new(engine, m.b, m.n, &module);
    assert_null(module);
    assert_non_null(e);
    assert_string_equal(warden_error_message(e), message);
    assert_int_equal(warden_error_kind(e), kind);
    assert_int_equal(warden_error_offset(e), (int64_t)(m.body_at + offset));
    warden_error_delete(e);
    warden_engine_delete(engine);
}

#define MALFORMED(memory, msg, off, ...)                                                           \
    do {                                                                                           \
        const uint8_t body_[] = {__VA_ARGS__};                                                     \
        expect((memory), body_, sizeof body_, WARDEN_ERROR_MALFORMED, (msg), (off));               \
    } while (0)

#define INVALID(memory, msg, off, ...)                                                             \
    do {                                                                                           \
        const uint8_t body_[] = {__VA_ARGS__};                                                     \
        expect((memory), body_, sizeof body_, WARDEN_ERROR_INVALID, (msg), (off));                 \
    } while (0)

/* The module builder itself: a well-formed, valid body loads. */
static void test_valid_body_loads(void **state)
{
    (void)state;
    static const uint8_t body[] = {0x00, 0x41, 0x00, 0x1A, 0x3F, 0x00, 0x1A, 0x0B};
    mod m;
    build(&m, true, body, sizeof body);
    warden_engine_t *engine = NULL;
    assert_null(warden_engine_new(&engine));
    warden_module_t *module = NULL;
    assert_null(warden_module_new(engine, m.b, m.n, &module));
    assert_non_null(module);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * Malformed: the body's bytes break the binary format.
 * ------------------------------------------------------------------------------------------- */

static void test_overlong_leb_in_i32_const(void **state)
{
    (void)state;
    /* No locals; i32.const with six LEB128 bytes where a 32-bit value takes at most five: the
     * fifth (at 6) still has its continuation bit. */
    MALFORMED(false, "integer representation too long", 6, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80,
              0x00, 0x1A, 0x0B);
    /* Five bytes, but the unused bits of the last one are not a sign extension. */
    MALFORMED(false, "integer too large", 6, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1A, 0x0B);
}

static void test_truncated_immediate_at_end_of_body(void **state)
{
    (void)state;
    /* i32.const whose LEB128 still continues where the body ends (at 3). */
    MALFORMED(false, "unexpected end of section or function", 3, 0x00, 0x41, 0x80);
    /* f64.const with four of its eight bytes. */
    MALFORMED(false, "unexpected end of section or function", 6, 0x00, 0x44, 0x00, 0x00, 0x00,
              0x00);
    /* The body ends before the function's final `end`. */
    MALFORMED(false, "unexpected end", 3, 0x00, 0x41, 0x00);
}

static void test_illegal_opcode(void **state)
{
    (void)state;
    /* 0x06 is no instruction of WebAssembly 2.0. */
    MALFORMED(false, "illegal opcode", 1, 0x00, 0x06, 0x0B);
    /* Nor is 0xFC 18 (a sub-opcode past table.fill). */
    MALFORMED(false, "illegal opcode", 1, 0x00, 0xFC, 0x12, 0x0B);
    /* An illegal opcode after a valid instruction: at its own offset. */
    MALFORMED(false, "illegal opcode", 3, 0x00, 0x41, 0x00, 0xC5, 0x0B);
}

static void test_memory_size_reserved_byte(void **state)
{
    (void)state;
    /* memory.size takes a reserved byte that must be 0x00. */
    MALFORMED(true, "zero byte expected", 2, 0x00, 0x3F, 0x01, 0x1A, 0x0B);
    /* Also without a memory: the encoding is checked first. */
    MALFORMED(false, "zero byte expected", 2, 0x00, 0x3F, 0x01, 0x1A, 0x0B);
    /* memory.grow too. */
    MALFORMED(true, "zero byte expected", 4, 0x00, 0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, 0x0B);
}

static void test_too_many_locals(void **state)
{
    (void)state;
    /* One group of 2^32 - 1 i32 locals. */
    MALFORMED(false, "too many locals", 1, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B);
    /* Two groups that sum past the limit of 50,000: at the second count. */
    MALFORMED(false, "too many locals", 5, 0x02, 0xC0, 0xB8, 0x02, 0x7F, 0xC0, 0xB8, 0x02, 0x7E,
              0x0B);
}

static void test_other_malformed_bodies(void **state)
{
    (void)state;
    /* A local of a value type that does not exist. */
    MALFORMED(false, "malformed value type", 2, 0x01, 0x01, 0x50, 0x0B);
    /* ref.null of a type that is no reference type. */
    MALFORMED(false, "malformed reference type", 2, 0x00, 0xD0, 0x7F, 0x1A, 0x0B);
    /* `else` outside an `if`. */
    MALFORMED(false, "else without if", 1, 0x00, 0x05, 0x0B);
    /* Bytes after the function's final `end`. */
    MALFORMED(false, "section size mismatch", 2, 0x00, 0x0B, 0x01);
    /* select with a vector of two types, the second of which does not exist: the whole vector
     * is decoded before its length is checked. */
    MALFORMED(false, "malformed value type", 10, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C,
              0x02, 0x7F, 0x50, 0x1A, 0x0B);
    /* An alignment exponent of 32 does not fit a memarg (the spec suite's "malformed memop
     * flags"). */
    MALFORMED(true, "alignment must not be larger than natural", 3, 0x00, 0x41, 0x00, 0x28, 0x20,
              0x00, 0x1A, 0x0B);
}

/* ---------------------------------------------------------------------------------------------
 * Invalid: the body is well-formed but breaks a validation rule.
 * ------------------------------------------------------------------------------------------- */

static void test_type_mismatch(void **state)
{
    (void)state;
    /* i32.add of an i32 and an i64. */
    INVALID(false, "type mismatch", 5, 0x00, 0x41, 0x00, 0x42, 0x00, 0x6A, 0x1A, 0x0B);
    /* A value left over at the end of a function without results. */
    INVALID(false, "type mismatch", 3, 0x00, 0x41, 0x00, 0x0B);
}

static void test_unknown_local(void **state)
{
    (void)state;
    INVALID(false, "unknown local", 1, 0x00, 0x20, 0x00, 0x1A, 0x0B);
    /* One declared local: index 1 is unknown. */
    INVALID(false, "unknown local", 3, 0x01, 0x01, 0x7F, 0x20, 0x01, 0x1A, 0x0B);
}

static void test_alignment_too_large(void **state)
{
    (void)state;
    /* i32.load with alignment 2^3 > 4 bytes. */
    INVALID(true, "alignment must not be larger than natural", 3, 0x00, 0x41, 0x00, 0x28, 0x03,
            0x00, 0x1A, 0x0B);
    /* i32.store8 with alignment 2^1 > 1 byte. */
    INVALID(true, "alignment must not be larger than natural", 5, 0x00, 0x41, 0x00, 0x41, 0x00,
            0x3A, 0x01, 0x00, 0x0B);
}

static void test_other_invalid_bodies(void **state)
{
    (void)state;
    /* A load without a memory. */
    INVALID(false, "unknown memory 0", 3, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B);
    /* select with a vector of two (existing) types. */
    INVALID(false, "invalid result arity", 7, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02,
            0x7F, 0x7F, 0x1A, 0x0B);
    /* A branch to a label that does not exist. */
    INVALID(false, "unknown label", 1, 0x00, 0x0C, 0x01, 0x0B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_body_loads),
        cmocka_unit_test(test_overlong_leb_in_i32_const),
        cmocka_unit_test(test_truncated_immediate_at_end_of_body),
        cmocka_unit_test(test_illegal_opcode),
        cmocka_unit_test(test_memory_size_reserved_byte),
        cmocka_unit_test(test_too_many_locals),
        cmocka_unit_test(test_other_malformed_bodies),
        cmocka_unit_test(test_type_mismatch),
        cmocka_unit_test(test_unknown_local),
        cmocka_unit_test(test_alignment_too_large),
        cmocka_unit_test(test_other_invalid_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
