/* A scheduler's life: warden_scheduler_new, warden_scheduler_delete, warden_scheduler_fd. */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "sched/sched.h"

/* Frees what new made, whatever part of it was made; no thread runs. */
static void destroy(warden_scheduler_t *s)
{
    wq_reactor_destroy(&s->reactor);
    if (s->ready_fd >= 0) close(s->ready_fd);
    if (s->fd >= 0) close(s->fd);
    free(s->threads);
    free(s);
}

static warden_error_t *open_fds(warden_scheduler_t *s)
{
    warden_error_t *err = wq_reactor_init(&s->reactor);
    if (err) return err;
    s->fd = epoll_create1(EPOLL_CLOEXEC);
    if (s->fd < 0) return wq_errno_error(WARDEN_ERROR_IO, errno, "scheduler: epoll_create1");
    s->ready_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s->ready_fd < 0) return wq_errno_error(WARDEN_ERROR_IO, errno, "scheduler: eventfd");
    struct epoll_event ready = {.events = EPOLLIN, .data.u64 = 0};
    struct epoll_event reactor = {.events = EPOLLIN, .data.u64 = 1};
    if (epoll_ctl(s->fd, EPOLL_CTL_ADD, s->ready_fd, &ready) ||
        epoll_ctl(s->fd, EPOLL_CTL_ADD, s->reactor.epfd, &reactor))
        return wq_errno_error(WARDEN_ERROR_IO, errno, "scheduler: epoll_ctl");
    return NULL;
}

warden_error_t *warden_scheduler_new(warden_engine_t *engine, unsigned workers,
                                     warden_scheduler_t **out)
{
    if (!engine || !out) return warden_error_new(WARDEN_ERROR_ARGUMENT, "scheduler: NULL argument");
    if (workers > WQ_MAX_WORKERS)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "scheduler: %u workers is more than %u",
                                workers, (unsigned)WQ_MAX_WORKERS);
    warden_scheduler_t *s = calloc(1, sizeof *s);
    if (!s) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    s->workers = workers;
    s->fd = s->ready_fd = -1;
    s->reactor.epfd = s->reactor.tfd = -1;
    if (pthread_mutex_init(&s->lock, NULL)) {
        free(s);
        return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    }
    if (pthread_cond_init(&s->work, NULL)) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    }
    if (pthread_cond_init(&s->idle, NULL)) {
        pthread_cond_destroy(&s->work);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    }
    warden_error_t *err = open_fds(s);
    if (!err) err = wq_threads_start(s);
    if (err) {
        pthread_mutex_lock(&s->lock);
        s->stopping = true;
        pthread_mutex_unlock(&s->lock);
        wq_threads_join(s);
        pthread_cond_destroy(&s->idle);
        pthread_cond_destroy(&s->work);
        pthread_mutex_destroy(&s->lock);
        destroy(s);
        return err;
    }
    *out = s;
    return NULL;
}

int warden_scheduler_fd(warden_scheduler_t *s)
{
    return s ? s->fd : -1;
}

/* The workers are stopped: cancels every call left, each done() runs here with the call TRAPPED
 * (or DONE, for a call spawned finished that had not run yet). */
static void cancel_left(warden_scheduler_t *s)
{
    pthread_mutex_lock(&s->lock);
    /* The live list holds the newest first: reversed, the calls are cancelled in spawn order. */
    wq_entry *left = NULL;
    for (wq_entry *e = s->live_list, *next; e; e = next) {
        next = e->next_live;
        e->state = WQ_CLOSED;
        e->next_live = left;
        left = e;
    }
    s->live_list = NULL;
    s->head = s->tail = NULL;
    s->nready = 0;
    wq_sync_ready_fd_locked(s);
    pthread_mutex_unlock(&s->lock);
    for (wq_entry *e = left, *next; e; e = next) {
        next = e->next_live;
        /* Once the waker is replaced, a completion finishing on another thread no longer
         * reaches the entry. A waker fired just before, still on its way to the lock, finds the
         * entry CLOSED; warden_call_set_waker does not wait for it to return (only
         * warden_call_delete does), so it must get there before the entry is freed: a host that
         * deletes the call in done() guarantees that. */
        warden_call_set_waker(e->call, wq_wake_nothing, NULL);
        warden_call_cancel(e->call);
        e->done(e->env, e->call);
        free(e);
        pthread_mutex_lock(&s->lock);
        s->live--;
        pthread_mutex_unlock(&s->lock);
    }
}

void warden_scheduler_delete(warden_scheduler_t *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_mutex_unlock(&s->lock);
    /* A worker finishes its slice first (and that call's done(), if it ended). */
    wq_threads_join(s);
    cancel_left(s);
    /* Timers and watchers left are dropped without firing. */
    pthread_cond_destroy(&s->idle);
    pthread_cond_destroy(&s->work);
    pthread_mutex_destroy(&s->lock);
    destroy(s);
}
