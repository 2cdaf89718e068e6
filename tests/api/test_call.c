/* Instantiating and calling: exports of every kind, argument and result conversion for every value
 * type (NaN payloads kept bit for bit), references, multiple results, and wrong calls reported as
 * WARDEN_ERROR_ARGUMENT. */
#include "support.h"

#include <string.h>

static int setup(void **state)
{
    return api_instance_setup(state, "call");
}

/* Calls a one-result function and returns the result, checking its kind. */
static warden_val_t call1(api_instance_fixture *fx, const char *name, const warden_val_t *args,
                          size_t nargs, warden_valkind_t kind)
{
    warden_val_t result;
    memset(&result, 0xAB, sizeof result);
    API_CALL(fx->env->store, api_func(fx->inst, name), args, nargs, &result, 1);
    assert_int_equal(result.kind, kind);
    return result;
}

/* ---------------------------------------------------------------------------------------------
 * Exports
 * ------------------------------------------------------------------------------------------- */

static void test_exports(void **state)
{
    api_instance_fixture *fx = *state;
    warden_extern_t ext;

    assert_true(warden_instance_export(fx->inst, "add", 3, &ext));
    assert_int_equal(ext.kind, WARDEN_EXTERN_FUNC);
    warden_func_t *add = ext.of.func;
    assert_non_null(add);
    assert_ptr_equal(warden_instance_export_func(fx->inst, "add"), add);
    const warden_functype_t *type = warden_func_type(add);
    assert_non_null(type);
    assert_int_equal(type->nparams, 2);
    assert_int_equal(type->nresults, 1);
    assert_int_equal(type->params[0], WARDEN_I32);
    assert_int_equal(type->params[1], WARDEN_I32);
    assert_int_equal(type->results[0], WARDEN_I32);

    assert_true(warden_instance_export(fx->inst, "memory", 6, &ext));
    assert_int_equal(ext.kind, WARDEN_EXTERN_MEMORY);
    assert_int_equal(warden_memory_size(ext.of.memory), 65536);

    assert_true(warden_instance_export(fx->inst, "table", 5, &ext));
    assert_int_equal(ext.kind, WARDEN_EXTERN_TABLE);
    assert_int_equal(warden_table_size(ext.of.table), 2);

    warden_val_t v;
    assert_true(warden_instance_export(fx->inst, "g_i32", 5, &ext));
    assert_int_equal(ext.kind, WARDEN_EXTERN_GLOBAL);
    warden_global_get(ext.of.global, &v);
    assert_int_equal(v.kind, WARDEN_I32);
    assert_int_equal(v.of.i32, 7);
    assert_true(warden_instance_export(fx->inst, "g_f64", 5, &ext));
    warden_global_get(ext.of.global, &v);
    assert_int_equal(v.kind, WARDEN_F64);
    assert_int_equal(v.of.f64_bits, 0x4004000000000000u); /* 2.5 */

    /* Only functions come out of export_func. */
    assert_null(warden_instance_export_func(fx->inst, "memory"));
    assert_null(warden_instance_export_func(fx->inst, "table"));
    assert_null(warden_instance_export_func(fx->inst, "g_i32"));
    assert_null(warden_instance_export_func(fx->inst, "missing"));

    /* Names are compared as byte strings of the given length. */
    ext.kind = (warden_externkind_t)99;
    assert_false(warden_instance_export(fx->inst, "missing", 7, &ext));
    assert_false(warden_instance_export(fx->inst, "ad", 2, &ext));
    assert_false(warden_instance_export(fx->inst, "addx", 4, &ext));
    assert_true(warden_instance_export(fx->inst, "addx", 3, &ext));
    assert_ptr_equal(ext.of.func, add);
    assert_true(warden_instance_export(fx->inst, "a\0b", 3, &ext));
    assert_int_equal(ext.kind, WARDEN_EXTERN_FUNC);
    assert_ptr_equal(ext.of.func, add);
    assert_false(warden_instance_export(fx->inst, "a\0b", 1, &ext));
    assert_null(warden_instance_export_func(fx->inst, "a"));
    assert_false(warden_instance_export(fx->inst, "", 0, &ext));
}

