/* Tables are host memory a guest asks for: 8 bytes an element, under the store's memory limit,
 * filled in steps that a deadline or an interrupt stops, and charged fuel per bulk unit. */
#include "hostile.h"

#include <stdlib.h>

#define MIB (1u << 20)

/* A 50-million-element table (400 MB) declared in 20 bytes: refused by a 64 MiB store. */
static void test_declared_table_over_limit(void **state)
{
    (void)state;
    hl_env *env = hl_env_new(NULL);
    hl_limit_memory(env, 64 * MIB);
    warden_module_t *m = hl_fixture(env, "big_table");
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    HL_ERROR(warden_linker_instantiate(env->linker, env->store, m, &inst, &trap),
             WARDEN_ERROR_LIMIT, "memory limit exceeded: limit 67108864 bytes",
             "requested 400000000 for table elements");
    assert_null(inst);
    warden_store_usage_t u;
    warden_store_usage(env->store, &u);
    assert_int_equal(u.host_bytes, 0);
    assert_int_equal(u.table_elements, 0);
    assert_int_equal(u.tables, 0);
    assert_int_equal(u.instances, 0);
    warden_module_delete(m);
    hl_env_delete(env);
}

typedef struct tables_fixture {
    hl_env *env;
    warden_module_t *module;
    warden_instance_t *inst;
    warden_interrupt_t *interrupt;
} tables_fixture;

static warden_trap_t *host_raise(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    warden_interrupt_raise(((tables_fixture *)env)->interrupt);
    return NULL;
}

static tables_fixture *tables_new(const warden_config_t *config, uint64_t memory_limit)
{
    tables_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = hl_env_new(config);
    hl_limit_memory(fx->env, memory_limit);
    HL_OK(warden_interrupt_new(fx->env->store, &fx->interrupt));
    warden_functype_t *type = NULL;
    HL_OK(warden_functype_new(NULL, 0, NULL, 0, &type));
    warden_func_t *raise = NULL;
    HL_OK(warden_func_new(fx->env->store, type, host_raise, fx, NULL, &raise));
    warden_functype_delete(type);
    HL_OK(warden_linker_define(fx->env->linker, "host", 4, "raise", 5,
                               (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = raise}));
    fx->module = hl_fixture(fx->env, "tables");
    fx->inst = hl_instantiate(fx->env, fx->module);
    return fx;
}

static void tables_delete(tables_fixture *fx)
{
    warden_interrupt_delete(fx->interrupt);
    warden_module_delete(fx->module);
    hl_env_delete(fx->env);
    free(fx);
}

static warden_trap_t *call1(tables_fixture *fx, const char *name, int32_t n, int32_t *result)
{
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = n}, r = {0};
    warden_trap_t *trap = NULL;
    HL_OK(warden_func_call(fx->env->store, hl_func(fx->inst, name), &arg, name[0] == 's' ? 0 : 1,
                           &r, 1, &trap));
    *result = r.of.i32;
    return trap;
}

static int32_t call_ok(tables_fixture *fx, const char *name, int32_t n)
{
    int32_t r;
    warden_trap_t *trap = call1(fx, name, n, &r);
    if (trap) fail_msg("%s(%d) trapped: %s", name, n, warden_trap_message(trap));
    return r;
}

/* table.grow by 50 million under 64 MiB: -1, and nothing held. */
static void test_grow_over_limit(void **state)
{
    (void)state;
    tables_fixture *fx = tables_new(NULL, 64 * MIB);
    warden_store_usage_t before;
    warden_store_usage(fx->env->store, &before);
    assert_int_equal(call_ok(fx, "grow", 50000000), -1);
    assert_int_equal(call_ok(fx, "grow_null", 50000000), -1);
    warden_store_usage_t u;
    warden_store_usage(fx->env->store, &u);
    assert_int_equal(u.host_bytes, before.host_bytes);
    assert_int_equal(u.table_elements, 1);
    assert_int_equal(u.table_grow_denied, 2);
    assert_int_equal(call_ok(fx, "size", 0), 1);
    /* What fits is granted: 4 million elements, 32 MB. */
    assert_int_equal(call_ok(fx, "grow", 4000000), 1);
    warden_store_usage(fx->env->store, &u);
    assert_int_equal(u.host_bytes, before.host_bytes + 4000000u * 8u);
    tables_delete(fx);
}

/* An interrupt raised just before a huge table.grow stops it while it fills the new elements:
 * the call traps, and the table and the accounting are as before. */
static void test_grow_stopped_by_interrupt(void **state)
{
    (void)state;
    tables_fixture *fx = tables_new(NULL, 0);
    warden_store_usage_t before;
    warden_store_usage(fx->env->store, &before);
    int32_t r;
    warden_trap_t *trap = call1(fx, "raise_then_grow", 100000000, &r);
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_INTERRUPTED);
    warden_trap_delete(trap);
    warden_store_usage_t u;
    warden_store_usage(fx->env->store, &u);
    assert_int_equal(u.table_elements, before.table_elements);
    assert_int_equal(u.host_bytes, before.host_bytes);
    assert_int_equal(warden_table_size(hl_table(fx->inst, "table")), 1);
    /* The next call is not stopped, and grows. */
    assert_int_equal(call_ok(fx, "grow", 3000000), 1);
    assert_int_equal(call_ok(fx, "size", 0), 3000001);
    tables_delete(fx);
}

/* table.grow costs 1 fuel per bulk_unit (64) elements once granted: growing by 6,400 costs 100
 * more than growing by 0. */
static void test_grow_costs_fuel(void **state)
{
    (void)state;
    warden_config_t c;
    warden_config_default(&c);
    c.consume_fuel = true;
    tables_fixture *fx = tables_new(&c, 0);
    HL_OK(warden_store_set_fuel(fx->env->store, 1000000));
    assert_int_equal(call_ok(fx, "grow", 0), 1);
    uint64_t base = warden_store_fuel_consumed(fx->env->store);
    HL_OK(warden_store_set_fuel(fx->env->store, 1000000));
    assert_int_equal(call_ok(fx, "grow", 6400), 1);
    assert_int_equal(warden_store_fuel_consumed(fx->env->store), base + 100);
    /* A denied grow costs nothing more. */
    HL_OK(warden_store_set_fuel(fx->env->store, 1000000));
    assert_int_equal(call_ok(fx, "grow", -1), -1);
    assert_int_equal(warden_store_fuel_consumed(fx->env->store), base);
    tables_delete(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declared_table_over_limit),
        cmocka_unit_test(test_grow_over_limit),
        cmocka_unit_test(test_grow_stopped_by_interrupt),
        cmocka_unit_test(test_grow_costs_fuel),
    };
    return cmocka_run_group_tests_name("hostile/tables", tests, NULL, NULL);
}
