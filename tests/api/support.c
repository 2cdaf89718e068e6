/* Shared helpers of the public API tests. */
#include "support.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *g_wasm_dir = WARDEN_API_WASM_DIR;

void api_init(int argc, char **argv)
{
    if (argc > 1) g_wasm_dir = argv[1];
}

int api_setup(void **state)
{
    api_env *env = calloc(1, sizeof *env);
    if (!env) return -1;
    warden_error_t *err = warden_engine_new(&env->engine);
    if (!err) err = warden_store_new(env->engine, &env->store);
    if (!err) err = warden_linker_new(env->engine, &env->linker);
    if (err) {
        warden_error_delete(err);
        api_teardown((void **)&env);
        return -1;
    }
    *state = env;
    return 0;
}

int api_teardown(void **state)
{
    api_env *env = *state;
    if (!env) return 0;
    warden_linker_delete(env->linker);
    warden_store_delete(env->store);
    warden_engine_delete(env->engine);
    free(env);
    *state = NULL;
    return 0;
}

int api_instance_setup(void **state, const char *stem)
{
    api_instance_fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    void *envp = NULL;
    if (api_setup(&envp)) {
        free(fx);
        return -1;
    }
    fx->env = envp;
    fx->inst = api_load(fx->env, stem);
    *state = fx;
    return 0;
}

int api_instance_teardown(void **state)
{
    api_instance_fixture *fx = *state;
    void *envp = fx->env;
    free(fx);
    *state = NULL;
    return api_teardown(&envp);
}

uint8_t *api_read_wasm(const char *stem, size_t *len)
{
    return fixture_read_wasm(g_wasm_dir, stem, len);
}

warden_module_t *api_module(warden_engine_t *engine, const char *stem)
{
    size_t len;
    uint8_t *bytes = api_read_wasm(stem, &len);
    warden_module_t *module = NULL;
    warden_error_t *err = warden_module_new(engine, bytes, len, &module);
    free(bytes);
    if (err) {
        print_error("%s.wasm: error %d at offset %lld: %s\n", stem, (int)warden_error_kind(err),
                    (long long)warden_error_offset(err), warden_error_message(err));
        warden_error_delete(err);
        fail();
    }
    assert_non_null(module);
    return module;
}

warden_instance_t *api_instantiate(const warden_linker_t *linker, warden_store_t *store,
                                   const warden_module_t *module)
{
    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    API_OK(warden_linker_instantiate(linker, store, module, &instance, &trap));
    if (trap) {
        print_error("instantiation trapped: %s\n", warden_trap_message(trap));
        warden_trap_delete(trap);
        fail();
    }
    assert_non_null(instance);
    return instance;
}

warden_instance_t *api_load(api_env *env, const char *stem)
{
    warden_module_t *module = api_module(env->engine, stem);
    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err =
        warden_linker_instantiate(env->linker, env->store, module, &instance, &trap);
    warden_module_delete(module);
    API_OK(err);
    if (trap) {
        print_error("instantiation of %s trapped: %s\n", stem, warden_trap_message(trap));
        warden_trap_delete(trap);
        fail();
    }
    assert_non_null(instance);
    return instance;
}

static void export_of(const warden_instance_t *instance, const char *name, warden_externkind_t kind,
                      warden_extern_t *out)
{
    if (!warden_instance_export(instance, name, strlen(name), out)) {
        print_error("no export named \"%s\"\n", name);
        fail();
    }
    assert_int_equal(out->kind, kind);
}

warden_func_t *api_func(const warden_instance_t *instance, const char *name)
{
    warden_extern_t ext;
    export_of(instance, name, WARDEN_EXTERN_FUNC, &ext);
    assert_non_null(ext.of.func);
    return ext.of.func;
}

warden_memory_t *api_memory(const warden_instance_t *instance, const char *name)
{
    warden_extern_t ext;
    export_of(instance, name, WARDEN_EXTERN_MEMORY, &ext);
    assert_non_null(ext.of.memory);
    return ext.of.memory;
}

warden_table_t *api_table(const warden_instance_t *instance, const char *name)
{
    warden_extern_t ext;
    export_of(instance, name, WARDEN_EXTERN_TABLE, &ext);
    assert_non_null(ext.of.table);
    return ext.of.table;
}

warden_global_t *api_global(const warden_instance_t *instance, const char *name)
{
    warden_extern_t ext;
    export_of(instance, name, WARDEN_EXTERN_GLOBAL, &ext);
    assert_non_null(ext.of.global);
    return ext.of.global;
}

warden_val_t api_i32(int32_t v)
{
    return (warden_val_t){.kind = WARDEN_I32, .of.i32 = v};
}
warden_val_t api_i64(int64_t v)
{
    return (warden_val_t){.kind = WARDEN_I64, .of.i64 = v};
}

warden_val_t api_f32_bits(uint32_t bits)
{
    return (warden_val_t){.kind = WARDEN_F32, .of.f32_bits = bits};
}

warden_val_t api_f64_bits(uint64_t bits)
{
    return (warden_val_t){.kind = WARDEN_F64, .of.f64_bits = bits};
}

