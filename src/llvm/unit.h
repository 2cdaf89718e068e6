/* What the parts of the compiled tier share while they compile one module: the LLVM objects, the
 * handlers taken from the interpreter (rt/handlers_rt.c as bitcode), and the declarations of
 * the helpers compiled code calls (exec/native.h). */
#ifndef WARDEN_LLVM_UNIT_H
#define WARDEN_LLVM_UNIT_H

#include <llvm-c/Core.h>
#include <stdbool.h>

#include "isa/ops.h"
#include "object/objects.h"

typedef struct wj_unit {
    const warden_module_t *mod;
    const wd_module *m;
    const void *const *handlers; /* the interpreter's table, to read ops from cells */
    LLVMContextRef C;
    LLVMModuleRef M; /* the module being built */
    LLVMModuleRef R; /* the handlers' bitcode, read lazily, until it is linked into M */
    LLVMBuilderRef B;
    LLVMTypeRef i1, i8, i32, i64, ptr, vd;
    LLVMTypeRef fn_type;      /* void(ptr cx, ptr inst, ptr fp): every compiled function */
    LLVMTypeRef loop_type;    /* void(ptr cx, ptr inst, ptr fp, i32 loop): a loop entry */
    LLVMTypeRef handler_type; /* i32(ptr fp, ptr pc, ptr mem, i64 msize) */
    LLVMValueRef *fns;        /* the part's compiled functions, by defined index */
    /* The lowered code of the part's functions, by defined index (NULL for the others'): the
     * module's own when it has it, or a copy lowered for the compile (llvm/jit.c). */
    const wc_code **lowered;
    /* The bodies of this part's functions that other code may call (b<i>, llvm/emit.c), their
     * arguments, results and fuel in registers: those the part calls directly, and those an
     * element segment may put in a table (call_indirect). NULL for the others, whose entry is
     * the whole function, and for the other parts' functions. */
    LLVMValueRef *bodies;
    /* Room for 4 more than the most parameter or result slots of any type of the module: the
     * arguments of a call of a body, and the types of its signature. */
    LLVMValueRef *args;
    LLVMTypeRef *types;
    /* The auto tier's: a loop entry for each function with loops (exec/native.h), or NULL. */
    bool loop_entries;
    LLVMValueRef *loop_fns;
    /* Whether the interpreter's handler defines an op (otherwise emit.c builds it), and its
     * declaration in M once used. */
    bool handler_exists[WI_OP_COUNT];
    LLVMValueRef handler[WI_OP_COUNT];
    bool has_memory;
    /* Fuel metering is on. Without it the code charges nothing and the store's fuel stays at
     * INT64_MAX (runtime/store.c), so check sites and returns need not test it. */
    bool metered;
    /* Metadata: `!invariant.load`'s kind and its empty node; `!tbaa`'s kind and the access tags
     * of guest memory and of the runtime's objects, which never alias (llvm/fn.h). */
    unsigned md_invariant, md_tbaa;
    LLVMValueRef md_empty, tbaa_guest, tbaa_runtime;
} wj_unit;

/* Makes u->md_* and u->tbaa_* in u->C. */
void wj_unit_metadata(wj_unit *u);

/* Reads the handlers' bitcode lazily into u->R and fills u->handler_exists. */
bool wj_rt_open(wj_unit *u, char **error);
/* Whether op's handler can return a trap kind (a compare-and-branch's answer counts as one). */
bool wj_rt_traps(wi_op op);
/* The declaration in u->M of op's handler. */
LLVMValueRef wj_rt_handler(wj_unit *u, wi_op op);
/* Links into u->M the handlers it calls and what they need; u->R is gone afterwards. */
bool wj_rt_link(wj_unit *u, char **error);
/* Declares the bodies of part lo .. hi - 1 (u->bodies) and makes room for calls of them
 * (u->args, u->types); false with *error when out of memory. */
bool wj_declare_bodies(wj_unit *u, uint32_t lo, uint32_t hi, char **error);
/* Builds defined function `fi`: its body into u->bodies[fi], its entry from the runtime into
 * u->fns[fi], and its loop entry into u->loop_fns[fi] when u->loop_entries and it has loops. */
bool wj_emit_function(wj_unit *u, uint32_t fi, char **error);

#endif
