/* Helpers of the component API tests (support.h). */
#include "support.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *g_guest_dir = ".";

void capi_init(int argc, char **argv)
{
    if (argc > 1) g_guest_dir = argv[1];
}

capi_env *capi_env_new(void)
{
    capi_env *env = calloc(1, sizeof *env);
    assert_non_null(env);
    CAPI_OK(warden_engine_new(&env->engine));
    CAPI_OK(warden_store_new(env->engine, &env->store));
    CAPI_OK(warden_component_linker_new(env->engine, &env->linker));
    return env;
}

void capi_env_delete(capi_env *env)
{
    if (!env) return;
    warden_component_linker_delete(env->linker);
    warden_store_delete(env->store);
    warden_engine_delete(env->engine);
    free(env);
}

int capi_setup(void **state)
{
    *state = capi_env_new();
    return 0;
}

int capi_teardown(void **state)
{
    capi_env_delete(*state);
    *state = NULL;
    return 0;
}

uint8_t *capi_bytes(const char *stem, size_t *len)
{
    return fixture_read_wasm(g_guest_dir, stem, len);
}

warden_component_t *capi_component(warden_engine_t *engine, const char *stem)
{
    size_t len;
    uint8_t *bytes = capi_bytes(stem, &len);
    warden_component_t *component = NULL;
    warden_error_t *err = warden_component_new(engine, bytes, len, &component);
    free(bytes);
    if (err) {
        print_error("%s.wasm: error %d at offset %lld: %s\n", stem, (int)warden_error_kind(err),
                    (long long)warden_error_offset(err), warden_error_message(err));
        warden_error_delete(err);
        fail();
    }
    assert_non_null(component);
    return component;
}

warden_component_instance_t *capi_instantiate(capi_env *env, const char *stem)
{
    warden_component_t *component = capi_component(env->engine, stem);
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_component_linker_instantiate(env->linker, env->store, component, &inst, &trap);
    warden_component_delete(component);
    CAPI_OK(err);
    if (trap) {
        print_error("instantiating %s trapped: %s\n", stem, warden_trap_message(trap));
        warden_trap_delete(trap);
        fail();
    }
    assert_non_null(inst);
    return inst;
}

warden_component_func_t *capi_func(const warden_component_instance_t *inst, const char *name)
{
    warden_component_func_t *f = warden_component_instance_func(inst, name, strlen(name));
    if (!f) {
        print_error("no exported function named \"%s\"\n", name);
        fail();
    }
    return f;
}

void capi_ok_at(warden_error_t *err, const char *what, const char *file, int line)
{
    if (!err) return;
    print_error("%s: error %d: %s\n", what, (int)warden_error_kind(err), warden_error_message(err));
    warden_error_delete(err);
    _fail(file, line);
}

void capi_error_at(warden_error_t *err, warden_error_kind_t kind, const char *message,
                   const char *file, int line)
{
    if (!err) {
        print_error("expected an error of kind %d, got none\n", (int)kind);
        _fail(file, line);
    }
    bool ok = warden_error_kind(err) == kind &&
              (!message || strcmp(message, warden_error_message(err)) == 0);
    if (!ok)
        print_error("expected error %d \"%s\", got %d \"%s\"\n", (int)kind,
                    message ? message : "(any)", (int)warden_error_kind(err),
                    warden_error_message(err));
    warden_error_delete(err);
    if (!ok) _fail(file, line);
}

void capi_trap_at(warden_trap_t *trap, const char *message, const char *file, int line)
{
    if (!trap) {
        print_error("expected a trap \"%s\", got none\n", message);
        _fail(file, line);
    }
    bool ok = strcmp(warden_trap_message(trap), message) == 0;
    if (!ok) print_error("expected trap \"%s\", got \"%s\"\n", message, warden_trap_message(trap));
    warden_trap_delete(trap);
    if (!ok) _fail(file, line);
}

char *capi_wave(const warden_component_val_t *val)
{
    char *text = NULL;
    size_t len;
    CAPI_OK(warden_component_val_to_wave(val, &text, &len));
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    return text;
}

void capi_wave_at(const warden_component_val_t *val, const char *wave, const char *file, int line)
{
    char *text = capi_wave(val);
    bool ok = strcmp(text, wave) == 0;
    if (!ok) print_error("expected %s\n     got %s\n", wave, text);
    free(text);
    if (!ok) _fail(file, line);
}

