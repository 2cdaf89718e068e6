/* The scheduler (warden_scheduler_*): calls with async host functions completed inline, from
 * another thread, from the reactor's timers and from watched descriptors, on worker threads and
 * on the host's own loop; round-robin fairness between calls sliced by fuel; waiting until idle;
 * deletion with calls pending and yielded; timers forgotten before and after they fire; several
 * watchers on one descriptor. Nothing here waits for time to pass to synchronise, and nothing
 * asserts a duration. */
#include "support.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------------
 * A thread that finishes completions
 * ------------------------------------------------------------------------------------------- */

typedef struct job {
    warden_completion_t *completion;
    int32_t value;
    struct job *next;
} job;

typedef struct completer {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    job *head, **tail;
    bool stop;
    pthread_t thread;
} completer;

static void *completer_main(void *arg)
{
    completer *c = arg;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->head && !c->stop) pthread_cond_wait(&c->cond, &c->lock);
        job *j = c->head;
        if (!j) break;
        c->head = j->next;
        if (!c->head) c->tail = &c->head;
        pthread_mutex_unlock(&c->lock);
        warden_val_t v = api_i32(j->value);
        warden_completion_return(j->completion, &v, 1);
        free(j);
        pthread_mutex_lock(&c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

static void completer_start(completer *c)
{
    memset(c, 0, sizeof *c);
    c->tail = &c->head;
    assert_int_equal(pthread_mutex_init(&c->lock, NULL), 0);
    assert_int_equal(pthread_cond_init(&c->cond, NULL), 0);
    assert_int_equal(pthread_create(&c->thread, NULL, completer_main, c), 0);
}

/* Finishes the completion on the completer's thread. False when out of memory. */
static bool completer_push(completer *c, warden_completion_t *completion, int32_t value)
{
    job *j = calloc(1, sizeof *j);
    if (!j) return false;
    j->completion = completion;
    j->value = value;
    pthread_mutex_lock(&c->lock);
    *c->tail = j;
    c->tail = &j->next;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
    return true;
}

/* Finishes what is queued, then stops. */
static void completer_stop(completer *c)
{
    pthread_mutex_lock(&c->lock);
    c->stop = true;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
    assert_int_equal(pthread_join(c->thread, NULL), 0);
    pthread_cond_destroy(&c->cond);
    pthread_mutex_destroy(&c->lock);
}

/* ---------------------------------------------------------------------------------------------
 * The async host function "host" "fetch": returns 3 * its argument, finished as `mode` says
 * ------------------------------------------------------------------------------------------- */

typedef enum fetch_mode {
    FETCH_INLINE, /* inside the callback: the call goes on without pausing */
    FETCH_THREAD, /* on the completer's thread */
    FETCH_TIMER,  /* by a reactor timer after timer_ns */
    FETCH_WATCH,  /* by the reactor once `fd` is readable */
    FETCH_KEEP,   /* not at all: the completion is kept for the test */
} fetch_mode;

typedef struct fetcher {
    fetch_mode mode;
    warden_scheduler_t *sched;
    completer *thread;
    uint64_t timer_ns;
    int fd;
    /* Under lock: how many times fetch was called, the completion kept, cancel notices. */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int calls;
    warden_completion_t *kept;
    int32_t kept_arg;
    int cancelled;
    int failures; /* the callback could not hand the completion on */
} fetcher;

static void fetcher_init(fetcher *f, fetch_mode mode, warden_scheduler_t *sched)
{
    memset(f, 0, sizeof *f);
    f->mode = mode;
    f->sched = sched;
    f->fd = -1;
    assert_int_equal(pthread_mutex_init(&f->lock, NULL), 0);
    assert_int_equal(pthread_cond_init(&f->cond, NULL), 0);
}

static void fetcher_destroy(fetcher *f)
{
    pthread_cond_destroy(&f->cond);
    pthread_mutex_destroy(&f->lock);
}

/* Blocks until fetch has been called `calls` times. */
static void fetcher_wait_calls(fetcher *f, int calls)
{
    pthread_mutex_lock(&f->lock);
    while (f->calls < calls) pthread_cond_wait(&f->cond, &f->lock);
    pthread_mutex_unlock(&f->lock);
}

/* A completion to finish from a reactor event. */
typedef struct later {
    warden_completion_t *completion;
    int32_t value;
} later;

static void fire_complete(void *env)
{
    later *l = env;
    warden_val_t v = api_i32(l->value);
    warden_completion_return(l->completion, &v, 1);
    free(l);
}

static void on_cancel(void *env)
{
    fetcher *f = env;
    pthread_mutex_lock(&f->lock);
    f->cancelled++;
    pthread_mutex_unlock(&f->lock);
}

static void fetch_cb(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                     warden_completion_t *completion)
{
    (void)caller;
    (void)nargs;
    fetcher *f = env;
    int32_t value = 3 * args[0].of.i32;
    bool failed = false;
    pthread_mutex_lock(&f->lock);
    f->calls++;
    pthread_cond_broadcast(&f->cond);
    if (f->mode == FETCH_KEEP) {
        f->kept = completion;
        f->kept_arg = args[0].of.i32;
    }
    pthread_mutex_unlock(&f->lock);

    uint64_t id;
    later *l = NULL;
    warden_error_t *err = NULL;
    switch (f->mode) {
    case FETCH_INLINE: {
        warden_val_t v = api_i32(value);
        warden_completion_return(completion, &v, 1);
        return;
    }
    case FETCH_THREAD: failed = !completer_push(f->thread, completion, value); break;
    case FETCH_TIMER:
    case FETCH_WATCH:
        l = malloc(sizeof *l);
        if (!l) {
            failed = true;
            break;
        }
        l->completion = completion;
        l->value = value;
        err = f->mode == FETCH_TIMER
                  ? warden_scheduler_after(f->sched, f->timer_ns, fire_complete, l, &id)
                  : warden_scheduler_when_ready(f->sched, f->fd, false, fire_complete, l, &id);
        if (err) {
            warden_error_delete(err);
            free(l);
            failed = true;
        }
        break;
    case FETCH_KEEP: warden_completion_on_cancel(completion, on_cancel, f); return;
    }
    if (failed) {
        pthread_mutex_lock(&f->lock);
        f->failures++;
        pthread_mutex_unlock(&f->lock);
        warden_completion_trap(completion, warden_trap_new("fetch could not be handed on"));
    }
}

/* ---------------------------------------------------------------------------------------------
 * The host function "host" "note": a log of which call ran, one entry per run of consecutive
 * notes of one call
 * ------------------------------------------------------------------------------------------- */

#define LOG_MAX 4096

typedef struct notes {
    int32_t log[LOG_MAX];
    size_t n;
} notes;

static void notes_add(notes *l, int32_t id)
{
    if (l->n && l->log[l->n - 1] == id) return;
    if (l->n < LOG_MAX) l->log[l->n++] = id;
}

static warden_trap_t *note_cb(void *env, warden_caller_t *caller, const warden_val_t *args,
                              size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)nargs;
    (void)results;
    (void)nresults;
    if (env) notes_add(env, args[0].of.i32);
    return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Guests: one store each (a store runs one call at a time)
 * ------------------------------------------------------------------------------------------- */

typedef struct guest {
    warden_store_t *store;
    warden_instance_t *inst;
    warden_call_t *call;
} guest;

/* A store where `module` is instantiated with "host" "fetch" (async, env: a fetcher) or, when
 * `fetch` is NULL, "host" "note" (env: a notes log or NULL). */
static void guest_new(guest *g, warden_engine_t *engine, const warden_module_t *module,
                      fetcher *fetch, notes *log)
{
    memset(g, 0, sizeof *g);
    API_OK(warden_store_new(engine, &g->store));
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_stack_bytes = 1 << 16;
    API_OK(warden_store_set_limits(g->store, &limits));
    warden_linker_t *linker;
    API_OK(warden_linker_new(engine, &linker));
    warden_valkind_t i32 = WARDEN_I32;
    warden_functype_t *type;
    warden_func_t *f;
    if (fetch) {
        API_OK(warden_functype_new(&i32, 1, &i32, 1, &type));
        API_OK(warden_func_new_async(g->store, type, fetch_cb, fetch, NULL, &f));
    } else {
        API_OK(warden_functype_new(&i32, 1, NULL, 0, &type));
        API_OK(warden_func_new(g->store, type, note_cb, log, NULL, &f));
    }
    warden_functype_delete(type);
    warden_extern_t item = {.kind = WARDEN_EXTERN_FUNC, .of.func = f};
    const char *name = fetch ? "fetch" : "note";
    API_OK(warden_linker_define(linker, "host", 4, name, strlen(name), item));
    g->inst = api_instantiate(linker, g->store, module);
    warden_linker_delete(linker);
}

/* Prepares the call run(x) of sched_async. */
static void guest_call_run(guest *g, int32_t x)
{
    warden_val_t arg = api_i32(x);
    API_OK(warden_call_new(g->store, api_func(g->inst, "run"), &arg, 1, &g->call));
}

/* Prepares the call loop(id, n) of sched_spin. */
static void guest_call_loop(guest *g, int32_t id, int32_t n)
{
    warden_val_t args[2] = {api_i32(id), api_i32(n)};
    API_OK(warden_call_new(g->store, api_func(g->inst, "loop"), args, 2, &g->call));
}

static void guest_delete(guest *g)
{
    warden_call_delete(g->call);
    warden_store_delete(g->store);
}

static int32_t expected_run(int32_t x)
{
    return 9 * x + 3000;
}

/* ---------------------------------------------------------------------------------------------
 * done(): what happened to each call
 * ------------------------------------------------------------------------------------------- */

typedef struct tally {
    atomic_size_t order; /* done() calls so far, over every call */
    size_t slice;        /* the slice being run (host loop only: set before each run) */
} tally;

typedef struct outcome {
    tally *tally;
    notes *log; /* when set, done() logs 100 + id */
    int32_t id;
    atomic_int runs;
    warden_call_status_t status;
    int32_t result;
    warden_trap_kind_t trap;
    size_t order, slice;
} outcome;

static void outcome_init(outcome *o, tally *t, notes *log, int32_t id)
{
    memset(o, 0, sizeof *o);
    o->tally = t;
    o->log = log;
    o->id = id;
    atomic_init(&o->runs, 0);
}

static void done_cb(void *env, warden_call_t *call)
{
    outcome *o = env;
    o->status = warden_call_status(call);
    if (o->status == WARDEN_CALL_DONE) {
        warden_val_t v;
        warden_error_t *err = warden_call_results(call, &v, 1);
        o->result = err ? INT32_MIN : v.of.i32;
        warden_error_delete(err);
    } else if (o->status == WARDEN_CALL_TRAPPED) {
        o->trap = warden_trap_kind(warden_call_trap(call));
    }
    if (o->tally) {
        o->order = atomic_fetch_add(&o->tally->order, 1);
        o->slice = o->tally->slice;
    }
    if (o->log) notes_add(o->log, 100 + o->id);
    atomic_fetch_add(&o->runs, 1);
}

static void assert_done(outcome *o, int32_t result)
{
    assert_int_equal(atomic_load(&o->runs), 1);
    assert_int_equal(o->status, WARDEN_CALL_DONE);
    assert_int_equal(o->result, result);
}

static void assert_cancelled(outcome *o)
{
    assert_int_equal(atomic_load(&o->runs), 1);
    assert_int_equal(o->status, WARDEN_CALL_TRAPPED);
    assert_int_equal(o->trap, WARDEN_TRAP_INTERRUPTED);
}

/* Whether `fd` is readable now. */
static bool readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int n = poll(&p, 1, 0);
    assert_true(n >= 0);
    return n == 1 && (p.revents & POLLIN);
}

