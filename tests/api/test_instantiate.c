/* Traps during instantiation: active segments out of bounds and trapping start functions. The
 * instantiation reports a trap (not an error) and no instance; the segments before the failing
 * one stay applied; the store stays usable. */
#include "support.h"

#include <stdbool.h>
#include <string.h>

typedef struct init_fixture {
    api_env *env;
    int ticks;
    warden_memory_t *memory;
    warden_table_t *table;
    /* What env.keep (init_start_escape) and env.grab (init_start_big) do. */
    bool keep_func, grab_memory, make_memory;
    warden_func_t *kept;
    warden_memory_t *grabbed, *made;
} init_fixture;

static warden_trap_t *keep(void *env, warden_caller_t *caller, const warden_val_t *args,
                           size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)nargs, (void)results, (void)nresults;
    (void)caller;
    init_fixture *fx = env;
    if (fx->keep_func) fx->kept = args[0].of.funcref;
    return NULL;
}

static warden_trap_t *grab(void *env, warden_caller_t *caller, const warden_val_t *args,
                           size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)args, (void)nargs, (void)results, (void)nresults;
    init_fixture *fx = env;
    if (fx->grab_memory) fx->grabbed = warden_caller_export_memory(caller, "memory");
    if (fx->make_memory)
        API_OK(warden_memory_new(warden_caller_store(caller), (warden_limits_t){1, 0, false},
                                 &fx->made));
    return NULL;
}

static void define_func(init_fixture *fx, const char *name, const warden_valkind_t *params,
                        uint32_t nparams, warden_host_func_t cb)
{
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(params, nparams, NULL, 0, &type));
    warden_func_t *f = NULL;
    API_OK(warden_func_new(fx->env->store, type, cb, fx, NULL, &f));
    warden_functype_delete(type);
    API_OK(warden_linker_define(fx->env->linker, "env", 3, name, strlen(name),
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = f}));
}

static warden_trap_t *tick(void *env, warden_caller_t *caller, const warden_val_t *args,
                           size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    ((init_fixture *)env)->ticks++;
    return NULL;
}

static int setup(void **state)
{
    static init_fixture fx;
    memset(&fx, 0, sizeof fx);
    void *envp = NULL;
    if (api_setup(&envp)) return -1;
    fx.env = envp;
    define_func(&fx, "tick", NULL, 0, tick);
    static const warden_valkind_t funcref = WARDEN_FUNCREF;
    define_func(&fx, "keep", &funcref, 1, keep);
    define_func(&fx, "grab", NULL, 0, grab);
    API_OK(warden_memory_new(fx.env->store, (warden_limits_t){1, 0, false}, &fx.memory));
    API_OK(warden_linker_define(
        fx.env->linker, "env", 3, "memory", 6,
        (warden_extern_t){.kind = WARDEN_EXTERN_MEMORY, .of.memory = fx.memory}));
    API_OK(warden_table_new(fx.env->store, WARDEN_FUNCREF, (warden_limits_t){2, 0, false},
                            api_funcref(NULL), &fx.table));
    API_OK(
        warden_linker_define(fx.env->linker, "env", 3, "table", 5,
                             (warden_extern_t){.kind = WARDEN_EXTERN_TABLE, .of.table = fx.table}));
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    init_fixture *fx = *state;
    void *envp = fx->env;
    return api_teardown(&envp);
}

/* Instantiates fixture `stem` expecting a trap; returns it. */
static warden_trap_t *instantiate_trap(init_fixture *fx, const char *stem)
{
    warden_module_t *module = api_module(fx->env->engine, stem);
    warden_instance_t *inst = (warden_instance_t *)(uintptr_t)1;
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_linker_instantiate(fx->env->linker, fx->env->store, module, &inst, &trap);
    warden_module_delete(module);
    API_OK(err);
    assert_null(inst);
    assert_non_null(trap);
    return trap;
}

/* The store still instantiates and runs modules. */
static void assert_store_usable(init_fixture *fx)
{
    warden_instance_t *inst = api_load(fx->env, "lifecycle");
    assert_int_equal(api_call_i32(fx->env->store, api_func(inst, "add"), 2, 2, 2), 4);
    assert_int_equal(api_call_i32(fx->env->store, api_func(inst, "bump"), 0), 1);
}

static void test_data_segment_out_of_bounds(void **state)
{
    init_fixture *fx = *state;
    warden_trap_t *trap = instantiate_trap(fx, "init_data_oob");
    API_TRAP(trap, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS, "out of bounds memory access", 0, NULL, NULL);
    warden_trap_delete(trap);

    /* The first segment was written, the failing one and the one after it were not. */
    const uint8_t *data = warden_memory_data(fx->memory);
    assert_memory_equal(data, "hi", 2);
    assert_int_equal(data[65535], 0);
    assert_int_equal(data[8], 0);
    assert_store_usable(fx);

    trap = instantiate_trap(fx, "init_data_oob_own");
    API_TRAP(trap, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS, "out of bounds memory access", 0, NULL, NULL);
    warden_trap_delete(trap);
    assert_store_usable(fx);
}

static void test_elem_segment_out_of_bounds(void **state)
{
    init_fixture *fx = *state;
    warden_trap_t *trap = instantiate_trap(fx, "init_elem_oob");
    API_TRAP(trap, WARDEN_TRAP_TABLE_OUT_OF_BOUNDS, "out of bounds table access", 0, NULL, NULL);
    warden_trap_delete(trap);

    /* The first segment was applied: slot 0 holds a function returning 1; slot 1 is empty. */
    warden_val_t v;
    API_OK(warden_table_get(fx->table, 0, &v));
    assert_int_equal(v.kind, WARDEN_FUNCREF);
    assert_non_null(v.of.funcref);
    assert_int_equal(api_call_i32(fx->env->store, v.of.funcref, 0), 1);
    API_OK(warden_table_get(fx->table, 1, &v));
    assert_null(v.of.funcref);
    assert_store_usable(fx);
}

