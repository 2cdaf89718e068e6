/* A WASI call paused on the scheduler's reactor (warden_wasi_set_scheduler): the events it waits
 * for (a timer, descriptors), its completion, and what to do when an event fires.
 *
 * The completion is finished exactly once, by whoever first marks the wait finished under its
 * lock: an event whose look gives a result, the cancel notice, or the start when an event cannot
 * be armed. The finisher forgets the other events. Looks run under the lock and write guest
 * memory only then, so a cancel notice, which takes the lock too, returns only once no event
 * touches the guest's memory or the context any more: the store may go right after.
 *
 * The wait is freed with its last reference: one per armed event (a fired event drops its own; a
 * forgotten one is dropped by whoever forgot it) and the context's, which lasts until the
 * context's next wait or its deletion, so that a cancel notice the engine decided on before the
 * completion was finished still finds the wait. */
#ifndef WARDEN_WASI_WAIT_H
#define WARDEN_WASI_WAIT_H

#include <pthread.h>
#include <stdatomic.h>

#include "wasi/wasi.h"

typedef struct wz_wait wz_wait;

/* Looks again once an event fired: the errno to finish the call with, or WZ_WAIT to go on waiting
 * (the event that fired is armed again). Runs under the wait's lock, with `c` viewing the guest's
 * memory as it is now. */
typedef uint32_t (*wz_wait_look)(wz_wait *wt, wz_call *c);

typedef struct wz_event {
    wz_wait *wait;
    int fd;            /* the descriptor waited for, or -1 for the timer */
    bool write;        /* the descriptor: writable rather than readable */
    uint64_t deadline; /* the timer: when, in CLOCK_MONOTONIC nanoseconds */
    bool armed;        /* id names a reactor event that holds a reference */
    bool forget;       /* the finisher forgets it */
    uint64_t id;
} wz_event;

struct wz_wait {
    pthread_mutex_t lock;
    atomic_uint refs;
    bool finished; /* the completion is finished, or being finished */
    warden_wasi_t *w;
    warden_scheduler_t *sched;
    warden_memory_t *memory;
    warden_completion_t *completion;
    wz_wait_look look;
    void *op; /* the operation's state, freed by free_op with the wait */
    void (*free_op)(void *op);
    uint32_t nev;
    wz_event ev[]; /* filled in by the operation between wz_wait_new and wz_wait_start */
};

/* A wait of the call `c` for `nev` events, or NULL when memory runs out. It takes `op` only on
 * success. */
wz_wait *wz_wait_new(wz_call *c, warden_completion_t *done, uint32_t nev, wz_wait_look look,
                     void *op, void (*free_op)(void *op));
/* Arms every event and takes over the completion (see above); errno nomem (or io) when an event
 * cannot be armed. The wait becomes the context's last one. */
void wz_wait_start(wz_wait *wt);
/* Drops the context's reference (next wait, or warden_wasi_delete). */
void wz_wait_release(wz_wait *wt);

#endif
