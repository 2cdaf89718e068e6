/* A guest's cabi_realloc that misbehaves (the badalloc guest, tests/component/guests/
 * badalloc.c): the canonical ABI checks every block it returns when the host lowers a string or a
 * list into the guest, both the arguments of an export and the result of an import. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define POISONED "cannot enter component instance: it trapped before"
#define OOB "realloc return: beyond end of memory"
#define UNALIGNED "realloc return: result not aligned"

typedef struct fixture {
    capi_env *env;
    warden_component_instance_t *inst;
    int gives;
} fixture;

static warden_trap_t *give(void *env, warden_component_caller_t *caller,
                           const warden_component_val_t *args, size_t nargs,
                           warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)nresults;
    fixture *fx = env;
    fx->gives++;
    warden_error_t *e = warden_component_val_set_string(&results[0], "given", 5);
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("out of memory");
    }
    return NULL;
}

static warden_trap_t *give_list(void *env, warden_component_caller_t *caller,
                                const warden_component_val_t *args, size_t nargs,
                                warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)nresults;
    fixture *fx = env;
    fx->gives++;
    warden_error_t *e = warden_component_val_set_list(&results[0], WARDEN_COMPONENT_LIST, 3);
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("out of memory");
    }
    for (uint32_t i = 0; i < 3; i++) results[0].of.list.ptr[i] = capi_u32(i + 1);
    return NULL;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = capi_env_new();
    CAPI_OK(warden_component_linker_define_func(fx->env->linker, "give", 4, give, fx, NULL));
    CAPI_OK(
        warden_component_linker_define_func(fx->env->linker, "give-list", 9, give_list, fx, NULL));
    fx->inst = capi_instantiate(fx->env, "badalloc");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    capi_env_delete(fx->env);
    free(fx);
    return 0;
}

#define CALL(call, expected) CAPI_CALL(fx->env, fx->inst, (call), (expected))
#define CALL_TRAP(call, message) CAPI_CALL_TRAP(fx->env, fx->inst, (call), (message))

static void test_well_behaved(void **state)
{
    fixture *fx = *state;
    CALL("echo(\"x\")", "\"x\"");
    CALL("echo(\"\")", "\"\"");
    CALL("sum([1, 2, 3])", "6");
    CALL("take()", "\"given\"");
    CALL("take-list()", "6");
    assert_int_equal(fx->gives, 2);
}

static void test_argument_beyond_memory(void **state)
{
    fixture *fx = *state;
    CALL("set-mode(1)", NULL);
    CALL_TRAP("echo(\"x\")", OOB);
    CALL_TRAP("set-mode(0)", POISONED);
}

/* An empty string is allocated too (with size 0), and checked. */
static void test_empty_argument_beyond_memory(void **state)
{
    fixture *fx = *state;
    CALL("set-mode(1)", NULL);
    CALL_TRAP("echo(\"\")", OOB);
}

static void test_argument_misaligned(void **state)
{
    fixture *fx = *state;
    CALL("set-mode(2)", NULL);
    /* Bytes need no alignment. */
    CALL("echo(\"ab\")", "\"ab\"");
    CALL_TRAP("sum([1])", UNALIGNED);
    CALL_TRAP("sum([1])", POISONED);
}

static void test_realloc_traps(void **state)
{
    fixture *fx = *state;
    CALL("set-mode(3)", NULL);
    CALL_TRAP("echo(\"x\")", "unreachable executed");
    CALL_TRAP("set-mode(0)", POISONED);
}

/* A host function's result is lowered with the caller's realloc. */
static void test_import_result_beyond_memory(void **state)
{
    fixture *fx = *state;
    CALL("set-mode(1)", NULL);
    CALL_TRAP("take()", OOB);
    assert_int_equal(fx->gives, 1);
    CALL_TRAP("take()", POISONED);
    assert_int_equal(fx->gives, 1);
}

static void test_import_result_misaligned(void **state)
{
    fixture *fx = *state;
    CALL("set-mode(2)", NULL);
    CALL("take()", "\"given\"");
    CALL_TRAP("take-list()", UNALIGNED);
    assert_int_equal(fx->gives, 2);
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_well_behaved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_argument_beyond_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_argument_beyond_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_argument_misaligned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_realloc_traps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_result_beyond_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_result_misaligned, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
