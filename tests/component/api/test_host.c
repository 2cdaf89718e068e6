/* Host functions imported by a component (the roundtrip guest, tests/component/guests/
 * roundtrip.c): every export hands its arguments to the import of the same name and returns what
 * the host gave back, so each value type goes host -> guest -> host (the import's arguments) and
 * host -> guest -> host (its result). Also: what a host function sees (its store, its type),
 * results of the wrong type, host traps, reentrance, semver-compatible definitions, missing
 * imports, redefinitions and finalizers. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOST "test:pkg/host@1.0.0#"
#define POISONED "cannot enter component instance: it trapped before"
#define MISMATCH "host function returned a value that does not match its type"

/* A host function: what it saw and what it answers. Nothing in a callback asserts (a failed
 * assertion would unwind through the guest): the tests check afterwards. */
typedef struct host_fn {
    const char *name;  /* without the interface: `flip`, or `log` for the root import */
    const char *reply; /* the result in WAVE (parsed with the caller's type), or NULL */
    int calls;
    char seen[1024]; /* the last call's arguments in WAVE, separated by ", " */
    size_t nargs, nresults;
    bool store_ok;                           /* the caller's store was the test's */
    const warden_component_functype_t *type; /* the caller's type */
    const char *trap;                        /* return a trap with this message instead */
    warden_component_instance_t *reenter;    /* call identity(nargs) of this instance */
    bool reenter_propagate;                  /* give the nested call's trap to the guest */
    char nested[256];                        /* the nested call's trap message, or "ok" */
    int finalized;
} host_fn;

static warden_store_t *g_store;

static warden_trap_t *generic(void *env, warden_component_caller_t *caller,
                              const warden_component_val_t *args, size_t nargs,
                              warden_component_val_t *results, size_t nresults)
{
    host_fn *h = env;
    h->calls++;
    h->nargs = nargs;
    h->nresults = nresults;
    h->store_ok = warden_component_caller_store(caller) == g_store;
    h->type = warden_component_caller_type(caller);
    h->seen[0] = 0;
    for (size_t i = 0; i < nargs; i++) {
        char *text = NULL;
        size_t len;
        warden_error_t *e = warden_component_val_to_wave(&args[i], &text, &len);
        if (e) {
            warden_error_delete(e);
            return warden_trap_new("argument not printable");
        }
        if (i) strncat(h->seen, ", ", sizeof h->seen - strlen(h->seen) - 1);
        strncat(h->seen, text, sizeof h->seen - strlen(h->seen) - 1);
        free(text);
    }
    if (h->reenter) {
        warden_component_func_t *f = warden_component_instance_func(h->reenter, "identity", 8);
        warden_component_val_t arg = capi_u32(7), res = {.kind = WARDEN_COMPONENT_BOOL};
        warden_trap_t *trap = NULL;
        warden_error_t *e = warden_component_func_call(g_store, f, &arg, 1, &res, 1, &trap);
        if (e) {
            snprintf(h->nested, sizeof h->nested, "error: %s", warden_error_message(e));
            warden_error_delete(e);
        } else if (trap) {
            snprintf(h->nested, sizeof h->nested, "%s", warden_trap_message(trap));
            if (h->reenter_propagate) return trap;
            warden_trap_delete(trap);
        } else {
            snprintf(h->nested, sizeof h->nested, "ok %u", res.of.u32);
        }
    }
    if (h->trap) return warden_trap_new(h->trap);
    if (nresults && h->reply) {
        const warden_component_type_t *rt = warden_component_functype_result(h->type);
        warden_error_t *e =
            warden_component_val_from_wave(rt, h->reply, strlen(h->reply), &results[0]);
        if (e) {
            warden_error_delete(e);
            return warden_trap_new("the test's reply does not parse");
        }
    }
    return NULL;
}

static void finalize(void *env)
{
    ((host_fn *)env)->finalized++;
}

/* The imports of the roundtrip guest. */
static const char *const import_names[] = {
    "all-scalars", "flip",   "neg8",    "big",  "half",   "next",     "text",
    "bytes",       "texts",  "someone", "pair", "figure", "hue",      "maybe",
    "outcome",     "access", "tree",    "many", "none",   "callback",
};
#define NIMPORTS (sizeof import_names / sizeof import_names[0])

