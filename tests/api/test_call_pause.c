/* Calls that pause (warden_call_*): a call's states and results, one unfinished call per store,
 * a call resumed on other threads, interrupts raised while a call is paused, cancelling and
 * deleting paused calls, deleting the store under a paused call, and traps that are those of
 * warden_func_call. The guest is pause_guest.wat (see pause_common.h); yields in the middle of a
 * run come from one-tick slices whose ticks the guest's "tick" import counts itself, so every
 * yield is where the test expects it. */
#include "pause_common.h"

/* ---------------------------------------------------------------------------------------------
 * States and results
 * ------------------------------------------------------------------------------------------- */

static void test_states_and_results(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    warden_call_t *call = pz_call_i32(fx, "add", 2, (const int32_t[]){40, 2});

    /* Nothing ran yet. */
    assert_int_equal(warden_call_status(call), WARDEN_CALL_YIELDED);
    assert_null(warden_call_trap(call));
    warden_val_t r[2];
    API_ERROR(warden_call_results(call, r, 1), WARDEN_ERROR_ARGUMENT, NULL);

    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_DONE);
    assert_null(warden_call_trap(call));
    assert_int_equal(PZ_RESULT_I32(call), 42);

    /* A wrong count is refused, and leaves the results readable. */
    API_ERROR(warden_call_results(call, r, 0), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_call_results(call, r, 2), WARDEN_ERROR_ARGUMENT, NULL);

    /* A finished call returns its status again, and keeps its results. */
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), 42);

    /* Cancelling a finished call does nothing. */
    warden_call_cancel(call);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_DONE);
    assert_null(warden_call_trap(call));
    assert_int_equal(PZ_RESULT_I32(call), 42);
    warden_call_delete(call);

    /* Two results of two kinds. */
    warden_val_t args[2] = {api_i32(-7), api_i64(INT64_C(0x123456789A))};
    API_OK(warden_call_new(fx->store, pz_func(fx, "swap"), args, 2, &call));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    memset(r, 0, sizeof r);
    API_OK(warden_call_results(call, r, 2));
    assert_int_equal(r[0].kind, WARDEN_I64);
    assert_int_equal(r[0].of.i64, INT64_C(0x123456789A));
    assert_int_equal(r[1].kind, WARDEN_I32);
    assert_int_equal(r[1].of.i32, -7);
    API_ERROR(warden_call_results(call, r, 1), WARDEN_ERROR_ARGUMENT, NULL);
    warden_call_delete(call);

    /* warden_call_new runs nothing: the first tick comes with the first resume. */
    call = pz_call1(fx, "ticks", 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 1);
    assert_int_equal(PZ_RESULT_I32(call), 1);
    warden_call_delete(call);

    /* A trapped call: its trap stays (owned by the call), it has no results. */
    call = pz_call_i32(fx, "trap_after", 2, (const int32_t[]){3, 1});
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t idx[] = {PZ_F_BOOM, PZ_F_TRAP_AFTER};
    static const char *const names[] = {"boom", "trap_after"};
    PZ_TRAPPED(call, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 2, idx, names);
    const warden_trap_t *trap = warden_call_trap(call);
    API_ERROR(warden_call_results(call, r, 1), WARDEN_ERROR_ARGUMENT, NULL);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    assert_ptr_equal(warden_call_trap(call), trap);
    warden_call_cancel(call);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
    assert_ptr_equal(warden_call_trap(call), trap);
    PZ_TRAPPED(call, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 2, idx, names);
    warden_call_delete(call);
    assert_true(warden_instance_poisoned(fx->inst));

    /* A PENDING call has no trap and no results. */
    fx->host.mode = PZ_STASH;
    call = pz_call1(fx, "call_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_null(warden_call_trap(call));
    API_ERROR(warden_call_results(call, r, 1), WARDEN_ERROR_ARGUMENT, NULL);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(5));
    warden_call_delete(call);

    /* A YIELDED call in the middle of its run has neither. */
    warden_store_set_slice_ticks(fx->store, 1);
    call = pz_call1(fx, "ticks", 3);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    assert_null(warden_call_trap(call));
    API_ERROR(warden_call_results(call, r, 1), WARDEN_ERROR_ARGUMENT, NULL);
    assert_int_equal(pz_drive(call, &fx->host, NULL), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_ticks(3));
    warden_call_delete(call);

    warden_call_delete(NULL);
    warden_call_cancel(NULL);
    pz_delete(fx);
}

