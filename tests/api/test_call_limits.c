/* Limits of calls that pause: the same fuel whether a run pauses or not, time slices of fuel
 * (their length, out-of-fuel inside a slice, fuel added while YIELDED), time slices of epoch
 * ticks (driven by the guest's own "tick" import, and by the engine's ticker), deadlines that
 * count time spent paused (PENDING and YIELDED), and slices that do not end inside a nested call.
 * The guest is pause_guest.wat (see pause_common.h). */
#include "pause_common.h"

/* A slice ends at the first check site after its fuel is spent: spin_inner's loop body and
 * function entries cost far less than this. */
#define SLICE_SLACK 64

static uint64_t fuel_left(warden_store_t *store)
{
    uint64_t left = 0;
    assert_true(warden_store_get_fuel(store, &left));
    return left;
}

/* ---------------------------------------------------------------------------------------------
 * Fuel: the same with or without pauses
 * ------------------------------------------------------------------------------------------- */

typedef struct fuel_case {
    const char *func;
    int32_t arg;
    int gets; /* calls of "get" */
} fuel_case;

static void test_fuel_same_sync_async(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *sync = pz_new_with(&c, false, NULL);
    pz_fixture *async = pz_new_with(&c, true, NULL);
    static const fuel_case cases[] = {
        {"loop_get", 200, 200}, {"mixed", 100, 101}, {"fib", 15, 0},
        {"nested_get", 9, 1},   {"spin", 3000, 0},
    };
    static const uint64_t slices[] = {0, 1, 7, 50, 1000};
    const uint64_t fuel = 1000000000;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const fuel_case *fc = &cases[i];
        API_OK(warden_store_set_fuel(sync->store, fuel));
        int32_t expect = api_call_i32(sync->store, pz_func(sync, fc->func), 1, fc->arg);
        uint64_t cost = warden_store_fuel_consumed(sync->store);
        assert_true(cost > 0);
        assert_int_equal(fuel_left(sync->store), fuel - cost);

        /* The async function finished in its callback, through warden_func_call. */
        async->host.mode = PZ_INLINE;
        API_OK(warden_store_set_fuel(async->store, fuel));
        assert_int_equal(api_call_i32(async->store, pz_func(async, fc->func), 1, fc->arg), expect);
        assert_int_equal(warden_store_fuel_consumed(async->store), cost);

        /* Pausing at every call of get, and yielding every few units of fuel. */
        async->host.mode = PZ_STASH;
        for (size_t j = 0; j < sizeof slices / sizeof *slices; j++) {
            API_OK(warden_store_set_fuel(async->store, fuel));
            warden_store_set_slice_fuel(async->store, slices[j]);
            warden_call_t *call = pz_call1(async, fc->func, fc->arg);
            pz_counts n = {0, 0, 0};
            assert_int_equal(pz_drive(call, &async->host, &n), WARDEN_CALL_DONE);
            assert_int_equal(PZ_RESULT_I32(call), expect);
            warden_call_delete(call);
            if (warden_store_fuel_consumed(async->store) != cost)
                print_error("%s(%d), slice %llu: consumed %llu, warden_func_call %llu\n", fc->func,
                            fc->arg, (unsigned long long)slices[j],
                            (unsigned long long)warden_store_fuel_consumed(async->store),
                            (unsigned long long)cost);
            assert_int_equal(warden_store_fuel_consumed(async->store), cost);
            assert_int_equal(fuel_left(async->store), fuel - cost);
            assert_int_equal(n.pendings, fc->gets);
            if (slices[j] == 0) assert_int_equal(n.yields, 0);
            /* Every slice but the last used at least its fuel. */
            if (slices[j]) assert_true((uint64_t)n.yields <= cost / slices[j]);
            /* Without pauses, slices of one unit end at every check site. (With a pause in every
             * iteration, loop_get may never yield: the fuel of an iteration is spent before its
             * pause, so a slice starting at the resume reaches the back-edge having used none.) */
            if (slices[j] == 1 && fc->gets == 0) assert_true(n.yields > 100);
        }
        warden_store_set_slice_fuel(async->store, 0);
    }

    /* A run that traps: the same fuel and the same trap. */
    API_OK(warden_store_set_fuel(sync->store, fuel));
    warden_trap_t *t1 = API_CALL_TRAP(sync->store, pz_func(sync, "trap_after"),
                                      ((warden_val_t[]){api_i32(30), api_i32(1)}), 2, 1);
    API_OK(warden_store_set_fuel(async->store, fuel));
    warden_store_set_slice_fuel(async->store, 5);
    warden_call_t *call = pz_call_i32(async, "trap_after", 2, (const int32_t[]){30, 1});
    assert_int_equal(pz_drive(call, &async->host, NULL), WARDEN_CALL_TRAPPED);
    PZ_SAME_TRAP(t1, warden_call_trap(call));
    assert_int_equal(warden_store_fuel_consumed(async->store),
                     warden_store_fuel_consumed(sync->store));
    warden_call_delete(call);
    warden_trap_delete(t1);

    pz_delete(async);
    pz_delete(sync);
}

