/*
 * pixels — image kernels over 8-bit RGBA: an alpha blend of two images, a brightness/contrast
 * adjustment with saturation, and a luminance histogram-free checksum. Straight loops over
 * bytes that a compiler can vectorize: built as is it is the scalar twin of pixels_simd, which
 * is the same source built with -msimd128 for wasm32.
 */
#include "bench.h"

#define W 512u
#define H 256u
#define PIXELS (W * H)

static void blend(uint8_t *restrict out, const uint8_t *restrict a, const uint8_t *restrict b,
                  uint8_t alpha)
{
    for (uint32_t i = 0; i < PIXELS * 4; i++) {
        uint32_t v = (uint32_t)a[i] * alpha + (uint32_t)b[i] * (255u - alpha);
        out[i] = (uint8_t)((v + 128u + ((v + 128u) >> 8)) >> 8);
    }
}

static void adjust(uint8_t *restrict px, int32_t gain, int32_t bias)
{
    for (uint32_t i = 0; i < PIXELS * 4; i++) {
        int32_t v = ((int32_t)px[i] * gain >> 8) + bias;
        px[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

static uint32_t checksum(const uint8_t *restrict px)
{
    uint32_t s1 = 0, s2 = 0;
    for (uint32_t i = 0; i < PIXELS * 4; i += 4) {
        s1 += px[i];
        s2 += px[i + 1] ^ px[i + 2];
    }
    return s1 * 31u + s2;
}

uint64_t bench_run(uint32_t rounds)
{
    uint8_t *a = bench_alloc(PIXELS * 4);
    uint8_t *b = bench_alloc(PIXELS * 4);
    uint8_t *out = bench_alloc(PIXELS * 4);
    uint64_t seed = 7;
    for (uint32_t i = 0; i < PIXELS * 4; i += 8) {
        uint64_t v = bench_next(&seed);
        memcpy(a + i, &v, 8);
        v = bench_next(&seed);
        memcpy(b + i, &v, 8);
    }
    uint64_t sum = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        blend(out, a, b, (uint8_t)(r * 37u));
        adjust(out, 200 + (int32_t)(r % 112u), (int32_t)(r % 41u) - 20);
        sum = sum * 1000003u + checksum(out);
        uint8_t *t = a;
        a = out;
        out = t;
    }
    return sum;
}
