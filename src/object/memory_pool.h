/* Reservations of deleted linear memories, kept per engine for the next memory of the same
 * size. Creating a memory then costs no mmap, and deleting one no munmap: on this kind of host
 * those system calls are most of what instantiating a small module costs. */
#ifndef WARDEN_RUNTIME_MEMORY_POOL_H
#define WARDEN_RUNTIME_MEMORY_POOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wo_pooled_memory {
    uint8_t *base;
    size_t reserved;  /* bytes of address space at base */
    size_t committed; /* bytes from base that are readable and writable (and zero) */
} wo_pooled_memory;

typedef struct wo_memory_pool {
    pthread_mutex_t lock;
    wo_pooled_memory *items;
    size_t count, cap;
} wo_memory_pool;

/* A pool holding at most cap reservations (0: none is kept). False when allocation fails. */
bool wo_memory_pool_init(wo_memory_pool *p, size_t cap);
/* Unmaps every kept reservation. */
void wo_memory_pool_destroy(wo_memory_pool *p);

/* Takes a kept reservation of exactly `reserved` bytes, preferring one whose committed span is
 * `committed`. False when there is none. */
bool wo_memory_pool_take(wo_memory_pool *p, size_t reserved, size_t committed,
                         wo_pooled_memory *out);
/* Gives a reservation back: its committed pages are released first, so that whoever takes it
 * next reads zeros and nothing the previous guest wrote. Unmaps it when the pool is full or
 * the pages cannot be released. */
void wo_memory_pool_give(wo_memory_pool *p, wo_pooled_memory m);

#endif
