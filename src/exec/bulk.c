/* The bulk operations of memory and tables (exec/bulk.h): what memory.fill/copy/init and
 * table.grow/fill/copy/init do once their operands are read, for both tiers. */
#include <stdatomic.h>
#include <string.h>

#include "exec/bulk.h"
#include "exec/exec.h"

/* Long operations run in chunks with a check between them, so a deadline or an interrupt stops
 * even a 4 GiB memory.fill. */
#define WX_BULK_CHUNK ((uint64_t)1 << 20)

static wx_bulk done(int64_t fuel)
{
    return (wx_bulk){fuel, 0};
}

static wx_bulk stop(int64_t fuel, warden_trap_kind_t k)
{
    return (wx_bulk){fuel, k};
}

/* Fuel per unit of work, charged before any effect: out of fuel unless a slice's share gives the
 * held fuel back. */
static warden_trap_kind_t charge(warden_store_t *S, int64_t *fuel, uint64_t n)
{
    const warden_config_t *c = &S->engine->config;
    uint64_t unit = c->consume_fuel ? c->fuel.bulk_unit : 0;
    if (!unit) return 0;
    *fuel -= (int64_t)(n / unit);
    if (*fuel < 0) {
        *fuel = wx_refuel(S, *fuel);
        if (*fuel < 0) return WARDEN_TRAP_OUT_OF_FUEL;
    }
    return 0;
}

wx_bulk wx_memory_fill(warden_store_t *S, int64_t fuel, uint8_t *mem, uint64_t msize, uint64_t d,
                       uint8_t val, uint64_t n)
{
    if (d + n > msize) return stop(fuel, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
    warden_trap_kind_t k = charge(S, &fuel, n);
    if (k) return stop(fuel, k);
    for (uint64_t at = 0; at < n; at += WX_BULK_CHUNK) {
        if (at && (k = wx_check_stop(S, &fuel))) return stop(fuel, k);
        uint64_t c = n - at < WX_BULK_CHUNK ? n - at : WX_BULK_CHUNK;
        memset(mem + d + at, val, c);
    }
    return done(fuel);
}

wx_bulk wx_memory_copy(warden_store_t *S, int64_t fuel, uint8_t *mem, uint64_t msize, uint64_t d,
                       uint64_t s, uint64_t n)
{
    if (d + n > msize || s + n > msize) return stop(fuel, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
    warden_trap_kind_t k = charge(S, &fuel, n);
    if (k) return stop(fuel, k);
    if (n <= WX_BULK_CHUNK || d <= s) {
        /* Forward chunks are safe when the destination is below the source. */
        for (uint64_t at = 0; at < n; at += WX_BULK_CHUNK) {
            if (at && (k = wx_check_stop(S, &fuel))) return stop(fuel, k);
            uint64_t c = n - at < WX_BULK_CHUNK ? n - at : WX_BULK_CHUNK;
            memmove(mem + d + at, mem + s + at, c);
        }
        return done(fuel);
    }
    for (uint64_t left = n; left;) {
        if (left != n && (k = wx_check_stop(S, &fuel))) return stop(fuel, k);
        uint64_t c = left < WX_BULK_CHUNK ? left : WX_BULK_CHUNK;
        left -= c;
        memmove(mem + d + left, mem + s + left, c);
    }
    return done(fuel);
}

wx_bulk wx_memory_init(warden_store_t *S, int64_t fuel, warden_instance_t *inst, uint8_t *mem,
                       uint64_t msize, uint64_t d, uint64_t s, uint64_t n, uint32_t data)
{
    if (s + n > inst->data_len[data] || d + n > msize)
        return stop(fuel, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
    warden_trap_kind_t k = charge(S, &fuel, n);
    if (k) return stop(fuel, k);
    if (n) memcpy(mem + d, inst->m->datas[data].bytes + s, n);
    return done(fuel);
}

wx_bulk wx_table_grow_op(warden_store_t *S, int64_t fuel, warden_table_t *t, uint32_t delta,
                         uint64_t init, int64_t *old)
{
    warden_trap_kind_t k = wx_table_grow(S, fuel, t, delta, init, old);
    if (k) return stop(fuel, k);
    /* The new elements were filled: a bulk cost, charged once the growth is done. */
    if (*old >= 0 && (k = charge(S, &fuel, delta))) return stop(fuel, k);
    return done(fuel);
}

wx_bulk wx_table_fill_op(warden_store_t *S, int64_t fuel, warden_table_t *t, uint64_t i,
                         uint64_t val, uint64_t n)
{
    if (i + n > t->size) return stop(fuel, WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
    warden_trap_kind_t k = charge(S, &fuel, n);
    if (!k) k = wx_table_fill(S, fuel, t, i, n, val);
    return stop(fuel, k);
}

wx_bulk wx_table_copy_op(warden_store_t *S, int64_t fuel, warden_table_t *dt,
                         const warden_table_t *st, uint64_t d, uint64_t s, uint64_t n)
{
    if (d + n > dt->size || s + n > st->size) return stop(fuel, WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
    warden_trap_kind_t k = charge(S, &fuel, n);
    if (!k) k = wx_table_copy(S, fuel, dt, d, st, s, n);
    return stop(fuel, k);
}

wx_bulk wx_table_init_op(warden_store_t *S, int64_t fuel, warden_instance_t *inst,
                         warden_table_t *t, uint32_t elem, uint64_t d, uint64_t s, uint64_t n)
{
    if (s + n > inst->elem_len[elem] || d + n > t->size)
        return stop(fuel, WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
    warden_trap_kind_t k = charge(S, &fuel, n);
    if (k) return stop(fuel, k);
    if (n) memcpy(t->elems + d, inst->elem_items[elem] + s, n * sizeof *t->elems);
    return done(fuel);
}
