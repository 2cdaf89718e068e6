/* Resources a guest defines (the resources guest, tests/component/guests/resources.c): own
 * handles returned to the host by constructors, static functions and plain functions, lent back
 * as borrows to methods, passed back as own (the guest then destroys them), and dropped by
 * warden_component_resource_drop. Every destructor calls the host's `on-drop` with the counter's
 * value (9999 for a tag), so the tests see each one. Drops when the store is deleted, and handles
 * of the wrong resource type, are in test_bugs.c. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define RES "test:pkg/res@1.0.0#"
#define POISONED "cannot enter component instance: it trapped before"
#define GONE "resource handle was already passed on or dropped"
#define DROP_MISUSE                                                                                \
    "warden_component_resource_drop: the handle is borrowed, or already dropped or passed on"
#define TAG_DROPPED 9999

/* The values the destructors reported, in order. */
typedef capi_drop_log drop_log;
typedef capi_res_fixture fixture;

/* Calls `name` with args and returns its result (asserting no error and no trap). */
static warden_component_val_t call(fixture *fx, const char *name, warden_component_val_t *args,
                                   size_t nargs)
{
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_INVOKE(fx->env, capi_func(fx->inst, name), args, nargs, &res);
    return res;
}

/* Makes a counter with the constructor; returns its own handle. */
static warden_component_resource_t *new_counter(fixture *fx, uint32_t start)
{
    warden_component_val_t arg = capi_u32(start);
    warden_component_val_t res = call(fx, RES "[constructor]counter", &arg, 1);
    assert_int_equal(res.kind, WARDEN_COMPONENT_OWN);
    assert_non_null(res.of.resource);
    assert_true(warden_component_resource_owned(res.of.resource));
    return res.of.resource;
}

static uint32_t get(fixture *fx, warden_component_resource_t *r)
{
    warden_component_val_t arg = capi_handle(WARDEN_COMPONENT_BORROW, r);
    warden_component_val_t res = call(fx, RES "[method]counter.get", &arg, 1);
    assert_int_equal(res.kind, WARDEN_COMPONENT_U32);
    return res.of.u32;
}

static uint32_t call_u32(fixture *fx, const char *name)
{
    warden_component_val_t res = call(fx, name, NULL, 0);
    assert_int_equal(res.kind, WARDEN_COMPONENT_U32);
    return res.of.u32;
}

static void drop(fixture *fx, warden_component_resource_t *r)
{
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_resource_drop(fx->env->store, r, &trap));
    assert_null(trap);
}

static void test_constructor_methods(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *c = new_counter(fx, 5);
    assert_int_equal(get(fx, c), 5);
    warden_component_val_t args[2] = {capi_handle(WARDEN_COMPONENT_BORROW, c), capi_u32(3)};
    call(fx, RES "[method]counter.add", args, 2);
    assert_int_equal(get(fx, c), 8);
    /* Lent for the calls, still the host's. */
    assert_true(warden_component_resource_owned(c));

    /* A static function returns an own handle too. */
    warden_component_val_t arg = capi_u32(7);
    warden_component_val_t made = call(fx, RES "[static]counter.make", &arg, 1);
    assert_int_equal(made.kind, WARDEN_COMPONENT_OWN);
    warden_component_resource_t *m = made.of.resource;
    assert_true(m != c);
    arg = capi_handle(WARDEN_COMPONENT_BORROW, m);
    warden_component_val_t peeked = call(fx, RES "peek", &arg, 1);
    assert_int_equal(peeked.of.u32, 7);
    assert_int_equal(call_u32(fx, RES "live"), 2);
    assert_int_equal(call_u32(fx, RES "drops"), 0);
    assert_int_equal(fx->log->n, 0);
}

