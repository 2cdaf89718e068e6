/* Failure injection through the embedding API (include/warden.h): module creation, instantiation,
 * calls, deadlines, interrupts, the scheduler, paused calls and the compiled tier's code made
 * already. Usage: fault_api WASM_DIR PATH..., PATH one of module, instantiate, call, deadline,
 * interrupt, scheduler, pause, compiled (all when none is named). */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "walk.h"
#include "warden.h"

/* ------------------------------------------------------------------------------------------------
 * Fixtures
 * ---------------------------------------------------------------------------------------------- */

typedef struct fixture {
    const char *name;
    uint8_t *bytes;
    size_t len;
    /* What the module looks like when nothing fails. */
    size_t imports, exports, sections;
} fixture;

static fixture k_fixtures[] = {
    {"funcs.wasm", 0, 0, 0, 0, 0},    {"tables.wasm", 0, 0, 0, 0, 0},
    {"memory.wasm", 0, 0, 0, 0, 0},   {"simd.wasm", 0, 0, 0, 0, 0},
    {"imports.wasm", 0, 0, 0, 0, 0},  {"provider.wasm", 0, 0, 0, 0, 0},
    {"calls.wasm", 0, 0, 0, 0, 0},    {"trap_start.wasm", 0, 0, 0, 0, 0},
    {"init_oob.wasm", 0, 0, 0, 0, 0}, {"spin.wasm", 0, 0, 0, 0, 0},
    {"invalid.wasm", 0, 0, 0, 0, 0},
};
#define NFIXTURES (sizeof k_fixtures / sizeof *k_fixtures)

static fixture *fx(const char *name)
{
    for (size_t i = 0; i < NFIXTURES; i++)
        if (strncmp(k_fixtures[i].name, name, strlen(name)) == 0 &&
            k_fixtures[i].name[strlen(name)] == '.')
            return &k_fixtures[i];
    fprintf(stderr, "fault: no fixture %s\n", name);
    exit(2);
}

static void load_fixtures(const char *dir)
{
    warden_engine_t *engine;
    if (warden_engine_new(&engine)) exit(2);
    for (size_t i = 0; i < NFIXTURES; i++) {
        fixture *f = &k_fixtures[i];
        f->bytes = fw_read_file(dir, f->name, &f->len);
        warden_module_t *m = NULL;
        warden_error_t *e = warden_module_new(engine, f->bytes, f->len, &m);
        if (e) {
            warden_error_delete(e);
            continue; /* the invalid one */
        }
        f->imports = warden_module_import_count(m);
        f->exports = warden_module_export_count(m);
        f->sections = warden_module_section_count(m);
        warden_module_delete(m);
    }
    warden_engine_delete(engine);
}

/* A module compiled with nothing failing (uncounted). */
static warden_module_t *compile(warden_engine_t *engine, const char *name)
{
    fixture *f = fx(name);
    warden_module_t *m = NULL;
    warden_error_t *e = NULL;
    FW_UNCOUNTED(e = warden_module_new(engine, f->bytes, f->len, &m));
    if (e) {
        fprintf(stderr, "fault: %s: %s\n", name, warden_error_message(e));
        exit(2);
    }
    return m;
}

/* The module has the shape it has when nothing fails. */
static void check_module(const warden_module_t *m, const fixture *f)
{
    FW_CHECK(warden_module_import_count(m) == f->imports, "(%s)", f->name);
    FW_CHECK(warden_module_export_count(m) == f->exports, "(%s)", f->name);
    FW_CHECK(warden_module_section_count(m) == f->sections, "(%s)", f->name);
}

/* ------------------------------------------------------------------------------------------------
 * Host functions
 * ---------------------------------------------------------------------------------------------- */

static warden_val_t i32v(int32_t v)
{
    return (warden_val_t){.kind = WARDEN_I32, .of.i32 = v};
}
static warden_val_t i64v(int64_t v)
{
    return (warden_val_t){.kind = WARDEN_I64, .of.i64 = v};
}

static warden_trap_t *host_note(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)nargs, (void)results, (void)nresults;
    int *seen = env;
    *seen = args[0].of.i32;
    return NULL;
}

/* (i32 i64 f32 f64) x 5 -> i64: the sum of the integers. */
static warden_trap_t *host_wide20(void *env, warden_caller_t *caller, const warden_val_t *args,
                                  size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)nresults;
    int64_t sum = 0;
    for (size_t i = 0; i < nargs; i += 4) sum += args[i].of.i32 + args[i + 1].of.i64;
    results[0].of.i64 = sum;
    return NULL;
}

static warden_trap_t *host_twice(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)nargs, (void)nresults;
    results[0].of.i32 = 2 * args[0].of.i32;
    return NULL;
}

static warden_trap_t *host_wide18(void *env, warden_caller_t *caller, const warden_val_t *args,
                                  size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)nresults;
    int32_t sum = 0;
    for (size_t i = 0; i < nargs; i++) sum += args[i].of.i32;
    results[0].of.i32 = sum;
    return NULL;
}

/* Calls the guest's "add"(x, 100) back. */
static warden_trap_t *host_reenter(void *env, warden_caller_t *caller, const warden_val_t *args,
                                   size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)nargs, (void)nresults;
    warden_func_t **add = env;
    warden_val_t in[2] = {args[0], i32v(100)}, out = i32v(0);
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_func_call(warden_caller_store(caller), *add, in, 2, &out, 1, &trap);
    if (e) {
        /* Only running out of memory may make the inner call fail here. */
        bool oom = warden_error_kind(e) == WARDEN_ERROR_NO_MEMORY;
        warden_error_delete(e);
        return warden_trap_new(oom ? "out of memory in a re-entrant call"
                                   : "re-entrant call failed");
    }
    if (trap) return trap;
    results[0].of.i32 = out.of.i32;
    return NULL;
}

static warden_trap_t *host_fail(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return warden_trap_new("host failure on purpose");
}

static warden_trap_t *host_poke(void *env, warden_caller_t *caller, const warden_val_t *args,
                                size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    warden_interrupt_raise(*(warden_interrupt_t **)env);
    return NULL;
}

/* Makes a host function; false when it failed cleanly. */
static bool host_func(warden_store_t *s, const warden_valkind_t *params, uint32_t np,
                      const warden_valkind_t *results, uint32_t nr, warden_host_func_t cb,
                      void *env, warden_func_t **out)
{
    warden_functype_t *type = NULL;
    if (!FW_OK(warden_functype_new(params, np, results, nr, &type))) return false;
    bool ok = FW_OK(warden_func_new(s, type, cb, env, NULL, out));
    warden_functype_delete(type);
    return ok;
}

