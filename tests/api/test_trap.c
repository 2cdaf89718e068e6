/* Traps raised by guest code: every kind plain WebAssembly can raise, with its kind, name, message
 * and backtrace (function indices and names from the name section), and the instance and store
 * working normally afterwards. */
#include "support.h"

#include <stdio.h>
#include <string.h>

static int setup(void **state)
{
    return api_instance_setup(state, "traps");
}

/* Function indices in traps.wat. */
enum {
    F_DO_UNREACHABLE = 2,
    F_LOAD = 3,
    F_MIDDLE = 4,
    F_OUTER = 5,
    F_FILL = 6,
    F_TABLE_GET = 7,
    F_INDIRECT = 8,
    F_DIV_S = 9,
    F_REM_U = 10,
    F_TRUNC = 11,
    F_TRUNC64 = 12,
    F_RECURSE = 13,
    F_PING = 14,
    F_PONG = 15,
    F_PING_PONG = 16,
};

/* Calls export `name` expecting a trap of `kind` raised in one frame: function `index` called
 * `fname`. */
static void expect_trap1(api_instance_fixture *fx, const char *name, const warden_val_t *args,
                         size_t nargs, size_t nresults, warden_trap_kind_t kind,
                         const char *message, uint32_t index, const char *fname)
{
    warden_trap_t *trap =
        API_CALL_TRAP(fx->env->store, api_func(fx->inst, name), args, nargs, nresults);
    const uint32_t idx[1] = {index};
    const char *const names[1] = {fname};
    API_TRAP(trap, kind, message, 1, idx, names);
    warden_trap_delete(trap);
}

static void test_kind_names(void **state)
{
    (void)state;
    static const struct {
        warden_trap_kind_t kind;
        const char *name;
    } kinds[] = {
        {WARDEN_TRAP_UNREACHABLE, "unreachable"},
        {WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS, "memory-out-of-bounds"},
        {WARDEN_TRAP_TABLE_OUT_OF_BOUNDS, "table-out-of-bounds"},
        {WARDEN_TRAP_UNDEFINED_ELEMENT, "undefined-element"},
        {WARDEN_TRAP_UNINITIALIZED_ELEMENT, "uninitialized-element"},
        {WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH, "indirect-call-type-mismatch"},
        {WARDEN_TRAP_INTEGER_OVERFLOW, "integer-overflow"},
        {WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO, "integer-divide-by-zero"},
        {WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER, "invalid-conversion-to-integer"},
        {WARDEN_TRAP_STACK_EXHAUSTED, "stack-exhausted"},
        {WARDEN_TRAP_OUT_OF_FUEL, "out-of-fuel"},
        {WARDEN_TRAP_DEADLINE, "deadline"},
        {WARDEN_TRAP_INTERRUPTED, "interrupted"},
        {WARDEN_TRAP_HOST, "host"},
        {WARDEN_TRAP_RESOURCE_LIMIT, "resource-limit"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        API_STREQ(warden_trap_kind_name(kinds[i].kind), kinds[i].name);
    API_STREQ(warden_trap_kind_name((warden_trap_kind_t)0), "unknown");
    API_STREQ(warden_trap_kind_name((warden_trap_kind_t)1000), "unknown");
    API_STREQ(warden_trap_kind_name((warden_trap_kind_t)-1), "unknown");
}

static void test_unreachable(void **state)
{
    api_instance_fixture *fx = *state;
    expect_trap1(fx, "unreachable", NULL, 0, 0, WARDEN_TRAP_UNREACHABLE, "unreachable executed",
                 F_DO_UNREACHABLE, "do_unreachable");
}

static void test_memory_out_of_bounds(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    static const uint32_t idx[] = {F_LOAD, F_MIDDLE, F_OUTER};
    static const char *const names[] = {"load", "middle", "outer"};
    /* The last full i32 of the page is readable; one byte further is not. */
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "load_via"), 1, 65532), 0);
    static const int32_t bad[] = {65533, 65536, -1, INT32_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        warden_trap_t *trap = API_CALL_TRAP(s, api_func(fx->inst, "load_via"),
                                            (warden_val_t[]){api_i32(bad[i])}, 1, 1);
        API_TRAP(trap, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS, "out of bounds memory access", 3, idx,
                 names);
        warden_trap_delete(trap);
    }

    /* Bulk memory: filling up to the end is fine, one byte more traps and writes nothing. */
    warden_val_t args[2] = {api_i32(65500), api_i32(36)};
    API_CALL(s, api_func(fx->inst, "fill"), args, 2, NULL, 0);
    args[0] = api_i32(65400);
    args[1] = api_i32(137);
    expect_trap1(fx, "fill", args, 2, 0, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS,
                 "out of bounds memory access", F_FILL, "fill");
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "load_via"), 1, 65400), 0);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "load_via"), 1, 65532),
                     (int32_t)0xAAAAAAAA);
}