static void test_memory_and_global_exports(void **state)
{
    api_instance_fixture *fx = *state;
    warden_memory_t *mem = api_memory(fx->inst, "memory");
    uint8_t *data = warden_memory_data(mem);
    assert_non_null(data);
    data[100] = 0x78;
    data[101] = 0x56;
    data[102] = 0x34;
    data[103] = 0x12;
    assert_int_equal(api_call_i32(fx->env->store, api_func(fx->inst, "load"), 1, 100), 0x12345678);

    warden_global_t *g = api_global(fx->inst, "g_i32");
    API_OK(warden_global_set(g, api_i32(-9)));
    assert_int_equal(api_call_i32(fx->env->store, api_func(fx->inst, "get_g_i32"), 0), -9);
}

/* ---------------------------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------------------------- */

static void test_no_arguments_no_results(void **state)
{
    api_instance_fixture *fx = *state;
    warden_trap_t *trap = (warden_trap_t *)(uintptr_t)1;
    API_OK(warden_func_call(fx->env->store, api_func(fx->inst, "nop"), NULL, 0, NULL, 0, &trap));
    assert_null(trap);
}

static void test_i32(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "add"), 2, 2, 3), 5);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "add"), 2, INT32_MAX, 1), INT32_MIN);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "add"), 2, -1, -1), -2);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "i32_min"), 0), INT32_MIN);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "i32_shr_u"), 2, -1, 28), 15);
}

static void test_i64(void **state)
{
    api_instance_fixture *fx = *state;
    warden_val_t args[2] = {api_i64(INT64_C(0x100000000)), api_i64(INT64_C(0x100000000))};
    assert_int_equal(call1(fx, "i64_mul", args, 2, WARDEN_I64).of.i64, 0);
    args[0] = api_i64(-3);
    args[1] = api_i64(INT64_C(7000000000));
    assert_int_equal(call1(fx, "i64_mul", args, 2, WARDEN_I64).of.i64, INT64_C(-21000000000));
    args[0] = api_i64(INT64_MAX);
    args[1] = api_i64(2);
    assert_int_equal(call1(fx, "i64_mul", args, 2, WARDEN_I64).of.i64, -2);

    args[0] = api_i32(-1);
    assert_int_equal(call1(fx, "i64_extend_s", args, 1, WARDEN_I64).of.i64, -1);
    assert_int_equal(call1(fx, "i64_extend_u", args, 1, WARDEN_I64).of.i64, INT64_C(0xFFFFFFFF));
    args[0] = api_i64(INT64_C(0x123456789ABCDEF0));
    assert_int_equal(call1(fx, "i32_wrap", args, 1, WARDEN_I32).of.i32, (int32_t)0x9ABCDEF0u);
}

