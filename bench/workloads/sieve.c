/*
 * sieve — the sieve of Eratosthenes over a 2 MiB byte array: clearing it, striking out multiples,
 * then scanning it to count and sum the primes. The limit moves a little every round.
 */
#include "bench.h"

#define LIMIT (2u << 20)

uint64_t bench_run(uint32_t rounds)
{
    uint8_t *composite = bench_alloc(LIMIT);
    uint64_t sum = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        size_t limit = LIMIT - (r % 1024);
        memset(composite, 0, limit);
        for (size_t i = 2; i * i < limit; i++) {
            if (composite[i]) continue;
            for (size_t j = i * i; j < limit; j += i) composite[j] = 1;
        }
        uint64_t count = 0, total = 0;
        for (size_t i = 2; i < limit; i++) {
            if (!composite[i]) {
                count++;
                total += i;
            }
        }
        sum = bench_mix(sum, count);
        sum = bench_mix(sum, total);
    }
    return sum;
}
