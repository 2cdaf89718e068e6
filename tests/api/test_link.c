/* Linking: missing imports and imports of the wrong type (WARDEN_ERROR_UNLINKABLE naming the
 * import), the limits matching of tables and memories, redefinitions, and one module importing the
 * memory, table, mutable global and functions of another through warden_linker_define_instance. */
#include "support.h"

#include <string.h>

static warden_trap_t *host_double(void *env, warden_caller_t *caller, const warden_val_t *args,
                                  size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)nargs, (void)nresults;
    results[0].of.i32 = args[0].of.i32 * 2;
    return NULL;
}

static warden_trap_t *host_ignore(void *env, warden_caller_t *caller, const warden_val_t *args,
                                  size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs;
    for (size_t i = 0; i < nresults; i++) memset(&results[i].of, 0, sizeof results[i].of);
    return NULL;
}

static warden_func_t *host_func(warden_store_t *store, const warden_valkind_t *params, uint32_t np,
                                const warden_valkind_t *results, uint32_t nr, warden_host_func_t cb)
{
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(params, np, results, nr, &type));
    warden_func_t *f = NULL;
    API_OK(warden_func_new(store, type, cb, NULL, NULL, &f));
    warden_functype_delete(type);
    return f;
}

static void define(warden_linker_t *linker, const char *module, const char *name,
                   warden_extern_t item)
{
    API_OK(warden_linker_define(linker, module, strlen(module), name, strlen(name), item));
}

static warden_extern_t ext_func(warden_func_t *f)
{
    return (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = f};
}

static warden_extern_t ext_memory(warden_memory_t *m)
{
    return (warden_extern_t){.kind = WARDEN_EXTERN_MEMORY, .of.memory = m};
}

static warden_extern_t ext_table(warden_table_t *t)
{
    return (warden_extern_t){.kind = WARDEN_EXTERN_TABLE, .of.table = t};
}

static warden_extern_t ext_global(warden_global_t *g)
{
    return (warden_extern_t){.kind = WARDEN_EXTERN_GLOBAL, .of.global = g};
}

/* Instantiating `module` must fail with an UNLINKABLE error carrying `message`. */
static void expect_unlinkable(api_env *env, const warden_module_t *module, const char *message)
{
    warden_instance_t *inst = (warden_instance_t *)(uintptr_t)1;
    warden_trap_t *trap = NULL;
    API_ERROR(warden_linker_instantiate(env->linker, env->store, module, &inst, &trap),
              WARDEN_ERROR_UNLINKABLE, message);
    assert_null(inst);
    assert_null(trap);
}

static const warden_valkind_t k_i32[] = {WARDEN_I32, WARDEN_I32};
static const warden_valkind_t k_i64[] = {WARDEN_I64};

static void test_missing_imports(void **state)
{
    api_env *env = *state;
    static const struct {
        const char *stem, *message;
    } cases[] = {
        {"link_func", "unknown import: env.f (func)"},
        {"link_global", "unknown import: env.g (global)"},
        {"link_table", "unknown import: env.t (table)"},
        {"link_memory", "unknown import: env.m (memory)"},
    };
    warden_func_t *f = host_func(env->store, k_i32, 1, k_i32, 1, host_double);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        warden_module_t *module = api_module(env->engine, cases[i].stem);
        expect_unlinkable(env, module, cases[i].message);
        warden_module_delete(module);
    }

    /* Close names do not match: names are compared whole, module and field separately. */
    warden_module_t *module = api_module(env->engine, "link_func");
    define(env->linker, "env", "ff", ext_func(f));
    define(env->linker, "en", "f", ext_func(f));
    define(env->linker, "envf", "", ext_func(f));
    API_OK(warden_linker_define(env->linker, "env\0", 4, "f", 1, ext_func(f)));
    API_OK(warden_linker_define(env->linker, "env", 3, "f\0", 2, ext_func(f)));
    expect_unlinkable(env, module, "unknown import: env.f (func)");

    /* Names are given with a length, not NUL-terminated. */
    API_OK(warden_linker_define(env->linker, "environment", 3, "fx", 1, ext_func(f)));
    warden_instance_t *inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "call"), 1, 21), 42);
    warden_module_delete(module);
}

