/*
 * wasm2c_main.c — runs a workload translated by wabt's wasm2c (module name "bench"):
 * `W ROUNDS` prints bench_run(ROUNDS) as a signed decimal. The generated header names things one
 * way up to wabt 1.0.32 and another way after it; both are handled.
 */
#include "bench_w2c.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(BENCH_W2C_OLD_NAMES)
#define INSTANCE_T Z_bench_instance_t
#define INIT_MODULE() Z_bench_init_module()
#define INSTANTIATE(i) Z_bench_instantiate(i)
#define RUN(i, n) Z_benchZ_bench_run(i, n)
#define FREE(i) Z_bench_free(i)
#else
#define INSTANCE_T w2c_bench
#define INIT_MODULE() ((void)0)
#define INSTANTIATE(i) wasm2c_bench_instantiate(i)
#define RUN(i, n) w2c_bench_bench_run(i, n)
#define FREE(i) wasm2c_bench_free(i)
#endif

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s ROUNDS\n", argv[0]);
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long rounds = strtoul(argv[1], &end, 10);
    if (errno || *end || end == argv[1] || rounds > UINT32_MAX) {
        fprintf(stderr, "%s: bad round count '%s'\n", argv[0], argv[1]);
        return 2;
    }
    wasm_rt_init();
    INIT_MODULE();
    static INSTANCE_T instance;
    INSTANTIATE(&instance);
    uint64_t sum = RUN(&instance, (uint32_t)rounds);
    FREE(&instance);
    wasm_rt_free();
    printf("%" PRId64 "\n", (int64_t)sum);
    return 0;
}
