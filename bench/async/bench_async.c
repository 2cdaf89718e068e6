/*
 * bench_async — what calls that pause, async host functions and the scheduler cost.
 *
 *   bench_async [--rounds N] [--stores N] [--call-depth N] [--only PART,...] [MODULE_DIR]
 *
 * `make bench-async` runs it; docs/performance.md ("Async execution") explains the parts and keeps
 * the latest results. A benchmark, not a test: it checks that every run computes the right result
 * (and exits 1 if not), never how long it took. The parts, in the order they run:
 *
 *   scheduler  --stores (10,000) stores, each its own instance of timers.wat with max_stack_bytes
 *              64 KiB and max_call_depth --call-depth (1,000), each call making 10 async host
 *              calls that a reactor timer finishes after 10 ms, on a scheduler with 2 workers: wall
 *              time from the first spawn to wait_idle's return, 5 rounds (round 1 on fresh
 *              stores, whose first call allocates their execution stacks); then every call held
 *              paused at its first wait (the host keeps the completions) to count the heap a paused
 *              call holds; and the process's peak resident memory (VmHWM). It runs first so that
 *              the peak is its own.
 *   compute    compute.wat sized to about 100 ms, run by warden_func_call in one engine and by a
 *              resume loop (warden_call_new, warden_call_resume until DONE) with 1-tick slices
 *              (1 ms) in another: --rounds (11) runs of each, interleaved; overhead = median of
 *              the resume loop / median of func_call - 1.
 *   hostcall   hostcall.wat making 1,000,000 host calls with a xorshift step of guest work each:
 *              f as a sync host function, and as an async one that finishes its completion inside
 *              the callback, both by warden_func_call; interleaved medians as above.
 *   pause      the same guest with 1,000,000 async calls that do not finish in the callback: the
 *              host finishes each completion right after warden_call_resume returned PENDING, on
 *              the same thread, and resumes. ns per call, against the same loop with the completion
 *              finished inside the callback (one resume for the whole run).
 *   latency    a spinning guest with 1-tick slices, and 100 short calls (compute.wat, about 13 µs
 *              each, their stores warmed by a first call) spawned one every 1 to 3 ms, on a
 *              scheduler with 1 worker, then with 2; the spinner is spinner.wat (a host call every
 *              time round its loop), then compute.wat (none). For each short call, the engine ticks
 *              from its spawn to its done(): with 1-tick slices, the spinner's slices it waited
 *              for; and its latency.
 *
 * Times are wall-clock (CLOCK_MONOTONIC) unless a column says CPU. MODULE_DIR holds the .wasm files
 * (by default the build directory's bench/async/). The program starts (and joins) a thread before
 * anything else, so that every part runs in a process that has had threads, as any host of a
 * scheduler or a ticker is: glibc makes uncontended mutexes cheaper in a process that never had
 * one, which would flatter the parts run alone.
 */
#include <warden.h>

#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef WARDEN_BENCH_ASYNC_DIR
#define WARDEN_BENCH_ASYNC_DIR "."
#endif

#define MAX_ROUNDS 101
#define HOST_CALLS 1000000
#define PAUSES 1000000
#define TIMER_CALLS 10
#define TIMER_NS 10000000u
#define SCHED_ROUNDS 5
#define SHORT_CALLS 100
#define SHORT_ROUNDS 2500 /* compute(2500): about 13 µs */

/* ---------------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------------- */

static void check(warden_error_t *error, const char *what)
{
    if (!error) return;
    fprintf(stderr, "bench_async: %s: %s\n", what, warden_error_message(error));
    warden_error_delete(error);
    exit(1);
}

static void check_trap(warden_trap_t *trap, const char *what)
{
    if (!trap) return;
    fprintf(stderr, "bench_async: %s: trap %s: %s\n", what,
            warden_trap_kind_name(warden_trap_kind(trap)), warden_trap_message(trap));
    exit(1);
}

static void fail(const char *what)
{
    fprintf(stderr, "bench_async: %s\n", what);
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CPU time of the whole process (every thread), user and system. */
static uint64_t process_cpu_ns(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return ((uint64_t)u.ru_utime.tv_sec + (uint64_t)u.ru_stime.tv_sec) * 1000000000u +
           ((uint64_t)u.ru_utime.tv_usec + (uint64_t)u.ru_stime.tv_usec) * 1000u;
}

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v. */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); 0 when missing. */
static uint64_t status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    size_t len = strlen(field);
    uint64_t kib = 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, len) && line[len] == ':') {
            kib = strtoull(line + len + 1, NULL, 10);
            break;
        }
    fclose(f);
    return kib;
}

