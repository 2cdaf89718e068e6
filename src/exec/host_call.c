/* Calling a host function from the guest: slots become warden_val_t arguments and back. */
#include <stdlib.h>

#include "exec/exec.h"
#include "exec/trap.h"
#include "object/objects.h"

#define WX_HOST_INLINE_VALS 16

void wx_host_args(const wo_type *t, const uint64_t *slots, warden_val_t *args)
{
    const uint64_t *p = slots;
    for (uint32_t i = 0; i < t->pub.nparams; i++) {
        wo_slots_to_val(p, t->pub.params[i], &args[i]);
        p += wd_slots(t->pub.params[i]);
        /* The host may keep a function it is given: its instance must then outlive even a
         * failed instantiation. */
        if (args[i].kind == WARDEN_FUNCREF && args[i].of.funcref && args[i].of.funcref->inst)
            args[i].of.funcref->inst->escaped = true;
    }
}

warden_trap_t *wx_host_results(warden_store_t *s, const wo_type *t, const warden_val_t *results,
                               size_t n, uint64_t *slots)
{
    if (n != t->pub.nresults)
        return warden_trap_new("host function returned a wrong number of results");
    for (uint32_t i = 0; i < t->pub.nresults; i++) {
        if (results[i].kind != t->pub.results[i])
            return warden_trap_new("host function returned a value of the wrong type");
        if (results[i].kind == WARDEN_FUNCREF && results[i].of.funcref &&
            results[i].of.funcref->store != s)
            return warden_trap_new("host function returned a function of another store");
    }
    uint64_t *q = slots;
    for (uint32_t i = 0; i < t->pub.nresults; i++) {
        wo_val_to_slots(&results[i], q);
        q += wd_slots(t->pub.results[i]);
    }
    return NULL;
}

warden_trap_t *wx_call_host(warden_store_t *s, warden_instance_t *caller_inst, warden_func_t *f,
                            uint64_t *slots)
{
    const wo_type *t = f->type;
    uint32_t np = t->pub.nparams, nr = t->pub.nresults;
    warden_val_t inline_vals[WX_HOST_INLINE_VALS];
    warden_val_t *vals = inline_vals;
    if ((size_t)np + nr > WX_HOST_INLINE_VALS) {
        vals = malloc(((size_t)np + nr) * sizeof *vals);
        if (!vals) return warden_trap_new("out of memory calling a host function");
    }
    warden_val_t *args = vals, *results = vals + np;
    wx_host_args(t, slots, args);
    for (uint32_t i = 0; i < nr; i++)
        wo_slots_to_val((const uint64_t[2]){0, 0}, t->pub.results[i], &results[i]);

    /* Guest frames above the arguments are dead during the host call: a re-entrant call from
     * the host starts right above them. */
    uint32_t used = t->param_slots > t->result_slots ? t->param_slots : t->result_slots;
    uint64_t *saved_top = s->stack_top;
    s->stack_top = slots + used;
    warden_caller_t caller = {s, caller_inst};
    warden_trap_t *trap = f->host(f->env, &caller, args, np, results, nr);
    s->stack_top = saved_top;

    if (!trap) trap = wx_host_results(s, t, results, nr, slots);
    if (vals != inline_vals) free(vals);
    return trap;
}
