/* One function's lowered code (compile/code.h) as LLVM IR.
 *
 * The frame's slots are an alloca of i64 that LLVM turns into registers. A function's entry
 * f<i> (exec/native.h) reads its arguments from fp[0..] and fuel from cx->fuel and writes its
 * results back there, as the interpreter does. A function other compiled code calls (llvm/unit.h)
 * is built as its body, b<i>, which takes its arguments and fuel (when metered) as parameters
 * and returns its results and fuel, and an entry that only moves them; calls of the body pass no
 * argument, result or fuel through memory. Branch targets become basic blocks. The instructions the
 * interpreter's handlers define (numeric, memory accesses, SIMD) are calls of those handlers
 * (rt/handlers_rt.c) with the instruction's cells as a constant, which LLVM inlines and folds;
 * control, calls, globals, tables and the check site are built here, with the interpreter's
 * meaning:
 *   - fuel is charged by the FUEL instructions lowering put at the start of every block;
 *   - function entry and every branch that does not go forward are check sites;
 *   - a return with fuel overdrawn since the last check traps out of fuel;
 *   - a call checks the call depth and the value stack as the interpreter does.
 * In the auto tier, a function with loops has a second entry, its loop entry, which goes on at a
 * loop header with the interpreter's frame (on-stack replacement, exec/native.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/native.h"
#include "isa/disasm.h"
#include "llvm/fn.h"

/* Type-based alias analysis: a root, and under it guest memory and the runtime's objects as two
 * scalar types, which LLVM then knows never alias. */
static LLVMValueRef tbaa_tag(LLVMContextRef C, LLVMMetadataRef root, const char *name)
{
    LLVMMetadataRef zero = LLVMValueAsMetadata(LLVMConstInt(LLVMInt64TypeInContext(C), 0, 0));
    LLVMMetadataRef type[3] = {LLVMMDStringInContext2(C, name, strlen(name)), root, zero};
    LLVMMetadataRef t = LLVMMDNodeInContext2(C, type, 3);
    LLVMMetadataRef tag[3] = {t, t, zero};
    return LLVMMetadataAsValue(C, LLVMMDNodeInContext2(C, tag, 3));
}

void wj_unit_metadata(wj_unit *u)
{
    LLVMContextRef C = u->C;
    u->md_invariant = LLVMGetMDKindIDInContext(C, "invariant.load", 14);
    u->md_tbaa = LLVMGetMDKindIDInContext(C, "tbaa", 4);
    u->md_empty = LLVMMetadataAsValue(C, LLVMMDNodeInContext2(C, NULL, 0));
    LLVMMetadataRef name = LLVMMDStringInContext2(C, "warden", 6);
    LLVMMetadataRef root = LLVMMDNodeInContext2(C, &name, 1);
    u->tbaa_guest = tbaa_tag(C, root, "guest memory");
    u->tbaa_runtime = tbaa_tag(C, root, "runtime");
}

static LLVMValueRef fp_at(wj_fn *F, uint32_t n)
{
    LLVMValueRef i = k64(F, n);
    return LLVMBuildGEP2(F->u->B, F->u->i64, F->fp, &i, 1, "");
}

/* Without fuel metering nothing charges fuel and the store's stays at INT64_MAX
 * (runtime/store.c): the code neither reads nor writes it, and bodies neither take nor return it
 * (fuel_words() is 0), which leaves a register free and a move or two fewer per call. */
static unsigned fuel_words(const wj_unit *u)
{
    return u->metered ? 1 : 0;
}

static LLVMValueRef fuel_get(wj_fn *F)
{
    return LLVMBuildLoad2(F->u->B, F->u->i64, F->fuel, "");
}

/* Fuel goes through cx->fuel across anything called. */
static void fuel_out(wj_fn *F)
{
    if (!F->u->metered) return;
    store_field(F, fuel_get(F), F->cx, offsetof(wx_ncx, fuel));
}

static void fuel_in(wj_fn *F)
{
    if (!F->u->metered) return;
    LLVMBuildStore(F->u->B, load_field(F, F->u->i64, F->cx, offsetof(wx_ncx, fuel)), F->fuel);
}

static LLVMValueRef helper(wj_fn *F, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                           unsigned n)
{
    LLVMValueRef f = LLVMGetNamedFunction(F->u->M, name);
    if (!f) f = LLVMAddFunction(F->u->M, name, LLVMFunctionType(ret, params, n, 0));
    return f;
}

static LLVMValueRef call(wj_fn *F, LLVMValueRef f, LLVMValueRef *args, unsigned n)
{
    return LLVMBuildCall2(F->u->B, LLVMGlobalGetValueType(f), f, args, n, "");
}

/* A call of helper NAME(cx, inst, self, extra...) of exec/native.h, fuel passed through cx. */
static LLVMValueRef call_helper(wj_fn *F, const char *name, LLVMTypeRef ret, LLVMValueRef *extra,
                                unsigned n)
{
    wj_unit *u = F->u;
    LLVMTypeRef types[10] = {u->ptr, u->ptr, u->i32};
    LLVMValueRef args[10] = {F->cx, F->inst, k32(F, F->self)};
    for (unsigned i = 0; i < n; i++) {
        types[3 + i] = LLVMTypeOf(extra[i]);
        args[3 + i] = extra[i];
    }
    fuel_out(F);
    LLVMValueRef r = call(F, helper(F, name, ret, types, 3 + n), args, 3 + n);
    fuel_in(F);
    return r;
}

/* Leaves with a trap of kind k (an i32 value): a branch to the function's one trap block, whose
 * kind is a phi (one call site per function keeps the code small and quick to compile). */
static void trap_value(wj_fn *F, LLVMValueRef k)
{
    wj_unit *u = F->u;
    LLVMBasicBlockRef here = LLVMGetInsertBlock(u->B);
    if (!F->trap_block) {
        F->trap_block = new_block(F);
        LLVMPositionBuilderAtEnd(u->B, F->trap_block);
        F->trap_kind = LLVMBuildPhi(u->B, u->i32, "kind");
        fuel_out(F);
        LLVMTypeRef types[4] = {u->ptr, u->ptr, u->i32, u->i32};
        LLVMValueRef args[4] = {F->cx, F->inst, k32(F, F->self), F->trap_kind};
        LLVMValueRef f = helper(F, "wx_native_trap", u->vd, types, 4);
        LLVMAddAttributeAtIndex(
            f, LLVMAttributeFunctionIndex,
            LLVMCreateEnumAttribute(u->C, LLVMGetEnumAttributeKindForName("noreturn", 8), 0));
        LLVMAddAttributeAtIndex(
            f, LLVMAttributeFunctionIndex,
            LLVMCreateEnumAttribute(u->C, LLVMGetEnumAttributeKindForName("cold", 4), 0));
        call(F, f, args, 4);
        LLVMBuildUnreachable(u->B);
        LLVMPositionBuilderAtEnd(u->B, here);
    }
    LLVMAddIncoming(F->trap_kind, &k, &here, 1);
    LLVMBuildBr(u->B, F->trap_block);
    F->open = false;
}

/* Traps with kind k when c holds; goes on in a new block otherwise. */
void wj_trap_if(wj_fn *F, LLVMValueRef c, warden_trap_kind_t k)
{
    LLVMBasicBlockRef bad = new_block(F), good = new_block(F);
    LLVMBuildCondBr(F->u->B, unlikely(F, c), bad, good);
    enter(F, bad);
    trap_value(F, k32(F, k));
    enter(F, good);
}

/* The instance's memory 0 (its warden_memory_t). */
static LLVMValueRef memory0(wj_fn *F)
{
    LLVMValueRef mems = load_fixed(F, F->u->ptr, F->inst, offsetof(warden_instance_t, mems));
    return load_fixed_index(F, mems, k64(F, 0));
}

