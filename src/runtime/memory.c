/* Linear memories: reserved once at their maximum so they never move, committed as they grow.
 * Only the committed bytes are readable and writable; the rest of the reservation is not
 * accessible at all, behind the bounds checks. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "runtime/objects.h"

/* Reservations are never empty, so the base is a valid pointer even for a 0-page memory. */
#define WR_MIN_RESERVATION 4096u

/* Maps `reserved` bytes of address space with the first `commit` readable and writable: a
 * reservation of that size from the engine's pool when it has one (its pages are zero), else a
 * new one. */
static uint8_t *map_reservation(wo_memory_pool *pool, size_t reserved, size_t commit)
{
    wo_pooled_memory pm;
    if (wo_memory_pool_take(pool, reserved, commit, &pm)) {
        int rc = 0;
        if (pm.committed < commit)
            rc = mprotect(pm.base + pm.committed, commit - pm.committed, PROT_READ | PROT_WRITE);
        else if (pm.committed > commit)
            rc = mprotect(pm.base + commit, pm.committed - commit, PROT_NONE);
        if (rc == 0) return pm.base;
        munmap(pm.base, pm.reserved);
    }
    /* A memory at its maximum from the start needs one call, not two. */
    int prot = commit == reserved ? PROT_READ | PROT_WRITE : PROT_NONE;
    void *p = mmap(NULL, reserved, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if (commit && commit < reserved && mprotect(p, commit, PROT_READ | PROT_WRITE)) {
        munmap(p, reserved);
        return NULL;
    }
    return p;
}

warden_error_t *wr_memory_create(warden_store_t *s, const wd_limits *lim, warden_memory_t **out)
{
    if (lim->min > WO_MAX_PAGES || (lim->has_max && lim->max > WO_MAX_PAGES) ||
        (lim->has_max && lim->min > lim->max))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "memory: invalid limits");
    warden_error_t *e = wo_limit_count("memories", s->usage.memories, s->limits.max_memories);
    if (e) return e;
    uint64_t bytes = lim->min * WO_PAGE_SIZE;
    if (!wo_account_memory(s, bytes)) return wo_memory_limit_error(s, "linear memory", bytes);
    warden_memory_t *m = calloc(1, sizeof *m);
    if (!m) {
        s->usage.memory_bytes -= bytes;
        return wo_error_oom();
    }
    m->store = s;
    m->has_max = lim->has_max;
    m->max_pages = lim->has_max ? lim->max : WO_MAX_PAGES;
    /* Reserve what the memory may ever reach under its type, so that raising the store's limit
     * later lets it grow; address space is cheap, and only committed pages cost memory. */
    m->reserved = (size_t)m->max_pages * WO_PAGE_SIZE;
    if (m->reserved < WR_MIN_RESERVATION) m->reserved = WR_MIN_RESERVATION;
    m->base = map_reservation(&s->engine->memory_pool, m->reserved, (size_t)bytes);
    if (!m->base) {
        size_t want = m->reserved;
        s->usage.memory_bytes -= bytes;
        free(m);
        return wo_error(WARDEN_ERROR_NO_MEMORY, -1,
                        "memory: cannot map %llu pages (%zu bytes reserved)",
                        (unsigned long long)lim->min, want);
    }
    m->pages = lim->min;
    m->size = m->pages * WO_PAGE_SIZE;
    if (!wr_list_push(&s->memories, m)) {
        wr_memory_free(m);
        s->usage.memory_bytes -= bytes;
        return wo_error_oom();
    }
    s->usage.memories++;
    *out = m;
    return NULL;
}

void wr_memory_free(warden_memory_t *m)
{
    if (!m) return;
    /* Memories go with their store, which is deleted before its engine. */
    wo_memory_pool_give(&m->store->engine->memory_pool,
                        (wo_pooled_memory){m->base, m->reserved, (size_t)m->size});
    free(m);
}

warden_error_t *warden_memory_new(warden_store_t *s, warden_limits_t limits, warden_memory_t **out)
{
    if (!s || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "memory: NULL argument");
    wd_limits lim = {limits.min, limits.max, limits.has_max};
    return wr_memory_create(s, &lim, out);
}

uint8_t *warden_memory_data(const warden_memory_t *m)
{
    return m ? m->base : NULL;
}

uint64_t warden_memory_size(const warden_memory_t *m)
{
    return m ? m->size : 0;
}

int64_t warden_memory_grow(warden_memory_t *m, uint64_t delta)
{
    if (!m) return -1;
    int64_t r = wo_memory_grow(m, delta);
    return r < 0 ? -1 : r;
}
