/* Async host functions of components (warden_component_linker_define_func_async), imported by
 * the consumer guest (tests/component/guests/consumer.c): `greet` (a string, whose result is
 * lowered through the guest's realloc), `add` (a flat u32) and `nothing` are async; `swap` is
 * sync. A guest's call of an async import pauses (PENDING) until the host finishes it, from this
 * thread or another; its result is lowered when the call is resumed. Also: finished inside the
 * callback, waited for under warden_component_func_call, traps, results of the wrong type,
 * cancels (with the cancel notice) and the store deleted while a call waits: ASan checks that
 * nothing leaks or is freed twice. And the host's own call of an async function that the
 * reexport guest (reexport.wat) exports. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IFACE "test:pkg/iface@1.0.0#"
#define MISMATCH "host function returned a value that does not match its type"

typedef enum ah_mode {
    AH_INLINE, /* finished inside the callback */
    AH_STASH,  /* kept for the test to finish */
    AH_THREAD, /* finished by a thread the callback starts (joined by the test) */
    AH_TRAP,   /* warden_completion_trap inside the callback */
    AH_WRONG,  /* finished inside the callback with a u32 where a string is due */
} ah_mode;

#define AH_MAX_THREADS 16

/* The host: how it finishes, what it saw. Callbacks do not assert (a failure would unwind
 * through the guest): the tests check afterwards. */
typedef struct ah_host {
    pthread_mutex_t mu;
    ah_mode mode;
    bool watch_cancel;
    int calls, cancels, wakes;
    bool bad_args;
    warden_store_t *store;
    warden_completion_t *stash;
    warden_component_val_t stash_value; /* what the stashed call should return */
    pthread_t threads[AH_MAX_THREADS];
    int nthreads;
} ah_host;

/* A result handed to a thread that finishes the completion with it. */
typedef struct ah_job {
    warden_completion_t *completion;
    warden_component_val_t value;
} ah_job;

static void *ah_finisher(void *arg)
{
    ah_job *job = arg;
    warden_component_completion_return(job->completion, &job->value);
    warden_component_val_delete(&job->value); /* left BOOL false: nothing to free */
    free(job);
    return NULL;
}

static void ah_cancelled(void *env)
{
    ah_host *h = env;
    pthread_mutex_lock(&h->mu);
    h->cancels++;
    pthread_mutex_unlock(&h->mu);
}

static void ah_wake(void *env)
{
    ah_host *h = env;
    pthread_mutex_lock(&h->mu);
    h->wakes++;
    pthread_mutex_unlock(&h->mu);
}

static int ah_count(ah_host *h, const int *counter)
{
    pthread_mutex_lock(&h->mu);
    int v = *counter;
    pthread_mutex_unlock(&h->mu);
    return v;
}

/* Finishes `completion` with `value` (taken over) as the mode says. */
static void ah_finish(ah_host *h, warden_completion_t *completion, warden_component_val_t *value)
{
    pthread_mutex_lock(&h->mu);
    ah_mode mode = h->mode;
    if (h->watch_cancel) warden_completion_on_cancel(completion, ah_cancelled, h);
    pthread_mutex_unlock(&h->mu);
    switch (mode) {
    case AH_INLINE: warden_component_completion_return(completion, value); break;
    case AH_STASH:
        pthread_mutex_lock(&h->mu);
        h->stash = completion;
        h->stash_value = *value;
        *value = capi_bool(false);
        pthread_mutex_unlock(&h->mu);
        break;
    case AH_THREAD: {
        ah_job *job = malloc(sizeof *job);
        pthread_mutex_lock(&h->mu);
        if (!job || h->nthreads == AH_MAX_THREADS) {
            h->bad_args = true;
            pthread_mutex_unlock(&h->mu);
            free(job);
            warden_completion_trap(completion, warden_trap_new("no thread"));
            break;
        }
        job->completion = completion;
        job->value = *value;
        *value = capi_bool(false);
        if (pthread_create(&h->threads[h->nthreads], NULL, ah_finisher, job) == 0)
            h->nthreads++;
        else
            h->bad_args = true;
        pthread_mutex_unlock(&h->mu);
        break;
    }
    case AH_TRAP: warden_completion_trap(completion, warden_trap_new("greet failed")); break;
    case AH_WRONG: {
        warden_component_val_t wrong = capi_u32(7);
        warden_component_completion_return(completion, &wrong);
        break;
    }
    }
    warden_component_val_delete(value);
}

