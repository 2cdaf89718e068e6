/* Functions: host functions, function types, and calls from the host into the guest. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "exec/trap.h"
#include "runtime/objects.h"

warden_error_t *warden_functype_new(const warden_valkind_t *params, uint32_t nparams,
                                    const warden_valkind_t *results, uint32_t nresults,
                                    warden_functype_t **out)
{
    if (!out || (nparams && !params) || (nresults && !results))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "functype: NULL argument");
    for (uint32_t i = 0; i < nparams; i++)
        if (!wo_kind_valid(params[i]))
            return wo_error(WARDEN_ERROR_ARGUMENT, -1, "functype: bad kind");
    for (uint32_t i = 0; i < nresults; i++)
        if (!wo_kind_valid(results[i]))
            return wo_error(WARDEN_ERROR_ARGUMENT, -1, "functype: bad kind");
    warden_functype_t *t = malloc(sizeof *t + ((size_t)nparams + nresults + 1) * sizeof *params);
    if (!t) return wo_error_oom();
    warden_valkind_t *kinds = (warden_valkind_t *)(t + 1);
    if (nparams) memcpy(kinds, params, nparams * sizeof *params);
    if (nresults) memcpy(kinds + nparams, results, nresults * sizeof *results);
    t->nparams = nparams;
    t->nresults = nresults;
    t->params = kinds;
    t->results = kinds + nparams;
    *out = t;
    return NULL;
}

void warden_functype_delete(warden_functype_t *type)
{
    free(type);
}

warden_error_t *wr_func_create(warden_store_t *s, const wo_type *type, warden_func_t **out)
{
    warden_func_t *f = calloc(1, sizeof *f);
    if (!f) return wo_error_oom();
    f->store = s;
    f->type = type;
    if (!wr_list_push(&s->funcs, f)) {
        free(f);
        return wo_error_oom();
    }
    *out = f;
    return NULL;
}

warden_error_t *warden_func_new(warden_store_t *s, const warden_functype_t *type,
                                warden_host_func_t callback, void *env, void (*finalizer)(void *),
                                warden_func_t **out)
{
    if (!s || !type || !callback || !out)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "func: NULL argument");
    for (uint32_t i = 0; i < type->nparams; i++)
        if (!wo_kind_valid(type->params[i]))
            return wo_error(WARDEN_ERROR_ARGUMENT, -1, "func: bad kind");
    for (uint32_t i = 0; i < type->nresults; i++)
        if (!wo_kind_valid(type->results[i]))
            return wo_error(WARDEN_ERROR_ARGUMENT, -1, "func: bad kind");
    const wo_type *t =
        wr_type_intern(s, type->params, type->nparams, type->results, type->nresults);
    if (!t) return wo_error_oom();
    warden_func_t *f;
    warden_error_t *e = wr_func_create(s, t, &f);
    if (e) return e;
    f->host = callback;
    f->env = env;
    f->finalizer = finalizer;
    *out = f;
    return NULL;
}

const warden_functype_t *warden_func_type(const warden_func_t *f)
{
    return f ? &f->type->pub : NULL;
}

/* Host -> guest -> host -> ... re-entry nests C frames. The lowest C stack address a call may
 * start from: a reserve above the bottom of the calling thread's stack (a quarter of the stack,
 * at most WR_C_STACK_RESERVE), or, when the bounds are unknown, WR_C_STACK_FALLBACK below the
 * outermost call. */
#define WR_C_STACK_RESERVE ((uintptr_t)256 << 10)
#define WR_C_STACK_FALLBACK ((uintptr_t)256 << 10)

