/* How late a deadline's trap arrives. Runs an infinite loop under a deadline of D ticks of the
 * engine's default 1 ms ticker, TRIALS times, and prints percentiles of the overshoot: the time
 * from the moment the deadline was due to the moment the call returned its trap to the host.
 *
 *   overshoot SPIN.wasm [TRIALS [D]]      (defaults: 1000 trials, D = 2)
 *
 * Each trial first waits, spinning, for the epoch to advance, and starts its clock and sets the
 * deadline as soon as it sees the new epoch: the deadline is then due D ticks later, the ticker
 * keeping an absolute schedule. The overshoot is the time the guest takes to reach its next check
 * and unwind, plus any difference between how late the ticker woke for the starting tick and for
 * the deadline's (a constant lateness cancels out). A ticker kept off the CPU for more than a tick
 * catches up with ticks in quick succession: such a trial's trap comes early, with a negative
 * overshoot.
 *
 * Prints one line per figure: min, p50, p90, p99 and max of the overshoot in microseconds, and the
 * number of trials whose trap came before the deadline was due. Exit status 1 on any failure,
 * including a call that ends other than with a deadline trap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "warden.h"

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The value at quantile q (0..1) of sorted[0..n), nearest rank. */
static int64_t quantile(const int64_t *sorted, size_t n, double q)
{
    size_t rank = (size_t)(q * (double)n + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

static int read_file(const char *path, uint8_t **bytes, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        uint8_t *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f) || !buf;
    fclose(f);
    if (failed) {
        free(buf);
        return -1;
    }
    *bytes = buf;
    *len = n;
    return 0;
}

static unsigned long parse_arg(const char *text, const char *what)
{
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (*text < '0' || *text > '9' || *end != '\0' || v == 0 || v > 1000000) {
        fprintf(stderr, "overshoot: bad %s '%s'\n", what, text);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: overshoot SPIN.wasm [TRIALS [D]]\n");
        return 2;
    }
    size_t trials = argc > 2 ? parse_arg(argv[2], "trial count") : 1000;
    uint64_t ticks = argc > 3 ? parse_arg(argv[3], "tick count") : 2;

    uint8_t *bytes = NULL;
    size_t len = 0;
    if (read_file(argv[1], &bytes, &len) != 0) {
        fprintf(stderr, "overshoot: cannot read %s\n", argv[1]);
        return 1;
    }
    int64_t *late = calloc(trials, sizeof *late);
    warden_config_t config;
    warden_config_default(&config);
    warden_engine_t *engine = NULL;
    warden_module_t *module = NULL;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    int status = 1;
    warden_error_t *err = NULL;
    if (!late) {
        fprintf(stderr, "overshoot: out of memory\n");
        goto out;
    }
    err = warden_engine_new_with_config(&config, &engine);
    if (!err) err = warden_module_new(engine, bytes, len, &module);
    if (!err) err = warden_store_new(engine, &store);
    if (!err) err = warden_linker_new(engine, &linker);
    if (!err) err = warden_linker_instantiate(linker, store, module, &instance, &trap);
    if (err || trap) {
        fprintf(stderr, "overshoot: %s\n", err ? warden_error_message(err) : "start trapped");
        goto out;
    }
    warden_func_t *spin = warden_instance_export_func(instance, "spin");
    if (!spin) {
        fprintf(stderr, "overshoot: %s has no export 'spin'\n", argv[1]);
        goto out;
    }

    /* Start the ticker with a deadline far away, then clear it. */
    warden_store_set_deadline(store, UINT64_MAX / 2);
    warden_store_set_deadline(store, 0);
    uint64_t tick_ns = config.epoch_tick_ns;
    for (size_t i = 0; i < trials; i++) {
        uint64_t epoch = warden_engine_epoch(engine);
        while (warden_engine_epoch(engine) == epoch) {
        }
        uint64_t start = now_ns();
        warden_store_set_deadline(store, ticks);
        err = warden_func_call(store, spin, NULL, 0, NULL, 0, &trap);
        uint64_t end = now_ns();
        if (err || !trap || warden_trap_kind(trap) != WARDEN_TRAP_DEADLINE) {
            fprintf(stderr, "overshoot: trial %zu ended with %s\n", i,
                    err    ? warden_error_message(err)
                    : trap ? warden_trap_kind_name(warden_trap_kind(trap))
                           : "a return");
            goto out;
        }
        warden_trap_delete(trap);
        trap = NULL;
        late[i] = (int64_t)(end - start) - (int64_t)(ticks * tick_ns);
    }
    qsort(late, trials, sizeof *late, cmp_i64);
    printf("trials=%zu\n", trials);
    printf("deadline_us=%.0f\n", (double)(ticks * tick_ns) / 1e3);
    printf("overshoot_min_us=%.1f\n", (double)late[0] / 1e3);
    printf("overshoot_p50_us=%.1f\n", (double)quantile(late, trials, 0.50) / 1e3);
    printf("overshoot_p90_us=%.1f\n", (double)quantile(late, trials, 0.90) / 1e3);
    printf("overshoot_p99_us=%.1f\n", (double)quantile(late, trials, 0.99) / 1e3);
    printf("overshoot_max_us=%.1f\n", (double)late[trials - 1] / 1e3);
    size_t early = 0;
    while (early < trials && late[early] < 0) early++;
    printf("early_trials=%zu\n", early);
    status = 0;
out:
    warden_error_delete(err);
    warden_trap_delete(trap);
    warden_linker_delete(linker);
    warden_store_delete(store);
    warden_module_delete(module);
    warden_engine_delete(engine);
    free(late);
    free(bytes);
    return status;
}
