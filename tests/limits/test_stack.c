/* Stack limits: recursion through direct calls, call_indirect, mutual calls, wide frames and
 * host re-entry (guest -> host -> guest -> ...) always ends in WARDEN_TRAP_STACK_EXHAUSTED, at
 * the configured call depth or value-stack size, without overflowing the host's C stack; the
 * store stays usable afterwards. */
#include "support.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The host side of stack.wat's "reenter" import: calls the guest's "reenter" with n + 1. */
typedef struct reentry {
    warden_store_t *store;
    warden_func_t *guest;
    int host_calls;
    int inner_traps;
    int32_t deepest;
    warden_trap_kind_t first_kind; /* the kind of the innermost trap */
} reentry;

static warden_trap_t *host_reenter(void *env, warden_caller_t *caller, const warden_val_t *args,
                                   size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)nargs;
    (void)nresults;
    reentry *r = env;
    r->host_calls++;
    int32_t n = args[0].of.i32;
    if (n > r->deepest) r->deepest = n;
    warden_val_t arg = lt_i32(n + 1);
    warden_val_t res = lt_i32(0);
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_func_call(r->store, r->guest, &arg, 1, &res, 1, &trap);
    if (err) {
        warden_error_delete(err);
        return warden_trap_new("re-entrant call failed");
    }
    if (trap) {
        if (!r->inner_traps++) r->first_kind = warden_trap_kind(trap);
        warden_trap_delete(trap);
        return warden_trap_new("re-entrant call trapped");
    }
    results[0] = res;
    return NULL;
}

typedef struct fixture {
    lt_env *env;
    reentry re;
    warden_instance_t *inst;
} fixture;

static fixture *fixture_new(const warden_store_limits_t *limits)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = lt_env_new(NULL);
    if (limits) LT_OK(warden_store_set_limits(fx->env->store, limits));
    lt_define_host(fx->env, "host", "reenter", 1, 1, host_reenter, &fx->re);
    fx->inst = lt_instantiate(fx->env, "stack");
    fx->re.store = fx->env->store;
    fx->re.guest = lt_func(fx->inst, "reenter");
    return fx;
}

static void fixture_delete(fixture *fx)
{
    lt_env_delete(fx->env);
    free(fx);
}

static warden_store_limits_t limits_with(uint32_t max_call_depth, uint64_t max_stack_bytes)
{
    warden_store_limits_t l;
    warden_store_limits_default(&l);
    if (max_call_depth) l.max_call_depth = max_call_depth;
    if (max_stack_bytes) l.max_stack_bytes = max_stack_bytes;
    return l;
}

/* Runs an unbounded recursion and returns the guest frames it entered before the trap. */
static int32_t exhaust(fixture *fx, const char *func)
{
    lt_call_void(fx->env->store, lt_func(fx->inst, "reset"), 0);
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, func), NULL, 1, 1, 0),
            WARDEN_TRAP_STACK_EXHAUSTED);
    return lt_global_i32(fx->inst, "depth");
}

static int32_t finite(fixture *fx, int32_t n)
{
    return lt_call_i32(fx->env->store, lt_func(fx->inst, "finite"), 1, n);
}

/* ThreadSanitizer keeps close to 1 MiB of per-thread state at the top of each thread's stack, so
 * the stack sizes below leave it no room: those tests are skipped in such a build. */
#if defined(__SANITIZE_THREAD__)
#define LT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LT_TSAN 1
#endif
#endif

/* With the default limits, every kind of unbounded recursion stops within 100,000 frames. */
static void test_default_limits(void **state)
{
    (void)state;
    fixture *fx = fixture_new(NULL);
    const char *funcs[] = {"direct", "indirect", "mutual", "wide"};
    for (size_t i = 0; i < sizeof funcs / sizeof *funcs; i++) {
#ifdef LT_TSAN
        /* Compiled code's indirect calls go through the runtime's (instrumented) call helper, one
         * nested C call per guest call, and ThreadSanitizer's shadow stack holds 65,536 of them:
         * 100,000 frames overflow it and corrupt its own state. test_call_depth covers indirect
         * calls at a depth it can hold. */
        const char *tier = getenv("WARDEN_TEST_TIER");
        if (tier && !strcmp(tier, "llvm") && !strcmp(funcs[i], "indirect")) continue;
#endif
        int32_t depth = exhaust(fx, funcs[i]);
        assert_true(depth > 0);
        assert_true(depth <= 100000);
        assert_int_equal(finite(fx, 1000), 1000);
    }
    /* 128 i64 locals a frame: 32 MiB of value stack hold at most 32768 of them. */
    assert_true(exhaust(fx, "wide") <= 32768);
    fixture_delete(fx);
}

/* max_call_depth = 1000: exactly 1000 frames are allowed, through any kind of call. */
static void test_call_depth(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_with(1000, 0);
    fixture *fx = fixture_new(&l);
    assert_int_equal(exhaust(fx, "direct"), 1000);
    assert_int_equal(exhaust(fx, "indirect"), 1000);
    assert_int_equal(exhaust(fx, "mutual"), 1000);
    assert_int_equal(finite(fx, 999), 999);
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "finite"), NULL, 1, 1, 1000),
            WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(finite(fx, 999), 999);
    assert_int_equal(finite(fx, 0), 0);
    fixture_delete(fx);
}