void capi_from_wave(const warden_component_type_t *type, const char *wave,
                    warden_component_val_t *out)
{
    warden_error_t *err = warden_component_val_from_wave(type, wave, strlen(wave), out);
    if (err) print_error("parsing %s: %s\n", wave, warden_error_message(err));
    CAPI_OK(err);
}

/* The length of the WAVE value at s, up to a ',' or ')' outside brackets and quotes. */
static size_t arg_end(const char *s, size_t len)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"' || c == '\'') {
            for (i++; i < len && s[i] != c; i++)
                if (s[i] == '\\') i++;
        } else if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            depth--;
        } else if (c == ',' && depth == 0) {
            return i;
        }
    }
    return len;
}

/* Parses `name(args)`: the function and its arguments (vals: room for 32). */
static warden_component_func_t *parse_call(const warden_component_instance_t *inst,
                                           const char *call, warden_component_val_t *vals,
                                           size_t *nargs, const char *file, int line)
{
    const char *open = strchr(call, '(');
    size_t len = strlen(call);
    if (!open || call[len - 1] != ')') {
        print_error("not a call: %s\n", call);
        _fail(file, line);
    }
    char name[256];
    size_t nlen = (size_t)(open - call);
    assert_true(nlen < sizeof name);
    memcpy(name, call, nlen);
    name[nlen] = 0;
    warden_component_func_t *f = warden_component_instance_func(inst, name, nlen);
    if (!f) {
        print_error("no exported function named \"%s\"\n", name);
        _fail(file, line);
    }
    const warden_component_functype_t *ft = warden_component_func_type(f);
    size_t np = warden_component_functype_param_count(ft);
    assert_true(np <= 32);
    const char *args = open + 1;
    size_t args_len = (size_t)(call + len - 1 - args), pos = 0, n = 0;
    while (pos < args_len) {
        while (pos < args_len && args[pos] == ' ') pos++;
        if (pos == args_len) break;
        size_t end = pos + arg_end(args + pos, args_len - pos);
        if (n >= np) {
            print_error("%s: more than %zu arguments\n", call, np);
            _fail(file, line);
        }
        const char *pname;
        const warden_component_type_t *ptype;
        assert_true(warden_component_functype_param(ft, n, &pname, &ptype));
        warden_error_t *err =
            warden_component_val_from_wave(ptype, args + pos, end - pos, &vals[n]);
        if (err) {
            print_error("%s: argument %zu (%s): %s\n", call, n + 1, pname,
                        warden_error_message(err));
            warden_error_delete(err);
            _fail(file, line);
        }
        n++;
        pos = end + 1;
    }
    if (n != np) {
        print_error("%s: %zu arguments for %zu parameters\n", call, n, np);
        _fail(file, line);
    }
    *nargs = n;
    return f;
}

/* Calls `call`; returns its trap, if any. *result holds the result (when there is one). */
static warden_trap_t *do_call(capi_env *env, const warden_component_instance_t *inst,
                              const char *call, warden_component_val_t *result, bool *has_result,
                              const char *file, int line)
{
    warden_component_val_t vals[32];
    memset(vals, 0, sizeof vals);
    size_t nargs = 0;
    warden_component_func_t *f = parse_call(inst, call, vals, &nargs, file, line);
    *has_result = warden_component_functype_result(warden_component_func_type(f)) != NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_component_func_call(env->store, f, vals, nargs, result, *has_result ? 1 : 0, &trap);
    for (size_t i = 0; i < nargs; i++) warden_component_val_delete(&vals[i]);
    if (err) {
        print_error("%s: error %d: %s\n", call, (int)warden_error_kind(err),
                    warden_error_message(err));
        warden_error_delete(err);
        _fail(file, line);
    }
    return trap;
}

void capi_call_at(capi_env *env, const warden_component_instance_t *inst, const char *call,
                  const char *expected, const char *file, int line)
{
    warden_component_val_t result = {.kind = WARDEN_COMPONENT_BOOL};
    bool has_result;
    warden_trap_t *trap = do_call(env, inst, call, &result, &has_result, file, line);
    if (trap) {
        print_error("%s trapped: %s\n", call, warden_trap_message(trap));
        warden_trap_delete(trap);
        _fail(file, line);
    }
    if (!expected) {
        if (has_result) {
            print_error("%s returns a value, none expected\n", call);
            warden_component_val_delete(&result);
            _fail(file, line);
        }
        return;
    }
    if (!has_result) {
        print_error("%s returns nothing, %s expected\n", call, expected);
        _fail(file, line);
    }
    char *text = capi_wave(&result);
    warden_component_val_delete(&result);
    bool ok = strcmp(text, expected) == 0;
    if (!ok) print_error("%s\n  expected %s\n       got %s\n", call, expected, text);
    free(text);
    if (!ok) _fail(file, line);
}

