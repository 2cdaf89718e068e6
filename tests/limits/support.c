/* Helpers shared by the resource-control tests. */
#include "support.h"
#include "fixture.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *g_wasm_dir = WARDEN_LIMITS_WASM_DIR;

void lt_init(int argc, char **argv)
{
    if (argc > 1) g_wasm_dir = argv[1];
}

warden_config_t lt_fuel_config(void)
{
    warden_config_t c;
    warden_config_default(&c);
    c.consume_fuel = true;
    return c;
}

lt_env *lt_env_new(const warden_config_t *config)
{
    lt_env *env = calloc(1, sizeof *env);
    assert_non_null(env);
    if (config)
        LT_OK(warden_engine_new_with_config(config, &env->engine));
    else
        LT_OK(warden_engine_new(&env->engine));
    LT_OK(warden_store_new(env->engine, &env->store));
    LT_OK(warden_linker_new(env->engine, &env->linker));
    return env;
}

void lt_env_delete(lt_env *env)
{
    if (!env) return;
    warden_linker_delete(env->linker);
    warden_store_delete(env->store);
    warden_engine_delete(env->engine);
    free(env);
}

static uint8_t *read_wasm(const char *stem, size_t *len)
{
    return fixture_read_wasm(g_wasm_dir, stem, len);
}

warden_module_t *lt_module(warden_engine_t *engine, const char *stem)
{
    size_t len;
    uint8_t *bytes = read_wasm(stem, &len);
    warden_module_t *module = NULL;
    warden_error_t *err = warden_module_new(engine, bytes, len, &module);
    free(bytes);
    if (err) print_error("%s.wasm: ", stem);
    LT_OK(err);
    assert_non_null(module);
    return module;
}

warden_error_t *lt_try_instantiate(lt_env *env, const char *stem, warden_instance_t **out,
                                   warden_trap_t **trap)
{
    warden_module_t *module = lt_module(env->engine, stem);
    warden_error_t *err = warden_linker_instantiate(env->linker, env->store, module, out, trap);
    warden_module_delete(module);
    return err;
}

warden_instance_t *lt_instantiate(lt_env *env, const char *stem)
{
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err = lt_try_instantiate(env, stem, &inst, &trap);
    if (err) print_error("instantiating %s: ", stem);
    LT_OK(err);
    LT_NO_TRAP(trap);
    assert_non_null(inst);
    return inst;
}

warden_func_t *lt_func(const warden_instance_t *inst, const char *name)
{
    warden_func_t *f = warden_instance_export_func(inst, name);
    if (!f) print_error("no exported function %s\n", name);
    assert_non_null(f);
    return f;
}

static warden_extern_t get_export(const warden_instance_t *inst, const char *name,
                                  warden_externkind_t kind)
{
    warden_extern_t ext;
    if (!warden_instance_export(inst, name, strlen(name), &ext)) {
        print_error("no export %s\n", name);
        fail();
    }
    assert_int_equal(ext.kind, kind);
    return ext;
}

warden_memory_t *lt_memory(const warden_instance_t *inst, const char *name)
{
    return get_export(inst, name, WARDEN_EXTERN_MEMORY).of.memory;
}

warden_table_t *lt_table(const warden_instance_t *inst, const char *name)
{
    return get_export(inst, name, WARDEN_EXTERN_TABLE).of.table;
}

int32_t lt_global_i32(const warden_instance_t *inst, const char *name)
{
    warden_val_t v;
    warden_global_get(get_export(inst, name, WARDEN_EXTERN_GLOBAL).of.global, &v);
    assert_int_equal(v.kind, WARDEN_I32);
    return v.of.i32;
}