/* warden_call_new checks its arguments as warden_func_call does; a refused call leaves the store
 * free for the next one. */
static void test_wrong_calls(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    pz_fixture *other = pz_new(true);
    warden_func_t *add = pz_func(fx, "add");
    warden_call_t *call = NULL;
    warden_val_t two[2] = {api_i32(1), api_i32(2)};
    warden_val_t wrong[2] = {api_i32(1), api_i64(2)};

    API_ERROR(warden_call_new(fx->store, add, two, 1, &call), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_call_new(fx->store, add, two, 3, &call), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_call_new(fx->store, add, wrong, 2, &call), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_call_new(fx->store, add, NULL, 2, &call), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_call_new(NULL, add, two, 2, &call), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_call_new(fx->store, NULL, two, 2, &call), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_call_new(fx->store, add, two, 2, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    /* A function of another store. */
    API_ERROR(warden_call_new(fx->store, pz_func(other, "add"), two, 2, &call),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(call);

    API_OK(warden_call_new(fx->store, add, two, 2, &call));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), 3);
    warden_call_delete(call);

    /* A host function can be called directly, sync or async. */
    API_OK(warden_call_new(fx->store, fx->host.f_reenter, two, 1, &call));
    fx->host.reenter_target = add; /* add takes two arguments: the nested call fails */
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    warden_call_delete(call);
    assert_true(fx->host.inner_error);

    fx->host.mode = PZ_STASH;
    API_OK(warden_call_new(fx->store, fx->host.f_get, two, 1, &call));
    warden_call_set_waker(call, pz_wake, &fx->host);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(1));
    warden_call_delete(call);

    fx->host.mode = PZ_TRAP;
    API_OK(warden_call_new(fx->store, fx->host.f_get, two, 1, &call));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "async failed", 0, NULL, NULL);
    warden_call_delete(call);

    pz_delete(other);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * One unfinished call per store
 * ------------------------------------------------------------------------------------------- */

/* Asserts that the store refuses both a new call and a warden_func_call. */
static void expect_store_busy(pz_fixture *fx)
{
    warden_call_t *second = NULL;
    warden_val_t two[2] = {api_i32(1), api_i32(2)};
    API_ERROR(warden_call_new(fx->store, pz_func(fx, "add"), two, 2, &second),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(second);
    warden_val_t r = api_i32(-1);
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_func_call(fx->store, pz_func(fx, "add"), two, 2, &r, 1, &trap);
    if (!err) {
        print_error("warden_func_call ran on a store whose call is paused (trap %p)\n",
                    (void *)trap);
        warden_trap_delete(trap);
        fail();
    }
    warden_error_delete(err);
    assert_null(trap);
    /* The same with a function that would pause. */
    err = warden_func_call(fx->store, pz_func(fx, "spin"), two, 1, &r, 1, &trap);
    assert_non_null(err);
    warden_error_delete(err);
    assert_null(trap);
}

static void expect_store_free(pz_fixture *fx)
{
    warden_call_t *call = pz_call_i32(fx, "add", 2, (const int32_t[]){20, 22});
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), 42);
    warden_call_delete(call);
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "add"), 2, 1, 2), 3);
}