typedef struct fixture {
    capi_env *env;
    host_fn fns[NIMPORTS];
    host_fn log;
    warden_component_instance_t *inst;
} fixture;

static host_fn *fn(fixture *fx, const char *name)
{
    for (size_t i = 0; i < NIMPORTS; i++)
        if (strcmp(fx->fns[i].name, name) == 0) return &fx->fns[i];
    fail_msg("no host function %s", name);
    return NULL;
}

/* Defines every import of the roundtrip guest, the interface's under `version`. */
static void define_all(fixture *fx, warden_component_linker_t *linker, const char *version)
{
    char name[128];
    for (size_t i = 0; i < NIMPORTS; i++) {
        fx->fns[i].name = import_names[i];
        snprintf(name, sizeof name, "test:pkg/host@%s#%s", version, import_names[i]);
        CAPI_OK(warden_component_linker_define_func(linker, name, strlen(name), generic,
                                                    &fx->fns[i], finalize));
    }
    fx->log.name = "log";
    CAPI_OK(warden_component_linker_define_func(linker, "log", 3, generic, &fx->log, finalize));
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = capi_env_new();
    g_store = fx->env->store;
    define_all(fx, fx->env->linker, "1.0.0");
    fx->inst = capi_instantiate(fx->env, "roundtrip");
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

/* Calls the export `call` after setting the import's reply; asserts the import saw `seen` and
 * the export returned `reply`. */
#define ROUNDTRIP(fname, call, want_seen, want_reply)                                              \
    do {                                                                                           \
        host_fn *h_ = fn(fx, (fname));                                                             \
        int calls_ = h_->calls;                                                                    \
        h_->reply = (want_reply);                                                                  \
        CAPI_CALL(fx->env, fx->inst, (call), (want_reply));                                        \
        assert_int_equal(h_->calls, calls_ + 1);                                                   \
        CAPI_STREQ(h_->seen, (want_seen));                                                         \
        assert_true(h_->store_ok);                                                                 \
    } while (0)

static void test_scalars(void **state)
{
    fixture *fx = *state;
    ROUNDTRIP("all-scalars",
              "all-scalars(true, -1, 255, -32768, 65535, -2147483648, 4294967295, "
              "-9223372036854775808, 18446744073709551615, 1.5, -2.5, '😀')",
              "true, -1, 255, -32768, 65535, -2147483648, 4294967295, -9223372036854775808, "
              "18446744073709551615, 1.5, -2.5, '😀'",
              "(false, 127, 0, 32767, 0, 2147483647, 0, 9223372036854775807, 0, -0, inf, "
              "'\\u{0}')");
    ROUNDTRIP("all-scalars", "all-scalars(false, 0, 0, 0, 0, 0, 0, 0, 0, nan, -inf, '\\u{10ffff}')",
              "false, 0, 0, 0, 0, 0, 0, 0, 0, nan, -inf, '\xf4\x8f\xbf\xbf'",
              "(true, -128, 255, -32768, 65535, -2147483648, 4294967295, -9223372036854775808, "
              "18446744073709551615, nan, 5e-324, 'é')");
    ROUNDTRIP("flip", "flip(true)", "true", "false");
    ROUNDTRIP("flip", "flip(false)", "false", "true");
    ROUNDTRIP("neg8", "neg8(-128)", "-128", "127");
    ROUNDTRIP("neg8", "neg8(5)", "5", "-5");
    ROUNDTRIP("big", "big(18446744073709551615)", "18446744073709551615", "-1");
    ROUNDTRIP("big", "big(0)", "0", "-9223372036854775808");
    ROUNDTRIP("half", "half(nan)", "nan", "0.25");
    ROUNDTRIP("half", "half(1e300)", "1e+300", "-0");
    ROUNDTRIP("next", "next('a')", "'a'", "'b'");
    ROUNDTRIP("next", "next('\\u{d7ff}')", "'\xed\x9f\xbf'", "'\xee\x80\x80'");
}

static void test_strings_lists(void **state)
{
    fixture *fx = *state;
    ROUNDTRIP("text", "text(\"héllo\")", "\"héllo\"", "\"wörld\"");
    ROUNDTRIP("text", "text(\"\")", "\"\"", "\"\"");
    ROUNDTRIP("text", "text(\"a\\u{0}b\")", "\"a\\u{0}b\"", "\"\\n\\t\\\"\"");
    ROUNDTRIP("bytes", "bytes([])", "[]", "[0, 255]");
    ROUNDTRIP("bytes", "bytes([1, 2, 3])", "[1, 2, 3]", "[]");
    ROUNDTRIP("texts", "texts([\"a\", \"\", \"ccc\"])", "[\"a\", \"\", \"ccc\"]", "[\"z\"]");
    ROUNDTRIP("texts", "texts([])", "[]", "[\"\", \"\"]");
}

#define ANN                                                                                        \
    "{name: \"ann\", age: 30, nick: some(\"a\"), tags: [\"x\", \"y\"], fav: blue, "                \
    "home: {x: -1, y: 2}}"
#define BOB "{name: \"bob\", age: 255, tags: [], fav: red, home: {x: 0, y: 0}}"

static void test_records_variants(void **state)
{
    fixture *fx = *state;
    ROUNDTRIP("someone", "someone(" ANN ")", ANN, BOB);
    ROUNDTRIP("someone", "someone(" BOB ")", BOB, ANN);
    ROUNDTRIP("pair", "pair((1, \"x\"))", "(1, \"x\")", "(\"y\", 4294967295)");
    ROUNDTRIP("figure", "figure(circle(1.5))", "circle(1.5)", "label(\"z\")");
    ROUNDTRIP("figure", "figure(label(\"q\"))", "label(\"q\")", "circle(-0.5)");
    ROUNDTRIP("figure", "figure(rect({x: 1, y: -1}))", "rect({x: 1, y: -1})", "empty");
    ROUNDTRIP("figure", "figure(empty)", "empty", "rect({x: -2147483648, y: 2147483647})");
    ROUNDTRIP("hue", "hue(yellow)", "yellow", "green");
    ROUNDTRIP("maybe", "maybe(none)", "none", "some(\"s\")");
    ROUNDTRIP("maybe", "maybe(some(\"t\"))", "some(\"t\")", "none");
    ROUNDTRIP("outcome", "outcome(ok(\"a\"))", "ok(\"a\")", "err(7)");
    ROUNDTRIP("outcome", "outcome(err(0))", "err(0)", "ok(\"\")");
    ROUNDTRIP("access", "access({read})", "{read}", "{write, exec}");
    ROUNDTRIP("access", "access({})", "{}", "{read, write, exec}");
    ROUNDTRIP("tree", "tree([none, some((\"p\", [{x: 1, y: 2}]))])",
              "[none, some((\"p\", [{x: 1, y: 2}]))]", "[some((\"\", [])), none]");
}

/* More than 16 flat parameters: the import gets them in memory, through a pointer. */
static void test_many(void **state)
{
    fixture *fx = *state;
    ROUNDTRIP("many",
              "many(1, 18446744073709551615, 65535, 1.5, \"e\", -128, 2.5, true, 'é', [1, 2], "
              "-32768, 4294967295, -9223372036854775808, some(255), {x: 9, y: -10})",
              "1, 18446744073709551615, 65535, 1.5, \"e\", -128, 2.5, true, 'é', [1, 2], -32768, "
              "4294967295, -9223372036854775808, some(255), {x: 9, y: -10}",
              "\"many\"");
}

/* No parameters, no result; the root import `log`. */
static void test_no_values(void **state)
{
    fixture *fx = *state;
    host_fn *h = fn(fx, "none");
    CAPI_CALL(fx->env, fx->inst, "none()", NULL);
    assert_int_equal(h->calls, 1);
    assert_int_equal(h->nargs, 0);
    assert_int_equal(h->nresults, 0);
    CAPI_STREQ(h->seen, "");

    CAPI_CALL(fx->env, fx->inst, "log-twice(\"message\")", NULL);
    assert_int_equal(fx->log.calls, 2);
    assert_int_equal(fx->log.nargs, 1);
    assert_int_equal(fx->log.nresults, 0);
    CAPI_STREQ(fx->log.seen, "\"message\"");
}

/* A host function's type is the one the importing component declares. */
static void test_caller_type(void **state)
{
    fixture *fx = *state;
    host_fn *h = fn(fx, "pair");
    h->reply = "(\"a\", 1)";
    CAPI_CALL(fx->env, fx->inst, "pair((2, \"b\"))", "(\"a\", 1)");
    assert_int_equal(h->nargs, 1);
    assert_int_equal(h->nresults, 1);
    assert_non_null(h->type);
    assert_int_equal(warden_component_functype_param_count(h->type), 1);
    const char *pname;
    const warden_component_type_t *pt;
    assert_true(warden_component_functype_param(h->type, 0, &pname, &pt));
    CAPI_STREQ(pname, "t");
    assert_int_equal(warden_component_type_kind(pt), WARDEN_COMPONENT_TUPLE);
    assert_int_equal(warden_component_type_count(pt), 2);
    assert_int_equal(warden_component_type_kind(warden_component_type_elem(pt, 0)),
                     WARDEN_COMPONENT_U32);
    assert_int_equal(warden_component_type_kind(warden_component_type_elem(pt, 1)),
                     WARDEN_COMPONENT_STRING);
    const warden_component_type_t *rt = warden_component_functype_result(h->type);
    assert_int_equal(warden_component_type_kind(rt), WARDEN_COMPONENT_TUPLE);

    h = fn(fx, "someone");
    h->reply = BOB;
    CAPI_CALL(fx->env, fx->inst, "someone(" BOB ")", BOB);
    assert_true(warden_component_functype_param(h->type, 0, &pname, &pt));
    assert_int_equal(warden_component_type_kind(pt), WARDEN_COMPONENT_RECORD);
    CAPI_STREQ(warden_component_type_label(pt), "person");
    assert_int_equal(warden_component_type_count(pt), 6);
    CAPI_STREQ(warden_component_type_name(pt, 2), "nick");
    const warden_component_type_t *fav = warden_component_type_elem(pt, 4);
    assert_int_equal(warden_component_type_kind(fav), WARDEN_COMPONENT_ENUM);
    CAPI_STREQ(warden_component_type_label(fav), "color");
    CAPI_STREQ(warden_component_type_name(fav, 3), "yellow");

    /* Outside a host function: NULL callers give NULL. */
    assert_null(warden_component_caller_store(NULL));
    assert_null(warden_component_caller_type(NULL));
}

/* A result of the wrong type ends the guest's call with a trap, and poisons the instance. */
static void test_wrong_result_kind(void **state)
{
    fixture *fx = *state;
    /* A host function that sets no result leaves it a BOOL false: a valid bool... */
    host_fn *h = fn(fx, "flip");
    h->reply = NULL;
    CAPI_CALL(fx->env, fx->inst, "flip(true)", "false");
    h = fn(fx, "neg8");
    h->reply = NULL; /* ...but not an s8 */
    CAPI_CALL_TRAP(fx->env, fx->inst, "neg8(1)", MISMATCH);
    CAPI_CALL_TRAP(fx->env, fx->inst, "flip(true)", POISONED);
}

static warden_trap_t *bad_char(void *env, warden_component_caller_t *caller,
                               const warden_component_val_t *args, size_t nargs,
                               warden_component_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)nresults;
    results[0] = (warden_component_val_t){.kind = WARDEN_COMPONENT_CHAR, .of.ch = 0xd800};
    return NULL;
}

