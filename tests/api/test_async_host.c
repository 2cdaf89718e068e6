/* Async host functions (warden_func_new_async) and their completions: finished inside the
 * callback, later on the same thread, or on another thread; the waker, fired exactly once per
 * pause, also when set after the completion finished; completions finished with a trap or with
 * wrong results; a thousand pauses in one call; an async function inside a nested call (re-entry)
 * that cannot pause; warden_func_call waiting for an async function on its own thread; and
 * completions finished with a step (warden_completion_return_with) that runs inside the call,
 * inline or at the resume, calling the guest, trapping, or dropped unrun. The guest is
 * pause_guest.wat (see pause_common.h). */
#include "pause_common.h"

static const uint32_t k_get_idx[] = {PZ_F_CALL_GET, PZ_F_NESTED_GET};
static const char *const k_get_names[] = {"call_get", "nested_get"};

/* ---------------------------------------------------------------------------------------------
 * Where and when the completion finishes
 * ------------------------------------------------------------------------------------------- */

/* Finished inside the callback: the call goes on, never PENDING, and the waker never fires. */
static void test_complete_inside_callback(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.watch_cancel = true;
    warden_call_t *call = pz_call1(fx, "nested_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(5) + 1);
    warden_call_delete(call);

    call = pz_call1(fx, "loop_get", 100);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(n.resumes, 1);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(100));
    warden_call_delete(call);

    /* warden_func_call, of the guest and of the host function itself. */
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "loop_get"), 1, 10),
                     pz_expect_loop_get(10));
    assert_int_equal(api_call_i32(fx->store, fx->host.f_get, 1, -3), pz_mix(-3));

    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 1 + 100 + 10 + 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 0);
    assert_false(fx->host.bad_args);
    assert_false(fx->host.wrong_caller);
    pz_delete(fx);
}

/* Finished later on the same thread: PENDING until then (resuming changes nothing), the waker
 * fires once, from warden_completion_return, and the call then finishes. */
static void test_complete_later_same_thread(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_STASH;
    fx->host.watch_cancel = true;
    warden_call_t *call = pz_call1(fx, "nested_get", 7);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_PENDING);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);
    assert_null(warden_call_trap(call));

    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_PENDING);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(7) + 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 0);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 0);
    assert_false(fx->host.wrong_caller);
    pz_delete(fx);
}

/* Finished on another thread once this one saw PENDING: the waker fires once, on that thread. */
static void test_complete_from_another_thread(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_THREAD;
    pz_start_completer(&fx->host, true);
    for (int i = 0; i < 50; i++) {
        warden_call_t *call = pz_call1(fx, "nested_get", i);
        int wakes = pz_count(&fx->host, &fx->host.wakes);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes);
        pz_open_gate(&fx->host);
        PZ_WAIT(&fx->host, &fx->host.wakes, wakes + 1);
        PZ_WAIT(&fx->host, &fx->host.thread_completions, i + 1);
        assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes + 1);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
        assert_int_equal(PZ_RESULT_I32(call), pz_mix(i) + 1);
        assert_int_equal(pz_count(&fx->host, &fx->host.wakes), wakes + 1);
        warden_call_delete(call);
    }

    /* Ungated, the thread may finish the completion before or after the callback returns, before
     * or after resume returns PENDING: the result is the same, and every PENDING is woken. */
    pz_stop_completer(&fx->host);
    pz_start_completer(&fx->host, false);
    int calls = pz_count(&fx->host, &fx->host.async_calls);
    int wakes = pz_count(&fx->host, &fx->host.wakes);
    for (int i = 0; i < 200; i++) {
        warden_call_t *call = pz_call1(fx, "nested_get", i);
        pz_counts n = {0, 0, 0};
        assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
        assert_int_equal(PZ_RESULT_I32(call), pz_mix(i) + 1);
        warden_call_delete(call);
    }
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), calls + 200);
    assert_true(pz_count(&fx->host, &fx->host.wakes) - wakes <= 200);
    pz_delete(fx);
}

