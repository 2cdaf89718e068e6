/* Limits hold for components as for modules: fuel, deadlines and interrupts stop a component's
 * loop with their trap kinds; a guest realloc denied memory by the store's cap ends the call
 * cleanly within the cap; a component's core instances and memories count against the store's
 * limits; a trapped instance refuses further calls. */
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

static warden_component_t *load(warden_engine_t *engine, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", GUEST_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc((size_t)n);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    warden_component_t *c = NULL;
    OK(warden_component_new(engine, bytes, (size_t)n, &c));
    free(bytes);
    return c;
}

/* What the `tick` import does: nothing, advance the epoch, or raise an interrupt. */
typedef struct tick_env {
    warden_engine_t *engine;
    warden_interrupt_t *interrupt;
    unsigned calls;
} tick_env;

static warden_trap_t *tick(void *env, warden_component_caller_t *caller,
                           const warden_component_val_t *args, size_t nargs,
                           warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    tick_env *t = env;
    t->calls++;
    if (t->calls == 10) {
        if (t->interrupt) warden_interrupt_raise(t->interrupt);
        if (t->engine) warden_engine_increment_epoch(t->engine);
    }
    return NULL;
}

typedef struct rig {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_component_t *component;
    warden_component_linker_t *linker;
    warden_component_instance_t *instance;
    tick_env tick;
} rig;

static void rig_open(rig *r, bool fuel, const warden_store_limits_t *limits)
{
    memset(r, 0, sizeof *r);
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = fuel;
    OK(warden_engine_new_with_config(&config, &r->engine));
    OK(warden_store_new(r->engine, &r->store));
    if (limits) OK(warden_store_set_limits(r->store, limits));
    r->component = load(r->engine, "guest.wasm");
    OK(warden_component_linker_new(r->engine, &r->linker));
    OK(warden_component_linker_define_func(r->linker, "tick", 4, tick, &r->tick, NULL));
    warden_trap_t *trap = NULL;
    OK(warden_component_linker_instantiate(r->linker, r->store, r->component, &r->instance, &trap));
    assert_null(trap);
}

static void rig_close(rig *r)
{
    warden_interrupt_delete(r->tick.interrupt);
    warden_store_delete(r->store);
    warden_component_linker_delete(r->linker);
    warden_component_delete(r->component);
    warden_engine_delete(r->engine);
}

/* Frame i of trap is function `index` named `name` (NULL: no name). */
static void expect_frame(const warden_trap_t *trap, size_t i, uint32_t index, const char *name)
{
    uint32_t got = 0;
    const char *got_name = "?";
    if (!warden_trap_frame(trap, i, &got, &got_name)) fail_msg("no frame %zu", i);
    assert_int_equal(got, index);
    if (!name) {
        assert_null(got_name);
    } else {
        assert_non_null(got_name);
        assert_string_equal(got_name, name);
    }
}

/* Calls `name` with no arguments and returns its trap (the caller deletes it). */
static warden_trap_t *call_trap(rig *r, const char *name)
{
    warden_component_func_t *f = warden_component_instance_func(r->instance, name, strlen(name));
    assert_non_null(f);
    warden_trap_t *trap = NULL;
    OK(warden_component_func_call(r->store, f, NULL, 0, NULL, 0, &trap));
    assert_non_null(trap);
    return trap;
}

static void test_fuel_stops_a_loop(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, true, NULL);
    OK(warden_store_set_fuel(r.store, 10000));
    warden_trap_t *trap = call_trap(&r, "spin");
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_OUT_OF_FUEL);
    /* The core loop, inside the component function. */
    expect_frame(trap, 0, 2, NULL);
    expect_frame(trap, 1, WARDEN_TRAP_FRAME_COMPONENT, "spin");
    assert_int_equal(warden_trap_frame_count(trap), 2);
    warden_trap_delete(trap);
    uint64_t left = 1;
    assert_true(warden_store_get_fuel(r.store, &left));
    assert_int_equal(left, 0);
    /* The instance trapped: it refuses every further call, fuel or not. */
    OK(warden_store_set_fuel(r.store, 10000));
    trap = call_trap(&r, "spin");
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_HOST);
    assert_string_equal(warden_trap_message(trap),
                        "cannot enter component instance: it trapped before");
    warden_trap_delete(trap);
    rig_close(&r);
}

/* A trap two components deep names both component functions, each outside its core frames:
 * the inner one by the name the root exports it under. A trap before the core code runs (the
 * instance is poisoned) has the component's frame alone. */
static void test_backtrace_names_component_functions(void **state)
{
    (void)state;
    warden_engine_t *engine = NULL;
    warden_store_t *store = NULL;
    OK(warden_engine_new(&engine));
    OK(warden_store_new(engine, &store));
    warden_component_t *c = load(engine, "nested.wasm");
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    OK(warden_component_linker_instantiate(NULL, store, c, &inst, &trap));
    assert_null(trap);
    warden_component_func_t *run = warden_component_instance_func(inst, "run", 3);
    assert_non_null(run);
    OK(warden_component_func_call(store, run, NULL, 0, NULL, 0, &trap));
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(warden_trap_frame_count(trap), 5);
    assert_int_equal(warden_trap_frames_omitted(trap), 0);
    expect_frame(trap, 0, 0, "deep");
    expect_frame(trap, 1, 1, "boom");
    expect_frame(trap, 2, WARDEN_TRAP_FRAME_COMPONENT, "ns:pkg/iface@1.0.0#boom");
    expect_frame(trap, 3, 1, "run");
    expect_frame(trap, 4, WARDEN_TRAP_FRAME_COMPONENT, "run");
    warden_trap_delete(trap);
    trap = NULL;
    OK(warden_component_func_call(store, run, NULL, 0, NULL, 0, &trap));
    assert_non_null(trap);
    assert_string_equal(warden_trap_message(trap),
                        "cannot enter component instance: it trapped before");
    assert_int_equal(warden_trap_frame_count(trap), 1);
    expect_frame(trap, 0, WARDEN_TRAP_FRAME_COMPONENT, "run");
    warden_trap_delete(trap);
    warden_store_delete(store);
    warden_component_delete(c);
    warden_engine_delete(engine);
}