/* Memory 0's committed size as it is now, read from the memory itself. */
LLVMValueRef wj_memory_size_now(wj_fn *F)
{
    return load_field(F, F->u->i64, memory0(F), offsetof(warden_memory_t, size));
}

/* Memory 0's base and committed size, read again after anything of the guest's that may grow
 * it (memory.grow, a call). The size kept in F->msize is a lower bound: a memory never moves
 * and never shrinks, and one the host grew while the call was paused at a check site is seen
 * when an access beyond the kept size reads the size again before it traps (emit_access.c,
 * handled()). So check sites, which are in every loop, leave base and size unchanged, and LLVM
 * keeps the bounds it computed from them out of the loops. */
static void reload_memory(wj_fn *F)
{
    if (!F->uses_memory) return;
    wj_unit *u = F->u;
    LLVMValueRef m0 = memory0(F);
    LLVMBuildStore(u->B, load_fixed(F, u->ptr, m0, offsetof(warden_memory_t, base)), F->mem);
    LLVMBuildStore(u->B, load_field(F, u->i64, m0, offsetof(warden_memory_t, size)), F->msize);
}

/* The slow paths of check sites and returns call their helper (wx_native_check, wx_native_fuel)
 * through a function of the part's own in LLVM's preserve_most convention, which keeps every
 * general register but r11. They are seldom taken; a call that clobbers the caller-saved
 * registers made every function and loop with a check site keep its values in callee-saved
 * registers (pushed and popped at every call) or in stack slots: a leaf function saved and
 * restored five registers. Not preserve_all, which keeps the vector registers too: LLVM 19 ends
 * such a function with vzeroupper, which zeroes the upper halves of the registers it promised to
 * keep (a function's four results, kept in one 256-bit register across a return's slow path,
 * lost the last two: llvm/api/test_call_limits). */
static LLVMValueRef kept_helper(wj_fn *F, const char *name)
{
    wj_unit *u = F->u;
    char own[64];
    snprintf(own, sizeof own, "%s_kept", name);
    LLVMValueRef f = LLVMGetNamedFunction(u->M, own);
    if (f) return f;
    LLVMTypeRef types[3] = {u->ptr, u->ptr, u->i32};
    LLVMValueRef target = helper(F, name, u->vd, types, 3);
    f = LLVMAddFunction(u->M, own, LLVMFunctionType(u->vd, types, 3, 0));
    LLVMSetLinkage(f, LLVMInternalLinkage);
    LLVMSetFunctionCallConv(f, LLVMPreserveMostCallConv);
    static const char *const attrs[] = {"noinline", "cold", "nounwind"};
    for (unsigned i = 0; i < 3; i++) {
        unsigned kind = LLVMGetEnumAttributeKindForName(attrs[i], strlen(attrs[i]));
        LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                                LLVMCreateEnumAttribute(u->C, kind, 0));
    }
    LLVMBasicBlockRef here = LLVMGetInsertBlock(u->B);
    LLVMPositionBuilderAtEnd(u->B, LLVMAppendBasicBlockInContext(u->C, f, ""));
    LLVMValueRef args[3] = {LLVMGetParam(f, 0), LLVMGetParam(f, 1), LLVMGetParam(f, 2)};
    call(F, target, args, 3);
    LLVMBuildRetVoid(u->B);
    LLVMPositionBuilderAtEnd(u->B, here);
    return f;
}

/* Calls helper NAME through its kept_helper, fuel through cx->fuel as for any helper. The call
 * is followed by an empty asm that takes the check site's cell (`site`) as an immediate, so
 * that no two slow paths are alike: LLVM merged alike ones into one tail, the fast paths of a
 * dispatch loop's back-edges with them (a switch in a loop, as in an interpreter compiled to
 * WebAssembly), and the CPU then predicted the loop's one indirect branch from less history: the
 * interp workload ran 40 % slower. The asm makes no code. */
static void call_kept(wj_fn *F, const char *name, uint32_t site)
{
    wj_unit *u = F->u;
    fuel_out(F);
    LLVMValueRef args[3] = {F->cx, F->inst, k32(F, F->self)};
    LLVMSetInstructionCallConv(call(F, kept_helper(F, name), args, 3), LLVMPreserveMostCallConv);
    LLVMTypeRef ft = LLVMFunctionType(u->vd, &u->i32, 1, 0);
    LLVMValueRef mark = LLVMGetInlineAsm(ft, "", 0, "i", 1, 1, 0, LLVMInlineAsmDialectATT, 0);
    LLVMValueRef at = k32(F, site);
    LLVMBuildCall2(u->B, ft, mark, &at, 1, "");
    fuel_in(F);
}

/* The same when c holds, which it seldom does. */
static void call_kept_if(wj_fn *F, LLVMValueRef c, const char *name, uint32_t site)
{
    wj_unit *u = F->u;
    LLVMBasicBlockRef slow = new_block(F), go = new_block(F);
    LLVMBuildCondBr(u->B, unlikely(F, c), slow, go);
    enter(F, slow);
    call_kept(F, name, site);
    LLVMBuildBr(u->B, go);
    enter(F, go);
}

/* A field of the store that other threads write (poll, entry_limit), read as a relaxed atomic:
 * LLVM reads it again at every check. */
static LLVMValueRef load_watched(wj_fn *F, LLVMTypeRef t, size_t offset, unsigned align)
{
    LLVMValueRef v = runtime_access(F, LLVMBuildLoad2(F->u->B, t, field_ptr(F, F->S, offset), ""));
    LLVMSetOrdering(v, LLVMAtomicOrderingMonotonic);
    LLVMSetAlignment(v, align);
    return v;
}

/* c, or fuel below zero when fuel is metered: what sends a check site to its slow path. */
static LLVMValueRef or_out_of_fuel(wj_fn *F, LLVMValueRef c)
{
    wj_unit *u = F->u;
    if (!u->metered) return c;
    return LLVMBuildOr(u->B, LLVMBuildICmp(u->B, LLVMIntSLT, fuel_get(F), k64(F, 0), ""), c, "");
}

/* The check site at cell `site` (UINT32_MAX: function entry): fuel below zero or the store's
 * poll flag raised sends it to the slow path. Without fuel metering only the flag is tested: a
 * loop's back-edge then costs one compare of memory with zero (sieve's inner loop: 9
 * instructions instead of 11). Each site's slow path is marked with its own cell, so that no
 * two are alike (call_kept says why). */
static void check_site(wj_fn *F, uint32_t site)
{
    wj_unit *u = F->u;
    LLVMValueRef poll = load_watched(F, u->i32, offsetof(warden_store_t, poll), 4);
    LLVMValueRef stop = or_out_of_fuel(F, LLVMBuildICmp(u->B, LLVMIntNE, poll, k32(F, 0), ""));
    call_kept_if(F, stop, "wx_native_check", site);
}

/* The block a branch from `from` to cell `to` goes to: a back-edge passes the check site. */
static LLVMBasicBlockRef edge(wj_fn *F, uint32_t from, uint32_t to)
{
    if (to > from) {
        wj_checks_leave(F->checks, to);
        return F->at[to];
    }
    LLVMBasicBlockRef here = LLVMGetInsertBlock(F->u->B), b = new_block(F);
    enter(F, b);
    check_site(F, from);
    LLVMBuildBr(F->u->B, F->at[to]);
    LLVMPositionBuilderAtEnd(F->u->B, here);
    return b;
}

static uint32_t target(uint32_t at, uint64_t off)
{
    return (uint32_t)((int64_t)at + (int64_t)off);
}

