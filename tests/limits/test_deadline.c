/* Deadlines: an engine-wide epoch advanced by the ticker or by the host, a deadline per store.
 * A deadline stops an infinite loop (with or without unlimited fuel), a call tree without loops,
 * a start function and a long memory.fill / memory.copy; each store keeps its own deadline.
 * Timing is only bounded from above, generously: a 20 ms deadline must stop the guest within
 * 2 s. A watchdog interrupts a guest that a broken deadline fails to stop, so such a test fails
 * instead of hanging. */
#include "support.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SECONDS 2.0
#define WATCHDOG_SECONDS 20.0
#define MIB (1u << 20)

/* An import that advances the engine's epoch by `ticks` each time the guest calls it. */
typedef struct epoch_advancer {
    warden_engine_t *engine;
    uint64_t ticks;
    int calls;
} epoch_advancer;

/* The host side of deadline.wat's imports: "tick" and "expire" advance the epoch. */
typedef struct host_state {
    lt_event *ready;
    epoch_advancer tick, expire;
} host_state;

static warden_trap_t *host_advance(void *env, warden_caller_t *caller, const warden_val_t *args,
                                   size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    epoch_advancer *a = env;
    a->calls++;
    for (uint64_t i = 0; i < a->ticks; i++) warden_engine_increment_epoch(a->engine);
    return NULL;
}

typedef struct deadline_fixture {
    lt_env *env;
    host_state host;
    warden_instance_t *inst;
} deadline_fixture;

static void define_imports(lt_env *env, host_state *h)
{
    h->tick.engine = h->expire.engine = env->engine;
    lt_define_ready(env, &h->ready);
    lt_define_host(env, "host", "tick", 0, 0, host_advance, &h->tick);
    lt_define_host(env, "host", "expire", 0, 0, host_advance, &h->expire);
}

/* An engine with the given tick (0: the default), and deadline.wat instantiated. */
static deadline_fixture *fixture_new(const warden_config_t *config)
{
    deadline_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = lt_env_new(config);
    define_imports(fx->env, &fx->host);
    fx->inst = lt_instantiate(fx->env, "deadline");
    return fx;
}

static void fixture_delete(deadline_fixture *fx)
{
    lt_env_delete(fx->env);
    lt_event_delete(fx->host.ready);
    free(fx);
}

/* A configuration whose ticker is slow enough (10 ms) that the host's own increments decide
 * when a deadline of thousands of ticks passes. */
static warden_config_t host_driven_config(void)
{
    warden_config_t c;
    warden_config_default(&c);
    c.epoch_tick_ns = 10u * 1000u * 1000u;
    return c;
}

/* Calls func (no arguments, no results) and asserts a deadline trap within MAX_SECONDS. */
static void expect_deadline(warden_store_t *store, warden_func_t *func)
{
    lt_watchdog *w = lt_watchdog_start(store, WATCHDOG_SECONDS);
    double t0 = lt_now();
    warden_trap_t *trap = lt_call(store, func, NULL, 0, 0);
    double elapsed = lt_now() - t0;
    bool fired = lt_watchdog_stop(w);
    if (elapsed >= MAX_SECONDS) print_error("stopped after %.3f s\n", elapsed);
    assert_false(fired);
    LT_TRAP(trap, WARDEN_TRAP_DEADLINE);
    assert_true(elapsed < MAX_SECONDS);
}

/* ---------------------------------------------------------------------------------------------
 * The ticker
 * ------------------------------------------------------------------------------------------- */