static void test_table_out_of_bounds(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "table_get"), 1, 0), 0);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "table_get"), 1, 3), 1);
    expect_trap1(fx, "table_get", (warden_val_t[]){api_i32(4)}, 1, 1,
                 WARDEN_TRAP_TABLE_OUT_OF_BOUNDS, "out of bounds table access", F_TABLE_GET,
                 "table_get");
    expect_trap1(fx, "table_get", (warden_val_t[]){api_i32(-1)}, 1, 1,
                 WARDEN_TRAP_TABLE_OUT_OF_BOUNDS, "out of bounds table access", F_TABLE_GET,
                 "table_get");
}

static void test_call_indirect(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "call_indirect"), 1, 0), 42);
    expect_trap1(fx, "call_indirect", (warden_val_t[]){api_i32(1)}, 1, 1,
                 WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH, "indirect call type mismatch", F_INDIRECT,
                 "indirect");
    expect_trap1(fx, "call_indirect", (warden_val_t[]){api_i32(2)}, 1, 1,
                 WARDEN_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element", F_INDIRECT,
                 "indirect");
    expect_trap1(fx, "call_indirect", (warden_val_t[]){api_i32(4)}, 1, 1,
                 WARDEN_TRAP_UNDEFINED_ELEMENT, "undefined element", F_INDIRECT, "indirect");
    expect_trap1(fx, "call_indirect", (warden_val_t[]){api_i32(-1)}, 1, 1,
                 WARDEN_TRAP_UNDEFINED_ELEMENT, "undefined element", F_INDIRECT, "indirect");
}

static void test_integer_traps(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "div_s"), 2, 7, -2), -3);
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "div_s"), 2, INT32_MIN, 1), INT32_MIN);
    warden_val_t args[2] = {api_i32(INT32_MIN), api_i32(-1)};
    expect_trap1(fx, "div_s", args, 2, 1, WARDEN_TRAP_INTEGER_OVERFLOW, "integer overflow", F_DIV_S,
                 "div_s");
    args[0] = api_i32(1);
    args[1] = api_i32(0);
    expect_trap1(fx, "div_s", args, 2, 1, WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO,
                 "integer divide by zero", F_DIV_S, "div_s");
    args[0] = api_i64(-1);
    args[1] = api_i64(0);
    expect_trap1(fx, "rem_u", args, 2, 1, WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO,
                 "integer divide by zero", F_REM_U, "rem_u");
    warden_val_t r;
    args[1] = api_i64(10);
    API_CALL(s, api_func(fx->inst, "rem_u"), args, 2, &r, 1);
    assert_int_equal(r.of.i64, 5); /* 2^64 - 1 = 18446744073709551615 */
}

