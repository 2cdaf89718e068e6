/* Handing calls to the scheduler and running them: warden_scheduler_spawn, warden_scheduler_run
 * (the host's loop, when there are no workers) and warden_scheduler_wait_idle. */
#include <stdlib.h>
#include <sys/epoll.h>

#include "sched/sched.h"

warden_error_t *warden_scheduler_spawn(warden_scheduler_t *s, warden_call_t *call,
                                       void (*done)(void *env, warden_call_t *call), void *env)
{
    if (!s || !call || !done)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "scheduler spawn: NULL argument");
    wq_entry *e = calloc(1, sizeof *e);
    if (!e) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    e->sched = s;
    e->call = call;
    e->done = done;
    e->env = env;
    /* Round-robin needs slices: a store without one gets the scheduler's. */
    warden_store_t *store = warden_call_store(call);
    if (store && !warden_store_slice_ticks(store) && !warden_store_slice_fuel(store))
        warden_store_set_slice_ticks(store, WARDEN_SCHEDULER_SLICE_TICKS);
    /* Read while the call is still only the host's: once its waker is set, a worker may run it. */
    warden_call_status_t status = warden_call_status(call);

    pthread_mutex_lock(&s->lock);
    if (s->stopping) {
        pthread_mutex_unlock(&s->lock);
        free(e);
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "scheduler spawn: the scheduler is being deleted");
    }
    e->state = WQ_PARKED;
    wq_link_live_locked(s, e);
    pthread_mutex_unlock(&s->lock);

    /* A PENDING call whose completion already finished is woken by set_waker itself. */
    warden_call_set_waker(call, wq_wake, e);
    if (status != WARDEN_CALL_PENDING) {
        /* Only a resume makes a call PENDING, so no waker can fire for it before this. */
        pthread_mutex_lock(&s->lock);
        wq_push_locked(s, e);
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

size_t warden_scheduler_run(warden_scheduler_t *s, size_t max_slices)
{
    if (!s || s->workers) return 0; /* the reactor thread handles the events */
    wq_reactor_poll(s, 0);
    size_t ran = 0;
    pthread_mutex_lock(&s->lock);
    size_t n = max_slices ? max_slices : s->nready;
    while (ran < n && wq_run_slice_locked(s)) ran++;
    pthread_mutex_unlock(&s->lock);
    return ran;
}

void warden_scheduler_wait_idle(warden_scheduler_t *s)
{
    if (!s) return;
    if (s->workers) {
        pthread_mutex_lock(&s->lock);
        while (s->live) pthread_cond_wait(&s->idle, &s->lock);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    /* No threads: run the calls and the reactor here, and sleep on the scheduler's descriptor
     * (level-triggered) when nothing is ready and nothing is due. */
    for (;;) {
        size_t fired = wq_reactor_poll(s, 0);
        pthread_mutex_lock(&s->lock);
        if (!s->live) {
            pthread_mutex_unlock(&s->lock);
            return;
        }
        size_t ran = 0, n = s->nready;
        while (ran < n && wq_run_slice_locked(s)) ran++;
        pthread_mutex_unlock(&s->lock);
        if (ran || fired) continue;
        struct epoll_event ev;
        epoll_wait(s->fd, &ev, 1, -1);
    }
}
