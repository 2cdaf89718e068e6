/* Internal operations on runtime objects, shared by the API implementation and the interpreter. */
#ifndef WARDEN_RUNTIME_OBJECTS_H
#define WARDEN_RUNTIME_OBJECTS_H

#include "runtime/rt.h"

/* Default bounds of the execution stack: bytes of value stack and call depth. */
#define WR_DEFAULT_STACK_BYTES ((uint64_t)32 << 20)
#define WR_DEFAULT_MAX_FRAMES 100000u

/* What memory.grow/table.grow return when a limit denies growth under trap_on_grow_failure. */
#define WR_GROW_TRAP (-2)
/* What table.grow returns when a deadline or an interrupt stopped it: nothing changed, and the
 * check site's slow path says why. */
#define WR_GROW_STOPPED (-3)
/* Nested host -> guest calls, bounded so the host's C stack cannot overflow. */
#define WR_MAX_HOST_DEPTH 1000u
/* The most memory reservations an engine may keep for reuse (warden_config_t.memory_pool). */
#define WR_MAX_MEMORY_POOL 4096u

/* Errors (error.c). The message is formatted like printf. */
warden_error_t *wr_error(warden_error_kind_t kind, int64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
warden_error_t *wr_error_oom(void);

/* Owned-pointer lists (store.c). */
bool wr_list_push(wr_list *l, void *item);
void wr_instance_free(warden_instance_t *inst);

/* Interns a function type in the store; NULL when allocation fails. */
const wr_type *wr_type_intern(warden_store_t *s, const warden_valkind_t *params, uint32_t np,
                              const warden_valkind_t *results, uint32_t nr);
/* Makes sure the execution stack exists, sized by the store's limits. */
warden_error_t *wr_store_prepare_stack(warden_store_t *s);
void wr_store_release_stack(warden_store_t *s);

/* Limits (limits.c). The account functions add usage, or return false when a limit denies it. */
warden_error_t *wr_limit_count(const char *what, uint32_t have, uint32_t limit);
bool wr_account_memory(warden_store_t *s, uint64_t bytes);
/* Host memory held for the guest (tables' elements, instances, segments): counted with linear
 * memory against max_memory_bytes, in usage.host_bytes. */
bool wr_account_host(warden_store_t *s, uint64_t bytes);
void wr_unaccount_host(warden_store_t *s, uint64_t bytes);
/* Table elements: max_table_elements, and WR_TABLE_ELEM_BYTES each of host memory. */
bool wr_account_table(warden_store_t *s, uint64_t elems);
void wr_unaccount_table(warden_store_t *s, uint64_t elems);
#define WR_TABLE_ELEM_BYTES 8u
/* Linear memory plus host memory: what max_memory_bytes bounds. */
uint64_t wr_memory_in_use(const warden_store_t *s);
/* "memory limit exceeded: ..." for a request of `bytes` for `what`. */
warden_error_t *wr_memory_limit_error(const warden_store_t *s, const char *what, uint64_t bytes);

/* Deadlines (deadline.c): takes the store off the engine's list. */
void wr_store_unlist_deadline(warden_store_t *s);
/* Cuts the store's interrupt handles off it: raising one afterwards does nothing. */
void wr_store_detach_interrupts(warden_store_t *s);
bool wr_engine_start_ticker(warden_engine_t *e);
/* Under the engine's lock: counts the ticks the clock says are due (once the ticker runs). */
void wr_engine_catch_up_locked(warden_engine_t *e);
/* A store with a deadline needs the engine's ticker: starts it if it is not running (its start by
 * warden_store_set_deadline may have failed), and fails when it cannot, so that no call runs with
 * a deadline that would never come. */
warden_error_t *wr_store_check_ticker(warden_store_t *s);

/* Memories (memory.c). */
warden_error_t *wr_memory_create(warden_store_t *s, const wd_limits *lim, warden_memory_t **out);
/* Grows m by delta pages, counted against the limits of the store that owns m. Returns the old
 * size in pages, -1 when denied, or WR_GROW_TRAP when a store limit denies it under
 * trap_on_grow_failure. */
int64_t wr_memory_grow(warden_memory_t *m, uint64_t delta);
void wr_memory_free(warden_memory_t *m);

/* Tables (table.c). */
warden_error_t *wr_table_create(warden_store_t *s, uint8_t elem, const wd_limits *lim,
                                uint64_t init, warden_table_t **out);
int64_t wr_table_grow(warden_table_t *t, uint32_t delta, uint64_t init);
void wr_table_free(warden_table_t *t);

/* Globals (global.c). */
warden_error_t *wr_global_create(warden_store_t *s, uint8_t type, bool mut, const uint64_t val[2],
                                 warden_global_t **out);

/* Functions (func.c). */
warden_error_t *wr_func_create(warden_store_t *s, const wr_type *type, warden_func_t **out);

/* Values (value.c): slots <-> public values. */
void wr_slots_to_val(const uint64_t *slots, warden_valkind_t kind, warden_val_t *out);
void wr_val_to_slots(const warden_val_t *v, uint64_t *slots);
bool wr_kind_valid(warden_valkind_t kind);

#endif