static void test_one_call_per_store(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);

    /* A call not yet started is unfinished. */
    warden_call_t *first = pz_call_i32(fx, "add", 2, (const int32_t[]){1, 1});
    warden_call_t *second = NULL;
    API_ERROR(warden_call_new(fx->store, pz_func(fx, "add"),
                              (warden_val_t[]){api_i32(1), api_i32(2)}, 2, &second),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(second);
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(first), 2);
    expect_store_free(fx);
    warden_call_delete(first);

    /* YIELDED in the middle of its run. */
    warden_store_set_slice_ticks(fx->store, 1);
    first = pz_call1(fx, "ticks", 6);
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_YIELDED);
    expect_store_busy(fx);
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_YIELDED);
    expect_store_busy(fx);
    assert_int_equal(pz_drive(first, &fx->host, NULL), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(first), pz_expect_ticks(6));
    expect_store_free(fx);
    warden_call_delete(first);
    warden_store_set_slice_ticks(fx->store, 0);

    /* PENDING. */
    fx->host.mode = PZ_STASH;
    first = pz_call1(fx, "nested_get", 8);
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_PENDING);
    expect_store_busy(fx);
    assert_true(pz_finish_stash(&fx->host));
    expect_store_busy(fx); /* runnable, but still unfinished */
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(first), pz_mix(8) + 1);
    fx->host.mode = PZ_INLINE;
    expect_store_free(fx);
    warden_call_delete(first);

    /* TRAPPED frees the store too. */
    fx->host.mode = PZ_STASH;
    first = pz_call_i32(fx, "trap_after", 2, (const int32_t[]){2, 0});
    assert_int_equal(pz_drive(first, &fx->host, NULL), WARDEN_CALL_TRAPPED);
    fx->host.mode = PZ_INLINE;
    expect_store_free(fx);
    warden_call_delete(first);

    /* So do cancelling and deleting an unfinished call. */
    fx->host.mode = PZ_STASH;
    first = pz_call1(fx, "call_get", 1);
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_PENDING);
    warden_call_cancel(first);
    fx->host.mode = PZ_INLINE;
    expect_store_free(fx);
    warden_call_delete(first);
    warden_completion_t *c = pz_take_stash(&fx->host);
    assert_non_null(c);
    warden_completion_return(c, (warden_val_t[]){api_i32(0)}, 1);

    fx->host.mode = PZ_STASH;
    first = pz_call1(fx, "call_get", 1);
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_PENDING);
    warden_call_delete(first);
    fx->host.mode = PZ_INLINE;
    expect_store_free(fx);
    c = pz_take_stash(&fx->host);
    assert_non_null(c);
    warden_completion_return(c, (warden_val_t[]){api_i32(0)}, 1);

    warden_store_set_slice_ticks(fx->store, 1);
    first = pz_call1(fx, "ticks", 5);
    assert_int_equal(warden_call_resume(first), WARDEN_CALL_YIELDED);
    warden_call_delete(first);
    warden_store_set_slice_ticks(fx->store, 0);
    expect_store_free(fx);

    pz_delete(fx);
}

/* Two stores each have a paused call at once, and finish in the other order. */
static void test_paused_calls_in_two_stores(void **state)
{
    (void)state;
    pz_fixture *a = pz_new(true);
    pz_fixture *b = pz_new(true);
    a->host.mode = b->host.mode = PZ_STASH;
    warden_call_t *ca = pz_call1(a, "loop_get", 3);
    warden_call_t *cb = pz_call1(b, "nested_get", 77);
    assert_int_equal(warden_call_resume(ca), WARDEN_CALL_PENDING);
    assert_int_equal(warden_call_resume(cb), WARDEN_CALL_PENDING);

    /* Each store still runs calls of its own while the other's call is paused: not at all. */
    expect_store_busy(a);
    expect_store_busy(b);

    assert_true(pz_finish_stash(&b->host));
    assert_int_equal(pz_count(&b->host, &b->host.wakes), 1);
    assert_int_equal(pz_count(&a->host, &a->host.wakes), 0);
    assert_int_equal(warden_call_resume(cb), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(cb), pz_mix(77) + 1);
    assert_int_equal(warden_call_status(ca), WARDEN_CALL_PENDING);
    assert_int_equal(warden_call_resume(ca), WARDEN_CALL_PENDING);
    assert_int_equal(pz_drive(ca, &a->host, NULL), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(ca), pz_expect_loop_get(3));
    assert_int_equal(pz_count(&a->host, &a->host.wakes), 3);
    warden_call_delete(ca);
    warden_call_delete(cb);
    a->host.mode = b->host.mode = PZ_INLINE;
    expect_store_free(a);
    expect_store_free(b);
    pz_delete(b);
    pz_delete(a);
}

/* Instantiating a module whose start function runs guest code, while a call of the store is
 * paused: refused, or run without touching the paused call's frames. Either way the paused call
 * then finishes with its exact result. */
