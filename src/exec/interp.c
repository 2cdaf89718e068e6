/* The interpreter loop.
 *
 * Runs lowered code (src/compile/code.h, instructions of src/isa/ops.h). Handlers are dispatched
 * by direct threading (each instruction's first cell holds its handler's address; `goto
 * *pc->handler`) where the compiler supports computed goto, and by a `switch` otherwise
 * (exec/dispatch.h). The hot state — the registers of exec/dispatch.h — lives in run()'s locals.
 * Calls and returns never recurse in C: activations are records on the store's frame stack and
 * frames overlap on its slot stack.
 *
 * This file holds run(): its registers, the label table, the control handlers (branches, calls,
 * returns, copies, constants, globals), the call sequence and the trap exit. The other handlers
 * are in handlers_memory.inc, handlers_numeric.inc and handlers_simd.inc, included in its body. */
#include <stdatomic.h>
#include <string.h>

#include "exec/bulk.h"
#include "exec/exec.h"
#include "exec/native.h"
#include "exec/numerics.h"
#include "isa/ops.h"
#include "exec/simd.h"
#include "exec/trap.h"
#include "object/objects.h"

#include "exec/dispatch.h"

/* The callee of a run that goes on with a paused call: it returns into the frame the call stood
 * in, as if from a host call, through the code that ends every host call. Entering the loop
 * through do_call alone keeps the compiler's register assignment of the handlers as it was. */
static const warden_func_t resume_marker;
/* The same for a call paused inside compiled code (exec/native.c): it goes on on the fiber. */
static const warden_func_t native_resume_marker;