/* The waker set after the call became runnable: warden_call_set_waker calls it itself. */
static void test_waker_set_late(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_STASH;
    warden_call_t *call = NULL;
    API_OK(warden_call_new(fx->store, pz_func(fx, "call_get"), (warden_val_t[]){api_i32(21)}, 1,
                           &call));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);
    warden_call_set_waker(call, pz_wake, &fx->host);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(21));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    warden_call_delete(call);

    /* Set while PENDING, before the completion: fires at the completion. */
    API_OK(warden_call_new(fx->store, pz_func(fx, "call_get"), (warden_val_t[]){api_i32(22)}, 1,
                           &call));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_set_waker(call, pz_wake, &fx->host);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 2);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(22));
    warden_call_delete(call);

    /* A waker cleared (NULL) is not called; set again while runnable, it is called at once. */
    API_OK(warden_call_new(fx->store, pz_func(fx, "call_get"), (warden_val_t[]){api_i32(23)}, 1,
                           &call));
    warden_call_set_waker(call, pz_wake, &fx->host);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_set_waker(call, NULL, NULL);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 2);
    warden_call_set_waker(call, pz_wake, &fx->host);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 3);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(23));
    warden_call_delete(call);

    /* No waker at all: resuming after the completion is enough. */
    API_OK(warden_call_new(fx->store, pz_func(fx, "loop_get"), (warden_val_t[]){api_i32(3)}, 1,
                           &call));
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(n.pendings, 3);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(3));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 3);
    warden_call_delete(call);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Completions that end the call
 * ------------------------------------------------------------------------------------------- */

static void test_completion_trap(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);

    /* Inside the callback. */
    fx->host.mode = PZ_TRAP;
    warden_call_t *call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "async failed", 2, k_get_idx, k_get_names);
    warden_call_delete(call);
    assert_true(warden_instance_poisoned(fx->inst));

    /* Later. */
    fx->host.mode = PZ_STASH_TRAP;
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "async failed later", 2, k_get_idx, k_get_names);
    warden_call_delete(call);

    /* In the middle of a loop, after pauses that returned. */
    fx->host.mode = PZ_STASH;
    call = pz_call1(fx, "loop_get", 10);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        assert_true(pz_finish_stash(&fx->host));
    }
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    fx->host.mode = PZ_STASH_TRAP;
    assert_true(pz_finish_stash(&fx->host));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    static const uint32_t loop_idx[] = {PZ_F_LOOP_GET};
    static const char *const loop_names[] = {"loop_get"};
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "async failed later", 1, loop_idx, loop_names);
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 1 + 1 + 5);

    /* Through warden_func_call: the same trap. */
    fx->host.mode = PZ_TRAP;
    warden_trap_t *trap =
        API_CALL_TRAP(fx->store, pz_func(fx, "nested_get"), (warden_val_t[]){api_i32(1)}, 1, 1);
    API_TRAP(trap, WARDEN_TRAP_HOST, "async failed", 2, k_get_idx, k_get_names);
    warden_trap_delete(trap);
    trap = API_CALL_TRAP(fx->store, fx->host.f_get, (warden_val_t[]){api_i32(1)}, 1, 1);
    API_TRAP(trap, WARDEN_TRAP_HOST, "async failed", 0, NULL, NULL);
    warden_trap_delete(trap);

    /* The store works on. */
    fx->host.mode = PZ_INLINE;
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "nested_get"), 1, 2), pz_mix(2) + 1);
    pz_delete(fx);
}