/* The host's loop: waits on the scheduler's descriptor and runs, until `*left` is 0. Returns the
 * slices run. */
static size_t host_loop(warden_scheduler_t *sched, atomic_int *left)
{
    size_t slices = 0;
    for (unsigned rounds = 0; atomic_load(left) > 0; rounds++) {
        assert_true(rounds < 1000000);
        struct pollfd p = {.fd = warden_scheduler_fd(sched), .events = POLLIN};
        assert_int_equal(poll(&p, 1, -1), 1);
        slices += warden_scheduler_run(sched, 0);
    }
    return slices;
}

static size_t open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    size_t n = 0;
    while (readdir(d)) n++;
    closedir(d);
    return n;
}

/* ---------------------------------------------------------------------------------------------
 * Worker threads: 200 calls, completions from inside the callback, another thread and timers
 * ------------------------------------------------------------------------------------------- */

#define MANY 200

static void test_workers_many_calls(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_module_t *module = api_module(engine, "sched_async");
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 2, &sched));
    completer thread;
    completer_start(&thread);

    guest *g = calloc(MANY, sizeof *g);
    fetcher *f = calloc(MANY, sizeof *f);
    outcome *o = calloc(MANY, sizeof *o);
    assert_non_null(g);
    assert_non_null(f);
    assert_non_null(o);
    tally t;
    memset(&t, 0, sizeof t);
    static const fetch_mode modes[] = {FETCH_INLINE, FETCH_THREAD, FETCH_TIMER};
    for (int i = 0; i < MANY; i++) {
        fetcher_init(&f[i], modes[i % 3], sched);
        f[i].thread = &thread;
        f[i].timer_ns = (uint64_t)(i % 5) * 20000;
        guest_new(&g[i], engine, module, &f[i], NULL);
        guest_call_run(&g[i], i);
        outcome_init(&o[i], &t, NULL, i);
    }
    for (int i = 0; i < MANY; i++) API_OK(warden_scheduler_spawn(sched, g[i].call, done_cb, &o[i]));
    warden_scheduler_wait_idle(sched);

    assert_int_equal(atomic_load(&t.order), MANY);
    for (int i = 0; i < MANY; i++) {
        assert_done(&o[i], expected_run(i));
        assert_int_equal(f[i].calls, 2);
        assert_int_equal(f[i].failures, 0);
        assert_int_equal(f[i].cancelled, 0);
    }
    /* With workers, run only leaves the events to the reactor thread. */
    assert_int_equal(warden_scheduler_run(sched, 0), 0);
    warden_scheduler_wait_idle(sched); /* nothing left: returns at once */
    warden_scheduler_delete(sched);
    completer_stop(&thread);
    for (int i = 0; i < MANY; i++) {
        assert_int_equal(atomic_load(&o[i].runs), 1); /* delete ran no done() again */
        guest_delete(&g[i]);
        fetcher_destroy(&f[i]);
    }
    free(g);
    free(f);
    free(o);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* Two calls wait on one pipe (two watchers of one descriptor), completed by the reactor thread. */
