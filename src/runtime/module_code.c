/* The lowered code of a module's functions as text (warden_module_code), and functions found by
 * name: the debugging view behind `warden inspect --code`. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "isa/disasm.h"
#include "runtime/objects.h"

size_t warden_module_func_count(const warden_module_t *module)
{
    return module ? module->m->nfuncs : 0;
}

/* The first export naming function `index`, or NULL. */
static const wd_export *func_export(const wd_module *m, uint32_t index)
{
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == WD_EXTERN_FUNC && m->exports[i].index == index)
            return &m->exports[i];
    return NULL;
}

bool warden_module_func_index(const warden_module_t *module, const char *name, size_t name_len,
                              uint32_t *index)
{
    if (!module || (!name && name_len) || !index) return false;
    const wd_module *m = module->m;
    const wd_export *e = wd_module_export(m, name, name_len);
    if (e && e->kind == WD_EXTERN_FUNC) {
        *index = e->index;
        return true;
    }
    for (uint32_t i = 0; i < m->nfunc_names; i++) {
        const char *n = m->func_names[i].name;
        if (strlen(n) == name_len && (name_len == 0 || memcmp(n, name, name_len) == 0)) {
            *index = m->func_names[i].index;
            return true;
        }
    }
    return false;
}

warden_error_t *warden_module_code(const warden_module_t *module, uint32_t func,
                                   void (*line)(void *env, const char *text), void *env)
{
    if (!module || !line) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module code: NULL argument");
    const wd_module *m = module->m;
    if (func >= m->nfuncs)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "module code: function %" PRIu32 " out of range (the module has %" PRIu32
                        ")",
                        func, m->nfuncs);
    char text[512];
    const char *name = wd_module_func_name(m, func);
    const wd_export *e = name ? NULL : func_export(m, func);
    char shown[160] = "";
    if (name)
        snprintf(shown, sizeof shown, " %.150s", name);
    else if (e)
        snprintf(shown, sizeof shown, " %.*s", (int)(e->name_len > 150 ? 150 : e->name_len),
                 e->name);
    if (func < m->nfunc_imports) {
        snprintf(text, sizeof text, "func %" PRIu32 "%s: imported", func, shown);
        line(env, text);
        return NULL;
    }
    uint32_t body = func - m->nfunc_imports;
    const wc_func *f = &module->funcs[body];
    wd_decode_error err = {0};
    /* Lowered now if never called yet: kept for the interpreter's first call, but for a module
     * compiled part by part, whose functions the interpreter must never run (exec/lazy.c). */
    wc_code *copy = NULL;
    const wc_code *code = atomic_load_explicit(&module->jit, memory_order_acquire) &&
                                  !atomic_load_explicit(&f->lowered, memory_order_acquire)
                              ? (copy = wx_lower_copy(module, body, &err))
                              : wx_lower(module, body, &err);
    if (!code) {
        if (err.oom) return wo_error_oom();
        return wo_error(WARDEN_ERROR_LIMIT, -1, "module code: function %" PRIu32 ": %s", func,
                        err.message);
    }
    snprintf(text, sizeof text,
             "func %" PRIu32 "%s: %" PRIu32 " param slots, %" PRIu32 " local slots, %" PRIu32
             " frame slots, %" PRIu32 " cells",
             func, shown, f->param_slots, f->local_slots, code->frame_slots, code->ncells);
    line(env, text);
    const void *const *handlers = wx_handlers();
    for (uint32_t at = 0; at < code->ncells;) {
        char instr[400];
        uint32_t cells = wi_disasm(code->cells, code->ncells, at, handlers, instr, sizeof instr);
        snprintf(text, sizeof text, "%6" PRIu32 "  %s", at, cells ? instr : "(not an instruction)");
        line(env, text);
        if (!cells) break;
        at += cells;
    }
    free(copy);
    return NULL;
}