/* Results are checked as a host function's are: a wrong kind or count is a host trap. */
static void test_wrong_results(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    static const pz_mode modes[] = {PZ_WRONG_KIND, PZ_WRONG_COUNT, PZ_NO_RESULT};
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        fx->host.mode = modes[i];
        warden_call_t *call = pz_call1(fx, "nested_get", 1);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
        const char *message =
            modes[i] == PZ_WRONG_KIND ? "host function returned a value of the wrong type" : NULL;
        PZ_TRAPPED(call, WARDEN_TRAP_HOST, message, 2, k_get_idx, k_get_names);
        assert_true(strlen(warden_trap_message(warden_call_trap(call))) > 0);
        warden_call_delete(call);

        /* warden_func_call sees the same. */
        warden_trap_t *trap =
            API_CALL_TRAP(fx->store, pz_func(fx, "nested_get"), (warden_val_t[]){api_i32(1)}, 1, 1);
        API_TRAP(trap, WARDEN_TRAP_HOST, message, 2, k_get_idx, k_get_names);
        warden_trap_delete(trap);
    }

    /* Finished later with the wrong kind. */
    fx->host.mode = PZ_STASH;
    warden_call_t *call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_completion_t *c = pz_take_stash(&fx->host);
    assert_non_null(c);
    warden_completion_return(c, (warden_val_t[]){api_f32_bits(0)}, 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "host function returned a value of the wrong type", 2,
               k_get_idx, k_get_names);
    warden_call_delete(call);

    /* A funcref result: of this store it comes through; of another store it is a host trap. */
    pz_fixture *other = pz_new(true);
    static const uint32_t ref_idx[] = {PZ_F_CALL_GETREF};
    static const char *const ref_names[] = {"call_getref"};
    fx->host.ref_value = fx->host.f_tick;
    call = pz_call1(fx, "call_getref", 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    warden_val_t ref = api_i32(0);
    API_OK(warden_call_results(call, &ref, 1));
    assert_int_equal(ref.kind, WARDEN_FUNCREF);
    assert_ptr_equal(ref.of.funcref, fx->host.f_tick);
    warden_call_delete(call);
    fx->host.ref_value = NULL;
    call = pz_call1(fx, "call_getref", 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    API_OK(warden_call_results(call, &ref, 1));
    assert_int_equal(ref.kind, WARDEN_FUNCREF);
    assert_null(ref.of.funcref);
    warden_call_delete(call);
    fx->host.ref_value = other->host.f_tick;
    call = pz_call1(fx, "call_getref", 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "host function returned a function of another store", 1,
               ref_idx, ref_names);
    warden_call_delete(call);
    warden_trap_t *trap =
        API_CALL_TRAP(fx->store, pz_func(fx, "call_getref"), (warden_val_t[]){api_i32(0)}, 1, 1);
    API_TRAP(trap, WARDEN_TRAP_HOST, "host function returned a function of another store", 1,
             ref_idx, ref_names);
    warden_trap_delete(trap);
    fx->host.ref_as_i32 = true;
    call = pz_call1(fx, "call_getref", 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "host function returned a value of the wrong type", 1,
               ref_idx, ref_names);
    warden_call_delete(call);
    pz_delete(other);

    fx->host.mode = PZ_INLINE;
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "nested_get"), 1, 2), pz_mix(2) + 1);
    pz_delete(fx);
}

/* An async function without results finishes with warden_completion_return(c, NULL, 0). */
static void async_nothing(void *env, warden_caller_t *caller, const warden_val_t *args,
                          size_t nargs, warden_completion_t *completion)
{
    (void)caller, (void)args, (void)nargs;
    pz_host *h = env;
    pz_bump(h, &h->async_calls);
    warden_completion_return(completion, NULL, 0);
}

static void test_no_results(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(NULL, 0, NULL, 0, &type));
    warden_func_t *nothing = NULL;
    API_OK(warden_func_new_async(fx->store, type, async_nothing, &fx->host, NULL, &nothing));
    warden_functype_delete(type);
    API_CALL(fx->store, nothing, NULL, 0, NULL, 0);
    warden_call_t *call = NULL;
    API_OK(warden_call_new(fx->store, nothing, NULL, 0, &call));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    API_OK(warden_call_results(call, NULL, 0));
    warden_call_delete(call);
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 2);
    pz_delete(fx);
}

/* An async callback may call the guest with warden_func_call (re-entry) before it returns, and
 * then finish its completion at once or later: the pause comes after the nested call ended. */