/* Heap bytes in use, every arena (malloc's own count, so freed memory it keeps does not count). */
static uint64_t heap_bytes(void)
{
    struct mallinfo2 m = mallinfo2();
    return (uint64_t)m.uordblks + (uint64_t)m.hblkhd;
}

static double mib(uint64_t kib)
{
    return (double)kib / 1024.0;
}

typedef struct bench {
    const char *dir;
    int rounds;
    unsigned stores;
    uint32_t call_depth; /* the scheduler part's stores' max_call_depth */
    bool failed;
    char summary[16][256]; /* the rows of the final table */
    int nsummary;
} bench;

static void summary_row(bench *b, const char *fmt, ...) WARDEN_PRINTF_FORMAT(2, 3);

static void summary_row(bench *b, const char *fmt, ...)
{
    if (b->nsummary == 16) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->summary[b->nsummary++], sizeof b->summary[0], fmt, ap);
    va_end(ap);
}

static warden_module_t *load_module(warden_engine_t *engine, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    uint8_t buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    bool bad = ferror(f) || !feof(f);
    fclose(f);
    if (bad) fail("cannot read a module (or it is larger than 64 KiB)");
    warden_module_t *module;
    check(warden_module_new(engine, buf, n, &module), path);
    return module;
}

/* Instantiates `module` in `store`, with `import` (if any) defined as bench.<name>. */
static warden_instance_t *instantiate(warden_engine_t *engine, warden_store_t *store,
                                      const warden_module_t *module, const char *name,
                                      warden_func_t *import)
{
    warden_linker_t *linker;
    check(warden_linker_new(engine, &linker), "linker");
    if (import)
        check(
            warden_linker_define(linker, "bench", 5, name, strlen(name),
                                 (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = import}),
            "define");
    warden_instance_t *instance;
    warden_trap_t *trap = NULL;
    check(warden_linker_instantiate(linker, store, module, &instance, &trap), "instantiate");
    check_trap(trap, "instantiate");
    warden_linker_delete(linker);
    return instance;
}

static warden_func_t *export_func(warden_instance_t *instance, const char *name)
{
    warden_func_t *f = warden_instance_export_func(instance, name);
    if (!f) fail("a module lacks an export");
    return f;
}

static const warden_valkind_t I32[] = {WARDEN_I32}, I64[] = {WARDEN_I64};

/* ---------------------------------------------------------------------------------------------
 * scheduler: 10,000 stores, 10 timer-completed async calls each, 2 workers
 * ------------------------------------------------------------------------------------------- */

typedef struct sched_ctx {
    warden_scheduler_t *sched;
    atomic_bool hold;        /* the memory round: first waits are kept, not timed */
    atomic_uint first_waits; /* calls that made their first wait */
    atomic_uint done;
    atomic_uint timer_failures;
} sched_ctx;

typedef struct sched_store {
    sched_ctx *ctx;
    warden_store_t *store;
    warden_func_t *run;
    warden_completion_t *held; /* the memory round's first wait */
    bool ok;
} sched_store;

static void fire_wait(void *env)
{
    warden_val_t one = {.kind = WARDEN_I32, .of.i32 = 1};
    warden_completion_return(env, &one, 1);
}

static void host_wait(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                      warden_completion_t *completion)
{
    (void)caller, (void)nargs;
    sched_store *s = env;
    sched_ctx *ctx = s->ctx;
    if (args[0].of.i32 == 0) {
        if (atomic_load(&ctx->hold)) {
            s->held = completion; /* main reads it once first_waits says so */
            atomic_fetch_add(&ctx->first_waits, 1);
            return;
        }
        atomic_fetch_add(&ctx->first_waits, 1);
    }
    uint64_t id;
    warden_error_t *error =
        warden_scheduler_after(ctx->sched, TIMER_NS, fire_wait, completion, &id);
    if (error) {
        atomic_fetch_add(&ctx->timer_failures, 1);
        warden_error_delete(error);
        warden_completion_trap(completion, warden_trap_new("no timer"));
    }
}

static void sched_done(void *env, warden_call_t *call)
{
    sched_store *s = env;
    warden_val_t result;
    s->ok = warden_call_status(call) == WARDEN_CALL_DONE &&
            !warden_call_results(call, &result, 1) && result.of.i32 == TIMER_CALLS;
    warden_call_delete(call);
    atomic_fetch_add(&s->ctx->done, 1);
}

/* Spawns run(TIMER_CALLS) in every store. */
static void sched_spawn_all(sched_ctx *ctx, sched_store *stores, unsigned n)
{
    atomic_store(&ctx->first_waits, 0);
    atomic_store(&ctx->done, 0);
    for (unsigned i = 0; i < n; i++) {
        warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = TIMER_CALLS};
        warden_call_t *call;
        check(warden_call_new(stores[i].store, stores[i].run, &arg, 1, &call), "call_new");
        stores[i].ok = false;
        check(warden_scheduler_spawn(ctx->sched, call, sched_done, &stores[i]), "spawn");
    }
}

