/* A local.get whose value is still on the operand stack when a later branch of control flow
 * assigns the local: the value is the one the local held when it was read, on every path (the
 * lowering folds local.get into its consumers, so this is where a deferred read could go wrong). */
#include "support.h"

static int setup(void **state)
{
    return api_instance_setup(state, "pending_locals");
}

/* Calls `name` after "dirty" has filled the low slots of the execution stack, so that a read of a
 * slot nothing wrote in this call shows as 0xDEAD instead of a value that happens to fit. */
static int32_t call1(api_instance_fixture *fx, const char *name, int32_t arg)
{
    assert_int_equal(api_call_i32(fx->env->store, api_func(fx->inst, "dirty"), 0), 2 * 0xDEAD);
    return api_call_i32(fx->env->store, api_func(fx->inst, name), 1, arg);
}

static void test_arms(void **state)
{
    api_instance_fixture *fx = *state;
    static const char *const names[] = {"if_arm",    "else_arm", "tee_arm",
                                        "br_if_out", "nested",   "inside_block"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        for (int32_t arg = 0; arg <= 1; arg++) {
            int32_t got = call1(fx, names[i], arg);
            if (got != 7) fail_msg("%s(%d) returned %d, not 7", names[i], arg, got);
        }
    }
    /* The parameter read before the arm that assigns it keeps the argument. */
    assert_int_equal(call1(fx, "param_arm", 0), 0);
    assert_int_equal(call1(fx, "param_arm", 5), 5);
}

static void test_loop(void **state)
{
    api_instance_fixture *fx = *state;
    assert_int_equal(call1(fx, "loop_body", 0), 7);
    assert_int_equal(call1(fx, "loop_body", 10), 7);
    assert_int_equal(call1(fx, "loop_body", 1000), 7);
}

static void test_br_table(void **state)
{
    api_instance_fixture *fx = *state;
    for (int32_t arg = 0; arg <= 3; arg++) assert_int_equal(call1(fx, "br_table_paths", arg), 7);
}

static void test_two_slot_values(void **state)
{
    api_instance_fixture *fx = *state;
    for (int32_t arg = 0; arg <= 1; arg++) {
        warden_val_t a = api_i32(arg), r;
        assert_int_equal(api_call_i32(fx->env->store, api_func(fx->inst, "dirty"), 0), 2 * 0xDEAD);
        API_CALL(fx->env->store, api_func(fx->inst, "i64_arm"), &a, 1, &r, 1);
        assert_int_equal(r.of.i64, 0x123456789);
        API_CALL(fx->env->store, api_func(fx->inst, "v128_arm"), &a, 1, &r, 1);
        assert_int_equal(r.of.i64, 0x2222);
    }
}

/* The arm that would assign traps; the path that skips it must not read what another instance
 * (another tenant) left on the store's execution stack. */
static void test_no_stale_slot(void **state)
{
    api_instance_fixture *fx = *state;
    warden_instance_t *other = api_load(fx->env, "pending_locals");
    warden_store_t *store = fx->env->store;
    for (int round = 0; round < 3; round++) {
        assert_int_equal(api_call_i32(store, api_func(other, "dirty"), 0), 2 * 0xDEAD);
        assert_int_equal(call1(fx, "trap_arm", 0), 7);
        warden_val_t one = api_i32(1);
        warden_trap_t *trap = API_CALL_TRAP(store, api_func(fx->inst, "trap_arm"), &one, 1, 1);
        assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_UNREACHABLE);
        warden_trap_delete(trap);
        assert_int_equal(api_call_i32(store, api_func(other, "dirty"), 0), 2 * 0xDEAD);
        assert_int_equal(call1(fx, "if_arm", 0), 7);
    }
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_arms, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_loop, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_br_table, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_two_slot_values, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_no_stale_slot, setup, api_instance_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
