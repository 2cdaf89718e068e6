/* Memories, tables and globals through the API: made by the host or exported by an instance,
 * read and written from both sides, grown up to their maximum, and refused values of the wrong
 * type or writes to immutable globals. */
#include "support.h"

#include <string.h>

static int setup(void **state)
{
    return api_instance_setup(state, "objects");
}

static warden_trap_t *host_nine(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)nresults;
    results[0].of.i32 = 9;
    return NULL;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return false;
    return true;
}

/* ---------------------------------------------------------------------------------------------
 * Memories
 * ------------------------------------------------------------------------------------------- */

static void test_memory_new(void **state)
{
    api_env *env = *state;
    warden_memory_t *mem = NULL;
    API_OK(warden_memory_new(env->store, (warden_limits_t){1, 3, true}, &mem));
    assert_non_null(mem);
    uint8_t *base = warden_memory_data(mem);
    assert_non_null(base);
    assert_int_equal(warden_memory_size(mem), 65536);
    assert_true(all_zero(base, 65536));
    base[0] = 1;
    base[65535] = 2;

    /* Growing keeps the base and the contents; new pages are zero. */
    assert_int_equal(warden_memory_grow(mem, 1), 1);
    assert_ptr_equal(warden_memory_data(mem), base);
    assert_int_equal(warden_memory_size(mem), 131072);
    assert_int_equal(base[0], 1);
    assert_int_equal(base[65535], 2);
    assert_true(all_zero(base + 65536, 65536));
    base[131071] = 3;
    assert_int_equal(warden_memory_grow(mem, 0), 2);

    /* Past the maximum: -1, and nothing changes. */
    assert_int_equal(warden_memory_grow(mem, 2), -1);
    assert_int_equal(warden_memory_grow(mem, UINT64_MAX), -1);
    assert_int_equal(warden_memory_size(mem), 131072);
    assert_int_equal(warden_memory_grow(mem, 1), 2);
    assert_int_equal(warden_memory_size(mem), 3 * 65536);
    assert_int_equal(warden_memory_grow(mem, 1), -1);
    assert_int_equal(base[131071], 3);

    /* Without a maximum: at most 65536 pages in all. */
    API_OK(warden_memory_new(env->store, (warden_limits_t){0, 0, false}, &mem));
    assert_int_equal(warden_memory_size(mem), 0);
    assert_non_null(warden_memory_data(mem));
    assert_int_equal(warden_memory_grow(mem, 65537), -1);
    assert_int_equal(warden_memory_grow(mem, 1), 0);
    assert_int_equal(warden_memory_size(mem), 65536);
    assert_int_equal(warden_memory_grow(mem, 65536), -1);
    assert_int_equal(warden_memory_size(mem), 65536);

    /* Limits that no memory can have. */
    static const warden_limits_t bad[] = {{2, 1, true}, {65537, 0, false}, {0, 65537, true}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        mem = NULL;
        API_ERROR(warden_memory_new(env->store, bad[i], &mem), WARDEN_ERROR_ARGUMENT, NULL);
        assert_null(mem);
    }
}

static void test_memory_shared_with_guest(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_memory_t *mem = api_memory(fx->inst, "memory");
    uint8_t *base = warden_memory_data(mem);

    base[10] = 0xC3;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "load8"), 1, 10), 0xC3);
    warden_val_t args[2] = {api_i32(11), api_i32(0x1FF)};
    API_CALL(s, api_func(fx->inst, "store8"), args, 2, NULL, 0);
    assert_int_equal(base[11], 0xFF);

    /* Growth from either side is seen by the other; the base never moves. */
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "grow"), 1, 1), 1);
    assert_int_equal(warden_memory_size(mem), 131072);
    assert_ptr_equal(warden_memory_data(mem), base);
    base[131071] = 0x5A;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "load8"), 1, 131071), 0x5A);
    assert_int_equal(warden_memory_grow(mem, 1), 2);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "size"), 0), 3);
    base[3 * 65536 - 1] = 0x77;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "load8"), 1, 3 * 65536 - 1), 0x77);

    /* The maximum (3 pages) holds for both. */
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "grow"), 1, 1), -1);
    assert_int_equal(warden_memory_grow(mem, 1), -1);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "size"), 0), 3);
    assert_int_equal(warden_memory_size(mem), 3 * 65536);
}

