/*
 * micro.c — warden's micro-benchmarks, through the public API only.
 *
 *   micro SMALL.wasm HOSTCALL.wasm CORPUS.wasm
 *
 * SMALL.wasm and HOSTCALL.wasm are bench/micro/small.wat and hostcall.wat; CORPUS.wasm is any
 * real module (the bench script links every workload into one). Prints one line per measurement:
 *
 *   NAME <TAB> VALUE <TAB> UNIT <TAB> DESCRIPTION
 *
 * Every timed value is the median of REPEATS batches of CPU time, each batch timing enough
 * operations to take a measurable time.
 */
#include <warden.h>

#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEATS 5
#define LARGE_MODULE_BYTES (8u << 20)

/* ---- helpers --------------------------------------------------------------------------------- */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("micro: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void check(warden_error_t *err, const char *what)
{
    if (err) die("%s: %s", what, warden_error_message(err));
}

/* The process's CPU time: robust against other load on the machine, and warden runs the
 * measured work on this thread. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void report(const char *name, double value, const char *unit, const char *what)
{
    printf("%s\t%.*f\t%s\t%s\n", name, value < 10 ? 2 : value < 100 ? 1 : 0, value, unit, what);
}

struct bytes {
    uint8_t *data;
    size_t len, cap;
};

static void append(struct bytes *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) die("out of memory");
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static void append_leb(struct bytes *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        if (v) byte |= 0x80;
        append(b, &byte, 1);
    } while (v);
}

static struct bytes read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open %s", path);
    struct bytes b = {0};
    uint8_t buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) append(&b, buf, got);
    if (ferror(f)) die("cannot read %s", path);
    fclose(f);
    return b;
}

/* ---- a large module made from a real one ---------------------------------------------------- */

struct reader {
    const uint8_t *at, *end;
};

static uint64_t read_leb(struct reader *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->at >= r->end) die("corpus: truncated LEB128");
        uint8_t byte = *r->at++;
        v |= (uint64_t)(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return v;
    }
    die("corpus: LEB128 too long");
    return 0;
}

/* Copies `module` with its function and code sections repeated `copies` times and its custom
 * sections left out. The copies are never exported or called, but every one is decoded,
 * validated and lowered like the original: calls in them still name the original functions. */
static struct bytes replicate(const struct bytes *module, uint32_t copies)
{
    struct reader r = {module->data + 8, module->data + module->len};
    if (module->len < 8 || memcmp(module->data, "\0asm\1\0\0\0", 8) != 0)
        die("corpus: not a WebAssembly module");
    struct bytes out = {0};
    append(&out, module->data, 8);
    while (r.at < r.end) {
        uint8_t id = *r.at++;
        uint64_t size = read_leb(&r);
        if (size > (uint64_t)(r.end - r.at)) die("corpus: section past the end");
        struct reader s = {r.at, r.at + size};
        r.at += size;
        if (id == 0) continue;
        if (id != 3 && id != 10) {
            append(&out, &id, 1);
            append_leb(&out, size);
            append(&out, s.at, size);
            continue;
        }
        uint64_t count = read_leb(&s);
        const uint8_t *items = s.at;
        size_t items_len = (size_t)(s.end - s.at);
        struct bytes body = {0};
        append_leb(&body, count * copies);
        for (uint32_t c = 0; c < copies; c++) append(&body, items, items_len);
        append(&out, &id, 1);
        append_leb(&out, body.len);
        append(&out, body.data, body.len);
        free(body.data);
    }
    return out;
}

/* ---- the measurements ------------------------------------------------------------------------ */

struct env {
    warden_engine_t *engine;
    warden_linker_t *linker;
    warden_module_t *small, *hostcall;
};