/* The default tick is 1 ms; the ticker starts only once a deadline is used. */
static void test_ticker_starts_with_a_deadline(void **state)
{
    (void)state;
    warden_config_t c;
    warden_config_default(&c);
    assert_int_equal(c.epoch_tick_ns, 1000000);

    deadline_fixture *fx = fixture_new(NULL);
    struct timespec pause = {0, 30 * 1000 * 1000};
    nanosleep(&pause, NULL);
    assert_int_equal(warden_engine_epoch(fx->env->engine), 0);

    warden_store_set_deadline(fx->env->store, 1000000);
    double t0 = lt_now();
    while (warden_engine_epoch(fx->env->engine) < 10 && lt_now() - t0 < MAX_SECONDS) {
        struct timespec nap = {0, 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    assert_true(warden_engine_epoch(fx->env->engine) >= 10);
    fixture_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * What a deadline stops
 * ------------------------------------------------------------------------------------------- */

/* An infinite loop, in an engine without metering. */
static void test_infinite_loop(void **state)
{
    (void)state;
    deadline_fixture *fx = fixture_new(NULL);
    uint64_t before = warden_engine_epoch(fx->env->engine);
    warden_store_set_deadline(fx->env->store, 20);
    expect_deadline(fx->env->store, lt_func(fx->inst, "spin"));
    assert_true(warden_engine_epoch(fx->env->engine) >= before + 20);
    fixture_delete(fx);
}

/* An infinite loop with all the fuel there is. */
static void test_infinite_loop_unlimited_fuel(void **state)
{
    (void)state;
    warden_config_t c = lt_fuel_config();
    deadline_fixture *fx = fixture_new(&c);
    LT_OK(warden_store_set_fuel(fx->env->store, UINT64_MAX));
    warden_store_set_deadline(fx->env->store, 20);
    expect_deadline(fx->env->store, lt_func(fx->inst, "spin"));
    uint64_t left = 0;
    assert_true(warden_store_get_fuel(fx->env->store, &left));
    assert_true(left > 0);
    fixture_delete(fx);
}

/* 10^10 calls and not one loop: function entries are check sites too. */
static void test_call_tree_bomb(void **state)
{
    (void)state;
    lt_env *env = lt_env_new(NULL);
    warden_instance_t *inst = lt_instantiate(env, "calltree");
    warden_store_set_deadline(env->store, 20);
    expect_deadline(env->store, lt_func(inst, "f0"));
    lt_env_delete(env);
}

/* A start function that never returns: instantiation traps deadline and makes no instance. */
static void test_start_function(void **state)
{
    (void)state;
    lt_env *env = lt_env_new(NULL);
    warden_store_set_deadline(env->store, 20);
    lt_watchdog *w = lt_watchdog_start(env->store, WATCHDOG_SECONDS);
    double t0 = lt_now();
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    LT_OK(lt_try_instantiate(env, "start_spin", &inst, &trap));
    double elapsed = lt_now() - t0;
    assert_false(lt_watchdog_stop(w));
    assert_null(inst);
    LT_TRAP(trap, WARDEN_TRAP_DEADLINE);
    assert_true(elapsed < MAX_SECONDS);
    lt_env_delete(env);
}

/* A single memory.fill of 4 GiB: the ticker's deadline stops it inside the instruction (if it
 * were only checked after the fill, the call would return normally). */
static void test_huge_fill(void **state)
{
    (void)state;
    lt_env *env = lt_env_new(NULL);
    warden_instance_t *inst = lt_instantiate(env, "big_fill");
    warden_store_set_deadline(env->store, 20);
    expect_deadline(env->store, lt_func(inst, "fill_all"));
    lt_env_delete(env);
}

/* Returns true when every byte of [p, p + n) equals v. */
static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v) return false;
    return true;
}

/* The deadline passes in a host call right before a 64 MiB memory.fill; no check site lies
 * between the call and the fill, so the fill itself must notice it and stop before it is done. */
static void test_fill_stopped_inside(void **state)
{
    (void)state;
    warden_config_t c = host_driven_config();
    deadline_fixture *fx = fixture_new(&c);
    fx->host.expire.ticks = 1010;
    warden_store_set_deadline(fx->env->store, 1000);
    const uint32_t n = 64 * MIB;
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "expire_fill"), NULL, 0, 1, (int32_t)n),
            WARDEN_TRAP_DEADLINE);
    assert_int_equal(fx->host.expire.calls, 1);
    const uint8_t *mem = warden_memory_data(lt_memory(fx->inst, "memory"));
    assert_false(all_bytes(mem, n, 0xCD));
    fixture_delete(fx);
}

/* The same for a 32 MiB memory.copy, to a higher address and to a lower one. */
static void test_copy_stopped_inside(void **state)
{
    (void)state;
    warden_config_t c = host_driven_config();
    const uint32_t n = 32 * MIB;
    for (int up = 0; up < 2; up++) {
        deadline_fixture *fx = fixture_new(&c);
        fx->host.expire.ticks = 1010;
        uint8_t *mem = warden_memory_data(lt_memory(fx->inst, "memory"));
        uint32_t src = up ? 0 : n, dst = up ? n : 0;
        memset(mem + src, 0xEE, n);
        warden_store_set_deadline(fx->env->store, 1000);
        LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "expire_copy"), NULL, 0, 3, (int32_t)dst,
                        (int32_t)src, (int32_t)n),
                WARDEN_TRAP_DEADLINE);
        assert_int_equal(fx->host.expire.calls, 1);
        assert_false(all_bytes(mem + dst, n, 0xEE));
        fixture_delete(fx);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Host-driven epochs
 * ------------------------------------------------------------------------------------------- */

/* The guest calls "tick", which advances the epoch by 1000; a deadline 10000 ticks away stops
 * the loop at the check right after the 10th call. */
static void test_host_driven(void **state)
{
    (void)state;
    warden_config_t c = host_driven_config();
    deadline_fixture *fx = fixture_new(&c);
    fx->host.tick.ticks = 1000;
    warden_store_set_deadline(fx->env->store, 10000);
    expect_deadline(fx->env->store, lt_func(fx->inst, "tick_loop"));
    assert_int_equal(fx->host.tick.calls, 10);
    fixture_delete(fx);
}

typedef struct epoch_pusher {
    warden_engine_t *engine;
    lt_event *ready;
    int ticks;
} epoch_pusher;

