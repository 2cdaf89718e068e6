/* The auto tier's move from the interpreter to compiled code (warden_config_t.tier_up_threshold,
 * warden_module_compile).
 *
 * A store counts down the calls and loop iterations it runs in the interpreter (exec/dispatch.h
 * TIER_UP_TICK, TIER_UP_LOOP); at zero it calls the engine's `tier_up` hook and counts down
 * again. Once the hooks add up to tier_up_threshold, the hook asks for the running function's
 * module to be compiled. The first request starts a thread that compiles the whole module
 * (the code cache first) part by part, the hottest part first: each hook also counts a sample
 * for the function running then, so the samples say where the interpreter spends its time
 * (llvm/jit.c wj_compile_hot_first). Each part's functions' code is published as soon as the
 * part is compiled (frame size, then `native` with release ordering), and the module's once
 * every part is. From then on, every call of such a function, in any store or thread, runs
 * compiled code, which the interpreter can already call, and which calls functions not
 * compiled yet in the interpreter (exec/native.c wx_native_call). A function under way in
 * the interpreter goes on in compiled code at its loop's next iteration that the hook comes at
 * (on-stack replacement, exec/native.h): the hook comes every WR_TIER_UP_POLL calls and
 * iterations, so a loop never runs on long after its code came; a function without a loop
 * finishes in the interpreter. Both tiers keep the same frame records, fuel and limits, so
 * nothing a running call sees changes but its speed.
 *
 * The module owns the thread: deleting the module stops the compile at the next function (it
 * is not published) and joins the thread. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "runtime/objects.h"

#ifdef WARDEN_HAVE_LLVM
#include "llvm/llvm.h"

typedef enum { IDLE, RUNNING, DONE, FAILED } tier_state;

/* A module with a bigger function body is not compiled on its own (warden_module_compile still
 * compiles it): LLVM's time and memory grow faster than a body's size, and deleting the module
 * waits for the optimisation of the part under way, which a guest must not be able to stretch. */
#define WR_TIER_UP_MAX_BODY ((size_t)128 << 10)

struct wr_tier_up {
    pthread_mutex_t lock;
    pthread_cond_t finished; /* RUNNING became DONE or FAILED */
    tier_state state;
    bool too_big;  /* a body over WR_TIER_UP_MAX_BODY: only a request compiles */
    bool threaded; /* a thread compiles (or compiled): the module's deletion joins it */
    /* No request needs the lock any more: the thread started, or only a request compiles. */
    atomic_bool settled;
    pthread_t thread;
    warden_error_t *error; /* why the compile failed (FAILED) */
    /* Per defined function, the hooks that came while it ran: where the interpreter spends its
     * time, which orders the compile's parts. */
    _Atomic uint32_t *samples;
    struct wj_code *kept; /* code published by a compile that failed, freed with the module */
};

wr_tier_up *wr_tier_up_new(const wd_module *m)
{
    wr_tier_up *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->samples = calloc(m->nbodies ? m->nbodies : 1, sizeof *t->samples);
    if (!t->samples) {
        free(t);
        return NULL;
    }
    atomic_init(&t->settled, false);
    for (uint32_t i = 0; i < m->nbodies; i++)
        if (m->bodies[i].len > WR_TIER_UP_MAX_BODY) t->too_big = true;
    if (pthread_mutex_init(&t->lock, NULL) != 0) {
        free(t->samples);
        free(t);
        return NULL;
    }
    if (pthread_cond_init(&t->finished, NULL) != 0) {
        pthread_mutex_destroy(&t->lock);
        free(t->samples);
        free(t);
        return NULL;
    }
    t->state = IDLE;
    return t;
}

/* Compiles mod (or links its code from the cache) and publishes the code; records the outcome.
 * Runs with the lock released: in the background (llvm/llvm.h), or on every thread it may use. */
static void compile(warden_module_t *mod, bool background)
{
    wr_tier_up *t = mod->tier_up;
    struct wj_code *code = NULL;
    warden_error_t *e = wj_find_code(mod, NULL, &code);
    if (!e)
        e = background && !wj_code_found(code)
                ? wj_compile_hot_first(mod, code, t->samples, &t->kept)
                : wj_finish_code(mod, code);
    pthread_mutex_lock(&t->lock);
    t->error = e;
    t->state = e ? FAILED : DONE;
    pthread_cond_broadcast(&t->finished);
    pthread_mutex_unlock(&t->lock);
}

static void *compile_thread(void *arg)
{
    compile(arg, true);
    return NULL;
}

/* The hook comes every WR_TIER_UP_POLL calls and iterations at most, whatever the threshold:
 * often enough that a loop whose function's code has come moves to it soon (on-stack
 * replacement, exec/native.h), seldom enough to cost nothing. */
#define WR_TIER_UP_POLL ((uint64_t)1 << 16)

