/* Functions: host functions, function types, and calls from the host into the guest. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec/exec.h"
#include "exec/trap.h"
#include "runtime/call.h"
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

/* A host function of `type` in the store, sync (`callback`) or async (`async_cb`). */
static warden_error_t *host_func_new(warden_store_t *s, const warden_functype_t *type,
                                     warden_host_func_t callback, warden_async_func_t async_cb,
                                     void *env, void (*finalizer)(void *), warden_func_t **out)
{
    if (!s || !type || (!callback && !async_cb) || !out)
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
    f->async_host = async_cb;
    f->env = env;
    f->finalizer = finalizer;
    *out = f;
    return NULL;
}

warden_error_t *warden_func_new(warden_store_t *s, const warden_functype_t *type,
                                warden_host_func_t callback, void *env, void (*finalizer)(void *),
                                warden_func_t **out)
{
    return host_func_new(s, type, callback, NULL, env, finalizer, out);
}

warden_error_t *warden_func_new_async(warden_store_t *s, const warden_functype_t *type,
                                      warden_async_func_t callback, void *env,
                                      void (*finalizer)(void *), warden_func_t **out)
{
    return host_func_new(s, type, NULL, callback, env, finalizer, out);
}

const warden_functype_t *warden_func_type(const warden_func_t *f)
{
    return f ? &f->type->pub : NULL;
}

/* Waiting on the calling thread for an async host function called by warden_func_call. */
typedef struct sync_wait {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool woken;
} sync_wait;

static void sync_wake(void *env)
{
    sync_wait *w = env;
    pthread_mutex_lock(&w->lock);
    w->woken = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static sync_wait *sync_wait_new(void)
{
    sync_wait *w = malloc(sizeof *w);
    if (!w) return NULL;
    w->woken = false;
    pthread_condattr_t attr;
    bool ok = pthread_mutex_init(&w->lock, NULL) == 0;
    if (ok && pthread_condattr_init(&attr) != 0) {
        pthread_mutex_destroy(&w->lock);
        ok = false;
    }
    if (ok) {
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        ok = pthread_cond_init(&w->cond, &attr) == 0;
        pthread_condattr_destroy(&attr);
        if (!ok) pthread_mutex_destroy(&w->lock);
    }
    if (!ok) free(w);
    return ok ? w : NULL;
}

/* Until the waker fires, or a while: an interrupt (which only sets flags) is seen at the next
 * resume. */
#define WR_SYNC_POLL_NS 10000000

static void sync_sleep(sync_wait *w)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += WR_SYNC_POLL_NS;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&w->lock);
    while (!w->woken && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0) {
    }
    w->woken = false;
    pthread_mutex_unlock(&w->lock);
}

/* An outermost call: the machinery of warden_call_*, run to its end on this thread. */
static warden_error_t *call_outermost(warden_store_t *s, warden_func_t *f, const warden_val_t *args,
                                      size_t nargs, warden_val_t *results, warden_trap_t **trap)
{
    warden_call_t c = {0};
    warden_error_t *e = wr_store_check_ticker(s);
    if (!e) e = wr_call_init(&c, s, f, args, nargs, results);
    if (e) return e;
    sync_wait *w = NULL;
    warden_call_status_t st;
    while ((st = warden_call_resume(&c)) == WARDEN_CALL_YIELDED || st == WARDEN_CALL_PENDING) {
        if (st == WARDEN_CALL_YIELDED) continue;
        if (!w && !(w = sync_wait_new())) {
            warden_call_cancel(&c); /* TRAPPED: nothing to wait with */
            break;
        }
        warden_call_set_waker(&c, sync_wake, w);
        sync_sleep(w);
    }
    if (w) {
        warden_call_set_waker(&c, NULL, NULL);
        pthread_mutex_lock(&c.lock);
        while (c.waking) pthread_cond_wait(&c.idle, &c.lock);
        pthread_mutex_unlock(&c.lock);
        pthread_cond_destroy(&w->cond);
        pthread_mutex_destroy(&w->lock);
        free(w);
    }
    *trap = c.trap;
    c.trap = NULL;
    wr_call_release(&c);
    return NULL;
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
    if (s->host_depth == 0) {
        if (s->call)
            return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                            "call: a paused call holds this store's stack (finish or cancel it "
                            "first)");
        return call_outermost(s, f, args, nargs, results, trap);
    }

    /* Re-entry from a host function: a nested run, which cannot pause. */
    warden_error_t *e = wr_check_call(s, f, args);
    if (e) return e;
    uint32_t need = t->param_slots > t->result_slots ? t->param_slots : t->result_slots;
    uint64_t *slots = s->stack_top;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    /* The bounds of this thread's stack, found at the first re-entry on it (a call may resume
     * on any thread; most never re-enter). */
    wo_set_c_stack_limit(s, here);
    if (s->host_depth >= WR_MAX_HOST_DEPTH || here < s->c_stack_limit ||
        (size_t)(s->stack_end - slots) < need) {
        *trap = wx_trap_new_kind(WARDEN_TRAP_STACK_EXHAUSTED);
        return NULL;
    }
    uint64_t *p = slots;
    for (size_t i = 0; i < nargs; i++) {
        wo_val_to_slots(&args[i], p);
        p += wd_slots(args[i].kind);
    }
    uint64_t *saved_top = s->stack_top;
    s->host_depth++;
    warden_trap_t *tr = wx_run(s, f, slots);
    s->host_depth--;
    /* A slice that ended in the nested run pauses the outermost one at its next check site. */
    if (s->slice_over && s->host_depth == 1) wo_raise_poll(s);
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
