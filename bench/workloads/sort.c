/*
 * sort — a generic quicksort in the style of qsort(): elements of any size, compared through a
 * function pointer (call_indirect in WebAssembly). Each round refills 20,000 16-byte records and
 * sorts them with one of three comparators chosen at run time, then checks the order.
 */
#include "bench.h"

#define RECORDS 20000

struct record {
    uint32_t key;
    uint32_t id;
    uint64_t payload;
};

typedef int (*compare_fn)(const void *, const void *);

static int by_key(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static int by_key_desc_then_id(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

static int by_payload(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    return (x->payload > y->payload) - (x->payload < y->payload);
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    while (size--) {
        unsigned char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* Sorts n elements of `size` bytes at base. Insertion sort below 12 elements; otherwise
 * partitions around the median of three and recurses into the smaller side. */
static void quick_sort(void *base, size_t n, size_t size, compare_fn cmp)
{
    unsigned char *a = base;
    while (n >= 12) {
        unsigned char *lo = a, *mid = a + (n / 2) * size, *hi = a + (n - 1) * size;
        if (cmp(mid, lo) < 0) swap_bytes(mid, lo, size);
        if (cmp(hi, mid) < 0) {
            swap_bytes(hi, mid, size);
            if (cmp(mid, lo) < 0) swap_bytes(mid, lo, size);
        }
        swap_bytes(mid, a, size); /* the pivot moves to the front */
        unsigned char *i = a + size, *j = hi;
        for (;;) {
            while (cmp(i, a) < 0) i += size;
            while (cmp(a, j) < 0) j -= size;
            if (i >= j) break;
            swap_bytes(i, j, size);
            i += size;
            j -= size;
        }
        swap_bytes(a, j, size);
        size_t left = (size_t)(j - a) / size, right = n - left - 1;
        if (left < right) {
            quick_sort(a, left, size, cmp);
            a = j + size;
            n = right;
        } else {
            quick_sort(j + size, right, size, cmp);
            n = left;
        }
    }
    for (size_t k = 1; k < n; k++) {
        for (unsigned char *p = a + k * size; p > a && cmp(p, p - size) < 0; p -= size)
            swap_bytes(p, p - size, size);
    }
}

uint64_t bench_run(uint32_t rounds)
{
    static const compare_fn comparators[3] = {by_key, by_key_desc_then_id, by_payload};
    struct record *r = bench_alloc(RECORDS * sizeof *r);
    uint64_t seed = 11, sum = 0;
    for (uint32_t round = 0; round < rounds; round++) {
        for (uint32_t i = 0; i < RECORDS; i++) {
            uint64_t v = bench_next(&seed);
            r[i].key = (uint32_t)(v % 5000); /* many equal keys */
            r[i].id = i;
            r[i].payload = v;
        }
        compare_fn cmp = comparators[(round + (uint32_t)sum) % 3];
        quick_sort(r, RECORDS, sizeof *r, cmp);
        uint64_t disorder = 0;
        for (uint32_t i = 1; i < RECORDS; i++) disorder += cmp(&r[i - 1], &r[i]) > 0;
        sum = bench_mix(sum, disorder);
        for (uint32_t i = 0; i < RECORDS; i += 97) sum = bench_mix(sum, r[i].payload ^ r[i].id);
    }
    return sum;
}
