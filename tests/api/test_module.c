/* Engines, stores, linkers and modules: creation and deletion, decoding errors (malformed and
 * invalid modules with their messages and offsets), import/export/section introspection, module
 * reference counting, and NULL arguments to every function of the API. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Lifecycle
 * ------------------------------------------------------------------------------------------- */

static void test_lifecycle(void **state)
{
    (void)state;
    warden_engine_t *engine = NULL;
    API_OK(warden_engine_new(&engine));
    assert_non_null(engine);

    /* Several stores and linkers per engine, deleted in any order. */
    warden_store_t *s1 = NULL, *s2 = NULL;
    warden_linker_t *l1 = NULL, *l2 = NULL;
    API_OK(warden_store_new(engine, &s1));
    API_OK(warden_store_new(engine, &s2));
    API_OK(warden_linker_new(engine, &l1));
    API_OK(warden_linker_new(engine, &l2));
    assert_non_null(s1);
    assert_non_null(s2);
    assert_ptr_not_equal(s1, s2);
    assert_non_null(l1);
    assert_non_null(l2);
    assert_ptr_not_equal(l1, l2);

    warden_module_t *module = api_module(engine, "lifecycle");
    warden_instance_t *i1 = api_instantiate(l1, s1, module);
    warden_instance_t *i2 = api_instantiate(l2, s2, module);
    warden_instance_t *i3 = api_instantiate(l1, s1, module);
    assert_ptr_not_equal(i1, i2);
    assert_ptr_not_equal(i1, i3);

    /* Each instance has its own global, even when they share a store. */
    assert_int_equal(api_call_i32(s1, api_func(i1, "bump"), 0), 1);
    assert_int_equal(api_call_i32(s1, api_func(i1, "bump"), 0), 2);
    assert_int_equal(api_call_i32(s2, api_func(i2, "bump"), 0), 1);
    assert_int_equal(api_call_i32(s1, api_func(i3, "bump"), 0), 1);
    assert_int_equal(api_call_i32(s1, api_func(i1, "add"), 2, 40, 2), 42);

    /* The linker is not needed once instances exist. */
    warden_linker_delete(l1);
    assert_int_equal(api_call_i32(s1, api_func(i1, "bump"), 0), 3);

    /* Deleting one store leaves the other one's instances intact. */
    warden_store_delete(s1);
    assert_int_equal(api_call_i32(s2, api_func(i2, "bump"), 0), 2);

    warden_module_delete(module);
    assert_int_equal(api_call_i32(s2, api_func(i2, "add"), 2, -5, 3), -2);
    warden_store_delete(s2);
    warden_linker_delete(l2);

    /* A store that never ran anything, and an empty linker. */
    API_OK(warden_store_new(engine, &s1));
    warden_store_delete(s1);
    warden_engine_delete(engine);

    /* Two engines side by side. */
    warden_engine_t *e1 = NULL, *e2 = NULL;
    API_OK(warden_engine_new(&e1));
    API_OK(warden_engine_new(&e2));
    assert_ptr_not_equal(e1, e2);
    warden_engine_delete(e2);
    warden_engine_delete(e1);
}

/* ---------------------------------------------------------------------------------------------
 * Decoding: valid, malformed and invalid modules
 * ------------------------------------------------------------------------------------------- */

static void test_module_new_valid(void **state)
{
    api_env *env = *state;
    size_t len;
    uint8_t *bytes = api_read_wasm("bare_add", &len);
    warden_module_t *module = NULL;
    API_OK(warden_module_new(env->engine, bytes, len, &module));
    assert_non_null(module);

    /* The bytes are copied: the buffer can be scribbled over and freed. */
    memset(bytes, 0xFF, len);
    free(bytes);
    assert_int_equal(warden_module_export_count(module), 2);
    warden_instance_t *inst = api_instantiate(env->linker, env->store, module);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "add"), 2, 7, 8), 15);
    warden_module_delete(module);
}

