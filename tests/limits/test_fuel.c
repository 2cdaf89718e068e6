/* Fuel: exact costs of small functions computed by hand from the cost table, out-of-fuel at
 * exactly the boundary, the fuel API (set, add, read before and after calls), custom costs, and
 * the same consumption on every run. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

typedef struct fuel_fixture {
    lt_env *env;
    warden_instance_t *inst;
    int host_calls;
} fuel_fixture;

static warden_trap_t *host_nop(void *env, warden_caller_t *caller, const warden_val_t *args,
                               size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    (void)results;
    (void)nresults;
    ((fuel_fixture *)env)->host_calls++;
    return NULL;
}

static fuel_fixture *fixture_new(const warden_config_t *config)
{
    fuel_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = lt_env_new(config);
    lt_define_host(fx->env, "host", "nop", 1, 0, host_nop, fx);
    fx->inst = lt_instantiate(fx->env, "fuel");
    return fx;
}

static void fixture_delete(fuel_fixture *fx)
{
    lt_env_delete(fx->env);
    free(fx);
}

static uint64_t consumed(const fuel_fixture *fx)
{
    return warden_store_fuel_consumed(fx->env->store);
}

static uint64_t fuel_left(const fuel_fixture *fx)
{
    uint64_t left = 0;
    assert_true(warden_store_get_fuel(fx->env->store, &left));
    return left;
}

/* fib(n) as fuel.wat computes it: 5 for n < 2, else 13 plus both recursive calls. */
static uint64_t fib_cost(int32_t n)
{
    return n < 2 ? 5 : 13 + fib_cost(n - 1) + fib_cost(n - 2);
}

typedef struct fuel_case {
    const char *func;
    size_t nargs;
    int32_t args[2];
    uint32_t nresults;
    uint64_t cost;
} fuel_case;

/* Filled by cases_init() (fib's costs are computed). */
static fuel_case k_cases[48];
static size_t k_ncases;

static void add_case(const char *func, size_t nargs, int32_t a, int32_t b, uint32_t nresults,
                     uint64_t cost)
{
    assert_true(k_ncases < sizeof k_cases / sizeof *k_cases);
    k_cases[k_ncases++] = (fuel_case){func, nargs, {a, b}, nresults, cost};
}

static void cases_init(void)
{
    if (k_ncases) return;
    add_case("straight", 2, 4, 5, 1, 5);
    add_case("empty", 0, 0, 0, 0, 0);
    add_case("free_control", 0, 0, 0, 1, 2);
    add_case("loop_n", 1, 1, 0, 1, 9 * 1 + 1);
    add_case("loop_n", 1, 10, 0, 1, 9 * 10 + 1);
    add_case("loop_n", 1, 1000, 0, 1, 9 * 1000 + 1);
    add_case("call_straight", 0, 0, 0, 1, 10);
    add_case("call_indirect", 0, 0, 0, 1, 9);
    add_case("br_if", 1, 1, 0, 1, 3);
    add_case("br_if", 1, 0, 0, 1, 6);
    add_case("if_else", 1, 1, 0, 1, 3);
    add_case("if_else", 1, 0, 0, 1, 5);
    add_case("fib", 1, 0, 0, 1, fib_cost(0));
    add_case("fib", 1, 1, 0, 1, fib_cost(1));
    add_case("fib", 1, 2, 0, 1, fib_cost(2));
    add_case("fib", 1, 10, 0, 1, fib_cost(10));
    add_case("fib", 1, 20, 0, 1, fib_cost(20));
    add_case("fill", 1, 0, 0, 0, 4);
    add_case("fill", 1, 64, 0, 0, 4 + 1);
    add_case("fill", 1, 6400, 0, 0, 4 + 100);
    add_case("fill", 1, 65536, 0, 0, 4 + 1024);
    add_case("copy", 1, 6400, 0, 0, 4 + 100);
    add_case("copy", 1, 65536, 0, 0, 4 + 1024);
    add_case("table_fill", 1, 0, 0, 0, 4);
    add_case("table_fill", 1, 128, 0, 0, 4 + 2);
    add_case("init", 1, 0, 0, 0, 4);
    add_case("init", 1, 128, 0, 0, 4 + 2);
    add_case("table_copy", 1, 128, 0, 0, 4 + 2);
    add_case("br_table", 1, 0, 0, 1, 3);
    add_case("br_table", 1, 1, 0, 1, 3);
    add_case("br_table", 1, 7, 0, 1, 3);
    add_case("call_host", 0, 0, 0, 0, 2);
}

