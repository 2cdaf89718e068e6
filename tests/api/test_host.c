/* Host functions: made with warden_func_new, defined in a linker and called by the guest. Arguments
 * and results, host traps, re-entry into the guest from a host function (nested, trapping, and
 * unbounded), the caller's memory, and finalizers. */
#include "support.h"

#include <string.h>

/* What the host functions saw, checked by the tests after the guest returns (an assertion failing
 * inside a host function would unwind through the interpreter). */
typedef struct host_state {
    warden_store_t *store;

    int add_calls;
    size_t add_nargs, add_nresults;
    warden_valkind_t add_arg_kinds[2], add_result_kind;
    bool add_caller_ok;

    warden_func_t *target; /* what reenter calls */
    bool swallow;          /* reenter: turn a trap of the nested call into the result -1000 */
    int depth, max_depth, reenter_calls, traps_seen;

    int peek_calls;
    bool peek_ok;

    bool mixed_ok;
    int finalized;
} host_state;

static int32_t load_i32(const uint8_t *p)
{
    return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24);
}

static void store_i32(uint8_t *p, int32_t v)
{
    uint32_t u = (uint32_t)v;
    p[0] = (uint8_t)u;
    p[1] = (uint8_t)(u >> 8);
    p[2] = (uint8_t)(u >> 16);
    p[3] = (uint8_t)(u >> 24);
}

static warden_trap_t *host_add(void *env, warden_caller_t *caller, const warden_val_t *args,
                               size_t nargs, warden_val_t *results, size_t nresults)
{
    host_state *hs = env;
    hs->add_calls++;
    hs->add_nargs = nargs;
    hs->add_nresults = nresults;
    hs->add_arg_kinds[0] = args[0].kind;
    hs->add_arg_kinds[1] = args[1].kind;
    hs->add_result_kind = results[0].kind;
    hs->add_caller_ok = warden_caller_store(caller) == hs->store;
    results[0].of.i32 = (int32_t)((uint32_t)args[0].of.i32 + (uint32_t)args[1].of.i32);
    return NULL;
}

static warden_trap_t *host_fail(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return warden_trap_new("boom");
}

static warden_trap_t *host_reenter(void *env, warden_caller_t *caller, const warden_val_t *args,
                                   size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)nargs, (void)nresults;
    host_state *hs = env;
    hs->reenter_calls++;
    if (++hs->depth > hs->max_depth) hs->max_depth = hs->depth;
    warden_trap_t *trap = NULL;
    warden_val_t result = {0};
    warden_error_t *err =
        warden_func_call(warden_caller_store(caller), hs->target, args, 1, &result, 1, &trap);
    hs->depth--;
    if (err) {
        trap = warden_trap_new(warden_error_message(err));
        warden_error_delete(err);
        return trap;
    }
    if (trap) {
        hs->traps_seen++;
        if (!hs->swallow) return trap;
        warden_trap_delete(trap);
        results[0] = api_i32(-1000);
        return NULL;
    }
    results[0] = result;
    return NULL;
}

static warden_trap_t *host_peek(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)nargs, (void)nresults;
    host_state *hs = env;
    hs->peek_calls++;
    warden_memory_t *mem = warden_caller_export_memory(caller, "memory");
    hs->peek_ok = mem != NULL && warden_memory_size(mem) == 65536 &&
                  warden_caller_export_memory(caller, "answer") == NULL &&
                  warden_caller_export_memory(caller, "call_add") == NULL &&
                  warden_caller_export_memory(caller, "nope") == NULL &&
                  warden_caller_export_memory(caller, NULL) == NULL &&
                  warden_caller_store(caller) == hs->store;
    if (!mem) return warden_trap_new("no memory");
    uint32_t addr = (uint32_t)args[0].of.i32;
    if ((uint64_t)addr + 8 > warden_memory_size(mem)) return warden_trap_new("peek out of range");
    uint8_t *data = warden_memory_data(mem);
    int32_t v = load_i32(data + addr);
    store_i32(data + addr + 4, v * 2);
    results[0].of.i32 = v;
    return NULL;
}