static void test_start_function_trap(void **state)
{
    init_fixture *fx = *state;
    warden_trap_t *trap = instantiate_trap(fx, "init_start_trap");
    static const uint32_t idx[] = {2, 1};
    static const char *const names[] = {"boom", "start"};
    API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 2, idx, names);
    warden_trap_delete(trap);
    assert_int_equal(fx->ticks, 1);
    assert_store_usable(fx);
}

static void test_start_function(void **state)
{
    init_fixture *fx = *state;
    warden_module_t *module = api_module(fx->env->engine, "init_start");
    warden_instance_t *a = api_instantiate(fx->env->linker, fx->env->store, module);
    assert_int_equal(fx->ticks, 1);
    warden_instance_t *b = api_instantiate(fx->env->linker, fx->env->store, module);
    assert_int_equal(fx->ticks, 2);
    warden_module_delete(module);
    assert_int_equal(api_call_i32(fx->env->store, api_func(a, "get"), 0), 42);
    assert_int_equal(api_call_i32(fx->env->store, api_func(b, "get"), 0), 42);
    assert_int_equal(fx->ticks, 2);
}

static void test_failures_in_a_row(void **state)
{
    init_fixture *fx = *state;
    warden_instance_t *before = api_load(fx->env, "lifecycle");
    assert_int_equal(api_call_i32(fx->env->store, api_func(before, "bump"), 0), 1);
    static const char *const stems[] = {"init_data_oob", "init_elem_oob", "init_start_trap",
                                        "init_data_oob_own"};
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < sizeof stems / sizeof *stems; i++)
            warden_trap_delete(instantiate_trap(fx, stems[i]));
    }
    /* An instance made before the failures is untouched. */
    assert_int_equal(api_call_i32(fx->env->store, api_func(before, "bump"), 0), 2);
    assert_store_usable(fx);
}

static warden_store_usage_t usage_of(init_fixture *fx)
{
    warden_store_usage_t u;
    warden_store_usage(fx->env->store, &u);
    return u;
}

/* A failed instantiation gives back everything it took: 200 tries of a module with a 1 MiB memory
 * and a 1000-element table fit in a 4 MiB store, and the usage after each is what it was. */
static void test_failed_instance_given_back(void **state)
{
    init_fixture *fx = *state;
    warden_store_limits_t l;
    warden_store_get_limits(fx->env->store, &l);
    l.max_memory_bytes = 4 << 20;
    API_OK(warden_store_set_limits(fx->env->store, &l));
    warden_store_usage_t before = usage_of(fx);
    for (int i = 0; i < 200; i++) {
        warden_trap_t *trap = instantiate_trap(fx, "init_start_big");
        assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_UNREACHABLE);
        warden_trap_delete(trap);
        warden_store_usage_t u = usage_of(fx);
        assert_int_equal(u.memory_bytes, before.memory_bytes);
        assert_int_equal(u.host_bytes, before.host_bytes);
        assert_int_equal(u.table_elements, before.table_elements);
        assert_int_equal(u.instances, before.instances);
        assert_int_equal(u.memories, before.memories);
        assert_int_equal(u.tables, before.tables);
    }
    assert_true(usage_of(fx).memory_peak_bytes >= before.memory_bytes + (1 << 20));
    assert_store_usable(fx);
}

/* A function the host was handed stays callable after the failure: the instance is kept. */
static void test_failed_instance_kept_for_host_function(void **state)
{
    init_fixture *fx = *state;
    fx->keep_func = true;
    warden_store_usage_t before = usage_of(fx);
    warden_trap_delete(instantiate_trap(fx, "init_start_escape"));
    assert_non_null(fx->kept);
    assert_int_equal(api_call_i32(fx->env->store, fx->kept, 0), 7);
    assert_int_equal(usage_of(fx).instances, before.instances + 1);
    assert_int_equal(usage_of(fx).memory_bytes, before.memory_bytes + (1 << 20));
    assert_store_usable(fx);
}

/* A memory the host took through the caller stays valid too. */
static void test_failed_instance_kept_for_host_memory(void **state)
{
    init_fixture *fx = *state;
    fx->grab_memory = true;
    warden_trap_delete(instantiate_trap(fx, "init_start_big"));
    assert_non_null(fx->grabbed);
    assert_int_equal(warden_memory_size(fx->grabbed), 1 << 20);
    uint8_t *data = warden_memory_data(fx->grabbed);
    data[(1 << 20) - 1] = 0x5A;
    assert_int_equal(data[(1 << 20) - 1], 0x5A);
    assert_store_usable(fx);
}

/* What the host made during the start function is the host's: a rolled-back instance leaves it. */
static void test_host_objects_survive_roll_back(void **state)
{
    init_fixture *fx = *state;
    fx->make_memory = true;
    warden_store_usage_t before = usage_of(fx);
    warden_trap_delete(instantiate_trap(fx, "init_start_big"));
    assert_non_null(fx->made);
    warden_store_usage_t u = usage_of(fx);
    assert_int_equal(u.instances, before.instances);
    assert_int_equal(u.memories, before.memories + 1);
    assert_int_equal(u.memory_bytes, before.memory_bytes + 65536);
    assert_int_equal(warden_memory_grow(fx->made, 1), 1);
    warden_memory_data(fx->made)[2 * 65536 - 1] = 1;
    assert_store_usable(fx);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_data_segment_out_of_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elem_segment_out_of_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_function_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_function, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures_in_a_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_instance_given_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_instance_kept_for_host_function, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failed_instance_kept_for_host_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_objects_survive_roll_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
