/* fuzz_validate: raw bytes as a module. warden_module_new must accept exactly the inputs that
 * wabt's wasm-validate accepts (WebAssembly 2.0 features, its default set). An accepted module is
 * then put through everything cheap that a module reaches: its imports, exports and sections are
 * listed, every import is satisfied with a dummy of its type, it is instantiated (start function
 * included) with a little fuel, and each exported function is called once with zero arguments.
 *
 * The same bytes are also made into a module by an engine that lowers every function at creation
 * (in the pass that validates it): its verdict, and a rejection's kind, offset and message, must
 * be those of validation alone, which the default engine runs; and so every function of an
 * accepted module is lowered, called or not.
 *
 * Inputs without the 8-byte header cannot be modules: warden must reject them, and wasm-validate
 * is not asked (most mutations of a seed keep the header, so this only saves the obvious cases).
 * When warden and wasm-validate disagree, V8 (node's WebAssembly.validate, 2.0 features only)
 * breaks the tie: wabt 1.0.32 is wrong in a few places, so only a verdict of warden's that both
 * references contradict is a failure.
 * Environment: WARDEN_FUZZ_DEBUG=1 prints both verdicts. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/fuzz_support.h"
#include "warden.h"

#ifndef WARDEN_WASM_VALIDATE
#define WARDEN_WASM_VALIDATE "/usr/bin/wasm-validate"
#endif

#define FUEL 20000u

static warden_engine_t *engine, *eager_engine;
static bool debug;
static uint64_t stat_wabt_wrong;

static void print_stats(void)
{
    fprintf(stderr,
            "[fuzz_validate] verdicts where V8 sided with warden against wasm-validate: %" PRIu64
            "\n",
            stat_wabt_wrong);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    debug = fz_env_flag("WARDEN_FUZZ_DEBUG");
    atexit(print_stats);
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    fz_check(warden_engine_new_with_config(&config, &engine), "warden_engine_new");
    config.lower_eagerly = true;
    fz_check(warden_engine_new_with_config(&config, &eager_engine), "warden_engine_new (eager)");
    return 0;
}

/* Creation by the eager engine ends as `err` (NULL: accepted) did for the default one. */
static void check_eager(const uint8_t *data, size_t size, const warden_error_t *err)
{
    warden_module_t *module = NULL;
    warden_error_t *e = warden_module_new(eager_engine, data, size, &module);
    warden_module_delete(module);
    if (!e && !err) return;
    if (!e || !err)
        fz_fail("lowering eagerly %s a module that validation %s", e ? "rejects" : "accepts",
                e ? "accepts" : "rejects");
    if (warden_error_kind(e) != warden_error_kind(err) ||
        warden_error_offset(e) != warden_error_offset(err) ||
        strcmp(warden_error_message(e), warden_error_message(err)) != 0)
        fz_fail("lowering eagerly: %s (kind %d, offset %" PRId64 "); validation: %s (kind %d, "
                "offset %" PRId64 ")",
                warden_error_message(e), (int)warden_error_kind(e), warden_error_offset(e),
                warden_error_message(err), (int)warden_error_kind(err), warden_error_offset(err));
    warden_error_delete(e);
}

static warden_trap_t *dummy_func(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env;
    (void)args;
    (void)nargs;
    if (!warden_caller_store(caller)) fz_fail("a host function got no store from its caller");
    /* Results come preset to their kinds: leave them zero. */
    for (size_t i = 0; i < nresults; i++) {
        warden_valkind_t k = results[i].kind;
        memset(&results[i], 0, sizeof results[i]);
        results[i].kind = k;
    }
    return NULL;
}

static void zero_val(warden_valkind_t kind, warden_val_t *v)
{
    memset(v, 0, sizeof *v);
    v->kind = kind;
}

/* Defines a dummy for import i. Failures to create one (a limit) are fine: instantiation then
 * fails to link, which is a result too. */
static void define_dummy(warden_linker_t *linker, warden_store_t *store,
                         const warden_module_t *module, size_t i)
{
    const char *mod, *name;
    size_t mod_len, name_len;
    warden_externtype_t type;
    if (!warden_module_import(module, i, &mod, &mod_len, &name, &name_len, &type))
        fz_fail("warden_module_import(%zu) failed below the import count", i);
    warden_extern_t item = {.kind = type.kind};
    warden_error_t *err = NULL;
    switch (type.kind) {
    case WARDEN_EXTERN_FUNC:
        err = warden_func_new(store, &type.of.func, dummy_func, NULL, NULL, &item.of.func);
        break;
    case WARDEN_EXTERN_TABLE: {
        warden_val_t init;
        zero_val(type.of.table.elem, &init);
        warden_limits_t lim = type.of.table.limits;
        if (lim.min > 10000) return;
        err = warden_table_new(store, type.of.table.elem, lim, init, &item.of.table);
        break;
    }
    case WARDEN_EXTERN_MEMORY: {
        warden_limits_t lim = type.of.memory.limits;
        if (lim.min > 64) return;
        err = warden_memory_new(store, lim, &item.of.memory);
        break;
    }
    case WARDEN_EXTERN_GLOBAL: {
        warden_val_t init;
        zero_val(type.of.global.type, &init);
        err = warden_global_new(store, type.of.global.type, type.of.global.mutable_, init,
                                &item.of.global);
        break;
    }
    default: fz_fail("import %zu has the unknown kind %d", i, (int)type.kind);
    }
    if (err) {
        warden_error_delete(err);
        return;
    }
    fz_check(warden_linker_define(linker, mod, mod_len, name, name_len, item),
             "warden_linker_define");
}

