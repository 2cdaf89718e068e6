/* What the tests of calls that pause share (test_call_pause, test_async_host, test_call_limits):
 * the host side of wat/pause_guest.wat, a thread that finishes completions, counters of wakers
 * and cancel notices kept under a lock, and drivers that resume a call until it ends.
 *
 * Threads never synchronise by sleeping: every wait is on a condition variable, bounded only by
 * a generous watchdog (PZ_WATCHDOG_SECONDS) so that a broken implementation fails the test
 * instead of hanging it. */
#ifndef WARDEN_TESTS_API_PAUSE_COMMON_H
#define WARDEN_TESTS_API_PAUSE_COMMON_H

#include "support.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PZ_WATCHDOG_SECONDS 60

/* An epoch tick so long that the ticker never counts one while a test runs: the tests advance
 * the epoch themselves (warden_engine_increment_epoch), so ticks are exact. */
#define PZ_IDLE_TICK_NS (UINT64_C(3600) * 1000000000u)

/* Function indices in pause_guest.wat. */
enum {
    PZ_F_GET = 0,
    PZ_F_TICK = 1,
    PZ_F_REENTER = 2,
    PZ_F_GETREF = 3,
    PZ_F_ADD = 4,
    PZ_F_CALL_GET = 5,
    PZ_F_NESTED_GET = 6,
    PZ_F_LOOP_GET = 7,
    PZ_F_SPIN_INNER = 8,
    PZ_F_SPIN = 9,
    PZ_F_TICK_LOOP = 10,
    PZ_F_TICKS = 11,
    PZ_F_WAIT_FLAG = 12,
    PZ_F_FOREVER = 13,
    PZ_F_BOOM = 14,
    PZ_F_TRAP_AFTER = 15,
    PZ_F_CALL_REENTER = 16,
    PZ_F_FIB = 17,
    PZ_F_RECURSE = 18,
    PZ_F_SWAP = 19,
    PZ_F_MIXED = 20,
    PZ_F_AROUND = 21,
    PZ_F_CALL_GETREF = 22,
    PZ_F_DOUBLE = 23,
    PZ_F_TICK_GET_LOOP = 24,
    PZ_F_TICK_SPIN = 25,
    PZ_F_REENTER_LOOP = 26,
    PZ_F_WAIT_GROWN = 27,
};

/* What "get" returns for x. */
static inline int32_t pz_mix(int32_t x)
{
    return (int32_t)((uint32_t)x * 31u + 7u);
}

/* loop_get(n): acc = get(acc + i) for i = 1..n. */
static inline int32_t pz_expect_loop_get(int32_t n)
{
    uint32_t acc = 0;
    for (uint32_t i = 1; i <= (uint32_t)n; i++) acc = (uint32_t)pz_mix((int32_t)(acc + i));
    return (int32_t)acc;
}

/* spin(n): acc = acc * 31 + k for k = n..1. */
static inline int32_t pz_expect_spin(int32_t n)
{
    uint32_t acc = 0;
    for (uint32_t k = (uint32_t)n; k > 0; k--) acc = acc * 31u + k;
    return (int32_t)acc;
}

/* ticks(n): acc = acc * 31 + i for i = 1..n (n >= 1). */
static inline int32_t pz_expect_ticks(int32_t n)
{
    uint32_t acc = 0;
    uint32_t i = 0;
    do {
        i++;
        acc = acc * 31u + i;
    } while (i < (uint32_t)n);
    return (int32_t)acc;
}

static inline int32_t pz_expect_fib(int32_t n)
{
    int32_t a = 0, b = 1;
    for (int32_t i = 0; i < n; i++) {
        int32_t t = (int32_t)((uint32_t)a + (uint32_t)b);
        a = b;
        b = t;
    }
    return a;
}

