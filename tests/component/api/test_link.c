/* One component importing another's exports (warden_component_linker_define_instance): the
 * consumer guest calls test:pkg/iface@1.0.0 of the values guest, or of provider12 at 1.2.0 (a
 * semver-compatible version); imports that do not match what the instance exports; and
 * resources across components (res-user borrowing, moving and handing out the resources guest's
 * counters). */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define RES "test:pkg/res@1.0.0#"

static void test_consumer_of_values(void **state)
{
    capi_env *env = *state;
    warden_component_instance_t *a = capi_instantiate(env, "values");
    CAPI_OK(warden_component_linker_define_instance(env->linker, a));
    warden_component_instance_t *b = capi_instantiate(env, "consumer");
    CAPI_CALL(env, b, "add3(1, 2, 3)", "6");
    CAPI_CALL(env, b, "add3(4294967295, 1, 1)", "1");
    CAPI_CALL(env, b, "greet-all([])", "[]");
    CAPI_CALL(env, b, "greet-all([\"ann\", \"\", \"bob\"])",
              "[\"hello, ann!\", \"hello, !\", \"hello, bob!\"]");
    CAPI_CALL(env, b, "nothing-twice()", NULL);
    CAPI_CALL(env, b, "swap-via({a: 9, b: \"nine\"})", "(\"nine\", 9)");
    /* What happened in the provider: two calls of nothing, three post-returns of greet. */
    CAPI_CALL(env, a, "counters()", "(2, 3)");
    /* The provider can still be called directly. */
    CAPI_CALL(env, a, "test:pkg/iface@1.0.0#add(20, 22)", "42");
}

/* An import of test:pkg/iface@1.0.0 is served by an instance exporting it at 1.2.0. */
static void test_semver_provider(void **state)
{
    capi_env *env = *state;
    warden_component_instance_t *a = capi_instantiate(env, "provider12");
    CAPI_OK(warden_component_linker_define_instance(env->linker, a));
    warden_component_instance_t *b = capi_instantiate(env, "consumer");
    CAPI_CALL(env, b, "add3(1, 2, 3)", "6");
    CAPI_CALL(env, b, "greet-all([\"ann\"])", "[\"hi ann from 1.2.0\"]");
    CAPI_CALL(env, b, "swap-via({a: 9, b: \"nine\"})", "(\"nine\", 18)");
    CAPI_CALL(env, b, "nothing-twice()", NULL);
    CAPI_CALL(env, a, "nothings()", "2");
    /* Looked up by the host, 1.0.0 finds the 1.2.0 export too. */
    CAPI_CALL(env, a, "test:pkg/iface@1.0.0#add(1, 1)", "2");
    CAPI_CALL(env, a, "test:pkg/iface@1.2.0#sub(10, 4)", "6");
    CAPI_CALL(env, a, "test:pkg/iface@1.0.0#sub(10, 4)", "6");
}

/* With 1.0.0 and 1.2.0 both defined, an import of 1.0.0 takes the highest compatible version,
 * 1.2.0, whichever was defined first; with 1.0.0 alone, 1.0.0. */
static void test_highest_version(void **state)
{
    capi_env *env = *state;
    warden_component_instance_t *v = capi_instantiate(env, "values");
    warden_component_instance_t *p = capi_instantiate(env, "provider12");
    CAPI_OK(warden_component_linker_define_instance(env->linker, v));
    warden_component_instance_t *b0 = capi_instantiate(env, "consumer");
    CAPI_OK(warden_component_linker_define_instance(env->linker, p));
    warden_component_instance_t *b1 = capi_instantiate(env, "consumer");
    CAPI_CALL(env, b1, "greet-all([\"x\"])", "[\"hi x from 1.2.0\"]");
    /* Definitions made later do not change an instance linked before. */
    CAPI_CALL(env, b0, "greet-all([\"y\"])", "[\"hello, y!\"]");
}

