/* bench_component: the cost of the component boundary (the canonical ABI), measured beside the
 * same core function called directly, in one run, rounds interleaved:
 *
 *   id      func(x: u32) -> u32             vs the core `id`
 *   echo    func(s: string) -> string, 1 KiB vs the core `echo` (no copy at all), ASCII and
 *           2-byte UTF-8
 *   len     func(b: list<u8>) -> u32, 1 MiB  vs memcpy of 1 MiB (one copy in)
 *   bytes   func(b: list<u8>) -> list<u8>, 1 MiB vs two memcpy of 1 MiB (in and out)
 *
 * Prints one line per measure: the median time per call of each side and their difference or
 * ratio. Usage: bench_component [DIR] [--rounds N]   (DIR holds core.wasm and component.wasm) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "warden.h"
#include "warden_component.h"

#ifndef WARDEN_BENCH_COMPONENT_DIR
#define WARDEN_BENCH_COMPONENT_DIR "."
#endif

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what, warden_error_t *e, warden_trap_t *trap)
{
    fprintf(stderr, "bench_component: %s: %s\n", what,
            e      ? warden_error_message(e)
            : trap ? warden_trap_message(trap)
                   : "failed");
    exit(1);
}

static uint8_t *read_file(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(1);
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

typedef struct bench {
    warden_store_t *store;
    warden_func_t *core_id, *core_echo;
    warden_component_func_t *id, *echo, *bytes, *len;
    warden_component_val_t str1k, utf1k, mib;
    uint8_t *src, *dst;
} bench_t;

/* One round of `iters` calls of one side; returns ns per call. */
static double round_core_id(bench_t *b, int iters)
{
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = 7}, res;
    warden_trap_t *trap = NULL;
    double t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        warden_error_t *e = warden_func_call(b->store, b->core_id, &arg, 1, &res, 1, &trap);
        if (e || trap) die("core id", e, trap);
    }
    return (now_ns() - t0) / iters;
}

static double round_comp_id(bench_t *b, int iters)
{
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_U32, .of.u32 = 7}, res;
    warden_trap_t *trap = NULL;
    double t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        warden_error_t *e = warden_component_func_call(b->store, b->id, &arg, 1, &res, 1, &trap);
        if (e || trap || res.of.u32 != 7) die("component id", e, trap);
    }
    return (now_ns() - t0) / iters;
}

static double round_core_echo(bench_t *b, int iters)
{
    warden_val_t args[2] = {{.kind = WARDEN_I32, .of.i32 = 65536},
                            {.kind = WARDEN_I32, .of.i32 = 1024}};
    warden_val_t res;
    warden_trap_t *trap = NULL;
    double t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        warden_error_t *e = warden_func_call(b->store, b->core_echo, args, 2, &res, 1, &trap);
        if (e || trap) die("core echo", e, trap);
    }
    return (now_ns() - t0) / iters;
}

static double round_comp_call(bench_t *b, warden_component_func_t *f,
                              const warden_component_val_t *arg, size_t expect_len, int iters)
{
    warden_component_val_t res;
    warden_trap_t *trap = NULL;
    double t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        warden_error_t *e = warden_component_func_call(b->store, f, arg, 1, &res, 1, &trap);
        if (e || trap) die("component call", e, trap);
        size_t got = res.kind == WARDEN_COMPONENT_STRING  ? res.of.string.len
                     : res.kind == WARDEN_COMPONENT_BYTES ? res.of.bytes.len
                                                          : res.of.u32;
        if (got != expect_len) die("component call: wrong result", NULL, NULL);
        warden_component_val_delete(&res);
    }
    return (now_ns() - t0) / iters;
}

static double round_memcpy(bench_t *b, int copies, int iters)
{
    double t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        for (int c = 0; c < copies; c++) {
            memcpy(b->dst, b->src, 1 << 20);
            /* Keep the copy from being optimised away. */
            __asm__ volatile("" : : "r"(b->dst) : "memory");
        }
    }
    return (now_ns() - t0) / iters;
}

