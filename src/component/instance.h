/* Component instances at run time: the items of every index space, resource types and handle
 * tables, and the functions that cross the boundary (lifted exports, lowered imports). */
#ifndef WARDEN_COMPONENT_INSTANCE_H
#define WARDEN_COMPONENT_INSTANCE_H

#include "abi.h"
#include "component.h"

typedef struct wm_instance wm_instance;
typedef struct wm_view wm_view;

/* A resource type at run time. Defined by a component instance (owner, dtor) or by the host. */
typedef struct wm_rtype {
    wm_instance *owner;  /* the instance that defined it; NULL for a host resource */
    warden_func_t *dtor; /* the core destructor, or NULL */
    const char *name;    /* for messages */
} wm_rtype;

struct warden_component_resource {
    wm_rtype *rtype;
    uint32_t rep;
    bool owned;
    bool gone;      /* passed back into a guest, or dropped */
    uint32_t lends; /* borrows of it lowered into calls in progress */
    /* A borrow lifted for a host call: the next one lifted before it (the instance tree's
     * live_borrows), or, once the call is over, the next free one (free_borrows). */
    warden_component_resource_t *next;
};

/* One entry of a handle table (CanonicalABI.md, "Handle state"). */
typedef struct wm_handle {
    wm_rtype *rtype; /* NULL: a free slot */
    uint32_t rep;
    bool own;
    uint32_t lends; /* borrows of this own handle outstanding */
    uint32_t next_free;
} wm_handle;

/* Where the result of a component async host function goes, named by its completion's data
 * (warden_completion_set_data): a lowered import, or the host's own call of the function. The
 * step made by warden_component_completion_return checks the result against `type`, then hands
 * it to `deliver`, inside the call (with the core function's arguments; results: its core
 * results). */
typedef struct wm_async_sink wm_async_sink;
struct wm_async_sink {
    const warden_component_functype_t *type;
    warden_trap_t *(*deliver)(wm_async_sink *sink, warden_component_val_t *result,
                              const warden_val_t *args, size_t nargs, warden_val_t *results);
};

/* A function of the component level: lifted from a core function of an instance, or the host's. */
struct warden_component_func {
    const warden_component_functype_t *type;
    /* lifted: the name its trap frames carry, the first it was exported under ("f", or
     * "ns:pkg/iface#f" for a function of an exported instance); the root component's exports
     * name it over any inner one. NULL while it is exported under none. */
    const char *name;
    wm_instance *inst;   /* lifted: the instance whose core function it lifts */
    warden_func_t *core; /* lifted: the core function */
    warden_func_t *post_return;
    warden_memory_t *memory;
    warden_func_t *realloc;
    wm_encoding encoding;
    /* host: sync (callback) or async (async_callback) */
    warden_component_host_func_t callback;
    warden_component_async_func_t async_callback;
    void *env;
    warden_store_t *store;
    /* async, called by the host: the core async function that gives the callback a completion
     * (made at the first such call), and the call waiting on it now */
    warden_func_t *bridge;
    struct wm_host_wait *waiting;
};

/* A core instance: a real one, or a bag of inline exports. */
typedef struct wm_core_inst {
    warden_instance_t *instance;
    uint32_t n;
    const wm_arg *names;    /* bag: names (the args of the definition) */
    warden_extern_t *items; /* bag: the items */
} wm_core_inst;

/* A component definition with the instance it closes over (for outer aliases). */
typedef struct wm_closure {
    const wm_component *component;
    wm_instance *outer;
} wm_closure;

/* A runtime item of any sort. */
typedef struct wm_ritem {
    wm_sort sort;
    union {
        warden_extern_t core; /* core func, table, memory, global */
        warden_module_t *module;
        wm_core_inst *core_instance;
        warden_component_func_t *func;
        wm_rtype *rtype; /* WM_TYPE naming a resource; NULL for other types */
        wm_closure *component;
        wm_view *instance;
    } of;
} wm_ritem;

/* An instance as others see it: named items. */
struct wm_view {
    uint32_t n;
    const char **names;
    wm_ritem *items;
};

struct wm_instance {
    warden_component_instance_t *top;
    wm_instance *outer;
    const wm_component *comp;
    wm_ritem *spaces[WM_SORT_COUNT];
    uint32_t counts[WM_SORT_COUNT];
    wm_rtype **rtypes; /* by resource id (nresources of the binary) */
    wm_view exports;
    /* The handle table. */
    wm_handle *handles;
    uint32_t nhandles, cap_handles, free_head;
    /* Own handles lent to calls in progress (a stack: each call releases what it lent). */
    uint32_t *lent;
    uint32_t nlent, cap_lent;
    /* Handles of others lent to this instance's calls in progress (a stack, as `lent`). */
    warden_component_resource_t **lent_res;
    uint32_t nlent_res, cap_lent_res;
    bool may_leave; /* false while running post-return */
    bool may_enter; /* false while one of its exports runs */
    /* Borrow handles lowered into its table for the call in progress and not dropped yet: the
     * call must end with none (the reference's Task.num_borrows; calls into an instance do not
     * nest, so one count serves). */
    uint32_t num_borrows;
    bool poisoned;         /* a call into it trapped */
    wm_instance *next_all; /* every instance of the top-level one, to free handle tables */
};

