/* Internal operations on runtime objects, shared by the API implementation and the interpreter. */
#ifndef WARDEN_RUNTIME_OBJECTS_H
#define WARDEN_RUNTIME_OBJECTS_H

#include "object/objects.h"

/* Default bounds of the execution stack: bytes of value stack and call depth. */
#define WR_DEFAULT_STACK_BYTES ((uint64_t)32 << 20)
#define WR_DEFAULT_MAX_FRAMES 100000u

/* Nested host -> guest calls, bounded so the host's C stack cannot overflow. */
#define WR_MAX_HOST_DEPTH 1000u
/* The most memory reservations an engine may keep for reuse (warden_config_t.memory_pool). */
#define WR_MAX_MEMORY_POOL 4096u

/* Module creation (module_validate.c): validates every function body of mod->m into mod->funcs,
 * on several threads for a big module, asking `progress` on the calling thread only. On failure
 * fills *err with the first invalid body's error, as validating in order would, or marks it
 * stopped or out of memory. */
struct wd_progress;
bool wr_validate_bodies(warden_module_t *mod, struct wd_progress *progress, wd_decode_error *err);

/* The auto tier (tier_up.c). wr_tier_up_new: a module's compile state, NULL when out of memory
 * or without LLVM; wr_tier_up_free stops and joins a compile under way and frees it (before the
 * module's code is freed); wr_tier_up_install sets the engine's hooks (tier_up, and
 * compile_body for the llvm tier's compiles at first calls). */
typedef struct wr_tier_up wr_tier_up;
wr_tier_up *wr_tier_up_new(const wd_module *m);
/* Sets a new store's countdowns for its engine's tier (warden_store_t.tier_up_countdown). */
void wr_tier_up_store(warden_store_t *S);
void wr_tier_up_free(warden_module_t *mod);
void wr_tier_up_install(warden_engine_t *e);

/* Owned-pointer lists (store.c). */
bool wr_list_push(wo_list *l, void *item);
void wr_instance_free(warden_instance_t *inst);

/* Interns a function type in the store; NULL when allocation fails. */
const wo_type *wr_type_intern(warden_store_t *s, const warden_valkind_t *params, uint32_t np,
                              const warden_valkind_t *results, uint32_t nr);

/* Deadlines (deadline.c): takes the store off the engine's list. */
void wr_store_unlist_deadline(warden_store_t *s);
/* Cuts the store's interrupt handles off it: raising one afterwards does nothing. */
void wr_store_detach_interrupts(warden_store_t *s);
bool wr_engine_start_ticker(warden_engine_t *e);
/* The wakers of PENDING calls whose deadline passed, begun under the engine's lock and fired after
 * it (at most WR_DUE_MAX at a time; `more` when others are due too). */
#define WR_DUE_MAX 32
typedef struct wr_due {
    wo_wake_hook hooks[WR_DUE_MAX];
    size_t n;
    bool more;
} wr_due;
void wr_engine_fire_due(warden_engine_t *e, wr_due *due);
/* Under the engine's lock: counts the ticks the clock says are due (once the ticker runs); `due`
 * (may be NULL) collects the wakers to fire. */
void wr_engine_catch_up_locked(warden_engine_t *e, wr_due *due);
/* Puts the store on the engine's list of stores with a deadline or a slice that ends by ticks. */
void wr_store_list_timed(warden_store_t *s);
/* A store with a deadline needs the engine's ticker: starts it if it is not running (its start by
 * warden_store_set_deadline may have failed), and fails when it cannot, so that no call runs with
 * a deadline that would never come. */
warden_error_t *wr_store_check_ticker(warden_store_t *s);

/* Memories (memory.c). */
warden_error_t *wr_memory_create(warden_store_t *s, const wd_limits *lim, warden_memory_t **out);
/* Grows m by delta pages, counted against the limits of the store that owns m. Returns the old
 * size in pages, -1 when denied, or WO_GROW_TRAP when a store limit denies it under
 * trap_on_grow_failure. */
void wr_memory_free(warden_memory_t *m);

/* Tables (table.c). */
warden_error_t *wr_table_create(warden_store_t *s, uint8_t elem, const wd_limits *lim,
                                uint64_t init, warden_table_t **out);
void wr_table_free(warden_table_t *t);

/* Globals (global.c). */
warden_error_t *wr_global_create(warden_store_t *s, uint8_t type, bool mut, const uint64_t val[2],
                                 warden_global_t **out);

/* Functions (func.c). */
warden_error_t *wr_func_create(warden_store_t *s, const wo_type *type, warden_func_t **out);

/* Calls that pause (call.c): the store's deletion ends its unfinished call; a deadline set while
 * its call is PENDING lists the call for the ticker. */
void wr_store_end_call(warden_store_t *s);
void wr_store_park_pending(warden_store_t *s);

#endif
