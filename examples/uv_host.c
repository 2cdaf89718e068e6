/*
 * uv_host — many guests on one libuv event loop, with warden's scheduler and async host functions.
 *
 *   uv_host [MODULE.wasm]        (by default the uv_guest.wasm built from examples/uv_guest.wat)
 *
 * A host built on libuv runs everything on the thread of its loop. This program runs 50 guest
 * instances ("tenants", each in its own store) concurrently inside that loop, without a thread of
 * warden's own for them:
 *
 *   1. The scheduler is made with workers == 0: it runs guest code only when the host calls
 *      warden_scheduler_run().
 *   2. Its descriptor, warden_scheduler_fd(), is readable while a call is ready to run. A uv_poll_t
 *      watches it, and the poll's callback calls warden_scheduler_run(): guest code runs on the
 *      loop's thread, in turns with libuv's timers and I/O.
 *   3. The guest's imports are async host functions built on libuv. `sleep_ms` starts a
 *      uv_timer_t; `read_file` starts a uv_fs_read straight into the guest's linear memory. Both
 *      return at once, and the guest's call pauses (WARDEN_CALL_PENDING): it holds no thread and
 *      no C stack while it waits. The uv callback finishes the completion; that makes the call
 *      ready again and the scheduler's descriptor readable, and the poll callback runs it on.
 *
 * Each tenant computes a checksum of what it read; the program computes the same checksums from
 * the file itself and exits with status 0 only when all 50 agree. It also prints how many timers
 * were in flight at once, to show that the tenants really ran side by side.
 */
#include <warden.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#ifndef WARDEN_UV_GUEST_WASM
#define WARDEN_UV_GUEST_WASM "uv_guest.wasm"
#endif

enum {
    TENANTS = 50,
    ROUNDS = 3,             /* sleeps and reads per tenant: uv_guest.wat's loop */
    CHUNK = 4096,           /* bytes the guest asks for per read */
    FILE_BYTES = 64 * 1024, /* the data file: the last tenants' reads come back short */
    RUN_BATCH = 16,         /* slices per turn of the loop (see on_scheduler_fd) */
};

/* ---------------------------------------------------------------------------------------------
 * The host's state: one of each, in main's locals. Everything here is touched only by the loop's
 * thread: the uv callbacks, the poll callback and, inside it, the guest code, the async host
 * functions and the done() callbacks all run there. So no lock is needed.
 * ------------------------------------------------------------------------------------------- */

typedef struct host {
    uv_loop_t loop;
    uv_file file; /* the data file the guests read */
    warden_scheduler_t *sched;
    uv_poll_t poll; /* watches warden_scheduler_fd(sched) */
    int unfinished; /* tenants whose call has not ended */
    int sleeping, max_sleeping, reading, max_reading, sleeps, reads;
} host;

typedef struct tenant {
    host *host;
    int32_t id;
    warden_store_t *store;
    bool done; /* its call ended, and: */
    bool ok;   /* it returned a checksum */
    uint64_t checksum;
} tenant;

/* Prints a failed API call's error and ends the program (setup only: an example may be blunt). */
static void check(warden_error_t *error, const char *what)
{
    if (!error) return;
    fprintf(stderr, "uv_host: %s: %s\n", what, warden_error_message(error));
    warden_error_delete(error);
    exit(1);
}

static void check_uv(int rc, const char *what)
{
    if (rc >= 0) return;
    fprintf(stderr, "uv_host: %s: %s\n", what, uv_strerror(rc));
    exit(1);
}

/* ---------------------------------------------------------------------------------------------
 * Async host function "host" "sleep_ms" (i32) -> (): a libuv timer
 * ------------------------------------------------------------------------------------------- */

typedef struct sleep_request {
    uv_timer_t timer;
    warden_completion_t *completion;
    host *host;
} sleep_request;

static void free_sleep_request(uv_handle_t *handle)
{
    free(handle->data);
}

static void on_timer(uv_timer_t *timer)
{
    sleep_request *r = timer->data;
    r->host->sleeping--;
    /* The operation is over: finish the completion. The paused call becomes ready (the
     * scheduler's descriptor turns readable) and goes on at the next turn of the loop. */
    warden_completion_return(r->completion, NULL, 0);
    uv_close((uv_handle_t *)timer, free_sleep_request);
}

