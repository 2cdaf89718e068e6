/* The internal instruction set: the one definition. One row per instruction, X(NAME, LAYOUT, FROM):
 *   NAME    the instruction (enum WI_NAME, handler label L_NAME, disassembler name)
 *   LAYOUT  its cells and fields (isa/layouts.h), so its length is WI_LEN_NAME
 *   FROM    for a numeric instruction, the WebAssembly opcode it implements (0xFC-prefixed ones as
 *           0xFC00 + sub-opcode); for a specialised form (an operand made a constant, a
 *           comparison fused with its branch, an address with a constant added), the instruction
 *           it specialises; otherwise `_`.
 * The tables that map between instructions (isa/ops.c: WebAssembly opcode to instruction, an
 * instruction to its constant-operand form, ...) are made from the FROM column, so no code relies
 * on the order of the enum.
 *
 * Operands are frame-slot indices (relative to the frame base: parameters, then locals, then the
 * operand stack, whose every position has a fixed slot known at lowering time), immediates and
 * resolved branch targets. A v128 operand names the first of its two adjacent slots.
 *
 * To add an instruction: a row here, its handler in src/exec/, its lowering rule in
 * src/compile/ (docs/architecture.md walks through one). */
#ifndef WARDEN_ISA_OPS_H
#define WARDEN_ISA_OPS_H

#include "isa/layouts.h"

/* clang-format off */

/* The ten integer comparisons in opcode order, from WebAssembly opcode BASE: the plain operators
 * (FROM = their opcode), their _IMM forms and the compare-and-branch forms (FROM = the operator
 * they specialise) are all made from this list. */