/* The same, retried once after a clean failure: the store must then make it. */
static warden_func_t *host_func_retry(warden_store_t *s, const warden_valkind_t *params,
                                      uint32_t np, const warden_valkind_t *results, uint32_t nr,
                                      warden_host_func_t cb, void *env)
{
    warden_func_t *f = NULL;
    if (host_func(s, params, np, results, nr, cb, env, &f)) return f;
    if (host_func(s, params, np, results, nr, cb, env, &f)) return f;
    FW_CHECK(false, "a host function could not be made after a failure");
    return NULL;
}

static bool define(warden_linker_t *l, const char *module, const char *name, warden_extern_t item)
{
    if (FW_OK(warden_linker_define(l, module, strlen(module), name, strlen(name), item)))
        return true;
    return FW_MUST(warden_linker_define(l, module, strlen(module), name, strlen(name), item));
}

static warden_extern_t ext_func(warden_func_t *f)
{
    return (warden_extern_t){WARDEN_EXTERN_FUNC, {.func = f}};
}

/* Instantiates; after a clean failure (error or an out-of-memory trap) instantiates again in the
 * same store, which must work. `expected_trap` is the trap instantiation ends with when nothing
 * fails (0: none). */
/* Set by instantiate() when an attempt trapped on the injected failure (out of memory in the
 * start function, lowering a function it calls at its first call, say): the instance then stays
 * in the store if something still reaches it, as any trapping start function's does. */
static bool g_start_trapped;

static warden_instance_t *instantiate(warden_linker_t *l, warden_store_t *s, warden_module_t *m,
                                      warden_trap_kind_t expected_trap, const char *what)
{
    g_start_trapped = false;
    for (int attempt = 0; attempt < 2; attempt++) {
        warden_instance_t *inst = NULL;
        warden_trap_t *trap = NULL;
        warden_error_t *e = warden_linker_instantiate(l, s, m, &inst, &trap);
        if (!FW_OK(e)) {
            FW_CHECK(!inst && !trap, "(%s)", what);
            continue;
        }
        if (trap) {
            FW_CHECK(!inst, "(%s)", what);
            if (FW_TRAP(trap, expected_trap)) return NULL;
            g_start_trapped = true;
            continue; /* out of memory while trapping: try again */
        }
        if (expected_trap) {
            FW_CHECK(false, "(%s) instantiation did not trap", what);
            return inst;
        }
        FW_CHECK(inst != NULL, "(%s)", what);
        return inst;
    }
    FW_CHECK(false, "(%s) instantiation failed twice", what);
    return NULL;
}

/* ------------------------------------------------------------------------------------------------
 * module: warden_module_new on every fixture, valid and not
 * ---------------------------------------------------------------------------------------------- */

static warden_engine_t *engine_new(const warden_config_t *config)
{
    warden_engine_t *engine = NULL;
    if (FW_OK(config ? warden_engine_new_with_config(config, &engine) : warden_engine_new(&engine)))
        return engine;
    FW_CHECK(engine == NULL);
    FW_MUST(config ? warden_engine_new_with_config(config, &engine) : warden_engine_new(&engine));
    return engine;
}

static void path_module(void *env)
{
    (void)env;
    warden_engine_t *engine = engine_new(NULL);
    if (!engine) return;
    static const char *const valid[] = {"funcs", "tables", "memory", "simd", "imports", "calls"};
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
        fixture *f = fx(valid[i]);
        warden_module_t *m = NULL;
        if (!FW_OK(warden_module_new(engine, f->bytes, f->len, &m))) {
            FW_CHECK(m == NULL, "(%s)", f->name);
            /* The engine still compiles it. */
            if (!FW_MUST(warden_module_new(engine, f->bytes, f->len, &m))) continue;
        }
        check_module(m, f);
        warden_module_t *again = warden_module_clone(m);
        warden_module_delete(m);
        warden_module_delete(again);
    }
    /* An invalid module: a validation error, or running out of memory on the way. */
    fixture *bad = fx("invalid");
    warden_module_t *m = NULL;
    warden_error_t *e = warden_module_new(engine, bad->bytes, bad->len, &m);
    FW_CHECK(e != NULL && m == NULL);
    if (e && warden_error_kind(e) != WARDEN_ERROR_INVALID)
        FW_OK(e); /* must then be an injected out-of-memory */
    else
        warden_error_delete(e);
    /* A malformed one: funcs.wasm cut in the middle of its code section. */
    fixture *funcs = fx("funcs");
    e = warden_module_new(engine, funcs->bytes, funcs->len * 3 / 4, &m);
    FW_CHECK(e != NULL && m == NULL);
    if (e && warden_error_kind(e) != WARDEN_ERROR_MALFORMED)
        FW_OK(e);
    else
        warden_error_delete(e);
    warden_engine_delete(engine);

    /* With fuel metering compiled in. */
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    engine = engine_new(&config);
    if (!engine) return;
    static const char *const metered[] = {"funcs", "simd"};
    for (size_t i = 0; i < sizeof metered / sizeof *metered; i++) {
        fixture *f = fx(metered[i]);
        m = NULL;
        if (!FW_OK(warden_module_new(engine, f->bytes, f->len, &m)) &&
            !FW_MUST(warden_module_new(engine, f->bytes, f->len, &m)))
            continue;
        check_module(m, f);
        warden_module_delete(m);
    }
    warden_engine_delete(engine);
}

/* ------------------------------------------------------------------------------------------------
 * instantiate: the linker, imports of every kind, start functions, segments, traps on the way
 * ---------------------------------------------------------------------------------------------- */

static const warden_valkind_t k_i32[] = {WARDEN_I32, WARDEN_I32};
static const warden_valkind_t k_i64[] = {WARDEN_I64};
static const warden_valkind_t k_wide20[] = {
    WARDEN_I32, WARDEN_I64, WARDEN_F32, WARDEN_F64, WARDEN_I32, WARDEN_I64, WARDEN_F32,
    WARDEN_F64, WARDEN_I32, WARDEN_I64, WARDEN_F32, WARDEN_F64, WARDEN_I32, WARDEN_I64,
    WARDEN_F32, WARDEN_F64, WARDEN_I32, WARDEN_I64, WARDEN_F32, WARDEN_F64};

