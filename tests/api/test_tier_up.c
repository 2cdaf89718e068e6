/* The auto tier's move from the interpreter to compiled code (warden_module_compile,
 * warden_config_t.tier_up_threshold): a module starts interpreted, is compiled on request or once
 * its calls add up, and from then on its calls run compiled code, in every store and thread, with
 * the results, traps, backtraces, fuel and stack limits of the interpreter, even for a call that
 * was under way when the code came. Fixture: wat/tier_up.wat, whose host.compile asks for the
 * compile from inside a call. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "temp_dir.h"

/* host.compile: warden_module_compile(mod) when `compile`, nothing otherwise (the reference run
 * in the interpreter). */
typedef struct compile_env {
    warden_module_t *mod;
    bool compile;
    int calls;
    uintptr_t probe, first_probe; /* host.probe's frame address: the last and the first */
    int probes;
} compile_env;

static warden_trap_t *host_compile(void *env, warden_caller_t *caller, const warden_val_t *args,
                                   size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    (void)results;
    (void)nresults;
    compile_env *c = env;
    c->calls++;
    if (!c->compile) return NULL;
    warden_error_t *e = warden_module_compile(c->mod);
    if (!e) return NULL;
    warden_trap_t *t = warden_trap_new(warden_error_message(e));
    warden_error_delete(e);
    return t;
}

/* host.probe: where the C stack stands. */
static warden_trap_t *host_probe(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    (void)results;
    (void)nresults;
    compile_env *c = env;
    c->probe = (uintptr_t)__builtin_frame_address(0);
    if (c->probes++ == 0) c->first_probe = c->probe;
    return NULL;
}

/* An engine of `tier` that compiles after `tier_up_threshold` calls, with or without fuel, the
 * fixture's module in it, and an instance of it in a store of its own. */
typedef struct run {
    warden_engine_t *engine;
    warden_module_t *mod;
    warden_store_t *store;
    warden_linker_t *linker;
    warden_instance_t *inst;
    compile_env env;
} run;

static void run_open_cached(run *r, warden_tier_t tier, uint64_t tier_up_threshold, bool fuel,
                            const char *cache_dir)
{
    memset(r, 0, sizeof *r);
    warden_config_t c;
    warden_config_default(&c);
    c.tier = tier;
    c.tier_up_threshold = tier_up_threshold;
    c.consume_fuel = fuel;
    c.cache_dir = cache_dir;
    API_OK(warden_engine_new_with_config(&c, &r->engine));
    r->mod = api_module(r->engine, "tier_up");
    API_OK(warden_store_new(r->engine, &r->store));
    if (fuel) API_OK(warden_store_set_fuel(r->store, UINT64_C(1) << 40));
    r->env.mod = r->mod;
    r->env.compile = tier == WARDEN_TIER_AUTO;
    warden_functype_t *ft = NULL;
    API_OK(warden_functype_new(NULL, 0, NULL, 0, &ft));
    warden_func_t *f = NULL, *p = NULL;
    API_OK(warden_func_new(r->store, ft, host_compile, &r->env, NULL, &f));
    API_OK(warden_func_new(r->store, ft, host_probe, &r->env, NULL, &p));
    warden_functype_delete(ft);
    API_OK(warden_linker_new(r->engine, &r->linker));
    API_OK(warden_linker_define(r->linker, "host", 4, "compile", 7,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = f}));
    API_OK(warden_linker_define(r->linker, "host", 4, "probe", 5,
                                (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = p}));
    r->inst = api_instantiate(r->linker, r->store, r->mod);
}

static void run_open(run *r, warden_tier_t tier, uint64_t tier_up_threshold, bool fuel)
{
    run_open_cached(r, tier, tier_up_threshold, fuel, NULL);
}

static void run_close(run *r)
{
    warden_linker_delete(r->linker);
    warden_store_delete(r->store);
    warden_module_delete(r->mod);
    warden_engine_delete(r->engine);
}

/* Asked for, the compile moves the module to compiled code; before, it stays interpreted
 * whatever the calls, when tier_up_threshold is 0. */