static void test_workers_watch_one_pipe(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_module_t *module = api_module(engine, "sched_async");
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 2, &sched));
    int p[2];
    assert_int_equal(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);

    guest g[2];
    fetcher f[2];
    outcome o[2];
    for (int i = 0; i < 2; i++) {
        fetcher_init(&f[i], FETCH_WATCH, sched);
        f[i].fd = p[0];
        guest_new(&g[i], engine, module, &f[i], NULL);
        guest_call_run(&g[i], 10 + i);
        outcome_init(&o[i], NULL, NULL, i);
        API_OK(warden_scheduler_spawn(sched, g[i].call, done_cb, &o[i]));
    }
    /* Both wait on the empty pipe; then one byte makes it readable for both. */
    for (int i = 0; i < 2; i++) fetcher_wait_calls(&f[i], 1);
    assert_int_equal(write(p[1], "x", 1), 1);
    warden_scheduler_wait_idle(sched);
    for (int i = 0; i < 2; i++) {
        assert_done(&o[i], expected_run(10 + i));
        assert_int_equal(f[i].calls, 2);
        assert_int_equal(f[i].failures, 0);
    }
    warden_scheduler_delete(sched);
    close(p[0]);
    close(p[1]);
    for (int i = 0; i < 2; i++) {
        guest_delete(&g[i]);
        fetcher_destroy(&f[i]);
    }
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * No workers: the host's loop, with poll() on the scheduler's descriptor
 * ------------------------------------------------------------------------------------------- */

static void count_down(void *env, warden_call_t *call)
{
    (void)call;
    atomic_fetch_sub((atomic_int *)env, 1);
}