/* Called by the guest, on the loop's thread (inside warden_scheduler_run). It starts the timer and
 * returns: the guest's call pauses until on_timer finishes the completion. */
static void host_sleep_ms(void *env, warden_caller_t *caller, const warden_val_t *args,
                          size_t nargs, warden_completion_t *completion)
{
    (void)caller, (void)nargs;
    host *h = env;
    sleep_request *r = malloc(sizeof *r);
    if (!r) {
        /* A failure becomes a trap in the guest, like a sync host function's. */
        warden_completion_trap(completion, warden_trap_new("sleep_ms: out of memory"));
        return;
    }
    r->completion = completion;
    r->host = h;
    uv_timer_init(&h->loop, &r->timer);
    r->timer.data = r;
    uv_timer_start(&r->timer, on_timer, (uint32_t)args[0].of.i32, 0);
    h->sleeps++;
    if (++h->sleeping > h->max_sleeping) h->max_sleeping = h->sleeping;
}

/* ---------------------------------------------------------------------------------------------
 * Async host function "host" "read_file" (i64 offset, i32 ptr, i32 len) -> i32: uv_fs_read
 * ------------------------------------------------------------------------------------------- */

typedef struct read_request {
    uv_fs_t fs;
    warden_completion_t *completion;
    host *host;
} read_request;

static void on_read(uv_fs_t *fs)
{
    read_request *r = fs->data;
    r->host->reading--;
    /* Bytes read, or a negative libuv error number: the guest decides what to do with it. */
    warden_val_t result = {.kind = WARDEN_I32, .of.i32 = (int32_t)fs->result};
    uv_fs_req_cleanup(fs);
    warden_completion_return(r->completion, &result, 1);
    free(r);
}

/* Reads into the guest's memory directly. That is safe because
 *   - the bounds are checked here, against the memory's size now, and linear memory never moves
 *     (it may grow, never shrink), so the range stays valid;
 *   - the guest is paused until on_read runs: nothing else touches those bytes meanwhile;
 *   - the store lives until every call has ended (main deletes the stores last). A host that
 *     cancels calls (warden_call_cancel, a deadline, deleting the scheduler) must also keep the
 *     store until the reads it started have come back: warden_completion_on_cancel tells it when
 *     its completion was cancelled, and finishing a cancelled completion only frees it. */
static void host_read_file(void *env, warden_caller_t *caller, const warden_val_t *args,
                           size_t nargs, warden_completion_t *completion)
{
    (void)nargs;
    host *h = env;
    int64_t offset = args[0].of.i64;
    uint32_t ptr = (uint32_t)args[1].of.i32, len = (uint32_t)args[2].of.i32;
    warden_memory_t *memory = warden_caller_export_memory(caller, "memory");
    if (!memory || (uint64_t)ptr + len > warden_memory_size(memory)) {
        warden_completion_trap(completion, warden_trap_new("read_file: out of bounds"));
        return;
    }
    if (offset < 0) {
        warden_val_t result = {.kind = WARDEN_I32, .of.i32 = UV_EINVAL};
        warden_completion_return(completion, &result, 1);
        return;
    }
    read_request *r = malloc(sizeof *r);
    if (!r) {
        warden_completion_trap(completion, warden_trap_new("read_file: out of memory"));
        return;
    }
    r->completion = completion;
    r->host = h;
    r->fs.data = r;
    uv_buf_t buf = uv_buf_init((char *)warden_memory_data(memory) + ptr, len);
    int rc = uv_fs_read(&h->loop, &r->fs, h->file, &buf, 1, offset, on_read);
    if (rc < 0) { /* not started: finish now, inside the callback (the call does not pause) */
        warden_val_t result = {.kind = WARDEN_I32, .of.i32 = rc};
        uv_fs_req_cleanup(&r->fs);
        free(r);
        warden_completion_return(completion, &result, 1);
        return;
    }
    h->reads++;
    if (++h->reading > h->max_reading) h->max_reading = h->reading;
}

/* ---------------------------------------------------------------------------------------------
 * Driving the scheduler from the loop
 * ------------------------------------------------------------------------------------------- */

/* The scheduler's descriptor is readable: calls are ready (or its own timers are due). Run a
 * bounded batch of slices, so that one turn of the loop never runs guest code for long. The
 * descriptor is level-triggered: while calls are still ready, libuv calls back on its next turn,
 * after handling its own timers and I/O. */