/* Expects instantiating `stem` against the values guest's instance to fail to link. */
static void expect_unlinkable(capi_env *env, const char *stem, const char *message)
{
    warden_component_instance_t *a = capi_instantiate(env, "values");
    CAPI_OK(warden_component_linker_define_instance(env->linker, a));
    warden_component_t *c = capi_component(env->engine, stem);
    warden_component_instance_t *b = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_component_linker_instantiate(env->linker, env->store, c, &b, &trap);
    warden_component_delete(c);
    if (!err && b) {
        /* Show what a call does when the link was (wrongly) accepted. */
        warden_component_func_t *run = warden_component_instance_func(b, "run", 3);
        print_error("%s linked to the values guest's test:pkg/iface@1.0.0; run %s\n", stem,
                    run ? "exists" : "missing");
    }
    assert_null(trap);
    CAPI_ERROR(err, WARDEN_ERROR_UNLINKABLE, message);
    assert_null(b);
}

/* The importer asks for a function the instance does not export. */
static void test_missing_function(void **state)
{
    expect_unlinkable(*state, "extra",
                      "import `test:pkg/iface@1.0.0`: the instance has no export named `triple`");
}

/* ---- resources across components ---------------------------------------------------------- */

typedef struct res_fixture {
    warden_component_instance_t *owner; /* the resources guest */
    uint32_t drops[16];
    size_t ndrops;
    /* inspect: what the host saw */
    int inspected;
    bool borrowed, drop_refused;
    uint32_t value;
    warden_component_resource_t *last_seen; /* the borrow of the last inspect */
    warden_store_t *store;
} res_fixture;

static warden_trap_t *on_drop(void *env, warden_component_caller_t *caller,
                              const warden_component_val_t *args, size_t nargs,
                              warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)nargs, (void)results, (void)nresults;
    res_fixture *rf = env;
    if (rf->ndrops < 16) rf->drops[rf->ndrops++] = args[0].of.u32;
    return NULL;
}

/* inspect(c: borrow<counter>) -> u32: the counter's value (asked of its owner) plus 1000. */
static warden_trap_t *inspect(void *env, warden_component_caller_t *caller,
                              const warden_component_val_t *args, size_t nargs,
                              warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)nargs, (void)nresults;
    res_fixture *rf = env;
    rf->inspected++;
    rf->last_seen = args[0].of.resource;
    rf->borrowed = args[0].kind == WARDEN_COMPONENT_BORROW &&
                   !warden_component_resource_owned(args[0].of.resource);
    /* A borrowed handle is not the host's to drop. */
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_component_resource_drop(rf->store, args[0].of.resource, &trap);
    rf->drop_refused = e && warden_error_kind(e) == WARDEN_ERROR_ARGUMENT && !trap;
    warden_error_delete(e);
    warden_component_func_t *get = warden_component_instance_func(
        rf->owner, RES "[method]counter.get", strlen(RES "[method]counter.get"));
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    e = warden_component_func_call(rf->store, get, args, 1, &res, 1, &trap);
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("inspect: get failed");
    }
    if (trap) return trap;
    rf->value = res.of.u32;
    results[0] = capi_u32(res.of.u32 + 1000);
    return NULL;
}

static warden_component_resource_t *fresh(capi_env *env, warden_component_instance_t *user,
                                          uint32_t n)
{
    warden_component_val_t arg = capi_u32(n), res = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_INVOKE(env, capi_func(user, "fresh"), &arg, 1, &res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_OWN);
    assert_true(warden_component_resource_owned(res.of.resource));
    return res.of.resource;
}