static warden_trap_t *host_mixed(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    host_state *hs = env;
    hs->mixed_ok = nargs == 3 && nresults == 3 && args[0].kind == WARDEN_I64 &&
                   args[1].kind == WARDEN_F64 && args[2].kind == WARDEN_EXTERNREF &&
                   results[0].kind == WARDEN_F64 && results[1].kind == WARDEN_I64 &&
                   results[2].kind == WARDEN_EXTERNREF;
    results[0].of.f64_bits = args[1].of.f64_bits;
    results[1].of.i64 = args[0].of.i64 + 1;
    results[2].of.externref = args[2].of.externref;
    return NULL;
}

static warden_trap_t *host_wrong(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)nresults;
    results[0] = api_i64(1); /* the import returns an i32 */
    return NULL;
}

static void finalize(void *env)
{
    ((host_state *)env)->finalized++;
}

/* ---------------------------------------------------------------------------------------------
 * Fixture: the host functions defined as host.*, and an instance of host.wat
 * ------------------------------------------------------------------------------------------- */

typedef struct host_fixture {
    api_env *env;
    host_state hs;
    warden_func_t *add, *fail, *reenter, *peek, *mixed, *wrong;
    warden_instance_t *inst;
} host_fixture;

static warden_func_t *define(host_fixture *fx, const char *name, const warden_valkind_t *params,
                             uint32_t np, const warden_valkind_t *results, uint32_t nr,
                             warden_host_func_t cb)
{
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(params, np, results, nr, &type));
    warden_func_t *f = NULL;
    API_OK(warden_func_new(fx->env->store, type, cb, &fx->hs, NULL, &f));
    warden_functype_delete(type);
    warden_extern_t item = {.kind = WARDEN_EXTERN_FUNC, .of.func = f};
    API_OK(warden_linker_define(fx->env->linker, "host", 4, name, strlen(name), item));
    return f;
}

static int setup(void **state)
{
    static host_fixture fx;
    memset(&fx, 0, sizeof fx);
    void *envp = NULL;
    if (api_setup(&envp)) return -1;
    fx.env = envp;
    fx.hs.store = fx.env->store;
    static const warden_valkind_t i32x2[] = {WARDEN_I32, WARDEN_I32};
    static const warden_valkind_t mixed_params[] = {WARDEN_I64, WARDEN_F64, WARDEN_EXTERNREF};
    static const warden_valkind_t mixed_results[] = {WARDEN_F64, WARDEN_I64, WARDEN_EXTERNREF};
    fx.add = define(&fx, "add", i32x2, 2, i32x2, 1, host_add);
    fx.fail = define(&fx, "fail", NULL, 0, NULL, 0, host_fail);
    fx.reenter = define(&fx, "reenter", i32x2, 1, i32x2, 1, host_reenter);
    fx.peek = define(&fx, "peek", i32x2, 1, i32x2, 1, host_peek);
    fx.mixed = define(&fx, "mixed", mixed_params, 3, mixed_results, 3, host_mixed);
    fx.wrong = define(&fx, "wrong", NULL, 0, i32x2, 1, host_wrong);
    fx.inst = api_load(fx.env, "host");
    fx.hs.target = api_func(fx.inst, "countdown");
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    host_fixture *fx = *state;
    void *envp = fx->env;
    return api_teardown(&envp);
}

/* ---------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------- */

