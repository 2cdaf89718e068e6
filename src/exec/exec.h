/* Running code: the interpreter's entry points. */
#ifndef WARDEN_EXEC_EXEC_H
#define WARDEN_EXEC_EXEC_H

#include <stdint.h>

#include "object/objects.h"
#include "warden.h"

/* The interpreter's handler table for direct threading, or NULL under switch dispatch. */
const void *const *wx_handlers(void);

/* Lowering on first use (lazy.c). The code of defined function `body` (index among the module's
 * defined functions) of `mod`: lowered and published now if no thread did it before. NULL with
 * *err filled when lowering fails (out of memory). Thread-safe. */
const wc_code *wx_lower(const warden_module_t *mod, uint32_t body, wd_decode_error *err);
/* Lowers body `body` into a record the caller owns (free), published nowhere: what compiling a
 * part of a module lazily reads (llvm/lazy.c), so that the interpreter never finds code of a
 * function whose native code is not linked yet. */
wc_code *wx_lower_copy(const warden_module_t *mod, uint32_t body, wd_decode_error *err);
/* A call of `callee`, a function of a module compiled part by part at first calls (mod->jit set,
 * its native code not linked yet): links its part, compiled now or read from the code cache
 * (llvm/lazy.c), and returns its native code; NULL with *trap set to a host trap that says why
 * when that fails. */
void *wx_compile_callee(const warden_func_t *callee, warden_trap_t **trap);
/* The same for the interpreter's call of `callee` (a function defined by a module): NULL with
 * *trap set to a host trap that says why when it fails. */
const wc_code *wx_lower_callee(const warden_func_t *callee, warden_trap_t **trap);

/* Calls `func` (wasm or host) with its arguments in `slots` (in the store's stack, with room for
 * the callee's frame above); results replace them. Returns NULL or a trap. The store's stack and
 * frame arrays must have been allocated (wo_store_prepare_stack). */
warden_trap_t *wx_run(warden_store_t *store, warden_func_t *func, uint64_t *slots);

/* Host functions' values: arguments from slots, and results (checked: count, kinds, a function
 * of another store is a trap) to slots. */
void wx_host_args(const wo_type *t, const uint64_t *slots, warden_val_t *args);
warden_trap_t *wx_host_results(warden_store_t *store, const wo_type *t, const warden_val_t *results,
                               size_t n, uint64_t *slots);

/* Calls a host function with its arguments in `slots`, converting to and from warden_val_t. */
warden_trap_t *wx_call_host(warden_store_t *store, warden_instance_t *caller, warden_func_t *func,
                            uint64_t *slots);

/* Calls that pause. A pausable run keeps its registers here while it is paused; the frames stay
 * in the store's stack. */
typedef enum wx_outcome { WX_DONE, WX_TRAPPED, WX_YIELDED, WX_PENDING } wx_outcome;
typedef struct wx_regs {
    warden_func_t *entry; /* a run that starts: the function it calls (NULL: going on) */
    const wi_cell *pc;
    uint64_t *fp;
    warden_func_t *func; /* the running function, NULL in the outermost host frame */
    size_t frame_base;   /* the first of the call's frames */
    /* PENDING: the async host function called, its slots (arguments, then results) and the
     * completion it waits on. */
    warden_func_t *host;
    uint64_t *host_slots;
    warden_completion_t *completion;
    /* Set by the caller of wx_start: what wakes the call when its completion finishes. */
    wo_wake_hook hook;
    wx_outcome outcome; /* how the last run stopped */
    /* Paused inside compiled code (exec/native.c): `func` is then the compiled function that
     * paused and native_caller the interpreter's function that called into compiled code, or,
     * when `native_loop` is set, the interpreted function whose loop went on in compiled code
     * (on-stack replacement, exec/native.h): its return is what comes after. */
    bool native;
    bool native_loop;
    warden_func_t *native_caller;
} wx_regs;

/* A run of the interpreter nested in compiled code that runs on the store's fiber in the
 * outermost run of a call (exec/native.c): from `regs` (regs->entry and its arguments at
 * regs->fp, or going on from where the run paused, regs->pc at the next instruction), it pauses
 * as the outermost run does, into store->regs, whose outcome (WX_DONE before it) then says how. */
