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

#include "start.h"
#include "warden.h"

static const char k_prog[] = "bench_compiled";

/* One start in the compiled tier, with the cache dir or none; with `artifact`, the module's
 * .cwasm bytes too. Fills t[] and returns the call's result. */
static int32_t run(const uint8_t *bytes, size_t len, const char *cache, const char *export,
                   double *t, bool want_cached, uint8_t **artifact, size_t *artifact_len)
{
    warden_config_t config;
    warden_config_default(&config);
    config.tier = WARDEN_TIER_LLVM;
    config.cache_dir = cache;
    st_run r;
    st_start(k_prog, &config, bytes, len, export, &r);
    if (cache && warden_module_cached(r.module) != want_cached)
        st_die(k_prog, want_cached ? "expected a cache hit" : "expected a cache miss", NULL);
    warden_error_t *e;
    if (artifact && (e = warden_module_serialize(r.module, artifact, artifact_len)))
        st_die(k_prog, "serialize", e);
    st_end(&r);
    for (int p = 0; p < ST_NPHASES; p++) t[p] = r.t[p];
    return r.result;
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
    if (reps < 1 || reps > ST_MAX_REPS) {
        fprintf(stderr, "bench_compiled: REPS must be 1 to %d\n", ST_MAX_REPS);
        return 2;
    }
    if (!warden_tier_supported(WARDEN_TIER_LLVM)) {
        fprintf(stderr, "bench_compiled: this build has no compiled tier\n");
        return 1;
    }
    size_t len;
    uint8_t *bytes = st_read(k_prog, argv[1], &len);

    double cold[ST_NPHASES];
    uint8_t *art = NULL;
    size_t alen = 0;
    int32_t expected = run(bytes, len, cache, export, cold, false, &art, &alen);
    printf("module %s: %zu bytes; %s() = %d; compiled in %.2f s (%.0f KB of module per second); "
           ".cwasm %zu bytes; %d repetitions\n\n",
           argv[1], len, export, (int)expected, cold[ST_CREATE],
           (double)len / cold[ST_CREATE] / 1e3, alen, reps);

    static double t[2][ST_NPHASES][ST_MAX_REPS];
    static const char *const ways[2] = {"cache", "cwasm"};
    for (int r = 0; r < reps; r++) {
        for (int w = 0; w < 2; w++) {
            double one[ST_NPHASES];
            int32_t got = w == 0 ? run(bytes, len, cache, export, one, true, NULL, NULL)
                                 : run(art, alen, NULL, export, one, false, NULL, NULL);
            if (got != expected) {
                fprintf(stderr, "bench_compiled: %s returned %d, compiled %d\n", ways[w], (int)got,
                        (int)expected);
                return 1;
            }
            for (int p = 0; p < ST_NPHASES; p++) t[w][p][r] = one[p];
        }
    }
    printf("| way | create | instantiate | first call | total (fastest) |\n");
    printf("|---|---:|---:|---:|---:|\n");
    printf("| compile | %.3f s | %.3f s | %.3f s | %.3f s |\n", cold[ST_CREATE],
           cold[ST_INSTANTIATE], cold[ST_CALL], cold[ST_TOTAL]);
    for (int w = 0; w < 2; w++) {
        double med[ST_NPHASES], best;
        st_summary(t[w], reps, med, &best);
        printf("| %s | %.3f s | %.3f s | %.3f s | %.3f s (%.3f s) |\n", ways[w], med[ST_CREATE],
               med[ST_INSTANTIATE], med[ST_CALL], med[ST_TOTAL], best);
    }
    warden_bytes_delete(art);
    free(bytes);
    return 0;
}