static void test_arguments_and_results(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "call_add"), 2, 40, 2), 42);
    assert_int_equal(fx->hs.add_calls, 1);
    assert_int_equal(fx->hs.add_nargs, 2);
    assert_int_equal(fx->hs.add_nresults, 1);
    assert_int_equal(fx->hs.add_arg_kinds[0], WARDEN_I32);
    assert_int_equal(fx->hs.add_arg_kinds[1], WARDEN_I32);
    assert_int_equal(fx->hs.add_result_kind, WARDEN_I32);
    assert_true(fx->hs.add_caller_ok);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "call_add"), 2, INT32_MAX, 1), INT32_MIN);
    assert_int_equal(fx->hs.add_calls, 2);

    /* Several kinds, several results, a NaN payload and a host pointer. */
    int object;
    warden_val_t args[3] = {api_i64(INT64_C(-5000000000)), api_f64_bits(0x7FF4000000000001),
                            api_externref(&object)};
    warden_val_t results[3];
    API_CALL(s, api_func(fx->inst, "call_mixed"), args, 3, results, 3);
    assert_true(fx->hs.mixed_ok);
    assert_int_equal(results[0].kind, WARDEN_F64);
    assert_int_equal(results[0].of.f64_bits, 0x7FF4000000000001);
    assert_int_equal(results[1].kind, WARDEN_I64);
    assert_int_equal(results[1].of.i64, INT64_C(-4999999999));
    assert_int_equal(results[2].kind, WARDEN_EXTERNREF);
    assert_ptr_equal(results[2].of.externref, &object);

    /* A host function called from the host directly. */
    assert_int_equal(api_call_i32(s, fx->add, 2, 3, 4), 7);
    assert_int_equal(fx->hs.add_calls, 3);
    assert_true(fx->hs.add_caller_ok);
    const warden_functype_t *type = warden_func_type(fx->mixed);
    assert_non_null(type);
    assert_int_equal(type->nparams, 3);
    assert_int_equal(type->nresults, 3);
    assert_int_equal(type->params[2], WARDEN_EXTERNREF);
    assert_int_equal(type->results[0], WARDEN_F64);
}

static void test_host_trap(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;

    /* A host function failing when called directly poisons no instance. */
    warden_trap_t *trap = API_CALL_TRAP(s, fx->fail, NULL, 0, 0);
    warden_trap_delete(trap);
    assert_false(warden_instance_poisoned(fx->inst));

    trap = API_CALL_TRAP(s, api_func(fx->inst, "call_fail"), NULL, 0, 0);
    static const uint32_t idx1[] = {7};
    static const char *const names1[] = {"call_fail"};
    API_TRAP(trap, WARDEN_TRAP_HOST, "boom", 1, idx1, names1);
    assert_string_equal(warden_trap_kind_name(warden_trap_kind(trap)), "host");
    warden_trap_delete(trap);
    assert_true(warden_instance_poisoned(fx->inst));

    trap = API_CALL_TRAP(s, api_func(fx->inst, "nested_fail"), NULL, 0, 0);
    static const uint32_t idx2[] = {7, 8};
    static const char *const names2[] = {"call_fail", "nested_fail"};
    API_TRAP(trap, WARDEN_TRAP_HOST, "boom", 2, idx2, names2);
    warden_trap_delete(trap);

    /* Called directly there is no guest frame. */
    trap = API_CALL_TRAP(s, fx->fail, NULL, 0, 0);
    API_TRAP(trap, WARDEN_TRAP_HOST, "boom", 0, NULL, NULL);
    warden_trap_delete(trap);

    /* A result of the wrong kind from a host function stops the guest. */
    trap = API_CALL_TRAP(s, api_func(fx->inst, "call_wrong"), NULL, 0, 1);
    static const uint32_t idx3[] = {14};
    static const char *const names3[] = {"call_wrong"};
    API_TRAP(trap, WARDEN_TRAP_HOST, "host function returned a value of the wrong type", 1, idx3,
             names3);
    warden_trap_delete(trap);

    /* The instance still works. */
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "call_add"), 2, 1, 2), 3);
}

static void test_trap_new(void **state)
{
    (void)state;
    char message[] = "a message that the trap copies";
    warden_trap_t *trap = warden_trap_new(message);
    memset(message, 'x', sizeof message - 1);
    API_TRAP(trap, WARDEN_TRAP_HOST, "a message that the trap copies", 0, NULL, NULL);
    warden_trap_delete(trap);
}