#define WI_INT_COMPARISONS(X, P, S, LAYOUT, FROM) \
    X(P##EQ##S, LAYOUT, FROM(P, EQ, 0)) X(P##NE##S, LAYOUT, FROM(P, NE, 1)) \
    X(P##LT_S##S, LAYOUT, FROM(P, LT_S, 2)) X(P##LT_U##S, LAYOUT, FROM(P, LT_U, 3)) \
    X(P##GT_S##S, LAYOUT, FROM(P, GT_S, 4)) X(P##GT_U##S, LAYOUT, FROM(P, GT_U, 5)) \
    X(P##LE_S##S, LAYOUT, FROM(P, LE_S, 6)) X(P##LE_U##S, LAYOUT, FROM(P, LE_U, 7)) \
    X(P##GE_S##S, LAYOUT, FROM(P, GE_S, 8)) X(P##GE_U##S, LAYOUT, FROM(P, GE_U, 9))
#define WI_FROM_I32_OPCODE(P, N, k) (0x46 + (k))
#define WI_FROM_I64_OPCODE(P, N, k) (0x51 + (k))
#define WI_FROM_I32_OP(P, N, k) I32_##N
#define WI_FROM_I64_OP(P, N, k) I64_##N

/* The loads and stores, named NAME##S; FROM(NAME) is their FROM. The interpreter makes the
 * handlers of each form from this list too (ACCESSES in exec/interp.c). */
#define WI_ACCESSES(X, S, LL, SL, FROM) \
    X(I32_LOAD##S, LL, FROM(I32_LOAD)) X(I64_LOAD##S, LL, FROM(I64_LOAD)) \
    X(I32_LOAD8_S##S, LL, FROM(I32_LOAD8_S)) X(I32_LOAD8_U##S, LL, FROM(I32_LOAD8_U)) \
    X(I32_LOAD16_S##S, LL, FROM(I32_LOAD16_S)) X(I32_LOAD16_U##S, LL, FROM(I32_LOAD16_U)) \
    X(I64_LOAD8_S##S, LL, FROM(I64_LOAD8_S)) X(I64_LOAD8_U##S, LL, FROM(I64_LOAD8_U)) \
    X(I64_LOAD16_S##S, LL, FROM(I64_LOAD16_S)) X(I64_LOAD16_U##S, LL, FROM(I64_LOAD16_U)) \
    X(I64_LOAD32_S##S, LL, FROM(I64_LOAD32_S)) X(I64_LOAD32_U##S, LL, FROM(I64_LOAD32_U)) \
    X(STORE8##S, SL, FROM(STORE8)) X(STORE16##S, SL, FROM(STORE16)) \
    X(STORE32##S, SL, FROM(STORE32)) X(STORE64##S, SL, FROM(STORE64))
#define WI_FROM_NONE(x) _
#define WI_FROM_SELF(x) x

#define WI_CONTROL_OPS(X) \
    X(EXIT,          NONE,       _)  /* leaves the interpreter (the entry frame's return) */ \
    X(TRAP,          TRAP,       _)  /* raises a trap */ \
    X(FUEL,          FUEL,       _)  /* charges a basic block's fuel */ \
    X(BR,            JUMP,       _) \
    X(BR_IF,         BRANCH,     _)  /* branches when slot cond (i32) is non-zero */ \
    X(BR_IF_NOT,     BRANCH,     _) \
    X(BR_TABLE,      BR_TABLE,   _)  /* the last target is the default */ \
    X(RETURN,        NONE,       _)  /* results are already in slots 0.. */ \
    X(CALL,          CALL,       _)  /* the callee's frame starts at slot base */ \
    X(CALL_INDIRECT, CALL_IND,   _) \
    X(COPY,          DA,         _) \
    X(COPY2,         DV,         _)  /* two slots (v128) */ \
    X(CONST,         DK,         _) \
    X(SELECT,        SELECT,     _)  /* dst = cond ? a : b */ \
    X(SELECT2,       SELECT,     _)  /* two slots */ \
    X(GLOBAL_GET,    GLOBAL_GET, _) \
    X(GLOBAL_SET,    GLOBAL_SET, _) \
    X(GLOBAL_GET2,   GLOBAL_GET, _) \
    X(GLOBAL_SET2,   GLOBAL_SET, _)

#define WI_MEMORY_OPS(X) \
    WI_ACCESSES(X, , LOAD, STORE, WI_FROM_NONE) \
    /* The same with an i32.add of a constant folded in: the address is the 32-bit sum of slot \
     * addr and k, plus the offset. */ \
    WI_ACCESSES(X, _ADDK, LOAD_K, STORE_K, WI_FROM_SELF) \
    X(MEMORY_SIZE,   D,          _) \
    X(MEMORY_GROW,   GROW,       _) \
    X(MEMORY_FILL,   FILL,       _) \
    X(MEMORY_COPY,   COPY,       _) \
    X(MEMORY_INIT,   MEM_INIT,   _) \
    X(DATA_DROP,     DROP_DATA,  _)

#define WI_TABLE_OPS(X) \
    X(TABLE_GET,     TABLE_GET,  _) \
    X(TABLE_SET,     TABLE_SET,  _) \
    X(TABLE_SIZE,    TABLE_SIZE, _) \
    X(TABLE_GROW,    TABLE_GROW, _)  /* dst = the old size or -1 */ \
    X(TABLE_FILL,    TABLE_FILL, _) \
    X(TABLE_COPY,    TABLE_COPY, _) \
    X(TABLE_INIT,    TABLE_INIT, _) \
    X(ELEM_DROP,     DROP_ELEM,  _) \
    X(REF_FUNC,      REF_FUNC,   _) \
    X(REF_IS_NULL,   DA,         _)

/* The numeric operators of WebAssembly: each one instruction, FROM its opcode. */
#define WI_NUMERIC_OPS(X) \
    X(I32_EQZ, DA, 0x45) WI_INT_COMPARISONS(X, I32_, , DAB, WI_FROM_I32_OPCODE) \
    X(I64_EQZ, DA, 0x50) WI_INT_COMPARISONS(X, I64_, , DAB, WI_FROM_I64_OPCODE) \
    X(F32_EQ, DAB, 0x5B) X(F32_NE, DAB, 0x5C) X(F32_LT, DAB, 0x5D) X(F32_GT, DAB, 0x5E) \
    X(F32_LE, DAB, 0x5F) X(F32_GE, DAB, 0x60) \
    X(F64_EQ, DAB, 0x61) X(F64_NE, DAB, 0x62) X(F64_LT, DAB, 0x63) X(F64_GT, DAB, 0x64) \
    X(F64_LE, DAB, 0x65) X(F64_GE, DAB, 0x66) \
    X(I32_CLZ, DA, 0x67) X(I32_CTZ, DA, 0x68) X(I32_POPCNT, DA, 0x69) \
    X(I32_ADD, DAB, 0x6A) X(I32_SUB, DAB, 0x6B) X(I32_MUL, DAB, 0x6C) X(I32_DIV_S, DAB, 0x6D) \
    X(I32_DIV_U, DAB, 0x6E) X(I32_REM_S, DAB, 0x6F) X(I32_REM_U, DAB, 0x70) \
    X(I32_AND, DAB, 0x71) X(I32_OR, DAB, 0x72) X(I32_XOR, DAB, 0x73) X(I32_SHL, DAB, 0x74) \
    X(I32_SHR_S, DAB, 0x75) X(I32_SHR_U, DAB, 0x76) X(I32_ROTL, DAB, 0x77) \
    X(I32_ROTR, DAB, 0x78) \
    X(I64_CLZ, DA, 0x79) X(I64_CTZ, DA, 0x7A) X(I64_POPCNT, DA, 0x7B) \
    X(I64_ADD, DAB, 0x7C) X(I64_SUB, DAB, 0x7D) X(I64_MUL, DAB, 0x7E) X(I64_DIV_S, DAB, 0x7F) \
    X(I64_DIV_U, DAB, 0x80) X(I64_REM_S, DAB, 0x81) X(I64_REM_U, DAB, 0x82) \
    X(I64_AND, DAB, 0x83) X(I64_OR, DAB, 0x84) X(I64_XOR, DAB, 0x85) X(I64_SHL, DAB, 0x86) \
    X(I64_SHR_S, DAB, 0x87) X(I64_SHR_U, DAB, 0x88) X(I64_ROTL, DAB, 0x89) \
    X(I64_ROTR, DAB, 0x8A) \
    X(F32_ABS, DA, 0x8B) X(F32_NEG, DA, 0x8C) X(F32_CEIL, DA, 0x8D) X(F32_FLOOR, DA, 0x8E) \
    X(F32_TRUNC, DA, 0x8F) X(F32_NEAREST, DA, 0x90) X(F32_SQRT, DA, 0x91) \
    X(F32_ADD, DAB, 0x92) X(F32_SUB, DAB, 0x93) X(F32_MUL, DAB, 0x94) X(F32_DIV, DAB, 0x95) \
    X(F32_MIN, DAB, 0x96) X(F32_MAX, DAB, 0x97) X(F32_COPYSIGN, DAB, 0x98) \
    X(F64_ABS, DA, 0x99) X(F64_NEG, DA, 0x9A) X(F64_CEIL, DA, 0x9B) X(F64_FLOOR, DA, 0x9C) \
    X(F64_TRUNC, DA, 0x9D) X(F64_NEAREST, DA, 0x9E) X(F64_SQRT, DA, 0x9F) \
    X(F64_ADD, DAB, 0xA0) X(F64_SUB, DAB, 0xA1) X(F64_MUL, DAB, 0xA2) X(F64_DIV, DAB, 0xA3) \
    X(F64_MIN, DAB, 0xA4) X(F64_MAX, DAB, 0xA5) X(F64_COPYSIGN, DAB, 0xA6) \
    X(I32_WRAP_I64, DA, 0xA7) X(I32_TRUNC_F32_S, DA, 0xA8) X(I32_TRUNC_F32_U, DA, 0xA9) \
    X(I32_TRUNC_F64_S, DA, 0xAA) X(I32_TRUNC_F64_U, DA, 0xAB) \
    X(I64_EXTEND_I32_S, DA, 0xAC) X(I64_EXTEND_I32_U, DA, 0xAD) \
    X(I64_TRUNC_F32_S, DA, 0xAE) X(I64_TRUNC_F32_U, DA, 0xAF) \
    X(I64_TRUNC_F64_S, DA, 0xB0) X(I64_TRUNC_F64_U, DA, 0xB1) \
    X(F32_CONVERT_I32_S, DA, 0xB2) X(F32_CONVERT_I32_U, DA, 0xB3) \
    X(F32_CONVERT_I64_S, DA, 0xB4) X(F32_CONVERT_I64_U, DA, 0xB5) X(F32_DEMOTE_F64, DA, 0xB6) \
    X(F64_CONVERT_I32_S, DA, 0xB7) X(F64_CONVERT_I32_U, DA, 0xB8) \
    X(F64_CONVERT_I64_S, DA, 0xB9) X(F64_CONVERT_I64_U, DA, 0xBA) X(F64_PROMOTE_F32, DA, 0xBB) \
    X(I32_EXTEND8_S, DA, 0xC0) X(I32_EXTEND16_S, DA, 0xC1) X(I64_EXTEND8_S, DA, 0xC2) \
    X(I64_EXTEND16_S, DA, 0xC3) X(I64_EXTEND32_S, DA, 0xC4) \
    X(I32_TRUNC_SAT_F32_S, DA, 0xFC00) X(I32_TRUNC_SAT_F32_U, DA, 0xFC01) \
    X(I32_TRUNC_SAT_F64_S, DA, 0xFC02) X(I32_TRUNC_SAT_F64_U, DA, 0xFC03) \
    X(I64_TRUNC_SAT_F32_S, DA, 0xFC04) X(I64_TRUNC_SAT_F32_U, DA, 0xFC05) \
    X(I64_TRUNC_SAT_F64_S, DA, 0xFC06) X(I64_TRUNC_SAT_F64_U, DA, 0xFC07)

/* Binary operators whose second operand is a constant, FROM the operator they specialise. */
#define WI_IMM_OPS(X) \
    WI_INT_COMPARISONS(X, I32_, _IMM, DAI, WI_FROM_I32_OP) \
    WI_INT_COMPARISONS(X, I64_, _IMM, DAI, WI_FROM_I64_OP) \
    X(I32_ADD_IMM, DAI, I32_ADD) X(I32_SUB_IMM, DAI, I32_SUB) X(I32_MUL_IMM, DAI, I32_MUL) \
    X(I32_AND_IMM, DAI, I32_AND) X(I32_OR_IMM, DAI, I32_OR) X(I32_XOR_IMM, DAI, I32_XOR) \
    X(I32_SHL_IMM, DAI, I32_SHL) X(I32_SHR_S_IMM, DAI, I32_SHR_S) \
    X(I32_SHR_U_IMM, DAI, I32_SHR_U) X(I32_ROTL_IMM, DAI, I32_ROTL) \
    X(I32_ROTR_IMM, DAI, I32_ROTR) \
    X(I64_ADD_IMM, DAI, I64_ADD) X(I64_SUB_IMM, DAI, I64_SUB) X(I64_MUL_IMM, DAI, I64_MUL) \
    X(I64_AND_IMM, DAI, I64_AND) X(I64_OR_IMM, DAI, I64_OR) X(I64_XOR_IMM, DAI, I64_XOR) \
    X(I64_SHL_IMM, DAI, I64_SHL) X(I64_SHR_S_IMM, DAI, I64_SHR_S) \
    X(I64_SHR_U_IMM, DAI, I64_SHR_U) X(I64_ROTL_IMM, DAI, I64_ROTL) \
    X(I64_ROTR_IMM, DAI, I64_ROTR)

/* An i32 comparison fused with the conditional branch that consumes it, FROM the comparison
 * (plain or _IMM) it takes the place of. */
#define WI_FROM_I32_OP_IMM(P, N, k) I32_##N##_IMM
#define WI_CMP_BRANCH_OPS(X) \
    WI_INT_COMPARISONS(X, BR_I32_, , CMP_BR, WI_FROM_I32_OP) \
    WI_INT_COMPARISONS(X, BR_I32_, _IMM, CMP_BR_IMM, WI_FROM_I32_OP_IMM)

/* A float add or subtract whose second operand is the product computed just before: dst = a + b * c
 * (or a - b * c), rounded after each operation as the two instructions are: not a fused
 * multiply-add. FROM the add or subtract. */
#define WI_MUL_FUSED_OPS(X) \
    X(F32_ADD_MUL, DABC, F32_ADD) X(F32_SUB_MUL, DABC, F32_SUB) \
    X(F64_ADD_MUL, DABC, F64_ADD) X(F64_SUB_MUL, DABC, F64_SUB)

/* clang-format on */

#include "isa/ops_simd.h"

#define WI_ALL_OPS(X)                                                                              \
    WI_CONTROL_OPS(X)                                                                              \
    WI_MEMORY_OPS(X)                                                                               \
    WI_TABLE_OPS(X)                                                                                \
    WI_NUMERIC_OPS(X) WI_IMM_OPS(X) WI_CMP_BRANCH_OPS(X) WI_MUL_FUSED_OPS(X) WI_SIMD_OPS(X)

typedef enum wi_op {
#define WI_OP_ENUM(name, layout, from) WI_##name,
    WI_ALL_OPS(WI_OP_ENUM)
#undef WI_OP_ENUM
        WI_OP_COUNT
} wi_op;

/* WI_LEN_<NAME>: the cells of an instruction (of BR_TABLE: without its targets). */
enum {
#define WI_OP_LEN(name, layout, from) WI_LEN_##name = WI_CELLS_##layout,
    WI_ALL_OPS(WI_OP_LEN)
#undef WI_OP_LEN
};

/* An instruction's name ("I32_ADD"), or "?" when op is out of range. */
const char *wi_op_name(unsigned op);
/* An instruction's layout; WI_LAYOUT_COUNT when op is out of range. */
wi_layout wi_op_layout(unsigned op);

/* The instruction implementing WebAssembly numeric opcode `opcode` (0x45..0xC4, or 0xFC00 +
 * sub-opcode for the saturating truncations), or WI_OP_COUNT when there is none (the
 * reinterpretations, which keep the bits, or another opcode). */
wi_op wi_numeric_op(unsigned opcode);
/* The form of `op` whose second operand is a constant (WI_IMM_OPS), or WI_OP_COUNT. */
wi_op wi_imm_form(wi_op op);
/* The compare-and-branch form of the i32 comparison `op` (plain or _IMM), or WI_OP_COUNT. */
wi_op wi_branch_form(wi_op op);
/* The form of the load or store `op` that adds a constant to its address, or WI_OP_COUNT. */
wi_op wi_addk_form(wi_op op);
/* The fused form of a float add or subtract (WI_MUL_FUSED_OPS), or WI_OP_COUNT. */
wi_op wi_mul_fused_form(wi_op op);
/* The integer comparison (plain or _IMM) that is true exactly when `op` is false, or WI_OP_COUNT.
 */
wi_op wi_negated_comparison(wi_op op);

#endif