static bool sched_check(bench *b, sched_ctx *ctx, sched_store *stores, unsigned n)
{
    unsigned ok = 0;
    for (unsigned i = 0; i < n; i++) ok += stores[i].ok;
    if (ok == n && !atomic_load(&ctx->timer_failures)) return true;
    fprintf(stderr, "bench_async: scheduler: %u of %u calls right\n", ok, n);
    b->failed = true;
    return false;
}

static void part_scheduler(bench *b)
{
    unsigned n = b->stores;
    printf("scheduler: %u stores (max_stack_bytes 64 KiB, max_call_depth %u), each call making %d "
           "async calls finished by a %u ms reactor timer, 2 workers\n",
           n, (unsigned)b->call_depth, TIMER_CALLS, TIMER_NS / 1000000u);
    uint64_t rss_start = status_kib("VmRSS");
    warden_engine_t *engine;
    check(warden_engine_new(&engine), "engine");
    warden_module_t *module = load_module(engine, b->dir, "timers.wasm");
    sched_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    check(warden_scheduler_new(engine, 2, &ctx.sched), "scheduler");

    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_stack_bytes = 64 << 10;
    limits.max_call_depth = b->call_depth;
    const warden_functype_t wait_type = {1, 1, I32, I32};
    sched_store *stores = calloc(n, sizeof *stores);
    if (!stores) fail("out of memory");
    uint64_t t_setup = now_ns();
    for (unsigned i = 0; i < n; i++) {
        sched_store *s = &stores[i];
        s->ctx = &ctx;
        check(warden_store_new(engine, &s->store), "store");
        check(warden_store_set_limits(s->store, &limits), "limits");
        warden_func_t *wait;
        check(warden_func_new_async(s->store, &wait_type, host_wait, s, NULL, &wait), "wait");
        s->run = export_func(instantiate(engine, s->store, module, "wait", wait), "run");
    }
    t_setup = now_ns() - t_setup;
    uint64_t rss_stores = status_kib("VmRSS");
    printf(
        "  setup: %u stores and instances in %.1f ms; resident %.1f MiB before, %.1f MiB after\n",
        n, (double)t_setup / 1e6, mib(rss_start), mib(rss_stores));

    /* Timed rounds: from the first spawn to wait_idle's return. */
    double warm[SCHED_ROUNDS];
    double cold_ms = 0;
    for (int round = 0; round < SCHED_ROUNDS; round++) {
        uint64_t t0 = now_ns(), cpu0 = process_cpu_ns();
        sched_spawn_all(&ctx, stores, n);
        uint64_t t_spawned = now_ns();
        warden_scheduler_wait_idle(ctx.sched);
        double ms = (double)(now_ns() - t0) / 1e6;
        double cpu = (double)(process_cpu_ns() - cpu0) / 1e6;
        bool ok = sched_check(b, &ctx, stores, n);
        printf("  round %d: %.1f ms wall (spawning %.1f ms), %.1f ms CPU (every thread)%s; "
               "resident %.1f MiB after\n",
               round + 1, ms, (double)(t_spawned - t0) / 1e6, cpu, ok ? "" : " WRONG RESULTS",
               mib(status_kib("VmRSS")));
        if (round == 0)
            cold_ms = ms;
        else
            warm[round - 1] = ms;
    }
    uint64_t rss_used = status_kib("VmRSS");

    /* The memory round: every call is held at its first wait (the host keeps the completions,
     * no timer), resident memory is read, then the host finishes them all. */
    atomic_store(&ctx.hold, true);
    uint64_t rss_before = status_kib("VmRSS"), heap_before = heap_bytes();
    sched_spawn_all(&ctx, stores, n);
    while (atomic_load(&ctx.first_waits) < n) sleep_ns(1000000);
    sleep_ns(10000000); /* the last ones are parked, not between their wait and the queue */
    uint64_t rss_paused = status_kib("VmRSS"), heap_paused = heap_bytes();
    atomic_store(&ctx.hold, false);
    for (unsigned i = 0; i < n; i++) {
        warden_val_t one = {.kind = WARDEN_I32, .of.i32 = 1};
        warden_completion_return(stores[i].held, &one, 1);
        stores[i].held = NULL;
    }
    warden_scheduler_wait_idle(ctx.sched);
    sched_check(b, &ctx, stores, n);
    double per_call = ((double)heap_paused - (double)heap_before) / n;
    double first_call = ((double)rss_used - (double)rss_stores) * 1024.0 / n;

    uint64_t hwm = status_kib("VmHWM");
    double warm_ms = median(warm, SCHED_ROUNDS - 1);
    uint64_t t_teardown = now_ns();
    warden_scheduler_delete(ctx.sched);
    for (unsigned i = 0; i < n; i++) warden_store_delete(stores[i].store);
    t_teardown = now_ns() - t_teardown;
    free(stores);
    warden_module_delete(module);
    warden_engine_delete(engine);
    printf("  all %u calls paused at once: resident %.1f MiB (%+.1f MiB), heap in use %+.1f MiB: "
           "%.0f bytes per paused call\n",
           n, mib(rss_paused), (double)((int64_t)rss_paused - (int64_t)rss_before) / 1024,
           ((double)heap_paused - (double)heap_before) / (1 << 20), per_call);
    printf("  the stores' first calls left %.0f bytes per store resident (their execution stacks' "
           "first pages)\n",
           first_call);
    printf("  peak resident (VmHWM) %.1f MiB; deleting the scheduler and the stores took %.1f ms\n",
           mib(hwm), (double)t_teardown / 1e6);
    printf("  wall: %.1f ms on fresh stores, %.1f ms (median of %d) on stores used before\n\n",
           cold_ms, warm_ms, SCHED_ROUNDS - 1);
    summary_row(b,
                "| %u stores × %d timer-finished async calls, 2 workers: wall time, fresh stores "
                "(stores used before) | %.0f ms (%.0f ms) | < 1 s |",
                n, TIMER_CALLS, cold_ms, warm_ms);
    summary_row(b,
                "| the same: peak resident memory of the process (VmHWM) | %.1f MiB | < 300 MiB |",
                mib(hwm));
    summary_row(b,
                "| the same: heap per paused call (resident memory per store after its first call: "
                "its stacks' first pages) | %.0f bytes (%.0f bytes) | |",
                per_call, first_call);
}