static void test_conversion_traps(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_val_t r;
    warden_val_t arg = api_f32_bits(0xC0200000); /* -2.5 */
    API_CALL(s, api_func(fx->inst, "trunc"), &arg, 1, &r, 1);
    assert_int_equal(r.of.i32, -2);

    arg = api_f32_bits(0x7FC00000); /* NaN */
    expect_trap1(fx, "trunc", &arg, 1, 1, WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER,
                 "invalid conversion to integer", F_TRUNC, "trunc");
    arg = api_f32_bits(0x4F32D05E); /* 3e9 */
    expect_trap1(fx, "trunc", &arg, 1, 1, WARDEN_TRAP_INTEGER_OVERFLOW, "integer overflow", F_TRUNC,
                 "trunc");
    arg = api_f32_bits(0xFF800000); /* -inf */
    expect_trap1(fx, "trunc", &arg, 1, 1, WARDEN_TRAP_INTEGER_OVERFLOW, "integer overflow", F_TRUNC,
                 "trunc");

    arg = api_f64_bits(0xBFF0000000000000); /* -1 */
    expect_trap1(fx, "trunc64", &arg, 1, 1, WARDEN_TRAP_INTEGER_OVERFLOW, "integer overflow",
                 F_TRUNC64, "trunc64");
    arg = api_f64_bits(0xFFF8000000000001); /* a negative NaN */
    expect_trap1(fx, "trunc64", &arg, 1, 1, WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER,
                 "invalid conversion to integer", F_TRUNC64, "trunc64");
    arg = api_f64_bits(0xBFEFFFFFFFFFFFFF); /* -0.99999... truncates to 0 */
    API_CALL(s, api_func(fx->inst, "trunc64"), &arg, 1, &r, 1);
    assert_int_equal(r.of.i64, 0);
}

static size_t expect_recursion_trap_min(api_instance_fixture *fx, size_t min_frames)
{
    warden_trap_t *trap = API_CALL_TRAP(fx->env->store, api_func(fx->inst, "recurse"),
                                        (warden_val_t[]){api_i32(0)}, 1, 1);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_STACK_EXHAUSTED);
    API_STREQ(warden_trap_message(trap), "call stack exhausted");
    /* A deep stack keeps its innermost and outermost frames and counts the rest. */
    size_t n = warden_trap_frame_count(trap), omitted = warden_trap_frames_omitted(trap);
    size_t depth = n + omitted;
    assert_true(depth >= min_frames);
    size_t bound = WARDEN_TRAP_HEAD_FRAMES + WARDEN_TRAP_TAIL_FRAMES;
    assert_int_equal(n, depth < bound ? depth : bound);
    for (size_t i = 0; i < n; i++) {
        uint32_t index = 0;
        const char *name = NULL;
        assert_true(warden_trap_frame(trap, i, &index, &name));
        if (index != F_RECURSE || !name || strcmp(name, "recurse") != 0) {
            print_error("frame %zu of %zu: func %u %s\n", i, n, index, name ? name : "(null)");
            fail();
        }
    }
    assert_false(warden_trap_frame(trap, n, NULL, NULL));
    warden_trap_delete(trap);
    return depth;
}

static void test_stack_exhausted(void **state)
{
    api_instance_fixture *fx = *state;
    size_t first = expect_recursion_trap_min(fx, 1000);
    assert_int_equal(api_call_i32(fx->env->store, api_func(fx->inst, "sum"), 1, 100), 5050);
    /* The same depth again: the first overflow left nothing behind. */
    assert_int_equal(expect_recursion_trap_min(fx, 1000), first);
}

static void test_backtrace_order(void **state)
{
    api_instance_fixture *fx = *state;
    warden_trap_t *trap = API_CALL_TRAP(fx->env->store, api_func(fx->inst, "ping_pong"),
                                        (warden_val_t[]){api_i32(3)}, 1, 1);
    static const uint32_t idx[] = {F_PING, F_PONG, F_PING, F_PONG,
                                   F_PING, F_PONG, F_PING, F_PING_PONG};
    static const char *const names[] = {"ping", "pong", "ping", "pong",
                                        "ping", "pong", "ping", "ping_pong"};
    API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 8, idx, names);
    warden_trap_delete(trap);
}