static void test_callback_reenters(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.reenter_target = pz_func(fx, "double");
    fx->host.mode = PZ_REENTER;
    warden_call_t *call = pz_call1(fx, "nested_get", 21);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), 43);
    assert_int_equal(fx->host.callback_reentries, 1);
    warden_call_delete(call);
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "nested_get"), 1, 5), 11);
    assert_int_equal(api_call_i32(fx->store, fx->host.f_get, 1, 6), 12);

    fx->host.mode = PZ_REENTER_STASH;
    call = pz_call1(fx, "loop_get", 4);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(n.pendings, 4);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(4));
    assert_int_equal(fx->host.callback_reentries, 3 + 4);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 4);
    warden_call_delete(call);

    /* The nested call traps: the callback passes the trap on as its completion's. */
    fx->host.mode = PZ_REENTER;
    fx->host.reenter_target = pz_func(fx, "recurse");
    call = pz_call1(fx, "nested_get", 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    const warden_trap_t *t = warden_call_trap(call);
    assert_int_equal(warden_trap_kind(t), WARDEN_TRAP_STACK_EXHAUSTED);
    /* The nested frames first, then the frames of the call. */
    size_t count = warden_trap_frame_count(t);
    assert_true(count >= 3);
    uint32_t index = 0;
    const char *name = NULL;
    assert_true(warden_trap_frame(t, 0, &index, &name));
    assert_int_equal(index, PZ_F_RECURSE);
    assert_true(warden_trap_frame(t, count - 1, &index, &name));
    API_STREQ(name, "nested_get");
    assert_true(warden_trap_frame(t, count - 2, &index, &name));
    API_STREQ(name, "call_get");
    warden_call_delete(call);

    fx->host.mode = PZ_INLINE;
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(1) + 1);
    warden_call_delete(call);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Many pauses
 * ------------------------------------------------------------------------------------------- */

/* A thousand calls of "get" in one guest loop, each finished by the completer thread once this
 * thread saw PENDING: a thousand pauses, a thousand wakes, the exact result. */
static void test_thousand_pauses(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_THREAD;
    pz_start_completer(&fx->host, true);
    warden_call_t *call = pz_call1(fx, "loop_get", 1000);
    int pendings = 0;
    warden_call_status_t st;
    while ((st = warden_call_resume(call)) == WARDEN_CALL_PENDING) {
        pendings++;
        assert_int_equal(pz_count(&fx->host, &fx->host.wakes), pendings - 1);
        pz_open_gate(&fx->host);
        PZ_WAIT(&fx->host, &fx->host.wakes, pendings);
    }
    assert_int_equal(st, WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(1000));
    assert_int_equal(pendings, 1000);
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 1000);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 1000);
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 1000);
    warden_call_delete(call);

    /* The same with the thread finishing each completion as soon as it has it. */
    pz_stop_completer(&fx->host);
    pz_start_completer(&fx->host, false);
    call = pz_call1(fx, "loop_get", 1000);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(1000));
    assert_true(n.pendings <= 1000);
    assert_int_equal(pz_count(&fx->host, &fx->host.async_calls), 2000);
    warden_call_delete(call);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Re-entry
 * ------------------------------------------------------------------------------------------- */

#define CANNOT_PAUSE "cannot pause a call inside a host function that re-entered the guest"