typedef struct bad_input {
    const char *what;
    const uint8_t *bytes;
    size_t len;
    const char *message;
    int64_t offset;
} bad_input;

static void expect_module_error(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                warden_error_kind_t kind, const char *message, int64_t offset,
                                const char *what)
{
    warden_module_t *module = (warden_module_t *)(uintptr_t)1;
    warden_error_t *err = warden_module_new(engine, bytes, len, &module);
    if (!err) {
        print_error("%s: decoded without error\n", what);
        warden_module_delete(module);
        fail();
    }
    if (warden_error_kind(err) != kind || strcmp(warden_error_message(err), message) != 0 ||
        warden_error_offset(err) != offset) {
        print_error("%s: expected %d \"%s\" at %lld, got %d \"%s\" at %lld\n", what, (int)kind,
                    message, (long long)offset, (int)warden_error_kind(err),
                    warden_error_message(err), (long long)warden_error_offset(err));
        warden_error_delete(err);
        fail();
    }
    warden_error_delete(err);
    assert_null(module);
}

static void test_module_new_malformed(void **state)
{
    api_env *env = *state;
    static const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00};
    static const uint8_t text[] = "(module (func))";
    static const uint8_t bad_version[] = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
    static const uint8_t short_magic[] = {0x00, 0x61, 0x73};
    static const uint8_t short_version[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00};
    static const uint8_t bad_section_id[] = {0x00, 0x61, 0x73, 0x6D, 0x01,
                                             0x00, 0x00, 0x00, 0x0E, 0x00};
    static const uint8_t section_too_long[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00,
                                               0x00, 0x00, 0x01, 0x05, 0x01, 0x60};
    static const uint8_t empty[1] = {0};
    const bad_input inputs[] = {
        {"bad magic", bad_magic, sizeof bad_magic, "magic header not detected", 0},
        {"text format", text, sizeof text - 1, "magic header not detected", 0},
        {"bad version", bad_version, sizeof bad_version, "unknown binary version", 4},
        /* A truncated input fails where it ends. */
        {"truncated magic", short_magic, sizeof short_magic, "unexpected end", 3},
        {"truncated version", short_version, sizeof short_version, "unexpected end", 6},
        {"empty", empty, 0, "unexpected end", 0},
        {"bad section id", bad_section_id, sizeof bad_section_id, "malformed section id", 8},
        {"section past the end", section_too_long, sizeof section_too_long, "length out of bounds",
         9},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        expect_module_error(env->engine, inputs[i].bytes, inputs[i].len, WARDEN_ERROR_MALFORMED,
                            inputs[i].message, inputs[i].offset, inputs[i].what);

    /* No bytes at all (a NULL buffer of length 0) is an empty, malformed module. */
    expect_module_error(env->engine, NULL, 0, WARDEN_ERROR_MALFORMED, "unexpected end", 0,
                        "NULL and 0");
}

static void test_module_new_invalid(void **state)
{
    api_env *env = *state;
    size_t len;
    uint8_t *bytes = api_read_wasm("invalid_body", &len);
    /* Header 8 bytes, type section 7, function section 4, then the code section: id, size,
     * count, body size, local count, i32.const 1 (2 bytes), i64.const 2 (2 bytes): i32.add is
     * at 8 + 7 + 4 + 5 + 4 = 28. */
    assert_int_equal(bytes[28], 0x6A);
    expect_module_error(env->engine, bytes, len, WARDEN_ERROR_INVALID, "type mismatch", 28,
                        "i32.add of an i64");
    free(bytes);

    bytes = api_read_wasm("invalid_global", &len);
    /* Header 8, global section id and size, count, type i32, mutability: the initialiser's
     * i64.const is at 13. */
    assert_int_equal(bytes[13], 0x42);
    expect_module_error(env->engine, bytes, len, WARDEN_ERROR_INVALID, "type mismatch", 13,
                        "i32 global with an i64 initialiser");
    free(bytes);
}

