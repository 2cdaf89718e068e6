/* Calls that pause: warden_call_*. A call runs in its store's execution stack through the
 * interpreter's pausable entry points (wx_start, wx_resume); while paused, its registers are in
 * `regs` and its frames stay where they are. warden_func_call runs the same machinery to the end
 * (func.c). */
#include <stdlib.h>
#include <string.h>

#include "exec/trap.h"
#include "runtime/call.h"

/* ---- Waking ------------------------------------------------------------------------------- */

/* Under the lock of whatever finished (a completion, the engine): the call may go on. */
static bool wake_begin(void *arg)
{
    warden_call_t *c = arg;
    pthread_mutex_lock(&c->lock);
    c->runnable = true;
    bool fire = atomic_load(&c->status) == WARDEN_CALL_PENDING && c->wake && !c->woken;
    if (fire) {
        c->woken = true;
        c->waking++;
        c->firing = c->wake;
        c->firing_env = c->wake_env;
        c->firing_thread = pthread_self();
    }
    pthread_mutex_unlock(&c->lock);
    return fire;
}

/* After that lock is released: runs the waker. */
static void wake_finish(void *arg)
{
    warden_call_t *c = arg;
    c->firing(c->firing_env);
    pthread_mutex_lock(&c->lock);
    if (--c->waking == 0) pthread_cond_broadcast(&c->idle);
    pthread_mutex_unlock(&c->lock);
}

static wo_wake_hook hook_of(warden_call_t *c)
{
    return (wo_wake_hook){wake_begin, wake_finish, c};
}

/* A call about to be PENDING is listed for the ticker, which wakes it when its deadline passes
 * (a deadline set later lists it then: wr_store_park_pending). */
static void park(warden_call_t *c)
{
    warden_store_t *s = c->store;
    uint64_t d = atomic_load(&s->deadline);
    if (!d) return;
    warden_engine_t *e = s->engine;
    pthread_mutex_lock(&e->lock);
    s->parked = hook_of(c);
    pthread_mutex_unlock(&e->lock);
}

void wr_store_park_pending(warden_store_t *s)
{
    warden_call_t *c = s->call;
    if (c && c->store && atomic_load(&c->status) == WARDEN_CALL_PENDING) park(c);
}

static void unpark(warden_store_t *s)
{
    if (!s->parked.arg) return;
    pthread_mutex_lock(&s->engine->lock);
    s->parked = (wo_wake_hook){0};
    pthread_mutex_unlock(&s->engine->lock);
}

/* ---- Life ---------------------------------------------------------------------------------- */

warden_error_t *wr_check_call(const warden_store_t *s, const warden_func_t *f,
                              const warden_val_t *args)
{
    const wo_type *t = f->type;
    for (size_t i = 0; i < t->pub.nparams; i++) {
        if (args[i].kind != t->pub.params[i])
            return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: argument %zu has the wrong type", i);
        if (args[i].kind == WARDEN_FUNCREF && args[i].of.funcref && args[i].of.funcref->store != s)
            return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                            "call: argument %zu is a function of another store", i);
    }
    if (f->store != s)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: the function belongs to another store");
    return NULL;
}

