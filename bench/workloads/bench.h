/*
 * bench.h — what every workload shares.
 *
 * A workload is one C file that defines bench_run(). It does `rounds` rounds of the same amount of
 * work after a setup that is small next to them, so its time grows linearly with `rounds`, and it
 * returns a checksum of everything it computed. The same file is compiled natively and to
 * wasm32; the checksum must be the same in every engine for the same `rounds`.
 *
 * Workloads use no C library beyond the few functions declared here: on wasm32 they are linked
 * with bench/support/wasm_support.c, natively with bench/support/native_main.c.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

#if defined(__wasm__)
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#else
#include <string.h>
#endif

/* The work: `rounds` rounds; returns the checksum. */
uint64_t bench_run(uint32_t rounds);

/* `size` bytes aligned to 16, contents unspecified. Never freed: a workload runs once per process.
 * Stops the program when memory runs out. */
void *bench_alloc(size_t size);

/* splitmix64: a small deterministic generator for inputs. */
static inline uint64_t bench_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Folds a value into a checksum. */
static inline uint64_t bench_mix(uint64_t sum, uint64_t value)
{
    sum ^= value + 0x9E3779B97F4A7C15ull + (sum << 6) + (sum >> 2);
    return sum;
}

/* The bits of a double, for checksums of floating-point results. */
static inline uint64_t bench_f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

#endif
