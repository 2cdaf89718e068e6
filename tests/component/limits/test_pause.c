/* A component's export as a call that pauses (warden_component_call_*): results, time slices,
 * traps, cancellation, the instance refusing other calls meanwhile, and the scheduler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "warden.h"
#include "warden_component.h"

#ifndef GUEST_DIR
#define GUEST_DIR "."
#endif

#define OK(expr)                                                                                   \
    do {                                                                                           \
        warden_error_t *e_ = (expr);                                                               \
        if (e_) fail_msg("%s: %s", #expr, warden_error_message(e_));                               \
    } while (0)

static warden_trap_t *tick(void *env, warden_component_caller_t *caller,
                           const warden_component_val_t *args, size_t nargs,
                           warden_component_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

typedef struct rig {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_component_t *component;
    warden_component_linker_t *linker;
    warden_component_instance_t *instance;
} rig;

static void rig_open(rig *r)
{
    memset(r, 0, sizeof *r);
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    OK(warden_engine_new_with_config(&config, &r->engine));
    OK(warden_store_new(r->engine, &r->store));
    OK(warden_store_set_fuel(r->store, 1000000));
    char path[4096];
    snprintf(path, sizeof path, "%s/guest.wasm", GUEST_DIR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc((size_t)n);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    OK(warden_component_new(r->engine, bytes, (size_t)n, &r->component));
    free(bytes);
    OK(warden_component_linker_new(r->engine, &r->linker));
    OK(warden_component_linker_define_func(r->linker, "tick", 4, tick, NULL, NULL));
    warden_trap_t *trap = NULL;
    OK(warden_component_linker_instantiate(r->linker, r->store, r->component, &r->instance, &trap));
    assert_null(trap);
}

static void rig_close(rig *r)
{
    warden_store_delete(r->store);
    warden_component_linker_delete(r->linker);
    warden_component_delete(r->component);
    warden_engine_delete(r->engine);
}

static warden_component_func_t *func(rig *r, const char *name)
{
    warden_component_func_t *f = warden_component_instance_func(r->instance, name, strlen(name));
    assert_non_null(f);
    return f;
}

static void test_result_after_resume(void **state)
{
    (void)state;
    rig r;
    rig_open(&r);
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL}, res;
    OK(warden_component_val_set_string(&arg, "hello", 5));
    warden_component_call_t *call = NULL;
    warden_trap_t *trap = NULL;
    OK(warden_component_call_new(r.store, func(&r, "size"), &arg, 1, &call, &trap));
    assert_null(trap);
    warden_component_val_delete(&arg);
    warden_call_t *core = warden_component_call_core(call);
    /* Nothing ran yet: the result cannot be taken. */
    assert_int_equal(warden_call_status(core), WARDEN_CALL_YIELDED);
    warden_error_t *e = warden_component_call_results(call, &res, 1, &trap);
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(e);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_DONE);
    OK(warden_component_call_results(call, &res, 1, &trap));
    assert_null(trap);
    assert_int_equal(res.kind, WARDEN_COMPONENT_U32);
    assert_int_equal(res.of.u32, 5);
    /* Once only. */
    e = warden_component_call_results(call, &res, 1, &trap);
    assert_non_null(e);
    warden_error_delete(e);
    warden_component_call_delete(call);
    /* The instance takes calls again. */
    OK(warden_component_val_set_string(&arg, "abc", 3));
    OK(warden_component_func_call(r.store, func(&r, "size"), &arg, 1, &res, 1, &trap));
    assert_null(trap);
    assert_int_equal(res.of.u32, 3);
    warden_component_val_delete(&arg);
    rig_close(&r);
}

/* Fuel slices pause a component's loop; meanwhile the instance refuses other calls; cancelling
 * the call poisons the instance, as a trap does. */