/* How the async "get" finishes its completion. */
typedef enum pz_mode {
    PZ_INLINE,        /* inside the callback */
    PZ_STASH,         /* kept in host->stash, for the test to finish */
    PZ_THREAD,        /* handed to the completer thread */
    PZ_WRONG_KIND,    /* inside the callback, with an i64 */
    PZ_WRONG_COUNT,   /* inside the callback, with two values */
    PZ_NO_RESULT,     /* inside the callback, with no value */
    PZ_TRAP,          /* inside the callback, with warden_completion_trap("async failed") */
    PZ_STASH_TRAP,    /* kept, and the test finishes it with a trap */
    PZ_REENTER,       /* calls reenter_target(x) with warden_func_call inside the callback, then
                         finishes with its result (or its trap) */
    PZ_REENTER_STASH, /* calls reenter_target(x) inside the callback, then keeps the completion
                         (pz_finish_stash finishes it with get's value) */
    PZ_STEP,          /* inside the callback, with warden_completion_return_with (pz_step) */
    PZ_STEP_STASH,    /* kept, with its data set to the host; pz_finish_stash finishes it with
                         warden_completion_return_with */
} pz_mode;

typedef struct pz_host {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    warden_engine_t *engine;

    /* The async "get". */
    pz_mode mode;
    bool watch_cancel;     /* register pz_cancelled on each completion */
    bool finish_in_cancel; /* pz_cancelled has the completer finish the completion meanwhile */
    bool bad_args;         /* a callback saw a wrong argument count or kind */
    int async_calls;
    int sync_calls; /* the sync "get" */
    int cancels;    /* on_cancel notices */
    int wakes;      /* waker calls */
    warden_completion_t *stash;
    int32_t stash_arg;

    /* "tick" */
    int ticks;
    bool tick_epoch; /* advance the engine's epoch */

    /* "reenter" */
    warden_func_t *reenter_target;
    int reenter_calls;
    bool inner_trapped, inner_error;
    warden_trap_kind_t inner_kind;
    char inner_message[256];
    size_t inner_frames;
    uint32_t inner_frame0;
    int32_t inner_result;

    /* The completer thread. */
    pthread_t completer;
    bool completer_running, completer_stop;
    bool gated; /* complete only once the test opened the gate (pz_open_gate) */
    int gate;   /* completions the gate lets through */
    warden_completion_t *queue;
    int32_t queue_value;
    int thread_completions;
    int finishing;          /* the completer is about to call warden_completion_return */
    int notices_returned;   /* pz_cancelled notices that returned */
    int finishes_too_early; /* finishes that returned while a notice had not */

    int finalized;
    int delay_ms; /* the completer waits this long before each completion (not to synchronise:
                     only so that the waiting side really waits) */

    /* What pz_define made, and the store the callbacks expect as their caller's. */
    warden_store_t *store;
    warden_func_t *f_get, *f_tick, *f_reenter;
    bool wrong_caller;

    /* "getref": finished in its callback with this funcref (or an i32 when ref_as_i32). */
    warden_func_t *ref_value;
    bool ref_as_i32;
    warden_func_t *f_getref;

    /* PZ_REENTER*: the nested call's result seen in the callback. */
    int callback_reentries;
    int32_t callback_result;

    /* Steps (warden_completion_return_with): how many ran, on which thread the last one did, and
     * how many envs were freed. A step returns get's value, or step_target(x) called with
     * warden_func_call, or a trap ("step failed"), or an i64 (step_wrong_kind). The completer
     * thread finishes with a step when thread_step is set. */
    int steps;
    int step_envs_freed;
    pthread_t step_thread;
    warden_func_t *step_target;
    bool step_trap, step_wrong_kind, thread_step;
    bool bad_data; /* a stashed completion's data was not the host */
} pz_host;

static inline void pz_lock(pz_host *h)
{
    pthread_mutex_lock(&h->mu);
}

static inline void pz_unlock(pz_host *h)
{
    pthread_mutex_unlock(&h->mu);
}