/* greet(name) = "hello, NAME!" */
static void ah_greet(void *env, warden_component_caller_t *caller,
                     const warden_component_val_t *args, size_t nargs,
                     warden_completion_t *completion)
{
    ah_host *h = env;
    pthread_mutex_lock(&h->mu);
    h->calls++;
    if (nargs != 1 || args[0].kind != WARDEN_COMPONENT_STRING ||
        warden_component_caller_store(caller) != h->store)
        h->bad_args = true;
    pthread_mutex_unlock(&h->mu);
    char text[128];
    int n = nargs == 1 && args[0].kind == WARDEN_COMPONENT_STRING
                ? snprintf(text, sizeof text, "hello, %.*s!", (int)args[0].of.string.len,
                           args[0].of.string.ptr)
                : 0;
    warden_component_val_t value = capi_bool(false);
    if (warden_component_val_set_string(&value, text, (size_t)n)) h->bad_args = true;
    ah_finish(h, completion, &value);
}

static void ah_add(void *env, warden_component_caller_t *caller, const warden_component_val_t *args,
                   size_t nargs, warden_completion_t *completion)
{
    (void)caller;
    ah_host *h = env;
    pthread_mutex_lock(&h->mu);
    h->calls++;
    if (nargs != 2 || args[0].kind != WARDEN_COMPONENT_U32 || args[1].kind != WARDEN_COMPONENT_U32)
        h->bad_args = true;
    pthread_mutex_unlock(&h->mu);
    warden_component_val_t value = capi_u32(nargs == 2 ? args[0].of.u32 + args[1].of.u32 : 0);
    ah_finish(h, completion, &value);
}

static void ah_nothing(void *env, warden_component_caller_t *caller,
                       const warden_component_val_t *args, size_t nargs,
                       warden_completion_t *completion)
{
    (void)caller, (void)args;
    ah_host *h = env;
    pthread_mutex_lock(&h->mu);
    h->calls++;
    if (nargs != 0) h->bad_args = true;
    pthread_mutex_unlock(&h->mu);
    warden_component_completion_return(completion, NULL);
}

/* swap({a, b}) = (b, a), sync. */
static warden_trap_t *ah_swap(void *env, warden_component_caller_t *caller,
                              const warden_component_val_t *args, size_t nargs,
                              warden_component_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)nargs, (void)nresults;
    const warden_component_field_t *fields = args[0].of.record.ptr;
    if (warden_component_val_set_list(&results[0], WARDEN_COMPONENT_TUPLE, 2))
        return warden_trap_new("out of memory");
    if (warden_component_val_copy(&fields[1].val, &results[0].of.list.ptr[0]))
        return warden_trap_new("out of memory");
    results[0].of.list.ptr[1] = fields[0].val;
    return NULL;
}

/* The environment, the host and an instance of the consumer guest. */
typedef struct ah_fixture {
    capi_env *env;
    ah_host host;
    warden_component_instance_t *inst;
} ah_fixture;

static ah_fixture *ah_new(void)
{
    ah_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = capi_env_new();
    pthread_mutex_init(&fx->host.mu, NULL);
    fx->host.store = fx->env->store;
    warden_component_linker_t *l = fx->env->linker;
    CAPI_OK(warden_component_linker_define_func_async(l, IFACE "greet", strlen(IFACE "greet"),
                                                      ah_greet, &fx->host, NULL));
    CAPI_OK(warden_component_linker_define_func_async(l, IFACE "add", strlen(IFACE "add"), ah_add,
                                                      &fx->host, NULL));
    CAPI_OK(warden_component_linker_define_func_async(l, IFACE "nothing", strlen(IFACE "nothing"),
                                                      ah_nothing, &fx->host, NULL));
    CAPI_OK(warden_component_linker_define_func(l, IFACE "swap", strlen(IFACE "swap"), ah_swap,
                                                NULL, NULL));
    fx->inst = capi_instantiate(fx->env, "consumer");
    return fx;
}

