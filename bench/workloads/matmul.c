/*
 * matmul — f64 matrix multiplication, C = A × B with 128 × 128 matrices in i-k-j order. Each round
 * perturbs one element of A, multiplies, and folds the sum of C's elements into the checksum.
 */
#include "bench.h"

#define N 128

static void multiply(const double *a, const double *b, double *c)
{
    for (size_t i = 0; i < N * N; i++) c[i] = 0.0;
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < N; k++) {
            double aik = a[i * N + k];
            const double *brow = b + k * N;
            double *crow = c + i * N;
            for (size_t j = 0; j < N; j++) crow[j] += aik * brow[j];
        }
    }
}

static double uniform(uint64_t *state)
{
    return (double)(bench_next(state) >> 11) * (1.0 / 9007199254740992.0) * 2.0 - 1.0;
}

uint64_t bench_run(uint32_t rounds)
{
    double *a = bench_alloc(N * N * sizeof *a);
    double *b = bench_alloc(N * N * sizeof *b);
    double *c = bench_alloc(N * N * sizeof *c);
    uint64_t seed = 7;
    for (size_t i = 0; i < N * N; i++) a[i] = uniform(&seed);
    for (size_t i = 0; i < N * N; i++) b[i] = uniform(&seed) / N;

    uint64_t sum = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        a[(r % N) * N + (r * 7) % N] += 1.0 / 1024.0;
        multiply(a, b, c);
        double total = 0.0;
        for (size_t i = 0; i < N * N; i++) total += c[i];
        sum = bench_mix(sum, bench_f64_bits(total));
    }
    return sum;
}