static warden_trap_t *run_case(fuel_fixture *fx, const fuel_case *c, int32_t *result)
{
    warden_func_t *f = lt_func(fx->inst, c->func);
    if (c->nargs == 0) return lt_call(fx->env->store, f, result, c->nresults, 0);
    if (c->nargs == 1) return lt_call(fx->env->store, f, result, c->nresults, 1, c->args[0]);
    return lt_call(fx->env->store, f, result, c->nresults, 2, c->args[0], c->args[1]);
}

static void print_case(const fuel_case *c)
{
    print_error("case %s(%d, %d), expected cost %llu\n", c->func, c->args[0], c->args[1],
                (unsigned long long)c->cost);
}

/* Every case consumes exactly its hand-computed cost. */
static void test_exact_costs(void **state)
{
    (void)state;
    cases_init();
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    const uint64_t budget = 1000000000;
    for (size_t i = 0; i < k_ncases; i++) {
        const fuel_case *c = &k_cases[i];
        LT_OK(warden_store_set_fuel(fx->env->store, budget));
        assert_int_equal(consumed(fx), 0);
        int32_t r = 0;
        warden_trap_t *trap = run_case(fx, c, &r);
        if (trap || consumed(fx) != c->cost) {
            print_case(c);
            print_error("consumed %llu\n", (unsigned long long)consumed(fx));
        }
        LT_NO_TRAP(trap);
        assert_int_equal(consumed(fx), c->cost);
        assert_int_equal(fuel_left(fx), budget - c->cost);
    }
    fixture_delete(fx);
}

/* The functions also compute the right thing under metering. */
static void test_results_under_metering(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    warden_store_t *s = fx->env->store;
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "straight"), 2, 4, 5), 27);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "loop_n"), 1, 10), 55);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "call_straight"), 0), 22);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "call_indirect"), 0), 21);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_if"), 1, 1), 10);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_if"), 1, 0), 21);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "if_else"), 1, 1), 1);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "if_else"), 1, 0), 5);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "fib"), 1, 10), 55);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "free_control"), 0), 1);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_table"), 1, 0), 10);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_table"), 1, 1), 11);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_table"), 1, 2), 12);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_table"), 1, 99), 12);
    lt_call_void(s, lt_func(fx->inst, "fill"), 1, 100);
    uint8_t *mem = warden_memory_data(lt_memory(fx->inst, "memory"));
    assert_int_equal(mem[0], 0xAB);
    assert_int_equal(mem[99], 0xAB);
    assert_int_equal(mem[100], 0);
    lt_call_void(s, lt_func(fx->inst, "call_host"), 0);
    assert_int_equal(fx->host_calls, 1);
    fixture_delete(fx);
}

/* A budget of exactly the cost is enough and leaves 0; one less traps out-of-fuel, and the
 * consumption reported is the whole budget. */
static void test_boundary(void **state)
{
    (void)state;
    cases_init();
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    for (size_t i = 0; i < k_ncases; i++) {
        const fuel_case *c = &k_cases[i];
        LT_OK(warden_store_set_fuel(fx->env->store, c->cost));
        int32_t r = 0;
        warden_trap_t *trap = run_case(fx, c, &r);
        if (trap) print_case(c);
        LT_NO_TRAP(trap);
        assert_int_equal(fuel_left(fx), 0);
        assert_int_equal(consumed(fx), c->cost);
        if (c->cost == 0) continue;

        LT_OK(warden_store_set_fuel(fx->env->store, c->cost - 1));
        trap = run_case(fx, c, &r);
        if (!trap || warden_trap_kind(trap) != WARDEN_TRAP_OUT_OF_FUEL) print_case(c);
        LT_TRAP(trap, WARDEN_TRAP_OUT_OF_FUEL);
        assert_int_equal(fuel_left(fx), 0);
        assert_int_equal(consumed(fx), c->cost - 1);
    }
    fixture_delete(fx);
}