static void test_func_import_types(void **state)
{
    api_env *env = *state;
    warden_module_t *module = api_module(env->engine, "link_func");
    const char *const msg = "incompatible import type: env.f (func)";

    define(env->linker, "env", "f",
           ext_func(host_func(env->store, k_i64, 1, k_i32, 1, host_ignore)));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "f",
           ext_func(host_func(env->store, k_i32, 1, k_i64, 1, host_ignore)));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "f",
           ext_func(host_func(env->store, k_i32, 1, NULL, 0, host_ignore)));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "f",
           ext_func(host_func(env->store, k_i32, 2, k_i32, 1, host_ignore)));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "f",
           ext_func(host_func(env->store, k_i32, 1, k_i32, 2, host_ignore)));
    expect_unlinkable(env, module, msg);
    warden_memory_t *mem = NULL;
    API_OK(warden_memory_new(env->store, (warden_limits_t){1, 0, false}, &mem));
    define(env->linker, "env", "f", ext_memory(mem));
    expect_unlinkable(env, module, msg);

    /* A wasm function of the right type from another instance. */
    warden_instance_t *lib = api_load(env, "link_func_lib");
    define(env->linker, "env", "f", ext_func(api_func(lib, "triple")));
    warden_instance_t *inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "call"), 1, 5), 15);

    /* The right type: the last definition replaced the wrong ones. */
    define(env->linker, "env", "f",
           ext_func(host_func(env->store, k_i32, 1, k_i32, 1, host_double)));
    inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "call"), 1, 5), 10);
    warden_module_delete(module);
}

static void test_global_import_types(void **state)
{
    api_env *env = *state;
    warden_module_t *module = api_module(env->engine, "link_global");
    const char *const msg = "incompatible import type: env.g (global)";
    warden_global_t *g = NULL;

    API_OK(warden_global_new(env->store, WARDEN_I32, false, api_i32(1), &g));
    define(env->linker, "env", "g", ext_global(g));
    expect_unlinkable(env, module, msg);
    API_OK(warden_global_new(env->store, WARDEN_I64, true, api_i64(1), &g));
    define(env->linker, "env", "g", ext_global(g));
    expect_unlinkable(env, module, msg);
    API_OK(warden_global_new(env->store, WARDEN_F32, true, api_f32_bits(0), &g));
    define(env->linker, "env", "g", ext_global(g));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "g",
           ext_func(host_func(env->store, NULL, 0, k_i32, 1, host_ignore)));
    expect_unlinkable(env, module, msg);

    API_OK(warden_global_new(env->store, WARDEN_I32, true, api_i32(99), &g));
    define(env->linker, "env", "g", ext_global(g));
    warden_instance_t *inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "get"), 0), 99);
    API_OK(warden_global_set(g, api_i32(-3)));
    assert_int_equal(api_call_i32(env->store, api_func(inst, "get"), 0), -3);
    warden_module_delete(module);
}

static warden_table_t *table(api_env *env, warden_valkind_t elem, uint64_t min, bool has_max,
                             uint64_t max)
{
    warden_table_t *t = NULL;
    warden_val_t init = {.kind = elem};
    API_OK(warden_table_new(env->store, elem, (warden_limits_t){min, max, has_max}, init, &t));
    return t;
}

static void test_table_import_types(void **state)
{
    api_env *env = *state;
    warden_module_t *module = api_module(env->engine, "link_table");
    const char *const msg = "incompatible import type: env.t (table)";

    /* The import wants funcref, at least 2 elements, at most 5. */
    define(env->linker, "env", "t", ext_table(table(env, WARDEN_EXTERNREF, 2, true, 5)));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "t", ext_table(table(env, WARDEN_FUNCREF, 1, true, 5)));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "t", ext_table(table(env, WARDEN_FUNCREF, 2, false, 0)));
    expect_unlinkable(env, module, msg);
    define(env->linker, "env", "t", ext_table(table(env, WARDEN_FUNCREF, 2, true, 6)));
    expect_unlinkable(env, module, msg);
    warden_memory_t *mem = NULL;
    API_OK(warden_memory_new(env->store, (warden_limits_t){2, 5, true}, &mem));
    define(env->linker, "env", "t", ext_memory(mem));
    expect_unlinkable(env, module, msg);

    define(env->linker, "env", "t", ext_table(table(env, WARDEN_FUNCREF, 3, true, 5)));
    warden_instance_t *inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "size"), 0), 3);
    define(env->linker, "env", "t", ext_table(table(env, WARDEN_FUNCREF, 2, true, 2)));
    inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "size"), 0), 2);
    warden_module_delete(module);
}

static void test_memory_import_types(void **state)
{
    api_env *env = *state;
    warden_module_t *module = api_module(env->engine, "link_memory");
    const char *const msg = "incompatible import type: env.m (memory)";
    static const warden_limits_t bad[] = {{1, 3, true}, {2, 0, false}, {2, 4, true}, {4, 4, true}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        warden_memory_t *mem = NULL;
        API_OK(warden_memory_new(env->store, bad[i], &mem));
        define(env->linker, "env", "m", ext_memory(mem));
        expect_unlinkable(env, module, msg);
    }
    warden_global_t *g = NULL;
    API_OK(warden_global_new(env->store, WARDEN_I32, true, api_i32(0), &g));
    define(env->linker, "env", "m", ext_global(g));
    expect_unlinkable(env, module, msg);

    warden_memory_t *mem = NULL;
    API_OK(warden_memory_new(env->store, (warden_limits_t){3, 3, true}, &mem));
    define(env->linker, "env", "m", ext_memory(mem));
    warden_instance_t *inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "size"), 0), 3);

    /* What counts is the memory's current size: one page, grown to two, matches. */
    API_OK(warden_memory_new(env->store, (warden_limits_t){1, 3, true}, &mem));
    define(env->linker, "env", "m", ext_memory(mem));
    expect_unlinkable(env, module, msg);
    assert_int_equal(warden_memory_grow(mem, 1), 1);
    inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "size"), 0), 2);
    warden_module_delete(module);
}