/* ---------------------------------------------------------------------------------------------
 * Slices of fuel
 * ------------------------------------------------------------------------------------------- */

static void test_slice_fuel(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *fx = pz_new_with(&c, true, NULL);
    const uint64_t fuel = 1000000000;
    const int32_t iterations = 100000;
    API_OK(warden_store_set_fuel(fx->store, fuel));
    int32_t expect = api_call_i32(fx->store, pz_func(fx, "spin"), 1, iterations);
    assert_int_equal(expect, pz_expect_spin(iterations));
    const uint64_t cost = warden_store_fuel_consumed(fx->store);

    /* warden_func_call runs through slices. */
    warden_store_set_slice_fuel(fx->store, 1000);
    API_OK(warden_store_set_fuel(fx->store, fuel));
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "spin"), 1, iterations), expect);
    assert_int_equal(warden_store_fuel_consumed(fx->store), cost);

    /* A call yields after every 1000 units, within a loop iteration; pausing costs nothing. */
    API_OK(warden_store_set_fuel(fx->store, fuel));
    warden_call_t *call = pz_call1(fx, "spin", iterations);
    uint64_t yields = 0;
    warden_call_status_t st;
    for (;;) {
        uint64_t before = warden_store_fuel_consumed(fx->store);
        st = warden_call_resume(call);
        uint64_t used = warden_store_fuel_consumed(fx->store) - before;
        if (st != WARDEN_CALL_YIELDED) {
            assert_true(used < 1000 + SLICE_SLACK);
            break;
        }
        yields++;
        if (used < 1000 || used >= 1000 + SLICE_SLACK) {
            print_error("slice %llu used %llu fuel\n", (unsigned long long)yields,
                        (unsigned long long)used);
            fail();
        }
    }
    assert_int_equal(st, WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), expect);
    assert_int_equal(warden_store_fuel_consumed(fx->store), cost);
    assert_true(yields <= cost / 1000);
    assert_true(yields >= cost / (1000 + SLICE_SLACK) - 1);
    warden_call_delete(call);

    /* Recursion without a loop yields at function entries. */
    warden_store_set_slice_fuel(fx->store, 100);
    API_OK(warden_store_set_fuel(fx->store, fuel));
    call = pz_call1(fx, "fib", 20);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_fib(20));
    uint64_t fib_cost = warden_store_fuel_consumed(fx->store);
    assert_true((uint64_t)n.yields <= fib_cost / 100);
    assert_true((uint64_t)n.yields >= fib_cost / (100 + SLICE_SLACK) - 1);
    warden_call_delete(call);

    /* Turned off: no yield. */
    warden_store_set_slice_fuel(fx->store, 0);
    call = pz_call1(fx, "spin", iterations);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), expect);
    warden_call_delete(call);
    pz_delete(fx);
}

/* The host grows the memory while the call is paused at a slice's end: the guest sees the new
 * size and reads the new page when it goes on, in compiled code as in the interpreter. */
static void test_memory_grown_while_yielded(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *fx = pz_new_with(&c, true, NULL);
    API_OK(warden_store_set_fuel(fx->store, 1000000000));
    warden_store_set_slice_fuel(fx->store, 100);
    warden_call_t *call = pz_call1(fx, "wait_grown", 1000000);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    warden_memory_t *mem = api_memory(fx->inst, "memory");
    assert_int_equal(warden_memory_grow(mem, 1), 1);
    uint8_t *page = warden_memory_data(mem) + 65536;
    page[0] = 42, page[1] = 1, page[4] = 5;
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), 42 + 256 + 5);
    /* It stopped spinning at the first check after the resume. */
    assert_int_equal(n.yields, 0);
    warden_call_delete(call);
    pz_delete(fx);
}

