/* The reactor: timers and descriptors, on one epoll set.
 *
 * Timers live in a min-heap by deadline (CLOCK_MONOTONIC); one timerfd is armed, with an absolute
 * time, for the earliest, and rearmed whenever the earliest changes, so ten thousand timers cost
 * one descriptor. A watched descriptor is registered once with epoll (level-triggered) for the
 * union of what its watchers wait for, EPOLLIN and/or EPOLLOUT; any number of watchers may wait
 * on one descriptor, in either direction (epoll cannot hold a descriptor twice, so they share its
 * record). When it is ready, every watcher of that direction fires (an error or a hang-up fires
 * both), each once, and the registration shrinks to what is left, or goes.
 *
 * Firing: under the lock, the due events are taken out of every structure (so that
 * warden_scheduler_forget then returns false) and put on a list; the lock is released and each
 * fires in turn, then is freed. A descriptor must stay open until its watchers fired or were
 * forgotten: epoll forgets a closed descriptor by itself, and a watcher on it would never fire. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "sched/sched.h"

/* The epoll tag of the timerfd; a descriptor's tag is its number and its record's generation. */
#define TAG_TIMER UINT64_MAX
#define POLL_BATCH 64

static uint64_t fd_tag(const wq_fd *w)
{
    return (uint64_t)w->gen << 32 | (uint32_t)w->fd;
}

static wq_event *event_of(wq_timer *t)
{
    return (wq_event *)((char *)t - offsetof(wq_event, timer));
}

warden_error_t *wq_errno_error(warden_error_kind_t kind, int err, const char *what)
{
    if (err == ENOMEM) kind = WARDEN_ERROR_NO_MEMORY;
    return warden_error_new(kind, "%s: %s", what, strerror(err));
}

warden_error_t *wq_reactor_init(wq_reactor *r)
{
    memset(r, 0, sizeof *r);
    r->next_id = 1;
    r->tfd = -1;
    r->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (r->epfd < 0) return wq_errno_error(WARDEN_ERROR_IO, errno, "scheduler: epoll_create1");
    r->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (r->tfd < 0) return wq_errno_error(WARDEN_ERROR_IO, errno, "scheduler: timerfd_create");
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG_TIMER};
    if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, r->tfd, &ev))
        return wq_errno_error(WARDEN_ERROR_IO, errno, "scheduler: epoll_ctl");
    return NULL;
}

static void free_fd_record(void *p)
{
    wq_fd *w = p;
    for (wq_event *e = w->first, *next; e; e = next) {
        next = e->next;
        free(e);
    }
    free(w);
}

static void free_timer_event(void *p)
{
    wq_event *e = p;
    if (!e->watch) free(e); /* watchers go with their descriptor's record */
}

void wq_reactor_destroy(wq_reactor *r)
{
    wq_map_free(&r->events, free_timer_event);
    wq_map_free(&r->fds, free_fd_record);
    wq_heap_free(&r->timers);
    if (r->tfd >= 0) close(r->tfd);
    if (r->epfd >= 0) close(r->epfd);
    r->tfd = r->epfd = -1;
}

/* ------------------------------------------------------------------------------------------------
 * Timers
 * ---------------------------------------------------------------------------------------------- */

static bool now_ns(uint64_t *out)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts)) return false;
    *out = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    return true;
}

/* Arms the timerfd for `when` (absolute; 0 disarms). It cannot fail: the descriptor is a timerfd
 * and the time is valid. */
static void arm_locked(wq_reactor *r, uint64_t when)
{
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = (time_t)(when / 1000000000u);
    its.it_value.tv_nsec = (long)(when % 1000000000u);
    timerfd_settime(r->tfd, TFD_TIMER_ABSTIME, &its, NULL);
    r->armed = when;
}

static void rearm_locked(wq_reactor *r)
{
    wq_timer *t = wq_heap_min(&r->timers);
    uint64_t when = t ? t->deadline : 0;
    if (when != r->armed) arm_locked(r, when);
}

void wq_reactor_kick_locked(wq_reactor *r)
{
    if (r->tfd >= 0) arm_locked(r, 1); /* long past: the timerfd fires at once */
}

