/* The handlers compiled code borrows from the interpreter (rt/handlers_rt.c), loaded from the
 * bitcode the build embeds into each module compiled, ready to be inlined. */
#include <llvm-c/BitReader.h>
#include <stdio.h>
#include <string.h>

#include "llvm/unit.h"

/* Made by the build from rt/handlers_rt.c (cmake/WardenLLVM.cmake). */
extern const unsigned char wj_rt_bitcode[];
extern const size_t wj_rt_bitcode_size;

/* True when some `ret` of f may return a value other than 0. */
static bool may_return_nonzero(LLVMValueRef f)
{
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b)) {
        LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
        if (!t || LLVMGetInstructionOpcode(t) != LLVMRet || LLVMGetNumOperands(t) < 1) continue;
        LLVMValueRef v = LLVMGetOperand(t, 0);
        if (!LLVMIsAConstantInt(v) || LLVMConstIntGetZExtValue(v) != 0) return true;
    }
    return false;
}

bool wj_rt_load(wj_unit *u, char **error)
{
    LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRange(
        (const char *)wj_rt_bitcode, wj_rt_bitcode_size, "warden-handlers", 0);
    if (!buf) {
        *error = strdup("cannot read the handlers' bitcode");
        return false;
    }
    LLVMModuleRef m = NULL;
    bool failed = LLVMParseBitcodeInContext2(u->C, buf, &m);
    LLVMDisposeMemoryBuffer(buf);
    if (failed || !m) {
        *error = strdup("the handlers' bitcode does not load");
        return false;
    }
    u->M = m;
    unsigned fn_kind = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
    unsigned noinline_kind = LLVMGetEnumAttributeKindForName("noinline", 8);
    unsigned optnone_kind = LLVMGetEnumAttributeKindForName("optnone", 7);
    for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f)) {
        if (LLVMIsDeclaration(f)) continue;
        /* The handlers take the target of the module they are inlined into. */
        LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, "target-cpu", 10);
        LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, "target-features", 15);
        LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, "tune-cpu", 8);
        LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, noinline_kind);
        LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, optnone_kind);
        LLVMSetLinkage(f, LLVMInternalLinkage);
        size_t len = 0;
        const char *name = LLVMGetValueName2(f, &len);
        if (len > 4 && memcmp(name, "wjh_", 4) == 0)
            LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                                    LLVMCreateEnumAttribute(u->C, fn_kind, 0));
    }
    for (LLVMValueRef g = LLVMGetFirstGlobal(m); g; g = LLVMGetNextGlobal(g))
        if (!LLVMIsDeclaration(g)) LLVMSetLinkage(g, LLVMInternalLinkage);
    for (unsigned op = 0; op < WI_OP_COUNT; op++) {
        char name[64];
        snprintf(name, sizeof name, "wjh_%s", wi_op_name(op));
        LLVMValueRef f = LLVMGetNamedFunction(m, name);
        u->handler[op] = f && !LLVMIsDeclaration(f) ? f : NULL;
        u->handler_traps[op] = u->handler[op] && may_return_nonzero(f);
    }
    return true;
}