/* Fuel that ends inside a slice traps OUT_OF_FUEL there, as warden_func_call would. */
static void test_out_of_fuel_inside_slice(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *sync = pz_new_with(&c, false, NULL);
    pz_fixture *async = pz_new_with(&c, true, NULL);
    static const uint32_t idx[] = {PZ_F_FOREVER};
    static const char *const names[] = {"forever"};

    API_OK(warden_store_set_fuel(sync->store, 4500));
    warden_trap_t *t1 = API_CALL_TRAP(sync->store, pz_func(sync, "forever"), NULL, 0, 0);
    API_TRAP(t1, WARDEN_TRAP_OUT_OF_FUEL, "all fuel consumed", 1, idx, names);

    API_OK(warden_store_set_fuel(async->store, 4500));
    warden_store_set_slice_fuel(async->store, 1000);
    warden_call_t *call = NULL;
    API_OK(warden_call_new(async->store, pz_func(async, "forever"), NULL, 0, &call));
    int yields = 0;
    warden_call_status_t st;
    while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED) {
        yields++;
        assert_true(yields <= 5);
    }
    /* Four slices of 1000 to 1000 + SLICE_SLACK units; the fifth runs out. */
    assert_int_equal(yields, 4);
    assert_int_equal(st, WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_OUT_OF_FUEL, "all fuel consumed", 1, idx, names);
    PZ_SAME_TRAP(t1, warden_call_trap(call));
    assert_int_equal(warden_store_fuel_consumed(async->store),
                     warden_store_fuel_consumed(sync->store));
    assert_int_equal(fuel_left(async->store), fuel_left(sync->store));
    warden_call_delete(call);
    warden_trap_delete(t1);

    /* Out of fuel in the middle of pauses. */
    API_OK(warden_store_set_fuel(sync->store, 3000));
    t1 = API_CALL_TRAP(sync->store, pz_func(sync, "loop_get"), (warden_val_t[]){api_i32(100000)}, 1,
                       1);
    int gets = pz_count(&sync->host, &sync->host.sync_calls);
    assert_true(gets > 10);
    API_OK(warden_store_set_fuel(async->store, 3000));
    warden_store_set_slice_fuel(async->store, 100);
    async->host.mode = PZ_STASH;
    call = pz_call1(async, "loop_get", 100000);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &async->host, &n), WARDEN_CALL_TRAPPED);
    PZ_SAME_TRAP(t1, warden_call_trap(call));
    assert_int_equal(warden_trap_kind(t1), WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(n.pendings, gets);
    assert_int_equal(warden_store_fuel_consumed(async->store),
                     warden_store_fuel_consumed(sync->store));
    warden_call_delete(call);
    warden_trap_delete(t1);
    pz_delete(async);
    pz_delete(sync);
}

/* Fuel added while a call is YIELDED is there when it resumes. */
static void test_add_fuel_while_yielded(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *fx = pz_new_with(&c, true, NULL);
    const int32_t iterations = 20000;
    API_OK(warden_store_set_fuel(fx->store, 1000000000));
    int32_t expect = api_call_i32(fx->store, pz_func(fx, "spin"), 1, iterations);
    const uint64_t cost = warden_store_fuel_consumed(fx->store);
    assert_true(cost > 20000);

    /* Without more fuel the call runs out in its second slice. */
    API_OK(warden_store_set_fuel(fx->store, 1200));
    warden_store_set_slice_fuel(fx->store, 1000);
    warden_call_t *call = pz_call1(fx, "spin", iterations);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    assert_int_equal(warden_trap_kind(warden_call_trap(call)), WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(fuel_left(fx->store), 0);
    warden_call_delete(call);

    /* With 2000 more at every yield it finishes. */
    API_OK(warden_store_set_fuel(fx->store, 1200));
    call = pz_call1(fx, "spin", iterations);
    uint64_t yields = 0;
    warden_call_status_t st;
    while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED) {
        API_OK(warden_store_add_fuel(fx->store, 2000));
        yields++;
    }
    assert_int_equal(st, WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), expect);
    assert_int_equal(warden_store_fuel_consumed(fx->store), cost);
    assert_int_equal(fuel_left(fx->store), 1200 + 2000 * yields - cost);
    warden_call_delete(call);

    /* Set (not added) while YIELDED: the call goes on with the new amount. */
    API_OK(warden_store_set_fuel(fx->store, 1500));
    call = pz_call1(fx, "spin", iterations);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    warden_store_set_slice_fuel(fx->store, 0);
    API_OK(warden_store_set_fuel(fx->store, 1000000));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), expect);
    assert_true(warden_store_fuel_consumed(fx->store) < cost);
    assert_int_equal(fuel_left(fx->store), 1000000 - warden_store_fuel_consumed(fx->store));
    warden_call_delete(call);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Slices of epoch ticks
 * ------------------------------------------------------------------------------------------- */

