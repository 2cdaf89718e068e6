/*
 * scan — memory-bound scans over a 64 MiB array of 32-bit words: a sequential sum, a
 * read-modify-write pass touching one word per 64-byte line, and a chain of dependent loads whose
 * every address comes from the word loaded before it.
 */
#include "bench.h"

#define WORDS (16u << 20) /* 64 MiB */
#define CHASE 65536

uint64_t bench_run(uint32_t rounds)
{
    uint32_t *a = bench_alloc(WORDS * sizeof *a);
    uint64_t seed = 3;
    for (uint32_t i = 0; i < WORDS; i += 2) {
        uint64_t v = bench_next(&seed);
        a[i] = (uint32_t)v;
        a[i + 1] = (uint32_t)(v >> 32);
    }

    uint64_t sum = 0;
    uint32_t at = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        uint64_t total = 0;
        for (uint32_t i = 0; i < WORDS; i++) total += a[i];

        uint32_t start = r % 16;
        for (uint32_t i = start; i < WORDS; i += 16) a[i] = a[i] * 2654435761u + r;

        uint32_t x = 0;
        for (uint32_t i = 0; i < CHASE; i++) {
            at = (a[at] ^ i) & (WORDS - 1);
            x += at;
        }
        sum = bench_mix(sum, total);
        sum = bench_mix(sum, x);
    }
    return sum;
}