warden_func_t *lt_define_host(lt_env *env, const char *module, const char *name, uint32_t nparams,
                              uint32_t nresults, warden_host_func_t callback, void *cb_env)
{
    warden_valkind_t kinds[8] = {WARDEN_I32, WARDEN_I32, WARDEN_I32, WARDEN_I32,
                                 WARDEN_I32, WARDEN_I32, WARDEN_I32, WARDEN_I32};
    assert_true(nparams <= 8 && nresults <= 8);
    warden_functype_t *type = NULL;
    LT_OK(warden_functype_new(kinds, nparams, kinds, nresults, &type));
    warden_func_t *f = NULL;
    LT_OK(warden_func_new(env->store, type, callback, cb_env, NULL, &f));
    warden_functype_delete(type);
    warden_extern_t ext = {.kind = WARDEN_EXTERN_FUNC, .of.func = f};
    LT_OK(warden_linker_define(env->linker, module, strlen(module), name, strlen(name), ext));
    return f;
}

warden_val_t lt_i32(int32_t v)
{
    warden_val_t val;
    memset(&val, 0, sizeof val);
    val.kind = WARDEN_I32;
    val.of.i32 = v;
    return val;
}

void lt_ok_at(warden_error_t *err, const char *what, const char *file, int line)
{
    if (!err) return;
    print_error("%s:%d: %s failed: error kind %d: %s\n", file, line, what,
                (int)warden_error_kind(err), warden_error_message(err));
    warden_error_delete(err);
    _fail(file, line);
}

static warden_trap_t *vcall(warden_store_t *store, warden_func_t *func, int32_t *result,
                            uint32_t nresults, size_t nargs, va_list ap)
{
    warden_val_t args[8];
    assert_true(nargs <= 8 && nresults <= 1);
    for (size_t i = 0; i < nargs; i++) args[i] = lt_i32(va_arg(ap, int32_t));
    warden_val_t res = lt_i32(0);
    warden_trap_t *trap = NULL;
    LT_OK(warden_func_call(store, func, nargs ? args : NULL, nargs, nresults ? &res : NULL,
                           nresults, &trap));
    if (!trap && nresults && result) {
        assert_int_equal(res.kind, WARDEN_I32);
        *result = res.of.i32;
    }
    return trap;
}

warden_trap_t *lt_call(warden_store_t *store, warden_func_t *func, int32_t *result,
                       uint32_t nresults, size_t nargs, ...)
{
    va_list ap;
    va_start(ap, nargs);
    warden_trap_t *trap = vcall(store, func, result, nresults, nargs, ap);
    va_end(ap);
    return trap;
}

void lt_no_trap_at(warden_trap_t *trap, const char *file, int line)
{
    if (!trap) return;
    print_error("%s:%d: unexpected trap %s: %s\n", file, line,
                warden_trap_kind_name(warden_trap_kind(trap)), warden_trap_message(trap));
    warden_trap_delete(trap);
    _fail(file, line);
}

void lt_trap_at(warden_trap_t *trap, warden_trap_kind_t kind, const char *file, int line)
{
    if (!trap) {
        print_error("%s:%d: expected a trap %s, the call returned\n", file, line,
                    warden_trap_kind_name(kind));
        _fail(file, line);
    }
    warden_trap_kind_t got = warden_trap_kind(trap);
    if (got != kind) {
        print_error("%s:%d: expected a trap %s, got %s: %s\n", file, line,
                    warden_trap_kind_name(kind), warden_trap_kind_name(got),
                    warden_trap_message(trap));
        warden_trap_delete(trap);
        _fail(file, line);
    }
    warden_trap_delete(trap);
}

int32_t lt_call_i32_at(const char *file, int line, warden_store_t *store, warden_func_t *func,
                       size_t nargs, ...)
{
    va_list ap;
    va_start(ap, nargs);
    int32_t r = 0;
    warden_trap_t *trap = vcall(store, func, &r, 1, nargs, ap);
    va_end(ap);
    lt_no_trap_at(trap, file, line);
    return r;
}

void lt_call_void_at(const char *file, int line, warden_store_t *store, warden_func_t *func,
                     size_t nargs, ...)
{
    va_list ap;
    va_start(ap, nargs);
    warden_trap_t *trap = vcall(store, func, NULL, 0, nargs, ap);
    va_end(ap);
    lt_no_trap_at(trap, file, line);
}