static void test_reentry_cannot_pause(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    fx->host.reenter_target = pz_func(fx, "call_get");
    fx->host.mode = PZ_STASH;
    fx->host.watch_cancel = true;

    /* Outer: a call that can pause; inner: warden_func_call from a host function, whose async
     * function does not finish in its callback. */
    warden_call_t *call = pz_call1(fx, "call_reenter", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    assert_true(fx->host.inner_trapped);
    assert_false(fx->host.inner_error);
    assert_int_equal(fx->host.inner_kind, WARDEN_TRAP_HOST);
    API_STREQ(fx->host.inner_message, CANNOT_PAUSE);
    assert_int_equal(fx->host.inner_frames, 1);
    assert_int_equal(fx->host.inner_frame0, PZ_F_CALL_GET);
    static const uint32_t idx[] = {PZ_F_CALL_GET, PZ_F_CALL_REENTER};
    static const char *const names[] = {"call_get", "call_reenter"};
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, CANNOT_PAUSE, 2, idx, names);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);
    warden_call_delete(call);

    /* The completion handed out was told it will not be waited for, at most once; the host
     * still finishes it, which only frees it. */
    assert_true(pz_count(&fx->host, &fx->host.cancels) <= 1);
    warden_completion_t *c = pz_take_stash(&fx->host);
    assert_non_null(c);
    warden_completion_return(c, (warden_val_t[]){api_i32(0)}, 1);
    assert_true(pz_count(&fx->host, &fx->host.cancels) <= 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);

    /* An async function that finishes in its callback works inside the nested call. */
    fx->host.mode = PZ_INLINE;
    fx->host.inner_trapped = false;
    call = pz_call1(fx, "call_reenter", 6);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(6) + 100);
    assert_false(fx->host.inner_trapped);
    assert_int_equal(fx->host.inner_result, pz_mix(6));
    warden_call_delete(call);

    /* Pausing before and after the nested call is fine. */
    fx->host.reenter_target = pz_func(fx, "spin");
    fx->host.mode = PZ_STASH;
    call = pz_call1(fx, "around", 9);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, &fx->host, &n), WARDEN_CALL_DONE);
    assert_int_equal(n.pendings, 2);
    assert_int_equal(PZ_RESULT_I32(call),
                     (int32_t)(2u * (uint32_t)pz_mix(9) + (uint32_t)pz_expect_spin(9)));
    warden_call_delete(call);

    fx->host.reenter_target = pz_func(fx, "loop_get");
    fx->host.mode = PZ_INLINE;
    call = pz_call1(fx, "call_reenter", 4);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_loop_get(4) + 100);
    warden_call_delete(call);
    pz_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * warden_func_call waits
 * ------------------------------------------------------------------------------------------- */

/* Once "get" has been called `calls` times in all, raises the interrupt, or advances the epoch
 * `ticks` times. */
typedef struct stopper {
    pz_host *host;
    int calls;
    warden_interrupt_t *interrupt;
    int ticks;
    pthread_t thread;
} stopper;

static void *stopper_main(void *arg)
{
    stopper *st = arg;
    PZ_WAIT(st->host, &st->host->async_calls, st->calls);
    if (st->interrupt) warden_interrupt_raise(st->interrupt);
    for (int i = 0; i < st->ticks; i++) warden_engine_increment_epoch(st->host->engine);
    return NULL;
}

/* warden_func_call waiting for a completion that never comes is stopped by an interrupt and by
 * its deadline, as a call that can pause is; the completion is told, and finished later. */
static void test_func_call_wait_stopped(void **state)
{
    (void)state;
    pz_alarm *alarm = pz_alarm_arm("warden_func_call waiting on a completion");
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_THREAD;
    fx->host.watch_cancel = true;
    pz_start_completer(&fx->host, true);
    static const uint32_t idx[] = {PZ_F_CALL_GET, PZ_F_NESTED_GET};
    static const char *const names[] = {"call_get", "nested_get"};

    warden_interrupt_t *interrupt = NULL;
    API_OK(warden_interrupt_new(fx->store, &interrupt));
    stopper st = {&fx->host, 1, interrupt, 0, 0};
    assert_int_equal(pthread_create(&st.thread, NULL, stopper_main, &st), 0);
    warden_trap_t *trap =
        API_CALL_TRAP(fx->store, pz_func(fx, "nested_get"), (warden_val_t[]){api_i32(1)}, 1, 1);
    pthread_join(st.thread, NULL);
    API_TRAP(trap, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, idx, names);
    warden_trap_delete(trap);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 1);
    pz_open_gate(&fx->host);
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 1);

    warden_store_set_deadline(fx->store, 3);
    st = (stopper){&fx->host, 2, NULL, 3, 0};
    assert_int_equal(pthread_create(&st.thread, NULL, stopper_main, &st), 0);
    trap = API_CALL_TRAP(fx->store, pz_func(fx, "nested_get"), (warden_val_t[]){api_i32(1)}, 1, 1);
    pthread_join(st.thread, NULL);
    API_TRAP(trap, WARDEN_TRAP_DEADLINE, "deadline reached", 2, idx, names);
    warden_trap_delete(trap);
    assert_int_equal(pz_count(&fx->host, &fx->host.cancels), 2);
    pz_open_gate(&fx->host);
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 2);
    warden_store_set_deadline(fx->store, 0);

    pz_stop_completer(&fx->host);
    fx->host.mode = PZ_INLINE;
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "nested_get"), 1, 2), pz_mix(2) + 1);
    warden_interrupt_delete(interrupt);
    pz_delete(fx);
    pz_alarm_disarm(alarm);
}