static warden_trap_t *bad_record(void *env, warden_component_caller_t *caller,
                                 const warden_component_val_t *args, size_t nargs,
                                 warden_component_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)nresults;
    /* tuple<string, u32> expected: a tuple of one element. */
    warden_error_t *e = warden_component_val_set_list(&results[0], WARDEN_COMPONENT_TUPLE, 1);
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("out of memory");
    }
    e = warden_component_val_set_string(&results[0].of.list.ptr[0], "x", 1);
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("out of memory");
    }
    return NULL;
}

static warden_trap_t *bad_utf8(void *env, warden_component_caller_t *caller,
                               const warden_component_val_t *args, size_t nargs,
                               warden_component_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)nresults;
    warden_error_t *e = warden_component_val_set_string(&results[0], "\xc3\x28", 2);
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("out of memory");
    }
    return NULL;
}

static warden_trap_t *bad_enum(void *env, warden_component_caller_t *caller,
                               const warden_component_val_t *args, size_t nargs,
                               warden_component_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)nresults;
    warden_error_t *e = warden_component_val_set_enum(&results[0], "purple");
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("out of memory");
    }
    return NULL;
}

/* Redefines one import with `callback`, instantiates anew and expects `call` to trap. */
static void expect_mismatch(fixture *fx, const char *name, warden_component_host_func_t callback,
                            const char *call)
{
    char full[128];
    snprintf(full, sizeof full, HOST "%s", name);
    CAPI_OK(warden_component_linker_define_func(fx->env->linker, full, strlen(full), callback, NULL,
                                                NULL));
    warden_component_instance_t *inst = capi_instantiate(fx->env, "roundtrip");
    CAPI_CALL_TRAP(fx->env, inst, call, MISMATCH);
    CAPI_CALL_TRAP(fx->env, inst, "identity(1)", POISONED);
}

