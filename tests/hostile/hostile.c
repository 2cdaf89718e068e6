#include "hostile.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HL_SANITIZED 1
#endif
#endif
#ifndef HL_SANITIZED
#define HL_SANITIZED 0
#endif

bool hl_slow_build(void)
{
    return HL_SANITIZED;
}

hl_env *hl_env_new(const warden_config_t *config)
{
    hl_env *env = calloc(1, sizeof *env);
    assert_non_null(env);
    HL_OK(config ? warden_engine_new_with_config(config, &env->engine)
                 : warden_engine_new(&env->engine));
    HL_OK(warden_store_new(env->engine, &env->store));
    HL_OK(warden_linker_new(env->engine, &env->linker));
    return env;
}

void hl_env_delete(hl_env *env)
{
    warden_linker_delete(env->linker);
    warden_store_delete(env->store);
    warden_engine_delete(env->engine);
    free(env);
}

void hl_limit_memory(hl_env *env, uint64_t memory)
{
    warden_store_limits_t l;
    warden_store_limits_default(&l);
    l.max_memory_bytes = memory;
    HL_OK(warden_store_set_limits(env->store, &l));
}

warden_module_t *hl_module(hl_env *env, const uint8_t *bytes, size_t len)
{
    warden_module_t *m = NULL;
    HL_OK(warden_module_new(env->engine, bytes, len, &m));
    return m;
}

warden_module_t *hl_fixture(hl_env *env, const char *stem)
{
    size_t len;
    uint8_t *bytes = fixture_read_wasm(WARDEN_HOSTILE_WASM_DIR, stem, &len);
    warden_module_t *m = hl_module(env, bytes, len);
    free(bytes);
    return m;
}

warden_instance_t *hl_instantiate(hl_env *env, warden_module_t *module)
{
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    HL_OK(warden_linker_instantiate(env->linker, env->store, module, &inst, &trap));
    if (trap) fail_msg("instantiation trapped: %s", warden_trap_message(trap));
    return inst;
}

warden_func_t *hl_func(warden_instance_t *inst, const char *name)
{
    warden_func_t *f = warden_instance_export_func(inst, name);
    if (!f) fail_msg("no exported function '%s'", name);
    return f;
}

warden_table_t *hl_table(warden_instance_t *inst, const char *name)
{
    warden_extern_t ext;
    if (!warden_instance_export(inst, name, strlen(name), &ext) || ext.kind != WARDEN_EXTERN_TABLE)
        fail_msg("no exported table '%s'", name);
    return ext.of.table;
}

void hl_error_at(warden_error_t *err, warden_error_kind_t kind, const char *file, int line, ...)
{
    if (!kind) {
        if (err) {
            print_error("%s:%d: unexpected error: %s\n", file, line, warden_error_message(err));
            warden_error_delete(err);
            _fail(file, line);
        }
        return;
    }
    if (!err) {
        print_error("%s:%d: expected an error of kind %d, got success\n", file, line, (int)kind);
        _fail(file, line);
    }
    const char *msg = warden_error_message(err);
    bool ok = warden_error_kind(err) == kind;
    va_list ap;
    va_start(ap, line);
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
        if (!strstr(msg, s)) {
            print_error("%s:%d: the error does not say \"%s\"\n", file, line, s);
            ok = false;
        }
    }
    va_end(ap);
    if (!ok) {
        print_error("%s:%d: error kind %d (expected %d): %s\n", file, line,
                    (int)warden_error_kind(err), (int)kind, msg);
        warden_error_delete(err);
        _fail(file, line);
    }
    warden_error_delete(err);
}

double hl_cpu_seconds(void)
{
    struct timespec t;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) != 0) return 0;
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int64_t hl_heap_bytes(void)
{
    if (HL_SANITIZED) return -1;
    struct mallinfo2 mi = mallinfo2();
    return (int64_t)(mi.uordblks + mi.hblkhd);
}
