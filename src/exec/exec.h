/* Running code: the interpreter's entry points. */
#ifndef WARDEN_EXEC_EXEC_H
#define WARDEN_EXEC_EXEC_H

#include <stdint.h>

#include "warden.h"

/* The interpreter's handler table for direct threading, or NULL under switch dispatch. */
const void *const *wx_handlers(void);

/* Calls `func` (wasm or host) with its arguments in `slots` (in the store's stack, with room for
 * the callee's frame above); results replace them. Returns NULL or a trap. The store's stack and
 * frame arrays must have been allocated (wr_store_prepare_stack). */
warden_trap_t *wx_run(warden_store_t *store, warden_func_t *func, uint64_t *slots);

/* Calls a host function with its arguments in `slots`, converting to and from warden_val_t. */
warden_trap_t *wx_call_host(warden_store_t *store, warden_instance_t *caller, warden_func_t *func,
                            uint64_t *slots);

/* The check site's slow path: why the call must stop (a trap kind), or 0 to go on. */
warden_trap_kind_t wx_check_slow(warden_store_t *store, int64_t fuel);

#endif
