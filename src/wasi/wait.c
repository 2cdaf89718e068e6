/* Paused WASI calls on the scheduler's reactor: arming, firing, cancelling and finishing
 * (wait.h). */
#include <stdlib.h>

#include "wasi/wait.h"

wz_wait *wz_wait_new(wz_call *c, warden_completion_t *done, uint32_t nev, wz_wait_look look,
                     void *op, void (*free_op)(void *op))
{
    wz_wait *wt = calloc(1, sizeof *wt + (size_t)nev * sizeof wt->ev[0]);
    if (!wt) return NULL;
    if (pthread_mutex_init(&wt->lock, NULL) != 0) {
        free(wt);
        return NULL;
    }
    atomic_init(&wt->refs, 1); /* the context's */
    wt->w = c->w;
    wt->sched = c->w->sched;
    wt->memory = c->memory;
    wt->completion = done;
    wt->look = look;
    wt->op = op;
    wt->free_op = free_op;
    wt->nev = nev;
    for (uint32_t i = 0; i < nev; i++) wt->ev[i] = (wz_event){.wait = wt, .fd = -1};
    return wt;
}

static void unref(wz_wait *wt)
{
    if (atomic_fetch_sub_explicit(&wt->refs, 1, memory_order_acq_rel) != 1) return;
    if (wt->free_op) wt->free_op(wt->op);
    pthread_mutex_destroy(&wt->lock);
    free(wt);
}

void wz_wait_release(wz_wait *wt)
{
    if (wt) unref(wt);
}

static void fire(void *env);

/* Registers `ev` with the reactor, under the lock; the registration holds a reference. Returns
 * an errno. */
static uint32_t arm(wz_wait *wt, wz_event *ev)
{
    warden_error_t *e;
    atomic_fetch_add_explicit(&wt->refs, 1, memory_order_relaxed);
    if (ev->fd < 0) {
        /* A clock that cannot be read fires at once: the look reports it. */
        uint64_t now, ns = 0;
        if (wz_now_ns(CLOCK_MONOTONIC, &now) && ev->deadline > now) ns = ev->deadline - now;
        e = warden_scheduler_after(wt->sched, ns, fire, ev, &ev->id);
    } else {
        e = warden_scheduler_when_ready(wt->sched, ev->fd, ev->write, fire, ev, &ev->id);
    }
    if (e) {
        warden_error_kind_t kind = warden_error_kind(e);
        warden_error_delete(e);
        atomic_fetch_sub_explicit(&wt->refs, 1, memory_order_relaxed);
        return kind == WARDEN_ERROR_NO_MEMORY || kind == WARDEN_ERROR_LIMIT ? WZ_NOMEM : WZ_IO;
    }
    ev->armed = true;
    return WZ_SUCCESS;
}

/* The guest's memory as it is now. */
static wz_call view(const wz_wait *wt)
{
    wz_call c = {.w = wt->w, .memory = wt->memory, .async = true, .wait_fd = -1};
    if (wt->memory) {
        c.mem = warden_memory_data(wt->memory);
        c.size = warden_memory_size(wt->memory);
    }
    return c;
}

/* Called under the lock by the one that finishes: marks the wait finished, releases the lock,
 * forgets the events still armed and finishes the completion. The caller holds a reference. */
static void finish(wz_wait *wt, wz_call *c, uint32_t err)
{
    wt->finished = true;
    for (uint32_t i = 0; i < wt->nev; i++) {
        wt->ev[i].forget = wt->ev[i].armed;
        wt->ev[i].armed = false;
    }
    pthread_mutex_unlock(&wt->lock);
    /* Nothing writes the events once the wait is finished: a late fire only drops its reference.
     * Forgetting happens outside the lock, which a firing event may be waiting for. The
     * references of the events forgotten go after the loop (the caller's keeps wt alive). */
    uint32_t forgotten = 0;
    for (uint32_t i = 0; i < wt->nev; i++)
        if (wt->ev[i].forget && warden_scheduler_forget(wt->sched, wt->ev[i].id)) forgotten++;
    warden_completion_t *completion = wt->completion;
    for (; forgotten; forgotten--) unref(wt);
    wz_complete(completion, c, err);
}

static void fire(void *env)
{
    wz_event *ev = env;
    wz_wait *wt = ev->wait;
    pthread_mutex_lock(&wt->lock);
    if (wt->finished) {
        pthread_mutex_unlock(&wt->lock);
        unref(wt);
        return;
    }
    ev->armed = false;
    wz_call c = view(wt);
    uint32_t err = wt->look(wt, &c);
    if (err == WZ_WAIT && !c.trap && !(err = arm(wt, ev))) {
        pthread_mutex_unlock(&wt->lock);
        unref(wt);
        return;
    }
    finish(wt, &c, err);
    unref(wt);
}

/* The cancel notice: the call is over. Finishing a cancelled completion only frees it. */
static void cancelled(void *env)
{
    wz_wait *wt = env;
    pthread_mutex_lock(&wt->lock);
    if (wt->finished) {
        pthread_mutex_unlock(&wt->lock);
        return;
    }
    finish(wt, NULL, WZ_CANCELED);
}

void wz_wait_start(wz_wait *wt)
{
    warden_wasi_t *w = wt->w;
    wz_wait_release(w->last_wait);
    w->last_wait = wt;
    warden_completion_on_cancel(wt->completion, cancelled, wt);
    pthread_mutex_lock(&wt->lock);
    if (wt->finished) { /* cancelled already */
        pthread_mutex_unlock(&wt->lock);
        return;
    }
    for (uint32_t i = 0; i < wt->nev; i++) {
        uint32_t err = arm(wt, &wt->ev[i]);
        if (err) {
            finish(wt, NULL, err);
            return;
        }
    }
    pthread_mutex_unlock(&wt->lock);
}