static void ah_join(ah_host *h)
{
    pthread_mutex_lock(&h->mu);
    int n = h->nthreads;
    h->nthreads = 0;
    pthread_mutex_unlock(&h->mu);
    for (int i = 0; i < n; i++) pthread_join(h->threads[i], NULL);
}

/* store_deleted: the test deleted the store itself. */
static void ah_delete(ah_fixture *fx, bool store_deleted)
{
    ah_join(&fx->host);
    warden_component_val_delete(&fx->host.stash_value);
    if (store_deleted) {
        warden_component_linker_delete(fx->env->linker);
        warden_engine_delete(fx->env->engine);
        free(fx->env);
    } else {
        capi_env_delete(fx->env);
    }
    pthread_mutex_destroy(&fx->host.mu);
    free(fx);
}

/* A fresh instance, for after a trap poisoned the last one. */
static void ah_reinstantiate(ah_fixture *fx)
{
    fx->inst = capi_instantiate(fx->env, "consumer");
}

/* A call of greet-all with `names`, made as a call that pauses, its waker counting wakes. */
static warden_component_call_t *ah_greet_all(ah_fixture *fx, const char *const *names, size_t n)
{
    warden_component_func_t *f = capi_func(fx->inst, "greet-all");
    warden_component_val_t arg = capi_bool(false);
    CAPI_OK(warden_component_val_set_list(&arg, WARDEN_COMPONENT_LIST, n));
    for (size_t i = 0; i < n; i++) arg.of.list.ptr[i] = capi_string(names[i]);
    warden_component_call_t *call = NULL;
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_call_new(fx->env->store, f, &arg, 1, &call, &trap));
    assert_null(trap);
    assert_non_null(call);
    warden_component_val_delete(&arg);
    warden_call_set_waker(warden_component_call_core(call), ah_wake, &fx->host);
    return call;
}

/* Asserts the call is DONE and its result is `wave`. */
static void ah_expect(warden_component_call_t *call, const char *wave)
{
    assert_int_equal(warden_call_status(warden_component_call_core(call)), WARDEN_CALL_DONE);
    warden_component_val_t result = capi_bool(false);
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_call_results(call, &result, 1, &trap));
    assert_null(trap);
    CAPI_WAVE(&result, wave);
    warden_component_val_delete(&result);
}

/* Asserts the call is TRAPPED with exactly `message`. */
static void ah_expect_trap(warden_component_call_t *call, const char *message)
{
    warden_call_t *core = warden_component_call_core(call);
    assert_int_equal(warden_call_status(core), WARDEN_CALL_TRAPPED);
    CAPI_STREQ(warden_trap_message(warden_call_trap(core)), message);
}

/* Takes the stashed completion and its value. */
static warden_completion_t *ah_take(ah_host *h, warden_component_val_t *value)
{
    pthread_mutex_lock(&h->mu);
    warden_completion_t *c = h->stash;
    *value = h->stash_value;
    h->stash = NULL;
    h->stash_value = capi_bool(false);
    pthread_mutex_unlock(&h->mu);
    assert_non_null(c);
    return c;
}

/* Paused at each greet, finished by another thread, resumed here: the strings are lowered
 * through the guest's realloc at the resume. */
static void test_paused_other_thread(void **state)
{
    (void)state;
    ah_fixture *fx = ah_new();
    ah_host *h = &fx->host;
    h->mode = AH_STASH;
    static const char *const names[] = {"ann", "bob", "cy"};
    warden_component_call_t *call = ah_greet_all(fx, names, 3);
    warden_call_t *core = warden_component_call_core(call);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
        assert_int_equal(ah_count(h, &h->calls), i + 1);
        assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
        ah_job *job = malloc(sizeof *job);
        assert_non_null(job);
        job->completion = ah_take(h, &job->value);
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, ah_finisher, job), 0);
        pthread_join(t, NULL);
        assert_int_equal(ah_count(h, &h->wakes), i + 1);
        assert_int_equal(warden_call_status(core), WARDEN_CALL_PENDING);
    }
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_DONE);
    ah_expect(call, "[\"hello, ann!\", \"hello, bob!\", \"hello, cy!\"]");
    warden_component_call_delete(call);

    /* A flat result: add3 pauses twice. */
    warden_component_val_t args[3] = {capi_u32(1), capi_u32(20), capi_u32(300)};
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_call_new(fx->env->store, capi_func(fx->inst, "add3"), args, 3, &call,
                                      &trap));
    core = warden_component_call_core(call);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
        warden_component_val_t v;
        warden_completion_t *c = ah_take(h, &v);
        warden_component_completion_return(c, &v);
        assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
    }
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_DONE);
    ah_expect(call, "321");
    warden_component_call_delete(call);
    assert_false(h->bad_args);
    ah_delete(fx, false);
}