static void instantiate_beside(pz_fixture *fx, warden_call_t *call, int32_t expect)
{
    warden_module_t *module = api_module(fx->engine, "pause_start");
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_linker_instantiate(fx->linker, fx->store, module, &inst, &trap);
    warden_module_delete(module);
    if (err) {
        warden_error_delete(err);
        assert_null(inst);
    } else {
        if (trap) {
            print_error("the start function trapped: %s\n", warden_trap_message(trap));
            warden_trap_delete(trap);
            fail();
        }
        warden_val_t g;
        warden_global_get(api_global(inst, "g"), &g);
        assert_int_equal(g.of.i32, -200);
    }
    assert_int_equal(pz_drive(call, &fx->host, NULL), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), expect);
}

static void test_instantiate_while_paused(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    warden_store_set_slice_ticks(fx->store, 1);
    warden_call_t *call = pz_call1(fx, "ticks", 10);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    instantiate_beside(fx, call, pz_expect_ticks(10));
    warden_call_delete(call);
    warden_store_set_slice_ticks(fx->store, 0);

    fx->host.mode = PZ_STASH;
    call = pz_call1(fx, "loop_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    instantiate_beside(fx, call, pz_expect_loop_get(5));
    warden_call_delete(call);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Resuming on other threads
 * ------------------------------------------------------------------------------------------- */

typedef struct resumer {
    warden_call_t *call;
    warden_call_status_t status;
    bool has_result;
    warden_val_t result;
} resumer;

static void *resume_main(void *arg)
{
    resumer *r = arg;
    r->status = warden_call_resume(r->call);
    if (r->status == WARDEN_CALL_DONE) {
        warden_error_t *err = warden_call_results(r->call, &r->result, 1);
        r->has_result = err == NULL;
        warden_error_delete(err);
    }
    return NULL;
}

/* Resumes the call once on a new thread and returns the status it got there. */
static warden_call_status_t resume_elsewhere(warden_call_t *call, resumer *r)
{
    memset(r, 0, sizeof *r);
    r->call = call;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, resume_main, r), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    return r->status;
}

static void test_resume_on_another_thread(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    resumer r;

    /* PENDING on this thread, finished on another. */
    fx->host.mode = PZ_STASH;
    warden_call_t *call = pz_call1(fx, "nested_get", 12);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(resume_elsewhere(call, &r), WARDEN_CALL_DONE);
    assert_true(r.has_result);
    assert_int_equal(r.result.kind, WARDEN_I32);
    assert_int_equal(r.result.of.i32, pz_mix(12) + 1);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(12) + 1);
    warden_call_delete(call);

    /* Every resume on a thread of its own: pauses and slices alike. */
    call = pz_call1(fx, "loop_get", 6);
    int rounds = 0;
    warden_call_status_t st;
    while ((st = resume_elsewhere(call, &r)) == WARDEN_CALL_PENDING) {
        assert_true(pz_finish_stash(&fx->host));
        rounds++;
    }
    assert_int_equal(st, WARDEN_CALL_DONE);
    assert_int_equal(rounds, 6);
    assert_int_equal(r.result.of.i32, pz_expect_loop_get(6));
    warden_call_delete(call);

    warden_store_set_slice_ticks(fx->store, 1);
    call = pz_call1(fx, "ticks", 9);
    rounds = 0;
    while ((st = rounds % 2 ? warden_call_resume(call) : resume_elsewhere(call, &r)) ==
           WARDEN_CALL_YIELDED)
        rounds++;
    assert_int_equal(st, WARDEN_CALL_DONE);
    assert_int_equal(rounds, 8);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_ticks(9));
    warden_call_delete(call);

    /* Made on one thread, run and deleted on another, then the store goes on here. */
    warden_store_set_slice_ticks(fx->store, 0);
    fx->host.mode = PZ_INLINE;
    call = pz_call1(fx, "loop_get", 4);
    assert_int_equal(resume_elsewhere(call, &r), WARDEN_CALL_DONE);
    assert_int_equal(r.result.of.i32, pz_expect_loop_get(4));
    warden_call_delete(call);
    expect_store_free(fx);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Interrupts
 * ------------------------------------------------------------------------------------------- */

