/* The internal instruction set's definition (src/isa): every instruction has a name, a layout and
 * a length; the tables made from the definition map exactly the instructions they should; the
 * disassembler names every field where the layout puts it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "isa/disasm.h"
#include "isa/ops.h"

static void test_every_op_has_a_name_and_a_layout(void **state)
{
    (void)state;
    for (unsigned op = 0; op < WI_OP_COUNT; op++) {
        const char *name = wi_op_name(op);
        assert_non_null(name);
        assert_string_not_equal(name, "?");
        assert_true(wi_op_layout(op) < WI_LAYOUT_COUNT);
        for (unsigned other = 0; other < op; other++)
            assert_string_not_equal(name, wi_op_name(other));
    }
    assert_string_equal(wi_op_name(WI_OP_COUNT), "?");
    assert_int_equal(wi_op_layout(WI_OP_COUNT), WI_LAYOUT_COUNT);
    assert_string_equal(wi_op_name(WI_I32_ADD), "I32_ADD");
    assert_int_equal(wi_op_layout(WI_I32_ADD), WI_LAYOUT_DAB);
    assert_int_equal(WI_LEN_I32_ADD, 3);
    assert_int_equal(WI_LEN_CONST, 3);
    assert_int_equal(WI_LEN_RETURN, 1);
    assert_int_equal(WI_LEN_TABLE_COPY, 4);
    assert_int_equal(WI_LEN_V128_LOAD_LANE, 5);
}

/* No two fields of a layout share a position, and 64-bit fields take a whole cell. */
static void test_layout_fields_do_not_overlap(void **state)
{
    (void)state;
    for (unsigned l = 0; l < WI_LAYOUT_COUNT; l++) {
        const wi_layout_info *info = &wi_layout_infos[l];
        unsigned used[5][2] = {{0}};
        for (unsigned i = 0; i < info->nfields; i++) {
            wi_pos p = info->fields[i].pos;
            unsigned cell, lo = 1, hi = 1;
            if (p >= WI_POS_W1) {
                cell = 1 + (unsigned)(p - WI_POS_W1);
            } else {
                cell = 1 + (unsigned)(p - WI_POS_A1) / 2;
                if ((p - WI_POS_A1) % 2)
                    lo = 0;
                else
                    hi = 0;
            }
            assert_true(cell < info->cells);
            if (lo) assert_int_equal(used[cell][0]++, 0);
            if (hi) assert_int_equal(used[cell][1]++, 0);
        }
    }
}

