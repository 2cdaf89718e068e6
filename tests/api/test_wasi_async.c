/* WASI under a scheduler (warden_wasi_set_scheduler): poll_oneoff, fd_read and sock_recv pause the
 * call instead of blocking a thread. Many sleepers on two workers without a thread each; a read
 * from a pipe and from a socket that stay PENDING until the test writes; a poll on a descriptor
 * and a long clock, finished by the descriptor; a deadline, a cancel and a store deletion while a
 * call waits (the reactor's events are forgotten: the sanitizers see no leak); cancels racing the
 * timer; and the same functions without a scheduler, unchanged. */
#include "support.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "warden_wasi.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define WASI_ASYNC_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define WASI_ASYNC_SANITIZED 1
#endif
#endif
#ifdef WASI_ASYNC_SANITIZED
#define SLEEPERS 1000
#else
#define SLEEPERS 10000
#endif

#define MS 1000000ll
#define HOUR (3600ll * 1000 * MS)
#define WASI_EAGAIN 6
#define WASI_EBADF 8

/* One guest: a store of its own with WASI (its own context) and the fixture instantiated. */
typedef struct guest {
    warden_store_t *store;
    warden_wasi_t *wasi;
    warden_instance_t *inst;
    uint8_t *mem;
    warden_call_t *call;
    warden_call_status_t status; /* what done() saw */
    atomic_bool done;
} guest;

static void guest_new(guest *g, warden_engine_t *engine, const warden_module_t *module,
                      warden_scheduler_t *sched, const warden_wasi_config_t *config)
{
    memset(g, 0, sizeof *g);
    API_OK(warden_store_new(engine, &g->store));
    warden_store_limits_t lim;
    warden_store_limits_default(&lim);
    lim.max_stack_bytes = 64 * 1024; /* thousands of stores at once */
    lim.max_call_depth = 64;
    API_OK(warden_store_set_limits(g->store, &lim));
    warden_wasi_config_t *own = NULL;
    if (!config) API_OK(warden_wasi_config_new(&own));
    API_OK(warden_wasi_new(config ? config : own, &g->wasi));
    warden_wasi_config_delete(own);
    if (sched) API_OK(warden_wasi_set_scheduler(g->wasi, sched));
    warden_linker_t *linker = NULL;
    API_OK(warden_linker_new(engine, &linker));
    API_OK(warden_wasi_define(g->wasi, linker, g->store));
    g->inst = api_instantiate(linker, g->store, module);
    warden_linker_delete(linker);
    g->mem = warden_memory_data(api_memory(g->inst, "memory"));
}

static void guest_delete(guest *g)
{
    warden_call_delete(g->call);
    warden_store_delete(g->store);
    warden_wasi_delete(g->wasi);
    g->call = NULL;
    g->store = NULL;
    g->wasi = NULL;
}

/* Prepares the call of `name` with (i32 or i64) arguments. */
static void guest_call(guest *g, const char *name, warden_val_t a0, warden_val_t a1)
{
    warden_val_t args[2] = {a0, a1};
    API_OK(warden_call_new(g->store, api_func(g->inst, name), args, 2, &g->call));
}

static void on_done(void *env, warden_call_t *call)
{
    guest *g = env;
    g->status = warden_call_status(call);
    atomic_store(&g->done, true);
}

static int32_t result_of(const guest *g)
{
    warden_val_t r;
    API_OK(warden_call_results(g->call, &r, 1));
    assert_int_equal(r.kind, WARDEN_I32);
    return r.of.i32;
}