/* The ticker is idle (a tick of an hour); the guest's "tick" import advances the epoch once per
 * loop iteration, and the loop's back-edge is the check site after it: a slice of k ticks ends
 * after every k iterations that have a back-edge after them. */
static void test_slice_ticks_driven_by_the_guest(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    static const struct {
        uint64_t slice;
        int32_t iterations;
        int yields;
    } cases[] = {{1, 10, 9}, {3, 10, 3}, {5, 10, 1}, {10, 10, 0}, {2, 1, 0}, {0, 30, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        warden_store_set_slice_ticks(fx->store, cases[i].slice);
        uint64_t epoch = warden_engine_epoch(fx->engine);
        int ticks = pz_count(&fx->host, &fx->host.ticks);
        warden_call_t *call = pz_call1(fx, "ticks", cases[i].iterations);
        pz_counts n = {0, 0, 0};
        assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
        if (n.yields != cases[i].yields)
            print_error("slice %llu, %d iterations: %d yields, expected %d\n",
                        (unsigned long long)cases[i].slice, cases[i].iterations, n.yields,
                        cases[i].yields);
        assert_int_equal(n.yields, cases[i].yields);
        assert_int_equal(PZ_RESULT_I32(call), pz_expect_ticks(cases[i].iterations));
        assert_int_equal(pz_count(&fx->host, &fx->host.ticks) - ticks, cases[i].iterations);
        assert_int_equal(warden_engine_epoch(fx->engine) - epoch, (uint64_t)cases[i].iterations);
        warden_call_delete(call);
    }

    /* warden_func_call runs through slices. */
    warden_store_set_slice_ticks(fx->store, 1);
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "ticks"), 1, 40), pz_expect_ticks(40));

    /* A yield in the middle of pauses. */
    fx->host.mode = PZ_STASH;
    fx->host.reenter_target = pz_func(fx, "spin");
    warden_call_t *call = pz_call1(fx, "mixed", 5);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(n.pendings, 6);
    assert_int_equal(n.yields, 0); /* no ticks */
    warden_call_delete(call);
    pz_delete(fx);
}

typedef struct watchdog {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop, fired;
    warden_interrupt_t *interrupt;
    pthread_t thread;
} watchdog;

static void *watchdog_main(void *arg)
{
    watchdog *w = arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += PZ_WATCHDOG_SECONDS;
    pthread_mutex_lock(&w->mu);
    while (!w->stop)
        if (pthread_cond_timedwait(&w->cv, &w->mu, &until) == ETIMEDOUT) break;
    if (!w->stop) {
        w->fired = true;
        warden_interrupt_raise(w->interrupt);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* The engine's own ticker (1 ms): a guest that spins until the host sets a global yields, the
 * host sets the global, the call finishes. Nothing here depends on how long anything takes; a
 * watchdog interrupts a call that never yields, failing the test instead of hanging it. */
static void test_slice_ticks_with_the_ticker(void **state)
{
    (void)state;
    warden_config_t c;
    warden_config_default(&c);
    pz_fixture *fx = pz_new_with(&c, true, NULL);
    watchdog w = {.stop = false, .fired = false};
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    API_OK(warden_interrupt_new(fx->store, &w.interrupt));
    assert_int_equal(pthread_create(&w.thread, NULL, watchdog_main, &w), 0);

    warden_store_set_slice_ticks(fx->store, 1);
    warden_global_t *flag = api_global(fx->inst, "flag");
    warden_call_t *call = NULL;
    API_OK(warden_call_new(fx->store, pz_func(fx, "wait_flag"), NULL, 0, &call));
    int yields = 0;
    warden_call_status_t st;
    while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED) {
        yields++;
        API_OK(warden_global_set(flag, api_i32(41)));
    }
    if (st == WARDEN_CALL_TRAPPED)
        print_error("trapped: %s\n", warden_trap_message(warden_call_trap(call)));
    assert_int_equal(st, WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), 42);
    assert_true(yields >= 1);
    warden_call_delete(call);

    /* A long loop yields as often as it likes, and computes the same. */
    call = pz_call1(fx, "spin", 3000000);
    assert_int_equal(pz_drive(call, &fx->host, NULL), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_spin(3000000));
    warden_call_delete(call);

    pthread_mutex_lock(&w.mu);
    w.stop = true;
    pthread_cond_broadcast(&w.cv);
    pthread_mutex_unlock(&w.mu);
    pthread_join(w.thread, NULL);
    assert_false(w.fired);
    warden_interrupt_delete(w.interrupt);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    pz_delete(fx);
}