typedef struct inst_modules {
    warden_module_t *imports, *provider, *trap_start, *init_oob, *memory, *tables, *simd, *funcs;
} inst_modules;

/* The instances the store holds. */
static uint32_t store_instances(warden_store_t *s)
{
    warden_store_usage_t u;
    warden_store_usage(s, &u);
    return u.instances;
}

static void check_usage(warden_store_t *s, uint32_t instances, const char *when)
{
    warden_store_usage_t u;
    warden_store_usage(s, &u);
    FW_CHECK(u.instances == instances, "(%s: %u instances, expected %u)", when, u.instances,
             instances);
}

static void path_instantiate(void *env)
{
    (void)env;
    warden_engine_t *engine = NULL;
    FW_UNCOUNTED(warden_engine_new(&engine));
    inst_modules mods = {
        compile(engine, "imports"),  compile(engine, "provider"), compile(engine, "trap_start"),
        compile(engine, "init_oob"), compile(engine, "memory"),   compile(engine, "tables"),
        compile(engine, "simd"),     compile(engine, "funcs"),
    };
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    if (!FW_OK(warden_store_new(engine, &store))) FW_MUST(warden_store_new(engine, &store));
    if (!FW_OK(warden_linker_new(engine, &linker))) FW_MUST(warden_linker_new(engine, &linker));
    if (!store || !linker) goto out;
    uint32_t instances = 0;

    /* Host definitions of every kind. */
    int noted = -1;
    warden_func_t *note = host_func_retry(store, k_i32, 1, NULL, 0, host_note, &noted);
    warden_func_t *wide = host_func_retry(store, k_wide20, 20, k_i64, 1, host_wide20, NULL);
    warden_table_t *table = NULL;
    warden_val_t null_func = {.kind = WARDEN_FUNCREF, .of.funcref = NULL};
    if (!FW_OK(warden_table_new(store, WARDEN_FUNCREF, (warden_limits_t){2, 10, true}, null_func,
                                &table)))
        FW_MUST(warden_table_new(store, WARDEN_FUNCREF, (warden_limits_t){2, 10, true}, null_func,
                                 &table));
    warden_memory_t *memory = NULL;
    if (!FW_OK(warden_memory_new(store, (warden_limits_t){1, 2, true}, &memory)))
        FW_MUST(warden_memory_new(store, (warden_limits_t){1, 2, true}, &memory));
    warden_global_t *base = NULL, *count = NULL;
    if (!FW_OK(warden_global_new(store, WARDEN_I32, false, i32v(100), &base)))
        FW_MUST(warden_global_new(store, WARDEN_I32, false, i32v(100), &base));
    if (!FW_OK(warden_global_new(store, WARDEN_I64, true, i64v(0), &count)))
        FW_MUST(warden_global_new(store, WARDEN_I64, true, i64v(0), &count));
    if (!note || !wide || !table || !memory || !base || !count) goto out;
    define(linker, "host", "note", ext_func(note));
    define(linker, "host", "wide", ext_func(wide));
    define(linker, "host", "table", (warden_extern_t){WARDEN_EXTERN_TABLE, {.table = table}});
    define(linker, "host", "memory", (warden_extern_t){WARDEN_EXTERN_MEMORY, {.memory = memory}});
    define(linker, "host", "base", (warden_extern_t){WARDEN_EXTERN_GLOBAL, {.global = base}});
    define(linker, "host", "count", (warden_extern_t){WARDEN_EXTERN_GLOBAL, {.global = count}});

    /* Imports from the host; the start function calls the host and writes the global. */
    warden_instance_t *inst = instantiate(linker, store, mods.imports, 0, "imports from the host");
    if (g_start_trapped) instances = store_instances(store) - (inst != NULL);
    if (inst) {
        instances++;
        FW_CHECK(noted == 'i', "(noted %d)", noted);
        FW_CHECK(memcmp(warden_memory_data(memory) + 100, "imported memory", 15) == 0);
        warden_val_t v;
        warden_global_get(count, &v);
        FW_CHECK(v.of.i64 >= 1);
    }
    check_usage(store, instances, "after imports");

    /* Imports from another instance, through define_instance. */
    warden_instance_t *provider = instantiate(linker, store, mods.provider, 0, "provider");
    if (provider) {
        instances++;
        warden_linker_t *second = NULL;
        if (!FW_OK(warden_linker_new(engine, &second))) FW_MUST(warden_linker_new(engine, &second));
        if (second) {
            if (!FW_OK(warden_linker_define_instance(second, "host", 4, provider)))
                FW_MUST(warden_linker_define_instance(second, "host", 4, provider));
            warden_func_t *wide2 =
                host_func_retry(store, k_wide20, 20, k_i64, 1, host_wide20, NULL);
            if (wide2) define(second, "host", "wide", ext_func(wide2));
            inst = instantiate(second, store, mods.imports, 0, "imports from an instance");
            if (g_start_trapped) instances = store_instances(store) - (inst != NULL);
            if (inst) {
                instances++;
                warden_extern_t mem;
                FW_CHECK(warden_instance_export(provider, "memory", 6, &mem));
                FW_CHECK(memcmp(warden_memory_data(mem.of.memory) + 8, "imported memory", 15) == 0);
                warden_func_t *get = warden_instance_export_func(inst, "get");
                warden_val_t r = i64v(0);
                warden_trap_t *trap = NULL;
                warden_error_t *e = warden_func_call(store, get, NULL, 0, &r, 1, &trap);
                if (FW_OK(e) && FW_TRAP(trap, 0))
                    FW_CHECK(r.of.i64 >= 41, "(%lld)", (long long)r.of.i64);
            }
            warden_linker_delete(second);
        }
    }
    check_usage(store, instances, "after the provider");

    /* A start function that traps three frames deep. */
    warden_instance_t *trapped = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_linker_instantiate(linker, store, mods.trap_start, &trapped, &trap);
    if (FW_OK(e)) {
        FW_CHECK(trapped == NULL && trap != NULL);
        if (trap && warden_trap_kind(trap) == WARDEN_TRAP_UNREACHABLE && !fi_injected()) {
            uint32_t index = 0;
            const char *name = NULL;
            FW_CHECK(warden_trap_frame_count(trap) == 3);
            FW_CHECK(warden_trap_frame(trap, 0, &index, &name) && name &&
                     strcmp(name, "deepest") == 0);
        }
        FW_TRAP(trap, WARDEN_TRAP_UNREACHABLE);
    }
    /* The instance of a trapping start function stays in the store (its segments were applied),
     * whether the call failed or trapped. */
    warden_store_usage_t u;
    warden_store_usage(store, &u);
    instances = u.instances;

    /* A data segment out of bounds. */
    instantiate(linker, store, mods.init_oob, WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS, "init_oob");
    warden_store_usage(store, &u);
    instances = u.instances;

    /* Modules with their own memories, tables, globals and segments. */
    warden_module_t *own[] = {mods.memory, mods.tables, mods.simd, mods.funcs};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
        inst = instantiate(linker, store, own[i], 0, "own objects");
        if (inst) instances++;
    }
    check_usage(store, instances, "at the end");
