/* Regression tests of bugs found in the component runtime, each a test of the behaviour due
 * (warden_component.h and the Component Model):
 *
 *   store_delete_frees_handles     deleting a store frees the own handles the host still holds,
 *                                  without running guest destructors
 *   borrow_of_wrong_type           a handle of one resource type passed where another is due
 *                                  traps (lower_handle checks the type as the instance sees it)
 *   borrow_of_other_instance       the same with a counter of another instance of the component
 *   drop_reenters                  the host's drop of a handle, from inside a destructor of the
 *                                  same instance, is refused ("cannot enter component instance")
 *   drop_into_poisoned             the host's drop into a poisoned instance runs no destructor
 *   function_of_another_type       an instance's export linked to an import of another function
 *                                  type is unlinkable
 *   instance_of_another_store      an instance of one store linked into a component
 *                                  instantiated in another store is unlinkable
 *   drop_while_lent                the host cannot drop an own handle while it is lent to a guest
 *                                  as a borrow
 *   wit_imported_resource          warden_component_wit writes `use iface.{counter};` for a
 *                                  resource the world uses from an imported interface */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RES "test:pkg/res@1.0.0#"
#define TAG_DROPPED 9999

/* ---- resources ---------------------------------------------------------------------------- */

typedef capi_drop_log drop_log;
typedef capi_res_fixture fixture;

/* Calls inst's `name` with one argument; returns the result. */
static warden_component_val_t call1(fixture *fx, warden_component_instance_t *inst,
                                    const char *name, warden_component_val_t arg)
{
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_INVOKE(fx->env, capi_func(inst, name), &arg, 1, &res);
    return res;
}

static warden_component_resource_t *new_counter(fixture *fx, warden_component_instance_t *inst,
                                                uint32_t start)
{
    warden_component_val_t res = call1(fx, inst, RES "[constructor]counter", capi_u32(start));
    assert_int_equal(res.kind, WARDEN_COMPONENT_OWN);
    return res.of.resource;
}

static warden_component_resource_t *new_tag(fixture *fx, const char *name)
{
    warden_component_val_t arg = capi_string(name);
    warden_component_val_t res = call1(fx, fx->inst, RES "[constructor]tag", arg);
    warden_component_val_delete(&arg);
    assert_int_equal(res.kind, WARDEN_COMPONENT_OWN);
    return res.of.resource;
}

/* Calls counter.get with a borrow of r, expecting an error or a trap, never a value. */
static void expect_get_refused(fixture *fx, warden_component_resource_t *r, const char *what)
{
    warden_component_val_t arg = capi_handle(WARDEN_COMPONENT_BORROW, r);
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_component_func_call(
        fx->env->store, capi_func(fx->inst, RES "[method]counter.get"), &arg, 1, &res, 1, &trap);
    if (err) {
        CAPI_ERROR(err, WARDEN_ERROR_ARGUMENT, NULL);
        return;
    }
    if (!trap) {
        char *text = capi_wave(&res);
        print_error("counter.get(borrow of %s) returned %s\n", what, text);
        free(text);
    }
    assert_non_null(trap);
    warden_trap_delete(trap);
}

/* Deleting the store frees every own handle the host still holds without running guest code:
 * the destructors are the guest's, whose instances go with the store (the sanitizer build checks
 * that nothing leaks). */
static void test_store_delete_frees_handles(void **state)
{
    fixture *fx = *state;
    new_counter(fx, fx->inst, 10);
    new_counter(fx, fx->inst, 20);
    new_tag(fx, "t");
    assert_int_equal(fx->log->n, 0);
    warden_store_delete(fx->env->store);
    fx->env->store = NULL;
    assert_int_equal(fx->log->n, 0);
}

/* A tag where a counter is due. Today the tag's rep (1) is passed as a counter's rep: get
 * returns 5, the value of the counter of rep 1. */
static void test_borrow_of_wrong_type(void **state)
{
    fixture *fx = *state;
    new_counter(fx, fx->inst, 5);
    expect_get_refused(fx, new_tag(fx, "t"), "a tag");
}

/* Each instance defines its own resource types. Today the other instance's handle goes into this
 * instance's table and its index (1) reaches the method as a rep: get returns 5. */
static void test_borrow_of_other_instance(void **state)
{
    fixture *fx = *state;
    warden_component_instance_t *other = capi_instantiate(fx->env, "resources");
    warden_component_resource_t *theirs = new_counter(fx, other, 77);
    new_counter(fx, fx->inst, 5);
    expect_get_refused(fx, theirs, "another instance's counter");
}

/* Dropping a handle from the host calls the destructor as a lifted call into the instance that
 * defines the resource (CanonicalABI.md, canon resource.drop): refused while that instance is
 * running (the host's on-drop is called from its destructor) and after it trapped. Today the
 * destructor runs in both cases. */