static void on_scheduler_fd(uv_poll_t *poll, int status, int events)
{
    (void)events;
    host *h = poll->data;
    if (status < 0) {
        fprintf(stderr, "uv_host: polling the scheduler: %s\n", uv_strerror(status));
        exit(1);
    }
    warden_scheduler_run(h->sched, RUN_BATCH);
}

/* A tenant's call ended (DONE or TRAPPED). Runs on the thread that ran its last slice: here the
 * loop's. The call is the host's again: take its result and delete it. */
static void tenant_done(void *env, warden_call_t *call)
{
    tenant *t = env;
    warden_val_t result;
    if (warden_call_status(call) == WARDEN_CALL_DONE && !warden_call_results(call, &result, 1)) {
        t->checksum = (uint64_t)result.of.i64;
        t->ok = true;
    } else {
        const warden_trap_t *trap = warden_call_trap(call);
        fprintf(stderr, "uv_host: tenant %d trapped: %s\n", (int)t->id,
                trap ? warden_trap_message(trap) : "?");
    }
    t->done = true;
    warden_call_delete(call);
    /* The last one stops the poll: with no handle left, uv_run returns. */
    if (--t->host->unfinished == 0) uv_close((uv_handle_t *)&t->host->poll, NULL);
}

/* Gives a tenant its own store and instance, and hands its call run(id) to the scheduler. The
 * linker is shared: each tenant's host functions replace the previous tenant's definitions. */
static void tenant_start(tenant *t, warden_engine_t *engine, warden_linker_t *linker,
                         const warden_module_t *module)
{
    static const warden_valkind_t sleep_params[] = {WARDEN_I32};
    static const warden_valkind_t read_params[] = {WARDEN_I64, WARDEN_I32, WARDEN_I32};
    static const warden_valkind_t read_results[] = {WARDEN_I32};
    const warden_functype_t sleep_type = {1, 0, sleep_params, NULL};
    const warden_functype_t read_type = {3, 1, read_params, read_results};

    warden_func_t *sleep_fn, *read_fn;
    check(warden_store_new(engine, &t->store), "creating a store");
    check(warden_func_new_async(t->store, &sleep_type, host_sleep_ms, t->host, NULL, &sleep_fn),
          "creating sleep_ms");
    check(warden_func_new_async(t->store, &read_type, host_read_file, t->host, NULL, &read_fn),
          "creating read_file");
    check(warden_linker_define(linker, "host", 4, "sleep_ms", 8,
                               (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = sleep_fn}),
          "defining sleep_ms");
    check(warden_linker_define(linker, "host", 4, "read_file", 9,
                               (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = read_fn}),
          "defining read_file");

    warden_instance_t *instance;
    warden_trap_t *trap = NULL;
    check(warden_linker_instantiate(linker, t->store, module, &instance, &trap), "instantiating");
    if (trap) {
        fprintf(stderr, "uv_host: instantiation trapped: %s\n", warden_trap_message(trap));
        exit(1);
    }
    warden_func_t *run = warden_instance_export_func(instance, "run");
    if (!run) {
        fprintf(stderr, "uv_host: the module exports no function \"run\"\n");
        exit(1);
    }

    /* A call that can pause: nothing runs yet. The scheduler takes it, gives the store its
     * default time slice, and runs it from warden_scheduler_run. */
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = t->id};
    warden_call_t *call;
    check(warden_call_new(t->store, run, &arg, 1, &call), "preparing the call");
    check(warden_scheduler_spawn(t->host->sched, call, tenant_done, t), "spawning the call");
}

/* ---------------------------------------------------------------------------------------------
 * The data file and the expected answers
 * ------------------------------------------------------------------------------------------- */

/* Fills data with pseudo-random bytes and writes them to a new temporary file, unlinked at once:
 * the descriptor keeps it until it is closed. Returns the descriptor. */
static int make_data_file(uint8_t *data, size_t size)
{
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < size; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        data[i] = (uint8_t)(x >> 24);
    }
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/warden-uv-host-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("uv_host: creating the data file");
        exit(1);
    }
    unlink(path);
    if (write(fd, data, size) != (ssize_t)size) {
        perror("uv_host: writing the data file");
        exit(1);
    }
    return fd;
}