static uint64_t load(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

/* The guest's event k (at 128): userdata, error, type, and nbytes for a descriptor. */
static void expect_event(const guest *g, int k, uint64_t userdata, uint16_t error, uint8_t type,
                         uint64_t nbytes)
{
    const uint8_t *ev = g->mem + 128 + 32 * k;
    assert_int_equal(load(ev, 8), userdata);
    assert_int_equal(load(ev + 8, 2), error);
    assert_int_equal(ev[10], type);
    if (type != 0) assert_int_equal(load(ev + 16, 8), nbytes);
}

static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* With no workers: runs the scheduler here until g's call is done. */
static void run_until_done(warden_scheduler_t *sched, guest *g)
{
    while (!atomic_load(&g->done)) {
        struct pollfd pfd = {.fd = warden_scheduler_fd(sched), .events = POLLIN};
        assert_true(poll(&pfd, 1, -1) >= 0);
        warden_scheduler_run(sched, 0);
    }
}

typedef struct api_async {
    warden_engine_t *engine;
    warden_module_t *module;
} api_async;

static int setup(void **state)
{
    api_async *t = calloc(1, sizeof *t);
    if (!t || warden_engine_new(&t->engine)) return -1;
    t->module = api_module(t->engine, "wasi_async");
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    api_async *t = *state;
    warden_module_delete(t->module);
    warden_engine_delete(t->engine);
    free(t);
    return 0;
}

/* Thousands of guests sleep 10 ms each in poll_oneoff on two workers: every call is DONE with its
 * own event, and no thread is made per call. */
static void many_sleepers(void **state)
{
    api_async *t = *state;
    int before = thread_count();
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 2, &sched));
    guest *g = calloc(SLEEPERS, sizeof *g);
    assert_non_null(g);
    for (int i = 0; i < SLEEPERS; i++) {
        guest_new(&g[i], t->engine, t->module, sched, NULL);
        guest_call(&g[i], "sleep", api_i64(10 * MS), api_i64(1000 + i));
        API_OK(warden_scheduler_spawn(sched, g[i].call, on_done, &g[i]));
    }
    int during = thread_count();
    warden_scheduler_wait_idle(sched);
    for (int i = 0; i < SLEEPERS; i++) {
        assert_true(atomic_load(&g[i].done));
        assert_int_equal(g[i].status, WARDEN_CALL_DONE);
        assert_int_equal(result_of(&g[i]), 0);
        assert_int_equal(load(g[i].mem + 192, 4), 1);
        expect_event(&g[i], 0, 1000 + (uint64_t)i, 0, 0, 0);
    }
    /* The workers, the reactor and the engine's ticker; nothing per call. */
    assert_true(during - before <= 8);
    assert_true(thread_count() - before <= 8);
    for (int i = 0; i < SLEEPERS; i++) guest_delete(&g[i]);
    free(g);
    warden_scheduler_delete(sched);
}

typedef struct writer {
    int fd;
    const char *text;
} writer;

static void *write_text(void *env)
{
    writer *w = env;
    size_t n = strlen(w->text);
    if (write(w->fd, w->text, n) != (ssize_t)n) return env;
    return NULL;
}

/* Writes `text` to `fd` from another thread, and waits for that thread. */
static void write_from_thread(int fd, const char *text)
{
    writer w = {fd, text};
    pthread_t th;
    void *res = &w;
    assert_int_equal(pthread_create(&th, NULL, write_text, &w), 0);
    assert_int_equal(pthread_join(th, &res), 0);
    assert_null(res);
}

/* A guest that reads (`fn`: read, recv or poll_read) from `guest_fd`, the far end of `host_fd`:
 * PENDING, and stays so, until the test writes "hello" from another thread; then DONE. */
static guest *pending_reader(api_async *t, warden_scheduler_t *sched,
                             const warden_wasi_config_t *config, const char *fn, int guest_fd,
                             int host_fd)
{
    guest *g = calloc(1, sizeof *g);
    assert_non_null(g);
    guest_new(g, t->engine, t->module, sched, config);
    /* One slice takes the call to its wait, however slow the machine. */
    warden_store_set_slice_ticks(g->store, UINT64_C(1) << 40);
    guest_call(g, fn, api_i32(guest_fd),
               strcmp(fn, "poll_read") == 0 ? api_i64(HOUR) : api_i32(16));
    API_OK(warden_scheduler_spawn(sched, g->call, on_done, g));
    assert_int_equal(warden_scheduler_run(sched, 0), 1);
    assert_int_equal(warden_call_status(g->call), WARDEN_CALL_PENDING);
    /* Nothing is due: the call stays PENDING. */
    assert_int_equal(warden_scheduler_run(sched, 0), 0);
    assert_false(atomic_load(&g->done));
    assert_int_equal(warden_call_status(g->call), WARDEN_CALL_PENDING);
    write_from_thread(host_fd, "hello");
    run_until_done(sched, g);
    assert_int_equal(g->status, WARDEN_CALL_DONE);
    assert_int_equal(result_of(g), 0);
    return g;
}