/* A conditional branch to cell `to` when c holds; falls through to a new block otherwise. */
void wj_branch_if(wj_fn *F, uint32_t at, uint32_t to, LLVMValueRef c)
{
    LLVMBasicBlockRef go = edge(F, at, to), next = new_block(F);
    LLVMBuildCondBr(F->u->B, c, go, next);
    enter(F, next);
}

/* The slots taken by the parameters and results of a function type. */
static void type_slots(const wd_module *m, uint32_t type, uint32_t *params, uint32_t *results)
{
    const wd_functype *t = &m->types[type];
    *params = *results = 0;
    for (uint32_t i = 0; i < t->nparams; i++) *params += wd_slots(t->types[i]);
    for (uint32_t i = 0; i < t->nresults; i++) *results += wd_slots(t->types[t->nparams + i]);
}

static void args_out(wj_fn *F, uint32_t base, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) LLVMBuildStore(F->u->B, get(F, base + i), fp_at(F, base + i));
}

static void results_in(wj_fn *F, uint32_t base, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        set(F, base + i, LLVMBuildLoad2(F->u->B, F->u->i64, fp_at(F, base + i), ""));
}

/* Before a call of compiled code whose frame of `frame_slots` slots starts at slot `base`: the
 * interpreter's checks of call depth and stack, and a frame record naming this function (by its
 * index when the callee is of the same instance). Returns the record, which call_leave pops. */
static LLVMValueRef call_enter(wj_fn *F, LLVMValueRef frame_slots, uint32_t base, bool same)
{
    wj_unit *u = F->u;
    LLVMBuilderRef B = u->B;
    /* Loaded at each call, not once at entry: held in registers across calls they cost loops
     * registers (matmul ran 7 % slower). All but frame_top are invariant (fn.h), so LLVM may
     * still keep them where that pays, or load them again. */
    LLVMValueRef fr = load_field(F, u->ptr, F->S, offsetof(warden_store_t, frame_top));
    LLVMValueRef last = load_fixed(F, u->ptr, F->S, offsetof(warden_store_t, frames_end));
    LLVMValueRef deep = LLVMBuildICmp(B, LLVMIntUGE, fr, last, "");
    /* The stack's bytes from fp on, against the callee's frame: (base + frame_slots) slots. */
    LLVMValueRef end = load_fixed(F, u->ptr, F->S, offsetof(warden_store_t, stack_end));
    LLVMValueRef room = LLVMBuildSub(B, LLVMBuildPtrToInt(B, end, u->i64, ""),
                                     LLVMBuildPtrToInt(B, F->fp, u->i64, ""), "");
    LLVMValueRef top = LLVMBuildMul(B, LLVMBuildAdd(B, frame_slots, k64(F, base), ""),
                                    k64(F, sizeof(uint64_t)), "");
    LLVMValueRef over = LLVMBuildICmp(B, LLVMIntUGT, top, room, "");
    wj_trap_if(F, LLVMBuildOr(B, deep, over, ""), WARDEN_TRAP_STACK_EXHAUSTED);
    /* Only the caller is read from a compiled frame's record (backtraces); the interpreter never
     * returns through it. Its index, a constant, spares two loads and the instance's register
     * (recurse -4.5 % instructions per round). */
    LLVMValueRef caller;
    if (same) {
        caller = LLVMBuildIntToPtr(B, k64(F, WO_CALLER_INDEX(F->self)), u->ptr, "");
    } else {
        LLVMValueRef funcs = load_fixed(F, u->ptr, F->inst, offsetof(warden_instance_t, funcs));
        caller = load_fixed_index(F, funcs, k64(F, F->self));
    }
    store_field(F, caller, fr, offsetof(wo_frame, func));
    LLVMValueRef size = k64(F, sizeof(wo_frame));
    store_field(F, LLVMBuildInBoundsGEP2(B, u->i8, fr, &size, 1, ""), F->S,
                offsetof(warden_store_t, frame_top));
    return fr;
}

static void call_leave(wj_fn *F, LLVMValueRef fr)
{
    store_field(F, fr, F->S, offsetof(warden_store_t, frame_top));
}

/* Calls compiled code `fn` (with instance `inst`) through its entry, its frame of `frame_slots`
 * slots at slot `base`, where its arguments are; its results are read back from there. */
static void call_compiled(wj_fn *F, LLVMValueRef fn, LLVMValueRef inst, LLVMValueRef frame_slots,
                          uint32_t base, uint32_t result_slots)
{
    wj_unit *u = F->u;
    LLVMValueRef fr = call_enter(F, frame_slots, base, false);
    fuel_out(F);
    LLVMValueRef args[3] = {F->cx, inst, fp_at(F, base)};
    LLVMBuildCall2(u->B, u->fn_type, fn, args, 3, "");
    call_leave(F, fr);
    fuel_in(F);
    results_in(F, base, result_slots);
}

/* The signature of a body with np parameter and nr result slots: (cx, inst, fp, fuel, the
 * parameters) -> {fuel, the results}, without fuel when it is not metered (fuel_words). */
static LLVMTypeRef body_type(wj_unit *u, uint32_t np, uint32_t nr)
{
    LLVMTypeRef *types = u->types;
    unsigned w = fuel_words(u);
    for (uint32_t i = 0; i < w + nr; i++) types[i] = u->i64;
    LLVMTypeRef ret = LLVMStructTypeInContext(u->C, types, w + nr, 0);
    types[0] = types[1] = types[2] = u->ptr;
    for (uint32_t i = 3; i < 3 + w + np; i++) types[i] = u->i64;
    return LLVMFunctionType(ret, types, 3 + w + np, 0);
}

/* Calls the body `body` of type `t` (of compiled code with instance `inst`, this function's own
 * when same_instance), whose frame of `frame_slots` slots starts at slot `base`: its np argument
 * slots from there, its nr result slots back there, fuel in and out in registers. */
static void call_body(wj_fn *F, LLVMTypeRef t, LLVMValueRef body, LLVMValueRef inst,
                      bool same_instance, LLVMValueRef frame_slots, uint32_t base, uint32_t np,
                      uint32_t nr)
{
    wj_unit *u = F->u;
    LLVMValueRef fr = call_enter(F, frame_slots, base, same_instance);
    LLVMValueRef *args = u->args;
    args[0] = F->cx;
    args[1] = inst;
    args[2] = fp_at(F, base);
    unsigned w = fuel_words(u);
    if (w) args[3] = fuel_get(F);
    for (uint32_t i = 0; i < np; i++) args[3 + w + i] = get(F, base + i);
    LLVMValueRef r = LLVMBuildCall2(u->B, t, body, args, 3 + w + np, "");
    LLVMSetInstructionCallConv(r, LLVMFastCallConv);
    call_leave(F, fr);
    if (w) LLVMBuildStore(u->B, LLVMBuildExtractValue(u->B, r, 0, ""), F->fuel);
    for (uint32_t i = 0; i < nr; i++) set(F, base + i, LLVMBuildExtractValue(u->B, r, w + i, ""));
}

/* A call of function `callee` (a warden_func_t *) with np parameter and nr result slots from
 * slot `base`: its compiled code (of this module or another) is called as call_direct calls a
 * function of its part, without the helper; any other (a host function, an interpreted one, one
 * whose code is not linked yet) goes through it. */
