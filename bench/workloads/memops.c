/*
 * memops — memcpy, memmove and memset at every size: whole-buffer copies and fills of 256 KiB,
 * thousands of medium copies at scattered offsets, a string builder appending pieces of 1 to 64
 * bytes, overlapping moves, and fixed-size struct copies.
 */
#include "bench.h"

#define BUF (1u << 20)
#define BIG (256u << 10)

struct item {
    uint64_t a, b, c;
    uint32_t d, e;
    uint8_t tag[16];
};

uint64_t bench_run(uint32_t rounds)
{
    uint8_t *src = bench_alloc(BUF);
    uint8_t *dst = bench_alloc(BUF);
    struct item *items = bench_alloc(4096 * sizeof *items);
    uint64_t seed = 23;
    for (uint32_t i = 0; i < BUF; i += 8) {
        uint64_t v = bench_next(&seed);
        memcpy(src + i, &v, 8);
    }
    memset(items, 0, 4096 * sizeof *items);

    uint64_t sum = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        /* Large: whole blocks. */
        for (uint32_t k = 0; k < 4; k++) {
            memcpy(dst + k * BIG, src + ((k + r) % 4) * BIG, BIG);
            memset(src + ((k + r + 2) % 4) * BIG + (r % 64), (int)(r + k), BIG / 2);
        }
        /* Medium: scattered copies of 64 bytes to 4 KiB. */
        for (uint32_t k = 0; k < 2048; k++) {
            uint64_t v = bench_next(&seed);
            uint32_t len = 64 + (uint32_t)(v % 4033);
            uint32_t from = (uint32_t)(v >> 16) % (BUF - len);
            uint32_t to = (uint32_t)(v >> 40) % (BUF - len);
            memcpy(dst + to, src + from, len);
        }
        /* Small: a string builder appending pieces of 1 to 64 bytes. */
        uint32_t at = 0;
        for (uint32_t k = 0; k < 16384; k++) {
            uint64_t v = bench_next(&seed);
            uint32_t len = 1 + (uint32_t)(v & 63);
            if (at + len > BUF) at = 0;
            memcpy(dst + at, src + (uint32_t)(v >> 20) % (BUF - 64), len);
            at += len;
        }
        /* Overlapping moves, both directions. */
        for (uint32_t k = 0; k < 32; k++) {
            uint32_t base = (k * 32768u + r * 8) % (BUF - 65536 - 64);
            memmove(dst + base + 1 + k % 7, dst + base, 65536);
            memmove(src + base, src + base + 3 + k % 5, 65536);
        }
        /* Fixed-size struct copies and clears. */
        for (uint32_t k = 0; k < 4096; k++) {
            struct item t = items[(k * 7 + r) % 4096];
            t.a += k;
            t.tag[k % 16] ^= (uint8_t)r;
            items[k] = t;
            if ((k & 255) == 0) memset(&items[(k + r) % 4096], 0, sizeof *items);
        }
        uint64_t h = 0;
        for (uint32_t i = 0; i < BUF; i += 4093) h = bench_mix(h, dst[i] ^ ((uint64_t)src[i] << 8));
        sum = bench_mix(sum, h);
        sum = bench_mix(sum, items[r % 4096].a ^ items[(r * 13) % 4096].tag[r % 16]);
    }
    return sum;
}
