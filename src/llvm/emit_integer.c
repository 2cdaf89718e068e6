/* Integer operators, comparisons and compare-and-branch instructions as IR, without the
 * interpreter's handlers: the IR is what LLVM makes of an inlined handler, built directly, so
 * the optimiser starts from small code and compiles it sooner.
 *
 * Each instruction means what its handler does (exec/handlers_numeric.inc over
 * exec/numerics.h), slot for slot: an i32 result is stored zero-extended to the slot's 64 bits,
 * a comparison stores 0 or 1, shift and rotate counts are taken modulo the width, and division
 * traps as the handler does. LLVM's undefined cases (a shift by the width or more, INT_MIN / -1,
 * INT_MIN % -1, division by zero) are never reached: counts are masked, and the divisor is
 * checked, or replaced, before the division. */
#include <stdint.h>

#include "llvm/fn.h"

/* clang-format off */
typedef enum {
    K_ADD, K_SUB, K_MUL, K_AND, K_OR, K_XOR, K_SHL, K_SHR_S, K_SHR_U, K_ROTL, K_ROTR,
    K_DIV_S, K_DIV_U, K_REM_S, K_REM_U,
    K_EQ, K_NE, K_LT_S, K_LT_U, K_GT_S, K_GT_U, K_LE_S, K_LE_U, K_GE_S, K_GE_U,
    K_EQZ, K_CLZ, K_CTZ, K_POPCNT, K_WRAP, K_EXTEND_S, K_EXTEND_U, K_EXTEND8, K_EXTEND16,
    K_EXTEND32
} op_kind;
/* clang-format on */

/* Where the operands are (isa/layouts.h):
 *   F_PLAIN   dst|a b|-         x = slot a, y = slot b
 *   F_IMM     dst|a imm64       x = slot a, y = the constant
 *   F_UNARY   dst|a             x = slot a
 *   F_BR      a|b target        branch when x (slot a) and y (slot b), of 32 bits, compare true
 *   F_BR_IMM  a|- imm target    the same with y the constant */
typedef enum { F_PLAIN, F_IMM, F_UNARY, F_BR, F_BR_IMM } op_form;

typedef struct {
    op_kind kind;
    unsigned bits; /* 32 or 64: the operands' width */
    op_form form;
} int_op;

/* The comparison kind of a WI_INT_COMPARISONS row. */
#define CMP_KIND(P, N, k) K_##N