/* Finished inside the callback: the call never pauses. */
static void test_inline(void **state)
{
    (void)state;
    ah_fixture *fx = ah_new();
    ah_host *h = &fx->host;
    h->mode = AH_INLINE;
    static const char *const names[] = {"x", "yz"};
    warden_component_call_t *call = ah_greet_all(fx, names, 2);
    assert_int_equal(warden_call_resume(warden_component_call_core(call)), WARDEN_CALL_DONE);
    ah_expect(call, "[\"hello, x!\", \"hello, yz!\"]");
    warden_component_call_delete(call);
    CAPI_CALL(fx->env, fx->inst, "greet-all([\"\", \"long name here\"])",
              "[\"hello, !\", \"hello, long name here!\"]");
    CAPI_CALL(fx->env, fx->inst, "add3(4, 5, 6)", "15");
    CAPI_CALL(fx->env, fx->inst, "nothing-twice()", NULL);
    CAPI_CALL(fx->env, fx->inst, "swap-via({a: 9, b: \"nine\"})", "(\"nine\", 9)");
    assert_int_equal(ah_count(h, &h->calls), 2 + 2 + 2 + 2);
    assert_int_equal(ah_count(h, &h->wakes), 0);
    assert_false(h->bad_args);
    ah_delete(fx, false);
}

/* warden_component_func_call waits on this thread for results other threads make. */
static void test_func_call_waits(void **state)
{
    (void)state;
    ah_fixture *fx = ah_new();
    ah_host *h = &fx->host;
    h->mode = AH_THREAD;
    CAPI_CALL(fx->env, fx->inst, "greet-all([\"p\", \"q\", \"r\", \"s\"])",
              "[\"hello, p!\", \"hello, q!\", \"hello, r!\", \"hello, s!\"]");
    CAPI_CALL(fx->env, fx->inst, "add3(7, 8, 9)", "24");
    ah_join(h);
    assert_int_equal(ah_count(h, &h->calls), 4 + 2);
    assert_false(h->bad_args);
    ah_delete(fx, false);
}

/* A trap, inside the callback or later, ends the call; so does a result of the wrong type. */
static void test_traps(void **state)
{
    (void)state;
    ah_fixture *fx = ah_new();
    ah_host *h = &fx->host;
    h->mode = AH_TRAP;
    CAPI_CALL_TRAP(fx->env, fx->inst, "greet-all([\"a\"])", "greet failed");

    ah_reinstantiate(fx);
    h->mode = AH_WRONG;
    CAPI_CALL_TRAP(fx->env, fx->inst, "greet-all([\"a\"])", MISMATCH);

    static const char *const names[] = {"a", "b"};
    ah_reinstantiate(fx);
    h->mode = AH_STASH;
    warden_component_call_t *call = ah_greet_all(fx, names, 2);
    warden_call_t *core = warden_component_call_core(call);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
    warden_component_val_t v;
    warden_completion_t *c = ah_take(h, &v);
    warden_component_val_delete(&v);
    warden_completion_trap(c, warden_trap_new("greet failed later"));
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_TRAPPED);
    ah_expect_trap(call, "greet failed later");
    warden_component_call_delete(call);

    /* The wrong type, finished later: checked at the resume. */
    ah_reinstantiate(fx);
    call = ah_greet_all(fx, names, 2);
    core = warden_component_call_core(call);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
    c = ah_take(h, &v);
    warden_component_completion_return(c, &v);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
    c = ah_take(h, &v);
    warden_component_val_delete(&v);
    warden_component_val_t wrong = capi_s32(-1);
    warden_component_completion_return(c, &wrong);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_TRAPPED);
    ah_expect_trap(call, MISMATCH);
    warden_component_call_delete(call);

    /* A completion that is not a component's. */
    warden_component_val_t none = capi_bool(false);
    warden_component_completion_return(NULL, &none);
    assert_false(h->bad_args);
    ah_delete(fx, false);
}