int main(int argc, char **argv)
{
    const char *dir = WARDEN_BENCH_COMPONENT_DIR;
    int rounds = 11;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else
            dir = argv[i];
    }
    if (rounds < 1 || rounds > 1001) rounds = 11;

    warden_engine_t *engine;
    warden_error_t *e = warden_engine_new(&engine);
    bench_t b = {0};
    if (!e) e = warden_store_new(engine, &b.store);
    if (e) die("engine", e, NULL);

    size_t len;
    uint8_t *bytes = read_file(dir, "core.wasm", &len);
    warden_module_t *module;
    if ((e = warden_module_new(engine, bytes, len, &module))) die("core.wasm", e, NULL);
    free(bytes);
    warden_linker_t *linker;
    warden_instance_t *inst;
    warden_trap_t *trap = NULL;
    if ((e = warden_linker_new(engine, &linker))) die("linker", e, NULL);
    if ((e = warden_linker_instantiate(linker, b.store, module, &inst, &trap)) || trap)
        die("core instance", e, trap);
    b.core_id = warden_instance_export_func(inst, "id");
    b.core_echo = warden_instance_export_func(inst, "echo");

    bytes = read_file(dir, "component.wasm", &len);
    warden_component_t *component;
    if ((e = warden_component_new(engine, bytes, len, &component))) die("component.wasm", e, NULL);
    free(bytes);
    warden_component_instance_t *ci;
    if ((e = warden_component_linker_instantiate(NULL, b.store, component, &ci, &trap)) || trap)
        die("component instance", e, trap);
    b.id = warden_component_instance_func(ci, "id", 2);
    b.echo = warden_component_instance_func(ci, "echo", 4);
    b.bytes = warden_component_instance_func(ci, "bytes", 5);
    b.len = warden_component_instance_func(ci, "len", 3);
    if (!b.core_id || !b.core_echo || !b.id || !b.echo || !b.bytes || !b.len)
        die("exports", NULL, NULL);

    char text[1024];
    for (size_t i = 0; i < sizeof text; i++) text[i] = (char)('a' + i % 26);
    b.str1k.kind = WARDEN_COMPONENT_BOOL;
    b.utf1k.kind = WARDEN_COMPONENT_BOOL;
    char utf[1024];
    for (size_t i = 0; i < sizeof utf; i += 2) utf[i] = (char)0xc3, utf[i + 1] = (char)0xa9; /* é */
    b.mib.kind = WARDEN_COMPONENT_BOOL;
    b.src = malloc(1 << 20);
    b.dst = malloc(1 << 20);
    if (!b.src || !b.dst) die("memory", NULL, NULL);
    for (size_t i = 0; i < (1 << 20); i++) b.src[i] = (uint8_t)i;
    if ((e = warden_component_val_set_string(&b.str1k, text, sizeof text)) ||
        (e = warden_component_val_set_string(&b.utf1k, utf, sizeof utf)) ||
        (e = warden_component_val_set_bytes(&b.mib, b.src, 1 << 20)))
        die("values", e, NULL);

    double *v[9];
    for (int k = 0; k < 9; k++) v[k] = calloc((size_t)rounds, sizeof(double));
    /* Warm up, then interleave the sides in every round. */
    round_comp_id(&b, 10000);
    round_comp_call(&b, b.echo, &b.str1k, 1024, 1000);
    for (int r = 0; r < rounds; r++) {
        v[0][r] = round_core_id(&b, 200000);
        v[1][r] = round_comp_id(&b, 200000);
        v[2][r] = round_core_echo(&b, 100000);
        v[3][r] = round_comp_call(&b, b.echo, &b.str1k, 1024, 50000);
        v[4][r] = round_memcpy(&b, 1, 200);
        v[5][r] = round_comp_call(&b, b.len, &b.mib, 1 << 20, 200);
        v[6][r] = round_memcpy(&b, 2, 200);
        v[7][r] = round_comp_call(&b, b.bytes, &b.mib, 1 << 20, 200);
        v[8][r] = round_comp_call(&b, b.echo, &b.utf1k, 1024, 50000);
    }
    double m[9];
    for (int k = 0; k < 9; k++) m[k] = median(v[k], rounds);
    printf("rounds: %d (medians)\n", rounds);
    printf("id     func(x: u32) -> u32            core %7.1f ns  component %7.1f ns  beyond the "
           "core call %+7.1f ns\n",
           m[0], m[1], m[1] - m[0]);
    printf("echo   func(s: string) -> string 1 KiB core %7.1f ns  component %7.1f ns  beyond the "
           "core call %+7.1f ns\n",
           m[2], m[3], m[3] - m[2]);
    printf("echo   the same, 1 KiB of `é` (2-byte UTF-8)  component %7.1f ns  beyond the core call "
           "%+7.1f ns\n",
           m[8], m[8] - m[2]);
    printf("len    list<u8> 1 MiB in              memcpy %7.1f us  component %7.1f us  ratio "
           "%.2f (%.2f GB/s)\n",
           m[4] / 1e3, m[5] / 1e3, m[5] / m[4], (1 << 20) / m[5]);
    printf("bytes  list<u8> 1 MiB in and out      2 memcpy %5.1f us  component %7.1f us  ratio "
           "%.2f (%.2f GB/s)\n",
           m[6] / 1e3, m[7] / 1e3, m[7] / m[6], 2.0 * (1 << 20) / m[7]);
    for (int k = 0; k < 9; k++) free(v[k]);
    warden_component_val_delete(&b.str1k);
    warden_component_val_delete(&b.utf1k);
    warden_component_val_delete(&b.mib);
    free(b.src);
    free(b.dst);
    warden_linker_delete(linker);
    warden_store_delete(b.store);
    warden_component_delete(component);
    warden_module_delete(module);
    warden_engine_delete(engine);
    return 0;
}
