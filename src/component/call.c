/* Calls across the component boundary: into a lifted export (lower the arguments, run the core
 * function, lift the result, run post-return) and out of a lowered import (lift the arguments,
 * call the callee, lower the result). CanonicalABI.md, "canon lift" and "canon lower". */
#include <stdlib.h>
#include <string.h>

#include "instance.h"

struct warden_component_caller {
    warden_store_t *store;
    const warden_component_functype_t *type;
};

warden_store_t *warden_component_caller_store(warden_component_caller_t *caller)
{
    return caller ? caller->store : NULL;
}

const warden_component_functype_t *warden_component_caller_type(warden_component_caller_t *caller)
{
    return caller ? caller->type : NULL;
}

static bool trap_with(warden_trap_t **trap, const char *msg)
{
    *trap = warden_trap_new(msg);
    return false;
}

static void abi_for(wm_abi *abi, warden_store_t *store, wm_instance *inst, warden_memory_t *mem,
                    warden_func_t *realloc, wm_encoding enc)
{
    memset(abi, 0, sizeof *abi);
    abi->store = store;
    abi->memory = mem;
    abi->realloc = realloc;
    abi->encoding = enc;
    warden_store_limits_t limits;
    warden_store_get_limits(store, &limits);
    abi->lift_limit = limits.max_memory_bytes ? limits.max_memory_bytes : WM_DEFAULT_LIFT_LIMIT;
    if (inst) wm_abi_handles(abi, inst);
}

/* Calls a host function with lifted arguments. */
static bool call_host(warden_component_func_t *f, const warden_component_val_t *args,
                      warden_component_val_t *result, warden_trap_t **trap)
{
    warden_component_caller_t caller = {f->store, f->type};
    size_t nres = f->type->result ? 1 : 0;
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *t = f->callback(f->env, &caller, args, f->type->nparams, &res, nres);
    if (t) {
        warden_component_val_delete(&res);
        *trap = t;
        return false;
    }
    if (nres) {
        const char *why = wm_val_check(f->type->result, &res);
        if (why) {
            warden_component_val_delete(&res);
            return trap_with(trap, "host function returned a value that does not match its "
                                   "type");
        }
        *result = res;
    }
    return true;
}

bool wm_enter(wm_instance *inst, warden_trap_t **trap)
{
    if (inst->poisoned)
        return trap_with(trap, "cannot enter component instance: it trapped before");
    if (!inst->may_enter) return trap_with(trap, "cannot enter component instance");
    return true;
}

void wm_abi_for_func(wm_abi *abi, warden_store_t *store, warden_component_func_t *f, bool fused)
{
    abi_for(abi, store, f->inst, f->memory, f->realloc, f->encoding);
    abi->fused = fused;
}

bool wm_finish(warden_store_t *store, warden_component_func_t *f, wm_abi *abi,
               const warden_val_t *core_res, size_t ncore, warden_component_val_t *result,
               warden_trap_t **trap)
{
    wm_instance *inst = f->inst;
    bool ok = true;
    if (f->type->result) ok = wm_lift_result(abi, f->type, core_res, ncore, result, trap);
    if (ok && inst->num_borrows) {
        /* The reference's task.return: every borrow lent to the call must have been dropped. */
        *trap = warden_trap_new("borrow handles still remain at the end of the call");
        if (result) warden_component_val_delete(result);
        ok = false;
    }
    if (ok && f->post_return) {
        inst->may_leave = false;
        warden_error_t *e = warden_func_call(store, f->post_return, core_res, ncore, NULL, 0, trap);
        inst->may_leave = true;
        if (e) {
            *trap = warden_trap_new(warden_error_message(e));
            warden_error_delete(e);
        }
        if (*trap) {
            ok = false;
            if (result) warden_component_val_delete(result);
        }
    }
    return ok;
}

static bool call_host_async(warden_store_t *store, warden_component_func_t *f,
                            const warden_component_val_t *args, warden_component_val_t *result,
                            warden_trap_t **trap);