static void test_host_loop(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_module_t *module = api_module(engine, "sched_async");
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 0, &sched));
    int fd = warden_scheduler_fd(sched);
    assert_true(fd >= 0);
    assert_false(readable(fd));
    assert_int_equal(warden_scheduler_run(sched, 0), 0);

    /* Timers fire on this thread, in run: each call pauses exactly twice, so it takes exactly
     * three slices. */
    enum { N = 6 };
    guest g[N];
    fetcher f[N];
    outcome o[N];
    tally t;
    memset(&t, 0, sizeof t);
    atomic_int left;
    atomic_init(&left, N);
    for (int i = 0; i < N; i++) {
        fetcher_init(&f[i], FETCH_TIMER, sched);
        f[i].timer_ns = i % 2 ? 1000000 : 0;
        guest_new(&g[i], engine, module, &f[i], NULL);
        guest_call_run(&g[i], 100 * i);
        outcome_init(&o[i], &t, NULL, i);
    }
    for (int i = 0; i < N; i++) API_OK(warden_scheduler_spawn(sched, g[i].call, done_cb, &o[i]));
    assert_true(readable(fd)); /* calls are ready */
    /* At most max_slices: the first three, once each. */
    assert_int_equal(warden_scheduler_run(sched, 3), 3);
    for (int i = 0; i < 3; i++) assert_int_equal(f[i].calls, 1);
    for (int i = 3; i < N; i++) assert_int_equal(f[i].calls, 0);

    size_t slices = 3;
    for (unsigned rounds = 0; atomic_load(&t.order) < N; rounds++) {
        assert_true(rounds < 1000000);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        assert_int_equal(poll(&p, 1, -1), 1);
        slices += warden_scheduler_run(sched, 0);
    }
    assert_int_equal(slices, 3 * N);
    for (int i = 0; i < N; i++) assert_done(&o[i], expected_run(100 * i));
    /* Nothing ready, nothing due: the descriptor is quiet again. */
    assert_false(readable(fd));
    assert_int_equal(warden_scheduler_run(sched, 0), 0);

    /* Completions from another thread wake the host's loop through the descriptor. */
    completer thread;
    completer_start(&thread);
    for (int i = 0; i < N; i++) {
        warden_call_delete(g[i].call);
        f[i].mode = FETCH_THREAD;
        f[i].thread = &thread;
        guest_call_run(&g[i], 7 * i);
        outcome_init(&o[i], NULL, NULL, i);
        API_OK(warden_scheduler_spawn(sched, g[i].call, count_down, &left));
    }
    host_loop(sched, &left);
    for (int i = 0; i < N; i++) {
        warden_val_t v;
        assert_int_equal(warden_call_status(g[i].call), WARDEN_CALL_DONE);
        API_OK(warden_call_results(g[i].call, &v, 1));
        assert_int_equal(v.of.i32, expected_run(7 * i));
    }
    completer_stop(&thread);
    warden_scheduler_delete(sched);
    for (int i = 0; i < N; i++) {
        guest_delete(&g[i]);
        fetcher_destroy(&f[i]);
    }
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* wait_idle with no workers runs the calls and the reactor on the calling thread; with workers it
 * waits for them. */
static void wait_idle_with(unsigned workers)
{
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_module_t *module = api_module(engine, "sched_async");
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, workers, &sched));
    warden_scheduler_wait_idle(sched); /* nothing spawned */
    completer thread;
    completer_start(&thread);
    enum { N = 9 };
    guest g[N];
    fetcher f[N];
    outcome o[N];
    static const fetch_mode modes[] = {FETCH_TIMER, FETCH_THREAD, FETCH_INLINE};
    for (int i = 0; i < N; i++) {
        fetcher_init(&f[i], modes[i % 3], sched);
        f[i].thread = &thread;
        f[i].timer_ns = 50000;
        guest_new(&g[i], engine, module, &f[i], NULL);
        guest_call_run(&g[i], -i);
        outcome_init(&o[i], NULL, NULL, i);
        API_OK(warden_scheduler_spawn(sched, g[i].call, done_cb, &o[i]));
    }
    warden_scheduler_wait_idle(sched);
    for (int i = 0; i < N; i++) assert_done(&o[i], expected_run(-i));
    warden_scheduler_wait_idle(sched);
    warden_scheduler_delete(sched);
    completer_stop(&thread);
    for (int i = 0; i < N; i++) {
        guest_delete(&g[i]);
        fetcher_destroy(&f[i]);
    }
    warden_module_delete(module);
    warden_engine_delete(engine);
}

static void test_wait_idle(void **state)
{
    (void)state;
    wait_idle_with(0);
    wait_idle_with(1);
    wait_idle_with(3);
}

/* ---------------------------------------------------------------------------------------------
 * Round-robin fairness
 * ------------------------------------------------------------------------------------------- */

#define SLICE_FUEL 40
#define SHORT_ITERATIONS 25
#define SHORTS 4

/* A store whose calls yield every SLICE_FUEL units of fuel. */
static void sliced_guest(guest *g, warden_engine_t *engine, const warden_module_t *module,
                         notes *log)
{
    guest_new(g, engine, module, NULL, log);
    API_OK(warden_store_set_fuel(g->store, UINT64_MAX / 2));
    warden_store_set_slice_fuel(g->store, SLICE_FUEL);
}

/* A spinning call and SHORTS short ones on one host loop (no workers), one slice per run: the
 * calls take turns in spawn order, so the spinner delays each short call by one slice per round,
 * and each short call finishes in the round it would finish in alone. */