/* ---------------------------------------------------------------------------------------------
 * Introspection
 * ------------------------------------------------------------------------------------------- */

static void assert_name(const char *name, size_t len, const char *want, size_t want_len)
{
    assert_int_equal(len, want_len);
    assert_memory_equal(name, want, want_len);
}

static void test_module_imports(void **state)
{
    api_env *env = *state;
    warden_module_t *module = api_module(env->engine, "module");
    assert_int_equal(warden_module_import_count(module), 4);

    const char *mod, *name;
    size_t mod_len, name_len;
    warden_externtype_t type;

    assert_true(warden_module_import(module, 0, &mod, &mod_len, &name, &name_len, &type));
    assert_name(mod, mod_len, "env", 3);
    assert_name(name, name_len, "f", 1);
    assert_int_equal(type.kind, WARDEN_EXTERN_FUNC);
    assert_int_equal(type.of.func.nparams, 1);
    assert_int_equal(type.of.func.nresults, 1);
    assert_int_equal(type.of.func.params[0], WARDEN_I32);
    assert_int_equal(type.of.func.results[0], WARDEN_I32);

    assert_true(warden_module_import(module, 1, &mod, &mod_len, &name, &name_len, &type));
    assert_name(mod, mod_len, "env", 3);
    assert_name(name, name_len, "g", 1);
    assert_int_equal(type.kind, WARDEN_EXTERN_GLOBAL);
    assert_int_equal(type.of.global.type, WARDEN_I64);
    assert_true(type.of.global.mutable_);

    assert_true(warden_module_import(module, 2, &mod, &mod_len, &name, &name_len, &type));
    assert_name(name, name_len, "t", 1);
    assert_int_equal(type.kind, WARDEN_EXTERN_TABLE);
    assert_int_equal(type.of.table.elem, WARDEN_FUNCREF);
    assert_int_equal(type.of.table.limits.min, 2);
    assert_true(type.of.table.limits.has_max);
    assert_int_equal(type.of.table.limits.max, 10);

    /* A module name holding a NUL byte keeps its full length. */
    assert_true(warden_module_import(module, 3, &mod, &mod_len, &name, &name_len, &type));
    assert_name(mod, mod_len, "host\0side", 9);
    assert_name(name, name_len, "m", 1);
    assert_int_equal(type.kind, WARDEN_EXTERN_MEMORY);
    assert_int_equal(type.of.memory.limits.min, 1);
    assert_true(type.of.memory.limits.has_max);
    assert_int_equal(type.of.memory.limits.max, 4);

    /* Out of range, and out-parameters left NULL. */
    assert_false(warden_module_import(module, 4, &mod, &mod_len, &name, &name_len, &type));
    assert_false(warden_module_import(module, SIZE_MAX, NULL, NULL, NULL, NULL, NULL));
    assert_true(warden_module_import(module, 0, NULL, NULL, NULL, NULL, NULL));
    assert_true(warden_module_import(module, 3, NULL, &mod_len, NULL, NULL, NULL));
    assert_int_equal(mod_len, 9);
    warden_module_delete(module);
}