warden_error_t *warden_scheduler_after(warden_scheduler_t *s, uint64_t ns,
                                       warden_scheduler_event_t fire, void *env, uint64_t *id)
{
    if (!s || !fire || !id)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "scheduler after: NULL argument");
    uint64_t now;
    if (!now_ns(&now))
        return wq_errno_error(WARDEN_ERROR_IO, errno, "scheduler after: clock_gettime");
    uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
    if (deadline == 0) deadline = 1; /* 0 would disarm the timerfd */
    wq_event *e = calloc(1, sizeof *e);
    if (!e) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    e->fire = fire;
    e->env = env;
    e->timer.deadline = deadline;

    wq_reactor *r = &s->reactor;
    pthread_mutex_lock(&s->lock);
    if (s->stopping) {
        pthread_mutex_unlock(&s->lock);
        free(e);
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "scheduler after: the scheduler is being deleted");
    }
    if (!wq_heap_reserve(&r->timers) || !wq_map_reserve(&r->events, 1)) {
        pthread_mutex_unlock(&s->lock);
        free(e);
        return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    }
    e->id = r->next_id++;
    e->timer.seq = e->id;
    wq_heap_push(&r->timers, &e->timer);
    wq_map_put(&r->events, e->id, e);
    rearm_locked(r);
    *id = e->id; /* under the lock: before fire can run, which takes it */
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Appends an event to a list to fire. */
static void add_to_fire(wq_event ***tail, wq_event *e)
{
    e->next = NULL;
    **tail = e;
    *tail = &e->next;
}

/* The timerfd is readable: takes every due timer out. */
static void timers_due_locked(wq_reactor *r, wq_event ***fire)
{
    uint64_t expirations;
    ssize_t got = read(r->tfd, &expirations, sizeof expirations);
    (void)got; /* EAGAIN: another thread took the expiration; the heap says what is due */
    uint64_t now;
    /* Without a clock, the time the timerfd was armed for has passed if it fired. */
    if (!now_ns(&now)) now = got == (ssize_t)sizeof expirations ? r->armed : 0;
    for (wq_timer *t; (t = wq_heap_min(&r->timers)) && t->deadline <= now;) {
        wq_heap_remove(&r->timers, t);
        wq_event *e = event_of(t);
        wq_map_remove(&r->events, e->id);
        add_to_fire(fire, e);
    }
    r->armed = 0; /* it fired, or it is rearmed below */
    rearm_locked(r);
}

/* ------------------------------------------------------------------------------------------------
 * Descriptors
 * ---------------------------------------------------------------------------------------------- */

/* Registers with epoll what the watchers of `w` wait for: the union of their directions, or
 * nothing when none is left. Returns 0 or an errno. */
static int update_fd_locked(wq_reactor *r, wq_fd *w)
{
    uint32_t want = 0;
    for (wq_event *e = w->first; e; e = e->next) want |= e->write ? EPOLLOUT : EPOLLIN;
    if (want == w->mask) return 0;
    if (!want) {
        /* Fails only when the descriptor was closed, which took it out of the set already. */
        epoll_ctl(r->epfd, EPOLL_CTL_DEL, w->fd, NULL);
        w->mask = 0;
        return 0;
    }
    struct epoll_event ev = {.events = want, .data.u64 = fd_tag(w)};
    int rc = epoll_ctl(r->epfd, w->mask ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, w->fd, &ev);
    /* A descriptor closed and opened again under the same number is not in the set any more. */
    if (rc && errno == ENOENT && w->mask) rc = epoll_ctl(r->epfd, EPOLL_CTL_ADD, w->fd, &ev);
    if (rc) return errno;
    w->mask = want;
    return 0;
}

static void unlink_watcher(wq_fd *w, wq_event *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        w->first = e->next;
    if (e->next) e->next->prev = e->prev;
    e->prev = e->next = NULL;
}

/* After watchers left `w`: shrinks its registration, or drops the record when none is left. */
static void watchers_left_locked(wq_reactor *r, wq_fd *w)
{
    update_fd_locked(r, w);
    if (w->first) return;
    wq_map_remove(&r->fds, (uint64_t)(uint32_t)w->fd);
    free(w);
}

