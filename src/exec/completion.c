/* Async host functions: the completion a host finishes, on any thread, when its operation ends.
 *
 * A completion is shared by the call that waits on it and the host that finishes it; each gives
 * its share up once (the host by finishing, the call by taking the results or cancelling), and the
 * last one frees it. The common case, a host that finishes inside its callback, takes no lock:
 * the thread running the call marks the completion as in its callback, and a finish on that same
 * thread during it is recorded in fields only that thread reads. A finish from anywhere else goes
 * through the lock, and wakes the paused call through the hook it was armed with.
 *
 * A finish may also hand over a step that makes the results (warden_completion_return_with): run
 * at once when the finish is inside the callback, else when the call takes the outcome, on the
 * thread that resumes it, inside the call as the host function itself would run. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "exec/trap.h"
#include "object/objects.h"

enum { WX_OPEN, WX_FINISHED, WX_CANCELLED };

/* Which thread this is, cheaply: the thread pointer where the compiler gives it (one
 * instruction), pthread_self() elsewhere. Never 0. */
static inline uintptr_t this_thread(void)
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__aarch64__))
    return (uintptr_t)__builtin_thread_pointer();
#else
    return (uintptr_t)pthread_self();
#endif
}

struct warden_completion {
    /* The thread running the callback, while it runs (0 otherwise): only that thread can find
     * its own id here, so a finish that does is inside the callback, and only that thread reads
     * inline_done. */
    _Atomic uintptr_t in_callback;
    bool inline_done;
    /* Where a finish inside the callback writes the results at once, as a sync host function's
     * are written: the store, the function's type and its slots; and what a step run there is
     * given: the callback's caller and arguments. */
    warden_store_t *store;
    const wo_type *type;
    uint64_t *slots;
    warden_caller_t *caller;
    const warden_val_t *args;
    /* The callback's word for whoever finishes (warden_completion_set_data). */
    void *data;
    /* A finish's step, until it ran or was dropped (written by the finish, as the outcome). */
    warden_completion_step_t step;
    void *step_env;
    void (*free_env)(void *);
    /* The outcome, written by the finish and read by the call once it saw it finished. */
    warden_val_t *vals;
    size_t cap; /* room in vals */
    warden_trap_t *trap;
    /* The rest is under lock. */
    pthread_mutex_t lock;
    int state;
    int shares; /* the call's and the host's, and one per cancel notice running */
    wo_wake_hook hook;
    void (*on_cancel)(void *);
    void *cancel_env;
    bool told;    /* the cancel notice ran or is running */
    bool telling; /* it is running now, on `teller` */
    pthread_t teller;
    pthread_cond_t told_cond; /* signalled when it returns */
};

/* Gives a step's env up (after the step ran, or when it never will). */
static void drop_step(warden_completion_t *c)
{
    if (c->free_env) c->free_env(c->step_env);
    c->step = NULL;
    c->step_env = NULL;
    c->free_env = NULL;
}

void wx_completion_free(warden_completion_t *c)
{
    if (!c) return;
    drop_step(c);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->told_cond);
    if (c->trap) warden_trap_delete(c->trap);
    free(c->vals);
    free(c);
}

static void reset(warden_completion_t *c)
{
    atomic_store_explicit(&c->in_callback, 0, memory_order_relaxed);
    c->inline_done = false;
    c->trap = NULL;
    c->data = NULL;
    c->state = WX_OPEN;
    c->shares = 2;
    c->hook = (wo_wake_hook){0};
    c->on_cancel = NULL;
    c->cancel_env = NULL;
    c->told = false;
    c->telling = false;
}

/* The store's spare completion when it has room for `n` results, or a new one. The spare is
 * always as reset() leaves it. */
static warden_completion_t *acquire(warden_store_t *s, size_t n)
{
    warden_completion_t *c = s->spare_completion;
    if (c && c->cap >= n) {
        s->spare_completion = NULL;
        return c;
    }
    c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->cap = n < 4 ? 4 : n;
    c->vals = malloc(c->cap * sizeof *c->vals);
    if (!c->vals) {
        free(c);
        return NULL;
    }
    c->lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
    c->told_cond = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
    reset(c);
    return c;
}