static void test_interrupt_while_paused(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    warden_interrupt_t *interrupt = NULL;
    API_OK(warden_interrupt_new(fx->store, &interrupt));

    /* Raised while YIELDED: the next resume ends the call where it stood. */
    warden_store_set_slice_ticks(fx->store, 1);
    warden_call_t *call = pz_call1(fx, "ticks", 50);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    warden_interrupt_raise(interrupt);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_YIELDED);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t tick_idx[] = {PZ_F_TICK_LOOP, PZ_F_TICKS};
    static const char *const tick_names[] = {"tick_loop", "ticks"};
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, tick_idx, tick_names);
    /* It ran no further: two slices of one tick each. */
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 2);
    warden_call_delete(call);

    /* The interrupt is spent: a later call runs through all its slices. */
    call = pz_call1(fx, "ticks", 50);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_ticks(50));
    assert_int_equal(n.yields, 49);
    warden_call_delete(call);
    warden_store_set_slice_ticks(fx->store, 0);

    /* Raised while PENDING: the next resume ends the call at once, the completion is told. */
    fx->host.mode = PZ_STASH;
    fx->host.watch_cancel = true;
    call = pz_call1(fx, "nested_get", 3);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_interrupt_raise(interrupt);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t get_idx[] = {PZ_F_CALL_GET, PZ_F_NESTED_GET};
    static const char *const get_names[] = {"call_get", "nested_get"};
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, get_idx, get_names);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    /* Finishing it now only frees it. */
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);

    /* Raised while paused, then the call is deleted: the next call is not affected. */
    call = pz_call1(fx, "call_get", 3);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_interrupt_raise(interrupt);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 2);
    assert_true(pz_finish_stash(&fx->host));
    fx->host.mode = PZ_INLINE;
    expect_store_free(fx);
    call = pz_call1(fx, "loop_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(5));
    warden_call_delete(call);

    /* Raised with nothing running or paused: nothing happens, now or later. */
    warden_interrupt_raise(interrupt);
    warden_interrupt_raise(interrupt);
    call = pz_call1(fx, "loop_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(5));
    warden_call_delete(call);
    fx->host.mode = PZ_STASH;
    call = pz_call1(fx, "call_get", 4);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(4));
    /* And after a call finished. */
    warden_interrupt_raise(interrupt);
    warden_call_delete(call);
    call = pz_call1(fx, "call_get", 6);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(6));
    warden_call_delete(call);

    warden_interrupt_delete(interrupt);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Cancel and delete
 * ------------------------------------------------------------------------------------------- */

static void test_cancel(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);

    /* YIELDED: TRAPPED, interrupted, with the backtrace of where it stood. */
    warden_store_set_slice_ticks(fx->store, 1);
    warden_call_t *call = pz_call1(fx, "ticks", 10);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
    warden_call_cancel(call);
    static const uint32_t tick_idx[] = {PZ_F_TICK_LOOP, PZ_F_TICKS};
    static const char *const tick_names[] = {"tick_loop", "ticks"};
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, tick_idx, tick_names);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    warden_val_t r;
    API_ERROR(warden_call_results(call, &r, 1), WARDEN_ERROR_ARGUMENT, NULL);
    warden_call_cancel(call);
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, tick_idx, tick_names);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 1);
    warden_store_set_slice_ticks(fx->store, 0);

    /* Not started yet. */
    call = pz_call1(fx, "ticks", 10);
    warden_call_cancel(call);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
    assert_int_equal(warden_trap_kind(warden_call_trap(call)), WARDEN_TRAP_INTERRUPTED);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.ticks), 1);

    /* PENDING: the completion is told, once, on this thread; finishing it later only frees it,
     * and wakes nobody (the call is not PENDING any more). */
    fx->host.mode = PZ_STASH;
    fx->host.watch_cancel = true;
    call = pz_call1(fx, "nested_get", 2);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_cancel(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    static const uint32_t get_idx[] = {PZ_F_CALL_GET, PZ_F_NESTED_GET};
    static const char *const get_names[] = {"call_get", "nested_get"};
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, get_idx, get_names);
    warden_call_cancel(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    int wakes = pz_count(&fx->host, &fx->host.wakes);
    assert_true(wakes <= 1);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, get_idx, get_names);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);

    /* A cancel notice asked for after the cancel runs at once. */
    fx->host.watch_cancel = false;
    call = pz_call1(fx, "call_get", 2);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_cancel(call);
    warden_completion_t *c = pz_take_stash(&fx->host);
    assert_non_null(c);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    warden_completion_on_cancel(c, pz_cancelled, &fx->host);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 2);
    warden_completion_trap(c, warden_trap_new("too late")); /* frees it, and the trap */
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 2);
    static const uint32_t one_idx[] = {PZ_F_CALL_GET};
    static const char *const one_name[] = {"call_get"};
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 1, one_idx, one_name);
    warden_call_delete(call);

    /* A completion finished (not cancelled) is never told. */
    fx->host.watch_cancel = true;
    call = pz_call1(fx, "call_get", 2);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    warden_call_cancel(call); /* PENDING, runnable: still ended */
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 1, one_idx, one_name);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 2);

    /* Deleting a PENDING call cancels it: told once; finishing the completion later frees it. */
    call = pz_call1(fx, "loop_get", 4);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 3);
    wakes = pz_count(&fx->host, &fx->host.wakes);
    c = pz_take_stash(&fx->host);
    assert_non_null(c);
    warden_completion_return(c, (warden_val_t[]){api_i32(1)}, 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 3);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes); /* the call is gone */
    fx->host.mode = PZ_INLINE;
    expect_store_free(fx);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 3);

    pz_delete(fx);
}