static void test_reentry(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_func_t *countdown = api_func(fx->inst, "countdown");

    assert_int_equal(api_call_i32(s, countdown, 1, 0), 0);
    assert_int_equal(fx->hs.reenter_calls, 0);
    assert_int_equal(api_call_i32(s, countdown, 1, 5), 15);
    assert_int_equal(fx->hs.reenter_calls, 5);
    assert_int_equal(fx->hs.max_depth, 5);
    assert_int_equal(fx->hs.depth, 0);

    fx->hs.max_depth = 0;
    assert_int_equal(api_call_i32(s, countdown, 1, 50), 1275);
    assert_int_equal(fx->hs.max_depth, 50);

    /* The host can also start the recursion itself. */
    assert_int_equal(api_call_i32(s, fx->reenter, 1, 10), 55);
    assert_int_equal(fx->hs.traps_seen, 0);
}

static void test_reentry_trap(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    fx->hs.target = api_func(fx->inst, "countdown_trap");

    /* The innermost guest call traps; every host level passes the trap on, and each guest level
     * adds its frame to the backtrace. */
    warden_trap_t *trap = API_CALL_TRAP(s, fx->hs.target, (warden_val_t[]){api_i32(3)}, 1, 1);
    static const uint32_t idx[] = {10, 10, 10, 10};
    static const char *const names[] = {"countdown_trap", "countdown_trap", "countdown_trap",
                                        "countdown_trap"};
    API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 4, idx, names);
    warden_trap_delete(trap);
    assert_int_equal(fx->hs.traps_seen, 3);
    assert_int_equal(fx->hs.depth, 0);

    /* A host that handles the trap of its nested call lets the outer calls finish normally. */
    fx->hs.swallow = true;
    fx->hs.traps_seen = 0;
    assert_int_equal(api_call_i32(s, fx->hs.target, 1, 3), 3 + 2 + 1 - 1000);
    assert_int_equal(fx->hs.traps_seen, 1);

    /* Everything still works. */
    fx->hs.target = api_func(fx->inst, "countdown");
    fx->hs.swallow = false;
    assert_int_equal(api_call_i32(s, fx->hs.target, 1, 4), 10);
}

/* The guest calls the host, which re-enters the guest, and then calls a function that traps: the
 * nested call's frames are gone, and the backtrace names both guest frames of the outer call. */
static void test_reentry_then_trap(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    fx->hs.target = api_func(fx->inst, "countdown");
    for (int n = 0; n < 3; n++) {
        warden_trap_t *trap = API_CALL_TRAP(s, api_func(fx->inst, "reenter_then_trap"),
                                            (warden_val_t[]){api_i32(n)}, 1, 1);
        static const uint32_t idx[] = {17, 16};
        static const char *const names[] = {"trap_below", "reenter_then_trap"};
        API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 2, idx, names);
        warden_trap_delete(trap);
    }
    assert_int_equal(fx->hs.reenter_calls, 1 + 2 + 3);
    assert_int_equal(fx->hs.depth, 0);
}

/* The host re-enters another instance, which traps: the backtrace holds the frames of both
 * instances, and both instances are poisoned. */
static void test_reentry_other_instance(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_instance_t *traps = api_load(fx->env, "traps");
    fx->hs.target = api_func(traps, "load_via");

    assert_int_equal(api_call_i32(s, api_func(fx->inst, "countdown"), 1, 1), 1);
    assert_false(warden_instance_poisoned(fx->inst));
    warden_trap_t *trap =
        API_CALL_TRAP(s, api_func(fx->inst, "countdown"), (warden_val_t[]){api_i32(70001)}, 1, 1);
    static const uint32_t idx[] = {3, 4, 5, 9};
    static const char *const names[] = {"load", "middle", "outer", "countdown"};
    API_TRAP(trap, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS, "out of bounds memory access", 4, idx, names);
    warden_trap_delete(trap);
    assert_true(warden_instance_poisoned(traps));
    assert_true(warden_instance_poisoned(fx->inst));
}