static void test_numeric_opcodes_map_to_their_instruction(void **state)
{
    (void)state;
    static const struct {
        unsigned opcode;
        wi_op op;
    } k[] = {
        {0x45, WI_I32_EQZ},
        {0x46, WI_I32_EQ},
        {0x4F, WI_I32_GE_U},
        {0x50, WI_I64_EQZ},
        {0x5A, WI_I64_GE_U},
        {0x5B, WI_F32_EQ},
        {0x6A, WI_I32_ADD},
        {0x78, WI_I32_ROTR},
        {0x7C, WI_I64_ADD},
        {0xA6, WI_F64_COPYSIGN},
        {0xA7, WI_I32_WRAP_I64},
        {0xBB, WI_F64_PROMOTE_F32},
        {0xC0, WI_I32_EXTEND8_S},
        {0xC4, WI_I64_EXTEND32_S},
        {0xFC00, WI_I32_TRUNC_SAT_F32_S},
        {0xFC07, WI_I64_TRUNC_SAT_F64_U},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        assert_int_equal(wi_numeric_op(k[i].opcode), k[i].op);
    /* Every numeric opcode but the reinterpretations has an instruction, and no two share one. */
    unsigned seen[WI_OP_COUNT] = {0};
    for (unsigned opcode = 0x45; opcode <= 0xC4; opcode++) {
        wi_op op = wi_numeric_op(opcode);
        if (opcode >= 0xBC && opcode <= 0xBF) {
            assert_int_equal(op, WI_OP_COUNT);
            continue;
        }
        assert_true(op < WI_OP_COUNT);
        assert_int_equal(seen[op]++, 0);
    }
    assert_int_equal(wi_numeric_op(0x44), WI_OP_COUNT);
    assert_int_equal(wi_numeric_op(0xC5), WI_OP_COUNT);
    assert_int_equal(wi_numeric_op(0xFC08), WI_OP_COUNT);
}

static void test_derived_forms(void **state)
{
    (void)state;
    assert_int_equal(wi_imm_form(WI_I32_ADD), WI_I32_ADD_IMM);
    assert_int_equal(wi_imm_form(WI_I64_LE_U), WI_I64_LE_U_IMM);
    assert_int_equal(wi_imm_form(WI_I32_DIV_S), WI_OP_COUNT); /* traps: no constant form */
    assert_int_equal(wi_imm_form(WI_F32_ADD), WI_OP_COUNT);
    assert_int_equal(wi_branch_form(WI_I32_LT_S), WI_BR_I32_LT_S);
    assert_int_equal(wi_branch_form(WI_I32_GE_U_IMM), WI_BR_I32_GE_U_IMM);
    assert_int_equal(wi_branch_form(WI_I64_EQ), WI_OP_COUNT);
    assert_int_equal(wi_addk_form(WI_I64_LOAD16_S), WI_I64_LOAD16_S_ADDK);
    assert_int_equal(wi_addk_form(WI_STORE64), WI_STORE64_ADDK);
    assert_int_equal(wi_addk_form(WI_V128_LOAD), WI_OP_COUNT);
    assert_int_equal(wi_mul_fused_form(WI_F64_SUB), WI_F64_SUB_MUL);
    assert_int_equal(wi_mul_fused_form(WI_F64_MUL), WI_OP_COUNT);
    assert_int_equal(wi_negated_comparison(WI_I32_LT_S), WI_I32_GE_S);
    assert_int_equal(wi_negated_comparison(WI_I32_GE_S), WI_I32_LT_S);
    assert_int_equal(wi_negated_comparison(WI_I64_GT_U_IMM), WI_I64_LE_U_IMM);
    assert_int_equal(wi_negated_comparison(WI_I32_NE), WI_I32_EQ);
    assert_int_equal(wi_negated_comparison(WI_F32_LT), WI_OP_COUNT); /* NaN: not a negation */
    /* Every comparison's negation is a comparison whose negation is itself. */
    for (unsigned op = 0; op < WI_OP_COUNT; op++) {
        wi_op n = wi_negated_comparison((wi_op)op);
        if (n != WI_OP_COUNT) assert_int_equal(wi_negated_comparison(n), op);
    }
}

static void test_disassembler(void **state)
{
    (void)state;
    wi_cell code[16];
    memset(code, 0, sizeof code);
    code[0].op = WI_I32_ADD; /* dst|a b|- */
    code[1].s.a = 4;
    code[1].s.b = 2;
    code[2].s.a = 3;
    code[3].op = WI_BR_TABLE; /* idx|n target*(n+1) */
    code[4].s.a = 7;
    code[4].s.b = 1;
    code[5].u64 = (uint64_t)-3;
    code[6].u64 = 9;
    code[7].op = WI_I64_LOAD_ADDK; /* dst|addr k|offset */
    code[8].s.a = 1;
    code[8].s.b = 2;
    code[9].s.a = 16;
    code[9].s.b = 8;
    code[10].op = WI_V128_CONST; /* dst|- lo hi */
    code[11].s.a = 6;
    code[12].u64 = 0x123456789ull;
    code[13].u64 = 5;
    code[14].op = WI_RETURN;
    char text[200];
    assert_int_equal(wi_disasm(code, 15, 0, NULL, text, sizeof text), 3);
    assert_string_equal(text, "I32_ADD dst=s4 a=s2 b=s3");
    assert_int_equal(wi_disasm(code, 15, 3, NULL, text, sizeof text), 4);
    assert_string_equal(text, "BR_TABLE idx=s7 n=1 targets=@0,@12");
    assert_int_equal(wi_disasm(code, 15, 7, NULL, text, sizeof text), 3);
    assert_string_equal(text, "I64_LOAD_ADDK dst=s1 addr=s2 k=16 offset=+8");
    assert_int_equal(wi_disasm(code, 15, 10, NULL, text, sizeof text), 4);
    assert_string_equal(text, "V128_CONST dst=v6 lo=0x123456789 hi=5");
    assert_int_equal(wi_disasm(code, 15, 14, NULL, text, sizeof text), 1);
    assert_string_equal(text, "RETURN");
    /* An instruction cut short by the end of the code, or a cell that holds none. */
    assert_int_equal(wi_disasm(code, 14, 10, NULL, text, sizeof text), 4);
    assert_int_equal(wi_disasm(code, 13, 10, NULL, text, sizeof text), 0);
    assert_string_equal(text, "?");
    assert_int_equal(wi_disasm(code, 5, 3, NULL, text, sizeof text), 0); /* targets cut off */
    code[14].op = WI_OP_COUNT;
    assert_int_equal(wi_disasm(code, 15, 14, NULL, text, sizeof text), 0);
    /* A generic SIMD instruction names its operation; a sub-opcode without one gets its number. */
    wi_cell simd[3] = {{.op = WI_SIMD_BINARY}, {.s = {2, 4}}, {.s = {6, 182}}};
    assert_int_equal(wi_disasm(simd, 3, 0, NULL, text, sizeof text), 3);
    assert_string_equal(text, "SIMD_BINARY dst=v2 a=v4 b=v6 op=I32X4_MIN_S");
    simd[2].s.b = 154; /* 0x9A: not an instruction */
    assert_int_equal(wi_disasm(simd, 3, 0, NULL, text, sizeof text), 3);
    assert_string_equal(text, "SIMD_BINARY dst=v2 a=v4 b=v6 op=#154");
    /* A small buffer gets a terminated prefix. */
    char small[8];
    assert_int_equal(wi_disasm(code, 15, 0, NULL, small, sizeof small), 3);
    assert_string_equal(small, "I32_ADD");
    /* Direct threading: the op is found through the handler table. */
    const void *handlers[WI_OP_COUNT];
    for (unsigned i = 0; i < WI_OP_COUNT; i++) handlers[i] = &handlers[i];
    wi_cell threaded[3] = {{.handler = &handlers[WI_I32_SUB]}, {.s = {1, 2}}, {.s = {3, 0}}};
    assert_int_equal(wi_disasm(threaded, 3, 0, handlers, text, sizeof text), 3);
    assert_string_equal(text, "I32_SUB dst=s1 a=s2 b=s3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_op_has_a_name_and_a_layout),
        cmocka_unit_test(test_layout_fields_do_not_overlap),
        cmocka_unit_test(test_numeric_opcodes_map_to_their_instruction),
        cmocka_unit_test(test_derived_forms),
        cmocka_unit_test(test_disassembler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
