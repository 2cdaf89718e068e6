/* A signalling NaN through an operation with an identity constant (x * 1.0, x - 0.0, ...) comes
 * out quiet, as the spec's arithmetic NaN requires: an optimising compiler that folds the
 * operation away would keep the signalling NaN. Run in every tier (llvm/api/test_nan_fold). */
#include <string.h>

#include "support.h"

#define F32_SNAN 0x7FA00001u /* quiet bit clear, payload non-zero */
#define F32_QUIET 0x00400000u
#define F64_SNAN UINT64_C(0x7FF4000000000001)
#define F64_QUIET UINT64_C(0x0008000000000000)
#define F32_EXP 0x7F800000u
#define F64_EXP UINT64_C(0x7FF0000000000000)

static int setup(void **state)
{
    return api_instance_setup(state, "nan_fold");
}

static bool f32_quiet_nan(uint32_t b)
{
    return (b & F32_EXP) == F32_EXP && (b & F32_QUIET);
}

static bool f64_quiet_nan(uint64_t b)
{
    return (b & F64_EXP) == F64_EXP && (b & F64_QUIET);
}

static void test_scalar(void **state)
{
    api_instance_fixture *fx = *state;
    static const char *const f32s[] = {"f32_mul1",  "f32_div1",  "f32_sub0",      "f32_addm0",
                                       "f32_mulm1", "f32_m0sub", "f32_mul1_local"};
    for (size_t i = 0; i < sizeof f32s / sizeof f32s[0]; i++) {
        warden_val_t arg = api_f32_bits(F32_SNAN), r;
        API_CALL(fx->env->store, api_func(fx->inst, f32s[i]), &arg, 1, &r, 1);
        uint32_t bits;
        memcpy(&bits, &r.of.f32, sizeof bits);
        if (!f32_quiet_nan(bits)) fail_msg("%s(sNaN) = 0x%08x, not a quiet NaN", f32s[i], bits);
    }
    static const char *const f64s[] = {"f64_mul1", "f64_div1", "f64_sub0", "f64_addm0"};
    for (size_t i = 0; i < sizeof f64s / sizeof f64s[0]; i++) {
        warden_val_t arg = api_f64_bits(F64_SNAN), r;
        API_CALL(fx->env->store, api_func(fx->inst, f64s[i]), &arg, 1, &r, 1);
        uint64_t bits;
        memcpy(&bits, &r.of.f64, sizeof bits);
        if (!f64_quiet_nan(bits))
            fail_msg("%s(sNaN) = 0x%016llx, not a quiet NaN", f64s[i], (unsigned long long)bits);
    }
}

static void test_lanes(void **state)
{
    api_instance_fixture *fx = *state;
    static const char *const f32s[] = {"f32x4_mul1", "f32x4_div1"};
    for (size_t i = 0; i < sizeof f32s / sizeof f32s[0]; i++) {
        warden_val_t arg = api_f32_bits(F32_SNAN), r;
        API_CALL(fx->env->store, api_func(fx->inst, f32s[i]), &arg, 1, &r, 1);
        for (int lane = 0; lane < 4; lane++) {
            uint32_t bits;
            memcpy(&bits, r.of.v128 + 4 * lane, sizeof bits);
            if (!f32_quiet_nan(bits))
                fail_msg("%s(sNaN) lane %d = 0x%08x, not a quiet NaN", f32s[i], lane, bits);
        }
    }
    static const char *const f64s[] = {"f64x2_sub0", "f64x2_addm0"};
    for (size_t i = 0; i < sizeof f64s / sizeof f64s[0]; i++) {
        warden_val_t arg = api_f64_bits(F64_SNAN), r;
        API_CALL(fx->env->store, api_func(fx->inst, f64s[i]), &arg, 1, &r, 1);
        for (int lane = 0; lane < 2; lane++) {
            uint64_t bits;
            memcpy(&bits, r.of.v128 + 8 * lane, sizeof bits);
            if (!f64_quiet_nan(bits))
                fail_msg("%s(sNaN) lane %d = 0x%016llx, not a quiet NaN", f64s[i], lane,
                         (unsigned long long)bits);
        }
    }
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar),
        cmocka_unit_test(test_lanes),
    };
    return cmocka_run_group_tests(tests, setup, api_instance_teardown);
}