static void test_wrong_result_values(void **state)
{
    fixture *fx = *state;
    expect_mismatch(fx, "next", bad_char, "next('a')");
    expect_mismatch(fx, "pair", bad_record, "pair((1, \"a\"))");
    expect_mismatch(fx, "text", bad_utf8, "text(\"a\")");
    expect_mismatch(fx, "hue", bad_enum, "hue(red)");
    /* The first instance is untouched. */
    CAPI_CALL(fx->env, fx->inst, "identity(3)", "3");
}

/* A host trap ends the guest's call with the host's message, and poisons the instance. */
static void test_host_trap(void **state)
{
    fixture *fx = *state;
    host_fn *h = fn(fx, "text");
    h->trap = "the host says no";
    warden_trap_t *trap = NULL;
    warden_component_val_t arg = capi_string("x"), res = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_OK(warden_component_func_call(fx->env->store, capi_func(fx->inst, "text"), &arg, 1, &res,
                                       1, &trap));
    warden_component_val_delete(&arg);
    assert_non_null(trap);
    assert_int_equal(warden_trap_kind(trap), WARDEN_TRAP_HOST);
    assert_int_equal(res.kind, WARDEN_COMPONENT_BOOL);
    CAPI_TRAP(trap, "the host says no");
    assert_int_equal(h->calls, 1);
    CAPI_STREQ(h->seen, "\"x\"");
    /* Poisoned: the host is not called again. */
    h->trap = NULL;
    CAPI_CALL_TRAP(fx->env, fx->inst, "text(\"y\")", POISONED);
    assert_int_equal(h->calls, 1);
}

