/* Deadlines (counted in engine epochs) and interrupts: both raise the store's `poll` flag, which
 * the interpreter's check site tests. */
#include <stdlib.h>

#include "runtime/objects.h"

struct warden_interrupt {
    warden_store_t *store;
};

void wr_store_unlist_deadline(warden_store_t *s)
{
    warden_engine_t *e = s->engine;
    pthread_mutex_lock(&e->lock);
    if (s->deadline_listed) {
        for (warden_store_t **p = &e->deadline_stores; *p; p = &(*p)->next_deadline) {
            if (*p == s) {
                *p = s->next_deadline;
                break;
            }
        }
        s->deadline_listed = false;
    }
    pthread_mutex_unlock(&e->lock);
}

void warden_store_set_deadline(warden_store_t *s, uint64_t ticks)
{
    if (!s) return;
    warden_engine_t *e = s->engine;
    pthread_mutex_lock(&e->lock);
    if (ticks == 0) {
        atomic_store(&s->deadline, 0);
    } else {
        uint64_t now = atomic_load(&e->epoch);
        uint64_t d = now + ticks < now ? UINT64_MAX : now + ticks;
        atomic_store(&s->deadline, d);
        if (!s->deadline_listed) {
            s->next_deadline = e->deadline_stores;
            e->deadline_stores = s;
            s->deadline_listed = true;
        }
    }
    /* A flag raised for an earlier deadline stays: the check site's slow path finds it stale
     * and clears it, while an interrupt raised meanwhile is not lost. */
    pthread_mutex_unlock(&e->lock);
    if (ticks) wr_engine_start_ticker(e);
}

warden_error_t *warden_interrupt_new(warden_store_t *s, warden_interrupt_t **out)
{
    if (!s || !out) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "interrupt: NULL argument");
    warden_interrupt_t *i = malloc(sizeof *i);
    if (!i) return wr_error_oom();
    i->store = s;
    *out = i;
    return NULL;
}

void warden_interrupt_raise(warden_interrupt_t *i)
{
    if (!i) return;
    warden_store_t *s = i->store;
    uint64_t gen = atomic_load(&s->call_gen);
    if (!(gen & 1)) return; /* no call is running: nothing to stop, nothing to remember */
    atomic_store(&s->interrupt_gen, gen);
    atomic_store(&s->poll, 1);
}

void warden_interrupt_delete(warden_interrupt_t *i) { free(i); }