static void test_compile_on_request(void **state)
{
    (void)state;
    run r;
    run_open(&r, WARDEN_TIER_AUTO, 0, false);
    warden_func_t *fib = api_func(r.inst, "fib");
    assert_int_equal(api_call_i32(r.store, fib, 1, 25), 75025); /* 242785 calls */
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_INTERP);
    API_OK(warden_module_compile(r.mod));
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_LLVM);
    assert_int_equal(api_call_i32(r.store, fib, 1, 25), 75025);
    API_OK(warden_module_compile(r.mod)); /* once compiled: at once */
    /* Its code is an artifact like the llvm tier's. */
    uint8_t *bytes = NULL;
    size_t len = 0;
    API_OK(warden_module_serialize(r.mod, &bytes, &len));
    assert_true(warden_is_compiled_module(bytes, len));
    warden_bytes_delete(bytes);
    run_close(&r);
}

/* The C stack's depth at the bottom of dive(n). */
static uintptr_t probe_at(run *r, int32_t n)
{
    warden_val_t arg = api_i32(n);
    API_CALL(r->store, api_func(r->inst, "dive"), &arg, 1, NULL, 0);
    return r->env.probe;
}

/* Compiled code runs after the compile, not the interpreter: the C stack at the bottom of a
 * recursion 200 deep is where it is at depth 0 in the interpreter, and deeper by a frame per
 * call in compiled code. */
static void test_compiled_code_runs(void **state)
{
    (void)state;
    run r;
    run_open(&r, WARDEN_TIER_AUTO, 0, false);
    assert_true(probe_at(&r, 0) == probe_at(&r, 200));
    API_OK(warden_module_compile(r.mod));
    uintptr_t top = probe_at(&r, 0), bottom = probe_at(&r, 200);
    assert_true(bottom + 200 * 16 <= top);
    run_close(&r);
}

/* With a code cache, the auto tier's compile keeps its code there, and a module made again from
 * the same bytes by an engine of the same configuration runs that code from its creation; one of
 * another configuration (fuel) finds none and starts in the interpreter. */
static void test_cache_serves_auto(void **state)
{
    (void)state;
    char *dir = temp_dir_new("warden-tier-up");
    assert_non_null(dir);
    run r;
    run_open_cached(&r, WARDEN_TIER_AUTO, 0, false, dir);
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_INTERP);
    API_OK(warden_module_compile(r.mod));
    assert_false(warden_module_cached(r.mod));
    run_close(&r);

    run_open_cached(&r, WARDEN_TIER_AUTO, 0, false, dir);
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_LLVM);
    assert_true(warden_module_cached(r.mod));
    assert_true(probe_at(&r, 0) >= probe_at(&r, 100) + 100 * 16); /* compiled code runs */
    assert_int_equal(api_call_i32(r.store, api_func(r.inst, "fib"), 1, 20), 6765);
    API_OK(warden_module_compile(r.mod)); /* nothing to do */
    run_close(&r);

    run_open_cached(&r, WARDEN_TIER_AUTO, 0, true, dir);
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_INTERP);
    assert_false(warden_module_cached(r.mod));
    run_close(&r);
    temp_dir_remove(dir);
}

/* The other tiers do not compile on request: interp never does, llvm has already. */
static void test_other_tiers(void **state)
{
    (void)state;
    run r;
    run_open(&r, WARDEN_TIER_INTERP, 1000, false);
    API_ERROR(warden_module_compile(r.mod), WARDEN_ERROR_ARGUMENT,
              "module: this engine's tier (interp) does not compile on request");
    assert_int_equal(api_call_i32(r.store, api_func(r.inst, "fib"), 1, 20), 6765);
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_INTERP);
    run_close(&r);
    run_open(&r, WARDEN_TIER_LLVM, 1000, false);
    API_OK(warden_module_compile(r.mod));
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_LLVM);
    run_close(&r);
    API_ERROR(warden_module_compile(NULL), WARDEN_ERROR_ARGUMENT, "module: NULL argument");
}

/* A call under way when its module is compiled goes on: the calls after the compile run compiled
 * code, the frames below it return through the interpreter, and the fuel consumed is the
 * interpreter's to the unit. */