static void test_floats(void **state)
{
    api_instance_fixture *fx = *state;
    warden_val_t args[2];

    args[0] = api_f32_bits(0x3FC00000);                                                  /* 1.5 */
    args[1] = api_f32_bits(0xC0000000);                                                  /* -2 */
    assert_int_equal(call1(fx, "f32_mul", args, 2, WARDEN_F32).of.f32_bits, 0xC0400000); /* -3 */

    args[0] = api_f64_bits(0x3FF0000000000000); /* 1 */
    args[1] = api_f64_bits(0);
    assert_int_equal(call1(fx, "f64_div", args, 2, WARDEN_F64).of.f64_bits, 0x7FF0000000000000);
    args[1] = api_f64_bits(0x8000000000000000); /* -0 */
    assert_int_equal(call1(fx, "f64_div", args, 2, WARDEN_F64).of.f64_bits, 0xFFF0000000000000);

    /* The float views carry the same bits. */
    args[0] = (warden_val_t){.kind = WARDEN_F64, .of.f64 = 0.1};
    args[1] = (warden_val_t){.kind = WARDEN_F64, .of.f64 = 3.0};
    warden_val_t r = call1(fx, "f64_div", args, 2, WARDEN_F64);
    double want = 0.1 / 3.0;
    uint64_t want_bits;
    memcpy(&want_bits, &want, sizeof want_bits);
    assert_int_equal(r.of.f64_bits, want_bits);
    args[0] = (warden_val_t){.kind = WARDEN_F32, .of.f32 = 0.75f};
    r = call1(fx, "f32_bits", args, 1, WARDEN_I32);
    assert_int_equal((uint32_t)r.of.i32, 0x3F400000);

    /* Signed zeros. */
    args[0] = api_f32_bits(0x80000000);
    assert_int_equal(call1(fx, "f32_id", args, 1, WARDEN_F32).of.f32_bits, 0x80000000);
    args[0] = api_f64_bits(0x8000000000000000);
    assert_int_equal(call1(fx, "f64_id", args, 1, WARDEN_F64).of.f64_bits, 0x8000000000000000);
}

static void test_nan_payloads(void **state)
{
    api_instance_fixture *fx = *state;
    static const uint32_t f32_nans[] = {0x7FA00001, 0x7F800001, 0xFFC00123, 0x7FFFFFFF, 0xFFBFFFFF};
    static const uint64_t f64_nans[] = {0x7FF0000000000001, 0xFFF4000000000001, 0x7FF8000000000ABC,
                                        0xFFFFFFFFFFFFFFFF};
    warden_val_t arg;
    for (size_t i = 0; i < sizeof f32_nans / sizeof *f32_nans; i++) {
        arg = api_f32_bits(f32_nans[i]);
        assert_int_equal(call1(fx, "f32_id", &arg, 1, WARDEN_F32).of.f32_bits, f32_nans[i]);
        assert_int_equal((uint32_t)call1(fx, "f32_bits", &arg, 1, WARDEN_I32).of.i32, f32_nans[i]);
        /* neg flips the sign bit only. */
        assert_int_equal(call1(fx, "f32_neg", &arg, 1, WARDEN_F32).of.f32_bits,
                         f32_nans[i] ^ 0x80000000u);
    }
    for (size_t i = 0; i < sizeof f64_nans / sizeof *f64_nans; i++) {
        arg = api_f64_bits(f64_nans[i]);
        assert_int_equal(call1(fx, "f64_id", &arg, 1, WARDEN_F64).of.f64_bits, f64_nans[i]);
        /* abs clears the sign bit only. */
        assert_int_equal(call1(fx, "f64_abs", &arg, 1, WARDEN_F64).of.f64_bits,
                         f64_nans[i] & ~UINT64_C(0x8000000000000000));
        arg = api_i64((int64_t)f64_nans[i]);
        assert_int_equal(call1(fx, "f64_from_bits", &arg, 1, WARDEN_F64).of.f64_bits, f64_nans[i]);
    }
    /* NaN constants of the guest reach the host unchanged. */
    assert_int_equal(call1(fx, "f32_nan", NULL, 0, WARDEN_F32).of.f32_bits, 0x7FA00001);
    assert_int_equal(call1(fx, "f64_nan", NULL, 0, WARDEN_F64).of.f64_bits, 0xFFF4000000000001);
}

