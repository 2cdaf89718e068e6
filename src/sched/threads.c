/* The threads of a scheduler with workers: `workers` threads that run ready calls, and one reactor
 * thread that waits on the reactor's epoll set and fires its events. */
#include <stdlib.h>

#include "sched/sched.h"

static void *worker_main(void *arg)
{
    warden_scheduler_t *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping)
        if (!wq_run_slice_locked(s)) pthread_cond_wait(&s->work, &s->lock);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void *reactor_main(void *arg)
{
    warden_scheduler_t *s = arg;
    for (;;) {
        wq_reactor_poll(s, -1);
        pthread_mutex_lock(&s->lock);
        bool stop = s->stopping;
        pthread_mutex_unlock(&s->lock);
        if (stop) return NULL;
    }
}

warden_error_t *wq_threads_start(warden_scheduler_t *s)
{
    if (!s->workers) return NULL;
    s->threads = calloc(s->workers, sizeof *s->threads);
    if (!s->threads) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    int rc = pthread_create(&s->reactor_thread, NULL, reactor_main, s);
    if (rc) return wq_errno_error(WARDEN_ERROR_NO_MEMORY, rc, "scheduler: starting a thread");
    s->reactor_started = true;
    for (unsigned i = 0; i < s->workers; i++) {
        rc = pthread_create(&s->threads[i], NULL, worker_main, s);
        if (rc) return wq_errno_error(WARDEN_ERROR_NO_MEMORY, rc, "scheduler: starting a thread");
        s->nthreads++;
    }
    return NULL;
}

void wq_threads_join(warden_scheduler_t *s)
{
    pthread_mutex_lock(&s->lock);
    pthread_cond_broadcast(&s->work);
    wq_reactor_kick_locked(&s->reactor);
    pthread_mutex_unlock(&s->lock);
    for (unsigned i = 0; i < s->nthreads; i++) pthread_join(s->threads[i], NULL);
    if (s->reactor_started) pthread_join(s->reactor_thread, NULL);
    s->nthreads = 0;
    s->reactor_started = false;
}