/* A counter of h read under its lock. */
static inline int pz_count(pz_host *h, const int *counter)
{
    pz_lock(h);
    int v = *counter;
    pz_unlock(h);
    return v;
}

static inline void pz_bump(pz_host *h, int *counter)
{
    pz_lock(h);
    (*counter)++;
    pthread_cond_broadcast(&h->cv);
    pz_unlock(h);
}

/* Waits until *counter >= n (under h's lock); fails the test after the watchdog's time. */
#define PZ_WAIT(h, counter, n) pz_wait_at((h), (counter), (n), #counter, __FILE__, __LINE__)
static inline void pz_wait_at(pz_host *h, const int *counter, int n, const char *what,
                              const char *file, int line)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += PZ_WATCHDOG_SECONDS;
    pz_lock(h);
    while (*counter < n) {
        if (pthread_cond_timedwait(&h->cv, &h->mu, &until) == ETIMEDOUT && *counter < n) {
            int got = *counter;
            pz_unlock(h);
            print_error("waited %d s for %s >= %d; it is %d\n", PZ_WATCHDOG_SECONDS, what, n, got);
            _fail(file, line);
        }
    }
    pz_unlock(h);
}

/* Aborts the test program, saying `what`, unless disarmed within the watchdog's time: for a
 * test thread blocked in a call that a broken implementation would never return from. */
typedef struct pz_alarm {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool disarmed;
    const char *what;
    pthread_t thread;
} pz_alarm;

static inline void *pz_alarm_main(void *arg)
{
    pz_alarm *a = arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += PZ_WATCHDOG_SECONDS;
    pthread_mutex_lock(&a->mu);
    while (!a->disarmed)
        if (pthread_cond_timedwait(&a->cv, &a->mu, &until) == ETIMEDOUT) break;
    bool fired = !a->disarmed;
    pthread_mutex_unlock(&a->mu);
    if (fired) {
        fprintf(stderr, "watchdog: %s did not return within %d s\n", a->what, PZ_WATCHDOG_SECONDS);
        abort();
    }
    return NULL;
}

static inline pz_alarm *pz_alarm_arm(const char *what)
{
    pz_alarm *a = calloc(1, sizeof *a);
    assert_non_null(a);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cv, NULL);
    a->what = what;
    assert_int_equal(pthread_create(&a->thread, NULL, pz_alarm_main, a), 0);
    return a;
}

static inline void pz_alarm_disarm(pz_alarm *a)
{
    pthread_mutex_lock(&a->mu);
    a->disarmed = true;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->cv);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

static inline void pz_wake(void *env)
{
    pz_host *h = env;
    pz_bump(h, &h->wakes);
}

static inline void pz_open_gate(pz_host *h);

/* The cancel notice. With finish_in_cancel, it lets the completer thread finish the completion
 * and waits until that thread is about to: the finish must wait for the notice to return. */
static inline void pz_cancelled(void *env)
{
    pz_host *h = env;
    if (h->finish_in_cancel) {
        int about = pz_count(h, &h->finishing);
        pz_open_gate(h);
        PZ_WAIT(h, &h->finishing, about + 1);
    }
    pz_bump(h, &h->cancels);
    pz_bump(h, &h->notices_returned);
}

static inline void pz_finalize(void *env)
{
    pz_host *h = env;
    pz_bump(h, &h->finalized);
}

/* A step's env: allocated per finish, so that ASan sees a leak or a second free. */
typedef struct pz_step_env {
    pz_host *host;
} pz_step_env;

static inline void pz_step_free(void *env)
{
    pz_step_env *e = env;
    pz_host *h = e->host;
    free(e);
    pz_bump(h, &h->step_envs_freed);
}

