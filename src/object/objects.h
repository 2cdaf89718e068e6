/* The runtime's objects as the interpreter and the API implementation see them: their layouts,
 * and what both do to them (errors, limits and usage, growth, values, the execution stack). The
 * API's own operations on them are in runtime/objects.h. */
#ifndef WARDEN_OBJECT_OBJECTS_H
#define WARDEN_OBJECT_OBJECTS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "binary/module.h"
#include "compile/code.h"
#include "object/memory_pool.h"
#include "warden.h"

#define WO_PAGE_SIZE 65536u
#define WO_MAX_PAGES 65536u

struct warden_engine {
    warden_config_t config;
    _Atomic uint64_t epoch;

    /* Stores with a deadline, checked at every epoch increment, and the ticker thread that
     * increments it (started the first time a deadline is set). */
    pthread_mutex_t lock;
    pthread_cond_t stop; /* wakes the ticker when the engine is deleted */
    warden_store_t *deadline_stores;
    bool ticker_started, ticker_stop;
    _Atomic bool ticker_up; /* ticker_started, read without the lock by every resume */
    pthread_t ticker;
    /* The ticker's clock: tick k is due k periods after ticker_t0; ticker_ticks have been
     * counted (valid once ticker_clock is set, by the ticker thread). */
    bool ticker_clock;
    struct timespec ticker_t0;
    uint64_t ticker_ticks;

    wo_memory_pool memory_pool; /* reservations of deleted memories, for reuse */
    /* The auto tier: a store's countdown of calls and loop iterations in the interpreter
     * reached zero in (or on a call of) `callee` (runtime/tier_up.c); NULL in builds without
     * LLVM. */
    void (*tier_up)(warden_store_t *S, const warden_func_t *callee);
    /* The llvm tier compiling each function at its first call: links the part of defined
     * function `body` of `mod` and returns its native code, or NULL with *err set
     * (llvm/llvm.h wj_compile_body); NULL in builds without LLVM. */
    void *(*compile_body)(warden_module_t *mod, uint32_t body, warden_error_t **err);
};

/* A function type interned per store: functions of equal types share one wo_type, so
 * call_indirect's type check is a pointer comparison. */
typedef struct wo_type {
    warden_functype_t pub; /* the public view; arrays point into `kinds` */
    warden_valkind_t *kinds;
    uint32_t param_slots, result_slots;
    uint64_t hash;
    struct wo_type *next; /* in its bucket of the store's type table */
} wo_type;

struct warden_module {
    atomic_uint refs;
    const warden_engine_t *engine; /* the lowering (fuel metering) is the engine's */
    wd_module *m;
    wc_func *funcs;           /* the defined functions and their code, once lowered */
    unsigned char *code;      /* eager lowering: one block of every function's code record */
    warden_functype_t *types; /* public views of m->types */
    warden_valkind_t *kinds;  /* storage for those views */
    /* Compiled code (llvm/), or NULL: set at creation, or in the auto tier once compiled
     * (release ordering, after every function's `native`). */
    _Atomic(struct wj_code *) jit;
    struct wr_tier_up *tier_up; /* the auto tier's compile (runtime/tier_up.c), or NULL */
    atomic_bool compile_stop;   /* the module is being deleted: a compile under way gives up */
};

struct warden_func {
    warden_store_t *store;
    const wo_type *type;
    warden_instance_t *inst;        /* NULL for a host function */
    uint32_t index;                 /* index in the instance's module */
    const wc_func *code;            /* defined functions */
    warden_host_func_t host;        /* host functions */
    warden_async_func_t async_host; /* async host functions (host is then NULL) */
    void *env;
    void (*finalizer)(void *);
};

struct warden_memory {
    warden_store_t *store;
    uint8_t *base; /* reserved once, never moves */
    uint64_t size; /* committed bytes: pages * 64 KiB */
    uint64_t pages;
    uint64_t max_pages; /* the type's maximum, or WO_MAX_PAGES */
    bool has_max;
    size_t reserved; /* bytes of address space reserved at base */
};

struct warden_table {
    warden_store_t *store;
    uint64_t *elems; /* funcref: warden_func_t *; externref: host pointer; 0 is null */
    uint32_t size;
    uint32_t max;
    bool has_max;
    uint8_t type;
};

struct warden_global {
    warden_store_t *store;
    uint64_t val[2];
    uint8_t type;
    bool mut;
};