/* unreachable (like drop) costs nothing: the call that reaches it traps unreachable having
 * consumed only the i32.const before it. */
static void test_unreachable_costs_nothing(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    warden_func_t *f = lt_func(fx->inst, "unreachable");
    LT_OK(warden_store_set_fuel(fx->env->store, 10));
    LT_TRAP(lt_call(fx->env->store, f, NULL, 0, 0), WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(consumed(fx), 1);
    assert_int_equal(fuel_left(fx), 9);
    LT_OK(warden_store_set_fuel(fx->env->store, 1));
    LT_TRAP(lt_call(fx->env->store, f, NULL, 0, 0), WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(consumed(fx), 1);
    fixture_delete(fx);
}

/* Custom costs: default 2, control 1, bulk unit 32; and a bulk unit of 0 (no per-unit charge). */
static void test_custom_costs(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    config.fuel.default_cost = 2;
    config.fuel.control_cost = 1;
    config.fuel.bulk_unit = 32;
    fuel_fixture *fx = fixture_new(&config);
    warden_store_t *s = fx->env->store;

    /* 5 instructions at 2, the function's end at 1. */
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "straight"), 2, 1, 2), 9);
    assert_int_equal(consumed(fx), 5 * 2 + 1);

    /* nop block nop end loop nop end (7 at 1), i32.const x2 (2 each), drop and return (1 each);
     * the function's end follows `return` and is never reached. */
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "free_control"), 0), 1);
    assert_int_equal(consumed(fx), 7 + 2 * 2 + 1 + 1);

    /* i32.const x2, call, straight (11), i32.const, i32.add, end. */
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "call_straight"), 0), 22);
    assert_int_equal(consumed(fx), 2 * 5 + 11 + 1);

    /* block; i32.const, local.get, br_if; taken: the function's end; not taken: drop, i32.const
     * x2, i32.add, the block's end and the function's end. */
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_if"), 1, 1), 10);
    assert_int_equal(consumed(fx), 1 + 3 * 2 + 1);
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_if"), 1, 0), 21);
    assert_int_equal(consumed(fx), 1 + 3 * 2 + 1 + 3 * 2 + 1 + 1);

    /* local.get, if; then: i32.const and one control instruction closing the arm; else:
     * i32.const x2, i32.add and one; then the function's end. */
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "if_else"), 1, 1), 1);
    assert_int_equal(consumed(fx), 2 * 2 + 2 + 1 + 1);
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "if_else"), 1, 0), 5);
    assert_int_equal(consumed(fx), 2 * 2 + 3 * 2 + 1 + 1);

    /* loop (1); 9 instructions at 2 per iteration; the loop's end (1), local.get (2), the
     * function's end (1). */
    LT_OK(warden_store_set_fuel(s, 1000000));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "loop_n"), 1, 10), 55);
    assert_int_equal(consumed(fx), 1 + 18 * 10 + 1 + 2 + 1);

    /* 4 instructions at 2, the end at 1, 6400 / 32 units. */
    LT_OK(warden_store_set_fuel(s, 1000000));
    lt_call_void(s, lt_func(fx->inst, "fill"), 1, 6400);
    assert_int_equal(consumed(fx), 4 * 2 + 1 + 200);

    /* Exactly enough, then one short. */
    LT_OK(warden_store_set_fuel(s, 209));
    lt_call_void(s, lt_func(fx->inst, "fill"), 1, 6400);
    LT_OK(warden_store_set_fuel(s, 208));
    LT_TRAP(lt_call(s, lt_func(fx->inst, "fill"), NULL, 0, 1, 6400), WARDEN_TRAP_OUT_OF_FUEL);
    fixture_delete(fx);

    config = lt_fuel_config();
    config.fuel.bulk_unit = 0;
    fx = fixture_new(&config);
    s = fx->env->store;
    LT_OK(warden_store_set_fuel(s, 1000000));
    lt_call_void(s, lt_func(fx->inst, "fill"), 1, 65536);
    assert_int_equal(consumed(fx), 4);
    LT_OK(warden_store_set_fuel(s, 1000000));
    lt_call_void(s, lt_func(fx->inst, "table_fill"), 1, 256);
    assert_int_equal(consumed(fx), 4);
    fixture_delete(fx);
}

