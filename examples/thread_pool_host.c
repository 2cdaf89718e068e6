/*
 * thread_pool_host — a threaded server on warden's scheduler: a pool of workers runs the guests'
 * calls, a backend thread answers their database lookups, and a tenant that never stops does not
 * hold up anyone else.
 *
 *   thread_pool_host [MODULE.wasm]   (by default thread_pool_guest.wasm, from the .wat beside it)
 *
 * The parts, each a thread or a callback:
 *
 *   producer   receives "requests" (here: makes 200 of them, one every 250 µs). For each it makes
 *              a store, instantiates the guest in it and spawns the call handle(user) onto the
 *              scheduler. Spawning returns at once: the producer never runs guest code.
 *   workers    the scheduler's 4 threads. They run ready calls round-robin, one time slice at a
 *              time. A call that waits for the database holds no worker.
 *   backend    the guest's import db.get is an async host function: it queues the lookup for
 *              the backend thread (a queue and a condition variable, standing in for a database
 *              client) and returns. The call pauses; the backend answers a batch of lookups at a
 *              time and finishes their completions, which puts the calls back in the ready queue.
 *   done()     runs on the worker that finished a call: it takes the response, deletes the call
 *              and its store, and counts the response for main.
 *   spinners   four tenants whose call spins forever, as many as there are workers. Their stores
 *              have 1-tick (1 ms) time slices, so each returns its worker to the queue every
 *              millisecond and the requests still get through. Once every request has its
 *              response, main stops the spinners with interrupts.
 *
 * main checks every response against the same computation done natively, and that the spinners
 * were stopped by their interrupts; the exit status is 0 only when everything is right. It prints
 * the requests' latencies (spawn to done()): a request waits in the ready queue three times (to
 * start, and after each lookup), each time for up to a slice of a spinner.
 */
#include <warden.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef WARDEN_THREAD_POOL_GUEST_WASM
#define WARDEN_THREAD_POOL_GUEST_WASM "thread_pool_guest.wasm"
#endif

enum {
    WORKERS = 4,
    SPINNERS = WORKERS, /* enough to hold every worker, were it not for time slices */
    REQUESTS = 200,
    REQUEST_GAP_US = 250,   /* between two requests of the producer */
    BACKEND_DELAY_US = 100, /* the backend's "round trip" per batch of lookups */
};