bool wm_call(warden_store_t *store, warden_component_func_t *f, const warden_component_val_t *args,
             warden_component_val_t *result, bool fused, warden_trap_t **trap)
{
    if (f->callback) return call_host(f, args, result, trap);
    if (f->async_callback) return call_host_async(store, f, args, result, trap);
    wm_instance *inst = f->inst;
    if (!wm_enter(inst, trap)) {
        warden_trap_push_frame(*trap, WARDEN_TRAP_FRAME_COMPONENT, f->name);
        return false;
    }
    const warden_functype_t *core_type = warden_func_type(f->core);
    warden_val_t core_args[WM_MAX_FLAT_PARAMS + 1];
    warden_val_t core_res[2];
    wm_abi abi;
    wm_abi_for_func(&abi, store, f, fused);
    inst->may_enter = false;
    uint32_t lent_mark = inst->nlent_res;
    bool ok = wm_lower_args(&abi, f->type, args, core_args, trap);
    if (ok) {
        warden_error_t *e = warden_func_call(store, f->core, core_args, core_type->nparams,
                                             core_res, core_type->nresults, trap);
        if (e) {
            /* The store refused the call (another call is paused, a wrong thread...). */
            *trap = warden_trap_new(warden_error_message(e));
            warden_error_delete(e);
            ok = false;
        } else {
            ok = *trap == NULL;
        }
    }
    if (ok) ok = wm_finish(store, f, &abi, core_res, core_type->nresults, result, trap);
    wm_resources_release(inst, lent_mark);
    inst->may_enter = true;
    if (!ok) {
        inst->poisoned = true;
        warden_trap_push_frame(*trap, WARDEN_TRAP_FRAME_COMPONENT, f->name);
    }
    return ok;
}

/* The arguments of a lowered import's call, lifted from the guest (at most 8 kept inline). */
typedef struct wm_lifted {
    wm_abi abi;
    warden_component_val_t inline_vals[8];
    warden_component_val_t *vals;
    uint32_t lent_mark; /* the instance's stack of lent handles before the lift */
    warden_component_resource_t *borrow_mark; /* the tree's live borrows before the lift */
} wm_lifted;

/* Lifts the core arguments of a call of `l` into x; returns NULL, or the trap that ends the call
 * (x is then given up already). */
static warden_trap_t *lift_in(wm_lowering *l, const warden_val_t *args, size_t nargs, wm_lifted *x)
{
    if (!l->inst->may_leave) return warden_trap_new("cannot leave component instance");
    const warden_component_functype_t *ft = l->type;
    abi_for(&x->abi, l->store, l->inst, l->memory, l->realloc, l->encoding);
    /* Between two components both sides act as one fused adapter. */
    x->abi.fused = l->callee->callback == NULL && l->callee->async_callback == NULL;
    x->vals = x->inline_vals;
    if (ft->nparams > 8) {
        x->vals = calloc(ft->nparams, sizeof *x->vals);
        if (!x->vals) return warden_trap_new("out of host memory");
    }
    for (uint32_t i = 0; i < ft->nparams; i++) x->vals[i].kind = WARDEN_COMPONENT_BOOL;
    x->lent_mark = l->inst->nlent;
    x->borrow_mark = l->inst->top->live_borrows;
    warden_trap_t *trap = NULL;
    if (wm_lift_args(&x->abi, ft, args, nargs, x->vals, &trap)) return NULL;
    wm_handles_release(l->inst, x->lent_mark);
    wm_borrows_release(l->inst->top, x->borrow_mark);
    for (uint32_t i = 0; i < ft->nparams; i++) warden_component_val_delete(&x->vals[i]);
    if (x->vals != x->inline_vals) free(x->vals);
    return trap;
}

/* The call of `l` is over: the loans of its borrowed arguments end and the arguments go. */
static void lifted_end(wm_lowering *l, wm_lifted *x)
{
    wm_handles_release(l->inst, x->lent_mark);
    wm_borrows_release(l->inst->top, x->borrow_mark);
    for (uint32_t i = 0; i < l->type->nparams; i++) warden_component_val_delete(&x->vals[i]);
    if (x->vals != x->inline_vals) free(x->vals);
}

/* Lowers a call's result into the guest: flat into results, or at the return pointer, its last
 * core argument. */
static bool lower_out(wm_lowering *l, wm_abi *abi, warden_component_val_t *result,
                      const warden_val_t *args, size_t nargs, warden_val_t *results,
                      warden_trap_t **trap)
{
    const warden_component_functype_t *ft = l->type;
    uint32_t retptr = ft->result_in_memory ? (uint32_t)args[nargs - 1].of.i32 : 0;
    return wm_lower_result(abi, ft, result, retptr, results, trap);
}

