/* Start-up of a big module in the compiled tier: compiling it, and starting it again from the
 * code cache and from a .cwasm.
 *
 *   bench_compiled MODULE.wasm CACHE_DIR [REPS [EXPORT]]     (defaults: 5, export "first")
 *
 * CACHE_DIR must be empty or missing: the first run compiles every function (module_threads 0:
 * one thread per online CPU) and keeps the code there. Then REPS runs each, in turn:
 *   cache    an engine with that cache_dir creates the module (a hit: the code is linked, not
 *            compiled), instantiates it and calls EXPORT
 *   cwasm    the same from the .cwasm bytes warden_module_serialize made, without a cache
 * Printed: the compile time and its rate in bytes of code section per second, then per way the
 * median and fastest of module creation, instantiation, first call and total. Every call's
 * result must be the same. A benchmark: it asserts nothing about speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "warden.h"

#define MAX_REPS 101

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
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
    fprintf(stderr, "bench_compiled: %s: %s\n", what, e ? warden_error_message(e) : "failed");
    exit(1);
}

enum { CREATE, INSTANTIATE, CALL, TOTAL, NPHASES };

/* One run: an engine (with the cache dir or none), the module from bytes, an instance, the
 * call. Fills t[] and returns the result; with `artifact`, the module's .cwasm bytes too. */
static int32_t run(const uint8_t *bytes, size_t len, const char *cache, const char *export,
                   double *t, bool want_cached, uint8_t **artifact, size_t *artifact_len)
{
    warden_config_t config;
    warden_config_default(&config);
    config.tier = WARDEN_TIER_LLVM;
    config.cache_dir = cache;
    double t0 = now();
    warden_engine_t *engine;
    warden_error_t *e = warden_engine_new_with_config(&config, &engine);
    if (e) die("engine", e);
    warden_module_t *module;
    if ((e = warden_module_new(engine, bytes, len, &module))) die("module", e);
    double t1 = now();
    if (cache && warden_module_cached(module) != want_cached)
        die(want_cached ? "expected a cache hit" : "expected a cache miss", NULL);
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
    if (artifact && (e = warden_module_serialize(module, artifact, artifact_len)))
        die("serialize", e);
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
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: bench_compiled MODULE.wasm CACHE_DIR [REPS [EXPORT]]\n");
        return 2;
    }
    const char *cache = argv[2];
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    const char *export = argc > 4 ? argv[4] : "first";
    if (reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "bench_compiled: REPS must be 1 to %d\n", MAX_REPS);
        return 2;
    }
    if (!warden_tier_supported(WARDEN_TIER_LLVM)) {
        fprintf(stderr, "bench_compiled: this build has no compiled tier\n");
        return 1;
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
        fprintf(stderr, "bench_compiled: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(file);
    size_t len = (size_t)size;

    double cold[NPHASES];
    uint8_t *art = NULL;
    size_t alen = 0;
    int32_t expected = run(bytes, len, cache, export, cold, false, &art, &alen);
    printf("module %s: %zu bytes; %s() = %d; compiled in %.2f s (%.0f KB of module per second); "
           ".cwasm %zu bytes; %d repetitions\n\n",
           argv[1], len, export, (int)expected, cold[CREATE], (double)len / cold[CREATE] / 1e3,
           alen, reps);

    static double t[2][NPHASES][MAX_REPS];
    static const char *const ways[2] = {"cache", "cwasm"};
    for (int r = 0; r < reps; r++) {
        for (int w = 0; w < 2; w++) {
            double one[NPHASES];
            int32_t got = w == 0 ? run(bytes, len, cache, export, one, true, NULL, NULL)
                                 : run(art, alen, NULL, export, one, false, NULL, NULL);
            if (got != expected) {
                fprintf(stderr, "bench_compiled: %s returned %d, compiled %d\n", ways[w], (int)got,
                        (int)expected);
                return 1;
            }
            for (int p = 0; p < NPHASES; p++) t[w][p][r] = one[p];
        }
    }
    printf("| way | create | instantiate | first call | total (fastest) |\n");
    printf("|---|---:|---:|---:|---:|\n");
    printf("| compile | %.3f s | %.3f s | %.3f s | %.3f s |\n", cold[CREATE], cold[INSTANTIATE],
           cold[CALL], cold[TOTAL]);
    for (int w = 0; w < 2; w++) {
        double med[NPHASES], best = 1e9;
        for (int r = 0; r < reps; r++)
            if (t[w][TOTAL][r] < best) best = t[w][TOTAL][r];
        for (int p = 0; p < NPHASES; p++) med[p] = median(t[w][p], reps);
        printf("| %s | %.3f s | %.3f s | %.3f s | %.3f s (%.3f s) |\n", ways[w], med[CREATE],
               med[INSTANTIATE], med[CALL], med[TOTAL], best);
    }
    warden_bytes_delete(art);
    free(bytes);
    return 0;
}