static void call_func(wj_fn *F, LLVMValueRef callee, uint32_t np, uint32_t nr, uint32_t base)
{
    wj_unit *u = F->u;
    /* callee->code->native, when callee->code is not NULL. */
    LLVMValueRef code = load_field(F, u->ptr, callee, offsetof(warden_func_t, code));
    LLVMBasicBlockRef has_code = new_block(F), compiled = new_block(F), other = new_block(F),
                      done = new_block(F);
    LLVMBuildCondBr(u->B, LLVMBuildIsNull(u->B, code, ""), other, has_code);
    enter(F, has_code);
    /* Acquire: in the auto tier another thread may be publishing it (compile/code.h). */
    LLVMValueRef native = load_field(F, u->ptr, code, offsetof(wc_func, native));
    LLVMSetOrdering(native, LLVMAtomicOrderingAcquire);
    LLVMSetAlignment(native, sizeof(void *));
    LLVMBuildCondBr(u->B, LLVMBuildIsNull(u->B, native, ""), other, compiled);
    enter(F, compiled);
    LLVMValueRef fs = LLVMBuildZExt(
        u->B, load_field(F, u->i32, code, offsetof(wc_func, frame_slots)), u->i64, "");
    /* Its body when it has one, set with `native` (compile/code.h), of this module or another:
     * its type (call_indirect's check, or the function's own) makes its parameters and results
     * np and nr slots. */
    LLVMValueRef inst = load_fixed(F, u->ptr, callee, offsetof(warden_func_t, inst));
    LLVMValueRef body = load_field(F, u->ptr, code, offsetof(wc_func, body));
    LLVMBasicBlockRef by_body = new_block(F), by_entry = new_block(F);
    LLVMBuildCondBr(u->B, LLVMBuildIsNull(u->B, body, ""), by_entry, by_body);
    enter(F, by_body);
    call_body(F, body_type(u, np, nr), body, inst, false, fs, base, np, nr);
    LLVMBuildBr(u->B, done);
    enter(F, by_entry);
    args_out(F, base, np);
    call_compiled(F, native, inst, fs, base, nr);
    LLVMBuildBr(u->B, done);
    enter(F, other);
    args_out(F, base, np);
    LLVMValueRef extra[2] = {callee, fp_at(F, base)};
    call_helper(F, "wx_native_call", u->vd, extra, 2);
    results_in(F, base, nr);
    LLVMBuildBr(u->B, done);
    enter(F, done);
}

/* A call of a function of this module: of its body when this part defines one (every function
 * of the part it calls has one), and otherwise as call_indirect calls a function it found:
 * another part's code may be linked later than this one's (llvm/lazy.c), or never. */
static void call_direct(wj_fn *F, uint32_t callee, uint32_t base)
{
    wj_unit *u = F->u;
    uint32_t ci = callee - u->m->nfunc_imports;
    const wc_func *c = &u->mod->funcs[ci];
    LLVMValueRef body = u->bodies[ci];
    if (body) {
        call_body(F, LLVMGlobalGetValueType(body), body, F->inst, true,
                  k64(F, u->lowered[ci]->frame_slots), base, c->param_slots, c->result_slots);
    } else {
        LLVMValueRef funcs = load_fixed(F, u->ptr, F->inst, offsetof(warden_instance_t, funcs));
        call_func(F, load_fixed_index(F, funcs, k64(F, callee)), c->param_slots, c->result_slots,
                  base);
    }
    reload_memory(F);
}

/* A call through the helper: an import, or a function found in a table. */
static void call_through(wj_fn *F, LLVMValueRef callee, uint32_t type, uint32_t base)
{
    uint32_t np, nr;
    type_slots(F->u->m, type, &np, &nr);
    args_out(F, base, np);
    LLVMValueRef extra[2] = {callee, fp_at(F, base)};
    call_helper(F, "wx_native_call", F->u->vd, extra, 2);
    results_in(F, base, nr);
    reload_memory(F);
}

