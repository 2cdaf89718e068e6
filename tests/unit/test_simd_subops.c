/* The one definition of the SIMD sub-opcodes (src/isa/simd_subops.h) against what the build made
 * of it: every sub-opcode of a kind with a generic handler has a function in the table of that
 * kind (src/exec/simd.c) and in no other, that function computes what the row's lane operation
 * does, every I row has its own instruction with the layout of its kind, and a sub-opcode with no
 * row, or an O row, has no function at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exec/simd.h"
#include "isa/ops.h"
#include "isa/simd_subops.h"

typedef struct row {
    bool present;
    char handler; /* 'S', 'I' or 'O': the row's macro */
    const char *kind;
    const char *name;
    unsigned op; /* an I row's instruction; WI_OP_COUNT otherwise */
} row;

#define ROW_S(P, sub, name, kind, type, width, fn) [sub] = {true, 'S', #kind, #name, WI_OP_COUNT},
#define ROW_I(P, sub, name, kind, type, width, fn) [sub] = {true, 'I', #kind, #name, WI_##name},
#define ROW_O(P, sub, name, kind, type, width, fn) [sub] = {true, 'O', #kind, #name, WI_OP_COUNT},
static const row k_rows[256] = {WI_SIMD_SUBOPS(ROW_S, ROW_I, ROW_O, ~)};

/* The kinds with a generic handler, in the order of their tables below. */
static const char *const k_table_kinds[] = {"UNARY", "SPLAT",   "BINARY",  "TEST",
                                            "SHIFT", "EXTRACT", "REPLACE", "LOAD"};
enum { TABLES = sizeof k_table_kinds / sizeof k_table_kinds[0] };

static bool has_function(unsigned table, unsigned sub)
{
    switch (table) {
    case 0: return ws_fns.unary[sub] != NULL;
    case 1: return ws_fns.splat[sub] != NULL;
    case 2: return ws_fns.binary[sub] != NULL;
    case 3: return ws_fns.test[sub] != NULL;
    case 4: return ws_fns.shift[sub] != NULL;
    case 5: return ws_fns.extract[sub] != NULL;
    case 6: return ws_fns.replace[sub] != NULL;
    default: return ws_fns.load[sub] != NULL;
    }
}

static void test_every_subop_has_its_function(void **state)
{
    (void)state;
    unsigned rows = 0;
    for (unsigned sub = 0; sub < 256; sub++) {
        const row *r = &k_rows[sub];
        rows += r->present;
        bool needs = r->present && r->handler != 'O', generic_kind = false;
        for (unsigned t = 0; t < TABLES; t++) {
            bool of_kind = r->present && strcmp(r->kind, k_table_kinds[t]) == 0;
            generic_kind |= of_kind;
            if (has_function(t, sub) != (needs && of_kind))
                fail_msg("sub-opcode %u (%s): %s function in the %s table", sub,
                         r->present ? r->name : "no row", needs && of_kind ? "no" : "a stray",
                         k_table_kinds[t]);
        }
        if (needs && !generic_kind)
            fail_msg("sub-opcode %u (%s): kind %s has no table", sub, r->name, r->kind);
        /* An O row is of a kind the lowering gives an instruction of its own; of the loads, only
         * v128.load (sub-opcode 0) is. */
        if (r->present && r->handler == 'O' && generic_kind && sub != 0)
            fail_msg("sub-opcode %u (%s): kind %s has no handler of its own", sub, r->name,
                     r->kind);
    }
    assert_int_equal(rows, 236); /* the instructions of the fixed-width SIMD chapter */
}

static void test_inline_rows_have_their_instruction(void **state)
{
    (void)state;
    unsigned inline_rows = 0;
    for (unsigned sub = 0; sub < 256; sub++) {
        const row *r = &k_rows[sub];
        if (!r->present || r->handler != 'I') continue;
        inline_rows++;
        assert_true(r->op < WI_OP_COUNT);
        assert_string_equal(wi_op_name(r->op), r->name);
        wi_layout want = strcmp(r->kind, "UNARY") == 0     ? WI_LAYOUT_V_DA
                         : strcmp(r->kind, "BINARY") == 0  ? WI_LAYOUT_V_DAB
                         : strcmp(r->kind, "SHIFT") == 0   ? WI_LAYOUT_V_SHIFT
                         : strcmp(r->kind, "EXTRACT") == 0 ? WI_LAYOUT_V_LANE
                                                           : WI_LAYOUT_COUNT;
        assert_int_equal(wi_op_layout(r->op), want);
    }
    assert_true(inline_rows > 0);
}

/* ---- Each table's function is its row's lane operation ------------------------------------- */

/* A deterministic spread of operands: every lane width's edges and some mixed bits. */
static ws_v128 operand(unsigned i)
{
    static const uint64_t k_words[] = {
        0,
        UINT64_MAX,
        UINT64_C(0x8000000000000000),
        UINT64_C(0x7FFFFFFFFFFFFFFF),
        UINT64_C(0x80007FFF8000FFFF),
        UINT64_C(0x7F80FF01807F0180),
        UINT64_C(0x3FF0000000000000), /* 1.0 */
        UINT64_C(0xBF8000007FC00000), /* -1.0f, NaN */
        UINT64_C(0x0123456789ABCDEF),
        UINT64_C(0x0F0E0D0C13121110), /* shuffle and swizzle indices */
    };
    enum { N = sizeof k_words / sizeof k_words[0] };
    return ws_make(k_words[i % N], k_words[(i * 7 + 3) % N]);
}
enum { OPERANDS = 10 };