static void test_round_robin(void **state)
{
    (void)state;
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    warden_engine_t *engine;
    API_OK(warden_engine_new_with_config(&config, &engine));
    warden_module_t *module = api_module(engine, "sched_spin");

    /* How many slices a short call takes alone. */
    guest alone;
    sliced_guest(&alone, engine, module, NULL);
    guest_call_loop(&alone, 9, SHORT_ITERATIONS);
    size_t m = 0;
    warden_call_status_t st;
    while ((st = warden_call_resume(alone.call)) == WARDEN_CALL_YIELDED) m++;
    assert_int_equal(st, WARDEN_CALL_DONE);
    m++;
    assert_true(m >= 3); /* slices small enough for turns to matter */
    guest_delete(&alone);

    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 0, &sched));
    notes *log = calloc(1, sizeof *log);
    assert_non_null(log);
    tally t;
    memset(&t, 0, sizeof t);
    guest g[1 + SHORTS];
    outcome o[1 + SHORTS];
    for (int i = 0; i <= SHORTS; i++) {
        sliced_guest(&g[i], engine, module, log);
        guest_call_loop(&g[i], i, i == 0 ? -1 : SHORT_ITERATIONS);
        outcome_init(&o[i], &t, log, i);
        API_OK(warden_scheduler_spawn(sched, g[i].call, done_cb, &o[i]));
    }
    while (atomic_load(&t.order) < SHORTS) {
        assert_true(t.slice < 10000);
        t.slice++;
        assert_int_equal(warden_scheduler_run(sched, 1), 1);
    }
    /* Round r runs slice r of every call in spawn order: short call i ends in round m, at slice
     * (m - 1) * (1 + SHORTS) + 1 + i, after exactly m slices of the spinner. */
    for (int i = 1; i <= SHORTS; i++) {
        assert_done(&o[i], i);
        assert_int_equal(o[i].order, (size_t)(i - 1));
        assert_int_equal(o[i].slice, (m - 1) * (1 + SHORTS) + 1 + (size_t)i);
    }
    assert_int_equal(t.slice, m * (1 + SHORTS));
    /* The log of who ran: every slice of a call that goes on notes it, so the first m - 1 rounds
     * are 0 1 2 3 4 each, and every short call ended before the spinner's (m + 1)th slice. */
    size_t at = 0;
    for (size_t r = 0; r + 1 < m; r++)
        for (int32_t i = 0; i <= SHORTS; i++) assert_int_equal(log->log[at++], i);
    size_t spinner_slices = 0, ended = 0;
    for (size_t k = 0; k < log->n; k++) {
        if (log->log[k] == 0) spinner_slices++;
        if (log->log[k] > 100) {
            ended++;
            assert_true(spinner_slices <= m);
        }
    }
    assert_int_equal(ended, SHORTS);
    assert_int_equal(spinner_slices, m);

    /* The spinner is still there, yielded: delete cancels it and runs its done(). */
    assert_int_equal(atomic_load(&o[0].runs), 0);
    warden_scheduler_delete(sched);
    assert_cancelled(&o[0]);
    for (int i = 0; i <= SHORTS; i++) guest_delete(&g[i]);
    free(log);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * Deletion with calls left
 * ------------------------------------------------------------------------------------------- */

static void count_fire(void *env)
{
    atomic_fetch_add((atomic_int *)env, 1);
}

/* No workers: a yielded spinner, a pending call and a call never run; a timer and a watcher
 * left. Delete runs each done() in spawn order, with the call TRAPPED, and fires nothing. */
static void test_delete_host_loop(void **state)
{
    (void)state;
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    warden_engine_t *engine;
    API_OK(warden_engine_new_with_config(&config, &engine));
    warden_module_t *spin = api_module(engine, "sched_spin");
    warden_module_t *async = api_module(engine, "sched_async");
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 0, &sched));

    guest g[3];
    fetcher f;
    fetcher_init(&f, FETCH_KEEP, sched);
    outcome o[3];
    tally t;
    memset(&t, 0, sizeof t);
    sliced_guest(&g[0], engine, spin, NULL);
    guest_call_loop(&g[0], 0, -1);
    guest_new(&g[1], engine, async, &f, NULL);
    API_OK(warden_store_set_fuel(g[1].store, 1000000));
    guest_call_run(&g[1], 5);
    sliced_guest(&g[2], engine, spin, NULL);
    guest_call_loop(&g[2], 2, -1);
    for (int i = 0; i < 3; i++) {
        outcome_init(&o[i], &t, NULL, i);
        API_OK(warden_scheduler_spawn(sched, g[i].call, done_cb, &o[i]));
    }
    assert_int_equal(warden_scheduler_run(sched, 2), 2);
    assert_int_equal(warden_call_status(g[0].call), WARDEN_CALL_YIELDED);
    assert_int_equal(warden_call_status(g[1].call), WARDEN_CALL_PENDING);
    assert_int_equal(f.calls, 1);

    atomic_int fired;
    atomic_init(&fired, 0);
    uint64_t timer, watch;
    API_OK(warden_scheduler_after(sched, 0, count_fire, &fired, &timer));
    int p[2];
    assert_int_equal(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
    API_OK(warden_scheduler_when_ready(sched, p[0], false, count_fire, &fired, &watch));
    assert_int_equal(write(p[1], "x", 1), 1);

    warden_scheduler_delete(sched);
    for (int i = 0; i < 3; i++) {
        assert_cancelled(&o[i]);
        assert_int_equal(o[i].order, (size_t)i);
    }
    assert_int_equal(f.cancelled, 1);
    assert_int_equal(atomic_load(&fired), 0);
    /* A cancelled completion is still finished once, which frees it. */
    warden_val_t v = api_i32(0);
    warden_completion_return(f.kept, &v, 1);
    close(p[0]);
    close(p[1]);
    for (int i = 0; i < 3; i++) guest_delete(&g[i]);
    fetcher_destroy(&f);
    warden_module_delete(spin);
    warden_module_delete(async);
    warden_engine_delete(engine);
}