static void test_unbounded_reentry(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;

    /* countdown(-1) never reaches 0: guest -> host -> guest -> ... until the stack is exhausted.
     * How deep that is depends on the C stack each level takes (far more under sanitizers). */
    warden_trap_t *trap = API_CALL_TRAP(s, fx->hs.target, (warden_val_t[]){api_i32(-1)}, 1, 1);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_STACK_EXHAUSTED);
    API_STREQ(warden_trap_message(trap), "call stack exhausted");
    API_STREQ(warden_trap_kind_name(warden_trap_kind(trap)), "stack-exhausted");
    /* One frame per level, each added by its own unwinding: the bound holds across them. */
    size_t n = warden_trap_frame_count(trap);
    assert_true(n + warden_trap_frames_omitted(trap) >= 50);
    assert_int_equal(n + warden_trap_frames_omitted(trap), (size_t)fx->hs.reenter_calls);
    assert_int_equal(n, fx->hs.reenter_calls < 80 ? (size_t)fx->hs.reenter_calls : 80);
    for (size_t i = 0; i < n; i++) {
        uint32_t index = 0;
        const char *name = NULL;
        assert_true(warden_trap_frame(trap, i, &index, &name));
        assert_int_equal(index, 9);
        API_STREQ(name, "countdown");
    }
    warden_trap_delete(trap);
    assert_int_equal(fx->hs.depth, 0);
    assert_int_equal(fx->hs.traps_seen, fx->hs.reenter_calls);

    /* The same depth is reached again: nothing was left behind on the store's stack. */
    int first = fx->hs.reenter_calls;
    fx->hs.reenter_calls = 0;
    trap = API_CALL_TRAP(s, fx->hs.target, (warden_val_t[]){api_i32(-1)}, 1, 1);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(fx->hs.reenter_calls, first);
    warden_trap_delete(trap);

    assert_int_equal(api_call_i32(s, fx->hs.target, 1, 6), 21);
}

static void test_caller_memory(void **state)
{
    host_fixture *fx = *state;
    warden_store_t *s = fx->env->store;

    /* The data segment put 42 at 16; the host reads it and writes twice that at 20. */
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "call_peek"), 1, 16), 42);
    assert_true(fx->hs.peek_ok);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "read"), 1, 20), 84);

    /* A host function called from the host has no calling instance, hence no memory. */
    warden_trap_t *trap = API_CALL_TRAP(s, fx->peek, (warden_val_t[]){api_i32(16)}, 1, 1);
    API_TRAP(trap, WARDEN_TRAP_HOST, "no memory", 0, NULL, NULL);
    warden_trap_delete(trap);
    assert_int_equal(fx->hs.peek_calls, 2);
}

/* A host function that grows the calling instance's memory, directly or through a nested call
 * of the guest's own memory.grow; the guest then uses the new page in the same call. */
typedef struct grow_state {
    warden_func_t *guest_grow; /* NULL: grow through the API */
    int64_t last;
} grow_state;

static warden_trap_t *host_grow(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)nargs, (void)nresults;
    grow_state *gs = env;
    if (!gs->guest_grow) {
        warden_memory_t *mem = warden_caller_export_memory(caller, "memory");
        if (!mem) return warden_trap_new("no memory");
        gs->last = warden_memory_grow(mem, (uint64_t)args[0].of.i32);
        results[0].of.i32 = (int32_t)gs->last;
        return NULL;
    }
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_func_call(warden_caller_store(caller), gs->guest_grow, args, 1, results, 1, &trap);
    if (err) {
        trap = warden_trap_new(warden_error_message(err));
        warden_error_delete(err);
    }
    if (!trap) gs->last = results[0].of.i32;
    return trap;
}