/* What starts a compile: tier_up_threshold calls and iterations, or never when it is 0. */
static uint64_t threshold(const warden_engine_t *e)
{
    uint64_t n = e->config.tier_up_threshold;
    return n ? n : UINT64_MAX;
}

/* The countdown between two hooks. */
static uint64_t poll_every(const warden_engine_t *e)
{
    uint64_t n = e->config.tier_up_threshold;
    return n && n < WR_TIER_UP_POLL ? n : WR_TIER_UP_POLL;
}

void wr_tier_up_store(warden_store_t *S)
{
    bool counts = S->engine->config.tier == WARDEN_TIER_AUTO;
    S->tier_up_countdown = counts ? poll_every(S->engine) : UINT64_MAX;
    S->tier_up_left = counts ? threshold(S->engine) : UINT64_MAX;
}

/* The engine's hook: the store's countdown reached zero in (or on a call of) `callee`. A loop's
 * back-edge then looks for its function's code (exec/dispatch.h TIER_UP_LOOP). */
static void due(warden_store_t *S, const warden_func_t *callee)
{
    uint64_t step = poll_every(S->engine); /* what the countdown started from */
    S->tier_up_countdown = step;
    /* A sample of where the interpreter spends its time, for the compile's order. */
    const warden_module_t *in = callee->inst ? callee->inst->module : NULL;
    if (in && in->tier_up)
        atomic_fetch_add_explicit(&in->tier_up->samples[callee->code - in->funcs], 1,
                                  memory_order_relaxed);
    if (S->tier_up_left > step) {
        S->tier_up_left -= step;
        return;
    }
    S->tier_up_left = threshold(S->engine);
    warden_module_t *mod = callee->inst ? callee->inst->module : NULL;
    /* A module whose code came from the cache at its creation needs no compile. */
    if (!mod || !mod->tier_up || atomic_load_explicit(&mod->jit, memory_order_acquire)) return;
    wr_tier_up *t = mod->tier_up;
    if (atomic_load_explicit(&t->settled, memory_order_relaxed)) return;
    pthread_mutex_lock(&t->lock);
    if (t->state == IDLE && !t->too_big) {
        /* A thread that cannot be started leaves the module in the interpreter: the next
         * request tries again. */
        if (pthread_create(&t->thread, NULL, compile_thread, mod) == 0) {
            t->state = RUNNING;
            t->threaded = true;
        }
    }
    if (t->state != IDLE || t->too_big)
        atomic_store_explicit(&t->settled, true, memory_order_relaxed);
    pthread_mutex_unlock(&t->lock);
}

void wr_tier_up_install(warden_engine_t *e)
{
    e->tier_up = due;
    e->compile_body = wj_compile_body;
}

void wr_tier_up_free(warden_module_t *mod)
{
    wr_tier_up *t = mod->tier_up;
    if (!t) return;
    /* A compile under way sees the flag between functions and gives up. */
    atomic_store(&mod->compile_stop, true);
    if (t->threaded) pthread_join(t->thread, NULL);
    warden_error_delete(t->error);
    wj_code_free(t->kept);
    free(t->samples);
    pthread_cond_destroy(&t->finished);
    pthread_mutex_destroy(&t->lock);
    free(t);
    mod->tier_up = NULL;
}

warden_error_t *warden_module_compile(warden_module_t *mod)
{
    if (!mod) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module: NULL argument");
    /* Compiled already, or part by part (the llvm tier): every part linked now. */
    if (atomic_load_explicit(&mod->jit, memory_order_acquire)) return wj_compile_rest(mod);
    wr_tier_up *t = mod->tier_up;
    if (!t)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "module: this engine's tier (%s) does not compile on request",
                        warden_tier_name(mod->engine->config.tier));
    pthread_mutex_lock(&t->lock);
    if (t->state == IDLE) {
        t->state = RUNNING;
        pthread_mutex_unlock(&t->lock);
        compile(mod, false);
        pthread_mutex_lock(&t->lock);
    }
    while (t->state == RUNNING) pthread_cond_wait(&t->finished, &t->lock);
    warden_error_t *e = t->state != FAILED
                            ? NULL
                            : wo_error(warden_error_kind(t->error), warden_error_offset(t->error),
                                       "%s", warden_error_message(t->error));
    pthread_mutex_unlock(&t->lock);
    return e;
}

#else

wr_tier_up *wr_tier_up_new(const wd_module *m)
{
    (void)m;
    return NULL;
}

void wr_tier_up_store(warden_store_t *S)
{
    S->tier_up_countdown = UINT64_MAX;
    S->tier_up_left = UINT64_MAX;
}

void wr_tier_up_install(warden_engine_t *e)
{
    e->tier_up = NULL;
    e->compile_body = NULL;
}

void wr_tier_up_free(warden_module_t *mod)
{
    (void)mod;
}

warden_error_t *warden_module_compile(warden_module_t *mod)
{
    if (!mod) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module: NULL argument");
    return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module: this build has no compiled tier");
}

#endif