/* Setting, adding and reading fuel before and after calls. */
static void test_fuel_api(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    warden_store_t *s = fx->env->store;
    warden_func_t *straight = lt_func(fx->inst, "straight");

    /* A store starts with no fuel: a call that costs anything traps, one that costs nothing
     * runs. */
    assert_int_equal(fuel_left(fx), 0);
    assert_int_equal(consumed(fx), 0);
    lt_call_void(s, lt_func(fx->inst, "empty"), 0);
    LT_TRAP(lt_call(s, straight, NULL, 1, 2, 1, 2), WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(consumed(fx), 0);
    assert_int_equal(fuel_left(fx), 0);

    LT_OK(warden_store_set_fuel(s, 100));
    assert_int_equal(fuel_left(fx), 100);
    assert_int_equal(consumed(fx), 0);
    assert_int_equal(lt_call_i32(s, straight, 2, 1, 2), 9);
    assert_int_equal(fuel_left(fx), 95);
    assert_int_equal(consumed(fx), 5);

    LT_OK(warden_store_add_fuel(s, 10));
    assert_int_equal(fuel_left(fx), 105);
    assert_int_equal(consumed(fx), 5);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "loop_n"), 1, 10), 55);
    assert_int_equal(fuel_left(fx), 14);
    assert_int_equal(consumed(fx), 96);

    /* set_fuel starts the count again. */
    LT_OK(warden_store_set_fuel(s, 50));
    assert_int_equal(fuel_left(fx), 50);
    assert_int_equal(consumed(fx), 0);

    /* Out of fuel: the whole budget is reported consumed; adding fuel makes the instance
     * usable again. */
    LT_OK(warden_store_set_fuel(s, 7));
    LT_TRAP(lt_call(s, lt_func(fx->inst, "loop_n"), NULL, 1, 1, 10), WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(fuel_left(fx), 0);
    assert_int_equal(consumed(fx), 7);
    LT_OK(warden_store_add_fuel(s, 5));
    assert_int_equal(fuel_left(fx), 5);
    assert_int_equal(lt_call_i32(s, straight, 2, 1, 2), 9);
    assert_int_equal(fuel_left(fx), 0);
    assert_int_equal(consumed(fx), 12);
    fixture_delete(fx);
}

/* After an out-of-fuel trap the store has 0 fuel left, exactly like a new store: a call that
 * costs nothing runs, a call that costs anything traps, and set_fuel or add_fuel of exactly the
 * cost is enough. */
static void test_after_out_of_fuel(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    warden_store_t *s = fx->env->store;
    warden_func_t *straight = lt_func(fx->inst, "straight");
    warden_func_t *empty = lt_func(fx->inst, "empty");

    LT_OK(warden_store_set_fuel(s, 3));
    LT_TRAP(lt_call(s, straight, NULL, 1, 2, 1, 2), WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(fuel_left(fx), 0);
    assert_int_equal(consumed(fx), 3);
    lt_call_void(s, empty, 0);
    assert_int_equal(consumed(fx), 3);
    LT_TRAP(lt_call(s, straight, NULL, 1, 2, 1, 2), WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(consumed(fx), 3);

    LT_OK(warden_store_add_fuel(s, 5));
    assert_int_equal(lt_call_i32(s, straight, 2, 1, 2), 9);
    assert_int_equal(consumed(fx), 8);
    LT_OK(warden_store_set_fuel(s, 0));
    lt_call_void(s, empty, 0);
    fixture_delete(fx);
}

/* Without metering: no fuel to read or set, and calls are not limited. */
static void test_no_metering(void **state)
{
    (void)state;
    fuel_fixture *fx = fixture_new(NULL);
    warden_store_t *s = fx->env->store;
    uint64_t left = 12345;
    assert_false(warden_store_get_fuel(s, &left));
    warden_error_t *err = warden_store_set_fuel(s, 10);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(err);
    err = warden_store_add_fuel(s, 10);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(err);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "loop_n"), 1, 100000), 705082704);
    assert_int_equal(warden_store_fuel_consumed(s), 0);
    fixture_delete(fx);
}