/* The completer thread finishes the completion while this thread cancels the call: whichever
 * wins, the call ends TRAPPED (interrupted), the notice comes at most once, and nothing is used
 * after it is freed. */
static void test_cancel_races_completion(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_THREAD;
    fx->host.watch_cancel = true;
    pz_start_completer(&fx->host, true);
    for (int i = 0; i < 200; i++) {
        warden_call_t *call = pz_call1(fx, "call_get", i);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        int cancels = pz_count(&fx->host, &fx->host.cancels);
        pz_open_gate(&fx->host);
        int wakes = -1;
        if (i % 2) {
            warden_call_cancel(call);
        } else {
            warden_call_delete(call);
            /* Deleting waits for a waker that is running: none runs afterwards. */
            wakes = pz_count(&fx->host, &fx->host.wakes);
        }
        PZ_WAIT(&fx->host, &fx->host.thread_completions, i + 1);
        assert_true(pz_count(&fx->host, &fx->host.cancels) - cancels <= 1);
        if (wakes >= 0) assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes);
        if (i % 2) {
            assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
            assert_int_equal(warden_trap_kind(warden_call_trap(call)), WARDEN_TRAP_INTERRUPTED);
            warden_call_delete(call);
        }
    }
    pz_stop_completer(&fx->host);
    fx->host.mode = PZ_INLINE;
    expect_store_free(fx);
    pz_delete(fx);
}

/* The cancel notice has another thread finish the completion while it runs: that finish waits
 * for the notice to return, so once a finish returned, the notice's env may be freed. */
static void test_cancel_notice_during_finish(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_THREAD;
    fx->host.watch_cancel = true;
    fx->host.finish_in_cancel = true;
    pz_start_completer(&fx->host, true);
    for (int i = 0; i < 20; i++) {
        warden_call_t *call = pz_call1(fx, "nested_get", i);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        if (i % 2)
            warden_call_cancel(call);
        else
            warden_call_delete(call);
        assert_int_equal(pz_count(&fx->host, &fx->host.cancels), i + 1);
        PZ_WAIT(&fx->host, &fx->host.thread_completions, i + 1);
        assert_int_equal(pz_count(&fx->host, &fx->host.finishes_too_early), 0);
        if (i % 2) {
            assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
            warden_call_delete(call);
        }
    }
    pz_delete(fx);
}

typedef struct slow_waker {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool in_waker, about_to_delete, released, returned;
} slow_waker;

/* Runs on the completer thread; returns only once released. */
static void slow_wake(void *env)
{
    slow_waker *w = env;
    pthread_mutex_lock(&w->mu);
    w->in_waker = true;
    pthread_cond_broadcast(&w->cv);
    while (!w->released) pthread_cond_wait(&w->cv, &w->mu);
    w->returned = true;
    pthread_mutex_unlock(&w->mu);
}

