/* Traps during instantiation: active segments out of bounds and trapping start functions. The
 * instantiation reports a trap (not an error) and no instance; the segments before the failing
 * one stay applied; the store stays usable. */
#include "support.h"

#include <string.h>

typedef struct init_fixture {
    api_env *env;
    int ticks;
    warden_memory_t *memory;
    warden_table_t *table;
} init_fixture;

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
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(NULL, 0, NULL, 0, &type));
    warden_func_t *f = NULL;
    API_OK(warden_func_new(fx.env->store, type, tick, &fx, NULL, &f));
    warden_functype_delete(type);
    API_OK(warden_linker_define(fx.env->linker, "env", 3, "tick", 4,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = f}));
    API_OK(warden_memory_new(fx.env->store, (warden_limits_t){1, 0, false}, &fx.memory));
    API_OK(warden_linker_define(fx.env->linker, "env", 3, "memory", 6,
                                (warden_extern_t){.kind = WARDEN_EXTERN_MEMORY,
                                                  .of.memory = fx.memory}));
    API_OK(warden_table_new(fx.env->store, WARDEN_FUNCREF, (warden_limits_t){2, 0, false},
                            api_funcref(NULL), &fx.table));
    API_OK(warden_linker_define(fx.env->linker, "env", 3, "table", 5,
                                (warden_extern_t){.kind = WARDEN_EXTERN_TABLE,
                                                  .of.table = fx.table}));
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
    warden_error_t *err = warden_linker_instantiate(fx->env->linker, fx->env->store, module,
                                                    &inst, &trap);
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

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_data_segment_out_of_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elem_segment_out_of_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_function_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_function, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures_in_a_row, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
