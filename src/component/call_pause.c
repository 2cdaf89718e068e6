/* A component's exported function as a call that pauses (warden_component_call_*): the arguments
 * are lowered when it is made, the core call runs under warden_call_resume, and the result is
 * lifted and post-return run when the host takes it. */
#include <stdlib.h>

#include "instance.h"

struct warden_component_call {
    warden_store_t *store;
    warden_component_func_t *func;
    warden_call_t *core;
    wm_abi abi;
    bool ended;         /* the result was taken, or the end was dealt with */
    uint32_t lent_mark; /* the instance's stack of lent handles when the call was made */
};

/* The instance is free again; a trapped call poisons it. Once the store is deleted, the
 * instance is gone with it. */
static void end(warden_component_call_t *c, bool trapped)
{
    if (c->ended) return;
    c->ended = true;
    if (!warden_call_store(c->core)) return;
    wm_resources_release(c->func->inst, c->lent_mark);
    c->func->inst->may_enter = true;
    if (trapped) c->func->inst->poisoned = true;
}

warden_error_t *warden_component_call_new(warden_store_t *store, warden_component_func_t *func,
                                          const warden_component_val_t *args, size_t nargs,
                                          warden_component_call_t **out, warden_trap_t **trap)
{
    static const char what[] = "warden_component_call_new";
    if (!out || !trap) return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: NULL argument", what);
    *out = NULL;
    *trap = NULL;
    warden_error_t *e = wm_check_call(what, store, func, args, nargs);
    if (e) return e;
    if (func->callback || func->async_callback)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "%s: the function is the host's: call it with "
                                "warden_component_func_call",
                                what);
    wm_instance *inst = func->inst;
    if (!wm_enter(inst, trap)) {
        warden_trap_push_frame(*trap, WARDEN_TRAP_FRAME_COMPONENT, func->name);
        return NULL;
    }
    warden_component_call_t *c = calloc(1, sizeof *c);
    if (!c) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    c->store = store;
    c->func = func;
    wm_abi_for_func(&c->abi, store, func, false);
    warden_val_t core_args[WM_MAX_FLAT_PARAMS + 1];
    inst->may_enter = false;
    c->lent_mark = inst->nlent_res;
    if (!wm_lower_args(&c->abi, func->type, args, core_args, trap)) {
        wm_resources_release(inst, c->lent_mark);
        inst->may_enter = true;
        inst->poisoned = true;
        free(c);
        warden_trap_push_frame(*trap, WARDEN_TRAP_FRAME_COMPONENT, func->name);
        return NULL;
    }
    e = warden_call_new(store, func->core, core_args, warden_func_type(func->core)->nparams,
                        &c->core);
    if (e) {
        wm_resources_release(inst, c->lent_mark);
        inst->may_enter = true;
        free(c);
        return e;
    }
    *out = c;
    return NULL;
}

warden_call_t *warden_component_call_core(warden_component_call_t *call)
{
    return call ? call->core : NULL;
}

warden_error_t *warden_component_call_results(warden_component_call_t *call,
                                              warden_component_val_t *results, size_t nresults,
                                              warden_trap_t **trap)
{
    static const char what[] = "warden_component_call_results";
    if (!call || !trap) return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: NULL argument", what);
    *trap = NULL;
    warden_call_status_t status = warden_call_status(call->core);
    if (status == WARDEN_CALL_TRAPPED) {
        end(call, true);
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "%s: the call trapped (warden_call_trap tells how)", what);
    }
    if (status != WARDEN_CALL_DONE)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: the call has not finished", what);
    if (call->ended)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: the result was taken already", what);
    warden_error_t *e = wm_check_results(what, call->func, results, nresults);
    if (e) return e;
    size_t ncore = warden_func_type(call->func->core)->nresults;
    warden_val_t core_res[2];
    e = warden_call_results(call->core, core_res, ncore);
    if (e) return e;
    bool ok = wm_finish(call->store, call->func, &call->abi, core_res, ncore,
                        nresults ? results : NULL, trap);
    if (!ok) warden_trap_push_frame(*trap, WARDEN_TRAP_FRAME_COMPONENT, call->func->name);
    end(call, !ok);
    return NULL;
}

void warden_component_call_delete(warden_component_call_t *call)
{
    if (!call) return;
    if (!call->ended && warden_call_status(call->core) == WARDEN_CALL_DONE) {
        /* Finished, its result never taken: post-return still runs. */
        warden_component_func_t *f = call->func;
        size_t ncore = warden_func_type(f->core)->nresults;
        warden_val_t core_res[2];
        warden_trap_t *trap = NULL;
        bool ok = warden_call_results(call->core, core_res, ncore) == NULL;
        if (ok && f->post_return) {
            f->inst->may_leave = false;
            warden_error_t *e =
                warden_func_call(call->store, f->post_return, core_res, ncore, NULL, 0, &trap);
            f->inst->may_leave = true;
            ok = !e && !trap;
            warden_error_delete(e);
            warden_trap_delete(trap);
        }
        end(call, !ok);
    } else if (!call->ended) {
        /* Unfinished or trapped: the instance is poisoned, as by a trap. */
        warden_call_cancel(call->core);
        end(call, true);
    }
    warden_call_delete(call->core);
    free(call);
}