static void exercise(const warden_module_t *module)
{
    /* Listing. */
    size_t nimports = warden_module_import_count(module);
    size_t nexports = warden_module_export_count(module);
    for (size_t i = 0; i < nexports; i++) {
        const char *name;
        size_t len;
        warden_externtype_t type;
        if (!warden_module_export(module, i, &name, &len, &type))
            fz_fail("warden_module_export(%zu) failed below the export count", i);
    }
    if (warden_module_export(module, nexports, NULL, NULL, NULL))
        fz_fail("warden_module_export succeeded past the export count");
    size_t nsections = warden_module_section_count(module);
    for (size_t i = 0; i < nsections; i++) {
        warden_section_t s;
        if (!warden_module_section(module, i, &s) || !s.name)
            fz_fail("warden_module_section(%zu) failed below the section count", i);
    }

    /* Instantiation and calls, small: a memory or table that asks for more is refused. */
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    fz_check(warden_store_new(engine, &store), "warden_store_new");
    fz_check(warden_linker_new(engine, &linker), "warden_linker_new");
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_memory_bytes = 64u << 20;
    limits.max_table_elements = 100000;
    limits.max_call_depth = 1000;
    limits.max_stack_bytes = 256u << 10;
    fz_check(warden_store_set_limits(store, &limits), "warden_store_set_limits");
    for (size_t i = 0; i < nimports; i++) define_dummy(linker, store, module, i);

    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    fz_check(warden_store_set_fuel(store, FUEL), "warden_store_set_fuel");
    warden_error_t *err = warden_linker_instantiate(linker, store, module, &instance, &trap);
    warden_error_delete(err);
    warden_trap_delete(trap);
    if (instance) {
        for (size_t i = 0; i < nexports; i++) {
            const char *name;
            size_t len;
            warden_externtype_t type;
            warden_module_export(module, i, &name, &len, &type);
            warden_extern_t ext;
            if (!warden_instance_export(instance, name, len, &ext) || ext.kind != type.kind)
                fz_fail("export %zu of the module is missing from its instance", i);
            if (ext.kind != WARDEN_EXTERN_FUNC) continue;
            const warden_functype_t *ft = warden_func_type(ext.of.func);
            if (ft->nparams > 32 || ft->nresults > 32) continue;
            warden_val_t args[32], results[32];
            for (uint32_t k = 0; k < ft->nparams; k++) zero_val(ft->params[k], &args[k]);
            fz_check(warden_store_set_fuel(store, FUEL), "warden_store_set_fuel");
            trap = NULL;
            err = warden_func_call(store, ext.of.func, args, ft->nparams, results, ft->nresults,
                                   &trap);
            if (err) {
                char msg[256];
                snprintf(msg, sizeof msg, "%s", warden_error_message(err));
                warden_error_delete(err);
                fz_fail("calling export %zu with zero arguments failed: %s", i, msg);
            }
            warden_trap_delete(trap);
        }
    }
    warden_linker_delete(linker);
    warden_store_delete(store);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    warden_module_t *module = NULL;
    warden_error_t *err = warden_module_new(engine, data, size, &module);
    bool accepted = err == NULL;
    check_eager(data, size, err);
    char why[512] = "";
    if (err) {
        warden_error_kind_t kind = warden_error_kind(err);
        if (kind != WARDEN_ERROR_MALFORMED && kind != WARDEN_ERROR_INVALID)
            fz_fail("warden_module_new failed with error kind %d: %s", (int)kind,
                    warden_error_message(err));
        snprintf(why, sizeof why, "%s: %s (offset %" PRId64 ")",
                 kind == WARDEN_ERROR_MALFORMED ? "malformed" : "invalid",
                 warden_error_message(err), warden_error_offset(err));
        warden_error_delete(err);
    }

    bool has_header = size >= 8 && memcmp(data, "\0asm\1\0\0\0", 8) == 0;
    if (!has_header) {
        if (accepted) fz_fail("warden accepts %zu bytes without the module header", size);
        return 0;
    }

    char path[600];
    fz_tmppath(path, sizeof path, "input.wasm");
    fz_write_file(path, data, size);
    const char *argv[] = {WARDEN_WASM_VALIDATE, path, NULL};
    fz_buf_t out = {0};
    int rc = fz_run(argv, NULL, &out, 30000);
    if (rc != 0 && rc != 1) {
        /* wasm-validate crashed or hung: no verdict to compare with. */
        if (debug) fprintf(stderr, "wasm-validate failed (%d): %s\n", rc, out.data ? out.data : "");
        fz_buf_free(&out);
        if (module) warden_module_delete(module);
        return 0;
    }
    bool ref_accepted = rc == 0;
    if (accepted != ref_accepted) {
        /* wasm-validate has its own mistakes (it accepted an empty data offset and a data count
         * without a data section, which the spec rejects): V8 breaks the tie. */
        int v8 = fz_node_validates(path);
        if (v8 >= 0 && (v8 == 1) == accepted) {
            stat_wabt_wrong++;
            if (debug)
                fprintf(stderr, "wasm-validate %s, V8 and warden do not\n",
                        ref_accepted ? "accepts" : "rejects");
            ref_accepted = accepted;
        }
    }
    if (debug)
        fprintf(stderr, "warden: %s; wasm-validate: %s %s\n", accepted ? "valid" : why,
                ref_accepted ? "valid" : "invalid", out.data ? out.data : "");
    if (accepted != ref_accepted) {
        fprintf(stderr, "wasm-validate says: %s\n", out.data ? out.data : "(nothing)");
        fz_fail("warden %s a module that wasm-validate %s%s%s", accepted ? "accepts" : "rejects",
                ref_accepted ? "accepts" : "rejects", accepted ? "" : "; warden: ", why);
    }
    fz_buf_free(&out);
    if (module) {
        exercise(module);
        warden_module_delete(module);
    }
    return 0;
}