/* Releases the waker once this thread is about to delete the call, a little later (not to
 * synchronise: only so that a delete that did not wait would be seen returning first). */
static void *releaser_main(void *arg)
{
    slow_waker *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->about_to_delete) pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
    struct timespec d = {0, 30 * 1000 * 1000};
    nanosleep(&d, NULL);
    pthread_mutex_lock(&w->mu);
    w->released = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Deleting a call waits for its waker that is running to return. */
static void test_delete_waits_for_waker(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_THREAD;
    pz_start_completer(&fx->host, true);
    slow_waker w = {.in_waker = false};
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    warden_call_t *call = NULL;
    API_OK(warden_call_new(fx->store, pz_func(fx, "call_get"), (warden_val_t[]){api_i32(1)}, 1,
                           &call));
    warden_call_set_waker(call, slow_wake, &w);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    pz_open_gate(&fx->host);
    pthread_mutex_lock(&w.mu);
    while (!w.in_waker) pthread_cond_wait(&w.cv, &w.mu);
    pthread_mutex_unlock(&w.mu);

    pthread_t releaser;
    assert_int_equal(pthread_create(&releaser, NULL, releaser_main, &w), 0);
    pthread_mutex_lock(&w.mu);
    w.about_to_delete = true;
    pthread_cond_broadcast(&w.cv);
    pthread_mutex_unlock(&w.mu);
    warden_call_delete(call);
    pthread_mutex_lock(&w.mu);
    bool returned = w.returned;
    pthread_mutex_unlock(&w.mu);
    assert_true(returned);
    pthread_join(releaser, NULL);
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 1);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    pz_delete(fx);
}

/* Deleting the store under a PENDING call: the call ends TRAPPED, the completion is told once,
 * every host function's finalizer runs once; the call and the completion are freed afterwards,
 * in either order. */
static void test_store_deleted_under_call(void **state)
{
    (void)state;
    for (int order = 0; order < 2; order++) {
        pz_fixture *fx = pz_new_with(NULL, true, pz_finalize);
        fx->host.mode = PZ_STASH;
        fx->host.watch_cancel = true;
        warden_call_t *call = pz_call1(fx, "nested_get", 5);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        assert_int_equal(pz_count(&fx->host, &fx->host.finalized), 0);
        warden_store_delete(fx->store);
        assert_int_equal(pz_count(&fx->host, &fx->host.finalized), 4);
        assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
        assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
        assert_non_null(warden_call_trap(call));
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
        warden_val_t r;
        API_ERROR(warden_call_results(call, &r, 1), WARDEN_ERROR_ARGUMENT, NULL);
        warden_completion_t *c = pz_take_stash(&fx->host);
        assert_non_null(c);
        if (order == 0) {
            warden_completion_return(c, (warden_val_t[]){api_i32(1)}, 1);
            warden_call_delete(call);
        } else {
            warden_call_delete(call);
            warden_completion_return(c, (warden_val_t[]){api_i32(1)}, 1);
        }
        assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
        assert_int_equal(pz_count(&fx->host, &fx->host.finalized), 4);
        assert_true(pz_count(&fx->host, &fx->host.wakes) <= 1);
        pz_delete_fixture(fx, true);
    }

    /* A YIELDED call, and a call not started yet. */
    for (int started = 0; started < 2; started++) {
        pz_fixture *fx = pz_new_with(NULL, true, pz_finalize);
        warden_store_set_slice_ticks(fx->store, 1);
        warden_call_t *call = pz_call1(fx, "ticks", 10);
        if (started) assert_int_equal(warden_call_resume(call), WARDEN_CALL_YIELDED);
        warden_store_delete(fx->store);
        assert_int_equal(pz_count(&fx->host, &fx->host.finalized), 4);
        assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
        assert_non_null(warden_call_trap(call));
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
        warden_call_cancel(call);
        warden_call_delete(call);
        assert_int_equal(pz_count(&fx->host, &fx->host.ticks), started);
        pz_delete_fixture(fx, true);
    }

    /* The completion finished on another thread after the store is gone. */
    pz_fixture *fx = pz_new_with(NULL, true, pz_finalize);
    fx->host.mode = PZ_THREAD;
    fx->host.watch_cancel = true;
    pz_start_completer(&fx->host, true);
    warden_call_t *call = pz_call1(fx, "call_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_store_delete(fx->store);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    pz_open_gate(&fx->host);
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 1);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.finalized), 4);
    pz_delete_fixture(fx, true);
}