/* ---------------------------------------------------------------------------------------------
 * compute: warden_func_call against a resume loop with 1-tick slices
 * ------------------------------------------------------------------------------------------- */

static void part_compute(bench *b)
{
    warden_engine_t *plain_engine, *sliced_engine;
    check(warden_engine_new(&plain_engine), "engine");
    check(warden_engine_new(&sliced_engine), "engine");
    warden_module_t *plain_module = load_module(plain_engine, b->dir, "compute.wasm");
    warden_module_t *sliced_module = load_module(sliced_engine, b->dir, "compute.wasm");
    warden_store_t *plain, *sliced;
    check(warden_store_new(plain_engine, &plain), "store");
    check(warden_store_new(sliced_engine, &sliced), "store");
    warden_func_t *plain_f =
        export_func(instantiate(plain_engine, plain, plain_module, NULL, NULL), "compute");
    warden_func_t *sliced_f =
        export_func(instantiate(sliced_engine, sliced, sliced_module, NULL, NULL), "compute");
    warden_store_set_slice_ticks(sliced, 1);

    /* n such that a call takes about 100 ms. */
    int32_t n = 1000000;
    warden_val_t arg = {.kind = WARDEN_I32}, result, expected = {0};
    warden_trap_t *trap = NULL;
    for (int pass = 0; pass < 3; pass++) {
        arg.of.i32 = n;
        uint64_t t = now_ns();
        check(warden_func_call(plain, plain_f, &arg, 1, &result, 1, &trap), "compute");
        check_trap(trap, "compute");
        t = now_ns() - t;
        double scaled = (double)n * 100e6 / (double)(t ? t : 1);
        n = scaled > 2e9 ? 2000000000 : (int32_t)scaled;
    }
    arg.of.i32 = n;

    double a[MAX_ROUNDS], bm[MAX_ROUNDS], a_cpu[MAX_ROUNDS], b_cpu[MAX_ROUNDS], slices[MAX_ROUNDS];
    for (int r = 0; r < b->rounds; r++) {
        uint64_t t = now_ns(), c = thread_cpu_ns();
        check(warden_func_call(plain, plain_f, &arg, 1, &result, 1, &trap), "compute");
        check_trap(trap, "compute");
        a[r] = (double)(now_ns() - t) / 1e6;
        a_cpu[r] = (double)(thread_cpu_ns() - c) / 1e6;
        if (r == 0) expected = result;
        if (result.of.i64 != expected.of.i64) b->failed = true;

        t = now_ns(), c = thread_cpu_ns();
        warden_call_t *call;
        check(warden_call_new(sliced, sliced_f, &arg, 1, &call), "call_new");
        int resumes = 0;
        warden_call_status_t st;
        while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED) resumes++;
        if (st != WARDEN_CALL_DONE) fail("compute: the sliced call did not finish");
        check(warden_call_results(call, &result, 1), "results");
        warden_call_delete(call);
        bm[r] = (double)(now_ns() - t) / 1e6;
        b_cpu[r] = (double)(thread_cpu_ns() - c) / 1e6;
        slices[r] = resumes + 1;
        if (result.of.i64 != expected.of.i64) b->failed = true;
    }
    double ma = median(a, b->rounds), mb = median(bm, b->rounds);
    double mac = median(a_cpu, b->rounds), mbc = median(b_cpu, b->rounds);
    double ms = median(slices, b->rounds);
    double overhead = (mb / ma - 1) * 100;
    printf("compute: compute(%d), %d rounds of each, interleaved; medians\n", (int)n, b->rounds);
    printf("  %-46s %9.2f ms wall %9.2f ms CPU\n", "warden_func_call", ma, mac);
    printf("  %-46s %9.2f ms wall %9.2f ms CPU  (%.0f slices)\n",
           "resume loop, 1-tick slices (another engine)", mb, mbc, ms);
    printf("  overhead %+.2f %% wall, %+.2f %% CPU of the calling thread; %+.0f ns per slice\n\n",
           overhead, (mbc / mac - 1) * 100, (mb - ma) * 1e6 / ms);
    summary_row(b,
                "| compute, ~100 ms: resume loop with 1-tick slices (%.0f slices) against "
                "warden_func_call | %+.2f %% | ≤ 5 %% |",
                ms, overhead);

    warden_store_delete(plain);
    warden_store_delete(sliced);
    warden_module_delete(plain_module);
    warden_module_delete(sliced_module);
    warden_engine_delete(plain_engine);
    warden_engine_delete(sliced_engine);
}