out:
    fi_pause();
    warden_linker_delete(linker);
    warden_store_delete(store);
    warden_module_t *all[] = {mods.imports, mods.provider, mods.trap_start, mods.init_oob,
                              mods.memory,  mods.tables,   mods.simd,       mods.funcs};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) warden_module_delete(all[i]);
    warden_engine_delete(engine);
}

/* ------------------------------------------------------------------------------------------------
 * call: host -> guest, guest -> host, re-entry, traps with backtraces, growth, the stack
 * ---------------------------------------------------------------------------------------------- */

typedef struct call_ctx {
    warden_store_t *store;
    warden_instance_t *inst;
} call_ctx;

/* Calls `name` with i32 arguments. Returns true and sets *result when it returned; false when it
 * failed cleanly or trapped with `expected`. After a clean failure the call is made again and
 * must work. */
static bool call(call_ctx *c, const char *name, const int32_t *args, size_t nargs, int32_t *result,
                 warden_trap_kind_t expected)
{
    warden_func_t *f = warden_instance_export_func(c->inst, name);
    FW_CHECK(f != NULL, "(%s)", name);
    if (!f) return false;
    warden_val_t in[4], out = i32v(0);
    for (size_t i = 0; i < nargs; i++) in[i] = i32v(args[i]);
    size_t nresults = warden_func_type(f)->nresults;
    for (int attempt = 0; attempt < 2; attempt++) {
        warden_trap_t *trap = NULL;
        warden_error_t *e = warden_func_call(c->store, f, in, nargs, &out, nresults, &trap);
        if (!FW_OK(e)) continue;
        if (!trap && !expected) {
            if (result) *result = out.of.i32;
            return true;
        }
        if (trap && expected && warden_trap_kind(trap) == expected) {
            FW_TRAP(trap, expected);
            return false;
        }
        FW_TRAP(trap, expected); /* accepted only as an out-of-memory host trap */
    }
    FW_CHECK(false, "(%s) failed twice", name);
    return false;
}

static void expect(call_ctx *c, const char *name, const int32_t *args, size_t nargs, int32_t want)
{
    int32_t got = 0;
    if (call(c, name, args, nargs, &got, 0))
        FW_CHECK(got == want, "(%s: %d, not %d)", name, got, want);
}

static void path_call(void *env)
{
    (void)env;
    warden_engine_t *engine = NULL;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    warden_func_t *add = NULL;
    call_ctx c = {0};
    /* Made with nothing failing: this path is about calls. */
    fi_pause();
    warden_engine_new(&engine);
    warden_module_t *module = compile(engine, "calls");
    warden_store_new(engine, &store);
    warden_linker_new(engine, &linker);
    warden_func_t *f;
    host_func(store, k_i32, 1, k_i32, 1, host_twice, NULL, &f);
    define(linker, "host", "twice", ext_func(f));
    warden_valkind_t wide[18];
    for (int i = 0; i < 18; i++) wide[i] = WARDEN_I32;
    host_func(store, wide, 18, k_i32, 1, host_wide18, NULL, &f);
    define(linker, "host", "wide", ext_func(f));
    host_func(store, k_i32, 1, k_i32, 1, host_reenter, &add, &f);
    define(linker, "host", "reenter", ext_func(f));
    host_func(store, NULL, 0, NULL, 0, host_fail, NULL, &f);
    define(linker, "host", "fail", ext_func(f));
    warden_trap_t *trap = NULL;
    FW_MUST(warden_linker_instantiate(linker, store, module, &c.inst, &trap));
    c.store = store;
    add = warden_instance_export_func(c.inst, "add");
    /* Small stacks, so that "recurse" reaches the end quickly. */
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_call_depth = 24;
    limits.max_stack_bytes = 64 << 10;
    FW_MUST(warden_store_set_limits(store, &limits));
    fi_resume();
    if (!c.inst) goto out;

    /* The first call allocates the execution stack. */
    expect(&c, "add", (int32_t[]){2, 3}, 2, 5);
    expect(&c, "via_host", (int32_t[]){20}, 1, 41);
    expect(&c, "via_wide", NULL, 0, 171);
    expect(&c, "via_reenter", (int32_t[]){5}, 1, 105);
    call(&c, "host_fails", NULL, 0, NULL, WARDEN_TRAP_HOST);
    call(&c, "divide", (int32_t[]){1, 0}, 2, NULL, WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO);

    /* A trap ten frames deep, with names: the backtrace grows past its first allocation. */
    warden_func_t *deep = warden_instance_export_func(c.inst, "deep");
    warden_val_t three = i32v(3);
    warden_error_t *e = warden_func_call(store, deep, &three, 1, NULL, 0, &trap);
    if (FW_OK(e) && trap && warden_trap_kind(trap) == WARDEN_TRAP_UNREACHABLE) {
        size_t n = warden_trap_frame_count(trap);
        if (!fi_injected()) FW_CHECK(n == 10, "(%zu frames)", n);
        FW_CHECK(n <= 10);
        static const char *const names[] = {"f0", "f2", "f1"};
        for (size_t i = 0; i < n; i++) {
            uint32_t index;
            const char *name = NULL;
            FW_CHECK(warden_trap_frame(trap, i, &index, &name));
            /* A name may be missing after a failed copy, never wrong. */
            if (name || !fi_injected()) FW_CHECK(name && strcmp(name, names[i % 3]) == 0);
        }
    }
    FW_TRAP(trap, WARDEN_TRAP_UNREACHABLE);
    trap = NULL;
    call(&c, "recurse", (int32_t[]){0}, 1, NULL, WARDEN_TRAP_STACK_EXHAUSTED);
    expect(&c, "add", (int32_t[]){40, 2}, 2, 42);

    /* Growth: -1 is the spec's answer when the host cannot provide. */
    int32_t old = 0;
    if (call(&c, "grow_memory", (int32_t[]){1}, 1, &old, 0)) {
        FW_CHECK(old == 1 || (old == -1 && fi_injected()), "(%d)", old);
        if (old == -1) fw_saw_failure();
        warden_extern_t mem;
        FW_CHECK(warden_instance_export(c.inst, "memory", 6, &mem));
        FW_CHECK(warden_memory_size(mem.of.memory) == (old == 1 ? 2u : 1u) * 65536);
        /* What was committed can be written. */
        if (old == 1) warden_memory_data(mem.of.memory)[2 * 65536 - 1] = 1;
    }
    if (call(&c, "grow_table", (int32_t[]){3}, 1, &old, 0)) {
        FW_CHECK(old == 1 || (old == -1 && fi_injected()), "(%d)", old);
        if (old == -1) fw_saw_failure();
    }
    /* Again with growth failures trapping. */
    fi_pause();
    limits.trap_on_grow_failure = true;
    FW_MUST(warden_store_set_limits(store, &limits));
    fi_resume();
    for (int i = 0; i < 2; i++) {
        const char *grow = i ? "grow_table" : "grow_memory";
        warden_func_t *g = warden_instance_export_func(c.inst, grow);
        warden_val_t one = i32v(1), r = i32v(0);
        e = warden_func_call(store, g, &one, 1, &r, 1, &trap);
        if (FW_OK(e) && trap && warden_trap_kind(trap) == WARDEN_TRAP_RESOURCE_LIMIT) {
            FW_CHECK(fi_injected(), "(%s trapped with nothing failing)", grow);
            fw_saw_failure();
            warden_trap_delete(trap);
        } else {
            FW_TRAP(trap, 0);
        }
    }
    expect(&c, "add", (int32_t[]){1, 1}, 2, 2);
out:
    fi_pause();
    warden_linker_delete(linker);
    warden_store_delete(store);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* ------------------------------------------------------------------------------------------------
 * deadline and interrupt
 *
 * A watchdog thread (started once, uncounted) raises an interrupt in a store that has been spinning
 * for too long, so that a deadline that never fires fails a check instead of hanging the test;
 * it also raises the interrupts that the interrupt path sends from another thread.
 * ---------------------------------------------------------------------------------------------- */

static pthread_mutex_t g_watch_lock = PTHREAD_MUTEX_INITIALIZER;
static warden_interrupt_t *g_watch_target;
static struct timespec g_watch_at;

static void watch_after(warden_interrupt_t *i, long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000;
    if (t.tv_nsec >= 1000000000) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&g_watch_lock);
    g_watch_target = i;
    g_watch_at = t;
    pthread_mutex_unlock(&g_watch_lock);
}