static void test_host_drop(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *a = new_counter(fx, 11), *b = new_counter(fx, 22);
    drop(fx, b);
    assert_int_equal(fx->log->n, 1);
    assert_int_equal(fx->log->values[0], 22);
    assert_false(warden_component_resource_owned(b));
    assert_true(warden_component_resource_owned(a));
    drop(fx, a);
    assert_int_equal(fx->log->n, 2);
    assert_int_equal(fx->log->values[1], 11);
    assert_int_equal(call_u32(fx, RES "drops"), 2);
    assert_int_equal(call_u32(fx, RES "live"), 0);

    /* Once dropped, a handle cannot be dropped again. */
    warden_trap_t *trap = NULL;
    CAPI_ERROR(warden_component_resource_drop(fx->env->store, a, &trap), WARDEN_ERROR_ARGUMENT,
               DROP_MISUSE);
    assert_null(trap);
    assert_int_equal(fx->log->n, 2);
    CAPI_ERROR(warden_component_resource_drop(NULL, a, &trap), WARDEN_ERROR_ARGUMENT,
               "warden_component_resource_drop: NULL argument");
    CAPI_ERROR(warden_component_resource_drop(fx->env->store, NULL, &trap), WARDEN_ERROR_ARGUMENT,
               "warden_component_resource_drop: NULL argument");
    CAPI_ERROR(warden_component_resource_drop(fx->env->store, a, NULL), WARDEN_ERROR_ARGUMENT,
               "warden_component_resource_drop: NULL argument");
    assert_false(warden_component_resource_owned(NULL));
}

/* A dropped handle passed to the guest traps, and the instance is poisoned. */
static void test_dropped_handle_traps(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *c = new_counter(fx, 1);
    drop(fx, c);
    warden_component_val_t arg = capi_handle(WARDEN_COMPONENT_BORROW, c);
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_func_call(fx->env->store, capi_func(fx->inst, RES "peek"), &arg, 1,
                                       &res, 1, &trap));
    CAPI_TRAP(trap, GONE);
    CAPI_CALL_TRAP(fx->env, fx->inst, RES "drops()", POISONED);
}

/* An own handle passed back moves to the guest, which destroys it. */
static void test_consume(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *c = new_counter(fx, 4);
    warden_component_val_t arg = capi_handle(WARDEN_COMPONENT_OWN, c);
    warden_component_val_t res = call(fx, RES "consume", &arg, 1);
    assert_int_equal(res.of.u32, 4);
    assert_int_equal(fx->log->n, 1);
    assert_int_equal(fx->log->values[0], 4);
    assert_false(warden_component_resource_owned(c));
    warden_trap_t *trap = NULL;
    CAPI_ERROR(warden_component_resource_drop(fx->env->store, c, &trap), WARDEN_ERROR_ARGUMENT,
               DROP_MISUSE);
    assert_int_equal(call_u32(fx, RES "drops"), 1);
    /* Passed on, it cannot be passed again. */
    CAPI_OK(warden_component_func_call(fx->env->store, capi_func(fx->inst, RES "consume"), &arg, 1,
                                       &res, 1, &trap));
    CAPI_TRAP(trap, GONE);
}

/* merge(own a, borrow b): a moves in and is destroyed, b is only lent. */
static void test_merge(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *a = new_counter(fx, 2), *b = new_counter(fx, 3);
    warden_component_val_t args[2] = {capi_handle(WARDEN_COMPONENT_OWN, a),
                                      capi_handle(WARDEN_COMPONENT_BORROW, b)};
    warden_component_val_t m = call(fx, RES "[static]counter.merge", args, 2);
    assert_int_equal(m.kind, WARDEN_COMPONENT_OWN);
    assert_int_equal(get(fx, m.of.resource), 5);
    assert_int_equal(fx->log->n, 1);
    assert_int_equal(fx->log->values[0], 2);
    assert_false(warden_component_resource_owned(a));
    assert_true(warden_component_resource_owned(b));
    assert_int_equal(get(fx, b), 3);
    assert_int_equal(call_u32(fx, RES "live"), 2);
}

/* The same handle as own and as borrow in one call: moved first, it is gone for the second. */
static void test_merge_with_itself_traps(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *a = new_counter(fx, 2);
    warden_component_val_t args[2] = {capi_handle(WARDEN_COMPONENT_OWN, a),
                                      capi_handle(WARDEN_COMPONENT_BORROW, a)};
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_func_call(
        fx->env->store, capi_func(fx->inst, RES "[static]counter.merge"), args, 2, &res, 1, &trap));
    CAPI_TRAP(trap, GONE);
    assert_int_equal(res.kind, WARDEN_COMPONENT_BOOL);
}

