/* Lowered code: what validation+lowering makes of a function body, and what the interpreter runs.
 *
 * A function's frame is a run of 64-bit slots: parameters first, then the declared locals, then
 * one slot per operand-stack position (two for a v128). Lowering knows the operand-stack height at
 * every instruction, so every operand is a fixed slot index and the interpreter keeps no stack
 * pointer. A call's arguments sit at the top of the caller's frame and become the callee's first
 * slots (frames overlap); results come back in the callee's first slots. */
#ifndef WARDEN_COMPILE_CODE_H
#define WARDEN_COMPILE_CODE_H

#include <stdatomic.h>
#include <stdint.h>

#include "binary/module.h"
#include "isa/cell.h"
#include "warden.h"

/* A function's lowered code: one record, built whole before it is published (wc_func.lowered). */
typedef struct wc_code {
    uint32_t ncells;
    uint32_t frame_slots; /* local_slots + the operand stack's maximum height */
    wi_cell cells[];
} wc_code;

typedef struct wc_func {
    /* The lowered code: NULL until the function is lowered, at its first call (exec/lazy.c) or
     * at module creation when the engine lowers eagerly. Set once, by compare-and-swap, and read
     * with acquire ordering, so a thread that sees the pointer sees the whole record. */
    _Atomic(const wc_code *) lowered;
    uint32_t type;         /* type index */
    uint32_t param_slots;  /* slots taken by the parameters */
    uint32_t result_slots; /* slots taken by the results */
    uint32_t local_slots;  /* parameters and declared locals */
    /* Compiled code of the function (exec/native.h wx_native_fn), or NULL, and the slots its frame
     * takes (its lowered code's frame_slots). Set once: before the module is shared, or, in the
     * auto tier, by the thread that compiled it while other threads run the interpreter: that
     * thread writes frame_slots, then `native` with release ordering, so a reader that loads
     * `native` with acquire ordering and sees it set may read frame_slots. Compiled code linked
     * from the code cache or a .cwasm is not lowered unless something asks for the lowered code,
     * so callers read the frame's size here. */
    _Atomic(void *) native;
    uint32_t frame_slots;
    /* The body of that code (llvm/emit.c), which compiled code's call_indirect calls, or NULL
     * (it calls `native` then): written with frame_slots, before `native`. */
    void *body;
    /* The auto tier's loop entry of that code (exec/native.h wx_native_loop_fn), or NULL: set
     * after `native`, with release ordering. */
    _Atomic(void *) loop_entry;
} wc_func;

struct wd_progress;
/* Validates body `i` (function m->nfunc_imports + i) and fills *out's type and slots, leaving
 * out->lowered NULL. It emits no code: every rule, message and offset is that of
 * wc_lower_function, which runs the same pass. `progress` (may be NULL) is asked about every
 * 64Ki instructions whether to go on; when it answers no, validation fails with err->stopped set.
 * On failure fills *err (offset and reason) and returns false; nothing is left allocated. */
bool wc_validate_function(const wd_module *m, uint32_t i, struct wd_progress *progress,
                          wc_func *out, wd_decode_error *err);
/* Validates and lowers body `i`: fills *out as wc_validate_function does, and makes *code (the
 * caller frees it). `handlers` is the interpreter's handler table (wx_handlers()), or NULL for
 * switch dispatch. `fuel` is the cost table when fuel metering is compiled in, else NULL. */
bool wc_lower_function(const wd_module *m, uint32_t i, const void *const *handlers,
                       const warden_fuel_costs_t *fuel, struct wd_progress *progress, wc_func *out,
                       wc_code **code, wd_decode_error *err);

#endif