/* Cancelled while pending: the notice runs once; the host's late finish frees its result. Also
 * cancelled after the finish, before the resume: the result is freed unlowered. */
static void test_cancel(void **state)
{
    (void)state;
    ah_fixture *fx = ah_new();
    ah_host *h = &fx->host;
    h->mode = AH_STASH;
    h->watch_cancel = true;
    static const char *const names[] = {"a"};
    warden_component_call_t *call = ah_greet_all(fx, names, 1);
    warden_call_t *core = warden_component_call_core(call);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
    warden_call_cancel(core);
    assert_int_equal(ah_count(h, &h->cancels), 1);
    ah_expect_trap(call, "interrupted");
    warden_component_val_t v;
    warden_completion_t *c = ah_take(h, &v);
    warden_component_completion_return(c, &v);
    assert_int_equal(ah_count(h, &h->cancels), 1);
    warden_component_call_delete(call);

    ah_reinstantiate(fx);
    call = ah_greet_all(fx, names, 1);
    core = warden_component_call_core(call);
    assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
    c = ah_take(h, &v);
    warden_component_completion_return(c, &v);
    assert_int_equal(ah_count(h, &h->wakes), 1);
    warden_component_call_delete(call); /* cancels it */
    assert_int_equal(ah_count(h, &h->cancels), 1);
    assert_int_equal(ah_count(h, &h->calls), 2);
    ah_delete(fx, false);
}

/* The store deleted while a call waits, finished or not: nothing leaks. */
static void test_store_deleted(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b"};
    for (int finished = 0; finished < 2; finished++) {
        ah_fixture *fx = ah_new();
        ah_host *h = &fx->host;
        h->mode = AH_STASH;
        h->watch_cancel = true;
        warden_component_call_t *call = ah_greet_all(fx, names, 2);
        warden_call_t *core = warden_component_call_core(call);
        assert_int_equal(warden_call_resume(core), WARDEN_CALL_PENDING);
        warden_component_val_t v;
        warden_completion_t *c = NULL;
        if (finished) {
            c = ah_take(h, &v);
            warden_component_completion_return(c, &v);
        }
        warden_store_delete(fx->env->store);
        assert_int_equal(ah_count(h, &h->cancels), finished ? 0 : 1);
        ah_expect_trap(call, "the call's store was deleted");
        warden_component_call_delete(call);
        if (!finished) {
            c = ah_take(h, &v);
            warden_component_completion_return(c, &v);
        }
        ah_delete(fx, true);
    }
}

/* The host calls its own async function, exported by the reexport guest, with
 * warden_component_func_call: it waits on this thread, whoever finishes. */
static void test_host_calls_itself(void **state)
{
    (void)state;
    ah_fixture *fx = ah_new();
    ah_host *h = &fx->host;
    CAPI_OK(
        warden_component_linker_define_func_async(fx->env->linker, "greet", 5, ah_greet, h, NULL));
    warden_component_instance_t *inst = capi_instantiate(fx->env, "reexport");
    static const ah_mode modes[] = {AH_INLINE, AH_THREAD};
    for (size_t i = 0; i < 2; i++) {
        h->mode = modes[i];
        CAPI_CALL(fx->env, inst, "greet(\"me\")", "\"hello, me!\"");
    }
    h->mode = AH_TRAP;
    CAPI_CALL_TRAP(fx->env, inst, "greet(\"me\")", "greet failed");
    h->mode = AH_WRONG;
    CAPI_CALL_TRAP(fx->env, inst, "greet(\"me\")", MISMATCH);
    h->mode = AH_INLINE;
    CAPI_CALL(fx->env, inst, "greet(\"again\")", "\"hello, again!\"");
    ah_join(h);
    assert_int_equal(ah_count(h, &h->calls), 5);
    assert_false(h->bad_args);
    ah_delete(fx, false);
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paused_other_thread),
        cmocka_unit_test(test_inline),
        cmocka_unit_test(test_func_call_waits),
        cmocka_unit_test(test_traps),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_store_deleted),
        cmocka_unit_test(test_host_calls_itself),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
