/* A host function's result is checked like an argument of the API: a function reference of
 * another store is refused with a trap, before the guest can keep it (a store may be deleted while
 * the other lives on, and its functions with it). */
#include "support.h"

typedef struct giver {
    warden_func_t *give; /* what the host function returns */
} giver;

static warden_trap_t *host_give(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    (void)nresults;
    results[0] = api_funcref(((giver *)env)->give);
    return NULL;
}

static warden_trap_t *host_answer(void *env, warden_caller_t *caller, const warden_val_t *args,
                                  size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    (void)nresults;
    results[0] = api_i32(*(int32_t *)env);
    return NULL;
}

static warden_func_t *answer_func(warden_store_t *store, int32_t *value)
{
    warden_valkind_t i32 = WARDEN_I32;
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(NULL, 0, &i32, 1, &type));
    warden_func_t *f = NULL;
    API_OK(warden_func_new(store, type, host_answer, value, NULL, &f));
    warden_functype_delete(type);
    return f;
}

static void test_host_result_of_another_store(void **state)
{
    api_env *env = *state;
    giver g = {NULL};
    warden_valkind_t funcref = WARDEN_FUNCREF;
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(NULL, 0, &funcref, 1, &type));
    warden_func_t *give = NULL;
    API_OK(warden_func_new(env->store, type, host_give, &g, NULL, &give));
    warden_functype_delete(type);
    warden_extern_t ext = {.kind = WARDEN_EXTERN_FUNC, .of.func = give};
    API_OK(warden_linker_define(env->linker, "host", 4, "give", 4, ext));
    warden_instance_t *inst = api_load(env, "foreign");

    /* The store's own function is kept and called. */
    int32_t own_value = 42, other_value = 666;
    g.give = answer_func(env->store, &own_value);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "keep_and_call"), 0), 42);

    /* Another store's is refused with a trap naming the host function's fault; the table keeps
     * the function it held, and the instance works on. */
    warden_store_t *other = NULL;
    API_OK(warden_store_new(env->engine, &other));
    g.give = answer_func(other, &other_value);
    warden_trap_t *trap = API_CALL_TRAP(env->store, api_func(inst, "keep_and_call"), NULL, 0, 1);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_HOST);
    API_STREQ(warden_trap_message(trap), "host function returned a function of another store");
    warden_trap_delete(trap);
    warden_store_delete(other);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "call_kept"), 0), 42);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_host_result_of_another_store, api_setup, api_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
