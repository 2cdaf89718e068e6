/* Calls that pause across tiers: in the auto tier one module may be compiled while another it
 * calls is not yet, so compiled code calls interpreted functions, which may call compiled code
 * again. In the outermost run of a call each of them pauses as it would anywhere else: at an
 * async host function that does not finish in its callback (PENDING), and at a check site when
 * the call's time slice is over (YIELDED), at the same check sites and with the same fuel as
 * when every module is interpreted. Completions that trap, traps after a resume (with both
 * modules' frames in the backtrace) and calls cancelled while paused end the call and leave the
 * store usable. The guests are wat/mixed_caller.wat and wat/mixed_leaf.wat (compiled), and
 * wat/mixed_callee.wat (interpreted), which the caller calls and which calls the leaf. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warden.h"

static const char *wasm_dir = ".";

static void fail_on(warden_error_t *err)
{
    if (err) fail_msg("%s", warden_error_message(err));
}

static uint8_t *fixture(const char *stem, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.wasm", wasm_dir, stem);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    uint8_t *b = malloc((size_t)n);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* The async host function "get": stashes its completion for the test to finish. */
typedef struct host {
    warden_completion_t *pending;
    int calls;
} host;

static void get(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                warden_completion_t *completion)
{
    (void)caller;
    (void)args;
    (void)nargs;
    host *h = env;
    h->calls++;
    h->pending = completion;
}

typedef struct fixture_set {
    warden_engine_t *engine;
    warden_module_t *caller, *callee, *leaf;
    warden_store_t *store;
    warden_instance_t *inst;
    host host;
} fixture_set;

/* The three modules in a store with fuel metering, the caller and the leaf compiled (auto tier:
 * `mixed`) or all interpreted. */
static void set_up(fixture_set *s, bool mixed)
{
    memset(s, 0, sizeof *s);
    warden_config_t c;
    warden_config_default(&c);
    c.tier = mixed ? WARDEN_TIER_AUTO : WARDEN_TIER_INTERP;
    c.tier_up_threshold = 0; /* only warden_module_compile compiles */
    c.consume_fuel = true;
    fail_on(warden_engine_new_with_config(&c, &s->engine));
    size_t len = 0;
    uint8_t *b = fixture("mixed_caller", &len);
    fail_on(warden_module_new(s->engine, b, len, &s->caller));
    free(b);
    b = fixture("mixed_callee", &len);
    fail_on(warden_module_new(s->engine, b, len, &s->callee));
    free(b);
    b = fixture("mixed_leaf", &len);
    fail_on(warden_module_new(s->engine, b, len, &s->leaf));
    free(b);
    if (mixed) {
        fail_on(warden_module_compile(s->caller));
        fail_on(warden_module_compile(s->leaf));
        assert_int_equal(warden_module_tier(s->caller), WARDEN_TIER_LLVM);
        assert_int_equal(warden_module_tier(s->leaf), WARDEN_TIER_LLVM);
        assert_int_equal(warden_module_tier(s->callee), WARDEN_TIER_INTERP);
    }
    fail_on(warden_store_new(s->engine, &s->store));
    fail_on(warden_store_set_fuel(s->store, 1u << 30));
    warden_linker_t *l = NULL;
    fail_on(warden_linker_new(s->engine, &l));
    warden_valkind_t i32 = WARDEN_I32;
    warden_functype_t *t = NULL;
    fail_on(warden_functype_new(&i32, 1, &i32, 1, &t));
    warden_func_t *f = NULL;
    fail_on(warden_func_new_async(s->store, t, get, &s->host, NULL, &f));
    warden_functype_delete(t);
    warden_extern_t x = {.kind = WARDEN_EXTERN_FUNC, .of.func = f};
    fail_on(warden_linker_define(l, "host", 4, "get", 3, x));
    warden_instance_t *leaf = NULL, *callee = NULL;
    warden_trap_t *trap = NULL;
    fail_on(warden_linker_instantiate(l, s->store, s->leaf, &leaf, &trap));
    assert_null(trap);
    fail_on(warden_linker_define_instance(l, "leaf", 4, leaf));
    fail_on(warden_linker_instantiate(l, s->store, s->callee, &callee, &trap));
    assert_null(trap);
    fail_on(warden_linker_define_instance(l, "callee", 6, callee));
    fail_on(warden_linker_instantiate(l, s->store, s->caller, &s->inst, &trap));
    assert_null(trap);
    warden_linker_delete(l);
}

static void tear_down(fixture_set *s)
{
    warden_store_delete(s->store);
    warden_module_delete(s->caller);
    warden_module_delete(s->callee);
    warden_module_delete(s->leaf);
    warden_engine_delete(s->engine);
}

static warden_call_t *start(fixture_set *s, const char *name, int32_t a, int32_t b)
{
    warden_val_t args[2] = {{.kind = WARDEN_I32, .of.i32 = a}, {.kind = WARDEN_I32, .of.i32 = b}};
    warden_func_t *f = warden_instance_export_func(s->inst, name);
    assert_non_null(f);
    warden_call_t *call = NULL;
    fail_on(warden_call_new(s->store, f, args, warden_func_type(f)->nparams, &call));
    return call;
}

