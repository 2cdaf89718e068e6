/* Lowered code: what validation+lowering makes of a function body, and what the interpreter runs.
 *
 * A function's frame is a run of 64-bit slots: parameters first, then the declared locals, then
 * one slot per operand-stack position (two for a v128). Lowering knows the operand-stack height at
 * every instruction, so every operand is a fixed slot index and the interpreter keeps no stack
 * pointer. A call's arguments sit at the top of the caller's frame and become the callee's first
 * slots (frames overlap); results come back in the callee's first slots. */
#ifndef WARDEN_COMPILE_CODE_H
#define WARDEN_COMPILE_CODE_H

#include <stdint.h>

#include "binary/module.h"
#include "isa/cell.h"
#include "warden.h"

typedef struct wc_func {
    wi_cell *code;
    uint32_t ncells;
    uint32_t type;         /* type index */
    uint32_t param_slots;  /* slots taken by the parameters */
    uint32_t result_slots; /* slots taken by the results */
    uint32_t local_slots;  /* parameters and declared locals */
    uint32_t frame_slots;  /* local_slots + the operand stack's maximum height */
    /* Compiled code of the function (exec/native.h wx_native_fn), or NULL: set once, before the
     * module is shared. */
    void *native;
} wc_func;

/* Validates and lowers body `i` (function m->nfunc_imports + i) into *out. `handlers` is the
 * interpreter's handler table (wx_handlers()), or NULL for switch dispatch. `fuel` is the cost
 * table when fuel metering is compiled in, else NULL.
 * On failure fills *err (offset and reason) and returns false; nothing is left allocated. */
struct wd_progress;
/* `progress` (may be NULL) is asked about every 64Ki instructions whether to go on; when it
 * answers no, lowering fails with err->stopped set. */
bool wc_lower_function(const wd_module *m, uint32_t i, const void *const *handlers,
                       const warden_fuel_costs_t *fuel, struct wd_progress *progress, wc_func *out,
                       wd_decode_error *err);
void wc_func_free(wc_func *f);

#endif