static void test_func_call_waits(void **state)
{
    (void)state;
    pz_alarm *alarm = pz_alarm_arm("warden_func_call waiting on a completion");
    pz_fixture *fx = pz_new(true);
    fx->host.mode = PZ_THREAD;
    fx->host.delay_ms = 20;
    pz_start_completer(&fx->host, false);

    /* The async host function itself, called from the host. */
    assert_int_equal(api_call_i32(fx->store, fx->host.f_get, 1, 11), pz_mix(11));
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 1);
    assert_int_equal(pz_count(&fx->host, &fx->host.thread_completions), 1);

    /* Through the guest, nested, and in a loop. */
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "nested_get"), 1, 12), pz_mix(12) + 1);
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 2);
    assert_int_equal(pz_count(&fx->host, &fx->host.thread_completions), 2);
    fx->host.delay_ms = 0;
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "loop_get"), 1, 50),
                     pz_expect_loop_get(50));
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 52);
    assert_int_equal(pz_count(&fx->host, &fx->host.thread_completions), 52);

    /* Re-entry under an outer warden_func_call: the contract does not say whether the nested
     * warden_func_call waits too or fails as inside a call that can pause; either way the
     * completion is finished by its thread and nothing is left behind. */
    fx->host.delay_ms = 20;
    fx->host.reenter_target = pz_func(fx, "call_get");
    warden_val_t r = api_i32(0);
    warden_trap_t *trap = NULL;
    API_OK(warden_func_call(fx->store, pz_func(fx, "call_reenter"), (warden_val_t[]){api_i32(13)},
                            1, &r, 1, &trap));
    if (trap) {
        static const uint32_t idx[] = {PZ_F_CALL_GET, PZ_F_CALL_REENTER};
        static const char *const names[] = {"call_get", "call_reenter"};
        API_TRAP(trap, WARDEN_TRAP_HOST, CANNOT_PAUSE, 2, idx, names);
        warden_trap_delete(trap);
    } else {
        assert_int_equal(r.of.i32, pz_mix(13) + 100);
    }
    PZ_WAIT(&fx->host, &fx->host.thread_completions, 53);
    assert_int_equal(pz_count(&fx->host, &fx->host.wakes), 0);
    fx->host.mode = PZ_INLINE;
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "nested_get"), 1, 14), pz_mix(14) + 1);
    pz_delete(fx);
    pz_alarm_disarm(alarm);
}

/* ---------------------------------------------------------------------------------------------
 * Steps: warden_completion_return_with
 * ------------------------------------------------------------------------------------------- */

/* loop_get(n) when get(x) is double(x) = 2x. */
static int32_t expect_loop_double(int32_t n)
{
    uint32_t acc = 0;
    for (uint32_t i = 1; i <= (uint32_t)n; i++) acc = 2u * (acc + i);
    return (int32_t)acc;
}

/* Finished inside the callback: the step runs right there, as a sync host function would, and
 * its env is freed once. */
