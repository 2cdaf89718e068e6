/* The entries of spawned calls: the FIFO of ready ones, the waker, and one slice of a call.
 *
 * A thread pops the head of the queue and resumes the call once. DONE or TRAPPED: done() runs on
 * that thread and the entry is freed. YIELDED: the call goes to the tail, so a call that never
 * stops delays the others by one slice per round. PENDING: the call is parked and holds no
 * thread; its waker puts it back in the queue from whichever thread finishes its completion.
 * The waker may fire before the thread that got PENDING has taken the lock again: it then finds
 * the entry RUNNING, marks it RUNNING_WOKEN, and that thread requeues it. */
#include <stdlib.h>
#include <unistd.h>

#include "sched/sched.h"

void wq_sync_ready_fd_locked(warden_scheduler_t *s)
{
    bool want = s->nready > 0;
    if (want == s->ready_signalled) return;
    uint64_t n = 1;
    /* An eventfd counts; written once and read back once, its counter is 0 or 1, so neither call
     * can fail (EAGAIN needs a full or an empty counter). */
    ssize_t done = want ? write(s->ready_fd, &n, sizeof n) : read(s->ready_fd, &n, sizeof n);
    (void)done;
    s->ready_signalled = want;
}

void wq_push_locked(warden_scheduler_t *s, wq_entry *e)
{
    e->state = WQ_READY;
    e->next = NULL;
    if (s->tail)
        s->tail->next = e;
    else
        s->head = e;
    s->tail = e;
    s->nready++;
    wq_sync_ready_fd_locked(s);
    if (s->workers) pthread_cond_signal(&s->work);
}

static wq_entry *pop_locked(warden_scheduler_t *s)
{
    wq_entry *e = s->head;
    if (!e) return NULL;
    s->head = e->next;
    if (!s->head) s->tail = NULL;
    s->nready--;
    e->next = NULL;
    e->state = WQ_RUNNING;
    /* ready_fd is brought in line once the slice is over: a call that yields goes straight back,
     * and the eventfd need not be read and written again for it. */
    return e;
}

void wq_link_live_locked(warden_scheduler_t *s, wq_entry *e)
{
    e->prev_live = NULL;
    e->next_live = s->live_list;
    if (s->live_list) s->live_list->prev_live = e;
    s->live_list = e;
    s->live++;
}

void wq_unlink_live_locked(warden_scheduler_t *s, wq_entry *e)
{
    if (e->prev_live)
        e->prev_live->next_live = e->next_live;
    else
        s->live_list = e->next_live;
    if (e->next_live) e->next_live->prev_live = e->prev_live;
    e->prev_live = e->next_live = NULL;
}

void wq_wake(void *env)
{
    wq_entry *e = env;
    warden_scheduler_t *s = e->sched;
    pthread_mutex_lock(&s->lock);
    if (e->state == WQ_PARKED)
        wq_push_locked(s, e);
    else if (e->state == WQ_RUNNING)
        e->state = WQ_RUNNING_WOKEN;
    /* READY or RUNNING_WOKEN: woken already. CLOSED: finished or being cancelled. */
    pthread_mutex_unlock(&s->lock);
}

void wq_wake_nothing(void *env)
{
    (void)env;
}

/* The call is DONE or TRAPPED: done() runs here, without the lock, and the entry goes. */
static void finish_locked(warden_scheduler_t *s, wq_entry *e)
{
    e->state = WQ_CLOSED;
    wq_unlink_live_locked(s, e);
    void (*done)(void *, warden_call_t *) = e->done;
    void *env = e->env;
    warden_call_t *call = e->call;
    pthread_mutex_unlock(&s->lock);
    /* No waker can come for a finished call: the entry is no one's now. */
    free(e);
    done(env, call);
    pthread_mutex_lock(&s->lock);
    if (--s->live == 0) pthread_cond_broadcast(&s->idle);
}

bool wq_run_slice_locked(warden_scheduler_t *s)
{
    wq_entry *e = pop_locked(s);
    if (!e) return false;
    pthread_mutex_unlock(&s->lock);
    warden_call_status_t status = warden_call_resume(e->call);
    pthread_mutex_lock(&s->lock);
    switch (status) {
    case WARDEN_CALL_YIELDED: wq_push_locked(s, e); break;
    case WARDEN_CALL_PENDING:
        if (e->state == WQ_RUNNING_WOKEN)
            wq_push_locked(s, e);
        else
            e->state = WQ_PARKED;
        break;
    case WARDEN_CALL_DONE:
    case WARDEN_CALL_TRAPPED:
    default: finish_locked(s, e); break;
    }
    wq_sync_ready_fd_locked(s);
    return true;
}