/* Slices do not end inside a host function's nested warden_func_call: the outer call's first
 * resume runs it all, since call_reenter has no check site after the nested call. */
static void test_no_slice_ends_in_a_nested_call(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *fx = pz_new_with(&c, true, NULL);
    API_OK(warden_store_set_fuel(fx->store, 1000000000));
    warden_store_set_slice_fuel(fx->store, 100);
    fx->host.reenter_target = pz_func(fx, "spin");
    warden_call_t *call = pz_call1(fx, "call_reenter", 5000);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_spin(5000) + 100);
    assert_true(warden_store_fuel_consumed(fx->store) > 5000);
    warden_call_delete(call);

    /* Slices of ticks: twenty ticks inside the nested call. */
    warden_store_set_slice_fuel(fx->store, 0);
    warden_store_set_slice_ticks(fx->store, 1);
    fx->host.reenter_target = pz_func(fx, "ticks");
    call = pz_call1(fx, "call_reenter", 20);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_ticks(20) + 100);
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 20);
    warden_call_delete(call);

    /* The outer call still yields where it may: before and after the nested call. */
    fx->host.reenter_target = pz_func(fx, "ticks");
    warden_store_set_slice_ticks(fx->store, 0);
    warden_store_set_slice_fuel(fx->store, 1);
    fx->host.mode = PZ_STASH;
    call = pz_call1(fx, "around", 3);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(n.pendings, 2);
    assert_int_equal(PZ_RESULT_I32(call),
                     (int32_t)(2u * (uint32_t)pz_mix(3) + (uint32_t)pz_expect_ticks(3)));
    warden_call_delete(call);
    pz_delete(fx);
}

/* A slice of ticks that ended is not forgotten by a check that does not pause the call: the check
 * before a host call (here "get", right after the tick), and (next test) the checks of a nested
 * call (the entry of spin, inside the host function "reenter", after the nested tick). The call
 * yields at the next back-edge all the same. */
static void test_slice_ticks_across_host_calls(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    warden_store_set_slice_ticks(fx->store, 1);
    warden_call_t *call = pz_call1(fx, "tick_get_loop", 10);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(10));
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 10);
    if (n.yields != 9) print_error("tick_get_loop(10): %d yields, expected 9\n", n.yields);
    assert_int_equal(n.yields, 9);
    warden_call_delete(call);
    pz_delete(fx);
}

static void test_slice_ticks_across_nested_calls(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    warden_store_set_slice_ticks(fx->store, 1);
    fx->host.reenter_target = pz_func(fx, "tick_spin");
    warden_call_t *call = pz_call1(fx, "reenter_loop", 8);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    uint32_t expect = 0;
    for (int32_t i = 1; i <= 8; i++) expect += (uint32_t)pz_expect_spin(i);
    assert_int_equal(PZ_RESULT_I32(call), (int32_t)expect);
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 8);
    if (n.yields != 7) print_error("reenter_loop(8): %d yields, expected 7\n", n.yields);
    assert_int_equal(n.yields, 7);
    warden_call_delete(call);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Deadlines count time spent paused
 * ------------------------------------------------------------------------------------------- */