static void test_module_exports(void **state)
{
    api_env *env = *state;
    warden_module_t *module = api_module(env->engine, "module");
    assert_int_equal(warden_module_export_count(module), 6);

    const char *name;
    size_t len;
    warden_externtype_t type;

    assert_true(warden_module_export(module, 0, &name, &len, &type));
    assert_name(name, len, "add", 3);
    assert_int_equal(type.kind, WARDEN_EXTERN_FUNC);
    assert_int_equal(type.of.func.nparams, 2);
    assert_int_equal(type.of.func.nresults, 1);
    assert_int_equal(type.of.func.params[0], WARDEN_I32);
    assert_int_equal(type.of.func.params[1], WARDEN_I32);
    assert_int_equal(type.of.func.results[0], WARDEN_I32);

    /* An imported function re-exported: function index 0, of the import's type. */
    assert_true(warden_module_export(module, 1, &name, &len, &type));
    assert_name(name, len, "reexported", 10);
    assert_int_equal(type.kind, WARDEN_EXTERN_FUNC);
    assert_int_equal(type.of.func.nparams, 1);
    assert_int_equal(type.of.func.nresults, 1);

    /* The module's own table is table 1 (table 0 is imported). */
    assert_true(warden_module_export(module, 2, &name, &len, &type));
    assert_name(name, len, "refs", 4);
    assert_int_equal(type.kind, WARDEN_EXTERN_TABLE);
    assert_int_equal(type.of.table.elem, WARDEN_EXTERNREF);
    assert_int_equal(type.of.table.limits.min, 3);
    assert_false(type.of.table.limits.has_max);

    assert_true(warden_module_export(module, 3, &name, &len, &type));
    assert_name(name, len, "memory", 6);
    assert_int_equal(type.kind, WARDEN_EXTERN_MEMORY);
    assert_int_equal(type.of.memory.limits.min, 1);
    assert_true(type.of.memory.limits.has_max);
    assert_int_equal(type.of.memory.limits.max, 4);

    assert_true(warden_module_export(module, 4, &name, &len, &type));
    assert_name(name, len, "ratio", 5);
    assert_int_equal(type.kind, WARDEN_EXTERN_GLOBAL);
    assert_int_equal(type.of.global.type, WARDEN_F32);
    assert_false(type.of.global.mutable_);

    assert_true(warden_module_export(module, 5, &name, &len, &type));
    assert_name(name, len, "counter", 7);
    assert_int_equal(type.kind, WARDEN_EXTERN_GLOBAL);
    assert_int_equal(type.of.global.type, WARDEN_I64);
    assert_true(type.of.global.mutable_);

    assert_false(warden_module_export(module, 6, &name, &len, &type));
    assert_true(warden_module_export(module, 2, NULL, NULL, NULL));
    warden_module_delete(module);
}

static void test_module_sections(void **state)
{
    api_env *env = *state;
    size_t len;
    uint8_t *bytes = api_read_wasm("module", &len);
    warden_module_t *module = NULL;
    API_OK(warden_module_new(env->engine, bytes, len, &module));
    free(bytes);

    /* Offsets and sizes of the contents as wat2wasm lays the module out (each section id and
     * size take two bytes here). */
    static const struct {
        uint8_t id;
        uint64_t offset, size;
        const char *name;
    } want[] = {
        {1, 0x0A, 0x0C, "type"},  {2, 0x18, 0x2D, "import"}, {3, 0x47, 0x02, "function"},
        {4, 0x4B, 0x04, "table"}, {6, 0x51, 0x09, "global"}, {7, 0x5C, 0x36, "export"},
        {10, 0x94, 0x09, "code"}, {0, 0x9F, 0, "name"},
    };
    const size_t n = sizeof want / sizeof *want;
    assert_int_equal(warden_module_section_count(module), n);
    for (size_t i = 0; i < n; i++) {
        warden_section_t s;
        memset(&s, 0, sizeof s);
        assert_true(warden_module_section(module, i, &s));
        assert_int_equal(s.id, want[i].id);
        assert_int_equal(s.offset, want[i].offset);
        API_STREQ(s.name, want[i].name);
        if (want[i].id != 0)
            assert_int_equal(s.size, want[i].size);
        else
            assert_int_equal(s.offset + s.size, len); /* the name section ends the module */
    }
    warden_section_t s;
    assert_false(warden_module_section(module, n, &s));
    assert_false(warden_module_section(module, 0, NULL));
    warden_module_delete(module);
}

/* ---------------------------------------------------------------------------------------------
 * Reference counting
 * ------------------------------------------------------------------------------------------- */