warden_error_t *wr_call_init(warden_call_t *c, warden_store_t *s, warden_func_t *f,
                             const warden_val_t *args, size_t nargs, warden_val_t *results)
{
    const wo_type *t = f->type;
    if (nargs != t->pub.nparams)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: the function takes %u arguments, not %zu",
                        t->pub.nparams, nargs);
    warden_error_t *e = wr_check_call(s, f, args);
    if (e) return e;
    if (s->call)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "call: another call of this store is not finished (one call at a time "
                        "per store)");
    e = wo_store_prepare_stack(s);
    if (e) return e;
    uint32_t need = t->param_slots > t->result_slots ? t->param_slots : t->result_slots;
    if ((size_t)(s->stack_end - s->stack_top) < need)
        return wo_error(WARDEN_ERROR_LIMIT, -1, "call: no room in the stack for the arguments");
    /* The default attributes, set without a call that could fail. */
    c->lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
    c->idle = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
    if (!results && t->pub.nresults) {
        results = calloc(t->pub.nresults, sizeof *results);
        if (!results) return wo_error_oom();
        c->own_results = true;
    }
    c->results = results;
    c->store = s;
    c->func = f;
    c->slots = s->stack_top;
    c->saved_top = s->stack_top;
    uint64_t *p = c->slots;
    for (size_t i = 0; i < nargs; i++) {
        wo_val_to_slots(&args[i], p);
        p += wd_slots(args[i].kind);
    }
    /* The stack above the arguments is the call's: a host function's re-entrant call starts
     * higher (wx_call_host). */
    s->stack_top = c->slots + need;
    atomic_init(&c->status, WARDEN_CALL_YIELDED);
    s->call = c;
    return NULL;
}

void wr_call_release(warden_call_t *c)
{
    if (c->own_results) free(c->results);
    if (c->trap) warden_trap_delete(c->trap);
    pthread_cond_destroy(&c->idle);
    pthread_mutex_destroy(&c->lock);
}

/* The call ended: the store is free again. */
static warden_call_status_t end(warden_call_t *c, warden_call_status_t st)
{
    warden_store_t *s = c->store;
    unpark(s);
    if (c->started) atomic_fetch_add(&s->call_gen, 1);
    s->stack_top = c->saved_top;
    s->call = NULL;
    if (st == WARDEN_CALL_DONE) {
        const wo_type *t = c->func->type;
        const uint64_t *p = c->slots;
        for (uint32_t i = 0; i < t->pub.nresults; i++) {
            wo_slots_to_val(p, t->pub.results[i], &c->results[i]);
            p += wd_slots(t->pub.results[i]);
        }
    }
    atomic_store(&c->status, st);
    return st;
}

/* Why a paused call must end before it goes on: an interrupt raised for it, or its deadline. */
static warden_trap_kind_t paused_stop(const warden_store_t *s)
{
    if (atomic_load(&s->interrupt_gen) == atomic_load(&s->call_gen)) return WARDEN_TRAP_INTERRUPTED;
    uint64_t d = atomic_load(&s->deadline);
    if (d && atomic_load(&s->engine->epoch) >= d) return WARDEN_TRAP_DEADLINE;
    return 0;
}

/* A PENDING call's completion: goes on with its results, or reports it is not finished. */
static wx_outcome take(warden_call_t *c, warden_trap_t **trap)
{
    warden_store_t *s = c->store;
    wx_regs *r = &c->regs;
    warden_instance_t *caller = r->func ? r->func->inst : NULL;
    if (!wx_completion_take(r->completion, s, caller, r->host_slots, trap)) return WX_PENDING;
    r->completion = NULL;
    if (*trap) {
        wx_end_paused(s, r, *trap);
        return WX_TRAPPED;
    }
    return wx_resume(s, r, trap);
}

/* Runs the call from where it stands until it pauses or ends. */
static wx_outcome run(warden_call_t *c, warden_trap_t **trap)
{
    warden_store_t *s = c->store;
    if (!c->started) {
        c->started = true;
        atomic_fetch_add(&s->call_gen, 1); /* odd while the call lasts */
        c->regs.hook = hook_of(c);
        return wx_start(s, c->func, c->slots, &c->regs, trap);
    }
    warden_trap_kind_t k = paused_stop(s);
    if (k) {
        if (c->regs.completion) wx_completion_cancel(c->regs.completion);
        c->regs.completion = NULL;
        *trap = wx_end_paused(s, &c->regs, wx_trap_new_kind(k));
        return WX_TRAPPED;
    }
    if (c->regs.completion) return take(c, trap);
    return wx_resume(s, &c->regs, trap);
}

/* The store while a call runs: a slice starts (by ticks: its end epoch; by fuel: the run gets
 * the slice's share and the rest is held back, exec/check.c), and the call is the outermost
 * run. leave() undoes it. */