/* A host function may not call back into the instance that called it; it may call others. */
static void test_reentrance(void **state)
{
    fixture *fx = *state;
    host_fn *h = fn(fx, "callback");
    h->reply = "41";
    h->reenter = fx->inst;
    CAPI_CALL(fx->env, fx->inst, "callback(5)", "42");
    CAPI_STREQ(h->seen, "5");
    CAPI_STREQ(h->nested, "cannot enter component instance");
    /* The refused call did not poison anything: the host swallowed its trap. */
    CAPI_CALL(fx->env, fx->inst, "identity(9)", "9");

    /* Another instance of the same component can be entered. */
    warden_component_instance_t *other = capi_instantiate(fx->env, "roundtrip");
    h->reenter = other;
    CAPI_CALL(fx->env, fx->inst, "callback(6)", "42");
    CAPI_STREQ(h->nested, "ok 7");

    /* Given back to the guest, the nested trap ends the call and poisons the caller. */
    h->reenter = fx->inst;
    h->reenter_propagate = true;
    CAPI_CALL_TRAP(fx->env, fx->inst, "callback(7)", "cannot enter component instance");
    CAPI_CALL_TRAP(fx->env, fx->inst, "identity(1)", POISONED);
    /* The other instance is fine. */
    CAPI_CALL(fx->env, other, "identity(2)", "2");
}

