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

#include "start.h"
#include "warden.h"

enum { EAGER, LAZY_ONE, LAZY, NWAYS };
static const char *const k_ways[NWAYS] = {"eager", "lazy-1", "lazy"};
static const char k_prog[] = "bench_startup";

static size_t heap_bytes(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
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
    st_run r;
    st_start(k_prog, &config, bytes, len, export, &r);
    *module_heap = heap_bytes() - heap0; /* the module (and its engine) are all that is left */
    st_end(&r);
    for (int p = 0; p < ST_NPHASES; p++) t[p] = r.t[p];
    return r.result;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: bench_startup MODULE.wasm [REPS [EXPORT]]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    const char *export = argc > 3 ? argv[3] : "first";
    if (reps < 1 || reps > ST_MAX_REPS) {
        fprintf(stderr, "bench_startup: REPS must be 1 to %d\n", ST_MAX_REPS);
        return 2;
    }
    size_t len;
    uint8_t *bytes = st_read(k_prog, argv[1], &len);

    static double t[NWAYS][ST_NPHASES][ST_MAX_REPS];
    size_t heap[NWAYS] = {0};
    int32_t expected = 0;
    for (int r = 0; r < reps; r++) {
        for (int w = 0; w < NWAYS; w++) {
            double one[ST_NPHASES];
            int32_t got = run(bytes, len, w, export, one, &heap[w]);
            if (r == 0 && w == 0) expected = got;
            if (got != expected) {
                fprintf(stderr, "bench_startup: %s returned %d, eager %d\n", k_ways[w], (int)got,
                        (int)expected);
                return 1;
            }
            for (int p = 0; p < ST_NPHASES; p++) t[w][p][r] = one[p];
        }
    }
    printf("module %s: %zu bytes; %s() = %d; %d repetitions\n\n", argv[1], len, export,
           (int)expected, reps);
    printf("| way | create | instantiate | first call | total (fastest) | module heap, bytes "
           "excluded |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
    for (int w = 0; w < NWAYS; w++) {
        double med[ST_NPHASES], best;
        st_summary(t[w], reps, med, &best);
        printf("| %s | %.3f s | %.3f s | %.3f s | %.3f s (%.3f s) | %.1f MB |\n", k_ways[w],
               med[ST_CREATE], med[ST_INSTANTIATE], med[ST_CALL], med[ST_TOTAL], best,
               (double)heap[w] / 1e6);
    }
    free(bytes);
    return 0;
}