/* Gives a completion nobody else holds back to the store, or frees it. */
static void recycle(warden_store_t *s, warden_completion_t *c)
{
    if (c->trap) {
        warden_trap_delete(c->trap);
        c->trap = NULL;
    }
    if (s->spare_completion) {
        wx_completion_free(c);
        return;
    }
    reset(c);
    s->spare_completion = c;
}

/* A wrong number of results, or none given where some are due: a host trap, else NULL. */
static warden_trap_t *count_trap(const warden_completion_t *c, const warden_val_t *results,
                                 size_t n)
{
    if (n == c->type->pub.nresults && (n == 0 || results)) return NULL;
    return warden_trap_new("host function returned a wrong number of results");
}

/* How a completion is finished: with results (or a trap), or with a step that makes them. */
typedef struct finish_how {
    const warden_val_t *results;
    size_t n;
    warden_trap_t *trap;
    warden_completion_step_t step;
    void *env;
    void (*free_env)(void *);
} finish_how;

/* A finish from another thread: the results are kept until the call takes them, or a trap for
 * a wrong count (the kinds are checked when they are taken, with the store). One check for both
 * kinds of finish: count_trap. A step is kept as it is. */
static void record(warden_completion_t *c, const finish_how *how)
{
    if (how->step) {
        c->step = how->step;
        c->step_env = how->env;
        c->free_env = how->free_env;
        return;
    }
    c->trap = how->trap ? how->trap : count_trap(c, how->results, how->n);
    if (!c->trap && how->n) memcpy(c->vals, how->results, how->n * sizeof *how->results);
}

/* What a finish nobody takes gave: the trap, the step's env. */
static void discard(const finish_how *how)
{
    if (how->trap) warden_trap_delete(how->trap);
    if (how->free_env) how->free_env(how->env);
}

/* A finish from anywhere but inside the callback: under the lock, which also wakes the call if
 * it is paused on it. */
static __attribute__((noinline)) void finish_later(warden_completion_t *c, const finish_how *how)
{
    pthread_mutex_lock(&c->lock);
    /* Once a finish has returned, the cancel notice is over or will never run: a finish from
     * another thread waits for a notice running now (one from the notice itself goes on). */
    while (c->telling && !pthread_equal(c->teller, pthread_self()))
        pthread_cond_wait(&c->told_cond, &c->lock);
    bool wake = false, free_now = false, unused = false;
    wo_wake_hook hook = c->hook;
    if (c->state == WX_OPEN) {
        record(c, how);
        c->state = WX_FINISHED;
        c->hook = (wo_wake_hook){0};
        wake = hook.begin && hook.begin(hook.arg);
    } else {
        unused = true; /* cancelled (or finished twice): nobody takes it */
    }
    free_now = --c->shares == 0;
    pthread_mutex_unlock(&c->lock);
    if (unused) discard(how);
    if (wake) hook.finish(hook.arg);
    if (free_now) wx_completion_free(c);
}

/* Presets the kinds of the results a step fills, runs it, and gives its env up. */
static warden_trap_t *run_step(warden_completion_t *c, warden_caller_t *caller,
                               const warden_val_t *args)
{
    const wo_type *t = c->type;
    for (uint32_t i = 0; i < t->pub.nresults; i++)
        wo_slots_to_val((const uint64_t[2]){0, 0}, t->pub.results[i], &c->vals[i]);
    warden_trap_t *trap =
        c->step(c->step_env, caller, args, t->pub.nparams, c->vals, t->pub.nresults);
    drop_step(c);
    return trap;
}

/* The finish. Inside the callback, on the thread running it, the results go straight into the
 * slots, checked as a sync host function's are (a step runs first, right there); no lock is
 * taken. */
static inline void finish(warden_completion_t *c, const finish_how *how)
{
    if (atomic_load_explicit(&c->in_callback, memory_order_relaxed) != this_thread()) {
        finish_later(c, how);
        return;
    }
    if (c->inline_done) { /* finished twice: the second finish is the host's error */
        discard(how);
        return;
    }
    c->inline_done = true;
    const warden_val_t *results = how->results;
    size_t n = how->n;
    warden_trap_t *trap = how->trap;
    if (how->step) {
        c->step = how->step;
        c->step_env = how->env;
        c->free_env = how->free_env;
        trap = run_step(c, c->caller, c->args);
        results = c->vals;
        n = c->type->pub.nresults;
    }
    if (!trap) trap = count_trap(c, results, n);
    c->trap = trap ? trap : wx_host_results(c->store, c->type, results, n, c->slots);
}