static void test_module_clone(void **state)
{
    api_env *env = *state;
    warden_module_t *module = api_module(env->engine, "lifecycle");
    warden_module_t *copy = warden_module_clone(module);
    assert_ptr_equal(copy, module);
    assert_null(warden_module_clone(NULL));

    /* One reference released: the other still works. */
    warden_module_delete(module);
    assert_int_equal(warden_module_export_count(copy), 3);
    warden_instance_t *inst = api_instantiate(env->linker, env->store, copy);

    /* The last reference released: the instance holds its own. */
    warden_module_delete(copy);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "add"), 2, 20, 22), 42);
    assert_int_equal(api_call_i32(env->store, api_func(inst, "bump"), 0), 1);

    /* Backtrace names still come from the module's name section. */
    warden_trap_t *trap = API_CALL_TRAP(env->store, api_func(inst, "call_fail"), NULL, 0, 0);
    static const uint32_t idx[] = {2, 3};
    static const char *const names[] = {"fail", "call_fail"};
    API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 2, idx, names);
    warden_trap_delete(trap);
}

static void test_trap_outlives_store(void **state)
{
    (void)state;
    warden_engine_t *engine = NULL;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    API_OK(warden_engine_new(&engine));
    API_OK(warden_store_new(engine, &store));
    API_OK(warden_linker_new(engine, &linker));
    warden_module_t *module = api_module(engine, "lifecycle");
    warden_instance_t *inst = api_instantiate(linker, store, module);
    warden_trap_t *trap = API_CALL_TRAP(store, api_func(inst, "call_fail"), NULL, 0, 0);
    warden_store_delete(store);
    warden_module_delete(module);
    warden_linker_delete(linker);
    warden_engine_delete(engine);

    static const uint32_t idx[] = {2, 3};
    static const char *const names[] = {"fail", "call_fail"};
    API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 2, idx, names);
    warden_trap_delete(trap);
}

static void test_no_name_section(void **state)
{
    api_env *env = *state;
    warden_instance_t *inst = api_load(env, "bare_add");
    warden_trap_t *trap = API_CALL_TRAP(env->store, api_func(inst, "fail"), NULL, 0, 0);
    static const uint32_t idx[] = {1};
    static const char *const names[] = {NULL};
    API_TRAP(trap, WARDEN_TRAP_UNREACHABLE, "unreachable executed", 1, idx, names);
    warden_trap_delete(trap);
}

/* Fuel metering is compiled into a module by its engine. A module of an engine without fuel
 * instantiated in a store of an engine with fuel must not run unmetered: either instantiation is
 * refused, or the call runs out of fuel. */
static void test_module_of_another_engine(void **state)
{
    (void)state;
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    warden_engine_t *plain = NULL, *metered = NULL;
    API_OK(warden_engine_new(&plain));
    API_OK(warden_engine_new_with_config(&config, &metered));
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    API_OK(warden_store_new(metered, &store));
    API_OK(warden_linker_new(metered, &linker));
    API_OK(warden_store_set_fuel(store, 100));
    warden_module_t *module = api_module(plain, "traps");

    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *err = warden_linker_instantiate(linker, store, module, &inst, &trap);
    bool refused = err != NULL;
    warden_error_delete(err);
    bool ran_out = false;
    if (!refused && !trap) {
        warden_val_t arg = api_i32(100000), result;
        err = warden_func_call(store, api_func(inst, "sum"), &arg, 1, &result, 1, &trap);
        warden_error_delete(err);
        ran_out = trap && warden_trap_kind(trap) == WARDEN_TRAP_OUT_OF_FUEL;
    }
    warden_trap_delete(trap);
    warden_module_delete(module);
    warden_linker_delete(linker);
    warden_store_delete(store);
    warden_engine_delete(metered);
    warden_engine_delete(plain);
    if (!refused && !ran_out)
        print_error("a module of an engine without fuel ran unmetered in a store with 100 fuel\n");
    assert_true(refused || ran_out);
}

