/* One function being compiled (llvm/emit.c), and the small builders its instructions share
 * with llvm/emit_integer.c, emit_float.c and emit_access.c: constants, frame slots, blocks and
 * traps. */
#ifndef WARDEN_LLVM_FN_H
#define WARDEN_LLVM_FN_H

#include <stddef.h>
#include <string.h>

#include "isa/cell.h"
#include "llvm/checks.h"
#include "llvm/unit.h"
#include "warden.h"

typedef struct wj_fn {
    wj_unit *u;
    const wc_func *f;
    const wc_code *k;  /* its lowered code */
    uint32_t fi, self; /* defined index; index in the module, imports included */
    LLVMValueRef fn, cx, inst, fp, S;
    bool body; /* fn is the body (arguments, results and fuel in registers), not a loop entry */
    LLVMValueRef frame, fuel, mem, msize; /* allocas */
    LLVMValueRef code;                    /* the cells, as a constant */
    LLVMBasicBlockRef *at;                /* the block starting at each cell, or NULL */
    bool *header;                         /* each cell: a back-edge's target (a loop header) */
    uint32_t nheaders;                    /* how many */
    bool open;                            /* the current block has no terminator yet */
    bool uses_memory;                     /* some instruction reads memory 0's base or size */
    LLVMBasicBlockRef trap_block;         /* made at the first trap: calls wx_native_trap */
    LLVMValueRef trap_kind;               /* its phi */
    wj_checks *checks;                    /* bounds checked on the way here (llvm/checks.h) */
} wj_fn;

static inline LLVMValueRef k32(wj_fn *F, uint64_t v)
{
    return LLVMConstInt(F->u->i32, v, 0);
}

static inline LLVMValueRef k64(wj_fn *F, uint64_t v)
{
    return LLVMConstInt(F->u->i64, v, 0);
}

/* A field of a runtime object: base + offset bytes. */
static inline LLVMValueRef field_ptr(wj_fn *F, LLVMValueRef base, size_t offset)
{
    LLVMValueRef off = k64(F, offset);
    return LLVMBuildGEP2(F->u->B, F->u->i8, base, &off, 1, "");
}

/* A load or store of the runtime's objects (store, instance, memory, table, global, function):
 * tagged so that LLVM knows guest memory, tagged apart, never holds them. */
static inline LLVMValueRef runtime_access(wj_fn *F, LLVMValueRef access)
{
    LLVMSetMetadata(access, F->u->md_tbaa, F->u->tbaa_runtime);
    return access;
}

static inline LLVMValueRef load_field(wj_fn *F, LLVMTypeRef t, LLVMValueRef base, size_t offset)
{
    return runtime_access(F, LLVMBuildLoad2(F->u->B, t, field_ptr(F, base, offset), ""));
}

static inline void store_field(wj_fn *F, LLVMValueRef v, LLVMValueRef base, size_t offset)
{
    runtime_access(F, LLVMBuildStore(F->u->B, v, field_ptr(F, base, offset)));
}

/* A load of what never changes while compiled code runs: an instance's arrays and their
 * elements, a memory's base (memories never move), a function's type and instance, the store's
 * stack bounds. Marked invariant, LLVM keeps it across calls and check sites and out of loops,
 * where it would otherwise load it again after each. */
static inline LLVMValueRef fixed(wj_fn *F, LLVMValueRef load)
{
    LLVMSetMetadata(load, F->u->md_invariant, F->u->md_empty);
    return load;
}

static inline LLVMValueRef load_fixed(wj_fn *F, LLVMTypeRef t, LLVMValueRef base, size_t offset)
{
    return fixed(F, load_field(F, t, base, offset));
}

/* Element i of an array of pointers at base. */
static inline LLVMValueRef load_index(wj_fn *F, LLVMTypeRef t, LLVMValueRef base, LLVMValueRef i)
{
    LLVMValueRef p = LLVMBuildGEP2(F->u->B, t, base, &i, 1, "");
    return runtime_access(F, LLVMBuildLoad2(F->u->B, t, p, ""));
}