/* Workers: delete while a spinner runs and a call is pending. */
static void test_delete_workers(void **state)
{
    (void)state;
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    warden_engine_t *engine;
    API_OK(warden_engine_new_with_config(&config, &engine));
    warden_module_t *spin = api_module(engine, "sched_spin");
    warden_module_t *async = api_module(engine, "sched_async");
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 2, &sched));

    guest g[2];
    fetcher f;
    fetcher_init(&f, FETCH_KEEP, sched);
    outcome o[2];
    sliced_guest(&g[0], engine, spin, NULL);
    guest_call_loop(&g[0], 0, -1);
    guest_new(&g[1], engine, async, &f, NULL);
    API_OK(warden_store_set_fuel(g[1].store, 1000000));
    guest_call_run(&g[1], 5);
    for (int i = 0; i < 2; i++) {
        outcome_init(&o[i], NULL, NULL, i);
        API_OK(warden_scheduler_spawn(sched, g[i].call, done_cb, &o[i]));
    }
    fetcher_wait_calls(&f, 1);
    warden_scheduler_delete(sched);
    for (int i = 0; i < 2; i++) assert_cancelled(&o[i]);
    assert_int_equal(f.cancelled, 1);
    warden_val_t v = api_i32(0);
    warden_completion_return(f.kept, &v, 1);
    for (int i = 0; i < 2; i++) guest_delete(&g[i]);
    fetcher_destroy(&f);
    warden_module_delete(spin);
    warden_module_delete(async);
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * Spawning calls that already ran
 * ------------------------------------------------------------------------------------------- */

static void test_spawn_paused_and_done(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_module_t *module = api_module(engine, "sched_async");
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 0, &sched));

    /* A call PENDING whose completion finished before it was spawned: set_waker wakes it. */
    guest g;
    fetcher f;
    fetcher_init(&f, FETCH_KEEP, sched);
    guest_new(&g, engine, module, &f, NULL);
    guest_call_run(&g, 4);
    assert_int_equal(warden_call_resume(g.call), WARDEN_CALL_PENDING);
    warden_val_t v = api_i32(3 * f.kept_arg);
    warden_completion_return(f.kept, &v, 1);
    outcome o;
    outcome_init(&o, NULL, NULL, 0);
    API_OK(warden_scheduler_spawn(sched, g.call, done_cb, &o));
    assert_true(readable(warden_scheduler_fd(sched)));
    assert_int_equal(warden_scheduler_run(sched, 0), 1); /* to the second fetch */
    assert_int_equal(f.calls, 2);
    assert_false(readable(warden_scheduler_fd(sched)));
    assert_int_equal(warden_scheduler_run(sched, 0), 0);
    /* Finished from this thread, between runs: the waker queues it. */
    v = api_i32(3 * f.kept_arg);
    warden_completion_return(f.kept, &v, 1);
    assert_true(readable(warden_scheduler_fd(sched)));
    assert_int_equal(warden_scheduler_run(sched, 0), 1);
    assert_done(&o, expected_run(4));

    /* A call that is DONE already: its done() runs at its first turn. */
    warden_call_delete(g.call);
    f.mode = FETCH_INLINE;
    guest_call_run(&g, 8);
    assert_int_equal(warden_call_resume(g.call), WARDEN_CALL_DONE);
    outcome_init(&o, NULL, NULL, 0);
    API_OK(warden_scheduler_spawn(sched, g.call, done_cb, &o));
    assert_int_equal(warden_scheduler_run(sched, 0), 1);
    assert_done(&o, expected_run(8));

    warden_scheduler_delete(sched);
    guest_delete(&g);
    fetcher_destroy(&f);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * Timers
 * ------------------------------------------------------------------------------------------- */

#define TIMERS 10000

typedef struct fired_at {
    size_t *next; /* the order counter */
    size_t order; /* 0: not fired; else 1 + its place in the firing order */
    int times;
} fired_at;

static void record_fire(void *env)
{
    fired_at *a = env;
    a->order = ++*a->next;
    a->times++;
}

/* Runs the host loop until `*count` fired events reach `want`. */
static void run_until(warden_scheduler_t *sched, const size_t *count, size_t want)
{
    for (unsigned rounds = 0; *count < want; rounds++) {
        assert_true(rounds < 1000000);
        struct pollfd p = {.fd = warden_scheduler_fd(sched), .events = POLLIN};
        assert_int_equal(poll(&p, 1, -1), 1);
        assert_int_equal(warden_scheduler_run(sched, 0), 0); /* no calls: only events */
    }
}