/* An infinite loop stops at its back-edge check with exactly the budget consumed. */
static void test_out_of_fuel_loop(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    LT_OK(warden_store_set_fuel(fx->env->store, 100000));
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "spin"), NULL, 0, 0),
            WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(consumed(fx), 100000);
    assert_int_equal(fuel_left(fx), 0);
    fixture_delete(fx);
}

/* Recursion without a loop stops at a function-entry check, long before the call-depth limit. */
static void test_out_of_fuel_recursion(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    fuel_fixture *fx = fixture_new(&config);
    LT_OK(warden_store_set_fuel(fx->env->store, 5000));
    LT_TRAP(lt_call(fx->env->store, lt_func(fx->inst, "recurse"), NULL, 0, 0),
            WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(consumed(fx), 5000);
    assert_int_equal(fuel_left(fx), 0);
    fixture_delete(fx);
}

/* A fixed workload: fib, a loop, bulk memory and table operations, calls of every kind. */
static uint64_t run_workload(fuel_fixture *fx)
{
    warden_store_t *s = fx->env->store;
    LT_OK(warden_store_set_fuel(s, (uint64_t)1 << 40));
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "fib"), 1, 15), 610);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "loop_n"), 1, 500), 125250);
    lt_call_void(s, lt_func(fx->inst, "fill"), 1, 65536);
    lt_call_void(s, lt_func(fx->inst, "copy"), 1, 65536);
    lt_call_void(s, lt_func(fx->inst, "table_fill"), 1, 192);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "call_straight"), 0), 22);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "call_indirect"), 0), 21);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "br_if"), 1, 0), 21);
    assert_int_equal(lt_call_i32(s, lt_func(fx->inst, "if_else"), 1, 1), 1);
    lt_call_void(s, lt_func(fx->inst, "call_host"), 0);
    return consumed(fx);
}

/* The same module with the same input consumes the same fuel: across runs in one store, across
 * stores and across engines. */
static void test_deterministic(void **state)
{
    (void)state;
    const uint64_t expected =
        fib_cost(15) + (9 * 500 + 1) + (4 + 1024) + (4 + 1024) + (4 + 3) + 10 + 9 + 6 + 3 + 2;
    warden_config_t config = lt_fuel_config();
    for (int engine = 0; engine < 3; engine++) {
        fuel_fixture *fx = fixture_new(&config);
        for (int run = 0; run < 3; run++) assert_int_equal(run_workload(fx), expected);
        fixture_delete(fx);
    }
}

/* A start function is metered like any call: exactly enough fuel instantiates, one less traps
 * out-of-fuel and leaves no instance. */
static void test_start_function(void **state)
{
    (void)state;
    warden_config_t config = lt_fuel_config();
    lt_env *env = lt_env_new(&config);
    LT_OK(warden_store_set_fuel(env->store, 4));
    warden_instance_t *inst = lt_instantiate(env, "fuel_start");
    assert_int_equal(lt_global_i32(inst, "g"), 42);
    assert_int_equal(warden_store_fuel_consumed(env->store), 4);

    LT_OK(warden_store_set_fuel(env->store, 3));
    warden_trap_t *trap = NULL;
    inst = NULL;
    LT_OK(lt_try_instantiate(env, "fuel_start", &inst, &trap));
    assert_null(inst);
    LT_TRAP(trap, WARDEN_TRAP_OUT_OF_FUEL);
    assert_int_equal(warden_store_fuel_consumed(env->store), 3);
    lt_env_delete(env);
}

int main(int argc, char **argv)
{
    lt_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_costs),       cmocka_unit_test(test_results_under_metering),
        cmocka_unit_test(test_boundary),          cmocka_unit_test(test_unreachable_costs_nothing),
        cmocka_unit_test(test_custom_costs),      cmocka_unit_test(test_fuel_api),
        cmocka_unit_test(test_after_out_of_fuel), cmocka_unit_test(test_no_metering),
        cmocka_unit_test(test_out_of_fuel_loop),  cmocka_unit_test(test_out_of_fuel_recursion),
        cmocka_unit_test(test_deterministic),     cmocka_unit_test(test_start_function),
    };
    return cmocka_run_group_tests_name("limits/fuel", tests, NULL, NULL);
}
