/* The store's entry_limit (object/objects.h), which compiled code compares its frame address with
 * at every function entry: the C stack's limit while nothing is asked of the call, the highest
 * address while `poll` is raised, and the limit again once the check site's slow path has taken
 * the request. An entry_limit left high would send every later entry to the slow path; one left
 * low would let a call tree without loops run past an interrupt (limits/test_interrupt). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdlib.h>

#include "exec/exec.h"
#include "object/objects.h"
#include "warden.h"

typedef struct {
    warden_engine_t *engine;
    warden_store_t *store;
} env;

static int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    if (!e || warden_engine_new(&e->engine) || warden_store_new(e->engine, &e->store)) return -1;
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    env *e = *state;
    warden_store_delete(e->store);
    warden_engine_delete(e->engine);
    free(e);
    return 0;
}

static uintptr_t entry_limit(warden_store_t *s)
{
    return atomic_load(&s->entry_limit);
}

/* A call's start sets the C stack's limit, and entry_limit with it. */
static void test_follows_the_c_stack_limit(void **state)
{
    warden_store_t *s = ((env *)*state)->store;
    wo_set_c_stack_limit(s, (uintptr_t)__builtin_frame_address(0));
    assert_true(s->c_stack_limit != 0);
    assert_true(entry_limit(s) == s->c_stack_limit);
}

/* Raised, every entry takes the slow path; the slow path takes the request and lowers it again. */
static void test_raised_and_taken(void **state)
{
    warden_store_t *s = ((env *)*state)->store;
    wo_set_c_stack_limit(s, (uintptr_t)__builtin_frame_address(0));
    wo_raise_poll(s);
    assert_int_equal(atomic_load(&s->poll), 1);
    assert_true(entry_limit(s) == UINTPTR_MAX);
    /* No call runs, so the request is a stale one: dropped. */
    assert_int_equal(wx_check_slow(s, 0), 0);
    assert_int_equal(atomic_load(&s->poll), 0);
    assert_true(entry_limit(s) == s->c_stack_limit);
    /* Out of fuel is answered first and leaves the request raised. */
    wo_raise_poll(s);
    assert_int_equal(wx_check_slow(s, -1), WARDEN_TRAP_OUT_OF_FUEL);
    assert_true(entry_limit(s) == UINTPTR_MAX);
}

/* A request raised before the C stack's limit changes (a call moving onto a fiber, or to
 * another thread's stack) stays raised: the new limit does not hide it. */
static void test_survives_a_new_c_stack_limit(void **state)
{
    warden_store_t *s = ((env *)*state)->store;
    wo_set_c_stack_limit(s, (uintptr_t)__builtin_frame_address(0));
    wo_raise_poll(s);
    s->c_stack_lo = s->c_stack_hi = 0; /* the next call starts on a stack not seen before */
    wo_set_c_stack_limit(s, (uintptr_t)__builtin_frame_address(0));
    assert_true(entry_limit(s) == UINTPTR_MAX);
    assert_int_equal(wx_check_slow(s, 0), 0);
    assert_true(entry_limit(s) == s->c_stack_limit);
    wo_reset_entry_limit(s);
    assert_true(entry_limit(s) == s->c_stack_limit);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_follows_the_c_stack_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raised_and_taken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survives_a_new_c_stack_limit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