static int32_t result(warden_call_t *call)
{
    warden_val_t r = {0};
    fail_on(warden_call_results(call, &r, 1));
    return r.of.i32;
}

static void finish(host *h, int32_t v)
{
    assert_non_null(h->pending);
    warden_val_t r = {.kind = WARDEN_I32, .of.i32 = v};
    warden_completion_t *c = h->pending;
    h->pending = NULL;
    warden_completion_return(c, &r, 1);
}

/* Compiled f calls interpreted g, which waits on the host: the call is PENDING until the host
 * finishes, then DONE with g's result doubled. The same through g3, which calls the compiled
 * leaf's h, which waits on the host. */
static void test_pending_in_interpreted_callee(void **state)
{
    (void)state;
    fixture_set s;
    set_up(&s, true);
    for (int32_t i = 0; i < 3; i++) {
        warden_call_t *call = start(&s, "f", 5 + i, 0);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        finish(&s.host, 40 + i);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
        assert_int_equal(result(call), (40 + i + 1) * 2);
        warden_call_delete(call);

        call = start(&s, "f3", 5 + i, 0);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
        finish(&s.host, 40 + i);
        assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
        assert_int_equal(result(call), (40 + i - 7 + 1) * 2);
        warden_call_delete(call);
    }
    assert_int_equal(s.host.calls, 6);
    tear_down(&s);
}

/* Time slices of 1000 units of fuel end inside the interpreted callee's loop as they do when every
 * module is interpreted: the same number of yields, the same result and the same fuel. */
static void slices(const char *name, int32_t per_iteration)
{
    int yields[2] = {0, 0};
    uint64_t fuel[2] = {0, 0};
    int32_t sum[2] = {0, 0};
    for (int mixed = 0; mixed < 2; mixed++) {
        fixture_set s;
        set_up(&s, mixed);
        warden_store_set_slice_fuel(s.store, 1000);
        warden_call_t *call = start(&s, name, 7, 5000);
        warden_call_status_t st;
        while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED) yields[mixed]++;
        assert_int_equal(st, WARDEN_CALL_DONE);
        sum[mixed] = result(call);
        warden_call_delete(call);
        fuel[mixed] = warden_store_fuel_consumed(s.store);
        tear_down(&s);
    }
    assert_int_equal(sum[1], 7 * 5000 * per_iteration);
    assert_int_equal(sum[0], sum[1]);
    assert_true(yields[0] > 100);
    assert_true(fuel[0] > 7 * 5000);
    assert_int_equal(yields[1], yields[0]);
    assert_int_equal(fuel[1], fuel[0]);
}

/* ... also in the compiled leaf's loop that the interpreted function calls. */
static void test_slices_in_interpreted_callee(void **state)
{
    (void)state;
    slices("spins", 3);
    slices("spins3", 3 + 5);
}

/* After two pauses in the interpreted callee, its trap ends the call, with the callee's and the
 * compiled caller's frames in the backtrace; a completion that traps ends it too; so does a
 * cancel while it waits. The store then runs further calls. */
static void test_traps_and_cancel(void **state)
{
    (void)state;
    fixture_set s;
    set_up(&s, true);
    warden_call_t *call = start(&s, "fboom", 1, 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    finish(&s.host, 1);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    finish(&s.host, 2);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    const warden_trap_t *trap = warden_call_trap(call);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(warden_trap_frame_count(trap), 2);
    uint32_t fi = 99;
    assert_true(warden_trap_frame(trap, 0, &fi, NULL));
    assert_int_equal(fi, 5); /* boom, after the callee's three imports */
    assert_true(warden_trap_frame(trap, 1, &fi, NULL));
    assert_int_equal(fi, 7); /* fboom, after the caller's five imports */
    warden_call_delete(call);

    call = start(&s, "f", 1, 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_completion_t *c = s.host.pending;
    s.host.pending = NULL;
    warden_completion_trap(c, warden_trap_new("the host gave up"));
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_TRAPPED);
    assert_string_equal(warden_trap_message(warden_call_trap(call)), "the host gave up");
    warden_call_delete(call);

    call = start(&s, "f", 2, 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    warden_call_cancel(call);
    assert_int_equal(warden_call_status(call), WARDEN_CALL_TRAPPED);
    warden_call_delete(call);
    finish(&s.host, 0); /* told it was cancelled: finishing it only frees it */

    call = start(&s, "f", 3, 0);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_PENDING);
    finish(&s.host, 10);
    assert_int_equal(warden_call_resume(call), WARDEN_CALL_DONE);
    assert_int_equal(result(call), 22);
    warden_call_delete(call);
    tear_down(&s);
}

int main(int argc, char **argv)
{
    if (argc > 1) wasm_dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pending_in_interpreted_callee),
        cmocka_unit_test(test_slices_in_interpreted_callee),
        cmocka_unit_test(test_traps_and_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