static void test_multiple_results(void **state)
{
    api_instance_fixture *fx = *state;
    warden_val_t args[4] = {api_i32(-1), api_i64(INT64_MIN), api_f32_bits(0x7FA00001),
                            api_f64_bits(0x3FF0000000000000)};
    warden_val_t results[4];
    memset(results, 0, sizeof results);
    API_CALL(fx->env->store, api_func(fx->inst, "mixed"), args, 4, results, 4);
    assert_int_equal(results[0].kind, WARDEN_F64);
    assert_int_equal(results[0].of.f64_bits, 0x3FF0000000000000);
    assert_int_equal(results[1].kind, WARDEN_F32);
    assert_int_equal(results[1].of.f32_bits, 0x7FA00001);
    assert_int_equal(results[2].kind, WARDEN_I64);
    assert_int_equal(results[2].of.i64, INT64_MIN);
    assert_int_equal(results[3].kind, WARDEN_I32);
    assert_int_equal(results[3].of.i32, -1);

    args[0] = api_i32(17);
    args[1] = api_i32(5);
    API_CALL(fx->env->store, api_func(fx->inst, "divmod"), args, 2, results, 2);
    assert_int_equal(results[0].kind, WARDEN_I32);
    assert_int_equal(results[0].of.i32, 3);
    assert_int_equal(results[1].kind, WARDEN_I32);
    assert_int_equal(results[1].of.i32, 2);
}

static void test_externref(void **state)
{
    api_instance_fixture *fx = *state;
    int host_object = 42;
    void *const pointers[] = {&host_object, (void *)(uintptr_t)0x1, (void *)(uintptr_t)UINTPTR_MAX};
    for (size_t i = 0; i < sizeof pointers / sizeof *pointers; i++) {
        warden_val_t arg = api_externref(pointers[i]);
        assert_ptr_equal(call1(fx, "extern_id", &arg, 1, WARDEN_EXTERNREF).of.externref,
                         pointers[i]);
        assert_int_equal(call1(fx, "extern_is_null", &arg, 1, WARDEN_I32).of.i32, 0);
    }
    warden_val_t null = api_externref(NULL);
    assert_null(call1(fx, "extern_id", &null, 1, WARDEN_EXTERNREF).of.externref);
    assert_int_equal(call1(fx, "extern_is_null", &null, 1, WARDEN_I32).of.i32, 1);
    assert_int_equal(host_object, 42);
}

static warden_trap_t *host_sub(void *env, warden_caller_t *caller, const warden_val_t *args,
                               size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller;
    assert_int_equal(nargs, 2);
    assert_int_equal(nresults, 1);
    results[0].of.i32 = args[0].of.i32 - args[1].of.i32;
    return NULL;
}

static void test_funcref(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_func_t *add = api_func(fx->inst, "add");

    warden_val_t arg = api_funcref(add);
    assert_ptr_equal(call1(fx, "funcref_id", &arg, 1, WARDEN_FUNCREF).of.funcref, add);
    assert_int_equal(call1(fx, "funcref_is_null", &arg, 1, WARDEN_I32).of.i32, 0);
    arg = api_funcref(NULL);
    assert_null(call1(fx, "funcref_id", &arg, 1, WARDEN_FUNCREF).of.funcref);
    assert_int_equal(call1(fx, "funcref_is_null", &arg, 1, WARDEN_I32).of.i32, 1);

    /* ref.func gives the same function object as the export, and it can be called. */
    warden_func_t *got = call1(fx, "get_add", NULL, 0, WARDEN_FUNCREF).of.funcref;
    assert_ptr_equal(got, add);
    assert_int_equal(api_call_i32(s, got, 2, 30, 12), 42);

    /* A reference from the host, called indirectly by the guest. */
    warden_val_t args[3] = {api_funcref(add), api_i32(19), api_i32(23)};
    assert_int_equal(call1(fx, "call_ref", args, 3, WARDEN_I32).of.i32, 42);

    const warden_valkind_t ii[2] = {WARDEN_I32, WARDEN_I32};
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(ii, 2, ii, 1, &type));
    warden_func_t *sub = NULL;
    API_OK(warden_func_new(s, type, host_sub, NULL, NULL, &sub));
    warden_functype_delete(type);
    args[0] = api_funcref(sub);
    assert_int_equal(call1(fx, "call_ref", args, 3, WARDEN_I32).of.i32, -4);

    /* The guest's own checks still apply to host-made references. */
    warden_trap_t *trap;
    static const uint32_t idx[] = {25};
    static const char *const names[] = {"call_ref"};
    args[0] = api_funcref(api_func(fx->inst, "nop"));
    trap = API_CALL_TRAP(s, api_func(fx->inst, "call_ref"), args, 3, 1);
    API_TRAP(trap, WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH, "indirect call type mismatch", 1, idx,
             names);
    warden_trap_delete(trap);
    args[0] = api_funcref(NULL);
    trap = API_CALL_TRAP(s, api_func(fx->inst, "call_ref"), args, 3, 1);
    API_TRAP(trap, WARDEN_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element", 1, idx, names);
    warden_trap_delete(trap);
}