static void test_step_inline(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    pz_host *h = &fx->host;
    h->mode = PZ_STEP;
    warden_call_t *call = pz_call1(fx, "nested_get", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(5) + 1);
    assert_int_equal(pz_count(h, &h->steps), 1);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 1);
    assert_true(pthread_equal(h->step_thread, pthread_self()));
    warden_call_delete(call);

    /* warden_func_call, of the guest and of the host function itself. */
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "loop_get"), 1, 10),
                     pz_expect_loop_get(10));
    assert_int_equal(api_call_i32(fx->store, fx->host.f_get, 1, -3), pz_mix(-3));
    assert_int_equal(pz_count(h, &h->steps), 1 + 10 + 1);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 1 + 10 + 1);

    /* The step calls the guest. */
    h->step_target = pz_func(fx, "double");
    call = pz_call1(fx, "nested_get", 21);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), 43);
    warden_call_delete(call);
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "loop_get"), 1, 6), expect_loop_double(6));

    /* The step traps, or makes a result of the wrong kind. */
    h->step_target = NULL;
    h->step_trap = true;
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "step failed", 2, k_get_idx, k_get_names);
    warden_call_delete(call);
    h->step_trap = false;
    h->step_wrong_kind = true;
    warden_trap_t *trap =
        API_CALL_TRAP(fx->store, pz_func(fx, "nested_get"), (warden_val_t[]){api_i32(1)}, 1, 1);
    API_TRAP(trap, WARDEN_TRAP_HOST, "host function returned a value of the wrong type", 2,
             k_get_idx, k_get_names);
    warden_trap_delete(trap);
    h->step_wrong_kind = false;
    assert_int_equal(pz_count(h, &h->steps), pz_count(h, &h->step_envs_freed));
    assert_false(h->bad_args);
    assert_false(h->wrong_caller);
    assert_int_equal(pz_count(h, &h->wakes), 0);
    pz_delete(fx);
}

/* Finished later, on this thread or another: the step does not run at the finish but at the
 * resume, on the thread that resumes, inside the call. */
static void test_step_paused(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    pz_host *h = &fx->host;
    h->mode = PZ_STEP_STASH;
    warden_call_t *call = pz_call1(fx, "nested_get", 7);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(h));
    assert_false(h->bad_data);
    assert_int_equal(pz_count(h, &h->wakes), 1);
    assert_int_equal(pz_count(h, &h->steps), 0);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_mix(7) + 1);
    assert_int_equal(pz_count(h, &h->steps), 1);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 1);
    warden_call_delete(call);

    /* Finished by another thread: the step waits for this one. */
    h->mode = PZ_THREAD;
    h->thread_step = true;
    pz_start_completer(h, true);
    for (int i = 0; i < 20; i++) {
        call = pz_call1(fx, "nested_get", i);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        pz_open_gate(h);
        PZ_WAIT(h, &h->thread_completions, i + 1);
        assert_int_equal(pz_count(h, &h->steps), 1 + i);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
        assert_int_equal(pz_count(h, &h->steps), 2 + i);
        assert_true(pthread_equal(h->step_thread, pthread_self()));
        assert_int_equal(PZ_RESULT_I32(call), pz_mix(i) + 1);
        warden_call_delete(call);
    }
    pz_stop_completer(h);
    h->thread_step = false;

    /* Steps that call the guest, at each of many pauses: their frames go above the paused
     * call's, which goes on intact. */
    h->mode = PZ_STEP_STASH;
    h->step_target = pz_func(fx, "double");
    call = pz_call1(fx, "loop_get", 30);
    pz_counts n = {0, 0, 0};
    assert_int_equal(pz_drive(call, h, &n), WARDEN_CALL_DONE);
    assert_int_equal(n.pendings, 30);
    assert_int_equal(PZ_RESULT_I32(call), expect_loop_double(30));
    warden_call_delete(call);
    h->step_target = pz_func(fx, "fib");
    call = pz_call1(fx, "call_get", 20);
    assert_int_equal(pz_drive(call, h, NULL), WARDEN_CALL_DONE);
    assert_int_equal(PZ_RESULT_I32(call), pz_expect_fib(20));
    warden_call_delete(call);

    /* A step's trap ends the call as the host function's would, with its backtrace. */
    h->step_target = NULL;
    h->step_trap = true;
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(h));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "step failed", 2, k_get_idx, k_get_names);
    warden_call_delete(call);
    h->step_trap = false;
    h->step_wrong_kind = true;
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(h));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "host function returned a value of the wrong type", 2,
               k_get_idx, k_get_names);
    warden_call_delete(call);
    h->step_wrong_kind = false;

    assert_int_equal(pz_count(h, &h->steps), pz_count(h, &h->step_envs_freed));
    assert_false(h->bad_args);
    assert_false(h->bad_data);
    assert_false(h->wrong_caller);
    pz_delete(fx);
}