warden_trap_t *wm_lowered_trampoline(void *env, warden_caller_t *caller, const warden_val_t *args,
                                     size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)nresults;
    wm_lowering *l = env;
    const warden_component_functype_t *ft = l->type;
    wm_lifted x;
    warden_trap_t *trap = lift_in(l, args, nargs, &x);
    if (trap) return trap;
    warden_component_val_t result = {.kind = WARDEN_COMPONENT_BOOL};
    bool ok = wm_call(l->store, l->callee, x.vals, ft->result ? &result : NULL, x.abi.fused, &trap);
    if (ok && ft->result) ok = lower_out(l, &x.abi, &result, args, nargs, results, &trap);
    lifted_end(l, &x);
    warden_component_val_delete(&result);
    return ok ? NULL : trap;
}

/* ---- async host functions ------------------------------------------------------------------ */

/* A lowered import's result, at the resume (or inside the callback): lowered into the guest, as
 * the sync trampoline lowers it (through the guest's realloc, handles into its table). */
static warden_trap_t *lowering_deliver(wm_async_sink *sink, warden_component_val_t *result,
                                       const warden_val_t *args, size_t nargs,
                                       warden_val_t *results)
{
    wm_lowering *l = (wm_lowering *)sink;
    if (!l->type->result) return NULL;
    wm_abi abi;
    abi_for(&abi, l->store, l->inst, l->memory, l->realloc, l->encoding);
    warden_trap_t *trap = NULL;
    return lower_out(l, &abi, result, args, nargs, results, &trap) ? NULL : trap;
}

void wm_lowering_async(wm_lowering *l)
{
    l->sink.type = l->callee->type;
    l->sink.deliver = lowering_deliver;
}

void wm_lowered_async(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                      warden_completion_t *completion)
{
    (void)caller;
    wm_lowering *l = env;
    wm_lifted x;
    warden_trap_t *trap = lift_in(l, args, nargs, &x);
    if (trap) {
        warden_completion_trap(completion, trap);
        return;
    }
    warden_completion_set_data(completion, &l->sink);
    warden_component_func_t *f = l->callee;
    warden_component_caller_t cc = {f->store, f->type};
    f->async_callback(f->env, &cc, x.vals, f->type->nparams, completion);
    /* The host had the arguments for the callback only: borrowed handles it was lent cannot be
     * used from another thread, so their loans end here even when the result comes later. */
    lifted_end(l, &x);
}

/* The result a host finished a completion with, until the step that delivers it runs. */
typedef struct wm_async_result {
    wm_async_sink *sink;
    warden_component_val_t result;
} wm_async_result;

static void async_result_free(void *env)
{
    wm_async_result *r = env;
    warden_component_val_delete(&r->result);
    free(r);
}

static warden_trap_t *async_result_step(void *env, warden_caller_t *caller,
                                        const warden_val_t *args, size_t nargs,
                                        warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)nresults;
    wm_async_result *r = env;
    const warden_component_type_t *want = r->sink->type->result;
    if (want && wm_val_check(want, &r->result))
        return warden_trap_new("host function returned a value that does not match its type");
    return r->sink->deliver(r->sink, &r->result, args, nargs, results);
}

void warden_component_completion_return(warden_completion_t *completion,
                                        warden_component_val_t *result)
{
    wm_async_sink *sink = warden_completion_data(completion);
    wm_async_result *r = sink ? malloc(sizeof *r) : NULL;
    if (!r) {
        if (result) warden_component_val_delete(result);
        warden_completion_trap(completion,
                               warden_trap_new(sink ? "out of host memory"
                                                    : "not the completion of a component's "
                                                      "async host function"));
        return;
    }
    r->sink = sink;
    r->result = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL};
    if (result) {
        r->result = *result;
        *result = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL};
    }
    warden_completion_return_with(completion, async_result_step, r, async_result_free);
}

/* The host's own call of an async host function (warden_component_func_call of an export that is
 * one): the callback gets its completion from a core async function without parameters or
 * results, the bridge, called with warden_func_call, which waits on this thread. */
typedef struct wm_host_wait {
    wm_async_sink sink;
    const warden_component_val_t *args;
    warden_component_val_t result;
    struct wm_host_wait *outer; /* a call of the same function waiting around this one */
} wm_host_wait;