static void pipe_read(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 0, &sched));
    int p[2];
    assert_int_equal(pipe(p), 0);
    warden_wasi_config_t *config = NULL;
    API_OK(warden_wasi_config_new(&config));
    API_OK(warden_wasi_config_stdio_fd(config, WARDEN_WASI_STDIN, p[0]));

    guest *g = pending_reader(t, sched, config, "read", 0, p[1]);
    assert_int_equal(load(g->mem + 192, 4), 5);
    assert_memory_equal(g->mem + 256, "hello", 5);
    guest_delete(g);
    free(g);

    /* A poll on the pipe and a clock of an hour: the pipe finishes it, the timer is forgotten. */
    g = pending_reader(t, sched, config, "poll_read", 0, p[1]);
    assert_int_equal(load(g->mem + 192, 4), 1);
    expect_event(g, 0, 1, 0, 1, 5);
    guest_delete(g);
    free(g);

    /* At the end of the pipe, a read does not wait. */
    assert_int_equal(close(p[1]), 0);
    guest h;
    guest_new(&h, t->engine, t->module, sched, config);
    guest_call(&h, "read", api_i32(0), api_i32(16));
    assert_int_equal(warden_call_resume(h.call), WARDEN_CALL_DONE);
    assert_int_equal(result_of(&h), 0);
    assert_int_equal(load(h.mem + 192, 4), 5); /* "hello" from the poll, still unread */
    assert_memory_equal(h.mem + 256, "hello", 5);
    warden_call_delete(h.call);
    guest_call(&h, "read", api_i32(0), api_i32(16));
    assert_int_equal(warden_call_resume(h.call), WARDEN_CALL_DONE);
    assert_int_equal(result_of(&h), 0);
    assert_int_equal(load(h.mem + 192, 4), 0);
    guest_delete(&h);

    warden_wasi_config_delete(config);
    close(p[0]);
    warden_scheduler_delete(sched);
}

static void socket_recv(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 0, &sched));
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    warden_wasi_config_t *config = NULL;
    API_OK(warden_wasi_config_new(&config));
    API_OK(warden_wasi_config_preopen_socket(config, sv[0]));

    guest *g = pending_reader(t, sched, config, "recv", 3, sv[1]);
    assert_int_equal(load(g->mem + 192, 4), 5);
    assert_int_equal(load(g->mem + 196, 2), 0);
    assert_memory_equal(g->mem + 256, "hello", 5);
    guest_delete(g);
    free(g);
    /* fd_read on the socket waits the same way. */
    g = pending_reader(t, sched, config, "read", 3, sv[1]);
    assert_int_equal(load(g->mem + 192, 4), 5);
    assert_memory_equal(g->mem + 256, "hello", 5);
    guest_delete(g);
    free(g);

    warden_wasi_config_delete(config);
    close(sv[0]);
    close(sv[1]);
    warden_scheduler_delete(sched);
}

/* Runs `fn`(guest_fd, 16) of g as a paused call, which must be DONE at the first resume, and
 * returns its errno. */
static int32_t at_once(guest *g, const char *fn, int guest_fd)
{
    guest_call(g, fn, api_i32(guest_fd), api_i32(16));
    assert_int_equal(warden_call_resume(g->call), WARDEN_CALL_DONE);
    int32_t err = result_of(g);
    warden_call_delete(g->call);
    g->call = NULL;
    return err;
}

/* What a read does not wait for: a descriptor made non-blocking fails with again, a listening
 * socket as it does without a scheduler. */
static void never_waits(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 0, &sched));
    int p[2];
    assert_int_equal(pipe2(p, O_NONBLOCK), 0);
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(ls >= 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX}; /* autobind: an abstract name */
    assert_int_equal(bind(ls, (struct sockaddr *)&addr, sizeof(sa_family_t)), 0);
    assert_int_equal(listen(ls, 1), 0);
    warden_wasi_config_t *config = NULL;
    API_OK(warden_wasi_config_new(&config));
    API_OK(warden_wasi_config_stdio_fd(config, WARDEN_WASI_STDIN, p[0]));
    API_OK(warden_wasi_config_preopen_socket(config, ls));
    guest g, plain;
    guest_new(&g, t->engine, t->module, sched, config);
    guest_new(&plain, t->engine, t->module, NULL, config);
    assert_int_equal(at_once(&g, "read", 0), WASI_EAGAIN);
    int32_t recv_err = at_once(&plain, "recv", 3), read_err = at_once(&plain, "read", 3);
    assert_int_not_equal(recv_err, 0);
    assert_int_not_equal(read_err, 0);
    assert_int_equal(at_once(&g, "recv", 3), recv_err);
    assert_int_equal(at_once(&g, "read", 3), read_err);
    guest_delete(&g);
    guest_delete(&plain);
    warden_wasi_config_delete(config);
    close(p[0]);
    close(p[1]);
    close(ls);
    warden_scheduler_delete(sched);
}