/* warden_func_call waits for a step finished on another thread and runs it on this one. */
static void test_step_func_call_waits(void **state)
{
    (void)state;
    pz_alarm *alarm = pz_alarm_arm("warden_func_call waiting on a step");
    pz_fixture *fx = pz_new(true);
    pz_host *h = &fx->host;
    h->mode = PZ_THREAD;
    h->thread_step = true;
    h->step_target = pz_func(fx, "double");
    pz_start_completer(h, false);
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "nested_get"), 1, 12), 25);
    assert_true(pthread_equal(h->step_thread, pthread_self()));
    assert_int_equal(api_call_i32(fx->store, pz_func(fx, "loop_get"), 1, 40),
                     expect_loop_double(40));
    assert_int_equal(api_call_i32(fx->store, h->f_get, 1, 9), 18);
    assert_int_equal(pz_count(h, &h->steps), 1 + 40 + 1);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 1 + 40 + 1);
    pz_delete(fx);
    pz_alarm_disarm(alarm);
}

/* A step that never runs: its env is freed once, by whoever learns it will not run. */
static void test_step_dropped(void **state)
{
    (void)state;
    pz_fixture *fx = pz_new(true);
    pz_host *h = &fx->host;
    h->mode = PZ_STEP_STASH;
    h->watch_cancel = true;

    /* Finished, then the call cancelled before it took the outcome. */
    warden_call_t *call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(h));
    warden_call_cancel(call);
    PZ_TRAPPED(call, WARDEN_TRAP_INTERRUPTED, "interrupted", 2, k_get_idx, k_get_names);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 1);
    assert_int_equal(pz_count(h, &h->cancels), 0); /* it had finished: nothing to tell */
    warden_call_delete(call);

    /* Cancelled, then finished: the finish frees it. */
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_cancel(call);
    assert_int_equal(pz_count(h, &h->cancels), 1);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 1);
    assert_true(pz_finish_stash(h));
    assert_int_equal(pz_count(h, &h->step_envs_freed), 2);
    warden_call_delete(call);

    /* Inside a nested call, which cannot pause: the completion is given up, and the late finish
     * frees the env. */
    h->reenter_target = pz_func(fx, "call_get");
    call = pz_call1(fx, "call_reenter", 5);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    assert_true(pz_finish_stash(h));
    assert_int_equal(pz_count(h, &h->step_envs_freed), 3);
    warden_call_delete(call);
    assert_int_equal(pz_count(h, &h->steps), 0);

    /* The store deleted while the call waits, finished or not. */
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    assert_true(pz_finish_stash(h));
    warden_store_delete(fx->store);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 4);
    PZ_TRAPPED(call, WARDEN_TRAP_HOST, "the call's store was deleted", 2, k_get_idx, k_get_names);
    warden_call_delete(call);
    pz_delete_fixture(fx, true);

    fx = pz_new(true);
    h = &fx->host;
    h->mode = PZ_STEP_STASH;
    call = pz_call1(fx, "nested_get", 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_store_delete(fx->store);
    warden_call_delete(call);
    assert_int_equal(pz_count(h, &h->step_envs_freed), 0);
    assert_true(pz_finish_stash(h));
    assert_int_equal(pz_count(h, &h->step_envs_freed), 1);
    assert_int_equal(pz_count(h, &h->steps), 0);
    pz_delete_fixture(fx, true);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_inside_callback),
        cmocka_unit_test(test_complete_later_same_thread),
        cmocka_unit_test(test_complete_from_another_thread),
        cmocka_unit_test(test_waker_set_late),
        cmocka_unit_test(test_completion_trap),
        cmocka_unit_test(test_wrong_results),
        cmocka_unit_test(test_no_results),
        cmocka_unit_test(test_callback_reenters),
        cmocka_unit_test(test_thousand_pauses),
        cmocka_unit_test(test_reentry_cannot_pause),
        cmocka_unit_test(test_func_call_waits),
        cmocka_unit_test(test_func_call_wait_stopped),
        cmocka_unit_test(test_step_inline),
        cmocka_unit_test(test_step_paused),
        cmocka_unit_test(test_step_func_call_waits),
        cmocka_unit_test(test_step_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