static warden_trap_t *run(warden_store_t *S, wx_regs *regs, const void *const **table_out)
{
    /* The handler table: made by the compiler, once, from the instruction rows. A label's
     * address exists only inside its function, so run() is also the table's getter. The exit
     * cell, where the outermost call returns to, is constant data too: nothing of a call's state
     * lives on the C stack but these registers. */
#ifdef WX_THREADED
#define WX_LABEL(name, layout, from) &&L_##name,
    static const void *const labels[WI_OP_COUNT] = {WI_ALL_OPS(WX_LABEL)};
#undef WX_LABEL
    static const wi_cell exit_code[1] = {{.handler = &&L_EXIT}};
    if (table_out) {
        *table_out = labels;
        return NULL;
    }
#else
    static const wi_cell exit_code[1] = {{.op = WI_EXIT}};
    if (table_out) {
        *table_out = NULL;
        return NULL;
    }
#endif
    /* Every run starts from `regs`: a new one calls regs->entry with its arguments at regs->fp;
     * one that goes on with a paused call returns into the frame it stood in, as if from the host
     * call it stood at (or a host call in the check site's place): one way into the loop for
     * both. A pausable run (the outermost run of a call) may stop at a check site when its slice
     * is over, or at an async host call; regs->outcome then says which (its caller set it to
     * WX_DONE). */
    const size_t frame_base = regs->frame_base;
    const uint64_t *const stack_end = S->stack_end;
    warden_trap_kind_t kind = WARDEN_TRAP_UNREACHABLE;
    warden_trap_t *host_trap = NULL;
    int64_t fuel = S->fuel;
#ifdef WARDEN_HAVE_LLVM
    uint64_t ticks = S->tier_up_countdown;
#endif

    const wi_cell *pc = exit_code;
    uint64_t *fp = regs->fp;
    /* A call paused in compiled code goes on in the frame that called into it. */
    warden_func_t *func = regs->native ? regs->native_caller : regs->func;
    warden_instance_t *inst = func ? func->inst : NULL;
    uint8_t *mem = NULL;
    uint64_t msize = 0;

    /* The call being made: target, its frame and where to continue afterwards (a NULL pc is the
     * exit cell). */
    warden_func_t *callee = regs->entry    ? regs->entry
                            : regs->native ? (warden_func_t *)&native_resume_marker
                                           : (warden_func_t *)&resume_marker;
    uint64_t *newfp = fp;
    const wi_cell *ret = regs->pc ? regs->pc : exit_code;
    int native = 0; /* the outcome of a call into compiled code */
    warden_func_t *native_at = NULL;
    /* That call was func's loop going on in compiled code. Set on every way into native_after,
     * so that it is not live across the dispatch loop (a register the handlers would lose). */
    bool native_loop;
    goto do_call;

#ifndef WX_THREADED
dispatch:
    switch ((wi_op)pc->op) {
#endif

        CASE(EXIT)
        {
            /* A call that overdrew its fuel since the last check site still fails: fuel is exact
             * per call. */
            CHECK_FUEL();
            S->fuel = fuel;
            S->frame_top = S->frames + frame_base;
            TIER_UP_SAVE();
            return NULL;
        }
        CASE(TRAP) TRAP((warden_trap_kind_t)pc[1].u64);
        CASE(FUEL)
        {
            fuel -= (int64_t)pc[1].u64;
            pc += WI_LEN_FUEL;
            NEXT();
        }
        CASE(BR)
        {
            JUMP(pc[1].u64);
            NEXT();
        }
        CASE(BR_IF)
        {
            if ((uint32_t)fp[A1])
                JUMP(U64_2);
            else
                pc += WI_LEN_BR_IF;
            NEXT();
        }
        CASE(BR_IF_NOT)
        {
            if (!(uint32_t)fp[A1])
                JUMP(U64_2);
            else
                pc += WI_LEN_BR_IF_NOT;
            NEXT();
        }
        CASE(BR_TABLE)
        {
            uint32_t i = (uint32_t)fp[A1];
            uint32_t n = B1;
            if (i > n) i = n;
            JUMP(pc[2 + i].u64);
            NEXT();
        }
        CASE(RETURN)
        {
            /* Fuel overdrawn since the last check site is caught before the frame goes, so the
             * trap names the function that ran out. */
            CHECK_FUEL();
        frame_return:;
            wo_frame *fr = --S->frame_top;
            pc = fr->ret_pc;
            fp = fr->ret_fp;
            func = fr->func;
            /* Within one instance the memory registers are already right (a memory.grow in the
             * callee reloaded them). */
            if (func && func->inst != inst) {
                inst = func->inst;
                LOAD_MEM();
            }
            NEXT();
        }
        CASE(CALL)
        {
            callee = inst->funcs[A1];
            newfp = fp + B1;
            ret = pc + WI_LEN_CALL;
            goto do_call;
        }
        CASE(CALL_INDIRECT)
        {
            warden_table_t *t = inst->tables[B1];
            uint32_t i = (uint32_t)fp[A2];
            if (UNLIKELY(i >= t->size)) TRAP(WARDEN_TRAP_UNDEFINED_ELEMENT);
            callee = (warden_func_t *)(uintptr_t)t->elems[i];
            if (UNLIKELY(!callee)) TRAP(WARDEN_TRAP_UNINITIALIZED_ELEMENT);
            if (UNLIKELY(callee->type != inst->types[A1]))
                TRAP(WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
            newfp = fp + B2;
            ret = pc + WI_LEN_CALL_INDIRECT;
            goto do_call;
        }
        CASE(COPY)
        {
            fp[A1] = fp[B1];
            pc += WI_LEN_COPY;
            NEXT();
        }
        CASE(COPY2)
        {
            fp[A1] = fp[B1];
            fp[A1 + 1] = fp[B1 + 1];
            pc += WI_LEN_COPY2;
            NEXT();
        }
        CASE(CONST)
        {
            fp[A1] = U64_2;
            pc += WI_LEN_CONST;
            NEXT();
        }
        CASE(SELECT)
        {
            fp[A1] = (uint32_t)fp[B2] ? fp[B1] : fp[A2];
            pc += WI_LEN_SELECT;
            NEXT();
        }
        CASE(SELECT2)
        {
            uint32_t src = (uint32_t)fp[B2] ? B1 : A2;
            uint64_t lo = fp[src], hi = fp[src + 1];
            fp[A1] = lo;
            fp[A1 + 1] = hi;
            pc += WI_LEN_SELECT2;
            NEXT();
        }
        CASE(GLOBAL_GET)
        {
            fp[A1] = inst->globals[B1]->val[0];
            pc += WI_LEN_GLOBAL_GET;
            NEXT();
        }
        CASE(GLOBAL_SET)
        {
            inst->globals[A1]->val[0] = fp[B1];
            pc += WI_LEN_GLOBAL_SET;
            NEXT();
        }
        CASE(GLOBAL_GET2)
        {
            fp[A1] = inst->globals[B1]->val[0];
            fp[A1 + 1] = inst->globals[B1]->val[1];
            pc += WI_LEN_GLOBAL_GET2;
            NEXT();
        }
        CASE(GLOBAL_SET2)
        {
            inst->globals[A1]->val[0] = fp[B1];
            inst->globals[A1]->val[1] = fp[B1 + 1];
            pc += WI_LEN_GLOBAL_SET2;
            NEXT();
        }

        /* Memory, tables and references; numeric operators; SIMD. */
#include "exec/handlers_memory.inc"
#include "exec/handlers_numeric.inc"
#include "exec/handlers_simd.inc"
#ifndef WX_THREADED
    case WI_OP_COUNT: break;
    }
    TRAP(WARDEN_TRAP_UNREACHABLE); /* not reached: every op has a case */
#endif

do_call:
    if (!callee->code) {
        if (UNLIKELY(callee == &native_resume_marker)) {
            /* Goes on with the call paused in compiled code, in the frame that called into it. */
            S->regs->native = false;
            native_loop = S->regs->native_loop;
            if (inst) LOAD_MEM();
            native = wx_native_resume(S, &host_trap, &native_at);
            goto native_after;
        }
        /* A host function. Its check site only stops: a slice ends at the guest's next one. */
        CHECK_STOP();
        if (UNLIKELY(callee == &resume_marker)) goto host_return;
        S->fuel = fuel;
        if (UNLIKELY(callee->async_host != NULL)) {
            /* Only the outermost run pauses; `regs` is not kept live through the loop. */
            wx_regs *pr = S->host_depth == 1 ? S->regs : NULL;
            int pending = wx_call_async(S, inst, callee, newfp, pr, &host_trap);
            fuel = S->fuel;
            if (host_trap) goto trap;
            if (pending) {
                wx_regs *regs = pr;
                regs->pc = ret == exit_code ? NULL : ret;
                regs->fp = fp;
                regs->func = func;
                regs->frame_base = frame_base;
                regs->host = callee;
                regs->host_slots = newfp;
                regs->outcome = WX_PENDING;
                TIER_UP_SAVE();
                return NULL;
            }
        } else {
            host_trap = wx_call_host(S, inst, callee, newfp);
            fuel = S->fuel;
            if (host_trap) goto trap;
        }
    host_return:
        pc = ret;
        if (inst) LOAD_MEM();
        NEXT();
    }
    {
        const wc_func *c = callee->code;
        const wc_code *k = atomic_load_explicit(&c->lowered, memory_order_acquire);
        /* Set at creation in the llvm tier; in the auto tier, by the thread that compiled the
         * module, while this one runs (compile/code.h). */
        void *native = atomic_load_explicit(&c->native, memory_order_acquire);
        uint32_t frame_slots;
        if (UNLIKELY(!k)) {
            if (native) {
                /* Compiled code that was never lowered: a module linked from the code cache. */
                frame_slots = c->frame_slots;
            } else if (atomic_load_explicit(&callee->inst->module->jit, memory_order_acquire)) {
                /* A module linked part by part (its code found at creation, or compiled at
                 * first calls): the first call links the callee's part (exec/lazy.c). Its
                 * functions are never lowered for the interpreter, so this is the one way they
                 * get here without code. */
                native = wx_compile_callee(callee, &host_trap);
                if (!native) goto trap;
                frame_slots = c->frame_slots;
            } else {
                /* The first call lowers the function (exec/lazy.c); it fails only out of memory. */
                k = wx_lower_callee(callee, &host_trap);
                if (!k) goto trap;
                frame_slots = k->frame_slots;
            }
        } else {
            frame_slots = k->frame_slots;
        }
        if (UNLIKELY(S->frame_top == S->frames_end || newfp + frame_slots > stack_end))
            TRAP(WARDEN_TRAP_STACK_EXHAUSTED);
        wo_frame *fr = S->frame_top++;
        fr->ret_pc = ret;
        fr->ret_fp = fp;
        fr->func = func;
        if (UNLIKELY(native != NULL)) goto native_call;
        TIER_UP_TICK(callee);
        for (uint32_t i = c->param_slots; i < c->local_slots; i++) newfp[i] = 0;
        fp = newfp;
        func = callee;
        pc = k->cells;
        if (func->inst != inst) {
            inst = func->inst;
            LOAD_MEM();
        }
        /* The entry check runs once the frame is pushed, so a guest stopped on entry (a deadline
         * that passed before the first call, say) is named in the backtrace. */
        CHECK_SITE();
        NEXT();
    }

native_call:
    /* Compiled code (exec/native.h): it runs to its end, or traps with its frame records still
     * on the store's frame stack (for the backtrace), or pauses on the store's fiber. */
    S->fuel = fuel;
    native_loop = false;
    native = wx_native_enter(S, callee, newfp, 0, &host_trap, &native_at);
    goto native_after;

#ifdef WARDEN_HAVE_LLVM
tier_up_at_loop:
    /* The countdown ran out at a back-edge (exec/dispatch.h TIER_UP_LOOP), pc at the loop's
     * header, the check site passed. */
    S->engine->tier_up(S, func);
    ticks = S->tier_up_countdown;
    if (!atomic_load_explicit(&func->code->loop_entry, memory_order_acquire)) NEXT();
    {
        /* func has a loop entry: its compiled code goes on from the loop's header in this frame
         * (exec/native.h), and returns for func. */
        const wc_code *k = atomic_load_explicit(&func->code->lowered, memory_order_acquire);
        S->fuel = fuel;
        native_loop = true;
        native =
            wx_native_enter(S, func, fp, (uint32_t)(pc - k->cells) + 1, &host_trap, &native_at);
    }
#endif
native_after:
    fuel = S->fuel;
    if (UNLIKELY(native == WX_NATIVE_PAUSED)) {
        /* The call into compiled code returns to `ret` once the fiber finishes. */
        wx_regs *regs = S->regs;
        wx_native_paused(S, regs);
        regs->native = true;
        regs->native_loop = native_loop;
        regs->native_caller = func;
        regs->pc = ret == exit_code ? NULL : ret;
        regs->fp = fp;
        regs->frame_base = frame_base;
        TIER_UP_SAVE();
        return NULL;
    }
    if (UNLIKELY(native)) {
        func = native_at;
        TRAP((warden_trap_kind_t)native);
    }
    if (native_loop) {
        /* func returned from compiled code, its results in fp[0..]; the memory may have grown. */
        native_loop = false;
        LOAD_MEM();
        goto frame_return;
    }
    S->frame_top--;
    pc = ret;
    if (inst) LOAD_MEM();
    NEXT();

yield: {
    /* At a check site, with pc at the next instruction to run: the slice is over (only in the
     * outermost run, wx_check_site). */
    wx_regs *regs = S->regs;
    regs->pc = pc;
    regs->fp = fp;
    regs->func = func;
    regs->frame_base = frame_base;
    regs->host = NULL;
    regs->outcome = WX_YIELDED;
    S->fuel = fuel;
    TIER_UP_SAVE();
    return NULL;
}

trap: {
    warden_trap_t *t = host_trap ? host_trap : wx_trap_new_kind(kind);
    wx_trap_unwind(t, func, S->frames + frame_base, wo_frames_used(S) - frame_base);
    /* Overdrawn fuel is not owed: the next call starts from zero, not below. */
    fuel = wx_refuel(S, fuel);
    S->fuel = fuel < 0 ? 0 : fuel;
    S->frame_top = S->frames + frame_base;
    TIER_UP_SAVE();
    return t;
}
}

const void *const *wx_handlers(void)
{
    const void *const *table = NULL;
    run(NULL, NULL, &table);
    return table;
}

warden_trap_t *wx_run(warden_store_t *store, warden_func_t *func, uint64_t *slots)
{
    wx_regs r = {.entry = func, .fp = slots, .frame_base = wo_frames_used(store)};
    return run(store, &r, NULL);
}

warden_trap_t *wx_run_on_fiber(warden_store_t *store, wx_regs *regs)
{
    return run(store, regs, NULL);
}

wx_outcome wx_start(warden_store_t *store, warden_func_t *func, uint64_t *slots, wx_regs *regs,
                    warden_trap_t **trap)
{
    regs->entry = func;
    regs->fp = slots;
    regs->func = NULL;
    regs->pc = NULL;
    regs->frame_base = wo_frames_used(store);
    regs->outcome = WX_DONE;
    regs->native = false;
    regs->native_loop = false;
    store->regs = regs;
    *trap = run(store, regs, NULL);
    regs->entry = NULL;
    return *trap ? WX_TRAPPED : regs->outcome;
}

wx_outcome wx_resume(warden_store_t *store, wx_regs *regs, warden_trap_t **trap)
{
    regs->outcome = WX_DONE;
    store->regs = regs;
    *trap = run(store, regs, NULL);
    return *trap ? WX_TRAPPED : regs->outcome;
}

warden_trap_t *wx_end_paused(warden_store_t *store, wx_regs *regs, warden_trap_t *t)
{
    if (regs->native) {
        wx_native_abandon(store);
        regs->native = false;
    }
    wx_trap_unwind(t, regs->func, store->frames + regs->frame_base,
                   wo_frames_used(store) - regs->frame_base);
    store->frame_top = store->frames + regs->frame_base;
    return t;
}
