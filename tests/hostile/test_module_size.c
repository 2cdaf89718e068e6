/* Modules whose size in bytes is modest and whose shape is not: 120,000 distinct function types,
 * a million functions. Creating and instantiating them takes time linear in their size, memory a
 * small multiple of it, and an instance counts against the store's memory limit. */
#include "hostile.h"
#include "modules.h"

#include <stdlib.h>

/* Type interning was quadratic: 120,000 types took about 20 s to instantiate. */
static void test_many_types(void **state)
{
    (void)state;
    wb_buf bytes = hm_many_types(120000);
    hl_env *env = hl_env_new(NULL);
    double t0 = hl_cpu_seconds();
    warden_module_t *m = hl_module(env, bytes.bytes, bytes.len);
    hl_instantiate(env, m);
    hl_instantiate(env, m); /* the types are interned already */
    double spent = hl_cpu_seconds() - t0;
    if (spent > HL_SECONDS(2.0)) fail_msg("120,000 types took %.2f s of CPU", spent);
    warden_module_delete(m);
    hl_env_delete(env);
    wb_free(&bytes);
}

/* A million empty functions: 4 MB of module. The module takes a bounded multiple of its size
 * (warden.h documents about 24 times), and its instance is refused by a 64 MiB store, before
 * anything is allocated for it. */
static void test_million_functions(void **state)
{
    (void)state;
    wb_buf bytes = hm_many_funcs(1000000);
    hl_env *env = hl_env_new(NULL);
    int64_t heap0 = hl_heap_bytes();
    double t0 = hl_cpu_seconds();
    warden_module_t *m = hl_module(env, bytes.bytes, bytes.len);
    double spent = hl_cpu_seconds() - t0;
    if (spent > HL_SECONDS(3.0)) fail_msg("a million functions took %.2f s of CPU", spent);
    int64_t heap1 = hl_heap_bytes();
    if (heap0 >= 0 && heap1 >= 0) {
        int64_t used = heap1 - heap0;
        print_message("module of %zu bytes holds %lld bytes (%.1f times)\n", bytes.len,
                      (long long)used, (double)used / (double)bytes.len);
        assert_true(used <= 24 * (int64_t)bytes.len);
    }

    hl_limit_memory(env, 64u << 20);
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    HL_ERROR(
        warden_linker_instantiate(env->linker, env->store, m, &inst, &trap), WARDEN_ERROR_LIMIT,
        "memory limit exceeded: limit 67108864 bytes, in use 0, requested ", " for an instance");
    assert_null(inst);
    assert_null(trap);
    warden_store_usage_t u;
    warden_store_usage(env->store, &u);
    assert_int_equal(u.host_bytes, 0);
    assert_int_equal(u.host_peak_bytes, 0);
    assert_int_equal(u.instances, 0);

    /* Without the limit it instantiates, and the store says what it holds for it. */
    hl_limit_memory(env, 0);
    hl_instantiate(env, m);
    warden_store_usage(env->store, &u);
    assert_true(u.host_bytes > 64u << 20);
    assert_int_equal(u.instances, 1);
    warden_module_delete(m);
    hl_env_delete(env);
    wb_free(&bytes);
}

typedef struct asker {
    int calls, answer_no_at; /* answers no at that call (0: never) */
} asker;

static bool ask(void *env)
{
    asker *a = env;
    a->calls++;
    return a->calls != a->answer_no_at;
}

/* Module creation asks the host now and then whether to go on, and stops at once when told. */
static void test_progress_stops_creation(void **state)
{
    (void)state;
    wb_buf bytes = hm_many_funcs(2000000); /* 8 MB */
    hl_env *env = hl_env_new(NULL);

    asker a = {0, 0};
    warden_module_t *m = NULL;
    HL_OK(warden_module_new_with_progress(env->engine, bytes.bytes, bytes.len, ask, &a, &m));
    warden_module_delete(m);
    /* Copying and decoding each ask about every 64 KiB of input, lowering about every 64 Ki
     * units of bodies and instructions. */
    print_message("%d questions for %zu bytes\n", a.calls, bytes.len);
    assert_true(a.calls >= 2 * (int)(bytes.len >> 16));
    int all = a.calls;

    int stops[] = {1, 2, all / 3, all / 2, all - 1, all};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        asker b = {0, stops[i]};
        m = NULL;
        HL_ERROR(warden_module_new_with_progress(env->engine, bytes.bytes, bytes.len, ask, &b, &m),
                 WARDEN_ERROR_STOPPED, "module creation stopped by the host");
        assert_null(m);
        assert_int_equal(b.calls, stops[i]); /* not asked again after the no */
    }
    hl_env_delete(env);
    wb_free(&bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_types),
        cmocka_unit_test(test_million_functions),
        cmocka_unit_test(test_progress_stops_creation),
    };
    return cmocka_run_group_tests_name("hostile/module_size", tests, NULL, NULL);
}
