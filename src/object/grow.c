/* Growth of memories and tables, by memory.grow and table.grow in the interpreter and by the API:
 * under the store's limits, with the results the spec gives when growth is refused. New table
 * elements are filled in chunks that look at the store's poll flag, so a deadline or an interrupt
 * stops a huge table.grow too. */
#include <stdlib.h>
#include <sys/mman.h>

#include "object/objects.h"

/* The spec lets growth fail for any reason; a store limit is one. */
static int64_t memory_denied(warden_store_t *s)
{
    s->usage.memory_grow_denied++;
    return s->limits.trap_on_grow_failure ? WO_GROW_TRAP : -1;
}

int64_t wo_memory_grow(warden_memory_t *m, uint64_t delta)
{
    warden_store_t *s = m->store;
    s->usage.memory_grow_calls++;
    uint64_t old = m->pages;
    if (delta == 0) return (int64_t)old;
    if (delta > m->max_pages - old) { /* past the type's maximum: -1, never a trap */
        s->usage.memory_grow_denied++;
        return -1;
    }
    uint64_t pages = old + delta;
    if (pages * WO_PAGE_SIZE > m->reserved) return memory_denied(s);
    if (!wo_account_memory(s, delta * WO_PAGE_SIZE)) return memory_denied(s);
    if (mprotect(m->base + m->size, (size_t)(delta * WO_PAGE_SIZE), PROT_READ | PROT_WRITE)) {
        s->usage.memory_bytes -= delta * WO_PAGE_SIZE;
        return memory_denied(s);
    }
    m->pages = pages;
    m->size = pages * WO_PAGE_SIZE;
    return (int64_t)old;
}

/* Elements filled between two looks at the poll flag. */
#define WO_TABLE_FILL_CHUNK ((uint64_t)1 << 20)

/* Sets elems[from, to) to `init`; false when a deadline or an interrupt asked the store to stop
 * first (the elements are then partly set). */
bool wo_fill_elements(warden_store_t *s, uint64_t *elems, uint64_t from, uint64_t to, uint64_t init)
{
    for (uint64_t i = from; i < to;) {
        if (i != from && atomic_load_explicit(&s->poll, memory_order_relaxed)) return false;
        uint64_t end = to - i > WO_TABLE_FILL_CHUNK ? i + WO_TABLE_FILL_CHUNK : to;
        for (; i < end; i++) elems[i] = init;
    }
    return true;
}

static int64_t table_denied(warden_store_t *s)
{
    s->usage.table_grow_denied++;
    return s->limits.trap_on_grow_failure ? WO_GROW_TRAP : -1;
}

int64_t wo_table_grow(warden_table_t *t, uint32_t delta, uint64_t init)
{
    warden_store_t *s = t->store;
    s->usage.table_grow_calls++;
    uint32_t old = t->size;
    if (delta == 0) return old;
    if (delta > t->max - old) { /* past the type's maximum: -1, never a trap */
        s->usage.table_grow_denied++;
        return -1;
    }
    if (!wo_account_table(s, delta)) return table_denied(s);
    uint64_t size = (uint64_t)old + delta;
    uint64_t *e = realloc(t->elems, (size_t)(size + 1) * sizeof *e);
    if (!e) {
        wo_unaccount_table(s, delta);
        return table_denied(s);
    }
    t->elems = e;
    if (!wo_fill_elements(s, e, old, size, init)) {
        /* Stopped: the table keeps its size and gives the memory back. */
        uint64_t *back = realloc(e, ((size_t)old + 1) * sizeof *e);
        if (back) t->elems = back;
        wo_unaccount_table(s, delta);
        s->usage.table_grow_calls--; /* the interpreter tries it again, or traps */
        return WO_GROW_STOPPED;
    }
    t->size = (uint32_t)size;
    return old;
}
