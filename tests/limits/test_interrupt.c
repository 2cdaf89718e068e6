/* Interrupts: a handle that stops the store's running call at its next check with
 * WARDEN_TRAP_INTERRUPTED, raised from another thread, from a signal handler, or from inside the
 * call; and a request made while no call runs, or after its call returned, never touches the next
 * call. Threads synchronise through events, never through sleeps. A 20 s deadline serves as the
 * watchdog: an interrupt that fails to stop a guest makes the call end DEADLINE and the test
 * fail instead of hanging. */
#include "support.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define WATCHDOG_TICKS 20000 /* 20 s at the default 1 ms tick */

typedef struct host_state {
    warden_interrupt_t *interrupt;
    lt_event *ready;
    bool by_signal;         /* "raise" sends SIGUSR1 to the calling thread instead */
    uint64_t then_deadline; /* when not 0, "raise" then sets the store's deadline to this */
    warden_store_t *store;
    int raise_calls;
} host_state;

static _Atomic(warden_interrupt_t *) g_signal_interrupt;

static void on_sigusr1(int sig)
{
    (void)sig;
    warden_interrupt_t *i = atomic_load(&g_signal_interrupt);
    if (i) warden_interrupt_raise(i);
}

static warden_trap_t *host_raise(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    (void)results;
    (void)nresults;
    host_state *h = env;
    h->raise_calls++;
    if (h->by_signal)
        raise(SIGUSR1);
    else
        warden_interrupt_raise(h->interrupt);
    if (h->then_deadline) warden_store_set_deadline(h->store, h->then_deadline);
    return NULL;
}

typedef struct fixture {
    lt_env *env;
    host_state host;
    warden_instance_t *inst;
} fixture;

static fixture *fixture_new(void)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = lt_env_new(NULL);
    LT_OK(warden_interrupt_new(fx->env->store, &fx->host.interrupt));
    fx->host.ready = lt_event_new();
    lt_define_ready(fx->env, &fx->host.ready);
    lt_define_host(fx->env, "host", "raise", 0, 0, host_raise, &fx->host);
    fx->host.store = fx->env->store;
    fx->inst = lt_instantiate(fx->env, "interrupt");
    warden_store_set_deadline(fx->env->store, WATCHDOG_TICKS);
    return fx;
}

static void fixture_delete(fixture *fx)
{
    warden_interrupt_delete(fx->host.interrupt);
    lt_event_delete(fx->host.ready);
    lt_env_delete(fx->env);
    free(fx);
}

/* A new ready event for the next call. */
static void rearm(fixture *fx)
{
    lt_event_delete(fx->host.ready);
    fx->host.ready = lt_event_new();
}

static int32_t finite(fixture *fx, int32_t n)
{
    return lt_call_i32(fx->env->store, lt_func(fx->inst, "finite"), 1, n);
}

/* ---------------------------------------------------------------------------------------------
 * Stopping a running call
 * ------------------------------------------------------------------------------------------- */

typedef struct raiser {
    lt_event *ready;
    warden_interrupt_t *interrupt;
    pthread_t target; /* with by_signal: the thread to send SIGUSR1 to */
    bool by_signal;
} raiser;

static void *raise_when_ready(void *arg)
{
    raiser *r = arg;
    lt_event_wait(r->ready);
    if (r->by_signal)
        pthread_kill(r->target, SIGUSR1);
    else
        warden_interrupt_raise(r->interrupt);
    return NULL;
}

/* The guest tells the host it runs, then spins; another thread waits for that and raises. The
 * store is usable afterwards. Repeated to give races a chance to show. */
static void test_from_another_thread(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    for (int round = 0; round < 20; round++) {
        rearm(fx);
        raiser r = {fx->host.ready, fx->host.interrupt, pthread_self(), false};
        pthread_t thread;
        assert_int_equal(pthread_create(&thread, NULL, raise_when_ready, &r), 0);
        warden_trap_t *trap = lt_call(fx->env->store, lt_func(fx->inst, "ready_spin"), NULL, 0, 0);
        pthread_join(thread, NULL);
        LT_TRAP(trap, WARDEN_TRAP_INTERRUPTED);
        assert_int_equal(finite(fx, 1000), 500500);
    }
    fixture_delete(fx);
}

static void install_handler(struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigusr1;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    assert_int_equal(sigaction(SIGUSR1, &sa, old), 0);
}

/* Another thread sends SIGUSR1 to the thread running the guest; the handler raises. */
static void test_from_signal_handler(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    struct sigaction old;
    atomic_store(&g_signal_interrupt, fx->host.interrupt);
    install_handler(&old);
    raiser r = {fx->host.ready, fx->host.interrupt, pthread_self(), true};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, raise_when_ready, &r), 0);
    warden_trap_t *trap = lt_call(fx->env->store, lt_func(fx->inst, "ready_spin"), NULL, 0, 0);
    pthread_join(thread, NULL);
    sigaction(SIGUSR1, &old, NULL);
    atomic_store(&g_signal_interrupt, NULL);
    LT_TRAP(trap, WARDEN_TRAP_INTERRUPTED);
    assert_int_equal(finite(fx, 1000), 500500);
    fixture_delete(fx);
}

