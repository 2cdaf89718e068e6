/* The internal instruction set: one entry per interpreter handler.
 *
 * Operands are frame-slot indices (relative to the frame base: parameters, then locals, then the
 * operand stack, whose every position has a fixed slot known at lowering time), immediates and
 * resolved branch targets. The layout of each instruction is given beside it, in cells after the
 * handler cell; "a|b" is one cell holding two 32-bit fields. See src/compile/code.h. */
#ifndef WARDEN_EXEC_OPS_H
#define WARDEN_EXEC_OPS_H

/* clang-format off */
/* The ten integer comparisons in opcode order, named PREFIX##NAME##SUFFIX. The plain operators,
 * their _IMM forms and the compare-and-branch forms are all made from this one list, so they
 * share its order, which the lowering's arithmetic on operators relies on (imm_form,
 * emit_cond_branch). The interpreter makes its handlers for them the same way (COMPARISONS). */
#define WX_INT_COMPARISONS(X, P, S) \
    X(P##EQ##S) X(P##NE##S) X(P##LT_S##S) X(P##LT_U##S) X(P##GT_S##S) X(P##GT_U##S) \
    X(P##LE_S##S) X(P##LE_U##S) X(P##GE_S##S) X(P##GE_U##S)

/* The loads and stores, named NAME##SUFFIX: each form of access is made from this one list, so
 * the forms keep one order (lower_memory.c steps from one form to another by arithmetic). The
 * interpreter makes its handlers the same way (ACCESSES in interp.c). */
#define WX_ACCESSES(X, S) \
    X(I32_LOAD##S) X(I64_LOAD##S) X(I32_LOAD8_S##S) X(I32_LOAD8_U##S) X(I32_LOAD16_S##S) \
    X(I32_LOAD16_U##S) X(I64_LOAD8_S##S) X(I64_LOAD8_U##S) X(I64_LOAD16_S##S) \
    X(I64_LOAD16_U##S) X(I64_LOAD32_S##S) X(I64_LOAD32_U##S) \
    X(STORE8##S) X(STORE16##S) X(STORE32##S) X(STORE64##S)

#define WX_CONTROL_OPS(X) \
    X(EXIT)            /* -                      leaves the interpreter (entry frame's return) */ \
    X(TRAP)            /* kind                   raises a trap */ \
    X(FUEL)            /* cost                   charges a basic block's fuel */ \
    X(BR)              /* target */ \
    X(BR_IF)           /* cond|- target           branch when slot cond (i32) is non-zero */ \
    X(BR_IF_NOT)       /* cond|- target */ \
    X(BR_TABLE)        /* idx|n target*(n+1)      the last target is the default */ \
    X(RETURN)          /* -                      results are already in slots 0.. */ \
    X(CALL)            /* func|base               callee frame starts at slot base */ \
    X(CALL_INDIRECT)   /* type|table idx|base */ \
    X(COPY)            /* dst|src */ \
    X(COPY2)           /* dst|src                 two slots (v128) */ \
    X(CONST)           /* dst|- value64 */ \
    X(SELECT)          /* dst|a b|c               dst = c ? a : b */ \
    X(SELECT2)         /* dst|a b|c               two slots */ \
    X(GLOBAL_GET)      /* dst|global */ \
    X(GLOBAL_SET)      /* global|src */ \
    X(GLOBAL_GET2)     /* dst|global */ \
    X(GLOBAL_SET2)     /* global|src */

#define WX_MEMORY_OPS(X) \
    /* loads: dst|addr offset64 ; stores: addr|src offset64 */ \
    WX_ACCESSES(X, ) \
    /* The same, in the same order, with an i32.add of a constant folded in: the address is \
     * the 32-bit sum of a slot and k, plus the offset. loads: dst|a k|offset ; stores: \
     * addr|src k|offset */ \
    WX_ACCESSES(X, _ADDK) \
    X(MEMORY_SIZE)     /* dst|- */ \
    X(MEMORY_GROW)     /* dst|delta */ \
    X(MEMORY_FILL)     /* d|val n|- */ \
    X(MEMORY_COPY)     /* d|s n|- */ \
    X(MEMORY_INIT)     /* d|s n|data */ \
    X(DATA_DROP)       /* data|- */

#define WX_TABLE_OPS(X) \
    X(TABLE_GET)       /* dst|idx table|- */ \
    X(TABLE_SET)       /* idx|val table|- */ \
    X(TABLE_SIZE)      /* dst|table */ \
    X(TABLE_GROW)      /* dst|init n|table       dst = old size or -1 */ \
    X(TABLE_FILL)      /* i|val n|table */ \
    X(TABLE_COPY)      /* d|s n|dst_table src_table|- */ \
    X(TABLE_INIT)      /* d|s n|table elem|- */ \
    X(ELEM_DROP)       /* elem|- */ \
    X(REF_FUNC)        /* dst|func */ \
    X(REF_IS_NULL)     /* dst|src */

/* Numeric operators: unary ones are dst|a, binary ones dst|a b|-. */
#define WX_NUMERIC_OPS(X) \
    X(I32_EQZ) WX_INT_COMPARISONS(X, I32_, ) \
    X(I64_EQZ) WX_INT_COMPARISONS(X, I64_, ) \
    X(F32_EQ) X(F32_NE) X(F32_LT) X(F32_GT) X(F32_LE) X(F32_GE) \
    X(F64_EQ) X(F64_NE) X(F64_LT) X(F64_GT) X(F64_LE) X(F64_GE) \
    X(I32_CLZ) X(I32_CTZ) X(I32_POPCNT) X(I32_ADD) X(I32_SUB) X(I32_MUL) X(I32_DIV_S) \
    X(I32_DIV_U) X(I32_REM_S) X(I32_REM_U) X(I32_AND) X(I32_OR) X(I32_XOR) X(I32_SHL) \
    X(I32_SHR_S) X(I32_SHR_U) X(I32_ROTL) X(I32_ROTR) \
    X(I64_CLZ) X(I64_CTZ) X(I64_POPCNT) X(I64_ADD) X(I64_SUB) X(I64_MUL) X(I64_DIV_S) \
    X(I64_DIV_U) X(I64_REM_S) X(I64_REM_U) X(I64_AND) X(I64_OR) X(I64_XOR) X(I64_SHL) \
    X(I64_SHR_S) X(I64_SHR_U) X(I64_ROTL) X(I64_ROTR) \
    X(F32_ABS) X(F32_NEG) X(F32_CEIL) X(F32_FLOOR) X(F32_TRUNC) X(F32_NEAREST) X(F32_SQRT) \
    X(F32_ADD) X(F32_SUB) X(F32_MUL) X(F32_DIV) X(F32_MIN) X(F32_MAX) X(F32_COPYSIGN) \
    X(F64_ABS) X(F64_NEG) X(F64_CEIL) X(F64_FLOOR) X(F64_TRUNC) X(F64_NEAREST) X(F64_SQRT) \
    X(F64_ADD) X(F64_SUB) X(F64_MUL) X(F64_DIV) X(F64_MIN) X(F64_MAX) X(F64_COPYSIGN) \
    X(I32_WRAP_I64) X(I32_TRUNC_F32_S) X(I32_TRUNC_F32_U) X(I32_TRUNC_F64_S) X(I32_TRUNC_F64_U) \
    X(I64_EXTEND_I32_S) X(I64_EXTEND_I32_U) X(I64_TRUNC_F32_S) X(I64_TRUNC_F32_U) \
    X(I64_TRUNC_F64_S) X(I64_TRUNC_F64_U) \
    X(F32_CONVERT_I32_S) X(F32_CONVERT_I32_U) X(F32_CONVERT_I64_S) X(F32_CONVERT_I64_U) \
    X(F32_DEMOTE_F64) \
    X(F64_CONVERT_I32_S) X(F64_CONVERT_I32_U) X(F64_CONVERT_I64_S) X(F64_CONVERT_I64_U) \
    X(F64_PROMOTE_F32) \
    X(I32_EXTEND8_S) X(I32_EXTEND16_S) X(I64_EXTEND8_S) X(I64_EXTEND16_S) X(I64_EXTEND32_S) \
    X(I32_TRUNC_SAT_F32_S) X(I32_TRUNC_SAT_F32_U) X(I32_TRUNC_SAT_F64_S) X(I32_TRUNC_SAT_F64_U) \
    X(I64_TRUNC_SAT_F32_S) X(I64_TRUNC_SAT_F32_U) X(I64_TRUNC_SAT_F64_S) X(I64_TRUNC_SAT_F64_U)

/* Binary operators whose second operand is a constant: dst|a imm64. */
#define WX_IMM_OPS(X) \
    WX_INT_COMPARISONS(X, I32_, _IMM) WX_INT_COMPARISONS(X, I64_, _IMM) \
    X(I32_ADD_IMM) X(I32_SUB_IMM) X(I32_MUL_IMM) X(I32_AND_IMM) X(I32_OR_IMM) X(I32_XOR_IMM) \
    X(I32_SHL_IMM) X(I32_SHR_S_IMM) X(I32_SHR_U_IMM) X(I32_ROTL_IMM) X(I32_ROTR_IMM) \
    X(I64_ADD_IMM) X(I64_SUB_IMM) X(I64_MUL_IMM) X(I64_AND_IMM) X(I64_OR_IMM) X(I64_XOR_IMM) \
    X(I64_SHL_IMM) X(I64_SHR_S_IMM) X(I64_SHR_U_IMM) X(I64_ROTL_IMM) X(I64_ROTR_IMM)

/* An i32 comparison fused with the conditional branch that consumes it:
 * a|b target, or for the _IMM forms a|- imm64 target. */
#define WX_CMP_BRANCH_OPS(X) WX_INT_COMPARISONS(X, BR_I32_, ) WX_INT_COMPARISONS(X, BR_I32_, _IMM)

/* A float add or subtract whose second operand is the product computed just before:
 * dst|a m1|m2, dst = a + m1 * m2 (or a - m1 * m2), rounded after each operation as the two
 * instructions are: not a fused multiply-add. */
#define WX_MUL_FUSED_OPS(X) X(F32_ADD_MUL) X(F32_SUB_MUL) X(F64_ADD_MUL) X(F64_SUB_MUL)

#include "exec/ops_simd.h"

#define WX_ALL_OPS(X) WX_CONTROL_OPS(X) WX_MEMORY_OPS(X) WX_TABLE_OPS(X) WX_NUMERIC_OPS(X) \
    WX_IMM_OPS(X) WX_CMP_BRANCH_OPS(X) WX_MUL_FUSED_OPS(X) WX_SIMD_OPS(X)

/* clang-format on */

typedef enum wx_op {
#define WX_ENUM(name) WX_##name,
    WX_ALL_OPS(WX_ENUM)
#undef WX_ENUM
        WX_OP_COUNT
} wx_op;

#endif