static void test_timers_forget(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 0, &sched));
    size_t fired = 0;
    fired_at a[4];
    for (int i = 0; i < 4; i++) a[i] = (fired_at){.next = &fired};

    /* Forgotten before firing: true once, then false; it never fires. */
    uint64_t id0, id1, id2, id3;
    API_OK(warden_scheduler_after(sched, 3600000000000u, record_fire, &a[0], &id0));
    assert_true(warden_scheduler_forget(sched, id0));
    assert_false(warden_scheduler_forget(sched, id0));
    API_OK(warden_scheduler_after(sched, 0, record_fire, &a[1], &id1));
    assert_true(warden_scheduler_forget(sched, id1));
    /* Fired: forget says false. */
    API_OK(warden_scheduler_after(sched, 0, record_fire, &a[2], &id2));
    run_until(sched, &fired, 1);
    assert_int_equal(a[2].times, 1);
    assert_false(warden_scheduler_forget(sched, id2));
    assert_int_equal(warden_scheduler_run(sched, 0), 0);
    assert_int_equal(a[0].times + a[1].times, 0);
    assert_false(warden_scheduler_forget(sched, 0));
    assert_false(warden_scheduler_forget(sched, UINT64_MAX));
    /* Ids are never reused. */
    API_OK(warden_scheduler_after(sched, 3600000000000u, record_fire, &a[3], &id3));
    assert_true(id0 < id1 && id1 < id2 && id2 < id3);

    /* Ten thousand timers on one timerfd: no descriptor each. Timers due at once fire in the
     * order they were made (their deadlines are the times they were made); those forgotten
     * never fire. */
    fired_at *many = calloc(TIMERS, sizeof *many);
    uint64_t *ids = calloc(TIMERS, sizeof *ids);
    assert_non_null(many);
    assert_non_null(ids);
    size_t order = 0;
    size_t fds = open_fds();
    for (size_t i = 0; i < TIMERS; i++) {
        many[i].next = &order;
        /* Every fifth one far in the future, forgotten below out of heap order. */
        uint64_t ns = i % 5 == 4 ? 3600000000000u - i : 0;
        API_OK(warden_scheduler_after(sched, ns, record_fire, &many[i], &ids[i]));
    }
    assert_int_equal(open_fds(), fds);
    size_t forgotten = 0;
    for (size_t i = 0; i < TIMERS; i++) {
        if (i % 5 == 4 || i % 7 == 3) {
            assert_true(warden_scheduler_forget(sched, ids[i]));
            forgotten++;
        }
    }
    run_until(sched, &order, TIMERS - forgotten);
    size_t last = 0;
    for (size_t i = 0; i < TIMERS; i++) {
        if (i % 5 == 4 || i % 7 == 3) {
            assert_int_equal(many[i].times, 0);
            assert_false(warden_scheduler_forget(sched, ids[i]));
            continue;
        }
        assert_int_equal(many[i].times, 1);
        assert_true(many[i].order > last);
        last = many[i].order;
        assert_false(warden_scheduler_forget(sched, ids[i]));
    }
    assert_int_equal(order, TIMERS - forgotten);
    assert_false(readable(warden_scheduler_fd(sched))); /* only the far timer left */

    /* Deleting drops the far timer without firing it. */
    warden_scheduler_delete(sched);
    assert_int_equal(a[3].times, 0);
    free(many);
    free(ids);
    warden_engine_delete(engine);
}

/* With workers, the reactor thread fires events; forget races with it, and for every event
 * exactly one of the two wins. */
typedef struct racing {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t fired;
    int *times;
} racing;

typedef struct racer {
    racing *race;
    size_t index;
} racer;

static void racer_fire(void *env)
{
    racer *r = env;
    pthread_mutex_lock(&r->race->lock);
    r->race->times[r->index]++;
    r->race->fired++;
    pthread_cond_broadcast(&r->race->cond);
    pthread_mutex_unlock(&r->race->lock);
}

#define RACERS 2000

static void test_reactor_thread(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 1, &sched));
    racing race;
    memset(&race, 0, sizeof race);
    assert_int_equal(pthread_mutex_init(&race.lock, NULL), 0);
    assert_int_equal(pthread_cond_init(&race.cond, NULL), 0);
    race.times = calloc(RACERS, sizeof *race.times);
    racer *racers = calloc(RACERS, sizeof *racers);
    uint64_t *ids = calloc(RACERS, sizeof *ids);
    bool *forgotten = calloc(RACERS, sizeof *forgotten);
    assert_non_null(race.times);
    assert_non_null(racers);
    assert_non_null(ids);
    assert_non_null(forgotten);
    for (size_t i = 0; i < RACERS; i++) {
        racers[i] = (racer){.race = &race, .index = i};
        API_OK(warden_scheduler_after(sched, (i % 4) * 1000, racer_fire, &racers[i], &ids[i]));
        /* Forget every other one at once, while the reactor thread may be firing it. */
        if (i % 2) forgotten[i] = warden_scheduler_forget(sched, ids[i]);
    }
    size_t want = 0;
    for (size_t i = 0; i < RACERS; i++) want += !forgotten[i];
    pthread_mutex_lock(&race.lock);
    while (race.fired < want) pthread_cond_wait(&race.cond, &race.lock);
    pthread_mutex_unlock(&race.lock);
    /* With workers, run leaves the events to the reactor thread. */
    assert_int_equal(warden_scheduler_run(sched, 0), 0);
    warden_scheduler_delete(sched);
    for (size_t i = 0; i < RACERS; i++) {
        assert_int_equal(race.times[i], forgotten[i] ? 0 : 1);
    }
    assert_int_equal(race.fired, want);
    pthread_cond_destroy(&race.cond);
    pthread_mutex_destroy(&race.lock);
    free(race.times);
    free(racers);
    free(ids);
    free(forgotten);
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * Watched descriptors
 * ------------------------------------------------------------------------------------------- */