static void test_host_grows_memory(void **state)
{
    api_env *env = *state;
    grow_state gs = {NULL, 0};
    static const warden_valkind_t i32 = WARDEN_I32;
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(&i32, 1, &i32, 1, &type));
    warden_func_t *grow = NULL;
    API_OK(warden_func_new(env->store, type, host_grow, &gs, NULL, &grow));
    warden_functype_delete(type);
    API_OK(warden_linker_define(env->linker, "host", 4, "grow", 4,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = grow}));
    warden_instance_t *inst = api_load(env, "host_grow");
    warden_func_t *grow_then_store = api_func(inst, "grow_then_store");
    warden_memory_t *mem = api_memory(inst, "memory");
    const uint8_t *base = warden_memory_data(mem);

    assert_int_equal(api_call_i32(env->store, grow_then_store, 1, 0x01020304), 0x01020304);
    assert_int_equal(gs.last, 1);
    assert_int_equal(warden_memory_size(mem), 2 * 65536);
    assert_int_equal(base[2 * 65536 - 4], 0x04);

    gs.guest_grow = api_func(inst, "guest_grow");
    assert_int_equal(api_call_i32(env->store, grow_then_store, 1, 0x0A0B0C0D), 0x0A0B0C0D);
    assert_int_equal(gs.last, 2);
    assert_int_equal(warden_memory_size(mem), 3 * 65536);
    assert_int_equal(base[3 * 65536 - 4], 0x0D);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "size"), 0), 3);
    assert_ptr_equal(warden_memory_data(mem), base);
}

/* Ten parameters and ten results of mixed kinds: each result is its mirror parameter, the
 * integers plus one. */
static const warden_valkind_t k_wide_params[10] = {WARDEN_I32, WARDEN_I64, WARDEN_F32, WARDEN_F64,
                                                   WARDEN_I32, WARDEN_I64, WARDEN_F32, WARDEN_F64,
                                                   WARDEN_I32, WARDEN_I64};

static warden_trap_t *host_wide(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    bool *ok = env;
    *ok = nargs == 10 && nresults == 10;
    for (size_t i = 0; *ok && i < 10; i++)
        *ok = args[i].kind == k_wide_params[i] && results[9 - i].kind == k_wide_params[i];
    if (!*ok) return warden_trap_new("wrong shape");
    for (size_t i = 0; i < 10; i++) {
        warden_val_t v = args[i];
        if (v.kind == WARDEN_I32) v.of.i32 = (int32_t)((uint32_t)v.of.i32 + 1);
        if (v.kind == WARDEN_I64) v.of.i64 = (int64_t)((uint64_t)v.of.i64 + 1);
        results[9 - i] = v;
    }
    return NULL;
}

static void test_many_values(void **state)
{
    api_env *env = *state;
    bool ok = false;
    warden_valkind_t results_k[10];
    for (size_t i = 0; i < 10; i++) results_k[i] = k_wide_params[9 - i];
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(k_wide_params, 10, results_k, 10, &type));
    warden_func_t *wide = NULL;
    API_OK(warden_func_new(env->store, type, host_wide, &ok, NULL, &wide));
    warden_functype_delete(type);
    API_OK(warden_linker_define(env->linker, "host", 4, "wide", 4,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = wide}));
    warden_instance_t *inst = api_load(env, "host_wide");

    warden_val_t args[10] = {
        api_i32(1),
        api_i64(-2),
        api_f32_bits(0x7FA00003),
        api_f64_bits(0x7FF0000000000004),
        api_i32(INT32_MAX),
        api_i64(INT64_MAX),
        api_f32_bits(0x80000000),
        api_f64_bits(0x3FF8000000000000),
        api_i32(-9),
        api_i64(10),
    };
    warden_val_t results[10];
    for (int round = 0; round < 3; round++) {
        memset(results, 0, sizeof results);
        API_CALL(env->store, api_func(inst, "call_wide"), args, 10, results, 10);
        assert_true(ok);
        assert_int_equal(results[0].kind, WARDEN_I64);
        assert_int_equal(results[0].of.i64, 11);
        assert_int_equal(results[1].of.i32, -8);
        assert_int_equal(results[2].of.f64_bits, 0x3FF8000000000000);
        assert_int_equal(results[3].of.f32_bits, 0x80000000);
        assert_int_equal(results[4].of.i64, INT64_MIN);
        assert_int_equal(results[5].of.i32, INT32_MIN);
        assert_int_equal(results[6].kind, WARDEN_F64);
        assert_int_equal(results[6].of.f64_bits, 0x7FF0000000000004);
        assert_int_equal(results[7].kind, WARDEN_F32);
        assert_int_equal(results[7].of.f32_bits, 0x7FA00003);
        assert_int_equal(results[8].of.i64, -1);
        assert_int_equal(results[9].kind, WARDEN_I32);
        assert_int_equal(results[9].of.i32, 2);
    }
}