void capi_call_trap_at(capi_env *env, const warden_component_instance_t *inst, const char *call,
                       const char *message, const char *file, int line)
{
    warden_component_val_t result = {.kind = WARDEN_COMPONENT_BOOL};
    bool has_result;
    warden_trap_t *trap = do_call(env, inst, call, &result, &has_result, file, line);
    if (!trap) {
        char *text = has_result ? capi_wave(&result) : NULL;
        print_error("%s returned %s, expected the trap \"%s\"\n", call, text ? text : "nothing",
                    message);
        free(text);
        warden_component_val_delete(&result);
        _fail(file, line);
    }
    /* A trap leaves the result a BOOL false. */
    if (result.kind != WARDEN_COMPONENT_BOOL || result.of.boolean) {
        print_error("%s trapped but left a result\n", call);
        _fail(file, line);
    }
    capi_trap_at(trap, message, file, line);
}

void capi_invoke_at(capi_env *env, warden_component_func_t *func,
                    const warden_component_val_t *args, size_t nargs,
                    warden_component_val_t *result, const char *file, int line)
{
    bool has_result = warden_component_functype_result(warden_component_func_type(func)) != NULL;
    warden_component_val_t ignored = {.kind = WARDEN_COMPONENT_BOOL};
    warden_component_val_t *out = result ? result : &ignored;
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_component_func_call(env->store, func, args, nargs, out, has_result ? 1 : 0, &trap);
    if (err) {
        print_error("call: error %d: %s\n", (int)warden_error_kind(err), warden_error_message(err));
        warden_error_delete(err);
        _fail(file, line);
    }
    if (trap) {
        print_error("call trapped: %s\n", warden_trap_message(trap));
        warden_trap_delete(trap);
        _fail(file, line);
    }
    warden_component_val_delete(&ignored);
}

void capi_streq_at(const char *a, const char *b, const char *file, int line)
{
    if (a == b || (a && b && strcmp(a, b) == 0)) return;
    print_error("\"%s\" != \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
    _fail(file, line);
}

warden_component_val_t capi_u32(uint32_t v)
{
    return (warden_component_val_t){.kind = WARDEN_COMPONENT_U32, .of.u32 = v};
}

warden_component_val_t capi_s32(int32_t v)
{
    return (warden_component_val_t){.kind = WARDEN_COMPONENT_S32, .of.s32 = v};
}

warden_component_val_t capi_bool(bool v)
{
    return (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL, .of.boolean = v};
}

warden_component_val_t capi_string(const char *s)
{
    warden_component_val_t v = {.kind = WARDEN_COMPONENT_BOOL};
    CAPI_OK(warden_component_val_set_string(&v, s, strlen(s)));
    return v;
}

warden_component_val_t capi_handle(warden_component_kind_t kind, warden_component_resource_t *r)
{
    return (warden_component_val_t){.kind = kind, .of.resource = r};
}

warden_trap_t *capi_on_drop(void *env, warden_component_caller_t *caller,
                            const warden_component_val_t *args, size_t nargs,
                            warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)results, (void)nresults;
    capi_drop_log *log = env;
    if (nargs != 1 || args[0].kind != WARDEN_COMPONENT_U32)
        return warden_trap_new("on-drop: unexpected arguments");
    if (log->n < sizeof log->values / sizeof log->values[0]) log->values[log->n++] = args[0].of.u32;
    return NULL;
}

int capi_res_setup(void **state)
{
    capi_res_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->log = calloc(1, sizeof *fx->log);
    assert_non_null(fx->log);
    fx->env = capi_env_new();
    CAPI_OK(warden_component_linker_define_func(fx->env->linker, "on-drop", 7, capi_on_drop,
                                                fx->log, NULL));
    fx->inst = capi_instantiate(fx->env, "resources");
    *state = fx;
    return 0;
}

int capi_res_teardown(void **state)
{
    capi_res_fixture *fx = *state;
    capi_env_delete(fx->env);
    free(fx->log);
    free(fx);
    return 0;
}

int capi_values_setup(void **state)
{
    capi_guest_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->env = capi_env_new();
    fx->inst = capi_instantiate(fx->env, "values");
    *state = fx;
    return 0;
}

int capi_guest_teardown(void **state)
{
    capi_guest_fixture *fx = *state;
    capi_env_delete(fx->env);
    free(fx);
    return 0;
}