static bool classify(wi_op op, int_op *r)
{
    switch (op) {
        /* clang-format off */
#define ROW(name, kind, bits, form) \
    case WI_##name: *r = (int_op){kind, bits, form}; return true;
#define CMP32_ROW(name, form, kind) ROW(name, kind, 32, form)
#define CMP64_ROW(name, form, kind) ROW(name, kind, 64, form)
        WI_INT_COMPARISONS(CMP32_ROW, I32_, , F_PLAIN, CMP_KIND)
        WI_INT_COMPARISONS(CMP32_ROW, I32_, _IMM, F_IMM, CMP_KIND)
        WI_INT_COMPARISONS(CMP64_ROW, I64_, , F_PLAIN, CMP_KIND)
        WI_INT_COMPARISONS(CMP64_ROW, I64_, _IMM, F_IMM, CMP_KIND)
        WI_INT_COMPARISONS(CMP32_ROW, BR_I32_, , F_BR, CMP_KIND)
        WI_INT_COMPARISONS(CMP32_ROW, BR_I32_, _IMM, F_BR_IMM, CMP_KIND)
/* The operators with a constant-operand form: each twice, plain (S empty) and _IMM. */
#define BOTH(P, S, bits, form) \
    ROW(P##ADD##S, K_ADD, bits, form) ROW(P##SUB##S, K_SUB, bits, form) \
    ROW(P##MUL##S, K_MUL, bits, form) ROW(P##AND##S, K_AND, bits, form) \
    ROW(P##OR##S, K_OR, bits, form) ROW(P##XOR##S, K_XOR, bits, form) \
    ROW(P##SHL##S, K_SHL, bits, form) ROW(P##SHR_S##S, K_SHR_S, bits, form) \
    ROW(P##SHR_U##S, K_SHR_U, bits, form) ROW(P##ROTL##S, K_ROTL, bits, form) \
    ROW(P##ROTR##S, K_ROTR, bits, form)
#define ARITH(P, bits) \
    BOTH(P, , bits, F_PLAIN) BOTH(P, _IMM, bits, F_IMM) \
    ROW(P##DIV_S, K_DIV_S, bits, F_PLAIN) ROW(P##DIV_U, K_DIV_U, bits, F_PLAIN) \
    ROW(P##REM_S, K_REM_S, bits, F_PLAIN) ROW(P##REM_U, K_REM_U, bits, F_PLAIN) \
    ROW(P##EQZ, K_EQZ, bits, F_UNARY) ROW(P##CLZ, K_CLZ, bits, F_UNARY) \
    ROW(P##CTZ, K_CTZ, bits, F_UNARY) ROW(P##POPCNT, K_POPCNT, bits, F_UNARY) \
    ROW(P##EXTEND8_S, K_EXTEND8, bits, F_UNARY) ROW(P##EXTEND16_S, K_EXTEND16, bits, F_UNARY)
        ARITH(I32_, 32)
        ARITH(I64_, 64)
        ROW(I64_EXTEND32_S, K_EXTEND32, 64, F_UNARY)
        ROW(I32_WRAP_I64, K_WRAP, 32, F_UNARY)
        ROW(I64_EXTEND_I32_S, K_EXTEND_S, 64, F_UNARY)
        ROW(I64_EXTEND_I32_U, K_EXTEND_U, 64, F_UNARY)
#undef ARITH
#undef BOTH
#undef CMP64_ROW
#undef CMP32_ROW
#undef ROW
        /* clang-format on */
    default: return false;
    }
}

static LLVMValueRef kn(LLVMTypeRef t, uint64_t v)
{
    return LLVMConstInt(t, v, 0);
}

/* x / y and x % y with the handlers' traps: division by zero, and INT_MIN / -1 overflowing. */
static LLVMValueRef divide(wj_fn *F, op_kind kind, LLVMTypeRef t, unsigned bits, LLVMValueRef x,
                           LLVMValueRef y)
{
    LLVMBuilderRef B = F->u->B;
    wj_trap_if(F, LLVMBuildICmp(B, LLVMIntEQ, y, kn(t, 0), ""), WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO);
    uint64_t min = (uint64_t)1 << (bits - 1);
    switch (kind) {
    case K_DIV_U: return LLVMBuildUDiv(B, x, y, "");
    case K_REM_U: return LLVMBuildURem(B, x, y, "");
    case K_DIV_S: {
        LLVMValueRef ovf =
            LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntEQ, x, kn(t, min), ""),
                         LLVMBuildICmp(B, LLVMIntEQ, y, LLVMConstAllOnes(t), ""), "");
        wj_trap_if(F, ovf, WARDEN_TRAP_INTEGER_OVERFLOW);
        return LLVMBuildSDiv(B, x, y, "");
    }
    default: {
        /* x rem -1 is 0; srem of INT_MIN by -1 is undefined in LLVM, so -1 is divided as 1. */
        LLVMValueRef minus1 = LLVMBuildICmp(B, LLVMIntEQ, y, LLVMConstAllOnes(t), "");
        LLVMValueRef d = LLVMBuildSelect(B, minus1, kn(t, 1), y, "");
        return LLVMBuildSRem(B, x, d, "");
    }
    }
}

static LLVMValueRef compare(wj_fn *F, op_kind kind, LLVMValueRef x, LLVMValueRef y)
{
    static const LLVMIntPredicate pred[] = {
        [K_EQ] = LLVMIntEQ,    [K_NE] = LLVMIntNE,    [K_LT_S] = LLVMIntSLT, [K_LT_U] = LLVMIntULT,
        [K_GT_S] = LLVMIntSGT, [K_GT_U] = LLVMIntUGT, [K_LE_S] = LLVMIntSLE, [K_LE_U] = LLVMIntULE,
        [K_GE_S] = LLVMIntSGE, [K_GE_U] = LLVMIntUGE};
    return LLVMBuildICmp(F->u->B, pred[kind], x, y, "");
}

/* The value of a binary or unary operator on x and y of type t (y unused by a unary one). */
static LLVMValueRef compute(wj_fn *F, op_kind kind, LLVMTypeRef t, unsigned bits, LLVMValueRef x,
                            LLVMValueRef y)
{
    LLVMBuilderRef B = F->u->B;
    switch (kind) {
    case K_ADD: return LLVMBuildAdd(B, x, y, "");
    case K_SUB: return LLVMBuildSub(B, x, y, "");
    case K_MUL: return LLVMBuildMul(B, x, y, "");
    case K_AND: return LLVMBuildAnd(B, x, y, "");
    case K_OR: return LLVMBuildOr(B, x, y, "");
    case K_XOR: return LLVMBuildXor(B, x, y, "");
    case K_SHL: return LLVMBuildShl(B, x, LLVMBuildAnd(B, y, kn(t, bits - 1), ""), "");
    case K_SHR_S: return LLVMBuildAShr(B, x, LLVMBuildAnd(B, y, kn(t, bits - 1), ""), "");
    case K_SHR_U: return LLVMBuildLShr(B, x, LLVMBuildAnd(B, y, kn(t, bits - 1), ""), "");
    case K_ROTL:
    case K_ROTR: { /* a funnel shift of x with itself: its count is taken modulo the width */
        LLVMValueRef args[3] = {x, x, y};
        return intrinsic(F, kind == K_ROTL ? "llvm.fshl" : "llvm.fshr", &t, 1, args, 3);
    }
    case K_DIV_S:
    case K_DIV_U:
    case K_REM_S:
    case K_REM_U: return divide(F, kind, t, bits, x, y);
    case K_EQZ: return LLVMBuildICmp(B, LLVMIntEQ, x, kn(t, 0), "");
    case K_CLZ:
    case K_CTZ: { /* of 0: the width (is_zero_poison false) */
        LLVMValueRef args[2] = {x, LLVMConstInt(F->u->i1, 0, 0)};
        return intrinsic(F, kind == K_CLZ ? "llvm.ctlz" : "llvm.cttz", &t, 1, args, 2);
    }
    case K_POPCNT: return intrinsic(F, "llvm.ctpop", &t, 1, &x, 1);
    case K_EXTEND8:
    case K_EXTEND16:
    case K_EXTEND32: {
        unsigned from = kind == K_EXTEND8 ? 8 : kind == K_EXTEND16 ? 16 : 32;
        LLVMTypeRef n = LLVMIntTypeInContext(F->u->C, from);
        return LLVMBuildSExt(B, LLVMBuildTrunc(B, x, n, ""), t, "");
    }
    default: return compare(F, kind, x, y);
    }
}

bool wj_emit_integer(wj_fn *F, wi_op op, uint32_t at, const wi_cell *pc)
{
    int_op r;
    if (!classify(op, &r)) return false;
    wj_unit *u = F->u;
    LLVMBuilderRef B = u->B;
    if (r.form == F_BR || r.form == F_BR_IMM) {
        LLVMValueRef x = get32(F, pc[1].s.a);
        LLVMValueRef y = r.form == F_BR ? get32(F, pc[1].s.b) : k32(F, (uint32_t)pc[2].u64);
        uint64_t off = r.form == F_BR ? pc[2].u64 : pc[3].u64;
        wj_branch_if(F, at, (uint32_t)((int64_t)at + (int64_t)off), compare(F, r.kind, x, y));
        return true;
    }
    uint32_t dst = pc[1].s.a;
    LLVMValueRef x = get(F, pc[1].s.b), y = NULL;
    switch (r.kind) {
    case K_WRAP: set(F, dst, LLVMBuildAnd(B, x, k64(F, UINT32_MAX), "")); return true;
    case K_EXTEND_S:
        set(F, dst, LLVMBuildSExt(B, LLVMBuildTrunc(B, x, u->i32, ""), u->i64, ""));
        return true;
    case K_EXTEND_U: set(F, dst, LLVMBuildAnd(B, x, k64(F, UINT32_MAX), "")); return true;
    default: break;
    }
    if (r.form == F_PLAIN) y = get(F, pc[2].s.a);
    if (r.form == F_IMM) y = k64(F, pc[2].u64);
    LLVMTypeRef t = r.bits == 32 ? u->i32 : u->i64;
    if (r.bits == 32) {
        x = LLVMBuildTrunc(B, x, t, "");
        if (y) y = LLVMBuildTrunc(B, y, t, "");
    }
    LLVMValueRef v = compute(F, r.kind, t, r.bits, x, y);
    set(F, dst, LLVMBuildZExt(B, v, u->i64, "")); /* a no-op for a 64-bit result */
    return true;
}
