/* Defining the WASI functions in a linker: one host function per definition, all sharing one
 * entry point that reads the caller's memory and passes the errno back. With a scheduler, the
 * functions that wait are async host functions instead, with an entry of their own. */
#include <string.h>

#include "wasi/wasi.h"

static const wz_def *const k_groups[] = {
    wz_defs_args,      wz_defs_clock, wz_defs_fd,   wz_defs_fd_file, wz_defs_path,
    wz_defs_path_open, wz_defs_poll,  wz_defs_sock, wz_defs_proc,
};

/* The functions that are async with a scheduler, and their async forms. */
static const struct {
    const char *name;
    wz_async_fn fn;
} k_async[] = {
    {"poll_oneoff", wz_poll_async},
    {"fd_read", wz_read_async},
    {"sock_recv", wz_read_async},
};

static wz_async_fn async_form(const wz_def *d)
{
    for (size_t i = 0; i < sizeof k_async / sizeof k_async[0]; i++)
        if (strcmp(k_async[i].name, d->name) == 0) return k_async[i].fn;
    return NULL;
}

/* One call's view of the caller's memory. */
static wz_call call_of(wz_binding *b, warden_caller_t *caller)
{
    wz_call c = {.w = b->wasi, .wait_fd = -1};
    c.memory = warden_caller_export_memory(caller, "memory");
    if (c.memory) {
        c.mem = warden_memory_data(c.memory);
        c.size = warden_memory_size(c.memory);
    }
    return c;
}

static warden_trap_t *entry(void *env, warden_caller_t *caller, const warden_val_t *args,
                            size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)nargs;
    wz_binding *b = env;
    wz_call c = call_of(b, caller);
    uint32_t err = b->def->fn(&c, args);
    if (c.trap) return c.trap;
    if (nresults) results[0].of.i32 = (int32_t)err;
    return NULL;
}

static void async_entry(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                        warden_completion_t *completion)
{
    (void)nargs;
    wz_binding *b = env;
    wz_call c = call_of(b, caller);
    async_form(b->def)(&c, b->def, args, completion);
}

void wz_complete(warden_completion_t *done, wz_call *c, uint32_t err)
{
    if (c && c->trap) {
        warden_trap_t *trap = c->trap;
        c->trap = NULL;
        warden_completion_trap(done, trap);
        return;
    }
    warden_val_t result = {.kind = WARDEN_I32, .of.i32 = (int32_t)err};
    warden_completion_return(done, &result, 1);
}

warden_error_t *warden_wasi_set_scheduler(warden_wasi_t *w, warden_scheduler_t *sched)
{
    if (!w) return warden_error_new(WARDEN_ERROR_ARGUMENT, "wasi: NULL argument");
    w->sched = sched;
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
            warden_error_t *e;
            if (w->sched && async_form(d))
                e = warden_func_new_async(store, &type, async_entry, &w->bindings[k], NULL, &f);
            else
                e = warden_func_new(store, &type, entry, &w->bindings[k], NULL, &f);
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