/* A post-return function may not call an import: the call traps and poisons the instance. */
static void test_leave_in_post_return(void **state)
{
    fixture *fx = *state;
    host_fn *h = fn(fx, "none");
    CAPI_CALL_TRAP(fx->env, fx->inst, "leave-in-post-return()", "cannot leave component instance");
    assert_int_equal(h->calls, 0);
    CAPI_CALL_TRAP(fx->env, fx->inst, "none()", POISONED);
    assert_int_equal(h->calls, 0);
}

/* An import must be defined: the error names the first one missing. */
static void test_missing_imports(void **state)
{
    (void)state;
    capi_env *env = capi_env_new();
    warden_component_t *c = capi_component(env->engine, "roundtrip");
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    CAPI_ERROR(warden_component_linker_instantiate(env->linker, env->store, c, &inst, &trap),
               WARDEN_ERROR_UNLINKABLE, "missing import `test:pkg/host@1.0.0#all-scalars`");
    assert_null(inst);
    assert_null(trap);
    /* Without a linker at all. */
    CAPI_ERROR(warden_component_linker_instantiate(NULL, env->store, c, &inst, &trap),
               WARDEN_ERROR_UNLINKABLE, "missing import `test:pkg/host@1.0.0#all-scalars`");

    /* Everything but one function of the interface. */
    fixture fx;
    memset(&fx, 0, sizeof fx);
    warden_component_linker_t *partial;
    CAPI_OK(warden_component_linker_new(env->engine, &partial));
    char name[128];
    for (size_t i = 0; i < NIMPORTS; i++) {
        if (strcmp(import_names[i], "texts") == 0) continue;
        snprintf(name, sizeof name, HOST "%s", import_names[i]);
        CAPI_OK(warden_component_linker_define_func(partial, name, strlen(name), generic,
                                                    &fx.fns[i], NULL));
    }
    CAPI_ERROR(warden_component_linker_instantiate(partial, env->store, c, &inst, &trap),
               WARDEN_ERROR_UNLINKABLE, "missing import `test:pkg/host@1.0.0#texts`");
    CAPI_OK(warden_component_linker_define_func(partial, HOST "texts", strlen(HOST "texts"),
                                                generic, &fx.fns[0], NULL));
    CAPI_ERROR(warden_component_linker_instantiate(partial, env->store, c, &inst, &trap),
               WARDEN_ERROR_UNLINKABLE, "missing import `log`");
    /* A function defined under the interface's name without `#name` defines nothing of it. */
    CAPI_OK(warden_component_linker_define_func(partial, "log", 3, generic, &fx.log, NULL));
    CAPI_OK(warden_component_linker_instantiate(partial, env->store, c, &inst, &trap));
    assert_non_null(inst);
    warden_component_linker_delete(partial);
    warden_component_delete(c);
    capi_env_delete(env);
}

/* An import of test:pkg/host@1.0.0 takes the highest semver-compatible definition. */
static void test_semver(void **state)
{
    (void)state;
    capi_env *env = capi_env_new();
    g_store = env->store;
    fixture *low = calloc(1, sizeof *low), *high = calloc(1, sizeof *high);
    assert_non_null(low);
    assert_non_null(high);
    define_all(low, env->linker, "1.1.0");
    define_all(high, env->linker, "1.3.2");
    warden_component_instance_t *inst = capi_instantiate(env, "roundtrip");
    high->fns[1].reply = "true";
    CAPI_CALL(env, inst, "flip(false)", "true");
    assert_int_equal(high->fns[1].calls, 1);
    assert_int_equal(low->fns[1].calls, 0);

    /* Another major version, or a pre-release, serves nothing. */
    capi_env *env2 = capi_env_new();
    g_store = env2->store;
    fixture *other = calloc(1, sizeof *other);
    assert_non_null(other);
    define_all(other, env2->linker, "2.0.0");
    define_all(other, env2->linker, "1.5.0-rc1");
    warden_component_t *c = capi_component(env2->engine, "roundtrip");
    warden_component_instance_t *inst2 = NULL;
    warden_trap_t *trap = NULL;
    CAPI_ERROR(warden_component_linker_instantiate(env2->linker, env2->store, c, &inst2, &trap),
               WARDEN_ERROR_UNLINKABLE, "missing import `test:pkg/host@1.0.0#all-scalars`");
    /* An older minor version does not serve a newer import either. */
    define_all(other, env2->linker, "0.9.0");
    CAPI_ERROR(warden_component_linker_instantiate(env2->linker, env2->store, c, &inst2, &trap),
               WARDEN_ERROR_UNLINKABLE, "missing import `test:pkg/host@1.0.0#all-scalars`");
    /* The exact version always does. */
    define_all(other, env2->linker, "1.0.0");
    CAPI_OK(warden_component_linker_instantiate(env2->linker, env2->store, c, &inst2, &trap));
    assert_non_null(inst2);
    warden_component_delete(c);
    capi_env_delete(env2);
    capi_env_delete(env);
    free(low);
    free(high);
    free(other);
}