/* ---------------------------------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------------------------------- */

static void test_table_new(void **state)
{
    api_env *env = *state;
    warden_table_t *t = NULL;
    API_OK(warden_table_new(env->store, WARDEN_FUNCREF, (warden_limits_t){2, 4, true},
                            api_funcref(NULL), &t));
    assert_int_equal(warden_table_size(t), 2);
    warden_val_t v;
    memset(&v, 0x5A, sizeof v);
    API_OK(warden_table_get(t, 1, &v));
    assert_int_equal(v.kind, WARDEN_FUNCREF);
    assert_null(v.of.funcref);

    warden_functype_t *type = NULL;
    static const warden_valkind_t i32 = WARDEN_I32;
    API_OK(warden_functype_new(NULL, 0, &i32, 1, &type));
    warden_func_t *nine = NULL;
    API_OK(warden_func_new(env->store, type, host_nine, NULL, NULL, &nine));
    warden_functype_delete(type);
    API_OK(warden_table_set(t, 0, api_funcref(nine)));
    API_OK(warden_table_get(t, 0, &v));
    assert_int_equal(v.kind, WARDEN_FUNCREF);
    assert_ptr_equal(v.of.funcref, nine);
    assert_int_equal(api_call_i32(env->store, v.of.funcref, 0), 9);

    /* Wrong kinds and indices past the end. */
    API_ERROR(warden_table_set(t, 0, api_externref(&v)), WARDEN_ERROR_ARGUMENT,
              "table: value of the wrong type");
    API_ERROR(warden_table_set(t, 0, api_i32(0)), WARDEN_ERROR_ARGUMENT,
              "table: value of the wrong type");
    API_ERROR(warden_table_set(t, 2, api_funcref(NULL)), WARDEN_ERROR_ARGUMENT,
              "table: index 2 out of bounds");
    API_ERROR(warden_table_get(t, 2, &v), WARDEN_ERROR_ARGUMENT, "table: index 2 out of bounds");
    API_ERROR(warden_table_get(t, UINT32_MAX, &v), WARDEN_ERROR_ARGUMENT,
              "table: index 4294967295 out of bounds");
    API_OK(warden_table_get(t, 0, &v));
    assert_ptr_equal(v.of.funcref, nine);

    /* An externref table starts with every element set to the initial value. */
    int object;
    API_OK(warden_table_new(env->store, WARDEN_EXTERNREF, (warden_limits_t){3, 0, false},
                            api_externref(&object), &t));
    assert_int_equal(warden_table_size(t), 3);
    for (uint32_t i = 0; i < 3; i++) {
        API_OK(warden_table_get(t, i, &v));
        assert_int_equal(v.kind, WARDEN_EXTERNREF);
        assert_ptr_equal(v.of.externref, &object);
    }
    API_OK(warden_table_set(t, 1, api_externref(NULL)));
    API_OK(warden_table_get(t, 1, &v));
    assert_null(v.of.externref);
    API_ERROR(warden_table_set(t, 1, api_funcref(nine)), WARDEN_ERROR_ARGUMENT,
              "table: value of the wrong type");

    /* An empty table. */
    API_OK(warden_table_new(env->store, WARDEN_FUNCREF, (warden_limits_t){0, 0, true},
                            api_funcref(NULL), &t));
    assert_int_equal(warden_table_size(t), 0);
    API_ERROR(warden_table_get(t, 0, &v), WARDEN_ERROR_ARGUMENT, NULL);

    /* Tables that cannot be made. */
    t = NULL;
    API_ERROR(
        warden_table_new(env->store, WARDEN_I32, (warden_limits_t){1, 0, false}, api_i32(0), &t),
        WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_table_new(env->store, WARDEN_FUNCREF, (warden_limits_t){1, 0, false},
                               api_externref(NULL), &t),
              WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_table_new(env->store, WARDEN_FUNCREF, (warden_limits_t){3, 2, true},
                               api_funcref(NULL), &t),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(t);
}

static void test_table_shared_with_guest(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_table_t *refs = api_table(fx->inst, "refs");
    int a, b, c;
    warden_val_t v, r;

    API_OK(warden_table_set(refs, 1, api_externref(&a)));
    API_CALL(s, api_func(fx->inst, "ref_get"), (warden_val_t[]){api_i32(1)}, 1, &r, 1);
    assert_int_equal(r.kind, WARDEN_EXTERNREF);
    assert_ptr_equal(r.of.externref, &a);
    warden_val_t args[2] = {api_i32(0), api_externref(&b)};
    API_CALL(s, api_func(fx->inst, "ref_set"), args, 2, NULL, 0);
    API_OK(warden_table_get(refs, 0, &v));
    assert_ptr_equal(v.of.externref, &b);

    /* table.grow from the guest, up to the maximum of 4. */
    args[0] = api_externref(&c);
    args[1] = api_i32(2);
    API_CALL(s, api_func(fx->inst, "ref_grow"), args, 2, &r, 1);
    assert_int_equal(r.of.i32, 2);
    assert_int_equal(warden_table_size(refs), 4);
    API_OK(warden_table_get(refs, 3, &v));
    assert_ptr_equal(v.of.externref, &c);
    args[1] = api_i32(1);
    API_CALL(s, api_func(fx->inst, "ref_grow"), args, 2, &r, 1);
    assert_int_equal(r.of.i32, -1);
    assert_int_equal(warden_table_size(refs), 4);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "ref_size"), 0), 4);

    /* A funcref table filled by the host and called through by the guest. */
    warden_table_t *funcs = api_table(fx->inst, "funcs");
    warden_func_t *call_slot = api_func(fx->inst, "call_slot");
    API_OK(warden_table_set(funcs, 0, api_funcref(api_func(fx->inst, "five"))));
    assert_int_equal(api_call_i32(s, call_slot, 1, 0), 5);
    warden_functype_t *type = NULL;
    static const warden_valkind_t i32 = WARDEN_I32;
    API_OK(warden_functype_new(NULL, 0, &i32, 1, &type));
    warden_func_t *nine = NULL;
    API_OK(warden_func_new(s, type, host_nine, NULL, NULL, &nine));
    warden_functype_delete(type);
    API_OK(warden_table_set(funcs, 1, api_funcref(nine)));
    assert_int_equal(api_call_i32(s, call_slot, 1, 1), 9);

    static const uint32_t idx[] = {8};
    static const char *const names[] = {"call_slot"};
    API_OK(warden_table_set(funcs, 1, api_funcref(api_func(fx->inst, "nop"))));
    warden_trap_t *trap = API_CALL_TRAP(s, call_slot, (warden_val_t[]){api_i32(1)}, 1, 1);
    API_TRAP(trap, WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH, "indirect call type mismatch", 1, idx,
             names);
    warden_trap_delete(trap);
    API_OK(warden_table_set(funcs, 1, api_funcref(NULL)));
    trap = API_CALL_TRAP(s, call_slot, (warden_val_t[]){api_i32(1)}, 1, 1);
    API_TRAP(trap, WARDEN_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element", 1, idx, names);
    warden_trap_delete(trap);
    assert_int_equal(api_call_i32(s, call_slot, 1, 0), 5);
}