static void watch_stop(void)
{
    watch_after(NULL, 0);
}

static void *watchdog(void *arg)
{
    (void)arg;
    for (;;) {
        struct timespec t, nap = {0, 1000000};
        nanosleep(&nap, NULL);
        clock_gettime(CLOCK_MONOTONIC, &t);
        pthread_mutex_lock(&g_watch_lock);
        if (g_watch_target && (t.tv_sec > g_watch_at.tv_sec ||
                               (t.tv_sec == g_watch_at.tv_sec && t.tv_nsec >= g_watch_at.tv_nsec)))
            warden_interrupt_raise(g_watch_target);
        pthread_mutex_unlock(&g_watch_lock);
    }
    return NULL;
}

typedef struct spin_ctx {
    warden_engine_t *engine;
    warden_module_t *module;
    warden_store_t *store;
    warden_instance_t *inst;
    warden_interrupt_t *interrupt; /* raised by the host function "poke" */
    warden_interrupt_t *watch;     /* the watchdog's */
} spin_ctx;

/* Engine, store, instance and the watchdog's interrupt, with nothing failing. */
static bool spin_setup(spin_ctx *c, uint64_t tick_ns)
{
    fi_pause();
    warden_config_t config;
    warden_config_default(&config);
    config.epoch_tick_ns = tick_ns;
    warden_engine_new_with_config(&config, &c->engine);
    c->module = compile(c->engine, "spin");
    warden_store_new(c->engine, &c->store);
    warden_linker_t *linker = NULL;
    warden_linker_new(c->engine, &linker);
    warden_func_t *poke = NULL;
    host_func(c->store, NULL, 0, NULL, 0, host_poke, &c->interrupt, &poke);
    define(linker, "host", "poke", ext_func(poke));
    warden_trap_t *trap = NULL;
    FW_MUST(warden_linker_instantiate(linker, c->store, c->module, &c->inst, &trap));
    warden_linker_delete(linker);
    FW_MUST(warden_interrupt_new(c->store, &c->watch));
    fi_resume();
    return c->inst && c->watch;
}

static void spin_teardown(spin_ctx *c)
{
    fi_pause();
    watch_stop();
    warden_interrupt_delete(c->watch);
    warden_interrupt_delete(c->interrupt);
    warden_store_delete(c->store);
    warden_module_delete(c->module);
    warden_engine_delete(c->engine);
}

/* Calls `name` (no arguments); it must end with `expected`, or fail cleanly and then work. */
static void spin_call(spin_ctx *c, const char *name, warden_trap_kind_t expected)
{
    warden_func_t *f = warden_instance_export_func(c->inst, name);
    for (int attempt = 0; attempt < 2; attempt++) {
        warden_trap_t *trap = NULL;
        FW_UNCOUNTED(watch_after(c->watch, 10000));
        warden_error_t *e = warden_func_call(c->store, f, NULL, 0, NULL, 0, &trap);
        FW_UNCOUNTED(watch_stop());
        if (!FW_OK(e)) continue;
        if (trap && warden_trap_kind(trap) == expected) {
            FW_TRAP(trap, expected);
            return;
        }
        FW_TRAP(trap, expected);
    }
    FW_CHECK(false, "(%s) did not end with %s", name, warden_trap_kind_name(expected));
}

static void answer(spin_ctx *c)
{
    warden_func_t *f = warden_instance_export_func(c->inst, "answer");
    warden_val_t r = i32v(0);
    for (int attempt = 0; attempt < 2; attempt++) {
        warden_trap_t *trap = NULL;
        if (!FW_OK(warden_func_call(c->store, f, NULL, 0, &r, 1, &trap))) continue;
        if (FW_TRAP(trap, 0)) {
            FW_CHECK(r.of.i32 == 42);
            return;
        }
    }
    FW_CHECK(false, "answer failed twice");
}

