/*
 * wasm_support.c — the little a workload needs on wasm32 without a C library: memory functions
 * and an allocator. Compiled with bulk memory enabled, so copies and fills become memory.copy and
 * memory.fill; with -fno-builtin, so the byte loop in memcmp stays a loop.
 */
#include "bench.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    __builtin_memcpy(dst, src, n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    __builtin_memmove(dst, src, n);
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    __builtin_memset(dst, c, n);
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

/* A bump allocator over linear memory, from the end of the static data on. */
extern unsigned char __heap_base;
static uintptr_t heap_top;

void *bench_alloc(size_t size)
{
    if (heap_top == 0) heap_top = (uintptr_t)&__heap_base;
    uintptr_t start = (heap_top + 15) & ~(uintptr_t)15;
    uintptr_t end = start + size;
    if (end < start) __builtin_trap();
    uintptr_t have = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        uintptr_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
    }
    heap_top = end;
    return (void *)start;
}
