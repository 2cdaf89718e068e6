/* Loads and stores of memory 0 as IR, without the interpreter's handlers: the effective address
 * is checked against the committed size exactly as the handlers check it (exec/dispatch.h's
 * LOAD, STORE, LOAD_ADDK, STORE_ADDK), then the bytes are read or written unaligned, little
 * endian. A narrow load is extended as its handler extends it, and an i32 result is stored
 * zero-extended to the slot's 64 bits. */
#include "llvm/fn.h"

typedef struct {
    unsigned bytes; /* the access's width */
    bool store;
    bool sign;       /* a narrow load that sign-extends */
    unsigned result; /* a load's result width: 32 or 64 */
    bool addk;       /* the address is (the i32 sum of a slot and k) + offset */
} access;

static bool classify(wi_op op, access *r)
{
    switch (op) {
#define LOADS(S, addk)                                                                             \
    case WI_I32_LOAD##S: *r = (access){4, false, false, 32, addk}; return true;                    \
    case WI_I64_LOAD##S: *r = (access){8, false, false, 64, addk}; return true;                    \
    case WI_I32_LOAD8_S##S: *r = (access){1, false, true, 32, addk}; return true;                  \
    case WI_I32_LOAD8_U##S: *r = (access){1, false, false, 32, addk}; return true;                 \
    case WI_I32_LOAD16_S##S: *r = (access){2, false, true, 32, addk}; return true;                 \
    case WI_I32_LOAD16_U##S: *r = (access){2, false, false, 32, addk}; return true;                \
    case WI_I64_LOAD8_S##S: *r = (access){1, false, true, 64, addk}; return true;                  \
    case WI_I64_LOAD8_U##S: *r = (access){1, false, false, 64, addk}; return true;                 \
    case WI_I64_LOAD16_S##S: *r = (access){2, false, true, 64, addk}; return true;                 \
    case WI_I64_LOAD16_U##S: *r = (access){2, false, false, 64, addk}; return true;                \
    case WI_I64_LOAD32_S##S: *r = (access){4, false, true, 64, addk}; return true;                 \
    case WI_I64_LOAD32_U##S: *r = (access){4, false, false, 64, addk}; return true;                \
    case WI_STORE8##S: *r = (access){1, true, false, 0, addk}; return true;                        \
    case WI_STORE16##S: *r = (access){2, true, false, 0, addk}; return true;                       \
    case WI_STORE32##S: *r = (access){4, true, false, 0, addk}; return true;                       \
    case WI_STORE64##S: *r = (access){8, true, false, 0, addk}; return true;
        LOADS(, false)
        LOADS(_ADDK, true)
#undef LOADS
    default: return false;
    }
}

bool wj_emit_access(wj_fn *F, wi_op op, const wi_cell *pc)
{
    access r;
    if (!classify(op, &r)) return false;
    wj_unit *u = F->u;
    LLVMBuilderRef B = u->B;
    /* A load is dst|addr, a store addr|src; then offset, or k|offset. */
    uint32_t addr_slot = r.store ? pc[1].s.a : pc[1].s.b;
    LLVMValueRef addr = get32(F, addr_slot);
    LLVMValueRef offset;
    if (r.addk) {
        addr = LLVMBuildAdd(B, addr, k32(F, pc[2].s.a), "");
        offset = k64(F, pc[2].s.b);
    } else {
        offset = k64(F, pc[2].u64);
    }
    /* The handler's test, ea + bytes > msize with ea = addr + offset, is addr > msize - (offset
     * + bytes) as signed 64-bit numbers: addr < 2^32, msize <= 2^32 and offset + bytes < 2^33,
     * so nothing wraps, and a negative right side traps every address. Its right side is the
     * same at every iteration of a loop that does not grow memory, so LLVM computes it before
     * the loop, and each access costs a compare and a branch. */
    LLVMValueRef wide = LLVMBuildZExt(B, addr, u->i64, "");
    LLVMValueRef ea = LLVMBuildAdd(B, wide, offset, "");
    uint64_t end = (r.addk ? pc[2].s.b : pc[2].u64) + r.bytes;
    /* Not for the address + k form, whose address is another value than the slot's. LLVM would
     * see the rest itself, but for the way beyond the kept size, which joins the checked one. */
    if (r.addk || !wj_checks_covered(F->checks, addr_slot, end)) {
        LLVMValueRef msize = LLVMBuildLoad2(B, u->i64, F->msize, "");
        LLVMValueRef span = LLVMBuildAdd(B, offset, k64(F, r.bytes), "");
        LLVMValueRef room = LLVMBuildSub(B, msize, span, "");
        LLVMBasicBlockRef beyond = new_block(F), ok = new_block(F);
        LLVMBuildCondBr(B, unlikely(F, LLVMBuildICmp(B, LLVMIntSGT, wide, room, "")), beyond, ok);
        /* Beyond the kept size, a lower bound (llvm/emit.c, reload_memory): the access traps
         * only when it is beyond the size as it is now too. */
        enter(F, beyond);
        LLVMValueRef now = LLVMBuildSub(B, wj_memory_size_now(F), span, "");
        wj_trap_if(F, LLVMBuildICmp(B, LLVMIntSGT, wide, now, ""),
                   WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
        LLVMBuildBr(B, ok);
        enter(F, ok);
        if (!r.addk) wj_checks_add(F->checks, addr_slot, end);
    }
    LLVMValueRef base = LLVMBuildLoad2(B, u->ptr, F->mem, "");
    LLVMValueRef p = LLVMBuildGEP2(B, u->i8, base, &ea, 1, "");
    LLVMTypeRef t = LLVMIntTypeInContext(u->C, r.bytes * 8);
    if (r.store) {
        LLVMValueRef v = get(F, pc[1].s.b);
        if (r.bytes < 8) v = LLVMBuildTrunc(B, v, t, "");
        LLVMValueRef st = LLVMBuildStore(B, v, p);
        LLVMSetAlignment(st, 1);
        LLVMSetMetadata(st, u->md_tbaa, u->tbaa_guest);
        return true;
    }
    LLVMValueRef v = LLVMBuildLoad2(B, t, p, "");
    LLVMSetAlignment(v, 1);
    LLVMSetMetadata(v, u->md_tbaa, u->tbaa_guest);
    if (r.bytes < r.result / 8)
        v = r.sign ? LLVMBuildSExt(B, v, r.result == 32 ? u->i32 : u->i64, "")
                   : LLVMBuildZExt(B, v, r.result == 32 ? u->i32 : u->i64, "");
    set(F, pc[1].s.a, LLVMBuildZExt(B, v, u->i64, ""));
    return true;
}