typedef struct nested_drop {
    drop_log log;
    warden_store_t *store;
    warden_component_resource_t *victim; /* dropped from inside on-drop, once */
    bool tried, trapped;
    char message[128];
} nested_drop;

static warden_trap_t *on_drop_drops(void *env, warden_component_caller_t *caller,
                                    const warden_component_val_t *args, size_t nargs,
                                    warden_component_val_t *results, size_t nresults)
{
    nested_drop *nd = env;
    capi_on_drop(&nd->log, caller, args, nargs, results, nresults);
    if (nd->victim && !nd->tried) {
        nd->tried = true;
        warden_trap_t *trap = NULL;
        warden_error_t *e = warden_component_resource_drop(nd->store, nd->victim, &trap);
        warden_error_delete(e);
        nd->trapped = trap != NULL;
        if (trap) snprintf(nd->message, sizeof nd->message, "%s", warden_trap_message(trap));
        warden_trap_delete(trap);
    }
    return NULL;
}

static void test_drop_reenters(void **state)
{
    capi_env *env = *state;
    nested_drop *nd = calloc(1, sizeof *nd);
    assert_non_null(nd);
    nd->store = env->store;
    CAPI_OK(
        warden_component_linker_define_func(env->linker, "on-drop", 7, on_drop_drops, nd, NULL));
    fixture fx = {.env = env, .log = &nd->log};
    fx.inst = capi_instantiate(env, "resources");
    warden_component_resource_t *first = new_counter(&fx, fx.inst, 1);
    nd->victim = new_counter(&fx, fx.inst, 2);
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_resource_drop(env->store, first, &trap));
    if (trap) warden_trap_delete(trap);
    /* Today the second destructor runs inside the first: the log holds 1, then 2. */
    if (!nd->trapped)
        print_error("a destructor ran inside another of the same instance (log: %zu values)\n",
                    nd->log.n);
    bool refused = nd->tried && nd->trapped && nd->log.n == 1;
    char message[128];
    snprintf(message, sizeof message, "%s", nd->message);
    capi_env_delete(env);
    *state = NULL;
    free(nd);
    assert_true(refused);
    CAPI_STREQ(message, "cannot enter component instance");
}

static void test_drop_into_poisoned(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *kept = new_counter(fx, fx->inst, 1);
    warden_component_resource_t *gone = new_counter(fx, fx->inst, 2);
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_resource_drop(fx->env->store, gone, &trap));
    assert_null(trap);
    /* Passing the dropped handle traps and poisons the instance. */
    warden_component_val_t arg = capi_handle(WARDEN_COMPONENT_BORROW, gone);
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_OK(warden_component_func_call(fx->env->store, capi_func(fx->inst, RES "peek"), &arg, 1,
                                       &res, 1, &trap));
    CAPI_TRAP(trap, "resource handle was already passed on or dropped");
    size_t before = fx->log->n;
    trap = NULL;
    CAPI_OK(warden_component_resource_drop(fx->env->store, kept, &trap));
    if (!trap)
        print_error("the destructor ran in a poisoned instance (%zu ran)\n", fx->log->n - before);
    CAPI_TRAP(trap, "cannot enter component instance: it trapped before");
    assert_int_equal(fx->log->n, before);
}

/* ---- linking ------------------------------------------------------------------------------ */

/* The mismatch guest imports test:pkg/iface@1.0.0's `add` as func(a: string) -> string; the
 * values guest exports func(a: u32, b: u32) -> u32. Today the link succeeds and a call of run("x")
 * traps later, "value does not match its type". */
static void test_function_of_another_type(void **state)
{
    capi_env *env = *state;
    warden_component_instance_t *a = capi_instantiate(env, "values");
    CAPI_OK(warden_component_linker_define_instance(env->linker, a));
    warden_component_t *c = capi_component(env->engine, "mismatch");
    warden_component_instance_t *b = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_component_linker_instantiate(env->linker, env->store, c, &b, &trap);
    warden_component_delete(c);
    assert_null(trap);
    if (!err) print_error("mismatch linked to an `add` of type func(a: u32, b: u32) -> u32\n");
    CAPI_ERROR(err, WARDEN_ERROR_UNLINKABLE, NULL);
    assert_null(b);
}

/* An instance lives in its store. Today a component of another store links to it, and a call
 * that reaches it traps, "call: the function belongs to another store". */
static void test_instance_of_another_store(void **state)
{
    capi_env *env = *state;
    warden_component_instance_t *a = capi_instantiate(env, "values");
    CAPI_OK(warden_component_linker_define_instance(env->linker, a));
    warden_store_t *other;
    CAPI_OK(warden_store_new(env->engine, &other));
    warden_component_t *c = capi_component(env->engine, "consumer");
    warden_component_instance_t *b = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_component_linker_instantiate(env->linker, other, c, &b, &trap);
    warden_component_delete(c);
    warden_store_delete(other);
    if (!err) print_error("a component of one store linked to an instance of another\n");
    assert_non_null(err);
    assert_true(warden_error_kind(err) == WARDEN_ERROR_ARGUMENT ||
                warden_error_kind(err) == WARDEN_ERROR_UNLINKABLE);
    warden_error_delete(err);
}