/* A 64 KiB value stack: frames of more than 1 KiB run out of it long before the call depth. */
static void test_value_stack(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_with(0, 64 * 1024);
    fixture *fx = fixture_new(&l);
    int32_t depth = exhaust(fx, "wide");
    assert_true(depth >= 1);
    assert_true(depth <= 64);
    /* Small frames still recurse deeper than wide ones. */
    assert_true(exhaust(fx, "direct") > depth);
    assert_int_equal(finite(fx, 100), 100);
    fixture_delete(fx);
}

/* guest -> host -> guest -> host ... never ends on its own: it must end in stack-exhausted
 * (seen by the innermost host frame), with every host frame getting control back. */
static void test_host_reentry(void **state)
{
    (void)state;
    fixture *fx = fixture_new(NULL);
    warden_trap_t *trap = lt_call(fx->env->store, fx->re.guest, NULL, 1, 1, 0);
    assert_non_null(trap);
    warden_trap_delete(trap);
    assert_int_equal(fx->re.first_kind, WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(fx->re.inner_traps, fx->re.host_calls);
    assert_true(fx->re.deepest >= 1);
    assert_true(fx->re.deepest <= 100000);
    assert_int_equal(lt_global_i32(fx->inst, "depth"), fx->re.host_calls);
    assert_int_equal(finite(fx, 1000), 1000);
    fixture_delete(fx);
}

/* The call depth counts the guest frames of every level of re-entry. */
static void test_host_reentry_call_depth(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_with(50, 0);
    fixture *fx = fixture_new(&l);
    warden_trap_t *trap = lt_call(fx->env->store, fx->re.guest, NULL, 1, 1, 0);
    assert_non_null(trap);
    warden_trap_delete(trap);
    assert_int_equal(fx->re.first_kind, WARDEN_TRAP_STACK_EXHAUSTED);
    assert_true(lt_global_i32(fx->inst, "depth") <= 50);
    assert_int_equal(finite(fx, 10), 10);
    fixture_delete(fx);
}

/* A small value stack bounds re-entry too. */
static void test_host_reentry_value_stack(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_with(0, 4096);
    fixture *fx = fixture_new(&l);
    warden_trap_t *trap = lt_call(fx->env->store, fx->re.guest, NULL, 1, 1, 0);
    assert_non_null(trap);
    warden_trap_delete(trap);
    assert_int_equal(fx->re.first_kind, WARDEN_TRAP_STACK_EXHAUSTED);
    assert_true(lt_global_i32(fx->inst, "depth") <= 4096 / 8);
    assert_int_equal(finite(fx, 10), 10);
    fixture_delete(fx);
}

/* Re-entry on a thread with a small C stack: the guest still ends in stack-exhausted and the
 * thread's stack never overflows. */
typedef struct thread_run {
    size_t stack_size;
    warden_trap_t *trap;
    reentry *re;
} thread_run;

static void *reenter_on_thread(void *arg)
{
    thread_run *t = arg;
    warden_val_t a = lt_i32(0), res = lt_i32(0);
    warden_error_t *err = warden_func_call(t->re->store, t->re->guest, &a, 1, &res, 1, &t->trap);
    if (err) {
        warden_error_delete(err);
        t->trap = warden_trap_new("call failed");
    }
    return NULL;
}

static void reentry_on_small_stack(size_t stack_size)
{
#ifdef LT_TSAN
    skip();
#endif
    fixture *fx = fixture_new(NULL);
    thread_run t = {stack_size, NULL, &fx->re};
    /* A stack of exactly this size (the C library could otherwise hand out a larger cached
     * one), with a guard page below it. */
    size_t guard = 65536;
    uint8_t *base =
        mmap(NULL, stack_size + guard, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(base != MAP_FAILED);
    assert_int_equal(mprotect(base, guard, PROT_NONE), 0);
    pthread_attr_t attr;
    assert_int_equal(pthread_attr_init(&attr), 0);
    assert_int_equal(pthread_attr_setstack(&attr, base + guard, stack_size), 0);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, &attr, reenter_on_thread, &t), 0);
    pthread_join(thread, NULL);
    pthread_attr_destroy(&attr);
    munmap(base, stack_size + guard);
    assert_non_null(t.trap);
    warden_trap_delete(t.trap);
    assert_int_equal(fx->re.first_kind, WARDEN_TRAP_STACK_EXHAUSTED);
    assert_true(fx->re.deepest >= 1);
    assert_int_equal(finite(fx, 1000), 1000);
    fixture_delete(fx);
}

static void test_host_reentry_1mib_thread(void **state)
{
    (void)state;
    reentry_on_small_stack((size_t)1 << 20);
}

static void test_host_reentry_256kib_thread(void **state)
{
    (void)state;
    reentry_on_small_stack((size_t)256 << 10);
}

int main(int argc, char **argv)
{
    lt_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_limits),
        cmocka_unit_test(test_call_depth),
        cmocka_unit_test(test_value_stack),
        cmocka_unit_test(test_host_reentry),
        cmocka_unit_test(test_host_reentry_call_depth),
        cmocka_unit_test(test_host_reentry_value_stack),
        cmocka_unit_test(test_host_reentry_1mib_thread),
        /* Last: a C stack overflow would end the program. */
        cmocka_unit_test(test_host_reentry_256kib_thread),
    };
    return cmocka_run_group_tests_name("limits/stack", tests, NULL, NULL);
}
