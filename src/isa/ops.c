/* The tables made from the instruction rows (isa/ops.h): names, layouts and the mappings between
 * instructions. */
#include "isa/ops.h"

/* clang-format off */
#define WI_NAME(name, layout, from) [WI_##name] = #name,
static const char *const k_names[WI_OP_COUNT] = {WI_ALL_OPS(WI_NAME)};
#undef WI_NAME

#define WI_LAYOUT(name, layout, from) [WI_##name] = WI_LAYOUT_##layout,
static const unsigned char k_layouts[WI_OP_COUNT] = {WI_ALL_OPS(WI_LAYOUT)};
#undef WI_LAYOUT
/* clang-format on */
_Static_assert(WI_LAYOUT_COUNT <= 255, "layouts must fit k_layouts' entries");

const char *wi_op_name(unsigned op)
{
    return op < WI_OP_COUNT ? k_names[op] : "?";
}

wi_layout wi_op_layout(unsigned op)
{
    return op < WI_OP_COUNT ? (wi_layout)k_layouts[op] : WI_LAYOUT_COUNT;
}

/* Numeric opcodes: 0x45..0xC4 at their place, the 0xFC ones after them. An entry holds op + 1,
 * so 0 means none. */
#define WI_NUM_SLOT(opcode) ((opcode) >= 0xFC00 ? (opcode) - 0xFC00 + 0x80 : (opcode) - 0x45)
#define WI_FROM_OPCODE(name, layout, opcode) [WI_NUM_SLOT(opcode)] = WI_##name + 1,
static const unsigned short k_numeric[0x88] = {WI_NUMERIC_OPS(WI_FROM_OPCODE)};
#undef WI_FROM_OPCODE

wi_op wi_numeric_op(unsigned opcode)
{
    unsigned slot;
    if (opcode >= 0x45 && opcode <= 0xC4)
        slot = opcode - 0x45;
    else if (opcode >= 0xFC00 && opcode <= 0xFC07)
        slot = opcode - 0xFC00 + 0x80;
    else
        return WI_OP_COUNT;
    return k_numeric[slot] ? (wi_op)(k_numeric[slot] - 1) : WI_OP_COUNT;
}

/* A specialised form by the instruction it specialises (op + 1; 0: none). FROM is a macro call
 * in some rows, so it is expanded before it is pasted. */
#define WI_PASTE_(a, b) a##b
#define WI_PASTE(a, b) WI_PASTE_(a, b)
#define WI_FORM(name, layout, from) [WI_PASTE(WI_, from)] = WI_##name + 1,
static const unsigned short k_imm[WI_OP_COUNT] = {WI_IMM_OPS(WI_FORM)};
static const unsigned short k_branch[WI_OP_COUNT] = {WI_CMP_BRANCH_OPS(WI_FORM)};
static const unsigned short k_mul_fused[WI_OP_COUNT] = {WI_MUL_FUSED_OPS(WI_FORM)};
static const unsigned short k_addk[WI_OP_COUNT] = {
    WI_ACCESSES(WI_FORM, _ADDK, LOAD_K, STORE_K, WI_FROM_SELF)};
#undef WI_FORM

static wi_op form(const unsigned short *table, wi_op op)
{
    return (unsigned)op < WI_OP_COUNT && table[op] ? (wi_op)(table[op] - 1) : WI_OP_COUNT;
}

wi_op wi_imm_form(wi_op op)
{
    return form(k_imm, op);
}

wi_op wi_branch_form(wi_op op)
{
    return form(k_branch, op);
}

wi_op wi_addk_form(wi_op op)
{
    return form(k_addk, op);
}

wi_op wi_mul_fused_form(wi_op op)
{
    return form(k_mul_fused, op);
}

/* The comparison that holds when `op` does not: EQ and NE, LT and GE, GT and LE, each both ways,
 * for the i32 and i64 comparisons and their _IMM forms. */
#define WI_NEGATIONS(N, P, S)                                                                      \
    N(P##EQ##S, P##NE##S)                                                                          \
    N(P##LT_S##S, P##GE_S##S)                                                                      \
    N(P##LT_U##S, P##GE_U##S) N(P##GT_S##S, P##LE_S##S) N(P##GT_U##S, P##LE_U##S)
#define WI_NEGATION(a, b) [WI_##a] = WI_##b + 1, [WI_##b] = WI_##a + 1,
static const unsigned short k_negation[WI_OP_COUNT] = {
    WI_NEGATIONS(WI_NEGATION, I32_, ) WI_NEGATIONS(WI_NEGATION, I64_, )
        WI_NEGATIONS(WI_NEGATION, I32_, _IMM) WI_NEGATIONS(WI_NEGATION, I64_, _IMM)};
#undef WI_NEGATION
#undef WI_NEGATIONS

wi_op wi_negated_comparison(wi_op op)
{
    return form(k_negation, op);
}