/* ---------------------------------------------------------------------------------------------
 * hostcall and pause: sync, async finished in the callback, async finished after the pause
 * ------------------------------------------------------------------------------------------- */

static warden_trap_t *host_sync(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)nargs, (void)nresults;
    results[0].of.i64 = args[0].of.i64 + 1;
    return NULL;
}

static void host_async_inline(void *env, warden_caller_t *caller, const warden_val_t *args,
                              size_t nargs, warden_completion_t *completion)
{
    (void)env, (void)caller, (void)nargs;
    warden_val_t result = {.kind = WARDEN_I64, .of.i64 = args[0].of.i64 + 1};
    warden_completion_return(completion, &result, 1);
}

/* Keeps the completion for the host to finish after the call paused. */
typedef struct deferred {
    warden_completion_t *completion;
    int64_t arg;
} deferred;

static void host_async_deferred(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_completion_t *completion)
{
    (void)caller, (void)nargs;
    deferred *d = env;
    d->completion = completion;
    d->arg = args[0].of.i64;
}

typedef struct hostcall_store {
    warden_store_t *store;
    warden_func_t *loop;
} hostcall_store;

static hostcall_store hostcall_new(warden_engine_t *engine, const warden_module_t *module,
                                   warden_host_func_t sync, warden_async_func_t async, void *env)
{
    const warden_functype_t type = {1, 1, I64, I64};
    hostcall_store h;
    warden_func_t *f;
    check(warden_store_new(engine, &h.store), "store");
    if (sync)
        check(warden_func_new(h.store, &type, sync, env, NULL, &f), "func");
    else
        check(warden_func_new_async(h.store, &type, async, env, NULL, &f), "func");
    h.loop = export_func(instantiate(engine, h.store, module, "f", f), "loop");
    return h;
}

static double run_func_call(hostcall_store *h, int32_t n, int64_t *out)
{
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = n}, result;
    warden_trap_t *trap = NULL;
    uint64_t t = now_ns();
    check(warden_func_call(h->store, h->loop, &arg, 1, &result, 1, &trap), "loop");
    t = now_ns() - t;
    check_trap(trap, "loop");
    *out = result.of.i64;
    return (double)t;
}

/* The loop as a warden_call_t: resumed until DONE; each PENDING is answered at once, on this
 * thread, through `d` (NULL: the loop must not pause). */
static double run_resumed(hostcall_store *h, int32_t n, deferred *d, int64_t *out, long *pauses)
{
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = n}, result;
    uint64_t t = now_ns();
    warden_call_t *call;
    check(warden_call_new(h->store, h->loop, &arg, 1, &call), "call_new");
    warden_call_status_t st;
    long paused = 0;
    while ((st = warden_call_resume(call)) == WARDEN_CALL_PENDING && d) {
        warden_val_t v = {.kind = WARDEN_I64, .of.i64 = d->arg + 1};
        warden_completion_t *c = d->completion;
        d->completion = NULL;
        warden_completion_return(c, &v, 1);
        paused++;
    }
    if (st != WARDEN_CALL_DONE) fail("a resumed loop did not finish");
    check(warden_call_results(call, &result, 1), "results");
    warden_call_delete(call);
    t = now_ns() - t;
    *out = result.of.i64;
    *pauses = paused;
    return (double)t;
}