static void path_deadline(void *env)
{
    (void)env;
    spin_ctx c = {0};
    if (spin_setup(&c, 200000)) {
        /* Setting the deadline starts the engine's ticker. */
        warden_store_set_deadline(c.store, 3);
        spin_call(&c, "spin", WARDEN_TRAP_DEADLINE);
        warden_store_set_deadline(c.store, 0);
        answer(&c);
        /* A second store of the same engine, with the ticker running. */
        warden_store_t *second = NULL;
        if (!FW_OK(warden_store_new(c.engine, &second)))
            FW_MUST(warden_store_new(c.engine, &second));
        if (second) {
            warden_store_set_deadline(second, 2);
            warden_store_set_deadline(second, 0);
            warden_store_delete(second);
        }
        warden_store_set_deadline(c.store, 2);
        spin_call(&c, "spin", WARDEN_TRAP_DEADLINE);
        warden_store_set_deadline(c.store, 0);
        answer(&c);
    }
    spin_teardown(&c);
}

static void path_interrupt(void *env)
{
    (void)env;
    spin_ctx c = {0};
    if (spin_setup(&c, 1000000)) {
        if (!FW_OK(warden_interrupt_new(c.store, &c.interrupt)))
            FW_MUST(warden_interrupt_new(c.store, &c.interrupt));
        /* Raised from a host function the guest calls. */
        spin_call(&c, "spin_poke", WARDEN_TRAP_INTERRUPTED);
        answer(&c);
        /* Raised from another thread. */
        warden_func_t *spin = warden_instance_export_func(c.inst, "spin");
        for (int attempt = 0; attempt < 2; attempt++) {
            warden_trap_t *trap = NULL;
            FW_UNCOUNTED(watch_after(c.watch, 2));
            warden_error_t *e = warden_func_call(c.store, spin, NULL, 0, NULL, 0, &trap);
            FW_UNCOUNTED(watch_stop());
            if (!FW_OK(e)) continue;
            bool due = trap && warden_trap_kind(trap) == WARDEN_TRAP_INTERRUPTED;
            FW_TRAP(trap, WARDEN_TRAP_INTERRUPTED);
            if (due) break;
        }
        answer(&c);
    }
    spin_teardown(&c);
}

/* ------------------------------------------------------------------------------------------------
 * pause: calls that pause at an async host function (finished in its callback, or later) and at
 * the end of fuel slices; warden_func_call through an async host function; a cancelled call and
 * a store deleted under a PENDING call
 * ---------------------------------------------------------------------------------------------- */

typedef struct pause_ctx {
    bool hold;                 /* leave the next completion unfinished */
    warden_completion_t *held; /* and here it is */
    int32_t value;
} pause_ctx;

static void async_twice(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                        warden_completion_t *completion)
{
    (void)caller;
    (void)nargs;
    pause_ctx *p = env;
    warden_val_t r = i32v(args[0].of.i32 * 2);
    if (p->hold && !p->held) {
        p->held = completion;
        p->value = r.of.i32;
        return;
    }
    warden_completion_return(completion, &r, 1);
}

/* Finishes the completion left unfinished, if any. */
static void pause_finish(pause_ctx *p)
{
    if (!p->held) return;
    warden_completion_t *h = p->held;
    p->held = NULL;
    warden_val_t r = i32v(p->value);
    warden_completion_return(h, &r, 1);
}

/* "via_host"(x) as a call that pauses, resumed to its end: 2x + 1, or an injected failure. */
static void pause_via_host(call_ctx *c, pause_ctx *p, int32_t x, bool hold)
{
    warden_func_t *f = warden_instance_export_func(c->inst, "via_host");
    warden_val_t in = i32v(x);
    warden_call_t *call = NULL;
    p->hold = hold;
    if (!FW_OK(warden_call_new(c->store, f, &in, 1, &call))) return;
    warden_call_status_t st;
    int pending = 0;
    while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED || st == WARDEN_CALL_PENDING) {
        if (st != WARDEN_CALL_PENDING) continue;
        pending++;
        FW_CHECK(p->held != NULL);
        if (!p->held) break;
        pause_finish(p);
    }
    if (st == WARDEN_CALL_DONE) {
        warden_val_t out = i32v(0);
        if (FW_MUST(warden_call_results(call, &out, 1)))
            FW_CHECK(out.of.i32 == 2 * x + 1, "(%d)", out.of.i32);
        FW_CHECK(pending == (hold ? 1 : 0), "(%d pauses)", pending);
    } else {
        FW_CHECK(st == WARDEN_CALL_TRAPPED && fi_injected(), "(status %d)", st);
        fw_saw_failure();
    }
    pause_finish(p);
    warden_call_delete(call);
}