static warden_trap_t *host_nop(void *env, warden_caller_t *caller, const warden_val_t *args,
                               size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

static warden_instance_t *instantiate_with(const warden_linker_t *linker, warden_store_t *store,
                                           const warden_module_t *module)
{
    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    check(warden_linker_instantiate(linker, store, module, &instance, &trap), "instantiate");
    if (trap) die("instantiate: trap %s", warden_trap_kind_name(warden_trap_kind(trap)));
    return instance;
}

static warden_instance_t *instantiate(const struct env *e, warden_store_t *store,
                                      const warden_module_t *module)
{
    return instantiate_with(e->linker, store, module);
}

static warden_func_t *export_func(warden_instance_t *instance, const char *name)
{
    warden_func_t *f = warden_instance_export_func(instance, name);
    if (!f) die("no export %s", name);
    return f;
}

static void call(warden_store_t *store, warden_func_t *f, const warden_val_t *args, size_t nargs,
                 warden_val_t *results, size_t nresults)
{
    warden_trap_t *trap = NULL;
    check(warden_func_call(store, f, args, nargs, results, nresults, &trap), "call");
    if (trap) die("call: trap %s", warden_trap_kind_name(warden_trap_kind(trap)));
}

/* Times batches of n operations: `fn` runs n of them and returns the seconds they took. n grows
 * until a batch takes at least MIN_BATCH seconds; the result is the median of REPEATS batches of
 * that size, per operation. */
#define MIN_BATCH 0.05
typedef double (*batch_fn)(const struct env *e, void *ctx, uint64_t n);

static double per_op(const struct env *e, batch_fn fn, void *ctx)
{
    uint64_t n = 1;
    for (;;) {
        double t = fn(e, ctx, n);
        if (t >= MIN_BATCH || n >= ((uint64_t)1 << 32)) break;
        double grow = t > 0 ? MIN_BATCH * 1.5 / t : 100;
        n = (uint64_t)((double)n * (grow > 100 ? 100 : grow < 2 ? 2 : grow));
    }
    double t[REPEATS];
    for (int i = 0; i < REPEATS; i++) t[i] = fn(e, ctx, n) / (double)n;
    return median(t, REPEATS);
}

static void bench_module_new(const struct env *e, const struct bytes *corpus)
{
    uint32_t copies = (uint32_t)(LARGE_MODULE_BYTES / corpus->len) + 1;
    struct bytes large = replicate(corpus, copies);
    double t[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
        warden_module_t *m = NULL;
        double start = now();
        check(warden_module_new(e->engine, large.data, large.len, &m), "large module");
        t[i] = now() - start;
        warden_module_delete(m);
    }
    double s = median(t, REPEATS);
    char what[160];
    snprintf(what, sizeof what,
             "decode + validate + lower a %.1f MB module (the workloads' code %u times over)",
             (double)large.len / 1e6, copies);
    report("module_new", (double)large.len / 1e6 / s, "MB/s", what);
    free(large.data);
}

static double instantiate_fresh(const struct env *e, void *ctx, uint64_t n)
{
    (void)ctx;
    double start = now();
    for (uint64_t k = 0; k < n; k++) {
        warden_store_t *store = NULL;
        check(warden_store_new(e->engine, &store), "store");
        instantiate(e, store, e->small);
        warden_store_delete(store);
    }
    return now() - start;
}

static double instantiate_shared(const struct env *e, void *ctx, uint64_t n)
{
    (void)ctx;
    warden_store_t *store = NULL;
    check(warden_store_new(e->engine, &store), "store");
    double start = now();
    for (uint64_t k = 0; k < n; k++) instantiate(e, store, e->small);
    double t = now() - start;
    warden_store_delete(store);
    return t;
}

static void bench_instantiate(const struct env *e)
{
    report("instantiate", per_op(e, instantiate_fresh, NULL) * 1e6, "µs",
           "instantiate the small module in a new store, then delete the store");
    report("instantiate_shared", per_op(e, instantiate_shared, NULL) * 1e6, "µs",
           "instantiate the small module once more in an existing store");
}

struct calls {
    warden_store_t *store;
    warden_func_t *empty, *add, *call_host, *loop_only, *trap, *trap_deep;
};

static double call_empty(const struct env *e, void *ctx, uint64_t n)
{
    (void)e;
    struct calls *c = ctx;
    double start = now();
    for (uint64_t k = 0; k < n; k++) call(c->store, c->empty, NULL, 0, NULL, 0);
    return now() - start;
}

static double call_add(const struct env *e, void *ctx, uint64_t n)
{
    (void)e;
    struct calls *c = ctx;
    warden_val_t args[2] = {{.kind = WARDEN_I32, .of.i32 = 3}, {.kind = WARDEN_I32, .of.i32 = 4}};
    warden_val_t result;
    double start = now();
    for (uint64_t k = 0; k < n; k++) {
        args[0].of.i32 = (int32_t)k;
        call(c->store, c->add, args, 2, &result, 1);
    }
    return now() - start;
}

static double call_guest_to_host(const struct env *e, void *ctx, uint64_t n)
{
    (void)e;
    struct calls *c = ctx;
    if (n > INT32_MAX) n = INT32_MAX;
    warden_val_t count = {.kind = WARDEN_I32, .of.i32 = (int32_t)n};
    double start = now();
    call(c->store, c->call_host, &count, 1, NULL, 0);
    double with_calls = now() - start;
    start = now();
    call(c->store, c->loop_only, &count, 1, NULL, 0);
    double t = with_calls - (now() - start);
    return t > 0 ? t : 0;
}

static double trap_once(const struct env *e, void *ctx, uint64_t n)
{
    (void)e;
    struct calls *c = ctx;
    double start = now();
    for (uint64_t k = 0; k < n; k++) {
        warden_trap_t *trap = NULL;
        check(warden_func_call(c->store, c->trap, NULL, 0, NULL, 0, &trap), "trap");
        if (!trap || warden_trap_kind(trap) != WARDEN_TRAP_UNREACHABLE) die("no trap");
        warden_trap_delete(trap);
    }
    double t = now() - start;
    call(c->store, c->empty, NULL, 0, NULL, 0);
    return t;
}

enum { TRAP_DEPTH = 100 };

static double trap_deep(const struct env *e, void *ctx, uint64_t n)
{
    (void)e;
    struct calls *c = ctx;
    warden_val_t depth = {.kind = WARDEN_I32, .of.i32 = TRAP_DEPTH};
    double start = now();
    for (uint64_t k = 0; k < n; k++) {
        warden_trap_t *trap = NULL;
        check(warden_func_call(c->store, c->trap_deep, &depth, 1, NULL, 0, &trap), "trap_deep");
        if (!trap || warden_trap_frame_count(trap) < TRAP_DEPTH) die("no deep trap");
        warden_trap_delete(trap);
    }
    double t = now() - start;
    call(c->store, c->empty, NULL, 0, NULL, 0);
    return t;
}

static void bench_calls_and_traps(const struct env *e)
{
    struct calls c = {0};
    check(warden_store_new(e->engine, &c.store), "store");
    warden_instance_t *small = instantiate(e, c.store, e->small);
    c.empty = export_func(small, "empty");
    c.add = export_func(small, "add");
    c.trap = export_func(small, "trap");
    c.trap_deep = export_func(small, "trap_deep");

    warden_linker_t *linker = NULL;
    check(warden_linker_new(e->engine, &linker), "linker");
    warden_functype_t *type = NULL;
    check(warden_functype_new(NULL, 0, NULL, 0, &type), "functype");
    warden_func_t *nop = NULL;
    check(warden_func_new(c.store, type, host_nop, NULL, NULL, &nop), "host function");
    warden_functype_delete(type);
    warden_extern_t item = {.kind = WARDEN_EXTERN_FUNC, .of.func = nop};
    check(warden_linker_define(linker, "host", 4, "nop", 3, item), "define host.nop");
    warden_instance_t *hc = instantiate_with(linker, c.store, e->hostcall);
    c.call_host = export_func(hc, "call_host");
    c.loop_only = export_func(hc, "loop_only");

    report("call_host_to_guest", per_op(e, call_empty, &c) * 1e9, "ns",
           "warden_func_call of an exported empty function");
    report("call_host_to_guest_args", per_op(e, call_add, &c) * 1e9, "ns",
           "warden_func_call of (i32, i32) -> i32");
    report("call_guest_to_host", per_op(e, call_guest_to_host, &c) * 1e9, "ns",
           "a guest's call of an imported empty host function (the loop around it subtracted)");
    report("trap", per_op(e, trap_once, &c) * 1e6, "µs",
           "a call that traps at once, and deleting the trap; the instance stays usable");
    report("trap_deep", per_op(e, trap_deep, &c) * 1e6, "µs",
           "the same with the trap 100 frames deep (a backtrace of 100 frames)");
    warden_linker_delete(linker);
    warden_store_delete(c.store);
}

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static void bench_idle_memory(const struct env *e)
{
    enum { N = 1000 };
    warden_store_t **stores = calloc(N, sizeof *stores);
    if (!stores) die("out of memory");

    size_t before = heap_in_use();
    for (int k = 0; k < N; k++) {
        check(warden_store_new(e->engine, &stores[k]), "store");
        instantiate(e, stores[k], e->small);
    }
    size_t own = heap_in_use() - before;

    before = heap_in_use();
    for (int k = 0; k < N; k++) instantiate(e, stores[0], e->small);
    size_t shared = heap_in_use() - before;

    warden_func_t *empty = export_func(instantiate(e, stores[1], e->small), "empty");
    before = heap_in_use();
    call(stores[1], empty, NULL, 0, NULL, 0);
    size_t first_call = heap_in_use() - before;

    for (int k = 0; k < N; k++) warden_store_delete(stores[k]);
    free(stores);

    report("idle_instance", (double)own / N, "bytes",
           "heap per idle instance of the small module in its own store (linear memory excluded)");
    report("idle_instance_shared", (double)shared / N, "bytes",
           "heap per further idle instance in a shared store (linear memory excluded)");
    report("first_call_stack", (double)first_call, "bytes",
           "heap a store takes at its first call: the execution stack, committed only as used");
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s SMALL.wasm HOSTCALL.wasm CORPUS.wasm\n", argv[0]);
        return 2;
    }
    struct env e = {0};
    check(warden_engine_new(&e.engine), "engine");
    check(warden_linker_new(e.engine, &e.linker), "linker");
    struct bytes small = read_file(argv[1]), hostcall = read_file(argv[2]);
    struct bytes corpus = read_file(argv[3]);
    check(warden_module_new(e.engine, small.data, small.len, &e.small), argv[1]);
    check(warden_module_new(e.engine, hostcall.data, hostcall.len, &e.hostcall), argv[2]);

    setvbuf(stdout, NULL, _IOLBF, 0);
    bench_module_new(&e, &corpus);
    bench_instantiate(&e);
    bench_calls_and_traps(&e);
    bench_idle_memory(&e);

    warden_module_delete(e.small);
    warden_module_delete(e.hostcall);
    warden_linker_delete(e.linker);
    warden_engine_delete(e.engine);
    free(small.data);
    free(hostcall.data);
    free(corpus.data);
    return 0;
}
