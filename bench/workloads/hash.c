/*
 * hash — integer hashing and bit operations over a 64 KiB buffer: FNV-1a byte by byte, a
 * four-lane multiply-rotate hash over 64-bit words, a Murmur3-style mix over 32-bit words,
 * bitwise CRC-32, and population counts, leading and trailing zeros and byte swaps. Each round
 * feeds its result back into the buffer.
 */
#include "bench.h"

#define WORDS 8192 /* 64 KiB */

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint32_t rotl32(uint32_t x, unsigned r)
{
    return (x << r) | (x >> (32 - r));
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001B3ull;
    }
    return h;
}

static uint64_t lanes4(const uint64_t *w, size_t n)
{
    const uint64_t p1 = 0x9E3779B185EBCA87ull, p2 = 0xC2B2AE3D27D4EB4Full;
    uint64_t a = p1 + p2, b = p2, c = 0, d = 0 - p1;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        a = rotl64(a + w[i] * p2, 31) * p1;
        b = rotl64(b + w[i + 1] * p2, 31) * p1;
        c = rotl64(c + w[i + 2] * p2, 31) * p1;
        d = rotl64(d + w[i + 3] * p2, 31) * p1;
    }
    uint64_t h = rotl64(a, 1) + rotl64(b, 7) + rotl64(c, 12) + rotl64(d, 18);
    h ^= h >> 33;
    h *= p2;
    h ^= h >> 29;
    return h;
}

static uint32_t murmur32(const uint8_t *p, size_t n, uint32_t seed)
{
    uint32_t h = seed;
    for (size_t i = 0; i < n; i++) {
        uint32_t k;
        memcpy(&k, p + 4 * i, sizeof k);
        k *= 0xCC9E2D51u;
        k = rotl32(k, 15) * 0x1B873593u;
        h ^= k;
        h = rotl32(h, 13) * 5 + 0xE6546B64u;
    }
    h ^= (uint32_t)n * 4;
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static uint64_t bit_counts(const uint64_t *w, size_t n)
{
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t x = w[i] | 1;
        s += (uint64_t)__builtin_popcountll(x) + ((uint64_t)__builtin_clzll(x) << 8) +
             ((uint64_t)__builtin_ctzll(x) << 16);
        s ^= __builtin_bswap64(x) >> (s & 31);
    }
    return s;
}

uint64_t bench_run(uint32_t rounds)
{
    uint64_t *words = bench_alloc(WORDS * sizeof *words);
    uint64_t seed = 42;
    for (size_t i = 0; i < WORDS; i++) words[i] = bench_next(&seed);

    uint64_t sum = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        const uint8_t *bytes = (const uint8_t *)words;
        uint64_t h = fnv1a(bytes, WORDS * 8);
        h = bench_mix(h, lanes4(words, WORDS));
        h = bench_mix(h, murmur32(bytes, WORDS * 2, (uint32_t)r));
        h = bench_mix(h, crc32_bitwise(bytes + (r % 8) * 4096, 8192));
        h = bench_mix(h, bit_counts(words, WORDS));
        words[(h >> 7) % WORDS] ^= h;
        words[r % WORDS] += rotl64(h, r % 63 + 1);
        sum = bench_mix(sum, h);
    }
    return sum;
}
