/* table.grow, table.fill and table.copy: their work is proportional to a count the guest chooses,
 * so it runs in chunks with the check site's test between them, and a deadline or an interrupt
 * stops even a huge one. Kept out of the interpreter loop so its hot code does not pay for them. */
#include <string.h>

#include "exec/exec.h"
#include "object/objects.h"

/* Elements per chunk: 1 MiB of them. */
#define WX_TABLE_CHUNK (((uint64_t)1 << 20) / sizeof(uint64_t))

/* The check site between two chunks: fuel was charged before the operation began, so only a
 * deadline or an interrupt can stop it here. */
static warden_trap_kind_t check(warden_store_t *S, int64_t fuel)
{
    if (!atomic_load_explicit(&S->poll, memory_order_relaxed)) return 0;
    return wx_check_slow(S, fuel);
}

warden_trap_kind_t wx_table_grow(warden_store_t *S, int64_t fuel, warden_table_t *t, uint32_t delta,
                                 uint64_t init, int64_t *old)
{
    *old = wo_table_grow(t, delta, init);
    while (*old == WO_GROW_STOPPED) {
        /* Stopped while filling: the check says why, or finds the flag stale (a deadline moved
         * on) and clears it, and the growth is tried again. */
        warden_trap_kind_t k = wx_check_slow(S, fuel);
        if (k) return k;
        *old = wo_table_grow(t, delta, init);
    }
    return *old == WO_GROW_TRAP ? WARDEN_TRAP_RESOURCE_LIMIT : 0;
}

warden_trap_kind_t wx_table_fill(warden_store_t *S, int64_t fuel, warden_table_t *t, uint64_t i,
                                 uint64_t n, uint64_t value)
{
    for (uint64_t done = 0; done < n; done += WX_TABLE_CHUNK) {
        if (done) {
            warden_trap_kind_t k = check(S, fuel);
            if (k) return k;
        }
        uint64_t end = n - done < WX_TABLE_CHUNK ? done + (n - done) : done + WX_TABLE_CHUNK;
        for (uint64_t j = done; j < end; j++) t->elems[i + j] = value;
    }
    return 0;
}

warden_trap_kind_t wx_table_copy(warden_store_t *S, int64_t fuel, warden_table_t *dt, uint64_t d,
                                 const warden_table_t *st, uint64_t s, uint64_t n)
{
    if (n <= WX_TABLE_CHUNK || d <= s) {
        /* Forward chunks are safe when the destination is below the source. */
        for (uint64_t done = 0; done < n; done += WX_TABLE_CHUNK) {
            if (done) {
                warden_trap_kind_t k = check(S, fuel);
                if (k) return k;
            }
            uint64_t c = n - done < WX_TABLE_CHUNK ? n - done : WX_TABLE_CHUNK;
            memmove(dt->elems + d + done, st->elems + s + done, c * sizeof *dt->elems);
        }
        return 0;
    }
    for (uint64_t left = n; left;) {
        if (left != n) {
            warden_trap_kind_t k = check(S, fuel);
            if (k) return k;
        }
        uint64_t c = left < WX_TABLE_CHUNK ? left : WX_TABLE_CHUNK;
        left -= c;
        memmove(dt->elems + d + left, st->elems + s + left, c * sizeof *dt->elems);
    }
    return 0;
}