static void test_compile_inside_a_call(void **state)
{
    (void)state;
    run a, ref;
    run_open(&a, WARDEN_TIER_AUTO, 0, true);
    run_open(&ref, WARDEN_TIER_INTERP, 0, true);
    warden_val_t arg = api_i32(18), ra, rr;
    ra.kind = rr.kind = WARDEN_I32;
    API_CALL(a.store, api_func(a.inst, "switch"), &arg, 1, &ra, 1);
    API_CALL(ref.store, api_func(ref.inst, "switch"), &arg, 1, &rr, 1);
    assert_int_equal(ra.of.i32, 2 * 2584);
    assert_int_equal(rr.of.i32, 2 * 2584);
    assert_int_equal(a.env.calls, 1);
    assert_int_equal(warden_module_tier(a.mod), WARDEN_TIER_LLVM);
    assert_int_equal(warden_module_tier(ref.mod), WARDEN_TIER_INTERP);
    assert_int_equal(warden_store_fuel_consumed(a.store), warden_store_fuel_consumed(ref.store));
    /* And again, all compiled now. */
    uint64_t before_a = warden_store_fuel_consumed(a.store);
    uint64_t before_ref = warden_store_fuel_consumed(ref.store);
    API_CALL(a.store, api_func(a.inst, "switch"), &arg, 1, &ra, 1);
    API_CALL(ref.store, api_func(ref.inst, "switch"), &arg, 1, &rr, 1);
    assert_int_equal(ra.of.i32, rr.of.i32);
    assert_int_equal(warden_store_fuel_consumed(a.store) - before_a,
                     warden_store_fuel_consumed(ref.store) - before_ref);
    run_close(&a);
    run_close(&ref);
}

/* A trap below the switch: the same kind, message and backtrace as in the interpreter, frames of
 * both tiers included. */
static void test_backtrace_across_tiers(void **state)
{
    (void)state;
    run a, ref;
    run_open(&a, WARDEN_TIER_AUTO, 0, false);
    run_open(&ref, WARDEN_TIER_INTERP, 0, false);
    warden_val_t args[2] = {api_i32(6), api_i32(3)};
    warden_trap_t *ta = API_CALL_TRAP(a.store, api_func(a.inst, "deep"), args, 2, 0);
    warden_trap_t *tr = API_CALL_TRAP(ref.store, api_func(ref.inst, "deep"), args, 2, 0);
    assert_int_equal(warden_module_tier(a.mod), WARDEN_TIER_LLVM);
    const uint32_t idx[7] = {4, 4, 4, 4, 4, 4, 4};
    const char *const names[7] = {"deep", "deep", "deep", "deep", "deep", "deep", "deep"};
    API_TRAP(ta, WARDEN_TRAP_UNREACHABLE, warden_trap_message(tr), 7, idx, names);
    API_TRAP(tr, WARDEN_TRAP_UNREACHABLE, NULL, 7, idx, names);
    warden_trap_delete(ta);
    warden_trap_delete(tr);
    run_close(&a);
    run_close(&ref);
}