static inline warden_trap_t *pz_step(void *env, warden_caller_t *caller, const warden_val_t *args,
                                     size_t nargs, warden_val_t *results, size_t nresults)
{
    pz_step_env *e = env;
    pz_host *h = e->host;
    pz_lock(h);
    h->steps++;
    h->step_thread = pthread_self();
    if (nargs != 1 || args[0].kind != WARDEN_I32 || nresults != 1 || results[0].kind != WARDEN_I32)
        h->bad_args = true;
    if (warden_caller_store(caller) != h->store) h->wrong_caller = true;
    warden_func_t *target = h->step_target;
    bool trap = h->step_trap, wrong_kind = h->step_wrong_kind;
    pthread_cond_broadcast(&h->cv);
    pz_unlock(h);
    if (trap) return warden_trap_new("step failed");
    if (wrong_kind) {
        results[0] = api_i64(1);
        return NULL;
    }
    if (!target) {
        results[0].of.i32 = pz_mix(args[0].of.i32);
        return NULL;
    }
    warden_trap_t *t = NULL;
    warden_error_t *err =
        warden_func_call(warden_caller_store(caller), target, args, 1, results, 1, &t);
    if (err) {
        t = warden_trap_new(warden_error_message(err));
        warden_error_delete(err);
    }
    return t;
}

/* Finishes c with pz_step. */
static inline void pz_finish_step(pz_host *h, warden_completion_t *c)
{
    pz_step_env *e = malloc(sizeof *e);
    assert_non_null(e);
    e->host = h;
    warden_completion_return_with(c, pz_step, e, pz_step_free);
}

static inline void pz_async_get(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_completion_t *completion)
{
    pz_host *h = env;
    pz_lock(h);
    if (nargs != 1 || args[0].kind != WARDEN_I32) h->bad_args = true;
    if (warden_caller_store(caller) != h->store) h->wrong_caller = true;
    int32_t x = nargs == 1 ? args[0].of.i32 : 0;
    h->async_calls++;
    pz_mode mode = h->mode;
    bool watch = h->watch_cancel;
    pz_unlock(h);
    if (watch) warden_completion_on_cancel(completion, pz_cancelled, h);
    warden_val_t r[2] = {api_i32(pz_mix(x)), api_i32(0)};
    switch (mode) {
    case PZ_INLINE: warden_completion_return(completion, r, 1); break;
    case PZ_STEP: pz_finish_step(h, completion); break;
    case PZ_STEP_STASH:
    case PZ_STASH:
    case PZ_STASH_TRAP:
        if (mode == PZ_STEP_STASH) warden_completion_set_data(completion, h);
        pz_lock(h);
        h->stash = completion;
        h->stash_arg = x;
        pz_unlock(h);
        break;
    case PZ_THREAD:
        pz_lock(h);
        h->queue = completion;
        h->queue_value = pz_mix(x);
        pthread_cond_broadcast(&h->cv);
        pz_unlock(h);
        break;
    case PZ_WRONG_KIND:
        r[0] = api_i64(pz_mix(x));
        warden_completion_return(completion, r, 1);
        break;
    case PZ_WRONG_COUNT: warden_completion_return(completion, r, 2); break;
    case PZ_NO_RESULT: warden_completion_return(completion, NULL, 0); break;
    case PZ_TRAP: warden_completion_trap(completion, warden_trap_new("async failed")); break;
    case PZ_REENTER:
    case PZ_REENTER_STASH: {
        warden_trap_t *trap = NULL;
        warden_val_t a = api_i32(x), v = api_i32(0);
        warden_error_t *err =
            warden_func_call(warden_caller_store(caller), h->reenter_target, &a, 1, &v, 1, &trap);
        pz_lock(h);
        h->callback_reentries++;
        h->callback_result = v.of.i32;
        if (mode == PZ_REENTER_STASH && !err && !trap) {
            h->stash = completion;
            h->stash_arg = x;
        }
        pz_unlock(h);
        if (err) {
            trap = warden_trap_new(warden_error_message(err));
            warden_error_delete(err);
        }
        if (trap)
            warden_completion_trap(completion, trap);
        else if (mode == PZ_REENTER)
            warden_completion_return(completion, &v, 1);
        break;
    }
    }
}