/* ---------------------------------------------------------------------------------------------
 * NULL arguments: an error, or a harmless no-op for getters and destructors
 * ------------------------------------------------------------------------------------------- */

static warden_trap_t *host_nop(void *env, warden_caller_t *caller, const warden_val_t *args,
                               size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

static void test_null_arguments(void **state)
{
    api_env *env = *state;
    size_t len;
    uint8_t *bytes = api_read_wasm("lifecycle", &len);
    warden_module_t *module = NULL;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_functype_t *ft = NULL;
    warden_func_t *func = NULL;
    warden_memory_t *mem = NULL;
    warden_table_t *table = NULL;
    warden_global_t *global = NULL;

    /* Engine, store, linker. */
    API_ERROR(warden_engine_new(NULL), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_store_new(NULL, &store), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(store);
    API_ERROR(warden_store_new(env->engine, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_linker_new(NULL, &linker), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(linker);
    API_ERROR(warden_linker_new(env->engine, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    warden_engine_delete(NULL);
    warden_store_delete(NULL);
    warden_linker_delete(NULL);

    /* Modules. */
    API_ERROR(warden_module_new(NULL, bytes, len, &module), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(module);
    API_ERROR(warden_module_new(env->engine, NULL, len, &module), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(module);
    API_ERROR(warden_module_new(env->engine, bytes, len, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    warden_module_delete(NULL);
    assert_int_equal(warden_module_import_count(NULL), 0);
    assert_int_equal(warden_module_export_count(NULL), 0);
    assert_int_equal(warden_module_section_count(NULL), 0);
    assert_false(warden_module_import(NULL, 0, NULL, NULL, NULL, NULL, NULL));
    assert_false(warden_module_export(NULL, 0, NULL, NULL, NULL));
    warden_section_t section;
    assert_false(warden_module_section(NULL, 0, &section));

    API_OK(warden_module_new(env->engine, bytes, len, &module));
    free(bytes);

    /* Linker and instantiation. */
    warden_extern_t none = {.kind = WARDEN_EXTERN_FUNC, .of.func = NULL};
    API_ERROR(warden_linker_define(NULL, "a", 1, "b", 1, none), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_linker_define(env->linker, "a", 1, "b", 1, none), WARDEN_ERROR_ARGUMENT, NULL);
    none.kind = WARDEN_EXTERN_MEMORY;
    API_ERROR(warden_linker_define(env->linker, "a", 1, "b", 1, none), WARDEN_ERROR_ARGUMENT, NULL);
    none.kind = WARDEN_EXTERN_TABLE;
    API_ERROR(warden_linker_define(env->linker, "a", 1, "b", 1, none), WARDEN_ERROR_ARGUMENT, NULL);
    none.kind = WARDEN_EXTERN_GLOBAL;
    API_ERROR(warden_linker_define(env->linker, "a", 1, "b", 1, none), WARDEN_ERROR_ARGUMENT, NULL);
    none.kind = (warden_externkind_t)7;
    API_ERROR(warden_linker_define(env->linker, "a", 1, "b", 1, none), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_linker_define_instance(NULL, "a", 1, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_linker_define_instance(env->linker, "a", 1, NULL), WARDEN_ERROR_ARGUMENT,
              NULL);

    API_ERROR(warden_linker_instantiate(env->linker, NULL, module, &inst, &trap),
              WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_linker_instantiate(env->linker, env->store, NULL, &inst, &trap),
              WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_linker_instantiate(env->linker, env->store, module, NULL, &trap),
              WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_linker_instantiate(env->linker, env->store, module, &inst, NULL),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(inst);
    assert_null(trap);

    inst = api_instantiate(env->linker, env->store, module);
    warden_extern_t ext;
    assert_false(warden_instance_export(NULL, "add", 3, &ext));
    assert_false(warden_instance_export(inst, NULL, 3, &ext));
    assert_false(warden_instance_export(inst, "add", 3, NULL));
    assert_null(warden_instance_export_func(NULL, "add"));
    assert_null(warden_instance_export_func(inst, NULL));
    API_ERROR(warden_linker_define_instance(env->linker, NULL, 3, inst), WARDEN_ERROR_ARGUMENT,
              NULL);

    /* Function types and functions. */
    const warden_valkind_t i32 = WARDEN_I32;
    API_ERROR(warden_functype_new(&i32, 1, &i32, 1, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_functype_new(NULL, 1, &i32, 1, &ft), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_functype_new(&i32, 1, NULL, 1, &ft), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(ft);
    warden_functype_delete(NULL);
    API_OK(warden_functype_new(NULL, 0, NULL, 0, &ft));
    API_ERROR(warden_func_new(NULL, ft, host_nop, NULL, NULL, &func), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_func_new(env->store, NULL, host_nop, NULL, NULL, &func), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_func_new(env->store, ft, NULL, NULL, NULL, &func), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_func_new(env->store, ft, host_nop, NULL, NULL, NULL), WARDEN_ERROR_ARGUMENT,
              NULL);
    assert_null(func);
    warden_functype_delete(ft);
    assert_null(warden_func_type(NULL));

    warden_func_t *add = api_func(inst, "add");
    warden_val_t args[2] = {api_i32(1), api_i32(2)}, result;
    API_ERROR(warden_func_call(NULL, add, args, 2, &result, 1, &trap), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_func_call(env->store, NULL, args, 2, &result, 1, &trap), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_func_call(env->store, add, NULL, 2, &result, 1, &trap), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_func_call(env->store, add, args, 2, NULL, 1, &trap), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_func_call(env->store, add, args, 2, &result, 1, NULL), WARDEN_ERROR_ARGUMENT,
              NULL);
    assert_null(trap);
    assert_null(warden_caller_export_memory(NULL, "memory"));
    assert_null(warden_caller_store(NULL));

    /* Memories, tables, globals. */
    warden_limits_t lim = {1, 1, true};
    API_ERROR(warden_memory_new(NULL, lim, &mem), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_memory_new(env->store, lim, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(mem);
    assert_null(warden_memory_data(NULL));
    assert_int_equal(warden_memory_size(NULL), 0);
    assert_int_equal(warden_memory_grow(NULL, 1), -1);

    warden_val_t null_ref = api_funcref(NULL);
    API_ERROR(warden_table_new(NULL, WARDEN_FUNCREF, lim, null_ref, &table), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_table_new(env->store, WARDEN_FUNCREF, lim, null_ref, NULL),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(table);
    assert_int_equal(warden_table_size(NULL), 0);
    warden_val_t v;
    API_ERROR(warden_table_get(NULL, 0, &v), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_table_set(NULL, 0, null_ref), WARDEN_ERROR_ARGUMENT, NULL);
    API_OK(warden_table_new(env->store, WARDEN_FUNCREF, lim, null_ref, &table));
    API_ERROR(warden_table_get(table, 0, NULL), WARDEN_ERROR_ARGUMENT, NULL);

    API_ERROR(warden_global_new(NULL, WARDEN_I32, true, api_i32(0), &global), WARDEN_ERROR_ARGUMENT,
              NULL);
    API_ERROR(warden_global_new(env->store, WARDEN_I32, true, api_i32(0), NULL),
              WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(global);
    v = api_i32(123);
    warden_global_get(NULL, &v);
    assert_int_equal(v.kind, WARDEN_I32);
    assert_int_equal(v.of.i32, 123);
    API_ERROR(warden_global_set(NULL, api_i32(0)), WARDEN_ERROR_ARGUMENT, NULL);
    API_OK(warden_global_new(env->store, WARDEN_I32, true, api_i32(5), &global));
    warden_global_get(global, NULL);

    /* Configuration, limits, fuel, deadlines, interrupts. */
    warden_config_default(NULL);
    warden_engine_t *engine = NULL;
    API_ERROR(warden_engine_new_with_config(NULL, &engine), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(engine);
    warden_config_t config;
    warden_config_default(&config);
    API_ERROR(warden_engine_new_with_config(&config, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    warden_engine_increment_epoch(NULL);
    assert_int_equal(warden_engine_epoch(NULL), 0);
    warden_store_limits_default(NULL);
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    API_ERROR(warden_store_set_limits(NULL, &limits), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_store_set_limits(env->store, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    warden_store_get_limits(NULL, &limits);
    warden_store_get_limits(env->store, NULL);
    warden_store_usage_t usage;
    warden_store_usage(NULL, &usage);
    warden_store_usage(env->store, NULL);
    warden_store_set_usage_callback(NULL, 50, NULL, NULL);
    API_ERROR(warden_store_set_fuel(NULL, 1), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_store_add_fuel(NULL, 1), WARDEN_ERROR_ARGUMENT, NULL);
    uint64_t fuel = 17;
    assert_false(warden_store_get_fuel(NULL, &fuel));
    assert_int_equal(fuel, 17);
    assert_int_equal(warden_store_fuel_consumed(NULL), 0);
    warden_store_set_deadline(NULL, 1);
    warden_interrupt_t *interrupt = NULL;
    API_ERROR(warden_interrupt_new(NULL, &interrupt), WARDEN_ERROR_ARGUMENT, NULL);
    API_ERROR(warden_interrupt_new(env->store, NULL), WARDEN_ERROR_ARGUMENT, NULL);
    assert_null(interrupt);
    warden_interrupt_raise(NULL);
    warden_interrupt_delete(NULL);
    assert_false(warden_instance_poisoned(NULL));

    /* Errors and traps. */
    assert_int_equal(warden_error_offset(NULL), -1);
    assert_non_null(warden_error_message(NULL));
    warden_error_delete(NULL);
    assert_non_null(warden_trap_message(NULL));
    assert_int_equal(warden_trap_frame_count(NULL), 0);
    uint32_t index = 77;
    const char *name = "unchanged";
    assert_false(warden_trap_frame(NULL, 0, &index, &name));
    assert_int_equal(index, 77);
    API_STREQ(name, "unchanged");
    warden_trap_delete(NULL);

    /* Everything still works after all that. */
    assert_int_equal(api_call_i32(env->store, add, 2, 2, 3), 5);
    warden_module_delete(module);
}

static void test_error_object(void **state)
{
    api_env *env = *state;
    static const uint8_t bad[] = {0x00, 0x61, 0x73, 0x6D, 0x07};
    warden_module_t *module = NULL;
    warden_error_t *err = warden_module_new(env->engine, bad, sizeof bad, &module);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_MALFORMED);
    API_STREQ(warden_error_message(err), "unexpected end");
    assert_int_equal(warden_error_offset(err), 5);
    warden_error_delete(err);

    /* API misuse has no module offset. */
    err = warden_store_new(NULL, NULL);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_ARGUMENT);
    assert_int_equal(warden_error_offset(err), -1);
    assert_true(strlen(warden_error_message(err)) > 0);
    warden_error_delete(err);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifecycle),
        cmocka_unit_test_setup_teardown(test_module_new_valid, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_module_new_malformed, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_module_new_invalid, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_module_imports, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_module_exports, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_module_sections, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_module_clone, api_setup, api_teardown),
        cmocka_unit_test(test_trap_outlives_store),
        cmocka_unit_test_setup_teardown(test_no_name_section, api_setup, api_teardown),
        cmocka_unit_test(test_module_of_another_engine),
        cmocka_unit_test_setup_teardown(test_null_arguments, api_setup, api_teardown),
        cmocka_unit_test_setup_teardown(test_error_object, api_setup, api_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
