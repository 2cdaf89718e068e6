/* Float comparisons, sign operations, arithmetic and conversions as IR, without the
 * interpreter's handlers (which remain for min, max, sqrt, rounding, promote and demote).
 *
 * Each instruction means what its handler does (exec/handlers_numeric.inc over
 * exec/numerics.h), slot for slot: an f32 result is its bits zero-extended to the slot's 64 bits,
 * a comparison stores 0 or 1 (ordered, but != true on NaN), abs, neg and copysign work on the
 * bits. The operands of add, sub, mul and div go through an empty asm, as the handlers' do in the
 * compiled tier (WN_OPAQUE_F32/F64): no optimisation may fold x * 1.0 or x - 0.0 into x, which
 * keeps a signalling NaN that the operation must quiet. A trapping conversion checks NaN (invalid
 * conversion) and then the handler's range (integer overflow) before converting, so LLVM's
 * conversion never sees a value it leaves undefined; a saturating one is LLVM's fptosi.sat or
 * fptoui.sat, which are defined on every input as WebAssembly's are. */
#include <stdint.h>
#include <string.h>

#include "llvm/fn.h"

/* clang-format off */
typedef enum {
    K_EQ, K_NE, K_LT, K_GT, K_LE, K_GE,  /* dst|a b|- */
    K_ABS, K_NEG,                        /* dst|a */
    K_COPYSIGN, K_ADD, K_SUB, K_MUL, K_DIV, /* dst|a b|- */
    K_ADD_MUL, K_SUB_MUL,                /* dst|a m1|m2 */
    K_CONVERT_S, K_CONVERT_U, K_TRUNC_S, K_TRUNC_U, K_SAT_S, K_SAT_U /* dst|a */
} op_kind;
/* clang-format on */

typedef struct {
    op_kind kind;
    unsigned fbits; /* the float's width: 32 or 64 */
    unsigned ibits; /* a conversion's integer width */
} float_op;

