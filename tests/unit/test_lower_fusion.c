/* The lowering's superinstructions: a value computed by the instruction just emitted and read
 * only by the next one lets the two become one (compare and branch, address add and access,
 * product and sum, producer and local.set); and the SIMD operations with inline handlers. Each case
 * lowers a small body and checks the internal code itself, as the disassembler prints it (the
 * format of `warden inspect --code`), so a lowering that stopped fusing fails here even though
 * every program would still compute the same results; and where fusing would be wrong (the value
 * is also kept in a local), it checks that both instructions stay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "binary/module.h"
#include "compile/code.h"
#include "isa/disasm.h"
#include "isa/ops.h"

/* A module with one memory page and one function of type [] -> [] whose locals are
 * `nlocals` locals of type `local_type` and whose code (ending in `end`) is `code`. */
static size_t make_module(uint8_t *out, uint8_t local_type, uint8_t nlocals, const uint8_t *code,
                          size_t ncode)
{
    static const uint8_t head[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00,
                                   0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, /* type: [] -> [] */
                                   0x03, 0x02, 0x01, 0x00,                   /* func: type 0 */
                                   0x05, 0x03, 0x01, 0x00, 0x01};            /* memory: 1 page */
    size_t n = 0;
    memcpy(out, head, sizeof head);
    n += sizeof head;
    size_t body = 3 + ncode; /* one local group: count 1, then n and type */
    out[n++] = 0x0A;
    out[n++] = (uint8_t)(body + 2);
    out[n++] = 1;
    out[n++] = (uint8_t)body;
    out[n++] = 1;
    out[n++] = nlocals;
    out[n++] = local_type;
    memcpy(out + n, code, ncode);
    return n + ncode;
}

/* Lowers the function (switch dispatch: cells hold operator numbers) into *f. */
static void lower(uint8_t local_type, uint8_t nlocals, const uint8_t *code, size_t ncode,
                  wc_code **f)
{
    uint8_t bytes[128];
    assert_true(ncode < 96);
    size_t n = make_module(bytes, local_type, nlocals, code, ncode);
    wd_module *m = NULL;
    wd_decode_error err = {0};
    assert_true(wd_decode(bytes, n, &m, &err));
    assert_true(wd_validate_module(m, &err));
    wc_func fn;
    assert_true(wc_lower_function(m, 0, NULL, NULL, NULL, &fn, f, &err));
    wd_module_free(m);
}

/* The function's code as the disassembler prints it, one instruction a line. */
static void expect_code(const wc_code *f, const char *want)
{
    char got[2048] = "", line[256];
    size_t len = 0;
    for (uint32_t at = 0; at < f->ncells;) {
        uint32_t cells = wi_disasm(f->cells, f->ncells, at, NULL, line, sizeof line);
        assert_true(cells > 0);
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%u %s", len ? "\n" : "", at, line);
        assert_true(len < sizeof got);
        at += cells;
    }
    assert_string_equal(got, want);
}

#define I32 0x7F
#define F64 0x7C
#define LOCAL_GET 0x20
#define LOCAL_SET 0x21
#define LOCAL_TEE 0x22
#define I32_CONST 0x41
#define END 0x0B
#define DROP 0x1A

/* (i32.load8_u offset=7 (i32.add (local.get 0) (i32.const 16))): one instruction whose fields
 * hold the local, the constant and the offset. */
static void test_address_add_folds_into_the_access(void **state)
{
    (void)state;
    static const uint8_t code[] = {LOCAL_GET, 0, I32_CONST, 16, 0x6A, 0x2D, 0, 7, DROP, END};
    wc_code *f;
    lower(I32, 1, code, sizeof code, &f);
    expect_code(f, "0 I32_LOAD8_U_ADDK dst=s1 addr=s0 k=16 offset=+7\n"
                   "3 RETURN");
    free(f);

    /* The same store: (i32.store (i32.add (local.get 0) (i32.const 16)) (local.get 0)). */
    static const uint8_t store[] = {LOCAL_GET, 0,    I32_CONST, 16, 0x6A, LOCAL_GET,
                                    0,         0x36, 2,         0,  END};
    lower(I32, 1, store, sizeof store, &f);
    expect_code(f, "0 STORE32_ADDK addr=s0 src=s0 k=16 offset=+0\n"
                   "3 RETURN");
    free(f);
}