struct warden_component_instance {
    warden_store_t *store;
    warden_component_t *component;
    wm_arena arena; /* every runtime object of the instance tree */
    wm_instance *root;
    wm_instance *all;
    /* The objects of borrowed handles lifted for the host calls in progress, newest first, and
     * those of calls that ended, for reuse: a guest that lends a handle to the host on every
     * call does not grow the arena. */
    warden_component_resource_t *live_borrows, *free_borrows;
};

/* A lowered import: the core function a guest calls, and what it needs to lift and lower. */
typedef struct wm_lowering {
    wm_async_sink sink; /* when the callee is an async host function */
    warden_component_func_t *callee;
    const warden_component_functype_t *type; /* as the caller declares it: its resources are the
                                              * caller's */
    wm_instance *inst;                       /* the caller's instance */
    warden_store_t *store;
    warden_memory_t *memory;
    warden_func_t *realloc;
    wm_encoding encoding;
} wm_lowering;

/* A resource built-in (resource.new, .drop, .rep) of one instance and resource. */
typedef struct wm_builtin {
    wm_instance *inst;
    uint32_t id;
    warden_store_t *store;
} wm_builtin;

warden_trap_t *wm_resource_new_builtin(void *env, warden_caller_t *caller, const warden_val_t *args,
                                       size_t nargs, warden_val_t *results, size_t nresults);
warden_trap_t *wm_resource_drop_builtin(void *env, warden_caller_t *caller,
                                        const warden_val_t *args, size_t nargs,
                                        warden_val_t *results, size_t nresults);
warden_trap_t *wm_resource_rep_builtin(void *env, warden_caller_t *caller, const warden_val_t *args,
                                       size_t nargs, warden_val_t *results, size_t nresults);

/* Lifted calls, lowered trampolines (call.c). */
bool wm_call(warden_store_t *store, warden_component_func_t *f, const warden_component_val_t *args,
             warden_component_val_t *result, bool fused, warden_trap_t **trap);
/* The pieces of a lifted call, shared with the calls that pause (call_pause.c): the check of the
 * arguments and of the room for results (results are set to BOOL false), entering the instance
 * (poisoned or busy: a trap), the ABI context of the function, and the end of the call (lift the
 * result, run post-return). */
warden_error_t *wm_check_call(const char *what, warden_store_t *store,
                              warden_component_func_t *func, const warden_component_val_t *args,
                              size_t nargs);
warden_error_t *wm_check_results(const char *what, const warden_component_func_t *func,
                                 warden_component_val_t *results, size_t nresults);
bool wm_enter(wm_instance *inst, warden_trap_t **trap);
void wm_abi_for_func(wm_abi *abi, warden_store_t *store, warden_component_func_t *f, bool fused);
bool wm_finish(warden_store_t *store, warden_component_func_t *f, wm_abi *abi,
               const warden_val_t *core_res, size_t ncore, warden_component_val_t *result,
               warden_trap_t **trap);
warden_trap_t *wm_lowered_trampoline(void *env, warden_caller_t *caller, const warden_val_t *args,
                                     size_t nargs, warden_val_t *results, size_t nresults);
/* The lowered import of an async host function: a core async host function (its env: the
 * wm_lowering, whose sink is set up by wm_lowering_async). */
void wm_lowered_async(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                      warden_completion_t *completion);
void wm_lowering_async(wm_lowering *l);

/* Handle tables (handles.c). */
bool wm_handle_add(wm_instance *inst, wm_rtype *rt, uint32_t rep, bool own, uint32_t *index,
                   warden_trap_t **trap);
wm_handle *wm_handle_get(wm_instance *inst, uint32_t index, warden_trap_t **trap);
void wm_handle_remove(wm_instance *inst, uint32_t index);
void wm_abi_handles(wm_abi *abi, wm_instance *inst);
/* Ends the loans made since the stack of lent handles held `mark` of them. */
void wm_handles_release(wm_instance *inst, uint32_t mark);
/* Ends the loans of handles lent to the instance's call since `mark`. */
void wm_resources_release(wm_instance *inst, uint32_t mark);
/* The objects of borrows lifted since `mark` (the tree's live_borrows then) are free again: the
 * call they were lent to is over. */
void wm_borrows_release(warden_component_instance_t *top, warden_component_resource_t *mark);

#endif
