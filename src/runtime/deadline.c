/* Deadlines (counted in engine epochs), time slices and interrupts: all raise the store's `poll`
 * flag, which the interpreter's check site tests. */
#include <sched.h>
#include <stdlib.h>

#include "runtime/objects.h"

/* A handle reaches its store through the store's interrupt cell, which lives as long as the store
 * or any handle. Deleting the store clears `store` and then waits until no raise is between its
 * increment of `raising` and its decrement: a raise either sees the store alive for all its
 * stores, or sees NULL and does nothing. Everything here is an atomic, so raising stays
 * async-signal-safe. */
struct wr_interrupt_cell {
    _Atomic(warden_store_t *) store;
    _Atomic uint32_t raising; /* raises under way */
    _Atomic uint32_t refs;    /* the store (while alive) and every handle */
};

struct warden_interrupt {
    wr_interrupt_cell *cell;
};

static void cell_release(wr_interrupt_cell *c)
{
    if (c && atomic_fetch_sub(&c->refs, 1) == 1) free(c);
}

void wr_store_detach_interrupts(warden_store_t *s)
{
    wr_interrupt_cell *c = s->interrupts;
    if (!c) return;
    atomic_store(&c->store, NULL);
    while (atomic_load(&c->raising)) sched_yield(); /* a raise takes a few instructions */
    s->interrupts = NULL;
    cell_release(c);
}

void wr_store_unlist_deadline(warden_store_t *s)
{
    warden_engine_t *e = s->engine;
    pthread_mutex_lock(&e->lock);
    if (s->deadline_listed) {
        /* Doubly linked: deleting many stores is not quadratic. */
        *s->prev_deadline = s->next_deadline;
        if (s->next_deadline) s->next_deadline->prev_deadline = s->prev_deadline;
        s->deadline_listed = false;
    }
    pthread_mutex_unlock(&e->lock);
}

static void list_locked(warden_store_t *s)
{
    if (s->deadline_listed) return;
    warden_engine_t *e = s->engine;
    s->next_deadline = e->deadline_stores;
    if (s->next_deadline) s->next_deadline->prev_deadline = &s->next_deadline;
    s->prev_deadline = &e->deadline_stores;
    e->deadline_stores = s;
    s->deadline_listed = true;
}

void wr_store_list_timed(warden_store_t *s)
{
    if (s->deadline_listed) return; /* only the store's thread lists or unlists it */
    pthread_mutex_lock(&s->engine->lock);
    list_locked(s);
    pthread_mutex_unlock(&s->engine->lock);
}

void warden_store_set_deadline(warden_store_t *s, uint64_t ticks)
{
    if (!s) return;
    warden_engine_t *e = s->engine;
    pthread_mutex_lock(&e->lock);
    if (ticks == 0) {
        atomic_store(&s->deadline, 0);
    } else {
        /* From the epoch the clock says it is, not one a late ticker has not counted yet. */
        wr_engine_catch_up_locked(e, NULL);
        uint64_t now = atomic_load(&e->epoch);
        uint64_t d = now + ticks < now ? UINT64_MAX : now + ticks;
        atomic_store(&s->deadline, d);
        list_locked(s);
    }
    /* A flag raised for an earlier deadline stays: the check site's slow path finds it stale
     * and clears it, while an interrupt raised meanwhile is not lost. */
    pthread_mutex_unlock(&e->lock);
    if (ticks) {
        wr_engine_start_ticker(e);
        wr_store_park_pending(s); /* a PENDING call is woken when this deadline passes */
    }
}

void warden_store_set_slice_ticks(warden_store_t *s, uint64_t ticks)
{
    if (!s) return;
    s->slice_ticks = ticks;
    if (ticks) {
        wr_store_list_timed(s);
        wr_engine_start_ticker(s->engine);
    }
}

void warden_store_set_slice_fuel(warden_store_t *s, uint64_t fuel)
{
    if (s) s->slice_fuel = fuel;
}

uint64_t warden_store_slice_ticks(const warden_store_t *s)
{
    return s ? s->slice_ticks : 0;
}

uint64_t warden_store_slice_fuel(const warden_store_t *s)
{
    return s ? s->slice_fuel : 0;
}

warden_error_t *warden_interrupt_new(warden_store_t *s, warden_interrupt_t **out)
{
    if (!s || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "interrupt: NULL argument");
    if (!s->interrupts) {
        wr_interrupt_cell *c = malloc(sizeof *c);
        if (!c) return wo_error_oom();
        atomic_init(&c->store, s);
        atomic_init(&c->raising, 0);
        atomic_init(&c->refs, 1);
        s->interrupts = c;
    }
    warden_interrupt_t *i = malloc(sizeof *i);
    if (!i) return wo_error_oom();
    i->cell = s->interrupts;
    atomic_fetch_add(&i->cell->refs, 1);
    *out = i;
    return NULL;
}

void warden_interrupt_raise(warden_interrupt_t *i)
{
    if (!i) return;
    wr_interrupt_cell *c = i->cell;
    atomic_fetch_add(&c->raising, 1);
    warden_store_t *s = atomic_load(&c->store);
    if (s) {
        uint64_t gen = atomic_load(&s->call_gen);
        if (gen & 1) { /* a call is running; otherwise nothing to stop, nothing to remember */
            atomic_store(&s->interrupt_gen, gen);
            wo_raise_poll(s);
        }
    }
    atomic_fetch_sub(&c->raising, 1);
}

void warden_interrupt_delete(warden_interrupt_t *i)
{
    if (!i) return;
    cell_release(i->cell);
    free(i);
}

warden_error_t *wr_store_check_ticker(warden_store_t *s)
{
    if (!atomic_load(&s->deadline) || wr_engine_start_ticker(s->engine)) return NULL;
    return wo_error(WARDEN_ERROR_NO_MEMORY, -1,
                    "deadline: cannot start the engine's epoch ticker thread");
}