/* The guest raises through a signal delivered to its own thread, then spins. */
static void test_from_signal_in_guest_thread(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    struct sigaction old;
    atomic_store(&g_signal_interrupt, fx->host.interrupt);
    install_handler(&old);
    fx->host.by_signal = true;
    warden_trap_t *trap = lt_call(fx->env->store, lt_func(fx->inst, "raise_then_spin"), NULL, 0, 0);
    sigaction(SIGUSR1, &old, NULL);
    atomic_store(&g_signal_interrupt, NULL);
    LT_TRAP(trap, WARDEN_TRAP_INTERRUPTED);
    assert_int_equal(fx->host.raise_calls, 1);
    assert_int_equal(finite(fx, 1000), 500500);
    fixture_delete(fx);
}

typedef struct hammer {
    warden_interrupt_t *interrupt;
    atomic_bool done;
} hammer;

static void *raise_until_done(void *arg)
{
    hammer *h = arg;
    while (!atomic_load(&h->done)) {
        warden_interrupt_raise(h->interrupt);
        sched_yield();
    }
    return NULL;
}

/* A call tree without loops is stopped at a function entry. The other thread raises until the
 * call is over: requests made before the call started are dropped, the first one made during
 * the call stops it. */
static void test_call_tree(void **state)
{
    (void)state;
    lt_env *env = lt_env_new(NULL);
    warden_instance_t *inst = lt_instantiate(env, "calltree");
    warden_store_set_deadline(env->store, WATCHDOG_TICKS);
    hammer h;
    LT_OK(warden_interrupt_new(env->store, &h.interrupt));
    atomic_init(&h.done, false);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, raise_until_done, &h), 0);
    warden_trap_t *trap = lt_call(env->store, lt_func(inst, "f0"), NULL, 0, 0);
    atomic_store(&h.done, true);
    pthread_join(thread, NULL);
    LT_TRAP(trap, WARDEN_TRAP_INTERRUPTED);
    warden_interrupt_delete(h.interrupt);
    lt_env_delete(env);
}

/* A request that arrives while the call is in host code (here raised by the host function
 * itself, as another thread could at that moment) survives the host function moving the store's
 * deadline far away: the guest stops at its next check, not when a watchdog raises again 5 s
 * later. */
static void test_survives_deadline_change_in_host(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    fx->host.then_deadline = 1000000;
    lt_watchdog *w = lt_watchdog_start(fx->env->store, 5.0);
    double t0 = lt_now();
    warden_trap_t *trap = lt_call(fx->env->store, lt_func(fx->inst, "raise_then_spin"), NULL, 0, 0);
    double elapsed = lt_now() - t0;
    bool fired = lt_watchdog_stop(w);
    LT_TRAP(trap, WARDEN_TRAP_INTERRUPTED);
    if (fired) print_error("the request was lost: only the watchdog stopped the guest\n");
    assert_false(fired);
    assert_true(elapsed < 2.0);
    fixture_delete(fx);
}

/* ---------------------------------------------------------------------------------------------
 * Requests that must not touch the next call
 * ------------------------------------------------------------------------------------------- */

/* Raised while no call runs: the next calls complete. */
static void test_raised_between_calls(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    warden_interrupt_raise(fx->host.interrupt);
    assert_int_equal(finite(fx, 1000), 500500);
    assert_int_equal(finite(fx, 1000), 500500);
    assert_int_equal(finite(fx, 10), 55);
    warden_interrupt_raise(fx->host.interrupt);
    warden_interrupt_raise(fx->host.interrupt);
    assert_int_equal(finite(fx, 1000), 500500);
    fixture_delete(fx);
}

/* Raised inside a call that then returns without passing a check site: the request was for
 * that call, and the next call completes. */
static void test_raised_late_in_a_call(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    int32_t r = 0;
    warden_trap_t *trap = lt_call(fx->env->store, lt_func(fx->inst, "raise_then_return"), &r, 1, 0);
    if (trap)
        LT_TRAP(trap, WARDEN_TRAP_INTERRUPTED);
    else
        assert_int_equal(r, 42);
    assert_int_equal(fx->host.raise_calls, 1);
    assert_int_equal(finite(fx, 1000), 500500);
    assert_int_equal(finite(fx, 1000), 500500);
    fixture_delete(fx);
}

/* A call stopped by an interrupt leaves nothing behind for the next one. */
static void test_interrupted_call_leaves_nothing(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "raise_then_spin"), NULL, 0, 0),
            WARDEN_TRAP_INTERRUPTED);
    assert_int_equal(finite(fx, 1000), 500500);
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "raise_then_spin"), NULL, 0, 0),
            WARDEN_TRAP_INTERRUPTED);
    assert_int_equal(finite(fx, 1000), 500500);
    fixture_delete(fx);
}