/* ---------------------------------------------------------------------------------------------
 * Traps are those of warden_func_call
 * ------------------------------------------------------------------------------------------- */

static void expect_same_trap(int32_t calls, int32_t which, warden_trap_kind_t kind,
                             const char *message)
{
    pz_fixture *sync = pz_new(false);
    pz_fixture *async = pz_new(true);
    async->host.mode = PZ_STASH;

    warden_trap_t *t1 = API_CALL_TRAP(sync->store, pz_func(sync, "trap_after"),
                                      ((warden_val_t[]){api_i32(calls), api_i32(which)}), 2, 1);
    assert_int_equal(pz_count(&sync->host, &sync->host.sync_calls), calls);

    warden_call_t *call = pz_call_i32(async, "trap_after", 2, (const int32_t[]){calls, which});
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &async->host, &n), WARDEN_CALL_TRAPPED);
    assert_int_equal(n.pendings, calls);
    assert_int_equal(pz_count(&async->host, &async->host.async_calls), calls);

    static const uint32_t idx[] = {PZ_F_BOOM, PZ_F_TRAP_AFTER};
    static const char *const names[] = {"boom", "trap_after"};
    API_TRAP(t1, kind, message, 2, idx, names);
    PZ_TRAPPED(call, kind, message, 2, idx, names);
    PZ_SAME_TRAP(t1, warden_call_trap(call));
    assert_true(warden_instance_poisoned(sync->inst));
    assert_true(warden_instance_poisoned(async->inst));

    warden_trap_delete(t1);
    warden_call_delete(call);
    pz_delete(async);
    pz_delete(sync);
}

static void test_traps_as_func_call(void **state)
{
    (void)state;
    expect_same_trap(5, 1, WARDEN_TRAP_UNREACHABLE, "unreachable executed");
    expect_same_trap(7, 0, WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO, "integer divide by zero");
    expect_same_trap(0, 0, WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO, "integer divide by zero");

    /* The stack runs out at the same depth, with the same backtrace, through a call that yields
     * at every function entry. */
    warden_config_t c = pz_config(true);
    pz_fixture *sync = pz_new_with(&c, false, NULL);
    pz_fixture *async = pz_new_with(&c, true, NULL);
    API_OK(warden_store_set_fuel(sync->store, UINT64_MAX));
    API_OK(warden_store_set_fuel(async->store, UINT64_MAX));
    warden_store_set_slice_fuel(async->store, 1);
    warden_trap_t *t1 =
        API_CALL_TRAP(sync->store, pz_func(sync, "recurse"), (warden_val_t[]){api_i32(0)}, 1, 1);
    warden_call_t *call = pz_call1(async, "recurse", 0);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &async->host, &n), WARDEN_CALL_TRAPPED);
    assert_int_equal(warden_trap_kind(t1), WARDEN_TRAP_STACK_EXHAUSTED);
    PZ_SAME_TRAP(t1, warden_call_trap(call));
    assert_true(n.yields > 1000);
    assert_int_equal(warden_store_fuel_consumed(sync->store),
                     warden_store_fuel_consumed(async->store));
    warden_trap_delete(t1);
    warden_call_delete(call);
    pz_delete(async);
    pz_delete(sync);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states_and_results),
        cmocka_unit_test(test_wrong_calls),
        cmocka_unit_test(test_one_call_per_store),
        cmocka_unit_test(test_paused_calls_in_two_stores),
        cmocka_unit_test(test_instantiate_while_paused),
        cmocka_unit_test(test_resume_on_another_thread),
        cmocka_unit_test(test_interrupt_while_paused),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_cancel_races_completion),
        cmocka_unit_test(test_cancel_notice_during_finish),
        cmocka_unit_test(test_delete_waits_for_waker),
        cmocka_unit_test(test_store_deleted_under_call),
        cmocka_unit_test(test_traps_as_func_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