static void *push_epoch(void *arg)
{
    epoch_pusher *p = arg;
    lt_event_wait(p->ready);
    for (int i = 0; i < p->ticks; i++) warden_engine_increment_epoch(p->engine);
    return NULL;
}

/* Another thread advances the epoch past the deadline while the guest spins. */
static void test_host_driven_from_thread(void **state)
{
    (void)state;
    warden_config_t c = host_driven_config();
    deadline_fixture *fx = fixture_new(&c);
    fx->host.ready = lt_event_new();
    warden_store_set_deadline(fx->env->store, 1000);
    epoch_pusher p = {fx->env->engine, fx->host.ready, 1010};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, push_epoch, &p), 0);
    expect_deadline(fx->env->store, lt_func(fx->inst, "ready_spin"));
    pthread_join(thread, NULL);
    fixture_delete(fx);
}

/* A deadline that passed while no call ran stops the next call at its entry, and the trap names
 * the function it stopped; clearing the deadline lets calls run again. */
static void test_deadline_passed_between_calls(void **state)
{
    (void)state;
    warden_config_t c = host_driven_config();
    deadline_fixture *fx = fixture_new(&c);
    warden_func_t *finite = lt_func(fx->inst, "finite");
    warden_store_set_deadline(fx->env->store, 1000);
    assert_int_equal(lt_call_i32(fx->env->store, finite, 1, 100), 5050);
    for (int i = 0; i < 1010; i++) warden_engine_increment_epoch(fx->env->engine);
    warden_trap_t *trap = lt_call(fx->env->store, finite, NULL, 1, 1, 100);
    assert_non_null(trap);
    assert_int_equal(warden_trap_frame_count(trap), 1);
    const char *name = NULL;
    assert_true(warden_trap_frame(trap, 0, NULL, &name));
    assert_string_equal(name, "finite");
    LT_TRAP(trap, WARDEN_TRAP_DEADLINE);
    warden_store_set_deadline(fx->env->store, 0);
    assert_int_equal(lt_call_i32(fx->env->store, finite, 1, 100), 5050);
    fixture_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * One deadline per store
 * ------------------------------------------------------------------------------------------- */

static void test_per_store(void **state)
{
    (void)state;
    lt_env *env = lt_env_new(NULL);
    host_state h = {0};
    define_imports(env, &h);
    warden_instance_t *a = lt_instantiate(env, "deadline");

    warden_store_t *far_store = NULL, *none_store = NULL;
    LT_OK(warden_store_new(env->engine, &far_store));
    LT_OK(warden_store_new(env->engine, &none_store));
    warden_linker_t *linker = NULL;
    LT_OK(warden_linker_new(env->engine, &linker));
    host_state hb = {0};
    warden_store_t *stores[2] = {far_store, none_store};
    warden_instance_t *insts[2];
    for (int i = 0; i < 2; i++) {
        lt_env other = {env->engine, stores[i], linker};
        define_imports(&other, &hb);
        insts[i] = lt_instantiate(&other, "deadline");
    }

    warden_store_set_deadline(far_store, 1000000);
    warden_store_set_deadline(env->store, 20);
    expect_deadline(env->store, lt_func(a, "spin"));

    /* The epoch is past the first store's deadline: the others run on. */
    assert_int_equal(lt_call_i32(far_store, lt_func(insts[0], "finite"), 1, 100000), 705082704);
    assert_int_equal(lt_call_i32(none_store, lt_func(insts[1], "finite"), 1, 100000), 705082704);

    /* The store that hit its deadline runs again once the deadline is cleared or moved. */
    LT_TRAP(lt_call(env->store, lt_func(a, "finite"), NULL, 1, 1, 10), WARDEN_TRAP_DEADLINE);
    warden_store_set_deadline(env->store, 0);
    assert_int_equal(lt_call_i32(env->store, lt_func(a, "finite"), 1, 10), 55);
    warden_store_set_deadline(env->store, 1000000);
    assert_int_equal(lt_call_i32(env->store, lt_func(a, "finite"), 1, 10), 55);

    warden_linker_delete(linker);
    warden_store_delete(far_store);
    warden_store_delete(none_store);
    lt_env_delete(env);
}

int main(int argc, char **argv)
{
    lt_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticker_starts_with_a_deadline),
        cmocka_unit_test(test_infinite_loop),
        cmocka_unit_test(test_infinite_loop_unlimited_fuel),
        cmocka_unit_test(test_call_tree_bomb),
        cmocka_unit_test(test_start_function),
        cmocka_unit_test(test_huge_fill),
        cmocka_unit_test(test_fill_stopped_inside),
        cmocka_unit_test(test_copy_stopped_inside),
        cmocka_unit_test(test_host_driven),
        cmocka_unit_test(test_host_driven_from_thread),
        cmocka_unit_test(test_deadline_passed_between_calls),
        cmocka_unit_test(test_per_store),
    };
    return cmocka_run_group_tests_name("limits/deadline", tests, NULL, NULL);
}