/* Prints a failed API call's error and ends the program (setup only: an example may be blunt). */
static void check(warden_error_t *error, const char *what)
{
    if (!error) return;
    fprintf(stderr, "thread_pool_host: %s: %s\n", what, warden_error_message(error));
    warden_error_delete(error);
    exit(1);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_us(long us)
{
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

/* ---------------------------------------------------------------------------------------------
 * The backend: one thread answering lookups from a queue
 * ------------------------------------------------------------------------------------------- */

/* The "database": the value stored under a key. */
static int64_t db_value(int32_t key)
{
    return (int64_t)key * key + 7;
}

typedef struct lookup {
    warden_completion_t *completion;
    int32_t key;
    struct lookup *next;
} lookup;

typedef struct backend {
    pthread_mutex_t lock;
    pthread_cond_t more;
    lookup *head, **tail; /* the queue */
    bool stop;
    unsigned long answered;
    pthread_t thread;
} backend;

static void *backend_main(void *arg)
{
    backend *b = arg;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        while (!b->head && !b->stop) pthread_cond_wait(&b->more, &b->lock);
        if (!b->head) break; /* stopping, and nothing is left */
        lookup *batch = b->head;
        b->head = NULL;
        b->tail = &b->head;
        pthread_mutex_unlock(&b->lock);

        sleep_us(BACKEND_DELAY_US); /* the database takes its time */
        unsigned long n = 0;
        for (lookup *l = batch, *next; l; l = next, n++) {
            next = l->next;
            warden_val_t value = {.kind = WARDEN_I64, .of.i64 = db_value(l->key)};
            /* From this thread, any time: the paused call becomes ready, and a worker runs it
             * on with `value` as db.get's result. */
            warden_completion_return(l->completion, &value, 1);
            free(l);
        }
        pthread_mutex_lock(&b->lock);
        b->answered += n;
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* The async host function "db" "get" (i32) -> i64. It runs on a worker, inside the guest's call:
 * it hands the lookup to the backend and returns at once, without the result. */
static void host_db_get(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                        warden_completion_t *completion)
{
    (void)caller, (void)nargs;
    backend *b = env;
    lookup *l = malloc(sizeof *l);
    if (!l) {
        warden_completion_trap(completion, warden_trap_new("db.get: out of memory"));
        return;
    }
    l->completion = completion;
    l->key = args[0].of.i32;
    l->next = NULL;
    pthread_mutex_lock(&b->lock);
    *b->tail = l;
    b->tail = &l->next;
    pthread_cond_signal(&b->more);
    pthread_mutex_unlock(&b->lock);
}

/* ---------------------------------------------------------------------------------------------
 * The server's state: in main's locals, shared with the threads by pointer
 * ------------------------------------------------------------------------------------------- */

typedef struct server server;

typedef struct request {
    server *server;
    int32_t user;
    warden_store_t *store; /* this request's own store, deleted by its done() */
    double spawned_ms, done_ms;
    bool ok;
    int64_t response;
} request;

typedef struct spinner {
    warden_store_t *store;
    warden_instance_t *instance;
    warden_interrupt_t *interrupt;
    bool ended; /* under server.lock */
    warden_trap_kind_t trap_kind;
    int64_t spins;
} spinner;

struct server {
    warden_engine_t *engine;
    warden_module_t *module;
    warden_scheduler_t *sched;
    backend backend;
    request requests[REQUESTS];
    spinner spinners[SPINNERS];
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a response came, or a spinner ended */
    int responses, spinners_ended;
};

/* A store with the guest instantiated, its db.get served by the backend. */
static warden_instance_t *new_instance(server *s, warden_store_t **store)
{
    static const warden_valkind_t params[] = {WARDEN_I32}, results[] = {WARDEN_I64};
    const warden_functype_t get_type = {1, 1, params, results};
    warden_func_t *get;
    warden_linker_t *linker;
    warden_instance_t *instance;
    warden_trap_t *trap = NULL;
    check(warden_store_new(s->engine, store), "creating a store");
    check(warden_func_new_async(*store, &get_type, host_db_get, &s->backend, NULL, &get),
          "creating db.get");
    check(warden_linker_new(s->engine, &linker), "creating a linker");
    check(warden_linker_define(linker, "db", 2, "get", 3,
                               (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = get}),
          "defining db.get");
    check(warden_linker_instantiate(linker, *store, s->module, &instance, &trap), "instantiating");
    warden_linker_delete(linker);
    if (trap) {
        fprintf(stderr, "thread_pool_host: instantiation trapped: %s\n", warden_trap_message(trap));
        exit(1);
    }
    return instance;
}

/* ---------------------------------------------------------------------------------------------
 * Requests: spawned by the producer, finished in done() on a worker
 * ------------------------------------------------------------------------------------------- */

static void request_done(void *env, warden_call_t *call)
{
    request *r = env;
    r->done_ms = now_ms();
    warden_val_t result;
    if (warden_call_status(call) == WARDEN_CALL_DONE && !warden_call_results(call, &result, 1)) {
        r->response = result.of.i64;
        r->ok = true;
    } else {
        const warden_trap_t *trap = warden_call_trap(call);
        fprintf(stderr, "thread_pool_host: request %d trapped: %s\n", (int)r->user,
                trap ? warden_trap_message(trap) : "?");
    }
    /* The call is the host's again, and so is its store: this worker may delete both. */
    warden_call_delete(call);
    warden_store_delete(r->store);
    r->store = NULL;

    server *s = r->server;
    pthread_mutex_lock(&s->lock);
    s->responses++;
    pthread_cond_signal(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

static void *producer_main(void *arg)
{
    server *s = arg;
    for (int32_t i = 0; i < REQUESTS; i++) {
        request *r = &s->requests[i];
        r->server = s;
        r->user = i;
        warden_instance_t *instance = new_instance(s, &r->store);
        warden_val_t user = {.kind = WARDEN_I32, .of.i32 = r->user};
        warden_call_t *call;
        check(warden_call_new(r->store, warden_instance_export_func(instance, "handle"), &user, 1,
                              &call),
              "preparing a request's call");
        r->spawned_ms = now_ms();
        /* From here on the call is the scheduler's, until request_done gets it back. */
        check(warden_scheduler_spawn(s->sched, call, request_done, r), "spawning a request");
        sleep_us(REQUEST_GAP_US);
    }
    return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Spinners
 * ------------------------------------------------------------------------------------------- */

typedef struct spinner_env {
    server *server;
    spinner *spinner;
} spinner_env;

static void spinner_done(void *env, warden_call_t *call)
{
    spinner_env *e = env;
    spinner *sp = e->spinner;
    const warden_trap_t *trap = warden_call_trap(call);
    sp->trap_kind = trap ? warden_trap_kind(trap) : 0;
    warden_extern_t spins;
    if (warden_instance_export(sp->instance, "spins", 5, &spins)) {
        warden_val_t v;
        warden_global_get(spins.of.global, &v);
        sp->spins = v.of.i64;
    }
    warden_call_delete(call);
    pthread_mutex_lock(&e->server->lock);
    sp->ended = true;
    e->server->spinners_ended++;
    pthread_cond_signal(&e->server->changed);
    pthread_mutex_unlock(&e->server->lock);
}

static void spinner_start(server *s, spinner *sp, spinner_env *env)
{
    sp->instance = new_instance(s, &sp->store);
    /* 1 tick (the engine's default tick is 1 ms): the call yields its worker every millisecond.
     * Without a slice of its own, the scheduler would give it WARDEN_SCHEDULER_SLICE_TICKS. */
    warden_store_set_slice_ticks(sp->store, 1);
    /* The handle another thread uses to stop the call. */
    check(warden_interrupt_new(sp->store, &sp->interrupt), "creating an interrupt handle");
    warden_call_t *call;
    check(warden_call_new(sp->store, warden_instance_export_func(sp->instance, "spin"), NULL, 0,
                          &call),
          "preparing a spinner's call");
    env->server = s;
    env->spinner = sp;
    check(warden_scheduler_spawn(s->sched, call, spinner_done, env), "spawning a spinner");
}

/* Stops the spinners and waits until their done() ran. An interrupt ends a call at its next
 * check site, or at its next resume if it is waiting in the ready queue. It does nothing to a call
 * that has not started yet (like any interrupt raised while no call runs), so it is raised again
 * every few milliseconds until each spinner has ended. */
static void stop_spinners(server *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->spinners_ended < SPINNERS) {
        for (int i = 0; i < SPINNERS; i++)
            if (!s->spinners[i].ended) warden_interrupt_raise(s->spinners[i].interrupt);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 5 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000) until.tv_sec++, until.tv_nsec -= 1000000000;
        pthread_cond_timedwait(&s->changed, &s->lock, &until);
    }
    pthread_mutex_unlock(&s->lock);
}

/* ---------------------------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------------------------- */

static uint8_t *read_whole_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) break;
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    bool ok = !ferror(f) && n < cap;
    fclose(f);
    if (!ok) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : WARDEN_THREAD_POOL_GUEST_WASM;
    if (argc > 2) {
        fprintf(stderr, "usage: thread_pool_host [MODULE.wasm]\n");
        return 2;
    }
    size_t wasm_len;
    uint8_t *wasm = read_whole_file(path, &wasm_len);
    if (!wasm) {
        perror(path);
        return 1;
    }

    server s; /* main's own, shared with the threads by pointer */
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.changed, NULL);
    pthread_mutex_init(&s.backend.lock, NULL);
    pthread_cond_init(&s.backend.more, NULL);
    s.backend.tail = &s.backend.head;

    /* The engine and the module are shared by every thread; stores are one per request. */
    check(warden_engine_new(&s.engine), "creating the engine");
    check(warden_module_new(s.engine, wasm, wasm_len, &s.module), "loading the module");
    free(wasm);
    if (pthread_create(&s.backend.thread, NULL, backend_main, &s.backend)) {
        fprintf(stderr, "thread_pool_host: cannot start the backend thread\n");
        return 1;
    }
    check(warden_scheduler_new(s.engine, WORKERS, &s.sched), "creating the scheduler");

    spinner_env spinner_envs[SPINNERS];
    for (int i = 0; i < SPINNERS; i++) spinner_start(&s, &s.spinners[i], &spinner_envs[i]);

    double start = now_ms();
    pthread_t producer;
    if (pthread_create(&producer, NULL, producer_main, &s)) {
        fprintf(stderr, "thread_pool_host: cannot start the producer thread\n");
        return 1;
    }
    pthread_mutex_lock(&s.lock);
    while (s.responses < REQUESTS) pthread_cond_wait(&s.changed, &s.lock);
    pthread_mutex_unlock(&s.lock);
    double wall = now_ms() - start;
    pthread_join(producer, NULL);

    stop_spinners(&s);
    /* Nothing is left in the scheduler: deleting it only stops its threads. */
    warden_scheduler_delete(s.sched);
    pthread_mutex_lock(&s.backend.lock);
    s.backend.stop = true;
    pthread_cond_signal(&s.backend.more);
    pthread_mutex_unlock(&s.backend.lock);
    pthread_join(s.backend.thread, NULL);

    /* Every response, checked against the handler computed natively. */
    int right = 0;
    double latency[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
        request *r = &s.requests[i];
        int64_t want = 3 * db_value(2 * r->user) + db_value(2 * r->user + 1);
        if (r->ok && r->response == want)
            right++;
        else
            fprintf(stderr,
                    "thread_pool_host: request %d: response %" PRId64 ", expected %" PRId64 "\n", i,
                    r->response, want);
        latency[i] = r->done_ms - r->spawned_ms;
    }
    qsort(latency, REQUESTS, sizeof *latency, compare_doubles);
    int interrupted = 0;
    int64_t spins = 0;
    for (int i = 0; i < SPINNERS; i++) {
        if (s.spinners[i].trap_kind == WARDEN_TRAP_INTERRUPTED && s.spinners[i].spins > 0)
            interrupted++;
        spins += s.spinners[i].spins;
    }

    printf("thread_pool_host: %d workers, %d requests, %lu database lookups: %d of %d responses "
           "right\n",
           WORKERS, REQUESTS, s.backend.answered, right, REQUESTS);
    printf("thread_pool_host: all answered in %.1f ms; latency median %.2f ms, max %.2f ms\n", wall,
           latency[REQUESTS / 2], latency[REQUESTS - 1]);
    printf("thread_pool_host: meanwhile %d spinning tenants went round their loops %.1f million "
           "times; %d of %d stopped by their interrupt\n",
           SPINNERS, (double)spins / 1e6, interrupted, SPINNERS);

    for (int i = 0; i < SPINNERS; i++) {
        warden_interrupt_delete(s.spinners[i].interrupt);
        warden_store_delete(s.spinners[i].store);
    }
    warden_module_delete(s.module);
    warden_engine_delete(s.engine);
    pthread_cond_destroy(&s.backend.more);
    pthread_mutex_destroy(&s.backend.lock);
    pthread_cond_destroy(&s.changed);
    pthread_mutex_destroy(&s.lock);

    bool ok = right == REQUESTS && interrupted == SPINNERS &&
              s.backend.answered == 2 * (unsigned long)REQUESTS;
    if (!ok) fprintf(stderr, "thread_pool_host: FAILED\n");
    return ok ? 0 : 1;
}
