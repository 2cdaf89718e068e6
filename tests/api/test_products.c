/* a + b * c and a - b * c: the engine may run the two instructions as one, but each still rounds
 * on its own, as the spec requires (a fused multiply-add would not). The operands are chosen so
 * that the product's exact value needs more bits than the type has: rounding it first gives 0,
 * a fused multiply-add would give the lost bits. */
#include "support.h"

#include <string.h>

static int setup(void **state)
{
    return api_instance_setup(state, "products");
}

static uint64_t f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static uint64_t call3(api_instance_fixture *fx, const char *name, warden_val_t a, warden_val_t b,
                      warden_val_t c)
{
    warden_val_t args[3] = {a, b, c}, r;
    API_CALL(fx->env->store, api_func(fx->inst, name), args, 3, &r, 1);
    return r.kind == WARDEN_F64 ? r.of.f64_bits : r.of.f32_bits;
}

static void test_f64_rounds_twice(void **state)
{
    api_instance_fixture *fx = *state;
    /* (1 + 2^-30)^2 = 1 + 2^-29 + 2^-60: the 2^-60 is lost when the product rounds. */
    warden_val_t b = api_f64_bits(f64_bits(1.0 + 0x1p-30));
    warden_val_t minus = api_f64_bits(f64_bits(-(1.0 + 0x1p-29)));
    warden_val_t plus = api_f64_bits(f64_bits(1.0 + 0x1p-29));
    assert_int_equal(call3(fx, "add_f64", minus, b, b), f64_bits(0.0));
    assert_int_equal(call3(fx, "sub_f64", plus, b, b), f64_bits(0.0));
    /* Ordinary values, and the product kept in a local. */
    warden_val_t two = api_f64_bits(f64_bits(2.0)), three = api_f64_bits(f64_bits(3.0));
    assert_int_equal(call3(fx, "add_f64", two, three, three), f64_bits(11.0));
    assert_int_equal(call3(fx, "sub_f64", two, three, three), f64_bits(-7.0));
    assert_int_equal(call3(fx, "add_f64_tee", two, three, three), f64_bits(9.0));
}

static void test_f32_rounds_twice(void **state)
{
    api_instance_fixture *fx = *state;
    /* (1 + 2^-13)^2 = 1 + 2^-12 + 2^-26: the 2^-26 is lost when the product rounds. */
    warden_val_t b = api_f32_bits(f32_bits(1.0f + 0x1p-13f));
    warden_val_t minus = api_f32_bits(f32_bits(-(1.0f + 0x1p-12f)));
    warden_val_t plus = api_f32_bits(f32_bits(1.0f + 0x1p-12f));
    assert_int_equal(call3(fx, "add_f32", minus, b, b), f32_bits(0.0f));
    assert_int_equal(call3(fx, "sub_f32", plus, b, b), f32_bits(0.0f));
    warden_val_t two = api_f32_bits(f32_bits(2.0f)), three = api_f32_bits(f32_bits(3.0f));
    assert_int_equal(call3(fx, "sub_f32", two, three, three), f32_bits(-7.0f));
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f64_rounds_twice, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_f32_rounds_twice, setup, api_instance_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
