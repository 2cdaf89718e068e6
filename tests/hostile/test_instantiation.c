/* Instantiation is guest-driven work too: a module's segments can be large, and the store's
 * deadline stops their copying as it stops the start function. */
#include "hostile.h"
#include "modules.h"

#include <stdlib.h>
#include <string.h>

/* A 16 MiB data segment and a deadline already passed: the instantiation traps with deadline,
 * and gives back its memory. With time left, the same module instantiates and holds its data. */
static void test_deadline_stops_segments(void **state)
{
    (void)state;
    wb_buf bytes = hm_big_data(256, 16u << 20);
    hl_env *env = hl_env_new(NULL);
    warden_module_t *m = hl_module(env, bytes.bytes, bytes.len);

    warden_store_set_deadline(env->store, 1);
    warden_engine_increment_epoch(env->engine);
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    HL_OK(warden_linker_instantiate(env->linker, env->store, m, &inst, &trap));
    assert_null(inst);
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_DEADLINE);
    warden_trap_delete(trap);
    warden_store_usage_t u;
    warden_store_usage(env->store, &u);
    assert_int_equal(u.memory_bytes, 0);
    assert_int_equal(u.instances, 0);

    warden_store_set_deadline(env->store, 0);
    inst = hl_instantiate(env, m);
    assert_non_null(inst);
    warden_store_usage(env->store, &u);
    assert_int_equal(u.memory_bytes, 256u << 16);
    warden_module_delete(m);
    hl_env_delete(env);
    wb_free(&bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline_stops_segments),
    };
    return cmocka_run_group_tests_name("hostile/instantiation", tests, NULL, NULL);
}