void warden_completion_return(warden_completion_t *c, const warden_val_t *results, size_t n)
{
    if (c) finish(c, &(finish_how){.results = results, .n = n});
}

void warden_completion_trap(warden_completion_t *c, warden_trap_t *trap)
{
    if (!c) {
        warden_trap_delete(trap);
        return;
    }
    finish(c, &(finish_how){.trap = trap ? trap : warden_trap_new("async host function failed")});
}

void warden_completion_return_with(warden_completion_t *c, warden_completion_step_t step, void *env,
                                   void (*free_env)(void *env))
{
    if (!c || !step) {
        if (free_env) free_env(env);
        if (c) warden_completion_trap(c, warden_trap_new("async host function returned no step"));
        return;
    }
    finish(c, &(finish_how){.step = step, .env = env, .free_env = free_env});
}

void warden_completion_set_data(warden_completion_t *c, void *data)
{
    if (c) c->data = data;
}

void *warden_completion_data(const warden_completion_t *c)
{
    return c ? c->data : NULL;
}

/* Runs the cancel notice of a completion cancelled under its lock (which the caller released),
 * then gives up the share the notice held. */
static void tell(warden_completion_t *c, void (*cancel)(void *), void *env)
{
    cancel(env);
    pthread_mutex_lock(&c->lock);
    c->telling = false;
    pthread_cond_broadcast(&c->told_cond);
    bool free_now = --c->shares == 0;
    pthread_mutex_unlock(&c->lock);
    if (free_now) wx_completion_free(c);
}

void warden_completion_on_cancel(warden_completion_t *c, void (*cancel)(void *env), void *env)
{
    if (!c || !cancel) return;
    pthread_mutex_lock(&c->lock);
    bool now = false;
    if (c->state == WX_CANCELLED) {
        if (!c->told) {
            c->told = true;
            c->telling = true;
            c->teller = pthread_self();
            c->shares++;
            now = true;
        }
    } else {
        c->on_cancel = cancel;
        c->cancel_env = env;
    }
    pthread_mutex_unlock(&c->lock);
    if (now) tell(c, cancel, env);
}

void wx_completion_cancel(warden_completion_t *c)
{
    pthread_mutex_lock(&c->lock);
    void (*cancel)(void *) = NULL;
    void *env = NULL;
    bool drop = false;
    if (c->state == WX_OPEN) {
        c->state = WX_CANCELLED;
        c->hook = (wo_wake_hook){0};
        if (c->on_cancel && !c->told) {
            c->told = true;
            c->telling = true;
            c->teller = pthread_self();
            c->shares++;
            cancel = c->on_cancel;
            env = c->cancel_env;
        }
    } else if (c->state == WX_FINISHED) {
        c->state = WX_CANCELLED; /* finished but not taken: the outcome is dropped */
        drop = true;
    }
    bool free_now = --c->shares == 0;
    pthread_mutex_unlock(&c->lock);
    /* Nobody else touches a finished completion: its step is given up outside the lock. */
    if (drop) drop_step(c);
    if (cancel) tell(c, cancel, env);
    if (free_now) wx_completion_free(c);
}

/* The host function's arguments, read from its slots into `buf` (16 of them) or, past that, into
 * memory the caller frees; NULL when out of memory. */
#define WX_ASYNC_INLINE_ARGS 16
static warden_val_t *read_args(const wo_type *t, const uint64_t *slots, warden_val_t *buf)
{
    warden_val_t *args = buf;
    if (t->pub.nparams > WX_ASYNC_INLINE_ARGS) args = malloc(t->pub.nparams * sizeof *args);
    if (args) wx_host_args(t, slots, args);
    return args;
}

/* As for a sync host function, a re-entrant call from the host starts above the arguments (and
 * results). Returns the top to restore. */
static uint64_t *stack_above(warden_store_t *s, const wo_type *t, uint64_t *slots)
{
    uint32_t used = t->param_slots > t->result_slots ? t->param_slots : t->result_slots;
    uint64_t *saved_top = s->stack_top;
    s->stack_top = slots + used;
    return saved_top;
}

/* A step finished outside the callback runs now, inside the call, as the host function ran: with
 * its caller, its arguments (still in the slots, which nothing touched while the call waited),
 * and the stack above them for a re-entrant call. */