static inline void pz_async_getref(void *env, warden_caller_t *caller, const warden_val_t *args,
                                   size_t nargs, warden_completion_t *completion)
{
    (void)caller, (void)args, (void)nargs;
    pz_host *h = env;
    pz_lock(h);
    warden_val_t r = h->ref_as_i32 ? api_i32(1) : api_funcref(h->ref_value);
    pz_unlock(h);
    warden_completion_return(completion, &r, 1);
}

/* Finishes the stashed completion (with get's value, or in PZ_STASH_TRAP with a trap); returns
 * false when there was none. */
static inline bool pz_finish_stash(pz_host *h)
{
    pz_lock(h);
    warden_completion_t *c = h->stash;
    int32_t x = h->stash_arg;
    bool trap = h->mode == PZ_STASH_TRAP, step = h->mode == PZ_STEP_STASH;
    h->stash = NULL;
    if (c && step && warden_completion_data(c) != h) h->bad_data = true;
    pz_unlock(h);
    if (!c) return false;
    if (step) {
        pz_finish_step(h, c);
    } else if (trap) {
        warden_completion_trap(c, warden_trap_new("async failed later"));
    } else {
        warden_val_t r = api_i32(pz_mix(x));
        warden_completion_return(c, &r, 1);
    }
    return true;
}

/* Takes the stashed completion out, for a test that finishes it itself. */
static inline warden_completion_t *pz_take_stash(pz_host *h)
{
    pz_lock(h);
    warden_completion_t *c = h->stash;
    h->stash = NULL;
    pz_unlock(h);
    return c;
}

static inline warden_trap_t *pz_sync_get(void *env, warden_caller_t *caller,
                                         const warden_val_t *args, size_t nargs,
                                         warden_val_t *results, size_t nresults)
{
    (void)caller, (void)nargs, (void)nresults;
    pz_host *h = env;
    pz_bump(h, &h->sync_calls);
    results[0].of.i32 = pz_mix(args[0].of.i32);
    return NULL;
}

static inline warden_trap_t *pz_tick(void *env, warden_caller_t *caller, const warden_val_t *args,
                                     size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    pz_host *h = env;
    pz_bump(h, &h->ticks);
    if (h->tick_epoch) warden_engine_increment_epoch(h->engine);
    return NULL;
}

/* Calls h->reenter_target(x) with warden_func_call and records how it ended; a trap is passed
 * on to the guest. */
static inline warden_trap_t *pz_reenter(void *env, warden_caller_t *caller,
                                        const warden_val_t *args, size_t nargs,
                                        warden_val_t *results, size_t nresults)
{
    (void)nargs, (void)nresults;
    pz_host *h = env;
    pz_bump(h, &h->reenter_calls);
    warden_trap_t *trap = NULL;
    warden_val_t r = {0};
    warden_error_t *err =
        warden_func_call(warden_caller_store(caller), h->reenter_target, args, 1, &r, 1, &trap);
    pz_lock(h);
    if (err) {
        h->inner_error = true;
        snprintf(h->inner_message, sizeof h->inner_message, "%s", warden_error_message(err));
        warden_error_delete(err);
        pz_unlock(h);
        return warden_trap_new("reenter: the nested call failed");
    }
    if (trap) {
        h->inner_trapped = true;
        h->inner_kind = warden_trap_kind(trap);
        snprintf(h->inner_message, sizeof h->inner_message, "%s", warden_trap_message(trap));
        h->inner_frames = warden_trap_frame_count(trap);
        h->inner_frame0 = UINT32_MAX;
        warden_trap_frame(trap, 0, &h->inner_frame0, NULL);
        pz_unlock(h);
        return trap;
    }
    h->inner_result = r.of.i32;
    pz_unlock(h);
    results[0] = r;
    return NULL;
}

