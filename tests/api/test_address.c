/* Addresses computed as `base + constant`, which compiled C is full of: the i32 sum wraps at 32
 * bits and only then is the memarg offset added, so the same access is in bounds or traps
 * exactly as the spec says, however the engine folds the add into the access. */
#include "support.h"

static int setup(void **state)
{
    return api_instance_setup(state, "address");
}

/* Calls export `name` with i32 arguments and expects an out-of-bounds trap in function `index`. */
static void expect_oob(api_instance_fixture *fx, const char *name, uint32_t index, int32_t a,
                       int32_t b)
{
    warden_val_t args[2] = {api_i32(a), api_i32(b)};
    warden_func_t *f = api_func(fx->inst, name);
    size_t nargs = warden_func_type(f)->nparams;
    warden_trap_t *trap = API_CALL_TRAP(fx->env->store, f, args, nargs, 1);
    API_TRAP(trap, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS, NULL, 1, ((uint32_t[]){index}),
             ((const char *const[]){NULL}));
    warden_trap_delete(trap);
}

static void test_loads_wrap_before_offset(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_func_t *load8 = api_func(fx->inst, "load8");
    assert_int_equal(api_call_i32(s, load8, 1, 0), 3);
    assert_int_equal(api_call_i32(s, load8, 1, 5), 8);
    /* 0xFFFFFFFF + 1 wraps to 0: the byte at 2. */
    assert_int_equal(api_call_i32(s, load8, 1, -1), 2);
    /* 0xFFFFFFFE + 1 = 0xFFFFFFFF, plus 2: past the memory. */
    expect_oob(fx, "load8", 0, -2, 0);
    /* The last byte of the page is in bounds, the next one not. */
    assert_int_equal(api_call_i32(s, load8, 1, 65536 - 4), 0);
    expect_oob(fx, "load8", 0, 65536 - 3, 0);

    warden_func_t *load64 = api_func(fx->inst, "load64_low");
    /* p + 0xFFFFFFFF wraps to p - 1 for p >= 1; plus 3: the bytes from p + 2. */
    assert_int_equal(api_call_i32(s, load64, 1, 1), 0x06050403);
    assert_int_equal(api_call_i32(s, load64, 1, 4), 0x09080706);
    /* For p = 0 nothing wraps: 0xFFFFFFFF + 3 is past the memory. */
    expect_oob(fx, "load64_low", 1, 0, 0);
    assert_int_equal(api_call_i32(s, load64, 1, 65536 - 10), 0);
    expect_oob(fx, "load64_low", 1, 65536 - 9, 0);
}

static void test_stores_wrap_and_tee_keeps_the_address(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_func_t *store8 = api_func(fx->inst, "store8");
    const uint8_t *mem = warden_memory_data(api_memory(fx->inst, "memory"));
    assert_int_equal(api_call_i32(s, store8, 2, 100, 0x5A), 0x5A);
    assert_int_equal(mem[105], 0x5A);
    /* 0xFFFFFFFC + 4 wraps to 0, plus 1: byte 1. */
    assert_int_equal(api_call_i32(s, store8, 2, -4, 0xA5), 0xA5);
    assert_int_equal(mem[1], 0xA5);
    expect_oob(fx, "store8", 2, 65536 - 5, 1);

    warden_func_t *tee = api_func(fx->inst, "tee");
    assert_int_equal(api_call_i32(s, tee, 1, 10), 15);
    assert_int_equal(api_call_i32(s, tee, 1, -5), 0);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_loads_wrap_before_offset, setup,
                                        api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_stores_wrap_and_tee_keeps_the_address, setup,
                                        api_instance_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