static warden_trap_t *step_in_call(warden_completion_t *c, warden_store_t *s,
                                   warden_instance_t *inst, uint64_t *slots)
{
    warden_val_t buf[WX_ASYNC_INLINE_ARGS];
    warden_val_t *args = read_args(c->type, slots, buf);
    if (!args) {
        drop_step(c);
        return warden_trap_new("out of memory calling a host function");
    }
    uint64_t *saved_top = stack_above(s, c->type, slots);
    warden_caller_t caller = {s, inst};
    warden_trap_t *trap = run_step(c, &caller, args);
    s->stack_top = saved_top;
    if (args != buf) free(args);
    return trap;
}

/* Writes a finished completion's outcome to the slots (running its step first, if it has one);
 * returns the trap, if any. Called without the lock: once finished, only the call touches it. */
static warden_trap_t *outcome(warden_completion_t *c, warden_store_t *s, warden_instance_t *inst,
                              uint64_t *slots)
{
    if (c->trap) {
        warden_trap_t *t = c->trap;
        c->trap = NULL;
        return t;
    }
    if (c->step) {
        warden_trap_t *t = step_in_call(c, s, inst, slots);
        if (t) return t;
    }
    return wx_host_results(s, c->type, c->vals, c->type->pub.nresults, slots);
}

/* Gives up the call's share of a finished completion whose outcome it took. */
static void release_taken(warden_completion_t *c, warden_store_t *s)
{
    pthread_mutex_lock(&c->lock);
    bool last = --c->shares == 0;
    pthread_mutex_unlock(&c->lock);
    if (last) recycle(s, c);
}

static bool finished(warden_completion_t *c)
{
    pthread_mutex_lock(&c->lock);
    bool done = c->state == WX_FINISHED;
    pthread_mutex_unlock(&c->lock);
    return done;
}

int wx_call_async(warden_store_t *s, warden_instance_t *caller_inst, warden_func_t *f,
                  uint64_t *slots, wx_regs *regs, warden_trap_t **trap)
{
    const wo_type *t = f->type;
    warden_completion_t *c = acquire(s, t->pub.nresults);
    warden_val_t buf[WX_ASYNC_INLINE_ARGS];
    warden_val_t *args = c ? read_args(t, slots, buf) : NULL;
    if (!c || !args) {
        if (c) wx_completion_free(c);
        *trap = warden_trap_new("out of memory calling a host function");
        return 0;
    }

    uint64_t *saved_top = stack_above(s, t, slots);
    warden_caller_t caller = {s, caller_inst};
    c->store = s;
    c->type = t;
    c->slots = slots;
    c->caller = &caller;
    c->args = args;
    atomic_store_explicit(&c->in_callback, this_thread(), memory_order_relaxed);
    f->async_host(f->env, &caller, args, t->pub.nparams, c);
    atomic_store_explicit(&c->in_callback, 0, memory_order_relaxed);
    c->caller = NULL;
    c->args = NULL;
    s->stack_top = saved_top;
    if (args != buf) free(args);

    if (c->inline_done) {
        /* Finished inside the callback: the results are in the slots, the host let go of it and
         * nobody else knows it. Back to the store as reset() would leave it (nothing else of it
         * changed, but a cancel notice the host may have asked for and its data). */
        *trap = c->trap;
        c->trap = NULL;
        c->inline_done = false;
        c->on_cancel = NULL;
        c->cancel_env = NULL;
        c->data = NULL;
        if (s->spare_completion)
            wx_completion_free(c);
        else
            s->spare_completion = c;
        return 0;
    }
    pthread_mutex_lock(&c->lock);
    if (c->state == WX_FINISHED) {
        pthread_mutex_unlock(&c->lock);
        *trap = outcome(c, s, caller_inst, slots);
        release_taken(c, s);
        return 0;
    }
    if (regs) {
        c->hook = regs->hook;
        pthread_mutex_unlock(&c->lock);
        regs->completion = c;
        return 1;
    }
    pthread_mutex_unlock(&c->lock);
    wx_completion_cancel(c);
    *trap = warden_trap_new("cannot pause a call inside a host function that re-entered the guest");
    return 0;
}

bool wx_completion_take(warden_completion_t *c, warden_store_t *s, warden_instance_t *caller,
                        uint64_t *slots, warden_trap_t **trap)
{
    if (!finished(c)) return false;
    *trap = outcome(c, s, caller, slots);
    release_taken(c, s);
    return true;
}
