/* The engine's pool of linear-memory reservations (see memory_pool.h). */
#include "object/memory_pool.h"

#include <stdlib.h>
#include <sys/mman.h>

bool wo_memory_pool_init(wo_memory_pool *p, size_t cap)
{
    p->count = 0;
    p->cap = cap;
    p->items = NULL;
    if (cap && !(p->items = calloc(cap, sizeof *p->items))) return false;
    if (pthread_mutex_init(&p->lock, NULL)) {
        free(p->items);
        return false;
    }
    return true;
}

void wo_memory_pool_destroy(wo_memory_pool *p)
{
    for (size_t i = 0; i < p->count; i++) munmap(p->items[i].base, p->items[i].reserved);
    free(p->items);
    pthread_mutex_destroy(&p->lock);
}

bool wo_memory_pool_take(wo_memory_pool *p, size_t reserved, size_t committed,
                         wo_pooled_memory *out)
{
    if (!p->cap) return false;
    pthread_mutex_lock(&p->lock);
    /* The most recently given first (its page tables are the warmest), an exact commit best. */
    size_t found = p->count;
    for (size_t i = p->count; i-- > 0;) {
        if (p->items[i].reserved != reserved) continue;
        if (found == p->count) found = i;
        if (p->items[i].committed == committed) {
            found = i;
            break;
        }
    }
    bool ok = found < p->count;
    if (ok) {
        *out = p->items[found];
        p->items[found] = p->items[--p->count];
    }
    pthread_mutex_unlock(&p->lock);
    return ok;
}

void wo_memory_pool_give(wo_memory_pool *p, wo_pooled_memory m)
{
    /* Released outside the lock: the kernel's work here is proportional to the pages used. */
    if (p->cap && (m.committed == 0 || madvise(m.base, m.committed, MADV_DONTNEED) == 0)) {
        pthread_mutex_lock(&p->lock);
        bool kept = p->count < p->cap;
        if (kept) p->items[p->count++] = m;
        pthread_mutex_unlock(&p->lock);
        if (kept) return;
    }
    munmap(m.base, m.reserved);
}