static inline void *pz_completer_main(void *arg)
{
    pz_host *h = arg;
    pz_lock(h);
    for (;;) {
        while (!h->completer_stop && !(h->queue && (!h->gated || h->gate > 0)))
            pthread_cond_wait(&h->cv, &h->mu);
        if (!h->queue) break; /* stopped */
        warden_completion_t *c = h->queue;
        warden_val_t r = api_i32(h->queue_value);
        h->queue = NULL;
        if (h->gated && h->gate > 0) h->gate--;
        int delay_ms = h->delay_ms;
        pz_unlock(h);
        if (delay_ms > 0) {
            struct timespec d = {delay_ms / 1000, (long)(delay_ms % 1000) * 1000000L};
            nanosleep(&d, NULL);
        }
        pz_lock(h);
        h->finishing++;
        int notices = h->cancels;
        bool step = h->thread_step;
        pthread_cond_broadcast(&h->cv);
        pz_unlock(h);
        if (step)
            pz_finish_step(h, c);
        else
            warden_completion_return(c, &r, 1);
        pz_lock(h);
        /* A notice that was running when this finish began has returned by now. */
        if (h->finish_in_cancel && h->notices_returned <= notices) h->finishes_too_early++;
        h->thread_completions++;
        pthread_cond_broadcast(&h->cv);
    }
    pz_unlock(h);
    return NULL;
}

/* Starts the completer thread: it finishes every completion "get" hands it in PZ_THREAD mode,
 * at once, or (gated) one per pz_open_gate. */
static inline void pz_start_completer(pz_host *h, bool gated)
{
    pz_lock(h);
    h->gated = gated;
    h->gate = 0;
    h->completer_stop = false;
    pz_unlock(h);
    assert_int_equal(pthread_create(&h->completer, NULL, pz_completer_main, h), 0);
    h->completer_running = true;
}

static inline void pz_open_gate(pz_host *h)
{
    pz_lock(h);
    h->gate++;
    pthread_cond_broadcast(&h->cv);
    pz_unlock(h);
}

static inline void pz_stop_completer(pz_host *h)
{
    if (!h->completer_running) return;
    pz_lock(h);
    h->completer_stop = true;
    h->gated = false; /* let a queued completion through */
    pthread_cond_broadcast(&h->cv);
    pz_unlock(h);
    pthread_join(h->completer, NULL);
    h->completer_running = false;
}

static inline void pz_host_init(pz_host *h, warden_engine_t *engine)
{
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    h->engine = engine;
    h->tick_epoch = true;
}

static inline void pz_host_fini(pz_host *h)
{
    pz_stop_completer(h);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
}

/* Defines host.get (async, or sync when !async_get), host.tick, host.reenter and host.getref
 * (async) in `linker`,
 * made in `store` with env h (and the finalizer when given). */
static inline void pz_define(warden_linker_t *linker, warden_store_t *store, pz_host *h,
                             bool async_get, void (*finalizer)(void *))
{
    static const warden_valkind_t i32 = WARDEN_I32, funcref = WARDEN_FUNCREF;
    warden_functype_t *ii = NULL, *vv = NULL, *ir = NULL;
    API_OK(warden_functype_new(&i32, 1, &i32, 1, &ii));
    API_OK(warden_functype_new(NULL, 0, NULL, 0, &vv));
    API_OK(warden_functype_new(&i32, 1, &funcref, 1, &ir));
    warden_func_t *get = NULL, *tick = NULL, *reenter = NULL, *getref = NULL;
    if (async_get)
        API_OK(warden_func_new_async(store, ii, pz_async_get, h, finalizer, &get));
    else
        API_OK(warden_func_new(store, ii, pz_sync_get, h, finalizer, &get));
    API_OK(warden_func_new(store, vv, pz_tick, h, finalizer, &tick));
    API_OK(warden_func_new(store, ii, pz_reenter, h, finalizer, &reenter));
    API_OK(warden_func_new_async(store, ir, pz_async_getref, h, finalizer, &getref));
    warden_functype_delete(ii);
    warden_functype_delete(vv);
    warden_functype_delete(ir);
    h->f_getref = getref;
    h->store = store;
    h->f_get = get;
    h->f_tick = tick;
    h->f_reenter = reenter;
    API_OK(warden_linker_define(linker, "host", 4, "get", 3,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = get}));
    API_OK(warden_linker_define(linker, "host", 4, "tick", 4,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = tick}));
    API_OK(warden_linker_define(linker, "host", 4, "reenter", 7,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = reenter}));
    API_OK(warden_linker_define(linker, "host", 4, "getref", 6,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = getref}));
}