static void enter(warden_store_t *s)
{
    uint64_t ticks = s->slice_ticks;
    if (ticks) {
        uint64_t now = atomic_load(&s->engine->epoch);
        atomic_store(&s->slice_end, now + ticks < now ? UINT64_MAX : now + ticks);
        wr_store_list_timed(s);
    }
    s->slice_over = false;
    if (s->slice_fuel && s->engine->config.consume_fuel && s->fuel > 0 &&
        (uint64_t)s->fuel > s->slice_fuel) {
        s->fuel_hold = s->fuel - (int64_t)s->slice_fuel;
        s->fuel = (int64_t)s->slice_fuel;
    }
    s->host_depth = 1;
}

static void leave(warden_store_t *s)
{
    s->host_depth = 0;
    atomic_store(&s->slice_end, 0);
    s->fuel += s->fuel_hold;
    s->fuel_hold = 0;
    s->slice_over = false;
}

warden_call_status_t warden_call_resume(warden_call_t *c)
{
    if (!c) return WARDEN_CALL_TRAPPED;
    int st = atomic_load(&c->status);
    if (st == WARDEN_CALL_DONE || st == WARDEN_CALL_TRAPPED) return (warden_call_status_t)st;
    if (st == WR_CALL_RUNNING) return WARDEN_CALL_YIELDED; /* resumed from inside itself */
    warden_store_t *s = c->store;
    warden_error_t *e = wr_store_check_ticker(s);
    if (!e && s->slice_ticks && !wr_engine_start_ticker(s->engine))
        e = wo_error(WARDEN_ERROR_NO_MEMORY, -1, "cannot start the engine's epoch ticker thread");
    if (e) {
        warden_error_delete(e);
        if (c->regs.completion) wx_completion_cancel(c->regs.completion);
        c->regs.completion = NULL;
        warden_trap_t *t = warden_trap_new("cannot start the engine's epoch ticker thread");
        c->trap = c->started ? wx_end_paused(s, &c->regs, t) : t;
        return end(c, WARDEN_CALL_TRAPPED);
    }
    if (st == WARDEN_CALL_PENDING) {
        unpark(s);
        pthread_mutex_lock(&c->lock);
        c->runnable = false;
        atomic_store(&c->status, WR_CALL_RUNNING);
        pthread_mutex_unlock(&c->lock);
    } else {
        atomic_store(&c->status, WR_CALL_RUNNING);
    }

    enter(s);
    warden_trap_t *trap = NULL;
    wx_outcome o = run(c, &trap);
    while (o == WX_PENDING) {
        /* A call whose deadline passed, or that was interrupted, while it ran up to here ends
         * now rather than waiting. */
        if (paused_stop(s)) {
            o = run(c, &trap);
            continue;
        }
        leave(s);
        /* Listed for the ticker before it is PENDING, so a deadline passing from now on wakes it;
         * and PENDING is the last thing said: from then on the waker may hand the call to
         * another thread. A completion that finished meanwhile is taken at once. */
        park(c);
        pthread_mutex_lock(&c->lock);
        if (!c->runnable) {
            c->woken = false;
            atomic_store(&c->status, WARDEN_CALL_PENDING);
            pthread_mutex_unlock(&c->lock);
            return WARDEN_CALL_PENDING;
        }
        c->runnable = false;
        pthread_mutex_unlock(&c->lock);
        unpark(s);
        enter(s);
        o = take(c, &trap);
    }
    leave(s);

    switch (o) {
    case WX_DONE: return end(c, WARDEN_CALL_DONE);
    case WX_TRAPPED: c->trap = trap; return end(c, WARDEN_CALL_TRAPPED);
    case WX_YIELDED: atomic_store(&c->status, WARDEN_CALL_YIELDED); return WARDEN_CALL_YIELDED;
    case WX_PENDING: break;
    }
    return WARDEN_CALL_TRAPPED;
}

/* ---- The API ------------------------------------------------------------------------------- */

