/* The handlers compiled code borrows from the interpreter (rt/handlers_rt.c), from the bitcode the
 * build embeds. Each module compiled reads it lazily: only the index of its functions, and the
 * bodies of the handlers its code calls (and what they call) when they are linked in, so a module
 * of a few instructions does not pay for decoding the hundreds it does not use. */
#include <llvm-c/BitReader.h>
#include <llvm-c/Linker.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "llvm/unit.h"

/* Made by the build from rt/handlers_rt.c (cmake/WardenLLVM.cmake). */
extern const unsigned char wj_rt_bitcode[];
extern const size_t wj_rt_bitcode_size;

static void handler_name(wi_op op, char *name, size_t cap)
{
    snprintf(name, cap, "wjh_%s", wi_op_name(op));
}

/* Which handlers can trap: read once per process from the whole bitcode, and constant after. A
 * handler that cannot returns the constant 0 from every return; any other (a trap kind, or a
 * value it computes) is taken as one that can, as is every handler when the bitcode does not
 * read. */
static pthread_once_t traps_once = PTHREAD_ONCE_INIT;
static bool traps_table[WI_OP_COUNT];

static bool returns_only_zero(LLVMValueRef f)
{
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b)) {
        LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
        if (!t || LLVMGetInstructionOpcode(t) != LLVMRet) continue;
        LLVMValueRef v = LLVMGetOperand(t, 0);
        if (!LLVMIsAConstantInt(v) || LLVMConstIntGetZExtValue(v) != 0) return false;
    }
    return true;
}

static void find_traps(void)
{
    for (unsigned op = 0; op < WI_OP_COUNT; op++) traps_table[op] = true;
    LLVMContextRef C = LLVMContextCreate();
    LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRange(
        (const char *)wj_rt_bitcode, wj_rt_bitcode_size, "warden-handlers", 0);
    LLVMModuleRef r = NULL;
    if (buf && !LLVMParseBitcodeInContext2(C, buf, &r) && r) {
        for (unsigned op = 0; op < WI_OP_COUNT; op++) {
            char name[64];
            handler_name(op, name, sizeof name);
            LLVMValueRef f = LLVMGetNamedFunction(r, name);
            if (f && !LLVMIsDeclaration(f)) traps_table[op] = !returns_only_zero(f);
        }
        LLVMDisposeModule(r);
    }
    if (buf) LLVMDisposeMemoryBuffer(buf);
    LLVMContextDispose(C);
}

bool wj_rt_traps(wi_op op)
{
    pthread_once(&traps_once, find_traps);
    return op >= WI_OP_COUNT || traps_table[op];
}

bool wj_rt_open(wj_unit *u, char **error)
{
    LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRange(
        (const char *)wj_rt_bitcode, wj_rt_bitcode_size, "warden-handlers", 0);
    if (!buf) {
        *error = strdup("cannot read the handlers' bitcode");
        return false;
    }
    LLVMModuleRef r = NULL;
    if (LLVMGetBitcodeModuleInContext2(u->C, buf, &r) || !r) {
        LLVMDisposeMemoryBuffer(buf); /* kept by the module only when it was read */
        *error = strdup("the handlers' bitcode does not load");
        return false;
    }
    u->R = r;
    unsigned inline_kind = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
    unsigned noinline_kind = LLVMGetEnumAttributeKindForName("noinline", 8);
    unsigned optnone_kind = LLVMGetEnumAttributeKindForName("optnone", 7);
    for (LLVMValueRef f = LLVMGetFirstFunction(r); f; f = LLVMGetNextFunction(f)) {
        if (LLVMIsDeclaration(f)) continue;
        /* The handlers take the target of the module they are inlined into. */
        LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, "target-cpu", 10);
        LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, "target-features", 15);
        LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, "tune-cpu", 8);
        LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, noinline_kind);
        LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, optnone_kind);
        size_t len = 0;
        const char *name = LLVMGetValueName2(f, &len);
        if (len > 4 && memcmp(name, "wjh_", 4) == 0)
            LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                                    LLVMCreateEnumAttribute(u->C, inline_kind, 0));
        /* Linked only when used (static functions already are). */
        if (LLVMGetLinkage(f) != LLVMInternalLinkage) LLVMSetLinkage(f, LLVMLinkOnceODRLinkage);
    }
    for (LLVMValueRef g = LLVMGetFirstGlobal(r); g; g = LLVMGetNextGlobal(g))
        if (!LLVMIsDeclaration(g) && LLVMGetLinkage(g) != LLVMInternalLinkage)
            LLVMSetLinkage(g, LLVMLinkOnceODRLinkage);
    for (unsigned op = 0; op < WI_OP_COUNT; op++) {
        char name[64];
        handler_name(op, name, sizeof name);
        LLVMValueRef f = LLVMGetNamedFunction(r, name);
        u->handler_exists[op] = f && !LLVMIsDeclaration(f);
        u->handler[op] = NULL;
    }
    return true;
}

LLVMValueRef wj_rt_handler(wj_unit *u, wi_op op)
{
    if (!u->handler[op]) {
        char name[64];
        handler_name(op, name, sizeof name);
        u->handler[op] = LLVMAddFunction(u->M, name, u->handler_type);
    }
    return u->handler[op];
}

bool wj_rt_link(wj_unit *u, char **error)
{
    LLVMSetTarget(u->R, LLVMGetTarget(u->M));
    LLVMSetDataLayout(u->R, LLVMGetDataLayoutStr(u->M));
    LLVMModuleRef r = u->R;
    u->R = NULL; /* the linker destroys it, whatever happens */
    if (LLVMLinkModules2(u->M, r)) {
        *error = strdup("the handlers do not link");
        return false;
    }
    /* What was linked in is this module's own: the optimiser drops it once it is inlined. */
    for (LLVMValueRef f = LLVMGetFirstFunction(u->M); f; f = LLVMGetNextFunction(f))
        if (LLVMGetLinkage(f) == LLVMLinkOnceODRLinkage) LLVMSetLinkage(f, LLVMInternalLinkage);
    for (LLVMValueRef g = LLVMGetFirstGlobal(u->M); g; g = LLVMGetNextGlobal(g))
        if (LLVMGetLinkage(g) == LLVMLinkOnceODRLinkage) LLVMSetLinkage(g, LLVMInternalLinkage);
    return true;
}