static void test_resources_across_components(void **state)
{
    capi_env *env = *state;
    res_fixture *rf = calloc(1, sizeof *rf);
    assert_non_null(rf);
    rf->store = env->store;
    CAPI_OK(warden_component_linker_define_func(env->linker, "on-drop", 7, on_drop, rf, NULL));
    CAPI_OK(warden_component_linker_define_func(env->linker, "inspect", 7, inspect, rf, NULL));
    rf->owner = capi_instantiate(env, "resources");
    CAPI_OK(warden_component_linker_define_instance(env->linker, rf->owner));
    warden_component_instance_t *user = capi_instantiate(env, "res_user");

    /* A counter made through the user: the host owns it and can use it with its owner. */
    warden_component_resource_t *c5 = fresh(env, user, 5), *c7 = fresh(env, user, 7);
    warden_component_val_t arg = capi_handle(WARDEN_COMPONENT_BORROW, c5);
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_INVOKE(env, capi_func(rf->owner, RES "[method]counter.get"), &arg, 1, &res);
    assert_int_equal(res.of.u32, 5);

    /* Borrowed by the user, which calls the owner's method on each. */
    warden_component_val_t two[2] = {capi_handle(WARDEN_COMPONENT_BORROW, c5),
                                     capi_handle(WARDEN_COMPONENT_BORROW, c7)};
    CAPI_INVOKE(env, capi_func(user, "total"), two, 2, &res);
    assert_int_equal(res.of.u32, 12);
    assert_true(warden_component_resource_owned(c5));

    /* Borrowed by the user and lent on to the host. */
    arg = capi_handle(WARDEN_COMPONENT_BORROW, c7);
    CAPI_INVOKE(env, capi_func(user, "show"), &arg, 1, &res);
    assert_int_equal(res.of.u32, 1007);
    assert_int_equal(rf->inspected, 1);
    assert_true(rf->borrowed);
    assert_true(rf->drop_refused);
    assert_int_equal(rf->value, 7);
    assert_true(warden_component_resource_owned(c7));

    /* The object of a borrow lent to the host lives for the call: the next call's borrow reuses
     * it (so lending on every call does not grow memory), and a pointer kept past the call is of
     * a borrow that is over. */
    warden_component_resource_t *first = rf->last_seen;
    assert_false(warden_component_resource_owned(first));
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_component_resource_drop(env->store, first, &trap);
    assert_non_null(e);
    assert_null(trap);
    warden_error_delete(e);
    for (int i = 0; i < 1000; i++) {
        arg = capi_handle(WARDEN_COMPONENT_BORROW, c7);
        CAPI_INVOKE(env, capi_func(user, "show"), &arg, 1, &res);
        assert_int_equal(res.of.u32, 1007);
        assert_ptr_equal(rf->last_seen, first);
    }
    assert_int_equal(rf->inspected, 1001);

    /* Moved through the user back to its owner, which destroys it. */
    arg = capi_handle(WARDEN_COMPONENT_OWN, c5);
    CAPI_INVOKE(env, capi_func(user, "take"), &arg, 1, &res);
    assert_int_equal(res.of.u32, 5);
    assert_false(warden_component_resource_owned(c5));
    assert_int_equal(rf->ndrops, 1);
    assert_int_equal(rf->drops[0], 5);

    /* Borrowed by the user, which does not drop the borrow: its call traps as it ends (the
     * canonical ABI's rule), and the host still owns the counter. */
    arg = capi_handle(WARDEN_COMPONENT_BORROW, c7);
    trap = NULL;
    CAPI_OK(
        warden_component_func_call(env->store, capi_func(user, "keep"), &arg, 1, &res, 1, &trap));
    CAPI_TRAP(trap, "borrow handles still remain at the end of the call");
    assert_true(warden_component_resource_owned(c7));
    assert_int_equal(rf->ndrops, 1);

    /* Dropped by the host: the owner's destructor runs. */
    trap = NULL;
    CAPI_OK(warden_component_resource_drop(env->store, c7, &trap));
    assert_null(trap);
    assert_int_equal(rf->ndrops, 2);
    assert_int_equal(rf->drops[1], 7);
    CAPI_CALL(env, rf->owner, RES "live()", "0");
    capi_env_delete(env);
    *state = NULL;
    free(rf);
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_consumer_of_values, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_semver_provider, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_highest_version, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_missing_function, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_resources_across_components, capi_setup,
                                        capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