static bool classify(wi_op op, float_op *r)
{
    switch (op) {
        /* clang-format off */
#define ROW(name, kind, fbits, ibits) \
    case WI_##name: *r = (float_op){kind, fbits, ibits}; return true;
#define FLOATS(P, w) \
    ROW(P##EQ, K_EQ, w, 0) ROW(P##NE, K_NE, w, 0) ROW(P##LT, K_LT, w, 0) \
    ROW(P##GT, K_GT, w, 0) ROW(P##LE, K_LE, w, 0) ROW(P##GE, K_GE, w, 0) \
    ROW(P##ABS, K_ABS, w, 0) ROW(P##NEG, K_NEG, w, 0) ROW(P##COPYSIGN, K_COPYSIGN, w, 0) \
    ROW(P##ADD, K_ADD, w, 0) ROW(P##SUB, K_SUB, w, 0) ROW(P##MUL, K_MUL, w, 0) \
    ROW(P##DIV, K_DIV, w, 0) ROW(P##ADD_MUL, K_ADD_MUL, w, 0) ROW(P##SUB_MUL, K_SUB_MUL, w, 0) \
    ROW(P##CONVERT_I32_S, K_CONVERT_S, w, 32) ROW(P##CONVERT_I32_U, K_CONVERT_U, w, 32) \
    ROW(P##CONVERT_I64_S, K_CONVERT_S, w, 64) ROW(P##CONVERT_I64_U, K_CONVERT_U, w, 64)
        FLOATS(F32_, 32)
        FLOATS(F64_, 64)
#define TRUNCS(I, ib) \
    ROW(I##TRUNC_F32_S, K_TRUNC_S, 32, ib) ROW(I##TRUNC_F32_U, K_TRUNC_U, 32, ib) \
    ROW(I##TRUNC_F64_S, K_TRUNC_S, 64, ib) ROW(I##TRUNC_F64_U, K_TRUNC_U, 64, ib) \
    ROW(I##TRUNC_SAT_F32_S, K_SAT_S, 32, ib) ROW(I##TRUNC_SAT_F32_U, K_SAT_U, 32, ib) \
    ROW(I##TRUNC_SAT_F64_S, K_SAT_S, 64, ib) ROW(I##TRUNC_SAT_F64_U, K_SAT_U, 64, ib)
        TRUNCS(I32_, 32)
        TRUNCS(I64_, 64)
#undef TRUNCS
#undef FLOATS
#undef ROW
        /* clang-format on */
    default: return false;
    }
}

static LLVMTypeRef float_type(wj_fn *F, unsigned bits)
{
    return bits == 32 ? LLVMFloatTypeInContext(F->u->C) : LLVMDoubleTypeInContext(F->u->C);
}

static LLVMTypeRef int_type(wj_fn *F, unsigned bits)
{
    return bits == 32 ? F->u->i32 : F->u->i64;
}

/* Slot `slot` as a float of `bits`. */
static LLVMValueRef get_float(wj_fn *F, uint32_t slot, unsigned bits)
{
    LLVMValueRef v = get(F, slot);
    if (bits == 32) v = LLVMBuildTrunc(F->u->B, v, F->u->i32, "");
    return LLVMBuildBitCast(F->u->B, v, float_type(F, bits), "");
}

/* A float's bits into slot `slot`, zero-extended. */
static void set_float(wj_fn *F, uint32_t slot, LLVMValueRef v, unsigned bits)
{
    LLVMValueRef b = LLVMBuildBitCast(F->u->B, v, int_type(F, bits), "");
    set(F, slot, LLVMBuildZExt(F->u->B, b, F->u->i64, ""));
}

/* x through an empty asm: its value is unknown to every optimisation. The asm reads and writes
 * no memory and cannot unwind (as clang marks the handlers' own), so that loads and code around
 * it still move and merge. */
static LLVMValueRef opaque(wj_fn *F, LLVMValueRef x)
{
#if defined(__x86_64__) || defined(__i386__)
    static const char constraints[] = "=x,0";
#elif defined(__aarch64__)
    static const char constraints[] = "=w,0";
#else
#error "the compiled tier's float barrier needs this CPU's register class"
#endif
    LLVMContextRef C = F->u->C;
    LLVMTypeRef t = LLVMTypeOf(x);
    LLVMTypeRef ft = LLVMFunctionType(t, &t, 1, 0);
    LLVMValueRef a = LLVMGetInlineAsm(ft, "", 0, constraints, strlen(constraints), 0, 0,
                                      LLVMInlineAsmDialectATT, 0);
    LLVMValueRef call = LLVMBuildCall2(F->u->B, ft, a, &x, 1, "");
    LLVMAddCallSiteAttribute(
        call, LLVMAttributeFunctionIndex,
        LLVMCreateEnumAttribute(C, LLVMGetEnumAttributeKindForName("memory", 6), 0));
    LLVMAddCallSiteAttribute(
        call, LLVMAttributeFunctionIndex,
        LLVMCreateEnumAttribute(C, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
    return call;
}

static LLVMValueRef arith(wj_fn *F, op_kind kind, LLVMValueRef x, LLVMValueRef y)
{
    LLVMBuilderRef B = F->u->B;
    x = opaque(F, x);
    y = opaque(F, y);
    switch (kind) {
    case K_ADD: return LLVMBuildFAdd(B, x, y, "");
    case K_SUB: return LLVMBuildFSub(B, x, y, "");
    case K_MUL: return LLVMBuildFMul(B, x, y, "");
    default: return LLVMBuildFDiv(B, x, y, "");
    }
}

static LLVMValueRef fconst(wj_fn *F, unsigned bits, double v)
{
    return LLVMConstReal(float_type(F, bits), v);
}

/* The handler's range for a trapping conversion: in range when z > lo (z >= lo when lo_in) and
 * z < hi. */
static void trunc_range(const float_op *r, bool sign, double *lo, bool *lo_in, double *hi)
{
    if (!sign) {
        *lo = -1.0, *lo_in = false;
        *hi = r->ibits == 32 ? 4294967296.0 : 18446744073709551616.0;
    } else if (r->ibits == 64) {
        *lo = -9223372036854775808.0, *lo_in = true, *hi = 9223372036854775808.0;
    } else if (r->fbits == 32) {
        *lo = -2147483648.0, *lo_in = true, *hi = 2147483648.0;
    } else {
        *lo = -2147483649.0, *lo_in = false, *hi = 2147483648.0;
    }
}

static void convert(wj_fn *F, const float_op *r, uint32_t dst, uint32_t src)
{
    wj_unit *u = F->u;
    LLVMBuilderRef B = u->B;
    LLVMTypeRef it = int_type(F, r->ibits);
    if (r->kind == K_CONVERT_S || r->kind == K_CONVERT_U) {
        LLVMValueRef x = get(F, src);
        if (r->ibits == 32) x = LLVMBuildTrunc(B, x, u->i32, "");
        LLVMTypeRef ft = float_type(F, r->fbits);
        LLVMValueRef v =
            r->kind == K_CONVERT_S ? LLVMBuildSIToFP(B, x, ft, "") : LLVMBuildUIToFP(B, x, ft, "");
        set_float(F, dst, v, r->fbits);
        return;
    }
    LLVMValueRef z = get_float(F, src, r->fbits), v;
    bool sign = r->kind == K_TRUNC_S || r->kind == K_SAT_S;
    if (r->kind == K_SAT_S || r->kind == K_SAT_U) {
        LLVMTypeRef types[2] = {it, float_type(F, r->fbits)};
        v = intrinsic(F, sign ? "llvm.fptosi.sat" : "llvm.fptoui.sat", types, 2, &z, 1);
    } else {
        wj_trap_if(F, LLVMBuildFCmp(B, LLVMRealUNO, z, z, ""),
                   WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER);
        double lo, hi;
        bool lo_in;
        trunc_range(r, sign, &lo, &lo_in, &hi);
        LLVMValueRef above =
            LLVMBuildFCmp(B, lo_in ? LLVMRealOGE : LLVMRealOGT, z, fconst(F, r->fbits, lo), "");
        LLVMValueRef below = LLVMBuildFCmp(B, LLVMRealOLT, z, fconst(F, r->fbits, hi), "");
        wj_trap_if(F, LLVMBuildNot(B, LLVMBuildAnd(B, above, below, ""), ""),
                   WARDEN_TRAP_INTEGER_OVERFLOW);
        v = sign ? LLVMBuildFPToSI(B, z, it, "") : LLVMBuildFPToUI(B, z, it, "");
    }
    set(F, dst, LLVMBuildZExt(B, v, u->i64, ""));
}

bool wj_emit_float(wj_fn *F, wi_op op, const wi_cell *pc)
{
    float_op r;
    if (!classify(op, &r)) return false;
    wj_unit *u = F->u;
    LLVMBuilderRef B = u->B;
    uint32_t dst = pc[1].s.a, a = pc[1].s.b;
    unsigned w = r.fbits;
    LLVMTypeRef it = int_type(F, w);
    uint64_t sign_bit = (uint64_t)1 << (w - 1);
    switch (r.kind) {
    case K_EQ:
    case K_NE:
    case K_LT:
    case K_GT:
    case K_LE:
    case K_GE: {
        static const LLVMRealPredicate pred[] = {
            [K_EQ] = LLVMRealOEQ, [K_NE] = LLVMRealUNE, [K_LT] = LLVMRealOLT,
            [K_GT] = LLVMRealOGT, [K_LE] = LLVMRealOLE, [K_GE] = LLVMRealOGE};
        LLVMValueRef c =
            LLVMBuildFCmp(B, pred[r.kind], get_float(F, a, w), get_float(F, pc[2].s.a, w), "");
        set(F, dst, LLVMBuildZExt(B, c, u->i64, ""));
        return true;
    }
    case K_ABS:
    case K_NEG:
    case K_COPYSIGN: {
        LLVMValueRef x = LLVMBuildTrunc(B, get(F, a), it, ""); /* a no-op for 64 bits */
        LLVMValueRef v;
        if (r.kind == K_ABS)
            v = LLVMBuildAnd(B, x, LLVMConstInt(it, ~sign_bit, 0), "");
        else if (r.kind == K_NEG)
            v = LLVMBuildXor(B, x, LLVMConstInt(it, sign_bit, 0), "");
        else {
            LLVMValueRef y = LLVMBuildTrunc(B, get(F, pc[2].s.a), it, "");
            v = LLVMBuildOr(B, LLVMBuildAnd(B, x, LLVMConstInt(it, ~sign_bit, 0), ""),
                            LLVMBuildAnd(B, y, LLVMConstInt(it, sign_bit, 0), ""), "");
        }
        set(F, dst, LLVMBuildZExt(B, v, u->i64, ""));
        return true;
    }
    case K_ADD:
    case K_SUB:
    case K_MUL:
    case K_DIV:
        set_float(F, dst, arith(F, r.kind, get_float(F, a, w), get_float(F, pc[2].s.a, w)), w);
        return true;
    case K_ADD_MUL:
    case K_SUB_MUL: { /* a + m1 * m2, each operation rounded on its own */
        LLVMValueRef p = arith(F, K_MUL, get_float(F, pc[2].s.a, w), get_float(F, pc[2].s.b, w));
        set_float(F, dst, arith(F, r.kind == K_ADD_MUL ? K_ADD : K_SUB, get_float(F, a, w), p), w);
        return true;
    }
    default: convert(F, &r, dst, a); return true;
    }
}