static void test_slices_and_cancel(void **state)
{
    (void)state;
    rig r;
    rig_open(&r);
    warden_store_set_slice_fuel(r.store, 1000);
    warden_component_call_t *call = NULL;
    warden_trap_t *trap = NULL;
    OK(warden_component_call_new(r.store, func(&r, "spin"), NULL, 0, &call, &trap));
    warden_call_t *core = warden_component_call_core(call);
    for (int i = 0; i < 5; i++) assert_int_equal(warden_call_resume(core), WARDEN_CALL_YIELDED);
    uint64_t used = warden_store_fuel_consumed(r.store);
    assert_true(used >= 5000 && used < 6000);
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL}, res;
    OK(warden_component_val_set_string(&arg, "x", 1));
    OK(warden_component_func_call(r.store, func(&r, "size"), &arg, 1, &res, 1, &trap));
    assert_non_null(trap);
    assert_string_equal(warden_trap_message(trap), "cannot enter component instance");
    warden_trap_delete(trap);
    warden_component_call_delete(call);
    OK(warden_component_func_call(r.store, func(&r, "size"), &arg, 1, &res, 1, &trap));
    assert_non_null(trap);
    assert_string_equal(warden_trap_message(trap),
                        "cannot enter component instance: it trapped before");
    warden_trap_delete(trap);
    warden_component_val_delete(&arg);
    rig_close(&r);
}

static void test_trapped_call(void **state)
{
    (void)state;
    rig r;
    rig_open(&r);
    OK(warden_store_set_fuel(r.store, 5000));
    warden_component_call_t *call = NULL;
    warden_trap_t *trap = NULL;
    OK(warden_component_call_new(r.store, func(&r, "spin"), NULL, 0, &call, &trap));
    warden_call_t *core = warden_component_call_core(call);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_TRAPPED);
    assert_int_equal(warden_trap_kind(warden_call_trap(core)), WARDEN_TRAP_OUT_OF_FUEL);
    warden_error_t *e = warden_component_call_results(call, NULL, 0, &trap);
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(e);
    warden_component_call_delete(call);
    OK(warden_store_set_fuel(r.store, 5000));
    OK(warden_component_call_new(r.store, func(&r, "spin"), NULL, 0, &call, &trap));
    assert_null(call);
    assert_non_null(trap);
    assert_string_equal(warden_trap_message(trap),
                        "cannot enter component instance: it trapped before");
    warden_trap_delete(trap);
    rig_close(&r);
}

static void test_misuse(void **state)
{
    (void)state;
    rig r;
    rig_open(&r);
    warden_component_call_t *call = NULL;
    warden_trap_t *trap = NULL;
    /* A wrong argument count, a value of the wrong kind: nothing is made. */
    warden_error_t *e = warden_component_call_new(r.store, func(&r, "size"), NULL, 0, &call, &trap);
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(e);
    warden_component_val_t u = {.kind = WARDEN_COMPONENT_U32, .of.u32 = 1};
    e = warden_component_call_new(r.store, func(&r, "size"), &u, 1, &call, &trap);
    assert_non_null(e);
    warden_error_delete(e);
    assert_null(call);
    /* Another store's function. */
    warden_store_t *other;
    OK(warden_store_new(r.engine, &other));
    e = warden_component_call_new(other, func(&r, "spin"), NULL, 0, &call, &trap);
    assert_non_null(e);
    warden_error_delete(e);
    warden_store_delete(other);
    warden_component_call_delete(NULL);
    assert_null(warden_component_call_core(NULL));
    rig_close(&r);
}

typedef struct done_env {
    warden_component_call_t *call;
    uint32_t result;
    int done;
} done_env;

static void on_done(void *env, warden_call_t *core)
{
    done_env *d = env;
    assert_ptr_equal(core, warden_component_call_core(d->call));
    warden_component_val_t res;
    warden_trap_t *trap = NULL;
    OK(warden_component_call_results(d->call, &res, 1, &trap));
    assert_null(trap);
    d->result = res.of.u32;
    d->done++;
}

static void test_scheduler(void **state)
{
    (void)state;
    rig r;
    rig_open(&r);
    warden_scheduler_t *sched;
    OK(warden_scheduler_new(r.engine, 0, &sched));
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL};
    OK(warden_component_val_set_string(&arg, "four", 4));
    done_env d = {0};
    warden_trap_t *trap = NULL;
    OK(warden_component_call_new(r.store, func(&r, "size"), &arg, 1, &d.call, &trap));
    warden_component_val_delete(&arg);
    OK(warden_scheduler_spawn(sched, warden_component_call_core(d.call), on_done, &d));
    while (!d.done) warden_scheduler_run(sched, 0);
    assert_int_equal(d.done, 1);
    assert_int_equal(d.result, 4);
    warden_component_call_delete(d.call);
    warden_scheduler_delete(sched);
    rig_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_result_after_resume), cmocka_unit_test(test_slices_and_cancel),
        cmocka_unit_test(test_trapped_call),        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_scheduler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
