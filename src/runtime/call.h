/* Calls that pause: the call object shared by warden_call_* and warden_func_call. */
#ifndef WARDEN_RUNTIME_CALL_H
#define WARDEN_RUNTIME_CALL_H

#include "exec/exec.h"
#include "runtime/objects.h"

/* While it runs (between a resume's start and its return) a call's status is this one. */
#define WR_CALL_RUNNING 4

struct warden_call {
    warden_store_t *store; /* NULL once the store is deleted */
    warden_func_t *func;
    _Atomic int status; /* a warden_call_status_t, or WR_CALL_RUNNING */
    bool started;       /* the guest has begun to run */
    uint64_t *slots;    /* the arguments, then the results, in the store's stack */
    uint64_t *saved_top;
    wx_regs regs;          /* while paused */
    warden_val_t *results; /* room for the results, filled when DONE */
    bool own_results;      /* allocated by the call */
    warden_trap_t *trap;   /* when TRAPPED */
    /* Waking a PENDING call, under lock. `runnable`: its completion finished (or its deadline
     * passed) since it last looked; `woken`: the waker fired for this wait; `waking`: wakers
     * running now, which deletion waits for. */
    pthread_mutex_t lock;
    pthread_cond_t idle;
    void (*wake)(void *);
    void *wake_env;
    void (*firing)(void *); /* the waker being fired, and its env */
    void *firing_env;
    pthread_t firing_thread; /* where it runs (valid while waking) */
    bool runnable, woken;
    unsigned waking;
};

/* The checks of a call's arguments (as many as `f` takes) and of the function's store. */
warden_error_t *wr_check_call(const warden_store_t *s, const warden_func_t *f,
                              const warden_val_t *args);
/* Prepares `call` (zeroed by the caller) for `func`; the arguments are checked and written into
 * the store's stack, and the call holds the store until it ends. `results`: room for the results
 * (NULL: allocated). */
warden_error_t *wr_call_init(warden_call_t *call, warden_store_t *store, warden_func_t *func,
                             const warden_val_t *args, size_t nargs, warden_val_t *results);
/* Frees what the call holds (after it ended). */
void wr_call_release(warden_call_t *call);

#endif