static void test_define_instance(void **state)
{
    api_env *env = *state;
    warden_store_t *s = env->store;
    warden_instance_t *prov = api_load(env, "provider");
    API_OK(warden_linker_define_instance(env->linker, "provider", 4, prov));
    warden_instance_t *cons = api_load(env, "consumer");

    /* The consumer's data segment went into the provider's memory. */
    assert_int_equal(api_call_i32(s, api_func(prov, "load"), 1, 100), 5);
    assert_int_equal(warden_memory_data(api_memory(prov, "mem"))[100], 5);
    warden_val_t args[2] = {api_i32(200), api_i32(99)};
    API_CALL(s, api_func(cons, "store"), args, 2, NULL, 0);
    assert_int_equal(api_call_i32(s, api_func(prov, "load"), 1, 200), 99);

    /* The table is shared both ways: each module calls the other's function through it. */
    assert_int_equal(api_call_i32(s, api_func(cons, "call_slot"), 1, 0), 7);
    assert_int_equal(api_call_i32(s, api_func(cons, "call_slot"), 1, 1), 8);
    assert_int_equal(api_call_i32(s, api_func(prov, "call_slot"), 1, 1), 8);
    warden_val_t v;
    API_OK(warden_table_get(api_table(prov, "tab"), 1, &v));
    assert_int_equal(v.kind, WARDEN_FUNCREF);
    assert_non_null(v.of.funcref);
    assert_int_equal(api_call_i32(s, v.of.funcref, 0), 8);
    API_OK(warden_table_get(api_table(prov, "tab"), 0, &v));
    assert_ptr_equal(v.of.funcref, api_func(prov, "seven"));

    /* An imported function. */
    assert_int_equal(api_call_i32(s, api_func(cons, "seven_plus_one"), 0), 8);

    /* The mutable global is one global, seen from both modules and the host. */
    warden_global_t *counter = api_global(prov, "counter");
    assert_int_equal(api_call_i32(s, api_func(cons, "get_counter"), 0), 10);
    API_CALL(s, api_func(cons, "set_counter"), (warden_val_t[]){api_i32(42)}, 1, NULL, 0);
    assert_int_equal(api_call_i32(s, api_func(prov, "get_counter"), 0), 42);
    warden_global_get(counter, &v);
    assert_int_equal(v.of.i32, 42);
    API_CALL(s, api_func(prov, "bump"), NULL, 0, NULL, 0);
    assert_int_equal(api_call_i32(s, api_func(cons, "get_counter"), 0), 43);
    API_OK(warden_global_set(counter, api_i32(100)));
    assert_int_equal(api_call_i32(s, api_func(cons, "get_counter"), 0), 100);
    assert_int_equal(api_call_i32(s, api_func(prov, "get_counter"), 0), 100);

    /* A second consumer shares the same objects. */
    warden_instance_t *cons2 = api_load(env, "consumer");
    assert_int_equal(api_call_i32(s, api_func(cons2, "get_counter"), 0), 100);
    API_CALL(s, api_func(cons2, "set_counter"), (warden_val_t[]){api_i32(1)}, 1, NULL, 0);
    assert_int_equal(api_call_i32(s, api_func(cons, "get_counter"), 0), 1);
    assert_int_equal(api_call_i32(s, api_func(cons, "call_slot"), 1, 1), 8);
}

/* A trap in an imported function: the backtrace crosses the two instances, each frame with its
 * own module's index and name. */
static void test_trap_across_instances(void **state)
{
    api_env *env = *state;
    warden_store_t *s = env->store;
    warden_instance_t *prov = api_load(env, "provider");
    API_OK(warden_linker_define_instance(env->linker, "prov", 4, prov));
    warden_instance_t *cons = api_load(env, "consumer");
    warden_instance_t *bystander = api_load(env, "consumer");

    assert_int_equal(api_call_i32(s, api_func(cons, "call_crash"), 1, 1), 1);
    warden_trap_t *trap =
        API_CALL_TRAP(s, api_func(cons, "call_crash"), (warden_val_t[]){api_i32(0)}, 1, 1);
    static const uint32_t idx[] = {5, 8};
    static const char *const names[] = {"crash", "call_crash"};
    API_TRAP(trap, WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO, "integer divide by zero", 2, idx, names);
    warden_trap_delete(trap);

    assert_true(warden_instance_poisoned(prov));
    assert_false(warden_instance_poisoned(bystander));
    assert_int_equal(api_call_i32(s, api_func(cons, "call_crash"), 1, 1), 1);
    assert_int_equal(api_call_i32(s, api_func(prov, "crash"), 1, 1), 1);
}

