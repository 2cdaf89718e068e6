/* Frames a guest makes expensive: 50,000 v128 locals to zero on every call, and a recursion a
 * million calls deep that a trap must unwind and describe. Both cost in proportion: fuel for the
 * first, a bounded backtrace for the second. */
#include "hostile.h"
#include "modules.h"

#include <stdlib.h>

static warden_config_t fuel_config(void)
{
    warden_config_t c;
    warden_config_default(&c);
    c.consume_fuel = true;
    return c;
}

/* Zeroing a frame's declared locals costs 1 fuel per bulk_unit (64) bytes: 50,000 v128 locals
 * are 800,000 bytes, 12,500 fuel per call, where it was about 2. */
static void test_wide_frame_costs_fuel(void **state)
{
    (void)state;
    warden_config_t c = fuel_config();
    hl_env *env = hl_env_new(&c);
    wb_buf bytes = hm_wide_locals(50000);
    warden_module_t *m = hl_module(env, bytes.bytes, bytes.len);
    warden_instance_t *inst = hl_instantiate(env, m);
    warden_func_t *wide = hl_func(inst, "wide");

    HL_OK(warden_store_set_fuel(env->store, 1000000));
    warden_trap_t *trap = NULL;
    HL_OK(warden_func_call(env->store, wide, NULL, 0, NULL, 0, &trap));
    assert_null(trap);
    assert_int_equal(warden_store_fuel_consumed(env->store), 12500);

    /* A million fuel pays for 80 calls; the 81st runs out. */
    HL_OK(warden_store_set_fuel(env->store, 1000000));
    int calls = 0;
    for (;;) {
        HL_OK(warden_func_call(env->store, wide, NULL, 0, NULL, 0, &trap));
        if (trap) break;
        calls++;
    }
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_OUT_OF_FUEL);
    warden_trap_delete(trap);
    assert_int_equal(calls, 80);

    /* Another bulk unit, the same rule. */
    warden_module_delete(m);
    hl_env_delete(env);
    c.fuel.bulk_unit = 8;
    env = hl_env_new(&c);
    m = hl_module(env, bytes.bytes, bytes.len);
    inst = hl_instantiate(env, m);
    HL_OK(warden_store_set_fuel(env->store, 1000000));
    HL_OK(warden_func_call(env->store, hl_func(inst, "wide"), NULL, 0, NULL, 0, &trap));
    assert_null(trap);
    assert_int_equal(warden_store_fuel_consumed(env->store), 100000);
    warden_module_delete(m);
    hl_env_delete(env);
    wb_free(&bytes);
}

/* A million frames deep: the trap keeps 80 of them and counts the rest, so recording it costs
 * no more than for a shallow stack (it once took minutes and a gigabyte). */
static void test_deep_recursion_backtrace(void **state)
{
    (void)state;
    hl_env *env = hl_env_new(NULL);
    warden_store_limits_t l;
    warden_store_limits_default(&l);
    l.max_call_depth = 1000000;
    l.max_stack_bytes = (uint64_t)256 << 20;
    HL_OK(warden_store_set_limits(env->store, &l));
    warden_module_t *m = hl_fixture(env, "recurse");
    warden_instance_t *inst = hl_instantiate(env, m);
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = 0}, result;
    warden_trap_t *trap = NULL;
    double t0 = hl_cpu_seconds();
    HL_OK(warden_func_call(env->store, hl_func(inst, "down"), &arg, 1, &result, 1, &trap));
    double spent = hl_cpu_seconds() - t0;
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(warden_trap_frame_count(trap),
                     WARDEN_TRAP_HEAD_FRAMES + WARDEN_TRAP_TAIL_FRAMES);
    assert_int_equal(warden_trap_frames_omitted(trap),
                     1000000 - WARDEN_TRAP_HEAD_FRAMES - WARDEN_TRAP_TAIL_FRAMES);
    for (size_t i = 0; i < warden_trap_frame_count(trap); i++) {
        uint32_t index = 99;
        const char *name = NULL;
        assert_true(warden_trap_frame(trap, i, &index, &name));
        assert_int_equal(index, 0);
        assert_string_equal(name, "down");
    }
    warden_trap_delete(trap);
    if (spent > HL_SECONDS(2.0)) fail_msg("a million calls and their trap took %.2f s", spent);
    warden_module_delete(m);
    hl_env_delete(env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wide_frame_costs_fuel),
        cmocka_unit_test(test_deep_recursion_backtrace),
    };
    return cmocka_run_group_tests_name("hostile/frames", tests, NULL, NULL);
}