/* Whether a sleep pauses depends on its timeout alone: the first look judges the clocks as they
 * were at the call, so 1 ns pauses (and ends through the reactor) however slow the host is, and
 * 0 ns is DONE at once. */
static void first_look_at_call(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 0, &sched));
    for (int round = 0; round < 100; round++) {
        guest g;
        guest_new(&g, t->engine, t->module, sched, NULL);
        warden_store_set_slice_ticks(g.store, UINT64_C(1) << 40); /* one slice to the wait */
        guest_call(&g, "sleep", api_i64(1), api_i64(7));
        API_OK(warden_scheduler_spawn(sched, g.call, on_done, &g));
        assert_int_equal(warden_scheduler_run(sched, 0), 1);
        assert_int_equal(warden_call_status(g.call), WARDEN_CALL_PENDING);
        run_until_done(sched, &g);
        assert_int_equal(g.status, WARDEN_CALL_DONE);
        assert_int_equal(result_of(&g), 0);
        assert_int_equal(load(g.mem + 192, 4), 1);
        expect_event(&g, 0, 7, 0, 0, 0);
        warden_call_delete(g.call);
        atomic_store(&g.done, false);
        guest_call(&g, "sleep", api_i64(0), api_i64(8));
        API_OK(warden_scheduler_spawn(sched, g.call, on_done, &g));
        assert_int_equal(warden_scheduler_run(sched, 0), 1);
        assert_true(atomic_load(&g.done));
        assert_int_equal(g.status, WARDEN_CALL_DONE);
        assert_int_equal(result_of(&g), 0);
        expect_event(&g, 0, 8, 0, 0, 0);
        guest_delete(&g);
    }
    warden_scheduler_delete(sched);
}

/* A guest sleeping an hour under a deadline of a few ticks: TRAPPED by the deadline; the timer is
 * forgotten (nothing leaks). */
static void deadline_while_sleeping(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 0, &sched));
    guest g;
    guest_new(&g, t->engine, t->module, sched, NULL);
    warden_store_set_deadline(g.store, 5);
    guest_call(&g, "sleep", api_i64(HOUR), api_i64(1));
    API_OK(warden_scheduler_spawn(sched, g.call, on_done, &g));
    run_until_done(sched, &g);
    assert_int_equal(g.status, WARDEN_CALL_TRAPPED);
    assert_non_null(warden_call_trap(g.call));
    assert_int_equal(warden_trap_kind(warden_call_trap(g.call)), WARDEN_TRAP_DEADLINE);
    guest_delete(&g);
    warden_scheduler_delete(sched);
}

/* A waiting call cancelled, and one whose store is deleted: both TRAPPED, nothing left armed. */
static void cancel_and_store_deletion(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 0, &sched));
    int p[2];
    assert_int_equal(pipe(p), 0);
    warden_wasi_config_t *config = NULL;
    API_OK(warden_wasi_config_new(&config));
    API_OK(warden_wasi_config_stdio_fd(config, WARDEN_WASI_STDIN, p[0]));

    guest g;
    guest_new(&g, t->engine, t->module, sched, config);
    guest_call(&g, "sleep", api_i64(HOUR), api_i64(1));
    assert_int_equal(warden_call_resume(g.call), WARDEN_CALL_PENDING);
    warden_call_cancel(g.call);
    assert_int_equal(warden_call_status(g.call), WARDEN_CALL_TRAPPED);
    assert_int_equal(warden_trap_kind(warden_call_trap(g.call)), WARDEN_TRAP_INTERRUPTED);
    /* The context goes on: a read that waits, then its store deleted under it. */
    warden_call_delete(g.call);
    guest_call(&g, "read", api_i32(0), api_i32(16));
    assert_int_equal(warden_call_resume(g.call), WARDEN_CALL_PENDING);
    warden_store_delete(g.store);
    g.store = NULL;
    assert_int_equal(warden_call_status(g.call), WARDEN_CALL_TRAPPED);
    guest_delete(&g);

    warden_wasi_config_delete(config);
    close(p[0]);
    close(p[1]);
    warden_scheduler_delete(sched);
}