/* The host drops its own handle while it is lent: res-user's show(borrow) hands the borrow to the
 * host's inspect, which drops the own handle it still holds. The canonical ABI refuses to drop an
 * own handle while it is lent ("cannot remove owned resource while borrowed"), as warden does for
 * handles in a guest's table. Today the drop succeeds and the destructor runs while res-user
 * holds the borrow. */
typedef struct lend_fixture {
    warden_store_t *store;
    warden_component_resource_t *own; /* the host's handle, lent for the call */
    bool tried;
    warden_error_kind_t kind; /* of the drop's error, or 0 when it succeeded */
    bool trapped;
    drop_log log;
} lend_fixture;

static warden_trap_t *drop_while_lent(void *env, warden_component_caller_t *caller,
                                      const warden_component_val_t *args, size_t nargs,
                                      warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)nresults;
    lend_fixture *lf = env;
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_component_resource_drop(lf->store, lf->own, &trap);
    lf->tried = true;
    lf->kind = e ? warden_error_kind(e) : 0;
    lf->trapped = trap != NULL;
    warden_error_delete(e);
    warden_trap_delete(trap);
    results[0] = capi_u32(0);
    return NULL;
}

static void test_drop_while_lent(void **state)
{
    capi_env *env = *state;
    lend_fixture *lf = calloc(1, sizeof *lf);
    assert_non_null(lf);
    lf->store = env->store;
    CAPI_OK(warden_component_linker_define_func(env->linker, "on-drop", 7, capi_on_drop, &lf->log,
                                                NULL));
    CAPI_OK(
        warden_component_linker_define_func(env->linker, "inspect", 7, drop_while_lent, lf, NULL));
    warden_component_instance_t *owner = capi_instantiate(env, "resources");
    CAPI_OK(warden_component_linker_define_instance(env->linker, owner));
    warden_component_instance_t *user = capi_instantiate(env, "res_user");
    warden_component_val_t arg = capi_u32(3), res = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_INVOKE(env, capi_func(user, "fresh"), &arg, 1, &res);
    lf->own = res.of.resource;
    arg = capi_handle(WARDEN_COMPONENT_BORROW, lf->own);
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_component_func_call(env->store, capi_func(user, "show"), &arg, 1, &res, 1, &trap);
    CAPI_OK(err);
    if (trap) warden_trap_delete(trap);
    bool refused = lf->tried && (lf->kind == WARDEN_ERROR_ARGUMENT || lf->trapped);
    if (!refused)
        print_error("the drop of a lent handle succeeded; %zu destructor(s) ran during the call\n",
                    lf->log.n);
    size_t destroyed = lf->log.n;
    capi_env_delete(env);
    *state = NULL;
    free(lf);
    assert_true(refused);
    assert_int_equal(destroyed, 0);
}

/* ---- WIT ---------------------------------------------------------------------------------- */

/* res-user imports test:pkg/res@1.0.0 and uses its counter: the world's `counter` is the
 * interface's, as wasm-tools writes it (`use test:pkg/res@1.0.0.{counter};`). Today the world
 * declares `resource counter;`, a resource of its own. */
static void test_wit_imported_resource(void **state)
{
    capi_env *env = *state;
    warden_component_t *c = capi_component(env->engine, "res_user");
    char *text = NULL;
    size_t len;
    CAPI_OK(warden_component_wit(c, &text, &len));
    warden_component_delete(c);
    const char *want = "package root:component;\n"
                       "\n"
                       "world root {\n"
                       "  import test:pkg/res@1.0.0;\n"
                       "  use test:pkg/res@1.0.0.{counter};\n"
                       "  import inspect: func(c: borrow<counter>) -> u32;\n"
                       "  export total: func(a: borrow<counter>, b: borrow<counter>) -> u32;\n"
                       "  export take: func(c: counter) -> u32;\n"
                       "  export show: func(c: borrow<counter>) -> u32;\n"
                       "  export fresh: func(n: u32) -> counter;\n"
                       "  export keep: func(c: borrow<counter>) -> u32;\n"
                       "}\n";
    bool ok = strncmp(text, want, strlen(want)) == 0;
    if (!ok) print_error("the world is:\n%s", text);
    free(text);
    assert_true(ok);
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        CAPI_RES_TEST(test_store_delete_frees_handles),
        CAPI_RES_TEST(test_borrow_of_wrong_type),
        CAPI_RES_TEST(test_borrow_of_other_instance),
        cmocka_unit_test_setup_teardown(test_drop_reenters, capi_setup, capi_teardown),
        CAPI_RES_TEST(test_drop_into_poisoned),
        cmocka_unit_test_setup_teardown(test_function_of_another_type, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_instance_of_another_store, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_drop_while_lent, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_wit_imported_resource, capi_setup, capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