/* With a call depth limit the recursion stops at exactly that many frames. */
static void test_call_depth_limit(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_limits_t limits;
    warden_store_get_limits(fx->env->store, &limits);
    limits.max_call_depth = 300;
    API_OK(warden_store_set_limits(fx->env->store, &limits));
    assert_int_equal(expect_recursion_trap_min(fx, 0), 300);

    /* ping_pong(n) needs 2n + 2 frames: n = 149 fits in 300, n = 150 does not. */
    warden_trap_t *trap = API_CALL_TRAP(fx->env->store, api_func(fx->inst, "ping_pong"),
                                        (warden_val_t[]){api_i32(149)}, 1, 1);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(warden_trap_frame_count(trap), 80);
    assert_int_equal(warden_trap_frames_omitted(trap), 220);
    /* Innermost: ping (the trap), pong, ...; outermost: ..., ping, pong, ping_pong. */
    uint32_t index = 0;
    const char *name = NULL;
    assert_true(warden_trap_frame(trap, 0, &index, &name));
    API_STREQ(name, "ping");
    assert_true(warden_trap_frame(trap, 63, &index, &name));
    API_STREQ(name, "pong");
    assert_true(warden_trap_frame(trap, 64, &index, &name));
    API_STREQ(name, "ping");
    assert_true(warden_trap_frame(trap, 79, &index, &name));
    assert_int_equal(index, F_PING_PONG);
    API_STREQ(name, "ping_pong");
    warden_trap_delete(trap);
    trap = API_CALL_TRAP(fx->env->store, api_func(fx->inst, "ping_pong"),
                         (warden_val_t[]){api_i32(150)}, 1, 1);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(warden_trap_frame_count(trap), 80);
    assert_int_equal(warden_trap_frames_omitted(trap), 220);
    assert_true(warden_trap_frame(trap, 79, &index, &name));
    assert_int_equal(index, F_PING_PONG);
    API_STREQ(name, "ping_pong");
    assert_true(warden_trap_frame(trap, 0, &index, &name));
    assert_int_equal(index, F_PING);
    API_STREQ(name, "ping");
    warden_trap_delete(trap);
}

/* warden_trap_push_frame adds outermost frames within the bound: on a trap without frames, on
 * one whose head and tail are full (the tail gives up its innermost frame to the count of
 * omitted ones), and on NULL. */
static void test_push_frame(void **state)
{
    (void)state;
    warden_trap_t *trap = warden_trap_new("outer layer");
    warden_trap_push_frame(trap, 7, "seven");
    warden_trap_push_frame(trap, WARDEN_TRAP_FRAME_COMPONENT, NULL);
    assert_int_equal(warden_trap_frame_count(trap), 2);
    assert_int_equal(warden_trap_frames_omitted(trap), 0);
    uint32_t index = 0;
    const char *name = "x";
    assert_true(warden_trap_frame(trap, 0, &index, &name));
    assert_int_equal(index, 7);
    API_STREQ(name, "seven");
    assert_true(warden_trap_frame(trap, 1, &index, &name));
    assert_int_equal(index, WARDEN_TRAP_FRAME_COMPONENT);
    assert_null(name);
    warden_trap_delete(trap);

    trap = warden_trap_new("deep");
    char buf[16];
    size_t total = WARDEN_TRAP_HEAD_FRAMES + WARDEN_TRAP_TAIL_FRAMES + 5;
    for (size_t i = 0; i < total; i++) {
        snprintf(buf, sizeof buf, "f%zu", i);
        warden_trap_push_frame(trap, (uint32_t)i, buf);
    }
    assert_int_equal(warden_trap_frame_count(trap),
                     WARDEN_TRAP_HEAD_FRAMES + WARDEN_TRAP_TAIL_FRAMES);
    assert_int_equal(warden_trap_frames_omitted(trap), 5);
    /* The innermost frames and the outermost ones stay; the 5 after the head are counted. */
    assert_true(warden_trap_frame(trap, WARDEN_TRAP_HEAD_FRAMES - 1, &index, &name));
    assert_int_equal(index, WARDEN_TRAP_HEAD_FRAMES - 1);
    assert_true(warden_trap_frame(trap, WARDEN_TRAP_HEAD_FRAMES, &index, &name));
    assert_int_equal(index, WARDEN_TRAP_HEAD_FRAMES + 5);
    assert_true(warden_trap_frame(trap, WARDEN_TRAP_HEAD_FRAMES + WARDEN_TRAP_TAIL_FRAMES - 1,
                                  &index, &name));
    assert_int_equal(index, total - 1);
    snprintf(buf, sizeof buf, "f%zu", total - 1);
    API_STREQ(name, buf);
    warden_trap_delete(trap);
    warden_trap_push_frame(NULL, 1, "nothing");
}