static void test_deadline_while_pending(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_STASH;
    fx->host.watch_cancel = true;
    warden_store_set_deadline(fx->store, 3);
    warden_call_t *call = pz_call1(fx, "nested_get", 4);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);

    /* Not yet: the call stays PENDING, nobody is woken. */
    warden_engine_increment_epoch(fx->engine);
    warden_engine_increment_epoch(fx->engine);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 0);

    /* The deadline passes: the waker fires once, and the next resume ends the call at once,
     * though its completion never finished. */
    warden_engine_increment_epoch(fx->engine);
    PZ_WAIT(&fx->host, &fx->host.wakes, 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t idx[] = {PZ_F_CALL_GET, PZ_F_NESTED_GET};
    static const char *const names[] = {"call_get", "nested_get"};
    PZ_TRAPPED(call, WARDEN_TRAP_DEADLINE, "deadline reached", 2, idx, names);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 1);

    /* Finishing the completion now only frees it. */
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_DEADLINE, "deadline reached", 2, idx, names);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);

    /* The store works once the deadline is cleared. */
    warden_store_set_deadline(fx->store, 0);
    fx->host.mode = PZ_INLINE;
    call = pz_call1(fx, "nested_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(5) + 1);
    warden_call_delete(call);

    /* The waker set after the deadline passed is called by warden_call_set_waker. */
    fx->host.mode = PZ_STASH;
    warden_store_set_deadline(fx->store, 1);
    API_OK(warden_call_new(fx->store, pz_func(fx, "call_get"), (warden_val_t[]){api_i32(1)}, 1,
                           &call));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_engine_increment_epoch(fx->engine);
    int wakes = pz_count(&fx->host, &fx->host.wakes);
    warden_call_set_waker(call, pz_wake, &fx->host);
    PZ_WAIT(&fx->host, &fx->host.wakes, wakes + 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t idx1[] = {PZ_F_CALL_GET};
    static const char *const names1[] = {"call_get"};
    PZ_TRAPPED(call, WARDEN_TRAP_DEADLINE, "deadline reached", 1, idx1, names1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes + 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 2);
    warden_call_delete(call);
    assert_true(pz_finish_stash(&fx->host));

    /* The completion finished after the deadline passed, before the resume: still the
     * deadline, and the waker fired once only. */
    warden_store_set_deadline(fx->store, 2);
    call = pz_call1(fx, "call_get", 2);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    wakes = pz_count(&fx->host, &fx->host.wakes);
    warden_engine_increment_epoch(fx->engine);
    warden_engine_increment_epoch(fx->engine);
    PZ_WAIT(&fx->host, &fx->host.wakes, wakes + 1);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes + 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_DEADLINE, "deadline reached", 1, idx1, names1);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes + 1);
    assert_true(pz_count(&fx->host, &fx->host.cancels) <= 3);

    /* A PENDING call with a deadline deleted before the deadline passes, then the epoch passing
     * it: the deleted call is not woken (nor touched). The same with the store deleted. */
    int cancels = pz_count(&fx->host, &fx->host.cancels);
    wakes = pz_count(&fx->host, &fx->host.wakes);
    warden_store_set_deadline(fx->store, 2);
    call = pz_call1(fx, "call_get", 3);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), cancels + 1);
    for (int i = 0; i < 4; i++) warden_engine_increment_epoch(fx->engine);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes);
    assert_true(pz_finish_stash(&fx->host));

    warden_store_set_deadline(fx->store, 2);
    call = pz_call1(fx, "call_get", 3);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_store_delete(fx->store);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), cancels + 2);
    for (int i = 0; i < 4; i++) warden_engine_increment_epoch(fx->engine);
    assert_true(pz_count(&fx->host, &fx->host.wakes) <= wakes + 1);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
    warden_call_delete(call);
    for (int i = 0; i < 4; i++) warden_engine_increment_epoch(fx->engine);
    assert_true(pz_finish_stash(&fx->host));
    pz_delete_fixture(fx, true);
}