/* The host's call into the consumer trapped (in the provider's code): the consumer is poisoned
 * too, as it is when the trap reaches it through a host function. */
static void test_poisoned_across_instances(void **state)
{
    api_env *env = *state;
    warden_instance_t *prov = api_load(env, "provider");
    API_OK(warden_linker_define_instance(env->linker, "prov", 4, prov));
    warden_instance_t *cons = api_load(env, "consumer");
    warden_trap_delete(API_CALL_TRAP(env->store, api_func(cons, "call_crash"),
                                     (warden_val_t[]){api_i32(0)}, 1, 1));
    assert_true(warden_instance_poisoned(prov));
    assert_true(warden_instance_poisoned(cons));
}

static void test_define_instance_replaces(void **state)
{
    api_env *env = *state;
    warden_store_t *s = env->store;
    warden_instance_t *p1 = api_load(env, "provider");
    warden_instance_t *p2 = api_load(env, "provider");
    API_CALL(s, api_func(p2, "bump"), NULL, 0, NULL, 0);
    API_OK(warden_linker_define_instance(env->linker, "prov", 4, p1));
    API_OK(warden_linker_define_instance(env->linker, "prov", 4, p2));
    warden_instance_t *cons = api_load(env, "consumer");
    assert_int_equal(api_call_i32(s, api_func(cons, "get_counter"), 0), 11);
    assert_int_equal(api_call_i32(s, api_func(p2, "load"), 1, 100), 5);
    assert_int_equal(api_call_i32(s, api_func(p1, "load"), 1, 100), 0);
}

/* Instantiating with an item of another store must fail: the item would dangle once its store is
 * deleted, and function types are per store (a function of another store fails call_indirect's
 * type check even when its type is the same). Either kind of error is accepted. */
static bool foreign_refused(api_env *env, warden_store_t *store, const char *stem, const char *what)
{
    warden_module_t *module = api_module(env->engine, stem);
    warden_instance_t *inst = (warden_instance_t *)(uintptr_t)1;
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_linker_instantiate(env->linker, store, module, &inst, &trap);
    warden_module_delete(module);
    warden_trap_delete(trap);
    if (!err) {
        print_error("%s of another store: instantiation succeeded\n", what);
        return false;
    }
    warden_error_kind_t kind = warden_error_kind(err);
    warden_error_delete(err);
    assert_true(kind == WARDEN_ERROR_UNLINKABLE || kind == WARDEN_ERROR_ARGUMENT);
    assert_null(inst);
    return true;
}

static void test_items_of_another_store(void **state)
{
    api_env *env = *state;
    warden_store_t *other = NULL;
    API_OK(warden_store_new(env->engine, &other));

    define(env->linker, "env", "f",
           ext_func(host_func(env->store, k_i32, 1, k_i32, 1, host_double)));
    warden_global_t *g = NULL;
    API_OK(warden_global_new(env->store, WARDEN_I32, true, api_i32(1), &g));
    define(env->linker, "env", "g", ext_global(g));
    define(env->linker, "env", "t", ext_table(table(env, WARDEN_FUNCREF, 2, true, 5)));
    warden_memory_t *mem = NULL;
    API_OK(warden_memory_new(env->store, (warden_limits_t){2, 3, true}, &mem));
    define(env->linker, "env", "m", ext_memory(mem));
    warden_instance_t *prov = api_load(env, "provider");
    API_OK(warden_linker_define_instance(env->linker, "prov", 4, prov));

    /* In their own store all of them link. */
    static const char *const stems[] = {"link_func", "link_global", "link_table", "link_memory",
                                        "consumer"};
    for (size_t i = 0; i < sizeof stems / sizeof *stems; i++) api_load(env, stems[i]);

    bool ok = foreign_refused(env, other, "link_func", "a host function");
    ok &= foreign_refused(env, other, "link_global", "a global");
    ok &= foreign_refused(env, other, "link_table", "a table");
    ok &= foreign_refused(env, other, "link_memory", "a memory");
    ok &= foreign_refused(env, other, "consumer", "an instance's exports");
    warden_store_delete(other);
    assert_true(ok);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_missing_imports, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_func_import_types, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_global_import_types, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_table_import_types, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_memory_import_types, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_define_instance, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_trap_across_instances, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_poisoned_across_instances, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_define_instance_replaces, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_items_of_another_store, api_setup, api_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