/* The call depth runs out at the same depth whether the compile came on the way down or not. */
static void test_depth_across_tiers(void **state)
{
    (void)state;
    run a, ref;
    run_open(&a, WARDEN_TIER_AUTO, 0, false);
    run_open(&ref, WARDEN_TIER_INTERP, 0, false);
    warden_store_limits_t lim;
    warden_store_limits_default(&lim);
    lim.max_call_depth = 5000;
    API_OK(warden_store_set_limits(a.store, &lim));
    API_OK(warden_store_set_limits(ref.store, &lim));
    warden_val_t arg = api_i32(100); /* the compile 101 calls down */
    warden_trap_t *ta = API_CALL_TRAP(a.store, api_func(a.inst, "forever"), &arg, 1, 0);
    warden_trap_t *tr = API_CALL_TRAP(ref.store, api_func(ref.inst, "forever"), &arg, 1, 0);
    assert_int_equal(warden_module_tier(a.mod), WARDEN_TIER_LLVM);
    assert_int_equal(warden_trap_kind(ta), WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(warden_trap_kind(tr), WARDEN_TRAP_STACK_EXHAUSTED);
    API_STREQ(warden_trap_message(ta), warden_trap_message(tr));
    assert_int_equal(warden_trap_frame_count(ta), warden_trap_frame_count(tr));
    assert_int_equal(warden_trap_frames_omitted(ta), warden_trap_frames_omitted(tr));
    warden_trap_delete(ta);
    warden_trap_delete(tr);
    run_close(&a);
    run_close(&ref);
}

/* tier_up_threshold: below it nothing is compiled; past it the module is compiled on a thread of
 * its own, which the calls do not wait for, and which warden_module_compile waits for. */
static void test_tier_up_threshold(void **state)
{
    (void)state;
    run r;
    run_open(&r, WARDEN_TIER_AUTO, 1000, false);
    warden_func_t *fib = api_func(r.inst, "fib");
    assert_int_equal(api_call_i32(r.store, fib, 1, 10), 55); /* 176 calls from fib to fib */
    assert_int_equal(api_call_i32(r.store, fib, 1, 10), 55); /* 352 */
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_INTERP);
    /* Past the count: the compile starts, on its own; the calls go on meanwhile. */
    assert_int_equal(api_call_i32(r.store, fib, 1, 15), 610);
    while (warden_module_tier(r.mod) != WARDEN_TIER_LLVM) sched_yield(); /* no call meanwhile */
    API_OK(warden_module_compile(r.mod));
    assert_int_equal(api_call_i32(r.store, fib, 1, 25), 75025);
    assert_int_equal(r.env.calls, 0);
    run_close(&r);
}

/* Loop iterations count as calls do: a loop that calls nothing starts the compile from inside
 * its one call, and the module's next call runs compiled code. */
static void test_loops_count(void **state)
{
    (void)state;
    run r;
    run_open(&r, WARDEN_TIER_AUTO, 1000, false);
    warden_func_t *spin = api_func(r.inst, "spin");
    assert_int_equal(api_call_i32(r.store, spin, 1, 500), 500); /* 499 back-edges */
    assert_int_equal(warden_module_tier(r.mod), WARDEN_TIER_INTERP);
    assert_int_equal(api_call_i32(r.store, spin, 1, 5000), 5000);        /* past the count inside */
    while (warden_module_tier(r.mod) != WARDEN_TIER_LLVM) sched_yield(); /* no call meanwhile */
    assert_true(probe_at(&r, 0) >= probe_at(&r, 100) + 100 * 16);        /* compiled code runs */
    assert_int_equal(api_call_i32(r.store, spin, 1, 1000000), 1000000);
    run_close(&r);
}

/* churn(n, at, stop): the result, and whether its first and last rounds called host.probe from
 * different C frames (the interpreter calls from one frame whatever the round). */
static uint64_t churn_export(run *r, const char *name, int32_t n, int32_t at, int32_t stop,
                             bool *moved)
{
    warden_val_t args[3] = {api_i32(n), api_i32(at), api_i32(stop)}, res;
    res.kind = WARDEN_I64;
    r->env.probes = 0;
    API_CALL(r->store, api_func(r->inst, name), args, 3, &res, 1);
    assert_int_equal(r->env.probes, 2);
    *moved = r->env.first_probe != r->env.probe;
    return (uint64_t)res.of.i64;
}

static uint64_t churn(run *r, int32_t n, int32_t at, int32_t stop, bool *moved)
{
    return churn_export(r, "churn", n, at, stop, moved);
}

/* On-stack replacement: a loop running in the interpreter when its function's code comes goes on
 * in compiled code within that call, with every local as it was (i32, i64, f32, f64, v128 and
 * nested loops), returns to its interpreted caller, and consumes the interpreter's fuel to the
 * unit. */