struct warden_instance {
    warden_store_t *store;
    warden_module_t *module;
    const wd_module *m;
    const wo_type **types; /* interned, by module type index */
    warden_func_t **funcs;
    warden_table_t **tables;
    warden_memory_t **mems;
    warden_global_t **globals;
    uint64_t **elem_items; /* instantiated element segments (dropped: length 0) */
    uint32_t *elem_len;
    uint32_t *data_len; /* data segments' lengths (dropped: 0) */
    bool poisoned;      /* a call into this instance trapped */
    /* The host was handed a part of it (a function as an argument, its memory through the
     * caller): a failed instantiation then keeps it instead of rolling it back. */
    bool escaped;
    uint64_t host_bytes; /* charged to the store's usage.host_bytes */
};

/* One activation on the store's call stack (the interpreter's; no C recursion per call). */
typedef struct wo_frame {
    const wi_cell *ret_pc;
    uint64_t *ret_fp;
    /* The caller. A call of compiled code within one instance writes WO_CALLER_INDEX(i) instead,
     * the caller's index among the instance's functions, which needs no load: the caller is a
     * function of the callee's instance, which wx_trap_unwind finds from the frames inside. */
    warden_func_t *func;
} wo_frame;
#define WO_CALLER_INDEX(i) (((uint64_t)(i) << 1) | 1) /* a function is never at an odd address */

/* Growable list of owned pointers. */
typedef struct wo_list {
    void **items;
    size_t n, cap;
} wo_list;

typedef struct wr_interrupt_cell wr_interrupt_cell; /* runtime/deadline.c */

/* How a finished host operation or a passed deadline wakes a paused call: begin() runs under the
 * waker's own lock (a completion's, the engine's) and says whether finish() must run; finish()
 * runs after that lock is released. The object stays alive until finish() has returned. */
typedef struct wo_wake_hook {
    bool (*begin)(void *arg);
    void (*finish)(void *arg);
    void *arg;
} wo_wake_hook;

struct warden_store {
    warden_engine_t *engine;
    wo_list instances, funcs, memories, tables, globals;
    wo_type **type_buckets; /* interned function types: a hash table of chains */
    uint32_t ntype_buckets, ntypes;

    warden_store_limits_t limits;
    warden_store_usage_t usage;
    unsigned usage_percent;
    bool usage_fired;
    warden_usage_callback_t usage_cb;
    void *usage_env;

    /* Fuel left and consumed; while a call runs the interpreter keeps `fuel` in a local. */
    int64_t fuel;
    uint64_t fuel_budget; /* fuel given since the last set_fuel */

    /* The check site's slow path runs when `poll` is non-zero: set by an interrupt, or by an
     * epoch increment that reached `deadline` (0: none). */
    _Atomic uint32_t poll;
    /* What compiled code compares its stack pointer with at function entry: c_stack_limit, or
     * UINTPTR_MAX while `poll` is raised, so that one compare is both the C stack check and the
     * entry's check site (wo_raise_poll, wo_take_poll, wo_reset_entry_limit in stack.c). */
    _Atomic uintptr_t entry_limit;
    _Atomic uint64_t deadline;
    bool deadline_listed;           /* on engine->deadline_stores */
    warden_store_t *next_deadline;  /* list links, under engine->lock */
    warden_store_t **prev_deadline; /* the link that points here */

    /* Interrupts target one outermost call: `call_gen` is odd while a call runs. */
    _Atomic uint64_t call_gen;
    _Atomic uint64_t interrupt_gen;
    wr_interrupt_cell *interrupts; /* shared with the interrupt handles; NULL until the first */

    /* Execution stack: slots and frames, allocated at first use. */
    uint64_t *stack;
    uint64_t *stack_end; /* one past the last slot: what every call checks its frame against */
    uint64_t *stack_top; /* first free slot (re-entrant calls start here) */
    /* Frame records: frames[0] up to frame_top (the first free one), at most frames_end. Pointers
     * rather than a count, so that compiled code's call pushes a record with one load. */
    wo_frame *frames;
    wo_frame *frame_top;
    wo_frame *frames_end;
    uint32_t host_depth;              /* nested host->guest calls, bounded to protect the C stack */
    uintptr_t c_stack_limit;          /* nested calls below this C stack address trap instead */
    uintptr_t c_stack_lo, c_stack_hi; /* the bounds of the thread stack the limit was made for */

