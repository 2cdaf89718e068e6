/* Running code: the interpreter's entry points. */
#ifndef WARDEN_EXEC_EXEC_H
#define WARDEN_EXEC_EXEC_H

#include <stdint.h>

#include "warden.h"

/* The interpreter's handler table for direct threading, or NULL under switch dispatch. */
const void *const *wx_handlers(void);

/* Calls `func` (wasm or host) with its arguments in `slots` (in the store's stack, with room for
 * the callee's frame above); results replace them. Returns NULL or a trap. The store's stack and
 * frame arrays must have been allocated (wo_store_prepare_stack). */
warden_trap_t *wx_run(warden_store_t *store, warden_func_t *func, uint64_t *slots);

/* Calls a host function with its arguments in `slots`, converting to and from warden_val_t. */
warden_trap_t *wx_call_host(warden_store_t *store, warden_instance_t *caller, warden_func_t *func,
                            uint64_t *slots);

/* The check site's slow path: why the call must stop (a trap kind), or 0 to go on. */
warden_trap_kind_t wx_check_slow(warden_store_t *store, int64_t fuel);

/* Table operations whose work a guest's count decides (table_ops.c): they run in chunks with the
 * check site's test between them and return the trap that stopped them, or 0. */
warden_trap_kind_t wx_table_grow(warden_store_t *S, int64_t fuel, warden_table_t *t, uint32_t delta,
                                 uint64_t init, int64_t *old);
warden_trap_kind_t wx_table_fill(warden_store_t *S, int64_t fuel, warden_table_t *t, uint64_t i,
                                 uint64_t n, uint64_t value);
warden_trap_kind_t wx_table_copy(warden_store_t *S, int64_t fuel, warden_table_t *dt, uint64_t d,
                                 const warden_table_t *st, uint64_t s, uint64_t n);

#endif