/* A deadline set while the call is PENDING counts too: its waker fires when it passes. */
static void test_deadline_set_while_pending(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_STASH;
    fx->host.watch_cancel = true;
    warden_call_t *call = pz_call1(fx, "call_get", 4);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_store_set_deadline(fx->store, 2);
    warden_engine_increment_epoch(fx->engine);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);
    warden_engine_increment_epoch(fx->engine);
    PZ_WAIT(&fx->host, &fx->host.wakes, 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t idx[] = {PZ_F_CALL_GET};
    static const char *const names[] = {"call_get"};
    PZ_TRAPPED(call, WARDEN_TRAP_DEADLINE, "deadline reached", 1, idx, names);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    warden_call_delete(call);
    assert_true(pz_finish_stash(&fx->host));
    pz_delete(fx);
}

static void test_deadline_while_yielded(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *fx = pz_new_with(&c, true, NULL);
    API_OK(warden_store_set_fuel(fx->store, UINT64_MAX));
    warden_store_set_slice_fuel(fx->store, 1000);
    warden_store_set_deadline(fx->store, 2);
    warden_call_t *call = pz_call1(fx, "spin", 1000000);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    warden_engine_increment_epoch(fx->engine);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    warden_engine_increment_epoch(fx->engine);
    uint64_t consumed = warden_store_fuel_consumed(fx->store);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t idx[] = {PZ_F_SPIN_INNER, PZ_F_SPIN};
    static const char *const names[] = {"spin_inner", "spin"};
    PZ_TRAPPED(call, WARDEN_TRAP_DEADLINE, "deadline reached", 2, idx, names);
    /* At once: the guest ran no further. */
    assert_true(warden_store_fuel_consumed(fx->store) - consumed < SLICE_SLACK);
    warden_call_delete(call);

    warden_store_set_deadline(fx->store, 0);
    call = pz_call1(fx, "spin", 3000);
    assert_int_equal(pz_drive(call, &fx->host, NULL), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_spin(3000));
    warden_call_delete(call);
    pz_delete(fx);
}

/* A slice that ends inside a function runs out of its share at the function's return: in
 * compiled code, that return's slow path takes the rest of the fuel and goes on, and every
 * register must come back as it was (a vector register's upper half once came back zero: the
 * last two of four results were lost). */
static void test_results_kept_across_a_slices_end(void **state)
{
    (void)state;
    warden_config_t c = pz_config(true);
    pz_fixture *fx = pz_new_with(&c, true, NULL);
    for (uint64_t slice = 1; slice <= 40; slice++) {
        API_OK(warden_store_set_fuel(fx->store, 1000));
        warden_store_set_slice_fuel(fx->store, slice);
        warden_call_t *call = NULL;
        warden_val_t args[3] = {{.kind = WARDEN_I64, .of.i64 = 7},
                                {.kind = WARDEN_F32, .of.f32 = 1.5f},
                                {.kind = WARDEN_F64, .of.f64 = 2.5}};
        API_OK(warden_call_new(fx->store, pz_func(fx, "four"), args, 3, &call));
        warden_call_status_t st;
        int resumes = 0;
        while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED) assert_true(++resumes < 20);
        assert_int_equal(st, WARDEN_CALL_DONE);
        warden_val_t r[4];
        API_OK(warden_call_results(call, r, 4));
        assert_int_equal(r[0].of.i64, 262145);
        assert_int_equal(r[1].of.i32, 2147483647);
        assert_true(r[2].of.f64 == 0.5);
        assert_int_equal(r[3].of.i64, -2147483648LL);
        warden_call_delete(call);
    }
    warden_store_set_slice_fuel(fx->store, 0);
    pz_delete(fx);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuel_same_sync_async),
        cmocka_unit_test(test_slice_fuel),
        cmocka_unit_test(test_out_of_fuel_inside_slice),
        cmocka_unit_test(test_memory_grown_while_yielded),
        cmocka_unit_test(test_add_fuel_while_yielded),
        cmocka_unit_test(test_slice_ticks_driven_by_the_guest),
        cmocka_unit_test(test_slice_ticks_with_the_ticker),
        cmocka_unit_test(test_no_slice_ends_in_a_nested_call),
        cmocka_unit_test(test_slice_ticks_across_host_calls),
        cmocka_unit_test(test_slice_ticks_across_nested_calls),
        cmocka_unit_test(test_deadline_while_pending),
        cmocka_unit_test(test_deadline_set_while_pending),
        cmocka_unit_test(test_deadline_while_yielded),
        cmocka_unit_test(test_results_kept_across_a_slices_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