/* ---------------------------------------------------------------------------------------------
 * Globals
 * ------------------------------------------------------------------------------------------- */

static void test_global_new(void **state)
{
    api_env *env = *state;
    warden_global_t *g = NULL;
    warden_val_t v;

    API_OK(warden_global_new(env->store, WARDEN_I32, true, api_i32(5), &g));
    warden_global_get(g, &v);
    assert_int_equal(v.kind, WARDEN_I32);
    assert_int_equal(v.of.i32, 5);
    API_OK(warden_global_set(g, api_i32(-6)));
    warden_global_get(g, &v);
    assert_int_equal(v.of.i32, -6);
    API_ERROR(warden_global_set(g, api_i64(7)), WARDEN_ERROR_ARGUMENT,
              "global: value of the wrong type");
    API_ERROR(warden_global_set(g, api_f32_bits(0)), WARDEN_ERROR_ARGUMENT,
              "global: value of the wrong type");
    warden_global_get(g, &v);
    assert_int_equal(v.of.i32, -6);

    /* Immutable: set fails and the value stays. */
    API_OK(warden_global_new(env->store, WARDEN_I64, false, api_i64(INT64_MIN), &g));
    API_ERROR(warden_global_set(g, api_i64(1)), WARDEN_ERROR_ARGUMENT, "global: immutable");
    warden_global_get(g, &v);
    assert_int_equal(v.kind, WARDEN_I64);
    assert_int_equal(v.of.i64, INT64_MIN);

    /* NaN payloads survive a global. */
    API_OK(warden_global_new(env->store, WARDEN_F64, true, api_f64_bits(0x7FF0000000000001), &g));
    warden_global_get(g, &v);
    assert_int_equal(v.kind, WARDEN_F64);
    assert_int_equal(v.of.f64_bits, 0x7FF0000000000001);
    API_OK(warden_global_set(g, api_f64_bits(0xFFF8000000000123)));
    warden_global_get(g, &v);
    assert_int_equal(v.of.f64_bits, 0xFFF8000000000123);
    API_OK(warden_global_new(env->store, WARDEN_F32, false, api_f32_bits(0xFFA00005), &g));
    warden_global_get(g, &v);
    assert_int_equal(v.kind, WARDEN_F32);
    assert_int_equal(v.of.f32_bits, 0xFFA00005);

    /* References. */
    int object;
    API_OK(warden_global_new(env->store, WARDEN_EXTERNREF, true, api_externref(&object), &g));
    warden_global_get(g, &v);
    assert_int_equal(v.kind, WARDEN_EXTERNREF);
    assert_ptr_equal(v.of.externref, &object);
    API_OK(warden_global_set(g, api_externref(NULL)));
    warden_global_get(g, &v);
    assert_null(v.of.externref);
    API_OK(warden_global_new(env->store, WARDEN_FUNCREF, true, api_funcref(NULL), &g));
    warden_global_get(g, &v);
    assert_int_equal(v.kind, WARDEN_FUNCREF);
    assert_null(v.of.funcref);
    API_ERROR(warden_global_set(g, api_externref(NULL)), WARDEN_ERROR_ARGUMENT,
              "global: value of the wrong type");

    /* Globals that cannot be made. */
    g = NULL;
    API_ERROR(warden_global_new(env->store, WARDEN_I32, true, api_i64(0), &g),
              WARDEN_ERROR_ARGUMENT, NULL);
    warden_val_t bad = {.kind = (warden_valkind_t)0x10};
    API_ERROR(warden_global_new(env->store, (warden_valkind_t)0x10, true, bad, &g),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(g);
}

static void test_global_shared_with_guest(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_global_t *mut = api_global(fx->inst, "mut");
    warden_val_t v, r;

    warden_global_get(mut, &v);
    assert_int_equal(v.kind, WARDEN_I64);
    assert_int_equal(v.of.i64, -1);
    API_OK(warden_global_set(mut, api_i64(INT64_C(0x123456789))));
    API_CALL(s, api_func(fx->inst, "get_mut"), NULL, 0, &r, 1);
    assert_int_equal(r.of.i64, INT64_C(0x123456789));
    API_CALL(s, api_func(fx->inst, "set_mut"), (warden_val_t[]){api_i64(-77)}, 1, NULL, 0);
    warden_global_get(mut, &v);
    assert_int_equal(v.of.i64, -77);

    warden_global_t *fmut = api_global(fx->inst, "fmut");
    API_OK(warden_global_set(fmut, api_f64_bits(0x7FF4000000000042)));
    API_CALL(s, api_func(fx->inst, "get_fmut"), NULL, 0, &r, 1);
    assert_int_equal(r.kind, WARDEN_F64);
    assert_int_equal(r.of.f64_bits, 0x7FF4000000000042);
    API_CALL(s, api_func(fx->inst, "set_fmut"), (warden_val_t[]){api_f64_bits(0xFFF0000000000007)},
             1, NULL, 0);
    warden_global_get(fmut, &v);
    assert_int_equal(v.of.f64_bits, 0xFFF0000000000007);

    /* An immutable export cannot be changed by the host. */
    warden_global_t *c = api_global(fx->inst, "const");
    API_ERROR(warden_global_set(c, api_i32(6)), WARDEN_ERROR_ARGUMENT, "global: immutable");
    warden_global_get(c, &v);
    assert_int_equal(v.of.i32, 5);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "get_const"), 0), 5);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_memory_new, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_memory_shared_with_guest, setup,
                                        api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_table_new, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_table_shared_with_guest, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_global_new, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_global_shared_with_guest, setup,
                                        api_instance_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