static void path_pause(void *env)
{
    (void)env;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    warden_func_t *add = NULL;
    warden_call_t *call = NULL;
    pause_ctx p = {0};
    call_ctx c = {0};
    /* Made with nothing failing: this path is about calls. */
    fi_pause();
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    warden_engine_t *engine = engine_new(&config);
    warden_module_t *module = compile(engine, "calls");
    warden_store_new(engine, &store);
    warden_linker_new(engine, &linker);
    warden_functype_t *type = NULL;
    warden_functype_new(k_i32, 1, k_i32, 1, &type);
    warden_func_t *f = NULL;
    warden_func_new_async(store, type, async_twice, &p, NULL, &f);
    warden_functype_delete(type);
    define(linker, "host", "twice", ext_func(f));
    warden_valkind_t wide[18];
    for (int i = 0; i < 18; i++) wide[i] = WARDEN_I32;
    host_func(store, wide, 18, k_i32, 1, host_wide18, NULL, &f);
    define(linker, "host", "wide", ext_func(f));
    host_func(store, k_i32, 1, k_i32, 1, host_reenter, &add, &f);
    define(linker, "host", "reenter", ext_func(f));
    host_func(store, NULL, 0, NULL, 0, host_fail, NULL, &f);
    define(linker, "host", "fail", ext_func(f));
    warden_trap_t *trap = NULL;
    FW_MUST(warden_linker_instantiate(linker, store, module, &c.inst, &trap));
    c.store = store;
    add = warden_instance_export_func(c.inst, "add");
    FW_MUST(warden_store_set_fuel(store, 1u << 30));
    fi_resume();
    if (!c.inst) goto out;

    /* Through warden_func_call: the completion is finished inside its callback. */
    expect(&c, "via_host", (int32_t[]){20}, 1, 41);
    /* As calls that pause: finished in the callback, then later; then in slices of 3 fuel. */
    pause_via_host(&c, &p, 5, false);
    pause_via_host(&c, &p, 6, true);
    warden_store_set_slice_fuel(store, 3);
    pause_via_host(&c, &p, 7, true);
    warden_store_set_slice_fuel(store, 0);

    /* Cancelled while PENDING: TRAPPED, interrupted; the host's later finish only frees it. */
    p.hold = true;
    warden_func_t *via = warden_instance_export_func(c.inst, "via_host");
    warden_val_t in = i32v(1);
    if (FW_OK(warden_call_new(store, via, &in, 1, &call))) {
        warden_call_status_t st = warden_call_resume(call);
        if (st == WARDEN_CALL_PENDING) {
            warden_call_cancel(call);
            FW_CHECK(warden_call_status(call) == WARDEN_CALL_TRAPPED);
            /* The trap, or the shared out-of-memory trap when making it failed. */
            const warden_trap_t *t = warden_call_trap(call);
            const char *msg = warden_trap_message(t);
            if (warden_trap_kind(t) != WARDEN_TRAP_INTERRUPTED) {
                FW_CHECK(fi_injected() && msg && strstr(msg, "out of memory"), "(%s)",
                         msg ? msg : "no message");
                fw_saw_failure();
            }
        } else {
            FW_CHECK(st == WARDEN_CALL_TRAPPED && fi_injected(), "(status %d)", st);
            fw_saw_failure();
        }
        pause_finish(&p);
        warden_call_delete(call);
    }
    expect(&c, "add", (int32_t[]){40, 2}, 2, 42);

    /* Left PENDING when the store goes: it ends, and the call object is freed afterwards. */
    call = NULL;
    p.hold = true;
    if (FW_OK(warden_call_new(store, via, &in, 1, &call))) warden_call_resume(call);
out:
    fi_pause();
    warden_linker_delete(linker);
    warden_store_delete(store);
    if (call) FW_CHECK(warden_call_status(call) == WARDEN_CALL_TRAPPED);
    pause_finish(&p);
    warden_call_delete(call);
    warden_module_delete(module);
    warden_engine_delete(engine);
}

/* ------------------------------------------------------------------------------------------------
 * scheduler: a call, a timer and a watched pipe on the host's loop (no workers, so that every call
 * the scheduler makes is counted), deletion with a call and a timer left, and the start of worker
 * threads
 * ---------------------------------------------------------------------------------------------- */

typedef struct sched_done {
    int runs;
    warden_call_status_t status;
    int32_t result;
} sched_done;

static void sched_done_cb(void *env, warden_call_t *call)
{
    sched_done *d = env;
    d->runs++;
    d->status = warden_call_status(call);
    warden_val_t v = i32v(0);
    if (d->status == WARDEN_CALL_DONE && FW_MUST(warden_call_results(call, &v, 1)))
        d->result = v.of.i32;
}

static void sched_count(void *env)
{
    (*(int *)env)++;
}

/* Spawns a call of "answer"; NULL when it could not be made or spawned (cleanly). */
static warden_call_t *sched_spawn(warden_scheduler_t *s, spin_ctx *c, sched_done *d)
{
    warden_call_t *call = NULL;
    warden_func_t *answer = warden_instance_export_func(c->inst, "answer");
    if (!FW_OK(warden_call_new(c->store, answer, NULL, 0, &call))) return NULL;
    if (FW_OK(warden_scheduler_spawn(s, call, sched_done_cb, d))) return call;
    warden_call_delete(call);
    return NULL;
}

/* done() ran once; the call answered, or an injected failure made it trap. */
static void sched_check_answer(const sched_done *d)
{
    FW_CHECK(d->runs == 1, "(%d runs)", d->runs);
    if (d->status == WARDEN_CALL_DONE) {
        FW_CHECK(d->result == 42, "(%d)", d->result);
    } else {
        FW_CHECK(d->status == WARDEN_CALL_TRAPPED && fi_injected(), "(status %d)", d->status);
        fw_saw_failure();
    }
}

static void path_scheduler(void *env)
{
    (void)env;
    spin_ctx c = {0};
    int p[2] = {-1, -1};
    if (!spin_setup(&c, 1000000)) goto out;
    FW_UNCOUNTED(FW_CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0));
    warden_scheduler_t *s = NULL;
    if (FW_OK(warden_scheduler_new(c.engine, 0, &s))) {
        sched_done d = {0}, left = {0};
        int fired = 0, watched = 0, dropped = 0;
        uint64_t timer = 0, watch = 0, far = 0;
        warden_call_t *call = sched_spawn(s, &c, &d);
        bool timer_set = FW_OK(warden_scheduler_after(s, 0, sched_count, &fired, &timer));
        bool watch_set =
            FW_OK(warden_scheduler_when_ready(s, p[0], false, sched_count, &watched, &watch));
        FW_UNCOUNTED(FW_CHECK(write(p[1], "x", 1) == 1));
        /* Until the call is done and the events fired. */
        for (int rounds = 0; rounds < 1000; rounds++) {
            if ((!call || d.runs) && fired == timer_set && watched == watch_set) break;
            struct pollfd pfd = {.fd = warden_scheduler_fd(s), .events = POLLIN};
            FW_UNCOUNTED(poll(&pfd, 1, 100));
            warden_scheduler_run(s, 0);
        }
        if (call) sched_check_answer(&d);
        FW_CHECK(fired == timer_set && watched == watch_set, "(fired %d %d)", fired, watched);
        if (timer_set) FW_CHECK(!warden_scheduler_forget(s, timer));
        if (watch_set) FW_CHECK(!warden_scheduler_forget(s, watch));
        warden_call_delete(call);
        /* Left at deletion: a call never run (done() runs, TRAPPED) and a timer (dropped). */
        warden_call_t *second = sched_spawn(s, &c, &left);
        FW_OK(warden_scheduler_after(s, 3600000000000u, sched_count, &dropped, &far));
        warden_scheduler_delete(s);
        if (second)
            FW_CHECK(left.runs == 1 && left.status == WARDEN_CALL_TRAPPED, "(%d runs, status %d)",
                     left.runs, left.status);
        FW_CHECK(dropped == 0);
        warden_call_delete(second);
    }
    /* Worker threads: made and joined, or refused cleanly. */
    if (FW_OK(warden_scheduler_new(c.engine, 2, &s))) warden_scheduler_delete(s);