warden_error_t *warden_call_new(warden_store_t *s, warden_func_t *f, const warden_val_t *args,
                                size_t nargs, warden_call_t **out)
{
    if (!s || !f || !out || (nargs && !args))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: NULL argument");
    if (s->host_depth)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "call: a call of this store is running (one call at a time per store)");
    warden_error_t *e = wr_store_check_ticker(s);
    if (e) return e;
    warden_call_t *c = calloc(1, sizeof *c);
    if (!c) return wo_error_oom();
    e = wr_call_init(c, s, f, args, nargs, NULL);
    if (e) {
        free(c);
        return e;
    }
    *out = c;
    return NULL;
}

warden_call_status_t warden_call_status(const warden_call_t *c)
{
    if (!c) return WARDEN_CALL_TRAPPED;
    int st = atomic_load(&((warden_call_t *)c)->status);
    return st == WR_CALL_RUNNING ? WARDEN_CALL_YIELDED : (warden_call_status_t)st;
}

warden_error_t *warden_call_results(const warden_call_t *c, warden_val_t *results, size_t n)
{
    if (!c || (n && !results)) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: NULL argument");
    if (warden_call_status(c) != WARDEN_CALL_DONE)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: not finished, no results");
    if (n != c->func->type->pub.nresults)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: the function returns %u results, not %zu",
                        c->func->type->pub.nresults, n);
    if (n) memcpy(results, c->results, n * sizeof *results);
    return NULL;
}

const warden_trap_t *warden_call_trap(const warden_call_t *c)
{
    return c && warden_call_status(c) == WARDEN_CALL_TRAPPED ? c->trap : NULL;
}

warden_store_t *warden_call_store(const warden_call_t *c)
{
    return c ? c->store : NULL;
}

void warden_call_set_waker(warden_call_t *c, void (*wake)(void *env), void *env)
{
    if (!c) return;
    pthread_mutex_lock(&c->lock);
    /* The old waker's env may be freed once this returns: wait for it to finish, unless this is
     * that waker replacing itself. */
    while (c->waking && !pthread_equal(c->firing_thread, pthread_self()))
        pthread_cond_wait(&c->idle, &c->lock);
    c->wake = wake;
    c->wake_env = env;
    bool fire = wake && c->runnable && !c->woken && atomic_load(&c->status) == WARDEN_CALL_PENDING;
    if (fire) {
        c->woken = true;
        c->waking++;
        c->firing = wake;
        c->firing_env = env;
        c->firing_thread = pthread_self();
    }
    pthread_mutex_unlock(&c->lock);
    if (fire) wake_finish(c);
}

/* Ends a paused call with `trap` (and the backtrace of where it stood). */
static void end_paused(warden_call_t *c, warden_trap_t *trap)
{
    warden_store_t *s = c->store;
    unpark(s);
    if (c->regs.completion) wx_completion_cancel(c->regs.completion);
    c->regs.completion = NULL;
    c->trap = c->started ? wx_end_paused(s, &c->regs, trap) : trap;
    end(c, WARDEN_CALL_TRAPPED);
}

void warden_call_cancel(warden_call_t *c)
{
    if (!c || !c->store) return;
    int st = atomic_load(&c->status);
    if (st != WARDEN_CALL_YIELDED && st != WARDEN_CALL_PENDING) return;
    end_paused(c, wx_trap_new_kind(WARDEN_TRAP_INTERRUPTED));
}

void wr_store_end_call(warden_store_t *s)
{
    warden_call_t *c = s->call;
    if (!c) return;
    end_paused(c, warden_trap_new("the call's store was deleted"));
    c->store = NULL;
}

void warden_call_delete(warden_call_t *c)
{
    if (!c) return;
    warden_call_cancel(c);
    /* A waker running now (fired by a completion or the ticker) finishes first. */
    pthread_mutex_lock(&c->lock);
    c->wake = NULL;
    while (c->waking) pthread_cond_wait(&c->idle, &c->lock);
    pthread_mutex_unlock(&c->lock);
    wr_call_release(c);
    free(c);
}