static void test_loop_moves_to_compiled_code(void **state)
{
    (void)state;
    run a, ref;
    run_open(&a, WARDEN_TIER_AUTO, 0, true);
    run_open(&ref, WARDEN_TIER_INTERP, 0, true);
    bool moved_a, moved_ref;
    /* The compile in round 10; the hook looks for the code within 2^16 iterations. */
    uint64_t ra = churn(&a, 100000, 10, 100000, &moved_a);
    uint64_t rr = churn(&ref, 100000, 10, 100000, &moved_ref);
    assert_int_equal(warden_module_tier(a.mod), WARDEN_TIER_LLVM);
    assert_true(moved_a);
    assert_false(moved_ref);
    assert_int_equal(ra, rr);
    assert_int_equal(warden_store_fuel_consumed(a.store), warden_store_fuel_consumed(ref.store));
    /* Compiled from its start now: one frame for both probes. */
    assert_int_equal(churn(&a, 1000, 2000, 2000, &moved_a),
                     churn(&ref, 1000, 2000, 2000, &moved_ref));
    assert_false(moved_a);
    assert_int_equal(warden_store_fuel_consumed(a.store), warden_store_fuel_consumed(ref.store));
    run_close(&a);
    run_close(&ref);
    /* The function called from the host moves too, and returns to it. */
    run_open(&a, WARDEN_TIER_AUTO, 0, true);
    run_open(&ref, WARDEN_TIER_INTERP, 0, true);
    ra = churn_export(&a, "churn_direct", 100000, 10, 100000, &moved_a);
    rr = churn_export(&ref, "churn_direct", 100000, 10, 100000, &moved_ref);
    assert_true(moved_a);
    assert_int_equal(ra, rr);
    assert_int_equal(warden_store_fuel_consumed(a.store), warden_store_fuel_consumed(ref.store));
    assert_int_equal(ra + 7, churn(&ref, 100000, 10, 100000, &moved_ref));
    run_close(&a);
    run_close(&ref);
}

/* A trap in the loop after it moved: the interpreter's kind, message and backtrace. */
static void test_loop_trap_after_moving(void **state)
{
    (void)state;
    run a, ref;
    run_open(&a, WARDEN_TIER_AUTO, 0, false);
    run_open(&ref, WARDEN_TIER_INTERP, 0, false);
    /* The trap in the last round, after its probe. */
    warden_val_t args[3] = {api_i32(100000), api_i32(0), api_i32(99999)};
    a.env.probes = 0;
    warden_trap_t *ta = API_CALL_TRAP(a.store, api_func(a.inst, "churn"), args, 3, 1);
    warden_trap_t *tr = API_CALL_TRAP(ref.store, api_func(ref.inst, "churn"), args, 3, 1);
    assert_int_equal(a.env.probes, 2);
    assert_true(a.env.first_probe != a.env.probe); /* it moved */
    const uint32_t idx[2] = {7, 8};
    const char *const names[2] = {"churn", "churn_in"};
    API_TRAP(ta, WARDEN_TRAP_UNREACHABLE, warden_trap_message(tr), 2, idx, names);
    API_TRAP(tr, WARDEN_TRAP_UNREACHABLE, NULL, 2, idx, names);
    warden_trap_delete(ta);
    warden_trap_delete(tr);
    run_close(&a);
    run_close(&ref);
}

/* A loop that moved pauses and goes on as the interpreter's would: time slices of fuel end at the
 * same check sites, so the call yields as often, and ends with the same result and fuel. */
static void test_loop_pauses_after_moving(void **state)
{
    (void)state;
    run r[2];
    uint64_t result[2];
    int yields[2];
    run_open(&r[0], WARDEN_TIER_AUTO, 0, true);
    run_open(&r[1], WARDEN_TIER_INTERP, 0, true);
    for (int i = 0; i < 2; i++) {
        warden_store_set_slice_fuel(r[i].store, 100000);
        warden_val_t args[3] = {api_i32(100000), api_i32(10), api_i32(100000)}, res;
        warden_call_t *call = NULL;
        API_OK(warden_call_new(r[i].store, api_func(r[i].inst, "churn"), args, 3, &call));
        yields[i] = 0;
        warden_call_status_t st;
        while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED) yields[i]++;
        assert_int_equal(st, WARDEN_CALL_DONE);
        res.kind = WARDEN_I64;
        API_OK(warden_call_results(call, &res, 1));
        result[i] = (uint64_t)res.of.i64;
        warden_call_delete(call);
    }
    assert_true(r[0].env.first_probe != r[0].env.probe); /* it moved */
    assert_true(yields[1] > 10);
    assert_int_equal(yields[0], yields[1]);
    assert_int_equal(result[0], result[1]);
    assert_int_equal(warden_store_fuel_consumed(r[0].store),
                     warden_store_fuel_consumed(r[1].store));
    run_close(&r[0]);
    run_close(&r[1]);
}

