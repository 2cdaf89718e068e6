/* Defining the WASI functions in a linker: one host function per definition, all sharing one
 * entry point that reads the caller's memory and passes the errno back. */
#include <string.h>

#include "wasi/wasi.h"

static const wz_def *const k_groups[] = {
    wz_defs_args,      wz_defs_clock, wz_defs_fd,   wz_defs_fd_file, wz_defs_path,
    wz_defs_path_open, wz_defs_poll,  wz_defs_sock, wz_defs_proc,
};

static warden_trap_t *entry(void *env, warden_caller_t *caller, const warden_val_t *args,
                            size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)nargs;
    wz_binding *b = env;
    wz_call c = {.w = b->wasi};
    warden_memory_t *m = warden_caller_export_memory(caller, "memory");
    if (m) {
        c.mem = warden_memory_data(m);
        c.size = warden_memory_size(m);
    }
    uint32_t err = b->def->fn(&c, args);
    if (c.trap) return c.trap;
    if (nresults) results[0].of.i32 = (int32_t)err;
    return NULL;
}

warden_error_t *warden_wasi_define(warden_wasi_t *w, warden_linker_t *linker, warden_store_t *store)
{
    if (!w || !linker || !store)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "wasi: NULL argument");
    size_t k = 0;
    for (size_t g = 0; g < sizeof k_groups / sizeof k_groups[0]; g++) {
        for (const wz_def *d = k_groups[g]; d->name; d++) {
            if (k >= WZ_NFUNCS)
                return warden_error_new(WARDEN_ERROR_ARGUMENT, "wasi: too many functions");
            warden_valkind_t params[16], result = WARDEN_I32;
            uint32_t np = (uint32_t)strlen(d->params);
            for (uint32_t i = 0; i < np && i < 16; i++)
                params[i] = d->params[i] == 'I' ? WARDEN_I64 : WARDEN_I32;
            warden_functype_t type = {np, d->has_result ? 1 : 0, params, &result};
            w->bindings[k] = (wz_binding){w, d};
            warden_func_t *f;
            warden_error_t *e = warden_func_new(store, &type, entry, &w->bindings[k], NULL, &f);
            if (e) return e;
            e = warden_linker_define(linker, WARDEN_WASI_MODULE, strlen(WARDEN_WASI_MODULE),
                                     d->name, strlen(d->name),
                                     (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = f});
            if (e) return e;
            k++;
        }
    }
    return NULL;
}
