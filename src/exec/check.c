/* The check site's slow path: runs only when fuel went negative or `poll` was raised. */
#include <stdatomic.h>

#include "exec/exec.h"
#include "object/objects.h"

warden_trap_kind_t wx_check_slow(warden_store_t *S, int64_t fuel)
{
    if (fuel < 0) return WARDEN_TRAP_OUT_OF_FUEL;
    /* Clear first, then look: a request raised after this exchange sets poll again. */
    if (!atomic_exchange(&S->poll, 0)) return 0;
    if (atomic_load(&S->interrupt_gen) == atomic_load(&S->call_gen)) {
        atomic_store(&S->poll, 1); /* every enclosing guest frame stops too */
        return WARDEN_TRAP_INTERRUPTED;
    }
    uint64_t deadline = atomic_load(&S->deadline);
    if (deadline && atomic_load(&S->engine->epoch) >= deadline) {
        atomic_store(&S->poll, 1);
        return WARDEN_TRAP_DEADLINE;
    }
    return 0; /* a stale request: an interrupt aimed at an earlier call */
}