warden_error_t *warden_scheduler_when_ready(warden_scheduler_t *s, int fd, bool write,
                                            warden_scheduler_event_t fire, void *env, uint64_t *id)
{
    if (!s || !fire || !id)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "scheduler when_ready: NULL argument");
    if (fd < 0)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "scheduler when_ready: descriptor %d", fd);
    wq_event *e = calloc(1, sizeof *e);
    if (!e) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    e->fire = fire;
    e->env = env;
    e->write = write;

    wq_reactor *r = &s->reactor;
    warden_error_t *err = NULL;
    wq_fd *w = NULL;
    bool fresh = false;
    int rc;
    pthread_mutex_lock(&s->lock);
    if (s->stopping) {
        err = warden_error_new(WARDEN_ERROR_ARGUMENT,
                               "scheduler when_ready: the scheduler is being deleted");
        goto fail;
    }
    if (!wq_map_reserve(&r->events, 1) || !wq_map_reserve(&r->fds, 1)) {
        err = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
        goto fail;
    }
    w = wq_map_get(&r->fds, (uint64_t)(uint32_t)fd);
    fresh = !w;
    if (fresh) {
        w = calloc(1, sizeof *w);
        if (!w) {
            err = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
            goto fail;
        }
        w->fd = fd;
        w->gen = r->next_gen++;
    }
    e->watch = w;
    e->next = w->first;
    if (w->first) w->first->prev = e;
    w->first = e;
    rc = update_fd_locked(r, w);
    if (rc) {
        unlink_watcher(w, e);
        if (fresh) free(w);
        err = wq_errno_error(rc == ENOSPC ? WARDEN_ERROR_LIMIT : WARDEN_ERROR_ARGUMENT, rc,
                             "scheduler when_ready: epoll_ctl");
        goto fail;
    }
    if (fresh) wq_map_put(&r->fds, (uint64_t)(uint32_t)fd, w);
    e->id = r->next_id++;
    wq_map_put(&r->events, e->id, e);
    *id = e->id; /* under the lock: before fire can run, which takes it */
    pthread_mutex_unlock(&s->lock);
    return NULL;
fail:
    pthread_mutex_unlock(&s->lock);
    free(e);
    return err;
}

/* A watched descriptor is ready: takes out its watchers of the ready direction. */
static void fd_ready_locked(wq_reactor *r, uint64_t tag, uint32_t events, wq_event ***fire)
{
    wq_fd *w = wq_map_get(&r->fds, (uint32_t)tag);
    if (!w || fd_tag(w) != tag) return; /* its watchers went (and maybe others came) since */
    bool failed = events & (EPOLLERR | EPOLLHUP);
    bool in = failed || (events & EPOLLIN), out = failed || (events & EPOLLOUT);
    for (wq_event *e = w->first, *next; e; e = next) {
        next = e->next;
        if (!(e->write ? out : in)) continue;
        unlink_watcher(w, e);
        wq_map_remove(&r->events, e->id);
        add_to_fire(fire, e);
    }
    watchers_left_locked(r, w);
}

bool warden_scheduler_forget(warden_scheduler_t *s, uint64_t id)
{
    if (!s) return false;
    wq_reactor *r = &s->reactor;
    pthread_mutex_lock(&s->lock);
    wq_event *e = wq_map_remove(&r->events, id);
    if (e) {
        if (e->watch) {
            unlink_watcher(e->watch, e);
            watchers_left_locked(r, e->watch);
        } else {
            wq_heap_remove(&r->timers, &e->timer);
            rearm_locked(r);
        }
    }
    pthread_mutex_unlock(&s->lock);
    free(e);
    return e != NULL;
}

/* ------------------------------------------------------------------------------------------------
 * Polling
 * ---------------------------------------------------------------------------------------------- */

size_t wq_reactor_poll(warden_scheduler_t *s, int timeout_ms)
{
    wq_reactor *r = &s->reactor;
    struct epoll_event evs[POLL_BATCH];
    int n = epoll_wait(r->epfd, evs, POLL_BATCH, timeout_ms);
    if (n <= 0) return 0; /* nothing, or EINTR */
    wq_event *fire = NULL, **tail = &fire;
    pthread_mutex_lock(&s->lock);
    for (int i = 0; i < n; i++) {
        if (evs[i].data.u64 == TAG_TIMER)
            timers_due_locked(r, &tail);
        else
            fd_ready_locked(r, evs[i].data.u64, evs[i].events, &tail);
    }
    pthread_mutex_unlock(&s->lock);
    size_t fired = 0;
    for (wq_event *e = fire, *next; e; e = next) {
        next = e->next;
        e->fire(e->env);
        free(e);
        fired++;
    }
    return fired;
}
