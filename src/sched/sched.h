/* The scheduler's state and what its files share (prefix wq_). The scheduler is built on the
 * public call API of include/warden.h alone (warden_call_resume, _status, _set_waker, _cancel):
 * it never looks inside a call or a store.
 *
 *   ready_queue.c  the entries of spawned calls, the FIFO of ready ones, their waker, one slice
 *   spawn.c        warden_scheduler_spawn, _run, _wait_idle
 *   threads.c      the worker threads and the reactor thread
 *   reactor.c      timers and descriptors: warden_scheduler_after, _when_ready, _forget
 *   scheduler.c    warden_scheduler_new, _delete, _fd
 *   timer_heap.c, id_map.c   the data structures of the reactor
 *
 * One mutex (`lock`) guards everything below; no callback of the host (done, fire) and no resume
 * runs under it.
 *
 * Descriptors: `fd` (what warden_scheduler_fd returns) is an epoll set holding `ready_fd`, an
 * eventfd that is readable while the ready queue is not empty, and the reactor's own epoll set
 * `reactor.epfd`, which holds the timerfd and the watched descriptors. The reactor thread (when
 * there are workers) waits on reactor.epfd alone, so that ready calls do not wake it. */
#ifndef WARDEN_SCHED_SCHED_H
#define WARDEN_SCHED_SCHED_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched/id_map.h"
#include "sched/timer_heap.h"
#include "warden.h"

/* At most this many worker threads. */
#define WQ_MAX_WORKERS 1024

/* Where a spawned call stands. The waker moves PARKED to READY, and RUNNING to RUNNING_WOKEN
 * (a completion finished while the thread that got PENDING had not yet handled it); the thread
 * that ran the slice then requeues a RUNNING_WOKEN call at once. */
typedef enum wq_state {
    WQ_READY,         /* in the ready queue */
    WQ_RUNNING,       /* a thread is running a slice of it */
    WQ_RUNNING_WOKEN, /* ... and its waker fired meanwhile */
    WQ_PARKED,        /* PENDING: waits for its waker; no thread holds it */
    WQ_CLOSED,        /* finished, or taken by delete: the waker leaves it alone */
} wq_state;

typedef struct wq_entry {
    warden_scheduler_t *sched;
    warden_call_t *call;
    void (*done)(void *env, warden_call_t *call);
    void *env;
    wq_state state;
    struct wq_entry *next;                  /* in the ready queue */
    struct wq_entry *prev_live, *next_live; /* in the list of live entries */
} wq_entry;

/* A descriptor being watched: its watchers, and the events registered with epoll for it. */
typedef struct wq_fd {
    int fd;
    uint32_t gen;  /* told apart from an earlier record of the same descriptor */
    uint32_t mask; /* EPOLLIN and/or EPOLLOUT as registered; 0 before the first registration */
    struct wq_event *first;
} wq_fd;

/* A timer or a watcher of a descriptor. */
typedef struct wq_event {
    uint64_t id;
    warden_scheduler_event_t fire;
    void *env;
    wq_fd *watch; /* NULL for a timer */
    bool write;   /* a watcher: waits for EPOLLOUT, else EPOLLIN */
    wq_timer timer;
    struct wq_event *prev, *next; /* among its descriptor's watchers; in a list to fire */
} wq_event;

typedef struct wq_reactor {
    int epfd;       /* the timerfd and the watched descriptors */
    int tfd;        /* the timerfd, armed for the earliest timer */
    uint64_t armed; /* the deadline it is armed for; 0: disarmed */
    wq_heap timers;
    wq_map events; /* id -> wq_event */
    wq_map fds;    /* descriptor -> wq_fd */
    uint64_t next_id;
    uint32_t next_gen;
} wq_reactor;

struct warden_scheduler {
    unsigned workers;
    pthread_mutex_t lock;
    pthread_cond_t work; /* workers: a call is ready, or stopping */
    pthread_cond_t idle; /* live dropped to 0 */
    bool stopping;       /* delete has begun */

    wq_entry *head, *tail; /* the ready queue */
    size_t nready;
    bool ready_signalled; /* ready_fd is readable */
    wq_entry *live_list;  /* every spawned call whose done() has not been called */
    size_t live;          /* spawned calls whose done() has not returned */

    int fd;       /* the epoll set of warden_scheduler_fd */
    int ready_fd; /* eventfd */
    wq_reactor reactor;

    pthread_t *threads; /* the workers */
    unsigned nthreads;
    pthread_t reactor_thread;
    bool reactor_started;
};

/* An error for a failed system call: NO_MEMORY for ENOMEM, else `kind`, with strerror. */
warden_error_t *wq_errno_error(warden_error_kind_t kind, int err, const char *what);

/* ready_queue.c */
/* The waker of every spawned call (env: its entry). */
void wq_wake(void *env);
/* A waker that does nothing, set on the calls that delete takes. */
void wq_wake_nothing(void *env);
/* Appends an entry to the ready queue; lock held. */
void wq_push_locked(warden_scheduler_t *s, wq_entry *e);
/* Makes ready_fd readable exactly while the queue is not empty; lock held. */
void wq_sync_ready_fd_locked(warden_scheduler_t *s);
void wq_link_live_locked(warden_scheduler_t *s, wq_entry *e);
void wq_unlink_live_locked(warden_scheduler_t *s, wq_entry *e);
/* Runs one slice of the call at the head of the ready queue, with the lock released while the
 * call runs and while its done() runs; lock held on entry and on return. False when none was
 * ready. */
bool wq_run_slice_locked(warden_scheduler_t *s);

/* threads.c */
/* Starts the workers and the reactor thread. */
warden_error_t *wq_threads_start(warden_scheduler_t *s);
/* Tells them to stop and joins them. `stopping` must be set. */
void wq_threads_join(warden_scheduler_t *s);

/* reactor.c */
warden_error_t *wq_reactor_init(wq_reactor *r);
/* Frees every timer and watcher without firing it, and closes the descriptors. */
void wq_reactor_destroy(wq_reactor *r);
/* Waits up to timeout_ms (-1: forever, 0: not at all) for the reactor's events, then fires the
 * due timers and the watchers of ready descriptors on this thread. Returns how many fired. */
size_t wq_reactor_poll(warden_scheduler_t *s, int timeout_ms);
/* Makes a thread waiting in wq_reactor_poll return (the timerfd fires at once); lock held. */
void wq_reactor_kick_locked(wq_reactor *r);

#endif