/* An engine (config, or the defaults with an idle ticker), a store, a linker with the host
 * functions, and pause_guest.wat instantiated. */
typedef struct pz_fixture {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_linker_t *linker;
    warden_instance_t *inst;
    warden_func_t *get; /* the host function "get" */
    pz_host host;
} pz_fixture;

static inline warden_config_t pz_config(bool fuel)
{
    warden_config_t c;
    warden_config_default(&c);
    c.epoch_tick_ns = PZ_IDLE_TICK_NS;
    c.consume_fuel = fuel;
    return c;
}

static inline pz_fixture *pz_new_with(const warden_config_t *config, bool async_get,
                                      void (*finalizer)(void *))
{
    pz_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    warden_config_t c = config ? *config : pz_config(false);
    API_OK(warden_engine_new_with_config(&c, &fx->engine));
    API_OK(warden_store_new(fx->engine, &fx->store));
    API_OK(warden_linker_new(fx->engine, &fx->linker));
    pz_host_init(&fx->host, fx->engine);
    pz_define(fx->linker, fx->store, &fx->host, async_get, finalizer);
    warden_module_t *module = api_module(fx->engine, "pause_guest");
    fx->inst = api_instantiate(fx->linker, fx->store, module);
    warden_module_delete(module);
    return fx;
}

static inline pz_fixture *pz_new(bool async_get)
{
    return pz_new_with(NULL, async_get, NULL);
}

/* Frees the fixture. store_deleted: the test deleted the store itself. */
static inline void pz_delete_fixture(pz_fixture *fx, bool store_deleted)
{
    if (!fx) return;
    pz_stop_completer(&fx->host);
    warden_linker_delete(fx->linker);
    if (!store_deleted) warden_store_delete(fx->store);
    warden_engine_delete(fx->engine);
    pz_host_fini(&fx->host);
    free(fx);
}

static inline void pz_delete(pz_fixture *fx)
{
    pz_delete_fixture(fx, false);
}

static inline warden_func_t *pz_func(pz_fixture *fx, const char *name)
{
    return api_func(fx->inst, name);
}

/* A call of export `name` with i32 arguments, its waker set to pz_wake. */
static inline warden_call_t *pz_call_i32(pz_fixture *fx, const char *name, size_t nargs,
                                         const int32_t *args)
{
    warden_val_t a[4];
    assert_true(nargs <= 4);
    for (size_t i = 0; i < nargs; i++) a[i] = api_i32(args[i]);
    warden_call_t *call = NULL;
    API_OK(warden_call_new(fx->store, pz_func(fx, name), a, nargs, &call));
    assert_non_null(call);
    warden_call_set_waker(call, pz_wake, &fx->host);
    return call;
}

static inline warden_call_t *pz_call1(pz_fixture *fx, const char *name, int32_t arg)
{
    return pz_call_i32(fx, name, 1, &arg);
}

typedef struct pz_counts {
    int resumes, yields, pendings;
} pz_counts;

/* Resumes the call until it is DONE or TRAPPED: a PENDING call's stashed completion is finished
 * here; otherwise (another thread finishes it) the driver waits for the waker. */