void lt_limit_error_at(warden_error_t *err, const char *file, int line, ...)
{
    if (!err) {
        print_error("%s:%d: expected a limit error, got success\n", file, line);
        _fail(file, line);
    }
    const char *msg = warden_error_message(err);
    bool ok = warden_error_kind(err) == WARDEN_ERROR_LIMIT;
    va_list ap;
    va_start(ap, line);
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
        if (!strstr(msg, s)) {
            print_error("%s:%d: the limit error does not mention \"%s\"\n", file, line, s);
            ok = false;
        }
    }
    va_end(ap);
    if (!ok) {
        print_error("%s:%d: error kind %d (limit is %d): %s\n", file, line,
                    (int)warden_error_kind(err), (int)WARDEN_ERROR_LIMIT, msg);
        warden_error_delete(err);
        _fail(file, line);
    }
    warden_error_delete(err);
}

double lt_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------------------------------------
 * Watchdog and events
 * ------------------------------------------------------------------------------------------- */

struct lt_watchdog {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop, fired;
    struct timespec until;
    warden_interrupt_t *interrupt;
};

static void *watchdog_main(void *arg)
{
    lt_watchdog *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        int rc = pthread_cond_timedwait(&w->cond, &w->lock, &w->until);
        if (rc == ETIMEDOUT && !w->stop) {
            w->fired = true;
            /* Keep raising: a request that found no call running is dropped. */
            warden_interrupt_raise(w->interrupt);
            w->until.tv_nsec += 10000000;
            if (w->until.tv_nsec >= 1000000000) {
                w->until.tv_sec++;
                w->until.tv_nsec -= 1000000000;
            }
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

lt_watchdog *lt_watchdog_start(warden_store_t *store, double seconds)
{
    lt_watchdog *w = calloc(1, sizeof *w);
    assert_non_null(w);
    LT_OK(warden_interrupt_new(store, &w->interrupt));
    pthread_condattr_t attr;
    assert_int_equal(pthread_condattr_init(&attr), 0);
    assert_int_equal(pthread_condattr_setclock(&attr, CLOCK_MONOTONIC), 0);
    assert_int_equal(pthread_cond_init(&w->cond, &attr), 0);
    pthread_condattr_destroy(&attr);
    assert_int_equal(pthread_mutex_init(&w->lock, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &w->until);
    long long ns = (long long)(seconds * 1e9) + w->until.tv_nsec;
    w->until.tv_sec += (time_t)(ns / 1000000000);
    w->until.tv_nsec = (long)(ns % 1000000000);
    assert_int_equal(pthread_create(&w->thread, NULL, watchdog_main, w), 0);
    return w;
}

bool lt_watchdog_stop(lt_watchdog *w)
{
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    bool fired = w->fired;
    warden_interrupt_delete(w->interrupt);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    free(w);
    return fired;
}

struct lt_event {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool set;
};

lt_event *lt_event_new(void)
{
    lt_event *e = calloc(1, sizeof *e);
    assert_non_null(e);
    assert_int_equal(pthread_mutex_init(&e->lock, NULL), 0);
    assert_int_equal(pthread_cond_init(&e->cond, NULL), 0);
    return e;
}

void lt_event_set(lt_event *e)
{
    pthread_mutex_lock(&e->lock);
    e->set = true;
    pthread_cond_broadcast(&e->cond);
    pthread_mutex_unlock(&e->lock);
}

void lt_event_wait(lt_event *e)
{
    pthread_mutex_lock(&e->lock);
    while (!e->set) pthread_cond_wait(&e->cond, &e->lock);
    pthread_mutex_unlock(&e->lock);
}

void lt_event_delete(lt_event *e)
{
    if (!e) return;
    pthread_cond_destroy(&e->cond);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static warden_trap_t *host_ready(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    lt_event *const *event = env;
    if (*event) lt_event_set(*event);
    return NULL;
}

void lt_define_ready(lt_env *env, lt_event *const *event)
{
    lt_define_host(env, "host", "ready", 0, 0, host_ready, (void *)event);
}
