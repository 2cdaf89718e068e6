/* Start-up of a big module: the time from its bytes in memory to the result of its first call,
 * with functions lowered at module creation (eager) and at their first call (lazy).
 *
 *   bench_startup MODULE.wasm [REPS [EXPORT]]      (defaults: 5 repetitions, export "first")
 *
 * Each repetition runs every way once, in turn (eager, lazy-1, lazy, eager, lazy-1, lazy, ...):
 *   eager    config.lower_eagerly: every body validated and lowered in one pass on the calling
 *            thread, as module creation always did before lazy lowering
 *   lazy-1   bodies validated on the calling thread alone (module_threads 1), lowered at first call
 *   lazy     the default: bodies validated by one thread per online CPU, lowered at first call
 * A run makes an engine, creates the module from the bytes, instantiates it in a new store (no
 * imports) and calls EXPORT, a function of no parameters and one i32 result. Printed per way: the
 * median and the fastest of REPS runs for module creation, instantiation, the first call and the
 * total, and the heap the module holds after the call (glibc's mallinfo2: the module's copy of
 * its bytes, a mapping of its own for a big module, is not in it). The result of every call must
 * be the same. A benchmark: it asserts nothing about speed. */

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "warden.h"

enum { EAGER, LAZY_ONE, LAZY, NWAYS };
static const char *const k_ways[NWAYS] = {"eager", "lazy-1", "lazy"};
enum { CREATE, INSTANTIATE, CALL, TOTAL, NPHASES };

#define MAX_REPS 101

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static size_t heap_bytes(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, warden_error_t *e)
{
    fprintf(stderr, "bench_startup: %s: %s\n", what, e ? warden_error_message(e) : "failed");
    exit(1);
}

/* One run: fills t[phase] (seconds) and the module's heap; returns the call's result. */
static int32_t run(const uint8_t *bytes, size_t len, int way, const char *export, double *t,
                   size_t *module_heap)
{
    warden_config_t config;
    warden_config_default(&config);
    config.lower_eagerly = way == EAGER;
    config.module_threads = way == LAZY ? 0 : 1;
    size_t heap0 = heap_bytes();
    double t0 = now();
    warden_engine_t *engine;
    warden_error_t *e = warden_engine_new_with_config(&config, &engine);
    if (e) die("engine", e);
    warden_module_t *module;
    if ((e = warden_module_new(engine, bytes, len, &module))) die("module", e);
    double t1 = now();
    warden_store_t *store;
    warden_linker_t *linker;
    warden_instance_t *inst;
    warden_trap_t *trap = NULL;
    if ((e = warden_store_new(engine, &store))) die("store", e);
    if ((e = warden_linker_new(engine, &linker))) die("linker", e);
    if ((e = warden_linker_instantiate(linker, store, module, &inst, &trap)) || trap)
        die("instantiate", e);
    double t2 = now();
    warden_func_t *f = warden_instance_export_func(inst, export);
    if (!f) die("no such export", NULL);
    warden_val_t result = {0};
    if ((e = warden_func_call(store, f, NULL, 0, &result, 1, &trap)) || trap) die("call", e);
    double t3 = now();
    warden_linker_delete(linker);
    warden_store_delete(store);
    *module_heap = heap_bytes() - heap0; /* the module is all that is left */
    warden_module_delete(module);
    warden_engine_delete(engine);
    t[CREATE] = t1 - t0;
    t[INSTANTIATE] = t2 - t1;
    t[CALL] = t3 - t2;
    t[TOTAL] = t3 - t0;
    return result.of.i32;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: bench_startup MODULE.wasm [REPS [EXPORT]]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    const char *export = argc > 3 ? argv[3] : "first";
    if (reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "bench_startup: REPS must be 1 to %d\n", MAX_REPS);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) {
        perror(argv[1]);
        return 1;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *bytes = malloc(size > 0 ? (size_t)size : 1);
    if (!bytes || size <= 0 || fread(bytes, 1, (size_t)size, file) != (size_t)size) {
        fprintf(stderr, "bench_startup: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(file);
    size_t len = (size_t)size;

    static double t[NWAYS][NPHASES][MAX_REPS];
    size_t heap[NWAYS] = {0};
    int32_t expected = 0;
    for (int r = 0; r < reps; r++) {
        for (int w = 0; w < NWAYS; w++) {
            double one[NPHASES];
            int32_t got = run(bytes, len, w, export, one, &heap[w]);
            if (r == 0 && w == 0) expected = got;
            if (got != expected) {
                fprintf(stderr, "bench_startup: %s returned %d, eager %d\n", k_ways[w], (int)got,
                        (int)expected);
                return 1;
            }
            for (int p = 0; p < NPHASES; p++) t[w][p][r] = one[p];
        }
    }
    printf("module %s: %zu bytes; %s() = %d; %d repetitions\n\n", argv[1], len, export,
           (int)expected, reps);
    printf("| way | create | instantiate | first call | total (fastest) | module heap, bytes "
           "excluded |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
    for (int w = 0; w < NWAYS; w++) {
        double med[NPHASES], best = 1e9;
        for (int r = 0; r < reps; r++)
            if (t[w][TOTAL][r] < best) best = t[w][TOTAL][r];
        for (int p = 0; p < NPHASES; p++) med[p] = median(t[w][p], reps);
        printf("| %s | %.3f s | %.3f s | %.3f s | %.3f s (%.3f s) | %.1f MB |\n", k_ways[w],
               med[CREATE], med[INSTANTIATE], med[CALL], med[TOTAL], best, (double)heap[w] / 1e6);
    }
    free(bytes);
    return 0;
}