/* Element i of an instance's array that never changes (its functions, memories, tables, types,
 * globals). */
static inline LLVMValueRef load_fixed_index(wj_fn *F, LLVMValueRef base, LLVMValueRef i)
{
    return fixed(F, load_index(F, F->u->ptr, base, i));
}

static inline LLVMValueRef slot_ptr(wj_fn *F, uint32_t slot)
{
    LLVMValueRef i = k64(F, slot);
    return LLVMBuildGEP2(F->u->B, F->u->i64, F->frame, &i, 1, "");
}

static inline LLVMValueRef get(wj_fn *F, uint32_t slot)
{
    return LLVMBuildLoad2(F->u->B, F->u->i64, slot_ptr(F, slot), "");
}

static inline LLVMValueRef get32(wj_fn *F, uint32_t slot)
{
    return LLVMBuildTrunc(F->u->B, get(F, slot), F->u->i32, "");
}

static inline void set(wj_fn *F, uint32_t slot, LLVMValueRef v)
{
    wj_checks_forget(F->checks, slot);
    LLVMBuildStore(F->u->B, v, slot_ptr(F, slot));
}

static inline void set32(wj_fn *F, uint32_t slot, LLVMValueRef v)
{
    set(F, slot, LLVMBuildZExt(F->u->B, v, F->u->i64, ""));
}

/* fp + n slots: a frame in the store's stack. */
static inline LLVMBasicBlockRef new_block(wj_fn *F)
{
    return LLVMAppendBasicBlockInContext(F->u->C, F->fn, "");
}

static inline void enter(wj_fn *F, LLVMBasicBlockRef b)
{
    LLVMPositionBuilderAtEnd(F->u->B, b);
    F->open = true;
}

/* A call of LLVM intrinsic `name` overloaded on types[0 .. ntypes - 1]. */
static inline LLVMValueRef intrinsic(wj_fn *F, const char *name, LLVMTypeRef *types,
                                     unsigned ntypes, LLVMValueRef *args, unsigned nargs)
{
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(F->u->M, id, types, ntypes);
    LLVMTypeRef t = LLVMIntrinsicGetType(F->u->C, id, types, ntypes);
    return LLVMBuildCall2(F->u->B, t, f, args, nargs, "");
}

static inline LLVMValueRef unlikely(wj_fn *F, LLVMValueRef c)
{
    LLVMValueRef args[2] = {c, LLVMConstInt(F->u->i1, 0, 0)};
    return intrinsic(F, "llvm.expect", &F->u->i1, 1, args, 2);
}

/* Memory 0's committed size as it is now (the kept F->msize is a lower bound, llvm/emit.c). */
LLVMValueRef wj_memory_size_now(wj_fn *F);
/* Traps with kind k when c holds; goes on in a new block otherwise. */
void wj_trap_if(wj_fn *F, LLVMValueRef c, warden_trap_kind_t k);
/* A conditional branch from the instruction at cell `at` to cell `to` when c holds (through the
 * check site when it does not go forward); falls through to a new block otherwise. */
void wj_branch_if(wj_fn *F, uint32_t at, uint32_t to, LLVMValueRef c);

/* An integer operator, comparison or compare-and-branch built as IR (llvm/emit_integer.c); false
 * for any other instruction. */
bool wj_emit_integer(wj_fn *F, wi_op op, uint32_t at, const wi_cell *pc);
/* A float comparison, abs, neg, copysign, add, sub, mul, div (fused forms too) or conversion
 * between floats and integers built as IR
 * (llvm/emit_float.c); false for any other instruction. */
bool wj_emit_float(wj_fn *F, wi_op op, const wi_cell *pc);
/* A load or store of memory 0 built as IR (llvm/emit_access.c); false for any other instruction. */
bool wj_emit_access(wj_fn *F, wi_op op, const wi_cell *pc);

#endif