out:
    fi_pause();
    if (p[0] >= 0) close(p[0]);
    if (p[1] >= 0) close(p[1]);
    spin_teardown(&c);
}

/* ------------------------------------------------------------------------------------------------
 * compiled: code made already by the compiled tier (src/llvm/), from a .cwasm and from the code
 * cache, made into modules and called while calls fail. LLVM's own allocations are not the
 * wrappers', so the code is compiled beforehand with nothing failing (prepare_compiled); a run
 * that loses the cache's entry compiles again, with the warden side of it walked too.
 * ---------------------------------------------------------------------------------------------- */

static char g_cache_dir[64];
static char g_cache_entry[160]; /* the entry's file, put back before each run */
static uint8_t *g_cwasm, *g_entry;
static size_t g_cwasm_len, g_entry_len;

static bool prepare_compiled(void)
{
    if (!warden_tier_supported(WARDEN_TIER_LLVM)) return false;
    snprintf(g_cache_dir, sizeof g_cache_dir, "/tmp/warden-fault-cache-XXXXXX");
    if (!mkdtemp(g_cache_dir)) return false;
    warden_config_t c;
    warden_config_default(&c);
    c.tier = WARDEN_TIER_LLVM;
    c.cache_dir = g_cache_dir;
    warden_engine_t *engine = NULL;
    warden_module_t *m = NULL;
    fixture *f = fx("funcs");
    if (warden_engine_new_with_config(&c, &engine) ||
        warden_module_new(engine, f->bytes, f->len, &m) ||
        warden_module_serialize(m, &g_cwasm, &g_cwasm_len))
        exit(2);
    warden_module_delete(m);
    warden_engine_delete(engine);
    /* The one entry the compile left. */
    DIR *d = opendir(g_cache_dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (strstr(e->d_name, ".wcode"))
            snprintf(g_cache_entry, sizeof g_cache_entry, "%s/%s", g_cache_dir, e->d_name);
    if (d) closedir(d);
    if (!g_cache_entry[0]) exit(2);
    g_entry = fw_read_file(g_cache_dir, strrchr(g_cache_entry, '/') + 1, &g_entry_len);
    return true;
}

/* The module answers as funcs.wasm does: a recursion and a call through its table. */
static void run_compiled(warden_engine_t *engine, warden_module_t *m, const char *what)
{
    call_ctx c = {0};
    if (!FW_OK(warden_store_new(engine, &c.store))) FW_MUST(warden_store_new(engine, &c.store));
    warden_linker_t *l = NULL;
    if (!FW_OK(warden_linker_new(engine, &l))) FW_MUST(warden_linker_new(engine, &l));
    c.inst = instantiate(l, c.store, m, 0, what);
    if (c.inst) {
        expect(&c, "fib", (const int32_t[]){15}, 1, 610);
        expect(&c, "apply", (const int32_t[]){2, 6, 7}, 3, 42);
    }
    warden_linker_delete(l);
    warden_store_delete(c.store);
}

static void path_compiled(void *env)
{
    (void)env;
    /* Every run starts with the cache as the compile left it. */
    FW_UNCOUNTED({
        FILE *out = fopen(g_cache_entry, "wb");
        if (!out || fwrite(g_entry, 1, g_entry_len, out) != g_entry_len || fclose(out)) exit(2);
    });
    warden_config_t config;
    warden_config_default(&config);
    config.tier = WARDEN_TIER_LLVM;
    config.cache_dir = g_cache_dir;
    /* The calling thread alone: the walk counts its calls only. */
    config.module_threads = 1;
    warden_engine_t *engine = engine_new(&config);
    if (!engine) return;
    warden_module_t *m = NULL;
    if (!FW_OK(warden_module_deserialize(engine, g_cwasm, g_cwasm_len, &m))) {
        FW_CHECK(m == NULL);
        FW_MUST(warden_module_deserialize(engine, g_cwasm, g_cwasm_len, &m));
    }
    if (m) run_compiled(engine, m, ".cwasm");
    warden_module_delete(m);
    m = NULL;
    fixture *f = fx("funcs");
    if (!FW_OK(warden_module_new(engine, f->bytes, f->len, &m))) {
        FW_CHECK(m == NULL);
        FW_MUST(warden_module_new(engine, f->bytes, f->len, &m));
    }
    if (m) {
        FW_CHECK(warden_module_tier(m) == WARDEN_TIER_LLVM);
        run_compiled(engine, m, "cache");
    }
    warden_module_delete(m);
    warden_engine_delete(engine);
}

/* ------------------------------------------------------------------------------------------------
 */

static const struct {
    const char *name;
    void (*run)(void *);
} k_paths[] = {
    {"module", path_module},     {"instantiate", path_instantiate}, {"call", path_call},
    {"deadline", path_deadline}, {"interrupt", path_interrupt},     {"scheduler", path_scheduler},
    {"pause", path_pause},       {"compiled", path_compiled},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fault_api WASM_DIR [PATH...]\n");
        return 2;
    }
    load_fixtures(argv[1]);
    pthread_t watcher;
    if (pthread_create(&watcher, NULL, watchdog, NULL) != 0) return 2;
    pthread_detach(watcher);
    for (size_t i = 0; i < sizeof k_paths / sizeof *k_paths; i++) {
        bool chosen = argc == 2;
        for (int a = 2; a < argc; a++) chosen |= strcmp(argv[a], k_paths[i].name) == 0;
        /* The compiled tier's path needs it built in, and its code made first. */
        if (chosen && k_paths[i].run == path_compiled && !prepare_compiled()) {
            if (argc > 2) printf("fault: compiled: this build has no compiled tier\n");
            continue;
        }
        if (chosen) fw_walk(k_paths[i].name, k_paths[i].run, NULL);
    }
    if (g_cache_entry[0]) {
        unlink(g_cache_entry);
        fw_empty_dir(g_cache_dir);
        rmdir(g_cache_dir);
    }
    warden_bytes_delete(g_cwasm);
    free(g_entry);
    for (size_t i = 0; i < NFIXTURES; i++) free(k_fixtures[i].bytes);
    return fw_finish();
}