/* When the sum is also kept in a local (local.tee), the add must still write it: no folding. */
static void test_address_kept_in_a_local_is_not_folded(void **state)
{
    (void)state;
    static const uint8_t code[] = {LOCAL_GET, 0,    I32_CONST, 16, 0x6A, LOCAL_TEE,
                                   0,         0x2D, 0,         7,  DROP, END};
    wc_code *f;
    lower(I32, 1, code, sizeof code, &f);
    expect_code(f, "0 I32_ADD_IMM dst=s0 a=s0 imm=16\n"
                   "3 I32_LOAD8_U dst=s1 addr=s0 offset=+7\n"
                   "6 RETURN");
    free(f);
}

/* (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2))): one instruction; with the
 * operands the other way round, (f64.add (f64.mul ...) (local.get 0)), two. */
static void test_product_folds_into_the_sum(void **state)
{
    (void)state;
    static const uint8_t code[] = {LOCAL_GET, 0, LOCAL_GET, 1, LOCAL_GET, 2, 0xA2, 0xA0, DROP, END};
    wc_code *f;
    lower(F64, 3, code, sizeof code, &f);
    expect_code(f, "0 F64_ADD_MUL dst=s3 a=s0 b=s1 c=s2\n"
                   "3 RETURN");
    free(f);

    static const uint8_t swapped[] = {LOCAL_GET, 1, LOCAL_GET, 2,    0xA2,
                                      LOCAL_GET, 0, 0xA0,      DROP, END};
    lower(F64, 3, swapped, sizeof swapped, &f);
    expect_code(f, "0 F64_MUL dst=s3 a=s1 b=s2\n"
                   "3 F64_ADD dst=s3 a=s3 b=s0\n"
                   "6 RETURN");
    free(f);
}

/* (block (br_if 0 (i32.lt_s (local.get 0) (i32.const 3)))): one compare-and-branch. */
static void test_comparison_folds_into_the_branch(void **state)
{
    (void)state;
    static const uint8_t code[] = {0x02, 0x40, LOCAL_GET, 0, I32_CONST, 3, 0x48, 0x0D, 0, END, END};
    wc_code *f;
    lower(I32, 1, code, sizeof code, &f);
    expect_code(f, "0 BR_I32_LT_S_IMM a=s0 imm=3 target=@4\n"
                   "4 RETURN");
    free(f);
}

/* (local.set 1 (i32.add (local.get 0) (local.get 0))): the add writes local 1 directly. */
static void test_producer_writes_the_local(void **state)
{
    (void)state;
    static const uint8_t code[] = {LOCAL_GET, 0, LOCAL_GET, 0, 0x6A, LOCAL_SET, 1, END};
    wc_code *f;
    lower(I32, 2, code, sizeof code, &f);
    expect_code(f, "0 I32_ADD dst=s1 a=s0 b=s0\n"
                   "3 RETURN");
    free(f);
}

/* The SIMD operations with handlers of their own are lowered to them, the others to the generic
 * handler of their shape: (i32x4.add (local.get 0) (local.get 0)) and i32x4.min_s. */
static void test_simd_inline_handlers(void **state)
{
    (void)state;
    static const uint8_t add[] = {LOCAL_GET, 0, LOCAL_GET, 0, 0xFD, 0xAE, 0x01, DROP, END};
    wc_code *f;
    lower(0x7B, 1, add, sizeof add, &f);
    expect_code(f, "0 I32X4_ADD dst=v2 a=v0 b=v0\n"
                   "3 RETURN");
    free(f);
    static const uint8_t min[] = {LOCAL_GET, 0, LOCAL_GET, 0, 0xFD, 0xB6, 0x01, DROP, END};
    lower(0x7B, 1, min, sizeof min, &f);
    expect_code(f, "0 SIMD_BINARY dst=v2 a=v0 b=v0 op=I32X4_MIN_S\n"
                   "3 RETURN");
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_add_folds_into_the_access),
        cmocka_unit_test(test_address_kept_in_a_local_is_not_folded),
        cmocka_unit_test(test_product_folds_into_the_sum),
        cmocka_unit_test(test_comparison_folds_into_the_branch),
        cmocka_unit_test(test_producer_writes_the_local),
        cmocka_unit_test(test_simd_inline_handlers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
