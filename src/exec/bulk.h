/* The bulk operations of memory and tables, whole: bounds, fuel per unit of work charged before
 * any effect, and chunks with a check between them. The interpreter's handlers and compiled code
 * both call these, so both tiers trap and charge alike. Each takes the running call's fuel and
 * returns it with the trap that stopped the operation (0 when none). */
#ifndef WARDEN_EXEC_BULK_H
#define WARDEN_EXEC_BULK_H

#include <stdint.h>

#include "object/objects.h"

typedef struct wx_bulk {
    int64_t fuel;
    warden_trap_kind_t trap;
} wx_bulk;

wx_bulk wx_memory_fill(warden_store_t *S, int64_t fuel, uint8_t *mem, uint64_t msize, uint64_t d,
                       uint8_t val, uint64_t n);
wx_bulk wx_memory_copy(warden_store_t *S, int64_t fuel, uint8_t *mem, uint64_t msize, uint64_t d,
                       uint64_t s, uint64_t n);
wx_bulk wx_memory_init(warden_store_t *S, int64_t fuel, warden_instance_t *inst, uint8_t *mem,
                       uint64_t msize, uint64_t d, uint64_t s, uint64_t n, uint32_t data);
/* table.grow: *old is the old size or -1. */
wx_bulk wx_table_grow_op(warden_store_t *S, int64_t fuel, warden_table_t *t, uint32_t delta,
                         uint64_t init, int64_t *old);
wx_bulk wx_table_fill_op(warden_store_t *S, int64_t fuel, warden_table_t *t, uint64_t i,
                         uint64_t val, uint64_t n);
wx_bulk wx_table_copy_op(warden_store_t *S, int64_t fuel, warden_table_t *dt,
                         const warden_table_t *st, uint64_t d, uint64_t s, uint64_t n);
wx_bulk wx_table_init_op(warden_store_t *S, int64_t fuel, warden_instance_t *inst,
                         warden_table_t *t, uint32_t elem, uint64_t d, uint64_t s, uint64_t n);

#endif