static warden_trap_t *host_wait_deliver(wm_async_sink *sink, warden_component_val_t *result,
                                        const warden_val_t *args, size_t nargs,
                                        warden_val_t *results)
{
    (void)args, (void)nargs, (void)results;
    wm_host_wait *w = (wm_host_wait *)sink;
    w->result = *result;
    *result = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL};
    return NULL;
}

static void bridge_callback(void *env, warden_caller_t *caller, const warden_val_t *args,
                            size_t nargs, warden_completion_t *completion)
{
    (void)caller, (void)args, (void)nargs;
    warden_component_func_t *f = env;
    wm_host_wait *w = f->waiting;
    warden_completion_set_data(completion, &w->sink);
    warden_component_caller_t cc = {f->store, f->type};
    f->async_callback(f->env, &cc, w->args, f->type->nparams, completion);
}

static bool call_host_async(warden_store_t *store, warden_component_func_t *f,
                            const warden_component_val_t *args, warden_component_val_t *result,
                            warden_trap_t **trap)
{
    if (!f->bridge) {
        warden_functype_t *ft = NULL;
        warden_error_t *e = warden_functype_new(NULL, 0, NULL, 0, &ft);
        if (!e) e = warden_func_new_async(store, ft, bridge_callback, f, NULL, &f->bridge);
        warden_functype_delete(ft);
        if (e) {
            warden_error_delete(e);
            return trap_with(trap, "out of host memory");
        }
    }
    wm_host_wait w = {
        {f->type, host_wait_deliver}, args, {.kind = WARDEN_COMPONENT_BOOL}, f->waiting};
    f->waiting = &w;
    warden_error_t *e = warden_func_call(store, f->bridge, NULL, 0, NULL, 0, trap);
    f->waiting = w.outer;
    if (e) {
        *trap = warden_trap_new(warden_error_message(e));
        warden_error_delete(e);
    }
    if (*trap || !result) {
        warden_component_val_delete(&w.result);
        return *trap == NULL;
    }
    *result = w.result;
    return true;
}

/* ---- the public call ----------------------------------------------------------------------- */

warden_error_t *wm_check_call(const char *what, warden_store_t *store,
                              warden_component_func_t *func, const warden_component_val_t *args,
                              size_t nargs)
{
    if (!store || !func || (nargs && !args))
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: NULL argument", what);
    const warden_component_functype_t *ft = func->type;
    if (func->store != store)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: the function belongs to another store",
                                what);
    if (nargs != ft->nparams)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "%s: %zu arguments given, the function takes %u", what, nargs,
                                ft->nparams);
    for (uint32_t i = 0; i < ft->nparams; i++) {
        const char *why = wm_val_check(ft->params[i].type, &args[i]);
        if (why)
            return warden_error_new(WARDEN_ERROR_ARGUMENT, "argument %u (`%s`): %s", i,
                                    ft->params[i].name, why);
    }
    return NULL;
}

warden_error_t *wm_check_results(const char *what, const warden_component_func_t *func,
                                 warden_component_val_t *results, size_t nresults)
{
    const warden_component_functype_t *ft = func->type;
    if (nresults && !results)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: NULL argument", what);
    if (nresults != (ft->result ? 1u : 0u))
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "%s: room for %zu results given, the function returns %u", what,
                                nresults, ft->result ? 1u : 0u);
    for (size_t i = 0; i < nresults; i++)
        results[i] = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL};
    return NULL;
}

warden_error_t *warden_component_func_call(warden_store_t *store, warden_component_func_t *func,
                                           const warden_component_val_t *args, size_t nargs,
                                           warden_component_val_t *results, size_t nresults,
                                           warden_trap_t **trap)
{
    static const char what[] = "warden_component_func_call";
    if (!trap) return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: NULL argument", what);
    *trap = NULL;
    warden_error_t *e = wm_check_call(what, store, func, args, nargs);
    if (!e) e = wm_check_results(what, func, results, nresults);
    if (e) return e;
    wm_call(store, func, args, nresults ? results : NULL, false, trap);
    return NULL;
}

const warden_component_functype_t *warden_component_func_type(const warden_component_func_t *func)
{
    return func ? func->type : NULL;
}