warden_trap_t *wx_run_on_fiber(warden_store_t *store, wx_regs *regs);
/* Starts a pausable call of `func` with its arguments in `slots` (as wx_run). DONE: results in
 * slots; TRAPPED: *trap set; YIELDED or PENDING: `regs` hold the paused call. */
wx_outcome wx_start(warden_store_t *store, warden_func_t *func, uint64_t *slots, wx_regs *regs,
                    warden_trap_t **trap);
/* Goes on with a paused call. A PENDING one's completion must have finished and its results been
 * taken into regs->host_slots (wx_completion_take). */
wx_outcome wx_resume(warden_store_t *store, wx_regs *regs, warden_trap_t **trap);
/* Ends a paused call with `trap`, adding the backtrace of where it stood; returns the trap. */
warden_trap_t *wx_end_paused(warden_store_t *store, wx_regs *regs, warden_trap_t *trap);

/* The check site's slow path: why the call must stop (a trap kind), or 0 to go on. */
warden_trap_kind_t wx_check_slow(warden_store_t *store, int64_t fuel);
/* The check site (function entries, loop back-edges): in the outermost run of a call (host_depth
 * 1) also WX_CHECK_YIELD when its slice is over, by ticks or by fuel. */
#define WX_CHECK_YIELD (-1)
int wx_check_site(warden_store_t *store, int64_t fuel);
/* Fuel went negative: if the store holds fuel back for a slice, the slice is over and the held
 * fuel comes back (the next check site pauses the call). Returns the fuel the run has now. */
int64_t wx_refuel(warden_store_t *store, int64_t fuel);
/* The check inside an instruction (between the chunks of a bulk operation, before a host call),
 * for code that keeps fuel in memory: it only ever stops the call (a trap kind), never pauses
 * it; 0 to go on. The interpreter's loop has the same test as CHECK_STOP (exec/dispatch.h). */
static inline warden_trap_kind_t wx_check_stop(warden_store_t *store, int64_t *fuel)
{
    if (*fuel >= 0 && !atomic_load_explicit(&store->poll, memory_order_relaxed)) return 0;
    *fuel = wx_refuel(store, *fuel);
    return wx_check_slow(store, *fuel);
}

/* Async host functions (completion.c). Calls `f` with its arguments in `slots`. Returns 0 when its
 * completion finished in the callback (results in slots, or *trap), 1 when it did not: the
 * completion, armed with `regs->hook`, is then in regs->completion. Without regs (a run nested
 * in a host function, which cannot pause) a completion that did not finish is a trap. */
int wx_call_async(warden_store_t *store, warden_instance_t *caller, warden_func_t *f,
                  uint64_t *slots, wx_regs *regs, warden_trap_t **trap);
/* A pending completion: true once it finished, with its results written to `slots` (or *trap);
 * it is then released. False while it has not: it stays armed. A finish with a step runs the
 * step here, as the host function called from `caller` (the calling instance, or NULL). */
bool wx_completion_take(warden_completion_t *c, warden_store_t *store, warden_instance_t *caller,
                        uint64_t *slots, warden_trap_t **trap);
/* Gives up a pending completion: the host's finish will only free it; its cancel notice runs. */
void wx_completion_cancel(warden_completion_t *c);
/* Frees a store's spare completion. */
void wx_completion_free(warden_completion_t *c);

/* Table operations whose work a guest's count decides (table_ops.c): they run in chunks with the
 * check site's test between them and return the trap that stopped them, or 0. */
warden_trap_kind_t wx_table_grow(warden_store_t *S, int64_t fuel, warden_table_t *t, uint32_t delta,
                                 uint64_t init, int64_t *old);
warden_trap_kind_t wx_table_fill(warden_store_t *S, int64_t fuel, warden_table_t *t, uint64_t i,
                                 uint64_t n, uint64_t value);
warden_trap_kind_t wx_table_copy(warden_store_t *S, int64_t fuel, warden_table_t *dt, uint64_t d,
                                 const warden_table_t *st, uint64_t s, uint64_t n);

#endif