/* A later definition replaces an earlier one (whose finalizer runs then); every finalizer runs
 * when the linker is deleted, and instances keep working after it. */
static void test_redefine_and_finalizers(void **state)
{
    (void)state;
    capi_env *env = capi_env_new();
    g_store = env->store;
    fixture *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    define_all(a, env->linker, "1.0.0");
    define_all(b, env->linker, "1.0.0");
    for (size_t i = 0; i < NIMPORTS; i++) {
        assert_int_equal(a->fns[i].finalized, 1);
        assert_int_equal(b->fns[i].finalized, 0);
    }
    assert_int_equal(a->log.finalized, 1);
    warden_component_instance_t *inst = capi_instantiate(env, "roundtrip");
    warden_component_linker_delete(env->linker);
    env->linker = NULL;
    for (size_t i = 0; i < NIMPORTS; i++) assert_int_equal(b->fns[i].finalized, 1);
    assert_int_equal(b->log.finalized, 1);
    b->fns[1].reply = "true";
    CAPI_CALL(env, inst, "flip(false)", "true");
    assert_int_equal(b->fns[1].calls, 1);
    assert_int_equal(a->fns[1].calls, 0);
    capi_env_delete(env);
    free(a);
    free(b);
}

static warden_trap_t *unused(void *env, warden_component_caller_t *caller,
                             const warden_component_val_t *args, size_t nargs,
                             warden_component_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

static void test_define_misuse(void **state)
{
    capi_env *env = *state;
    CAPI_ERROR(warden_component_linker_define_func(NULL, "f", 1, unused, NULL, NULL),
               WARDEN_ERROR_ARGUMENT, "warden_component_linker_define_func: NULL argument");
    CAPI_ERROR(warden_component_linker_define_func(env->linker, NULL, 1, unused, NULL, NULL),
               WARDEN_ERROR_ARGUMENT, "warden_component_linker_define_func: NULL argument");
    CAPI_ERROR(warden_component_linker_define_func(env->linker, "f", 1, NULL, NULL, NULL),
               WARDEN_ERROR_ARGUMENT, "warden_component_linker_define_func: NULL argument");
    CAPI_ERROR(warden_component_linker_define_func(env->linker, "f\0g", 3, unused, NULL, NULL),
               WARDEN_ERROR_ARGUMENT, "warden_component_linker_define_func: the name holds a NUL");
    CAPI_ERROR(warden_component_linker_new(env->engine, NULL), WARDEN_ERROR_ARGUMENT,
               "warden_component_linker_new: NULL argument");
    warden_component_linker_t *l = (warden_component_linker_t *)1;
    CAPI_ERROR(warden_component_linker_new(NULL, &l), WARDEN_ERROR_ARGUMENT,
               "warden_component_linker_new: NULL argument");
    CAPI_ERROR(warden_component_linker_define_instance(env->linker, NULL), WARDEN_ERROR_ARGUMENT,
               "warden_component_linker_define_instance: NULL argument");
    warden_component_linker_delete(NULL);
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strings_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caller_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_result_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_result_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reentrance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leave_in_post_return, setup, teardown),
        cmocka_unit_test(test_missing_imports),
        cmocka_unit_test(test_semver),
        cmocka_unit_test(test_redefine_and_finalizers),
        cmocka_unit_test_setup_teardown(test_define_misuse, capi_setup, capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