/* What uv_guest.wat's run(id) returns for this file. */
static uint64_t expected_checksum(const uint8_t *data, size_t size, int32_t id)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (int round = 0; round < ROUNDS; round++) {
        size_t offset = (size_t)id * 1300 + (size_t)round * 173;
        size_t n = offset < size ? size - offset : 0;
        if (n > CHUNK) n = CHUNK;
        for (size_t i = 0; i < n; i++) h = (h ^ data[offset + i]) * 0x100000001b3u;
        h ^= n;
    }
    return h;
}

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

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : WARDEN_UV_GUEST_WASM;
    if (argc > 2) {
        fprintf(stderr, "usage: uv_host [MODULE.wasm]\n");
        return 2;
    }
    size_t wasm_len;
    uint8_t *wasm = read_whole_file(path, &wasm_len);
    if (!wasm) {
        perror(path);
        return 1;
    }

    host h = {0};
    tenant tenants[TENANTS] = {0};
    uint8_t *data = malloc(FILE_BYTES);
    if (!data) return 1;
    h.file = make_data_file(data, FILE_BYTES);
    check_uv(uv_loop_init(&h.loop), "uv_loop_init");

    /* One engine and one module for every tenant; a store each. */
    warden_engine_t *engine;
    warden_module_t *module;
    warden_linker_t *linker;
    check(warden_engine_new(&engine), "creating the engine");
    check(warden_module_new(engine, wasm, wasm_len, &module), "loading the module");
    check(warden_linker_new(engine, &linker), "creating the linker");

    /* workers == 0: no threads; the loop runs the calls. */
    check(warden_scheduler_new(engine, 0, &h.sched), "creating the scheduler");
    check_uv(uv_poll_init(&h.loop, &h.poll, warden_scheduler_fd(h.sched)), "uv_poll_init");
    h.poll.data = &h;
    check_uv(uv_poll_start(&h.poll, UV_READABLE, on_scheduler_fd), "uv_poll_start");

    double start = now_ms();
    for (int32_t i = 0; i < TENANTS; i++) {
        tenants[i].host = &h;
        tenants[i].id = i;
        tenant_start(&tenants[i], engine, linker, module);
        h.unfinished++;
    }
    /* Everything happens in here: runs until the last tenant_done closes the poll handle. */
    check_uv(uv_run(&h.loop, UV_RUN_DEFAULT), "uv_run");
    double wall = now_ms() - start;

    int right = 0;
    for (int32_t i = 0; i < TENANTS; i++) {
        uint64_t want = expected_checksum(data, FILE_BYTES, i);
        if (tenants[i].done && tenants[i].ok && tenants[i].checksum == want)
            right++;
        else
            fprintf(stderr,
                    "uv_host: tenant %d: checksum %016" PRIx64 ", expected %016" PRIx64 "\n",
                    (int)i, tenants[i].checksum, want);
    }
    int slept_ms = 0; /* the sleeps one after another: what uv_guest.wat asks for */
    for (int32_t i = 0; i < TENANTS; i++)
        for (int32_t round = 0; round < ROUNDS; round++) slept_ms += 1 + (i + round) % 5;

    printf("uv_host: %d tenants on one libuv loop, %d sleeps and %d file reads: %d of %d checksums "
           "right\n",
           TENANTS, h.sleeps, h.reads, right, TENANTS);
    printf("uv_host: %.1f ms of wall time for %d ms of sleeps; at most %d timers and %d reads in "
           "flight at once\n",
           wall, slept_ms, h.max_sleeping, h.max_reading);

    /* Every call has ended, so nothing is left in the scheduler, the loop or the stores. */
    warden_scheduler_delete(h.sched);
    for (int32_t i = 0; i < TENANTS; i++) warden_store_delete(tenants[i].store);
    warden_linker_delete(linker);
    warden_module_delete(module);
    warden_engine_delete(engine);
    close(h.file);
    int loop_rc = uv_loop_close(&h.loop);
    free(data);
    free(wasm);

    bool ok = right == TENANTS && h.sleeps == TENANTS * ROUNDS && h.reads == TENANTS * ROUNDS &&
              h.max_sleeping > 1 && loop_rc == 0;
    if (!ok) fprintf(stderr, "uv_host: FAILED\n");
    return ok ? 0 : 1;
}