/* Short sleeps cancelled at once, while the reactor's threads fire their timers: each call ends
 * exactly once, DONE or TRAPPED by the cancel. */
static void cancel_races_timer(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 2, &sched));
    guest g;
    guest_new(&g, t->engine, t->module, sched, NULL);
    for (int i = 0; i < 300; i++) {
        guest_call(&g, "sleep", api_i64((i % 50) * 1000), api_i64(i));
        warden_call_status_t st = warden_call_resume(g.call);
        if (st == WARDEN_CALL_PENDING) {
            warden_call_cancel(g.call);
            st = warden_call_status(g.call);
            assert_int_equal(st, WARDEN_CALL_TRAPPED);
            assert_int_equal(warden_trap_kind(warden_call_trap(g.call)), WARDEN_TRAP_INTERRUPTED);
        } else {
            assert_int_equal(st, WARDEN_CALL_DONE);
            assert_int_equal(result_of(&g), 0);
            expect_event(&g, 0, (uint64_t)i, 0, 0, 0);
        }
        warden_call_delete(g.call);
        g.call = NULL;
    }
    guest_delete(&g);
    warden_scheduler_delete(sched);
}

/* Called with warden_func_call, the async functions are waited for on the calling thread. */
static void func_call_waits(void **state)
{
    api_async *t = *state;
    warden_scheduler_t *sched = NULL;
    API_OK(warden_scheduler_new(t->engine, 2, &sched));
    guest g;
    guest_new(&g, t->engine, t->module, sched, NULL);
    API_ERROR(warden_wasi_set_scheduler(NULL, sched), WARDEN_ERROR_ARGUMENT, NULL);
    warden_val_t args[2] = {api_i64(MS), api_i64(77)}, r;
    API_CALL(g.store, api_func(g.inst, "sleep"), args, 2, &r, 1);
    assert_int_equal(r.of.i32, 0);
    expect_event(&g, 0, 77, 0, 0, 0);
    /* A descriptor that does not exist fails at once. */
    args[0] = api_i32(9);
    args[1] = api_i32(4);
    API_CALL(g.store, api_func(g.inst, "read"), args, 2, &r, 1);
    assert_int_equal(r.of.i32, WASI_EBADF);
    guest_delete(&g);
    warden_scheduler_delete(sched);
}

/* Without a scheduler nothing changes: the functions block and return at once to the caller. */
static void sync_without_scheduler(void **state)
{
    api_async *t = *state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "data!", 5), 5);
    warden_wasi_config_t *config = NULL;
    API_OK(warden_wasi_config_new(&config));
    API_OK(warden_wasi_config_stdio_fd(config, WARDEN_WASI_STDIN, p[0]));
    guest g;
    guest_new(&g, t->engine, t->module, NULL, config);
    warden_val_t args[2] = {api_i64(MS), api_i64(5)}, r;
    API_CALL(g.store, api_func(g.inst, "sleep"), args, 2, &r, 1);
    assert_int_equal(r.of.i32, 0);
    assert_int_equal(load(g.mem + 192, 4), 1);
    expect_event(&g, 0, 5, 0, 0, 0);
    args[0] = api_i32(0);
    args[1] = api_i64(HOUR);
    API_CALL(g.store, api_func(g.inst, "poll_read"), args, 2, &r, 1);
    assert_int_equal(r.of.i32, 0);
    assert_int_equal(load(g.mem + 192, 4), 1);
    expect_event(&g, 0, 1, 0, 1, 5);
    /* A paused call of a sync function never pauses in it. */
    guest_call(&g, "read", api_i32(0), api_i32(16));
    assert_int_equal(warden_call_resume(g.call), WARDEN_CALL_DONE);
    assert_int_equal(result_of(&g), 0);
    assert_int_equal(load(g.mem + 192, 4), 5);
    assert_memory_equal(g.mem + 256, "data!", 5);
    guest_delete(&g);
    warden_wasi_config_delete(config);
    close(p[0]);
    close(p[1]);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_sleepers),
        cmocka_unit_test(pipe_read),
        cmocka_unit_test(socket_recv),
        cmocka_unit_test(never_waits),
        cmocka_unit_test(first_look_at_call),
        cmocka_unit_test(deadline_while_sleeping),
        cmocka_unit_test(cancel_and_store_deletion),
        cmocka_unit_test(cancel_races_timer),
        cmocka_unit_test(func_call_waits),
        cmocka_unit_test(sync_without_scheduler),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
