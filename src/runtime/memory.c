/* Linear memories: reserved once at their maximum so they never move, committed as they grow. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "runtime/objects.h"

/* Reservations are never empty, so the base is a valid pointer even for a 0-page memory. */
#define WR_MIN_RESERVATION 4096u

warden_error_t *wr_memory_create(warden_store_t *s, const wd_limits *lim, warden_memory_t **out)
{
    if (lim->min > WR_MAX_PAGES || (lim->has_max && lim->max > WR_MAX_PAGES) ||
        (lim->has_max && lim->min > lim->max))
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "memory: invalid limits");
    warden_error_t *e = wr_limit_count("memories", s->usage.memories, s->limits.max_memories);
    if (e) return e;
    uint64_t bytes = lim->min * WR_PAGE_SIZE;
    if (!wr_account_memory(s, bytes))
        return wr_error(WARDEN_ERROR_LIMIT, -1,
                        "memory limit exceeded: limit %llu bytes, in use %llu, requested %llu",
                        (unsigned long long)s->limits.max_memory_bytes,
                        (unsigned long long)s->usage.memory_bytes, (unsigned long long)bytes);
    warden_memory_t *m = calloc(1, sizeof *m);
    if (!m) {
        s->usage.memory_bytes -= bytes;
        return wr_error_oom();
    }
    m->store = s;
    m->has_max = lim->has_max;
    m->max_pages = lim->has_max ? lim->max : WR_MAX_PAGES;
    /* Reserve what the memory may ever reach under its type, so that raising the store's limit
     * later lets it grow; address space is cheap, and only committed pages cost memory. */
    m->reserved = (size_t)m->max_pages * WR_PAGE_SIZE;
    if (m->reserved < WR_MIN_RESERVATION) m->reserved = WR_MIN_RESERVATION;
    void *p = mmap(NULL, m->reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        size_t want = m->reserved;
        s->usage.memory_bytes -= bytes;
        free(m);
        return wr_error(WARDEN_ERROR_NO_MEMORY, -1, "memory: cannot reserve %zu bytes", want);
    }
    m->base = p;
    if (lim->min && mprotect(m->base, (size_t)lim->min * WR_PAGE_SIZE, PROT_READ | PROT_WRITE)) {
        munmap(m->base, m->reserved);
        s->usage.memory_bytes -= bytes;
        free(m);
        return wr_error(WARDEN_ERROR_NO_MEMORY, -1, "memory: cannot commit %llu pages",
                        (unsigned long long)lim->min);
    }
    m->pages = lim->min;
    m->size = m->pages * WR_PAGE_SIZE;
    if (!wr_list_push(&s->memories, m)) {
        wr_memory_free(m);
        s->usage.memory_bytes -= bytes;
        return wr_error_oom();
    }
    s->usage.memories++;
    *out = m;
    return NULL;
}

/* The spec lets growth fail for any reason; a store limit is one. */
static int64_t denied(warden_store_t *s)
{
    s->usage.memory_grow_denied++;
    return s->limits.trap_on_grow_failure ? WR_GROW_TRAP : -1;
}

int64_t wr_memory_grow(warden_store_t *s, warden_memory_t *m, uint64_t delta)
{
    s = m->store;
    s->usage.memory_grow_calls++;
    uint64_t old = m->pages;
    if (delta == 0) return (int64_t)old;
    if (delta > m->max_pages - old) { /* past the type's maximum: -1, never a trap */
        s->usage.memory_grow_denied++;
        return -1;
    }
    uint64_t pages = old + delta;
    if (pages * WR_PAGE_SIZE > m->reserved) return denied(s);
    if (!wr_account_memory(s, delta * WR_PAGE_SIZE)) return denied(s);
    if (mprotect(m->base + m->size, (size_t)(delta * WR_PAGE_SIZE), PROT_READ | PROT_WRITE)) {
        s->usage.memory_bytes -= delta * WR_PAGE_SIZE;
        return denied(s);
    }
    m->pages = pages;
    m->size = pages * WR_PAGE_SIZE;
    return (int64_t)old;
}

void wr_memory_free(warden_memory_t *m)
{
    if (!m) return;
    munmap(m->base, m->reserved);
    free(m);
}

warden_error_t *warden_memory_new(warden_store_t *s, warden_limits_t limits, warden_memory_t **out)
{
    if (!s || !out) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "memory: NULL argument");
    wd_limits lim = {limits.min, limits.max, limits.has_max};
    return wr_memory_create(s, &lim, out);
}

uint8_t *warden_memory_data(const warden_memory_t *m) { return m ? m->base : NULL; }

uint64_t warden_memory_size(const warden_memory_t *m) { return m ? m->size : 0; }

int64_t warden_memory_grow(warden_memory_t *m, uint64_t delta)
{
    if (!m) return -1;
    int64_t r = wr_memory_grow(m->store, m, delta);
    return r < 0 ? -1 : r;
}
