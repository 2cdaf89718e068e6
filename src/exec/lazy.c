/* Lowering on first use. Module creation validates every function body; a body is lowered to
 * internal code the first time something needs its code: a call (the interpreter's do_call) or
 * warden_module_code. A module is immutable to its users and shared by threads and stores, so
 * publishing the code is the one write it sees after creation: each thread that finds no code
 * lowers the body into a record of its own and offers it with a compare-and-swap; the first
 * offer wins and every other thread frees its copy and takes the winner's. Lowering is
 * deterministic, so which thread wins changes nothing, fuel costs included. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "exec/exec.h"
#include "exec/trap.h"

wc_code *wx_lower_copy(const warden_module_t *mod, uint32_t body, wd_decode_error *err)
{
    const warden_config_t *config = &mod->engine->config;
    wc_func scratch;
    wc_code *mine;
    if (!wc_lower_function(mod->m, body, wx_handlers(), config->consume_fuel ? &config->fuel : NULL,
                           NULL, &scratch, &mine, err))
        return NULL;
    return mine;
}

const wc_code *wx_lower(const warden_module_t *mod, uint32_t body, wd_decode_error *err)
{
    wc_func *f = &mod->funcs[body];
    const wc_code *code = atomic_load_explicit(&f->lowered, memory_order_acquire);
    if (code) return code;
    wc_code *mine = wx_lower_copy(mod, body, err);
    if (!mine) return NULL;
    const wc_code *seen = NULL;
    if (atomic_compare_exchange_strong_explicit(&f->lowered, &seen, mine, memory_order_acq_rel,
                                                memory_order_acquire))
        return mine;
    free(mine); /* another thread published first: its code is the same */
    return seen;
}

const wc_code *wx_lower_callee(const warden_func_t *callee, warden_trap_t **trap)
{
    const warden_module_t *mod = callee->inst->module;
    uint32_t body = (uint32_t)(callee->code - mod->funcs);
    wd_decode_error err = {0};
    const wc_code *code = wx_lower(mod, body, &err);
    if (code) return code;
    /* The body was validated with the module: only running out of memory is left (or a
     * function too large for internal code, which no module that fits in memory reaches). */
    char message[256];
    uint32_t index = mod->m->nfunc_imports + body;
    if (err.oom)
        snprintf(message, sizeof message, "out of memory lowering function %" PRIu32, index);
    else
        snprintf(message, sizeof message, "function %" PRIu32 " could not be lowered: %s", index,
                 err.message);
    *trap = warden_trap_new(message);
    return NULL;
}

void *wx_compile_callee(const warden_func_t *callee, warden_trap_t **trap)
{
    const warden_module_t *mod = callee->inst->module;
    uint32_t body = (uint32_t)(callee->code - mod->funcs);
    warden_error_t *e = NULL;
    void *native = mod->engine->compile_body
                       ? mod->engine->compile_body((warden_module_t *)mod, body, &e)
                       : NULL;
    if (native) return native;
    char message[320];
    snprintf(message, sizeof message, "function %" PRIu32 " could not be compiled: %s",
             mod->m->nfunc_imports + body, e ? warden_error_message(e) : "no compiled tier");
    warden_error_delete(e);
    *trap = warden_trap_new(message);
    return NULL;
}