static void part_hostcall(bench *b)
{
    warden_engine_t *engine;
    check(warden_engine_new(&engine), "engine");
    warden_module_t *module = load_module(engine, b->dir, "hostcall.wasm");
    hostcall_store sync = hostcall_new(engine, module, host_sync, NULL, NULL);
    hostcall_store async = hostcall_new(engine, module, NULL, host_async_inline, NULL);
    double s[MAX_ROUNDS], a[MAX_ROUNDS];
    int64_t expected, got;
    run_func_call(&sync, HOST_CALLS, &expected); /* a warm-up */
    for (int r = 0; r < b->rounds; r++) {
        s[r] = run_func_call(&sync, HOST_CALLS, &got) / HOST_CALLS;
        if (got != expected) b->failed = true;
        a[r] = run_func_call(&async, HOST_CALLS, &got) / HOST_CALLS;
        if (got != expected) b->failed = true;
    }
    double ms = median(s, b->rounds), ma = median(a, b->rounds);
    double overhead = (ma / ms - 1) * 100;
    printf("hostcall: loop(%d) by warden_func_call, %d rounds of each, interleaved; medians per "
           "iteration (a host call and a xorshift step)\n",
           HOST_CALLS, b->rounds);
    printf("  %-46s %7.2f ns\n", "sync host function", ms);
    printf("  %-46s %7.2f ns\n", "async, finished inside the callback", ma);
    printf("  overhead %+.1f %% (%+.2f ns per host call)\n\n", overhead, ma - ms);
    summary_row(b,
                "| 1M host calls: async finished in the callback against sync (%.1f against %.1f "
                "ns per iteration) | %+.1f %% | ≤ 5 %% |",
                ma, ms, overhead);
    warden_store_delete(sync.store);
    warden_store_delete(async.store);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

static void part_pause(bench *b)
{
    warden_engine_t *engine;
    check(warden_engine_new(&engine), "engine");
    warden_module_t *module = load_module(engine, b->dir, "hostcall.wasm");
    deferred d = {0};
    hostcall_store inl = hostcall_new(engine, module, NULL, host_async_inline, NULL);
    hostcall_store paused = hostcall_new(engine, module, NULL, host_async_deferred, &d);
    double in[MAX_ROUNDS], pa[MAX_ROUNDS];
    int64_t expected, got;
    long pauses;
    run_resumed(&inl, PAUSES, NULL, &expected, &pauses); /* a warm-up */
    for (int r = 0; r < b->rounds; r++) {
        in[r] = run_resumed(&inl, PAUSES, NULL, &got, &pauses) / PAUSES;
        if (got != expected || pauses != 0) b->failed = true;
        pa[r] = run_resumed(&paused, PAUSES, &d, &got, &pauses) / PAUSES;
        if (got != expected || pauses != PAUSES) b->failed = true;
    }
    double mi = median(in, b->rounds), mp = median(pa, b->rounds);
    printf("pause: loop(%d) as a warden_call_t, %d rounds of each, interleaved; medians per "
           "iteration\n",
           PAUSES, b->rounds);
    printf("  %-46s %7.1f ns\n", "async, finished inside the callback", mi);
    printf("  %-46s %7.1f ns\n", "async, finished after PENDING, then resumed", mp);
    printf("  one pause + finish + resume: %.1f ns more than a call finished in its callback\n\n",
           mp - mi);
    summary_row(b,
                "| one pause + resume (host call finished after PENDING, same thread), minus a "
                "call finished in its callback (%.1f − %.1f ns) | %.1f ns | < 200 ns |",
                mp, mi, mp - mi);
    warden_store_delete(inl.store);
    warden_store_delete(paused.store);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* ---------------------------------------------------------------------------------------------
 * latency: short calls next to a spinner with 1-tick slices
 * ------------------------------------------------------------------------------------------- */

typedef struct spin_ctx {
    atomic_bool ended;
} spin_ctx;

/* The host function in spinner.wat's loop: does nothing. */
static warden_trap_t *host_progress(void *env, warden_caller_t *caller, const warden_val_t *args,
                                    size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

static void spinner_done(void *env, warden_call_t *call)
{
    spin_ctx *s = env;
    warden_call_delete(call);
    atomic_store(&s->ended, true);
}

typedef struct short_call {
    warden_engine_t *engine;
    atomic_uint *done_count;
    warden_store_t *store;
    warden_func_t *compute;
    uint64_t epoch_at_spawn, epoch_at_done;
    uint64_t spawned, finished;
    bool ok;
} short_call;

static void short_done(void *env, warden_call_t *call)
{
    short_call *c = env;
    c->finished = now_ns();
    c->epoch_at_done = warden_engine_epoch(c->engine);
    c->ok = warden_call_status(call) == WARDEN_CALL_DONE;
    warden_call_delete(call);
    atomic_fetch_add(c->done_count, 1);
}

/* One spinner and SHORT_CALLS short calls on a scheduler with `workers` workers. The spinner is
 * spinner.wat's spin() (a host call every time round its loop) when `host_calls`, else
 * compute.wat's compute() with no end in sight (no host call). */
static void part_latency_with(bench *b, bool host_calls, unsigned workers)
{
    warden_engine_t *engine;
    check(warden_engine_new(&engine), "engine");
    warden_module_t *spin_module =
        load_module(engine, b->dir, host_calls ? "spinner.wasm" : "compute.wasm");
    warden_module_t *compute_module = load_module(engine, b->dir, "compute.wasm");
    warden_scheduler_t *sched;
    check(warden_scheduler_new(engine, workers, &sched), "scheduler");

    spin_ctx spin;
    memset(&spin, 0, sizeof spin);
    warden_store_t *spin_store;
    check(warden_store_new(engine, &spin_store), "store");
    warden_func_t *progress = NULL;
    if (host_calls) {
        const warden_functype_t progress_type = {0, 0, NULL, NULL};
        check(warden_func_new(spin_store, &progress_type, host_progress, NULL, NULL, &progress),
              "progress");
    }
    warden_instance_t *spin_instance =
        instantiate(engine, spin_store, spin_module, "progress", progress);
    warden_func_t *spin_f = export_func(spin_instance, host_calls ? "spin" : "compute");
    warden_store_set_slice_ticks(spin_store, 1);
    warden_interrupt_t *stop;
    check(warden_interrupt_new(spin_store, &stop), "interrupt");

    short_call calls[SHORT_CALLS];
    atomic_uint done_count = 0;
    for (int i = 0; i < SHORT_CALLS; i++) {
        short_call *c = &calls[i];
        memset(c, 0, sizeof *c);
        c->engine = engine;
        c->done_count = &done_count;
        check(warden_store_new(engine, &c->store), "store");
        c->compute =
            export_func(instantiate(engine, c->store, compute_module, NULL, NULL), "compute");
        /* A store's first call maps its execution stacks (a millisecond at worst on the machine
         * of docs/performance.md): done here, so that the latencies are the scheduler's. */
        warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = SHORT_ROUNDS}, result;
        warden_trap_t *trap = NULL;
        check(warden_func_call(c->store, c->compute, &arg, 1, &result, 1, &trap), "compute");
        check_trap(trap, "compute");
    }

    warden_val_t forever = {.kind = WARDEN_I32, .of.i32 = INT32_MAX}; /* compute: about 10 s */
    warden_call_t *spin_call;
    check(warden_call_new(spin_store, spin_f, &forever, host_calls ? 0 : 1, &spin_call),
          "call_new");
    check(warden_scheduler_spawn(sched, spin_call, spinner_done, &spin), "spawn");
    sleep_ns(20000000); /* the spinner is well under way */

    uint32_t lcg = 12345;
    for (int i = 0; i < SHORT_CALLS; i++) {
        lcg = lcg * 1103515245u + 12345u;
        sleep_ns(1000000u + (lcg >> 8) % 2000000u); /* 1 to 3 ms */
        short_call *c = &calls[i];
        warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = SHORT_ROUNDS};
        warden_call_t *call;
        check(warden_call_new(c->store, c->compute, &arg, 1, &call), "call_new");
        c->epoch_at_spawn = warden_engine_epoch(engine);
        c->spawned = now_ns();
        check(warden_scheduler_spawn(sched, call, short_done, c), "spawn");
    }
    while (atomic_load(&done_count) < SHORT_CALLS) sleep_ns(1000000);
    /* Stop the spinner: an interrupt does nothing before a call has started, so raise until it
     * has ended (it started long ago). */
    bool spinning = false;
    while (!atomic_load(&spin.ended)) {
        spinning = true;
        warden_interrupt_raise(stop);
        sleep_ns(1000000);
    }
    warden_scheduler_wait_idle(sched);
    if (!spinning) b->failed = true; /* the spinner ended before the short calls did */

    double ticks[SHORT_CALLS], latency[SHORT_CALLS];
    for (int i = 0; i < SHORT_CALLS; i++) {
        if (!calls[i].ok) b->failed = true;
        ticks[i] = (double)(calls[i].epoch_at_done - calls[i].epoch_at_spawn);
        latency[i] = (double)(calls[i].finished - calls[i].spawned) / 1e3;
    }
    double med_ticks = median(ticks, SHORT_CALLS), max_ticks = ticks[SHORT_CALLS - 1];
    double p90_ticks = ticks[SHORT_CALLS * 9 / 10];
    double med_lat = median(latency, SHORT_CALLS), max_lat = latency[SHORT_CALLS - 1];
    double p90_lat = latency[SHORT_CALLS * 9 / 10];
    const char *kind = host_calls ? "host call in its loop" : "no host call";
    printf("  spinner with %s, %u worker%s: ticks per short call median %.0f, p90 %.0f, max %.0f; "
           "latency median %.0f µs, p90 %.0f µs, max %.0f µs\n",
           kind, workers, workers == 1 ? " " : "s", med_ticks, p90_ticks, max_ticks, med_lat,
           p90_lat, max_lat);
    summary_row(b,
                "| %d short calls next to a spinner (%s) with 1-tick slices, %u worker%s: "
                "ticks from spawn to done(), median / max (latency median / max) | %.0f / %.0f "
                "(%.0f / %.0f µs) | a few |",
                SHORT_CALLS, kind, workers, workers == 1 ? "" : "s", med_ticks, max_ticks, med_lat,
                max_lat);

    warden_scheduler_delete(sched);
    warden_interrupt_delete(stop);
    for (int i = 0; i < SHORT_CALLS; i++) warden_store_delete(calls[i].store);
    warden_store_delete(spin_store);
    warden_module_delete(spin_module);
    warden_module_delete(compute_module);
    warden_engine_delete(engine);
}

static void part_latency(bench *b)
{
    printf("latency: a spinner with 1-tick slices (1 ms) and %d short calls spawned 1 to 3 ms "
           "apart; engine ticks from each one's spawn to its done() (1 tick = 1 slice of the "
           "spinner)\n",
           SHORT_CALLS);
    part_latency_with(b, true, 1);
    part_latency_with(b, true, 2);
    part_latency_with(b, false, 1);
    part_latency_with(b, false, 2);
    printf("\n");
}

/* ---------------------------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    void (*run)(bench *b);
} parts[] = {
    {"scheduler", part_scheduler}, {"compute", part_compute}, {"hostcall", part_hostcall},
    {"pause", part_pause},         {"latency", part_latency},
};

static void *nothing(void *arg)
{
    return arg;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_async [--rounds N] [--stores N] [--call-depth N] "
                    "[--only PART,...] [MODULE_DIR]\n"
                    "parts: scheduler, compute, hostcall, pause, latency\n");
    exit(2);
}

static bool wanted(const char *only, const char *name)
{
    if (!only) return true;
    size_t len = strlen(name);
    for (const char *p = only; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && !strncmp(p, name, len)) return true;
        p += n + (end ? 1 : 0);
    }
    return false;
}

static void machine_note(void)
{
    char model[256] = "?";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "model name", 10)) {
                char *colon = strchr(line, ':');
                if (colon) {
                    snprintf(model, sizeof model, "%s", colon + 2);
                    model[strcspn(model, "\n")] = 0;
                }
                break;
            }
        fclose(f);
    }
    double load[3] = {0};
    f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        fclose(f);
    }
    struct utsname u;
    uname(&u);
    time_t now = time(NULL);
    char date[64];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
    printf("warden async benchmark: %s; %s, %ld CPUs, %.1f GiB; Linux %s; load average %.2f %.2f "
           "%.2f\n\n",
           date, model, sysconf(_SC_NPROCESSORS_ONLN),
           (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGE_SIZE) / (1 << 30), u.release,
           load[0], load[1], load[2]);
}

int main(int argc, char **argv)
{
    bench b = {.dir = WARDEN_BENCH_ASYNC_DIR, .rounds = 11, .stores = 10000, .call_depth = 1000};
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            b.rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--stores") && i + 1 < argc)
            b.stores = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--call-depth") && i + 1 < argc)
            b.call_depth = (uint32_t)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (argv[i][0] == '-')
            usage();
        else
            b.dir = argv[i];
    }
    if (b.rounds < 1 || b.rounds > MAX_ROUNDS || b.stores < 1) usage();
    for (const char *p = only; p && *p;) {
        size_t n = strcspn(p, ",");
        bool known = false;
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
            known |= strlen(parts[i].name) == n && !strncmp(parts[i].name, p, n);
        if (!known) usage();
        p += n + (p[n] == ',');
    }

    /* See the comment at the top. */
    pthread_t thread;
    if (pthread_create(&thread, NULL, nothing, NULL) || pthread_join(thread, NULL))
        fail("cannot start a thread");
    machine_note();
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (wanted(only, parts[i].name)) parts[i].run(&b);

    printf("| measure | value | bar |\n|---|---:|---|\n");
    for (int i = 0; i < b.nsummary; i++) printf("%s\n", b.summary[i]);
    if (b.failed) fprintf(stderr, "bench_async: some run computed a wrong result\n");
    return b.failed ? 1 : 0;
}