typedef struct late_raiser {
    lt_event *returned, *raised;
    warden_interrupt_t *interrupt;
} late_raiser;

static void *raise_after_return(void *arg)
{
    late_raiser *l = arg;
    lt_event_wait(l->returned);
    warden_interrupt_raise(l->interrupt);
    lt_event_set(l->raised);
    return NULL;
}

/* Another thread raises after the call returned (and before the next one starts). */
static void test_raised_after_return_from_thread(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    for (int round = 0; round < 50; round++) {
        late_raiser l = {lt_event_new(), lt_event_new(), fx->host.interrupt};
        pthread_t thread;
        assert_int_equal(pthread_create(&thread, NULL, raise_after_return, &l), 0);
        assert_int_equal(finite(fx, 100), 5050);
        lt_event_set(l.returned);
        lt_event_wait(l.raised);
        assert_int_equal(finite(fx, 1000), 500500);
        pthread_join(thread, NULL);
        lt_event_delete(l.returned);
        lt_event_delete(l.raised);
    }
    fixture_delete(fx);
}

/* Handles: several per store, any of them stops the call; a NULL store is refused. */
static void test_handles(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    warden_interrupt_t *second = NULL;
    LT_OK(warden_interrupt_new(fx->env->store, &second));
    warden_interrupt_t *first = fx->host.interrupt;
    fx->host.interrupt = second;
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "raise_then_spin"), NULL, 0, 0),
            WARDEN_TRAP_INTERRUPTED);
    fx->host.interrupt = first;
    warden_interrupt_delete(second);
    assert_int_equal(finite(fx, 10), 55);

    warden_interrupt_t *none = NULL;
    warden_error_t *err = warden_interrupt_new(NULL, &none);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(err);
    warden_interrupt_delete(NULL);
    fixture_delete(fx);
}

/* A handle outlives its store: raising it afterwards does nothing and reads no freed memory
 * (AddressSanitizer would report it), and it is still deleted normally. */
static void test_outlives_store(void **state)
{
    (void)state;
    lt_env *env = lt_env_new(NULL);
    warden_interrupt_t *a = NULL, *b = NULL;
    LT_OK(warden_interrupt_new(env->store, &a));
    LT_OK(warden_interrupt_new(env->store, &b));
    warden_interrupt_raise(a);
    lt_env_delete(env);
    warden_interrupt_raise(a);
    warden_interrupt_raise(b);
    warden_interrupt_delete(a);
    warden_interrupt_raise(b);
    warden_interrupt_delete(b);
}

typedef struct storm {
    warden_interrupt_t *interrupt;
    _Atomic int stop;
    _Atomic long raised;
} storm;

static void *raise_until_stopped(void *arg)
{
    storm *st = arg;
    while (!atomic_load(&st->stop)) {
        warden_interrupt_raise(st->interrupt);
        atomic_fetch_add(&st->raised, 1);
    }
    return NULL;
}

/* Another thread raises without pause while the store runs a call and is then deleted: the
 * deletion waits for a raise under way, and no raise touches the freed store (ThreadSanitizer and
 * AddressSanitizer watch). */
static void test_raised_while_store_deleted(void **state)
{
    (void)state;
    for (int round = 0; round < 20; round++) {
        fixture *fx = fixture_new();
        storm st = {.interrupt = NULL};
        LT_OK(warden_interrupt_new(fx->env->store, &st.interrupt));
        atomic_init(&st.stop, 0);
        atomic_init(&st.raised, 0);
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, raise_until_stopped, &st), 0);
        while (atomic_load(&st.raised) < 100) sched_yield();
        /* The call is stopped by the raises or finishes first; either way it ends. */
        warden_trap_t *trap = NULL;
        warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = 1000}, result;
        warden_error_t *err = warden_func_call(fx->env->store, lt_func(fx->inst, "finite"), &arg, 1,
                                               &result, 1, &trap);
        assert_null(err);
        if (trap) {
            assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_INTERRUPTED);
            warden_trap_delete(trap);
        }
        long before = atomic_load(&st.raised);
        fixture_delete(fx); /* deletes the store while the thread raises */
        while (atomic_load(&st.raised) < before + 100) sched_yield();
        atomic_store(&st.stop, 1);
        pthread_join(t, NULL);
        warden_interrupt_delete(st.interrupt);
    }
}

int main(int argc, char **argv)
{
    lt_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_another_thread),
        cmocka_unit_test(test_from_signal_handler),
        cmocka_unit_test(test_from_signal_in_guest_thread),
        cmocka_unit_test(test_call_tree),
        cmocka_unit_test(test_survives_deadline_change_in_host),
        cmocka_unit_test(test_raised_between_calls),
        cmocka_unit_test(test_raised_late_in_a_call),
        cmocka_unit_test(test_interrupted_call_leaves_nothing),
        cmocka_unit_test(test_raised_after_return_from_thread),
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_outlives_store),
        cmocka_unit_test(test_raised_while_store_deleted),
    };
    return cmocka_run_group_tests_name("limits/interrupt", tests, NULL, NULL);
}