/* Deleting a module while its compile runs stops it and frees everything (the sanitizers watch). */
static void test_delete_while_compiling(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        run r;
        run_open(&r, WARDEN_TIER_AUTO, 1 + (uint64_t)i * 7, false);
        assert_int_equal(api_call_i32(r.store, api_func(r.inst, "fib"), 1, 10), 55);
        run_close(&r);
    }
}

/* Stores on several threads run one module while it is compiled under them: every call's result
 * is right, before, during and after. */
typedef struct worker {
    warden_engine_t *engine;
    warden_module_t *mod;
    int wrong;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    if (warden_store_new(w->engine, &store) || warden_linker_new(w->engine, &linker)) {
        w->wrong++;
        return NULL;
    }
    compile_env env = {.mod = w->mod, .compile = false};
    warden_functype_t *ft = NULL;
    warden_func_t *f = NULL, *p = NULL;
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_extern_t item = {.kind = WARDEN_EXTERN_FUNC};
    if (warden_functype_new(NULL, 0, NULL, 0, &ft) ||
        warden_func_new(store, ft, host_compile, &env, NULL, &f) ||
        warden_func_new(store, ft, host_probe, &env, NULL, &p) ||
        (item.of.func = f, warden_linker_define(linker, "host", 4, "compile", 7, item)) ||
        (item.of.func = p, warden_linker_define(linker, "host", 4, "probe", 5, item)) ||
        warden_linker_instantiate(linker, store, w->mod, &inst, &trap) || trap) {
        w->wrong++;
    } else {
        warden_func_t *fib = NULL;
        warden_extern_t ex;
        if (!warden_instance_export(inst, "fib", 3, &ex) || ex.kind != WARDEN_EXTERN_FUNC) {
            w->wrong++;
        } else {
            fib = ex.of.func;
            for (int i = 0; i < 40; i++) {
                warden_val_t a = {.kind = WARDEN_I32, .of.i32 = 16}, res = {.kind = WARDEN_I32};
                warden_trap_t *t = NULL;
                warden_error_t *e = warden_func_call(store, fib, &a, 1, &res, 1, &t);
                if (e || t || res.of.i32 != 987) w->wrong++;
                warden_error_delete(e);
                warden_trap_delete(t);
            }
        }
    }
    warden_functype_delete(ft);
    warden_linker_delete(linker);
    warden_store_delete(store);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    warden_config_t c;
    warden_config_default(&c);
    c.tier = WARDEN_TIER_AUTO;
    c.tier_up_threshold = 20000;
    warden_engine_t *engine = NULL;
    API_OK(warden_engine_new_with_config(&c, &engine));
    warden_module_t *mod = api_module(engine, "tier_up");
    enum { N = 3 };
    worker w[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        w[i] = (worker){.engine = engine, .mod = mod};
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].wrong, 0);
    }
    API_OK(warden_module_compile(mod));
    assert_int_equal(warden_module_tier(mod), WARDEN_TIER_LLVM);
    warden_module_delete(mod);
    warden_engine_delete(engine);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    if (!warden_tier_supported(WARDEN_TIER_LLVM)) return 0; /* nothing to move to */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compile_on_request),
        cmocka_unit_test(test_compiled_code_runs),
        cmocka_unit_test(test_cache_serves_auto),
        cmocka_unit_test(test_other_tiers),
        cmocka_unit_test(test_compile_inside_a_call),
        cmocka_unit_test(test_backtrace_across_tiers),
        cmocka_unit_test(test_depth_across_tiers),
        cmocka_unit_test(test_tier_up_threshold),
        cmocka_unit_test(test_loops_count),
        cmocka_unit_test(test_loop_moves_to_compiled_code),
        cmocka_unit_test(test_loop_trap_after_moving),
        cmocka_unit_test(test_loop_pauses_after_moving),
        cmocka_unit_test(test_delete_while_compiling),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