static void test_poisoned(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_instance_t *other = api_load(fx->env, "traps");
    assert_false(warden_instance_poisoned(fx->inst));
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "sum"), 1, 3), 6);
    assert_false(warden_instance_poisoned(fx->inst));

    warden_trap_delete(API_CALL_TRAP(s, api_func(fx->inst, "unreachable"), NULL, 0, 0));
    assert_true(warden_instance_poisoned(fx->inst));
    assert_false(warden_instance_poisoned(other));

    /* Poisoned, yet usable; a successful call does not clear the mark. */
    assert_int_equal(api_call_i32(s, api_func(fx->inst, "sum"), 1, 4), 10);
    assert_true(warden_instance_poisoned(fx->inst));
    assert_int_equal(api_call_i32(s, api_func(other, "sum"), 1, 5), 15);
    assert_false(warden_instance_poisoned(other));
    assert_false(warden_instance_poisoned(NULL));
}

/* After every kind of trap, the instance that trapped and another instance in the same store
 * still run and give the right results; memory written before the trap is kept. */
static void test_instances_survive_traps(void **state)
{
    api_instance_fixture *fx = *state;
    warden_store_t *s = fx->env->store;
    warden_instance_t *other = api_load(fx->env, "traps");
    warden_instance_t *third = api_load(fx->env, "lifecycle");

    warden_val_t args[2] = {api_i32(100), api_i32(1234)};
    API_CALL(s, api_func(fx->inst, "store"), args, 2, NULL, 0);
    args[1] = api_i32(5678);
    API_CALL(s, api_func(other, "store"), args, 2, NULL, 0);

    static const struct {
        const char *name;
        warden_val_t args[2];
        size_t nargs, nresults;
        warden_trap_kind_t kind;
    } cases[] = {
        {"unreachable", {{0}}, 0, 0, WARDEN_TRAP_UNREACHABLE},
        {"load_via",
         {{.kind = WARDEN_I32, .of.i32 = 70000}},
         1,
         1,
         WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS},
        {"table_get", {{.kind = WARDEN_I32, .of.i32 = 9}}, 1, 1, WARDEN_TRAP_TABLE_OUT_OF_BOUNDS},
        {"call_indirect", {{.kind = WARDEN_I32, .of.i32 = 9}}, 1, 1, WARDEN_TRAP_UNDEFINED_ELEMENT},
        {"call_indirect",
         {{.kind = WARDEN_I32, .of.i32 = 3}},
         1,
         1,
         WARDEN_TRAP_UNINITIALIZED_ELEMENT},
        {"call_indirect",
         {{.kind = WARDEN_I32, .of.i32 = 1}},
         1,
         1,
         WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH},
        {"div_s",
         {{.kind = WARDEN_I32, .of.i32 = INT32_MIN}, {.kind = WARDEN_I32, .of.i32 = -1}},
         2,
         1,
         WARDEN_TRAP_INTEGER_OVERFLOW},
        {"div_s",
         {{.kind = WARDEN_I32, .of.i32 = 1}, {.kind = WARDEN_I32, .of.i32 = 0}},
         2,
         1,
         WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO},
        {"trunc",
         {{.kind = WARDEN_F32, .of.f32_bits = 0x7FC00000}},
         1,
         1,
         WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER},
        {"recurse", {{.kind = WARDEN_I32, .of.i32 = 0}}, 1, 1, WARDEN_TRAP_STACK_EXHAUSTED},
        {"ping_pong", {{.kind = WARDEN_I32, .of.i32 = 5}}, 1, 1, WARDEN_TRAP_UNREACHABLE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        warden_instance_t *victim = i % 2 ? other : fx->inst;
        warden_trap_t *trap = API_CALL_TRAP(s, api_func(victim, cases[i].name), cases[i].args,
                                            cases[i].nargs, cases[i].nresults);
        if (warden_trap_kind(trap) != cases[i].kind) {
            print_error("case %zu (%s): trap %s\n", i, cases[i].name,
                        warden_trap_kind_name(warden_trap_kind(trap)));
            warden_trap_delete(trap);
            fail();
        }
        warden_trap_delete(trap);

        assert_int_equal(api_call_i32(s, api_func(fx->inst, "sum"), 1, 10), 55);
        assert_int_equal(api_call_i32(s, api_func(other, "sum"), 1, 20), 210);
        assert_int_equal(api_call_i32(s, api_func(fx->inst, "load_via"), 1, 100), 1234);
        assert_int_equal(api_call_i32(s, api_func(other, "load_via"), 1, 100), 5678);
        assert_int_equal(api_call_i32(s, api_func(fx->inst, "call_indirect"), 1, 0), 42);
        assert_int_equal(api_call_i32(s, api_func(third, "add"), 2, (int32_t)i, 1), (int32_t)i + 1);
        assert_int_equal(api_call_i32(s, api_func(third, "bump"), 0), (int32_t)i + 1);
    }
}

/* A backtrace through two instances, each calling within itself: every caller is named from its
 * own instance (compiled code records a call within one instance by the caller's index, resolved
 * in the instance of the frame inside it), and both instances are poisoned. */
static void test_backtrace_across_instances(void **state)
{
    api_env *env = *state;
    warden_instance_t *inner = api_load(env, "traps_inner");
    warden_extern_t deep = {.kind = WARDEN_EXTERN_FUNC, .of.func = api_func(inner, "deep")};
    API_OK(warden_linker_define(env->linker, "inner", 5, "deep", 4, deep));
    warden_instance_t *outer = api_load(env, "traps_outer");
    warden_func_t *go = api_func(outer, "go");
    assert_int_equal(api_call_i32(env->store, go, 1, 0), 3);
    assert_false(warden_instance_poisoned(outer));

    warden_trap_t *trap = API_CALL_TRAP(env->store, go, (warden_val_t[]){api_i32(1)}, 1, 1);
    static const uint32_t idx[] = {2, 1, 0, 2, 1};
    static const char *const names[] = {"inner_leaf", "inner_mid", "inner_top", "outer_mid",
                                        "outer_top"};
    API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 5, idx, names);
    warden_trap_delete(trap);
    assert_true(warden_instance_poisoned(inner));
    assert_true(warden_instance_poisoned(outer));
    assert_int_equal(api_call_i32(env->store, go, 1, 0), 3);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test_setup_teardown(test_unreachable, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_memory_out_of_bounds, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_table_out_of_bounds, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_call_indirect, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_integer_traps, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_conversion_traps, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_stack_exhausted, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_backtrace_order, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_call_depth_limit, setup, api_instance_teardown),
        cmocka_unit_test(test_push_frame),
        cmocka_unit_test_setup_teardown(test_poisoned, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_instances_survive_traps, setup, api_instance_teardown),
        cmocka_unit_test_setup_teardown(test_backtrace_across_instances, api_setup, api_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
