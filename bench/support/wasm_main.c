/*
 * wasm_main.c — a no-argument entry point for engines that cannot pass arguments (wabt's
 * wasm-interp runs every export without any): bench_main() runs BENCH_MAIN_ROUNDS rounds.
 */
#include "bench.h"

#ifndef BENCH_MAIN_ROUNDS
#error "compile with -DBENCH_MAIN_ROUNDS=N"
#endif

uint64_t bench_main(void);

uint64_t bench_main(void)
{
    return bench_run(BENCH_MAIN_ROUNDS);
}