static void test_watchers(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_scheduler_t *sched;
    API_OK(warden_scheduler_new(engine, 0, &sched));
    size_t fired = 0;
    fired_at a[8];
    for (int i = 0; i < 8; i++) a[i] = (fired_at){.next = &fired};
    int p[2];
    assert_int_equal(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
    uint64_t r0, r1, w2;

    /* Two readers of one pipe and its writer: the writer fires at once, the readers once the
     * pipe holds a byte, each exactly once. */
    API_OK(warden_scheduler_when_ready(sched, p[0], false, record_fire, &a[0], &r0));
    API_OK(warden_scheduler_when_ready(sched, p[0], false, record_fire, &a[1], &r1));
    API_OK(warden_scheduler_when_ready(sched, p[1], true, record_fire, &a[2], &w2));
    run_until(sched, &fired, 1);
    assert_int_equal(a[2].times, 1);
    assert_int_equal(a[0].times + a[1].times, 0);
    assert_false(warden_scheduler_forget(sched, w2));
    assert_false(readable(warden_scheduler_fd(sched)));
    assert_int_equal(write(p[1], "x", 1), 1);
    run_until(sched, &fired, 3);
    assert_int_equal(a[0].times, 1);
    assert_int_equal(a[1].times, 1);
    assert_false(warden_scheduler_forget(sched, r0));
    assert_false(warden_scheduler_forget(sched, r1));
    /* One-shot: the byte is still there, but nothing watches any more. */
    assert_false(readable(warden_scheduler_fd(sched)));
    assert_int_equal(warden_scheduler_run(sched, 0), 0);
    assert_int_equal(fired, 3);

    /* Of two readers, the one forgotten does not fire. */
    uint64_t r3, r4;
    API_OK(warden_scheduler_when_ready(sched, p[0], false, record_fire, &a[3], &r3));
    API_OK(warden_scheduler_when_ready(sched, p[0], false, record_fire, &a[4], &r4));
    assert_true(warden_scheduler_forget(sched, r3));
    run_until(sched, &fired, 4);
    assert_int_equal(a[3].times, 0);
    assert_int_equal(a[4].times, 1);

    /* An empty pipe: nothing until a write. */
    char c;
    assert_int_equal(read(p[0], &c, 1), 1);
    uint64_t r5;
    API_OK(warden_scheduler_when_ready(sched, p[0], false, record_fire, &a[5], &r5));
    assert_int_equal(warden_scheduler_run(sched, 0), 0);
    assert_false(readable(warden_scheduler_fd(sched)));
    assert_int_equal(a[5].times, 0);
    assert_int_equal(write(p[1], "y", 1), 1);
    run_until(sched, &fired, 5);
    assert_int_equal(a[5].times, 1);

    /* Both directions on one socket: writable now, readable once the peer writes. */
    int s[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, s), 0);
    uint64_t r6, w7;
    API_OK(warden_scheduler_when_ready(sched, s[0], false, record_fire, &a[6], &r6));
    API_OK(warden_scheduler_when_ready(sched, s[0], true, record_fire, &a[7], &w7));
    run_until(sched, &fired, 6);
    assert_int_equal(a[7].times, 1);
    assert_int_equal(a[6].times, 0);
    assert_false(readable(warden_scheduler_fd(sched)));
    assert_int_equal(write(s[1], "z", 1), 1);
    run_until(sched, &fired, 7);
    assert_int_equal(a[6].times, 1);
    assert_int_equal(a[7].times, 1);

    /* Descriptors epoll cannot watch, or none at all. */
    FILE *file = tmpfile();
    assert_non_null(file);
    uint64_t id = 0;
    API_ERROR(warden_scheduler_when_ready(sched, fileno(file), false, record_fire, &a[0], &id),
              WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_scheduler_when_ready(sched, -1, false, record_fire, &a[0], &id),
              WARDEN_ERROR_ARGUMENT, NULL);
    fclose(file);

    /* A watcher left at deletion never fires. */
    uint64_t r8;
    API_OK(warden_scheduler_when_ready(sched, s[0], false, record_fire, &a[0], &r8));
    warden_scheduler_delete(sched);
    assert_int_equal(a[0].times, 1);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(s[i]);
    }
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * Wrong calls
 * ------------------------------------------------------------------------------------------- */

static void ignore_done(void *env, warden_call_t *call)
{
    (void)env;
    (void)call;
}

static void test_arguments(void **state)
{
    (void)state;
    warden_engine_t *engine;
    API_OK(warden_engine_new(&engine));
    warden_scheduler_t *sched = NULL;
    API_ERROR(warden_scheduler_new(NULL, 0, &sched), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_scheduler_new(engine, 0, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_scheduler_new(engine, 100000, &sched), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(sched);
    API_OK(warden_scheduler_new(engine, 0, &sched));
    uint64_t id;
    API_ERROR(warden_scheduler_spawn(NULL, NULL, ignore_done, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_scheduler_spawn(sched, NULL, ignore_done, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_scheduler_after(sched, 0, NULL, NULL, &id), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_scheduler_after(sched, 0, count_fire, NULL, NULL), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_scheduler_after(NULL, 0, count_fire, NULL, &id), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_scheduler_when_ready(NULL, 0, false, count_fire, NULL, &id),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_int_equal(warden_scheduler_fd(NULL), -1);
    assert_int_equal(warden_scheduler_run(NULL, 0), 0);
    assert_false(warden_scheduler_forget(NULL, 1));
    warden_scheduler_wait_idle(NULL);
    warden_scheduler_delete(NULL);
    warden_scheduler_delete(sched);
    warden_engine_delete(engine);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workers_many_calls), cmocka_unit_test(test_workers_watch_one_pipe),
        cmocka_unit_test(test_host_loop),          cmocka_unit_test(test_wait_idle),
        cmocka_unit_test(test_round_robin),        cmocka_unit_test(test_delete_host_loop),
        cmocka_unit_test(test_delete_workers),     cmocka_unit_test(test_spawn_paused_and_done),
        cmocka_unit_test(test_timers_forget),      cmocka_unit_test(test_watchers),
        cmocka_unit_test(test_reactor_thread),     cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