static void test_finalizer(void **state)
{
    (void)state;
    warden_engine_t *engine = NULL;
    warden_store_t *store = NULL;
    API_OK(warden_engine_new(&engine));
    API_OK(warden_store_new(engine, &store));
    warden_functype_t *type = NULL;
    API_OK(warden_functype_new(NULL, 0, NULL, 0, &type));
    host_state a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    warden_func_t *f = NULL;
    API_OK(warden_func_new(store, type, host_fail, &a, finalize, &f));
    API_OK(warden_func_new(store, type, host_fail, &b, finalize, &f));
    API_OK(warden_func_new(store, type, host_fail, &b, NULL, &f));
    warden_functype_delete(type);

    /* The function keeps working after its type was deleted. */
    warden_trap_t *trap = API_CALL_TRAP(store, f, NULL, 0, 0);
    API_TRAP(trap, WARDEN_TRAP_HOST, "boom", 0, NULL, NULL);
    warden_trap_delete(trap);

    assert_int_equal(a.finalized, 0);
    assert_int_equal(b.finalized, 0);
    warden_store_delete(store);
    assert_int_equal(a.finalized, 1);
    assert_int_equal(b.finalized, 1);
    warden_engine_delete(engine);
}

static void test_bad_function_types(void **state)
{
    api_env *env = *state;
    const warden_valkind_t bad[] = {(warden_valkind_t)0x40};
    const warden_valkind_t good[] = {WARDEN_I32};
    warden_functype_t *type = NULL;
    API_ERROR(warden_functype_new(bad, 1, NULL, 0, &type), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_functype_new(good, 1, bad, 1, &type), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(type);

    /* A hand-made type with a bad kind is refused by func_new. */
    warden_functype_t handmade = {1, 0, bad, NULL};
    warden_func_t *f = NULL;
    API_ERROR(warden_func_new(env->store, &handmade, host_fail, NULL, NULL, &f),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(f);

    /* functype_new copies its arrays. */
    warden_valkind_t params[2] = {WARDEN_I64, WARDEN_F32};
    API_OK(warden_functype_new(params, 2, good, 1, &type));
    params[0] = WARDEN_F64;
    assert_int_equal(type->nparams, 2);
    assert_int_equal(type->nresults, 1);
    assert_int_equal(type->params[0], WARDEN_I64);
    assert_int_equal(type->params[1], WARDEN_F32);
    assert_int_equal(type->results[0], WARDEN_I32);
    API_OK(warden_func_new(env->store, type, host_fail, NULL, NULL, &f));
    warden_functype_delete(type);
    const warden_functype_t *ft = warden_func_type(f);
    assert_int_equal(ft->nparams, 2);
    assert_int_equal(ft->params[0], WARDEN_I64);
    assert_int_equal(ft->params[1], WARDEN_F32);
    assert_int_equal(ft->nresults, 1);
    assert_int_equal(ft->results[0], WARDEN_I32);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_arguments_and_results, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_trap, setup, teardown),
        cmocka_unit_test(test_trap_new),
        cmocka_unit_test_setup_teardown(test_reentry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reentry_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reentry_then_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reentry_other_instance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unbounded_reentry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caller_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_grows_memory, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_many_values, api_setup, api_teardown),
        cmocka_unit_test(test_finalizer),
        cmocka_unit_test_setup_teardown(test_bad_function_types, api_setup, api_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