/* v128: two frame slots per value, between scalars, through a global and a host function. */
static warden_trap_t *host_swap(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    bool *ok = env;
    *ok = nargs == 2 && nresults == 2 && args[0].kind == WARDEN_V128 &&
          args[1].kind == WARDEN_I32 && results[0].kind == WARDEN_I32 &&
          results[1].kind == WARDEN_V128;
    results[0].of.i32 = args[1].of.i32 + 1;
    for (int i = 0; i < 16; i++) results[1].of.v128[i] = (uint8_t)~args[0].of.v128[i];
    return NULL;
}

static warden_val_t v128_pattern(uint8_t seed)
{
    warden_val_t v = {.kind = WARDEN_V128};
    for (int i = 0; i < 16; i++) v.of.v128[i] = (uint8_t)(seed + 17 * i);
    return v;
}

static void test_v128(void **state)
{
    api_env *env = *state;
    bool host_ok = false;
    static const warden_valkind_t params[] = {WARDEN_V128, WARDEN_I32};
    static const warden_valkind_t results_k[] = {WARDEN_I32, WARDEN_V128};
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(params, 2, results_k, 2, &type));
    warden_func_t *swap = NULL;
    API_OK(warden_func_new(env->store, type, host_swap, &host_ok, NULL, &swap));
    warden_functype_delete(type);
    API_OK(warden_linker_define(env->linker, "host", 4, "swap", 4,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = swap}));
    warden_instance_t *inst = api_load(env, "v128");
    warden_store_t *s = env->store;

    warden_val_t a = v128_pattern(3), r[3];
    API_CALL(s, api_func(inst, "id"), &a, 1, r, 1);
    assert_int_equal(r[0].kind, WARDEN_V128);
    assert_memory_equal(r[0].of.v128, a.of.v128, 16);

    warden_val_t args[3] = {api_i32(-7), v128_pattern(100), api_i64(INT64_C(0x0102030405060708))};
    API_CALL(s, api_func(inst, "rotate"), args, 3, r, 3);
    assert_int_equal(r[0].kind, WARDEN_I64);
    assert_int_equal(r[0].of.i64, INT64_C(0x0102030405060708));
    assert_int_equal(r[1].kind, WARDEN_V128);
    assert_memory_equal(r[1].of.v128, args[1].of.v128, 16);
    assert_int_equal(r[2].kind, WARDEN_I32);
    assert_int_equal(r[2].of.i32, -7);

    /* The global's initial value is i32x4 1 2 3 0xFFFFFFFF, little-endian lanes. */
    static const uint8_t init[16] = {1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
    API_CALL(s, api_func(inst, "get"), NULL, 0, r, 1);
    assert_memory_equal(r[0].of.v128, init, 16);
    warden_val_t v;
    warden_global_get(api_global(inst, "g"), &v);
    assert_int_equal(v.kind, WARDEN_V128);
    assert_memory_equal(v.of.v128, init, 16);
    API_OK(warden_global_set(api_global(inst, "g"), v128_pattern(9)));
    API_CALL(s, api_func(inst, "get"), NULL, 0, r, 1);
    assert_memory_equal(r[0].of.v128, v128_pattern(9).of.v128, 16);
    a = v128_pattern(200);
    API_CALL(s, api_func(inst, "set"), &a, 1, NULL, 0);
    warden_global_get(api_global(inst, "g"), &v);
    assert_memory_equal(v.of.v128, a.of.v128, 16);

    warden_val_t hargs[2] = {v128_pattern(50), api_i32(41)};
    API_CALL(s, api_func(inst, "via_host"), hargs, 2, r, 2);
    assert_true(host_ok);
    assert_int_equal(r[0].kind, WARDEN_I32);
    assert_int_equal(r[0].of.i32, 42);
    assert_int_equal(r[1].kind, WARDEN_V128);
    for (int i = 0; i < 16; i++) assert_int_equal(r[1].of.v128[i], (uint8_t)~hargs[0].of.v128[i]);
}