static void differs(unsigned sub)
{
    fail_msg("sub-opcode %u (%s): the table's function differs from the lane operation", sub,
             k_rows[sub].name);
}

/* Two results agree when their bits do, or when they differ only in which NaN a float lane holds:
 * the hardware propagates a NaN operand's payload, and a compiler may swap the operands of a
 * commutative operation (the spec allows either NaN). */
static bool f32_nan(uint32_t x)
{
    return (x & 0x7F800000u) == 0x7F800000u && (x & 0x007FFFFFu) != 0;
}
static bool f64_nan(uint64_t x)
{
    return (x & UINT64_C(0x7FF0000000000000)) == UINT64_C(0x7FF0000000000000) &&
           (x & UINT64_C(0x000FFFFFFFFFFFFF)) != 0;
}
static void same(unsigned sub, ws_v128 got, ws_v128 want)
{
    bool f32 = true, f64 = true;
    for (int i = 0; i < 4; i++)
        f32 &= got.u32[i] == want.u32[i] || (f32_nan(got.u32[i]) && f32_nan(want.u32[i]));
    for (int i = 0; i < 2; i++)
        f64 &= got.u64[i] == want.u64[i] || (f64_nan(got.u64[i]) && f64_nan(want.u64[i]));
    if (!f32 && !f64) differs(sub);
}

static void check_unary(unsigned sub, ws_unary_fn f, ws_v128 (*op)(ws_v128))
{
    for (unsigned i = 0; i < OPERANDS; i++) {
        ws_v128 a = operand(i);
        uint64_t out[2];
        f(out, a.u64);
        same(sub, ws_get(out), op(a));
    }
}

static void check_binary(unsigned sub, ws_binary_fn f, ws_v128 (*op)(ws_v128, ws_v128))
{
    for (unsigned i = 0; i < OPERANDS; i++) {
        for (unsigned j = 0; j < OPERANDS; j++) {
            ws_v128 a = operand(i), b = operand(j);
            uint64_t out[2];
            f(out, a.u64, b.u64);
            same(sub, ws_get(out), op(a, b));
        }
    }
}

static void check_test(unsigned sub, ws_test_fn f, uint32_t (*op)(ws_v128))
{
    for (unsigned i = 0; i < OPERANDS; i++) {
        ws_v128 a = operand(i);
        if (f(a.u64) != op(a)) differs(sub);
    }
}

static void check_shift(unsigned sub, ws_shift_fn f, ws_v128 (*op)(ws_v128, uint32_t))
{
    for (unsigned i = 0; i < OPERANDS; i++) {
        for (uint32_t n = 0; n < 70; n += 3) {
            ws_v128 a = operand(i);
            uint64_t out[2];
            f(out, a.u64, n);
            same(sub, ws_get(out), op(a, n));
        }
    }
}

static void check_splat(unsigned sub, ws_splat_fn f, ws_v128 (*op)(uint64_t))
{
    for (unsigned i = 0; i < OPERANDS; i++) {
        uint64_t x = operand(i).u64[0];
        uint64_t out[2];
        f(out, x);
        same(sub, ws_get(out), op(x));
    }
}

static void check_extract(unsigned sub, ws_extract_fn f, uint64_t (*op)(ws_v128, uint32_t),
                          uint32_t lanes)
{
    for (unsigned i = 0; i < OPERANDS; i++) {
        for (uint32_t lane = 0; lane < lanes; lane++) {
            ws_v128 a = operand(i);
            if (f(a.u64, lane) != op(a, lane)) differs(sub);
        }
    }
}

static void check_replace(unsigned sub, ws_replace_fn f, ws_v128 (*op)(ws_v128, uint64_t, uint32_t),
                          uint32_t lanes)
{
    for (unsigned i = 0; i < OPERANDS; i++) {
        for (uint32_t lane = 0; lane < lanes; lane++) {
            ws_v128 a = operand(i);
            uint64_t x = operand(i + 1).u64[1], out[2];
            f(out, a.u64, x, lane);
            same(sub, ws_get(out), op(a, x, lane));
        }
    }
}

#define CHECK(P, sub, name, kind, type, width, fn) CHECK_##kind(sub, width, ws_##fn)
#define NO_CHECK(P, sub, name, kind, type, width, fn)
#define CHECK_UNARY(sub, width, fn) check_unary(sub, ws_fns.unary[sub], fn);
#define CHECK_BINARY(sub, width, fn) check_binary(sub, ws_fns.binary[sub], fn);
#define CHECK_TEST(sub, width, fn) check_test(sub, ws_fns.test[sub], fn);
#define CHECK_SHIFT(sub, width, fn) check_shift(sub, ws_fns.shift[sub], fn);
#define CHECK_SPLAT(sub, width, fn) check_splat(sub, ws_fns.splat[sub], fn);
#define CHECK_EXTRACT(sub, width, fn) check_extract(sub, ws_fns.extract[sub], fn, width);
#define CHECK_REPLACE(sub, width, fn) check_replace(sub, ws_fns.replace[sub], fn, width);
#define CHECK_LOAD(sub, width, fn) check_unary(sub, ws_fns.load[sub], fn);

static void test_functions_are_their_lane_operations(void **state)
{
    (void)state;
    WI_SIMD_SUBOPS(CHECK, CHECK, NO_CHECK, ~)
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_subop_has_its_function),
        cmocka_unit_test(test_inline_rows_have_their_instruction),
        cmocka_unit_test(test_functions_are_their_lane_operations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
