/* The check sites' slow path: runs only when fuel went negative (out of fuel, or a fuel slice's
 * share used up) or `poll` was raised. */
#include <stdatomic.h>

#include "exec/exec.h"
#include "object/objects.h"

warden_trap_kind_t wx_check_slow(warden_store_t *S, int64_t fuel)
{
    if (fuel < 0) return WARDEN_TRAP_OUT_OF_FUEL;
    /* Clear first, then look: a request raised after this sets poll again. */
    if (!wo_take_poll(S)) return 0;
    if (atomic_load(&S->interrupt_gen) == atomic_load(&S->call_gen)) {
        wo_raise_poll(S); /* every enclosing guest frame stops too */
        return WARDEN_TRAP_INTERRUPTED;
    }
    uint64_t deadline = atomic_load(&S->deadline);
    if (deadline && atomic_load(&S->engine->epoch) >= deadline) {
        wo_raise_poll(S);
        return WARDEN_TRAP_DEADLINE;
    }
    /* A slice that is over (its fuel share used up, or its end epoch passed) seen outside the
     * outermost run's check sites: the request stays raised until one of them pauses the call.
     * A run nested in a host function leaves it to the warden_func_call that made it, which
     * raises it again once back in the outermost run (runtime/func.c). */
    uint64_t end = atomic_load_explicit(&S->slice_end, memory_order_relaxed);
    if (end && atomic_load(&S->engine->epoch) >= end) S->slice_over = true;
    if (S->slice_over && S->host_depth == 1) wo_raise_poll(S);
    return 0; /* otherwise a stale request: an interrupt aimed at an earlier call */
}

int64_t wx_refuel(warden_store_t *S, int64_t fuel)
{
    if (fuel >= 0 || !S->fuel_hold) return fuel;
    fuel += S->fuel_hold;
    S->fuel_hold = 0;
    S->slice_over = true;
    wo_raise_poll(S); /* the next check site comes to the slow path and pauses */
    return fuel;
}

int wx_check_site(warden_store_t *S, int64_t fuel)
{
    warden_trap_kind_t k = wx_check_slow(S, fuel);
    if (k) return (int)k;
    if (S->host_depth != 1) return 0; /* a nested run cannot pause: the outermost one will */
    if (S->slice_over) return WX_CHECK_YIELD;
    uint64_t end = atomic_load_explicit(&S->slice_end, memory_order_relaxed);
    if (end && atomic_load(&S->engine->epoch) >= end) return WX_CHECK_YIELD;
    return 0;
}