/* ---------------------------------------------------------------------------------------------
 * Wrong calls
 * ------------------------------------------------------------------------------------------- */

static void test_wrong_arguments(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_func_t *add = api_func(fx->inst, "add");
    warden_val_t args[3] = {api_i32(1), api_i32(2), api_i32(3)};
    warden_val_t results[2];
    warden_trap_t *trap = NULL;

    API_ERROR(warden_func_call(s, add, args, 1, results, 1, &trap), WARDEN_ERROR_ARGUMENT,
              "call: the function takes 2 arguments and returns 1 results, not 1 and 1");
    API_ERROR(warden_func_call(s, add, args, 3, results, 1, &trap), WARDEN_ERROR_ARGUMENT,
              "call: the function takes 2 arguments and returns 1 results, not 3 and 1");
    API_ERROR(warden_func_call(s, add, args, 2, results, 0, &trap), WARDEN_ERROR_ARGUMENT,
              "call: the function takes 2 arguments and returns 1 results, not 2 and 0");
    API_ERROR(warden_func_call(s, add, args, 2, results, 2, &trap), WARDEN_ERROR_ARGUMENT,
              "call: the function takes 2 arguments and returns 1 results, not 2 and 2");
    API_ERROR(warden_func_call(s, add, NULL, 0, results, 1, &trap), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(trap);

    /* Wrong kinds, including kinds that are not kinds at all. */
    static const warden_valkind_t wrong[] = {WARDEN_I64,         WARDEN_F32,     WARDEN_F64,
                                             WARDEN_V128,        WARDEN_FUNCREF, WARDEN_EXTERNREF,
                                             (warden_valkind_t)0};
    for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
        args[1] = api_i32(2);
        args[1].kind = wrong[i];
        API_ERROR(warden_func_call(s, add, args, 2, results, 1, &trap), WARDEN_ERROR_ARGUMENT,
                  "call: argument 1 has the wrong type");
        assert_null(trap);
    }
    warden_val_t ext = api_externref(NULL);
    API_ERROR(warden_func_call(s, api_func(fx->inst, "funcref_id"), &ext, 1, results, 1, &trap),
              WARDEN_ERROR_ARGUMENT, "call: argument 0 has the wrong type");

    /* A function of another store. */
    warden_store_t *other = NULL;
    API_OK(warden_store_new(fx->env->engine, &other));
    args[1] = api_i32(2);
    API_ERROR(warden_func_call(other, add, args, 2, results, 1, &trap), WARDEN_ERROR_ARGUMENT,
              "call: the function belongs to another store");
    assert_null(trap);
    warden_store_delete(other);

    /* None of that disturbed the store. */
    assert_int_equal(api_call_i32(s, add, 2, 1, 2), 3);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exports, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_memory_and_global_exports, setup,
                                        api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_no_arguments_no_results, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_i32, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_i64, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_floats, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_nan_payloads, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_multiple_results, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_externref, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_funcref, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_v128, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_wrong_arguments, setup, api_instance_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