warden_val_t api_funcref(warden_func_t *f)
{
    return (warden_val_t){.kind = WARDEN_FUNCREF, .of.funcref = f};
}

warden_val_t api_externref(void *p)
{
    return (warden_val_t){.kind = WARDEN_EXTERNREF, .of.externref = p};
}

void api_ok_at(warden_error_t *err, const char *what, const char *file, int line)
{
    if (!err) return;
    print_error("%s: error %d at offset %lld: %s\n", what, (int)warden_error_kind(err),
                (long long)warden_error_offset(err), warden_error_message(err));
    warden_error_delete(err);
    _fail(file, line);
}

void api_error_at(warden_error_t *err, warden_error_kind_t kind, const char *message,
                  const char *file, int line)
{
    if (!err) {
        print_error("expected an error of kind %d, got success\n", (int)kind);
        _fail(file, line);
    }
    warden_error_kind_t got = warden_error_kind(err);
    const char *msg = warden_error_message(err);
    bool ok = got == kind && msg != NULL && (!message || strcmp(msg, message) == 0);
    if (!ok) {
        print_error("expected error %d \"%s\", got %d \"%s\"\n", (int)kind,
                    message ? message : "(any)", (int)got, msg ? msg : "(null)");
        warden_error_delete(err);
        _fail(file, line);
    }
    warden_error_delete(err);
}

void api_call_at(warden_store_t *store, warden_func_t *func, const warden_val_t *args, size_t nargs,
                 warden_val_t *results, size_t nresults, const char *file, int line)
{
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_func_call(store, func, args, nargs, results, nresults, &trap);
    api_ok_at(err, "warden_func_call", file, line);
    if (trap) {
        print_error("unexpected trap %s: %s\n", warden_trap_kind_name(warden_trap_kind(trap)),
                    warden_trap_message(trap));
        warden_trap_delete(trap);
        _fail(file, line);
    }
}

warden_trap_t *api_call_trap_at(warden_store_t *store, warden_func_t *func,
                                const warden_val_t *args, size_t nargs, size_t nresults,
                                const char *file, int line)
{
    warden_val_t results[8];
    if (nresults > 8) _fail(file, line);
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_func_call(store, func, args, nargs, results, nresults, &trap);
    api_ok_at(err, "warden_func_call", file, line);
    if (!trap) {
        print_error("expected a trap, the call returned normally\n");
        _fail(file, line);
    }
    return trap;
}

int32_t api_call_i32(warden_store_t *store, warden_func_t *func, size_t nargs, ...)
{
    warden_val_t args[8], result = {0};
    assert_true(nargs <= 8);
    va_list ap;
    va_start(ap, nargs);
    for (size_t i = 0; i < nargs; i++) args[i] = api_i32(va_arg(ap, int32_t));
    va_end(ap);
    API_CALL(store, func, args, nargs, &result, 1);
    assert_int_equal(result.kind, WARDEN_I32);
    return result.of.i32;
}

void api_trap_at(const warden_trap_t *trap, warden_trap_kind_t kind, const char *message,
                 size_t nframes, const uint32_t *indices, const char *const *names,
                 const char *file, int line)
{
    if (!trap) {
        print_error("expected a trap, got none\n");
        _fail(file, line);
    }
    warden_trap_kind_t got = warden_trap_kind(trap);
    if (got != kind) {
        print_error("expected trap %s, got %s (%s)\n", warden_trap_kind_name(kind),
                    warden_trap_kind_name(got), warden_trap_message(trap));
        _fail(file, line);
    }
    if (message && strcmp(warden_trap_message(trap), message) != 0) {
        print_error("expected trap message \"%s\", got \"%s\"\n", message,
                    warden_trap_message(trap));
        _fail(file, line);
    }
    size_t count = warden_trap_frame_count(trap);
    if (count != nframes) {
        print_error("expected %zu frames, got %zu\n", nframes, count);
        for (size_t i = 0; i < count && i < 16; i++) {
            uint32_t index = 0;
            const char *name = NULL;
            warden_trap_frame(trap, i, &index, &name);
            print_error("  #%zu func %u %s\n", i, index, name ? name : "(no name)");
        }
        _fail(file, line);
    }
    for (size_t i = 0; i < nframes; i++) {
        uint32_t index = UINT32_MAX;
        const char *name = NULL;
        if (!warden_trap_frame(trap, i, &index, &name)) {
            print_error("frame %zu missing\n", i);
            _fail(file, line);
        }
        bool name_ok = names[i] ? name && strcmp(name, names[i]) == 0 : name == NULL;
        if (index != indices[i] || !name_ok) {
            print_error("frame %zu: expected func %u %s, got func %u %s\n", i, indices[i],
                        names[i] ? names[i] : "(no name)", index, name ? name : "(no name)");
            _fail(file, line);
        }
    }
    if (warden_trap_frame(trap, nframes, NULL, NULL)) {
        print_error("frame %zu should be out of range\n", nframes);
        _fail(file, line);
    }
}

void api_streq_at(const char *a, const char *b, const char *file, int line)
{
    if (a == b) return;
    if (!a || !b || strcmp(a, b) != 0) {
        print_error("\"%s\" != \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
        _fail(file, line);
    }
}