/* Handles inside results: a tuple of two, an option. */
static void test_handles_in_results(void **state)
{
    fixture *fx = *state;
    warden_component_val_t args[2] = {capi_u32(10), capi_u32(20)};
    warden_component_val_t pair = call(fx, RES "pair", args, 2);
    assert_int_equal(pair.kind, WARDEN_COMPONENT_TUPLE);
    assert_int_equal(pair.of.list.len, 2);
    assert_int_equal(pair.of.list.ptr[0].kind, WARDEN_COMPONENT_OWN);
    assert_int_equal(pair.of.list.ptr[1].kind, WARDEN_COMPONENT_OWN);
    warden_component_resource_t *x = pair.of.list.ptr[0].of.resource;
    warden_component_resource_t *y = pair.of.list.ptr[1].of.resource;
    warden_component_val_delete(&pair); /* frees the tuple, not the handles */
    assert_int_equal(get(fx, x), 10);
    assert_int_equal(get(fx, y), 20);

    /* option<counter> through the guest and back: a new handle of the same counter. */
    warden_component_val_t opt = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_OK(warden_component_val_set_option(&opt, true));
    *opt.of.payload = capi_handle(WARDEN_COMPONENT_OWN, x);
    warden_component_val_t back = call(fx, RES "maybe", &opt, 1);
    warden_component_val_delete(&opt);
    assert_int_equal(back.kind, WARDEN_COMPONENT_OPTION);
    assert_non_null(back.of.payload);
    assert_int_equal(back.of.payload->kind, WARDEN_COMPONENT_OWN);
    warden_component_resource_t *x2 = back.of.payload->of.resource;
    warden_component_val_delete(&back);
    assert_false(warden_component_resource_owned(x));
    assert_true(warden_component_resource_owned(x2));
    assert_int_equal(get(fx, x2), 10);
    assert_int_equal(fx->log->n, 0);

    CAPI_OK(warden_component_val_set_option(&opt, false));
    back = call(fx, RES "maybe", &opt, 1);
    assert_int_equal(back.kind, WARDEN_COMPONENT_OPTION);
    assert_null(back.of.payload);
}

static void test_tags(void **state)
{
    fixture *fx = *state;
    warden_component_val_t arg = capi_string("label");
    warden_component_val_t t = call(fx, RES "[constructor]tag", &arg, 1);
    warden_component_val_delete(&arg);
    assert_int_equal(t.kind, WARDEN_COMPONENT_OWN);
    arg = capi_handle(WARDEN_COMPONENT_BORROW, t.of.resource);
    warden_component_val_t name = call(fx, RES "[method]tag.name", &arg, 1);
    CAPI_WAVE(&name, "\"label\"");
    warden_component_val_delete(&name);
    drop(fx, t.of.resource);
    assert_int_equal(fx->log->n, 1);
    assert_int_equal(fx->log->values[0], TAG_DROPPED);
}

/* Values holding handles: copies share the handle, equality compares handles. */
static void test_handle_values(void **state)
{
    fixture *fx = *state;
    warden_component_resource_t *a = new_counter(fx, 1), *b = new_counter(fx, 1);
    warden_component_val_t va = capi_handle(WARDEN_COMPONENT_OWN, a), copy;
    warden_component_val_t vb = capi_handle(WARDEN_COMPONENT_OWN, b);
    CAPI_OK(warden_component_val_copy(&va, &copy));
    assert_int_equal(copy.kind, WARDEN_COMPONENT_OWN);
    assert_true(copy.of.resource == a);
    assert_true(warden_component_val_equal(&va, &copy));
    assert_false(warden_component_val_equal(&va, &vb));
    warden_component_val_delete(&copy);
    assert_true(warden_component_resource_owned(a));
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        CAPI_RES_TEST(test_constructor_methods),
        CAPI_RES_TEST(test_host_drop),
        CAPI_RES_TEST(test_dropped_handle_traps),
        CAPI_RES_TEST(test_consume),
        CAPI_RES_TEST(test_merge),
        CAPI_RES_TEST(test_merge_with_itself_traps),
        CAPI_RES_TEST(test_handles_in_results),
        CAPI_RES_TEST(test_tags),
        CAPI_RES_TEST(test_handle_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