    /* Calls that pause (runtime/call.c). */
    warden_call_t *call;  /* the unfinished call that holds the stack, or NULL */
    uint64_t slice_ticks; /* ticks per slice, 0: none */
    uint64_t slice_fuel;  /* fuel per slice, 0: none */
    /* Fuel held back while a slice runs: the run's fuel is the slice's share, and goes negative
     * when the share is used up (exec/check.c wx_refuel). The fuel left is fuel + fuel_hold. */
    int64_t fuel_hold;
    bool slice_over; /* the share ran out: the next check site of the outermost run pauses */
    _Atomic uint64_t slice_end; /* the epoch the running slice ends at, 0: none */
    /* A PENDING call the ticker wakes when the deadline passes (arg NULL: none); under
     * engine->lock, with next_deadline. */
    wo_wake_hook parked;
    warden_completion_t *spare_completion; /* kept for the next async host call */
    struct wx_regs *regs; /* the registers of the outermost run, which may pause (exec/) */
    struct wx_native_run *native_run; /* compiled code's own stack, for pausing (exec/native.c) */
    /* The auto tier (runtime/tier_up.c): calls and loop iterations in the interpreter left
     * until its hook comes (a run keeps the countdown in a local while it goes on), and left
     * until the running function's module is compiled; UINT64_MAX when nothing is counted. */
    uint64_t tier_up_countdown;
    uint64_t tier_up_left;
};

struct warden_caller {
    warden_store_t *store;
    warden_instance_t *inst;
};

/* What memory.grow/table.grow return when a limit denies growth under trap_on_grow_failure. */
#define WO_GROW_TRAP (-2)
/* What table.grow returns when a deadline or an interrupt stopped it: nothing changed, and the
 * check site's slow path says why. */
#define WO_GROW_STOPPED (-3)

/* Errors (error.c). The message is formatted like printf. */
warden_error_t *wo_error(warden_error_kind_t kind, int64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
warden_error_t *wo_error_oom(void);

/* Limits (limits.c). The account functions add usage, or return false when a limit denies it. */
warden_error_t *wo_limit_count(const char *what, uint32_t have, uint32_t limit);
bool wo_account_memory(warden_store_t *s, uint64_t bytes);
/* Host memory held for the guest (tables' elements, instances, segments): counted with linear
 * memory against max_memory_bytes, in usage.host_bytes. */
bool wo_account_host(warden_store_t *s, uint64_t bytes);
void wo_unaccount_host(warden_store_t *s, uint64_t bytes);
/* Table elements: max_table_elements, and WO_TABLE_ELEM_BYTES each of host memory. */
bool wo_account_table(warden_store_t *s, uint64_t elems);
void wo_unaccount_table(warden_store_t *s, uint64_t elems);
#define WO_TABLE_ELEM_BYTES 8u
/* Linear memory plus host memory: what max_memory_bytes bounds. */
uint64_t wo_memory_in_use(const warden_store_t *s);
/* "memory limit exceeded: ..." for a request of `bytes` for `what`. */
warden_error_t *wo_memory_limit_error(const warden_store_t *s, const char *what, uint64_t bytes);

/* Growth (grow.c): the old size, -1 when refused, or WO_GROW_TRAP / WO_GROW_STOPPED. */
int64_t wo_memory_grow(warden_memory_t *m, uint64_t delta);
int64_t wo_table_grow(warden_table_t *t, uint32_t delta, uint64_t init);
/* Sets elems[from, to) to `init` in chunks; false when a deadline or an interrupt asked the store
 * to stop first (the elements are then partly set). */
bool wo_fill_elements(warden_store_t *s, uint64_t *elems, uint64_t from, uint64_t to,
                      uint64_t init);

/* Values (value.c): slots <-> public values. */
void wo_slots_to_val(const uint64_t *slots, warden_valkind_t kind, warden_val_t *out);
void wo_val_to_slots(const warden_val_t *v, uint64_t *slots);
bool wo_kind_valid(warden_valkind_t kind);

/* Makes sure the execution stack exists, sized by the store's limits. */
warden_error_t *wo_store_prepare_stack(warden_store_t *s);
/* The frame records in use (the call depth). */
static inline size_t wo_frames_used(const warden_store_t *s)
{
    return s->frames ? (size_t)(s->frame_top - s->frames) : 0;
}
/* Sets the C stack address below which re-entrant calls and compiled frames trap, for a call
 * from `here`; cheap while calls keep coming from the same thread's stack. */
void wo_set_c_stack_limit(warden_store_t *s, uintptr_t here);
/* Raises `poll` (from any thread): the next check site, and the next entry of compiled code,
 * comes to the slow path. */
void wo_raise_poll(warden_store_t *s);
/* Clears `poll` and lowers entry_limit to c_stack_limit again; whether `poll` was raised. On
 * the thread that runs the store's call. */
bool wo_take_poll(warden_store_t *s);
/* Makes entry_limit c_stack_limit again, or UINTPTR_MAX while `poll` is raised: after
 * c_stack_limit changes. On the thread that runs the store's call. */
void wo_reset_entry_limit(warden_store_t *s);
void wo_store_release_stack(warden_store_t *s);

#endif
