#include "cli/spectest.h"

#include <string.h>

#define SPECTEST "spectest"

static warden_trap_t *print_nothing(void *env, warden_caller_t *caller, const warden_val_t *args,
                                    size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

static warden_error_t *define(warden_linker_t *linker, const char *name, warden_extern_t item)
{
    return warden_linker_define(linker, SPECTEST, strlen(SPECTEST), name, strlen(name), item);
}

static const warden_valkind_t k_i32[] = {WARDEN_I32};
static const warden_valkind_t k_i64[] = {WARDEN_I64};
static const warden_valkind_t k_f32[] = {WARDEN_F32};
static const warden_valkind_t k_f64[] = {WARDEN_F64};
static const warden_valkind_t k_i32_f32[] = {WARDEN_I32, WARDEN_F32};
static const warden_valkind_t k_f64_f64[] = {WARDEN_F64, WARDEN_F64};

static const struct {
    const char *name;
    warden_functype_t type;
} print_funcs[] = {
    {"print", {0, 0, NULL, NULL}},
    {"print_i32", {1, 0, k_i32, NULL}},
    {"print_i64", {1, 0, k_i64, NULL}},
    {"print_f32", {1, 0, k_f32, NULL}},
    {"print_f64", {1, 0, k_f64, NULL}},
    {"print_i32_f32", {2, 0, k_i32_f32, NULL}},
    {"print_f64_f64", {2, 0, k_f64_f64, NULL}},
};

static warden_error_t *define_global(warden_linker_t *linker, warden_store_t *store,
                                     const char *name, warden_val_t value)
{
    warden_global_t *global;
    warden_error_t *error = warden_global_new(store, value.kind, false, value, &global);
    if (error) return error;
    warden_extern_t item = {.kind = WARDEN_EXTERN_GLOBAL, .of.global = global};
    return define(linker, name, item);
}

warden_error_t *spectest_define(warden_linker_t *linker, warden_store_t *store)
{
    warden_error_t *error = NULL;
    for (size_t i = 0; i < sizeof print_funcs / sizeof print_funcs[0] && !error; i++) {
        warden_func_t *func;
        error = warden_func_new(store, &print_funcs[i].type, print_nothing, NULL, NULL, &func);
        if (!error)
            error = define(linker, print_funcs[i].name,
                           (warden_extern_t){.kind = WARDEN_EXTERN_FUNC, .of.func = func});
    }
    if (!error)
        error = define_global(linker, store, "global_i32",
                              (warden_val_t){.kind = WARDEN_I32, .of.i32 = 666});
    if (!error)
        error = define_global(linker, store, "global_i64",
                              (warden_val_t){.kind = WARDEN_I64, .of.i64 = 666});
    if (!error)
        error = define_global(linker, store, "global_f32",
                              (warden_val_t){.kind = WARDEN_F32, .of.f32 = 666.6f});
    if (!error)
        error = define_global(linker, store, "global_f64",
                              (warden_val_t){.kind = WARDEN_F64, .of.f64 = 666.6});
    if (error) return error;

    warden_table_t *table;
    warden_limits_t table_limits = {.min = 10, .max = 20, .has_max = true};
    warden_val_t null_func = {.kind = WARDEN_FUNCREF, .of.funcref = NULL};
    error = warden_table_new(store, WARDEN_FUNCREF, table_limits, null_func, &table);
    if (!error)
        error = define(linker, "table",
                       (warden_extern_t){.kind = WARDEN_EXTERN_TABLE, .of.table = table});
    if (error) return error;

    warden_memory_t *memory;
    warden_limits_t memory_limits = {.min = 1, .max = 2, .has_max = true};
    error = warden_memory_new(store, memory_limits, &memory);
    if (!error)
        error = define(linker, "memory",
                       (warden_extern_t){.kind = WARDEN_EXTERN_MEMORY, .of.memory = memory});
    return error;
}