static inline warden_call_status_t pz_drive(warden_call_t *call, pz_host *h, pz_counts *n)
{
    pz_counts local = {0, 0, 0};
    if (!n) n = &local;
    for (;;) {
        int wakes = pz_count(h, &h->wakes);
        warden_call_status_t st = warden_call_resume(call);
        n->resumes++;
        assert_int_equal(warden_call_status(call), st);
        if (st == WARDEN_CALL_YIELDED) {
            n->yields++;
            continue;
        }
        if (st != WARDEN_CALL_PENDING) return st;
        n->pendings++;
        if (!pz_finish_stash(h)) PZ_WAIT(h, &h->wakes, wakes + 1);
    }
}

/* Asserts the call is DONE with one i32 result and returns it. */
#define PZ_RESULT_I32(call) pz_result_i32_at((call), __FILE__, __LINE__)
static inline int32_t pz_result_i32_at(const warden_call_t *call, const char *file, int line)
{
    warden_call_status_t st = warden_call_status(call);
    if (st != WARDEN_CALL_DONE) {
        const warden_trap_t *t = warden_call_trap(call);
        print_error("expected DONE, got status %d%s%s\n", (int)st, t ? ": " : "",
                    t ? warden_trap_message(t) : "");
        _fail(file, line);
    }
    warden_val_t r;
    memset(&r, 0xAB, sizeof r);
    api_ok_at(warden_call_results(call, &r, 1), "warden_call_results", file, line);
    if (r.kind != WARDEN_I32) {
        print_error("result kind %d, expected i32\n", (int)r.kind);
        _fail(file, line);
    }
    return r.of.i32;
}

/* Asserts two traps are the same: kind, message, and every frame. */
#define PZ_SAME_TRAP(a, b) pz_same_trap_at((a), (b), __FILE__, __LINE__)
static inline void pz_same_trap_at(const warden_trap_t *a, const warden_trap_t *b, const char *file,
                                   int line)
{
    if (!a || !b) {
        print_error("a trap is missing (%p, %p)\n", (const void *)a, (const void *)b);
        _fail(file, line);
    }
    if (warden_trap_kind(a) != warden_trap_kind(b) ||
        strcmp(warden_trap_message(a), warden_trap_message(b)) != 0) {
        print_error("traps differ: %s \"%s\" vs %s \"%s\"\n",
                    warden_trap_kind_name(warden_trap_kind(a)), warden_trap_message(a),
                    warden_trap_kind_name(warden_trap_kind(b)), warden_trap_message(b));
        _fail(file, line);
    }
    size_t na = warden_trap_frame_count(a), nb = warden_trap_frame_count(b);
    size_t oa = warden_trap_frames_omitted(a), ob = warden_trap_frames_omitted(b);
    if (na != nb || oa != ob) {
        print_error("backtraces differ: %zu frames (%zu omitted) vs %zu (%zu omitted)\n", na, oa,
                    nb, ob);
        _fail(file, line);
    }
    for (size_t i = 0; i < na; i++) {
        uint32_t ia = 0, ib = 0;
        const char *sa = NULL, *sb = NULL;
        if (!warden_trap_frame(a, i, &ia, &sa) || !warden_trap_frame(b, i, &ib, &sb)) {
            print_error("frame %zu missing\n", i);
            _fail(file, line);
        }
        if (ia != ib || (sa == NULL) != (sb == NULL) || (sa && strcmp(sa, sb) != 0)) {
            print_error("frame %zu differs: func %u %s vs func %u %s\n", i, ia, sa ? sa : "-", ib,
                        sb ? sb : "-");
            _fail(file, line);
        }
    }
}

/* Asserts the call is TRAPPED and its trap as API_TRAP does. */
#define PZ_TRAPPED(call, kind, message, nframes, indices, names)                                   \
    do {                                                                                           \
        assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);                           \
        API_TRAP(warden_call_trap(call), (kind), (message), (nframes), (indices), (names));        \
    } while (0)

#endif