/* call_indirect: the table's bounds, the element and its type checked, then call_func. */
static void call_indirect(wj_fn *F, uint32_t type, uint32_t table, uint32_t idx, uint32_t base)
{
    wj_unit *u = F->u;
    LLVMValueRef tables = load_fixed(F, u->ptr, F->inst, offsetof(warden_instance_t, tables));
    LLVMValueRef t = load_fixed_index(F, tables, k64(F, table));
    LLVMValueRef size = load_field(F, u->i32, t, offsetof(warden_table_t, size));
    LLVMValueRef i = get32(F, idx);
    wj_trap_if(F, LLVMBuildICmp(u->B, LLVMIntUGE, i, size, ""), WARDEN_TRAP_UNDEFINED_ELEMENT);
    LLVMValueRef elems = load_field(F, u->ptr, t, offsetof(warden_table_t, elems));
    LLVMValueRef callee = load_index(F, u->ptr, elems, LLVMBuildZExt(u->B, i, u->i64, ""));
    wj_trap_if(F, LLVMBuildIsNull(u->B, callee, ""), WARDEN_TRAP_UNINITIALIZED_ELEMENT);
    LLVMValueRef types = load_fixed(F, u->ptr, F->inst, offsetof(warden_instance_t, types));
    LLVMValueRef want = load_fixed_index(F, types, k64(F, type));
    LLVMValueRef have = load_fixed(F, u->ptr, callee, offsetof(warden_func_t, type));
    wj_trap_if(F, LLVMBuildICmp(u->B, LLVMIntNE, have, want, ""),
               WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
    uint32_t np, nr;
    type_slots(u->m, type, &np, &nr);
    call_func(F, callee, np, nr, base);
    reload_memory(F);
}

static LLVMValueRef table_at(wj_fn *F, uint32_t table)
{
    LLVMValueRef tables = load_fixed(F, F->u->ptr, F->inst, offsetof(warden_instance_t, tables));
    return load_fixed_index(F, tables, k64(F, table));
}

/* A table element's address, after the bounds check. */
static LLVMValueRef table_elem(wj_fn *F, uint32_t table, uint32_t idx)
{
    wj_unit *u = F->u;
    LLVMValueRef t = table_at(F, table);
    LLVMValueRef i = get32(F, idx);
    LLVMValueRef size = load_field(F, u->i32, t, offsetof(warden_table_t, size));
    wj_trap_if(F, LLVMBuildICmp(u->B, LLVMIntUGE, i, size, ""), WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
    LLVMValueRef elems = load_field(F, u->ptr, t, offsetof(warden_table_t, elems));
    LLVMValueRef wide = LLVMBuildZExt(u->B, i, u->i64, "");
    return LLVMBuildGEP2(u->B, u->i64, elems, &wide, 1, "");
}

static LLVMValueRef global_val(wj_fn *F, uint32_t g, unsigned half)
{
    LLVMValueRef globals = load_fixed(F, F->u->ptr, F->inst, offsetof(warden_instance_t, globals));
    LLVMValueRef gp = load_fixed_index(F, globals, k64(F, g));
    return field_ptr(F, gp, offsetof(warden_global_t, val) + half * sizeof(uint64_t));
}

/* Zeroes element i of one of the instance's arrays of uint32_t lengths (a dropped segment). */
static void drop_segment(wj_fn *F, size_t array, uint32_t i)
{
    LLVMValueRef lens = load_fixed(F, F->u->ptr, F->inst, array);
    LLVMValueRef idx = k64(F, i);
    runtime_access(F, LLVMBuildStore(F->u->B, k32(F, 0),
                                     LLVMBuildGEP2(F->u->B, F->u->i32, lens, &idx, 1, "")));
}

static void ret(wj_fn *F)
{
    wj_unit *u = F->u;
    if (u->metered)
        call_kept_if(F, LLVMBuildICmp(u->B, LLVMIntSLT, fuel_get(F), k64(F, 0), ""),
                     "wx_native_fuel", 0);
    if (F->body) {
        LLVMTypeRef t = LLVMGetReturnType(LLVMGlobalGetValueType(F->fn));
        unsigned w = fuel_words(u);
        LLVMValueRef r = LLVMGetUndef(t);
        if (w) r = LLVMBuildInsertValue(u->B, r, fuel_get(F), 0, "");
        for (uint32_t i = 0; i < F->f->result_slots; i++)
            r = LLVMBuildInsertValue(u->B, r, get(F, i), w + i, "");
        LLVMBuildRet(u->B, r);
    } else {
        for (uint32_t i = 0; i < F->f->result_slots; i++)
            LLVMBuildStore(u->B, get(F, i), fp_at(F, i));
        fuel_out(F);
        LLVMBuildRetVoid(u->B);
    }
    F->open = false;
}

static bool uses_memory(wi_op op, wi_layout l)
{
    switch (l) {
    case WI_LAYOUT_LOAD:
    case WI_LAYOUT_STORE:
    case WI_LAYOUT_LOAD_K:
    case WI_LAYOUT_STORE_K:
    case WI_LAYOUT_V_LOAD:
    case WI_LAYOUT_V_STORE:
    case WI_LAYOUT_V_LOAD_PART:
    case WI_LAYOUT_V_LOAD_LANE:
    case WI_LAYOUT_V_STORE_LANE: return true;
    default: break;
    }
    switch (op) {
    case WI_MEMORY_SIZE:
    case WI_MEMORY_GROW:
    case WI_MEMORY_FILL:
    case WI_MEMORY_COPY:
    case WI_MEMORY_INIT: return true;
    default: return false;
    }
}

/* An instruction whose handler the interpreter defines. */
static void handled(wj_fn *F, wi_op op, uint32_t at, const wi_cell *pc)
{
    wj_unit *u = F->u;
    LLVMValueRef i = k64(F, at);
    LLVMValueRef cells = LLVMBuildGEP2(u->B, u->i64, F->code, &i, 1, "");
    LLVMValueRef args[4] = {F->frame, cells, LLVMBuildLoad2(u->B, u->ptr, F->mem, ""),
                            LLVMBuildLoad2(u->B, u->i64, F->msize, "")};
    LLVMValueRef r = LLVMBuildCall2(u->B, u->handler_type, wj_rt_handler(u, op), args, 4, "");
    wi_layout l = wi_op_layout(op);
    if (l == WI_LAYOUT_CMP_BR || l == WI_LAYOUT_CMP_BR_IMM) {
        uint64_t off = l == WI_LAYOUT_CMP_BR ? pc[2].u64 : pc[3].u64;
        wj_branch_if(F, at, target(at, off), LLVMBuildICmp(u->B, LLVMIntNE, r, k32(F, 0), ""));
        return;
    }
    /* 0 or a trap kind: tested only for a handler that can trap, so that the IR of the many that
     * cannot is a call and nothing else until they are inlined (fewer blocks: a quicker
     * compile). */
    if (!wj_rt_traps(op)) return;
    LLVMBasicBlockRef bad = new_block(F), good = new_block(F);
    LLVMBuildCondBr(u->B, unlikely(F, LLVMBuildICmp(u->B, LLVMIntNE, r, k32(F, 0), "")), bad, good);
    enter(F, bad);
    if (F->uses_memory && uses_memory(op, l)) {
        /* Out of bounds of the kept size (a lower bound, reload_memory): again with the size as
         * it is now, which traps only when that is out of bounds too. */
        LLVMBasicBlockRef oob = new_block(F), other = new_block(F);
        LLVMBuildCondBr(
            u->B, LLVMBuildICmp(u->B, LLVMIntEQ, r, k32(F, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS), ""),
            oob, other);
        enter(F, oob);
        args[3] = wj_memory_size_now(F);
        LLVMValueRef again =
            LLVMBuildCall2(u->B, u->handler_type, wj_rt_handler(u, op), args, 4, "");
        LLVMBasicBlockRef failed = new_block(F);
        LLVMBuildCondBr(u->B, LLVMBuildICmp(u->B, LLVMIntNE, again, k32(F, 0), ""), failed, good);
        enter(F, failed);
        trap_value(F, again);
        enter(F, other);
    }
    trap_value(F, r);
    enter(F, good);
}

static LLVMValueRef arg32(wj_fn *F, uint32_t slot)
{
    return get32(F, slot);
}

/* One instruction; false for one this tier does not know. */
static bool emit(wj_fn *F, wi_op op, uint32_t at, const wi_cell *pc, uint32_t len)
{
    wj_unit *u = F->u;
    LLVMBuilderRef B = u->B;
    /* The fields of the first four cells, read only as far as the instruction goes (the last
     * instruction of a function ends its code). */
    wi_cell c[4] = {{0}};
    memcpy(c, pc, (len < 4 ? len : 4) * sizeof *c);
    uint32_t a1 = c[1].s.a, b1 = c[1].s.b, a2 = c[2].s.a, b2 = c[2].s.b, a3 = c[3].s.a;
    if (wj_emit_integer(F, op, at, pc) || wj_emit_float(F, op, pc) || wj_emit_access(F, op, pc))
        return true;
    /* Anything else may write slots other than through set() (a handler writes the frame):
     * bounds checked before it are forgotten (llvm/checks.h), but for the few that only set
     * and the branches, which write nothing. */
    switch (op) {
    case WI_FUEL:
    case WI_COPY:
    case WI_COPY2:
    case WI_CONST:
    case WI_BR:
    case WI_BR_IF:
    case WI_BR_IF_NOT:
    case WI_BR_TABLE: break;
    default: wj_checks_forget_all(F->checks);
    }
    if (u->handler_exists[op]) {
        handled(F, op, at, pc);
        return true;
    }
    switch (op) {
    case WI_TRAP: trap_value(F, k32(F, (uint32_t)pc[1].u64)); return true;
    case WI_FUEL:
        LLVMBuildStore(B, LLVMBuildSub(B, fuel_get(F), k64(F, pc[1].u64), ""), F->fuel);
        return true;
    case WI_BR:
        LLVMBuildBr(B, edge(F, at, target(at, pc[1].u64)));
        F->open = false;
        return true;
    case WI_BR_IF:
    case WI_BR_IF_NOT: {
        LLVMValueRef c =
            LLVMBuildICmp(B, op == WI_BR_IF ? LLVMIntNE : LLVMIntEQ, get32(F, a1), k32(F, 0), "");
        wj_branch_if(F, at, target(at, pc[2].u64), c);
        return true;
    }
    case WI_BR_TABLE: {
        uint32_t n = b1;
        LLVMValueRef sw =
            LLVMBuildSwitch(B, get32(F, a1), edge(F, at, target(at, pc[2 + n].u64)), n);
        for (uint32_t i = 0; i < n; i++)
            LLVMAddCase(sw, k32(F, i), edge(F, at, target(at, pc[2 + i].u64)));
        F->open = false;
        return true;
    }
    case WI_RETURN: ret(F); return true;
    case WI_CALL:
        if (a1 >= u->m->nfunc_imports) {
            call_direct(F, a1, b1);
        } else {
            LLVMValueRef funcs = load_fixed(F, u->ptr, F->inst, offsetof(warden_instance_t, funcs));
            call_through(F, load_fixed_index(F, funcs, k64(F, a1)), u->m->func_types[a1], b1);
        }
        return true;
    case WI_CALL_INDIRECT: call_indirect(F, a1, b1, a2, b2); return true;
    case WI_COPY: set(F, a1, get(F, b1)); return true;
    case WI_COPY2: {
        LLVMValueRef lo = get(F, b1), hi = get(F, b1 + 1);
        set(F, a1, lo);
        set(F, a1 + 1, hi);
        return true;
    }
    case WI_CONST: set(F, a1, k64(F, pc[2].u64)); return true;
    case WI_SELECT:
    case WI_SELECT2: {
        LLVMValueRef c = LLVMBuildICmp(B, LLVMIntNE, get32(F, b2), k32(F, 0), "");
        LLVMValueRef lo = LLVMBuildSelect(B, c, get(F, b1), get(F, a2), "");
        if (op == WI_SELECT) {
            set(F, a1, lo);
            return true;
        }
        LLVMValueRef hi = LLVMBuildSelect(B, c, get(F, b1 + 1), get(F, a2 + 1), "");
        set(F, a1, lo);
        set(F, a1 + 1, hi);
        return true;
    }
    case WI_GLOBAL_GET:
        set(F, a1, runtime_access(F, LLVMBuildLoad2(B, u->i64, global_val(F, b1, 0), "")));
        return true;
    case WI_GLOBAL_SET:
        runtime_access(F, LLVMBuildStore(B, get(F, b1), global_val(F, a1, 0)));
        return true;
    case WI_GLOBAL_GET2: {
        LLVMValueRef lo = runtime_access(F, LLVMBuildLoad2(B, u->i64, global_val(F, b1, 0), ""));
        LLVMValueRef hi = runtime_access(F, LLVMBuildLoad2(B, u->i64, global_val(F, b1, 1), ""));
        set(F, a1, lo);
        set(F, a1 + 1, hi);
        return true;
    }
    case WI_GLOBAL_SET2: {
        LLVMValueRef lo = get(F, b1), hi = get(F, b1 + 1);
        runtime_access(F, LLVMBuildStore(B, lo, global_val(F, a1, 0)));
        runtime_access(F, LLVMBuildStore(B, hi, global_val(F, a1, 1)));
        return true;
    }
    case WI_MEMORY_SIZE:
        set(F, a1, LLVMBuildUDiv(B, wj_memory_size_now(F), k64(F, WO_PAGE_SIZE), ""));
        return true;
    case WI_MEMORY_GROW: {
        LLVMValueRef extra[1] = {arg32(F, b1)};
        set(F, a1, call_helper(F, "wx_native_memory_grow", u->i64, extra, 1));
        reload_memory(F);
        return true;
    }
    case WI_MEMORY_FILL: {
        LLVMValueRef extra[3] = {arg32(F, a1), arg32(F, b1), arg32(F, a2)};
        call_helper(F, "wx_native_memory_fill", u->vd, extra, 3);
        return true;
    }
    case WI_MEMORY_COPY: {
        LLVMValueRef extra[3] = {arg32(F, a1), arg32(F, b1), arg32(F, a2)};
        call_helper(F, "wx_native_memory_copy", u->vd, extra, 3);
        return true;
    }
    case WI_MEMORY_INIT: {
        LLVMValueRef extra[4] = {arg32(F, a1), arg32(F, b1), arg32(F, a2), k32(F, b2)};
        call_helper(F, "wx_native_memory_init", u->vd, extra, 4);
        return true;
    }
    case WI_DATA_DROP: drop_segment(F, offsetof(warden_instance_t, data_len), a1); return true;
    case WI_TABLE_GET:
        set(F, a1, runtime_access(F, LLVMBuildLoad2(B, u->i64, table_elem(F, a2, b1), "")));
        return true;
    case WI_TABLE_SET: {
        LLVMValueRef p = table_elem(F, a2, a1);
        runtime_access(F, LLVMBuildStore(B, get(F, b1), p));
        return true;
    }
    case WI_TABLE_SIZE:
        set32(F, a1, load_field(F, u->i32, table_at(F, b1), offsetof(warden_table_t, size)));
        return true;
    case WI_TABLE_GROW: {
        LLVMValueRef extra[3] = {k32(F, b2), get(F, b1), arg32(F, a2)};
        set(F, a1, call_helper(F, "wx_native_table_grow", u->i64, extra, 3));
        return true;
    }
    case WI_TABLE_FILL: {
        LLVMValueRef extra[4] = {k32(F, b2), arg32(F, a1), get(F, b1), arg32(F, a2)};
        call_helper(F, "wx_native_table_fill", u->vd, extra, 4);
        return true;
    }
    case WI_TABLE_COPY: {
        LLVMValueRef extra[5] = {k32(F, b2), k32(F, a3), arg32(F, a1), arg32(F, b1), arg32(F, a2)};
        call_helper(F, "wx_native_table_copy", u->vd, extra, 5);
        return true;
    }
    case WI_TABLE_INIT: {
        LLVMValueRef extra[5] = {k32(F, b2), k32(F, a3), arg32(F, a1), arg32(F, b1), arg32(F, a2)};
        call_helper(F, "wx_native_table_init", u->vd, extra, 5);
        return true;
    }
    case WI_ELEM_DROP: drop_segment(F, offsetof(warden_instance_t, elem_len), a1); return true;
    case WI_REF_FUNC: {
        LLVMValueRef funcs = load_fixed(F, u->ptr, F->inst, offsetof(warden_instance_t, funcs));
        set(F, a1, LLVMBuildPtrToInt(B, load_fixed_index(F, funcs, k64(F, b1)), u->i64, ""));
        return true;
    }
    default: return false;
    }
}

/* Whether an instruction reads memory 0's base or committed size. */

/* The cells as a constant, handler cells replaced by their op (generated code must not hold the
 * addresses of this process). */
static LLVMValueRef code_constant(wj_fn *F, wi_op *ops)
{
    wj_unit *u = F->u;
    uint32_t n = F->k->ncells ? F->k->ncells : 1;
    LLVMValueRef *vals = malloc(n * sizeof *vals);
    if (!vals) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t v = i < F->k->ncells ? F->k->cells[i].u64 : 0;
        if (i < F->k->ncells && ops[i] != WI_OP_COUNT) v = ops[i];
        vals[i] = k64(F, v);
    }
    LLVMValueRef init = LLVMConstArray2(u->i64, vals, n);
    free(vals);
    char name[32];
    snprintf(name, sizeof name, "code%u", F->fi);
    LLVMValueRef g = LLVMAddGlobal(u->M, LLVMTypeOf(init), name);
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
    return g;
}

/* The stack pointer, which the C stack checks compare: llvm.frameaddress, which they read
 * before, made every function keep a frame pointer (a push, a move and a pop at every call, and
 * one register fewer for its values). */
static LLVMValueRef stack_pointer(wj_fn *F)
{
#if defined(__x86_64__)
    static const char reg[] = "rsp";
#elif defined(__aarch64__)
    static const char reg[] = "sp";
#else
#error "the compiled tier's C stack check needs this CPU's stack pointer"
#endif
    LLVMContextRef C = F->u->C;
    LLVMMetadataRef name = LLVMMDStringInContext2(C, reg, strlen(reg));
    LLVMValueRef md = LLVMMetadataAsValue(C, LLVMMDNodeInContext2(C, &name, 1));
    return intrinsic(F, "llvm.read_register", &F->u->i64, 1, &md, 1);
}

static LLVMValueRef c_stack_limit(wj_fn *F)
{
    return load_field(F, F->u->i64, F->S, offsetof(warden_store_t, c_stack_limit));
}

/* A function's entry: its stack pointer below the store's entry_limit, which is the C stack's
 * limit or, while `poll` is raised, the highest address (object/objects.h), or fuel below zero,
 * sends it to the slow path: a trap if the C stack is exhausted, the check site's slow path
 * otherwise. One compare instead of two on the way every call takes. */
static void entry_check(wj_fn *F, LLVMValueRef fa)
{
    wj_unit *u = F->u;
    LLVMValueRef limit = load_watched(F, u->i64, offsetof(warden_store_t, entry_limit), 8);
    LLVMValueRef stop = or_out_of_fuel(F, LLVMBuildICmp(u->B, LLVMIntULT, fa, limit, ""));
    LLVMBasicBlockRef slow = new_block(F), go = new_block(F);
    LLVMBuildCondBr(u->B, unlikely(F, stop), slow, go);
    enter(F, slow);
    wj_trap_if(F, LLVMBuildICmp(u->B, LLVMIntULT, fa, c_stack_limit(F), ""),
               WARDEN_TRAP_STACK_EXHAUSTED);
    call_kept(F, "wx_native_check", UINT32_MAX);
    LLVMBuildBr(u->B, go);
    enter(F, go);
}

/* What the body and the loop entry do first: the frame, fuel and memory registers, and the C
 * stack's limit, with the check site at a body's entry (`entry_site`); a loop entry's was passed
 * in the interpreter. */
static void common_prologue(wj_fn *F, bool entry_site)
{
    wj_unit *u = F->u;
    LLVMBuilderRef B = u->B;
    uint32_t slots = F->k->frame_slots ? F->k->frame_slots : 1;
    F->frame = LLVMBuildAlloca(B, LLVMArrayType2(u->i64, slots), "frame");
    F->fuel = LLVMBuildAlloca(B, u->i64, "fuel");
    F->mem = LLVMBuildAlloca(B, u->ptr, "mem");
    F->msize = LLVMBuildAlloca(B, u->i64, "msize");
    F->S = load_fixed(F, u->ptr, F->cx, offsetof(wx_ncx, S));
    if (!u->metered)
        LLVMBuildStore(B, k64(F, INT64_MAX), F->fuel); /* never read */
    else if (F->body)
        LLVMBuildStore(B, LLVMGetParam(F->fn, 3), F->fuel);
    else
        fuel_in(F);
    LLVMBuildStore(B, LLVMConstNull(u->ptr), F->mem);
    LLVMBuildStore(B, k64(F, 0), F->msize);
    /* Compiled frames are on the C stack: below the store's limit, a clean trap. */
    LLVMValueRef fa = stack_pointer(F);
    if (entry_site)
        entry_check(F, fa);
    else
        wj_trap_if(F, LLVMBuildICmp(B, LLVMIntULT, fa, c_stack_limit(F), ""),
                   WARDEN_TRAP_STACK_EXHAUSTED);
    reload_memory(F);
}

/* A call's: the arguments from the body's parameters or from fp, the other locals zero, the
 * check site. */
static void prologue(wj_fn *F)
{
    wj_unit *u = F->u;
    const wc_func *f = F->f;
    common_prologue(F, true);
    for (uint32_t i = 0; i < f->param_slots; i++)
        set(F, i,
            F->body ? LLVMGetParam(F->fn, 3 + fuel_words(u) + i)
                    : LLVMBuildLoad2(u->B, u->i64, fp_at(F, i), ""));
    for (uint32_t i = f->param_slots; i < f->local_slots; i++) set(F, i, k64(F, 0));
}

/* A loop entry's (on-stack replacement, exec/native.h): entered with `loop` = c + 1 at the
 * interpreter's back-edge to cell c, its check site passed there. Every slot of the frame comes
 * from the interpreter's frame at fp, and the code goes on at the block of loop header c. */
static void loop_prologue(wj_fn *F)
{
    wj_unit *u = F->u;
    common_prologue(F, false);
    for (uint32_t i = 0; i < F->k->frame_slots; i++)
        set(F, i, LLVMBuildLoad2(u->B, u->i64, fp_at(F, i), ""));
    LLVMBasicBlockRef none = new_block(F);
    LLVMValueRef sw = LLVMBuildSwitch(u->B, LLVMGetParam(F->fn, 3), none, F->nheaders);
    for (uint32_t c = 0; c < F->k->ncells; c++)
        if (F->header[c]) LLVMAddCase(sw, k32(F, c + 1), F->at[c]);
    /* No other value comes from the interpreter: a trap, not undefined behaviour, if one did. */
    enter(F, none);
    trap_value(F, k32(F, WARDEN_TRAP_UNREACHABLE));
}

/* A branch at cell `at` to cell t: a block starts at t, a loop header when t is not ahead. */
static bool branch_target(wj_fn *F, uint32_t at, uint32_t t)
{
    if (t >= F->k->ncells) return false;
    if (!F->at[t]) F->at[t] = LLVMAppendBasicBlockInContext(F->u->C, F->fn, "");
    if (t <= at && !F->header[t]) {
        F->header[t] = true;
        F->nheaders++;
    }
    return true;
}

/* Reads the op of every instruction into ops, and makes a block of F->fn at every branch target,
 * noting the loop headers; false for lowered code this tier cannot read. */
static bool scan(wj_fn *F, wi_op *ops)
{
    wj_unit *u = F->u;
    const wc_code *k = F->k;
    for (uint32_t i = 0; i <= k->ncells; i++) ops[i] = WI_OP_COUNT;
    for (uint32_t at = 0; at < k->ncells;) {
        const wi_cell *pc = k->cells + at;
        wi_op op = wi_cell_op(pc, u->handlers);
        uint32_t len = op == WI_OP_COUNT ? 0 : wi_instr_cells(k->cells, k->ncells, at, op);
        if (!len) return false;
        ops[at] = op;
        uint32_t targets[2] = {0, 0}, nt = 0;
        wi_layout l = wi_op_layout(op);
        if (u->has_memory && uses_memory(op, l)) F->uses_memory = true;
        if (l == WI_LAYOUT_JUMP) targets[nt++] = target(at, pc[1].u64);
        if (l == WI_LAYOUT_BRANCH || l == WI_LAYOUT_CMP_BR) targets[nt++] = target(at, pc[2].u64);
        if (l == WI_LAYOUT_CMP_BR_IMM) targets[nt++] = target(at, pc[3].u64);
        for (uint32_t j = 0; j < nt; j++)
            if (!branch_target(F, at, targets[j])) return false;
        if (op == WI_BR_TABLE)
            for (uint32_t j = 0; j <= pc[1].s.b; j++)
                if (!branch_target(F, at, target(at, pc[2 + j].u64))) return false;
        at += len;
    }
    return true;
}

/* Builds F->fn from its scanned code: a prologue (the body's, or a loop entry's), then every
 * instruction. */
static bool build(wj_fn *F, const wi_op *ops, bool loop_entry, char **error)
{
    wj_unit *u = F->u;
    const wc_code *k = F->k;
    F->cx = LLVMGetParam(F->fn, 0);
    F->inst = LLVMGetParam(F->fn, 1);
    F->fp = LLVMGetParam(F->fn, 2);
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(u->C, F->fn, "entry");
    LLVMMoveBasicBlockBefore(entry, LLVMGetFirstBasicBlock(F->fn));
    enter(F, entry);
    if (loop_entry)
        loop_prologue(F);
    else
        prologue(F);
    for (uint32_t at = 0; at < k->ncells;) {
        const wi_cell *pc = k->cells + at;
        wi_op op = ops[at];
        if (F->at[at]) {
            bool fall_through = F->open;
            if (F->open) LLVMBuildBr(u->B, F->at[at]);
            enter(F, F->at[at]);
            wj_checks_join(F->checks, at, fall_through, F->header[at]);
        } else if (!F->open) {
            enter(F, new_block(F)); /* code no branch reaches */
            wj_checks_forget_all(F->checks);
        }
        uint32_t len = wi_instr_cells(k->cells, k->ncells, at, op);
        if (!emit(F, op, at, pc, len)) {
            char msg[96];
            snprintf(msg, sizeof msg, "instruction %s is not compiled yet", wi_op_name(op));
            *error = strdup(msg);
            return false;
        }
        at += len;
    }
    /* Lowered code ends with a return; a block left open would fall off the end. */
    if (F->open) trap_value(F, k32(F, WARDEN_TRAP_UNREACHABLE));
    return true;
}

/* Sets called[c - lo] for each function c of lo .. hi - 1 that defined function fi calls
 * directly. */
static void mark_callees(wj_unit *u, uint32_t fi, uint32_t lo, uint32_t hi, bool *called)
{
    const wc_code *k = u->lowered[fi];
    for (uint32_t at = 0; at < k->ncells;) {
        wi_op op = wi_cell_op(k->cells + at, u->handlers);
        uint32_t len = op == WI_OP_COUNT ? 0 : wi_instr_cells(k->cells, k->ncells, at, op);
        if (!len) return; /* scan() reports it */
        if (op == WI_CALL && at + 1 < k->ncells) {
            uint32_t callee = k->cells[at + 1].s.a;
            if (callee >= u->m->nfunc_imports + lo && callee < u->m->nfunc_imports + hi)
                called[callee - u->m->nfunc_imports - lo] = true;
        }
        at += len;
    }
}

static void declare_body(wj_unit *u, uint32_t fi)
{
    const wc_func *f = &u->mod->funcs[fi];
    char name[32];
    snprintf(name, sizeof name, "b%u", fi);
    LLVMValueRef b = LLVMAddFunction(u->M, name, body_type(u, f->param_slots, f->result_slots));
    LLVMSetLinkage(b, LLVMInternalLinkage);
    LLVMSetFunctionCallConv(b, LLVMFastCallConv);
    LLVMAddAttributeAtIndex(
        b, LLVMAttributeFunctionIndex,
        LLVMCreateEnumAttribute(u->C, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
    u->bodies[fi] = b;
}

bool wj_declare_bodies(wj_unit *u, uint32_t lo, uint32_t hi, char **error)
{
    uint32_t most = 0;
    for (uint32_t t = 0; t < u->m->ntypes; t++) {
        uint32_t np, nr;
        type_slots(u->m, t, &np, &nr);
        if (np > most) most = np;
        if (nr > most) most = nr;
    }
    uint32_t n = hi - lo, base = u->m->nfunc_imports + lo;
    u->bodies = calloc(u->m->nbodies ? u->m->nbodies : 1, sizeof *u->bodies);
    u->args = malloc((4 + (size_t)most) * sizeof *u->args);
    u->types = malloc((4 + (size_t)most) * sizeof *u->types);
    bool *called = calloc(n ? n : 1, sizeof *called);
    bool *table = calloc(n ? n : 1, sizeof *table);
    bool ok = u->bodies && u->args && u->types && called && table;
    if (!ok) *error = strdup("out of memory");
    /* A body of its own costs a function an extra call from its entry, which LLVM does not
     * always inline (its address is in the part table): matmul's kernel, entered from the host
     * only, ran 20 % slower in a body than as its entry. So only functions called within the
     * part, or referenced outside code without being exported (element segments), have one. */
    for (uint32_t i = lo; ok && i < hi; i++) mark_callees(u, i, lo, hi, called);
    for (uint32_t i = 0; ok && i < n && u->m->func_declared; i++)
        table[i] = u->m->func_declared[base + i];
    for (uint32_t e = 0; ok && e < u->m->nexports; e++) {
        const wd_export *x = &u->m->exports[e];
        if (x->kind == WD_EXTERN_FUNC && x->index >= base && x->index < base + n)
            table[x->index - base] = false;
    }
    for (uint32_t i = 0; ok && i < n; i++)
        if (called[i] || table[i]) declare_body(u, lo + i);
    free(called);
    free(table);
    return ok;
}

/* f<i>, the entry from the runtime (exec/native.h): the arguments from fp and fuel from cx, the
 * body's results and fuel back there. */
static void build_entry(wj_fn *F)
{
    wj_unit *u = F->u;
    LLVMValueRef body = u->bodies[F->fi];
    F->fn = u->fns[F->fi];
    F->cx = LLVMGetParam(F->fn, 0);
    F->fp = LLVMGetParam(F->fn, 2);
    LLVMPositionBuilderAtEnd(u->B, LLVMAppendBasicBlockInContext(u->C, F->fn, "entry"));
    LLVMValueRef *args = u->args;
    args[0] = F->cx;
    args[1] = LLVMGetParam(F->fn, 1);
    args[2] = F->fp;
    unsigned w = fuel_words(u);
    if (w) args[3] = load_field(F, u->i64, F->cx, offsetof(wx_ncx, fuel));
    for (uint32_t i = 0; i < F->f->param_slots; i++)
        args[3 + w + i] = LLVMBuildLoad2(u->B, u->i64, fp_at(F, i), "");
    LLVMValueRef r = call(F, body, args, 3 + w + F->f->param_slots);
    LLVMSetInstructionCallConv(r, LLVMFastCallConv);
    for (uint32_t i = 0; i < F->f->result_slots; i++)
        LLVMBuildStore(u->B, LLVMBuildExtractValue(u->B, r, w + i, ""), fp_at(F, i));
    if (w) store_field(F, LLVMBuildExtractValue(u->B, r, 0, ""), F->cx, offsetof(wx_ncx, fuel));
    LLVMBuildRetVoid(u->B);
}

bool wj_emit_function(wj_unit *u, uint32_t fi, char **error)
{
    const wc_func *f = &u->mod->funcs[fi];
    const wc_code *k = u->lowered[fi];
    wj_fn F = {.u = u,
               .f = f,
               .k = k,
               .fi = fi,
               .self = u->m->nfunc_imports + fi,
               .fn = u->bodies[fi] ? u->bodies[fi] : u->fns[fi],
               .body = u->bodies[fi] != NULL};
    wj_checks checks;
    bool checks_ok = wj_checks_init(&checks, k->frame_slots, k->ncells);
    F.checks = &checks;
    wi_op *ops = malloc((k->ncells + 1) * sizeof *ops);
    F.at = calloc(k->ncells + 1, sizeof *F.at);
    F.header = calloc(k->ncells + 1, sizeof *F.header);
    bool ok = false;
    if (!ops || !F.at || !F.header || !checks_ok)
        *error = strdup("out of memory");
    else if (!scan(&F, ops))
        *error = strdup("lowered code this tier cannot read");
    else if (!(F.code = code_constant(&F, ops)))
        *error = strdup("out of memory");
    else
        ok = build(&F, ops, false, error);
    if (ok && F.body) build_entry(&F);
    /* The auto tier's loop entry (llvm/unit.h): a function of its own, so that the call's entry
     * keeps loops only it enters, which LLVM optimises better. Its blocks are made again; the
     * code before the first loop, which no loop reaches, goes away. */
    if (ok && u->loop_entries && F.nheaders) {
        char name[32];
        snprintf(name, sizeof name, "l%u", fi);
        u->loop_fns[fi] = LLVMAddFunction(u->M, name, u->loop_type);
        memset(F.at, 0, (k->ncells + 1) * sizeof *F.at);
        memset(F.header, 0, (k->ncells + 1) * sizeof *F.header);
        wj_fn L = {.u = u,
                   .f = f,
                   .k = k,
                   .fi = fi,
                   .self = F.self,
                   .fn = u->loop_fns[fi],
                   .at = F.at,
                   .header = F.header,
                   .code = F.code,
                   .checks = &checks};
        wj_checks_reset(&checks);
        ok = scan(&L, ops) ? build(&L, ops, true, error)
                           : (*error = strdup("lowered code this tier cannot read"), false);
    }
    free(ops);
    free(F.at);
    free(F.header);
    wj_checks_free(&checks);
    return ok;
}