static void set_c_stack_limit(warden_store_t *s, uintptr_t here)
{
    /* Finding the thread's stack costs tens of microseconds (glibc reads /proc for the main
     * thread): reuse the answer while calls keep starting on the same stack. */
    if (here >= s->c_stack_lo && here < s->c_stack_hi) return;
    pthread_attr_t attr;
    void *lo = NULL;
    size_t size = 0;
    s->c_stack_limit = here > WR_C_STACK_FALLBACK ? here - WR_C_STACK_FALLBACK : 0;
    s->c_stack_lo = s->c_stack_hi = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        if (pthread_attr_getstack(&attr, &lo, &size) == 0 && lo && size) {
            uintptr_t reserve = size / 4 < WR_C_STACK_RESERVE ? size / 4 : WR_C_STACK_RESERVE;
            s->c_stack_limit = (uintptr_t)lo + reserve;
            s->c_stack_lo = (uintptr_t)lo;
            s->c_stack_hi = (uintptr_t)lo + size;
        }
        pthread_attr_destroy(&attr);
    }
}

warden_error_t *warden_func_call(warden_store_t *s, warden_func_t *f, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults,
                                 warden_trap_t **trap)
{
    if (!s || !f || !trap || (nargs && !args) || (nresults && !results))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: NULL argument");
    *trap = NULL;
    const wo_type *t = f->type;
    if (nargs != t->pub.nparams || nresults != t->pub.nresults)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "call: the function takes %u arguments and returns %u results, "
                        "not %zu and %zu",
                        t->pub.nparams, t->pub.nresults, nargs, nresults);
    for (size_t i = 0; i < nargs; i++) {
        if (args[i].kind != t->pub.params[i])
            return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: argument %zu has the wrong type", i);
        if (args[i].kind == WARDEN_FUNCREF && args[i].of.funcref && args[i].of.funcref->store != s)
            return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                            "call: argument %zu is a function of another store", i);
    }
    if (f->store != s)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "call: the function belongs to another store");
    warden_error_t *e = wo_store_prepare_stack(s);
    if (!e && s->host_depth == 0) e = wr_store_check_ticker(s);
    if (e) return e;

    uint32_t need = t->param_slots > t->result_slots ? t->param_slots : t->result_slots;
    uint64_t *slots = s->stack_top;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (s->host_depth == 0) set_c_stack_limit(s, here);
    if (s->host_depth >= WR_MAX_HOST_DEPTH || here < s->c_stack_limit ||
        (size_t)(s->stack + s->stack_slots - slots) < need) {
        *trap = wx_trap_new_kind(WARDEN_TRAP_STACK_EXHAUSTED);
        return NULL;
    }
    uint64_t *p = slots;
    for (size_t i = 0; i < nargs; i++) {
        wo_val_to_slots(&args[i], p);
        p += wd_slots(args[i].kind);
    }
    uint64_t *saved_top = s->stack_top;
    /* An outermost call gets a new generation: interrupts aimed at earlier calls miss it. */
    bool outermost = s->host_depth == 0;
    if (outermost) atomic_fetch_add(&s->call_gen, 1);
    s->host_depth++;
    warden_trap_t *tr = wx_run(s, f, slots);
    s->host_depth--;
    if (outermost) atomic_fetch_add(&s->call_gen, 1);
    s->stack_top = saved_top;
    if (tr) {
        *trap = tr;
        return NULL;
    }
    p = slots;
    for (size_t i = 0; i < nresults; i++) {
        wo_slots_to_val(p, t->pub.results[i], &results[i]);
        p += wd_slots(t->pub.results[i]);
    }
    return NULL;
}

warden_store_t *warden_caller_store(warden_caller_t *caller)
{
    return caller ? caller->store : NULL;
}

warden_memory_t *warden_caller_export_memory(warden_caller_t *caller, const char *name)
{
    if (!caller || !caller->inst || !name) return NULL;
    warden_extern_t ext;
    if (!warden_instance_export(caller->inst, name, strlen(name), &ext)) return NULL;
    if (ext.kind != WARDEN_EXTERN_MEMORY) return NULL;
    caller->inst->escaped = true; /* the host holds a part of it now */
    return ext.of.memory;
}