static void test_deadline_stops_a_loop(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, false, NULL);
    r.tick.engine = r.engine; /* the 10th tick moves the epoch past the deadline */
    warden_store_set_deadline(r.store, 1);
    warden_trap_t *trap = call_trap(&r, "spin-ticking");
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_DEADLINE);
    assert_int_equal(r.tick.calls, 10);
    warden_trap_delete(trap);
    rig_close(&r);
}

static void test_interrupt_stops_a_loop(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, false, NULL);
    OK(warden_interrupt_new(r.store, &r.tick.interrupt));
    warden_trap_t *trap = call_trap(&r, "spin-ticking");
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_INTERRUPTED);
    assert_int_equal(r.tick.calls, 10);
    warden_trap_delete(trap);
    rig_close(&r);
}

/* A string the guest must take: realloc grows memory, the store's cap denies the growth, and
 * the guest's realloc traps; memory never passes the cap. */
static void test_memory_cap_denies_a_large_string(void **state)
{
    (void)state;
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_memory_bytes = 4 << 16; /* 4 pages */
    rig r;
    rig_open(&r, false, &limits);
    warden_component_func_t *size = warden_component_instance_func(r.instance, "size", 4);
    assert_non_null(size);
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL}, res;
    /* A small one passes. */
    OK(warden_component_val_set_string(&arg, "hello", 5));
    warden_trap_t *trap = NULL;
    OK(warden_component_func_call(r.store, size, &arg, 1, &res, 1, &trap));
    assert_null(trap);
    assert_int_equal(res.kind, WARDEN_COMPONENT_U32);
    assert_int_equal(res.of.u32, 5);
    /* 1 MiB does not fit in 4 pages. */
    size_t n = 1 << 20;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'x', n);
    OK(warden_component_val_set_string(&arg, big, n));
    free(big);
    OK(warden_component_func_call(r.store, size, &arg, 1, &res, 1, &trap));
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_UNREACHABLE);
    warden_trap_delete(trap);
    warden_store_usage_t u;
    warden_store_usage(r.store, &u);
    assert_true(u.memory_peak_bytes <= limits.max_memory_bytes);
    assert_true(u.memory_grow_denied >= 1);
    warden_component_val_delete(&arg);
    rig_close(&r);
}

/* Under trap_on_grow_failure the denied growth is itself the trap. */
static void test_memory_cap_traps_on_growth(void **state)
{
    (void)state;
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_memory_bytes = 4 << 16;
    limits.trap_on_grow_failure = true;
    rig r;
    rig_open(&r, false, &limits);
    warden_component_func_t *size = warden_component_instance_func(r.instance, "size", 4);
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BOOL}, res;
    size_t n = 1 << 20;
    char *big = calloc(n, 1);
    assert_non_null(big);
    OK(warden_component_val_set_string(&arg, big, n));
    free(big);
    warden_trap_t *trap = NULL;
    OK(warden_component_func_call(r.store, size, &arg, 1, &res, 1, &trap));
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_RESOURCE_LIMIT);
    warden_trap_delete(trap);
    warden_component_val_delete(&arg);
    rig_close(&r);
}

/* The store's instance and memory limits count a component's core instances and memories. */
static void test_core_instances_count(void **state)
{
    (void)state;
    warden_engine_t *engine;
    OK(warden_engine_new(&engine));
    warden_component_t *c = load(engine, "two.wasm");
    for (int limit = 0; limit < 3; limit++) {
        warden_store_t *store;
        OK(warden_store_new(engine, &store));
        warden_store_limits_t limits;
        warden_store_limits_default(&limits);
        if (limit == 0) limits.max_instances = 1;          /* two core instances */
        if (limit == 1) limits.max_memory_bytes = 3 << 16; /* two memories of 2 pages */
        OK(warden_store_set_limits(store, &limits));
        warden_component_instance_t *inst = NULL;
        warden_trap_t *trap = NULL;
        warden_error_t *e = warden_component_linker_instantiate(NULL, store, c, &inst, &trap);
        assert_null(trap);
        if (limit < 2) {
            assert_non_null(e);
            assert_int_equal(warden_error_kind(e), WARDEN_ERROR_LIMIT);
            assert_null(inst);
            warden_error_delete(e);
        } else {
            assert_null(e);
            warden_component_func_t *f = warden_component_instance_func(inst, "f", 1);
            warden_component_val_t res;
            OK(warden_component_func_call(store, f, NULL, 0, &res, 1, &trap));
            assert_null(trap);
            assert_int_equal(res.of.u32, 7);
            warden_store_usage_t u;
            warden_store_usage(store, &u);
            assert_int_equal(u.instances, 2);
            assert_int_equal(u.memory_bytes, 4 << 16);
        }
        warden_store_delete(store);
    }
    warden_component_delete(c);
    warden_engine_delete(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuel_stops_a_loop),
        cmocka_unit_test(test_backtrace_names_component_functions),
        cmocka_unit_test(test_deadline_stops_a_loop),
        cmocka_unit_test(test_interrupt_stops_a_loop),
        cmocka_unit_test(test_memory_cap_denies_a_large_string),
        cmocka_unit_test(test_memory_cap_traps_on_growth),
        cmocka_unit_test(test_core_instances_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
